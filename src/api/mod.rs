//! The wasm-bindgen API: the only items JavaScript sees. `pkg-template/index.js` wraps it in the
//! documented `Vitrine` JS API.
//!
//! - [`Vitrine`]: the SDK on a page (storage, catalog fetch, rendering, consent, data rights).
//! - [`Beacons`]: `vitrine.beacons`, in-store beacons over Web Bluetooth.
//! - [`Engine`]: the bare decision engine over a catalog text, for tests and custom runtimes.

mod beacons;
mod engine;
mod options;
mod shape;
mod summary;
mod vitrine;

pub use beacons::Beacons;
pub use engine::Engine;
pub use vitrine::Vitrine;

use wasm_bindgen::prelude::*;

/// The SDK version (the crate version, which is also the npm package version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::engine::VERSION.to_owned()
}
