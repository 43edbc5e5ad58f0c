//! The signed envelope of `catalog.bin` (docs/architecture.md):
//!
//! ```text
//! envelope := "VTSG" | u8 envelope version (1) | key id (8 ASCII bytes) | signature (64 bytes) | payload
//! ```
//!
//! The Ed25519 signature covers `payload` exactly; the key id is the signing key's
//! [`PublicKey::key_id`](super::PublicKey::key_id). Parsing is plain byte slicing: browsers verify
//! with WebCrypto, so nothing here needs Ed25519 in wasm. Signing
//! ([`SigningKey::sign_envelope`](super::SigningKey::sign_envelope)) and [`verify_envelope`]
//! are native, for `vitrine sign` and `vitrine verify`; the Node tools' wasm (feature
//! `node-tools`) has [`verify_envelope`] too.

use crate::engine::prelude::*;

use super::{is_base64_char, SignatureError, KEY_ID_LEN};

/// The first bytes of every envelope.
pub const ENVELOPE_MAGIC: [u8; 4] = *b"VTSG";
/// The envelope version this engine writes and reads.
pub const ENVELOPE_VERSION: u8 = 1;
/// Bytes of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;
/// Bytes before the payload: magic, version, key id, signature (77).
pub const ENVELOPE_HEADER_LEN: usize = ENVELOPE_MAGIC.len() + 1 + KEY_ID_LEN + SIGNATURE_LEN;

/// The parts of a signed envelope, borrowed from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// The id of the key that signed the payload (8 base64 characters).
    pub key_id: &'a str,
    /// The Ed25519 signature of `payload`.
    pub signature: &'a [u8; SIGNATURE_LEN],
    /// The signed bytes: a compiled catalog (`catalog::binary`).
    pub payload: &'a [u8],
}

impl<'a> Envelope<'a> {
    /// Splits envelope bytes. Not an envelope at all (no `VTSG`, too short) is
    /// [`SignatureError::Unsigned`]; another version or an unreadable key id is
    /// [`SignatureError::BadEnvelope`]. The signature is not checked here.
    pub fn parse(bytes: &'a [u8]) -> Result<Envelope<'a>, SignatureError> {
        let rest = bytes
            .strip_prefix(&ENVELOPE_MAGIC)
            .filter(|_| bytes.len() >= ENVELOPE_HEADER_LEN)
            .ok_or(SignatureError::Unsigned)?;
        let bad = |reason| SignatureError::BadEnvelope { reason };
        let (&version, rest) = rest.split_first().ok_or(SignatureError::Unsigned)?;
        if version != ENVELOPE_VERSION {
            return Err(bad(
                "its version is not 1 (sign the catalog with the vitrine CLI of the SDK's release)",
            ));
        }
        let (key_id, rest) = rest
            .split_first_chunk::<KEY_ID_LEN>()
            .ok_or(SignatureError::Unsigned)?;
        let key_id = core::str::from_utf8(key_id)
            .ok()
            .filter(|id| id.bytes().all(is_base64_char))
            .ok_or(bad("its key id is not 8 base64 characters"))?;
        let (signature, payload) = rest
            .split_first_chunk::<SIGNATURE_LEN>()
            .ok_or(SignatureError::Unsigned)?;
        Ok(Envelope {
            key_id,
            signature,
            payload,
        })
    }

    /// The envelope's bytes: header, then payload.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(ENVELOPE_HEADER_LEN + self.payload.len());
        out.extend_from_slice(&ENVELOPE_MAGIC);
        out.push(ENVELOPE_VERSION);
        out.extend_from_slice(self.key_id.as_bytes());
        out.extend_from_slice(self.signature);
        out.extend_from_slice(self.payload);
        out
    }
}

/// Checks that `bytes` is an envelope signed by one of `keys` and returns the index of that key
/// and the verified payload. Natively and in the Node tools' wasm: browsers verify with WebCrypto.
#[cfg(any(not(target_arch = "wasm32"), feature = "verify"))]
pub fn verify_envelope<'a>(
    bytes: &'a [u8],
    keys: &[super::PublicKey],
) -> Result<(usize, &'a [u8]), SignatureError> {
    if keys.is_empty() {
        return Err(SignatureError::NoPublicKeys);
    }
    let envelope = Envelope::parse(bytes)?;
    let signature = ed25519_compact::Signature::new(*envelope.signature);
    let index = super::find_signer(envelope.payload, envelope.key_id, &signature, keys)?;
    Ok((index, envelope.payload))
}
