//! The sealed file format: `KFV1`, a random 24-byte nonce, then the ciphertext with its 16-byte
//! tag. The magic is authenticated too (as associated data), so no byte can change unnoticed.

use chacha20poly1305::{
    aead::{Aead, AeadCore, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};

use crate::key::Key;

/// The first bytes of every sealed file, with the format's version.
pub const MAGIC: &[u8; 4] = b"KFV1";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// Not a file this vault wrote (or one from a future version).
    #[error("the file is not a Keyfob encrypted store")]
    NotSealed,
    /// Sealed, but altered since, cut short, or sealed with another key.
    #[error("the file was changed or damaged since Keyfob wrote it, or belongs to another key")]
    Tampered,
    #[error("the data could not be encrypted")]
    Encrypt,
}

/// Encrypts and authenticates `plaintext` under `key` with a fresh random nonce.
pub fn seal(key: &Key, plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
    let cipher = XChaCha20Poly1305::new(key.as_aead_key());
    let nonce = XChaCha20Poly1305::generate_nonce(&mut rand::rngs::OsRng);
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: MAGIC,
            },
        )
        .map_err(|_| VaultError::Encrypt)?;
    let mut sealed = Vec::with_capacity(MAGIC.len() + NONCE_LEN + ciphertext.len());
    sealed.extend_from_slice(MAGIC);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Checks and decrypts what [`seal`] wrote.
pub fn open(key: &Key, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
    let rest = sealed.strip_prefix(MAGIC).ok_or(VaultError::NotSealed)?;
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(VaultError::Tampered);
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.as_aead_key())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: MAGIC,
            },
        )
        .map_err(|_| VaultError::Tampered)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = br#"{"session":{"refresh":"rt_abcdef"},"email":"owner@example.com","vin":"SJNTAAJ11SU512207"}"#;

    #[test]
    fn what_is_sealed_opens_again_and_shows_nothing_in_between() {
        let key = Key::generate();
        let sealed = seal(&key, SECRET).expect("seal");
        assert!(sealed.starts_with(MAGIC));
        for needle in [
            &b"rt_abcdef"[..],
            b"owner@example.com",
            b"SJNTAAJ11SU512207",
            b"session",
        ] {
            assert!(
                !sealed.windows(needle.len()).any(|w| w == needle),
                "plaintext visible"
            );
        }
        assert_eq!(open(&key, &sealed).expect("open"), SECRET);
        // A fresh nonce each time: the same content never looks the same twice.
        assert_ne!(seal(&key, SECRET).expect("seal"), sealed);
        assert_eq!(
            open(&key, &seal(&key, b"").expect("seal")).expect("open"),
            b""
        );
    }

    #[test]
    fn any_change_to_the_file_is_detected() {
        let key = Key::generate();
        let sealed = seal(&key, SECRET).expect("seal");
        for index in 0..sealed.len() {
            let mut altered = sealed.clone();
            altered[index] ^= 0x01;
            let error = open(&key, &altered).expect_err("a flipped bit is caught");
            let expected = if index < MAGIC.len() {
                VaultError::NotSealed
            } else {
                VaultError::Tampered
            };
            assert_eq!(error, expected, "byte {index}");
        }
        for cut in [sealed.len() - 1, MAGIC.len() + 10, MAGIC.len()] {
            assert_eq!(open(&key, &sealed[..cut]), Err(VaultError::Tampered));
        }
        let mut longer = sealed.clone();
        longer.push(0);
        assert_eq!(open(&key, &longer), Err(VaultError::Tampered));
    }

    #[test]
    fn another_key_or_a_plain_file_does_not_open() {
        let sealed = seal(&Key::generate(), SECRET).expect("seal");
        assert_eq!(open(&Key::generate(), &sealed), Err(VaultError::Tampered));
        assert_eq!(open(&Key::generate(), SECRET), Err(VaultError::NotSealed));
        assert_eq!(open(&Key::generate(), b""), Err(VaultError::NotSealed));
    }
}
