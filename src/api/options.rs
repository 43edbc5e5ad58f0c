//! `Vitrine.init(options)`: reading and checking the options object.

use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use super::shape;
use crate::browser::measurement::MeasurementSettings;
use crate::browser::render::banner::Disclosure;
use crate::browser::runtime::{Consent, ConsentState, Settings};
use crate::engine::catalog::refresh::RefreshPolicy;
use crate::engine::measurement::{DEFAULT_EPSILON_PER_DAY, MAX_EPSILON};
use crate::engine::signature;

/// The options' data fields (functions are read separately).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitOptions {
    #[serde(default)]
    catalog_url: Option<String>,
    #[serde(default)]
    catalog: Option<String>,
    #[serde(default)]
    public_keys: Vec<String>,
    #[serde(default)]
    consent: Option<ConsentOptions>,
    #[serde(default)]
    storage: Option<StorageKind>,
    #[serde(default)]
    database: Option<String>,
    #[serde(default)]
    timeout_ms: Option<u32>,
    #[serde(default)]
    observe: bool,
    #[serde(default)]
    utc_offset_minutes: Option<i32>,
    #[serde(default)]
    retention_days: Option<u32>,
    #[serde(default)]
    seed: Option<u32>,
    #[serde(default)]
    refresh_after_seconds: Option<u32>,
    #[serde(default)]
    disclosure: bool,
    #[serde(default)]
    data_page_url: Option<String>,
    #[serde(default)]
    measurement: Option<MeasurementOptions>,
}

/// `measurement: { endpoint, epsilonPerDay }`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MeasurementOptions {
    endpoint: String,
    #[serde(default)]
    epsilon_per_day: Option<f64>,
}

/// `consent: { personalization, measurement }`.
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct ConsentOptions {
    #[serde(default)]
    personalization: Option<ConsentState>,
    #[serde(default)]
    measurement: Option<ConsentState>,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum StorageKind {
    Indexeddb,
    Memory,
}

/// Function-valued options.
const FUNCTIONS: [&str; 2] = ["onError", "clock"];

/// What `init` starts from.
pub struct Parsed {
    pub settings: Settings,
    pub consent: Consent,
    pub catalog: Option<String>,
}

/// Reads `options`, or says which field is wrong.
pub fn parse(options: &JsValue) -> Result<Parsed, String> {
    if !options.is_object() {
        return Err(
            "Vitrine.init needs an options object, e.g. { catalogUrl: '/catalog.json' }".into(),
        );
    }
    let data = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let mut functions = [None, None];
    for (slot, name) in functions.iter_mut().zip(FUNCTIONS) {
        let value = js_sys::Reflect::get(&data, &name.into()).unwrap_or_default();
        if !value.is_undefined() {
            let f = value
                .dyn_into::<js_sys::Function>()
                .map_err(|_| format!("`{name}` must be a function"))?;
            *slot = Some(f);
        }
        let _ = js_sys::Reflect::delete_property(&data, &name.into());
    }
    let [on_error, clock] = functions;
    let nested = js_sys::Reflect::get(&data, &"measurement".into()).unwrap_or_default();
    shape::check_keys::<MeasurementOptions>(&nested, "measurement.")?;
    let o: InitOptions = shape::read(data.into())?;
    let measurement = o.measurement.map(measurement_settings).transpose()?;
    if o.catalog_url.is_none() && o.catalog.is_none() {
        return Err(
            "give `catalogUrl` (where the catalog is published) or `catalog` (its text)".into(),
        );
    }
    let public_keys =
        signature::parse_public_keys(&o.public_keys).map_err(|e| format!("`publicKeys`: {e}"))?;
    let consent = o.consent.unwrap_or_default();
    let gpc = global_privacy_control();
    let consent = Consent {
        personalization: consent.personalization.unwrap_or(ConsentState::Granted),
        measurement: match consent.measurement {
            _ if gpc => ConsentState::Denied,
            Some(state) => state,
            None => ConsentState::Pending,
        },
    };
    let mut refresh = RefreshPolicy::default();
    if let Some(s) = o.refresh_after_seconds {
        refresh.fresh_for = i64::from(s) * 1000;
    }
    Ok(Parsed {
        settings: Settings {
            catalog_url: o.catalog_url,
            public_keys,
            database: o.database.unwrap_or_else(|| "vitrine".into()),
            persist: o.storage != Some(StorageKind::Memory),
            timeout_ms: o.timeout_ms.unwrap_or(5_000),
            observe: o.observe,
            utc_offset_minutes: o.utc_offset_minutes,
            retention_days: o.retention_days,
            refresh,
            clock,
            seed: o.seed,
            on_error,
            disclosure: o.disclosure.then_some(Disclosure {
                data_page_url: o.data_page_url,
            }),
            measurement,
        },
        consent,
        catalog: o.catalog,
    })
}

/// Checks `measurement`: an http(s) URL or a path of this site, and an epsilon in range.
fn measurement_settings(o: MeasurementOptions) -> Result<MeasurementSettings, String> {
    let endpoint = o.endpoint.trim();
    let web = ["https://", "http://", "/"]
        .iter()
        .any(|p| endpoint.to_ascii_lowercase().starts_with(p));
    if !web || endpoint.starts_with("//") || endpoint.chars().any(char::is_whitespace) {
        return Err(format!(
            "`measurement.endpoint` is `{endpoint}`; give an http(s) URL or a path of this site, e.g. '/vitrine/reports'"
        ));
    }
    let epsilon_per_day = o.epsilon_per_day.unwrap_or(DEFAULT_EPSILON_PER_DAY);
    if !(epsilon_per_day > 0.0 && epsilon_per_day <= MAX_EPSILON) {
        return Err(format!(
            "`measurement.epsilonPerDay` is {epsilon_per_day}; give a number above 0 and at most {MAX_EPSILON} (default {DEFAULT_EPSILON_PER_DAY}; lower is more private)"
        ));
    }
    Ok(MeasurementSettings {
        endpoint: endpoint.to_owned(),
        epsilon_per_day,
    })
}

/// Reads `consent(...)`'s argument onto the current state.
pub fn consent_update(current: Consent, value: JsValue) -> Result<Consent, String> {
    let update: ConsentOptions = shape::read(value)?;
    Ok(Consent {
        personalization: update.personalization.unwrap_or(current.personalization),
        measurement: if global_privacy_control() {
            ConsentState::Denied
        } else {
            update.measurement.unwrap_or(current.measurement)
        },
    })
}

/// `navigator.globalPrivacyControl === true`: a denial of measurement.
fn global_privacy_control() -> bool {
    web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v.as_bool() == Some(true))
}
