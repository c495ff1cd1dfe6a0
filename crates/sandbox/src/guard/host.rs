//! Which `Host` names this sandbox. A DNS-rebinding page reaches 127.0.0.1 under its own name
//! (`evil.example:PORT`), so a name is accepted only when it is `localhost` or was allowed; IP
//! literals cannot be rebound, so the loopback ones and the listening one are accepted (any
//! of them when listening on every interface).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::http::{HeaderMap, Uri};

#[derive(Debug)]
pub struct Hosts {
    listening: SocketAddr,
    allowed_names: Vec<String>,
}

/// Checks one `--allowed-host` value: a bare host name or IP (no scheme, port or path).
pub fn check_name(name: &str) -> Result<String, String> {
    let lower = name.trim().to_ascii_lowercase();
    let valid = !lower.is_empty()
        && lower.len() <= 253
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if valid {
        Ok(lower)
    } else {
        Err(format!(
            "{name:?} must be a host name such as \"sandbox.test\" (no scheme, port or path)"
        ))
    }
}

impl Hosts {
    pub fn new(listening: SocketAddr, allowed_names: Vec<String>) -> Hosts {
        Hosts {
            listening,
            allowed_names,
        }
    }

    /// `Err(host)` with the refused value (empty when there is none).
    pub fn check(&self, headers: &HeaderMap, uri: &Uri) -> Result<(), String> {
        let Some(host) = headers.get("host") else {
            return Err(String::new());
        };
        let host = host.to_str().map_err(|_| "(not text)".to_string())?;
        // An absolute-form request line names a host too; both must pass.
        if !self.accepts(host) || uri.authority().is_some_and(|a| !self.accepts(a.as_str())) {
            return Err(host.to_string());
        }
        Ok(())
    }

    fn accepts(&self, host: &str) -> bool {
        let Some((name, port)) = split(host) else {
            return false;
        };
        if self.allowed_names.contains(&name) {
            return true;
        }
        let port_matches = port.unwrap_or(80) == self.listening.port();
        port_matches
            && match name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
            {
                Ok(ip) => self.accepts_ip(ip),
                Err(_) => name == "localhost",
            }
    }

    fn accepts_ip(&self, ip: IpAddr) -> bool {
        let listening = self.listening.ip();
        ip == listening
            || ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
            || listening.is_unspecified()
    }
}

/// `name[:port]` or `[v6][:port]`, the name lower-cased (v6 keeps its brackets).
fn split(host: &str) -> Option<(String, Option<u16>)> {
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host.as_str(), None),
        }
    };
    if name.is_empty() || name.contains(':') && !name.starts_with('[') {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    Some((name.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(listening: &str, names: &[&str]) -> Hosts {
        Hosts::new(
            listening.parse().unwrap(),
            names.iter().map(|n| n.to_string()).collect(),
        )
    }

    #[test]
    fn loopback_names_with_the_port() {
        let h = hosts("127.0.0.1:4100", &[]);
        for ok in [
            "localhost:4100",
            "LOCALHOST:4100",
            "127.0.0.1:4100",
            "[::1]:4100",
        ] {
            assert!(h.accepts(ok), "{ok}");
        }
        for refused in [
            "evil.example:4100",
            "localhost:4101",
            "localhost",
            "127.0.0.1",
            "10.0.0.8:4100",
            "127.0.0.1:4100:1",
            "[::1:4100",
            "::1:4100",
            "localhost:",
            "localhost:+4100",
            "sub.localhost:4100",
            "",
        ] {
            assert!(!h.accepts(refused), "{refused}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        let h = hosts("127.0.0.1:80", &[]);
        assert!(h.accepts("localhost") && h.accepts("localhost:80"));
    }

    #[test]
    fn allowed_names_take_any_port_and_wildcard_binds_take_ip_literals() {
        let h = hosts("0.0.0.0:4100", &["sandbox.test"]);
        assert!(h.accepts("sandbox.test:4100") && h.accepts("Sandbox.Test:443"));
        assert!(h.accepts("192.168.1.20:4100") && h.accepts("[fe80::1]:4100"));
        assert!(!h.accepts("evil.example:4100") && !h.accepts("192.168.1.20:4101"));
        let bound = hosts("192.168.1.20:4100", &[]);
        assert!(bound.accepts("192.168.1.20:4100") && !bound.accepts("192.168.1.21:4100"));
    }

    #[test]
    fn allowed_host_values_are_bare_names() {
        assert_eq!(check_name("Sandbox.Test").unwrap(), "sandbox.test");
        for bad in ["", "http://x", "x:80", "x/y", "a b"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
