//! The option objects for `requestLEScan` and `requestDevice`, built from the catalog's beacons.
//!
//! A page only receives manufacturer data for company ids it names, so every AltBeacon's
//! company id is listed; Eddystone needs its service (0xFEAA). iBeacons are left out: Chromium
//! blocks Apple's beacon data (it would never arrive) and rejects filters that ask for it.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

use crate::engine::beacon::frames::EDDYSTONE_SERVICE_UUID;
use crate::engine::beacon::BeaconId;
use crate::engine::catalog::Beacon;

/// AltBeacon's beacon code, the first bytes of its manufacturer data.
const ALTBEACON_CODE: [u8; 2] = [0xBE, 0xAC];

/// What the catalog's beacons need from the browser.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Company ids of AltBeacon manufacturer data, deduplicated, in catalog order.
    pub company_ids: Vec<u16>,
    /// Whether any beacon is Eddystone (service data 0xFEAA).
    pub eddystone: bool,
}

impl Wanted {
    /// What `beacons` need; empty when there is nothing a browser can deliver.
    pub fn from(beacons: &[Beacon]) -> Self {
        let mut wanted = Wanted::default();
        for beacon in beacons {
            match beacon.frame {
                BeaconId::Eddystone { .. } => wanted.eddystone = true,
                BeaconId::AltBeacon { .. } => {
                    let id = beacon.manufacturer_id();
                    if let Some(id) = id.filter(|id| !wanted.company_ids.contains(id)) {
                        wanted.company_ids.push(id);
                    }
                }
                BeaconId::IBeacon { .. } => {}
            }
        }
        wanted
    }

    /// True when no beacon can be received.
    pub fn is_empty(&self) -> bool {
        self.company_ids.is_empty() && !self.eddystone
    }

    /// One filter per company id (AltBeacon code as data prefix) and one for Eddystone.
    fn filters(&self) -> Array {
        let filters = Array::new();
        for id in &self.company_ids {
            let data = object(&[
                ("companyIdentifier", JsValue::from(*id)),
                ("dataPrefix", Uint8Array::from(&ALTBEACON_CODE[..]).into()),
            ]);
            let list = Array::of1(&data);
            filters.push(&object(&[("manufacturerData", list.into())]));
        }
        if self.eddystone {
            let services = Array::of1(&JsValue::from(EDDYSTONE_SERVICE_UUID));
            filters.push(&object(&[("services", services.into())]));
        }
        filters
    }

    fn optional(&self) -> [(&'static str, JsValue); 2] {
        let ids: Array = self
            .company_ids
            .iter()
            .map(|id| JsValue::from(*id))
            .collect();
        let services = if self.eddystone {
            Array::of1(&JsValue::from(EDDYSTONE_SERVICE_UUID))
        } else {
            Array::new()
        };
        [
            ("optionalManufacturerData", ids.into()),
            ("optionalServices", services.into()),
        ]
    }

    /// `requestLEScan` options: the filters, and every repeated advertisement (RSSI updates).
    pub fn scan_options(&self) -> JsValue {
        let [manufacturer, services] = self.optional();
        object(&[
            ("filters", self.filters().into()),
            ("keepRepeatedDevices", JsValue::TRUE),
            manufacturer,
            services,
        ])
    }

    /// `requestDevice` options: the same filters, and the data the page may read.
    pub fn device_options(&self) -> JsValue {
        let [manufacturer, services] = self.optional();
        object(&[("filters", self.filters().into()), manufacturer, services])
    }
}

/// A plain object with `fields`.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}
