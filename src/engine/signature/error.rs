//! Signature errors: each says what is wrong and what to do about it, and has a stable
//! [`SignatureError::code`] for the browser runtime to report.

use std::fmt;

/// Why a public key, a signature file or a secret key file was refused, or why a catalog does
/// not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// [`super::verify`] was given an empty list of public keys.
    NoPublicKeys,
    /// A public key string is not `ed25519:` followed by the base64 of a valid 32-byte key.
    /// `key` is the offending text, shortened (never a secret key).
    BadPublicKey { key: String, reason: String },
    /// The signature file could not be fetched. The engine never builds this itself: the runtime
    /// reports a failed `catalog.json.sig` request with it, so every outcome has one error type.
    Missing,
    /// The signature file is not one line `ed25519:<key id>:<base64 signature>`.
    BadSignatureFile { reason: String },
    /// The signature file names an algorithm other than `ed25519`.
    UnsupportedAlgorithm { alg: String },
    /// The catalog was signed with a key whose id matches none of the configured public keys.
    UnknownKey {
        key_id: String,
        configured: Vec<String>,
    },
    /// The key matches but the signature does not: the catalog bytes changed after signing
    /// (or the signature file belongs to other bytes).
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
            Missing | Unsigned => "catalog_signature_missing",
            BadSignatureFile { .. }
            | UnsupportedAlgorithm { .. }
            | UnknownKey { .. }
            | Mismatch { .. }
            | BadEnvelope { .. } => "catalog_signature_invalid",
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
            Missing => write!(f, "the catalog signature file (catalog.json.sig) is missing: publish it next to catalog.json (`vitrine sign --key <key file> catalog.json` writes it)"),
            BadSignatureFile { reason } => write!(f, "the catalog signature file is malformed: {reason}; it must be the one line `ed25519:<key id>:<base64 signature>` that `vitrine sign` writes"),
            UnsupportedAlgorithm { alg } => write!(f, "the catalog signature uses algorithm `{alg}`; only ed25519 is supported (re-sign with `vitrine sign`)"),
            UnknownKey { key_id, configured } => write!(f, "the catalog was signed with key `{key_id}`, which is not in publicKeys (configured key ids: {}): add its public key to publicKeys, or re-sign with a configured key", configured.join(", ")),
            Mismatch { key_id } => write!(f, "the catalog signature does not match key `{key_id}`: the catalog changed after signing, or the .sig file belongs to another catalog; re-run `vitrine sign` on the exact bytes you publish (a build step or CDN that reformats, minifies or re-encodes catalog.json after signing also breaks the signature)"),
            BadSecretKey { reason } => write!(f, "the signing key file is invalid: {reason}; use a file written by `vitrine keygen`"),
            Unsigned => write!(f, "the catalog is not signed: it does not start with a `VTSG` envelope; publish the catalog.bin that `vitrine sign` writes"),
            BadEnvelope { reason } => write!(f, "the catalog's signed envelope is malformed: {reason}"),
        }
    }
}

impl std::error::Error for SignatureError {}
