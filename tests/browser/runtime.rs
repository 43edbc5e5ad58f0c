//! The SDK runtime in a real browser: IndexedDB persistence, two tabs, corrupt records, consent,
//! option errors, and rendering hostile catalog text inertly.

use std::cell::RefCell;
use std::rc::Rc;

use crate::support::{get, json, unique};
use js_sys::{Array, Reflect};
use vitrine::api::Vitrine;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const CATALOG: &str = include_str!("../../www/catalog.json");
/// Sunday 2026-11-29 10:00 in the catalog's time zone.
const NOW: f64 = 1_795_942_800_000.0;

/// Options with the demo catalog as a value, a fixed clock and seed, errors collected.
fn options(database: &str, extra: &str, errors: &Rc<RefCell<Vec<String>>>) -> JsValue {
    let options = json(&format!(
        r#"{{"database": "{database}", "seed": 7, "consent": {{"personalization": "granted"}} {extra}}}"#
    ));
    Reflect::set(&options, &"catalog".into(), &CATALOG.into()).unwrap();
    let clock = Closure::<dyn Fn() -> f64>::new(|| NOW).into_js_value();
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

fn coffee_view(i: usize) -> JsValue {
    json(&format!(
        r#"{{"type": "product_view", "product": {{"id": "coffee-{i}", "category": "coffee"}}}}"#
    ))
}

fn top_category(vitrine: &Vitrine) -> Option<String> {
    let profile = vitrine.profile().unwrap();
    let categories = Array::from(&get(&profile, "affinities.category"));
    categories
        .iter()
        .next()
        .and_then(|c| get(&c, "key").as_string())
}

fn event_count(vitrine: &Vitrine) -> f64 {
    get(&vitrine.profile().unwrap(), "events").as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn the_profile_survives_a_reload() {
    let db = unique("reload");
    let errors = Rc::default();
    let first = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    for i in 0..3 {
        first.track(coffee_view(i)).unwrap();
    }
    first.destroy().await.unwrap();

    let second = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(top_category(&second).as_deref(), Some("coffee"));
    assert_eq!(event_count(&second), 3.0);
    assert_eq!(
        get(&second.status().unwrap(), "storage")
            .as_string()
            .unwrap(),
        "indexeddb"
    );
    assert!(errors.borrow().is_empty(), "{:?}", errors.borrow());
}

#[wasm_bindgen_test]
async fn two_tabs_tracking_at_once_lose_no_events() {
    let db = unique("tabs");
    let errors = Rc::default();
    let a = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    let b = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    for round in 0..5 {
        for i in 0..4 {
            a.track(coffee_view(round * 10 + i)).unwrap();
            b.track(json(r#"{"type": "category_view", "category": "tea"}"#))
                .unwrap();
        }
        // Both tabs write at the same moment.
        let (ra, rb) = futures::join!(a.flush(), b.flush());
        ra.unwrap();
        rb.unwrap();
    }
    let reader = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(event_count(&reader), 40.0, "events from both tabs");
    assert!(errors.borrow().is_empty(), "{:?}", errors.borrow());
}

#[wasm_bindgen_test]
async fn a_corrupt_profile_record_is_reset_and_reported() {
    let db = unique("corrupt");
    let errors: Rc<RefCell<Vec<String>>> = Rc::default();
    let first = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    first.track(coffee_view(1)).unwrap();
    first.destroy().await.unwrap();
    // A load folds the appended events into the profile record.
    let folded = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(event_count(&folded), 1.0);
    assert!(stored_keys(&db).await.contains(&"profile".to_owned()));
    put_raw(&db, "profile", "{ this is not a profile").await;

    let second = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(errors.borrow().as_slice(), ["storage_corrupt"]);
    assert_eq!(event_count(&second), 0.0);
    second.track(coffee_view(2)).unwrap();
    second.flush().await.unwrap();
    let third = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(event_count(&third), 1.0, "the reset record works again");
}

async fn put_raw(db: &str, key: &str, text: &str) {
    let factory = idb::Factory::new().unwrap();
    let db = factory.open(db, None).unwrap().await.unwrap();
    let tx = db
        .transaction(&["state"], idb::TransactionMode::ReadWrite)
        .unwrap();
    let store = tx.object_store("state").unwrap();
    store
        .put(&text.into(), Some(&key.into()))
        .unwrap()
        .await
        .unwrap();
    tx.await.unwrap();
    db.close();
}

/// Whether any behaviour is stored: a profile record or appended events.
async fn behaviour_stored(db: &str) -> bool {
    stored_keys(db)
        .await
        .iter()
        .any(|k| k == "profile" || k.starts_with("outbox"))
}

/// The `state` record keys, plus one `outbox` entry per appended batch.
async fn stored_keys(db: &str) -> Vec<String> {
    let factory = idb::Factory::new().unwrap();
    let db = factory.open(db, None).unwrap().await.unwrap();
    if !db.store_names().iter().any(|n| n == "state") {
        db.close();
        return Vec::new();
    }
    let tx = db
        .transaction(&["state"], idb::TransactionMode::ReadOnly)
        .unwrap();
    let store = tx.object_store("state").unwrap();
    let keys = store.get_all_keys(None, None).unwrap().await.unwrap();
    let mut keys: Vec<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    if db.store_names().iter().any(|n| n == "outbox") {
        let tx = db
            .transaction(&["outbox"], idb::TransactionMode::ReadOnly)
            .unwrap();
        let outbox = tx.object_store("outbox").unwrap();
        let n = outbox.count(None).unwrap().await.unwrap();
        keys.extend((0..n).map(|i| format!("outbox {i}")));
    }
    db.close();
    keys
}

#[wasm_bindgen_test]
async fn with_personalization_denied_nothing_is_stored() {
    let db = unique("denied");
    let errors = Rc::default();
    let denied = r#", "consent": {"personalization": "denied"}"#;
    let opts = options(&db, "", &errors);
    Reflect::set(
        &opts,
        &"consent".into(),
        &get(&json(&format!("{{\"x\": 0 {denied}}}")), "consent"),
    )
    .unwrap();
    let vitrine = Vitrine::init(opts).await.unwrap();
    vitrine.track(coffee_view(1)).unwrap();
    vitrine.flush().await.unwrap();
    assert_eq!(event_count(&vitrine), 0.0);
    assert_eq!(
        get(&vitrine.status().unwrap(), "storage")
            .as_string()
            .unwrap(),
        "memory"
    );
    let d = vitrine
        .decide("home-hero".into(), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&d, "mode").as_string().unwrap(), "non_personalized");
    assert!(stored_keys(&db).await.is_empty());
}

#[wasm_bindgen_test]
async fn withdrawing_consent_erases_stored_behaviour() {
    let db = unique("withdraw");
    let errors = Rc::default();
    let vitrine = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    vitrine.track(coffee_view(1)).unwrap();
    vitrine.flush().await.unwrap();
    assert!(behaviour_stored(&db).await);
    vitrine
        .consent(json(r#"{"personalization": "denied"}"#))
        .await
        .unwrap();
    assert_eq!(
        stored_keys(&db).await,
        ["forgotten"],
        "only the time of erasure is left"
    );
    assert_eq!(event_count(&vitrine), 0.0);
}

#[wasm_bindgen_test]
async fn forget_erases_everything() {
    let db = unique("forget");
    let errors = Rc::default();
    let vitrine = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    let before = get(&vitrine.export_data().await.unwrap(), "deviceId");
    vitrine.track(coffee_view(1)).unwrap();
    vitrine.flush().await.unwrap();
    vitrine.forget().await.unwrap();
    let export = vitrine.export_data().await.unwrap();
    assert_eq!(get(&export, "summary.events").as_f64(), Some(0.0));
    assert_ne!(get(&export, "deviceId"), before, "a new device id");
    assert!(!behaviour_stored(&db).await);
}

#[wasm_bindgen_test]
async fn bad_options_and_events_are_type_errors_with_codes() {
    let err = Vitrine::init(json("{}")).await.err().unwrap();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    assert_eq!(get(&err, "code").as_string().unwrap(), "options_invalid");
    let err = Vitrine::init(json(r#"{"catalogUrl": "/c.json", "publicKey": []}"#))
        .await
        .err()
        .unwrap();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("unknown field `publicKey`"), "{message}");
    let err = Vitrine::init(json(r#"{"catalogUrl": "/c.json", "publicKeys": ["nope"]}"#))
        .await
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "options_invalid");

    let errors = Rc::default();
    let vitrine = Vitrine::init(options(
        &unique("errors"),
        r#", "storage": "memory""#,
        &errors,
    ))
    .await
    .unwrap();
    let err = vitrine.track(json(r#"{"type": "search"}"#)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "event_invalid");
    assert!(get(&err, "message")
        .as_string()
        .unwrap()
        .contains("`query`"));
    vitrine.destroy().await.unwrap();
    let err = vitrine.track(coffee_view(1)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "destroyed");
}

#[wasm_bindgen_test]
async fn events_stashed_at_pagehide_reach_the_next_page() {
    let db = unique("pagehide");
    let errors = Rc::default();
    let first = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    for i in 0..3 {
        first.track(coffee_view(i)).unwrap();
    }
    // What the browser does when the shopper navigates away: no time for a read-modify-write.
    let hide = web_sys::Event::new("pagehide").unwrap();
    web_sys::window().unwrap().dispatch_event(&hide).unwrap();
    drop(first);
    let next = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(event_count(&next), 3.0);
    assert_eq!(top_category(&next).as_deref(), Some("coffee"));
}

const DAY_MS: f64 = 86_400_000.0;

/// Options like [`options`] but with a clock at `at` and the given consent.
fn options_at(
    database: &str,
    at: f64,
    consent: &str,
    errors: &Rc<RefCell<Vec<String>>>,
) -> JsValue {
    let opts = options(database, "", errors);
    let clock = Closure::<dyn Fn() -> f64>::new(move || at).into_js_value();
    Reflect::set(&opts, &"clock".into(), &clock).unwrap();
    Reflect::set(&opts, &"consent".into(), &json(consent)).unwrap();
    opts
}

#[wasm_bindgen_test]
async fn behaviour_older_than_the_retention_limit_is_dropped() {
    let db = unique("retention");
    let errors = Rc::default();
    let granted = r#"{"personalization": "granted"}"#;
    let old = Vitrine::init(options_at(&db, NOW, granted, &errors))
        .await
        .unwrap();
    old.track(coffee_view(1)).unwrap();
    old.destroy().await.unwrap();

    let within = Vitrine::init(options_at(&db, NOW + 89.0 * DAY_MS, granted, &errors))
        .await
        .unwrap();
    assert_eq!(top_category(&within).as_deref(), Some("coffee"));
    within.destroy().await.unwrap();

    let after = Vitrine::init(options_at(&db, NOW + 91.0 * DAY_MS, granted, &errors))
        .await
        .unwrap();
    assert_eq!(top_category(&after), None, "default retention is 90 days");
    let export = after.export_data().await.unwrap();
    let text = js_sys::JSON::stringify(&export)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        !text.contains("coffee-1"),
        "the old product is gone from the export: {text}"
    );
}

#[wasm_bindgen_test]
async fn every_consent_transition_does_what_it_says() {
    let db = unique("transitions");
    let errors = Rc::default();
    let mode = |v: &Vitrine| {
        let d = v.decide("home-hero".into(), JsValue::UNDEFINED).unwrap();
        get(&d, "mode").as_string().unwrap()
    };
    let set = |state: &'static str| json(&format!(r#"{{"personalization": "{state}"}}"#));

    // pending: nothing recorded, nothing stored, standard banners.
    let v = Vitrine::init(options_at(
        &db,
        NOW,
        r#"{"personalization": "pending"}"#,
        &errors,
    ))
    .await
    .unwrap();
    v.track(coffee_view(1)).unwrap();
    v.flush().await.unwrap();
    assert_eq!(event_count(&v), 0.0);
    assert_ne!(mode(&v), "personalized");
    assert!(!behaviour_stored(&db).await);

    // pending -> granted: recording and storing from now on.
    v.consent(set("granted")).await.unwrap();
    v.track(coffee_view(2)).unwrap();
    v.flush().await.unwrap();
    assert_eq!(event_count(&v), 1.0);
    assert!(behaviour_stored(&db).await);
    assert_eq!(
        get(&v.status().unwrap(), "storage").as_string().unwrap(),
        "indexeddb"
    );

    // granted -> pending: a withdrawal; stored behaviour is erased.
    v.consent(set("pending")).await.unwrap();
    assert!(!behaviour_stored(&db).await);
    assert_eq!(stored_keys(&db).await, ["forgotten"]);
    assert_eq!(event_count(&v), 0.0);

    // pending -> denied: still nothing.
    v.consent(set("denied")).await.unwrap();
    v.track(coffee_view(3)).unwrap();
    v.flush().await.unwrap();
    assert!(!behaviour_stored(&db).await);
    assert_eq!(mode(&v), "non_personalized");

    // denied -> granted: personalized again, starting empty.
    v.consent(set("granted")).await.unwrap();
    v.track(coffee_view(4)).unwrap();
    v.flush().await.unwrap();
    assert_eq!(event_count(&v), 1.0);
    assert!(behaviour_stored(&db).await);

    // granted -> denied: erased.
    v.consent(set("denied")).await.unwrap();
    assert!(!behaviour_stored(&db).await);
    let err = v
        .consent(json(r#"{"personalization": "maybe"}"#))
        .await
        .unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "consent_invalid");
}

#[wasm_bindgen_test]
async fn global_privacy_control_denies_measurement() {
    let navigator = web_sys::window().unwrap().navigator();
    let descriptor = json(r#"{"value": true, "configurable": true}"#);
    js_sys::Reflect::define_property(
        &navigator,
        &"globalPrivacyControl".into(),
        descriptor.unchecked_ref(),
    )
    .unwrap();
    let errors = Rc::default();
    let consent = r#"{"personalization": "granted", "measurement": "granted"}"#;
    let v = Vitrine::init(options_at(&unique("gpc"), NOW, consent, &errors))
        .await
        .unwrap();
    assert_eq!(
        get(&v.status().unwrap(), "measurement")
            .as_string()
            .unwrap(),
        "denied"
    );
    assert_eq!(
        get(&v.status().unwrap(), "personalization")
            .as_string()
            .unwrap(),
        "granted"
    );
    js_sys::Reflect::delete_property(&navigator, &"globalPrivacyControl".into()).unwrap();
}

#[wasm_bindgen_test]
async fn forget_in_one_tab_is_not_undone_by_another_open_tab() {
    let db = unique("forget-tabs");
    let errors = Rc::default();
    let clock_at = |at: f64| {
        let opts = options(&db, "", &errors);
        let clock = Closure::<dyn Fn() -> f64>::new(move || at).into_js_value();
        Reflect::set(&opts, &"clock".into(), &clock).unwrap();
        opts
    };
    let other_tab = Vitrine::init(clock_at(NOW)).await.unwrap();
    other_tab.track(coffee_view(1)).unwrap();
    let this_tab = Vitrine::init(clock_at(NOW + 1000.0)).await.unwrap();
    this_tab.forget().await.unwrap();
    // The other tab writes what it recorded before the forget, after it.
    other_tab.flush().await.unwrap();
    let next = Vitrine::init(clock_at(NOW + 2000.0)).await.unwrap();
    assert_eq!(
        top_category(&next),
        None,
        "nothing from before the forget came back"
    );
}

/// A full quota, which this machine's Chromium cannot be made to report on demand (the DevTools
/// quota override did not reach IndexedDB writes here): `IDBObjectStore.add` throws the
/// browser's own `QuotaExceededError` for database `db` while `globalThis.__vitrineQuotaFull`
/// is positive, counting down once per refused write.
fn fill_quota(db: &str, refusals: u32) {
    let install = js_sys::Function::new_no_args(
        r#"
        if (!IDBObjectStore.prototype.__vitrineAdd) {
          IDBObjectStore.prototype.__vitrineAdd = IDBObjectStore.prototype.add;
          IDBObjectStore.prototype.add = function (...args) {
            if (this.transaction.db.name === globalThis.__vitrineQuotaDb && globalThis.__vitrineQuotaFull > 0) {
              globalThis.__vitrineQuotaFull -= 1;
              throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            }
            return this.__vitrineAdd(...args);
          };
        }
        "#,
    );
    install.call0(&JsValue::NULL).unwrap();
    Reflect::set(&js_sys::global(), &"__vitrineQuotaDb".into(), &db.into()).unwrap();
    Reflect::set(
        &js_sys::global(),
        &"__vitrineQuotaFull".into(),
        &refusals.into(),
    )
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_full_quota_compacts_and_retries_once() {
    let db = unique("quota-once");
    let errors: Rc<RefCell<Vec<String>>> = Rc::default();
    let v = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    v.track(coffee_view(1)).unwrap();
    fill_quota(&db, 1);
    v.flush().await.unwrap();
    assert!(
        errors.borrow().is_empty(),
        "compacting made room: {:?}",
        errors.borrow()
    );
    let next = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(event_count(&next), 1.0);
}

#[wasm_bindgen_test]
async fn a_quota_that_stays_full_keeps_events_in_memory_until_there_is_room() {
    let db = unique("quota-full");
    let errors: Rc<RefCell<Vec<String>>> = Rc::default();
    let v = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    fill_quota(&db, 100);
    for i in 0..3 {
        v.track(coffee_view(i)).unwrap();
    }
    v.flush().await.unwrap();
    assert_eq!(errors.borrow().as_slice(), ["storage_quota_exceeded"]);
    assert_eq!(event_count(&v), 3.0, "the page keeps using what it learned");
    fill_quota(&db, 0);
    v.flush().await.unwrap();
    let next = Vitrine::init(options(&db, "", &errors)).await.unwrap();
    assert_eq!(event_count(&next), 3.0, "written once there was room");
}
