//! The decision engine through the wasm API, on the demo shop's real catalog.

use crate::support::{get, json};
use js_sys::Array;
use vitrine::api::Engine;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const CATALOG: &str = include_str!("../../www/catalog.json");
/// Sunday 2026-11-29 10:00 in the catalog's time zone (UTC+1), inside every campaign's dates.
const NOW: f64 = 1_795_942_800_000.0;

fn decide(engine: &Engine, slot: &str, context: &str) -> JsValue {
    let decisions = engine.decide(vec![slot.into()], json(context), 7).unwrap();
    let decisions: Array = decisions.dyn_into().unwrap();
    assert_eq!(decisions.length(), 1);
    decisions.get(0)
}

fn code(error: JsValue) -> String {
    get(&error, "code").as_string().unwrap()
}

/// A device id outside the catalog's 10 % holdout.
fn engine() -> Engine {
    let engine = Engine::new(CATALOG, "device-personalized".into()).unwrap();
    let d = decide(
        &engine,
        "home-hero",
        &format!(r#"{{"now": {NOW}, "pageType": "home"}}"#),
    );
    assert_eq!(
        get(&d, "mode").as_string().unwrap(),
        "personalized",
        "pick another device id"
    );
    engine
}

#[wasm_bindgen_test]
fn a_new_shopper_gets_a_banner_with_an_explanation() {
    let engine = engine();
    let d = decide(
        &engine,
        "home-hero",
        &format!(r#"{{"now": {NOW}, "pageType": "home"}}"#),
    );
    assert_eq!(get(&d, "slot").as_string().unwrap(), "home-hero");
    assert!(get(&d, "offer.id").is_string());
    assert!(get(&d, "offer.creative.title").is_string());
    assert!(get(&d, "explanation.summary").is_string());
}

#[wasm_bindgen_test]
fn browsing_coffee_makes_the_hero_about_coffee() {
    let mut engine = engine();
    for (i, id) in ["guji", "yirga", "huila", "espresso-1kg"]
        .iter()
        .enumerate()
    {
        let event = format!(
            r#"{{"type": "product_view", "at": {}, "product": {{"id": "{id}", "category": "coffee", "tags": ["single-origin"]}}}}"#,
            NOW - 60_000.0 * (5 - i) as f64
        );
        engine.track(json(&event)).unwrap();
    }
    let d = decide(
        &engine,
        "home-hero",
        &format!(r#"{{"now": {NOW}, "pageType": "home"}}"#),
    );
    let summary = get(&d, "explanation.summary").as_string().unwrap();
    assert!(summary.contains("coffee"), "{summary}");
    let categories = get(&d, "explanation.interests");
    let first = Array::from(&categories).get(0);
    assert_eq!(get(&first, "key").as_string().unwrap(), "coffee");
}

#[wasm_bindgen_test]
fn decisions_are_deterministic_for_a_seed() {
    let engine = engine();
    let ctx = format!(r#"{{"now": {NOW}, "pageType": "home"}}"#);
    let a = js_sys::JSON::stringify(&decide(&engine, "home-side", &ctx)).unwrap();
    let b = js_sys::JSON::stringify(&decide(&engine, "home-side", &ctx)).unwrap();
    assert_eq!(a, b);
}

#[wasm_bindgen_test]
fn bad_input_becomes_errors_with_codes() {
    let error = Engine::new(r#"{"schema": 2, "campaigns": []}"#, "d".into())
        .err()
        .unwrap();
    assert_eq!(code(error), "catalog_invalid");
    let error = Engine::new("{not json", "d".into()).err().unwrap();
    assert_eq!(code(error), "catalog_invalid");
    let typo = CATALOG.replacen("\"holdout\"", "\"hold_out\"", 1);
    let error = Engine::new(&typo, "d".into()).err().unwrap();
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("unknown field `hold_out`"), "{message}");

    let mut engine = engine();
    let error = engine
        .track(json(r#"{"type": "product_view", "at": 1}"#))
        .unwrap_err();
    assert_eq!(code(error.clone()), "event_invalid");
    assert!(error.is_instance_of::<js_sys::TypeError>());
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("`product`"), "{message}");

    let error = engine
        .decide(vec!["home-hero".into()], json(r#"{"pagetype": "home"}"#), 1)
        .unwrap_err();
    assert_eq!(code(error.clone()), "context_invalid");
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("unknown field `pagetype`"), "{message}");

    let typo = r#"{"type": "add_to_cart", "at": 1, "product": {"id": "a", "colour": "red"}}"#;
    let message = get(&engine.track(json(typo)).unwrap_err(), "message");
    assert!(
        message.as_string().unwrap().contains("`product.colour`"),
        "{message:?}"
    );
}
