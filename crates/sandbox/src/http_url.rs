//! The URLs the API takes (`successUrl`, `failureUrl`, `webhookUrl`): `http://` or `https://`, a
//! host name (letters, digits and inner hyphens, dot-separated, the last label starting with a
//! letter; an international name in its `xn--` form), a dotted IPv4 address or `[::1]`, an
//! optional port (1-65535), then optionally a path, query or fragment without spaces or control
//! characters. A URL parser alone takes far more (`https://host*`, spaces and tabs it drops or
//! encodes): addresses that cannot receive a redirect or a webhook. The same rule is the pattern
//! of `openapi.json` (`crates/openapi/src/requests.rs`); `__test__/openapi.test.js` holds the two
//! to the same verdicts.

/// Whether `text` is such a URL.
pub fn is_plain(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.strip_prefix("[::1]") {
        Some(after) => ("[::1]", after),
        None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let host_ok = host == "[::1]" || is_ipv4(host) || is_domain(host);
    let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(is_port);
    host_ok && port_ok && !tail.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part.len() == 1 || !part.starts_with('0'))
                && part.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_port(port: &str) -> bool {
    !port.is_empty()
        && !port.starts_with('0')
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::is_plain;

    #[test]
    fn plain_urls_pass() {
        for url in [
            "https://clinic.example/paid?ref=INV-1&x=%20#top",
            "http://localhost:3000",
            "http://127.0.0.1:65535/hook",
            "http://[::1]:8080/",
            "https://my-clinic.co.uk",
            "https://A.B2",
            "https://xn--bcher-kva.example/é?q=ü",
        ] {
            assert!(is_plain(url), "{url}");
        }
    }

    #[test]
    fn what_cannot_be_reached_is_refused() {
        for url in [
            "https://GA.n.xsVFS*",
            "https://J.oan52.Z.0:6",
            "ftp://clinic.example",
            "HTTPS://clinic.example",
            " https://clinic.example",
            "https://clinic.example/a b",
            "https://clinic.example/\t",
            "https://bücher.example",
            "https://clinic.example/\u{7f}",
            "https://-a.example",
            "https://a..example",
            "https://clinic.example:0",
            "https://clinic.example:65536",
            "https://clinic.example:080",
            "https://clinic.example:",
            "http://256.1.1.1",
            "http://01.1.1.1",
            "http://[::2]",
            "https://",
            "https://user@clinic.example",
        ] {
            assert!(!is_plain(url), "{url}");
        }
    }
}
