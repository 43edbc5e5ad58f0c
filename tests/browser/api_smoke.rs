use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_matches_the_crate() {
    assert_eq!(vitrine::api::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn runs_in_a_real_browser_window() {
    let global = js_sys::global();
    let document =
        js_sys::Reflect::get(&global, &"document".into()).expect("global has no document");
    assert!(
        document.is_object(),
        "expected a browser window with a DOM document"
    );
}
