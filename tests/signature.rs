//! Catalog signatures: round trip, tampering, wrong keys, rotation, RFC 8032 vectors, and precise
//! errors for malformed signature files, public keys and key files.
#![cfg(not(target_arch = "wasm32"))]

use base64ct::{Base64, Encoding};
use vitrine::engine::signature::{
    parse_public_keys, verify, PublicKey, SignatureError, SigningKey,
};

const CATALOG: &[u8] = br#"{ "schema": 1, "version": "sig-1", "campaigns": [] }"#;

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
        SignatureError::BadSignatureFile { reason }
        | SignatureError::BadPublicKey { reason, .. }
        | SignatureError::BadSecretKey { reason } => reason,
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn a_signed_catalog_verifies_with_its_key() {
    let signer = key(1);
    let sig = signer.sign(CATALOG);
    assert!(sig.starts_with(&format!("ed25519:{}:", signer.public_key().key_id())));
    assert!(sig.ends_with('\n') && sig.lines().count() == 1);
    assert_eq!(verify(CATALOG, &sig, &[signer.public_key()]), Ok(0));
    assert_eq!(sig, signer.sign(CATALOG), "signing is deterministic");
}

#[test]
fn one_flipped_byte_in_the_catalog_is_rejected() {
    let signer = key(1);
    let sig = signer.sign(CATALOG);
    let keys = [signer.public_key()];
    for i in [0, CATALOG.len() / 2, CATALOG.len() - 1] {
        let mut tampered = CATALOG.to_vec();
        tampered[i] ^= 0x01;
        let err = verify(&tampered, &sig, &keys).unwrap_err();
        assert_eq!(
            err,
            SignatureError::Mismatch {
                key_id: signer.public_key().key_id()
            }
        );
        assert_eq!(err.code(), "catalog_signature_invalid");
        assert!(err.to_string().contains("re-run `vitrine sign`"), "{err}");
    }
    let mut longer = CATALOG.to_vec();
    longer.push(b'\n');
    assert!(verify(&longer, &sig, &keys).is_err(), "a trailing newline");
}

#[test]
fn a_signature_by_another_key_is_rejected_and_names_both_ids() {
    let (signer, configured) = (key(1), key(2).public_key());
    let err = verify(CATALOG, &signer.sign(CATALOG), &[configured]).unwrap_err();
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
    let sig = signer.sign(CATALOG);
    let forged = sig.replace(&signer.public_key().key_id(), &configured.key_id());
    assert_eq!(
        verify(CATALOG, &forged, &[configured]),
        Err(SignatureError::Mismatch {
            key_id: configured.key_id()
        })
    );
}

#[test]
fn rotation_the_second_key_in_the_list_matches() {
    let (old, new) = (key(1), key(2));
    let keys = [old.public_key(), new.public_key()];
    assert_eq!(verify(CATALOG, &new.sign(CATALOG), &keys), Ok(1));
    assert_eq!(verify(CATALOG, &old.sign(CATALOG), &keys), Ok(0));
}

#[test]
fn no_keys_is_an_error_not_a_pass() {
    let err = verify(CATALOG, &key(1).sign(CATALOG), &[]).unwrap_err();
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
        let sig_file = format!(
            "ed25519:{}:{}\n",
            public.key_id(),
            Base64::encode_string(&hex(signature))
        );
        let message = hex(message);
        assert_eq!(verify(&message, &sig_file, &[public]), Ok(0));
        let signer = SigningKey::from_seed(hex(secret).try_into().unwrap()).unwrap();
        assert_eq!(signer.public_key(), public);
        assert_eq!(signer.sign(&message), sig_file);
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
fn malformed_signature_files_say_what_is_wrong() {
    let signer = key(1);
    let keys = [signer.public_key()];
    let good = signer.sign(CATALOG);
    let id = signer.public_key().key_id();
    let sig64 = good.trim().rsplit(':').next().unwrap().to_owned();
    let cases = [
        ("".to_owned(), "the file is empty"),
        ("  \n".to_owned(), "the file is empty"),
        (format!("{good}{good}"), "it has more than one line"),
        (sig64.clone(), "it has 1 `:`-separated fields instead of 3"),
        (
            format!("ed25519:{sig64}"),
            "it has 2 `:`-separated fields instead of 3",
        ),
        (
            format!("ed25519:abc:{sig64}"),
            "the key id `abc` is not 8 base64 characters",
        ),
        (format!("ed25519:{id}:"), "the signature is empty"),
        (
            format!("ed25519:{id}:not base64!"),
            "the signature is not valid base64 (alphabet A-Z a-z 0-9 + /, padded with =)",
        ),
        (
            format!("ed25519:{id}:{}", Base64::encode_string(&[7; 63])),
            "the signature decodes to 63 bytes; an Ed25519 signature is 64",
        ),
    ];
    for (file, expected) in cases {
        let err = verify(CATALOG, &file, &keys).unwrap_err();
        assert_eq!(err.code(), "catalog_signature_invalid", "{file:?}");
        assert_eq!(reason(err), expected, "{file:?}");
    }
    let err = verify(CATALOG, &good.replace("ed25519:", "rsa:"), &keys).unwrap_err();
    assert_eq!(
        err,
        SignatureError::UnsupportedAlgorithm {
            alg: "rsa".to_owned()
        }
    );
    // Tolerated: no trailing newline, CRLF, a UTF-8 byte order mark.
    for file in [
        good.trim().to_owned(),
        good.replace('\n', "\r\n"),
        format!("\u{feff}{good}"),
    ] {
        assert_eq!(verify(CATALOG, &file, &keys), Ok(0), "{file:?}");
    }
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
    let sig = generated.sign(CATALOG);
    assert_eq!(verify(CATALOG, &sig, &[generated.public_key()]), Ok(0));

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
    let missing = SignatureError::Missing;
    assert_eq!(missing.code(), "catalog_signature_missing");
    assert!(missing.to_string().contains("vitrine sign"), "{missing}");
}
