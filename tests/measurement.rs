//! Private aggregate measurement: on simulated data from 10,000 devices the estimates cover the
//! truth, intervals are honest over 200 runs and estimates unbiased; the per-day budget refuses
//! extra reports; reports carry no device id or sub-day time and round-trip through JSON.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde_json::Value;
use vitrine::engine::measurement::{
    build_report, estimate, Budget, CatalogScope, Day, DayCounts, Estimates, Estimator,
    MeasurementError, Metric, OfferCounts, Report, ReportSettings,
};

const DEVICES: usize = 10_000;
/// The coverage and bias checks repeat the measurement of the first `RUN_DEVICES` devices
/// `RUNS` times (sized so the file runs in a few seconds in debug builds).
const RUNS: u64 = 200;
const RUN_DEVICES: usize = 2_500;

/// Offer id and the true chance of at least one impression, of a click given an impression,
/// and of a conversion given a click.
const OFFERS: [(&str, f64, f64, f64); 4] = [
    ("coffee-20", 0.60, 0.20, 0.30),
    ("tea-10", 0.35, 0.10, 0.20),
    ("cake-5", 0.10, 0.15, 0.25),
    ("mug-2", 0.02, 0.50, 0.50),
];

fn day() -> Day {
    Day::parse("2026-11-23").unwrap()
}

fn scope() -> CatalogScope {
    CatalogScope::new("2026-w48", OFFERS.iter().map(|o| o.0)).unwrap()
}

fn chance(rng: &mut Pcg64Mcg, p: f64) -> bool {
    ((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
}

/// The simulated devices' counts for the day.
fn population() -> &'static [DayCounts] {
    static POPULATION: OnceLock<Vec<DayCounts>> = OnceLock::new();
    POPULATION.get_or_init(|| {
        let mut rng = Pcg64Mcg::seed_from_u64(2026);
        (0..DEVICES)
            .map(|_| {
                let mut offers = BTreeMap::new();
                for &(id, shown, click, convert) in &OFFERS {
                    let mut c = OfferCounts::default();
                    if chance(&mut rng, shown) {
                        c.impressions = 1 + (rng.next_u32() % 3);
                        if chance(&mut rng, click) {
                            c.clicks = 1;
                            c.conversions = u32::from(chance(&mut rng, convert));
                        }
                    }
                    offers.insert(id.to_owned(), c);
                }
                DayCounts {
                    day: day(),
                    offers,
                    answers: BTreeMap::new(),
                }
            })
            .collect()
    })
}

/// How many of the first `devices` devices had at least one event.
fn truth(devices: usize, offer: &str, metric: Metric) -> f64 {
    population()[..devices]
        .iter()
        .filter(|d| d.offers[offer].get(metric) > 0)
        .count() as f64
}

/// The first `devices` devices report once each with `settings(device index)`.
fn run(devices: usize, seed: u64, settings: impl Fn(usize) -> ReportSettings) -> Estimates {
    let scope = scope();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut estimator = Estimator::new();
    for (i, counts) in population()[..devices].iter().enumerate() {
        let mut budget = Budget::new(1.0).unwrap();
        let report = build_report(counts, &scope, &settings(i), &mut budget, &mut rng).unwrap();
        estimator.push(&report).unwrap();
    }
    estimator.finish()
}

/// The 200 runs shared by the coverage and unbiasedness tests.
fn runs() -> &'static Vec<Estimates> {
    static RUNS_: OnceLock<Vec<Estimates>> = OnceLock::new();
    RUNS_.get_or_init(|| {
        (0..RUNS)
            .map(|seed| run(RUN_DEVICES, 1000 + seed, |_| ReportSettings::default()))
            .collect()
    })
}

fn pairs() -> impl Iterator<Item = (&'static str, Metric)> {
    OFFERS
        .iter()
        .flat_map(|o| Metric::ALL.into_iter().map(move |m| (o.0, m)))
}

#[test]
fn estimates_cover_the_truth_for_10000_devices() {
    let estimates = run(DEVICES, 1, |_| ReportSettings::default());
    assert_eq!(estimates.reports, DEVICES as u64);
    assert_eq!((estimates.rejected, estimates.rows.len()), (0, 12));
    for (offer, metric) in pairs() {
        let row = estimates.get(offer, metric).unwrap();
        let truth = truth(DEVICES, offer, metric);
        assert_eq!(row.reports, DEVICES as u64);
        assert!(
            row.ci_low <= truth && truth <= row.ci_high,
            "{offer} {metric:?}: truth {truth} outside {row:?}"
        );
    }
}

#[test]
fn intervals_cover_the_truth_about_95_percent_of_the_time() {
    let mut covered = 0;
    for (offer, metric) in pairs() {
        let truth = truth(RUN_DEVICES, offer, metric);
        let hits = runs()
            .iter()
            .map(|e| e.get(offer, metric).unwrap())
            .filter(|r| r.ci_low <= truth && truth <= r.ci_high)
            .count();
        assert!(hits >= 176, "{offer} {metric:?}: {hits} of {RUNS} covered");
        covered += hits;
    }
    let rate = covered as f64 / (12 * RUNS) as f64;
    assert!((0.93..=0.97).contains(&rate), "coverage {rate}");
}

#[test]
fn estimates_are_unbiased_and_standard_errors_honest() {
    for (offer, metric) in pairs() {
        let truth = truth(RUN_DEVICES, offer, metric);
        let rows: Vec<_> = runs()
            .iter()
            .map(|e| e.get(offer, metric).unwrap())
            .collect();
        let n = rows.len() as f64;
        let mean = rows.iter().map(|r| r.estimate).sum::<f64>() / n;
        let sd = (rows
            .iter()
            .map(|r| (r.estimate - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0))
            .sqrt();
        let claimed = rows.iter().map(|r| r.std_error).sum::<f64>() / n;
        assert!(
            (mean - truth).abs() < 4.0 * sd / n.sqrt(),
            "{offer} {metric:?}: mean {mean} vs truth {truth} (sd {sd})"
        );
        assert!(
            (0.85..1.15).contains(&(sd / claimed)),
            "{offer} {metric:?}: observed sd {sd}, claimed standard error {claimed}"
        );
    }
}

#[test]
fn reports_with_different_settings_combine() {
    let mixed = |i: usize| match i % 3 {
        0 => ReportSettings::default(),
        1 => ReportSettings {
            epsilon: 0.5,
            bits: 1,
        },
        _ => ReportSettings {
            epsilon: 1.0,
            bits: 3,
        },
    };
    let estimates = run(DEVICES, 7, mixed);
    for (offer, metric) in pairs() {
        let row = estimates.get(offer, metric).unwrap();
        let truth = truth(DEVICES, offer, metric);
        assert!(
            (row.estimate - truth).abs() < 3.0 * row.std_error,
            "{offer} {metric:?}: truth {truth}, {row:?}"
        );
    }
}

fn one_report(seed: u64) -> Report {
    let mut budget = Budget::new(1.0).unwrap();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let settings = ReportSettings {
        epsilon: 1.0,
        bits: 4,
    };
    build_report(&population()[0], &scope(), &settings, &mut budget, &mut rng).unwrap()
}

#[test]
fn the_day_budget_refuses_a_report_too_many() {
    let counts = &population()[0];
    let mut rng = Pcg64Mcg::seed_from_u64(3);
    let mut budget = Budget::new(1.0).unwrap();
    let half = ReportSettings {
        epsilon: 0.5,
        bits: 1,
    };
    for _ in 0..2 {
        build_report(counts, &scope(), &half, &mut budget, &mut rng).unwrap();
    }
    let refused = build_report(counts, &scope(), &half, &mut budget, &mut rng).unwrap_err();
    assert_eq!(
        refused,
        MeasurementError::BudgetExceeded {
            day: day(),
            spent: 1.0,
            requested: 0.5,
            per_day: 1.0
        }
    );
    assert_eq!(refused.code(), "measurement_budget_exhausted");
    assert!(refused
        .to_string()
        .contains("send no more reports for 2026-11-23"));
    assert_eq!((budget.spent(day()), budget.remaining(day())), (1.0, 0.0));

    let next = DayCounts {
        day: Day::from_epoch_days(day().epoch_days() + 1).unwrap(),
        ..counts.clone()
    };
    build_report(&next, &scope(), &half, &mut budget, &mut rng).unwrap();
    let old = DayCounts {
        day: Day::from_epoch_days(day().epoch_days() - 40).unwrap(),
        ..counts.clone()
    };
    let too_old = build_report(&old, &scope(), &half, &mut budget, &mut rng).unwrap_err();
    assert!(
        matches!(too_old, MeasurementError::DayTooOld { .. }),
        "{too_old}"
    );

    let greedy = ReportSettings {
        epsilon: 1.5,
        bits: 1,
    };
    let mut fresh = Budget::new(1.0).unwrap();
    assert!(matches!(
        build_report(counts, &scope(), &greedy, &mut fresh, &mut rng),
        Err(MeasurementError::BudgetExceeded { .. })
    ));
    assert_eq!(fresh.spent(day()), 0.0, "a refused report spends nothing");
    let bad = [
        ReportSettings {
            epsilon: 0.0,
            bits: 1,
        },
        ReportSettings {
            epsilon: f64::NAN,
            bits: 1,
        },
        ReportSettings {
            epsilon: 1.0,
            bits: 0,
        },
        ReportSettings {
            epsilon: 1.0,
            bits: 13,
        },
    ];
    for settings in bad {
        let e = build_report(counts, &scope(), &settings, &mut fresh, &mut rng).unwrap_err();
        assert_eq!(e.code(), "measurement_config_invalid", "{e}");
    }
    assert_eq!(
        Budget::new(-1.0).unwrap_err().code(),
        "measurement_config_invalid"
    );
    let empty: [&str; 0] = [];
    assert_eq!(
        CatalogScope::new("v", empty),
        Err(MeasurementError::NoOffers)
    );
}

#[test]
fn reports_hold_no_device_id_and_no_time_finer_than_a_day() {
    for seed in 0..50 {
        let json: Value = serde_json::from_str(&one_report(seed).to_json()).unwrap();
        let object = json.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "bits",
                "catalog",
                "day",
                "epsilon",
                "mechanism",
                "pairs",
                "v"
            ]
        );
        assert_eq!(object["day"], "2026-11-23");
        assert_eq!(object["catalog"], "2026-w48");
        let bits = object["bits"].as_object().unwrap();
        let count: usize = bits
            .iter()
            .map(|(offer, metrics)| {
                assert!(OFFERS.iter().any(|o| o.0 == offer), "{offer}");
                let metrics = metrics.as_object().unwrap();
                for (metric, bit) in metrics {
                    assert!(["impression", "click", "conversion"].contains(&metric.as_str()));
                    assert!(bit.is_boolean());
                }
                metrics.len()
            })
            .sum();
        assert_eq!(count, 4);
    }
    let text = one_report(0).to_json();
    let with_id = text.replacen('{', r#"{"device":"d-123","#, 1);
    assert!(Report::from_json(&with_id)
        .unwrap_err()
        .to_string()
        .contains("unknown field `device`"));
    let with_time = text.replace("2026-11-23", "2026-11-23T10:15:00Z");
    assert!(matches!(
        Report::from_json(&with_time),
        Err(MeasurementError::Malformed { .. })
    ));
}

#[test]
fn reports_round_trip_through_json_and_are_deterministic() {
    let report = one_report(9);
    assert_eq!(Report::from_json(&report.to_json()), Ok(report.clone()));
    assert_eq!(one_report(9), report);
    assert!((0..20).any(|seed| one_report(seed) != report));
}

#[test]
fn the_estimator_rejects_reports_it_cannot_use() {
    let good = one_report(1);
    let json = good.to_json();
    let cases = [
        (json.replace("sampled-rr", "oue"), "unknown variant `oue`"),
        (
            json.replace(r#""v":1"#, r#""v":3"#),
            "version 3 is not supported",
        ),
        (
            json.replace(r#""epsilon":1.0"#, r#""epsilon":0.0"#),
            "epsilon 0 is outside",
        ),
        (
            json.replace(r#""pairs":12"#, r#""pairs":3"#),
            "it has 4 bits",
        ),
        ("not json".to_owned(), "not a measurement report"),
    ];
    let mut estimator = Estimator::new();
    for (i, (line, expected)) in cases.iter().enumerate() {
        let message = Report::from_json(line).unwrap_err().to_string();
        assert!(message.contains(expected), "{message}");
        estimator.push_line(i + 1, line);
    }
    estimator.push_line(6, &json);
    estimator.push_line(7, "   ");
    let other_edition = json.replace(r#""pairs":12"#, r#""pairs":15"#);
    estimator.push_line(8, &other_edition);
    let done = estimator.finish();
    assert_eq!((done.reports, done.rejected), (1, 6));
    let lines: Vec<usize> = done.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [1, 2, 3, 4, 5, 8]);
    assert!(
        done.errors[5]
            .message
            .contains("earlier reports for it have 12"),
        "{:?}",
        done.errors[5]
    );

    let batch = estimate([good.clone(), Report { v: 3, ..good }]);
    assert_eq!(
        (batch.reports, batch.rejected, batch.errors[0].line),
        (1, 1, 2)
    );
}
