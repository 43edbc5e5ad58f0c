//! Signed catalogs: an Ed25519 signature over the exact bytes of `catalog.json`, published as a
//! detached `catalog.json.sig` next to it (docs/signing.md).
//!
//! - A public key is the text `ed25519:<base64 of the 32-byte key>`; a shop lists one or more
//!   in `init({ publicKeys: [...] })` (several during a key rotation).
//! - A key's id is the first [`KEY_ID_LEN`] characters of its base64, so it can be matched by eye
//!   against `publicKeys`.
//! - The signature file is one line, `ed25519:<key id>:<base64 of the 64-byte signature>`.
//!   A signature whose key id is not configured is rejected as [`SignatureError::UnknownKey`]
//!   without trying the other keys: none of them could verify it.
//!
//! Verification is pure and runs in wasm; signing (`SigningKey`) is native only (the Node tools
//! sign with `node:crypto`).
//!
//! The signed catalog of the slim package, `catalog.bin`, carries its signature in an
//! [`Envelope`] instead: one file, verified with WebCrypto in browsers.

mod envelope;
mod error;
#[cfg(not(target_arch = "wasm32"))]
mod signing;

#[cfg(any(not(target_arch = "wasm32"), feature = "node-tools"))]
pub use envelope::verify_envelope;
pub use envelope::{
    Envelope, ENVELOPE_HEADER_LEN, ENVELOPE_MAGIC, ENVELOPE_VERSION, SIGNATURE_LEN,
};
pub use error::SignatureError;
#[cfg(not(target_arch = "wasm32"))]
pub use signing::SigningKey;

use base64ct::{Base64, Encoding};
use std::fmt;

/// The only algorithm, and the prefix of public keys and signature files.
pub const ALGORITHM: &str = "ed25519";
/// How many base64 characters of the public key make its key id.
pub const KEY_ID_LEN: usize = 8;
/// Starts the secret line of a key file (see `SigningKey`); public keys must never start so.
const SECRET_PREFIX: &str = "ed25519-secret:";
/// Appended to the catalog's file name (or URL) to name its signature file.
pub const SIGNATURE_SUFFIX: &str = ".sig";

/// A public key that verifies catalog signatures.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(ed25519_compact::PublicKey);

impl PublicKey {
    /// Parses `ed25519:<base64>` (surrounding whitespace ignored) and checks that the key is a
    /// valid Ed25519 point that can verify signatures.
    pub fn parse(text: &str) -> Result<PublicKey, SignatureError> {
        let text = text.trim();
        let bad = |reason: String| SignatureError::BadPublicKey {
            key: shorten(text),
            reason,
        };
        if text.starts_with(SECRET_PREFIX) {
            return Err(SignatureError::BadPublicKey {
                key: "ed25519-secret:...".to_owned(),
                reason: "this is a secret signing key, not a public key; it must never be in a \
                         web page: generate a new key pair with `vitrine keygen` and retire this one"
                    .to_owned(),
            });
        }
        let Some(encoded) = text
            .strip_prefix(ALGORITHM)
            .and_then(|rest| rest.strip_prefix(':'))
        else {
            return Err(bad("it must start with `ed25519:`".to_owned()));
        };
        let bytes = decode(encoded, "the part after `ed25519:`").map_err(bad)?;
        let key = ed25519_compact::PublicKey::from_slice(&bytes).map_err(|_| {
            bad(format!(
                "it decodes to {} bytes; an Ed25519 public key is 32",
                bytes.len()
            ))
        })?;
        key.validate()
            .map_err(|_| bad("the 32 bytes are not a usable Ed25519 public key".to_owned()))?;
        Ok(PublicKey(key))
    }

    /// The key id that signature files name: the first [`KEY_ID_LEN`] base64 characters.
    pub fn key_id(&self) -> String {
        Base64::encode_string(self.0.as_ref())[..KEY_ID_LEN].to_owned()
    }

    /// Whether `signature` is this key's signature of exactly `bytes`.
    fn verifies(&self, bytes: &[u8], signature: &ed25519_compact::Signature) -> bool {
        self.0.verify(bytes, signature).is_ok()
    }
}

impl fmt::Display for PublicKey {
    /// The `ed25519:<base64>` form that [`PublicKey::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{ALGORITHM}:{}", Base64::encode_string(self.0.as_ref()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

/// Parses every key of `init({ publicKeys })`; the first bad one fails the whole list.
pub fn parse_public_keys<S: AsRef<str>>(keys: &[S]) -> Result<Vec<PublicKey>, SignatureError> {
    keys.iter().map(|k| PublicKey::parse(k.as_ref())).collect()
}

/// Checks that `signature_file` (the text of `catalog.json.sig`) is a valid signature of exactly
/// `catalog_bytes` by one of `keys`, and returns the index of that key in `keys`.
pub fn verify(
    catalog_bytes: &[u8],
    signature_file: &str,
    keys: &[PublicKey],
) -> Result<usize, SignatureError> {
    if keys.is_empty() {
        return Err(SignatureError::NoPublicKeys);
    }
    let (key_id, signature) = parse_signature_file(signature_file)?;
    find_signer(catalog_bytes, &key_id, &signature, keys)
}

/// The index of the key in `keys` with id `key_id` whose `signature` of `bytes` verifies.
fn find_signer(
    bytes: &[u8],
    key_id: &str,
    signature: &ed25519_compact::Signature,
    keys: &[PublicKey],
) -> Result<usize, SignatureError> {
    let mut candidates = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.key_id() == key_id)
        .peekable();
    if candidates.peek().is_none() {
        return Err(SignatureError::UnknownKey {
            key_id: key_id.to_owned(),
            configured: keys.iter().map(PublicKey::key_id).collect(),
        });
    }
    candidates
        .find(|(_, k)| k.verifies(bytes, signature))
        .map(|(i, _)| i)
        .ok_or_else(|| SignatureError::Mismatch {
            key_id: key_id.to_owned(),
        })
}

/// Splits a signature file into its key id and signature.
fn parse_signature_file(
    text: &str,
) -> Result<(String, ed25519_compact::Signature), SignatureError> {
    let bad = |reason: String| SignatureError::BadSignatureFile { reason };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(bad("the file is empty".to_owned()));
    }
    if text.lines().count() > 1 {
        return Err(bad("it has more than one line".to_owned()));
    }
    let fields: Vec<&str> = text.split(':').collect();
    let [alg, key_id, encoded] = fields.as_slice() else {
        return Err(bad(format!(
            "it has {} `:`-separated fields instead of 3",
            fields.len()
        )));
    };
    if *alg != ALGORITHM {
        return Err(SignatureError::UnsupportedAlgorithm { alg: shorten(alg) });
    }
    if key_id.len() != KEY_ID_LEN || !key_id.bytes().all(is_base64_char) {
        return Err(bad(format!(
            "the key id `{}` is not {KEY_ID_LEN} base64 characters",
            shorten(key_id)
        )));
    }
    let bytes = decode(encoded, "the signature").map_err(bad)?;
    let signature = ed25519_compact::Signature::from_slice(&bytes).map_err(|_| {
        bad(format!(
            "the signature decodes to {} bytes; an Ed25519 signature is 64",
            bytes.len()
        ))
    })?;
    Ok(((*key_id).to_owned(), signature))
}

/// Standard, padded base64 (RFC 4648 §4); `what` names the text in the error.
fn decode(text: &str, what: &str) -> Result<Vec<u8>, String> {
    if text.is_empty() {
        return Err(format!("{what} is empty"));
    }
    Base64::decode_vec(text).map_err(|_| {
        format!("{what} is not valid base64 (alphabet A-Z a-z 0-9 + /, padded with =)")
    })
}

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// At most 60 characters of untrusted text, for an error message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
