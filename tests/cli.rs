//! The `vitrine` binary end to end: validate (ok, bad catalog, missing file, usage), simulate
//! piped into replay, keygen, sign, verify and inspect (catalog.bin), and
//! aggregate (measurement reports).
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vitrine::engine::catalog::binary::{decode, encode, CatalogHeader};
use vitrine::engine::catalog::Catalog;
use vitrine::engine::signature::{Envelope, SigningKey};

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

/// `vitrine keygen --out <dir>/<name>`: the public key it printed.
fn keygen(dir: &Path, name: &str) -> (String, String) {
    let path = dir.join(name).to_str().unwrap().to_owned();
    let _ = std::fs::remove_file(&path); // a scratch directory left by a reused process id
    let out = vitrine(&["keygen", "--out", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    (path, text(&out.stdout).trim().to_owned())
}

#[test]
fn keygen_writes_a_private_key_file_once_and_prints_the_public_key() {
    let dir = scratch("keygen");
    let (path, public) = keygen(&dir, "shop.key");
    assert!(
        public.starts_with("ed25519:") && public.len() == 52,
        "{public}"
    );
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains(&format!("# public key: {public}")), "{file}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let again = vitrine(&["keygen", "--out", &path]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        file,
        "not overwritten"
    );
}

#[test]
fn sign_writes_only_catalog_bin_and_verify_refuses_catalog_json() {
    let dir = scratch("sign");
    let (key, public) = keygen(&dir, "shop.key");
    let catalog = write(&dir, "catalog.json", GOOD);
    let _ = std::fs::remove_file(format!("{catalog}.sig")); // a reused scratch directory
    let out = vitrine(&["sign", "--key", &key, &catalog]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains(".sig"), "{}", text(&out.stdout));
    assert!(dir.join("catalog.bin").exists());
    assert!(
        !dir.join("catalog.json.sig").exists(),
        "no detached signature"
    );

    // Only catalog.bin carries a signature: the JSON text is refused like any unsigned file.
    let out = vitrine(&["verify", "--key", &public, &catalog]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("catalog_signature_missing"), "{stderr}");
    assert!(stderr.contains("publish the catalog.bin"), "{stderr}");
    let sig = write(&dir, "catalog.json.sig", "ed25519:AAAAAAAA:AAAA\n");
    let out = vitrine(&["verify", "--key", &public, "--sig", &sig, &catalog]);
    assert_eq!(out.status.code(), Some(2), "`--sig` is no option");
    assert!(
        text(&out.stderr).contains("unknown option `--sig`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sign_refuses_an_invalid_catalog_or_key_file() {
    let dir = scratch("sign-bad");
    let (key, _) = keygen(&dir, "shop.key");
    let bad = write(&dir, "bad.json", BAD);
    let out = vitrine(&["sign", "--key", &key, &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("campaigns[0].offers[0].link: "),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.join("bad.bin").exists());

    let good = write(&dir, "good.json", GOOD);
    let out = vitrine(&["sign", "--key", &good, &good]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("signing key file is invalid"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.join("good.bin").exists());

    for args in [
        &["sign", &good][..],
        &["sign", "--key", &key],
        &["sign", "--key", &key, &good, &good],
        &["verify", &good],
        &["verify", "--key", "ed25519:nope", &good],
        &["keygen", "extra"],
        &["sign", "--key", "/nonexistent/vitrine.key", &good],
    ] {
        assert_eq!(vitrine(args).status.code(), Some(2), "{args:?}");
    }
}

/// The header and catalog of a signed catalog.bin.
fn read_bin(path: &Path) -> (CatalogHeader, Catalog) {
    let bytes = std::fs::read(path).unwrap();
    decode(Envelope::parse(&bytes).unwrap().payload).unwrap()
}

#[test]
fn sign_writes_a_signed_catalog_bin_that_verifies_and_inspects() {
    let dir = scratch("sign-bin");
    let (key, public) = keygen(&dir, "shop.key");
    let (_, other_public) = keygen(&dir, "other.key");
    let catalog = write(&dir, "catalog.json", GOOD);
    let bin = dir.join("catalog.bin");
    let out = vitrine(&[
        "sign",
        "--key",
        &key,
        "--sequence",
        "42",
        "--expires-in",
        "12h",
        &catalog,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("catalog.bin"), "{stdout}");
    assert!(stdout.contains("sequence    42\n"), "{stdout}");
    let (header, compiled) = read_bin(&bin);
    assert_eq!(header.sequence, 42);
    assert_eq!(header.expires_at - header.signed_at, 12 * 3_600_000);
    assert_eq!(compiled, Catalog::from_json(GOOD).unwrap());

    let bin = bin.to_str().unwrap();
    let out = vitrine(&["verify", "--key", &format!("{other_public},{public}"), bin]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("publicKeys[1]"), "{stdout}");
    assert!(stdout.contains("sequence    42\n"), "{stdout}");
    assert!(
        stdout.contains("2 campaigns, 3 offers, 0 beacons"),
        "{stdout}"
    );

    let out = vitrine(&["inspect", bin]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("key {}", &public[8..16])),
        "{stdout}"
    );
    assert!(stdout.contains("version     cli-1\n"), "{stdout}");
    assert!(
        stdout.contains("campaign tea (priority 0): 2 offers"),
        "{stdout}"
    );

    let out = vitrine(&["verify", "--key", &other_public, bin]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is not in publicKeys"),
        "{}",
        text(&out.stderr)
    );

    let mut tampered = std::fs::read(bin).unwrap();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x40;
    std::fs::write(bin, &tampered).unwrap();
    let out = vitrine(&["verify", "--key", &public, bin]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("catalog_signature_invalid"), "{stderr}");
    assert!(stderr.contains("re-run `vitrine sign`"), "{stderr}");
}

#[test]
fn sign_defaults_to_a_time_sequence_and_30_days_and_takes_out() {
    let dir = scratch("sign-defaults");
    let (key, _) = keygen(&dir, "shop.key");
    let catalog = write(&dir, "catalog.json", GOOD);
    let out_path = dir.join("dist.bin");
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let out = vitrine(&[
        "sign",
        "--key",
        &key,
        "--out",
        out_path.to_str().unwrap(),
        &catalog,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (header, _) = read_bin(&out_path);
    assert!(
        (before..before + 60).contains(&header.sequence),
        "{header:?}"
    );
    assert_eq!(header.sequence, (header.signed_at / 1000) as u64);
    assert_eq!(header.expires_at - header.signed_at, 30 * 86_400_000);
}

#[test]
fn verify_refuses_an_expired_or_undecodable_catalog_bin_and_inspect_reads_payloads() {
    let dir = scratch("verify-bin");
    let signer = SigningKey::from_seed([9; 32]).unwrap();
    let public = signer.public_key().to_string();
    let catalog = Catalog::from_json(GOOD).unwrap();
    let expired = CatalogHeader {
        sequence: 1,
        expires_at: 1_000,
        signed_at: 0,
    };
    let payload = encode(&expired, &catalog).unwrap();
    let path = dir.join("expired.bin");
    std::fs::write(&path, signer.sign_envelope(&payload)).unwrap();
    let out = vitrine(&["verify", "--key", &public, path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("(catalog_expired)"),
        "{}",
        text(&out.stderr)
    );
    let out = vitrine(&["inspect", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("expires at  1970-01-01T00:00:01Z (expired)"),
        "{}",
        text(&out.stdout)
    );

    let bare = dir.join("payload.bin");
    std::fs::write(&bare, &payload).unwrap();
    let out = vitrine(&["inspect", bare.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("unsigned"),
        "{}",
        text(&out.stdout)
    );

    let mut broken = payload.clone();
    broken.truncate(payload.len() - 3);
    let path = dir.join("broken.bin");
    std::fs::write(&path, signer.sign_envelope(&broken)).unwrap();
    let out = vitrine(&["verify", "--key", &public, path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("(catalog_invalid)"),
        "{}",
        text(&out.stderr)
    );
    let out = vitrine(&["inspect", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));

    let good = write(&dir, "good.json", GOOD);
    let (key, _) = keygen(&dir, "shop.key");
    let signed = dir.join("signed.bin");
    let signed = signed.to_str().unwrap();
    std::fs::write(signed, signer.sign_envelope(&payload)).unwrap();
    for args in [
        &["sign", "--key", &key, "--expires-in", "0d", &good][..],
        &["sign", "--key", &key, "--expires-in", "3w", &good],
        &["sign", "--key", &key, "--expires-in", "d", &good],
        &["sign", "--key", &key, "--sequence", "-1", &good],
        &["verify", "--key", &public, "--sig", "x.sig", signed],
        &["inspect"],
        &["inspect", "/nonexistent/catalog.bin"],
    ] {
        assert_eq!(vitrine(args).status.code(), Some(2), "{args:?}");
    }
}

/// `devices` measurement reports for two offers, one JSON line each; with `nps`, the catalog
/// also has NPS survey `nps-2026`, which 4 device-days in 5 answer: a detractor, a passive and
/// two promoters (NPS 25).
fn measurement_reports(devices: u64, nps: bool) -> String {
    use rand_core::SeedableRng;
    use vitrine::engine::measurement::{
        build_report, Budget, CatalogScope, Day, DayCounts, OfferCounts, ReportSettings,
    };
    use vitrine::engine::survey::Scale;
    let scope = CatalogScope::new("cli-1", ["coffee-20", "tea-10"]).unwrap();
    let scope = if nps {
        scope.with_surveys([("nps-2026", Scale::Nps)]).unwrap()
    } else {
        scope
    };
    // Fixed draws: the CLI's output is tested here, the intervals' coverage in
    // tests/measurement.rs and tests/survey_measurement.rs.
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(if nps { 14 } else { 4 });
    (0..devices)
        .map(|i| {
            let seen = OfferCounts {
                impressions: 2,
                clicks: u32::from(i % 4 == 0),
                conversions: 0,
            };
            let counts = DayCounts {
                day: Day::parse(if i % 2 == 0 {
                    "2026-11-22"
                } else {
                    "2026-11-23"
                })
                .unwrap(),
                offers: [("coffee-20".to_owned(), seen)].into_iter().collect(),
                answers: ["detractor", "passive", "promoter", "promoter"]
                    .get(i as usize % 5)
                    .filter(|_| nps)
                    .map(|bucket| ("nps-2026".to_owned(), (*bucket).to_owned()))
                    .into_iter()
                    .collect(),
            };
            let mut budget = Budget::new(1.0).unwrap();
            let settings = ReportSettings::default();
            let report = build_report(&counts, &scope, &settings, &mut budget, &mut rng).unwrap();
            format!("{}\n", report.to_json())
        })
        .collect()
}

#[test]
fn aggregate_prints_estimates_and_reports_bad_lines() {
    let dir = scratch("aggregate");
    let mut reports = measurement_reports(2_000, false);
    reports.push_str("{\"v\":1}\n\nnot json\n");
    let path = write(&dir, "reports.jsonl", &reports);

    let out = vitrine(&["aggregate", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.starts_with("2000 reports, 2026-11-22 to 2026-11-23; 2 rejected lines\n"),
        "{table}"
    );
    assert!(table.contains("offer      metric      estimate"), "{table}");
    assert_eq!(table.lines().count(), 2 + 6, "{table}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("reports.jsonl:2001: not a measurement report: missing field"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":2003: not a measurement report"),
        "{stderr}"
    );

    let out = vitrine(&["aggregate", "--json", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["reports"].as_u64(), json["rejected"].as_u64()),
        (Some(2000), Some(2))
    );
    let rows = json["rows"].as_array().unwrap();
    let row = |offer: &str, metric: &str| {
        rows.iter()
            .find(|r| r["offer"] == offer && r["metric"] == metric)
            .unwrap_or_else(|| panic!("no row {offer} {metric}"))
    };
    for (offer, metric, truth) in [
        ("coffee-20", "impression", 2000.0),
        ("coffee-20", "click", 500.0),
        ("tea-10", "click", 0.0),
    ] {
        let r = row(offer, metric);
        let (low, high) = (
            r["ci_low"].as_f64().unwrap(),
            r["ci_high"].as_f64().unwrap(),
        );
        assert!(low <= truth && truth <= high, "{offer} {metric}: {r}");
        assert_eq!(r["reports"], 2000);
    }
}

#[test]
fn aggregate_estimates_survey_answers_and_the_nps() {
    let dir = scratch("aggregate-nps");
    let path = write(&dir, "reports.jsonl", &measurement_reports(20_000, true));
    let out = vitrine(&["aggregate", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("survey    bucket     estimate"), "{table}");
    let nps = table
        .lines()
        .find(|l| l.starts_with("nps-2026  nps"))
        .unwrap_or_else(|| panic!("no score line: {table}"));
    assert!(nps.contains(" to "), "{nps}");

    let out = vitrine(&["aggregate", "--json", &path]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["answers"].as_array().unwrap().len(), 3);
    let score = &json["scores"][0];
    assert_eq!(
        (&score["survey"], &score["scale"]),
        (&"nps-2026".into(), &"nps".into())
    );
    let (low, high) = (
        score["ci_low"].as_f64().unwrap(),
        score["ci_high"].as_f64().unwrap(),
    );
    assert!(low <= 25.0 && 25.0 <= high, "{score}");
    let respondents = score["respondents"].as_f64().unwrap();
    assert!((12_000.0..20_000.0).contains(&respondents), "{score}");
    for row in json["answers"].as_array().unwrap() {
        let truth = if row["bucket"] == "promoter" {
            8_000.0
        } else {
            4_000.0
        };
        let (low, high) = (
            row["ci_low"].as_f64().unwrap(),
            row["ci_high"].as_f64().unwrap(),
        );
        assert!(low <= truth && truth <= high, "{row}");
    }
}

#[test]
fn aggregate_without_usable_reports_exits_1() {
    let dir = scratch("aggregate-bad");
    let path = write(
        &dir,
        "reports.jsonl",
        "nope\n{\"v\":3,\"day\":\"2027-01-01\"}\n",
    );
    let out = vitrine(&["aggregate", &path]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("has no usable reports"), "{stderr}");
    assert!(stderr.contains("reports.jsonl:1: "), "{stderr}");
    assert!(
        stderr.contains(":2: report format version 3 is not supported"),
        "{stderr}"
    );
    for args in [
        &["aggregate"][..],
        &["aggregate", "a", "b"],
        &["aggregate", "--csv", &path],
    ] {
        assert_eq!(vitrine(args).status.code(), Some(2), "{args:?}");
    }
    assert_eq!(
        vitrine(&["aggregate", "/nonexistent/reports.jsonl"])
            .status
            .code(),
        Some(2)
    );
}

/// One device's events: coffee bought every 21 days, a kettle once, a search, a cart line, and
/// a line that is not an event.
fn coffee_log(dir: &Path) -> String {
    const T0: i64 = 1_795_426_200_000;
    const DAY: i64 = 86_400_000;
    let mut lines = vec![format!(
        r#"{{"type":"page_view","pageType":"home","at":{}}}"#,
        T0 - 60 * DAY
    )];
    for day in [0, 21, 42, 62, 83] {
        lines.push(format!(
            r#"{{"type":"purchase","items":[{{"id":"coffee-arabica","category":"coffee","price":12.5}}],"value":12.5,"at":{}}}"#,
            T0 - 100 * DAY + day * DAY
        ));
    }
    lines.push(format!(
        r#"{{"type":"purchase","items":[{{"id":"kettle-1","category":"kitchen","price":40}}],"value":40,"at":{}}}"#,
        T0 - 10 * DAY
    ));
    lines.push(format!(
        r#"{{"type":"survey_answer","survey":"nps","scale":"nps","score":8,"at":{}}}"#,
        T0 - 9 * DAY
    ));
    lines.push(format!(
        r#"{{"type":"search","query":"Descaler tablets","at":{}}}"#,
        T0 - 2 * DAY
    ));
    lines.push(format!(
        r#"{{"type":"product_view","product":{{"id":"descaler","name":"Descaler, 6 tablets","url":"/p/descaler"}},"at":{}}}"#,
        T0 - 2 * DAY - 60_000
    ));
    lines.push("not an event".to_owned());
    write(dir, "events.jsonl", &(lines.join("\n") + "\n"))
}

#[test]
fn profile_prints_every_feature_and_the_reorder_ranking() {
    let dir = scratch("profile");
    let log = coffee_log(&dir);
    // 25 days after the last coffee (83 days in): it is due, the kettle is not.
    let at = (1_795_426_200_000_i64 - 100 * 86_400_000 + 108 * 86_400_000).to_string();
    let out = vitrine(&["profile", "--events", &log, "--at", &at]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("from 10 events, 1 line skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  descaler  \"Descaler, 6 tablets\"  /p/descaler  viewed 10 days ago"),
        "{stdout}"
    );
    for line in [
        "purchases",
        "top.category",
        "search.terms",
        "affinity.category.coffee",
        "survey.nps.score",
        "nps_group",
    ] {
        assert!(stdout.contains(line), "{line}: {stdout}");
    }
    let ranking: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("reorder:"))
        .skip(1)
        .collect();
    assert!(
        ranking[0].contains("coffee-arabica") && ranking[0].contains(" due "),
        "{stdout}"
    );
    assert!(
        ranking[1].contains("kettle-1") && ranking[1].contains("later"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("events.jsonl` line 11:"));

    let out = vitrine(&["profile", "--events", &log, "--at", &at, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["features"]["purchases"], 6.0);
    assert_eq!(json["features"]["top.category"], "coffee");
    assert_eq!(json["features"]["survey.nps.score"], 8.0);
    assert_eq!(json["features"]["nps_group"], "passive");
    assert_eq!(
        json["features"]["search.terms"],
        serde_json::json!(["descaler", "tablets"])
    );
    assert_eq!(
        json["lifecycle"], "loyal",
        "six orders, the latest 18 days ago"
    );
    assert_eq!(json["reorder"][0]["product"], "coffee-arabica");
    assert_eq!(json["reorder"][0]["purchases"], 5);
    assert_eq!(json["reorder"][0]["due"], true);
    assert_eq!(json["reorder"][1]["due"], false);
    assert_eq!(json["skipped"], 1);
    assert_eq!(json["products"][0]["name"], "Descaler, 6 tablets");
    assert_eq!(json["products"][0]["url"], "/p/descaler");

    // Events after `--at` had not happened yet: an hour after the third coffee.
    let early = (1_795_426_200_000_i64 - 58 * 86_400_000 + 3_600_000).to_string();
    let out = vitrine(&["profile", "--events", &log, "--at", &early, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["events"], 4, "the page view and three purchases");
    assert_eq!(json["features"]["purchases"], 3.0);
    assert_eq!(json["lifecycle"], "repeat");
    assert_eq!(
        json["reorder"].as_array().unwrap().len(),
        1,
        "no kettle yet"
    );
    assert_eq!(json["reorder"][0]["purchases"], 3);
}

#[test]
fn profile_without_usable_events_exits_1_and_bad_usage_exits_2() {
    let dir = scratch("profile-bad");
    let empty = write(&dir, "empty.jsonl", "nope\n\n");
    for args in [
        &["profile", "--events", &empty][..],
        &["profile", "--events", &empty, "--at", "5"],
    ] {
        let out = vitrine(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains("has no usable event"));
    }
    for args in [
        &["profile"][..],
        &["profile", "--events", &empty, "extra"],
        &["profile", "--events", &empty, "--at", "soon"],
        &["profile", "--events", "/nonexistent/events.jsonl"],
    ] {
        assert_eq!(vitrine(args).status.code(), Some(2), "{args:?}");
    }
}

/// Reports of `devices` device-days on the demo catalog (www/catalog.json): its first three
/// offers shown to 60 % of them, clicked by 15 %, 5 % and 1 % of those.
fn demo_reports(devices: u64) -> String {
    use rand_core::{Rng, SeedableRng};
    use vitrine::engine::catalog::Catalog;
    use vitrine::engine::measurement::{
        build_report, Budget, CatalogScope, Day, DayCounts, OfferCounts, ReportSettings,
    };
    let demo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json"));
    let catalog = Catalog::from_json(&demo.unwrap()).unwrap();
    let scope = CatalogScope::from_catalog(&catalog).unwrap();
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(15);
    let chance = |rng: &mut rand_pcg::Pcg64Mcg, p: f64| {
        (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    };
    (0..devices)
        .map(|i| {
            let mut offers = std::collections::BTreeMap::new();
            for (offer, click) in catalog.offers.iter().zip([0.15, 0.05, 0.01]) {
                if chance(&mut rng, 0.6) {
                    let clicks = u32::from(chance(&mut rng, click));
                    offers.insert(
                        offer.id.clone(),
                        OfferCounts {
                            impressions: 1,
                            clicks,
                            conversions: 0,
                        },
                    );
                }
            }
            let day = Day::from_epoch_days(20_780 + (i % 7) as i64).unwrap();
            let counts = DayCounts {
                day,
                offers,
                answers: Default::default(),
            };
            let mut budget = Budget::new(1.0).unwrap();
            let report = build_report(
                &counts,
                &scope,
                &ReportSettings::default(),
                &mut budget,
                &mut rng,
            );
            format!("{}\n", report.unwrap().to_json())
        })
        .collect()
}

#[test]
fn priors_write_the_demos_next_version_which_signs_and_verifies() {
    let dir = scratch("priors");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json");
    let reports = write(&dir, "reports.jsonl", &demo_reports(60_000));
    let next = dir.join("next.json").to_str().unwrap().to_owned();
    let out = vitrine(&[
        "priors",
        "--catalog",
        demo,
        "--reports",
        &reports,
        "--out",
        &next,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stderr);
    assert!(
        table.starts_with("version 2026-11-23.2: priors from 60000 reports\n"),
        "{table}"
    );
    assert!(
        table.contains("offer") && table.contains("prior now"),
        "{table}"
    );

    // The next version: every offer has a prior; nothing else changed but the version.
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo).unwrap()).unwrap();
    let mut after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&next).unwrap()).unwrap();
    assert_eq!(after["version"], "2026-11-23.2");
    let mut priors = Vec::new();
    for campaign in after["campaigns"].as_array_mut().unwrap() {
        for offer in campaign["offers"].as_array_mut().unwrap() {
            let prior = offer.as_object_mut().unwrap().remove("prior").unwrap();
            priors.push((
                prior["alpha"].as_f64().unwrap(),
                prior["beta"].as_f64().unwrap(),
            ));
        }
    }
    let mut unchanged = before.clone();
    for campaign in unchanged["campaigns"].as_array_mut().unwrap() {
        for offer in campaign["offers"].as_array_mut().unwrap() {
            offer.as_object_mut().unwrap().remove("prior");
        }
    }
    after["version"] = before["version"].clone();
    assert_eq!(after, unchanged);
    // Each within the cap of 10 impressions, around the shop's rate: the demo's 36 offers make
    // 111 pairs, so 60,000 device-days cannot tell its offers apart (about ±15 points each;
    // tests/priors.rs tells them apart on a small catalog), and all lean on the shop's mean.
    assert!(
        priors.iter().all(|&(a, b)| (2.0..=10.0).contains(&(a + b))),
        "{priors:?}"
    );
    let mean = |(a, b): (f64, f64)| a / (a + b);
    assert!(
        priors.iter().all(|&p| (0.02..0.12).contains(&mean(p))),
        "{priors:?}"
    );
    assert!(
        table.contains("kettle-recall-notice  ") && table.contains(" shop "),
        "{table}"
    );

    // Signed as usual, it verifies.
    let (key, public) = keygen(&dir, "priors.key");
    let bin = dir.join("next.bin").to_str().unwrap().to_owned();
    let out = vitrine(&["sign", "--key", &key, "--out", &bin, &next]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = vitrine(&["verify", "--key", &public, &bin]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Stdout when no --out; refusals with what to fix.
    let out = vitrine(&[
        "priors",
        "--catalog",
        demo,
        "--reports",
        &reports,
        "--max-strength",
        "4",
    ]);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["version"], "2026-11-23.2");
    let empty = write(&dir, "empty.jsonl", "not a report\n");
    let bad = write(&dir, "bad.json", BAD);
    for (args, code, says) in [
        (
            vec!["priors", "--catalog", demo],
            2,
            "`--reports` is required",
        ),
        (
            vec![
                "priors",
                "--catalog",
                demo,
                "--reports",
                &reports,
                "--max-strength",
                "1",
            ],
            1,
            "--max-strength must be",
        ),
        (
            vec![
                "priors",
                "--catalog",
                demo,
                "--reports",
                &reports,
                "--half-life-days",
                "soon",
            ],
            2,
            "must be a number",
        ),
        (
            vec!["priors", "--catalog", demo, "--reports", &empty],
            1,
            "has no usable reports",
        ),
        (
            vec!["priors", "--catalog", &bad, "--reports", &reports],
            1,
            "is not a valid catalog",
        ),
    ] {
        let out = vitrine(&args);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(
            text(&out.stderr).contains(says),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn simulate_generations_compares_learned_priors_with_fixed_ones() {
    let catalog = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/bench/catalogs/learning-loop.json"
    );
    let args = [
        "simulate",
        "--catalog",
        catalog,
        "--generations",
        "2",
        "--shoppers",
        "300",
        "--visits",
        "2",
        "--seeds",
        "2",
    ];
    let out = vitrine(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("2 shops (seeds 0 to 1), 12 offers"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("CTR, learned priors") && lines[1].contains("regret"),
        "{stdout}"
    );
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[2].contains("0.00 ± 0.00 %"),
        "generation 0 is the same for both: {stdout}"
    );
    assert_eq!(vitrine(&args).stdout, out.stdout, "deterministic");
    for bad in [
        &["simulate", "--catalog", catalog, "--seeds", "3"][..],
        &["simulate", "--catalog", catalog, "--generations", "0"],
        &[
            "simulate",
            "--catalog",
            catalog,
            "--generations",
            "2",
            "--epsilon",
            "20",
        ],
    ] {
        assert_eq!(vitrine(bad).status.code(), Some(2), "{bad:?}");
    }
}
