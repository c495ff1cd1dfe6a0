//! The configuration's rules, one test each.

use super::*;

#[test]
fn environments_parse_case_insensitively_and_reject_typos() {
    assert_eq!(Environment::parse("test"), Some(Environment::Test));
    assert_eq!(
        Environment::parse("Production"),
        Some(Environment::Production)
    );
    assert_eq!(Environment::parse("LOCAL"), Some(Environment::Local));
    assert_eq!(Environment::parse("prod"), None);
    assert_eq!(Environment::parse(""), None);
}

#[test]
fn token_is_required_and_redacted() {
    let err = Config::builder()
        .environment(Environment::Test)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "token"));
    let cfg = Config::builder()
        .environment(Environment::Test)
        .token("api-test-secret")
        .build()
        .unwrap();
    assert!(!format!("{cfg:?}").contains("secret"));
    assert_eq!(
        cfg.base_url(),
        "https://service.test.coherenthealthcare.com"
    );
}

#[test]
fn base_url_rules() {
    let ok = |u: &str| {
        Config::builder()
            .token("t")
            .base_url(u)
            .build()
            .map(|c| c.base_url().to_string())
    };
    assert_eq!(
        ok("http://127.0.0.1:4000/").unwrap(),
        "http://127.0.0.1:4000"
    );
    assert_eq!(
        ok("http://localhost:3000").unwrap(),
        "http://localhost:3000"
    );
    assert_eq!(ok("http://[::1]:80/gw").unwrap(), "http://[::1]/gw");
    assert_eq!(
        ok("https://gw.example.com/base/").unwrap(),
        "https://gw.example.com/base"
    );
    for bad in [
        "http://example.com",
        "ftp://localhost",
        "https://u:p@h",
        "https://h/?q=1",
        "nope",
    ] {
        let err = ok(bad).unwrap_err();
        assert!(
            matches!(err, Error::Validation { ref field, .. } if field == "baseUrl"),
            "{bad}"
        );
    }
}

#[test]
fn one_timeout_rule_for_millis_and_durations() {
    assert_eq!(
        timeout_from_millis(40.2).unwrap(),
        Duration::from_millis(41)
    );
    assert_eq!(
        timeout_from_millis(MAX_TIMEOUT_MS).unwrap().as_millis(),
        2_147_483_647
    );
    for bad in [
        0.0,
        0.5,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        MAX_TIMEOUT_MS + 1.0,
    ] {
        let err = timeout_from_millis(bad).unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "timeout"));
    }
    let built = |d| {
        Config::builder()
            .token("t")
            .environment(Environment::Test)
            .timeout(d)
            .build()
    };
    assert_eq!(
        built(Duration::from_millis(5)).unwrap().timeout(),
        Duration::from_millis(5)
    );
    for bad in [
        Duration::ZERO,
        Duration::from_micros(500),
        Duration::from_secs(1 << 31),
    ] {
        let err = built(bad).unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "timeout"));
    }
    let err = timeout_from_millis(0.0).unwrap_err().within("options");
    assert!(matches!(err, Error::Validation { ref field, ref message }
        if field == "options.timeout" && message.starts_with("options.timeout must be")));
}

#[test]
fn one_retry_rule() {
    assert_eq!(network_retries_from(3.0).unwrap(), 3);
    for bad in [-1.0, 1.5, 11.0, f64::NAN] {
        assert!(network_retries_from(bad).is_err(), "{bad}");
    }
}

#[test]
fn environment_or_base_url_is_required() {
    let err = Config::builder().token("t").build().unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "environment"));
}
