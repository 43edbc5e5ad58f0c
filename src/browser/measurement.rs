//! Private aggregate measurement on the device (off by default; docs/measurement.md): the
//! [`Ledger`] in IndexedDB record `state/measurement`, and at most one report per finished shop
//! day, sent as a keepalive `fetch` without cookies, Referer or any id.

use std::convert::Infallible;

use rand_core::TryRng;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReferrerPolicy, RequestCache, RequestCredentials, RequestInit, RequestMode};

use super::runtime::Shared;
use crate::engine::catalog::Catalog;
use crate::engine::clock::LocalTime;
use crate::engine::events::{Event, EventKind};
use crate::engine::measurement::{CatalogScope, Day, Ledger, Report};

/// `init({ measurement: { endpoint, epsilonPerDay } })`.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementSettings {
    /// Where reports are POSTed.
    pub endpoint: String,
    /// The privacy budget per device and day.
    pub epsilon_per_day: f64,
}

/// Moves the ledger to today (sending the finished day's report, if any) and counts `events`
/// of today, in one atomic storage update. Does nothing unless measurement is on and both
/// personalization and measurement are granted. Nothing is sent unless the spent budget was
/// stored first, so a day is never reported twice.
pub async fn update(rt: &Shared, events: &[Event]) {
    let Some((settings, store, now, offset, catalog)) = rt.borrow().measurement_inputs() else {
        return;
    };
    let local = LocalTime::new(now, offset);
    let Some(today) = Day::from_epoch_days(local.day) else {
        return;
    };
    let scope = catalog
        .as_deref()
        .and_then(|c| CatalogScope::from_catalog(c).ok());
    let mut outcome = Ok(None);
    let mut corrupt = None;
    let stored = store
        .update_measurement(|text| {
            let mut ledger = match text.map(|t| serde_json::from_str::<Ledger>(&t)) {
                Some(Ok(ledger)) => ledger,
                Some(Err(e)) => {
                    corrupt = Some(e.to_string());
                    Ledger::new(today, settings.epsilon_per_day).ok()?
                }
                None => Ledger::new(today, settings.epsilon_per_day).ok()?,
            };
            ledger.budget = ledger
                .budget
                .with_epsilon_per_day(settings.epsilon_per_day)
                .ok()?;
            outcome = ledger.roll(today, scope.as_ref(), &mut BrowserRng);
            for event in events {
                if counted(event, today, offset, catalog.as_deref()) {
                    ledger.record(&event.kind);
                }
            }
            serde_json::to_string(&ledger).ok()
        })
        .await;
    if let Some(reason) = corrupt {
        rt.borrow().report(
            "storage_corrupt",
            &format!("the stored measurement ledger could not be read ({reason}); it was reset"),
        );
    }
    let failure = match (stored, outcome) {
        (Err(e), _) => (e.code(), format!("{e}; no measurement report was sent")),
        (Ok(()), Err(e)) => (e.code(), format!("no measurement report was built: {e}")),
        (Ok(()), Ok(Some(report))) => return send(rt, &settings.endpoint, &report).await,
        (Ok(()), Ok(None)) => return,
    };
    rt.borrow().report(failure.0, &failure.1);
}

/// Whether an event counts for today: impressions and clicks on offers of the catalog, and
/// purchases, dated today in the shop's time zone.
fn counted(event: &Event, today: Day, offset: i32, catalog: Option<&Catalog>) -> bool {
    let in_catalog = |id: &str| catalog.is_some_and(|c| c.offers.iter().any(|o| o.id == id));
    LocalTime::new(event.at, offset).day == today.epoch_days()
        && match &event.kind {
            EventKind::Impression(o) | EventKind::Click(o) => in_catalog(&o.offer),
            EventKind::Purchase { .. } => true,
            _ => false,
        }
}

/// POSTs the report's JSON (`text/plain`, a CORS-safelisted type, so no preflight) with
/// `keepalive` (it completes after the page unloads, like `sendBeacon`), no cookies
/// (`credentials: 'omit'`, which `sendBeacon` cannot do) and no Referer.
async fn send(rt: &Shared, endpoint: &str, report: &Report) {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&report.to_json()));
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_cache(RequestCache::NoStore);
    // The answer is never read, so no CORS headers are needed on the endpoint.
    init.set_mode(RequestMode::NoCors);
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    let sent = match web_sys::window() {
        Some(window) => JsFuture::from(window.fetch_with_str_and_init(endpoint, &init)).await,
        None => Err(JsValue::from_str("no window")),
    };
    if let Err(e) = sent {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}"));
        rt.borrow().report(
            "measurement_send_failed",
            &format!("the measurement report for {} could not be sent to {endpoint} ({why}); it is not retried", report.day),
        );
    }
}

/// Randomness for the report: `crypto.getRandomValues`, else `Math.random`.
struct BrowserRng;

impl TryRng for BrowserRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let crypto = web_sys::window().and_then(|w| w.crypto().ok());
        if crypto.is_none_or(|c| c.get_random_values_with_u8_array(dst).is_err()) {
            for b in dst {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        Ok(())
    }
}
