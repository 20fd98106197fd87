//! A scripted HTTP/1.1 server on loopback for the client's unit tests: it lets them check what
//! the client sends (how often it refreshes, which token it presents) without the real server.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
};

/// One request as the stub received it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub method: String,
    pub path: String,
    pub bearer: Option<String>,
    pub body: serde_json::Value,
}

/// The stub's answer: status, JSON body, and how long to wait first (to widen a race).
pub(crate) type Reply = (u16, serde_json::Value, Duration);

type Script = dyn Fn(&Seen, &[Seen]) -> Reply + Send + Sync;

pub(crate) struct Stub {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    /// Serves `script(request, earlier requests)` until the test's runtime ends.
    pub(crate) async fn start(
        script: impl Fn(&Seen, &[Seen]) -> Reply + Send + Sync + 'static,
    ) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, script.clone(), log.clone()));
            }
        });
        Stub {
            base_url: format!("http://{addr}"),
            seen,
        }
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }
}

async fn serve(stream: TcpStream, script: Arc<Script>, log: Arc<Mutex<Vec<Seen>>>) {
    let mut stream = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if stream.read_line(&mut request_line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let (mut length, mut bearer) = (0usize, None);
        loop {
            let mut line = String::new();
            if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let value = value.trim();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.parse().unwrap_or(0),
                    "authorization" => {
                        bearer = value.strip_prefix("Bearer ").map(str::to_owned);
                    }
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length];
        if stream.read_exact(&mut body).await.is_err() {
            return;
        }
        let request = Seen {
            method,
            path,
            bearer,
            body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        };
        let (status, reply, delay) = {
            let mut log = log.lock().expect("log");
            let reply = script(&request, &log);
            log.push(request);
            reply
        };
        tokio::time::sleep(delay).await;
        let reply = reply.to_string();
        let head = format!(
            "HTTP/1.1 {status} Stub\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            reply.len()
        );
        let stream = stream.get_mut();
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(reply.as_bytes()).await.is_err()
        {
            return;
        }
    }
}
