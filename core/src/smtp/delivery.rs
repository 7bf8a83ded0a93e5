//! Connecting to a mailbox's SMTP server and delivering one message over it.
//!
//! The send is split into its SMTP phases so the caller can record, just before `DATA`, that
//! the message may now reach the recipient: a connection lost after that point leaves the
//! outcome unknown, and the ledger must never send such a message again.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use serde::Serialize;

use crate::notifications::guard::Allowlist;
use crate::tenant::mailboxes::{SmtpCredentials, TlsMode};

/// How long one SMTP step (connect, a command, the message) may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// How long a server that accepted the connection may take to greet. Shorter than a
/// connection test's whole budget, so that the test can say that the port answered but is not
/// speaking SMTP.
const GREETING_TIMEOUT: Duration = Duration::from_secs(12);

/// Where a connection attempt stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Dns,
    Connect,
    Greeting,
    Tls,
    Auth,
}

/// A failed connection attempt, worded for the mailbox's owner.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConnectFailure {
    pub stage: Stage,
    pub message: String,
}

impl std::fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn fail(stage: Stage, message: String) -> ConnectFailure {
    ConnectFailure { stage, message }
}

/// Whether the daemon may connect to `ip`, found for a mailbox's `host`: public addresses and
/// this machine's loopback always; private, link-local (where clouds answer for their
/// instance metadata) and other reserved ranges only when the operator allows them.
fn reachable(allowlist: &Allowlist, host: &str, ip: IpAddr) -> bool {
    ip.is_loopback() || allowlist.permits(host, ip)
}

/// Opens an authenticated connection, saying which step failed when it does not work. Only
/// addresses that `allowlist` (`PENGUIN_SMTP_ALLOWLIST`) lets through are connected to.
pub async fn connect(
    creds: &SmtpCredentials,
    allowlist: &Allowlist,
) -> Result<AsyncSmtpConnection, ConnectFailure> {
    let target = format!("{}:{}", creds.host, creds.port);
    let addrs: Vec<SocketAddr> =
        match tokio::time::timeout(TIMEOUT, tokio::net::lookup_host(&target)).await {
            Ok(Ok(addrs)) => addrs.collect(),
            Ok(Err(err)) => {
                return Err(fail(
                    Stage::Dns,
                    format!("cannot resolve {}: {err}; check the host name", creds.host),
                ));
            }
            Err(_) => {
                return Err(fail(
                    Stage::Dns,
                    format!("resolving {} timed out", creds.host),
                ));
            }
        };
    let Some(first) = addrs.first().copied() else {
        return Err(fail(Stage::Dns, format!("{} has no address", creds.host)));
    };
    let Some(addr) = addrs
        .iter()
        .copied()
        .find(|addr| reachable(allowlist, &creds.host, addr.ip()))
    else {
        let ip = first.ip().to_string();
        let named = if ip == creds.host {
            ip
        } else {
            format!("{} is {ip}, which", creds.host)
        };
        return Err(fail(
            Stage::Connect,
            format!(
                "{named} is a private or reserved address; SMTP servers on such networks need \
                 the operator's permission (PENGUIN_SMTP_ALLOWLIST)"
            ),
        ));
    };
    let hello = ClientId::default();
    let tls = || {
        TlsParameters::new(creds.host.clone()).map_err(|err| {
            fail(
                Stage::Tls,
                format!("cannot set up TLS for {}: {err}", creds.host),
            )
        })
    };
    let implicit = match creds.tls {
        TlsMode::Tls => Some(tls()?),
        TlsMode::None | TlsMode::Starttls => None,
    };
    let mut conn = match implicit {
        Some(tls) => {
            AsyncSmtpConnection::connect_tokio1(addr, Some(TIMEOUT), &hello, Some(tls), None)
                .await
                .map_err(|err| connect_failure(&target, &err))?
        }
        None => {
            let stream = tokio::time::timeout(TIMEOUT, tokio::net::TcpStream::connect(addr))
                .await
                .map_err(|_| fail(Stage::Connect, format!("{target}: connecting timed out")))?
                .map_err(|err| {
                    fail(Stage::Connect, format!("{target}: cannot connect; check the host, the port and any firewall ({err})"))
                })?;
            // Commands and the end of DATA are small writes; without this, Nagle's algorithm
            // and delayed ACKs stall every message by tens of milliseconds.
            let _ = stream.set_nodelay(true);
            tokio::time::timeout(
                GREETING_TIMEOUT,
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello),
            )
            .await
            .map_err(|_| {
                fail(
                    Stage::Greeting,
                    format!(
                        "{target}: connected, but no SMTP greeting came within {} seconds; \
                         check that this is the server's SMTP port",
                        GREETING_TIMEOUT.as_secs()
                    ),
                )
            })?
            .map_err(|err| connect_failure(&target, &err))?
        }
    };
    if creds.tls == TlsMode::Starttls {
        if !conn.can_starttls() {
            return Err(fail(
                Stage::Tls,
                format!("{target} does not offer STARTTLS; use tls mode none or tls"),
            ));
        }
        conn.starttls(tls()?, &hello)
            .await
            .map_err(|err| fail(Stage::Tls, format!("{target}: STARTTLS failed ({err})")))?;
    }
    if let Some(username) = &creds.username {
        let credentials =
            Credentials::new(username.clone(), creds.password.clone().unwrap_or_default());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
            .map_err(|err| {
                fail(
                    Stage::Auth,
                    format!("{target}: authentication as {username} failed ({err})"),
                )
            })?;
    }
    Ok(conn)
}

fn connect_failure(target: &str, err: &lettre::transport::smtp::Error) -> ConnectFailure {
    let stage = if err.is_tls() {
        Stage::Tls
    } else if err.is_response() {
        Stage::Greeting
    } else {
        Stage::Connect
    };
    let what = match stage {
        Stage::Tls => "the TLS handshake failed; check the TLS mode and port",
        Stage::Greeting => "the server refused the greeting",
        _ => "cannot connect; check the host, the port and any firewall",
    };
    fail(stage, format!("{target}: {what} ({err})"))
}

/// What a connection test found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TestReport {
    pub ok: bool,
    /// The step that failed, when one did.
    pub stage: Option<Stage>,
    pub message: String,
    pub encrypted: bool,
}

/// How long a connection test may take in all, well inside an HTTP request's timeout.
const TEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Connects, authenticates and quits, reporting in words a user can act on.
pub async fn test(creds: &SmtpCredentials, allowlist: &Allowlist) -> TestReport {
    let attempt = tokio::time::timeout(TEST_TIMEOUT, connect(creds, allowlist))
        .await
        .unwrap_or_else(|_| {
            Err(fail(
                Stage::Connect,
                format!("{}:{}: no answer within 20 seconds", creds.host, creds.port),
            ))
        });
    match attempt {
        Ok(mut conn) => {
            let encrypted = conn.is_encrypted();
            let _ = conn.quit().await;
            let auth = if creds.username.is_some() {
                "authenticated"
            } else {
                "connected (no authentication configured)"
            };
            TestReport {
                ok: true,
                stage: None,
                message: format!("{}:{}: {auth}", creds.host, creds.port),
                encrypted,
            }
        }
        Err(failure) => TestReport {
            ok: false,
            stage: Some(failure.stage),
            message: failure.message,
            encrypted: false,
        },
    }
}

/// The outcome of one delivery attempt.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The server accepted the message.
    Accepted { code: u16, reply: String },
    /// The server refused it with a reply code.
    Refused {
        phase: &'static str,
        code: u16,
        reply: String,
    },
    /// The connection failed before DATA: nothing was sent; safe to try again.
    NotSent { reason: String },
    /// The connection failed after DATA began: the recipient may have the message.
    Unknown { reason: String },
}

/// Sends one message over an open connection. `before_data` runs after the recipient was
/// accepted and before `DATA`; when it fails, the message is not sent.
pub async fn deliver<F, E>(
    conn: &mut AsyncSmtpConnection,
    from: &Address,
    to: &Address,
    message: &[u8],
    before_data: F,
) -> Outcome
where
    F: Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    let refused_or_not_sent = |phase: &'static str, failure: Failure| match failure.code {
        Some(code) => Outcome::Refused {
            phase,
            code,
            reply: failure.text,
        },
        None => Outcome::NotSent {
            reason: format!("{phase}: {}", failure.text),
        },
    };
    if let Err(failure) = timed(conn.command(Mail::new(Some(from.clone()), vec![]))).await {
        reset(conn, &failure).await;
        return refused_or_not_sent("mail", failure);
    }
    if let Err(failure) = timed(conn.command(Rcpt::new(to.clone(), vec![]))).await {
        reset(conn, &failure).await;
        return refused_or_not_sent("rcpt", failure);
    }
    if let Err(err) = before_data.await {
        let failure = Failure {
            code: Some(0),
            text: String::new(),
        };
        reset(conn, &failure).await;
        return Outcome::NotSent {
            reason: format!("not sent: {err}"),
        };
    }
    if let Err(failure) = timed(conn.command(Data)).await {
        // The server has not received any of the message yet.
        reset(conn, &failure).await;
        return refused_or_not_sent("data", failure);
    }
    match timed(conn.message(message)).await {
        Ok(response) => Outcome::Accepted {
            code: code_number(response.code()),
            reply: response.message().collect::<Vec<_>>().join(" "),
        },
        Err(Failure {
            code: Some(code),
            text,
        }) => Outcome::Refused {
            phase: "data",
            code,
            reply: text,
        },
        Err(Failure { code: None, text }) => {
            conn.abort().await;
            Outcome::Unknown {
                reason: format!("connection lost after DATA: {text}"),
            }
        }
    }
}

/// A failed SMTP step: the reply code when the server answered, else a network failure.
struct Failure {
    code: Option<u16>,
    text: String,
}

async fn timed<T>(
    future: impl Future<Output = Result<T, lettre::transport::smtp::Error>>,
) -> Result<T, Failure> {
    match tokio::time::timeout(TIMEOUT, future).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(Failure {
            code: err.status().map(code_number),
            text: err.to_string(),
        }),
        Err(_) => Err(Failure {
            code: None,
            text: "the SMTP server did not answer in time".into(),
        }),
    }
}

/// After a refusal the session can go on with RSET; after a network failure it is dropped.
async fn reset(conn: &mut AsyncSmtpConnection, failure: &Failure) {
    if failure.code.is_none() || timed(conn.command(Rset)).await.is_err() {
        conn.abort().await;
    }
}

fn code_number(code: lettre::transport::smtp::response::Code) -> u16 {
    code.to_string().parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_loopback_servers_are_reachable_private_ones_only_when_allowed() {
        let none = Allowlist::default();
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        assert!(reachable(&none, "127.0.0.1", ip("127.0.0.1")));
        assert!(reachable(&none, "localhost", ip("::1")));
        assert!(reachable(&none, "smtp.example.com", ip("203.0.114.7")));
        for private in [
            "10.0.0.5",
            "192.168.1.2",
            "169.254.169.254",
            "100.64.0.1",
            "fd00::1",
        ] {
            assert!(!reachable(&none, "relay", ip(private)), "{private}");
        }
        let allowed = Allowlist::parse("10.0.0.0/8, relay.internal").unwrap();
        assert!(reachable(&allowed, "relay", ip("10.0.0.5")));
        assert!(reachable(&allowed, "relay.internal", ip("192.168.1.2")));
        assert!(!reachable(&allowed, "relay", ip("169.254.169.254")));
    }
}
