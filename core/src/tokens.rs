//! Signed tokens for recipient-facing links (unsubscribe, later tracking): an id and a MAC made
//! with a key derived from the deployment secret, so links cannot be forged or enumerated.

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

    fn mac(&self, id: Uuid) -> [u8; MAC_BYTES] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key size");
        mac.update(id.as_bytes());
        let full = mac.finalize().into_bytes();
        full[..MAC_BYTES]
            .try_into()
            .expect("SHA-256 output is longer than the MAC")
    }

    /// A URL-safe token for `id`.
    pub fn sign(&self, id: Uuid) -> String {
        let mut bytes = Vec::with_capacity(16 + MAC_BYTES);
        bytes.extend_from_slice(id.as_bytes());
        bytes.extend_from_slice(&self.mac(id));
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The id in a token this signer made, or `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Uuid> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        if bytes.len() != 16 + MAC_BYTES {
            return None;
        }
        let id = Uuid::from_slice(&bytes[..16]).ok()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key size");
        mac.update(id.as_bytes());
        mac.verify_truncated_left(&bytes[16..]).ok()?;
        Some(id)
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
