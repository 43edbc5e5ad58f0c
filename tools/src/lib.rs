//! The Node tools of the Vitrine npm package (`vitrine/tools` and `npx vitrine`, see
//! docs/signing.md): the core's catalog validator, compiler and signature check, built to wasm
//! for Node, so that shops validate, compile, sign and verify catalogs without a Rust toolchain
//! and get exactly the native CLI's results.
//!
//! Signing and key generation are JavaScript (`node:crypto`, in `tools/js/keys.js`): no secret
//! key and no randomness ever enter this module. Every failure throws a [`ToolError`] carrying
//! the SDK's error code; `tools/js/` turns it into a `VitrineError`.
//!
//! Times are Unix milliseconds, as in `catalog.bin`.
//!
//! `profile` prints what one device's event log builds, as `vitrine profile` does.

mod report;
#[cfg(test)]
mod tests;

pub use report::{CatalogInfo, Contents, Problem, Profiled, ToolError};

use vitrine::engine::catalog::accept::accept_cached;
use vitrine::engine::catalog::binary::{self, CatalogHeader};
use vitrine::engine::catalog::Catalog;
use vitrine::engine::events::Millis;
use vitrine::engine::profile_report::report;
use vitrine::engine::signature::{parse_public_keys, verify_envelope};
use wasm_bindgen::prelude::wasm_bindgen;

/// Validates catalog JSON like `vitrine validate`: what the catalog holds, or a
/// `catalog_invalid` error listing every problem with its JSON path.
#[wasm_bindgen]
pub fn validate(json: &str) -> Result<Contents, ToolError> {
    let catalog = Catalog::from_json(json)?;
    Ok(Contents::of(&catalog))
}

/// Validates catalog JSON and compiles it into the unsigned payload that `vitrine sign` signs:
/// `"VCAT" | format version | sequence | expires_at | signed_at | body`.
#[wasm_bindgen]
pub fn compile(
    json: &str,
    sequence: u64,
    expires_at: Millis,
    signed_at: Millis,
) -> Result<Vec<u8>, ToolError> {
    let catalog = Catalog::from_json(json)?;
    let header = CatalogHeader {
        sequence,
        expires_at,
        signed_at,
    };
    Ok(binary::encode(&header, &catalog)?)
}

/// What an unsigned payload (from [`compile`]) holds; `now` only marks it expired in the
/// summary. Checks no signature.
#[wasm_bindgen]
pub fn describe(payload: &[u8], now: Millis) -> Result<CatalogInfo, ToolError> {
    let (header, catalog) = binary::decode(payload)?;
    Ok(CatalogInfo::new(&header, &catalog, now))
}

/// `vitrine profile`: the report of one device's event log (JSON lines) at `at` (Unix ms;
/// `undefined`: the latest event), with the time zone and beacons of the catalog JSON
/// `catalog` (`undefined`: UTC, none), as text or (`json`) JSON text; `undefined` when no line
/// is an event. Throws `catalog_invalid` for an invalid catalog.
#[wasm_bindgen]
pub fn profile(
    log: &[u8],
    catalog: Option<String>,
    at: Option<Millis>,
    json: bool,
) -> Result<Option<Profiled>, ToolError> {
    let catalog = catalog.as_deref().map(Catalog::from_json).transpose()?;
    Ok(report(log, catalog.as_ref(), at).map(|r| Profiled {
        output: if json {
            format!("{:#}", r.to_json())
        } else {
            r.to_text()
        },
        problems: r
            .problems
            .iter()
            .map(|(line, problem)| format!("line {line}: {problem}"))
            .collect(),
    }))
}

/// The SDK version, as `vitrine --version` prints it.
#[wasm_bindgen]
pub fn version() -> String {
    vitrine::engine::VERSION.to_owned()
}

/// Verifies a signed `catalog.bin` like `vitrine verify`: signed by one of `public_keys`
/// (`ed25519:...` texts, as in `init({ publicKeys })`), decodable, and not expired at `now`.
#[wasm_bindgen]
pub fn verify(
    envelope: &[u8],
    public_keys: Vec<String>,
    now: Millis,
) -> Result<CatalogInfo, ToolError> {
    let keys = parse_public_keys(&public_keys)?;
    let (index, payload) = verify_envelope(envelope, &keys)?;
    let (header, catalog) = binary::decode(payload)?;
    accept_cached(&header, now)?;
    Ok(CatalogInfo::new(&header, &catalog, now).signed_by(keys[index].key_id(), index))
}
