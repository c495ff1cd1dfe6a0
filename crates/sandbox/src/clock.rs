//! Calendar arithmetic for the sandbox clock: UTC only, no time-zone database, so the crate
//! needs no date library. Dates are proleptic Gregorian (days since 1970-01-01).

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

const MS_PER_DAY: i64 = 86_400_000;

/// Milliseconds since the Unix epoch by the machine's wall clock.
pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A calendar date (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_ms(ms: i64) -> Date {
        Date::from_days(ms.div_euclid(MS_PER_DAY))
    }

    /// The same day `months` months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb).
    pub fn add_months(self, months: u32) -> Date {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = index.div_euclid(12) as i32;
        let month = (index.rem_euclid(12) + 1) as u32;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Reads `YYYY-MM-DD`, optionally followed by a time (`T...`), as sent for `Date` values.
    /// Only the calendar date is kept.
    pub fn parse(text: &str) -> Option<Date> {
        let head = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let bytes = head.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |s: &str| -> Option<u32> {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let year = digits(&head[..4])? as i32;
        let month = digits(&head[5..7])?;
        let day = digits(&head[8..10])?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `2026-11-25T09:00:00.000Z`, the form JavaScript's `Date#toISOString` produces.
pub fn iso_ms(ms: i64) -> String {
    let date = Date::from_ms(ms);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        date.iso(),
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

/// The sandbox's clock: wall time plus however far the tests have advanced it.
/// Its offset is what `--data` keeps: after a restart the sandbox is as far ahead as before.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Clock {
    offset_ms: i64,
}

impl Clock {
    pub fn now_ms(&self) -> i64 {
        wall_ms() + self.offset_ms
    }

    pub fn today(&self) -> Date {
        Date::from_ms(self.now_ms())
    }

    pub fn advance_days(&mut self, days: i64) {
        self.offset_ms += days * MS_PER_DAY;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_months_clamp() {
        let d = Date::parse("2024-01-31").unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.add_months(1).iso(), "2024-02-29");
        assert_eq!(d.add_months(13).iso(), "2025-02-28");
        assert_eq!(iso_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Date::parse("2025-01-01T00:00:00.000Z").unwrap().iso(),
            "2025-01-01"
        );
        assert!(Date::parse("2025-02-30").is_none());
        assert!(Date::parse("soon").is_none());
        assert!(Date::parse("2025-01-01x").is_none());
    }
}
