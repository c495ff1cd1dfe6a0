//! One HTTP exchange: the request as reqwest sends it (URL, method, body, trace headers) and
//! the response read under the body cap. The send loop in `mod.rs` decides what happens next.

use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};

use super::classify::{map_error, Failure};
use super::response::{read_body, Response};
use super::{connect_gate, h2, Transport};
use crate::error::Error;
use crate::request::{Method, Request};

impl Transport {
    /// One HTTP exchange; any status is a response here.
    pub(super) async fn attempt(
        &self,
        request: &Request,
        extra_headers: &[(HeaderName, HeaderValue)],
    ) -> std::result::Result<Response, Failure> {
        let mut url = self.url_for(&request.path);
        if let Some(query) = &request.query {
            url.set_query(Some(query));
        }
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let response = self
            .send_resending(method, url, request, extra_headers)
            .await?;
        let status = response.status().as_u16();
        let http_version = h2::version_name(response.version());
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect::<Vec<_>>();
        let body = match read_body(response).await {
            Ok(body) => body,
            Err(mut failure) => {
                if let Error::InvalidResponse {
                    status: s,
                    headers: h,
                    ..
                } = &mut failure.error
                {
                    *s = status;
                    *h = headers;
                }
                return Err(failure);
            }
        };
        Ok(Response {
            status,
            headers,
            body,
            attempts: 0,
            http_version,
        })
    }

    /// Sends one request, again at once (up to `h2::RESENDS` times) when it provably went
    /// unprocessed: declined by the server ([`h2::declined`]), or its connect dropped because a
    /// `GOAWAY` made the pool replace its client ([`connect_gate::superseded`]).
    async fn send_resending(
        &self,
        method: reqwest::Method,
        url: reqwest::Url,
        request: &Request,
        extra_headers: &[(HeaderName, HeaderValue)],
    ) -> std::result::Result<reqwest::Response, Failure> {
        let mut resends = 0;
        loop {
            let (http, generation) = self.pool.client();
            let mut builder = http.request(method.clone(), url.clone());
            if let Some(body) = &request.body {
                builder = builder
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            for (name, value) in extra_headers {
                builder = builder.header(name, value);
            }
            let e = match builder.send().await {
                Ok(response) => return Ok(response),
                Err(e) => e,
            };
            let declined = h2::declined(&e, self.pool.is_http2())
                .or_else(|| connect_gate::superseded(&e).then_some(h2::Declined::Stream));
            match declined {
                Some(declined) if resends < h2::RESENDS => {
                    resends += 1;
                    if declined == h2::Declined::Connection {
                        self.pool.renew(generation);
                    }
                }
                _ => {
                    return Err(h2::stream_failure(&e)
                        .or_else(|| self.pool.never_written(&e))
                        .unwrap_or_else(|| map_error(e)))
                }
            }
        }
    }

    /// The base URL with `path` (already percent-encoded, no query: see `ApiPath`) appended to
    /// its own path; the same URL as parsing `base_url + path`.
    fn url_for(&self, path: &str) -> reqwest::Url {
        let mut url = self.base.clone();
        let base_path = url.path().trim_end_matches('/');
        if base_path.is_empty() {
            url.set_path(path);
        } else {
            let joined = format!("{base_path}{path}");
            url.set_path(&joined);
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn request_urls_match_parsing_base_plus_path() {
        let paths = [
            crate::path::ApiPath::new("transaction").into_string(),
            crate::path::ApiPath::new("transaction")
                .id("uuid", "../merchant?x=1#f %2F é")
                .unwrap()
                .into_string(),
            crate::path::ApiPath::new("terminal")
                .id("id", "S1F2-000158")
                .unwrap()
                .lit("cancel")
                .into_string(),
        ];
        for base in [
            "http://127.0.0.1:3000",
            "http://localhost:8080/",
            "https://api.example.com/prefix",
            "https://API.Exämple.com:443/a/b/",
            "http://[::1]:9/v",
        ] {
            let config = Config::builder().base_url(base).token("t").build().unwrap();
            let transport = Transport::new(&config).unwrap();
            for path in &paths {
                let expected =
                    reqwest::Url::parse(&format!("{}{}", transport.base_url(), path)).unwrap();
                assert_eq!(transport.url_for(path), expected, "{base} + {path}");
            }
        }
    }
}
