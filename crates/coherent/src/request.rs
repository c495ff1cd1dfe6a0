//! A fully built, validated request: what the resource modules produce and the transport sends.

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

/// Method, encoded path, JSON body text, and how the response becomes the return value.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub body: Option<String>,
    pub shape: Shape,
}

impl Request {
    pub fn get(path: String, shape: Shape) -> Self {
        Request {
            method: Method::Get,
            path,
            body: None,
            shape,
        }
    }

    pub fn post(path: String, body: JsonBody, shape: Shape) -> Self {
        Request {
            method: Method::Post,
            path,
            body: Some(body.into_text()),
            shape,
        }
    }

    pub fn put(path: String, body: JsonBody, shape: Shape) -> Self {
        Request {
            method: Method::Put,
            path,
            body: Some(body.into_text()),
            shape,
        }
    }
}
