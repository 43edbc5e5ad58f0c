//! The demo shop's catalog is signed: www/catalog.bin verifies against the public keys in
//! www/vitrine-keys.json, which hold the demo key's public key, and holds www/catalog.json with
//! the demo's fixed sequence and a distant expiry. Fails when someone edits the catalog and
//! forgets to re-sign it.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use vitrine::engine::catalog::binary::decode;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::clock::DAY_MS;
use vitrine::engine::signature::{parse_public_keys, verify_envelope, SigningKey};

const FIX: &str = "run `make sign-demo` to re-sign www/catalog.json with the demo key (it runs \
    `vitrine sign --key scripts/demo-signing.key --sequence 1795392000 --expires-in 3650d \
    www/catalog.json`, docs/signing.md)";
/// The demo's sequence (docs/signing.md): 2026-11-23T00:00:00Z in seconds since 1970.
const DEMO_SEQUENCE: u64 = 1_795_392_000;

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
fn the_demo_catalog_bin_is_the_signed_demo_catalog_and_far_from_expiry() {
    let keys = parse_public_keys(&demo_public_keys()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/catalog.bin");
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("www/catalog.bin: {e}; {FIX}"));
    let (_, payload) = verify_envelope(&bytes, &keys)
        .unwrap_or_else(|e| panic!("www/catalog.bin does not verify: {e}\n{FIX}"));
    let (header, catalog) = decode(payload).unwrap_or_else(|e| panic!("{e}\n{FIX}"));
    assert!(
        catalog == Catalog::from_json(&read("www/catalog.json")).unwrap(),
        "www/catalog.bin holds another catalog than www/catalog.json\n{FIX}"
    );
    assert_eq!(header.sequence, DEMO_SEQUENCE, "{FIX}");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let now = i64::try_from(now.as_millis()).unwrap();
    assert!(
        header.expires_at > now + 365 * DAY_MS,
        "www/catalog.bin expires within a year\n{FIX}"
    );
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
