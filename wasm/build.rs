//! Link settings of the browser's wasm modules (wasm/, and wasm-beacons/ and wasm-measurement/,
//! which use this file too): a 256 KiB stack instead of rustc's default 1 MiB. A wasm module's
//! memory never shrinks and the page pays for the whole stack region from the first call; nothing
//! in these modules recurses deeper than a targeting rule (8 levels, `MAX_RULE_DEPTH`). rustc
//! links the stack below the static data, so an overflow traps; it cannot overwrite data.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size=262144");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
