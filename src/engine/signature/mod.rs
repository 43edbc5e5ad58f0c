//! Signed catalogs: `catalog.bin` is an [`Envelope`], an Ed25519 signature over a compiled
//! catalog, in one file that browsers verify with WebCrypto (docs/signing.md).
//!
//! - A public key is the text `ed25519:<base64 of the 32-byte key>`; a shop lists one or more
//!   in `init({ publicKeys: [...] })` (several during a key rotation).
//! - A key's id is the first [`KEY_ID_LEN`] characters of its base64, so it can be matched by eye
//!   against `publicKeys`; every envelope names the id of the key that signed it. An envelope
//!   whose key id is not configured is rejected as [`SignatureError::UnknownKey`] without trying
//!   the other keys: none of them could verify it.
//!
//! Signing (`SigningKey`) is native only (the Node tools sign with `node:crypto`).

use crate::engine::prelude::*;

mod envelope;
mod error;
#[cfg(not(target_arch = "wasm32"))]
mod signing;

#[cfg(any(not(target_arch = "wasm32"), feature = "verify"))]
pub use envelope::verify_envelope;
pub use envelope::{
    Envelope, ENVELOPE_HEADER_LEN, ENVELOPE_MAGIC, ENVELOPE_VERSION, SIGNATURE_LEN,
};
pub use error::SignatureError;
#[cfg(not(target_arch = "wasm32"))]
pub use signing::SigningKey;

use base64ct::{Base64, Encoding};
use core::fmt;

/// The only algorithm, and the prefix of public keys.
pub const ALGORITHM: &str = "ed25519";
/// How many base64 characters of the public key make its key id.
pub const KEY_ID_LEN: usize = 8;
/// Starts the secret line of a key file (see `SigningKey`); public keys must never start so.
const SECRET_PREFIX: &str = "ed25519-secret:";

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

    /// The key id that envelopes name: the first [`KEY_ID_LEN`] base64 characters.
    pub fn key_id(&self) -> String {
        Base64::encode_string(self.0.as_ref())[..KEY_ID_LEN].to_owned()
    }

    /// Whether `signature` is this key's signature of exactly `bytes`.
    #[cfg(any(not(target_arch = "wasm32"), feature = "verify"))]
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

/// The index of the key in `keys` with id `key_id` whose `signature` of `bytes` verifies.
#[cfg(any(not(target_arch = "wasm32"), feature = "verify"))]
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
