//! Authenticated encryption of stored credentials (mailbox passwords).
//!
//! XChaCha20-Poly1305 with a key derived from the deployment secret for this one purpose. The
//! owning row's id is bound as associated data, so a ciphertext copied onto another row does not
//! decrypt. Layout: a version byte, the 24-byte nonce, then the ciphertext.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use uuid::Uuid;

use crate::secret::SecretKey;

const VERSION: u8 = 1;
const PURPOSE: &str = "penguin/credentials/v1";

/// Encrypts and decrypts credentials with the deployment's secret key.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

/// A stored credential could not be decrypted: the secret key changed, or the data is damaged.
#[derive(Debug, thiserror::Error)]
#[error("stored credential cannot be decrypted; was PENGUIN_SECRET_KEY changed?")]
pub struct DecryptError;

impl Vault {
    pub fn new(secret: &SecretKey) -> Self {
        let key = secret.derive(PURPOSE);
        Self {
            cipher: XChaCha20Poly1305::new(&key.into()),
        }
    }

    /// Encrypts `plaintext` for the row `owner`.
    pub fn seal(&self, owner: Uuid, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: owner.as_bytes(),
        };
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), payload)
            .expect("XChaCha20-Poly1305 encryption does not fail for in-memory buffers");
        let mut out = Vec::with_capacity(1 + nonce.len() + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same `owner`.
    pub fn open(&self, owner: Uuid, sealed: &[u8]) -> Result<String, DecryptError> {
        if sealed.len() < 1 + 24 + 16 || sealed[0] != VERSION {
            return Err(DecryptError);
        }
        let (nonce, ciphertext) = sealed[1..].split_at(24);
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| DecryptError)?;
        let payload = Payload {
            msg: ciphertext,
            aad: owner.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(&XNonce::from(nonce), payload)
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_binds_to_the_owner() {
        let vault = Vault::new(&SecretKey::generate());
        let owner = Uuid::new_v4();
        let sealed = vault.seal(owner, "hunter2");
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        assert_eq!(vault.open(owner, &sealed).unwrap(), "hunter2");
        assert!(
            vault.open(Uuid::new_v4(), &sealed).is_err(),
            "bound to its row"
        );
        assert!(
            Vault::new(&SecretKey::generate())
                .open(owner, &sealed)
                .is_err()
        );
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(vault.open(owner, &damaged).is_err());
    }
}
