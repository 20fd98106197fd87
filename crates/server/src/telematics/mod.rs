//! The seam between the server and the cars. The server hands commands to a gateway and hears
//! back reports; it never reaches into a car (or the simulator) any other way, so a real
//! message broker can replace the sandbox's in-process gateway without touching the handlers.

use keyfob_core::{
    command::{CommandKind, FailureReason},
    status::CarSnapshot,
};
use tokio::sync::mpsc;

mod offline;

pub use offline::OfflineGateway;

/// A command on its way to a car, with its id (so the car answers for this command and no
/// other) and its deadline: a car that gets it later must drop it, never act on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub command_id: String,
    pub kind: CommandKind,
    /// Unix seconds by the server's clock.
    pub deliver_by: i64,
}

/// What a car can answer to a delivered command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarOutcome {
    /// A remote start: the engine is running.
    Started,
    /// A remote start ended (runtime over, stopped, or the ignition took over).
    EngineStopped,
    Succeeded,
    Failed(FailureReason),
}

/// Everything a car tells the server.
#[derive(Debug, Clone, PartialEq)]
// Reports go through a channel once each; boxing the snapshot would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum CarReport {
    /// The car's full state, sent whenever something changed and every few seconds while moving.
    Status { vin: String, snapshot: CarSnapshot },
    /// The answer to a delivered command.
    CommandResult {
        vin: String,
        command_id: String,
        outcome: CarOutcome,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    #[error("the car is out of coverage")]
    Unreachable,
    #[error("no such car")]
    UnknownVehicle,
    /// The command arrived after its deadline and the car dropped it.
    #[error("the command's deadline passed before it reached the car")]
    DeadlinePassed,
    /// The car's connected service did not answer or is limiting requests: nothing was sent,
    /// and nothing is retried by itself.
    #[error("the car's connected service is not answering")]
    ServiceUnavailable { retry_after_seconds: Option<u32> },
    /// The car's connected service refused the request.
    #[error("the car's connected service refused the request")]
    Rejected,
    /// The sign-in to the car's connected service has ended: the owner must connect again.
    #[error("the connection to the car's service must be renewed")]
    ReconnectNeeded,
    /// The connection broke after the request was sent: the service may have taken it.
    #[error("the request may or may not have reached the car's service")]
    Uncertain,
    /// Waking the car again so soon would drain its 12 V battery.
    #[error("the car was woken a short while ago")]
    TooSoon { wait_seconds: u32 },
}

#[async_trait::async_trait]
pub trait TelematicsGateway: Send + Sync + 'static {
    /// Hands a command to the car. `Unreachable` when it has no coverage right now; the caller
    /// retries delivery until the command's time-to-live passes.
    async fn deliver(&self, vin: &str, delivery: Delivery) -> Result<(), GatewayError>;

    /// Asks the car to send a fresh status report (it wakes the car and drains its battery).
    async fn request_status(&self, vin: &str) -> Result<(), GatewayError>;

    /// Whether the car can be reached now.
    async fn reachable(&self, vin: &str) -> bool;

    /// The reports of every car. Called once, by the server at start.
    fn take_reports(&self) -> Option<mpsc::Receiver<CarReport>>;

    /// How long (vehicle seconds) after delivery an answer may still come before the outcome
    /// is unknown; `None` for the server's default. A service that only accepts actions and
    /// reads the outcome from the car's later status needs longer than a car that answers.
    fn answer_window_seconds(&self, _kind: &CommandKind) -> Option<f64> {
        None
    }
}
