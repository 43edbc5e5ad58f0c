//! The demo shop's catalog is signed: www/catalog.json.sig verifies against the public keys in
//! www/vitrine-keys.json, which hold the demo key's public key. Fails when someone edits the
//! catalog and forgets to re-sign it.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use vitrine::engine::signature::{parse_public_keys, verify, SigningKey};

const FIX: &str = "run `make sign-demo` to re-sign www/catalog.json with the demo key";

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {name}: {e}; {FIX}"))
}

fn demo_public_keys() -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&read("www/vitrine-keys.json")).unwrap();
    serde_json::from_value(json["publicKeys"].clone())
        .expect("www/vitrine-keys.json is { \"publicKeys\": [\"ed25519:...\"] }")
}

#[test]
fn the_demo_catalog_signature_verifies_against_the_demo_public_key() {
    let keys = parse_public_keys(&demo_public_keys()).unwrap();
    let catalog = read("www/catalog.json");
    let signature = read("www/catalog.json.sig");
    if let Err(e) = verify(catalog.as_bytes(), &signature, &keys) {
        panic!("www/catalog.json.sig does not verify: {e}\n{FIX}");
    }
}

#[test]
fn the_demo_signing_key_matches_the_published_public_key() {
    let text = read("scripts/demo-signing.key");
    assert!(text.contains("DEMO ONLY, NEVER USE IN PRODUCTION"));
    let key = SigningKey::parse_file(&text).unwrap();
    let keys = parse_public_keys(&demo_public_keys()).unwrap();
    assert!(
        keys.contains(&key.public_key()),
        "www/vitrine-keys.json does not list the public key of scripts/demo-signing.key ({})",
        key.public_key()
    );
}
