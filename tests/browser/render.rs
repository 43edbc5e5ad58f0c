//! Rendering into real DOM slots: hostile catalog text stays inert, fallback content comes back
//! on dismissal, and impressions count after one second at least half visible.

use js_sys::Reflect;
use vitrine::api::Vitrine;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

const HOSTILE_TITLE: &str = r#"<img src=x onerror="window.__pwned=1">Deal"#;
const HOSTILE_BODY: &str = r#"</span><script>window.__pwned=2</script>"#;

fn catalog() -> String {
    format!(
        r#"{{"schema": 1, "version": "t", "campaigns": [{{"id": "c", "offers": [{{
            "id": "o", "slots": ["s"], "title": {title}, "body": {body},
            "link": "https://shop.example/deal", "cta": "Go",
            "image": {{"url": "/img/x.svg", "alt": "An x", "width": 10, "height": 10}}
        }}]}}]}}"#,
        title = js_sys::JSON::stringify(&HOSTILE_TITLE.into()).unwrap(),
        body = js_sys::JSON::stringify(&HOSTILE_BODY.into()).unwrap(),
    )
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn slot(name: &str) -> Element {
    let doc = document();
    let slot = doc.create_element("div").unwrap();
    slot.set_attribute("data-vitrine-slot", name).unwrap();
    slot.set_inner_html("<p class=fallback>Our own content</p>");
    doc.body().unwrap().append_child(&slot).unwrap();
    slot
}

async fn vitrine() -> Vitrine {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"catalog".into(), &catalog().into()).unwrap();
    Reflect::set(&options, &"storage".into(), &"memory".into()).unwrap();
    Vitrine::init(options.into()).await.unwrap()
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

#[wasm_bindgen_test]
async fn hostile_catalog_text_is_rendered_as_text() {
    let slot = slot("s");
    let vitrine = vitrine().await;
    vitrine
        .render(JsValue::UNDEFINED, Some(slot.clone()))
        .unwrap();
    let title = slot
        .query_selector(".vitrine-banner__title")
        .unwrap()
        .unwrap();
    assert_eq!(title.text_content().unwrap(), HOSTILE_TITLE);
    let body = slot
        .query_selector(".vitrine-banner__body")
        .unwrap()
        .unwrap();
    assert_eq!(body.text_content().unwrap(), HOSTILE_BODY);
    assert!(slot
        .query_selector("script, img[onerror]")
        .unwrap()
        .is_none());
    sleep(50).await;
    let pwned = Reflect::get(&js_sys::global(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "catalog text ran as code");

    let link = slot
        .query_selector("a.vitrine-banner__link")
        .unwrap()
        .unwrap();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "https://shop.example/deal"
    );
    assert_eq!(link.get_attribute("rel").unwrap(), "noopener noreferrer");
    let img = slot.query_selector("img").unwrap().unwrap();
    assert_eq!(img.get_attribute("alt").unwrap(), "An x");
    let fallback = slot.query_selector(".fallback").unwrap().unwrap();
    assert!(
        fallback.has_attribute("hidden"),
        "fallback hidden while a banner shows"
    );
    assert!(slot.class_list().contains("vitrine-filled"));
    slot.remove();
}

#[wasm_bindgen_test]
async fn dismissing_restores_the_fallback_and_is_remembered() {
    let slot = slot("s");
    let vitrine = vitrine().await;
    vitrine
        .render(JsValue::UNDEFINED, Some(slot.clone()))
        .unwrap();
    let dismiss: HtmlElement = slot
        .query_selector(".vitrine-banner__dismiss")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(dismiss
        .get_attribute("aria-label")
        .unwrap()
        .starts_with("Dismiss: "));
    dismiss.click();
    assert!(slot.query_selector(".vitrine-banner").unwrap().is_none());
    let fallback = slot.query_selector(".fallback").unwrap().unwrap();
    assert!(!fallback.has_attribute("hidden"));
    let profile = vitrine.profile().unwrap();
    let offers = js_sys::Array::from(&Reflect::get(&profile, &"offers".into()).unwrap());
    let dismissals = Reflect::get(&offers.get(0), &"dismissals".into()).unwrap();
    assert_eq!(dismissals.as_f64(), Some(1.0));
    slot.remove();
}

#[wasm_bindgen_test]
async fn an_impression_counts_after_one_second_in_view() {
    let slot = slot("s");
    let vitrine = vitrine().await;
    vitrine
        .render(JsValue::UNDEFINED, Some(slot.clone()))
        .unwrap();
    let impressions = || {
        let profile = vitrine.profile().unwrap();
        let offers = js_sys::Array::from(&Reflect::get(&profile, &"offers".into()).unwrap());
        if offers.length() == 0 {
            return 0.0;
        }
        Reflect::get(&offers.get(0), &"impressions".into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    sleep(500).await;
    assert_eq!(impressions(), 0.0, "not yet a second");
    sleep(1_000).await;
    assert_eq!(impressions(), 1.0);
    sleep(1_200).await;
    assert_eq!(impressions(), 1.0, "counted once per render");
    slot.remove();
}

#[wasm_bindgen_test]
async fn with_observe_slots_added_later_are_filled() {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"catalog".into(), &catalog().into()).unwrap();
    Reflect::set(&options, &"storage".into(), &"memory".into()).unwrap();
    Reflect::set(&options, &"observe".into(), &true.into()).unwrap();
    let vitrine = Vitrine::init(options.into()).await.unwrap();
    vitrine.render(JsValue::UNDEFINED, None).unwrap();
    let later = slot("s");
    // MutationObserver callbacks run as a microtask after the insertion.
    sleep(0).await;
    assert!(later.query_selector(".vitrine-banner").unwrap().is_some());
    vitrine.destroy().await.unwrap();
    later.remove();
}
