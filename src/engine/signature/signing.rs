//! The signing side (native only: `vitrine keygen` and `vitrine sign`).
//!
//! A key file is text: `#` comment lines, then the one line `ed25519-secret:<base64 of the
//! 32-byte Ed25519 seed>` (RFC 8032's "secret key"). [`SigningKey::to_file`] writes a comment
//! with the public key above it.

use crate::engine::prelude::*;

use super::{decode, Envelope, PublicKey, SignatureError, SECRET_PREFIX};
use base64ct::{Base64, Encoding};
use core::fmt;
use ed25519_compact::{KeyPair, Seed};

/// A secret Ed25519 key that signs catalogs. Its `Debug` output hides the secret.
pub struct SigningKey(KeyPair);

impl SigningKey {
    /// A new random key from the operating system's randomness.
    #[cfg(feature = "std")]
    pub fn generate() -> std::io::Result<SigningKey> {
        let mut seed = [0u8; Seed::BYTES];
        getrandom::fill(&mut seed).map_err(std::io::Error::other)?;
        SigningKey::from_seed(seed)
            .map_err(|e| std::io::Error::other(format!("the random seed was unusable: {e}")))
    }

    /// The key for a 32-byte seed (RFC 8032's secret key). An all-zero seed is refused.
    pub fn from_seed(seed: [u8; Seed::BYTES]) -> Result<SigningKey, SignatureError> {
        KeyPair::try_from_seed(Seed::new(seed))
            .map(SigningKey)
            .map_err(|_| SignatureError::BadSecretKey {
                reason: "the secret is all zeros".to_owned(),
            })
    }

    /// The public key that verifies this key's signatures.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.pk)
    }

    /// The signed envelope (`catalog.bin`) of `payload`. Deterministic: the same key and
    /// payload always give the same bytes.
    pub fn sign_envelope(&self, payload: &[u8]) -> Vec<u8> {
        let signature = self.0.sk.sign(payload, None);
        let key_id = self.public_key().key_id();
        Envelope {
            key_id: &key_id,
            signature: &signature,
            payload,
        }
        .to_bytes()
    }

    /// The key file text: comments (with the public key), then the secret line.
    pub fn to_file(&self) -> String {
        format!(
            "# Vitrine catalog signing key (Ed25519). SECRET: keep it out of web roots and \
             version control.\n# public key: {}\n{SECRET_PREFIX}{}\n",
            self.public_key(),
            Base64::encode_string(self.0.sk.seed().as_ref())
        )
    }

    /// Reads a key file: blank and `#` lines are skipped; exactly one secret line must remain.
    pub fn parse_file(text: &str) -> Result<SigningKey, SignatureError> {
        let bad = |reason: String| SignatureError::BadSecretKey { reason };
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        let (Some(line), None) = (lines.next(), lines.next()) else {
            return Err(bad(format!(
                "it must hold exactly one `{SECRET_PREFIX}...` line besides `#` comments"
            )));
        };
        let Some(encoded) = line.strip_prefix(SECRET_PREFIX) else {
            let hint = if line.starts_with("ed25519:") {
                " (this looks like a public key)"
            } else {
                ""
            };
            return Err(bad(format!(
                "the key line must start with `{SECRET_PREFIX}`{hint}"
            )));
        };
        let bytes = decode(encoded, "the secret").map_err(bad)?;
        let seed: [u8; Seed::BYTES] = bytes.as_slice().try_into().map_err(|_| {
            bad(format!(
                "the secret decodes to {} bytes; it must be 32",
                bytes.len()
            ))
        })?;
        SigningKey::from_seed(seed)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey(public: {})", self.public_key())
    }
}
