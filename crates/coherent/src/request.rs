//! A fully built, validated request: what the resource modules produce and the transport sends.

use crate::path::{ApiPath, PathTemplate};
use crate::shape::Shape;
use crate::validate::JsonBody;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// Method, encoded path (and its template, for traces), JSON body text, and how the response
/// becomes the return value.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub template: PathTemplate,
    pub body: Option<String>,
    pub shape: Shape,
}

impl Request {
    fn new(method: Method, path: ApiPath, body: Option<String>, shape: Shape) -> Self {
        let (path, template) = path.into_parts();
        Request {
            method,
            path,
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
