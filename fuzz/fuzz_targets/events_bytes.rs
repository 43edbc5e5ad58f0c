//! libFuzzer entry point: `cargo +nightly fuzz run events_bytes` (from the repository root).
#![no_main]

#[path = "../events_check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    check::batch(input);
});
