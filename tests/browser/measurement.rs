//! Aggregate measurement in a real browser: the ledger in IndexedDB, one report per finished
//! shop day, and nothing stored or sent without both consents. The send is intercepted by
//! replacing `window.fetch` with a recording double (a real collector is in
//! tests/e2e/runtime.test.mjs).

use std::cell::RefCell;
use std::rc::Rc;

use crate::support::{get, json, unique};
use js_sys::{Function, Promise, Reflect};
use vitrine::api::Vitrine;
use vitrine::engine::measurement::{Day, Ledger, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const CATALOG: &str = include_str!("../../www/catalog.json");
/// Sunday 2026-11-29 10:00 in the catalog's time zone (UTC+1).
const DAY_1: f64 = 1_795_942_800_000.0;
const DAY_2: f64 = DAY_1 + 86_400_000.0;
const GRANTED: &str = r#"{"personalization": "granted", "measurement": "granted"}"#;

/// Options with the demo catalog, a fixed clock at `at`, `consent`, measurement to `endpoint`.
fn options(db: &str, at: f64, consent: &str, endpoint: &str, errors: &Errors) -> JsValue {
    let options = json(&format!(
        r#"{{"database": "{db}", "seed": 7, "consent": {consent},
             "measurement": {{"endpoint": "{endpoint}"}}}}"#
    ));
    Reflect::set(&options, &"catalog".into(), &CATALOG.into()).unwrap();
    let clock = Closure::<dyn Fn() -> f64>::new(move || at).into_js_value();
    Reflect::set(&options, &"clock".into(), &clock).unwrap();
    let sink = errors.clone();
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        sink.borrow_mut()
            .push(get(&e, "code").as_string().unwrap_or_default());
    })
    .into_js_value();
    Reflect::set(&options, &"onError".into(), &on_error).unwrap();
    options
}

type Errors = Rc<RefCell<Vec<String>>>;

fn banner_event(kind: &str, offer: &str) -> JsValue {
    json(&format!(
        r#"{{"type": "{kind}", "offer": "{offer}", "slot": "home-hero"}}"#
    ))
}

/// Replaces `window.fetch` while alive: calls to `endpoint` are recorded (the `init` object)
/// and answered with `undefined`; other calls go to the real fetch.
struct Recorder {
    calls: Rc<RefCell<Vec<JsValue>>>,
    original: JsValue,
}

impl Recorder {
    fn new(endpoint: &str) -> Recorder {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let calls: Rc<RefCell<Vec<JsValue>>> = Rc::default();
        let (sink, real, endpoint) = (calls.clone(), original.clone(), endpoint.to_owned());
        let double = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(
            move |url: JsValue, init: JsValue| {
                if url.as_string().as_deref() == Some(endpoint.as_str()) {
                    sink.borrow_mut().push(init);
                    Promise::resolve(&JsValue::UNDEFINED).into()
                } else {
                    let real: &Function = real.unchecked_ref();
                    real.call2(&web_sys::window().unwrap(), &url, &init)
                        .unwrap()
                }
            },
        )
        .into_js_value();
        Reflect::set(&window, &"fetch".into(), &double).unwrap();
        Recorder { calls, original }
    }

    fn bodies(&self) -> Vec<String> {
        let calls = self.calls.borrow();
        calls
            .iter()
            .map(|c| get(c, "body").as_string().unwrap())
            .collect()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
    }
}

/// The stored `state/measurement` record, if any.
async fn stored_ledger(db: &str) -> Option<Ledger> {
    let factory = idb::Factory::new().unwrap();
    let db = factory.open(db, None).unwrap().await.unwrap();
    if !db.store_names().iter().any(|n| n == "state") {
        db.close();
        return None;
    }
    let tx = db
        .transaction(&["state"], idb::TransactionMode::ReadOnly)
        .unwrap();
    let store = tx.object_store("state").unwrap();
    let value = store
        .get(JsValue::from("measurement"))
        .unwrap()
        .await
        .unwrap();
    db.close();
    value.map(|v| serde_json::from_str(&v.as_string().unwrap()).unwrap())
}

/// Day 1: two impressions and a click on one offer, an impression on another, a purchase.
async fn shop_on_day_1(db: &str, consent: &str, endpoint: &str, errors: &Errors) -> Vitrine {
    let v = Vitrine::init(options(db, DAY_1, consent, endpoint, errors))
        .await
        .unwrap();
    for (kind, offer) in [
        ("impression", "coffee-single-origin"),
        ("impression", "coffee-single-origin"),
        ("click", "coffee-single-origin"),
        ("impression", "tea-afternoon-blend"),
        ("impression", "not-in-the-catalog"),
    ] {
        v.track(banner_event(kind, offer)).unwrap();
    }
    v.track(json(
        r#"{"type": "purchase", "items": [{"id": "beans-1"}]}"#,
    ))
    .unwrap();
    v.flush().await.unwrap();
    v
}

#[wasm_bindgen_test]
async fn the_finished_day_is_reported_once_the_next_day() {
    let (db, endpoint) = (unique("once"), "/measure/once");
    let recorder = Recorder::new(endpoint);
    let errors = Errors::default();
    let day_1 = Day::parse("2026-11-29").unwrap();

    let v = shop_on_day_1(&db, GRANTED, endpoint, &errors).await;
    let device_id = get(&v.export_data().await.unwrap(), "deviceId")
        .as_string()
        .unwrap();
    let ledger = stored_ledger(&db).await.expect("a ledger is stored");
    assert_eq!(ledger.counts.day, day_1);
    let coffee = ledger.counts.offers["coffee-single-origin"];
    assert_eq!(
        (coffee.impressions, coffee.clicks, coffee.conversions),
        (2, 1, 1)
    );
    assert_eq!(ledger.counts.offers["tea-afternoon-blend"].conversions, 0);
    assert!(!ledger.counts.offers.contains_key("not-in-the-catalog"));
    v.destroy().await.unwrap();
    assert!(
        recorder.bodies().is_empty(),
        "nothing is sent during the day"
    );

    let next = Vitrine::init(options(&db, DAY_2, GRANTED, endpoint, &errors))
        .await
        .unwrap();
    let bodies = recorder.bodies();
    assert_eq!(bodies.len(), 1, "one report for day 1");
    let report = Report::from_json(&bodies[0]).unwrap();
    assert_eq!(report.day, day_1);
    assert_eq!((report.epsilon, report.bit_count()), (1.0, 1));
    assert!(!bodies[0].contains(&device_id), "no device id");
    let init = recorder.calls.borrow()[0].clone();
    for (field, value) in [
        ("method", "POST"),
        ("credentials", "omit"),
        ("referrerPolicy", "no-referrer"),
    ] {
        assert_eq!(
            get(&init, field).as_string().as_deref(),
            Some(value),
            "{field}"
        );
    }
    assert_eq!(get(&init, "keepalive").as_bool(), Some(true));
    let ledger = stored_ledger(&db).await.unwrap();
    assert_eq!(ledger.counts.day, Day::parse("2026-11-30").unwrap());
    assert_eq!(
        ledger.budget.remaining(day_1),
        0.0,
        "day 1's budget is spent"
    );
    next.destroy().await.unwrap();

    // Another page on day 2: day 1 was reported and its budget spent.
    let again = Vitrine::init(options(&db, DAY_2, GRANTED, endpoint, &errors))
        .await
        .unwrap();
    again.destroy().await.unwrap();
    assert_eq!(recorder.bodies().len(), 1, "nothing more for day 1");
    assert!(errors.borrow().is_empty(), "{:?}", errors.borrow());
}

#[wasm_bindgen_test]
async fn without_measurement_consent_nothing_is_stored_or_sent() {
    for consent in [
        r#"{"personalization": "granted", "measurement": "pending"}"#,
        r#"{"personalization": "granted", "measurement": "denied"}"#,
        r#"{"personalization": "granted"}"#,
        r#"{"personalization": "denied", "measurement": "granted"}"#,
        r#"{"personalization": "pending", "measurement": "granted"}"#,
    ] {
        let (db, endpoint) = (unique("consent"), "/measure/consent");
        let recorder = Recorder::new(endpoint);
        let errors = Errors::default();
        shop_on_day_1(&db, consent, endpoint, &errors)
            .await
            .destroy()
            .await
            .unwrap();
        assert!(stored_ledger(&db).await.is_none(), "{consent}");
        let v = Vitrine::init(options(&db, DAY_2, consent, endpoint, &errors))
            .await
            .unwrap();
        v.destroy().await.unwrap();
        assert!(recorder.bodies().is_empty(), "{consent}");
        assert!(stored_ledger(&db).await.is_none(), "{consent}");
    }
}

#[wasm_bindgen_test]
async fn global_privacy_control_stops_measurement() {
    let navigator = web_sys::window().unwrap().navigator();
    let descriptor = json(r#"{"value": true, "configurable": true}"#);
    Reflect::define_property(
        &navigator,
        &"globalPrivacyControl".into(),
        descriptor.unchecked_ref(),
    )
    .unwrap();
    let (db, endpoint) = (unique("gpc"), "/measure/gpc");
    let recorder = Recorder::new(endpoint);
    let errors = Errors::default();
    let v = shop_on_day_1(&db, GRANTED, endpoint, &errors).await;
    v.consent(json(r#"{"measurement": "granted"}"#))
        .await
        .unwrap();
    v.track(banner_event("click", "coffee-single-origin"))
        .unwrap();
    v.destroy().await.unwrap();
    let stored = stored_ledger(&db).await;
    let v = Vitrine::init(options(&db, DAY_2, GRANTED, endpoint, &errors))
        .await
        .unwrap();
    v.destroy().await.unwrap();
    Reflect::delete_property(&navigator, &"globalPrivacyControl".into()).unwrap();
    assert!(stored.is_none());
    assert!(recorder.bodies().is_empty());
}

#[wasm_bindgen_test]
async fn withdrawing_consent_and_forget_delete_the_ledger() {
    let (db, endpoint) = (unique("withdraw"), "/measure/withdraw");
    let recorder = Recorder::new(endpoint);
    let errors = Errors::default();
    let v = shop_on_day_1(&db, GRANTED, endpoint, &errors).await;
    assert!(stored_ledger(&db).await.is_some());
    assert!(get(&v.export_data().await.unwrap(), "measurement.counts").is_object());
    v.consent(json(r#"{"measurement": "denied"}"#))
        .await
        .unwrap();
    assert!(stored_ledger(&db).await.is_none(), "withdrawn: deleted");
    v.consent(json(r#"{"measurement": "granted"}"#))
        .await
        .unwrap();
    v.track(banner_event("impression", "coffee-single-origin"))
        .unwrap();
    v.flush().await.unwrap();
    assert!(
        stored_ledger(&db).await.is_some(),
        "granted again: counting"
    );
    v.forget().await.unwrap();
    assert!(stored_ledger(&db).await.is_none(), "forget() erases it");
    v.destroy().await.unwrap();

    // Consent withdrawn between visits: the next start deletes the ledger, sends nothing.
    let w = shop_on_day_1(&db, GRANTED, endpoint, &errors).await;
    w.destroy().await.unwrap();
    let denied = r#"{"personalization": "granted", "measurement": "denied"}"#;
    let x = Vitrine::init(options(&db, DAY_2, denied, endpoint, &errors))
        .await
        .unwrap();
    x.destroy().await.unwrap();
    assert!(stored_ledger(&db).await.is_none());
    assert!(recorder.bodies().is_empty());
}

#[wasm_bindgen_test]
async fn bad_measurement_options_are_rejected_with_what_to_fix() {
    for (measurement, expected) in [
        (r#"{"endpoint": "ftp://x/r"}"#, "`measurement.endpoint`"),
        (
            r#"{"endpoint": "//other.example/r"}"#,
            "`measurement.endpoint`",
        ),
        (
            r#"{"endpoint": "/r", "epsilonPerDay": 0}"#,
            "`measurement.epsilonPerDay`",
        ),
        (r#"{"endpoint": "/r", "epsilonPerDay": 11}"#, "at most 10"),
        (
            r#"{"endpoint": "/r", "epsilon": 1}"#,
            "unknown field `measurement.epsilon`",
        ),
        (r#"{}"#, "endpoint"),
    ] {
        let options = json(&format!(
            r#"{{"catalogUrl": "/c.json", "measurement": {measurement}}}"#
        ));
        let err = Vitrine::init(options).await.err().unwrap();
        assert_eq!(get(&err, "code").as_string().unwrap(), "options_invalid");
        let message = get(&err, "message").as_string().unwrap();
        assert!(message.contains(expected), "{measurement}: {message}");
    }
}
