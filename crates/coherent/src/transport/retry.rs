//! The retry decision ([`should_retry`]) and its arithmetic: how long to wait before the next
//! attempt (the rules are in the module docs of `transport`).

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use tokio::time::Instant;

use super::classify::{Failure, Reach};
use super::response::{header, Response};
use crate::config::RETRY_AFTER_CAP;

/// Whether the attempt that ended in `outcome` is followed by another, and after what wait:
/// - a 2xx answer ends the call; so does any other answer, except 429, 502, 503 and 504 to an
///   idempotent method (GET, PUT, DELETE), which wait `Retry-After` or the backoff;
/// - a failure is retried after the backoff if the request was never sent (any method), or may
///   have been sent and the method is idempotent; refusals ([`Reach::Final`]) never are;
/// - and only while retries are left (`attempt <= retries`) and the wait ends before the
///   call's `deadline`.
pub(super) fn should_retry(
    outcome: &Result<Response, Failure>,
    idempotent: bool,
    attempt: u32,
    retries: u32,
    deadline: Instant,
    policy: &RetryPolicy,
) -> Option<Duration> {
    let wait = match outcome {
        Ok(response) if (200..300).contains(&response.status) => return None,
        Ok(response) => (idempotent && matches!(response.status, 429 | 502 | 503 | 504))
            .then(|| retry_after(&response.headers).unwrap_or_else(|| policy.backoff(attempt))),
        Err(failure) => match failure.reach {
            Reach::NotSent => Some(policy.backoff(attempt)),
            Reach::MaybeSent if idempotent => Some(policy.backoff(attempt)),
            Reach::MaybeSent | Reach::Final => None,
        },
    }?;
    (attempt <= retries && Instant::now() + wait < deadline).then_some(wait)
}

#[derive(Debug, Clone, Copy)]
pub(super) struct RetryPolicy {
    pub(super) max_retries: u32,
    pub(super) base: Duration,
    pub(super) cap: Duration,
}

impl RetryPolicy {
    /// Exponential backoff with jitter: step `n` waits 50-100% of `min(cap, base * 2^(n-1))`.
    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let step = self
            .base
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.cap);
        step.mul_f64(0.5 + 0.5 * random_unit())
    }
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date, capped at 60 s.
pub(super) fn retry_after(headers: &[(String, String)]) -> Option<Duration> {
    parse_retry_after(
        header(headers, "retry-after")?,
        std::time::SystemTime::now(),
    )
}

pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX))
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(RETRY_AFTER_CAP))
}

/// A uniform number in [0, 1) for jitter; `RandomState` is randomly seeded per instance.
fn random_unit() -> f64 {
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::time::{SystemTime, UNIX_EPOCH};

    #[test]
    fn retry_after_reads_seconds_and_http_dates_and_is_capped() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        // A date in the past means "now"; far futures and huge numbers are capped at 60 s.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("3600", now), Some(RETRY_AFTER_CAP));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(RETRY_AFTER_CAP)
        );
        assert_eq!(
            parse_retry_after("Fri, 31 Dec 2100 23:59:59 GMT", SystemTime::now()),
            Some(RETRY_AFTER_CAP)
        );
        for junk in ["", "soon", "-1", "1.5", "1e3"] {
            assert_eq!(parse_retry_after(junk, now), None, "{junk}");
        }
    }

    #[test]
    fn should_retry_follows_the_rules() {
        use crate::error::Error;
        let policy = RetryPolicy {
            max_retries: 2,
            base: Duration::from_millis(1),
            cap: Duration::from_millis(1),
        };
        let far = Instant::now() + Duration::from_secs(60);
        let answer = |status: u16, headers: Vec<(String, String)>| {
            Ok(Response {
                status,
                headers,
                body: String::new(),
                attempts: 0,
                http_version: "1.1",
            })
        };
        let failure = |reach| {
            Err(Failure {
                error: Error::Connection {
                    code: "ECONNRESET".into(),
                    message: String::new(),
                    attempts: 0,
                },
                reach,
            })
        };
        let decide = |outcome: &Result<Response, Failure>, idempotent: bool, attempt: u32| {
            should_retry(outcome, idempotent, attempt, 2, far, &policy).is_some()
        };
        assert!(!decide(&answer(200, vec![]), true, 1));
        for status in [429, 502, 503, 504] {
            assert!(decide(&answer(status, vec![]), true, 1), "{status}");
            assert!(!decide(&answer(status, vec![]), false, 1), "{status} POST");
        }
        for status in [400, 404, 409, 500] {
            assert!(!decide(&answer(status, vec![]), true, 1), "{status}");
        }
        assert!(
            decide(&failure(Reach::NotSent), false, 1),
            "never sent: any method"
        );
        assert!(decide(&failure(Reach::MaybeSent), true, 1));
        assert!(
            !decide(&failure(Reach::MaybeSent), false, 1),
            "POST maybe sent"
        );
        assert!(!decide(&failure(Reach::Final), true, 1), "refusals");
        assert!(decide(&failure(Reach::NotSent), true, 2));
        assert!(
            !decide(&failure(Reach::NotSent), true, 3),
            "no retries left"
        );
        let now = Instant::now();
        assert_eq!(
            should_retry(&failure(Reach::NotSent), true, 1, 2, now, &policy),
            None,
            "the wait would end after the deadline"
        );
        let later = answer(503, vec![("retry-after".into(), "7".into())]);
        assert_eq!(
            should_retry(&later, true, 1, 2, far, &policy),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            should_retry(&later, true, 1, 2, now + Duration::from_secs(5), &policy),
            None
        );
    }

    #[test]
    fn backoff_doubles_from_the_base_is_capped_and_jittered() {
        let config = Config::builder()
            .base_url("http://127.0.0.1:1")
            .token("t")
            .build()
            .unwrap();
        let policy = RetryPolicy {
            max_retries: config.max_network_retries,
            base: config.retry_base_delay,
            cap: config.retry_max_delay,
        };
        for _ in 0..200 {
            for (attempt, step) in [
                (1, 500),
                (2, 1000),
                (3, 2000),
                (4, 4000),
                (5, 5000),
                (30, 5000),
            ] {
                let wait = policy.backoff(attempt);
                let step = Duration::from_millis(step);
                assert!(
                    wait >= step / 2 && wait <= step,
                    "attempt {attempt}: {wait:?}"
                );
            }
        }
        let waits: std::collections::HashSet<_> = (0..20).map(|_| policy.backoff(1)).collect();
        assert!(waits.len() > 10, "jitter varies the waits");
    }
}
