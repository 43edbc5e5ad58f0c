//! Browser tests: run in headless Chromium by `wasm-pack test --headless --chrome -- --test browser`
//! (see `make test-browser`). Real DOM, real IndexedDB, real fetch against the test server.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod api_smoke;
mod beacons;
mod engine_api;
mod measurement;
mod render;
mod runtime;
mod support;
