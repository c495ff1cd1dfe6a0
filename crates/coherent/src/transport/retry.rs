//! Retry arithmetic: how long to wait before the next attempt (the rules are in the module docs
//! of `transport`).

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::response::header;
use crate::config::RETRY_AFTER_CAP;

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
