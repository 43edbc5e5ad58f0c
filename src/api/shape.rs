//! Reading caller objects with serde-wasm-bindgen, plus the one check it skips: it looks up only
//! the fields a struct knows, so a misspelt key would be silently ignored. Here it is an error
//! that names the key.

use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::events::Product;
use crate::engine::field_names::field_names;

/// Deserializes `value` into `T`, rejecting keys `T` does not have.
pub fn read<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    check_keys::<T>(&value, "")?;
    T::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| e.to_string())
}

/// Like [`read`] for events, also checking `product` and each of `items` against [`Product`].
pub fn read_event<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
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
