//! The boundary, called natively as the shell calls it in the browser: bytes and numbers in,
//! codes and bytes out. Uses the demo's signed catalog (`www/catalog.bin`). (Unit tests: the
//! crate is a cdylib only, so that release LTO applies to it.)

use super::{refresh_backoff, refresh_due, Engine};
use vitrine::engine::catalog::binary::{self, CatalogHeader, HEADER_LEN};
use vitrine::engine::events::bytes::{encode_batch, EventBytesError};
use vitrine::engine::events::{Event, EventKind, Product, Scale};
use vitrine::engine::signature::Envelope;
use vitrine::engine::ErrorCode;

/// 2026-11-24T10:00:00Z: after the demo catalog's signing, before its expiry.
const NOW: f64 = 1_795_514_400_000.0;

fn demo_payload() -> Vec<u8> {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/catalog.bin")).unwrap();
    Envelope::parse(&bytes).unwrap().payload.to_vec()
}

/// The demo payload re-headed with another sequence and expiry (the body is unchanged).
fn with_header(payload: &[u8], sequence: u64, expires_at: i64) -> Vec<u8> {
    let header = CatalogHeader {
        sequence,
        expires_at,
        ..CatalogHeader::read(payload).unwrap()
    };
    let mut out = header.to_bytes().to_vec();
    out.extend_from_slice(&payload[HEADER_LEN..]);
    out
}

/// A context with nothing set but one slot, `home-hero` (postcard: seven `None`s, no excluded
/// campaigns, then the slot list).
fn home_hero() -> Vec<u8> {
    [&[0u8; 8][..], &[1, 9], b"home-hero"].concat()
}

/// The last failure's message as text.
fn message(engine: &Engine) -> String {
    String::from_utf8(engine.message()).unwrap()
}

fn engine() -> Engine {
    let mut engine = Engine::new(b"device-1", 90, None);
    assert_eq!(
        engine.catalog(&demo_payload(), NOW, true),
        ErrorCode::Ok as u8
    );
    engine
}

#[test]
fn a_verified_payload_is_used_and_decides() {
    let mut engine = engine();
    assert_eq!(engine.catalog_version(), b"2026-11-23.1");
    let answer = engine.decide(&home_hero(), 1, NOW, false);
    assert!(!answer.is_empty(), "a decision for one slot");
    assert!(!engine.offer(0).is_empty());
    assert!(
        engine.offer(u32::MAX).is_empty(),
        "no such offer: empty, no panic"
    );
}

#[test]
fn older_and_expired_catalogs_are_refused_with_their_codes() {
    let payload = demo_payload();
    let sequence = CatalogHeader::read(&payload).unwrap().sequence;
    let far = i64::MAX;
    let mut engine = Engine::new(b"d", 90, None);
    let newer = with_header(&payload, sequence + 1, far);
    assert_eq!(engine.catalog(&newer, NOW, true), ErrorCode::Ok as u8);
    let older = with_header(&payload, sequence, far);
    assert_eq!(
        engine.catalog(&older, NOW, true),
        ErrorCode::CatalogRollback as u8
    );
    assert!(
        message(&engine).contains("lower than"),
        "{}",
        message(&engine)
    );
    let expired = with_header(&payload, sequence + 2, NOW as i64 - 1);
    assert_eq!(
        engine.catalog(&expired, NOW, true),
        ErrorCode::CatalogExpired as u8
    );
    assert_eq!(
        engine.catalog(&expired, NOW, false),
        ErrorCode::CatalogExpired as u8
    );
    assert_eq!(
        engine.catalog(b"VCAT-not-really", NOW, true),
        ErrorCode::CatalogInvalid as u8
    );
    let decided = engine.decide(&home_hero(), 1, NOW, false);
    assert!(!decided.is_empty(), "the newer catalog is still in use");
}

#[test]
fn events_fold_into_the_profile_and_erasure_drops_older_ones() {
    let mut engine = engine();
    engine.set_personalize(true);
    let view = |at: i64| Event {
        at,
        kind: EventKind::ProductView {
            product: Product {
                id: "sku-1".into(),
                category: Some("coffee".into()),
                ..Product::default()
            },
        },
    };
    let empty = engine.profile_bytes();
    let batch = encode_batch(&[view(NOW as i64 - 1000)]);
    assert_eq!(engine.apply(&batch, NOW), ErrorCode::Ok as u8);
    assert_eq!(
        engine.profile_bytes(),
        empty,
        "an event before the erasure is dropped"
    );
    assert_eq!(engine.apply(&batch, 0.0), ErrorCode::Ok as u8);
    let learned = engine.profile_bytes();
    assert_ne!(learned, empty);
    assert_eq!(engine.load_profile(&learned, NOW), ErrorCode::Ok as u8);
    assert_eq!(engine.profile_bytes(), learned, "stored bytes load back");
    assert_eq!(
        engine.apply(b"\x01\xff", 0.0),
        ErrorCode::EventInvalid as u8
    );
}

#[test]
fn corrupt_profile_bytes_start_an_empty_profile_with_a_code() {
    let mut engine = engine();
    let empty = engine.profile_bytes();
    assert_eq!(
        engine.load_profile(b"VPRF\x01\x00\xff\xff", NOW),
        ErrorCode::StorageCorrupt as u8
    );
    assert_eq!(engine.profile_bytes(), empty);
    assert_eq!(engine.load_profile(&[], NOW), ErrorCode::Ok as u8);
}

#[test]
fn without_consent_nothing_is_learned() {
    let mut engine = engine();
    let empty = engine.profile_bytes();
    let batch = encode_batch(&[Event {
        at: NOW as i64,
        kind: EventKind::CategoryView {
            category: "tea".into(),
        },
    }]);
    assert_eq!(engine.apply(&batch, 0.0), ErrorCode::Ok as u8);
    assert_eq!(engine.profile_bytes(), empty);
}

#[test]
fn a_bad_context_is_refused_without_deciding() {
    let mut engine = engine();
    assert!(engine.decide(&[0xff; 3], 1, NOW, false).is_empty());
    assert!(message(&engine).starts_with("the decision context does not decode or is over a limit"));
    // Over a limit: a UTC offset of more than 18 hours (the shell never encodes one).
    // Six absent options, an offset of 1200 minutes (zigzag varint e0 12), no exclusions, one
    // slot "s".
    let far = [&[0u8; 6][..], &[1, 0xe0, 0x12], &[0, 1, 1, b's']].concat();
    assert!(engine.decide(&far, 1, NOW, false).is_empty());
    assert!(message(&engine).starts_with("the decision context does not decode or is over a limit"));
}

#[test]
fn refresh_policy_is_exposed_as_numbers() {
    assert!(refresh_due(60_000.0, 0.0, 0.0, 120_000.0));
    assert!(!refresh_due(60_000.0, 100_000.0, 0.0, 120_000.0));
    assert!(refresh_backoff(60_000.0, 1, 0.5) > 0.0);
    let _ = binary::FORMAT_VERSION;
}

#[test]
fn the_measurement_scope_names_the_catalog_its_offers_its_surveys_and_the_time_zone_in_effect() {
    use vitrine::engine::measurement::CatalogScope;
    use vitrine::engine::survey::Scale;
    assert!(Engine::new(b"d", 90, None).measurement_scope().is_empty());
    let (offset, scope) = CatalogScope::from_bytes(&engine().measurement_scope()).unwrap();
    let (_, catalog) = binary::decode(&demo_payload()).unwrap();
    let scope = scope.unwrap();
    assert_eq!((offset, scope.version()), (60, "2026-11-23.1"));
    // The demo's one survey, an NPS question, adds its three answer buckets.
    assert_eq!(scope.pairs() as usize, 3 * catalog.offers.len() + 3);
    assert!(catalog.offers.iter().all(|o| scope.contains(&o.id)));
    assert_eq!(scope.survey("nps-2026"), Some(Scale::Nps));
    assert_eq!(Some(scope), CatalogScope::from_catalog(&catalog).ok());
    let mut shifted = Engine::new(b"d", 90, Some(-300));
    assert_eq!(
        shifted.catalog(&demo_payload(), NOW, true),
        ErrorCode::Ok as u8
    );
    let (offset, _) = CatalogScope::from_bytes(&shifted.measurement_scope()).unwrap();
    assert_eq!(offset, -300, "the shop's override");
}

/// The bytes `needle` appear in `haystack`.
fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_viewed_products_details_fill_the_demos_recently_viewed_template() {
    let mut engine = engine();
    engine.set_personalize(true);
    let kettle = Product {
        id: "aurora-gooseneck-kettle".into(),
        name: Some("Gooseneck Kettle, 1 l".into()),
        url: Some("/product/aurora-gooseneck-kettle".into()),
        image: Some("/img/products/aurora-gooseneck-kettle.svg".into()),
        ..Product::default()
    };
    let batch = encode_batch(&[Event {
        at: NOW as i64 - 60_000,
        kind: EventKind::ProductView { product: kettle },
    }]);
    assert_eq!(engine.apply(&batch, 0.0), ErrorCode::Ok as u8);
    let category_top = [&[0u8; 8][..], &[1, 12], b"category-top"].concat();
    let answer = engine.decide(&category_top, 1, NOW, false);
    // The template's product travels with the decision: its id, name, link and picture.
    for text in [
        &b"Gooseneck Kettle, 1 l"[..],
        b"/product/aurora-gooseneck-kettle",
        b"/img/products/aurora-gooseneck-kettle.svg",
    ] {
        assert!(holds(&answer, text), "{}", String::from_utf8_lossy(text));
    }
    // The export lists the details the profile keeps.
    assert!(holds(&engine.summary(NOW, 8), b"Gooseneck Kettle, 1 l"));
}

#[test]
fn a_batch_over_a_limit_is_cleaned_without_std_and_refused_with_it() {
    // The shell checks every event before it encodes it. Without the core's `std` (the browser),
    // a damaged stored batch with an id over MAX_ID_BYTES is folded as the profile's garbage
    // filter cleans it (the event is ignored); with it (`--all-features`), it is refused.
    let with_std = EventBytesError::MissingCount.message().contains("varint");
    let mut engine = engine();
    engine.set_personalize(true);
    let empty = engine.profile_bytes();
    let long = Product {
        id: "x".repeat(300),
        ..Product::default()
    };
    let batch = encode_batch(&[Event {
        at: NOW as i64,
        kind: EventKind::ProductView { product: long },
    }]);
    let expected = if with_std {
        ErrorCode::EventInvalid
    } else {
        ErrorCode::Ok
    };
    assert_eq!(engine.apply(&batch, 0.0), expected as u8);
    assert_eq!(engine.profile_bytes(), empty);
}

#[test]
fn a_buyers_nps_answer_is_kept_and_changes_the_demos_home_side() {
    let mut engine = engine();
    engine.set_personalize(true);
    // The home-side slot, with the recall notice (which everyone sees) already on the page.
    let home_side = [
        &[0u8; 7][..],
        &[1, 13],
        b"kettle-recall",
        &[1, 9],
        b"home-side",
    ]
    .concat();
    let order = Event {
        at: NOW as i64 - 60_000,
        kind: EventKind::Purchase {
            items: vec![Product {
                id: "leafhouse-earl-grey".into(),
                ..Product::default()
            }],
            value: 9.0,
        },
    };
    assert_eq!(
        engine.apply(&encode_batch(&[order]), 0.0),
        ErrorCode::Ok as u8
    );
    // The survey is asked, and `offer` gives the shell its id, scale (0: nps) and thanks.
    let asked = engine.decide(&home_side, 1, NOW, false);
    let index = offer_index(&engine, "nps-question");
    // One slot; its mode, candidate count, then the chosen offer (`Some`, its index).
    assert_eq!(
        asked[3..5],
        [1, index as u8],
        "the survey is chosen: {asked:?}"
    );
    let offer = engine.offer(index);
    let survey = [
        &[1, 8][..],
        b"nps-2026",
        &[0, 31],
        b"Thank you! That helps us a lot.",
    ]
    .concat();
    assert!(offer.ends_with(&survey), "{offer:?}");

    let answer = Event {
        at: NOW as i64,
        kind: EventKind::SurveyAnswer {
            survey: "nps-2026".into(),
            scale: Scale::Nps,
            score: 4,
        },
    };
    assert_eq!(
        engine.apply(&encode_batch(&[answer]), 0.0),
        ErrorCode::Ok as u8
    );
    let next = engine.decide(&home_side, 1, NOW + 1_000.0, false);
    let sorry = offer_index(&engine, "sorry-free-returns");
    assert_eq!(
        next[3..5],
        [1, sorry as u8],
        "the detractor is offered help: {next:?}"
    );
    // The export lists the answer: survey, scale, score, time; and it is stored.
    let summary = engine.summary(NOW, 8);
    assert!(holds(&summary, &[&[8][..], b"nps-2026", &[0, 4]].concat()));
    let mut reloaded = self::engine();
    assert_eq!(
        reloaded.load_profile(&engine.profile_bytes(), NOW),
        ErrorCode::Ok as u8
    );
    assert_eq!(reloaded.summary(NOW, 8), summary);
}

/// The catalog index of the demo offer `id`.
fn offer_index(engine: &Engine, id: &str) -> u32 {
    (0..64)
        .find(|&i| engine.offer(i).get(1..=id.len()) == Some(id.as_bytes()))
        .unwrap_or_else(|| panic!("the demo catalog has {id}"))
}
