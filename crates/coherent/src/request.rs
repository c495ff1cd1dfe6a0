//! A fully built, validated request: what the resource modules produce and the transport sends.

use crate::shape::Shape;
use crate::validate::JsonBody;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    /// Only raw requests (`resources::raw`) use it.
    Patch,
    /// Only raw requests (`resources::raw`) use it.
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending it twice has the effect of sending it once, so a request that may have
    /// reached the server can be retried (see the transport's retry rules). POST and PATCH are
    /// not: a replay could charge or change twice.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// Method, encoded path, JSON body text, and how the response becomes the return value.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    /// The encoded query string, without `?` (raw requests only). Kept apart from `path` so
    /// hooks and `err.config` never show it: it may hold patient data.
    pub query: Option<String>,
    pub body: Option<String>,
    pub shape: Shape,
}

impl Request {
    pub fn get(path: String, shape: Shape) -> Self {
        Request {
            method: Method::Get,
            path,
            query: None,
            body: None,
            shape,
        }
    }

    pub fn post(path: String, body: JsonBody, shape: Shape) -> Self {
        Request {
            method: Method::Post,
            path,
            query: None,
            body: Some(body.into_text()),
            shape,
        }
    }

    pub fn put(path: String, body: JsonBody, shape: Shape) -> Self {
        Request {
            method: Method::Put,
            path,
            query: None,
            body: Some(body.into_text()),
            shape,
        }
    }
}
