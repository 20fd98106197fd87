use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

use std::time::Duration;

use keyfob_core::ErrorCode;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::{ServerError, ServerResult};

/// At most this many Argon2 computations at once (19 MiB each): a flood of sign-ins waits its
/// turn instead of exhausting the server's memory.
pub const MAX_CONCURRENT_HASHES: usize = 4;
/// How long a password check waits for its turn before the server says it is busy.
const HASH_QUEUE_WAIT: Duration = Duration::from_secs(10);
static HASHING: Semaphore = Semaphore::const_new(MAX_CONCURRENT_HASHES);

async fn hashing_turn() -> ServerResult<SemaphorePermit<'static>> {
    match tokio::time::timeout(HASH_QUEUE_WAIT, HASHING.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(ServerError::throttled(
            ErrorCode::ServerBusy,
            "The server is busy checking passwords. Try again in a few seconds.",
            5,
        )),
    }
}

/// Argon2id with OWASP's first recommended setting: 19 MiB of memory, 2 passes, 1 lane.
pub const ARGON2_PARAMS: (u32, u32, u32) = (19 * 1024, 2, 1);

fn hasher() -> ServerResult<Argon2<'static>> {
    let (memory, passes, lanes) = ARGON2_PARAMS;
    let params = Params::new(memory, passes, lanes, None)
        .map_err(|e| ServerError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes on a blocking thread: tens of milliseconds of CPU must not stall the async workers.
pub async fn hash_password(password: String) -> ServerResult<String> {
    let _turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ServerError::Internal(format!("argon2 hash: {e}")))
    })
    .await
    .map_err(|e| ServerError::Internal(format!("hashing task: {e}")))?
}

/// `Ok(false)` for a wrong password; errors only for a corrupt stored hash.
pub async fn verify_password(password: String, stored: String) -> ServerResult<bool> {
    let _turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| ServerError::Internal(format!("stored hash: {e}")))?;
        Ok(hasher()?
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| ServerError::Internal(format!("hashing task: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashing_waits_for_a_turn_beyond_the_cap() {
        // Hold every turn: the next check must wait, not run a fifth hash beside them.
        let held = HASHING
            .acquire_many(u32::try_from(MAX_CONCURRENT_HASHES).expect("small"))
            .await
            .expect("permits");
        let waiting = tokio::spawn(hash_password("Correct Horse 9".into()));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!waiting.is_finished(), "a hash ran beyond the cap");
        drop(held);
        assert!(waiting.await.expect("task").is_ok());
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("Correct Horse 9".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("Correct Horse 9".into(), hash.clone())
            .await
            .expect("verify"));
        assert!(!verify_password("correct horse 9".into(), hash)
            .await
            .expect("verify"));
    }
}
