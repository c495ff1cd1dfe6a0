//! Property tests: response decoding and shaping never panic on any body, and no id can move a
//! request out of its path template.

use coherent::path::ApiPath;
use coherent::resources::{customers, merchants, payment_plans, terminals, transactions};
use coherent::{Data, JsonBody, Shape};
use proptest::prelude::*;
use serde_json::Value;

const SHAPES: [Shape; 6] = [
    Shape::Raw,
    Shape::Nothing,
    Shape::TransactionUuid,
    transactions::CREATE_SHAPE,
    transactions::GET_SHAPE,
    payment_plans::GET_SHAPE,
];

/// Arbitrary JSON values, a few levels deep.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Quarters are exact in binary, so text round trips compare equal.
        any::<i32>().prop_map(|i| Value::from(f64::from(i) / 4.0)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Bodies a broken gateway might send: arbitrary text, JSON cut anywhere, JSON with junk.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        (json(), any::<prop::sample::Index>()).prop_map(|(v, cut)| {
            let text = v.to_string();
            let mut at = cut.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_string()
        }),
        (json(), any::<String>()).prop_map(|(v, junk)| format!("{v}{junk}")),
        prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn assert_stays_in_segment(path: &str, prefix: &str, suffix: &str, id: &str) {
    assert!(path.starts_with(prefix) && path.ends_with(suffix), "{path}");
    let segment = &path[prefix.len()..path.len() - suffix.len()];
    assert!(!segment.is_empty());
    assert!(
        !segment.contains(['/', '?', '#', '\\', ' ']) && segment != "." && segment != "..",
        "{segment}"
    );
    let decoded = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .expect("utf-8");
    assert_eq!(decoded, id);
    // A URL parser sees the same path: no dot-segment removal, no query, no fragment.
    let url = url::Url::parse(&format!("https://gateway.example{path}")).unwrap();
    assert_eq!(url.path(), path);
    assert!(url.query().is_none() && url.fragment().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn decoding_and_shaping_never_panic(body in body()) {
        let data = Data::decode(&body);
        match &data {
            Data::Json(v) => {
                let parsed = serde_json::from_str::<Value>(&body).ok();
                prop_assert_eq!(parsed.as_ref(), Some(v));
            }
            Data::Text(t) => prop_assert_eq!(t, &body),
        }
        let _ = data.is_truthy();
        for shape in SHAPES {
            let _ = shape.apply(data.clone());
        }
        let _ = JsonBody::parse("request", body.clone()).map(|b| b.check("request", &[]));
    }

    #[test]
    fn json_bodies_decode_to_their_value(value in json()) {
        prop_assert_eq!(Data::decode(&value.to_string()), Data::Json(value));
    }

    #[test]
    fn picked_shapes_keep_only_their_keys(value in json()) {
        if let Ok(Some(Value::Object(out))) = transactions::GET_SHAPE.apply(Data::Json(value)) {
            let allowed = ["uuid", "amount", "customer", "invoice", "paymentMethod", "paymentMethodSummary",
                "paymentMethodAuthCode", "paymentPaidTime", "paymentPlan", "paymentUrl", "refunds", "status"];
            prop_assert!(out.keys().all(|k| allowed.contains(&k.as_str())));
        }
    }

    #[test]
    fn no_id_escapes_its_template(id in any::<String>(), other in any::<String>()) {
        match ApiPath::new("transaction").id("uuid", &id) {
            Err(_) => prop_assert!(id.is_empty() || id == "." || id == ".."),
            Ok(path) => {
                let path = path.lit("refund").into_string();
                assert_stays_in_segment(&path, "/api/v1/transaction/", "/refund", &id);
            }
        }
        if let Ok(r) = transactions::get(&id) {
            assert_stays_in_segment(&r.path, "/api/v1/transaction/", "", &id);
        }
        if let Ok(r) = customers::list_wallets(&id) {
            assert_stays_in_segment(&r.path, "/api/v1/customer/", "/wallet", &id);
        }
        if let Ok(r) = terminals::clear_transaction(&id) {
            assert_stays_in_segment(&r.path, "/api/v1/terminal/", "/transaction", &id);
        }
        if let Ok(r) = payment_plans::notify(&id) {
            assert_stays_in_segment(&r.path, "/api/v1/payment/plan/", "/notification", &id);
        }
        // Two ids in one path: each stays in its own segment.
        if let (Ok(r), Ok(m)) = (merchants::list_api_keys_for_account(&id, &other), merchants::list_accounts(&id)) {
            let prefix = m.path.trim_end_matches("/account").to_string() + "/account/";
            assert_stays_in_segment(&r.path, &prefix, "/api-key", &other);
        }
    }

    #[test]
    fn dot_like_ids_never_climb(dots in "[./%2eE]{1,8}") {
        if let Ok(r) = transactions::get(&dots) {
            assert_stays_in_segment(&r.path, "/api/v1/transaction/", "", &dots);
        }
    }
}
