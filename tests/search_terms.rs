#![cfg(not(target_arch = "wasm32"))]
//! Search-term normalisation against tests/vectors/search-terms.json, which the browser test
//! (tests/e2e/search-terms.test.mjs) replays through the shell's `foldQuery` and the wasm built
//! without Unicode tables: both must give these terms.

use serde_json::Value;
use vitrine::engine::profile::normalize_query;

#[test]
fn every_vector_normalises_to_its_terms() {
    let text = std::fs::read_to_string("tests/vectors/search-terms.json").unwrap();
    let vectors: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(vectors.len() >= 16);
    if std::env::var_os("VITRINE_PRINT_VECTORS").is_some() {
        let out: Vec<Value> = vectors
            .iter()
            .map(|v| serde_json::json!({"query": v["query"], "terms": normalize_query(v["query"].as_str().unwrap())}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&out).unwrap());
    }
    for v in &vectors {
        let query = v["query"].as_str().unwrap();
        let terms: Vec<&str> = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(normalize_query(query), terms, "{query:?}");
    }
}
