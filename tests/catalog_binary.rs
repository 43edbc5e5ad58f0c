//! The signed binary catalog: compiled payloads round-trip to the same `Catalog` (the demo
//! catalog and generated ones), the header, the acceptance policy (rollback, expiry), the
//! signed envelope (any flipped bit is caught), and the decoder on hostile bytes (no panic,
//! every invariant the engine relies on re-checked, the rest trusted to the signature).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/catalog_check.rs"]
mod check;

use proptest::prelude::*;
use serde_json::{json, Value};
use vitrine::engine::beacon::Zone;
use vitrine::engine::catalog::accept::{accept_cached, accept_fetched, AcceptError};
use vitrine::engine::catalog::binary::{
    decode, decode_beacons, encode, CatalogHeader, DecodeError, EncodeError, FORMAT_VERSION,
    HEADER_LEN,
};
use vitrine::engine::catalog::{Catalog, Template};
use vitrine::engine::signature::{
    parse_public_keys, verify_envelope, Envelope, SignatureError, SigningKey, ENVELOPE_HEADER_LEN,
};
use vitrine::engine::targeting::{Comparison, Feature, Op, Rule};
use vitrine::engine::ErrorCode;

const HEADER: CatalogHeader = CatalogHeader {
    sequence: 1_795_392_000,
    expires_at: 1_798_000_000_000,
    signed_at: 1_795_392_000_000,
};

fn demo_catalog() -> Catalog {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json")).unwrap();
    Catalog::from_json(&text).unwrap()
}

fn small_catalog() -> Catalog {
    Catalog::from_json(
        &json!({ "schema": 1, "version": "bin-1", "campaigns": [
            { "id": "c", "offers": [{ "id": "o", "slots": ["hero"], "title": "T" }] }
        ] })
        .to_string(),
    )
    .unwrap()
}

fn compile(catalog: &Catalog) -> Vec<u8> {
    encode(&HEADER, catalog).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_demo_catalog_round_trips_and_is_smaller_than_its_json() {
    let catalog = demo_catalog();
    let payload = compile(&catalog);
    assert_eq!(decode_beacons(&payload).as_ref(), Ok(&catalog.beacons));
    assert!(!catalog.beacons.is_empty());
    assert_eq!(decode(&payload), Ok((HEADER, catalog)));
    let json_len = std::fs::metadata(concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json"))
        .unwrap()
        .len();
    assert!((payload.len() as u64) < json_len, "{} bytes", payload.len());
}

#[test]
fn the_header_is_laid_out_as_documented_and_readable_alone() {
    let header = CatalogHeader {
        sequence: u64::MAX - 1,
        expires_at: -5,
        signed_at: i64::MAX,
    };
    let payload = encode(&header, &small_catalog()).unwrap();
    assert_eq!(&payload[..4], b"VCAT");
    assert_eq!(payload[4..6], FORMAT_VERSION.to_le_bytes());
    assert_eq!(payload[6..14], (u64::MAX - 1).to_le_bytes());
    assert_eq!(payload[14..22], (-5i64).to_le_bytes());
    assert_eq!(payload[22..30], i64::MAX.to_le_bytes());
    assert_eq!(HEADER_LEN, 30);
    assert_eq!(CatalogHeader::read(&payload), Ok(header));
    assert_eq!(CatalogHeader::read(&payload[..HEADER_LEN]), Ok(header));
    assert_eq!(decode(&payload).unwrap().0, header);
}

#[test]
fn bad_headers_and_framing_are_refused_with_catalog_invalid() {
    let payload = compile(&small_catalog());
    let with = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = payload.clone();
        edit(&mut bytes);
        decode(&bytes).unwrap_err()
    };
    assert_eq!(with(&|b| b[0] = b'X'), DecodeError::NotACatalog);
    assert_eq!(decode(b"VCA"), Err(DecodeError::NotACatalog));
    // Format 1 (no stated offer count) is no longer read; nor is a later one.
    for found in [1, 5] {
        assert_eq!(
            with(&|b| b[4] = found as u8),
            DecodeError::UnsupportedFormat { found }
        );
    }
    assert_eq!(
        with(&|b| b.truncate(20)),
        DecodeError::Malformed {
            offset: 20,
            reason: "the header is incomplete"
        }
    );
    assert!(matches!(
        with(&|b| b.truncate(b.len() - 1)),
        DecodeError::Malformed {
            reason: "it ends too early",
            ..
        }
    ));
    let trailing = with(&|b| b.push(0));
    assert_eq!(
        trailing,
        DecodeError::Malformed {
            offset: payload.len(),
            reason: "bytes follow the catalog"
        }
    );
    let huge = vec![0u8; 1024 * 1024 + 1];
    assert_eq!(
        CatalogHeader::read(&huge),
        Err(DecodeError::TooLarge { bytes: huge.len() })
    );
    for e in [trailing, DecodeError::NotACatalog] {
        assert_eq!(e.code(), ErrorCode::CatalogInvalid);
        assert!(e.to_string().contains("vitrine sign"), "{e}");
    }
    // The static messages the wasm boundary reports: the reason, or what to do.
    assert_eq!(with(&|b| b.push(0)).message(), "bytes follow the catalog");
    let fixes = [
        DecodeError::TooLarge { bytes: 1 << 21 },
        DecodeError::NotACatalog,
        DecodeError::UnsupportedFormat { found: 2 },
    ];
    for e in fixes {
        assert!(e.message().contains("catalog"), "{}", e.message());
    }
}

#[test]
fn older_formats_still_decode_and_format_4_adds_journeys() {
    // A format 2 or 3 payload is a format 4 one without the features the later formats added
    // and without the lifecycle thresholds, fatigue budget, templates, complements, survey
    // cooldown and surveys at the end of the body (45 bytes: a u32 of value 5 is one varint
    // byte, then four f64; then four zero varints; then two empty lists; 30 days in ms as a
    // five-byte zigzag varint; an empty list).
    let mut catalog = small_catalog();
    catalog.lifecycle.at_risk_days = 45.0;
    catalog.fatigue.per_session = 6;
    assert_eq!(decode(&compile(&catalog)).map(|(_, c)| c), Ok(catalog));
    let mut payload = compile(&small_catalog());
    payload.truncate(payload.len() - 45);
    for format in [2, 3] {
        payload[4] = format;
        assert_eq!(
            decode(&payload).map(|(_, c)| c),
            Ok(small_catalog()),
            "format {format}: the default thresholds"
        );
    }
    let mut catalog = demo_catalog();
    catalog.offers[0].target = Some(Rule::All(vec![
        compare(Feature::PurchasedProducts, Op::Contains("kettle-1".into())),
        compare(
            Feature::DaysSinceProductPurchase("kettle-1".into()),
            Op::Lte(30.0),
        ),
        compare(Feature::PurchasedCategories, Op::Contains("kettles".into())),
        compare(Feature::ReorderDue, Op::Contains("beans".into())),
        compare(Feature::ReorderSoon, Op::Contains("beans".into())),
        compare(Feature::Lifecycle, Op::EqText("at_risk".into())),
    ]));
    catalog.offers[0].template = Some(Template::Complements);
    catalog.offers[1].template = Some(Template::BuyAgain);
    catalog.complements = vec![
        ("kettle-1".into(), vec!["descaler".into(), "filters".into()]),
        ("kettle-2".into(), vec!["descaler".into()]),
    ];
    assert_eq!(decode(&compile(&catalog)), Ok((HEADER, catalog)));
}

#[test]
fn a_huge_claimed_length_fails_at_once() {
    // version "v", utc offset 0, no holdout, then 2^63 beacons.
    let mut payload = HEADER.to_bytes().to_vec();
    payload.extend_from_slice(&[1, b'v', 0, 0]);
    payload.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
    payload.extend_from_slice(&[0; 64]);
    assert_eq!(
        decode(&payload),
        Err(DecodeError::Malformed {
            offset: HEADER_LEN + 13,
            reason: "an unknown kind of value, or a list over its limit"
        })
    );
}

#[test]
fn acceptance_refuses_rollbacks_and_expired_catalogs() {
    let header = |sequence, expires_at| CatalogHeader {
        sequence,
        expires_at,
        signed_at: 0,
    };
    let now = 1_000;
    assert_eq!(accept_fetched(None, &header(1, now + 1), now), Ok(()));
    assert_eq!(accept_fetched(Some(5), &header(5, now + 1), now), Ok(()));
    assert_eq!(accept_fetched(Some(5), &header(6, now + 1), now), Ok(()));
    let rollback = accept_fetched(Some(5), &header(4, now + 1), now).unwrap_err();
    assert_eq!(
        rollback,
        AcceptError::Rollback {
            held: 5,
            offered: 4
        }
    );
    assert_eq!(rollback.code(), ErrorCode::CatalogRollback);
    assert!(rollback.to_string().contains("vitrine sign"), "{rollback}");
    assert!(rollback.message().contains("vitrine sign"));
    // A rollback is reported even when the old catalog has also expired.
    assert!(matches!(
        accept_fetched(Some(5), &header(4, now), now),
        Err(AcceptError::Rollback { .. })
    ));
    let expired = accept_fetched(Some(5), &header(6, now), now).unwrap_err();
    assert_eq!(
        expired,
        AcceptError::Expired {
            expires_at: now,
            now
        }
    );
    assert_eq!(expired.code(), ErrorCode::CatalogExpired);
    assert!(expired.to_string().contains("--expires-in"), "{expired}");
    assert!(expired.message().contains("--expires-in"));

    assert_eq!(accept_cached(&header(9, now + 1), now), Ok(()));
    assert!(matches!(
        accept_cached(&header(9, now), now),
        Err(AcceptError::Expired { .. })
    ));
    assert!(accept_cached(&header(9, now - 1), now).is_err());
}

fn key(n: u8) -> SigningKey {
    SigningKey::from_seed([n; 32]).unwrap()
}

#[test]
fn an_envelope_carries_the_key_id_and_signature_of_its_payload() {
    let signer = key(7);
    let payload = compile(&small_catalog());
    let bytes = signer.sign_envelope(&payload);
    assert_eq!(ENVELOPE_HEADER_LEN, 77);
    assert_eq!(&bytes[..5], b"VTSG\x01");
    assert_eq!(bytes, signer.sign_envelope(&payload), "deterministic");
    let envelope = Envelope::parse(&bytes).unwrap();
    assert_eq!(envelope.key_id, signer.public_key().key_id());
    assert_eq!(envelope.payload, &payload[..]);
    assert_eq!(envelope.to_bytes(), bytes);
    let keys = [key(1).public_key(), signer.public_key()];
    assert_eq!(verify_envelope(&bytes, &keys), Ok((1, &payload[..])));
}

#[test]
fn every_flipped_bit_of_an_envelope_is_a_signature_error() {
    let signer = key(7);
    let bytes = signer.sign_envelope(&compile(&small_catalog()));
    let keys = [signer.public_key()];
    for bit in 0..bytes.len() * 8 {
        let mut tampered = bytes.clone();
        tampered[bit / 8] ^= 1 << (bit % 8);
        let e = verify_envelope(&tampered, &keys).unwrap_err();
        let at = bit / 8;
        match at {
            0..4 => assert_eq!(e, SignatureError::Unsigned),
            4 => assert!(matches!(e, SignatureError::BadEnvelope { .. }), "{e:?}"),
            5..13 => assert!(
                matches!(
                    e,
                    SignatureError::BadEnvelope { .. } | SignatureError::UnknownKey { .. }
                ),
                "{e:?}"
            ),
            _ => assert_eq!(
                e,
                SignatureError::Mismatch {
                    key_id: signer.public_key().key_id()
                }
            ),
        }
        let code = e.code();
        assert!(
            code == "catalog_signature_invalid" || code == "catalog_signature_missing",
            "{code}"
        );
    }
}

#[test]
fn envelopes_that_are_short_unsigned_or_of_another_version_are_refused() {
    let payload = compile(&small_catalog());
    assert_eq!(Envelope::parse(&payload), Err(SignatureError::Unsigned));
    let bytes = key(3).sign_envelope(&payload);
    assert_eq!(
        Envelope::parse(&bytes[..ENVELOPE_HEADER_LEN - 1]),
        Err(SignatureError::Unsigned)
    );
    assert_eq!(
        Envelope::parse(&bytes[..ENVELOPE_HEADER_LEN])
            .unwrap()
            .payload,
        b""
    );
    let mut other_version = bytes.clone();
    other_version[4] = 2;
    let e = Envelope::parse(&other_version).unwrap_err();
    assert_eq!(e.code(), "catalog_signature_invalid");
    assert!(e.to_string().contains("version"), "{e}");
    assert_eq!(
        verify_envelope(&bytes, &[]),
        Err(SignatureError::NoPublicKeys)
    );
}

/// Edits a validated catalog into one validation never builds; `encode` refuses it with the
/// decoder's reason, since the decoder re-checks the same rule.
fn refused(edit: impl FnOnce(&mut Catalog)) -> &'static str {
    let mut catalog = demo_catalog();
    edit(&mut catalog);
    match encode(&HEADER, &catalog) {
        Err(EncodeError::NotValidated { reason }) => reason,
        other => panic!("expected NotValidated, got {other:?}"),
    }
}

fn compare(feature: Feature, op: Op) -> Rule {
    Rule::Compare(Comparison { feature, op })
}

/// Edits a validated catalog into one validation never builds in a way the decoder trusts to
/// the signature and to `vitrine sign` (docs/architecture.md); the payload decodes to it.
fn trusted(edit: impl FnOnce(&mut Catalog)) {
    let mut catalog = demo_catalog();
    edit(&mut catalog);
    let payload = compile(&catalog);
    assert_eq!(decode(&payload), Ok((HEADER, catalog)));
}

#[test]
fn the_decoder_trusts_the_url_policy_unique_ids_and_beacon_references() {
    trusted(|c| c.offers[0].creative.link = Some("javascript:alert(1)".into()));
    trusted(|c| c.offers[1].creative.image.as_mut().unwrap().url = "data:x".into());
    trusted(|c| c.offers[1].id = c.offers[0].id.clone());
    trusted(|c| c.campaigns[1].id = c.campaigns[0].id.clone());
    trusted(|c| c.beacons.push(c.beacons[0].clone()));
    trusted(|c| {
        c.offers[0].target = Some(compare(Feature::BeaconNear, Op::Contains("nowhere".into())))
    });
    assert_eq!(
        refused(|c| c.offers[0].creative.link = Some("x".repeat(2049))),
        "an offer link is not an allowed URL"
    );
}

#[test]
fn the_stated_offer_count_must_match_the_campaigns() {
    let payload = compile(&small_catalog());
    // The body: "bin-1" (6 bytes), the time zone, no holdout, no beacons, then the count (1).
    let at = HEADER_LEN + 9;
    assert_eq!(payload[at], 1, "the small catalog states one offer");
    let stating = |n: u8| {
        let mut bytes = payload.clone();
        bytes[at] = n;
        decode(&bytes)
    };
    let invalid = |reason| Err(DecodeError::Invalid { reason });
    assert_eq!(
        stating(0),
        invalid("the campaigns hold more offers than the catalog states")
    );
    assert_eq!(
        stating(2),
        invalid("the campaigns hold fewer offers than the catalog states")
    );
    assert!(stating(1).is_ok());
}

#[test]
fn a_catalog_signed_in_format_3_still_decodes_to_what_it_said() {
    // The demo's catalog.bin as `vitrine sign` wrote it before format 4 (commit d1d711e), kept
    // as signed: a variant inserted in the middle of a wire enum would change what it decodes
    // to, which round trips through today's encoder cannot notice.
    let bytes = include_bytes!("vectors/catalog-format3.bin");
    let keys = parse_public_keys(&["ed25519:6wKPxZE9eS0jRdvjV5eMxAf5BokHeqAvdvphp1HNl0A="])
        .expect("the demo's public key");
    let (_, payload) = verify_envelope(bytes, &keys).expect("signed with the demo key");
    assert_eq!(payload[4..6], 3u16.to_le_bytes());
    let (_, catalog) = decode(payload).expect("format 3 decodes");
    assert_eq!((catalog.campaigns.len(), catalog.offers.len()), (28, 30));
    let care = catalog
        .campaigns
        .iter()
        .find(|c| c.id == "kettle-care")
        .unwrap();
    let days = Feature::DaysSinceProductPurchase("aurora-gooseneck-kettle".into());
    assert_eq!(
        care.target,
        Some(Rule::All(vec![
            compare(days.clone(), Op::Gte(3.0)),
            compare(days, Op::Lte(30.0)),
        ]))
    );
    let refill = catalog
        .campaigns
        .iter()
        .find(|c| c.id == "bean-refill")
        .unwrap();
    let rule = format!("{:?}", refill.target);
    for feature in [
        "Purchases",
        "DaysSincePurchase",
        "Affinity(Category, \"coffee\")",
    ] {
        assert!(rule.contains(feature), "{rule}");
    }
    assert_eq!(
        catalog.lifecycle,
        Default::default(),
        "format 3: default thresholds"
    );
    assert_eq!(
        catalog.fatigue,
        Default::default(),
        "format 3: no fatigue budget"
    );
}

#[test]
fn without_its_reason_text_a_decode_error_says_how_to_fix_it() {
    // The browser's wasm (no `std`) keeps no reason texts: an empty reason reports the fix.
    for error in [
        DecodeError::Invalid { reason: "" },
        DecodeError::Malformed {
            offset: 40,
            reason: "",
        },
    ] {
        assert!(
            error.message().contains("vitrine sign"),
            "{}",
            error.message()
        );
        assert!(error.message().contains("vitrine inspect"));
    }
    // With `std` (these tests, the CLI, the Node tools) the reason is kept.
    let payload = compile(&small_catalog());
    match decode(&payload[..payload.len() - 1]) {
        Err(DecodeError::Malformed { reason, .. }) => assert!(!reason.is_empty()),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn the_decoder_re_checks_what_validation_established() {
    assert_eq!(
        refused(|c| c.offers[0].creative.title = " ".into()),
        "an offer title is blank or too long"
    );
    assert_eq!(
        refused(|c| c.offers[0].tags = vec!["t".repeat(129)]),
        "a tag is blank or too long"
    );
    assert_eq!(
        refused(|c| c.offers[0].weight = f64::NAN),
        "an offer weight is outside 0..=1e12"
    );
    assert_eq!(
        refused(|c| c.offers[0].prior.alpha = f64::INFINITY),
        "a prior is outside 0.001..=1e6"
    );
    assert_eq!(
        refused(|c| c.holdout.as_mut().unwrap().share = 0.75),
        "the holdout share is outside 0..=0.5"
    );
    assert_eq!(
        refused(|c| c.offers[0].caps.per_day = Some(10_001)),
        "a count cap is over 10000"
    );
    assert_eq!(
        refused(|c| c.campaigns[0].schedule.hours = vec![(600, 600)]),
        "a day-part is empty or not within 00:00..=24:00"
    );
    assert_eq!(
        refused(|c| c.campaigns[0].ends_at = c.campaigns[0].starts_at),
        "a campaign ends before it starts"
    );
    assert_eq!(
        refused(|c| c.beacons[0].at_zone = Zone::Far),
        "a beacon's at_zone is neither immediate nor near"
    );
    assert_eq!(
        refused(|c| c.offers[0].campaign = 1),
        "a campaign's offer range does not match its offers' campaign index"
    );
    assert_eq!(
        refused(|c| c.offers[0].target = Some(compare(Feature::Hour, Op::Gt(f64::NAN)))),
        "a rule compares a feature with an operator or value that does not fit it"
    );
    assert_eq!(
        refused(|c| c.offers[0].target = Some(compare(Feature::Intent, Op::EqNumber(1.0)))),
        "a rule compares a feature with an operator or value that does not fit it"
    );
    assert_eq!(
        refused(|c| {
            c.offers[0].target = Some(compare(Feature::Intent, Op::EqText("boiling".into())))
        }),
        "a rule compares a feature with an operator or value that does not fit it"
    );
    assert_eq!(
        refused(|c| {
            c.offers[0].target = Some(compare(Feature::Hour, Op::Ne(Box::new(Op::Gt(1.0)))))
        }),
        "`ne` wraps an operator other than `eq`"
    );
    assert_eq!(
        refused(|c| {
            let feature = Feature::DaysSinceProductPurchase(String::new());
            c.offers[0].target = Some(compare(feature, Op::Exists(true)))
        }),
        "a feature that names a key or product has none"
    );
    let mut deep = compare(Feature::Hour, Op::Exists(true));
    for _ in 0..9 {
        deep = Rule::Not(Box::new(deep));
    }
    assert_eq!(
        refused(|c| c.offers[0].target = Some(deep.clone())),
        "a rule nests too deep or has too many comparisons"
    );
    // A campaign's rule may be one level deeper only as the `near_beacon` expansion.
    assert_eq!(
        refused(|c| c.campaigns[0].target = Some(deep)),
        "a rule nests too deep or has too many comparisons"
    );
    let wide = Rule::Any(vec![Rule::All(vec![]); 65]);
    assert_eq!(
        refused(|c| c.offers[0].target = Some(wide)),
        "a rule nests too deep or has too many comparisons"
    );
}

/// A rule of exactly `depth` levels with `leaves` comparisons.
fn rule_json(depth: usize, leaves: usize) -> Value {
    let leaf = json!({ "feature": "cart.items", "gte": 1 });
    let mut rule = json!({ "any": vec![leaf; leaves] });
    for _ in 1..depth {
        rule = json!({ "not": rule });
    }
    rule
}

#[test]
fn rules_at_the_limits_round_trip_also_with_the_near_beacon_shorthand() {
    let doc = json!({ "schema": 1, "version": "limits",
        "beacons": [{ "id": "b", "name": "B", "frame": format!("eddystone:{}:{}", "0a".repeat(10), "0b".repeat(6)) }],
        "campaigns": [{ "id": "c", "near_beacon": "b", "target": rule_json(8, 64),
            "offers": [{ "id": "o", "slots": ["s"], "title": "T", "target": rule_json(8, 64) }] }] });
    let catalog = Catalog::from_json(&doc.to_string()).unwrap();
    let payload = compile(&catalog);
    assert_eq!(decode(&payload), Ok((HEADER, catalog)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_catalog_that_validates_round_trips(doc in catalog_doc()) {
        let catalog = Catalog::from_json(&doc.to_string());
        prop_assume!(catalog.is_ok());
        let catalog = catalog.unwrap();
        let payload = encode(&HEADER, &catalog).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let beacons = decode_beacons(&payload);
        prop_assert_eq!(beacons.as_ref(), Ok(&catalog.beacons));
        prop_assert_eq!(decode(&payload), Ok((HEADER, catalog)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check::payload(&bytes);
        check::body(&bytes);
    }

    #[test]
    fn truncated_or_bit_flipped_payloads_never_panic(
        cut in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0..8u8), 1..4),
    ) {
        let payload = demo_payload();
        check::payload(&payload[..cut.index(payload.len() + 1)]);
        let mut flipped = payload.to_vec();
        for (at, bit) in flips {
            flipped[at.index(payload.len())] ^= 1 << bit;
        }
        check::payload(&flipped);
    }
}

fn demo_payload() -> &'static [u8] {
    static PAYLOAD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PAYLOAD.get_or_init(|| compile(&demo_catalog()))
}

// Catalog documents, mostly valid, covering every field and kind of rule.

fn id() -> impl Strategy<Value = String> {
    prop_oneof![4 => "[a-z][a-z0-9-]{0,11}", 1 => "\\PC{1,16}"]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-z][A-Za-z0-9 %,.!-]{0,40}", 1 => "\\PC{1,40}"]
}

fn ids() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(id(), 0..3)
}

fn opt<T: std::fmt::Debug + Clone + 'static>(
    strategy: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    prop::option::of(strategy).boxed()
}

/// Sets `key` in `object` when `value` is `Some`.
fn set(object: &mut Value, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object[key] = value;
    }
}

fn comparison() -> impl Strategy<Value = Value> {
    let number = prop_oneof![-1e6..1e6f64, Just(0.0), Just(-0.0), Just(1e-300)];
    let dims = prop::sample::select(vec!["category", "brand", "tag", "search"]);
    prop_oneof![
        (
            prop::sample::select(vec!["eq", "ne"]),
            prop::sample::select(vec!["cold", "warm", "hot"])
        )
            .prop_map(|(op, v)| json!({ "feature": "intent", op: v })),
        prop::sample::subsequence(vec!["home", "category", "product", "cart"], 0..4)
            .prop_map(|v| json!({ "feature": "page.type", "in": v })),
        (
            prop::sample::select(vec!["eq", "ne", "gt", "gte", "lt", "lte"]),
            number.clone()
        )
            .prop_map(|(op, n)| json!({ "feature": "cart.value", op: n })),
        (dims, id(), number).prop_map(|(dim, key, n)| {
            json!({ "feature": format!("affinity.{dim}.{key}"), "gte": n })
        }),
        (prop::sample::select(vec!["eq", "ne"]), any::<bool>())
            .prop_map(|(op, b)| json!({ "feature": "new_shopper", op: b })),
        (
            prop::sample::select(vec!["cart.categories", "page.category", "locale"]),
            id()
        )
            .prop_map(|(f, v)| json!({ "feature": f, "contains": v })),
        "[a-z]{3,8}".prop_map(|w| json!({ "feature": "search.terms", "contains": w })),
        prop::sample::select(vec!["beacon.near", "beacon.visited"])
            .prop_map(|f| json!({ "feature": f, "contains": "b0" })),
        any::<bool>().prop_map(|b| json!({ "feature": "days_since_purchase", "exists": b })),
        (
            prop::sample::select(vec!["purchased.categories", "reorder.due", "reorder.soon"]),
            id()
        )
            .prop_map(|(f, v)| json!({ "feature": f, "contains": v })),
        prop::sample::subsequence(
            vec!["new", "first_order", "loyal", "at_risk", "lapsed"],
            0..5
        )
        .prop_map(|v| json!({ "feature": "lifecycle", "in": v })),
        id().prop_map(|p| json!({ "feature": "purchased.products", "contains": p })),
        (id(), 0..1000u32).prop_map(|(p, n)| {
            json!({ "feature": format!("days_since_purchase.{p}"), "lte": n })
        }),
        Just(json!({ "all": [] })),
        Just(json!({ "any": [] })),
    ]
}

fn rule() -> impl Strategy<Value = Value> {
    comparison().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|r| json!({ "all": r })),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|r| json!({ "any": r })),
            inner.prop_map(|r| json!({ "not": r })),
        ]
    })
}

fn caps() -> impl Strategy<Value = Value> {
    let count = || opt(0..=10_000u32);
    (
        count(),
        count(),
        count(),
        count(),
        opt(any::<u32>()),
        opt(any::<u32>()),
    )
        .prop_map(
            |(per_session, per_day, per_week, lifetime, spacing, cooldown)| {
                let mut caps = json!({});
                set(&mut caps, "per_session", per_session.map(Value::from));
                set(&mut caps, "per_day", per_day.map(Value::from));
                set(&mut caps, "per_week", per_week.map(Value::from));
                set(&mut caps, "lifetime", lifetime.map(Value::from));
                set(&mut caps, "min_spacing_minutes", spacing.map(Value::from));
                set(
                    &mut caps,
                    "dismiss_cooldown_hours",
                    cooldown.map(Value::from),
                );
                caps
            },
        )
}

fn prior() -> impl Strategy<Value = Value> {
    (0.001..1e6f64, 0.001..1e6f64).prop_map(|(alpha, beta)| json!({ "alpha": alpha, "beta": beta }))
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-z0-9/-]{0,20}",
        "https://[a-z]{1,8}\\.example/[a-z0-9]{0,10}",
        "//cdn\\.example/[a-z]{1,8}\\.png",
        Just("?q=1#top".to_owned()),
    ]
}

fn offer() -> impl Strategy<Value = Value> {
    let image =
        (url(), text(), opt(any::<u32>()), opt(any::<u32>())).prop_map(|(url, alt, w, h)| {
            let mut image = json!({ "url": url, "alt": alt });
            set(&mut image, "width", w.map(Value::from));
            set(&mut image, "height", h.map(Value::from));
            image
        });
    (
        (
            prop::collection::vec(id(), 1..3),
            text(),
            opt(text()),
            opt(image),
            opt(url()),
            opt(text()),
        ),
        (ids(), ids(), ids(), ids()),
        (opt(0.0..=1e6f64), opt(rule()), opt(caps()), opt(prior())),
    )
        .prop_map(
            |(
                (slots, title, body, image, link, cta),
                (tags, categories, brands, products),
                (weight, target, caps, prior),
            )| {
                let mut offer = json!({ "slots": slots, "title": title, "tags": tags,
                "categories": categories, "brands": brands, "products": products });
                set(&mut offer, "body", body.map(Value::from));
                set(&mut offer, "image", image);
                set(&mut offer, "link", link.map(Value::from));
                set(&mut offer, "cta", cta.map(Value::from));
                set(&mut offer, "weight", weight.map(Value::from));
                set(&mut offer, "target", target);
                set(&mut offer, "caps", caps);
                set(&mut offer, "prior", prior);
                offer
            },
        )
}

fn campaign() -> impl Strategy<Value = Value> {
    let times = vec![
        "2026-01-01T00:00:00Z",
        "2026-11-23T09:30:00+01:00",
        "2027-06-30T23:59:59.999Z",
    ];
    let dates = prop_oneof![
        Just((None, None)),
        prop::sample::select(times.clone()).prop_map(|t| (Some(t), None)),
        prop::sample::select(times.clone()).prop_map(|t| (None, Some(t))),
        prop::sample::subsequence(times, 2).prop_map(|t| (Some(t[0]), Some(t[1]))),
    ];
    let day_part = (
        "([01][0-9]|2[0-3]):[0-5][0-9]",
        "([01][0-9]|2[0-3]):[0-5][0-9]|24:00",
    )
        .prop_map(|(from, to)| json!({ "from": from, "to": to }));
    let schedule = (
        prop::sample::subsequence(vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 0..7),
        prop::collection::vec(day_part, 0..3),
    )
        .prop_map(|(weekdays, hours)| json!({ "weekdays": weekdays, "hours": hours }));
    (
        (opt(text()), any::<i32>(), opt(0.0..=1e6f64), dates),
        (opt(schedule), opt(rule()), opt(caps()), any::<bool>()),
        prop::collection::vec(offer(), 1..3),
    )
        .prop_map(
            |((name, priority, weight, (starts, ends)), (schedule, target, caps, near), offers)| {
                let mut campaign = json!({ "priority": priority, "offers": offers });
                set(&mut campaign, "name", name.map(Value::from));
                set(&mut campaign, "weight", weight.map(Value::from));
                set(&mut campaign, "starts_at", starts.map(Value::from));
                set(&mut campaign, "ends_at", ends.map(Value::from));
                set(&mut campaign, "schedule", schedule);
                set(&mut campaign, "target", target);
                set(&mut campaign, "caps", caps);
                set(&mut campaign, "near_beacon", near.then(|| json!("b0")));
                campaign
            },
        )
}

fn beacon() -> impl Strategy<Value = Value> {
    let frame = prop_oneof![
        "[0-9a-f]{40}".prop_map(|id| format!("altbeacon:{id}")),
        ("[0-9a-f]{20}", "[0-9a-f]{12}").prop_map(|(n, i)| format!("eddystone:{n}:{i}")),
        (
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            any::<u16>(),
            any::<u16>()
        )
            .prop_map(|(uuid, major, minor)| format!("ibeacon:{uuid}:{major}:{minor}")),
    ];
    (
        text(),
        frame,
        opt(prop::sample::select(vec!["near", "immediate"])),
        opt(any::<u16>()),
    )
        .prop_map(|(name, frame, zone, company)| {
            let mut beacon = json!({ "name": name, "frame": frame });
            set(&mut beacon, "at_zone", zone.map(Value::from));
            if frame.starts_with("altbeacon:") {
                set(&mut beacon, "company_id", company.map(Value::from));
            }
            beacon
        })
}

fn catalog_doc() -> impl Strategy<Value = Value> {
    let fatigue = (
        opt(1..=10_000u32),
        opt(1..=10_000u32),
        opt(1..=10_000u32),
        opt(any::<i32>()),
    )
        .prop_map(|(session, day, dismissals, exempt)| {
            let mut fatigue = json!({});
            set(&mut fatigue, "per_session", session.map(Value::from));
            set(&mut fatigue, "per_day", day.map(Value::from));
            set(
                &mut fatigue,
                "dismissals_per_session",
                dismissals.map(Value::from),
            );
            set(&mut fatigue, "exempt_priority", exempt.map(Value::from));
            fatigue
        });
    let defaults = (
        opt(caps()),
        opt(prior()),
        opt(0.0..=100.0f64),
        opt(0..=8760u32),
        opt(fatigue),
    )
        .prop_map(|(caps, prior, gain, hours, fatigue)| {
            let mut defaults = json!({});
            set(&mut defaults, "fatigue", fatigue);
            set(&mut defaults, "caps", caps);
            set(&mut defaults, "prior", prior);
            set(&mut defaults, "relevance_gain", gain.map(Value::from));
            set(
                &mut defaults,
                "suppress_purchased_hours",
                hours.map(Value::from),
            );
            defaults
        });
    let holdout = (0.0..=0.5f64, "[a-z0-9]{0,12}")
        .prop_map(|(share, salt)| json!({ "share": share, "salt": salt }));
    let lifecycle = (
        2..=1000u32,
        1.0..=3650.0f64,
        0.0..=1.0f64,
        1.0..=100.0f64,
        0.0..=1.0f64,
    )
        .prop_map(|(loyal, at_risk, later, factor, more)| {
            json!({ "loyal_orders": loyal, "at_risk_days": at_risk,
                "lapsed_days": at_risk + later * (3650.0 - at_risk),
                "at_risk_factor": factor, "lapsed_factor": factor + more * (100.0 - factor) })
        });
    (
        (id(), -840..=840i32, defaults, opt(holdout), opt(lifecycle)),
        prop::collection::vec(beacon(), 1..3),
        prop::collection::vec(campaign(), 0..4),
    )
        .prop_map(
            |((version, offset, defaults, holdout, lifecycle), mut beacons, mut campaigns)| {
                // Unique ids by position; rules refer to beacon "b0".
                for (i, beacon) in beacons.iter_mut().enumerate() {
                    beacon["id"] = json!(format!("b{i}"));
                }
                for (i, campaign) in campaigns.iter_mut().enumerate() {
                    campaign["id"] = json!(format!("c{i}"));
                    for (j, offer) in campaign["offers"]
                        .as_array_mut()
                        .unwrap()
                        .iter_mut()
                        .enumerate()
                    {
                        offer["id"] = json!(format!("o{i}-{j}"));
                    }
                }
                let mut doc = json!({ "schema": 1, "version": version, "utc_offset_minutes": offset,
                "defaults": defaults, "beacons": beacons, "campaigns": campaigns });
                set(&mut doc, "holdout", holdout);
                set(&mut doc, "lifecycle", lifecycle);
                doc
            },
        )
}
