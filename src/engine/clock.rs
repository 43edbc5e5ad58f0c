//! Calendar arithmetic in the shop's time zone, from a Unix timestamp and a fixed UTC offset.
//!
//! The engine never reads a clock: callers pass `now`. Time zones are fixed offsets (the catalog
//! or the page context gives minutes east of UTC); daylight-saving changes are the shop's to
//! publish, by updating the offset in its catalog.

use serde::{Deserialize, Serialize};

use super::events::Millis;

/// Milliseconds in a minute, an hour and a day.
pub const MINUTE_MS: Millis = 60_000;
/// Milliseconds in an hour.
pub const HOUR_MS: Millis = 60 * MINUTE_MS;
/// Milliseconds in a day.
pub const DAY_MS: Millis = 24 * HOUR_MS;

/// Days of the week, Monday first (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The lowercase three-letter name used in catalogs ("mon" ... "sun").
    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    /// Parses "mon" ... "sun".
    pub fn parse(name: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|d| d.as_str() == name)
    }
}

/// A moment seen on the shop's wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// Days since 1970-01-01 in the shop's time zone (a stable id for "per day" windows).
    pub day: i64,
    /// Weeks since the Monday before 1970-01-01 (a stable id for "per week" windows).
    pub week: i64,
    /// Day of the week.
    pub weekday: Weekday,
    /// Minutes since local midnight, 0..1440.
    pub minute_of_day: u32,
}

impl LocalTime {
    /// The shop-local calendar position of `at` for a zone `utc_offset_minutes` east of UTC.
    pub fn new(at: Millis, utc_offset_minutes: i32) -> LocalTime {
        let local = at.saturating_add(Millis::from(utc_offset_minutes) * MINUTE_MS);
        let day = local.div_euclid(DAY_MS);
        let minute_of_day = (local.rem_euclid(DAY_MS) / MINUTE_MS) as u32;
        // 1970-01-01 was a Thursday: day 0 has index 3 in a Monday-first week.
        let monday_based = day + 3;
        LocalTime {
            day,
            week: monday_based.div_euclid(7),
            weekday: Weekday::ALL[monday_based.rem_euclid(7) as usize],
            minute_of_day,
        }
    }

    /// The hour of the day, 0..24.
    pub fn hour(self) -> u32 {
        self.minute_of_day / 60
    }
}
