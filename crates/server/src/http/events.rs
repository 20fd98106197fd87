//! The live stream: server-sent events of status and command changes (and, for owners, alerts)
//! for the caller's cars, resumable with Last-Event-ID. The log in the database is the source of
//! truth, so a client that disconnects, or falls behind, resumes from it without a gap.
//!
//! Only cars whose link is active (confirmed in the car) and whose plan includes the status
//! service are streamed, and each member only from their own join on. Who may see what is read
//! again every few seconds and at once when a car's access changes, so a removed link, a stolen
//! report or a driver taken off stops the flow.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    convert::Infallible,
    time::Duration,
};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::stream::{self, Stream};
use keyfob_core::{
    activation::ActivationState,
    api::command::LiveEvent,
    entitlement::{Entitlement, Feature},
};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::{
    auth::Caller, db::LinkRow, error::ServerResult, live::StoredEvent, state::AppState, view,
};

/// Heartbeats keep proxies from closing a quiet stream and let clients notice a dead one.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a stream re-reads which cars the caller may see and whether the session still holds.
pub const RECHECK: Duration = Duration::from_secs(10);
/// At most this often, an event of one of the caller's cars that is not visible yet (its link
/// just became active) makes the stream re-read at once instead of at the next tick.
const EARLY_RECHECK: Duration = Duration::from_secs(1);
const REPLAY_BATCH: i64 = 500;

/// What the caller may see of one car.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Visible {
    /// Events stored before this (the member's join) are not theirs to see.
    since: i64,
    /// Zone, curfew and speed alerts go to the owner only: a driver may be the person watched.
    alerts: bool,
}

struct StreamState {
    app: AppState,
    caller: Caller,
    visible: HashMap<String, Visible>,
    /// Every car the caller is linked to, visible or not (a pending link becomes active).
    members: HashSet<String>,
    /// Ticks every [`RECHECK`]; kept across loop turns so a busy stream still re-reads.
    ticks: tokio::time::Interval,
    checked_at: tokio::time::Instant,
    /// An event of a car of the caller's that is not visible came too soon after the last
    /// re-read: read again once [`EARLY_RECHECK`] has passed.
    recheck_soon: bool,
    last_sent: i64,
    pending: VecDeque<StoredEvent>,
    live: broadcast::Receiver<StoredEvent>,
    access: broadcast::Receiver<String>,
    /// Whether the log may hold events this stream has not sent (at start, after lagging, when
    /// a car became visible).
    needs_replay: bool,
    ended: bool,
}

/// The cars a member may stream: an active link whose plan includes the status service.
fn visible_cars(links: &[LinkRow], now: i64) -> HashMap<String, Visible> {
    links
        .iter()
        .filter(|link| {
            let activation = view::activation_times(link).state_at(now);
            activation == ActivationState::Active
                && view::entitlement_of(&link.vehicle, Feature::Status, activation, now)
                    == Entitlement::Available
        })
        .map(|link| {
            let visible = Visible {
                since: link.member_since,
                alerts: link.is_owner,
            };
            (link.vehicle.id.clone(), visible)
        })
        .collect()
}

#[utoipa::path(get, path = "/v1/events", tag = "events", security(("bearer" = [])),
    params(("Last-Event-ID" = Option<String>, Header, description = "Resume after this event")),
    responses((status = 200, description = "A text/event-stream of `LiveEvent`s")))]
pub async fn stream(
    State(app): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> ServerResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let last_sent = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0);
    // Subscribe before replaying, so nothing published meanwhile is missed.
    let live = app.hub.subscribe();
    let access = app.hub.subscribe_access();
    let links = app.db.member_vehicles(&caller.account_id).await?;
    let visible = visible_cars(&links, app.now());
    let members = links.iter().map(|link| link.vehicle.id.clone()).collect();
    let mut ticks = tokio::time::interval(RECHECK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.reset();
    let state = StreamState {
        app,
        caller,
        visible,
        members,
        ticks,
        checked_at: tokio::time::Instant::now(),
        recheck_soon: false,
        last_sent,
        pending: VecDeque::new(),
        live,
        access,
        needs_replay: true,
        ended: false,
    };
    let events = stream::unfold(state, |mut state| async move {
        let event = state.next().await?;
        Some((Ok(event), state))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat")))
}

impl StreamState {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if self.ended {
                return None;
            }
            if self.pending.is_empty() && self.needs_replay && !self.replay().await {
                return None;
            }
            if let Some(stored) = self.pending.pop_front() {
                self.last_sent = stored.seq;
                if !self.shows(&stored) {
                    continue;
                }
                return Some(to_sse(&stored));
            }
            tokio::select! {
                received = self.live.recv() => match received {
                    Ok(stored) if stored.seq <= self.last_sent => {}
                    Ok(stored) => {
                        if self.visible.contains_key(&stored.vehicle_id) {
                            self.last_sent = stored.seq;
                            if self.shows(&stored) {
                                return Some(to_sse(&stored));
                            }
                        } else if self.members.contains(&stored.vehicle_id) {
                            if self.checked_at.elapsed() < EARLY_RECHECK {
                                self.recheck_soon = true;
                            } else if !self.recheck().await {
                                return None;
                            }
                        }
                    }
                    // Too slow: fetch what was missed from the log instead of holding up the server.
                    Err(RecvError::Lagged(_)) => self.needs_replay = true,
                    Err(RecvError::Closed) => return None,
                },
                // Some car's members or link changed (it may be newly ours): read again.
                changed = self.access.recv() => {
                    if matches!(changed, Err(RecvError::Closed)) {
                        return None;
                    }
                    if !self.recheck().await {
                        return None;
                    }
                }
                _ = self.ticks.tick() => {
                    if !self.recheck().await {
                        return None;
                    }
                }
                () = tokio::time::sleep_until(self.checked_at + EARLY_RECHECK), if self.recheck_soon => {
                    if !self.recheck().await {
                        return None;
                    }
                }
            }
        }
    }

    /// Loads the next batch of logged events after the last one sent. `false` ends the stream.
    async fn replay(&mut self) -> bool {
        let vehicles: Vec<String> = self.visible.keys().cloned().collect();
        match self
            .app
            .hub
            .replay(&vehicles, self.last_sent, REPLAY_BATCH)
            .await
        {
            Ok(events) => {
                // A full batch means there may be more; the next call fetches them.
                self.needs_replay = events.len() as i64 == REPLAY_BATCH;
                self.pending.extend(events);
                true
            }
            Err(error) => {
                tracing::error!(%error, "event replay failed");
                self.ended = true;
                false
            }
        }
    }

    /// Whether this caller sees this event: a car they may see now, stored since they joined,
    /// and alerts only for its owner.
    fn shows(&self, stored: &StoredEvent) -> bool {
        let Some(visible) = self.visible.get(&stored.vehicle_id) else {
            return false;
        };
        stored.created_at >= visible.since
            && (visible.alerts || !matches!(stored.event, LiveEvent::Alert { .. }))
    }

    /// Re-reads the caller's session and cars. `false` when the session has ended.
    async fn recheck(&mut self) -> bool {
        self.checked_at = tokio::time::Instant::now();
        self.recheck_soon = false;
        let now = self.app.now();
        match self
            .app
            .db
            .session_active(&self.caller.session_id, now)
            .await
        {
            Ok(true) => {}
            _ => {
                self.ended = true;
                return false;
            }
        }
        match self.app.db.member_vehicles(&self.caller.account_id).await {
            Ok(links) => {
                let visible = visible_cars(&links, now);
                // A car that became visible may have events in the log this stream skipped.
                if visible.keys().any(|id| !self.visible.contains_key(id)) {
                    self.needs_replay = true;
                }
                self.visible = visible;
                self.members = links.into_iter().map(|link| link.vehicle.id).collect();
                // Events already queued for a car no longer visible are dropped by `shows`.
                true
            }
            Err(_) => {
                self.ended = true;
                false
            }
        }
    }
}

fn to_sse(stored: &StoredEvent) -> Event {
    Event::default()
        .id(stored.seq.to_string())
        .event(stored.event.name())
        .json_data(&stored.event)
        .unwrap_or_else(|_| Event::default().comment("unserialisable event"))
}
