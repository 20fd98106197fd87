//! The live event log: every status change and command state change is stored (so a client that
//! reconnects with Last-Event-ID misses nothing) and then broadcast to the open streams.

use keyfob_core::api::command::LiveEvent;
use tokio::sync::broadcast;

use crate::{
    db::Db,
    error::{ServerError, ServerResult},
};

/// An event with its position in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: i64,
    pub vehicle_id: String,
    /// When it was stored (Unix seconds): a member sees events from their own join on.
    pub created_at: i64,
    pub event: LiveEvent,
}

#[derive(Clone)]
pub struct EventHub {
    db: Db,
    sender: broadcast::Sender<StoredEvent>,
    /// Cars whose members or link state just changed (removed, reported stolen, a driver
    /// gone): open streams re-read what their caller may see at once.
    access: broadcast::Sender<String>,
    /// Held from storing to broadcasting, so events reach the streams in log order and a stream
    /// can skip what it already replayed by comparing sequence numbers.
    publishing: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// How many events a stream may fall behind before it is cut off and must resume from the log.
pub const STREAM_BUFFER: usize = 1024;

impl EventHub {
    pub fn new(db: Db) -> Self {
        let (sender, _) = broadcast::channel(STREAM_BUFFER);
        let (access, _) = broadcast::channel(STREAM_BUFFER);
        Self {
            db,
            sender,
            access,
            publishing: Default::default(),
        }
    }

    /// Stores and broadcasts an event. Nothing is sent for a car that is no longer linked.
    pub async fn publish(&self, event: LiveEvent, now: i64) -> ServerResult<()> {
        let payload =
            serde_json::to_string(&event).map_err(|e| ServerError::Internal(e.to_string()))?;
        let vehicle_id = event.vehicle_id().to_owned();
        let _order = self.publishing.lock().await;
        if let Some(seq) = self.db.insert_event(&vehicle_id, &payload, now).await? {
            // No receiver is fine: nobody is watching right now.
            let _ = self.sender.send(StoredEvent {
                seq,
                vehicle_id,
                created_at: now,
                event,
            });
        }
        Ok(())
    }

    /// Stores several events in one statement and broadcasts them in log order. Nothing is
    /// stored or sent for a car that is no longer linked.
    pub async fn publish_many(&self, events: Vec<LiveEvent>, now: i64) -> ServerResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let payloads = events
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ServerError::Internal(e.to_string()))?;
        let rows: Vec<(&str, &str)> = events
            .iter()
            .zip(&payloads)
            .map(|(event, payload)| (event.vehicle_id(), payload.as_str()))
            .collect();
        let _order = self.publishing.lock().await;
        let stored = self.db.insert_events(&rows, now).await?;
        let linked: std::collections::HashSet<&str> =
            stored.iter().map(|(_, car)| car.as_str()).collect();
        // The stored rows, in log order, are the events of the linked cars in the order given.
        let kept = events
            .into_iter()
            .filter(|event| linked.contains(event.vehicle_id()));
        for ((seq, vehicle_id), event) in stored.iter().zip(kept) {
            debug_assert_eq!(vehicle_id, event.vehicle_id());
            let _ = self.sender.send(StoredEvent {
                seq: *seq,
                vehicle_id: vehicle_id.clone(),
                created_at: now,
                event,
            });
        }
        Ok(())
    }

    pub fn subscribe(&self) -> broadcast::Receiver<StoredEvent> {
        self.sender.subscribe()
    }

    /// Tells the open streams that who may see this car has changed.
    pub fn access_changed(&self, vehicle_id: &str) {
        let _ = self.access.send(vehicle_id.to_owned());
    }

    pub fn subscribe_access(&self) -> broadcast::Receiver<String> {
        self.access.subscribe()
    }

    /// Stored events after `after` for these cars, oldest first.
    pub async fn replay(
        &self,
        vehicle_ids: &[String],
        after: i64,
        limit: i64,
    ) -> ServerResult<Vec<StoredEvent>> {
        let rows = self.db.events_after(vehicle_ids, after, limit).await?;
        rows.into_iter()
            .map(|(seq, vehicle_id, payload, created_at)| {
                let event = serde_json::from_str(&payload)
                    .map_err(|e| ServerError::Internal(format!("stored event {seq}: {e}")))?;
                Ok(StoredEvent {
                    seq,
                    vehicle_id,
                    created_at,
                    event,
                })
            })
            .collect()
    }
}
