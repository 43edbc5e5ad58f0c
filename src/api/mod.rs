//! The wasm-bindgen API: the only items JavaScript sees. `pkg-template/index.js` wraps it in the
//! documented `Vitrine` JS API.

mod engine;
mod error;
mod shape;

pub use engine::Engine;

use wasm_bindgen::prelude::*;

/// The SDK version (the crate version, which is also the npm package version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::engine::VERSION.to_owned()
}
