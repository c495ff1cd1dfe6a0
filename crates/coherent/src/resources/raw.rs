//! `request`: a raw request to an endpoint this client does not wrap yet, under the same rules
//! as every wrapped one (token, escaping, validation, retries by method, timeouts, hooks,
//! errors). Its answer is the parsed JSON body, not shaped ([`Shape::Json`]).
//!
//! The caller's path is a template under the base URL: literal segments are checked, never
//! encoded (so what is written is what is sent), and each `{name}` segment is replaced by
//! `params.name` percent-encoded as one segment, exactly as wrapped methods encode ids.

use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::path::{encode_component, push_id, PathTemplate};
use crate::request::{Method, Request};
use crate::shape::Shape;
use crate::validate::JsonBody;

/// The methods a raw request may use.
pub const METHODS: &[Method] = &[
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Patch,
    Method::Delete,
];

/// What a caller asks for; [`build`] checks all of it before any I/O.
#[derive(Debug, Clone, Default)]
pub struct RawRequest {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`, in any case.
    pub method: String,
    /// A path under the base URL, e.g. `/api/v1/invoice/{uuid}`.
    pub path: String,
    /// The values of the path's `{name}` placeholders.
    pub params: Vec<(String, String)>,
    /// Query parameters, in order, as text.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any (never on GET).
    pub body: Option<JsonBody>,
}

/// Checks `raw` and builds its request; every problem names its field (`method`, `path`,
/// `params.x`, `query`, `body`). For tracing, a raw request's operation is `request` and its
/// path template is `raw.path` as given (placeholders unfilled, so no ids).
pub fn build(raw: RawRequest) -> Result<Request> {
    let method = method(&raw.method)?;
    let path = fill_path(&raw.path, &raw.params)?;
    if method == Method::Get && raw.body.is_some() {
        return Err(Error::validation(
            "body",
            "body is not allowed on a GET request (use query for parameters)",
        ));
    }
    let query = query_string(&raw.query)?;
    Ok(Request {
        method,
        path,
        template: PathTemplate::Caller(raw.path.as_str().into()),
        query,
        body: raw.body.map(JsonBody::into_text),
        shape: Shape::Json,
    })
}

fn method(name: &str) -> Result<Method> {
    METHODS
        .iter()
        .copied()
        .find(|m| m.as_str().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            Error::validation(
                "method",
                "method must be one of GET, POST, PUT, PATCH, DELETE (any case)",
            )
        })
}

/// Characters a literal path segment may hold besides ASCII letters and digits: RFC 3986's
/// `pchar` without `%`, so a literal never carries an escape a server could decode into `/` or
/// `..`.
const LITERAL_PUNCTUATION: &str = "-._~!$&'()*+,;=:@";

/// The encoded path: `template` checked and its placeholders filled from `params`.
fn fill_path(template: &str, params: &[(String, String)]) -> Result<String> {
    let bad = |why: &str| Error::validation("path", format!("path {why}"));
    let Some(rest) = template.strip_prefix('/') else {
        return Err(bad(
            "must start with '/': a path under the base URL, e.g. '/api/v1/invoice/{uuid}'",
        ));
    };
    if let Some(c) = template.chars().find(|c| !allowed_in_template(*c)) {
        return Err(bad(&match c {
            '?' | '#' => format!("must not contain '{c}': pass query parameters as `query`"),
            '%' => {
                "must not contain '%': put ids in `params` ({name} segments), which encodes them"
                    .into()
            }
            ' ' => "must not contain spaces: put ids in `params` ({name} segments)".into(),
            '\\' => "must not contain a backslash".into(),
            c if c.is_control() => "must not contain control characters".into(),
            c => format!(
                "must not contain {c:?}: literal segments hold letters, digits and \
                 {LITERAL_PUNCTUATION}; put anything else in `params`"
            ),
        }));
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let mut out = String::with_capacity(template.len() + 32);
    let mut used = vec![false; params.len()];
    for (i, segment) in segments.iter().enumerate() {
        out.push('/');
        if segment.is_empty() && i + 1 < segments.len() {
            return Err(bad("must not contain empty segments ('//')"));
        }
        if *segment == "." || *segment == ".." {
            return Err(bad("must not contain '.' or '..' segments"));
        }
        match placeholder(segment) {
            Some(name) => {
                let field = format!("params.{name}");
                let at = params.iter().position(|(k, _)| k == name).ok_or_else(|| {
                    Error::validation(
                        &field,
                        format!("{field} is missing: path has a {{{name}}} segment"),
                    )
                })?;
                used[at] = true;
                push_id(&mut out, &field, &params[at].1)?;
            }
            None if segment.contains(['{', '}']) => {
                return Err(bad(
                    "placeholders must be whole segments of a name: '/{name}/', \
                     name of letters, digits and '_'",
                ))
            }
            None => out.push_str(segment),
        }
    }
    if let Some(at) = used.iter().position(|u| !u) {
        let field = format!("params.{}", params[at].0);
        return Err(Error::validation(
            &field,
            format!(
                "{field} is not used: path has no {{{}}} segment",
                params[at].0
            ),
        ));
    }
    Ok(out)
}

fn allowed_in_template(c: char) -> bool {
    c.is_ascii_alphanumeric() || LITERAL_PUNCTUATION.contains(c) || matches!(c, '/' | '{' | '}')
}

/// `name` when `segment` is `{name}` (letters, digits, `_`; not starting with a digit).
fn placeholder(segment: &str) -> Option<&str> {
    let name = segment.strip_prefix('{')?.strip_suffix('}')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let ok = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

/// `key=value&...`, each part encoded as `encodeURIComponent` does; `None` when empty.
fn query_string(query: &[(String, String)]) -> Result<Option<String>> {
    let mut out = String::new();
    for (key, value) in query {
        if key.is_empty() {
            return Err(Error::validation("query", "query keys must be non-empty"));
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&format!(
            "{}={}",
            encode_component(key),
            encode_component(value)
        ));
    }
    Ok((!out.is_empty()).then_some(out))
}

impl Client {
    /// Sends a raw request (see [`build`]) and returns its parsed JSON body (`null` when empty).
    pub async fn request(&self, raw: RawRequest) -> Result<Value> {
        Ok(self.execute(build(raw)?).await?.unwrap_or(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(method: &str, path: &str, params: &[(&str, &str)]) -> RawRequest {
        RawRequest {
            method: method.into(),
            path: path.into(),
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..RawRequest::default()
        }
    }

    fn field(result: Result<Request>) -> String {
        match result {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn methods_in_any_case_and_only_the_five() {
        for (name, method) in [
            ("get", Method::Get),
            ("POST", Method::Post),
            ("Put", Method::Put),
            ("patch", Method::Patch),
            ("DELETE", Method::Delete),
        ] {
            assert_eq!(build(raw(name, "/x", &[])).unwrap().method, method);
        }
        for bad in ["", "HEAD", "OPTIONS", "CONNECT", "GET ", "TRACE", "GÉT"] {
            assert_eq!(field(build(raw(bad, "/x", &[]))), "method", "{bad:?}");
        }
    }

    #[test]
    fn placeholders_are_filled_with_one_escaped_segment_each() {
        let r = build(raw(
            "get",
            "/api/v1/invoice/{uuid}/line/{line_2}",
            &[("line_2", "a b/ü"), ("uuid", "../merchant?x=1#f")],
        ))
        .unwrap();
        assert_eq!(
            r.path,
            "/api/v1/invoice/..%2Fmerchant%3Fx%3D1%23f/line/a%20b%2F%C3%BC"
        );
        assert_eq!(r.query, None);
        assert_eq!(r.shape, Shape::Json);
        let same = build(raw("get", "/a/{id}/b/{id}/", &[("id", "%2e%2E")])).unwrap();
        assert_eq!(same.path, "/a/%252e%252E/b/%252e%252E/");
        assert_eq!(build(raw("get", "/", &[])).unwrap().path, "/");
        let literal = build(raw("get", "/v1/a-b_c.d~e!$&'()*+,;=:@", &[])).unwrap();
        assert_eq!(literal.path, "/v1/a-b_c.d~e!$&'()*+,;=:@");
    }

    #[test]
    fn bad_paths_and_params_name_their_field() {
        for bad in [
            "",
            "api/v1/x",
            "https://evil.example/x",
            "//evil.example/x",
            "/a//b",
            "/a/../b",
            "/a/./b",
            "/..",
            "/a?b=1",
            "/a#f",
            "/a%2F..",
            "/a b",
            "/a\\b",
            "/a\nb",
            "/a\u{7f}",
            "/é",
            "/a\"b",
            "/a<b>",
            "/x{id}",
            "/{id}x",
            "/{1d}",
            "/{}",
            "/{a-b}",
            "/{{id}}",
        ] {
            assert_eq!(
                field(build(raw("GET", bad, &[("id", "1")]))),
                "path",
                "{bad:?}"
            );
        }
        assert_eq!(field(build(raw("GET", "/a/{id}", &[]))), "params.id");
        assert_eq!(
            field(build(raw("GET", "/a", &[("uuid", "u")]))),
            "params.uuid"
        );
        for bad_id in ["", ".", ".."] {
            assert_eq!(
                field(build(raw("GET", "/a/{id}", &[("id", bad_id)]))),
                "params.id"
            );
        }
    }

    #[test]
    fn query_is_encoded_in_order_and_kept_apart_from_the_path() {
        let mut r = raw("GET", "/api/v1/x", &[]);
        r.query = vec![
            ("status".into(), "paid".into()),
            ("q".into(), "a b&c=d/é?#".into()),
            ("n".into(), "10".into()),
        ];
        let built = build(r.clone()).unwrap();
        assert_eq!(built.path, "/api/v1/x");
        assert_eq!(
            built.query.as_deref(),
            Some("status=paid&q=a%20b%26c%3Dd%2F%C3%A9%3F%23&n=10")
        );
        r.query = vec![(String::new(), "v".into())];
        assert_eq!(field(build(r)), "query");
    }

    #[test]
    fn bodies_are_sent_verbatim_but_never_on_get() {
        let body = || JsonBody::parse("body", r#"{"b":1,"a":[true,null]}"#.into()).unwrap();
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let mut r = raw(method, "/x", &[]);
            r.body = Some(body());
            assert_eq!(
                build(r).unwrap().body.as_deref(),
                Some(r#"{"b":1,"a":[true,null]}"#)
            );
        }
        assert_eq!(build(raw("POST", "/x", &[])).unwrap().body, None);
        let mut get = raw("GET", "/x", &[]);
        get.body = Some(body());
        assert_eq!(field(build(get)), "body");
    }
}
