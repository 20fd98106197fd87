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
}
