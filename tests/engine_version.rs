//! The version the engine reports is the crate's, which the npm package also carries.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn engine_version_is_the_crate_version() {
    assert_eq!(vitrine::engine::VERSION, env!("CARGO_PKG_VERSION"));
    assert!(vitrine::engine::VERSION.split('.').count() == 3);
}
