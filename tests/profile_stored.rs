#![cfg(not(target_arch = "wasm32"))]
//! The previous runtime's JSON record: round trips, unknown versions and hostile records.

use serde_json::json;
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{
    CartLineWire, Dimension, OfferWire, Profile, ProfileConfig, ProfileError, StoredProfile,
    CURRENT_VERSION, MAX_BEACONS, MAX_CART_LINES, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY,
    MAX_OFFERS, MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS,
};

/// 2026-11-23T09:30:00Z, a Monday.
const T0: i64 = 1_795_426_200_000;

fn at(at: i64, kind: EventKind) -> Event {
    Event { at, kind }
}

fn product(id: &str, category: &str, price: f64) -> Product {
    Product {
        id: id.into(),
        category: Some(category.into()),
        brand: Some("acme".into()),
        tags: vec!["organic".into(), "fair-trade".into()],
        price: Some(price),
    }
}

fn offer(id: &str) -> OfferRef {
    OfferRef {
        offer: id.into(),
        slot: "hero".into(),
    }
}

/// A profile touching every part of the state, with awkward numbers.
fn rich_profile(config: &ProfileConfig) -> Profile {
    let events = vec![
        at(
            T0,
            EventKind::PageView {
                page_type: PageType::Home,
            },
        ),
        at(
            T0 + 1_234,
            EventKind::ProductView {
                product: product("a", "coffee", 19.99),
            },
        ),
        at(
            T0 + 7 * MINUTE_MS,
            EventKind::CategoryView {
                category: "tea".into(),
            },
        ),
        at(
            T0 + 8 * MINUTE_MS,
            EventKind::Search {
                query: "Dark roast, Äthiopien".into(),
            },
        ),
        at(
            T0 + 9 * MINUTE_MS,
            EventKind::AddToCart {
                product: product("a", "coffee", 19.99),
                quantity: 3,
            },
        ),
        at(
            T0 + 10 * MINUTE_MS,
            EventKind::AddToCart {
                product: product("b", "tea", 0.1),
                quantity: 7,
            },
        ),
        at(T0 + 11 * MINUTE_MS, EventKind::Impression(offer("o1"))),
        at(T0 + 12 * MINUTE_MS, EventKind::Click(offer("o1"))),
        at(T0 + 13 * MINUTE_MS, EventKind::Impression(offer("o2"))),
        at(T0 + 14 * MINUTE_MS, EventKind::Dismiss(offer("o2"))),
        at(
            T0 + 15 * MINUTE_MS,
            EventKind::BeaconEnter {
                beacon: "door".into(),
            },
        ),
        at(
            T0 + 16 * MINUTE_MS,
            EventKind::BeaconExit {
                beacon: "door".into(),
            },
        ),
        at(
            T0 + 3 * HOUR_MS,
            EventKind::Purchase {
                items: vec![product("c", "cocoa", 3.3)],
                value: 0.0,
            },
        ),
        at(
            T0 + 3 * DAY_MS + 17,
            EventKind::ProductView {
                product: product("d", "coffee", 7.0 / 3.0),
            },
        ),
        at(
            T0 + 3 * DAY_MS,
            EventKind::RemoveFromCart {
                product_id: "b".into(),
            },
        ),
        at(
            T0 + 5 * DAY_MS,
            EventKind::Purchase {
                items: vec![product("a", "coffee", 19.99)],
                value: 59.97,
            },
        ),
    ];
    let mut p = Profile::new();
    for e in &events {
        p.apply(e, config);
    }
    p
}

#[test]
fn stored_profile_round_trips_through_json() {
    let config = ProfileConfig {
        utc_offset_minutes: -300,
        ..ProfileConfig::default()
    };
    let p = rich_profile(&config);
    let stored = p.to_stored();
    assert_eq!(stored.v, CURRENT_VERSION);
    assert_eq!(Profile::from_stored(stored.clone()), Ok(p.clone()));

    let text = serde_json::to_string(&stored).unwrap();
    assert!(text.starts_with("{\"v\":2,\"aff\":"), "{text}");
    let back: StoredProfile = serde_json::from_str(&text).unwrap();
    assert_eq!(back, stored);
    assert_eq!(Profile::from_stored(back).unwrap(), p);

    // Any key order: through serde_json::Value (sorted keys, `v` comes last).
    let value = serde_json::to_value(&stored).unwrap();
    assert_eq!(Profile::load(value.clone()).unwrap(), p);
    let loaded = Profile::load(&mut serde_json::Deserializer::from_str(&value.to_string()));
    assert_eq!(loaded.unwrap(), p);

    // save() writes the same record.
    let mut saved = Vec::new();
    p.save(&mut serde_json::Serializer::new(&mut saved))
        .unwrap();
    assert_eq!(String::from_utf8(saved).unwrap(), text);

    // The reloaded profile behaves the same.
    let q = Profile::from_stored(serde_json::from_str(&text).unwrap()).unwrap();
    let now = T0 + 6 * DAY_MS;
    assert_eq!(
        q.top(Dimension::Category, 5, now, &config),
        p.top(Dimension::Category, 5, now, &config)
    );
    assert_eq!(q.cart().value(), p.cart().value());
    assert_eq!(q.monetary(), 63.27); // amounts live on a 1e-6 grid
}

#[test]
fn empty_profile_round_trips() {
    let p = Profile::new();
    let text = serde_json::to_string(&p.to_stored()).unwrap();
    let load = |text: &str| Profile::load(&mut serde_json::Deserializer::from_str(text));
    assert_eq!(load(&text).unwrap(), p);
    // Every field but `v` is optional.
    assert_eq!(load(r#"{"v": 2}"#).unwrap(), p);
}

#[test]
fn raw_events_of_earlier_records_are_ignored() {
    let record = json!({
        "v": 2,
        "sessions": 3,
        "events": [{"type": "page_view", "pageType": "home", "at": T0}, "not an event"],
        "count": 7
    });
    let p = Profile::load(record).unwrap();
    assert_eq!((p.sessions(), p.event_count()), (3, 7));
    assert!(!serde_json::to_string(&p.to_stored())
        .unwrap()
        .contains("events"));
}

#[test]
fn other_versions_are_refused_with_advice() {
    let newer = json!({"v": 3, "brand_new": {"layout": [1, 2]}});
    let err = Profile::load(newer).unwrap_err();
    assert_eq!(
        err,
        ProfileError::UnsupportedVersion {
            found: 3,
            supported: 2
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("newer") && message.contains("delete the record"),
        "{message}"
    );

    // Vitrine never wrote versions 0 and 1.
    for v in [0, 1] {
        let err = Profile::load(json!({"v": v, "sessions": 9})).unwrap_err();
        assert!(err.to_string().contains("corrupt"), "{err}");
    }
    let forced = StoredProfile {
        v: 1,
        ..Profile::new().to_stored()
    };
    let err = Profile::from_stored(forced).unwrap_err();
    let _: &dyn std::error::Error = &err;
}

#[test]
fn undecodable_records_are_malformed() {
    let too_many_lines: Vec<_> = (0..=MAX_CART_LINES)
        .map(|i| json!({"id": format!("p{i}"), "qty": 1, "at": T0}))
        .collect();
    let too_many_terms: Vec<_> = (0..=MAX_SEARCH_TERMS)
        .map(|i| json!([format!("t{i}"), T0]))
        .collect();
    let over_cap = [
        json!({"v": 2, "cart": too_many_lines}),
        json!({"v": 2, "search": too_many_terms}),
    ];
    let texts = [
        r#"[1, 2, 3]"#.to_owned(),
        r#""profile""#.to_owned(),
        r#"{"sessions": 3}"#.to_owned(),
        r#"{"v": -1}"#.to_owned(),
        r#"{"v": "2"}"#.to_owned(),
        r#"{"v": 2, "sessions": "many"}"#.to_owned(),
        r#"{"v": 2, "cart": [{"id": "a"}]}"#.to_owned(),
        r#"{"v": 2, "cart": [1, 2]}"#.to_owned(),
        r#"{"v": 2, "offers": [{"imp": 1}]}"#.to_owned(),
    ]
    .into_iter()
    .chain(over_cap.iter().map(|v| v.to_string()));
    for text in texts {
        let err = Profile::load(&mut serde_json::Deserializer::from_str(&text)).unwrap_err();
        assert!(
            matches!(err, ProfileError::Malformed { .. }),
            "{text}: {err:?}"
        );
        assert!(err.to_string().contains("start a fresh profile"), "{err}");
    }
    let err = Profile::load(over_cap[0].clone()).unwrap_err();
    assert!(
        err.to_string()
            .contains("more than 100 entries, more than a profile keeps"),
        "{err}"
    );
}

#[test]
fn hostile_values_are_cleaned() {
    let hostile = json!({
        "v": 2,
        "aff": {
            "brand": [["", 5.0, T0], ["ok", -3.0, T0], ["huge", 1e300, T0], ["late", 1.0, -7]],
            "search": [["Not Normalised", 1.0, T0], ["fine", 1.0, T0], ["fine", 2.0, T0]]
        },
        "eng": [1e300, T0],
        "cart": [
            {"id": "p", "qty": 1_000_000, "price": -1.0, "at": T0},
            {"id": "", "qty": 1, "at": T0},
            {"id": "q", "qty": 0, "category": "  ", "price": 1e300, "at": -1}
        ],
        "spent": -50.0,
        "last_order": -1,
        "search": [["UPPER", T0], ["ok", T0], ["ok", T0 + 1]],
        "offers": [
            {"id": "w", "imp": 3, "shown": T0 + 5_000, "day": [i64::MAX, 3]},
            {"id": "never-touched", "imp": 3}
        ],
        "beacons": [["b", null, null], ["", T0, null], ["door", T0, null]],
        "count": u64::MAX
    });
    let p = Profile::load(hostile).unwrap();
    let config = ProfileConfig::default();

    // Invalid brands dropped, absurd ones clamped.
    let brands: Vec<(&str, f64)> = p
        .affinity_entries(Dimension::Brand)
        .map(|(k, s)| (k, s.value()))
        .collect();
    assert_eq!(brands, [("huge", 1e9)]);
    assert_eq!(p.affinity_len(Dimension::SearchTerm), 1);
    assert_eq!(
        p.affinity_score(Dimension::SearchTerm, "fine", T0, &config),
        2.0
    );
    assert_eq!(p.engagement(T0, &config), 1e9);
    // Cart: blank ids and bad times dropped, quantities clamped, bad prices dropped.
    let lines: Vec<(&str, u32, Option<f64>)> = p
        .cart()
        .lines()
        .map(|(id, l)| (id, l.quantity, l.price))
        .collect();
    assert_eq!(lines, [("p", MAX_LINE_QUANTITY, None)]);
    assert_eq!(p.monetary(), 0.0);
    assert_eq!(p.last_purchase_at(), None);
    assert_eq!(p.recent_search_terms(), ["ok"]);
    // Offers: never touched dropped, an absurd window id reset.
    assert_eq!(p.offers().map(|(id, _)| id).collect::<Vec<_>>(), ["w"]);
    let w = p.offer("w").unwrap();
    assert_eq!((w.impressions, w.day_impressions.count), (3, 0));
    assert_eq!(p.beacons().map(|(id, _)| id).collect::<Vec<_>>(), ["door"]);
    assert_eq!(p.event_count(), (1 << 53) - 1);
}

#[test]
fn records_built_in_code_are_bounded_keeping_the_strongest_and_newest() {
    let mut stored = Profile::new().to_stored();
    let wire = &mut stored.profile;
    wire.aff.category = (0..1_000)
        .map(|i| (format!("cat-{i}"), f64::from(i), T0))
        .collect();
    wire.cart = (0..1_000)
        .map(|i| CartLineWire {
            id: format!("p{i}"),
            qty: 1,
            category: None,
            price: None,
            at: T0 + i,
        })
        .collect();
    wire.offers = (0..1_000)
        .map(|i| OfferWire {
            id: format!("o{i}"),
            imp: 1,
            shown: Some(T0 + i),
            ..OfferWire::default()
        })
        .collect();
    wire.bought = (0..1_000).map(|i| (format!("b{i}"), T0 + i)).collect();
    wire.beacons = (0..1_000)
        .map(|i| (format!("z{i}"), Some(T0 + i), None))
        .collect();
    wire.search = (0..1_000).map(|i| (format!("t{i}"), T0 + i)).collect();
    let p = Profile::from_stored(stored).unwrap();
    let config = ProfileConfig::default();

    assert_eq!(p.affinity_len(Dimension::Category), MAX_KEYS_PER_DIMENSION);
    assert!(p.affinity_score(Dimension::Category, "cat-999", T0, &config) > 0.0);
    assert_eq!(
        p.affinity_score(Dimension::Category, "cat-0", T0, &config),
        0.0
    );
    assert_eq!(p.cart().len(), MAX_CART_LINES);
    assert!(p.cart().contains("p999") && !p.cart().contains("p0"));
    assert_eq!(p.offers().count(), MAX_OFFERS);
    assert!(p.offer("o999").is_some() && p.offer("o0").is_none());
    assert_eq!(p.recent_purchases().count(), MAX_RECENT_PURCHASES);
    assert!(p.purchased_within("b999", T0 + 999, 0));
    assert_eq!(p.beacons().count(), MAX_BEACONS);
    assert_eq!(p.recent_search_terms().len(), MAX_SEARCH_TERMS);
    assert_eq!(p.recent_search_terms()[0], "t999");
}
