#![cfg(not(target_arch = "wasm32"))]
//! The stored form: round trips, v1 migration, unknown versions and hostile records.

use serde_json::json;
use vitrine::engine::clock::{LocalTime, DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{
    Dimension, Profile, ProfileConfig, ProfileError, StoredProfile, StoredRecord, CURRENT_VERSION,
    HARD_MAX_RAW_EVENTS, MAX_CART_LINES, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY, MAX_OFFERS,
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
    assert!(text.starts_with("{\"v\":2,"), "{text}");
    let back: StoredProfile = serde_json::from_str(&text).unwrap();
    assert_eq!(back, stored);
    assert_eq!(Profile::from_stored(back).unwrap(), p);

    // Any version, any key order: through serde_json::Value (sorted keys, `v` comes last).
    let value = serde_json::to_value(&stored).unwrap();
    let record: StoredRecord = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(record.version(), 2);
    assert_eq!(Profile::from_record(record).unwrap(), p);
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
    let record: StoredRecord = serde_json::from_str(&text).unwrap();
    assert_eq!(Profile::from_record(record).unwrap(), p);
    // Every field but `v` is optional.
    let minimal: StoredRecord = serde_json::from_str(r#"{"v": 2}"#).unwrap();
    assert_eq!(Profile::from_record(minimal).unwrap(), p);
}

#[test]
fn v1_records_are_migrated() {
    let monday = LocalTime::new(T0, 60);
    let v1 = json!({
        "v": 1,
        "affinities": {
            "category:coffee": [4.0, T0],
            "brand:acme": [2.5, T0],
            "tag:organic": [1.0, T0 - DAY_MS],
            "colour:red": [9.0, T0],
            "nonsense": [9.0, T0]
        },
        "engagement": 5.0,
        "engagement_at": T0,
        "cart": {"sku-1": 2, "sku-2": 0, "": 4},
        "purchases": 3,
        "last_purchase_at": T0 - 2 * DAY_MS,
        "monetary": 120.5,
        "sessions": 7,
        "session_started_at": T0 - HOUR_MS,
        "last_seen_at": T0,
        "offers": {
            "summer": {
                "impressions": 5, "clicks": 1, "dismissals": 0,
                "last_shown_at": T0, "last_clicked_at": T0 - DAY_MS,
                "shown_today": [monday.day, 2], "shown_this_week": [monday.week, 4]
            }
        },
        "events": [
            {"type": "search", "query": "Fair-trade espresso", "at": T0 - 3 * DAY_MS},
            {"type": "purchase", "items": [{"id": "sku-9", "category": "coffee"}], "value": 20.0, "at": T0 - 2 * DAY_MS},
            {"type": "teleport", "to": "mars", "at": T0 - DAY_MS},
            {"type": "page_view", "pageType": "home", "at": T0}
        ]
    });
    let record: StoredRecord = serde_json::from_value(v1).unwrap();
    assert_eq!(record.version(), 1);
    let p = Profile::from_record(record).unwrap();
    let config = ProfileConfig {
        utc_offset_minutes: 60,
        ..ProfileConfig::default()
    };

    // Interests split by dimension; unknown prefixes dropped.
    assert_eq!(
        p.affinity_score(Dimension::Category, "coffee", T0, &config),
        4.0
    );
    assert_eq!(p.affinity_score(Dimension::Brand, "acme", T0, &config), 2.5);
    assert_eq!(p.affinity_len(Dimension::Tag), 1);
    assert_eq!(p.affinity_len(Dimension::Category), 1);
    // Search terms rebuilt from the kept events feed the recent list (not affinities).
    assert_eq!(p.recent_search_terms(), ["fair", "trade", "espresso"]);
    assert_eq!(p.affinity_len(Dimension::SearchTerm), 0);
    // Cart of bare quantities: quantities clamped, blank ids dropped.
    assert_eq!(p.cart().get("sku-1").map(|l| l.quantity), Some(2));
    assert_eq!(p.cart().get("sku-2").map(|l| l.quantity), Some(1));
    assert_eq!(p.cart().len(), 2);
    assert_eq!(p.cart().value(), 0.0);
    // RFM and recent purchases.
    assert_eq!((p.purchases(), p.monetary()), (3, 120.5));
    assert!(p.purchased_within("sku-9", T0, 3 * DAY_MS));
    // Sessions.
    assert_eq!((p.sessions(), p.session_page_views()), (7, 0));
    assert_eq!(p.first_seen_at(), Some(T0 - 3 * DAY_MS));
    // Offers keep their day and week windows.
    let o = p.offer("summer").unwrap();
    assert_eq!((o.impressions, o.clicks), (5, 1));
    assert_eq!(o.shown_on_day(monday.day), 2);
    assert_eq!(o.shown_in_week(monday.week), 4);
    assert_eq!(o.fatigue(T0), 0.0);
    // The unknown event type was skipped; the count starts at the kept events.
    assert_eq!(p.raw_events().len(), 3);
    assert_eq!(p.event_count(), 3);
    assert_eq!(
        p.intent(T0, &config),
        vitrine::engine::profile::Intent::Warm
    );

    // Saved again, it is a v2 record that reloads equal.
    let stored = p.to_stored();
    assert_eq!(stored.v, 2);
    let text = serde_json::to_string(&stored).unwrap();
    assert_eq!(
        Profile::from_stored(serde_json::from_str(&text).unwrap()).unwrap(),
        p
    );
}

#[test]
fn unknown_versions_are_refused_with_advice() {
    let record: StoredRecord =
        serde_json::from_str(r#"{"v": 3, "brand_new": {"layout": [1, 2]}}"#).unwrap();
    assert_eq!(record, StoredRecord::Unsupported { v: 3 });
    let err = Profile::from_record(record).unwrap_err();
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

    let err = Profile::load(&mut serde_json::Deserializer::from_str(r#"{"v": 0}"#)).unwrap_err();
    assert!(err.to_string().contains("corrupt"), "{err}");

    // A v1 record forced into the v2 layout is refused, not loaded empty.
    let forced: StoredProfile = serde_json::from_str(r#"{"v": 1, "sessions": 9}"#).unwrap();
    let err = Profile::from_stored(forced).unwrap_err();
    assert!(err.to_string().contains("migrates"), "{err}");
    let _: &dyn std::error::Error = &err;
}

#[test]
fn undecodable_records_are_malformed() {
    for text in [
        r#"[1, 2, 3]"#,
        r#""profile""#,
        r#"{"sessions": 3}"#,
        r#"{"v": -1}"#,
        r#"{"v": "2"}"#,
        r#"{"v": 2, "sessions": "many"}"#,
        r#"{"v": 2, "cart": [{"id": "a"}]}"#,
        r#"{"v": 1, "cart": [1, 2]}"#,
    ] {
        let err = Profile::load(&mut serde_json::Deserializer::from_str(text)).unwrap_err();
        assert!(
            matches!(err, ProfileError::Malformed { .. }),
            "{text}: {err:?}"
        );
        assert!(err.to_string().contains("start a fresh profile"), "{err}");
    }
}

#[test]
fn hostile_records_are_cleaned_and_bounded() {
    let many_affinities: Vec<_> = (0..1_000)
        .map(|i| json!([format!("cat-{i}"), f64::from(i), T0]))
        .collect();
    let mut many_offers: Vec<_> = (0..1_000)
        .map(|i| json!({"id": format!("o{i}"), "imp": 1, "shown": T0 + i}))
        .collect();
    many_offers.push(json!({"id": "w", "imp": 3, "shown": T0 + 5_000, "day": [i64::MAX, 3]}));
    many_offers.push(json!({"id": "never-touched", "imp": 3}));
    let many_lines: Vec<_> = (0..1_000)
        .map(|i| json!({"id": format!("p{i}"), "qty": 1_000_000, "price": -1.0, "at": T0 + i}))
        .collect();
    let many_events: Vec<_> = (0..20_000)
        .map(|i| json!({"type": "page_view", "pageType": "home", "at": T0 + i}))
        .collect();
    let mut events = many_events;
    events.push(json!({"type": "page_view", "pageType": "home", "at": -5}));
    events.push(json!({"type": "add_to_cart", "product": {"id": "z", "price": 1e300}, "quantity": 5000, "at": T0 + 25_000}));
    events.push(json!("not an event"));
    let hostile = json!({
        "v": 2,
        "aff": {
            "category": many_affinities,
            "brand": [["", 5.0, T0], ["ok", -3.0, T0], ["huge", 1e300, T0], ["late", 1.0, -7]],
            "search": [["Not Normalised", 1.0, T0], ["fine", 1.0, T0], ["fine", 2.0, T0]]
        },
        "eng": [1e300, T0],
        "cart": many_lines,
        "spent": -50.0,
        "last_order": -1,
        "search": [["UPPER", T0], ["ok", T0], ["ok", T0 + 1]],
        "offers": many_offers,
        "beacons": [["b", null, null], ["", T0, null], ["door", T0, null]],
        "events": events,
        "count": u64::MAX
    });
    let p = Profile::load(hostile).unwrap();
    let config = ProfileConfig::default();

    // The strongest categories were kept.
    assert_eq!(p.affinity_len(Dimension::Category), MAX_KEYS_PER_DIMENSION);
    assert!(p.affinity_score(Dimension::Category, "cat-999", T0, &config) > 0.0);
    assert_eq!(
        p.affinity_score(Dimension::Category, "cat-0", T0, &config),
        0.0
    );
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
    // Cart: bounded, newest kept, quantities clamped, bad prices dropped.
    assert_eq!(p.cart().len(), MAX_CART_LINES);
    assert!(p.cart().contains("p999") && !p.cart().contains("p0"));
    assert!(p
        .cart()
        .lines()
        .all(|(_, l)| l.quantity == MAX_LINE_QUANTITY && l.price.is_none()));
    assert_eq!(p.monetary(), 0.0);
    assert_eq!(p.last_purchase_at(), None);
    assert_eq!(p.recent_search_terms(), ["ok"]);
    assert_eq!(p.offers().count(), MAX_OFFERS);
    assert!(p.offer("o999").is_some() && p.offer("never-touched").is_none());
    let w = p.offer("w").unwrap();
    assert_eq!((w.impressions, w.day_impressions.count), (3, 0));
    assert_eq!(p.beacons().map(|(id, _)| id).collect::<Vec<_>>(), ["door"]);
    // Raw events: garbage dropped, sanitised, bounded to the newest.
    assert_eq!(p.raw_events().len(), HARD_MAX_RAW_EVENTS);
    assert!(p.raw_events().all(|e| e.at >= T0));
    assert_eq!(p.event_count(), (1 << 53) - 1);
    let cart_event = p
        .raw_events()
        .find(|e| matches!(e.kind, EventKind::AddToCart { .. }));
    let Some(Event {
        kind: EventKind::AddToCart { product, quantity },
        ..
    }) = cart_event
    else {
        panic!("the add-to-cart event was kept")
    };
    assert_eq!((*quantity, product.price), (MAX_LINE_QUANTITY, Some(1e9)));

    // Folding an event trims the raw events to the configured capacity.
    let mut p = p;
    p.apply(
        &at(
            T0 + 30_000,
            EventKind::PageView {
                page_type: PageType::Cart,
            },
        ),
        &config,
    );
    assert_eq!(p.raw_events().len(), config.max_raw_events);
}
