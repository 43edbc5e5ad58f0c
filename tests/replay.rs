//! Off-policy replay and the shopper simulator: the engine beats a uniformly random logging
//! policy on simulated shoppers, the estimators do the textbook maths on hand-made logs, and
//! malformed lines are counted, never fatal.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::json;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::replay::{replay, simulate, SimConfig};

fn four_categories() -> Catalog {
    let offer = |id: &str, category: &str| json!({ "id": id, "offers": [{ "id": id, "slots": ["hero"], "title": id, "categories": [category] }] });
    Catalog::from_json(
        &json!({
            "schema": 1, "version": "sim",
            "campaigns": [offer("coffee", "coffee"), offer("tea", "tea"), offer("cocoa", "cocoa"), offer("cups", "cups")]
        })
        .to_string(),
    )
    .unwrap()
}

fn single_offer() -> Catalog {
    Catalog::from_json(
        &json!({
            "schema": 1, "version": "one",
            "campaigns": [{ "id": "c", "offers": [{ "id": "only", "slots": ["s"], "title": "Only" }] }]
        })
        .to_string(),
    )
    .unwrap()
}

fn jsonl(records: &[serde_json::Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

#[test]
fn the_engine_beats_the_uniform_random_logging_policy_on_simulated_shoppers() {
    let catalog = four_categories();
    let config = SimConfig {
        shoppers: 300,
        seed: 7,
        ..SimConfig::default()
    };
    let log: String = simulate(&catalog, &config)
        .iter()
        .map(|r| r.to_json_line() + "\n")
        .collect();
    let r = replay(&catalog, &log, 0);
    assert_eq!((r.records, r.malformed), (1_500, 0));
    let logged = r.logged_ctr.unwrap();
    let replay_ctr = r.replay_ctr.unwrap();
    let ips = r.ips.unwrap();
    eprintln!(
        "logged {logged:.4}, replay {replay_ctr:.4} ± {:.4} over {} matches, ips {ips:.4} ± {:.4}",
        r.replay_ctr_stderr.unwrap(),
        r.matched,
        r.ips_stderr.unwrap()
    );
    // Uniform over 4 offers: a quarter of the records match, whatever the engine prefers.
    assert!((300..450).contains(&r.matched), "matched {}", r.matched);
    // Random: 0.25 * 0.30 + 0.75 * 0.04 = 0.105. The engine mostly finds the favourite.
    assert!((0.08..0.13).contains(&logged), "logged CTR {logged}");
    assert!(
        replay_ctr > logged + 0.07,
        "replay {replay_ctr} vs logged {logged}"
    );
    assert!(ips > logged + 0.07, "IPS {ips} vs logged {logged}");
    assert_eq!(r.engine_no_offer, 0);
}

#[test]
fn simulation_and_replay_are_deterministic() {
    let catalog = four_categories();
    let config = SimConfig {
        shoppers: 20,
        seed: 3,
        ..SimConfig::default()
    };
    let a = simulate(&catalog, &config);
    assert_eq!(a, simulate(&catalog, &config));
    assert_ne!(
        a,
        simulate(
            &catalog,
            &SimConfig {
                seed: 4,
                ..config.clone()
            }
        )
    );
    assert!(a.iter().all(|r| (r.propensity - 0.25).abs() < 1e-12));
    assert!(a.windows(2).all(|w| w[0].context.now <= w[1].context.now));
    let log: String = a.iter().map(|r| r.to_json_line() + "\n").collect();
    assert_eq!(replay(&catalog, &log, 1), replay(&catalog, &log, 1));
}

#[test]
fn ips_on_an_always_matching_log_is_the_logged_ctr_over_the_propensity() {
    let catalog = single_offer();
    let record = |clicked: bool| {
        json!({ "slot": "s", "shown": "only", "propensity": 0.5, "clicked": clicked, "device": "d",
                "context": { "now": 1_795_426_200_000i64, "pageType": "home" } })
    };
    let log = jsonl(&[record(true), record(false), record(true), record(true)]);
    let r = replay(&catalog, &log, 0);
    assert_eq!((r.records, r.matched, r.matched_clicks), (4, 4, 3));
    assert_eq!(r.logged_ctr, Some(0.75));
    assert_eq!(r.replay_ctr, Some(0.75));
    assert_eq!(r.ips, Some(0.75 / 0.5));
    assert_eq!(r.snips, Some(0.75));

    // A record the engine cannot match counts in the IPS denominator only.
    let mut records = vec![record(true), record(false), record(true), record(true)];
    records.push(json!({ "slot": "s", "shown": "elsewhere", "propensity": 0.5, "clicked": true }));
    let r = replay(&catalog, &jsonl(&records), 0);
    assert_eq!((r.records, r.matched, r.unknown_shown), (5, 4, 1));
    assert_eq!(r.logged_ctr, Some(0.8));
    assert_eq!(r.replay_ctr, Some(0.75));
    assert_eq!(r.ips, Some(3.0 / 0.5 / 5.0));
}

#[test]
fn malformed_lines_are_counted_with_line_numbers_not_fatal() {
    let catalog = single_offer();
    let good =
        json!({ "slot": "s", "shown": "only", "propensity": 1.0, "clicked": true }).to_string();
    let log = [
        good.as_str(),
        "not json",
        "",
        r#"{"slot": "s", "shown": "only", "clicked": true}"#,
        r#"{"slot": "s", "shown": "only", "propensity": 2, "clicked": false}"#,
        r#"{"slot": "s", "shown": "only", "propensity": 1, "clicked": false, "events": [{"type": "teleport", "at": 1}]}"#,
        good.as_str(),
    ]
    .join("\n");
    let r = replay(&catalog, &log, 0);
    assert_eq!((r.lines, r.records, r.malformed), (6, 2, 4));
    let lines: Vec<usize> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 4, 5, 6]);
    assert!(
        r.errors[1].message.contains("propensity"),
        "{:?}",
        r.errors[1]
    );
    assert_eq!(r.logged_ctr, Some(1.0));
}

#[test]
fn banner_feedback_in_logged_events_is_ignored_and_counted() {
    let catalog = single_offer();
    let log = jsonl(&[json!({
        "slot": "s", "shown": "only", "propensity": 1.0, "clicked": false, "device": "d",
        "events": [
            { "type": "impression", "offer": "only", "slot": "s", "at": 1_795_426_100_000i64 },
            { "type": "product_view", "product": { "id": "p", "category": "tea" }, "at": 1_795_426_100_000i64 }
        ]
    })]);
    let r = replay(&catalog, &log, 0);
    assert_eq!((r.records, r.ignored_feedback_events, r.matched), (1, 1, 1));
}
