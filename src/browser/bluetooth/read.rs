//! An `advertisementreceived` event as the engine's [`Advertisement`].

use js_sys::{Map, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::bindings::BluetoothAdvertisingEvent;
use crate::engine::beacon::Advertisement;

/// Bluetooth's base UUID after the 16-bit part: `0000xxxx-0000-1000-8000-00805f9b34fb`.
const BASE_UUID_TAIL: &str = "-0000-1000-8000-00805f9b34fb";

/// Reads the event's RSSI and data maps; `None` when it carries no RSSI.
pub fn advertisement(event: &BluetoothAdvertisingEvent) -> Option<Advertisement> {
    let rssi = event.rssi().as_f64().filter(|r| r.is_finite())?;
    Some(Advertisement {
        manufacturer_data: entries(&event.manufacturer_data(), |key| {
            key.as_f64()
                .filter(|k| k.fract() == 0.0 && (0.0..=65535.0).contains(k))
                .map(|k| k as u16)
        }),
        service_data: entries(&event.service_data(), uuid16),
        rssi: rssi.clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16,
    })
}

/// The entries of a maplike whose keys `key` accepts; values become bytes.
fn entries(map: &JsValue, key: impl Fn(&JsValue) -> Option<u16>) -> Vec<(u16, Vec<u8>)> {
    let has_for_each = Reflect::get(map, &"forEach".into()).is_ok_and(|f| f.is_function());
    if !has_for_each {
        return Vec::new();
    }
    let mut out = Vec::new();
    map.unchecked_ref::<Map>().for_each(&mut |value, k| {
        if let (Some(k), Some(bytes)) = (key(&k), bytes(&value)) {
            out.push((k, bytes));
        }
    });
    out
}

/// The bytes of a `DataView`, typed array or `ArrayBuffer`.
fn bytes(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Some(Uint8Array::new(buffer).to_vec());
    }
    let get = |name: &str| Reflect::get(value, &name.into()).ok();
    let buffer = get("buffer")?.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    let offset = get("byteOffset")?.as_f64()? as u32;
    let length = get("byteLength")?.as_f64()? as u32;
    Some(Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length).to_vec())
}

/// The 16-bit UUID of a service key: a base-UUID string or a number.
fn uuid16(key: &JsValue) -> Option<u16> {
    if let Some(n) = key.as_f64() {
        return (n.fract() == 0.0 && (0.0..=65535.0).contains(&n)).then_some(n as u16);
    }
    let s = key.as_string()?.to_ascii_lowercase();
    let short = s.strip_prefix("0000")?.strip_suffix(BASE_UUID_TAIL)?;
    u16::from_str_radix(short, 16).ok()
}
