//! The wasm side of the Vitrine npm package: the pure core (`vitrine::engine`) behind a narrow,
//! synchronous, byte-oriented API. The TypeScript shell (`shell/src/`) does every I/O and calls
//! these methods with bytes and numbers; see docs/architecture.md.
//!
//! Every method that can fail returns an [`ErrorCode`] number (0 is ok) and keeps the message
//! for [`Engine::message`], so no error object is built here and nothing throws. Texts cross
//! as UTF-8 bytes (the shell has its own encoder and decoder), so the glue carries no string
//! or JS-array conversion.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

mod context;
mod output;
mod summary;
#[cfg(test)]
mod tests;

use vitrine::engine::catalog::accept::{accept_cached, accept_fetched};
use vitrine::engine::catalog::binary::{self, CatalogHeader};
use vitrine::engine::catalog::refresh::RefreshPolicy;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::decision::{self, Detail, Inputs};
use vitrine::engine::events::bytes::read_batch;
use vitrine::engine::measurement::CatalogScope;
use vitrine::engine::profile::{Profile, ProfileConfig};
use vitrine::engine::ErrorCode;
use wasm_bindgen::prelude::wasm_bindgen;

/// The allocator: Talc, smaller (about 3 KiB gzip less) and faster in wasm than Rust's default
/// dlmalloc. Single-threaded wasm only, which this module is.
/// A panic stops the module without a message (the core does not panic on any input: its tests
/// and fuzz targets check that). Without the standard library, no panic message is formatted,
/// which keeps `core::fmt` out of the module (1.5 kB gzip).
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// One SDK instance's computing state. The optional parts (beacons, measurement) have their
/// own wasm modules (wasm-beacons/, wasm-measurement/), fed from this one's catalog.
#[wasm_bindgen]
pub struct Engine {
    pub(crate) catalog: Option<(CatalogHeader, Catalog)>,
    /// The highest catalog sequence this device has held, also from a cached catalog that had
    /// expired: a fetched catalog must not be older (rollback protection).
    held_sequence: Option<u64>,
    pub(crate) profile: Profile,
    pub(crate) config: ProfileConfig,
    /// The shop's override of the catalog's time zone.
    utc_offset: Option<i32>,
    device_id: String,
    pub(crate) personalize: bool,
    pub(crate) message: String,
}

#[wasm_bindgen]
impl Engine {
    /// A new engine for device `device_id` (the holdout key, UTF-8), keeping `retention_days`
    /// of behaviour; `utc_offset` overrides the catalog's time zone (minutes east of UTC).
    #[wasm_bindgen(constructor)]
    pub fn new(device_id: &[u8], retention_days: u32, utc_offset: Option<i32>) -> Engine {
        Engine {
            catalog: None,
            held_sequence: None,
            profile: Profile::new(),
            config: ProfileConfig {
                retention_days,
                ..ProfileConfig::default()
            },
            utc_offset,
            device_id: text(device_id),
            personalize: false,
            message: String::new(),
        }
    }

    /// The message of the last failure (UTF-8).
    pub fn message(&self) -> Vec<u8> {
        self.message.as_bytes().to_vec()
    }

    /// Uses a verified catalog payload. `fresh`: just fetched (it must not be older than any
    /// catalog this device held); else from the device's cache (it must not have expired, but
    /// its sequence is remembered either way).
    pub fn catalog(&mut self, payload: &[u8], now: f64, fresh: bool) -> u8 {
        let (header, catalog) = match binary::decode(payload) {
            Ok(decoded) => decoded,
            Err(e) => return self.fail(e.code(), e.message()),
        };
        let accepted = if fresh {
            accept_fetched(self.held_sequence, &header, now as i64)
        } else {
            accept_cached(&header, now as i64)
        };
        if !fresh || accepted.is_ok() {
            self.held_sequence = self.held_sequence.max(Some(header.sequence));
        }
        if let Err(e) = accepted {
            return self.fail(e.code(), e.message());
        }
        self.config.utc_offset_minutes = self.utc_offset.unwrap_or(catalog.utc_offset_minutes);
        self.catalog = Some((header, catalog));
        ErrorCode::Ok as u8
    }

    /// What the measurement module needs of the catalog in use (its version, offer ids and the
    /// time zone in effect): `CatalogScope::to_bytes`, empty without a catalog.
    pub fn measurement_scope(&self) -> Vec<u8> {
        self.catalog.as_ref().map_or_else(Vec::new, |(_, c)| {
            CatalogScope::to_bytes(c, self.config.utc_offset_minutes)
        })
    }

    /// The version label of the catalog in use (UTF-8; never blank), empty without one.
    pub fn catalog_version(&self) -> Vec<u8> {
        self.catalog
            .as_ref()
            .map_or_else(Vec::new, |(_, c)| c.version.as_bytes().to_vec())
    }

    /// Changes the device id (after `forget`, or when another tab's stored id is adopted).
    pub fn set_device_id(&mut self, device_id: &[u8]) {
        self.device_id = text(device_id);
    }

    /// Whether behaviour may be recorded and used (personalization consent).
    pub fn set_personalize(&mut self, allowed: bool) {
        self.personalize = allowed;
        if !allowed {
            self.profile = Profile::new();
        }
    }

    /// Replaces the profile with stored bytes (an empty array: a new profile) and applies
    /// retention at `now`. On corrupt bytes the profile starts empty and the code says so.
    pub fn load_profile(&mut self, bytes: &[u8], now: f64) -> u8 {
        let cutoff = self.config.retention_cutoff(now as i64);
        let loaded = if bytes.is_empty() {
            Ok(Profile::new())
        } else {
            Profile::from_bytes_since(bytes, cutoff)
        };
        match loaded {
            Ok(profile) => {
                self.profile = profile;
                ErrorCode::Ok as u8
            }
            Err(e) => {
                self.profile = Profile::new();
                self.fail(e.code(), e.message())
            }
        }
    }

    /// Applies an event batch, skipping events before `erased_at` (a `forget` in another tab).
    pub fn apply(&mut self, batch: &[u8], erased_at: f64) -> u8 {
        if !self.personalize {
            return ErrorCode::Ok as u8;
        }
        match read_batch(batch) {
            Ok(events) => {
                for event in events.iter().filter(|e| e.at as f64 >= erased_at) {
                    self.profile.apply_wire(event, &self.config);
                }
                ErrorCode::Ok as u8
            }
            Err(e) => self.fail(e.code(), e.message()),
        }
    }

    /// The profile's stored bytes.
    pub fn profile_bytes(&self) -> Vec<u8> {
        self.profile.to_bytes()
    }

    /// Decides the slots of `context` (`postcard(ContextWire)`: the page and the slot names)
    /// at `now` with `seed`; `full` adds the left-out offers and feature values. Answers
    /// `postcard(Vec<SlotWire>)`, or an empty array without a usable catalog or with an
    /// invalid context (see `message`).
    pub fn decide(&mut self, context: &[u8], seed: u32, now: f64, full: bool) -> Vec<u8> {
        self.message.clear();
        let (context, slots) = match context::decode(context, now as i64) {
            Ok(decoded) => decoded,
            Err(message) => {
                self.fail(ErrorCode::ContextInvalid, message);
                return Vec::new();
            }
        };
        let Some((header, catalog)) = &self.catalog else {
            return Vec::new();
        };
        if accept_cached(header, context.now).is_err() {
            return Vec::new();
        }
        let empty = Profile::new();
        let inputs = Inputs {
            catalog,
            profile: if self.personalize {
                &self.profile
            } else {
                &empty
            },
            config: &self.config,
            device_id: &self.device_id,
            personalization_allowed: self.personalize,
        };
        let detail = if full { Detail::Full } else { Detail::Pick };
        output::picks(decision::pick(
            &inputs,
            &context,
            &slots,
            u64::from(seed),
            detail,
        ))
    }

    /// The readable profile at `now` with at most `top` keys per interest dimension:
    /// `postcard(SummaryWire)`.
    pub fn summary(&self, now: f64, top: u32) -> Vec<u8> {
        let lifecycle = self
            .catalog
            .as_ref()
            .map_or_else(Default::default, |(_, c)| c.lifecycle);
        summary::encode(
            &self.profile,
            &self.config,
            &lifecycle,
            now as i64,
            top as usize,
        )
    }

    /// Catalog offer `index`: `postcard(OfferWire)`, empty when there is none.
    pub fn offer(&self, index: u32) -> Vec<u8> {
        self.catalog
            .as_ref()
            .map_or_else(Vec::new, |(_, c)| output::offer(c, index as usize))
    }

    /// The oldest time (Unix ms) behaviour may date from at `now` (retention).
    pub fn retention_cutoff(&self, now: f64) -> f64 {
        self.config.retention_cutoff(now as i64) as f64
    }
}

/// Whether to ask the server for a new catalog now, given when the cached one was last
/// confirmed (`checked_at`) and when the backoff allows the next attempt (`retry_at`).
#[wasm_bindgen]
pub fn refresh_due(refresh_after_ms: f64, checked_at: f64, retry_at: f64, now: f64) -> bool {
    policy(refresh_after_ms).due(checked_at as i64, retry_at as i64, now as i64)
}

/// The delay (ms) before the next catalog request after `failures` failures in a row, with
/// `unit` a uniform random number in 0..1 for jitter.
#[wasm_bindgen]
pub fn refresh_backoff(refresh_after_ms: f64, failures: u32, unit: f64) -> f64 {
    policy(refresh_after_ms).backoff(failures, unit) as f64
}

fn policy(refresh_after_ms: f64) -> RefreshPolicy {
    RefreshPolicy {
        fresh_for: refresh_after_ms as i64,
        ..RefreshPolicy::default()
    }
}

/// UTF-8 bytes from the shell's encoder as text (they are always valid; anything else is empty).
fn text(bytes: &[u8]) -> String {
    core::str::from_utf8(bytes).unwrap_or_default().to_owned()
}

impl Engine {
    /// Records a failure's message and returns its code's number.
    pub(crate) fn fail(&mut self, code: ErrorCode, message: &str) -> u8 {
        message.clone_into(&mut self.message);
        code as u8
    }
}
