#![cfg(not(target_arch = "wasm32"))]

use vitrine::engine::clock::{LocalTime, Weekday, DAY_MS, HOUR_MS, MINUTE_MS};

// 2026-11-23T09:30:00Z, a Monday.
const MONDAY_0930_UTC: i64 = 1_795_426_200_000;

#[test]
fn epoch_is_a_thursday_at_midnight() {
    let t = LocalTime::new(0, 0);
    assert_eq!((t.day, t.weekday, t.minute_of_day), (0, Weekday::Thu, 0));
}

#[test]
fn known_date_in_utc_and_offsets() {
    let utc = LocalTime::new(MONDAY_0930_UTC, 0);
    assert_eq!(
        (utc.weekday, utc.hour(), utc.minute_of_day),
        (Weekday::Mon, 9, 570)
    );
    // Tokyo (+09:00): 18:30 the same Monday.
    let tokyo = LocalTime::new(MONDAY_0930_UTC, 9 * 60);
    assert_eq!((tokyo.weekday, tokyo.hour()), (Weekday::Mon, 18));
    // Honolulu (-10:00): 23:30 on Sunday, the day and the week before.
    let honolulu = LocalTime::new(MONDAY_0930_UTC, -10 * 60);
    assert_eq!((honolulu.weekday, honolulu.hour()), (Weekday::Sun, 23));
    assert_eq!(honolulu.day, utc.day - 1);
    assert_eq!(honolulu.week, utc.week - 1);
}

#[test]
fn day_and_week_ids_change_exactly_at_local_midnight() {
    let offset = 60; // +01:00
    let local_midnight = MONDAY_0930_UTC - 9 * HOUR_MS - 30 * MINUTE_MS - HOUR_MS;
    let before = LocalTime::new(local_midnight - 1, offset);
    let after = LocalTime::new(local_midnight, offset);
    assert_eq!(after.day, before.day + 1);
    assert_eq!(
        (before.weekday, after.weekday),
        (Weekday::Sun, Weekday::Mon)
    );
    assert_eq!(after.week, before.week + 1, "weeks start on Monday");
    assert_eq!(after.minute_of_day, 0);
    let next_sunday = LocalTime::new(local_midnight + 6 * DAY_MS + 1, offset);
    assert_eq!(
        (next_sunday.weekday, next_sunday.week),
        (Weekday::Sun, after.week)
    );
}

#[test]
fn negative_timestamps_stay_consistent() {
    let t = LocalTime::new(-1, 0);
    assert_eq!(
        (t.day, t.weekday, t.minute_of_day),
        (-1, Weekday::Wed, 1439)
    );
}

#[test]
fn weekday_names_round_trip() {
    for name in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
        assert_eq!(Weekday::parse(name).map(Weekday::as_str), Some(name));
    }
    assert_eq!(Weekday::parse("Monday"), None);
}
