//! Feature detection without touching anything that could throw on page load.

use js_sys::Reflect;
use wasm_bindgen::JsCast;

use super::bindings::Bluetooth;

/// `navigator.bluetooth`, or `None` where the browser has no Web Bluetooth.
pub fn bluetooth() -> Option<Bluetooth> {
    let navigator = web_sys::window()?.navigator();
    if !Reflect::has(&navigator, &"bluetooth".into()).unwrap_or(false) {
        return None;
    }
    let value = Reflect::get(&navigator, &"bluetooth".into()).ok()?;
    value.is_object().then(|| value.unchecked_into())
}

/// True when `bluetooth` has `name` as a function (e.g. `requestLEScan`).
pub fn has_method(bluetooth: &Bluetooth, name: &str) -> bool {
    Reflect::get(bluetooth, &name.into()).is_ok_and(|f| f.is_function())
}
