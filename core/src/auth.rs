//! API keys and the principals they authenticate.
//!
//! A key looks like `pmt_k3j9x2ab_<43 random characters>`: a kind letter, a public prefix used to
//! find the key, and the secret. Only a SHA-256 hash of the whole key is stored; keys carry 256
//! random bits, so a fast hash is enough and lookups stay cheap.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::audit::Actor;

/// What a key may act as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum KeyKind {
    /// Operators and platform admins.
    Platform,
    /// Bound to one tenant.
    Tenant,
    /// A trusted backend acting for the tenant named in `X-Penguin-Tenant`.
    Service,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Tenant => "tenant",
            Self::Service => "service",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "platform" => Self::Platform,
            "tenant" => Self::Tenant,
            "service" => Self::Service,
            _ => return None,
        })
    }

    fn letter(self) -> char {
        match self {
            Self::Platform => 'p',
            Self::Tenant => 't',
            Self::Service => 's',
        }
    }
}

/// Roles of platform keys. Admin may do everything an operator may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum PlatformRole {
    Operator,
    Admin,
}

/// Roles inside a tenant, weakest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TenantRole {
    Viewer,
    Member,
    Admin,
    Owner,
}

/// A role of any kind of key, as stored and as written on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Role {
    Admin,
    Operator,
    Owner,
    Member,
    Viewer,
    Service,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Operator => "operator",
            Self::Owner => "owner",
            Self::Member => "member",
            Self::Viewer => "viewer",
            Self::Service => "service",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "admin" => Self::Admin,
            "operator" => Self::Operator,
            "owner" => Self::Owner,
            "member" => Self::Member,
            "viewer" => Self::Viewer,
            "service" => Self::Service,
            _ => return None,
        })
    }

    /// Whether a key of `kind` may have this role.
    pub fn fits(self, kind: KeyKind) -> bool {
        match kind {
            KeyKind::Platform => matches!(self, Self::Admin | Self::Operator),
            KeyKind::Tenant => matches!(
                self,
                Self::Owner | Self::Admin | Self::Member | Self::Viewer
            ),
            KeyKind::Service => self == Self::Service,
        }
    }

    fn platform(self) -> Option<PlatformRole> {
        match self {
            Self::Admin => Some(PlatformRole::Admin),
            Self::Operator => Some(PlatformRole::Operator),
            _ => None,
        }
    }

    fn tenant(self) -> Option<TenantRole> {
        match self {
            Self::Owner => Some(TenantRole::Owner),
            Self::Admin => Some(TenantRole::Admin),
            Self::Member => Some(TenantRole::Member),
            Self::Viewer => Some(TenantRole::Viewer),
            _ => None,
        }
    }
}

// Only plain strings are accepted, not serde's other enum forms such as `{"admin": null}`.
impl TryFrom<String> for Role {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| {
            format!(
                "unknown role '{value}': expected admin, operator, owner, member, viewer or service"
            )
        })
    }
}

impl TryFrom<String> for KeyKind {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
            .ok_or_else(|| format!("unknown kind '{value}': expected platform, tenant or service"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Proof that the holder may act inside one tenant. Every tenant-scoped storage function takes
/// one, and only authentication (or an explicit platform lookup) can make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantScope {
    tenant_id: Uuid,
}

impl TenantScope {
    pub(crate) fn new(tenant_id: Uuid) -> Self {
        Self { tenant_id }
    }

    pub fn tenant_id(&self) -> Uuid {
        self.tenant_id
    }
}

/// A freshly generated key: the plaintext (shown once) and what is stored.
pub(crate) struct GeneratedKey {
    pub plaintext: String,
    pub prefix: String,
    pub hash: Vec<u8>,
}

impl fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedKey")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

pub(crate) fn generate_key(kind: KeyKind) -> GeneratedKey {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut prefix_bytes = [0u8; 8];
    rng.fill_bytes(&mut prefix_bytes);
    let prefix: String = prefix_bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);
    let plaintext = format!(
        "pm{}_{prefix}_{}",
        kind.letter(),
        URL_SAFE_NO_PAD.encode(secret)
    );
    let hash = hash_key(&plaintext);
    GeneratedKey {
        plaintext,
        prefix,
        hash,
    }
}

fn hash_key(plaintext: &str) -> Vec<u8> {
    Sha256::digest(plaintext.as_bytes()).to_vec()
}

/// The prefix of a well-formed key, or `None`.
fn parse_prefix(plaintext: &str) -> Option<&str> {
    let mut parts = plaintext.splitn(3, '_');
    let kind = parts.next()?;
    let prefix = parts.next()?;
    let secret = parts.next()?;
    let well_formed = matches!(kind, "pmp" | "pmt" | "pms")
        && prefix.len() == 8
        && secret.len() == 43
        && prefix.bytes().all(|b| b.is_ascii_alphanumeric());
    well_formed.then_some(prefix)
}

/// What an authenticated key may do.
#[derive(Debug, Clone)]
pub enum Access {
    Platform {
        role: PlatformRole,
    },
    Tenant {
        scope: TenantScope,
        role: TenantRole,
    },
    /// A service key, with the tenant its request named (checked only when a tenant endpoint
    /// asks, so a bad header does not hide a wrong-kind answer elsewhere).
    Service {
        tenant: ServiceTenant,
    },
}

/// The tenant a service key's request named in `X-Penguin-Tenant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceTenant {
    Resolved(TenantScope),
    Missing,
    Invalid,
    Unknown,
    Suspended,
    Deleted,
}

impl ServiceTenant {
    fn scope(self) -> Result<TenantScope, AuthError> {
        match self {
            Self::Resolved(scope) => Ok(scope),
            Self::Missing => Err(AuthError::TenantHeaderMissing),
            Self::Invalid => Err(AuthError::TenantHeaderInvalid),
            Self::Unknown => Err(AuthError::TenantUnknown),
            Self::Suspended => Err(AuthError::TenantSuspended),
            Self::Deleted => Err(AuthError::TenantDeleted),
        }
    }
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub key_id: Uuid,
    pub key_prefix: String,
    pub kind: KeyKind,
    pub access: Access,
    /// End user named by a service key (`X-Penguin-User`).
    pub user: Option<String>,
}

/// Why a request is not allowed. The first two are 401s, the rest 403s or 400s.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("this endpoint needs an API key: send `Authorization: Bearer <key>`")]
    Missing,
    #[error("the API key is unknown or revoked")]
    Invalid,
    #[error("the tenant is suspended; a platform admin can resume it")]
    TenantSuspended,
    #[error("the tenant has been deleted")]
    TenantDeleted,
    #[error("service keys must name the tenant they act for in the X-Penguin-Tenant header")]
    TenantHeaderMissing,
    #[error("X-Penguin-Tenant must be a tenant id (a UUID)")]
    TenantHeaderInvalid,
    #[error("X-Penguin-Tenant names no tenant this key can act for")]
    TenantUnknown,
    #[error("this endpoint needs a {needed} key; this is a {actual} key")]
    WrongKind {
        needed: &'static str,
        actual: &'static str,
    },
    #[error("this action needs the {needed} role or higher; the key has the {actual} role")]
    Role {
        needed: &'static str,
        actual: &'static str,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl Principal {
    /// The audit actor for this caller.
    pub fn actor(&self, request_id: Option<String>) -> Actor {
        Actor {
            key_id: Some(self.key_id),
            label: format!("key:{}", self.key_prefix),
            user: self.user.clone(),
            request_id,
        }
    }

    /// The tenant this caller acts in, when any.
    pub fn tenant_id(&self) -> Option<Uuid> {
        match &self.access {
            Access::Tenant { scope, .. }
            | Access::Service {
                tenant: ServiceTenant::Resolved(scope),
            } => Some(scope.tenant_id()),
            _ => None,
        }
    }

    /// Requires a platform key with at least `needed`.
    pub fn platform(&self, needed: PlatformRole) -> Result<PlatformRole, AuthError> {
        match &self.access {
            Access::Platform { role } if *role >= needed => Ok(*role),
            Access::Platform { role } => Err(AuthError::Role {
                needed: platform_role_name(needed),
                actual: platform_role_name(*role),
            }),
            _ => Err(AuthError::WrongKind {
                needed: "platform",
                actual: self.kind.as_str(),
            }),
        }
    }

    /// Requires a tenant key with at least `needed`, or a service key that named a tenant.
    /// Service keys act with full rights; the backend behind them enforces its users' roles.
    pub fn tenant(&self, needed: TenantRole) -> Result<TenantScope, AuthError> {
        match &self.access {
            Access::Tenant { scope, role } if *role >= needed => Ok(*scope),
            Access::Tenant { role, .. } => Err(AuthError::Role {
                needed: tenant_role_name(needed),
                actual: tenant_role_name(*role),
            }),
            Access::Service { tenant } => tenant.scope(),
            Access::Platform { .. } => Err(AuthError::WrongKind {
                needed: "tenant or service",
                actual: "platform",
            }),
        }
    }
}

fn platform_role_name(role: PlatformRole) -> &'static str {
    match role {
        PlatformRole::Operator => "operator",
        PlatformRole::Admin => "admin",
    }
}

fn tenant_role_name(role: TenantRole) -> &'static str {
    match role {
        TenantRole::Viewer => "viewer",
        TenantRole::Member => "member",
        TenantRole::Admin => "admin",
        TenantRole::Owner => "owner",
    }
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: Uuid,
    hash: Vec<u8>,
    kind: String,
    role: String,
    tenant_id: Option<Uuid>,
    tenant_status: Option<String>,
    tenant_deleted: Option<bool>,
}

/// Resolves a bearer key (and, for service keys, the tenant and user headers).
pub async fn authenticate(
    pool: &PgPool,
    bearer: &str,
    tenant_header: Option<&str>,
    user_header: Option<&str>,
) -> Result<Principal, AuthError> {
    let prefix = parse_prefix(bearer).ok_or(AuthError::Invalid)?;
    let row = sqlx::query_as::<_, KeyRow>(
        "SELECT k.id, k.hash, k.kind, k.role, k.tenant_id, t.status AS tenant_status, \
         (t.deleted_at IS NOT NULL) AS tenant_deleted \
         FROM api_keys k LEFT JOIN tenants t ON t.id = k.tenant_id \
         WHERE k.prefix = $1 AND k.revoked_at IS NULL",
    )
    .bind(prefix)
    .fetch_optional(pool)
    .await?
    .ok_or(AuthError::Invalid)?;
    if !bool::from(row.hash.as_slice().ct_eq(&hash_key(bearer))) {
        return Err(AuthError::Invalid);
    }
    let role = Role::parse(&row.role).ok_or(AuthError::Invalid)?;

    let (kind, access) = match (row.kind.as_str(), row.tenant_id) {
        ("platform", _) => {
            let role = role.platform().ok_or(AuthError::Invalid)?;
            (KeyKind::Platform, Access::Platform { role })
        }
        ("tenant", Some(tenant_id)) => {
            check_tenant(
                row.tenant_status.as_deref(),
                row.tenant_deleted.unwrap_or(false),
            )?;
            let role = role.tenant().ok_or(AuthError::Invalid)?;
            (
                KeyKind::Tenant,
                Access::Tenant {
                    scope: TenantScope::new(tenant_id),
                    role,
                },
            )
        }
        ("service", _) => {
            let tenant = match tenant_header {
                None => ServiceTenant::Missing,
                Some(header) => resolve_service_tenant(pool, header).await?,
            };
            (KeyKind::Service, Access::Service { tenant })
        }
        _ => return Err(AuthError::Invalid),
    };
    touch(pool.clone(), row.id);

    let user = match kind {
        KeyKind::Service => user_header.map(|u| u.chars().take(200).collect()),
        _ => None,
    };
    Ok(Principal {
        key_id: row.id,
        key_prefix: prefix.to_owned(),
        kind,
        access,
        user,
    })
}

/// Resolves a platform key by its id, for a browser session that signed in with the key: the
/// key must still exist, be a platform key and not be revoked.
pub async fn platform_key_by_id(pool: &PgPool, key_id: Uuid) -> Result<Principal, AuthError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT prefix, role FROM api_keys \
         WHERE id = $1 AND kind = 'platform' AND revoked_at IS NULL",
    )
    .bind(key_id)
    .fetch_optional(pool)
    .await?;
    let (prefix, role) = row.ok_or(AuthError::Invalid)?;
    let role = Role::parse(&role)
        .and_then(Role::platform)
        .ok_or(AuthError::Invalid)?;
    touch(pool.clone(), key_id);
    Ok(Principal {
        key_id,
        key_prefix: prefix,
        kind: KeyKind::Platform,
        access: Access::Platform { role },
        user: None,
    })
}

fn check_tenant(status: Option<&str>, deleted: bool) -> Result<(), AuthError> {
    if deleted {
        return Err(AuthError::TenantDeleted);
    }
    match status {
        Some("active") => Ok(()),
        Some("suspended") => Err(AuthError::TenantSuspended),
        _ => Err(AuthError::TenantUnknown),
    }
}

async fn resolve_service_tenant(pool: &PgPool, header: &str) -> Result<ServiceTenant, AuthError> {
    let Ok(tenant_id) = Uuid::parse_str(header.trim()) else {
        return Ok(ServiceTenant::Invalid);
    };
    let row: Option<(String, bool)> =
        sqlx::query_as("SELECT status, deleted_at IS NOT NULL FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_optional(pool)
            .await?;
    Ok(match row {
        None => ServiceTenant::Unknown,
        Some((_, true)) => ServiceTenant::Deleted,
        Some((status, false)) if status == "suspended" => ServiceTenant::Suspended,
        Some(_) => ServiceTenant::Resolved(TenantScope::new(tenant_id)),
    })
}

/// Records when a key was last used, at most once a minute per key, off the request path.
fn touch(pool: PgPool, key_id: Uuid) {
    tokio::spawn(async move {
        let result = sqlx::query(
            "UPDATE api_keys SET last_used_at = now() WHERE id = $1 \
             AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
        )
        .bind(key_id)
        .execute(&pool)
        .await;
        if let Err(err) = result {
            tracing::debug!(key.id = %key_id, error = %err, "could not record key use");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_hash_consistently() {
        let key = generate_key(KeyKind::Tenant);
        assert!(key.plaintext.starts_with("pmt_"));
        assert_eq!(parse_prefix(&key.plaintext), Some(key.prefix.as_str()));
        assert_eq!(hash_key(&key.plaintext), key.hash);
        assert_ne!(generate_key(KeyKind::Tenant).plaintext, key.plaintext);
        assert!(!format!("{key:?}").contains(&key.plaintext));
    }

    #[test]
    fn malformed_keys_have_no_prefix() {
        for bad in [
            "",
            "pmt_",
            "pmx_abcdefgh_x",
            "Bearer",
            "pmt_abc_def",
            "pmt_abcdefg!_x",
        ] {
            assert_eq!(parse_prefix(bad), None, "{bad}");
        }
    }

    #[test]
    fn roles_fit_their_kinds() {
        assert!(Role::Admin.fits(KeyKind::Platform));
        assert!(Role::Admin.fits(KeyKind::Tenant));
        assert!(!Role::Owner.fits(KeyKind::Platform));
        assert!(!Role::Operator.fits(KeyKind::Tenant));
        assert!(Role::Service.fits(KeyKind::Service));
        assert!(!Role::Viewer.fits(KeyKind::Service));
    }
}
