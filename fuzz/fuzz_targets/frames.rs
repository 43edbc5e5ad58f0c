//! libFuzzer entry point: `cargo +nightly fuzz run frames` (from the repository root).
#![no_main]

#[path = "../check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|input: &[u8]| check::frames(input));
