//! Offer templates on the pure engine (issue #14): which of the shopper's own products fills
//! `buy_again`, `recently_viewed` and `complements`, what the creative and the explanation then
//! say, what the profile keeps of a product's details (and what it refuses), and the shared
//! vectors the shell is held to as well (tests/vectors/templates.json).
#![cfg(not(target_arch = "wasm32"))]

mod strategies;

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::json;
use vitrine::engine::catalog::{Catalog, Creative, Image};
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::decision::explain::template_sentence;
use vitrine::engine::decision::{decide, Context, Inputs, Removal, SlotDecision};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{Profile, ProfileConfig, MAX_PRODUCT_CARDS};

// 2026-11-23T09:30:00Z.
const T0: i64 = 1_795_426_200_000;

/// A catalog with one template offer (`template`) in slot "side", the complements of the
/// kettle and the beans, and an untargeted house offer below it.
fn catalog(template: &str) -> Catalog {
    let doc = json!({ "schema": 1, "version": "templates",
        "complements": { "kettle": ["filters", "scale"], "beans": ["tamper"] },
        "campaigns": [
            { "id": "template", "priority": 1, "offers": [{ "id": "template", "slots": ["side"],
                "template": template, "title": "About the {product}", "body": "{product}!",
                "image": { "url": "/offer.svg", "alt": "{product}", "width": 60, "height": 40 } }] },
            { "id": "house", "offers": [{ "id": "house", "slots": ["side"], "title": "House" }] }
        ] });
    Catalog::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// A product with details: named after its id, at `/p/<id>`, pictured at `/i/<id>.png`.
fn described(id: &str) -> Product {
    Product {
        id: id.into(),
        category: Some("kitchen".into()),
        name: Some(format!("The {id}")),
        url: Some(format!("/p/{id}")),
        image: Some(format!("/i/{id}.png")),
        ..Product::default()
    }
}

fn apply(profile: &mut Profile, at: i64, kind: EventKind) {
    profile.apply(&Event { at, kind }, &ProfileConfig::default());
}

fn view(profile: &mut Profile, at: i64, product: Product) {
    apply(profile, at, EventKind::ProductView { product });
}

fn add_to_cart(profile: &mut Profile, at: i64, product: Product) {
    let quantity = 1;
    apply(profile, at, EventKind::AddToCart { product, quantity });
}

fn buy(profile: &mut Profile, at: i64, items: Vec<Product>) {
    let value = 10.0;
    apply(profile, at, EventKind::Purchase { items, value });
}

/// `decide`'s decision for the "side" slot at `now`, on the page of `product` if any.
fn side(catalog: &Catalog, profile: &Profile, now: i64, product: Option<&str>) -> SlotDecision {
    let inputs = Inputs {
        catalog,
        profile,
        config: &ProfileConfig::default(),
        device_id: "device-1",
        personalization_allowed: true,
    };
    let context = Context {
        now,
        page_type: Some(PageType::Home),
        product: product.map(str::to_owned),
        ..Context::default()
    };
    decide(&inputs, &context, &["side"], 7).remove(0)
}

/// The product shown in the side slot (`None`: the house offer, or nothing).
fn filled(catalog: &Catalog, profile: &Profile, now: i64) -> Option<String> {
    side(catalog, profile, now, None)
        .explanation
        .product
        .map(|p| p.id)
}

fn removal(decision: &SlotDecision, offer: &str) -> Option<Removal> {
    let removed = &decision.explanation.removed;
    removed.iter().find(|r| r.offer == offer).map(|r| r.reason)
}

#[test]
fn recently_viewed_shows_the_latest_view_with_its_name_link_and_picture() {
    let catalog = catalog("recently_viewed");
    let mut p = Profile::new();
    let d = side(&catalog, &p, T0, None);
    assert_eq!(d.offer.as_ref().map(|o| o.id.as_str()), Some("house"));
    assert_eq!(removal(&d, "template"), Some(Removal::NoProduct));

    view(&mut p, T0, described("kettle"));
    view(&mut p, T0 + MINUTE_MS, described("scale"));
    // A view without details (the shop did not describe it) cannot fill a template.
    view(
        &mut p,
        T0 + 2 * MINUTE_MS,
        Product {
            id: "mystery".into(),
            ..Product::default()
        },
    );
    let d = side(&catalog, &p, T0 + HOUR_MS, None);
    let offer = d.offer.expect("the template fills the slot");
    assert_eq!(offer.id, "template");
    let c = &offer.creative;
    assert_eq!(
        (c.title.as_str(), c.body.as_deref(), c.link.as_deref()),
        ("About the The scale", Some("The scale!"), Some("/p/scale"))
    );
    let image = c.image.as_ref().expect("the product's picture");
    assert_eq!(
        (image.url.as_str(), image.alt.as_str(), image.width),
        ("/i/scale.png", "The scale", Some(60))
    );
    let product = d
        .explanation
        .product
        .expect("the explanation names the product");
    assert_eq!((product.id.as_str(), product.because), ("scale", "viewed"));
    assert_eq!(
        d.explanation.summary,
        "Suggested because you recently looked at The scale."
    );
    // Not the product on this very page: the one viewed before it.
    let on_its_page = side(&catalog, &p, T0 + HOUR_MS, Some("scale"));
    assert_eq!(
        on_its_page.explanation.product.map(|p| p.id).as_deref(),
        Some("kettle")
    );
}

#[test]
fn recently_viewed_skips_what_is_in_the_cart_or_bought_since() {
    let catalog = catalog("recently_viewed");
    let mut p = Profile::new();
    view(&mut p, T0, described("kettle"));
    view(&mut p, T0 + MINUTE_MS, described("scale"));
    add_to_cart(&mut p, T0 + 2 * MINUTE_MS, described("scale"));
    assert_eq!(
        filled(&catalog, &p, T0 + HOUR_MS).as_deref(),
        Some("kettle")
    );
    buy(
        &mut p,
        T0 + 3 * MINUTE_MS,
        vec![described("scale"), described("kettle")],
    );
    // Both bought after their views: nothing to come back to.
    assert_eq!(filled(&catalog, &p, T0 + HOUR_MS), None);
    // Viewed again after the purchase (and past the suppression window): back.
    view(&mut p, T0 + 20 * DAY_MS, described("kettle"));
    assert_eq!(
        filled(&catalog, &p, T0 + 20 * DAY_MS + MINUTE_MS).as_deref(),
        Some("kettle")
    );
}

#[test]
fn buy_again_follows_the_reorder_ranking_and_waits_out_the_suppression_window() {
    let catalog = catalog("buy_again");
    let mut p = Profile::new();
    // Beans every 21 days; a kettle once, long ago.
    buy(&mut p, T0 - 200 * DAY_MS, vec![described("kettle")]);
    for trip in 0..4 {
        buy(
            &mut p,
            T0 - (3 - trip) * 21 * DAY_MS,
            vec![described("beans")],
        );
    }
    // The day of the last purchase: within the catalog's suppression window (14 days).
    let d = side(&catalog, &p, T0 + HOUR_MS, None);
    assert_eq!(
        d.explanation.product.map(|p| p.id).as_deref(),
        Some("kettle")
    );
    // When the beans are due, they lead the ranking.
    let due = T0 + 21 * DAY_MS;
    let d = side(&catalog, &p, due, None);
    let product = d.explanation.product.expect("a product to buy again");
    assert_eq!((product.id.as_str(), product.because), ("beans", "bought"));
    assert_eq!(
        d.explanation.summary,
        "Suggested because you bought The beans before."
    );
    // In the cart already: the next in the ranking.
    add_to_cart(&mut p, due, described("beans"));
    assert_eq!(filled(&catalog, &p, due).as_deref(), Some("kettle"));
}

#[test]
fn complements_follow_the_latest_cart_product_in_the_catalogs_order() {
    let catalog = catalog("complements");
    let mut p = Profile::new();
    for id in ["filters", "scale", "tamper"] {
        view(&mut p, T0, described(id));
    }
    add_to_cart(&mut p, T0 + MINUTE_MS, described("kettle"));
    let d = side(&catalog, &p, T0 + 2 * MINUTE_MS, None);
    let product = d.explanation.product.expect("a complement of the kettle");
    assert_eq!(
        (
            product.id.as_str(),
            product.because,
            product.with.as_deref()
        ),
        ("filters", "goes_with", Some("kettle"))
    );
    assert_eq!(
        d.explanation.summary,
        "Suggested because it goes with The kettle in your cart."
    );
    // The beans, added later, lead; in the cart, a complement is not offered again.
    add_to_cart(&mut p, T0 + 3 * MINUTE_MS, described("beans"));
    assert_eq!(
        filled(&catalog, &p, T0 + 4 * MINUTE_MS).as_deref(),
        Some("tamper")
    );
    add_to_cart(&mut p, T0 + 5 * MINUTE_MS, described("tamper"));
    add_to_cart(&mut p, T0 + 6 * MINUTE_MS, described("filters"));
    assert_eq!(
        filled(&catalog, &p, T0 + 7 * MINUTE_MS).as_deref(),
        Some("scale")
    );
}

#[test]
fn templates_need_personalization() {
    let catalog = catalog("recently_viewed");
    let mut p = Profile::new();
    view(&mut p, T0, described("kettle"));
    let inputs = Inputs {
        catalog: &catalog,
        profile: &p,
        config: &ProfileConfig::default(),
        device_id: "device-1",
        personalization_allowed: false,
    };
    let context = Context {
        now: T0 + MINUTE_MS,
        ..Context::default()
    };
    let d = decide(&inputs, &context, &["side"], 7).remove(0);
    assert_eq!(d.offer.as_ref().map(|o| o.id.as_str()), Some("house"));
    assert_eq!(removal(&d, "template"), Some(Removal::NeedsPersonalization));
}

#[test]
fn past_the_fatigue_budget_templates_are_left_out_like_targeted_offers() {
    let doc = json!({ "schema": 1, "version": "t",
        "defaults": { "fatigue": { "dismissals_per_session": 1 } },
        "campaigns": [
            { "id": "template", "priority": 1, "offers": [{ "id": "template", "slots": ["side"],
                "template": "recently_viewed", "title": "{product}" }] },
            { "id": "house", "offers": [{ "id": "house", "slots": ["side"], "title": "House" }] }
        ] });
    let catalog = Catalog::from_json(&doc.to_string()).unwrap();
    let mut p = Profile::new();
    view(&mut p, T0, described("kettle"));
    assert_eq!(
        filled(&catalog, &p, T0 + MINUTE_MS).as_deref(),
        Some("kettle")
    );
    let offer = OfferRef {
        offer: "house".into(),
        slot: "side".into(),
    };
    apply(&mut p, T0 + MINUTE_MS, EventKind::Dismiss(offer));
    let d = side(&catalog, &p, T0 + 2 * MINUTE_MS, None);
    assert_eq!(removal(&d, "template"), Some(Removal::Fatigue));
}

#[test]
fn a_view_older_than_the_retention_limit_is_forgotten_even_when_the_product_is_described_again() {
    let config = ProfileConfig::default();
    let retention = i64::from(config.retention_days) * DAY_MS;
    let catalog = catalog("recently_viewed");
    let mut p = Profile::new();
    view(&mut p, T0, described("kettle"));
    // Described again later (a listing page), so the details themselves stay.
    let product = described("kettle");
    apply(
        &mut p,
        T0 + retention - DAY_MS,
        EventKind::ProductDetails { product },
    );
    let later = T0 + retention + DAY_MS;
    let reloaded =
        Profile::from_bytes_since(&p.to_bytes(), config.retention_cutoff(later)).unwrap();
    p.prune(later, &config);
    assert_eq!(reloaded, p, "loading with retention is pruning");
    let card = p.card("kettle").expect("the details are recent");
    assert_eq!(card.viewed_at, None, "the view is past the retention limit");
    assert_eq!(filled(&catalog, &p, later), None);
}

#[test]
fn product_details_are_kept_bounded_checked_and_pruned() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    let hostile = [
        ("js", "javascript:alert(1)"),
        ("tab", "java\tscript:alert(1)"),
        ("data", "data:text/html,<script>1</script>"),
        ("hostless", "https:evil"),
        ("space", "/p/a b"),
        ("unicode", "/p/caf\u{e9}"),
    ];
    for (id, url) in hostile {
        let product = Product {
            url: Some(url.into()),
            ..described(id)
        };
        view(&mut p, T0, product);
    }
    assert_eq!(p.cards().len(), 0, "no unusable link is kept");
    // A blank name, or no name: nothing kept either; an unusable picture is dropped alone.
    view(
        &mut p,
        T0,
        Product {
            name: Some("  ".into()),
            ..described("blank")
        },
    );
    view(
        &mut p,
        T0,
        Product {
            name: None,
            ..described("nameless")
        },
    );
    view(
        &mut p,
        T0,
        Product {
            image: Some("javascript:x".into()),
            ..described("ok")
        },
    );
    let cards: Vec<_> = p.cards().collect();
    assert_eq!(cards.len(), 1);
    assert_eq!((cards[0].0, cards[0].1.image.as_deref()), ("ok", None));
    // Details are not behaviour: no session, no event of their own.
    let (sessions, events) = (p.sessions(), p.event_count());
    apply(
        &mut p,
        T0 + DAY_MS,
        EventKind::ProductDetails {
            product: described("d"),
        },
    );
    assert_eq!((p.sessions(), p.event_count()), (sessions, events));
    assert!(p.card("d").is_some());
    // Bounded: the least recently seen go first.
    for i in 0..MAX_PRODUCT_CARDS + 5 {
        view(
            &mut p,
            T0 + 2 * DAY_MS + i as i64,
            described(&format!("p{i:02}")),
        );
    }
    assert_eq!(p.cards().len(), MAX_PRODUCT_CARDS);
    assert!(p.card("ok").is_none() && p.card("p00").is_none());
    assert!(p.card(&format!("p{:02}", MAX_PRODUCT_CARDS + 4)).is_some());
    // Retention drops them with the rest; and they survive a reload.
    let back = Profile::from_bytes(&p.to_bytes()).unwrap();
    assert_eq!(back, p);
    let later = T0 + 2 * DAY_MS + (config.retention_days as i64 + 1) * DAY_MS;
    p.prune(later, &config);
    assert_eq!(p.cards().len(), 0);
}

#[test]
fn the_catalog_checks_its_templates() {
    let doc = |template: &str, complements: serde_json::Value| {
        json!({ "schema": 1, "version": "t", "complements": complements,
            "campaigns": [{ "id": "c", "offers": [{ "id": "o", "slots": ["s"], "title": "T",
                "template": template }] }] })
        .to_string()
    };
    let errors = |json: String| match Catalog::from_json(&json) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    assert_eq!(errors(doc("buy_again", json!({}))), "");
    assert!(errors(doc("complements", json!({}))).contains("campaigns[0].offers[0].template"));
    assert!(errors(doc("bought_before", json!({}))).contains("unknown variant `bought_before`"));
    assert!(errors(doc("complements", json!({ "kettle": [] }))).contains("complements.kettle"));
    let too_many: Vec<String> = (0..21).map(|i| format!("p{i}")).collect();
    assert!(errors(doc("complements", json!({ "kettle": too_many }))).contains("more than 20"));
}

#[derive(Deserialize)]
struct Vectors {
    creatives: Vec<CreativeVector>,
    sentences: Vec<SentenceVector>,
}

#[derive(Deserialize)]
struct CreativeVector {
    name: String,
    creative: serde_json::Value,
    product: ProductVector,
    filled: serde_json::Value,
}

#[derive(Deserialize)]
struct ProductVector {
    name: String,
    url: String,
    image: Option<String>,
}

#[derive(Deserialize)]
struct SentenceVector {
    because: String,
    name: String,
    with: Option<String>,
    summary: String,
}

fn creative(v: &serde_json::Value) -> Creative {
    let text = |key: &str| v[key].as_str().map(str::to_owned);
    Creative {
        title: text("title").unwrap_or_default(),
        body: text("body"),
        image: v.get("image").map(|i| Image {
            url: i["url"].as_str().unwrap_or_default().to_owned(),
            alt: i["alt"].as_str().unwrap_or_default().to_owned(),
            width: i["width"].as_u64().map(|w| w as u32),
            height: i["height"].as_u64().map(|h| h as u32),
        }),
        link: text("link"),
        cta: text("cta"),
    }
}

#[test]
fn the_shared_vectors_fill_creatives_and_write_sentences() {
    let vectors: Vectors =
        serde_json::from_str(include_str!("vectors/templates.json")).expect("the vectors");
    assert!(vectors.creatives.len() >= 4 && vectors.sentences.len() >= 4);
    for v in &vectors.creatives {
        let p = &v.product;
        let filled = creative(&v.creative).filled(&p.name, &p.url, p.image.as_deref());
        assert_eq!(filled, creative(&v.filled), "{}", v.name);
        assert_eq!(
            serde_json::to_value(&filled).unwrap(),
            v.filled,
            "{}",
            v.name
        );
    }
    for v in &vectors.sentences {
        let sentence = template_sentence(&v.because, &v.name, v.with.as_deref());
        assert_eq!(sentence, v.summary);
    }
}

/// A catalog whose one template offer (`template`) fills "side", with complements among the ids
/// the property strategies use most ("a" to "d").
fn property_catalog(template: &str) -> Catalog {
    let doc = json!({ "schema": 1, "version": "templates",
        "complements": { "a": ["b", "c"], "b": ["d"], "c": ["a", "d"] },
        "campaigns": [{ "id": "t", "offers": [{ "id": "t", "slots": ["side"],
            "template": template, "title": "{product}" }] }] });
    Catalog::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

proptest! {
    #![proptest_config(strategies::config())]

    /// Whatever happened before (any events, hostile ones included), a template's product has
    /// details on the device, is neither in the cart nor on the page, was not just bought, fits
    /// its template, and fills the creative and the sentence.
    #[test]
    fn a_filled_product_always_qualifies(
        ops in prop::collection::vec(strategies::op(), 0..200),
        page in proptest::option::of("[a-d]"),
        later in 0i64..40 * DAY_MS,
    ) {
        let config = ProfileConfig::default();
        let (p, clock) = strategies::run(&ops, &config);
        let now = clock + later;
        for template in ["buy_again", "recently_viewed", "complements"] {
            let catalog = property_catalog(template);
            let d = side(&catalog, &p, now, page.as_deref());
            // Nothing shown (no product, or the offer dismissed or capped): nothing to check.
            let (Some(offer), Some(shown)) = (d.offer, d.explanation.product) else {
                continue;
            };
            let card = p.card(&shown.id).expect("a shown product has details");
            prop_assert!(!p.cart().contains(&shown.id));
            prop_assert_ne!(page.as_deref(), Some(shown.id.as_str()));
            prop_assert!(!p.purchased_within(&shown.id, now, catalog.suppress_purchased_ms));
            prop_assert_eq!(offer.creative.title, card.name.clone());
            prop_assert_eq!(offer.creative.link.as_deref(), Some(card.url.as_str()));
            // The product's own latest purchase (`purchased_at` would also answer for a category
            // of that name).
            let bought = p.purchased().find(|(id, _)| *id == shown.id).map(|(_, b)| b.stats.last_at);
            match (template, shown.because) {
                ("buy_again", "bought") => prop_assert!(bought.is_some()),
                ("recently_viewed", "viewed") => {
                    let viewed = card.viewed_at.expect("a viewed product");
                    prop_assert!(bought.is_none_or(|b| b < viewed));
                    prop_assert!(d.explanation.summary.contains(&card.name));
                }
                ("complements", "goes_with") => {
                    let with = shown.with.expect("the cart's product");
                    prop_assert!(p.cart().contains(&with));
                    prop_assert!(catalog.complements_of(&with).contains(&shown.id));
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
