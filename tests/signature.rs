//! Catalog signatures: wrong keys, forged key ids, rotation and RFC 8032 vectors through the
//! signed envelope of `catalog.bin`, and precise errors for malformed public keys and key files.
//! (tests/catalog_binary.rs covers the envelope's layout and tampering.)
#![cfg(not(target_arch = "wasm32"))]

use base64ct::{Base64, Encoding};
use vitrine::engine::signature::{
    parse_public_keys, verify_envelope, Envelope, PublicKey, SignatureError, SigningKey,
};

/// Signed bytes; the envelope does not look inside them (tests/catalog_binary.rs compiles real
/// catalogs).
const PAYLOAD: &[u8] = b"VCAT: some compiled catalog";

fn key(n: u8) -> SigningKey {
    SigningKey::from_seed([n; 32]).unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn public_key_text(hex_key: &str) -> String {
    format!("ed25519:{}", Base64::encode_string(&hex(hex_key)))
}

fn reason(error: SignatureError) -> String {
    match error {
        SignatureError::BadPublicKey { reason, .. } | SignatureError::BadSecretKey { reason } => {
            reason
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn a_signature_by_another_key_is_rejected_and_names_both_ids() {
    let (signer, configured) = (key(1), key(2).public_key());
    let bytes = signer.sign_envelope(PAYLOAD);
    let err = verify_envelope(&bytes, &[configured]).unwrap_err();
    assert_eq!(
        err,
        SignatureError::UnknownKey {
            key_id: signer.public_key().key_id(),
            configured: vec![configured.key_id()],
        }
    );
    assert_eq!(err.code(), "catalog_signature_invalid");
    let message = err.to_string();
    assert!(message.contains(&signer.public_key().key_id()), "{message}");
    assert!(message.contains(&configured.key_id()), "{message}");
}

#[test]
fn a_forged_key_id_does_not_help() {
    let (signer, configured) = (key(1), key(2).public_key());
    let bytes = signer.sign_envelope(PAYLOAD);
    let envelope = Envelope::parse(&bytes).unwrap();
    let configured_id = configured.key_id();
    let forged = Envelope {
        key_id: &configured_id,
        ..envelope
    }
    .to_bytes();
    let err = verify_envelope(&forged, &[configured]).unwrap_err();
    assert_eq!(
        err,
        SignatureError::Mismatch {
            key_id: configured.key_id()
        }
    );
    assert_eq!(err.code(), "catalog_signature_invalid");
    assert!(err.to_string().contains("re-run `vitrine sign`"), "{err}");
}

#[test]
fn rotation_the_second_key_in_the_list_matches() {
    let (old, new) = (key(1), key(2));
    let keys = [old.public_key(), new.public_key()];
    let (by_new, by_old) = (new.sign_envelope(PAYLOAD), old.sign_envelope(PAYLOAD));
    assert_eq!(verify_envelope(&by_new, &keys), Ok((1, PAYLOAD)));
    assert_eq!(verify_envelope(&by_old, &keys), Ok((0, PAYLOAD)));
}

#[test]
fn no_keys_is_an_error_not_a_pass() {
    let err = verify_envelope(&key(1).sign_envelope(PAYLOAD), &[]).unwrap_err();
    assert_eq!(err, SignatureError::NoPublicKeys);
    assert_eq!(err.code(), "public_keys_invalid");
}

#[test]
fn rfc_8032_test_vectors_sign_and_verify() {
    // RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    let vectors = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
    ];
    for (secret, public, message, signature) in vectors {
        let public = PublicKey::parse(&public_key_text(public)).unwrap();
        let (message, signature) = (hex(message), hex(signature));
        let key_id = public.key_id();
        let envelope = Envelope {
            key_id: &key_id,
            signature: signature.as_slice().try_into().unwrap(),
            payload: &message,
        }
        .to_bytes();
        assert_eq!(verify_envelope(&envelope, &[public]), Ok((0, &message[..])));
        let signer = SigningKey::from_seed(hex(secret).try_into().unwrap()).unwrap();
        assert_eq!(signer.public_key(), public);
        assert_eq!(signer.sign_envelope(&message), envelope);
    }
    assert_eq!(
        PublicKey::parse(&public_key_text(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        ))
        .unwrap()
        .to_string(),
        "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    );
}

#[test]
fn malformed_public_keys_say_what_is_wrong() {
    let good = key(1).public_key().to_string();
    let cases = [
        (
            good.trim_start_matches("ed25519:").to_owned(),
            "it must start with `ed25519:`",
        ),
        ("ed25519:".to_owned(), "the part after `ed25519:` is empty"),
        (
            "ed25519:***".to_owned(),
            "the part after `ed25519:` is not valid base64 (alphabet A-Z a-z 0-9 + /, padded with =)",
        ),
        (
            format!("ed25519:{}", Base64::encode_string(&[9; 31])),
            "it decodes to 31 bytes; an Ed25519 public key is 32",
        ),
        (
            // The identity point has small order: it could never verify anything.
            format!("ed25519:{}", Base64::encode_string(&hex(
                "0100000000000000000000000000000000000000000000000000000000000000"
            ))),
            "the 32 bytes are not a usable Ed25519 public key",
        ),
    ];
    for (text, expected) in cases {
        let err = PublicKey::parse(&text).unwrap_err();
        assert_eq!(err.code(), "public_keys_invalid");
        assert_eq!(reason(err), expected, "{text:?}");
    }
    assert_eq!(
        PublicKey::parse(&format!("  {good}\n"))
            .unwrap()
            .to_string(),
        good
    );
    let err = parse_public_keys(&[good.as_str(), "ed25519:x"]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("public key `ed25519:x` is invalid"),
        "{err}"
    );
}

#[test]
fn a_secret_key_pasted_as_a_public_key_is_refused_without_echoing_it() {
    let file = key(3).to_file();
    let secret_line = file.lines().last().unwrap();
    let err = PublicKey::parse(secret_line).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("secret signing key"), "{message}");
    assert!(!message.contains(&secret_line[16..]), "{message}");
}

#[test]
fn key_files_round_trip_and_bad_ones_are_refused() {
    let signer = key(4);
    let file = signer.to_file();
    assert!(file.contains(&format!("# public key: {}", signer.public_key())));
    let read = SigningKey::parse_file(&file).unwrap();
    assert_eq!(read.public_key(), signer.public_key());
    assert!(!format!("{read:?}").contains(file.lines().last().unwrap()));

    let generated = SigningKey::generate().unwrap();
    assert_ne!(
        generated.public_key(),
        SigningKey::generate().unwrap().public_key()
    );
    let bytes = generated.sign_envelope(PAYLOAD);
    assert_eq!(
        verify_envelope(&bytes, &[generated.public_key()]),
        Ok((0, PAYLOAD))
    );

    let zeros = format!("ed25519-secret:{}", Base64::encode_string(&[0; 32]));
    let cases = [
        (
            "# only a comment\n".to_owned(),
            "it must hold exactly one `ed25519-secret:...` line besides `#` comments",
        ),
        (
            format!("{file}{file}"),
            "it must hold exactly one `ed25519-secret:...` line besides `#` comments",
        ),
        (
            signer.public_key().to_string(),
            "the key line must start with `ed25519-secret:` (this looks like a public key)",
        ),
        (
            "ed25519-secret:%%".to_owned(),
            "the secret is not valid base64 (alphabet A-Z a-z 0-9 + /, padded with =)",
        ),
        (
            format!("ed25519-secret:{}", Base64::encode_string(&[1; 64])),
            "the secret decodes to 64 bytes; it must be 32",
        ),
        (zeros, "the secret is all zeros"),
    ];
    for (text, expected) in cases {
        let err = SigningKey::parse_file(&text).unwrap_err();
        assert_eq!(err.code(), "signing_key_invalid");
        assert_eq!(reason(err), expected, "{text:?}");
    }
}

#[test]
fn every_error_has_a_code_and_an_actionable_message() {
    let unsigned = verify_envelope(PAYLOAD, &[key(1).public_key()]).unwrap_err();
    assert_eq!(unsigned, SignatureError::Unsigned);
    assert_eq!(unsigned.code(), "catalog_signature_missing");
    assert!(unsigned.to_string().contains("vitrine sign"), "{unsigned}");
}
