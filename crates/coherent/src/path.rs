//! API paths with per-segment percent-encoding, so an id can never leave its template.

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

/// Builds `/api/v1/...` from literal segments and caller-supplied ids.
#[derive(Debug)]
pub struct ApiPath(String);

impl ApiPath {
    pub fn new(resource: &'static str) -> Self {
        ApiPath(format!("/api/v1/{resource}"))
    }

    /// Appends a literal segment from our own templates.
    pub fn lit(mut self, segment: &'static str) -> Self {
        self.0.push('/');
        self.0.push_str(segment);
        self
    }

    /// Appends a caller-supplied id, named `field` in errors: see [`push_id`].
    pub fn id(mut self, field: &str, value: &str) -> Result<Self> {
        self.0.push('/');
        push_id(&mut self.0, field, value)?;
        Ok(self)
    }

    pub fn into_string(self) -> String {
        self.0
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
