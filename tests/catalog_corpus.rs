#![cfg(not(target_arch = "wasm32"))]
//! The hostile catalog corpus, `tests/vectors/hostile-catalogs.json` (issue #13): wrong types,
//! huge and deeply nested bodies, duplicate ids, control characters and Unicode tricks in ids,
//! script payloads in every text field, `javascript:`/`data:` URLs, negative caps, ends before
//! starts... Each case gives exactly the problems it lists (path and message, in order), and
//! each accepted one compiles into a payload that decodes to the same catalog. The Node tools
//! (tests/tools/corpus.test.mjs) check the same file, and the browser renders the accepted
//! ones (tests/e2e/instance-api.test.mjs).

use serde_json::Value;
use vitrine::engine::catalog::binary::{decode, encode, CatalogHeader};
use vitrine::engine::catalog::Catalog;

/// A case's text, with its `fill` expanded.
fn expand(case: &Value) -> String {
    let text = case["text"].as_str().unwrap();
    let fill = &case["fill"];
    if fill.is_null() {
        return text.to_owned();
    }
    let value = match fill["nest"].as_u64() {
        Some(depth) => format!(
            "{}0{}",
            "[".repeat(depth as usize),
            "]".repeat(depth as usize)
        ),
        None => {
            let with = fill["with"].as_str().unwrap();
            format!(
                "\"{}\"",
                with.repeat(fill["times"].as_u64().unwrap() as usize)
            )
        }
    };
    text.replacen("\"@FILL@\"", &value, 1)
}

#[test]
fn every_hostile_catalog_gives_exactly_its_problems() {
    let text = std::fs::read_to_string("tests/vectors/hostile-catalogs.json").unwrap();
    let corpus: Value = serde_json::from_str(&text).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let header = CatalogHeader {
        sequence: 1,
        expires_at: i64::MAX,
        signed_at: 0,
    };
    let mut accepted = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let expected: Vec<(String, String)> = case["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_str().unwrap().into(), e[1].as_str().unwrap().into()))
            .collect();
        match Catalog::from_json(&expand(case)) {
            Ok(catalog) => {
                assert!(
                    expected.is_empty(),
                    "{name}: accepted, expected {expected:?}"
                );
                let payload = encode(&header, &catalog).unwrap();
                assert_eq!(decode(&payload), Ok((header, catalog)), "{name}");
                accepted += 1;
            }
            Err(errors) => {
                let got: Vec<(String, String)> = errors
                    .0
                    .iter()
                    .map(|e| (e.path.clone(), e.kind.to_string()))
                    .collect();
                assert_eq!(got, expected, "{name}");
            }
        }
    }
    assert!(
        accepted >= 10 && accepted < cases.len() / 4,
        "{accepted} accepted"
    );
}
