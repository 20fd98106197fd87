//! Remote commands end to end: accepting a request (idempotently), delivering it through the
//! telematics gateway within its time-to-live, and moving it through the core state machine as
//! the car answers — or does not.

pub(crate) mod geofence;
mod reports;
mod state_columns;

use std::{
    sync::{Arc, Weak},
    time::Duration,
};

use keyfob_core::{
    activation::effective_time_scale,
    api::command::{Command, LiveEvent},
    command::{CommandEvent, CommandKind, CommandState, FailureReason},
};

pub use state_columns::{parse_state, reason_name, state_name};

use crate::{
    clock::{rfc3339, Clock},
    db::{CommandRow, Db},
    error::{ServerError, ServerResult},
    live::EventHub,
    mail::Mailer,
    telematics::{Delivery, GatewayError, TelematicsGateway},
};

/// After delivery, how long (vehicle seconds) the car has to answer before the command is
/// "unknown". Long enough for an engine to crank and report.
pub const ANSWER_WINDOW_VEHICLE_SECONDS: f64 = 90.0;
/// While the car is out of reach, how often (vehicle seconds) delivery is tried again.
const DELIVERY_RETRY_VEHICLE_SECONDS: f64 = 2.0;

#[derive(Clone)]
pub struct Remote {
    db: Db,
    hub: EventHub,
    /// Alerts go by email when the owner chose it.
    mailer: Mailer,
    /// Weak: the background tasks of the remote must not keep the cars (and so themselves)
    /// alive after the server that owns the gateway has gone.
    gateway: Weak<dyn TelematicsGateway>,
    clock: Arc<dyn Clock>,
    time_scale: f64,
    /// One state change at a time: the delivery loop and the car's answers race, and each
    /// change must reach the streams in the order it was stored.
    transitions: Arc<tokio::sync::Mutex<()>>,
    /// One change at a time to what the alert rules remember about a car: a zone drawn while a
    /// report is judged must not be overwritten by that report's older view.
    watching: Arc<tokio::sync::Mutex<()>>,
}

impl Remote {
    pub fn new(
        db: Db,
        hub: EventHub,
        mailer: Mailer,
        gateway: Arc<dyn TelematicsGateway>,
        clock: Arc<dyn Clock>,
        time_scale: f64,
    ) -> Self {
        Self {
            db,
            hub,
            mailer,
            gateway: Arc::downgrade(&gateway),
            clock,
            transitions: Arc::default(),
            watching: Arc::default(),
            time_scale: effective_time_scale(time_scale),
        }
    }

    /// Real time for a span of vehicle time.
    pub fn real(&self, vehicle_seconds: f64) -> Duration {
        Duration::from_secs_f64((vehicle_seconds / self.time_scale).max(0.0))
    }

    /// Starts work on a stored, freshly requested command.
    pub fn dispatch(&self, command: &CommandRow, vin: String, kind: CommandKind) {
        let remote = self.clone();
        let id = command.id.clone();
        let deliver_by = command.deliver_by;
        let ttl = self.real(f64::from(kind.time_to_live_seconds()));
        tokio::spawn(async move {
            if let Err(error) = remote.run(&id, &vin, kind, deliver_by, ttl).await {
                tracing::error!(%error, command = %id, "command delivery failed");
            }
        });
    }

    async fn run(
        &self,
        id: &str,
        vin: &str,
        kind: CommandKind,
        deliver_by: i64,
        ttl: Duration,
    ) -> ServerResult<()> {
        let deadline = tokio::time::Instant::now() + ttl;
        let delivery = Delivery {
            command_id: id.to_owned(),
            kind,
            deliver_by,
        };
        loop {
            let Some(gateway) = self.gateway.upgrade() else {
                // The server is shutting down; after a restart the command resolves truthfully.
                return Ok(());
            };
            // From here the car may get it: a restart before the answer makes it unknown.
            if !self.db.mark_handed_over(id, self.clock.now()).await? {
                return Ok(());
            }
            match gateway.deliver(vin, delivery.clone()).await {
                Ok(()) => break,
                Err(GatewayError::DeadlinePassed) => {
                    self.db.clear_handed_over(id).await?;
                    self.apply(id, CommandEvent::TimeToLivePassed).await?;
                    return Ok(());
                }
                Err(
                    error @ (GatewayError::ServiceUnavailable { .. }
                    | GatewayError::TooSoon { .. }
                    | GatewayError::Rejected
                    | GatewayError::ReconnectNeeded),
                ) => {
                    // Refused before anything reached the car, and never retried by itself.
                    self.db.clear_handed_over(id).await?;
                    let reason = match error {
                        GatewayError::Rejected => FailureReason::ServiceRejected,
                        GatewayError::ReconnectNeeded => FailureReason::ReconnectNeeded,
                        _ => FailureReason::ServiceUnavailable,
                    };
                    self.apply(id, CommandEvent::Failed(reason)).await?;
                    return Ok(());
                }
                Err(GatewayError::Uncertain) => {
                    // The service may have taken it: unknown, never expired, never re-sent.
                    self.apply(id, CommandEvent::HandoverInterrupted).await?;
                    return Ok(());
                }
                Err(GatewayError::Unreachable | GatewayError::UnknownVehicle) => {
                    // Definitely not at the car: not handed over after all.
                    self.db.clear_handed_over(id).await?;
                    let now = tokio::time::Instant::now();
                    if now >= deadline {
                        self.apply(id, CommandEvent::TimeToLivePassed).await?;
                        return Ok(());
                    }
                    let pause = self
                        .real(DELIVERY_RETRY_VEHICLE_SECONDS)
                        .min(deadline - now);
                    tokio::time::sleep(pause).await;
                }
            }
        }
        self.apply(id, CommandEvent::Delivered).await?;
        let window = self
            .gateway
            .upgrade()
            .and_then(|gateway| gateway.answer_window_seconds(&delivery.kind))
            .unwrap_or(ANSWER_WINDOW_VEHICLE_SECONDS);
        tokio::time::sleep(self.real(window)).await;
        // Only takes effect if the car never answered; an answer already moved it on.
        self.apply(id, CommandEvent::AnswerWindowPassed).await?;
        Ok(())
    }

    /// Applies an event if the state machine allows it from the command's current state, and
    /// tells the streams. Returns the new state, or `None` when the event no longer applies
    /// (a late answer cannot rewrite an outcome already shown).
    pub async fn apply(&self, id: &str, event: CommandEvent) -> ServerResult<Option<CommandState>> {
        let _one_at_a_time = self.transitions.lock().await;
        let Some(row) = self.db.command(id).await? else {
            return Ok(None);
        };
        let current = parse_state(&row.state, row.failure_reason.as_deref())?;
        let Ok(next) = current.apply(event) else {
            return Ok(None);
        };
        let now = self.clock.now();
        let (state, failure_reason) = (state_name(next), reason_name(next));
        // Compare-and-set still guards against another server process on the same database.
        if !self
            .db
            .set_command_state(id, &row.state, state, failure_reason.as_deref(), now)
            .await?
        {
            return Ok(None);
        }
        // The state this call wrote, not a re-read that may already show a later one.
        let written = CommandRow {
            state: state.to_owned(),
            failure_reason,
            updated_at: now,
            ..row
        };
        self.publish(&written).await?;
        Ok(Some(next))
    }

    pub async fn publish(&self, row: &CommandRow) -> ServerResult<()> {
        let command = command_view(row)?;
        self.hub
            .publish(
                LiveEvent::Command {
                    vehicle_id: row.vehicle_id.clone(),
                    command: Box::new(command),
                },
                self.clock.now(),
            )
            .await
    }

    /// After a restart: nothing is sent again. A command never handed to its car expired; one
    /// being handed over when the server stopped may have reached it, and one delivered had no
    /// answer: both are unknown. Running engines are settled by the car's next status.
    pub async fn resolve_after_restart(&self) -> ServerResult<()> {
        for row in self.db.unfinished_commands().await? {
            let event = match (row.state.as_str(), row.handed_over_at) {
                ("requested", None) => CommandEvent::TimeToLivePassed,
                ("requested", Some(_)) => CommandEvent::HandoverInterrupted,
                ("delivered", _) => CommandEvent::AnswerWindowPassed,
                _ => continue,
            };
            self.apply(&row.id, event).await?;
        }
        Ok(())
    }
}

pub fn command_view(row: &CommandRow) -> ServerResult<Command> {
    let kind: CommandKind = serde_json::from_str(&row.kind)
        .map_err(|e| ServerError::Internal(format!("stored command kind: {e}")))?;
    Ok(Command {
        id: row.id.clone(),
        vehicle_id: row.vehicle_id.clone(),
        label: kind.label().to_owned(),
        kind,
        state: parse_state(&row.state, row.failure_reason.as_deref())?,
        requested_by: row.requested_by.clone(),
        requested_at: rfc3339(row.requested_at),
        updated_at: rfc3339(row.updated_at),
        deliver_by: rfc3339(row.deliver_by),
    })
}
