//! Signature errors: each says what is wrong and what to do about it, and has a stable
//! [`SignatureError::code`], the same the TypeScript shell reports (shell/src/verify.ts).

use crate::engine::prelude::*;

use core::fmt;

/// Why a public key or a secret key file was refused, or why a signed catalog does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// [`super::verify_envelope`] was given an empty list of public keys.
    NoPublicKeys,
    /// A public key string is not `ed25519:` followed by the base64 of a valid 32-byte key.
    /// `key` is the offending text, shortened (never a secret key).
    BadPublicKey { key: String, reason: String },
    /// The catalog was signed with a key whose id matches none of the configured public keys.
    UnknownKey {
        key_id: String,
        configured: Vec<String>,
    },
    /// The key matches but the signature does not: the bytes changed after signing.
    Mismatch { key_id: String },
    /// A secret key file is malformed. Its content is never echoed.
    BadSecretKey { reason: String },
    /// The bytes are not a signed envelope (`catalog.bin` starts with `VTSG`).
    Unsigned,
    /// A signed envelope of another version, or with an unreadable key id.
    BadEnvelope { reason: &'static str },
}

impl SignatureError {
    /// A stable, machine-readable code:
    /// `catalog_signature_missing`, `catalog_signature_invalid` (the catalog is rejected),
    /// `public_keys_invalid` (the `publicKeys` configuration is wrong) or
    /// `signing_key_invalid` (a secret key file, CLI only).
    pub fn code(&self) -> &'static str {
        use SignatureError::*;
        match self {
            NoPublicKeys | BadPublicKey { .. } => "public_keys_invalid",
            Unsigned => "catalog_signature_missing",
            UnknownKey { .. } | Mismatch { .. } | BadEnvelope { .. } => "catalog_signature_invalid",
            BadSecretKey { .. } => "signing_key_invalid",
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SignatureError::*;
        match self {
            NoPublicKeys => write!(f, "no public keys to verify the catalog signature with: give at least one `ed25519:...` key in publicKeys"),
            BadPublicKey { key, reason } => write!(f, "public key `{key}` is invalid: {reason}; paste the public key that `vitrine keygen` printed (`ed25519:` and 44 base64 characters)"),
            UnknownKey { key_id, configured } => write!(f, "the catalog was signed with key `{key_id}`, which is not in publicKeys (configured key ids: {}): add its public key to publicKeys, or re-sign with a configured key", configured.join(", ")),
            Mismatch { key_id } => write!(f, "the catalog signature does not match key `{key_id}`: the catalog changed after signing; re-run `vitrine sign` and publish the catalog.bin it writes exactly as written (a build step or CDN that re-encodes catalog.bin after signing also breaks the signature)"),
            BadSecretKey { reason } => write!(f, "the signing key file is invalid: {reason}; use a file written by `vitrine keygen`"),
            Unsigned => write!(f, "the catalog is not signed: it does not start with a `VTSG` envelope; publish the catalog.bin that `vitrine sign` writes"),
            BadEnvelope { reason } => write!(f, "the catalog's signed envelope is malformed: {reason}"),
        }
    }
}

impl core::error::Error for SignatureError {}
