//! The pure decision engine: no web-sys, no clock reads, no hidden randomness.
//!
//! Everything here is a plain function of its inputs, so it runs the same natively (tests,
//! benchmarks, the `vitrine` CLI) and in the browser.

/// The SDK version, as published in the npm package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
