//! Signed tokens for recipient-facing links (unsubscribe, open and click tracking): a payload
//! and a MAC made with a key derived from the deployment secret, so links cannot be forged or
//! enumerated.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use crate::secret::SecretKey;

const MAC_BYTES: usize = 16;

/// Signs and checks tokens for one purpose.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(***)")
    }
}

impl Signer {
    pub fn new(secret: &SecretKey, purpose: &str) -> Self {
        Self {
            key: secret.derive(&format!("penguin/token/{purpose}")),
        }
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key size");
        mac.update(payload);
        mac
    }

    /// A URL-safe token carrying `payload`, readable by anyone, forgeable by no one.
    pub fn sign_bytes(&self, payload: &[u8]) -> String {
        let full = self.mac(payload).finalize().into_bytes();
        let mut bytes = Vec::with_capacity(payload.len() + MAC_BYTES);
        bytes.extend_from_slice(payload);
        bytes.extend_from_slice(&full[..MAC_BYTES]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The payload of a token this signer made, or `None` for anything else.
    pub fn verify_bytes(&self, token: &str) -> Option<Vec<u8>> {
        let mut bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        let split = bytes.len().checked_sub(MAC_BYTES)?;
        self.mac(&bytes[..split])
            .verify_truncated_left(&bytes[split..])
            .ok()?;
        bytes.truncate(split);
        Some(bytes)
    }

    /// A URL-safe token for `id`.
    pub fn sign(&self, id: Uuid) -> String {
        self.sign_bytes(id.as_bytes())
    }

    /// The id in a token this signer made for an id, or `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Uuid> {
        let bytes = self.verify_bytes(token)?;
        Uuid::from_slice(&bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_for_their_signer_and_purpose() {
        let secret = SecretKey::generate();
        let unsubscribe = Signer::new(&secret, "unsubscribe");
        let id = Uuid::now_v7();
        let token = unsubscribe.sign(id);
        assert_eq!(unsubscribe.verify(&token), Some(id));
        assert_eq!(Signer::new(&secret, "click").verify(&token), None);
        assert_eq!(
            Signer::new(&SecretKey::generate(), "unsubscribe").verify(&token),
            None
        );
        let mut tampered = token.into_bytes();
        tampered[3] = if tampered[3] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            unsubscribe.verify(&String::from_utf8(tampered).unwrap()),
            None
        );
        assert_eq!(unsubscribe.verify("not-a-token"), None);
    }
}
