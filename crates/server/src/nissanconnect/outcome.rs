//! Commands through NissanConnect. The service answers only that it accepted an action, so
//! the outcome is read from what follows: the car's next reading (charging, climate) or the
//! service's action status (horn and lights, engine). Nothing is ever sent twice; when neither
//! says anything within the command's time-to-live, the server calls the outcome unknown.

use std::{sync::Arc, time::Duration};

use keyfob_core::{
    command::{parse_start_at, CommandKind, FailureReason},
    status::StatusField,
};
use keyfob_nissanconnect::{ActionAccepted, ActionState, Car, HornLights, Session};
use time::OffsetDateTime;

use super::{gateway_error, lock, NissanConnectGateway};
use crate::telematics::{CarOutcome, CarReport, Delivery, GatewayError};

/// How long (vehicle seconds) an accepted action's outcome is looked for: its time-to-live.
pub fn watch_seconds(kind: &CommandKind) -> u32 {
    kind.time_to_live_seconds()
}

/// What the car's reading shows once a command took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Charging(bool),
    ClimateOn(bool),
    /// Nothing readable changes (horn, lights, a climate timer, the engine): the service's
    /// action status tells, if it tells anything.
    ActionStatus,
}

fn expectation(kind: &CommandKind) -> Expect {
    match kind {
        CommandKind::ChargeStart => Expect::Charging(true),
        CommandKind::ChargeStop => Expect::Charging(false),
        CommandKind::ClimateOn { start_at: None, .. } => Expect::ClimateOn(true),
        CommandKind::ClimateOff => Expect::ClimateOn(false),
        _ => Expect::ActionStatus,
    }
}

/// Sends the action once. `Ok` means the service accepted it; its outcome is then watched.
pub async fn deliver(
    gateway: Arc<NissanConnectGateway>,
    vin: &str,
    delivery: Delivery,
) -> Result<(), GatewayError> {
    if gateway.clock.now() > delivery.deliver_by {
        return Err(GatewayError::DeadlinePassed);
    }
    let (account_id, car) = gateway.car(vin).await?;
    if let Some(wait) = gateway.quiet() {
        return Err(GatewayError::ServiceUnavailable {
            retry_after_seconds: Some(wait),
        });
    }
    let session = gateway.session(&account_id).await?;
    // The time of the reading the outcome must be newer than.
    let field = match expectation(&delivery.kind) {
        Expect::Charging(_) => Some(StatusField::Charge),
        Expect::ClimateOn(_) => Some(StatusField::Climate),
        Expect::ActionStatus => None,
    };
    let before = field.and_then(|field| observed_at(&gateway, vin, field));
    let accepted = match send(&gateway, &session, &car, &delivery.kind).await {
        Ok(accepted) => accepted,
        Err(error) => {
            gateway.after_error(&account_id, &error).await;
            return Err(gateway_error(&error));
        }
    };
    if let Err(error) = gateway.save_tokens(&account_id, &session).await {
        tracing::warn!(%error, "refreshed NissanConnect tokens not stored");
    }
    tokio::spawn(watch(
        gateway, account_id, car, session, delivery, accepted, before,
    ));
    Ok(())
}

fn observed_at(gateway: &NissanConnectGateway, vin: &str, field: StatusField) -> Option<String> {
    lock(&gateway.snapshots).get(vin).and_then(|snapshot| {
        snapshot
            .observed_at
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, at)| at.clone())
    })
}

async fn send(
    gateway: &NissanConnectGateway,
    session: &Session,
    car: &Car,
    kind: &CommandKind,
) -> Result<ActionAccepted, keyfob_nissanconnect::Error> {
    use keyfob_nissanconnect::Error as E;
    match kind {
        CommandKind::Horn => session.horn_lights(car, HornLights::Horn).await,
        CommandKind::Lights => session.horn_lights(car, HornLights::Lights).await,
        CommandKind::HornAndLights => session.horn_lights(car, HornLights::HornAndLights).await,
        CommandKind::ChargeStart => session.charging_start(car).await,
        CommandKind::ChargeStop => session.charging_stop(car).await,
        CommandKind::ClimateOn { target_c, start_at } => {
            let at = match start_at {
                Some(text) => Some(
                    parse_start_at(text)
                        .ok()
                        .and_then(|at| OffsetDateTime::from_unix_timestamp(at).ok())
                        .ok_or_else(|| E::InvalidArgument("the start time is not a time".into()))?,
                ),
                None => None,
            };
            session.climate_on(car, i32::from(*target_c), at).await
        }
        CommandKind::ClimateOff => {
            // Off with nothing running but a start set for later cancels that start.
            let scheduled_only = lock(&gateway.snapshots)
                .get(&car.vin)
                .and_then(|s| s.climate.clone())
                .is_some_and(|c| !c.on && c.scheduled_for.is_some());
            if scheduled_only {
                session.cancel_scheduled_climate(car).await
            } else {
                session.climate_off(car).await
            }
        }
        CommandKind::EngineStart { .. } => session.engine_start(car).await,
        CommandKind::EngineStop => session.engine_stop(car).await,
        // The entitlement table refuses these before they get here.
        CommandKind::EngineExtend
        | CommandKind::Lock
        | CommandKind::Unlock
        | CommandKind::SendDestination { .. } => Err(E::NotSupported),
    }
}

/// Looks for the outcome until the command's time-to-live passes; silent if none shows.
async fn watch(
    gateway: Arc<NissanConnectGateway>,
    account_id: String,
    car: Car,
    session: Arc<Session>,
    delivery: Delivery,
    accepted: ActionAccepted,
    before: Option<String>,
) {
    let window = Duration::from_secs_f64(
        f64::from(watch_seconds(&delivery.kind)) / gateway.settings.time_scale.max(1.0),
    );
    let deadline = tokio::time::Instant::now() + window;
    let expect = expectation(&delivery.kind);
    while tokio::time::Instant::now() < deadline {
        tokio::time::sleep(gateway.settings.outcome_every).await;
        let outcome = match expect {
            Expect::ActionStatus => match &accepted.action_id {
                Some(id) => match session.action_status(&car, id).await {
                    Ok(Some(status)) => match status.state {
                        ActionState::Completed => Some(CarOutcome::Succeeded),
                        ActionState::Rejected | ActionState::Cancelled => {
                            Some(CarOutcome::Failed(FailureReason::ServiceRejected))
                        }
                        // The car never confirmed: that is what "unknown" means.
                        ActionState::Timeout => return,
                        _ => None,
                    },
                    _ => None,
                },
                None => return,
            },
            Expect::Charging(_) | Expect::ClimateOn(_) => {
                if gateway.read_car(&account_id, &car).await.is_err() {
                    continue;
                }
                let field = match expect {
                    Expect::Charging(_) => StatusField::Charge,
                    _ => StatusField::Climate,
                };
                let newer = observed_at(&gateway, &car.vin, field) != before;
                let shows = lock(&gateway.snapshots)
                    .get(&car.vin)
                    .is_some_and(|s| match expect {
                        Expect::Charging(on) => s.charge.is_some_and(|c| c.charging == on),
                        Expect::ClimateOn(on) => s.climate.as_ref().is_some_and(|c| c.on == on),
                        Expect::ActionStatus => false,
                    });
                (newer && shows).then_some(CarOutcome::Succeeded)
            }
        };
        if let Some(outcome) = outcome {
            gateway
                .report(CarReport::CommandResult {
                    vin: car.vin.clone(),
                    command_id: delivery.command_id.clone(),
                    outcome,
                })
                .await;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charging_and_climate_are_read_from_the_car_and_the_rest_from_the_action_status() {
        assert_eq!(
            expectation(&CommandKind::ChargeStart),
            Expect::Charging(true)
        );
        assert_eq!(
            expectation(&CommandKind::ChargeStop),
            Expect::Charging(false)
        );
        let now = CommandKind::ClimateOn {
            target_c: 21,
            start_at: None,
        };
        assert_eq!(expectation(&now), Expect::ClimateOn(true));
        let later = CommandKind::ClimateOn {
            target_c: 21,
            start_at: Some("2026-11-24T07:00:00Z".into()),
        };
        assert_eq!(expectation(&later), Expect::ActionStatus);
        assert_eq!(
            expectation(&CommandKind::HornAndLights),
            Expect::ActionStatus
        );
        assert_eq!(watch_seconds(&CommandKind::Horn), 60);
    }
}
