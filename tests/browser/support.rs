//! Helpers shared by the browser test modules.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// Parses JSON text into a JS value.
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// Reads a dotted property path such as `"explanation.summary"`.
pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap()
    })
}

/// A database name no other test uses.
pub fn unique(name: &str) -> String {
    format!("vitrine-test-{name}-{}", js_sys::Math::random().to_bits())
}
