//! The tools' functions natively; tests/tools/ runs them in Node through the wasm.

use vitrine::engine::signature::SigningKey;

use super::{compile, describe, validate, verify};

const CATALOG: &str = r#"{ "schema": 1, "version": "tools-1", "campaigns": [
  { "id": "coffee", "offers": [{ "id": "coffee-20", "slots": ["hero"], "title": "Coffee" }] }
] }"#;

const SIGNED_AT: i64 = 1_795_392_000_000;
const EXPIRES_AT: i64 = SIGNED_AT + 86_400_000;

fn signing_key() -> SigningKey {
    SigningKey::from_seed([7; 32]).expect("a nonzero seed is a key")
}

fn signed() -> Vec<u8> {
    let payload = compile(CATALOG, 42, EXPIRES_AT, SIGNED_AT).expect("the catalog compiles");
    signing_key().sign_envelope(&payload)
}

#[test]
fn validate_counts_a_valid_catalog() {
    let contents = validate(CATALOG).expect("the catalog is valid");
    assert_eq!(
        (
            contents.version.as_str(),
            contents.campaigns,
            contents.offers
        ),
        ("tools-1", 1, 1)
    );
}

#[test]
fn validate_names_the_path_of_a_value_of_the_wrong_type() {
    let json = CATALOG.replace(
        r#""id": "coffee","#,
        r#""id": "coffee", "priority": "high","#,
    );
    let error = validate(&json).expect_err("priority is a number");
    assert_eq!(error.code, "catalog_invalid");
    assert_eq!(error.problems.len(), 1);
    assert_eq!(error.problems[0].path, "campaigns[0].priority");
    assert!(
        error.message.contains("campaigns[0].priority"),
        "{}",
        error.message
    );
}

#[test]
fn validate_lists_every_rule_problem() {
    let json = CATALOG.replace(
        r#""title": "Coffee""#,
        r#""title": "", "link": "javascript:x""#,
    );
    let error = validate(&json).expect_err("two problems");
    let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "campaigns[0].offers[0].title",
            "campaigns[0].offers[0].link"
        ]
    );
}

#[test]
fn compile_and_describe_round_trip() {
    let payload = compile(CATALOG, 42, EXPIRES_AT, SIGNED_AT).expect("the catalog compiles");
    assert!(payload.starts_with(b"VCAT"));
    let info = describe(&payload, SIGNED_AT).expect("the payload decodes");
    assert_eq!(
        (info.sequence, info.signed_at, info.expires_at, info.key_id),
        (42, SIGNED_AT, EXPIRES_AT, None)
    );
    assert!(
        info.summary.starts_with("sequence    42\n"),
        "{}",
        info.summary
    );
}

#[test]
fn compile_refuses_an_invalid_catalog() {
    let error = compile("{}", 1, EXPIRES_AT, SIGNED_AT).expect_err("no schema");
    assert_eq!(error.code, "catalog_invalid");
}

#[test]
fn verify_names_the_key_that_signed() {
    let key = signing_key().public_key();
    let other = SigningKey::from_seed([9; 32]).unwrap().public_key();
    let info = verify(
        &signed(),
        vec![other.to_string(), key.to_string()],
        SIGNED_AT,
    )
    .expect("it verifies");
    assert_eq!(info.key_id, Some(key.key_id()));
    assert_eq!(info.key_index, Some(1));
    assert_eq!(info.contents.offers, 1);
}

#[test]
fn verify_reports_each_refusal_with_its_code() {
    let key = signing_key().public_key().to_string();
    let other = SigningKey::from_seed([9; 32]).unwrap().public_key();
    let mut tampered = signed();
    *tampered.last_mut().unwrap() ^= 1;
    let refusal = |bytes: &[u8], keys: &[&str], now| {
        let keys = keys.iter().map(|k| k.to_string()).collect();
        verify(bytes, keys, now).expect_err("refused").code
    };
    let code = |bytes: &[u8], now| refusal(bytes, &[&key], now);
    assert_eq!(code(&tampered, SIGNED_AT), "catalog_signature_invalid");
    assert_eq!(code(&signed(), EXPIRES_AT), "catalog_expired");
    assert_eq!(code(b"VCAT", SIGNED_AT), "catalog_signature_missing");
    let unknown = refusal(&signed(), &[&other.to_string()], SIGNED_AT);
    assert_eq!(unknown, "catalog_signature_invalid");
    let malformed = refusal(&signed(), &["ed25519:nope"], SIGNED_AT);
    assert_eq!(malformed, "public_keys_invalid");
    assert_eq!(refusal(&signed(), &[], SIGNED_AT), "public_keys_invalid");
}
