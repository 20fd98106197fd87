use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

use crate::error::{ServerError, ServerResult};

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
