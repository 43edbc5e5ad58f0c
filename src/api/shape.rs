//! Reading caller objects with serde-wasm-bindgen, plus the one check it skips: it looks up only
//! the fields a struct knows, so a misspelt key would be silently ignored. Here it is an error
//! that names the key.

use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::js_error::{js_error, type_error};
use crate::engine::decision::Context;
use crate::engine::events::{Event, Millis, Product, WireEvent};
use crate::engine::field_names::field_names;

/// An event from JavaScript, its `at` defaulting to `default_at`. A `TypeError` with code
/// `event_invalid` names the bad field.
pub fn event(value: JsValue, default_at: Option<Millis>) -> Result<Event, JsValue> {
    read_event(value)
        .and_then(|wire| wire.into_event(default_at).map_err(|e| e.to_string()))
        .map_err(|e| type_error("event_invalid", format!("invalid event: {e}")))
}

/// A decision context; `undefined` or `null` is the empty context. A `TypeError` with code
/// `context_invalid` names the bad field.
pub fn context(value: JsValue) -> Result<Context, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Context::default());
    }
    read::<Context>(value)
        .map_err(|e| type_error("context_invalid", format!("invalid decision context: {e}")))
}

/// `value` as a plain JavaScript value (maps become objects, as JSON would have them).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("internal", e))
}

/// Deserializes `value` into `T`, rejecting keys `T` does not have.
pub fn read<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    check_keys::<T>(&value, "")?;
    T::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| e.to_string())
}

/// Like [`read`] for events, also checking `product` and each of `items` against [`Product`].
fn read_event(value: JsValue) -> Result<WireEvent, String> {
    if value.is_object() {
        let product = Reflect::get(&value, &"product".into()).unwrap_or_default();
        check_keys::<Product>(&product, "product.")?;
        let items = Reflect::get(&value, &"items".into()).unwrap_or_default();
        if let Some(items) = items.dyn_ref::<Array>() {
            for (i, item) in items.iter().enumerate() {
                check_keys::<Product>(&item, &format!("items[{i}]."))?;
            }
        }
    }
    read(value)
}

/// Rejects keys of the object `value` that `T` does not have (`prefix` names where it is).
pub fn check_keys<T: DeserializeOwned>(value: &JsValue, prefix: &str) -> Result<(), String> {
    let Some(object) = value.dyn_ref::<Object>().filter(|_| !value.is_array()) else {
        return Ok(());
    };
    let allowed = field_names::<T>();
    match Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| !allowed.contains(&k.as_str()))
    {
        Some(key) => Err(format!(
            "unknown field `{prefix}{key}`, expected one of {}",
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}
