//! `vitrine.beacons`: in-store beacons as a shop's JavaScript sees them.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::browser::bluetooth::{self, Method};
use crate::browser::js_error::{js_error, type_error};
use crate::browser::runtime::{Runtime, Shared};
use crate::engine::beacon::proximity::MIN_VALID_RSSI;

/// Beacon detection of one SDK instance: `status()`, `start()`, `stop()`, `zones()` and
/// `simulate()`. Get it as `vitrine.beacons`. It holds its instance weakly, so it never keeps a
/// dropped instance (and its page listeners) alive; once the instance is gone it behaves as
/// destroyed.
#[wasm_bindgen]
pub struct Beacons {
    rt: Weak<RefCell<Runtime>>,
}

/// The fields of a plain-object argument, refusing keys other than `allowed` (read by hand
/// rather than with serde: these two tiny shapes are not worth its code size).
fn fields(value: &JsValue, allowed: &[&str]) -> Result<Option<Object>, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let object = value
        .dyn_ref::<Object>()
        .filter(|_| !value.is_array() && !value.is_function())
        .ok_or_else(|| format!("expected an object with {}", allowed.join(", ")))?;
    let unknown = Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| !allowed.contains(&k.as_str()));
    match unknown {
        Some(key) => Err(format!(
            "unknown field `{key}`, expected one of {}",
            allowed.join(", ")
        )),
        None => Ok(Some(object.clone())),
    }
}

fn field(object: &Object, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or_default()
}

/// `start(options)`: `{ method?: 'auto' | 'scan' | 'watch' }`.
fn start_method(options: &JsValue) -> Result<Method, String> {
    let Some(object) = fields(options, &["method"])? else {
        return Ok(Method::Auto);
    };
    let method = field(&object, "method");
    if method.is_undefined() {
        return Ok(Method::Auto);
    }
    method
        .as_string()
        .and_then(|m| Method::parse(&m))
        .ok_or_else(|| format!("`method` must be 'auto', 'scan' or 'watch', got {method:?}"))
}

/// `simulate({ beacon, rssi })`.
fn simulated(advertisement: &JsValue) -> Result<(String, i16), String> {
    let object = fields(advertisement, &["beacon", "rssi"])?.ok_or("expected { beacon, rssi }")?;
    let beacon = field(&object, "beacon")
        .as_string()
        .ok_or("`beacon` must be the id of a catalog beacon (a string)")?;
    let rssi = field(&object, "rssi").as_f64().unwrap_or(f64::NAN);
    let valid = rssi.fract() == 0.0 && (f64::from(MIN_VALID_RSSI)..0.0).contains(&rssi);
    if !valid {
        return Err(format!(
            "`rssi` must be a whole number of dBm from {MIN_VALID_RSSI} to -1, got {rssi}"
        ));
    }
    Ok((beacon, rssi as i16))
}

/// A plain JS object from `(key, value)` pairs.
fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

impl Beacons {
    /// The beacons of the instance that owns `rt`.
    pub fn new(rt: &Shared) -> Self {
        Beacons {
            rt: Rc::downgrade(rt),
        }
    }

    /// The instance, unless it was destroyed or dropped.
    fn alive(&self) -> Result<Shared, JsValue> {
        match self.rt.upgrade() {
            Some(rt) if !rt.borrow().destroyed() => Ok(rt),
            _ => Err(js_error(
                "destroyed",
                "this Vitrine instance was destroyed; call Vitrine.init again",
            )),
        }
    }
}

#[wasm_bindgen]
impl Beacons {
    /// `'unsupported'` (no Web Bluetooth), `'idle'`, `'permission_denied'` (the last `start()`
    /// was refused) or `'scanning'`. Never throws.
    pub fn status(&self) -> String {
        match self.rt.upgrade() {
            Some(rt) => bluetooth::status(&rt),
            None => bluetooth::Status::detect(),
        }
        .as_str()
        .to_owned()
    }

    /// Starts receiving the catalog's beacons. Call it from a click or tap: the browser shows a
    /// permission prompt (scanning) or a device chooser (watching one beacon; call again to add
    /// more). `options.method`: `'auto'` (default: scanning when available), `'scan'` or
    /// `'watch'`. Rejects with an `Error` whose `code` is `bluetooth_unsupported`,
    /// `beacons_none`, `bluetooth_permission_denied`, `bluetooth_cancelled`, `bluetooth_failed`
    /// or `destroyed`; a bad `options` is a `TypeError` with code `options_invalid`.
    pub async fn start(&self, options: JsValue) -> Result<(), JsValue> {
        let rt = self.alive()?;
        let method = start_method(&options).map_err(|e| {
            type_error(
                "options_invalid",
                format!("invalid beacons.start options: {e}"),
            )
        })?;
        bluetooth::start(&rt, method)
            .await
            .map_err(|e| js_error(e.code(), e))
    }

    /// Stops receiving; the shopper leaves every beacon they were at.
    pub fn stop(&self) {
        if let Some(rt) = self.rt.upgrade() {
            bluetooth::stop(&rt);
        }
    }

    /// Every catalog beacon's live zone:
    /// `[{ beacon, name, zone: 'immediate'|'near'|'far'|'unknown', distanceM, at }]`.
    pub fn zones(&self) -> Array {
        let zones = match self.rt.upgrade() {
            Some(rt) => bluetooth::zones(&rt),
            None => Vec::new(),
        };
        zones
            .into_iter()
            .map(|z| {
                object(&[
                    ("beacon", z.beacon.into()),
                    ("name", z.name.into()),
                    ("zone", z.zone.as_str().into()),
                    (
                        "distanceM",
                        z.distance_m.map_or(JsValue::NULL, JsValue::from),
                    ),
                    ("at", z.at.into()),
                ])
            })
            .collect()
    }

    /// Feeds the advertisement catalog beacon `beacon` would send, received at `rssi` dBm
    /// (-127 to -1), through the same path as real ones (no Bluetooth needed). Throws a
    /// `TypeError` with code `advertisement_invalid` for a bad argument, and an `Error` with
    /// code `beacon_unknown` for a beacon the catalog does not declare.
    pub fn simulate(&self, advertisement: JsValue) -> Result<(), JsValue> {
        let rt = self.alive()?;
        let (beacon, rssi) = simulated(&advertisement).map_err(|e| {
            type_error(
                "advertisement_invalid",
                format!("invalid simulated advertisement: {e}"),
            )
        })?;
        bluetooth::simulate(&rt, &beacon, rssi).map_err(|e| js_error("beacon_unknown", e))
    }
}
