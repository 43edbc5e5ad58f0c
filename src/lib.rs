//! Vitrine: privacy-first personalization that runs in the shopper's browser.
//!
//! Data flows one way, and the module tree follows it:
//!
//! ```text
//!   engine (pure Rust, no web-sys, deterministic: clock and randomness are passed in)
//!     events ─▶ profile ─▶ decision
//!   browser (thin adapters, wasm32 only): storage, network, render, bluetooth
//!   api (wasm32 only): the one small wasm-bindgen surface the npm package wraps
//! ```
//!
//! The engine compiles and is tested natively with `cargo test`; the browser adapters and the
//! API only exist on `wasm32` and are tested in headless Chromium with `wasm-pack test`.

pub mod engine;

#[cfg(all(target_arch = "wasm32", feature = "runtime"))]
pub mod browser;

#[cfg(all(target_arch = "wasm32", feature = "runtime"))]
pub mod api;
