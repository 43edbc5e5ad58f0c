//! libFuzzer entry point: `cargo +nightly fuzz run profile_bytes` (from the repository root).
#![no_main]

#[path = "../profile_check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    check::stored(input);
    check::body(input);
});
