//! The deployment's secret key: encrypts stored credentials and signs tokens.
//!
//! Configured with `PENGUIN_SECRET_KEY` (64 hex digits or 32 bytes in base64). When none is
//! configured, a development key is generated once into a file only its owner can read, so that
//! the daemon and the CLI on one machine agree without any setup.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// 32 secret bytes. `Debug` never shows them.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// Where the key in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// `PENGUIN_SECRET_KEY` or `secret_key` in the config file.
    Configured,
    /// The development key file; `created` is true when this start wrote it.
    DevelopmentFile { path: PathBuf, created: bool },
}

impl SecretKey {
    /// Parses 64 hex digits or the standard base64 of 32 bytes.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text).map_err(|err| err.to_string())?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| {
                    "expected 64 hex digits or base64 of 32 bytes (generate one with \
                 `openssl rand -hex 32`)"
                        .to_owned()
                })?
        };
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| {
            "the key must be exactly 32 bytes (generate one with `openssl rand -hex 32`)".to_owned()
        })?;
        Ok(Self(bytes))
    }

    /// A fresh random key.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Reads the development key file, creating it (mode 0600) when it does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<(Self, SecretSource), String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let key = Self::parse(&text)
                    .map_err(|why| format!("development key file {}: {why}", path.display()))?;
                let source = SecretSource::DevelopmentFile {
                    path: path.to_owned(),
                    created: false,
                };
                return Ok((key, source));
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(format!("cannot read {}: {err}", path.display())),
        }
        let key = Self::generate();
        match write_private(path, &hex::encode(key.0)) {
            Ok(()) => {
                let source = SecretSource::DevelopmentFile {
                    path: path.to_owned(),
                    created: true,
                };
                Ok((key, source))
            }
            // Another process created it first: use theirs.
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::load_or_create(path)
            }
            Err(err) => Err(format!(
                "cannot create the development key file {}: {err}; set PENGUIN_SECRET_KEY",
                path.display()
            )),
        }
    }

    /// A key for one purpose (token signing, credential encryption, ...), so that no two uses
    /// ever share key material.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key size");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// `$XDG_CONFIG_HOME/penguin/dev-secret.key`, else `~/.config/penguin/dev-secret.key`.
pub fn default_key_path() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("penguin").join("dev-secret.key")
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_key_is_created_once_and_private() {
        let dir = std::env::temp_dir().join(format!("penguin-secret-{}", uuid::Uuid::new_v4()));
        let path = dir.join("key");
        let (first, source) = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(
            source,
            SecretSource::DevelopmentFile {
                path: path.clone(),
                created: true
            }
        );
        let (second, source) = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(
            source,
            SecretSource::DevelopmentFile {
                path: path.clone(),
                created: false
            }
        );
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn parses_hex_and_base64_and_rejects_short_keys() {
        assert!(SecretKey::parse(&"ab".repeat(32)).is_ok());
        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert!(SecretKey::parse(&b64).is_ok());
        assert!(SecretKey::parse("abcd").is_err());
        assert_eq!(format!("{:?}", SecretKey::generate()), "SecretKey(***)");
    }

    #[test]
    fn derived_keys_differ_by_purpose() {
        let key = SecretKey::generate();
        assert_ne!(key.derive("tokens"), key.derive("credentials"));
        assert_eq!(key.derive("tokens"), key.derive("tokens"));
    }
}
