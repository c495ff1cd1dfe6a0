//! A fully built, validated request: what the resource modules produce and the transport sends.

use crate::path::{ApiPath, PathTemplate};
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

/// Method, encoded path (and its template, for traces), JSON body text, and how the response
/// becomes the return value.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub template: PathTemplate,
    /// The encoded query string, without `?` (raw requests only). Kept apart from `path` so
    /// hooks and `err.config` never show it: it may hold patient data.
    pub query: Option<String>,
    pub body: Option<String>,
    pub shape: Shape,
}

impl Request {
    fn new(method: Method, path: ApiPath, body: Option<String>, shape: Shape) -> Self {
        let (path, template) = path.into_parts();
        Request {
            method,
            path,
            query: None,
            template,
            body,
            shape,
        }
    }

    pub fn get(path: ApiPath, shape: Shape) -> Self {
        Request::new(Method::Get, path, None, shape)
    }

    pub fn post(path: ApiPath, body: JsonBody, shape: Shape) -> Self {
        Request::new(Method::Post, path, Some(body.into_text()), shape)
    }

    pub fn put(path: ApiPath, body: JsonBody, shape: Shape) -> Self {
        Request::new(Method::Put, path, Some(body.into_text()), shape)
    }
}
