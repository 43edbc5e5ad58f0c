//! Vitrine: privacy-first personalization that runs in the shopper's browser.
//!
//! This crate is the pure core, [`engine`]: no web-sys, deterministic (clock and randomness are
//! passed in), synchronous, tested natively with `cargo test`. Data flows one way:
//!
//! ```text
//!   events ─▶ profile ─▶ decision        (catalog: what may be shown, and to whom)
//! ```
//!
//! The npm package wraps it twice (docs/architecture.md): `wasm/` is the browser's narrow,
//! byte-oriented wasm boundary, and the TypeScript shell in `shell/` does every I/O (IndexedDB,
//! fetch, WebCrypto, DOM, Bluetooth). `tools/` builds the validator and compiler for Node.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod engine;
