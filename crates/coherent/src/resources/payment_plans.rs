//! `paymentPlans`: monthly recurring plans and on-demand holds.

use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::path::ApiPath;
use crate::request::Request;
use crate::shape::{Key, Shape};
use crate::validate::{required, JsonBody, Kind};

/// The request tables (fields, rules): see `coherent_schema::payment_plans`.
pub use coherent_schema::payment_plans::{CHARGE, CREATE, RESUME_AND_CHARGE};

/// Statuses `setStatus` may send.
pub const SETTABLE_STATUSES: &[&str] = &["paused", "resumed", "void"];

/// The keys of a plan result, in the official client's order; `get` leaves out [`CREATE_ONLY`].
const PLAN_KEYS: [Key; 17] = [
    Key::Copy("uuid"),
    Key::Copy("amount"),
    Key::Copy("email"),
    Key::Copy("endDate"),
    Key::Copy("name"),
    Key::Copy("note"),
    Key::Copy("paymentUrl"),
    Key::Copy("phone"),
    Key::Copy("startDate"),
    Key::Copy("status"),
    Key::Copy("transactionReference"),
    Key::Copy("type"),
    Key::Copy("method"),
    Key::Copy("customerUuid"),
    Key::Copy("invoiceUuid"),
    Key::Copy("successUrl"),
    Key::Copy("failureUrl"),
];

/// Keys only `create` returns (as the official client does).
const CREATE_ONLY: [&str; 2] = ["customerUuid", "invoiceUuid"];

/// `create` returns 17 keys.
pub const CREATE_SHAPE: Shape = Shape::Pick {
    keys: &PLAN_KEYS,
    null_if_empty: false,
};

/// `get` returns the same keys without [`CREATE_ONLY`], or `null` for an empty body.
pub const GET_SHAPE: Shape = Shape::Pick {
    keys: &without::<17, 15>(PLAN_KEYS, &CREATE_ONLY),
    null_if_empty: true,
};

/// `keys` without those named in `dropped`, in order; `M` must be what is left (checked when the
/// constant is built, at compile time).
const fn without<const N: usize, const M: usize>(keys: [Key; N], dropped: &[&str]) -> [Key; M] {
    let mut out = [Key::Copy(""); M];
    let (mut i, mut kept) = (0, 0);
    while i < N {
        let name = match keys[i] {
            Key::Copy(n) | Key::Null(n) => n,
        };
        let mut d = 0;
        let mut drop = false;
        while d < dropped.len() {
            drop = drop || same(name, dropped[d]);
            d += 1;
        }
        if !drop {
            out[kept] = keys[i];
            kept += 1;
        }
        i += 1;
    }
    assert!(kept == M, "M must be the number of keys left");
    out
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `POST /payment/plan` with the caller's object verbatim.
pub fn create(body: JsonBody) -> Result<Request> {
    let body = body.check("request", CREATE.fields)?;
    let on_demand = body.field("type").and_then(Value::as_str) == Some("on_demand");
    if !on_demand && body.field("startDate").is_none() {
        return Err(Error::validation(
            "startDate",
            "startDate is required for recurring plans",
        ));
    }
    Ok(Request::post(
        ApiPath::new("payment/plan"),
        body,
        CREATE_SHAPE,
    ))
}

/// `GET /payment/plan/{uuid}`.
pub fn get(uuid: &str) -> Result<Request> {
    Ok(Request::get(
        ApiPath::new("payment/plan").id("uuid", uuid)?,
        GET_SHAPE,
    ))
}

/// `PUT /payment/plan/{uuid}/status` with `{status}`.
pub fn set_status(uuid: &str, body: JsonBody) -> Result<Request> {
    let path = ApiPath::new("payment/plan").id("uuid", uuid)?.lit("status");
    let body = body.check(
        "status",
        &[required("status", Kind::OneOf(SETTABLE_STATUSES))],
    )?;
    Ok(Request::put(path, body, Shape::Nothing))
}

/// `POST /payment/plan/{uuid}/notification` with `{}`.
pub fn notify(uuid: &str) -> Result<Request> {
    let path = ApiPath::new("payment/plan")
        .id("uuid", uuid)?
        .lit("notification");
    Ok(Request::post(
        path,
        JsonBody::empty_object(),
        Shape::Nothing,
    ))
}

/// `POST /payment/plan/{uuid}/charge` with the caller's object verbatim, or `{}` when absent.
pub fn charge(uuid: &str, body: Option<JsonBody>) -> Result<Request> {
    let path = ApiPath::new("payment/plan").id("uuid", uuid)?.lit("charge");
    let body = body
        .unwrap_or_else(JsonBody::empty_object)
        .check("request", CHARGE.fields)?;
    Ok(Request::post(path, body, Shape::Nothing))
}

/// `POST /payment/plan/{uuid}/resume-and-charge` with the caller's object verbatim, or `{}`.
pub fn resume_and_charge(uuid: &str, body: Option<JsonBody>) -> Result<Request> {
    let path = ApiPath::new("payment/plan")
        .id("uuid", uuid)?
        .lit("resume-and-charge");
    let body = body
        .unwrap_or_else(JsonBody::empty_object)
        .check("request", RESUME_AND_CHARGE.fields)?;
    Ok(Request::post(path, body, Shape::TransactionUuid))
}

/// Rust access to the payment-plan endpoints.
pub struct PaymentPlans<'a>(pub(crate) &'a Client);

impl Client {
    /// Recurring and on-demand payment plans.
    pub fn payment_plans(&self) -> PaymentPlans<'_> {
        PaymentPlans(self)
    }
}

impl PaymentPlans<'_> {
    pub async fn create(&self, request: &Value) -> Result<Option<Value>> {
        self.0
            .execute(create(JsonBody::from_serialize("request", request)?)?)
            .await
    }

    pub async fn get(&self, uuid: &str) -> Result<Option<Value>> {
        self.0.execute(get(uuid)?).await
    }

    pub async fn set_status(&self, uuid: &str, status: &str) -> Result<()> {
        let body = JsonBody::from_serialize("status", &serde_json::json!({ "status": status }))?;
        self.0.execute(set_status(uuid, body)?).await.map(drop)
    }

    pub async fn notify(&self, uuid: &str) -> Result<()> {
        self.0.execute(notify(uuid)?).await.map(drop)
    }

    pub async fn charge(&self, uuid: &str, request: Option<&Value>) -> Result<()> {
        let body = request
            .map(|r| JsonBody::from_serialize("request", r))
            .transpose()?;
        self.0.execute(charge(uuid, body)?).await.map(drop)
    }

    pub async fn resume_and_charge(
        &self,
        uuid: &str,
        request: Option<&Value>,
    ) -> Result<Option<Value>> {
        let body = request
            .map(|r| JsonBody::from_serialize("request", r))
            .transpose()?;
        self.0.execute(resume_and_charge(uuid, body)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(t: &str) -> JsonBody {
        JsonBody::parse("request", t.into()).unwrap()
    }

    #[test]
    fn charge_defaults_to_empty_object() {
        let r = charge("pp1", None).unwrap();
        assert_eq!(
            (r.path.as_str(), r.body.as_deref()),
            ("/api/v1/payment/plan/pp1/charge", Some("{}"))
        );
    }

    #[test]
    fn create_rules() {
        assert!(create(body(r#"{"name":"J","amount":"1000","type":"on_demand"}"#)).is_ok());
        assert!(create(body(
            r#"{"name":"J","amount":1000,"startDate":"2025-01-01"}"#
        ))
        .is_ok());
        assert!(matches!(create(body(r#"{"name":"J","amount":1000}"#)),
            Err(Error::Validation { field, .. }) if field == "startDate"));
        assert!(
            matches!(create(body(r#"{"name":"J","amount":1000,"type":"on_demand","method":"cash"}"#)),
            Err(Error::Validation { field, .. }) if field == "method")
        );
    }

    #[test]
    fn get_returns_the_create_keys_but_the_create_only_ones() {
        let (Shape::Pick { keys: create, .. }, Shape::Pick { keys: get, .. }) =
            (CREATE_SHAPE, GET_SHAPE)
        else {
            panic!("both pick keys");
        };
        let names = |keys: &[Key]| keys.iter().map(|k| k.name()).collect::<Vec<_>>();
        let mut expected = names(create);
        expected.retain(|n| !CREATE_ONLY.contains(n));
        assert_eq!(names(get), expected);
        assert_eq!(get.len(), 15);
    }

    #[test]
    fn set_status_allows_the_documented_set() {
        for s in SETTABLE_STATUSES {
            assert!(set_status("p", body(&format!(r#"{{"status":"{s}"}}"#))).is_ok());
        }
        assert!(set_status("p", body(r#"{"status":"authorised"}"#)).is_err());
    }
}
