//! Signing secrets and signatures in the Standard Webhooks scheme.
//!
//! A secret is `whsec_` followed by the base64 of 32 random bytes. A delivery carries
//! `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`: `v1,` and the
//! base64 of HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the secret's bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// What every secret starts with.
pub const SECRET_PREFIX: &str = "whsec_";

/// Random bytes in a new secret.
const SECRET_BYTES: usize = 32;

/// A signing secret. Its text is shown to the tenant once and otherwise only stored sealed.
#[derive(Clone)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Why text is not a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a signing secret is `whsec_` followed by base64")]
pub struct MalformedSecret;

impl Secret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes)))
    }

    /// Reads a secret as stored or shown.
    pub fn parse(text: &str) -> Result<Self, MalformedSecret> {
        let encoded = text.strip_prefix(SECRET_PREFIX).ok_or(MalformedSecret)?;
        match STANDARD.decode(encoded) {
            Ok(bytes) if !bytes.is_empty() => Ok(Self(text.to_owned())),
            _ => Err(MalformedSecret),
        }
    }

    /// The text, `whsec_...`.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn key(&self) -> Vec<u8> {
        STANDARD
            .decode(&self.0[SECRET_PREFIX.len()..])
            .expect("checked when made")
    }

    /// The `webhook-signature` header value for one delivery attempt.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key()).expect("HMAC takes any key");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_standard_webhooks_test_vector() {
        // The example of the Standard Webhooks specification.
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn generated_secrets_parse_and_differ() {
        let a = Secret::generate();
        let b = Secret::generate();
        assert!(a.expose().starts_with(SECRET_PREFIX));
        assert_ne!(a.expose(), b.expose());
        assert_eq!(Secret::parse(a.expose()).unwrap().key().len(), SECRET_BYTES);
        assert_eq!(format!("{a:?}"), "Secret(***)");
        for bad in [
            "",
            "whsec_",
            "whsec_!!!",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ] {
            assert!(Secret::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_signature_covers_id_timestamp_and_body() {
        let secret = Secret::generate();
        let base = secret.sign("msg_1", 1, b"{}");
        assert_ne!(base, secret.sign("msg_2", 1, b"{}"));
        assert_ne!(base, secret.sign("msg_1", 2, b"{}"));
        assert_ne!(base, secret.sign("msg_1", 1, b"{ }"));
        assert_ne!(base, Secret::generate().sign("msg_1", 1, b"{}"));
    }
}
