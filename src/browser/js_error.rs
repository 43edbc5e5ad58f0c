//! Errors as JavaScript sees them: an `Error` whose `message` says what to fix and whose `code`
//! is stable, so shops can branch on it.

use std::fmt::Display;

use wasm_bindgen::JsValue;

/// A JS `Error` with a stable `code` property.
pub fn js_error(code: &str, message: impl Display) -> JsValue {
    let error = js_sys::Error::new(&message.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// A JS `TypeError` (bad argument from the caller) with a stable `code` property.
pub fn type_error(code: &str, message: impl Display) -> JsValue {
    let error = js_sys::TypeError::new(&message.to_string());
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}
