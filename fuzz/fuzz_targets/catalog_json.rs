//! libFuzzer entry point: `cargo +nightly fuzz run catalog_json` (from the repository root).
#![no_main]

#[path = "../catalog_json_check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    if let Ok(text) = std::str::from_utf8(input) {
        check::json(text);
    }
});
