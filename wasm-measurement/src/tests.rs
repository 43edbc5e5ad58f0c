//! The measurement boundary, called natively as `shell/src/measurement/` calls it: ledger bytes,
//! events as three arrays and random bytes in; the answer's bytes out. Uses the demo's signed
//! catalog (`www/catalog.bin`, shop time zone UTC+1).

use serde::Deserialize;
use vitrine::engine::catalog::binary::decode;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::measurement::scores::{codes, BUCKETS};
use vitrine::engine::measurement::{
    CatalogScope, Day, Drawn, Ledger, Report, BUDGET_WINDOW_DAYS, DEFAULT_EPSILON_PER_DAY,
    MAX_EPSILON,
};
use vitrine::engine::signature::Envelope;
use vitrine::engine::survey::Scale;
use vitrine::engine::ErrorCode;

use super::ledger::{self, LAYOUT_VERSION, MAGIC, MAX_LEDGER_BYTES};
use super::{
    answer, measuring, Meter, ANSWER, CLICK, EPSILON_INVALID, IMPRESSION, NO_EVENT, PURCHASE,
};

/// Sunday 2026-11-29 10:00 in the demo catalog's time zone (UTC+1).
const DAY_1: f64 = 1_795_942_800_000.0;
const DAY_MS: f64 = 86_400_000.0;
const DAY_2: f64 = DAY_1 + DAY_MS;
const RANDOM: [u8; 32] = [7; 32];

/// The answer, read back (the layout of `answer::AnswerWire`).
#[derive(Debug, Deserialize)]
struct Answer {
    code: u8,
    ledger: Vec<u8>,
    report: Option<ReportAnswer>,
}

#[derive(Debug, Deserialize)]
struct ReportAnswer {
    v: u32,
    day: u32,
    epsilon: f64,
    catalog: String,
    pairs: u32,
    bits: Vec<(String, u8, bool)>,
    answers: Vec<(String, u8, bool)>,
}

fn read(bytes: &[u8]) -> Answer {
    let (answer, rest) = postcard::take_from_bytes::<Answer>(bytes).unwrap();
    assert!(rest.is_empty());
    answer
}

fn day(at: f64) -> Day {
    Day::from_epoch_days(((at + 3_600_000.0) / DAY_MS).floor() as i64).unwrap()
}

/// The demo catalog (`www/catalog.bin`).
fn demo() -> Catalog {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/catalog.bin")).unwrap();
    decode(Envelope::parse(&bytes).unwrap().payload).unwrap().1
}

/// The demo catalog's scope, as the main module's `measurement_scope` gives it.
fn scope() -> Vec<u8> {
    let catalog = demo();
    CatalogScope::to_bytes(&catalog, catalog.utc_offset_minutes)
}

fn engine() -> Meter {
    let mut engine = Meter::new();
    assert_eq!(engine.catalog(&scope()), ErrorCode::Ok as u8);
    engine
}

type Events<'a> = &'a [(u8, f64, &'a str, u8)];

/// The scale of the demo catalog's one survey, `nps-2026` (0: nps).
const NPS: u8 = 0;

/// `measure` with `events` as the shell passes them (answers on the NPS scale): one call per event (one without event
/// when there is none), each on the ledger the previous one answered; the first report and
/// the first code.
fn measure(engine: &mut Meter, ledger: &[u8], now: f64, events: Events, random: &[u8]) -> Answer {
    let none = [(NO_EVENT, 0.0, "", 0)];
    let steps = if events.is_empty() { &none[..] } else { events };
    let mut out = Answer {
        code: 0,
        ledger: ledger.to_vec(),
        report: None,
    };
    for &(kind, at, id, score) in steps {
        let answer = read(&engine.measure(
            &out.ledger,
            1.0,
            now,
            kind,
            at,
            id.as_bytes(),
            NPS,
            score,
            random,
        ));
        out.code = if out.code == 0 { answer.code } else { out.code };
        out.report = out.report.or(answer.report);
        out.ledger = answer.ledger;
    }
    out
}

/// Day 1: two impressions and a click on one offer, an impression on another and on an
/// unknown offer, a purchase, and events of other days.
const SHOPPING: &[(u8, f64, &str, u8)] = &[
    (IMPRESSION, DAY_1, "coffee-single-origin", 0),
    (PURCHASE, DAY_1 + 1.0, "", 0), // before any click: no conversion
    (IMPRESSION, DAY_1 + 2.0, "coffee-single-origin", 0),
    (CLICK, DAY_1 + 3.0, "coffee-single-origin", 0),
    (IMPRESSION, DAY_1 + 4.0, "tea-afternoon-blend", 0),
    (IMPRESSION, DAY_1 + 5.0, "not-in-the-catalog", 0),
    (PURCHASE, DAY_1 + 6.0, "", 0),
    (CLICK, DAY_1 - DAY_MS, "tea-afternoon-blend", 0), // the day before
    (CLICK, DAY_2, "tea-afternoon-blend", 0),          // the day after
    (9, DAY_1, "tea-afternoon-blend", 0),              // not a kind that counts
];

fn counts(ledger: &Ledger, offer: &str) -> (u32, u32, u32) {
    let c = ledger.counts(offer);
    (c.impressions, c.clicks, c.conversions)
}

#[test]
fn a_day_is_counted_with_the_cores_rules() {
    let mut engine = engine();
    let answer = measure(&mut engine, &[], DAY_1, SHOPPING, &RANDOM);
    assert_eq!((answer.code, answer.report.is_none()), (0, true));
    let ledger = ledger::decode(&answer.ledger).unwrap();
    assert_eq!(ledger.day, day(DAY_1));
    assert_eq!(counts(&ledger, "coffee-single-origin"), (2, 1, 1));
    assert_eq!(counts(&ledger, "tea-afternoon-blend"), (1, 0, 0));
    assert_eq!(ledger.offers.len(), 2, "not-in-the-catalog is not counted");
    assert_eq!(ledger.budget.epsilon_per_day(), 1.0);

    // Counting goes on from the stored bytes.
    let more = &[(CLICK, DAY_1 + 10.0, "tea-afternoon-blend", 0)];
    let answer = measure(&mut engine, &answer.ledger, DAY_1 + 20.0, more, &RANDOM);
    let ledger = ledger::decode(&answer.ledger).unwrap();
    assert_eq!(counts(&ledger, "tea-afternoon-blend"), (1, 1, 0));
    assert_eq!(counts(&ledger, "coffee-single-origin"), (2, 1, 1));
}

#[test]
fn the_finished_day_is_reported_once_and_its_budget_spent() {
    let mut engine = engine();
    let day_1 = measure(&mut engine, &[], DAY_1, SHOPPING, &RANDOM).ledger;
    let answer = measure(&mut engine, &day_1, DAY_2, &[], &RANDOM);
    assert_eq!(answer.code, 0);
    let report = answer.report.expect("the report of day 1");
    // The demo catalog has a survey (NPS: 3 buckets), so its reports are version 2.
    assert_eq!(
        (report.v, report.day, report.epsilon, report.pairs),
        (
            2,
            day(DAY_1).epoch_days() as u32,
            1.0,
            3 * demo().offers.len() as u32 + 3
        )
    );
    assert_eq!(report.catalog, "2026-11-23.1");
    assert_eq!(
        report.bits.len() + report.answers.len(),
        1,
        "one randomized bit"
    );
    let scope = engine.scope.as_ref().unwrap();
    for (offer, metric, _) in &report.bits {
        assert!(scope.contains(offer) && *metric <= 2);
    }
    for (survey, code, _) in &report.answers {
        assert_eq!(scope.survey(survey), Some(Scale::Nps));
        assert!(codes(Scale::Nps).contains(code));
    }
    let ledger = ledger::decode(&answer.ledger).unwrap();
    assert_eq!(ledger.day, day(DAY_2));
    assert!(ledger.offers.is_empty(), "day 1's counts are gone");
    assert_eq!(
        ledger.budget.remaining(day(DAY_1)),
        0.0,
        "day 1's budget is spent"
    );

    // Another page on day 2, with events: nothing more for day 1.
    let events = &[(IMPRESSION, DAY_2, "welcome-10", 0)];
    let again = measure(&mut engine, &answer.ledger, DAY_2 + 5.0, events, &RANDOM);
    assert_eq!((again.code, again.report.is_none()), (0, true));
    let ledger = ledger::decode(&again.ledger).unwrap();
    assert_eq!(counts(&ledger, "welcome-10"), (1, 0, 0));
    assert_eq!(ledger.budget.remaining(day(DAY_1)), 0.0);
}

#[test]
fn the_report_is_randomized_with_the_shells_bytes_only() {
    let mut engine = engine();
    let day_1 = measure(&mut engine, &[], DAY_1, SHOPPING, &RANDOM).ledger;
    // The one bit, about an offer's metric or a survey's bucket.
    let report = |engine: &mut Meter, random: &[u8]| {
        let report = measure(engine, &day_1, DAY_2, &[], random).report.unwrap();
        report
            .bits
            .into_iter()
            .chain(report.answers)
            .collect::<Vec<_>>()
    };
    assert_eq!(report(&mut engine, &RANDOM), report(&mut engine, &RANDOM));
    let mut seen = std::collections::BTreeSet::new();
    let mut truths = 0;
    for i in 0..400u32 {
        // Distinct, well-spread draws (what `crypto.getRandomValues` gives).
        let mut state = u64::from(i) + 1;
        let mut random = [0u8; 16];
        for chunk in random.chunks_mut(8) {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            chunk.copy_from_slice(&(state ^ (state >> 29)).to_le_bytes());
        }
        let bits = report(&mut engine, &random);
        seen.insert((bits[0].0.clone(), bits[0].1));
        truths += u32::from(bits[0].2);
    }
    assert!(
        seen.len() > 40,
        "pairs are drawn from the bytes: {}",
        seen.len()
    );
    assert!((60..340).contains(&truths), "bits are randomized: {truths}");
}

#[test]
fn a_day_without_catalog_or_too_old_is_dropped_unreported() {
    let mut bare = Meter::new();
    let day_1 = measure(&mut bare, &[], DAY_1, &[(PURCHASE, DAY_1, "", 0)], &RANDOM).ledger;
    let answer = measure(&mut bare, &day_1, DAY_2, &[], &RANDOM);
    assert_eq!((answer.code, answer.report.is_none()), (0, true));
    assert_eq!(ledger::decode(&answer.ledger).unwrap().day, day(DAY_2));

    let mut engine = engine();
    let day_1 = measure(&mut engine, &[], DAY_1, SHOPPING, &RANDOM).ledger;
    let later = DAY_1 + BUDGET_WINDOW_DAYS as f64 * DAY_MS;
    let answer = measure(&mut engine, &day_1, later, &[], &RANDOM);
    assert!(
        answer.report.is_none(),
        "a day 31 days back is not reported"
    );
}

#[test]
fn corrupt_bytes_start_a_new_ledger_with_a_code_and_never_panic() {
    let mut engine = engine();
    let good = measure(&mut engine, &[], DAY_1, SHOPPING, &RANDOM).ledger;
    let mut bad: Vec<Vec<u8>> = vec![b"VMSR".to_vec(), b"{\"counts\":{}}".to_vec()];
    bad.extend((1..good.len()).map(|n| good[..n].to_vec()));
    bad.push([&good[..], &[0]].concat());
    let mut other_layout = good.clone();
    other_layout[4] = 3;
    bad.push(other_layout);
    for bytes in &bad {
        let answer = measure(&mut engine, bytes, DAY_2, &[], &RANDOM);
        assert_eq!(answer.code, ErrorCode::StorageCorrupt as u8, "{bytes:?}");
        assert!(message(&engine).contains("ledger could not be read"));
        assert!(answer.report.is_none(), "a reset ledger reports nothing");
        let fresh = ledger::decode(&answer.ledger).unwrap();
        assert_eq!((fresh.day, fresh.offers.len()), (day(DAY_2), 0));
    }
    // Every single-byte change decodes or is refused; none panics.
    for i in 0..good.len() {
        for flip in [1u8, 0x80, 0xff] {
            let mut bytes = good.clone();
            bytes[i] ^= flip;
            let answer = measure(&mut engine, &bytes, DAY_2, &[], &RANDOM);
            assert!(answer.code == 0 || answer.code == ErrorCode::StorageCorrupt as u8);
        }
    }
    assert_eq!(measure(&mut engine, &good, DAY_1, &[], &RANDOM).code, 0);
}

type Offers<'a> = &'a [(&'a str, u32, u32, u32)];

/// A ledger's bytes from its parts (layout 2), with no survey answers.
fn wire(day: u32, offers: Offers, epsilon: f64, spent: &[(u32, f64)]) -> Vec<u8> {
    wire_with(day, offers, &[], epsilon, spent)
}

/// A ledger's bytes from its parts (layout 2).
fn wire_with(
    day: u32,
    offers: Offers,
    answers: &[(&str, u8)],
    epsilon: f64,
    spent: &[(u32, f64)],
) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&LAYOUT_VERSION.to_le_bytes());
    out.extend(postcard::to_allocvec(&(day, offers, answers, epsilon, spent)).unwrap());
    out
}

#[test]
fn ledger_bytes_round_trip_and_hostile_values_are_refused() {
    let d = 20_786u32;
    let good = wire(
        d,
        &[("tea", 1, 2, 3)],
        0.5,
        &[(d - 31, 1.0), (d - 2, 0.5), (d - 1, 0.5)],
    );
    let ledger = ledger::decode(&good).unwrap();
    assert_eq!(counts(&ledger, "tea"), (1, 2, 3));
    assert_eq!(ledger.budget.epsilon_per_day(), 0.5);
    let spent = |n: u32| {
        ledger
            .budget
            .spent(Day::from_epoch_days(i64::from(n)).unwrap())
    };
    assert_eq!(
        (spent(d - 31), spent(d - 2), spent(d - 1), spent(d - 3)),
        (1.0, 0.5, 0.5, 0.0)
    );
    assert_eq!(ledger::decode(&ledger::encode(&ledger)), Some(ledger));

    for bad in [
        wire(d, &[("", 1, 0, 0)], 1.0, &[]),
        wire(d, &[(&"x".repeat(129), 1, 0, 0)], 1.0, &[]),
        wire(d, &[], 0.0, &[]),
        wire(d, &[], f64::NAN, &[]),
        wire(d, &[], MAX_EPSILON * 2.0, &[]),
        wire(d, &[], 1.0, &[(d - 40, 1.0), (d - 1, 1.0)]), // outside the window
        wire(d, &[], 1.0, &[(d, 1.0)]),                    // the counted day itself
        wire(d, &[], 1.0, &[(d + 1, 1.0)]),                // after it
        wire(d, &[], 1.0, &[(d - 1, 1.0), (d - 2, 1.0)]),  // out of order
        wire(d, &[], 1.0, &[(d - 1, 0.0)]),
        wire(d, &[], 1.0, &[(d - 1, MAX_EPSILON + 1.0)]),
        wire(4_000_000, &[], 1.0, &[]), // after 9999-12-31
    ] {
        assert_eq!(ledger::decode(&bad), None, "{bad:?}");
    }
    let mut huge = good.clone();
    huge.resize(MAX_LEDGER_BYTES + 1, 0);
    assert_eq!(ledger::decode(&huge), None);

    // Answers: a survey id and a bucket of a scale.
    // Codes: 2 promoter, 9 thumbs up.
    let answered = wire_with(d, &[], &[("nps-2026", 2), ("help", 9)], 1.0, &[]);
    let ledger = ledger::decode(&answered).unwrap();
    let expected = [("nps-2026".to_owned(), 2), ("help".to_owned(), 9)];
    assert_eq!(ledger.answers, expected);
    assert_eq!(ledger::decode(&ledger::encode(&ledger)), Some(ledger));
    for bad in [
        wire_with(d, &[], &[("", 9)], 1.0, &[]),
        wire_with(d, &[], &[(&"s".repeat(129), 9)], 1.0, &[]),
        wire_with(d, &[], &[("help", 10)], 1.0, &[]), // no such bucket
        wire_with(d, &[], &[("help", 255)], 1.0, &[]),
    ] {
        assert_eq!(ledger::decode(&bad), None, "{bad:?}");
    }
}

#[test]
fn a_ledger_stored_in_layout_1_is_read_without_answers() {
    let d = 20_786u32;
    let offers: Offers = &[("tea", 1, 2, 3)];
    let mut old = MAGIC.to_vec();
    old.extend_from_slice(&1u16.to_le_bytes());
    let spent: &[(u32, f64)] = &[(d - 1, 0.5)];
    old.extend(postcard::to_allocvec(&(d, offers, 0.5, spent)).unwrap());
    let ledger = ledger::decode(&old).unwrap();
    assert_eq!(
        (counts(&ledger, "tea"), ledger.answers.len()),
        ((1, 2, 3), 0)
    );
    assert_eq!(ledger.budget.epsilon_per_day(), 0.5);
    assert_eq!(ledger::encode(&ledger)[4..6], LAYOUT_VERSION.to_le_bytes());
}

/// Day 1's answers: an NPS answer changed later that day, one off the scale, one to a survey
/// the catalog does not have.
const ANSWERS: Events = &[
    (ANSWER, DAY_1, "nps-2026", 3),
    (ANSWER, DAY_1 + 1.0, "nps-2026", 11),
    (ANSWER, DAY_1 + 2.0, "not-a-survey", 9),
    (ANSWER, DAY_1 + 3.0, "nps-2026", 9),
];

#[test]
fn survey_answers_are_counted_as_buckets_and_can_be_reported() {
    let mut engine = engine();
    let day_1 = measure(&mut engine, &[], DAY_1, ANSWERS, &RANDOM);
    assert_eq!(day_1.code, 0);
    let ledger = ledger::decode(&day_1.ledger).unwrap();
    assert_eq!(ledger.answers, [("nps-2026".to_owned(), 2)], "promoter");
    // Over many draws, each of the survey's buckets is sampled (one pair in 111, about 180 times
    // each); "promoter" is the truth, so its bit is true with probability e / (1 + e) = 0.73 at
    // epsilon 1, the others' with 0.27.
    let mut buckets = std::collections::BTreeMap::new();
    for i in 0..20_000u64 {
        let mut random = [0u8; 16];
        let mixed = (i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        random[..8].copy_from_slice(&mixed.to_le_bytes());
        random[8..].copy_from_slice(&mixed.rotate_left(29).wrapping_mul(31).to_le_bytes());
        let report = measure(&mut engine, &day_1.ledger, DAY_2, &[], &random)
            .report
            .unwrap();
        for (survey, code, bit) in report.answers {
            assert_eq!(survey, "nps-2026");
            let (trues, draws) = buckets.entry(BUCKETS[usize::from(code)]).or_insert((0, 0));
            *trues += u32::from(bit);
            *draws += 1;
        }
    }
    assert_eq!(buckets.len(), 3, "{buckets:?}");
    for (bucket, (trues, draws)) in &buckets {
        let share = f64::from(*trues) / f64::from(*draws);
        let expected = if *bucket == "promoter" { 0.73 } else { 0.27 };
        assert!(
            *draws > 100 && (share - expected).abs() < 0.12,
            "{bucket}: {trues} of {draws}"
        );
    }
    // An answer given on another scale than the survey's is not counted (the profile keeps it
    // as it was given, but its bucket would mean something else).
    let thumbs_up = engine.measure(&[], 1.0, DAY_1, ANSWER, DAY_1, b"nps-2026", 2, 1, &RANDOM);
    assert!(ledger::decode(&read(&thumbs_up).ledger)
        .unwrap()
        .answers
        .is_empty());
    // Without a catalog, answers are not counted.
    let mut bare = Meter::new();
    let answer = measure(&mut bare, &[], DAY_1, ANSWERS, &RANDOM);
    assert!(ledger::decode(&answer.ledger).unwrap().answers.is_empty());
}

#[test]
fn epsilon_options_are_checked_by_the_core() {
    let mut engine = Meter::new();
    assert_eq!(engine.measurement_epsilon(None), DEFAULT_EPSILON_PER_DAY);
    assert_eq!(engine.measurement_epsilon(Some(MAX_EPSILON)), MAX_EPSILON);
    assert_eq!(engine.measurement_epsilon(Some(0.25)), 0.25);
    for bad in [0.0, -1.0, MAX_EPSILON + 0.5, f64::NAN, f64::INFINITY] {
        assert_eq!(engine.measurement_epsilon(Some(bad)), 0.0, "{bad}");
        assert_eq!(message(&engine), EPSILON_INVALID);
    }
    let limits = format!("at most {MAX_EPSILON} (default {DEFAULT_EPSILON_PER_DAY};");
    assert!(EPSILON_INVALID.contains(&limits), "{EPSILON_INVALID}");
    let answer = read(&engine.measure(&[], 0.0, DAY_1, NO_EVENT, 0.0, b"", 0, 0, &RANDOM));
    assert_eq!(answer.code, ErrorCode::MeasurementConfigInvalid as u8);
    assert!(answer.ledger.is_empty(), "the stored bytes are kept");
}

#[test]
fn measurement_needs_both_consents_and_no_privacy_signal() {
    assert!(measuring(true, true, false));
    assert!(!measuring(true, false, false));
    assert!(!measuring(true, true, true));
    assert!(!measuring(false, true, false));
}

#[test]
fn the_catalog_scope_comes_from_the_main_module_and_bad_bytes_keep_the_last() {
    let mut engine = engine();
    assert_eq!(engine.scope.as_ref().unwrap().version(), "2026-11-23.1");
    assert_eq!(engine.utc_offset_minutes, 60);
    assert_eq!(engine.catalog(&[1, 2, 3]), ErrorCode::Internal as u8);
    assert!(message(&engine).contains("same package"));
    // An offer's survey entry (offset 1 minute, version "v", offer "o"): an unknown scale, an
    // empty id, cut short; then a good one.
    let offer = |survey: &[u8]| [&[2, 1, b'v', 1, 1, b'o'][..], survey].concat();
    for bad in [
        offer(&[1, 1, b's', 3]),
        offer(&[1, 0, 0]),
        offer(&[1, 1, b's']),
    ] {
        assert_eq!(engine.catalog(&bad), ErrorCode::Internal as u8, "{bad:?}");
    }
    assert_eq!(
        engine.catalog(&offer(&[1, 1, b's', 2])),
        ErrorCode::Ok as u8
    );
    assert_eq!(
        engine.scope.as_ref().unwrap().survey("s"),
        Some(Scale::Thumbs)
    );
    assert!(engine.scope.is_some(), "the last scope stays");
    assert_eq!(engine.catalog(&[]), ErrorCode::Ok as u8);
    assert!(engine.scope.is_none(), "no catalog: nothing is counted");
}

#[test]
fn without_enough_randomness_nothing_changes() {
    let mut engine = engine();
    let day_1 = measure(&mut engine, &[], DAY_1, SHOPPING, &RANDOM).ledger;
    let answer = measure(&mut engine, &day_1, DAY_2, SHOPPING, &RANDOM[..15]);
    assert_eq!(answer.code, ErrorCode::Internal as u8);
    assert_eq!((answer.ledger, answer.report.is_none()), (day_1, true));
}

/// Reports as the collector receives them: the answer's bytes and the core's JSON of the same
/// report (`Report::to_json`). `tests/shell/measurement.test.mjs` checks that the shell writes
/// exactly this JSON from these bytes. Set `VITRINE_WRITE_VECTORS=1` to rewrite the file.
#[test]
fn report_vectors_pin_the_json_the_shell_writes() {
    let scope =
        |version: &str, offers: &[&str]| CatalogScope::new(version, offers.to_vec()).unwrap();
    let drawn = |day: u32, epsilon: f64, scope: &CatalogScope, bits: &[(u32, bool)]| Drawn {
        day: Day::from_epoch_days(i64::from(day)).unwrap(),
        epsilon,
        pairs: scope.pairs(),
        bits: bits.to_vec(),
    };
    let demo = scope(
        "2026-11-23.1",
        &["kettle-recall-notice", "coffee-single-origin"],
    );
    let tricky = scope(
        "w\"\\/\u{1}\n\té€😀",
        &["tea-10", "b", "123", "10", "é", "z", "😀", "\u{ffff}"],
    );
    let small = scope("e", &["x"]);
    let surveyed = scope("2026-11-24.1", &["kettle-recall-notice", "nps-ask"])
        .with_surveys([
            ("nps-2026", Scale::Nps),
            ("help", Scale::Thumbs),
            ("ç", Scale::Csat),
        ])
        .unwrap();
    let cases = [
        (drawn(20_786, 1.0, &demo, &[(4, true)]), &demo),
        (drawn(0, 0.5, &small, &[(2, false)]), &small),
        (
            // Offers out of id order, two metrics of one offer, ids that look like numbers,
            // code points whose UTF-16 order differs from their UTF-8 order.
            drawn(
                2_932_896,
                10.0,
                &tricky,
                &[
                    (0, false),
                    (2, true),
                    (4, false),
                    (7, true),
                    (9, true),
                    (13, true),
                    (15, false),
                    (18, true),
                    (22, true),
                ],
            ),
            &tricky,
        ),
        (drawn(19_000, 0.1, &small, &[(0, true)]), &small),
        (drawn(19_001, 1e-5, &small, &[(1, false)]), &small),
        (drawn(19_002, 2.5e-6, &small, &[(1, true)]), &small),
        (drawn(19_003, 1e-7, &small, &[(1, true)]), &small),
        (
            drawn(19_004, 0.30000000000000004, &small, &[(1, true)]),
            &small,
        ),
        (drawn(19_005, 3.0, &small, &[(1, true)]), &small),
        // Version 2: a survey's bucket alone, then with offers' metrics and other surveys'
        // buckets (surveys out of id order, CSAT's buckets named by digits).
        (drawn(20_781, 1.0, &surveyed, &[(8, true)]), &surveyed),
        (
            drawn(
                20_782,
                2.0,
                &surveyed,
                &[
                    (1, false),
                    (6, false),
                    (9, true),
                    (10, false),
                    (11, true),
                    (15, true),
                ],
            ),
            &surveyed,
        ),
        (drawn(20_783, 1.0, &surveyed, &[(0, true)]), &surveyed),
    ];
    let mut text = String::from("[\n");
    for (i, (drawn, scope)) in cases.iter().enumerate() {
        let answer: String = answer::encode(0, &[], Some((drawn, scope)))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let report = drawn.report(scope);
        assert_eq!(
            Report::from_json(&report.to_json()).as_ref(),
            Ok(&report),
            "the collector reads it"
        );
        // The JSON text as a JSON string: it holds no raw control character.
        let json = report.to_json().replace('\\', "\\\\").replace('"', "\\\"");
        let comma = if i + 1 < cases.len() { "," } else { "" };
        text.push_str(&format!(
            "  {{\"answer\": \"{answer}\", \"json\": \"{json}\"}}{comma}\n"
        ));
    }
    text.push_str("]\n");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/measurement-reports.json"
    );
    if std::env::var_os("VITRINE_WRITE_VECTORS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        text,
        "rewrite with VITRINE_WRITE_VECTORS=1"
    );
}

/// The last failure's message as text.
fn message(engine: &Meter) -> String {
    String::from_utf8(engine.message()).unwrap()
}
