//! The guard on outbound webhook requests: they may only reach global unicast addresses, so a
//! tenant cannot point the daemon at loopback, private networks, link-local addresses (cloud
//! metadata at 169.254.169.254) or other non-global ranges. URLs are checked when an endpoint
//! is saved, and every connection is checked again after DNS resolution, against the address
//! actually connected to (see [`GuardedResolver`]), so a name that later resolves elsewhere
//! (DNS rebinding) is still refused. An operator's allowlist of host names and CIDR ranges
//! lets chosen targets through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use url::{Host, Url};

/// Whether an address is a global unicast address that webhooks may reach.
pub fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_global_v4(v4),
        IpAddr::V6(v6) => is_global_v6(v6),
    }
}

fn is_global_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let refused = a == 0 // "this network", including the unspecified address
        || a == 10 // private
        || a == 127 // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168) // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224; // multicast, reserved and broadcast
    !refused
}

fn is_global_v6(ip: Ipv6Addr) -> bool {
    // IPv4 inside IPv6 (mapped, compatible, the NAT64 prefix): judged as the IPv4 address.
    let segments = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_global_v4(v4);
    }
    if segments[..6] == [0, 0, 0, 0, 0, 0] {
        // `::`, `::1` and the deprecated IPv4-compatible addresses.
        return false;
    }
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = segments[6].to_be_bytes();
        let [c, d] = segments[7].to_be_bytes();
        return is_global_v4(Ipv4Addr::new(a, b, c, d));
    }
    let first = segments[0];
    // Only 2000::/3 is global unicast; inside it, a few special ranges are not.
    if first & 0xe000 != 0x2000 {
        return false;
    }
    let special = match first {
        // IETF protocol assignments (Teredo among them), and documentation.
        0x2001 => segments[1] < 0x0200 || segments[1] == 0x0db8,
        // 6to4: the IPv4 address inside may be anything.
        0x2002 => true,
        // Documentation.
        0x3fff => segments[1] < 0x1000,
        _ => false,
    };
    !special
}

/// One allowlist entry: a CIDR range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr.parse::<IpAddr>().ok()?, Some(prefix.parse().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let ip = match (self.addr, ip) {
            (IpAddr::V4(_), IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            _ => ip,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Targets the guard lets through although they are not global: host names (exactly, without
/// regard to case) and CIDR ranges. Empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowlist {
    hosts: Vec<String>,
    nets: Vec<Net>,
}

impl Allowlist {
    /// Reads a comma-separated list such as `hooks.internal, 10.1.0.0/16, 127.0.0.1`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut list = Self::default();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Some(net) = Net::parse(entry) {
                list.nets.push(net);
            } else if entry.contains('/') {
                return Err(format!("'{entry}' is not a CIDR range like 10.0.0.0/8"));
            } else if entry
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c))
            {
                list.hosts.push(entry.to_ascii_lowercase());
            } else {
                return Err(format!("'{entry}' is neither a host name nor a CIDR range"));
            }
        }
        Ok(list)
    }

    fn allows_host(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    fn allows_ip(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|net| net.contains(ip))
    }

    /// Whether a connection to `ip`, found for `host`, may be made.
    pub fn permits(&self, host: &str, ip: IpAddr) -> bool {
        is_global(ip) || self.allows_host(host) || self.allows_ip(ip)
    }
}

/// Why a URL or an address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("must be an absolute http or https URL")]
    Scheme,
    #[error("must not contain a user name or password")]
    Credentials,
    #[error("must name a host")]
    NoHost,
    /// A host named by its address says which; a name does not tell what it resolves to, so
    /// that the answer cannot be used to map private names.
    #[error("{}", address_refusal(host, ip))]
    Address { host: String, ip: IpAddr },
    #[error("{0} cannot be resolved")]
    Unresolved(String),
}

fn address_refusal(host: &str, ip: &IpAddr) -> String {
    let hint = "an operator can allow it with PENGUIN_WEBHOOK_ALLOWLIST";
    if host.parse::<IpAddr>().is_ok_and(|parsed| parsed == *ip) {
        format!("{host} is not a public address; {hint}")
    } else {
        format!("{host} does not resolve to a public address; {hint}")
    }
}

/// The host of a URL as resolvers and the allowlist see it (IPv6 without brackets).
fn host_of(url: &Url) -> Result<Host<String>, Refused> {
    url.host().map(|h| h.to_owned()).ok_or(Refused::NoHost)
}

/// Checks a URL's form: http(s), a host, no credentials.
pub fn check_form(url: &Url) -> Result<(), Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Credentials);
    }
    host_of(url).map(|_| ())
}

/// Checks a URL as an endpoint is saved: its form, and every address its host is or resolves
/// to.
pub async fn check_url(url: &Url, allowlist: &Allowlist) -> Result<(), Refused> {
    check_form(url)?;
    let port = url.port_or_known_default().unwrap_or(443);
    match host_of(url)? {
        Host::Ipv4(ip) => check_ip(&ip.to_string(), IpAddr::V4(ip), allowlist),
        Host::Ipv6(ip) => check_ip(&ip.to_string(), IpAddr::V6(ip), allowlist),
        Host::Domain(name) => resolve(&name, port, allowlist).await.map(|_| ()),
    }
}

fn check_ip(host: &str, ip: IpAddr, allowlist: &Allowlist) -> Result<(), Refused> {
    if allowlist.permits(host, ip) {
        Ok(())
    } else {
        Err(Refused::Address {
            host: host.to_owned(),
            ip,
        })
    }
}

/// Resolves a host name and checks every address it has: one refused address refuses all, so
/// that which one a connection picks cannot matter.
pub async fn resolve(
    name: &str,
    port: u16,
    allowlist: &Allowlist,
) -> Result<Vec<SocketAddr>, Refused> {
    let name = name.trim_end_matches('.');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
        .await
        .map_err(|_| Refused::Unresolved(name.to_owned()))?
        .collect();
    if addrs.is_empty() {
        return Err(Refused::Unresolved(name.to_owned()));
    }
    for addr in &addrs {
        check_ip(name, addr.ip(), allowlist)?;
    }
    Ok(addrs)
}

/// The HTTP client's resolver: resolves with the system and hands the connector only checked
/// addresses, so the address connected to is the one that was checked.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    allowlist: Arc<Allowlist>,
}

impl GuardedResolver {
    pub fn new(allowlist: Arc<Allowlist>) -> Self {
        Self { allowlist }
    }
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allowlist = self.allowlist.clone();
        let name = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: the connector puts the URL's port in.
            let addrs = resolve(&name, 0, &allowlist).await?;
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_global_unicast_addresses_are_global() {
        for refused in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.1.2.3",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "2002:a00:1::1",
            "100::1",
        ] {
            assert!(!is_global(ip(refused)), "{refused} must be refused");
        }
        for allowed in [
            "1.1.1.1",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.255.255",
            "172.32.0.1",
            "169.253.1.1",
            "192.169.0.1",
            "223.255.255.254",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
        ] {
            assert!(is_global(ip(allowed)), "{allowed} must be allowed");
        }
    }

    #[test]
    fn the_allowlist_takes_hosts_and_ranges() {
        let list = Allowlist::parse(" 127.0.0.1, 10.1.0.0/16 ,hooks.internal,::1/128").unwrap();
        assert!(list.permits("127.0.0.1", ip("127.0.0.1")));
        assert!(!list.permits("127.0.0.2", ip("127.0.0.2")));
        assert!(list.permits("x", ip("10.1.200.3")));
        assert!(!list.permits("x", ip("10.2.0.1")));
        assert!(list.permits("Hooks.Internal", ip("192.168.0.9")));
        assert!(list.permits("x", ip("::1")));
        assert!(list.permits("x", ip("::ffff:127.0.0.1")));
        assert!(
            list.permits("x", ip("8.8.8.8")),
            "global addresses need no entry"
        );
        assert_eq!(Allowlist::parse("").unwrap(), Allowlist::default());
        assert!(Allowlist::parse("10.0.0.0/33").is_err());
        assert!(Allowlist::parse("not a host").is_err());
        assert!(
            Allowlist::parse("0.0.0.0/0")
                .unwrap()
                .permits("x", ip("10.0.0.1"))
        );
    }

    #[tokio::test]
    async fn urls_are_checked_by_form_and_address() {
        let none = Allowlist::default();
        let check =
            async |url: &str, list: &Allowlist| check_url(&Url::parse(url).unwrap(), list).await;
        assert_eq!(check("ftp://8.8.8.8/", &none).await, Err(Refused::Scheme));
        assert_eq!(
            check("http://u:p@8.8.8.8/", &none).await,
            Err(Refused::Credentials)
        );
        assert!(check("https://8.8.8.8/hook", &none).await.is_ok());
        for refused in [
            "http://127.0.0.1:8080/",
            "http://10.0.0.5/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:7f00:1]/",
            "http://0x7f000001/",
            "http://2130706433/",
            "http://localhost/",
        ] {
            assert!(
                matches!(check(refused, &none).await, Err(Refused::Address { .. })),
                "{refused}"
            );
        }
        let local = Allowlist::parse("127.0.0.0/8").unwrap();
        assert!(check("http://localhost:9/", &local).await.is_ok());
        assert!(check("http://127.0.0.1:9/", &local).await.is_ok());
        assert!(check("http://10.0.0.5/", &local).await.is_err());
    }

    #[tokio::test]
    async fn the_resolver_hands_out_only_checked_addresses() {
        use reqwest::dns::Resolve;
        use std::str::FromStr;

        let name = || reqwest::dns::Name::from_str("localhost").unwrap();
        let strict = GuardedResolver::new(Arc::new(Allowlist::default()));
        let refused = strict.resolve(name()).await.err().expect("refused");
        assert!(
            refused
                .to_string()
                .contains("does not resolve to a public address"),
            "{refused}"
        );
        assert!(!refused.to_string().contains("127.0.0.1"), "{refused}");
        let lenient = GuardedResolver::new(Arc::new(Allowlist::parse("localhost").unwrap()));
        let addrs: Vec<SocketAddr> = lenient.resolve(name()).await.unwrap().collect();
        assert!(!addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback()));
    }
}
