//! A calendar day, the finest time a report carries, written `YYYY-MM-DD`.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Days since 1970-01-01 of 9999-12-31, the last day a report can name.
const LAST_DAY: i64 = 2_932_896;

/// A calendar day in the shop's time zone, between 1970-01-01 and 9999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(i64);

impl Day {
    /// The day `days` after 1970-01-01 (as in `LocalTime::day`); `None` outside the range.
    pub fn from_epoch_days(days: i64) -> Option<Day> {
        (0..=LAST_DAY).contains(&days).then_some(Day(days))
    }

    /// Days since 1970-01-01.
    pub fn epoch_days(self) -> i64 {
        self.0
    }

    /// Parses exactly `YYYY-MM-DD` (a real date, 1970 or later).
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        let digits = |r: core::ops::Range<usize>| {
            b[r].iter().try_fold(0i64, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Day::from_epoch_days(days_from_civil(y, m, d))
    }

    /// Year, month (1..=12) and day of month (1..=31).
    pub fn civil(self) -> (i64, i64, i64) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
        Day::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "day `{text}` is not a date YYYY-MM-DD (1970 or later)"
            ))
        })
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil` (proleptic Gregorian calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`, the inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for days in [0, 59, 60, 365, 10_957, 20_780, LAST_DAY] {
            let day = Day::from_epoch_days(days).unwrap();
            assert_eq!(Day::parse(&day.to_string()), Some(day), "{day}");
        }
        assert_eq!(Day::parse("2026-11-23").unwrap().epoch_days(), 20_780);
        assert_eq!(Day::from_epoch_days(0).unwrap().to_string(), "1970-01-01");
        assert_eq!(
            Day::from_epoch_days(LAST_DAY).unwrap().to_string(),
            "9999-12-31"
        );
    }

    #[test]
    fn only_real_dates_parse() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "1969-12-31",
            "2026-1-01",
            "2026-11-23T10:00",
            "+026-11-23",
            "",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert!(Day::parse("2024-02-29").is_some());
    }
}
