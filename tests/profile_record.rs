#![cfg(not(target_arch = "wasm32"))]
//! Loading a stored record never trusts it: hostile values are cleaned and every bound of the
//! in-memory profile is enforced. The hostile record goes through the stored bytes, as a
//! corrupt IndexedDB record would; the over-long lists go to `Profile::from_wire` directly (the
//! stored bytes refuse them: `tests/profile_bytes.rs`), which keeps their first entries.

use vitrine::engine::profile::{
    AffinitiesWire, BoughtWire, CartLineWire, Dimension, OfferWire, Profile, ProfileConfig,
    ProfileWire, LAYOUT_VERSION, MAGIC, MAX_BEACONS, MAX_CART_LINES, MAX_KEYS_PER_DIMENSION,
    MAX_LINE_QUANTITY, MAX_OFFERS, MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS,
};

/// 2026-11-23T09:30:00Z, a Monday.
const T0: i64 = 1_795_426_200_000;

/// The profile the stored bytes of `wire` load as.
fn load(wire: &ProfileWire<'_>) -> Profile {
    let body = postcard::to_allocvec(wire).expect("a wire record serializes");
    let bytes = [&MAGIC[..], &LAYOUT_VERSION.to_le_bytes(), &body].concat();
    Profile::from_bytes(&bytes).expect("a well-formed record loads")
}

#[test]
fn hostile_values_are_cleaned() {
    let cart_line = |id, qty, category, price, at| CartLineWire {
        id,
        qty,
        category,
        price,
        at,
    };
    let hostile = ProfileWire {
        aff: AffinitiesWire {
            brand: vec![
                ("", 5.0, T0),
                ("ok", -3.0, T0),
                ("huge", 1e300, T0),
                ("late", 1.0, -7),
            ],
            search: vec![
                ("Not Normalised", 1.0, T0),
                ("fine", 1.0, T0),
                ("fine", 2.0, T0),
            ],
            ..AffinitiesWire::default()
        },
        eng: (1e300, T0),
        cart: vec![
            cart_line("p", 1_000_000, None, Some(-1.0), T0),
            cart_line("", 1, None, None, T0),
            cart_line("q", 0, Some("  "), Some(1e300), -1),
        ],
        spent: -50.0,
        last_order: Some(-1),
        search: vec![("UPPER", T0), ("ok", T0), ("ok", T0 + 1)],
        offers: vec![
            OfferWire {
                id: "w",
                imp: 3,
                shown: Some(T0 + 5_000),
                day: (i64::MAX, 3),
                ..OfferWire::default()
            },
            OfferWire {
                id: "never-touched",
                imp: 3,
                ..OfferWire::default()
            },
        ],
        beacons: vec![
            ("b", None, None),
            ("", Some(T0), None),
            ("door", Some(T0), None),
        ],
        count: u64::MAX,
        ..ProfileWire::default()
    };
    let p = load(&hostile);
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
fn records_built_in_code_are_bounded_keeping_their_first_entries() {
    let ids = |prefix: &str| {
        (0..1_000)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
    };
    let (cats, products, offers) = (ids("cat-"), ids("p"), ids("o"));
    let (bought, beacons, terms) = (ids("b"), ids("z"), ids("t"));
    let at = |i: usize| T0 + i as i64;
    let wire = ProfileWire {
        aff: AffinitiesWire {
            category: cats
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i as f64, T0))
                .collect(),
            ..AffinitiesWire::default()
        },
        cart: products
            .iter()
            .enumerate()
            .map(|(i, id)| CartLineWire {
                id,
                qty: 1,
                category: None,
                price: None,
                at: at(i),
            })
            .collect(),
        offers: offers
            .iter()
            .enumerate()
            .map(|(i, id)| OfferWire {
                id,
                imp: 1,
                shown: Some(at(i)),
                ..OfferWire::default()
            })
            .collect(),
        bought: bought
            .iter()
            .enumerate()
            .map(|(i, id)| BoughtWire::once(id, at(i)))
            .collect(),
        beacons: beacons
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), Some(at(i)), None))
            .collect(),
        search: terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), at(i)))
            .collect(),
        ..ProfileWire::default()
    };
    // Longer lists than a stored record may hold: `from_wire` directly (the bytes refuse them).
    let p = Profile::from_wire(wire);
    let config = ProfileConfig::default();

    assert_eq!(p.affinity_len(Dimension::Category), MAX_KEYS_PER_DIMENSION);
    let last = format!("cat-{}", MAX_KEYS_PER_DIMENSION - 1);
    assert!(p.affinity_score(Dimension::Category, &last, T0, &config) > 0.0);
    let first_left_out = format!("cat-{MAX_KEYS_PER_DIMENSION}");
    assert_eq!(
        p.affinity_score(Dimension::Category, &first_left_out, T0, &config),
        0.0
    );
    assert_eq!(p.cart().len(), MAX_CART_LINES);
    assert!(p.cart().contains("p0") && !p.cart().contains("p999"));
    assert_eq!(p.offers().count(), MAX_OFFERS);
    assert!(p.offer("o0").is_some() && p.offer("o999").is_none());
    assert_eq!(p.recent_purchases().count(), MAX_RECENT_PURCHASES);
    assert!(p.purchased_within("b0", T0, 0) && !p.purchased_within("b999", T0 + 999, 0));
    assert_eq!(p.beacons().count(), MAX_BEACONS);
    assert_eq!(p.recent_search_terms().len(), MAX_SEARCH_TERMS);
    let newest_kept = format!("t{}", MAX_SEARCH_TERMS - 1);
    assert_eq!(p.recent_search_terms()[0], newest_kept);
}
