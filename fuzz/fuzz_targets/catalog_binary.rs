//! libFuzzer entry point: `cargo +nightly fuzz run catalog_binary` (from the repository root).
#![no_main]

#[path = "../catalog_check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    check::payload(input);
    check::body(input);
});
