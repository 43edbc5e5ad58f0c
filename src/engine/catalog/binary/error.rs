//! Why bytes are not a compiled catalog, and why a catalog does not compile.
//!
//! Reasons are static text, so the decoder needs no string formatting; [`DecodeError::message`]
//! is the static form the wasm boundary reports, `Display` adds the numbers.
//!
//! Without the `std` feature (the npm package's wasm) the decoder keeps no reason texts
//! ([`detail`]): a signed catalog that does not decode was not written by `vitrine sign` of the
//! SDK's release, which is the fix to report, and `vitrine inspect` (or `npx vitrine inspect`)
//! names the exact problem. The sixty texts cost the browser's wasm 1 kB gzip.

use core::fmt;

use super::{FORMAT_VERSION, OLDEST_FORMAT_VERSION};
use crate::engine::catalog::limits::MAX_CATALOG_BYTES;
use crate::engine::ErrorCode;

/// Why payload bytes are not a usable catalog. Every kind is [`ErrorCode::CatalogInvalid`]: the
/// catalog is refused whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The payload is larger than [`MAX_CATALOG_BYTES`].
    TooLarge { bytes: usize },
    /// The payload does not start with `VCAT`.
    NotACatalog,
    /// The payload is in a format version this engine does not read.
    UnsupportedFormat { found: u16 },
    /// The bytes do not parse; `offset` is where parsing stopped, from the payload's start.
    Malformed { offset: usize, reason: &'static str },
    /// The bytes parse but break a rule that every valid catalog keeps (a limit, a URL policy,
    /// unique ids, a rule's size...).
    Invalid { reason: &'static str },
}

/// A reason's text where it is kept (with `std`: the CLI, the Node tools, native tests); empty
/// without, so the browser's wasm carries none of them.
#[inline(always)]
pub(crate) const fn detail(reason: &'static str) -> &'static str {
    if cfg!(feature = "std") {
        reason
    } else {
        ""
    }
}

/// What a catalog that does not decode reports when its reason text was left out ([`detail`]).
const NOT_FROM_SIGN: &str = "the compiled catalog does not decode: publish catalog.bin as `vitrine sign` of this SDK's release writes it (`npx vitrine inspect catalog.bin` names the problem)";

impl DecodeError {
    /// The code the SDK reports.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::CatalogInvalid
    }

    /// What is wrong, as static text (no byte counts, offsets or versions), so the wasm
    /// boundary reports it without formatting code. For [`DecodeError::Malformed`] and
    /// [`DecodeError::Invalid`] it is their `reason`; `Display` gives the full message.
    pub fn message(&self) -> &'static str {
        match self {
            DecodeError::TooLarge { .. } => "the compiled catalog is larger than the limit of 1 MiB: split the catalog or remove retired campaigns",
            DecodeError::NotACatalog => "these bytes are not a compiled catalog (they do not start with `VCAT`): publish the catalog.bin that `vitrine sign` writes",
            DecodeError::UnsupportedFormat { .. } => "the compiled catalog is in a format this SDK does not read: sign the catalog with the vitrine CLI of the SDK's release",
            DecodeError::Malformed { reason, .. } | DecodeError::Invalid { reason } => {
                if reason.is_empty() {
                    NOT_FROM_SIGN
                } else {
                    reason
                }
            }
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLarge { bytes } => write!(f, "the compiled catalog is {bytes} bytes; the limit is {MAX_CATALOG_BYTES}: split the catalog or remove retired campaigns"),
            DecodeError::NotACatalog => f.write_str("these bytes are not a compiled catalog (they do not start with `VCAT`): publish the catalog.bin that `vitrine sign` writes"),
            DecodeError::UnsupportedFormat { found } => write!(f, "compiled catalog format {found} is not supported; this SDK reads formats {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}: sign the catalog with the vitrine CLI of the SDK's release"),
            DecodeError::Malformed { reason: "", .. } | DecodeError::Invalid { reason: "" } => f.write_str(NOT_FROM_SIGN),
            DecodeError::Malformed { offset, reason } => write!(f, "the compiled catalog is damaged at byte {offset} ({reason}): publish catalog.bin exactly as `vitrine sign` wrote it"),
            DecodeError::Invalid { reason } => write!(f, "the compiled catalog is not valid ({reason}): sign it with `vitrine sign`, which validates the catalog first"),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Why a catalog does not compile. A catalog built by validation ([`Catalog::from_json`])
/// always compiles unless its compiled form is over the size limit.
///
/// [`Catalog::from_json`]: crate::engine::catalog::Catalog::from_json
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodeError {
    /// The compiled catalog would be larger than [`MAX_CATALOG_BYTES`].
    TooLarge { bytes: usize },
    /// The catalog holds something validation never builds, so devices would refuse it or read
    /// it differently.
    NotValidated { reason: &'static str },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::TooLarge { bytes } => write!(f, "the compiled catalog would be {bytes} bytes; the limit is {MAX_CATALOG_BYTES}: split the catalog or remove retired campaigns"),
            EncodeError::NotValidated { reason } => write!(f, "the catalog cannot be compiled ({reason}): build it with `Catalog::from_json`, which validates it"),
        }
    }
}

impl core::error::Error for EncodeError {}
