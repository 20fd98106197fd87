//! NissanConnect tokens are sealed before they reach the database (XChaCha20-Poly1305 under a
//! key the database never holds), so a copy of the database alone reaches no car.

use chacha20poly1305::{
    aead::{Aead, AeadCore, KeyInit, OsRng},
    XChaCha20Poly1305, XNonce,
};
use keyfob_nissanconnect::Tokens;

use crate::error::{ServerError, ServerResult};

const NONCE_LEN: usize = 24;

/// The 256-bit key tokens are sealed under.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// From 64 hex digits (a key file or an environment variable).
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes =
            hex::decode(text.trim()).map_err(|_| "the token key is 64 hex digits".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the token key is 64 hex digits (32 bytes)".to_owned())?;
        Ok(Self(bytes))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }

    /// Nonce ‖ ciphertext of the tokens as JSON, bound to the account they belong to.
    pub fn seal(&self, account_id: &str, tokens: &Tokens) -> ServerResult<Vec<u8>> {
        let plain = serde_json::to_vec(tokens)
            .map_err(|e| ServerError::Internal(format!("tokens not serialisable: {e}")))?;
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher()
            .encrypt(
                &nonce,
                chacha20poly1305::aead::Payload {
                    msg: &plain,
                    aad: account_id.as_bytes(),
                },
            )
            .map_err(|_| ServerError::Internal("tokens could not be sealed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open(&self, account_id: &str, sealed: &[u8]) -> ServerResult<Tokens> {
        if sealed.len() <= NONCE_LEN {
            return Err(ServerError::Internal("sealed tokens too short".into()));
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let plain = self
            .cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                chacha20poly1305::aead::Payload {
                    msg: body,
                    aad: account_id.as_bytes(),
                },
            )
            // A different key (the server's key changed) or a row moved to another account.
            .map_err(|_| ServerError::Internal("sealed tokens did not open".into()))?;
        serde_json::from_slice(&plain)
            .map_err(|e| ServerError::Internal(format!("sealed tokens unreadable: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        serde_json::from_value(serde_json::json!({
            "access_token": "access-secret-1234",
            "refresh_token": "refresh-secret-5678",
            "expires_at": 1_795_428_000
        }))
        .expect("tokens")
    }

    #[test]
    fn sealed_tokens_open_only_with_the_key_and_for_their_account() {
        let key = SealKey::new([7; 32]);
        let sealed = key.seal("acc_1", &tokens()).expect("sealed");
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains("access-secret") && !text.contains("refresh-secret"));
        assert_eq!(key.open("acc_1", &sealed).expect("opened"), tokens());
        assert!(key.open("acc_2", &sealed).is_err(), "bound to its account");
        assert!(SealKey::new([8; 32]).open("acc_1", &sealed).is_err());
        assert!(key.open("acc_1", &sealed[..10]).is_err());
    }

    #[test]
    fn a_key_is_read_from_64_hex_digits() {
        assert!(SealKey::from_hex(&"ab".repeat(32)).is_ok());
        assert!(SealKey::from_hex("abcd").is_err());
        assert!(SealKey::from_hex(&"zz".repeat(32)).is_err());
    }
}
