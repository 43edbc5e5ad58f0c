//! The `vitrine` binary end to end: validate (ok, bad catalog, missing file, usage) and
//! simulate piped into replay.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = r#"{ "schema": 1, "version": "cli-1", "campaigns": [
  { "id": "coffee", "offers": [{ "id": "coffee-20", "slots": ["hero"], "title": "Coffee", "categories": ["coffee"] }] },
  { "id": "tea", "offers": [
    { "id": "tea-10", "slots": ["hero"], "title": "Tea", "categories": ["tea"] },
    { "id": "tea-5", "slots": ["hero"], "title": "Tea", "categories": ["tea"] }] }
] }"#;

const BAD: &str = r#"{ "schema": 1, "version": "cli-bad", "campaigns": [
  { "id": "c", "offers": [{ "id": "o", "slots": ["hero"], "title": "T", "link": "javascript:alert(1)" }] }
] }"#;

/// A scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vitrine-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn vitrine(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .output()
        .expect("the vitrine binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_accepts_a_good_catalog() {
    let dir = scratch("validate-ok");
    let out = vitrine(&["validate", &write(&dir, "good.json", GOOD)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "ok: 2 campaigns, 3 offers (version cli-1)\n"
    );
}

#[test]
fn validate_lists_problems_with_their_paths_and_exits_1() {
    let dir = scratch("validate-bad");
    let out = vitrine(&["validate", &write(&dir, "bad.json", BAD)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("campaigns[0].offers[0].link: "),
        "stderr: {stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_file_or_bad_usage_exits_2() {
    let out = vitrine(&["validate", "/nonexistent/vitrine/catalog.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
    for args in [
        &["validate"][..],
        &["validate", "a.json", "b.json"],
        &["replay", "--log", "x.jsonl"],
        &["simulate", "--catalog"],
        &["simulate", "--catalog", "c.json", "--shoppers", "many"],
        &["frobnicate"],
        &[],
    ] {
        assert_eq!(vitrine(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn simulate_then_replay_prints_a_table_and_json() {
    let dir = scratch("replay");
    let catalog = write(&dir, "catalog.json", GOOD);
    let sim = vitrine(&[
        "simulate",
        "--catalog",
        &catalog,
        "--shoppers",
        "40",
        "--seed",
        "5",
    ]);
    assert_eq!(sim.status.code(), Some(0), "{}", text(&sim.stderr));
    let mut log = text(&sim.stdout);
    assert_eq!(log.lines().count(), 200);
    log.push_str("this line is broken\n");
    let log = write(&dir, "log.jsonl", &log);

    let out = vitrine(&["replay", "--catalog", &catalog, "--log", &log]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    for row in [
        "records",
        "logged policy CTR",
        "engine replay CTR",
        "engine IPS CTR",
    ] {
        assert!(table.contains(row), "{table}");
    }
    assert!(
        text(&out.stderr).contains(":201: "),
        "{}",
        text(&out.stderr)
    );

    let out = vitrine(&["replay", "--catalog", &catalog, "--log", &log, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["records"], 200);
    assert_eq!(report["malformed"], 1);
    assert_eq!(report["errors"][0]["line"], 201);
    assert!(report["ips"].as_f64().is_some());
}
