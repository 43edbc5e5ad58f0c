//! `vitrine.beacons` in a real browser with an injected `navigator.bluetooth` test double: the
//! scanning path, the watch path, Eddystone service data, permission refusal, teardown, and
//! the unsupported browser. Headless Chromium can neither grant `requestLEScan` nor emulate
//! service data, so these paths are covered here; tests/e2e/beacons.test.mjs drives the real
//! Web Bluetooth stack through the DevTools `BluetoothEmulation` domain.

use std::cell::Cell;
use std::rc::Rc;

use crate::support::{get, json};
use js_sys::{Array, Promise, Reflect};
use vitrine::api::Vitrine;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const CATALOG: &str = include_str!("../../www/catalog.json");
/// Sunday 2026-11-29 10:00 in the catalog's time zone.
const NOW: f64 = 1_795_942_800_000.0;
/// The demo catalog's AltBeacon id (beacon `coffee-aisle`).
const COFFEE_ID: [u8; 20] = [
    0x4c, 0x0f, 0xfe, 0xe0, 0xde, 0x7a, 0x11, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
];
const TEA_NAMESPACE: &str = "8b0ca750095477cb3e77";
const EDDYSTONE_UUID: &str = "0000feaa-0000-1000-8000-00805f9b34fb";
const MOBILE_HOME: &str = r#"{"pageType": "home", "device": "mobile"}"#;

#[wasm_bindgen(inline_js = r#"
export function install_bluetooth(withScan, refuse) {
  const double = new EventTarget();
  double.calls = [];
  double.requestDevice = async (options) => {
    double.calls.push(['requestDevice', options]);
    const device = new EventTarget();
    device.watchAdvertisements = async (o) => {
      double.calls.push(['watchAdvertisements', o]);
      o.signal.addEventListener('abort', () => double.calls.push(['abort']));
    };
    double.device = device;
    return device;
  };
  if (withScan) {
    double.requestLEScan = async (options) => {
      double.calls.push(['requestLEScan', options]);
      if (refuse) throw new DOMException('User denied the scan.', 'NotAllowedError');
      return { active: true, stop() { double.calls.push(['stop']); } };
    };
  }
  Object.defineProperty(navigator, 'bluetooth', { value: double, configurable: true });
  return double;
}

let saved = null;
export function remove_bluetooth() {
  delete navigator.bluetooth;
  for (let o = Object.getPrototypeOf(navigator); o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, 'bluetooth');
    if (d) { saved = [o, d]; delete o.bluetooth; }
  }
}
export function restore_bluetooth() {
  delete navigator.bluetooth;
  if (saved) { Object.defineProperty(saved[0], 'bluetooth', saved[1]); saved = null; }
}

export function emit(target, rssi, manufacturer, service) {
  const view = (bytes) => new DataView(new Uint8Array(bytes).buffer);
  const event = new Event('advertisementreceived');
  event.rssi = rssi;
  event.manufacturerData = new Map(manufacturer.map(([k, v]) => [k, view(v)]));
  event.serviceData = new Map(service.map(([k, v]) => [k, view(v)]));
  target.dispatchEvent(event);
}

export function catalog_with_tea(text, namespace) {
  const catalog = JSON.parse(text);
  catalog.beacons.push({ id: 'tea-shelf', name: 'Tea shelf', frame: `eddystone:${namespace}:000000000001` });
  return JSON.stringify(catalog);
}

export function in_shadow_root(html) {
  const host = document.createElement('div');
  document.body.append(host);
  const root = document.createElement('div');
  root.innerHTML = html;
  host.attachShadow({ mode: 'open' }).append(root);
  return root;
}
export function remove_shadow_host(root) {
  root.getRootNode().host.remove();
}

export function call(object, name, ...args) {
  return object[name](...args);
}
"#)]
extern "C" {
    fn install_bluetooth(with_scan: bool, refuse: bool) -> JsValue;
    fn remove_bluetooth();
    fn restore_bluetooth();
    fn emit(target: &JsValue, rssi: i32, manufacturer: JsValue, service: JsValue);
    fn catalog_with_tea(text: &str, namespace: &str) -> String;
    fn in_shadow_root(html: &str) -> web_sys::Element;
    fn remove_shadow_host(root: &web_sys::Element);
    #[wasm_bindgen(catch)]
    fn call(object: &JsValue, name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = call)]
    fn call1(object: &JsValue, name: &str, arg: JsValue) -> Result<JsValue, JsValue>;
}

/// An instance over `catalog` with a clock the test moves, in-memory storage, consent given.
/// The catalog's 10 % holdout is removed: a random device id in it would see no zone offer.
async fn vitrine(catalog: &str, clock: &Rc<Cell<f64>>) -> Vitrine {
    let options =
        json(r#"{"storage": "memory", "seed": 3, "consent": {"personalization": "granted"}}"#);
    let mut doc: serde_json::Value = serde_json::from_str(catalog).unwrap();
    doc.as_object_mut().unwrap().remove("holdout");
    let catalog = doc.to_string();
    Reflect::set(&options, &"catalog".into(), &catalog.into()).unwrap();
    let time = clock.clone();
    let clock = Closure::<dyn Fn() -> f64>::new(move || time.get()).into_js_value();
    Reflect::set(&options, &"clock".into(), &clock).unwrap();
    let quiet = Closure::<dyn Fn(JsValue)>::new(|_| {}).into_js_value();
    Reflect::set(&options, &"onError".into(), &quiet).unwrap();
    Vitrine::init(options).await.unwrap()
}

async fn start(beacons: &JsValue, options: &str) -> Result<JsValue, JsValue> {
    let promise: Promise = call1(beacons, "start", json(options))?.unchecked_into();
    JsFuture::from(promise).await
}

fn status(beacons: &JsValue) -> String {
    call(beacons, "status").unwrap().as_string().unwrap()
}

/// `[beacon id, zone, at]` of every catalog beacon.
fn zones(beacons: &JsValue) -> Vec<(String, String, bool)> {
    Array::from(&call(beacons, "zones").unwrap())
        .iter()
        .map(|z| {
            (
                get(&z, "beacon").as_string().unwrap(),
                get(&z, "zone").as_string().unwrap(),
                get(&z, "at").as_bool().unwrap(),
            )
        })
        .collect()
}

fn calls(double: &JsValue) -> Vec<String> {
    Array::from(&get(double, "calls"))
        .iter()
        .map(|c| Array::from(&c).get(0).as_string().unwrap())
        .collect()
}

fn altbeacon(company: u16) -> JsValue {
    let mut bytes = vec![0xBE, 0xAC];
    bytes.extend(COFFEE_ID);
    bytes.extend([0xC5, 0x00]); // -59 dBm at 1 m, reserved
    entry(JsValue::from(company), &bytes)
}

fn eddystone_uid() -> JsValue {
    let mut bytes = vec![0x00, 0xEE]; // UID frame, -18 dBm at 0 m (-59 at 1 m)
    for i in (0..TEA_NAMESPACE.len()).step_by(2) {
        bytes.push(u8::from_str_radix(&TEA_NAMESPACE[i..i + 2], 16).unwrap());
    }
    bytes.extend([0, 0, 0, 0, 0, 1, 0, 0]);
    entry(EDDYSTONE_UUID.into(), &bytes)
}

fn entry(key: JsValue, bytes: &[u8]) -> JsValue {
    let bytes: Array = bytes.iter().map(|b| JsValue::from(*b)).collect();
    Array::of1(&Array::of2(&key, &bytes)).into()
}

fn offer(vitrine: &Vitrine) -> Option<String> {
    let decision = vitrine
        .decide("home-hero".into(), json(MOBILE_HOME))
        .unwrap();
    get(&decision, "offer.id").as_string()
}

/// One test runs the scenarios in turn: wasm-bindgen-test runs async tests concurrently, and
/// these replace the page-global `navigator.bluetooth`.
#[wasm_bindgen_test]
async fn beacons_in_the_browser() {
    scanning_receives_altbeacon_and_eddystone_and_stops_cleanly().await;
    watching_a_picked_device_rerenders_the_zone_offer_and_destroy_aborts_it().await;
    a_refused_scan_reports_permission_denied().await;
    without_web_bluetooth_status_is_unsupported_and_the_simulator_still_works().await;
    without_consent_zones_are_live_but_nothing_is_recorded().await;
}

async fn scanning_receives_altbeacon_and_eddystone_and_stops_cleanly() {
    let double = install_bluetooth(true, false);
    let clock = Rc::new(Cell::new(NOW));
    let vitrine = vitrine(&catalog_with_tea(CATALOG, TEA_NAMESPACE), &clock).await;
    let beacons = vitrine.beacons();
    assert_eq!(status(&beacons), "idle");
    assert_ne!(offer(&vitrine).as_deref(), Some("aisle-tasting"));

    start(&beacons, "{}").await.unwrap();
    assert_eq!(status(&beacons), "scanning");
    let options = Array::from(&Array::from(&get(&double, "calls")).get(0)).get(1);
    assert_eq!(get(&options, "keepRepeatedDevices"), JsValue::TRUE);
    assert_eq!(
        Array::from(&get(&options, "optionalManufacturerData")).to_vec(),
        [JsValue::from(0x0118)]
    );
    assert_eq!(
        Array::from(&get(&options, "optionalServices")).to_vec(),
        [JsValue::from(0xFEAA)]
    );
    assert_eq!(Array::from(&get(&options, "filters")).length(), 2);

    emit(&double, -60, altbeacon(0x0118), Array::new().into());
    emit(&double, -45, Array::new().into(), eddystone_uid());
    assert_eq!(
        zones(&beacons),
        [
            ("coffee-aisle".into(), "near".into(), true),
            ("tea-shelf".into(), "immediate".into(), true)
        ]
    );
    assert_eq!(offer(&vitrine).as_deref(), Some("aisle-tasting"));

    call(&beacons, "stop").unwrap();
    assert_eq!(status(&beacons), "idle");
    assert_eq!(calls(&double), ["requestLEScan", "stop"]);
    assert!(zones(&beacons)
        .iter()
        .all(|(_, zone, at)| zone == "unknown" && !at));
    assert_ne!(
        offer(&vitrine).as_deref(),
        Some("aisle-tasting"),
        "left on stop"
    );
    // Nothing arrives after stop.
    emit(&double, -60, altbeacon(0x0118), Array::new().into());
    assert!(zones(&beacons).iter().all(|(_, zone, _)| zone == "unknown"));
    vitrine.destroy().await.unwrap();
    restore_bluetooth();
}

async fn watching_a_picked_device_rerenders_the_zone_offer_and_destroy_aborts_it() {
    let double = install_bluetooth(true, false);
    let clock = Rc::new(Cell::new(NOW));
    let vitrine = vitrine(CATALOG, &clock).await;
    let beacons = vitrine.beacons();
    // In a shadow root, so document-wide renders of tests running alongside never see it.
    let root = in_shadow_root(r#"<div data-vitrine-slot="home-hero"><p>Fallback</p></div>"#);
    vitrine
        .render(json(MOBILE_HOME), Some(root.clone()))
        .unwrap();
    let shown = || {
        root.query_selector("[data-vitrine-offer='aisle-tasting']")
            .unwrap()
            .is_some()
    };
    assert!(!shown());

    start(&beacons, r#"{"method": "watch"}"#).await.unwrap();
    assert_eq!(calls(&double), ["requestDevice", "watchAdvertisements"]);
    let device = get(&double, "device");
    emit(&device, -58, altbeacon(0x0118), Array::new().into());
    assert_eq!(
        zones(&beacons)[0],
        ("coffee-aisle".into(), "near".into(), true)
    );
    let last = js_sys::JSON::stringify(&vitrine.last_decisions().unwrap()).unwrap();
    assert!(
        shown(),
        "the zone offer is rendered as soon as the shopper arrives: {last:?} {:?}",
        root.inner_html()
    );

    // The beacon goes silent: the 1 s tick leaves it after the 10 s exit timeout.
    clock.set(NOW + 11_000.0);
    gloo_timers::future::TimeoutFuture::new(1_200).await;
    assert_eq!(
        zones(&beacons)[0],
        ("coffee-aisle".into(), "unknown".into(), false)
    );
    assert!(!shown(), "and the offer goes with it");

    vitrine.destroy().await.unwrap();
    assert_eq!(
        calls(&double),
        ["requestDevice", "watchAdvertisements", "abort"]
    );
    remove_shadow_host(&root);
    restore_bluetooth();
}

async fn a_refused_scan_reports_permission_denied() {
    let _double = install_bluetooth(true, true);
    let vitrine = vitrine(CATALOG, &Rc::new(Cell::new(NOW))).await;
    let beacons = vitrine.beacons();
    let error = start(&beacons, "{}").await.unwrap_err();
    assert_eq!(get(&error, "code"), "bluetooth_permission_denied");
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("from a click or tap"));
    assert_eq!(status(&beacons), "permission_denied");
    let error = start(&beacons, r#"{"method": "sideways"}"#)
        .await
        .unwrap_err();
    assert_eq!(get(&error, "code"), "options_invalid");
    assert!(error.is_instance_of::<js_sys::TypeError>());
    vitrine.destroy().await.unwrap();
    restore_bluetooth();
}

async fn without_web_bluetooth_status_is_unsupported_and_the_simulator_still_works() {
    remove_bluetooth();
    let page_errors = Rc::new(Cell::new(0));
    let count = page_errors.clone();
    let on_error =
        Closure::<dyn Fn(JsValue)>::new(move |_| count.set(count.get() + 1)).into_js_value();
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("error", on_error.unchecked_ref())
        .unwrap();

    let vitrine = vitrine(CATALOG, &Rc::new(Cell::new(NOW))).await;
    let beacons = vitrine.beacons();
    assert_eq!(status(&beacons), "unsupported");
    let error = start(&beacons, "{}").await.unwrap_err();
    assert_eq!(get(&error, "code"), "bluetooth_unsupported");
    call(&beacons, "stop").unwrap();

    call1(
        &beacons,
        "simulate",
        json(r#"{"beacon": "coffee-aisle", "rssi": -60}"#),
    )
    .unwrap();
    assert_eq!(
        zones(&beacons)[0],
        ("coffee-aisle".into(), "near".into(), true)
    );
    assert_eq!(offer(&vitrine).as_deref(), Some("aisle-tasting"));
    let unknown = call1(
        &beacons,
        "simulate",
        json(r#"{"beacon": "bakery", "rssi": -60}"#),
    )
    .unwrap_err();
    assert_eq!(get(&unknown, "code"), "beacon_unknown");
    assert!(get(&unknown, "message")
        .as_string()
        .unwrap()
        .contains("coffee-aisle"));
    let bad = call1(
        &beacons,
        "simulate",
        json(r#"{"beacon": "coffee-aisle", "rssi": 12}"#),
    )
    .unwrap_err();
    assert_eq!(get(&bad, "code"), "advertisement_invalid");

    vitrine.destroy().await.unwrap();
    let gone = call(&beacons, "status").unwrap();
    assert_eq!(
        gone, "unsupported",
        "status never throws, even after destroy"
    );
    let error = call1(
        &beacons,
        "simulate",
        json(r#"{"beacon": "coffee-aisle", "rssi": -60}"#),
    )
    .unwrap_err();
    assert_eq!(get(&error, "code"), "destroyed");
    window
        .remove_event_listener_with_callback("error", on_error.unchecked_ref())
        .unwrap();
    assert_eq!(page_errors.get(), 0);
    restore_bluetooth();
}

async fn without_consent_zones_are_live_but_nothing_is_recorded() {
    let _double = install_bluetooth(true, false);
    let options = json(r#"{"storage": "memory", "consent": {"personalization": "denied"}}"#);
    Reflect::set(&options, &"catalog".into(), &CATALOG.into()).unwrap();
    let vitrine = Vitrine::init(options).await.unwrap();
    let beacons = vitrine.beacons();
    call1(
        &beacons,
        "simulate",
        json(r#"{"beacon": "coffee-aisle", "rssi": -60}"#),
    )
    .unwrap();
    assert_eq!(
        zones(&beacons)[0],
        ("coffee-aisle".into(), "near".into(), true)
    );
    assert_eq!(
        get(&vitrine.profile().unwrap(), "events").as_f64(),
        Some(0.0)
    );
    vitrine.destroy().await.unwrap();
    restore_bluetooth();
}
