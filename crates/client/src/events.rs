//! The live event stream, typed, reconnecting by itself and resuming after the last event it
//! delivered, so a dropped connection loses nothing.

use std::time::Duration;

use keyfob_core::{api::command::LiveEvent, ErrorCode};
use tokio::sync::{mpsc, watch};

use crate::{http::url, Client, ClientError};

/// The server sends a heartbeat every 15 s; this long without a byte means the link is dead.
const SILENCE_LIMIT: Duration = Duration::from_secs(45);
const RETRY_FIRST: Duration = Duration::from_millis(250);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// One event with its position in the server's log.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamEvent {
    pub id: i64,
    pub event: LiveEvent,
}

/// What the stream yields: events, or why it stopped (signed out). Reconnects are silent.
pub struct EventStream {
    receiver: mpsc::Receiver<Result<StreamEvent, ClientError>>,
    connected: watch::Receiver<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl EventStream {
    /// The next event. `None` after the stream ended for good (its error came just before).
    pub async fn next(&mut self) -> Option<Result<StreamEvent, ClientError>> {
        self.receiver.recv().await
    }

    /// Whether the stream is connected to the server right now: false from the moment a
    /// connection fails until the next one is open. Starts false.
    pub fn connection(&self) -> watch::Receiver<bool> {
        self.connected.clone()
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Parses an event stream as it arrives, in chunks cut anywhere — even inside a character, so
/// bytes are kept until a whole line is in and only then decoded.
#[derive(Debug, Default)]
pub(crate) struct SseParser {
    buffer: Vec<u8>,
    id: Option<i64>,
    data: String,
}

impl SseParser {
    /// Feeds a chunk; returns the complete events it finished, as (id, data).
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Vec<(Option<i64>, String)> {
        self.buffer.extend_from_slice(chunk);
        let mut done = Vec::new();
        while let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
            let bytes: Vec<u8> = self.buffer.drain(..=end).collect();
            let line = String::from_utf8_lossy(&bytes);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                if !self.data.is_empty() {
                    done.push((self.id.take(), std::mem::take(&mut self.data)));
                }
                self.id = None;
                continue;
            }
            if line.starts_with(':') {
                continue; // a comment: the heartbeat
            }
            let (field, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "id" => self.id = value.parse().ok(),
                "data" => {
                    if !self.data.is_empty() {
                        self.data.push('\n');
                    }
                    self.data.push_str(value);
                }
                _ => {}
            }
        }
        done
    }
}

impl Client {
    /// Opens the live stream of the signed-in account, resuming after `last_event_id` if given.
    pub fn events(&self, last_event_id: Option<i64>) -> EventStream {
        let (sender, receiver) = mpsc::channel(256);
        let (connected_sender, connected) = watch::channel(false);
        let client = self.clone();
        let task = tokio::spawn(async move {
            client
                .run_stream(last_event_id, sender, connected_sender)
                .await;
        });
        EventStream {
            receiver,
            connected,
            task,
        }
    }

    async fn run_stream(
        &self,
        mut last: Option<i64>,
        sender: mpsc::Sender<Result<StreamEvent, ClientError>>,
        connected: watch::Sender<bool>,
    ) {
        let mut retry = RETRY_FIRST;
        loop {
            let token = match self.access_token() {
                Ok(token) => token,
                Err(error) => {
                    let _ = sender.send(Err(error)).await;
                    return;
                }
            };
            let outcome = self
                .stream_once(&token, &mut last, &sender, &connected)
                .await;
            connected.send_replace(false);
            match outcome {
                Ok(()) => retry = RETRY_FIRST,
                Err(ClientError::Api(error)) if error.code == ErrorCode::TokenExpired => {
                    // The token this connection used, so a refresh another call made is reused.
                    if let Err(error) = self.refresh_after(&token).await {
                        let _ = sender.send(Err(error)).await;
                        return;
                    }
                    continue;
                }
                Err(error @ (ClientError::Api(_) | ClientError::NotSignedIn)) => {
                    let _ = sender.send(Err(error)).await;
                    return;
                }
                // Cannot reach the server: try again, more slowly each time.
                Err(_) => {}
            }
            if sender.is_closed() {
                return;
            }
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(RETRY_MAX);
        }
    }

    /// One connection: forwards events until it ends. `Ok` when the server closed it normally.
    async fn stream_once(
        &self,
        token: &str,
        last: &mut Option<i64>,
        sender: &mpsc::Sender<Result<StreamEvent, ClientError>>,
        connected: &watch::Sender<bool>,
    ) -> Result<(), ClientError> {
        let mut request = self
            .http
            .get(url(self, &["v1", "events"])?)
            .bearer_auth(token)
            .header("Accept", "text/event-stream")
            // The stream is meant to stay open; silence is watched below instead.
            .timeout(Duration::from_secs(365 * 24 * 3600));
        if let Some(id) = last {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let mut response = request.send().await.map_err(ClientError::from_transport)?;
        if !response.status().is_success() {
            return crate::error::read_json::<()>(response).await;
        }
        connected.send_replace(true);
        let mut parser = SseParser::default();
        loop {
            let chunk = match tokio::time::timeout(SILENCE_LIMIT, response.chunk()).await {
                Err(_) => return Err(ClientError::Timeout),
                Ok(Err(error)) => return Err(ClientError::from_transport(error)),
                Ok(Ok(None)) => return Ok(()),
                Ok(Ok(Some(chunk))) => chunk,
            };
            for (id, data) in parser.feed(&chunk) {
                let Some(id) = id else { continue };
                let Ok(event) = serde_json::from_str::<LiveEvent>(&data) else {
                    continue; // a newer server's event type this client does not know
                };
                *last = Some(id);
                if sender.send(Ok(StreamEvent { id, event })).await.is_err() {
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_events_split_across_chunks_and_skips_heartbeats() {
        let mut parser = SseParser::default();
        assert!(parser.feed(b": heartbeat\n\nid: 7\nevent: sta").is_empty());
        let events = parser.feed(b"tus\ndata: {\"a\":1}\n\nid: 8\ndata: x\r\n\r\n");
        assert_eq!(
            events,
            vec![(Some(7), "{\"a\":1}".to_owned()), (Some(8), "x".to_owned())]
        );
    }

    #[test]
    fn a_character_cut_between_chunks_survives() {
        let mut parser = SseParser::default();
        let text = "id: 1\ndata: Zoë\n\n".as_bytes();
        let cut = text.iter().position(|&b| b == 0xC3).expect("ë") + 1;
        assert!(parser.feed(&text[..cut]).is_empty());
        assert_eq!(parser.feed(&text[cut..]), vec![(Some(1), "Zoë".to_owned())]);
    }
}
