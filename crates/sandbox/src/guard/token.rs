//! The start-up token of a sandbox listening beyond loopback (`--allow-remote`). Scripts send
//! `Authorization: Bearer TOKEN`; a browser opens any guarded page once with `?token=TOKEN`,
//! which sets an HttpOnly, SameSite=Strict cookie and redirects to the same page without it
//! (so the token leaves the address bar and history).

use axum::extract::Request;
use axum::http::HeaderMap;

const COOKIE: &str = "coherent_sandbox_token";

#[derive(Debug)]
pub struct RemoteToken(String);

/// What the token check decided.
pub enum Verdict {
    Pass,
    /// Redirect to `location`, setting the cookie.
    SetCookie {
        location: String,
        cookie: String,
    },
    Refuse(&'static str),
}

/// The dashboard (`/`, `/dashboard/...`) and the control routes but their health check.
pub fn guards(path: &str) -> bool {
    path == "/"
        || path == "/dashboard"
        || path.starts_with("/dashboard/")
        || (path.starts_with("/sandbox/") && path != "/sandbox/health")
}

impl RemoteToken {
    /// 32 random hex characters.
    pub fn random() -> RemoteToken {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).expect("the system has a random source");
        RemoteToken(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn check(&self, request: &Request) -> Verdict {
        let headers = request.headers();
        if self.in_authorization(headers) || self.in_cookie(headers) {
            return Verdict::Pass;
        }
        let uri = request.uri();
        let query = uri.query().unwrap_or("");
        let offered = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="));
        match offered {
            Some(offered) if request.method() == axum::http::Method::GET && self.is(offered) => {
                let rest: Vec<&str> = query
                    .split('&')
                    .filter(|pair| !pair.starts_with("token=") && !pair.is_empty())
                    .collect();
                let mut location = uri.path().to_string();
                if !rest.is_empty() {
                    location.push('?');
                    location.push_str(&rest.join("&"));
                }
                Verdict::SetCookie {
                    location,
                    cookie: format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", self.0),
                }
            }
            _ => Verdict::Refuse(
                "this sandbox listens beyond loopback: send the token printed at start-up \
(Authorization: Bearer TOKEN), or open the dashboard once with ?token=TOKEN",
            ),
        }
    }

    fn in_authorization(&self, headers: &HeaderMap) -> bool {
        headers
            .get_all("authorization")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .any(|offered| self.is(offered.trim()))
    }

    fn in_cookie(&self, headers: &HeaderMap) -> bool {
        headers
            .get_all("cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
            .any(|offered| self.is(offered))
    }

    /// Compares in time independent of where the first difference is.
    fn is(&self, offered: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), offered.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_paths_follow_the_url_layout() {
        for path in [
            "/",
            "/dashboard",
            "/dashboard/clinics",
            "/sandbox/reset",
            "/sandbox/clock",
        ] {
            assert!(guards(path), "{path}");
        }
        for path in [
            "/sandbox/health",
            "/api/v1/transaction",
            "/checkout/transaction/x",
            "/_assets/a.css",
            "/dashboardx",
        ] {
            assert!(!guards(path), "{path}");
        }
    }

    #[test]
    fn tokens_are_random_hex_and_compared_whole() {
        let token = RemoteToken::random();
        assert_eq!(token.as_str().len(), 32);
        assert!(token.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(token.as_str(), RemoteToken::random().as_str());
        assert!(token.is(token.as_str()));
        assert!(!token.is(&token.as_str()[..31]) && !token.is(""));
    }
}
