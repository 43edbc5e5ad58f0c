//! The campaign catalog the shop publishes: its JSON document ([`document`]), the hard limits
//! ([`limits`]), validation into the typed [`Catalog`] ([`model`]), and the errors that name the
//! JSON path of every problem ([`error`]). [`binary`] is the compiled form devices download
//! (`catalog.bin`), and [`accept`] decides whether a device may use one.
//!
//! [`Catalog::from_json`] reads the catalog's exact text (the bytes its signature covers) with
//! serde_json, natively and in the browser alike, so unknown fields are rejected everywhere
//! (serde-wasm-bindgen reading a `JSON.parse`d object would silently skip them).

use crate::engine::prelude::*;

pub mod accept;
pub mod binary;
pub mod document;
pub mod error;
pub mod limits;
pub mod model;
pub mod refresh;
pub mod url;
mod validate;

pub use error::{CatalogError, CatalogErrorKind, CatalogErrors};
pub use model::*;

use limits::{MAX_CATALOG_BYTES, MAX_JSON_DEPTH};

/// The catalog format version this engine reads.
pub const SCHEMA_VERSION: u32 = 1;

impl Catalog {
    /// Validates an already-deserialized document.
    pub fn from_document(doc: &document::CatalogDoc) -> Result<Catalog, CatalogErrors> {
        validate::validate(doc).map_err(CatalogErrors)
    }

    /// Deserializes and validates a catalog from any serde deserializer.
    ///
    /// Natively and in the Node tools' wasm (feature `node-tools`), deserialization errors
    /// (missing or unknown fields, wrong types) carry the JSON path of the bad value. The
    /// browser's wasm skips path tracking, which would more than double the size of the catalog
    /// reader; its errors give the line and column and say to run `vitrine validate` for the
    /// path. Validation errors (everything after deserialization) name their path everywhere.
    pub fn from_deserializer<'de, D>(deserializer: D) -> Result<Catalog, CatalogErrors>
    where
        D: serde::Deserializer<'de>,
        D::Error: core::fmt::Display,
    {
        #[cfg(any(not(target_arch = "wasm32"), feature = "node-tools"))]
        let doc: document::CatalogDoc =
            serde_path_to_error::deserialize(deserializer).map_err(|e| {
                let path = json_path(e.path());
                CatalogError::new(
                    path,
                    CatalogErrorKind::Malformed(e.into_inner().to_string()),
                )
            })?;
        #[cfg(all(target_arch = "wasm32", not(feature = "node-tools")))]
        let doc: document::CatalogDoc =
            serde::Deserialize::deserialize(deserializer).map_err(|e| {
                CatalogError::new(
                    ".",
                    CatalogErrorKind::Malformed(format!(
                        "{e} (run `vitrine validate catalog.json` to see where)"
                    )),
                )
            })?;
        Catalog::from_document(&doc)
    }

    /// Parses and validates catalog JSON text.
    pub fn from_json(text: &str) -> Result<Catalog, CatalogErrors> {
        check_json_shape(text.as_bytes())?;
        let mut de = serde_json::Deserializer::from_str(text);
        let catalog = Catalog::from_deserializer(&mut de)?;
        de.end()
            .map_err(|e| CatalogError::new(".", CatalogErrorKind::Malformed(e.to_string())))?;
        Ok(catalog)
    }

    /// The offer with this id.
    pub fn offer(&self, id: &str) -> Option<&Offer> {
        self.offers.iter().find(|o| o.id == id)
    }
}

/// Checks size and nesting depth of JSON bytes before anything recursive parses them, so a
/// hostile catalog cannot exhaust the stack (the wasm stack is small). Runs in one pass with no
/// recursion; string contents (including escaped quotes) are skipped.
pub fn check_json_shape(bytes: &[u8]) -> Result<(), CatalogError> {
    if bytes.len() > MAX_CATALOG_BYTES {
        return Err(CatalogError::new(
            ".",
            CatalogErrorKind::TooLarge {
                bytes: bytes.len(),
                max: MAX_CATALOG_BYTES,
            },
        ));
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(CatalogError::new(
                        ".",
                        CatalogErrorKind::TooDeep {
                            max: MAX_JSON_DEPTH,
                        },
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A deserialization error's JSON path as the validator writes paths (`campaigns[0].offers[1].link`,
/// `.` for the whole document), with keys that would read ambiguously (empty, or holding `.`,
/// `[` or `]`) written as quoted JSON strings: `campaigns[0][""]`.
#[cfg(any(not(target_arch = "wasm32"), feature = "node-tools"))]
fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if key.is_empty() || key.contains(['.', '[', ']']) {
                    out.push_str(&format!("[{}]", serde_json::Value::from(key.as_str())));
                } else {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}
