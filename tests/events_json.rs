#![cfg(not(target_arch = "wasm32"))]
//! The JSON form of events: what `track` accepts, and the errors that name the bad field.

use serde_json::json;
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product, WireEvent};

fn parse(value: serde_json::Value) -> Result<Event, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn every_event_type_round_trips_through_json() {
    let product = Product {
        id: "sku-1".into(),
        category: Some("coffee".into()),
        brand: Some("Northbean".into()),
        tags: vec!["espresso".into()],
        price: Some(12.5),
        ..Default::default()
    };
    let offer = OfferRef {
        offer: "o".into(),
        slot: "home-hero".into(),
    };
    let kinds = [
        EventKind::PageView {
            page_type: PageType::Cart,
        },
        EventKind::ProductView {
            product: product.clone(),
        },
        EventKind::CategoryView {
            category: "tea".into(),
        },
        EventKind::Search {
            query: "decaf beans".into(),
        },
        EventKind::AddToCart {
            product: product.clone(),
            quantity: 2,
        },
        EventKind::RemoveFromCart {
            product_id: "sku-1".into(),
        },
        EventKind::Purchase {
            items: vec![product],
            value: 25.0,
        },
        EventKind::Impression(offer.clone()),
        EventKind::Click(offer.clone()),
        EventKind::Dismiss(offer),
        EventKind::BeaconEnter {
            beacon: "coffee-aisle".into(),
        },
        EventKind::BeaconExit {
            beacon: "coffee-aisle".into(),
        },
    ];
    for (i, kind) in kinds.into_iter().enumerate() {
        let event = Event { at: i as i64, kind };
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(
            parse(serde_json::from_str(&text).unwrap()),
            Ok(event),
            "{text}"
        );
    }
}

#[test]
fn the_json_form_is_flat_with_camel_case_fields() {
    let event = parse(json!({"type": "remove_from_cart", "productId": "b", "at": 7})).unwrap();
    assert_eq!(
        event.kind,
        EventKind::RemoveFromCart {
            product_id: "b".into()
        }
    );
    let page = parse(json!({"type": "page_view", "pageType": "home", "at": 1})).unwrap();
    assert_eq!(
        serde_json::to_value(&page).unwrap(),
        json!({"type": "page_view", "pageType": "home", "at": 1})
    );
}

#[test]
fn optional_fields_take_their_defaults() {
    let add = parse(json!({"type": "add_to_cart", "product": {"id": "a"}, "at": 1})).unwrap();
    assert!(matches!(add.kind, EventKind::AddToCart { quantity: 1, .. }));
    let buy = parse(json!({"type": "purchase", "items": [], "at": 1})).unwrap();
    assert!(matches!(buy.kind, EventKind::Purchase { value, .. } if value == 0.0));
}

#[test]
fn errors_name_the_field_to_fix() {
    let cases = [
        (
            json!({"type": "product_view", "at": 1}),
            "a `product_view` event needs the field `product`",
        ),
        (
            json!({"type": "search", "query": "tea"}),
            "a `search` event needs the field `at`",
        ),
        (
            json!({"type": "search", "query": "tea", "product": {"id": "a"}, "at": 1}),
            "the field `product` does not belong to a `search` event; remove it",
        ),
        (
            json!({"type": "click", "offer": "o", "at": 1}),
            "a `click` event needs the field `slot`",
        ),
        (
            json!({"type": "search", "qeury": "tea", "at": 1}),
            "unknown field `qeury`",
        ),
        (
            json!({"type": "teleport", "at": 1}),
            "unknown variant `teleport`",
        ),
        (
            json!({"type": "product_view", "product": {"id": "a", "colour": "red"}, "at": 1}),
            "unknown field `colour`",
        ),
    ];
    for (input, expected) in cases {
        let error = parse(input.clone()).unwrap_err();
        assert!(error.contains(expected), "{input}: {error}");
    }
}

#[test]
fn the_runtime_may_stamp_the_time() {
    let wire: WireEvent =
        serde_json::from_value(json!({"type": "category_view", "category": "tea"})).unwrap();
    let event = wire.into_event(Some(42)).unwrap();
    assert_eq!(event.at, 42);
    let wire: WireEvent =
        serde_json::from_value(json!({"type": "category_view", "category": "tea", "at": 5}))
            .unwrap();
    assert_eq!(wire.into_event(Some(42)).unwrap().at, 5);
}

#[test]
fn field_names_come_from_serde() {
    use vitrine::engine::decision::Context;
    use vitrine::engine::field_names::field_names;
    assert_eq!(
        field_names::<Product>(),
        ["id", "category", "brand", "tags", "price", "name", "url", "image"]
    );
    assert_eq!(field_names::<WireEvent>().len(), 16);
    assert!(field_names::<WireEvent>().contains(&"productId"));
    assert!(field_names::<Context>().contains(&"pageType"));
    assert!(field_names::<Context>().contains(&"excludeCampaigns"));
    assert_eq!(field_names::<Event>(), field_names::<WireEvent>());
}
