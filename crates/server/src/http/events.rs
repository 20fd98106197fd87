//! The live stream: server-sent events of status and command changes (and, for owners, alerts)
//! for the caller's cars, resumable with Last-Event-ID. The log in the database is the source of
//! truth, so a client that disconnects, or falls behind, resumes from it without a gap.

use std::{collections::VecDeque, convert::Infallible, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::stream::{self, Stream};
use keyfob_core::api::command::LiveEvent;
use tokio::sync::broadcast::{self, error::RecvError};

use crate::{auth::Caller, error::ServerResult, live::StoredEvent, state::AppState};

/// Heartbeats keep proxies from closing a quiet stream and let clients notice a dead one.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a stream re-reads which cars the caller may see and whether the session still holds.
const RECHECK: Duration = Duration::from_secs(10);
const REPLAY_BATCH: i64 = 500;

struct StreamState {
    app: AppState,
    caller: Caller,
    vehicles: Vec<String>,
    /// The cars the caller owns, which alone receive alerts.
    owned: Vec<String>,
    checked_at: tokio::time::Instant,
    last_sent: i64,
    pending: VecDeque<StoredEvent>,
    live: broadcast::Receiver<StoredEvent>,
    /// Whether the log may hold events this stream has not sent (at start, after lagging).
    needs_replay: bool,
    ended: bool,
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
    let vehicles = app.db.member_vehicle_ids(&caller.account_id).await?;
    let owned = app.db.owned_vehicle_ids(&caller.account_id).await?;
    let state = StreamState {
        app,
        caller,
        vehicles,
        owned,
        checked_at: tokio::time::Instant::now(),
        last_sent,
        pending: VecDeque::new(),
        live,
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
                if self.hidden(&stored) {
                    continue;
                }
                return Some(to_sse(&stored));
            }
            match self.live.recv().await {
                Ok(stored) if stored.seq <= self.last_sent => continue,
                Ok(stored) => {
                    if self.checked_at.elapsed() >= RECHECK && !self.recheck().await {
                        return None;
                    }
                    if self.vehicles.contains(&stored.vehicle_id) {
                        self.last_sent = stored.seq;
                        if self.hidden(&stored) {
                            continue;
                        }
                        return Some(to_sse(&stored));
                    }
                    // A car linked since the stream opened: its events may have been missed.
                    if !self.recheck().await {
                        return None;
                    }
                    self.needs_replay = self.vehicles.contains(&stored.vehicle_id);
                }
                // Too slow: fetch what was missed from the log instead of holding up the server.
                Err(RecvError::Lagged(_)) => self.needs_replay = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Loads the next batch of logged events after the last one sent. `false` ends the stream.
    async fn replay(&mut self) -> bool {
        match self
            .app
            .hub
            .replay(&self.vehicles, self.last_sent, REPLAY_BATCH)
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

    /// Zone, curfew and speed alerts are the owner's: a driver (who may be the one watched)
    /// does not receive them.
    fn hidden(&self, stored: &StoredEvent) -> bool {
        matches!(stored.event, LiveEvent::Alert { .. }) && !self.owned.contains(&stored.vehicle_id)
    }

    /// Re-reads the caller's cars and session. `false` when the session has ended.
    async fn recheck(&mut self) -> bool {
        self.checked_at = tokio::time::Instant::now();
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
        let account_id = &self.caller.account_id;
        match (
            self.app.db.member_vehicle_ids(account_id).await,
            self.app.db.owned_vehicle_ids(account_id).await,
        ) {
            (Ok(vehicles), Ok(owned)) => {
                self.vehicles = vehicles;
                self.owned = owned;
                true
            }
            _ => {
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
