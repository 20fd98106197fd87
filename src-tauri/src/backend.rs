//! The backend the app talks to — the sandbox inside the app or a stand-alone keyfob-server —
//! and the one client holding the session. The session's tokens stay here, in Rust: every
//! change (sign-in, refresh, sign-out) is written to the encrypted store by a watcher task.

use std::{path::PathBuf, sync::Mutex};

use keyfob_client::{Client, ClientConfig, ClientError};
use serde::Serialize;
use tokio::sync::OnceCell;

use crate::{
    embedded::EmbeddedServer,
    error::{codes, AppError, AppResult},
    local_data::{BackendChoice, LocalData},
    personal, sandbox,
    secure_store::StoreHealth,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BackendMode {
    /// Nothing chosen yet: the first-start screen asks.
    Unset,
    /// keyfob-server inside the app, with simulated cars.
    Sandbox,
    /// A stand-alone keyfob-server chosen by its address.
    Server,
    /// keyfob-server inside the app for the owner's own cars through NissanConnect.
    Personal,
}

/// The backend the app talks to and the state of its local store.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackendInfo {
    pub mode: BackendMode,
    pub base_url: Option<String>,
    pub store: StoreHealth,
}

struct Connection {
    choice: BackendChoice,
    client: Client,
    persist: tauri::async_runtime::JoinHandle<()>,
    live: Option<tauri::async_runtime::JoinHandle<()>>,
}

/// Starts following a client's live events (see `live.rs`); set once at start.
pub type LiveFeed = Box<dyn Fn(Client) -> tauri::async_runtime::JoinHandle<()> + Send + Sync>;

pub struct Backend {
    data: LocalData,
    data_dir: PathBuf,
    time_scale: f64,
    store: StoreHealth,
    /// Started at most once per run, on first use; it keeps serving if the person switches away.
    sandbox: OnceCell<EmbeddedServer>,
    /// Personal mode's server, likewise started once.
    personal: OnceCell<EmbeddedServer>,
    current: Mutex<Option<Connection>>,
    live_feed: std::sync::OnceLock<LiveFeed>,
    identity: crate::identity::RecentIdentity,
}

impl Backend {
    pub fn new(data: LocalData, data_dir: PathBuf, time_scale: f64, store: StoreHealth) -> Self {
        Self {
            data,
            data_dir,
            time_scale,
            store,
            sandbox: OnceCell::new(),
            personal: OnceCell::new(),
            current: Mutex::new(None),
            live_feed: std::sync::OnceLock::new(),
            identity: crate::identity::RecentIdentity::default(),
        }
    }

    /// How to follow a client's live events; every client installed from now on is followed.
    pub fn set_live_feed(&self, feed: LiveFeed) {
        let _ = self.live_feed.set(feed);
    }

    /// When the person last confirmed their password or PIN.
    pub fn identity(&self) -> &crate::identity::RecentIdentity {
        &self.identity
    }

    pub fn local(&self) -> &LocalData {
        &self.data
    }

    /// At start: reconnects to the backend chosen before and resumes its saved session.
    pub async fn resume(&self) -> AppResult<()> {
        let Some(choice) = self.data.backend() else {
            return Ok(());
        };
        // No health check here: a server that is down right now must not undo the person's
        // choice; the screens say it cannot be reached and show what was saved.
        let client = self.client_for(&choice, false).await?;
        if let Some(tokens) = self.data.session() {
            client.restore_session(tokens);
        }
        let personal = choice == BackendChoice::Personal;
        self.install(choice, client);
        if personal {
            self.sign_in_personal().await?;
        }
        Ok(())
    }

    pub fn info(&self) -> BackendInfo {
        let current = self.current.lock().ok();
        let (mode, base_url) = match current.as_ref().and_then(|c| c.as_ref()) {
            None => (BackendMode::Unset, None),
            Some(connection) => (
                match connection.choice {
                    BackendChoice::Sandbox => BackendMode::Sandbox,
                    BackendChoice::Server { .. } => BackendMode::Server,
                    BackendChoice::Personal => BackendMode::Personal,
                },
                Some(connection.client.base_url().to_string()),
            ),
        };
        BackendInfo {
            mode,
            base_url,
            store: self.store.clone(),
        }
    }

    /// The client of the chosen backend.
    pub fn client(&self) -> AppResult<Client> {
        self.current
            .lock()
            .map_err(|_| AppError::internal("reach its connection"))?
            .as_ref()
            .map(|connection| connection.client.clone())
            .ok_or_else(|| {
                AppError::new(
                    codes::BACKEND_UNSET,
                    "Choose the simulated cars (sandbox) or a server first.",
                )
            })
    }

    /// The client, only when it talks to the sandbox (its mailbox and simulated cars).
    pub fn sandbox_client(&self) -> AppResult<Client> {
        let is_sandbox = matches!(self.info().mode, BackendMode::Sandbox);
        if !is_sandbox {
            return Err(AppError::new(
                codes::SANDBOX_ONLY,
                "This is part of the sandbox. Switch to the simulated cars in Account › Backend to use it.",
            ));
        }
        self.client()
    }

    pub async fn use_sandbox(&self) -> AppResult<BackendInfo> {
        self.switch_to(BackendChoice::Sandbox).await
    }

    /// Personal mode: the app's own server with the owner's NissanConnect cars, signed in to
    /// its local account at once (there is no Keyfob account to create).
    pub async fn use_personal(&self) -> AppResult<BackendInfo> {
        let info = self.switch_to(BackendChoice::Personal).await?;
        self.sign_in_personal().await?;
        Ok(info)
    }

    /// Signs in to personal mode's local account unless the saved session still works.
    async fn sign_in_personal(&self) -> AppResult<()> {
        let client = self.client()?;
        if client.session_tokens().is_some() && client.me().await.is_ok() {
            return Ok(());
        }
        client.clear_session();
        client.personal_session().await.map_err(AppError::from)?;
        Ok(())
    }

    /// Checks the address with a health call before anything changes.
    pub async fn use_server(&self, url: &str) -> AppResult<BackendInfo> {
        if url.trim().is_empty() {
            return Err(AppError::new(
                codes::SERVER_URL_INVALID,
                "Enter the server's address, for example https://keyfob.example.com.",
            )
            .on_field("url"));
        }
        let config = ClientConfig::new(url).map_err(|e| AppError::from(e).on_field("url"))?;
        let base_url = config.base_url.to_string();
        self.switch_to(BackendChoice::Server { url: base_url })
            .await
    }

    async fn switch_to(&self, choice: BackendChoice) -> AppResult<BackendInfo> {
        let previous = self
            .current
            .lock()
            .ok()
            .and_then(|c| c.as_ref().map(|c| (c.choice.clone(), c.client.clone())));
        if let Some((previous_choice, _)) = &previous {
            if *previous_choice == choice {
                return Ok(self.info());
            }
        }
        let client = self.client_for(&choice, true).await?;
        // Switching signs out: end the old session on its server if it answers, and forget it.
        if let Some((_, old_client)) = previous {
            if old_client.session_tokens().is_some() {
                tauri::async_runtime::spawn(async move {
                    let _ = old_client.logout().await;
                });
            }
        }
        self.data.set_session(None);
        self.data.set_backend(&choice);
        self.install(choice, client);
        Ok(self.info())
    }

    /// A client for `choice`: the sandbox is started if needed; with `check_server`, a server
    /// must answer its health check as a Keyfob server.
    async fn client_for(&self, choice: &BackendChoice, check_server: bool) -> AppResult<Client> {
        match choice {
            BackendChoice::Sandbox => {
                let sandbox = self
                    .sandbox
                    .get_or_try_init(|| {
                        sandbox::start(
                            &self.data_dir,
                            self.time_scale,
                            crate::secure_store::sandbox_database_key(),
                        )
                    })
                    .await
                    .map_err(|reason| {
                        AppError::new(
                            codes::SANDBOX_FAILED,
                            format!(
                                "The simulated cars could not start ({reason}). Restart Keyfob; \
                                 if it keeps happening, connect to a server instead."
                            ),
                        )
                    })?;
                let config =
                    ClientConfig::embedded(&sandbox.base_url, sandbox.launch_secret.to_string())?
                        .with_device_id(Some(self.data.device_id()));
                Ok(Client::new(config)?)
            }
            BackendChoice::Personal => {
                let server = self
                    .personal
                    .get_or_try_init(|| {
                        personal::start(
                            &self.data_dir,
                            crate::secure_store::personal_database_key(),
                            crate::secure_store::personal_token_key(),
                        )
                    })
                    .await
                    .map_err(|reason| {
                        AppError::new(
                            codes::PERSONAL_FAILED,
                            format!(
                                "Keyfob's own server for your car could not start ({reason}). \
                                 Restart Keyfob; if it keeps happening, connect to a server instead."
                            ),
                        )
                    })?;
                let config =
                    ClientConfig::embedded(&server.base_url, server.launch_secret.to_string())?
                        .with_device_id(Some(self.data.device_id()));
                Ok(Client::new(config)?)
            }
            BackendChoice::Server { url } => {
                let config = ClientConfig::new(url)?.with_device_id(Some(self.data.device_id()));
                let client = Client::new(config)?;
                if check_server {
                    check_health(&client, url).await?;
                }
                Ok(client)
            }
        }
    }

    /// Makes `client` the app's connection and saves its session on every change from now on.
    fn install(&self, choice: BackendChoice, client: Client) {
        let mut session = client.subscribe_session();
        let data = self.data.clone();
        let persist = tauri::async_runtime::spawn(async move {
            while session.changed().await.is_ok() {
                let tokens = session.borrow_and_update().clone();
                data.set_session(tokens.as_ref());
            }
        });
        let live = self.live_feed.get().map(|follow| follow(client.clone()));
        if let Ok(mut current) = self.current.lock() {
            if let Some(old) = current.replace(Connection {
                choice,
                client,
                persist,
                live,
            }) {
                old.persist.abort();
                if let Some(live) = old.live {
                    live.abort();
                }
            }
        }
    }

    /// Forgets the session on this device now (the watcher would too, a moment later).
    pub fn forget_session(&self) {
        if let Ok(client) = self.client() {
            client.clear_session();
        }
        self.data.set_session(None);
        self.identity.forget();
    }
}

async fn check_health(client: &Client, url: &str) -> AppResult<()> {
    match client.health().await {
        Ok(_) => Ok(()),
        Err(ClientError::Unreachable(_)) => Err(AppError::new(
            codes::UNREACHABLE,
            format!(
                "Failed to connect to {url}. Check the address, that the server is running, \
                 and that this device is online (try switching between Wi-Fi and mobile data)."
            ),
        )
        .on_field("url")),
        Err(ClientError::Timeout) => Err(AppError::new(
            codes::TIMEOUT,
            format!("{url} did not answer in time. Check the address and try again."),
        )
        .on_field("url")),
        Err(ClientError::Api(_) | ClientError::UnexpectedResponse { .. }) => Err(AppError::new(
            codes::NOT_A_KEYFOB_SERVER,
            format!(
                "{url} answered, but it is not a Keyfob server. Check the address (it is the \
                 address keyfob-server listens on, for example https://keyfob.example.com)."
            ),
        )
        .on_field("url")),
        Err(other) => Err(AppError::from(other).on_field("url")),
    }
}
