//! Personal mode: keyfob-server inside the app for one owner and the cars of their
//! NissanConnect account, with no sandbox, no simulated cars and no Keyfob account to create.
//! The server keeps a local account the app signs in to by itself; the NissanConnect tokens
//! are sealed inside its encrypted database `personal.db`.

use std::path::Path;

use keyfob_server::{
    nissanconnect::{NissanConnectSettings, SealKey},
    open_state_nissanconnect, ServerConfig,
};
use rand::RngCore;
use zeroize::Zeroizing;

use crate::embedded::{database_url, launch_secret, serve, EmbeddedServer};

/// Where NissanConnect is, when not Nissan's European service: a fake of it, for tests and
/// trials. The same variable a stand-alone keyfob-server reads.
pub const BASE_URL_ENV: &str = "KEYFOB_NISSANCONNECT_BASE_URL";
/// Seconds between looks for an accepted action's outcome in the car's stored values (15 by
/// default); tests against a fake shorten it.
pub const OUTCOME_SECONDS_ENV: &str = "KEYFOB_NISSANCONNECT_OUTCOME_SECONDS";

/// Starts the personal server. Without a credential store its database and token key live in
/// memory for this run: the owner signs in to NissanConnect again next time.
pub async fn start(
    data_dir: &Path,
    database_key: Option<Zeroizing<String>>,
    token_key: Option<Zeroizing<[u8; 32]>>,
) -> Result<EmbeddedServer, String> {
    let url = database_url(
        data_dir,
        "personal.db",
        database_key.as_deref().map(String::as_str),
    );
    let token_key = token_key.unwrap_or_else(|| {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        bytes
    });
    let base_url = std::env::var(BASE_URL_ENV).ok();
    let settings = NissanConnectSettings::configured(
        base_url.as_deref(),
        keyfob_server::nissanconnect::DEFAULT_READ_EVERY.as_secs() / 60,
        SealKey::new(*token_key),
    )?;
    let mut settings = settings;
    if let Some(seconds) = std::env::var(OUTCOME_SECONDS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=60).contains(s))
    {
        settings.outcome_every = std::time::Duration::from_secs(seconds);
    }
    let secret = launch_secret();
    let mut config = ServerConfig::personal().embedded(secret.to_string());
    config.database_key = database_key.as_ref().map(|key| key.to_string());
    let state = open_state_nissanconnect(&url, config, settings)
        .await
        .map_err(|e| format!("its database could not be opened: {e}"))?;
    serve(state, secret, database_key.is_some()).await
}

#[cfg(test)]
mod tests {
    use keyfob_client::{Client, ClientConfig};

    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    #[tokio::test]
    async fn the_personal_server_signs_in_its_one_owner_and_answers_only_this_launch() {
        let dir = tempfile::tempdir().expect("temp dir");
        let server = start(dir.path(), Some(Zeroizing::new(KEY.into())), None)
            .await
            .expect("personal server");
        assert!(server.persistent);
        let stranger =
            Client::new(ClientConfig::new(&server.base_url).expect("config")).expect("client");
        assert!(
            stranger.personal_session().await.is_err(),
            "answered without the secret"
        );
        let app = Client::new(
            ClientConfig::embedded(&server.base_url, server.launch_secret.to_string())
                .expect("config"),
        )
        .expect("client");
        let session = app.personal_session().await.expect("signed in");
        assert!(session.account.email_confirmed);
        let connection = app.nissanconnect().await.expect("NissanConnect is there");
        assert!(connection.cars.is_empty());
        // No sandbox in personal mode.
        assert!(app.sandbox_outbox("owner@example.com").await.is_err());
        let bytes = std::fs::read(dir.path().join("personal.db")).expect("written");
        assert!(!bytes.starts_with(b"SQLite format 3"), "not encrypted");
    }
}
