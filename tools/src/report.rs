//! What the tools hand back to JavaScript: a catalog's contents, a compiled catalog's header,
//! and errors with the SDK's codes.

use std::fmt::Display;

use vitrine::engine::catalog::accept::AcceptError;
use vitrine::engine::catalog::binary::{summary, CatalogHeader, DecodeError, EncodeError};
use vitrine::engine::catalog::{Catalog, CatalogErrors};
use vitrine::engine::events::Millis;
use vitrine::engine::signature::SignatureError;
use vitrine::engine::ErrorCode;
use wasm_bindgen::prelude::wasm_bindgen;

/// One problem in a catalog.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where, e.g. `campaigns[2].offers[0].link` (`.` for the whole document).
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// What `profile` prints, and the log lines it skipped (`line <n>: <reason>`).
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct Profiled {
    /// The report, as text or JSON text.
    pub output: String,
    /// The lines that are not events.
    pub problems: Vec<String>,
}

/// Why a tool failed: thrown to JavaScript.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct ToolError {
    /// The SDK's error code, e.g. `catalog_invalid` or `catalog_signature_invalid`.
    pub code: String,
    /// What is wrong and what to do; for an invalid catalog, every problem with its path.
    pub message: String,
    /// Every problem of an invalid catalog (`catalog_invalid` from JSON); empty otherwise.
    pub problems: Vec<Problem>,
}

impl ToolError {
    /// An error with `code` and no catalog problems.
    pub(crate) fn new(code: &str, message: impl Display) -> ToolError {
        ToolError {
            code: code.to_owned(),
            message: message.to_string(),
            problems: Vec::new(),
        }
    }
}

impl From<CatalogErrors> for ToolError {
    fn from(errors: CatalogErrors) -> Self {
        ToolError {
            problems: errors
                .0
                .iter()
                .map(|e| Problem {
                    path: e.path.clone(),
                    message: e.kind.to_string(),
                })
                .collect(),
            ..ToolError::new(ErrorCode::CatalogInvalid.as_str(), &errors)
        }
    }
}

impl From<EncodeError> for ToolError {
    fn from(error: EncodeError) -> Self {
        ToolError::new(ErrorCode::CatalogInvalid.as_str(), error)
    }
}

impl From<DecodeError> for ToolError {
    fn from(error: DecodeError) -> Self {
        ToolError::new(error.code().as_str(), error)
    }
}

impl From<AcceptError> for ToolError {
    fn from(error: AcceptError) -> Self {
        ToolError::new(error.code().as_str(), error)
    }
}

impl From<SignatureError> for ToolError {
    fn from(error: SignatureError) -> Self {
        ToolError::new(error.code(), &error)
    }
}

/// What a valid catalog holds.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct Contents {
    /// The catalog's `version` text.
    pub version: String,
    /// How many campaigns.
    pub campaigns: u32,
    /// How many offers, over all campaigns.
    pub offers: u32,
    /// How many beacons.
    pub beacons: u32,
}

impl Contents {
    /// The contents of `catalog`.
    pub fn of(catalog: &Catalog) -> Contents {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        Contents {
            version: catalog.version.clone(),
            campaigns: n(catalog.campaigns.len()),
            offers: n(catalog.offers.len()),
            beacons: n(catalog.beacons.len()),
        }
    }
}

/// A compiled catalog: its header, contents and the summary the CLI prints.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogInfo {
    /// The id of the key whose signature verified (`verify` only).
    #[wasm_bindgen(js_name = keyId)]
    pub key_id: Option<String>,
    /// That key's index in the public keys given (`verify` only).
    #[wasm_bindgen(js_name = keyIndex)]
    pub key_index: Option<u32>,
    /// Publication order: devices refuse a lower sequence than the one they have.
    pub sequence: u64,
    /// When it was signed (or compiled), Unix ms.
    #[wasm_bindgen(js_name = signedAt)]
    pub signed_at: Millis,
    /// When devices stop using it, Unix ms.
    #[wasm_bindgen(js_name = expiresAt)]
    pub expires_at: Millis,
    /// What it holds.
    pub contents: Contents,
    /// The lines `vitrine sign`, `verify` and `inspect` print about it.
    pub summary: String,
}

impl CatalogInfo {
    /// The info of a decoded payload, summarized at `now`.
    pub fn new(header: &CatalogHeader, catalog: &Catalog, now: Millis) -> CatalogInfo {
        CatalogInfo {
            key_id: None,
            key_index: None,
            sequence: header.sequence,
            signed_at: header.signed_at,
            expires_at: header.expires_at,
            contents: Contents::of(catalog),
            summary: summary(header, catalog, now),
        }
    }

    /// The same, verified with the key `key_id` at `index` in the keys given.
    pub fn signed_by(self, key_id: String, index: usize) -> CatalogInfo {
        CatalogInfo {
            key_id: Some(key_id),
            key_index: Some(u32::try_from(index).unwrap_or(u32::MAX)),
            ..self
        }
    }
}
