//! `vitrine.beacons`: in-store beacons as a shop's JavaScript sees them.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::shape;
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

/// `start(options)`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct StartOptions {
    #[serde(default)]
    method: Method,
}

/// `simulate({ beacon, rssi })`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Simulated {
    beacon: String,
    rssi: f64,
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
        let options = if options.is_undefined() || options.is_null() {
            StartOptions::default()
        } else {
            shape::read::<StartOptions>(options).map_err(|e| {
                type_error(
                    "options_invalid",
                    format!("invalid beacons.start options: {e}"),
                )
            })?
        };
        bluetooth::start(&rt, options.method)
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
    pub fn zones(&self) -> Result<JsValue, JsValue> {
        let zones = match self.rt.upgrade() {
            Some(rt) => bluetooth::zones(&rt),
            None => Vec::new(),
        };
        zones
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| js_error("internal", e))
    }

    /// Feeds the advertisement catalog beacon `beacon` would send, received at `rssi` dBm
    /// (-127 to -1), through the same path as real ones (no Bluetooth needed). Throws a
    /// `TypeError` with code `advertisement_invalid` for a bad argument, and an `Error` with
    /// code `beacon_unknown` for a beacon the catalog does not declare.
    pub fn simulate(&self, advertisement: JsValue) -> Result<(), JsValue> {
        let rt = self.alive()?;
        let invalid = |e: String| {
            type_error(
                "advertisement_invalid",
                format!("invalid simulated advertisement: {e}"),
            )
        };
        let Simulated { beacon, rssi } = shape::read(advertisement).map_err(invalid)?;
        let valid = rssi.fract() == 0.0 && (f64::from(MIN_VALID_RSSI)..0.0).contains(&rssi);
        if !valid {
            return Err(invalid(format!(
                "rssi must be a whole number of dBm from {MIN_VALID_RSSI} to -1, got {rssi}"
            )));
        }
        bluetooth::simulate(&rt, &beacon, rssi as i16).map_err(|e| js_error("beacon_unknown", e))
    }
}
