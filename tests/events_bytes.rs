#![cfg(not(target_arch = "wasm32"))]
//! Event batches as bytes: the cross-language vectors (tests/vectors/events.json, which
//! tests/shell/events-encode.test.mjs checks the TypeScript encoder against), limits named in
//! errors, round trips, and hostile bytes that never panic.

mod strategies;

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use strategies::{config, kind};
use vitrine::engine::codec::{ReadError, Reader};
use vitrine::engine::events::bytes::{
    decode_batch, encode_batch, wire_events, EventBytesError, EventWire,
};
use vitrine::engine::events::limits::{
    Limit, MAX_BATCH_EVENTS, MAX_ID_BYTES, MAX_PRODUCT_TAGS, MAX_PURCHASE_ITEMS, MAX_QUERY_BYTES,
    MAX_URL_BYTES,
};
use vitrine::engine::events::{Event, EventKind, PageType, Product, WireEvent};
use vitrine::engine::profile::{
    sanitize_event, MAX_ITEMS_PER_PURCHASE, MAX_QUERY_CHARS, MAX_TAGS_PER_PRODUCT,
};
use vitrine::engine::ErrorCode;

/// 2026-11-23T09:30:00Z.
const T0: i64 = 1_795_426_200_000;

#[derive(Deserialize)]
struct Vector {
    name: String,
    now: i64,
    event: Value,
    hex: String,
}

fn vectors() -> Vec<Vector> {
    serde_json::from_str(include_str!("vectors/events.json")).expect("the vectors parse")
}

fn bytes_of(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The event the JSON form describes, stamped `now` when it has no `at` (as the shell does).
fn from_json(event: &Value, now: i64) -> Event {
    let wire: WireEvent = serde_json::from_value(event.clone()).expect("a valid JSON event");
    wire.into_event(Some(now)).expect("a complete JSON event")
}

/// `event` as a batch carries it: its products' details first, as events of their own.
fn split(event: &Event) -> Vec<Event> {
    wire_events(event).map(|wire| Event::from(&wire)).collect()
}

fn one(at: i64, kind: EventKind) -> Vec<u8> {
    encode_batch(&[Event { at, kind }])
}

fn product(id: &str) -> Product {
    Product {
        id: id.into(),
        ..Product::default()
    }
}

#[test]
fn every_vector_decodes_to_its_json_event_and_encodes_back() {
    for v in vectors() {
        let event = from_json(&v.event, v.now);
        let bytes = bytes_of(&v.hex);
        assert_eq!(
            decode_batch(&bytes),
            Ok(split(&event)),
            "{}: decoding",
            v.name
        );
        assert_eq!(encode_batch(&[event]), bytes, "{}: encoding", v.name);
    }
}

#[test]
fn vectors_cover_every_type_page_type_and_optional_field() {
    let vectors = vectors();
    let events: Vec<&Value> = vectors.iter().map(|v| &v.event).collect();
    let types: BTreeSet<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(types.len(), 14, "{types:?}");
    let pages: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e["pageType"].as_str())
        .collect();
    assert_eq!(pages.len(), 7, "{pages:?}");

    // Each optional field appears, and is left out, somewhere it belongs.
    let products: Vec<&Value> = events
        .iter()
        .flat_map(|e| {
            let items = e["items"].as_array().into_iter().flatten();
            e.get("product").into_iter().chain(items)
        })
        .collect();
    let optional: [(&str, Vec<&Value>); 10] = [
        ("at", events.clone()),
        ("quantity", of_type(&events, "add_to_cart")),
        ("value", of_type(&events, "purchase")),
        ("category", products.clone()),
        ("brand", products.clone()),
        ("tags", products.clone()),
        ("price", products.clone()),
        ("name", products.clone()),
        ("url", products.clone()),
        ("image", products),
    ];
    for (field, objects) in optional {
        assert!(
            objects.iter().any(|o| o.get(field).is_some()),
            "{field} set"
        );
        assert!(
            objects.iter().any(|o| o.get(field).is_none()),
            "{field} unset"
        );
    }
}

fn of_type<'a>(events: &[&'a Value], kind: &str) -> Vec<&'a Value> {
    events
        .iter()
        .copied()
        .filter(|e| e["type"] == kind)
        .collect()
}

#[test]
fn a_batch_is_its_count_then_its_events() {
    let vectors = vectors();
    // The vectors make a 1-byte count; five copies a 2-byte count. An event whose products
    // have details is one batch event per detailed product, then itself.
    for copies in [1, 5] {
        let mut events = Vec::new();
        let mut expected = Vec::new();
        let mut count = 0;
        for _ in 0..copies {
            for v in &vectors {
                events.push(from_json(&v.event, v.now));
                let single = bytes_of(&v.hex);
                count += usize::from(single[0]);
                expected.extend_from_slice(&single[1..]);
            }
        }
        assert!((0x80..0x4000).contains(&(count * 5 / copies)));
        let mut prefix = Vec::new();
        let mut n = count;
        while n >= 0x80 {
            prefix.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        prefix.push(n as u8);
        prefix.extend_from_slice(&expected);
        let bytes = encode_batch(&events);
        assert_eq!(bytes, prefix, "{count} events");
        let split: Vec<Event> = events.iter().flat_map(split).collect();
        assert_eq!(decode_batch(&bytes), Ok(split));
    }
    assert_eq!(encode_batch(&[]), [0]);
    assert_eq!(decode_batch(&[0]), Ok(Vec::new()));
}

/// An event with a too-long value in one field, and the field's name.
fn over_long_ids() -> Vec<(EventKind, &'static str)> {
    let long = "x".repeat(MAX_ID_BYTES + 1);
    let with = |f: fn(&mut Product, String)| {
        let mut p = product("p");
        f(&mut p, "x".repeat(MAX_ID_BYTES + 1));
        p
    };
    let offer = |offer: &str, slot: &str| vitrine::engine::events::OfferRef {
        offer: offer.into(),
        slot: slot.into(),
    };
    vec![
        (
            EventKind::ProductView {
                product: with(|p, s| p.id = s),
            },
            "product.id",
        ),
        (
            EventKind::ProductView {
                product: with(|p, s| p.category = Some(s)),
            },
            "product.category",
        ),
        (
            EventKind::AddToCart {
                product: with(|p, s| p.brand = Some(s)),
                quantity: 1,
            },
            "product.brand",
        ),
        (
            EventKind::ProductView {
                product: with(|p, s| p.tags = vec!["ok".into(), s]),
            },
            "product.tags",
        ),
        (
            EventKind::Purchase {
                items: vec![product("a"), with(|p, s| p.id = s)],
                value: 0.0,
            },
            "items[].id",
        ),
        (
            EventKind::Purchase {
                items: vec![with(|p, s| p.tags = vec![s])],
                value: 0.0,
            },
            "items[].tags",
        ),
        (
            EventKind::CategoryView {
                category: long.clone(),
            },
            "category",
        ),
        (
            EventKind::RemoveFromCart {
                product_id: long.clone(),
            },
            "productId",
        ),
        (EventKind::Impression(offer(&long, "s")), "offer"),
        (EventKind::Click(offer("o", &long)), "slot"),
        (
            EventKind::BeaconExit {
                beacon: long.clone(),
            },
            "beacon",
        ),
    ]
}

#[test]
fn ids_over_the_limit_are_refused_by_field() {
    for (kind, field) in over_long_ids() {
        let page = Event {
            at: T0,
            kind: EventKind::PageView {
                page_type: PageType::Home,
            },
        };
        let bytes = encode_batch(&[page, Event { at: T0, kind }]);
        assert_eq!(
            decode_batch(&bytes),
            Err(EventBytesError::OverLimit {
                index: 1,
                field,
                limit: Limit::IdBytes
            })
        );
    }
    // At the limit, ids pass, in bytes: 64 four-byte characters are 256 bytes.
    let at_limit = "🫘".repeat(MAX_ID_BYTES / 4);
    let bytes = one(
        T0,
        EventKind::CategoryView {
            category: at_limit.clone(),
        },
    );
    assert!(decode_batch(&bytes).is_ok());
    let bytes = one(
        T0,
        EventKind::CategoryView {
            category: at_limit + "x",
        },
    );
    let err = decode_batch(&bytes).unwrap_err();
    assert_eq!(err.limit(), Some(Limit::IdBytes));
    assert_eq!(err.code(), ErrorCode::EventInvalid);
    assert_eq!(
        err.to_string(),
        "event 0: `category` is over the limit of 256 bytes (MAX_ID_BYTES); shorten it"
    );
}

#[test]
fn product_details_over_their_limits_are_refused_by_field() {
    let name = "x".repeat(MAX_ID_BYTES + 1);
    let url = format!("/{}", "u".repeat(MAX_URL_BYTES));
    type Set = fn(&mut Product, String);
    let cases: [(Set, String, &str, Limit); 3] = [
        (
            |p, s| p.name = Some(s),
            name,
            "product.name",
            Limit::IdBytes,
        ),
        (
            |p, s| p.url = Some(s),
            url.clone(),
            "product.url",
            Limit::UrlBytes,
        ),
        (
            |p, s| p.image = Some(s),
            url,
            "product.image",
            Limit::UrlBytes,
        ),
    ];
    for (set, long, field, limit) in cases {
        let mut p = product("p");
        set(&mut p, long);
        // The details travel first, as event 0; the view is event 1.
        let bytes = one(T0, EventKind::ProductView { product: p });
        let err = decode_batch(&bytes).unwrap_err();
        assert_eq!(
            err,
            EventBytesError::OverLimit {
                index: 0,
                field,
                limit
            }
        );
        assert!(err.to_string().contains(limit.name()), "{err}");
    }
    let at_limit = Product {
        name: Some("n".repeat(MAX_ID_BYTES)),
        url: Some(format!("/{}", "u".repeat(MAX_URL_BYTES - 1))),
        ..product("p")
    };
    assert!(decode_batch(&one(T0, EventKind::ProductView { product: at_limit })).is_ok());
}

#[test]
fn lists_and_queries_over_their_limits_are_refused() {
    let tags = |n: usize| (0..n).map(|i| format!("t{i}")).collect::<Vec<_>>();
    let tagged = |n: usize| EventKind::ProductView {
        product: Product {
            tags: tags(n),
            ..product("p")
        },
    };
    let items = |n: usize| EventKind::Purchase {
        items: (0..n).map(|i| product(&format!("i{i}"))).collect(),
        value: 1.0,
    };
    let query = |n: usize| EventKind::Search {
        query: "q".repeat(n),
    };
    let cases = [
        (
            tagged(MAX_PRODUCT_TAGS),
            tagged(MAX_PRODUCT_TAGS + 1),
            "product.tags",
            Limit::ProductTags,
        ),
        (
            items(MAX_PURCHASE_ITEMS),
            items(MAX_PURCHASE_ITEMS + 1),
            "items",
            Limit::PurchaseItems,
        ),
        (
            query(MAX_QUERY_BYTES),
            query(MAX_QUERY_BYTES + 1),
            "query",
            Limit::QueryBytes,
        ),
    ];
    for (at_limit, over, field, limit) in cases {
        let within = one(T0, at_limit.clone());
        assert_eq!(
            decode_batch(&within),
            Ok(vec![Event {
                at: T0,
                kind: at_limit
            }])
        );
        assert_eq!(
            decode_batch(&one(T0, over)),
            Err(EventBytesError::OverLimit {
                index: 0,
                field,
                limit
            })
        );
    }
    let message = EventBytesError::OverLimit {
        index: 3,
        field: "items[].tags",
        limit: Limit::ProductTags,
    }
    .to_string();
    assert_eq!(
        message,
        "event 3: `items[].tags` is over the limit of 64 tags (MAX_PRODUCT_TAGS); shorten it"
    );

    // Batches: at most MAX_BATCH_EVENTS.
    let page = Event {
        at: T0,
        kind: EventKind::PageView {
            page_type: PageType::Cart,
        },
    };
    let full = vec![page.clone(); MAX_BATCH_EVENTS];
    assert_eq!(
        decode_batch(&encode_batch(&full)).map(|e| e.len()),
        Ok(MAX_BATCH_EVENTS)
    );
    let err = decode_batch(&encode_batch(&vec![page; MAX_BATCH_EVENTS + 1])).unwrap_err();
    assert_eq!(
        err,
        EventBytesError::TooManyEvents {
            count: MAX_BATCH_EVENTS as u32 + 1
        }
    );
    assert_eq!(err.limit(), Some(Limit::BatchEvents));
    assert!(err.to_string().contains("at most 4096 events"), "{err}");
}

#[test]
fn static_messages_name_each_limit_with_its_value() {
    let limits = [
        Limit::IdBytes,
        Limit::QueryBytes,
        Limit::ProductTags,
        Limit::PurchaseItems,
        Limit::BatchEvents,
    ];
    for limit in limits {
        let err = EventBytesError::OverLimit {
            index: 3,
            field: "f",
            limit,
        };
        let message = err.message();
        assert!(message.contains(limit.name()), "{message}");
        assert!(message.contains(&limit.max().to_string()), "{message}");
    }
    let too_many = EventBytesError::TooManyEvents { count: 5000 };
    assert!(too_many.message().contains(&MAX_BATCH_EVENTS.to_string()));
    for err in [
        EventBytesError::MissingCount,
        EventBytesError::Truncated { index: 0 },
        EventBytesError::Undecodable { index: 0 },
        EventBytesError::NotFinite {
            index: 0,
            field: "value",
        },
        EventBytesError::TrailingBytes,
    ] {
        assert!(!err.message().is_empty());
    }
}

#[test]
fn non_finite_numbers_are_refused() {
    let priced = |price: f64| Product {
        price: Some(price),
        ..product("p")
    };
    let cases = [
        (
            EventKind::ProductView {
                product: priced(f64::NAN),
            },
            "product.price",
        ),
        (
            EventKind::AddToCart {
                product: priced(f64::INFINITY),
                quantity: 1,
            },
            "product.price",
        ),
        (
            EventKind::Purchase {
                items: vec![priced(f64::NEG_INFINITY)],
                value: 1.0,
            },
            "items[].price",
        ),
        (
            EventKind::Purchase {
                items: vec![],
                value: f64::NAN,
            },
            "value",
        ),
    ];
    for (kind, field) in cases {
        let err = decode_batch(&one(T0, kind)).unwrap_err();
        assert_eq!(err, EventBytesError::NotFinite { index: 0, field });
        assert_eq!(err.limit(), None);
        assert!(err.to_string().contains("finite number"), "{err}");
    }
}

#[test]
fn malformed_batches_are_refused_with_a_reason() {
    let page = one(
        T0,
        EventKind::PageView {
            page_type: PageType::Home,
        },
    );
    // [count 1, at T0 (6 bytes), kind, page type]
    assert_eq!(page.len(), 9);
    let with = |i: usize, b: u8| {
        let mut bytes = page.clone();
        bytes[i] = b;
        bytes
    };
    let cases: Vec<(Vec<u8>, EventBytesError)> = vec![
        (vec![], EventBytesError::MissingCount),
        (vec![0x80], EventBytesError::MissingCount),
        (
            vec![0xff, 0xff, 0xff, 0xff, 0x1f],
            EventBytesError::MissingCount,
        ),
        (
            vec![0xff, 0xff, 0xff, 0xff, 0x0f],
            EventBytesError::TooManyEvents { count: u32::MAX },
        ),
        (vec![1], EventBytesError::Truncated { index: 0 }),
        (vec![2, 0, 0, 0], EventBytesError::Truncated { index: 1 }),
        (with(7, 14), EventBytesError::Undecodable { index: 0 }),
        (with(8, 7), EventBytesError::Undecodable { index: 0 }),
        ([&page[..], &[0]].concat(), EventBytesError::TrailingBytes),
        // A product view whose category option tag is 2.
        (
            vec![1, 0, 1, 1, b'p', 2],
            EventBytesError::Undecodable { index: 0 },
        ),
        // A category that is not UTF-8.
        (
            vec![1, 0, 2, 2, 0xc3, 0x28],
            EventBytesError::Undecodable { index: 0 },
        ),
        // A query claiming 2^32 - 1 bytes, a purchase claiming 2^32 - 1 items.
        (
            vec![1, 0, 3, 0xff, 0xff, 0xff, 0xff, 0x0f, b'q'],
            EventBytesError::Truncated { index: 0 },
        ),
        (
            vec![1, 0, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 0],
            EventBytesError::Truncated { index: 0 },
        ),
    ];
    for (bytes, expected) in cases {
        let err = decode_batch(&bytes).unwrap_err();
        assert_eq!(err, expected, "{bytes:02x?}");
        assert_eq!(err.code(), ErrorCode::EventInvalid);
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn the_limits_refuse_nothing_the_profile_uses_and_match_the_shell() {
    assert_eq!(MAX_ID_BYTES, vitrine::engine::profile::MAX_ID_BYTES);
    const {
        assert!(MAX_QUERY_BYTES >= 4 * MAX_QUERY_CHARS);
        assert!(MAX_PRODUCT_TAGS >= MAX_TAGS_PER_PRODUCT);
        assert!(MAX_PURCHASE_ITEMS >= MAX_ITEMS_PER_PURCHASE);
    }
    let encoder = include_str!("../shell/src/events-encode.ts");
    let declared = format!("export const MAX_BATCH_EVENTS = {MAX_BATCH_EVENTS};");
    assert!(encoder.contains(&declared), "the shell declares {declared}");
    // The shell checks events against the same limits before it encodes them.
    let checker = include_str!("../shell/src/event-check.ts");
    for (name, value) in [
        ("MAX_ID_BYTES", MAX_ID_BYTES),
        ("MAX_URL_BYTES", MAX_URL_BYTES),
        ("MAX_QUERY_BYTES", MAX_QUERY_BYTES),
        ("MAX_PRODUCT_TAGS", MAX_PRODUCT_TAGS),
        ("MAX_PURCHASE_ITEMS", MAX_PURCHASE_ITEMS),
    ] {
        let declared = format!("export const {name} = {value};");
        assert!(
            checker.contains(&declared),
            "event-check.ts declares {declared}"
        );
    }
}

fn event() -> impl Strategy<Value = Event> {
    (any::<i64>(), kind()).prop_map(|(at, kind)| Event { at, kind })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn events_the_profile_keeps_round_trip(events in proptest::collection::vec(event(), 0..16)) {
        let kept: Vec<Event> = events.iter().filter_map(sanitize_event).collect();
        prop_assert_eq!(decode_batch(&encode_batch(&kept)), Ok(kept));
    }

    #[test]
    fn any_event_round_trips_or_names_its_problem(events in proptest::collection::vec(event(), 0..16)) {
        match decode_batch(&encode_batch(&events)) {
            Ok(back) => prop_assert_eq!(back, events.iter().flat_map(split).collect::<Vec<_>>()),
            Err(error) => prop_assert!(
                matches!(error, EventBytesError::OverLimit { .. } | EventBytesError::NotFinite { .. }),
                "{:?}", error
            ),
        }
    }

    /// The hand-written reader reads an event from any bytes as postcard reads the derived
    /// `EventWire`: the same event and the same bytes left, or the same kind of error (the
    /// input's end, or anything else). Encoded events with a byte changed, and noise.
    #[test]
    fn the_reader_agrees_with_postcard_on_any_bytes(
        event in event(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        noise in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut bytes = encode_batch(std::slice::from_ref(&event))[1..].to_vec();
        let i = at.index(bytes.len());
        let original = bytes.clone();
        bytes[i] = byte;
        for input in [original, bytes, noise] {
            let mut r = Reader::new(&input);
            let ours = EventWire::read(&mut r).map(|wire| (wire, r.rest().len()));
            match (postcard::take_from_bytes::<EventWire>(&input), ours) {
                // Compared by their encoding: NaN is not equal to itself.
                (Ok((theirs, rest)), Ok((ours, left))) => prop_assert_eq!(
                    (postcard::to_allocvec(&theirs).unwrap(), rest.len()),
                    (postcard::to_allocvec(&ours).unwrap(), left)
                ),
                (Err(theirs), Err(ours)) => prop_assert_eq!(
                    theirs == postcard::Error::DeserializeUnexpectedEnd,
                    ours == ReadError::End
                ),
                (theirs, ours) => prop_assert!(false, "postcard {:?}, here {:?}", theirs, ours),
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(events) = decode_batch(&bytes) {
            prop_assert_eq!(decode_batch(&encode_batch(&events)), Ok(events));
        }
    }

    #[test]
    fn truncations_fail_and_bit_flips_never_panic(
        events in proptest::collection::vec(event(), 1..8),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 16),
        flips in proptest::collection::vec(any::<prop::sample::Index>(), 16),
    ) {
        let bytes = encode_batch(&events);
        for cut in cuts {
            let prefix = &bytes[..cut.index(bytes.len())];
            prop_assert!(decode_batch(prefix).is_err(), "a prefix of {} bytes decoded", prefix.len());
        }
        for flip in flips {
            let bit = flip.index(bytes.len() * 8);
            let mut flipped = bytes.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            if let Ok(events) = decode_batch(&flipped) {
                prop_assert_eq!(decode_batch(&encode_batch(&events)), Ok(events));
            }
        }
    }
}
