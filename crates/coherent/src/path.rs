//! API paths with per-segment percent-encoding, so an id can never leave its template. Each
//! [`ApiPath`] also keeps its [`PathTemplate`] (`/api/v1/transaction/{uuid}`), built by the same
//! calls as the path, so traces can name the endpoint without its ids.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};

/// Everything `encodeURIComponent` escapes: all but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
/// Real ids (UUIDs, `S1F2-000158...` terminal ids) are left byte-identical.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The most segments after the resource any endpoint has (`merchant/{m}/account/{a}/api-key`).
const MAX_SEGMENTS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    Literal(&'static str),
    Id(&'static str),
}

/// A path with its ids left as `{name}`, written out (`to_string()`) only for a trace: a wrapped
/// endpoint's (static pieces, no allocation) or a raw request's path as its caller wrote it
/// (`coherent.request`: placeholders unfilled, so no ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathTemplate {
    Api(ApiTemplate),
    Caller(std::sync::Arc<str>),
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathTemplate::Api(template) => template.fmt(f),
            PathTemplate::Caller(path) => f.write_str(path),
        }
    }
}

/// A wrapped endpoint's template: static pieces only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiTemplate {
    resource: &'static str,
    segments: [Segment; MAX_SEGMENTS],
    len: usize,
}

impl fmt::Display for ApiTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/api/v1/{}", self.resource)?;
        for segment in &self.segments[..self.len] {
            match segment {
                Segment::Literal(s) => write!(f, "/{s}")?,
                Segment::Id(name) => write!(f, "/{{{name}}}")?,
            }
        }
        Ok(())
    }
}

impl ApiTemplate {
    fn push(&mut self, segment: Segment) {
        // A longer path than any endpoint has is a bug in our own tables, caught by the test
        // over every endpoint (the template would stop short of the path).
        debug_assert!(
            self.len < MAX_SEGMENTS,
            "path template over {MAX_SEGMENTS} segments"
        );
        if let Some(slot) = self.segments.get_mut(self.len) {
            *slot = segment;
            self.len += 1;
        }
    }
}

/// Builds `/api/v1/...` from literal segments and caller-supplied ids, and its template.
#[derive(Debug)]
pub struct ApiPath {
    path: String,
    template: ApiTemplate,
}

impl ApiPath {
    pub fn new(resource: &'static str) -> Self {
        ApiPath {
            path: format!("/api/v1/{resource}"),
            template: ApiTemplate {
                resource,
                segments: [Segment::Literal(""); MAX_SEGMENTS],
                len: 0,
            },
        }
    }

    /// Appends a literal segment from our own templates.
    pub fn lit(mut self, segment: &'static str) -> Self {
        self.path.push('/');
        self.path.push_str(segment);
        self.template.push(Segment::Literal(segment));
        self
    }

    /// Appends a caller-supplied id, named `field` in errors: see [`push_id`]. The template shows
    /// the id as `{field}`.
    pub fn id(mut self, field: &'static str, value: &str) -> Result<Self> {
        self.path.push('/');
        push_id(&mut self.path, field, value)?;
        self.template.push(Segment::Id(field));
        Ok(self)
    }

    pub fn into_string(self) -> String {
        self.path
    }

    /// The path and its template.
    pub fn into_parts(self) -> (String, PathTemplate) {
        (self.path, PathTemplate::Api(self.template))
    }
}

/// Appends `value` to `out` as one path segment, named `field` in errors. Empty, `.` and `..`
/// are refused; everything else is percent-encoded as `encodeURIComponent` does.
pub fn push_id(out: &mut String, field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must be a non-empty string"),
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::validation(
            field,
            format!("{field} must not be '.' or '..'"),
        ));
    }
    out.extend(utf8_percent_encode(value, COMPONENT));
    Ok(())
}

/// `value` percent-encoded as `encodeURIComponent` does (query keys and values).
pub fn encode_component(value: &str) -> impl std::fmt::Display + '_ {
    utf8_percent_encode(value, COMPONENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(id: &str) -> Result<String> {
        Ok(ApiPath::new("transaction")
            .id("uuid", id)?
            .lit("refund")
            .into_string())
    }

    #[test]
    fn real_ids_are_untouched() {
        assert_eq!(
            path("3f1c0a9e-1b2c-4d5e-8f90-123456789abc").unwrap(),
            "/api/v1/transaction/3f1c0a9e-1b2c-4d5e-8f90-123456789abc/refund"
        );
        assert_eq!(
            path("S1F2-000158").unwrap(),
            "/api/v1/transaction/S1F2-000158/refund"
        );
    }

    #[test]
    fn the_template_names_the_ids() {
        let (path, template) = ApiPath::new("transaction")
            .id("uuid", "a/b")
            .unwrap()
            .lit("refund")
            .into_parts();
        assert_eq!(path, "/api/v1/transaction/a%2Fb/refund");
        assert_eq!(template.to_string(), "/api/v1/transaction/{uuid}/refund");
    }

    #[test]
    fn hostile_ids_stay_in_their_segment() {
        assert_eq!(
            path("../merchant?x=1#f").unwrap(),
            "/api/v1/transaction/..%2Fmerchant%3Fx%3D1%23f/refund"
        );
        assert_eq!(
            path("a b/ü").unwrap(),
            "/api/v1/transaction/a%20b%2F%C3%BC/refund"
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(path(bad), Err(Error::Validation { ref field, .. }) if field == "uuid")
            );
        }
    }
}
