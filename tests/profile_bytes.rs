#![cfg(not(target_arch = "wasm32"))]
//! The stored profile as bytes (`"VPRF" | u16 layout | postcard(ProfileWire)`): a pinned
//! layout, round trips of generated profiles, and hostile bytes that give an error or a clean
//! profile, never a panic.

mod strategies;

use proptest::prelude::*;
use strategies::{config, op, profile_config, run};
use vitrine::engine::clock::{DAY_MS, HOUR_MS};
use vitrine::engine::events::{Event, EventKind, Scale};
use vitrine::engine::profile::{
    AffinitiesWire, BoughtWire, CartLineWire, Dimension, OfferWire, Profile, ProfileBytesError,
    ProfileConfig, ProfileWire, LAYOUT_VERSION, MAGIC, MAX_BEACONS, MAX_CART_LINES,
    MAX_KEYS_PER_DIMENSION, MAX_OFFERS, MAX_PRODUCT_CARDS, MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS,
    MAX_SURVEY_ANSWERS,
};
use vitrine::engine::ErrorCode;

/// 2026-11-23T09:30:00Z.
const T0: i64 = 1_795_426_200_000;

/// One entry in every list, a value in every field.
fn golden_wire() -> ProfileWire<'static> {
    ProfileWire {
        aff: AffinitiesWire {
            category: vec![("coffee", 2.5, T0)],
            brand: vec![("acme", 1.0, T0 - 1)],
            tag: vec![("organic", 0.25, T0 - 2)],
            search: vec![("beans", 3.0, T0 - 3)],
        },
        eng: (4.5, T0),
        cart: vec![CartLineWire {
            id: "sku-1",
            qty: 2,
            category: Some("coffee"),
            price: Some(12.5),
            at: T0,
        }],
        orders: 3,
        last_order: Some(T0 - DAY_MS),
        spent: 99.75,
        bought: vec![BoughtWire {
            id: "sku-9",
            category: Some("coffee"),
            trips: 3,
            at: T0 - DAY_MS,
            log_sum: 6.0,
            log_sq_sum: 12.5,
        }],
        rhythm: Some((2, T0 - DAY_MS, 3.0, 9.0)),
        sessions: 7,
        session_start: Some(T0 - HOUR_MS),
        session_pages: 4,
        first_seen: Some(T0 - 30 * DAY_MS),
        last_seen: Some(T0),
        search: vec![("beans", T0 - 3)],
        offers: vec![OfferWire {
            id: "summer",
            imp: 5,
            clk: 1,
            dis: 0,
            shown: Some(T0),
            clicked: Some(T0 - 60_000),
            dismissed: None,
            session: (7, 2),
            day: (20_780, 3),
            week: (2_968, 4),
            fatigue: (1.5, T0),
        }],
        beacons: vec![("door", Some(T0 - 60_000), Some(T0 - 30_000))],
        count: 123,
        cards: vec![(
            "sku-9",
            "Northbean espresso 1 kg",
            "/p/sku-9",
            Some("https://cdn.example/sku-9.jpg"),
            T0 - DAY_MS,
            Some(T0 - 2 * DAY_MS),
        )],
        answers: vec![("nps-2026", Scale::Nps, 9, T0 - HOUR_MS)],
    }
}

/// The golden record's bytes: a change here is a new layout, which needs a new
/// `LAYOUT_VERSION` and a reader for the old one (stored profiles must keep loading).
const GOLDEN: &str = concat!(
    "5650524604000106636f66666565000000000000044080a7edfbc068010461636d65000000000000f03ffe",
    "a6edfbc06801076f7267616e6963000000000000d03ffca6edfbc06801056265616e730000000000000840",
    "faa6edfbc068000000000000124080a7edfbc0680105736b752d31020106636f6666656501000000000000",
    "294080a7edfbc068030180b7baa9c0680000000000f058400105736b752d390106636f666665650380b7ba",
    "a9c06800000000000018400000000000002940010280b7baa9c06800000000000008400000000000002240",
    "070180edb5f8c06804018087f7d3ad680180a7edfbc06801056265616e73faa6edfbc068010673756d6d65",
    "720501000180a7edfbc06801c0fde5fbc068000e02d8c40203b02e04000000000000f83f80a7edfbc06801",
    "04646f6f7201c0fde5fbc06801a0d2e9fbc0687b0105736b752d39174e6f7274686265616e206573707265",
    "73736f2031206b67082f702f736b752d39011d68747470733a2f2f63646e2e6578616d706c652f736b752d",
    "392e6a706780b7baa9c0680180c787d7bf6801086e70732d32303236000980edb5f8c068",
);

/// The golden record in layout 3 (before survey answers): what devices stored until layout 4.
const GOLDEN_LAYOUT_3: &str = concat!(
    "5650524603000106636f66666565000000000000044080a7edfbc068010461636d65000000000000f03ffe",
    "a6edfbc06801076f7267616e6963000000000000d03ffca6edfbc06801056265616e730000000000000840",
    "faa6edfbc068000000000000124080a7edfbc0680105736b752d31020106636f6666656501000000000000",
    "294080a7edfbc068030180b7baa9c0680000000000f058400105736b752d390106636f666665650380b7ba",
    "a9c06800000000000018400000000000002940010280b7baa9c06800000000000008400000000000002240",
    "070180edb5f8c06804018087f7d3ad680180a7edfbc06801056265616e73faa6edfbc068010673756d6d65",
    "720501000180a7edfbc06801c0fde5fbc068000e02d8c40203b02e04000000000000f83f80a7edfbc06801",
    "04646f6f7201c0fde5fbc06801a0d2e9fbc0687b0105736b752d39174e6f7274686265616e206573707265",
    "73736f2031206b67082f702f736b752d39011d68747470733a2f2f63646e2e6578616d706c652f736b752d",
    "392e6a706780b7baa9c0680180c787d7bf68",
);

/// The golden record in layout 2 (before product details): what devices stored until layout 3.
const GOLDEN_LAYOUT_2: &str = concat!(
    "5650524602000106636f66666565000000000000044080a7edfbc068010461636d65000000000000f03f",
    "fea6edfbc06801076f7267616e6963000000000000d03ffca6edfbc06801056265616e73000000000000",
    "0840faa6edfbc068000000000000124080a7edfbc0680105736b752d31020106636f6666656501000000",
    "000000294080a7edfbc068030180b7baa9c0680000000000f058400105736b752d390106636f66666565",
    "0380b7baa9c06800000000000018400000000000002940010280b7baa9c0680000000000000840000000",
    "0000002240070180edb5f8c06804018087f7d3ad680180a7edfbc06801056265616e73faa6edfbc06801",
    "0673756d6d65720501000180a7edfbc06801c0fde5fbc068000e02d8c40203b02e04000000000000f83f",
    "80a7edfbc0680104646f6f7201c0fde5fbc06801a0d2e9fbc0687b",
);

/// The golden record in layout 1 (before purchase rhythms): what devices stored until layout 2.
const GOLDEN_LAYOUT_1: &str = concat!(
    "5650524601000106636f66666565000000000000044080a7edfbc068010461636d65000000000000f03ffea6",
    "edfbc06801076f7267616e6963000000000000d03ffca6edfbc06801056265616e7300000000000008",
    "40faa6edfbc068000000000000124080a7edfbc0680105736b752d31020106636f666665650100000000",
    "0000294080a7edfbc068030180b7baa9c0680000000000f058400105736b752d3980b7baa9c068070180",
    "edb5f8c06804018087f7d3ad680180a7edfbc06801056265616e73faa6edfbc068010673756d6d657205",
    "01000180a7edfbc06801c0fde5fbc068000e02d8c40203b02e04000000000000f83f80a7edfbc0680104",
    "646f6f7201c0fde5fbc06801a0d2e9fbc0687b",
);

/// A generated id that lives as long as the test (records borrow their texts).
fn name(id: String) -> &'static str {
    Box::leak(id.into_boxed_str())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// Bytes for a record built in code, valid or not.
fn encode(wire: &ProfileWire<'_>) -> Vec<u8> {
    let body = postcard::to_allocvec(wire).expect("a wire record serializes");
    [&MAGIC[..], &LAYOUT_VERSION.to_le_bytes(), &body].concat()
}

#[test]
fn the_empty_profile_is_its_header_and_37_zero_bytes() {
    let bytes = Profile::new().to_bytes();
    assert_eq!(bytes, [&b"VPRF\x04\x00"[..], &[0; 37]].concat());
    assert_eq!(Profile::from_bytes(&bytes), Ok(Profile::new()));
}

#[test]
fn the_layout_is_pinned() {
    let wire = golden_wire();
    let p = Profile::from_wire(wire.clone());
    assert_eq!(p.to_wire(), wire, "the golden record is valid as it is");
    assert_eq!(hex(&p.to_bytes()), GOLDEN);
    assert_eq!(encode(&wire), p.to_bytes());
    let back = Profile::from_bytes(&p.to_bytes()).unwrap();
    assert_eq!(back, p);
    // It reads as written.
    let config = ProfileConfig::default();
    assert_eq!(
        back.affinity_score(Dimension::Category, "coffee", T0, &config),
        2.5
    );
    assert_eq!(back.cart().get("sku-1").map(|l| l.price), Some(Some(12.5)));
    assert_eq!(
        back.offer("summer").map(|o| o.shown_on_day(20_780)),
        Some(3)
    );
    assert_eq!((back.sessions(), back.event_count()), (7, 123));
    let card = back.card("sku-9").expect("the product's details");
    assert_eq!(
        (card.name.as_str(), card.viewed_at),
        ("Northbean espresso 1 kg", Some(T0 - 2 * DAY_MS))
    );
    assert_eq!(back.answer("nps-2026").map(|a| a.score), Some(9));
    assert_eq!(back.nps_group(), Some("promoter"));
}

#[test]
fn layout_1_profiles_load_with_each_purchase_as_one_trip() {
    let old = Profile::from_bytes(&unhex(GOLDEN_LAYOUT_1)).expect("layout 1 still loads");
    let mut expected = golden_wire();
    expected.bought = vec![BoughtWire::once("sku-9", T0 - DAY_MS)];
    expected.rhythm = Some((1, T0 - DAY_MS, 0.0, 0.0));
    expected.cards = Vec::new();
    expected.answers = Vec::new();
    assert_eq!(old.to_wire(), expected);
    assert_eq!(old.purchased_at("sku-9"), Some(T0 - DAY_MS));
    // Saved again, it is the current layout.
    assert_eq!(&old.to_bytes()[4..6], &LAYOUT_VERSION.to_le_bytes());
}

#[test]
fn layout_2_profiles_load_without_product_details() {
    let old = Profile::from_bytes(&unhex(GOLDEN_LAYOUT_2)).expect("layout 2 still loads");
    let mut expected = golden_wire();
    expected.cards = Vec::new();
    expected.answers = Vec::new();
    assert_eq!(old.to_wire(), expected);
    assert_eq!(&old.to_bytes()[4..6], &LAYOUT_VERSION.to_le_bytes());
}

#[test]
fn layout_3_profiles_load_without_survey_answers() {
    let old = Profile::from_bytes(&unhex(GOLDEN_LAYOUT_3)).expect("layout 3 still loads");
    let mut expected = golden_wire();
    expected.answers = Vec::new();
    assert_eq!(old.to_wire(), expected);
    assert_eq!(&old.to_bytes()[4..6], &LAYOUT_VERSION.to_le_bytes());
    assert_eq!(LAYOUT_VERSION, 4);
}

#[test]
fn wrong_headers_are_refused() {
    let body = &Profile::new().to_bytes()[6..];
    let with_header = |header: &[u8]| [header, body].concat();
    let cases = [
        (Vec::new(), ProfileBytesError::NotAProfile),
        (b"VPR".to_vec(), ProfileBytesError::NotAProfile),
        (with_header(b"VPRG\x01\x00"), ProfileBytesError::NotAProfile),
        (br#"{"v":2}"#.to_vec(), ProfileBytesError::NotAProfile),
        (b"VPRF".to_vec(), ProfileBytesError::Truncated),
        (b"VPRF\x01".to_vec(), ProfileBytesError::Truncated),
        (
            with_header(b"VPRF\x00\x00"),
            ProfileBytesError::UnsupportedLayout { found: 0 },
        ),
        (
            with_header(b"VPRF\x05\x00"),
            ProfileBytesError::UnsupportedLayout { found: 5 },
        ),
        (
            with_header(b"VPRF\x00\x01"),
            ProfileBytesError::UnsupportedLayout { found: 256 },
        ),
        (b"VPRF\x01\x00".to_vec(), ProfileBytesError::Truncated),
        (
            [&Profile::new().to_bytes()[..], &[0]].concat(),
            ProfileBytesError::TrailingBytes,
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(Profile::from_bytes(&bytes), Err(expected), "{bytes:02x?}");
    }
}

#[test]
fn every_error_is_storage_corrupt_with_a_short_message() {
    let all = [
        ProfileBytesError::NotAProfile,
        ProfileBytesError::UnsupportedLayout { found: 9 },
        ProfileBytesError::Truncated,
        ProfileBytesError::Malformed,
        ProfileBytesError::TrailingBytes,
    ];
    for error in all {
        assert_eq!(error.code(), ErrorCode::StorageCorrupt);
        let message = error.message();
        assert!(message.starts_with("the stored profile") && message.len() < 80);
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn lists_longer_than_a_profile_keeps_are_refused() {
    type Grow = fn(&mut ProfileWire<'static>, usize);
    let lists: [(&str, usize, Grow); 10] = [
        ("aff.category", MAX_KEYS_PER_DIMENSION, |w, n| {
            w.aff.category = (0..n).map(|i| (name(format!("c{i}")), 1.0, T0)).collect()
        }),
        ("aff.brand", MAX_KEYS_PER_DIMENSION, |w, n| {
            w.aff.brand = (0..n).map(|i| (name(format!("b{i}")), 1.0, T0)).collect()
        }),
        ("aff.tag", MAX_KEYS_PER_DIMENSION, |w, n| {
            w.aff.tag = (0..n).map(|i| (name(format!("t{i}")), 1.0, T0)).collect()
        }),
        ("aff.search", MAX_KEYS_PER_DIMENSION, |w, n| {
            w.aff.search = (0..n).map(|i| (name(format!("s{i}")), 1.0, T0)).collect()
        }),
        ("cart", MAX_CART_LINES, |w, n| {
            w.cart = (0..n)
                .map(|i| CartLineWire {
                    id: name(format!("p{i}")),
                    qty: 1,
                    category: None,
                    price: None,
                    at: T0,
                })
                .collect()
        }),
        ("bought", MAX_RECENT_PURCHASES, |w, n| {
            w.bought = (0..n)
                .map(|i| BoughtWire::once(name(format!("p{i}")), T0))
                .collect()
        }),
        ("search", MAX_SEARCH_TERMS, |w, n| {
            w.search = (0..n).map(|i| (name(format!("s{i}")), T0)).collect()
        }),
        ("offers", MAX_OFFERS, |w, n| {
            w.offers = (0..n)
                .map(|i| OfferWire {
                    id: name(format!("o{i}")),
                    shown: Some(T0),
                    ..OfferWire::default()
                })
                .collect()
        }),
        ("beacons", MAX_BEACONS, |w, n| {
            w.beacons = (0..n)
                .map(|i| (name(format!("z{i}")), Some(T0), None))
                .collect()
        }),
        (
            "beacons at the end of a full record",
            MAX_BEACONS,
            |w, n| {
                *w = golden_wire();
                w.beacons = (0..n)
                    .map(|i| (name(format!("z{i}")), Some(T0), None))
                    .collect()
            },
        ),
    ];
    let cards: (&str, usize, Grow) = ("cards", MAX_PRODUCT_CARDS, |w, n| {
        w.cards = (0..n)
            .map(|i| (name(format!("p{i}")), "A product", "/p", None, T0, None))
            .collect()
    });
    let answers: (&str, usize, Grow) = ("answers", MAX_SURVEY_ANSWERS, |w, n| {
        w.answers = (0..n)
            .map(|i| (name(format!("s{i}")), Scale::Csat, 4, T0))
            .collect()
    });
    for (name, cap, grow) in lists.into_iter().chain([cards, answers]) {
        let mut wire = ProfileWire::default();
        grow(&mut wire, cap);
        assert!(Profile::from_bytes(&encode(&wire)).is_ok(), "{name}: {cap}");
        grow(&mut wire, cap + 1);
        assert_eq!(
            Profile::from_bytes(&encode(&wire)),
            Err(ProfileBytesError::Malformed),
            "{name}: {}",
            cap + 1
        );
    }
}

#[test]
fn stated_lengths_beyond_the_input_fail_at_once() {
    let header = b"VPRF\x01\x00";
    // 2^32 - 1 categories, then nothing.
    let many = [&header[..], &[0xff, 0xff, 0xff, 0xff, 0x0f]].concat();
    assert_eq!(
        Profile::from_bytes(&many),
        Err(ProfileBytesError::Truncated)
    );
    // One category whose key claims 2^32 - 1 bytes.
    let long_key = [&header[..], &[1, 0xff, 0xff, 0xff, 0xff, 0x0f, b'k']].concat();
    assert_eq!(
        Profile::from_bytes(&long_key),
        Err(ProfileBytesError::Truncated)
    );
    // A varint longer than a u64.
    let bad_varint = [&header[..], &[0xff; 11]].concat();
    assert_eq!(
        Profile::from_bytes(&bad_varint),
        Err(ProfileBytesError::Malformed)
    );
    // An option tag that is neither 0 nor 1 (`last_order`).
    let mut bad_option = Profile::new().to_bytes();
    bad_option[6 + 4 + 9 + 2] = 2;
    assert_eq!(
        Profile::from_bytes(&bad_option),
        Err(ProfileBytesError::Malformed)
    );
}

#[test]
fn non_finite_and_invalid_values_are_cleaned() {
    let mut wire = golden_wire();
    wire.aff.category = vec![
        ("nan", f64::NAN, T0),
        ("inf", f64::INFINITY, T0),
        ("negative", -1.0, T0),
        ("", 1.0, T0),
        ("ok", 1.0, T0),
    ];
    wire.aff.search = vec![("Not Normal", 1.0, T0)];
    wire.eng = (f64::NAN, T0);
    wire.spent = f64::NEG_INFINITY;
    wire.cart[0].price = Some(f64::NAN);
    wire.cart.push(CartLineWire {
        id: "late",
        qty: 0,
        category: None,
        price: None,
        at: -5,
    });
    wire.offers[0].fatigue = (f64::INFINITY, T0);
    wire.offers[0].week = (i64::MIN, 4);
    wire.first_seen = Some(i64::MAX);
    wire.count = u64::MAX;
    let p = Profile::from_bytes(&encode(&wire)).unwrap();
    let config = ProfileConfig::default();
    let categories: Vec<&str> = p
        .affinity_entries(Dimension::Category)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(categories, ["ok"]);
    assert_eq!(p.affinity_len(Dimension::SearchTerm), 0);
    assert_eq!(p.engagement(T0, &config), 0.0);
    assert_eq!(p.monetary(), 0.0);
    assert_eq!(p.cart().product_ids().collect::<Vec<_>>(), ["sku-1"]);
    assert_eq!(p.cart().get("sku-1").unwrap().price, None);
    let offer = p.offer("summer").unwrap();
    assert_eq!((offer.fatigue(T0), offer.week_impressions.count), (0.0, 0));
    assert_eq!(p.first_seen_at(), None);
    assert_eq!(p.event_count(), (1 << 53) - 1);
    // What loads saves and loads again unchanged.
    assert_eq!(Profile::from_bytes(&p.to_bytes()), Ok(p));
}

fn reload(bytes: &[u8]) -> Result<Profile, ProfileBytesError> {
    Profile::from_bytes(bytes)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_profiles_round_trip(
        ops in proptest::collection::vec(op(), 0..300),
        config in profile_config(),
    ) {
        let (p, clock) = run(&ops, &config);
        let bytes = p.to_bytes();
        // The hand-written writer writes what postcard writes for the record.
        prop_assert_eq!(&bytes, &encode(&p.to_wire()));
        let back = reload(&bytes).expect("a profile's own bytes load");
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(back.to_bytes(), bytes, "the layout is canonical");
        // The reloaded profile keeps evolving identically.
        let mut a = p;
        let mut b = back;
        let next = Event { at: clock + 1, kind: EventKind::Search { query: "next step".into() } };
        a.apply(&next, &config);
        b.apply(&next, &config);
        prop_assert_eq!(a, b);
    }

    /// Loading with retention (what the browser's engine does) gives what loading and then
    /// pruning gives, whenever the retention cutoff falls.
    #[test]
    fn loading_since_a_cutoff_is_loading_then_pruning(
        ops in proptest::collection::vec(op(), 0..300),
        config in profile_config(),
        later_days in 0i64..60,
    ) {
        let (p, clock) = run(&ops, &config);
        let bytes = p.to_bytes();
        let now = clock + later_days * DAY_MS;
        let cutoff = config.retention_cutoff(now);
        let mut pruned = Profile::from_bytes(&bytes).expect("a profile's own bytes load");
        pruned.prune(now, &config);
        prop_assert_eq!(Profile::from_bytes_since(&bytes, cutoff), Ok(pruned));
    }

    /// The hand-written reader reads any bytes as postcard reads them into a record, with the
    /// same error (its end, or anything else) when they do not read: arbitrary bodies, and the
    /// golden record with a byte changed or cut short.
    #[test]
    fn the_reader_agrees_with_postcard_on_any_bytes(
        noise in proptest::collection::vec(any::<u8>(), 0..256),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut golden = encode(&golden_wire())[6..].to_vec();
        let i = at.index(golden.len());
        golden[i] = byte;
        let cut_short = golden[..cut.index(golden.len())].to_vec();
        for body in [noise, golden, cut_short] {
            let reference = match postcard::take_from_bytes::<ProfileWire>(&body) {
                Ok((wire, [])) => Ok(Profile::from_wire(wire)),
                Ok(_) => Err(ProfileBytesError::TrailingBytes),
                Err(postcard::Error::DeserializeUnexpectedEnd) => Err(ProfileBytesError::Truncated),
                Err(_) => Err(ProfileBytesError::Malformed),
            };
            let bytes = [&MAGIC[..], &LAYOUT_VERSION.to_le_bytes(), &body].concat();
            prop_assert_eq!(Profile::from_bytes(&bytes), reference, "{:02x?}", body);
        }
    }

    #[test]
    fn arbitrary_bytes_give_an_error_or_a_stable_profile(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        with_header in any::<bool>(),
    ) {
        let bytes = if with_header { [&b"VPRF\x01\x00"[..], &body].concat() } else { body };
        if let Ok(p) = reload(&bytes) {
            prop_assert_eq!(reload(&p.to_bytes()), Ok(p));
        }
    }

    #[test]
    fn truncations_fail_and_bit_flips_never_panic(
        ops in proptest::collection::vec(op(), 0..100),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 16),
        flips in proptest::collection::vec(any::<prop::sample::Index>(), 16),
    ) {
        let (p, _) = run(&ops, &ProfileConfig::default());
        let bytes = p.to_bytes();
        for cut in cuts {
            let prefix = &bytes[..cut.index(bytes.len())];
            prop_assert!(reload(prefix).is_err(), "a prefix of {} bytes loaded", prefix.len());
        }
        for flip in flips {
            let bit = flip.index(bytes.len() * 8);
            let mut flipped = bytes.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            if let Ok(q) = reload(&flipped) {
                prop_assert_eq!(reload(&q.to_bytes()), Ok(q));
            }
        }
    }
}
