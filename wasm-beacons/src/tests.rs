//! The beacon boundary, called natively as `shell/src/beacons/` calls it: advertisement bytes,
//! RSSI and times in, postcard answers out, decoded here with mirror structs of the wire
//! format (the shell's reader is `shell/src/beacons/wire.ts`). Uses the demo's signed catalog
//! (`www/catalog.bin`), whose one beacon is the AltBeacon `coffee-aisle` (company 0x0118).

use serde::Deserialize;
use vitrine::engine::beacon::{BeaconId, Zone};
use vitrine::engine::catalog::Beacon;
use vitrine::engine::events::limits::MAX_ID_BYTES;
use vitrine::engine::signature::Envelope;
use vitrine::engine::ErrorCode;

use super::{Beacons, MANUFACTURER, SERVICE, TICK_MS};

/// 2026-11-24T10:00:00Z: after the demo catalog's signing, before its expiry.
const NOW: f64 = 1_795_514_400_000.0;
/// The demo catalog's AltBeacon id (beacon `coffee-aisle`).
const COFFEE_ID: [u8; 20] = [
    0x4c, 0x0f, 0xfe, 0xe0, 0xde, 0x7a, 0x11, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
];
const TEA_NAMESPACE: [u8; 10] = [0x8b, 0x0c, 0xa7, 0x50, 0x09, 0x54, 0x77, 0xcb, 0x3e, 0x77];
const TEA_INSTANCE: [u8; 6] = [0, 0, 0, 0, 0, 1];

#[derive(Deserialize, Debug, PartialEq)]
struct Filters {
    code: u8,
    company_ids: Vec<u16>,
    services: Vec<u16>,
    prefix: [u8; 2],
}

#[derive(Deserialize, Debug, PartialEq)]
struct Changes {
    code: u8,
    changes: Vec<(bool, String, u64)>,
    rerender: bool,
    tick_ms: u32,
}

#[derive(Deserialize, Debug, PartialEq)]
struct ZoneRow {
    beacon: String,
    name: String,
    zone: u8,
    distance_m: Option<f64>,
    at: bool,
}

/// The demo catalog's payload.
fn payload() -> Vec<u8> {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/catalog.bin")).unwrap();
    Envelope::parse(&bytes).unwrap().payload.to_vec()
}

/// The demo catalog's beacons, with personalization consent.
fn engine() -> Beacons {
    let mut engine = Beacons::new();
    assert_eq!(engine.catalog(&payload()), ErrorCode::Ok as u8);
    engine.set_personalize(true);
    engine
}

/// The catalog beacons, to edit.
fn beacons(engine: &mut Beacons) -> &mut Vec<Beacon> {
    &mut engine.beacons
}

fn tea_shelf() -> Beacon {
    Beacon {
        id: "tea-shelf".into(),
        name: "Tea shelf".into(),
        frame: BeaconId::Eddystone {
            namespace: TEA_NAMESPACE,
            instance: TEA_INSTANCE,
        },
        at_zone: Zone::Near,
        company_id: None,
    }
}

fn filters(engine: &mut Beacons) -> Filters {
    postcard::from_bytes(&engine.filters()).unwrap()
}

fn changes(answer: &[u8]) -> Changes {
    postcard::from_bytes(answer).unwrap()
}

fn zones(engine: &Beacons) -> Vec<ZoneRow> {
    postcard::from_bytes(&engine.zones()).unwrap()
}

/// One advertisement entry as the shell writes it.
fn entry(kind: u8, key: u16, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![kind];
    out.extend(key.to_le_bytes());
    out.extend(u16::try_from(bytes.len()).unwrap().to_le_bytes());
    out.extend(bytes);
    out
}

/// The coffee aisle's AltBeacon manufacturer data under `company`, -59 dBm at 1 m.
fn altbeacon(company: u16) -> Vec<u8> {
    let mut bytes = vec![0xBE, 0xAC];
    bytes.extend(COFFEE_ID);
    bytes.extend([0xC5, 0x00]);
    entry(MANUFACTURER, company, &bytes)
}

/// The tea shelf's Eddystone-UID service data, -18 dBm at 0 m (-59 at 1 m).
fn eddystone_uid() -> Vec<u8> {
    let mut bytes = vec![0x00, 0xEE];
    bytes.extend(TEA_NAMESPACE);
    bytes.extend(TEA_INSTANCE);
    bytes.extend([0, 0]);
    entry(SERVICE, 0xFEAA, &bytes)
}

fn arrived(beacon: &str, at: f64) -> (bool, String, u64) {
    (true, beacon.into(), at as u64)
}

fn left(beacon: &str, at: f64) -> (bool, String, u64) {
    (false, beacon.into(), at as u64)
}

#[test]
fn the_error_numbers_are_those_of_the_shells_beacon_code_table() {
    // shell/src/beacons/codes.ts maps exactly these numbers.
    assert_eq!(ErrorCode::BeaconsNone as u8, 29);
    assert_eq!(ErrorCode::BeaconUnknown as u8, 34);
    assert_eq!(ErrorCode::AdvertisementInvalid as u8, 35);
}

#[test]
fn filters_name_each_altbeacon_company_once_and_eddystone_by_its_service() {
    let mut engine = engine();
    let expected = Filters {
        code: 0,
        company_ids: vec![0x0118],
        services: vec![],
        prefix: [0xBE, 0xAC],
    };
    assert_eq!(filters(&mut engine), expected);

    let mut again = beacons(&mut engine)[0].clone();
    again.id = "coffee-aisle-2".into();
    beacons(&mut engine).push(again);
    let mut other = beacons(&mut engine)[0].clone();
    other.id = "bakery".into();
    other.company_id = Some(0x004C + 1);
    beacons(&mut engine).push(other);
    beacons(&mut engine).push(tea_shelf());
    beacons(&mut engine).push(tea_shelf());
    let f = filters(&mut engine);
    assert_eq!(f.company_ids, [0x0118, 0x004D]);
    assert_eq!(f.services, [0xFEAA]);
}

#[test]
fn a_catalog_without_receivable_beacons_answers_beacons_none() {
    let mut engine = engine();
    beacons(&mut engine)[0].frame = BeaconId::IBeacon {
        uuid: [7; 16],
        major: 1,
        minor: 2,
    };
    let f = filters(&mut engine);
    assert_eq!(f.code, ErrorCode::BeaconsNone as u8);
    assert!(f.company_ids.is_empty() && f.services.is_empty());
    assert!(message(&engine).contains("AltBeacon or Eddystone"));

    beacons(&mut engine).clear();
    assert_eq!(filters(&mut engine).code, ErrorCode::BeaconsNone as u8);
    let mut none = Beacons::new();
    assert_eq!(filters(&mut none).code, ErrorCode::BeaconsNone as u8);
}

#[test]
fn an_altbeacon_advertisement_arrives_ticks_and_leaves_after_the_exit_timeout() {
    let mut engine = engine();
    let answer = changes(&engine.receive(&altbeacon(0x0118), -60.0, NOW));
    assert_eq!(
        answer,
        Changes {
            code: 0,
            changes: vec![arrived("coffee-aisle", NOW)],
            rerender: true,
            tick_ms: TICK_MS,
        }
    );
    let z = zones(&engine);
    assert_eq!(
        (z[0].beacon.as_str(), z[0].name.as_str()),
        ("coffee-aisle", "Coffee aisle")
    );
    assert_eq!((z[0].zone, z[0].at), (1, true), "near, and at it");
    assert!(z[0].distance_m.is_some_and(|d| d > 0.5 && d < 3.0));

    let quiet = changes(&engine.tick(NOW + 5_000.0));
    assert!(quiet.changes.is_empty() && !quiet.rerender);
    assert_eq!(quiet.tick_ms, TICK_MS, "still tracked: keep ticking");

    let gone = changes(&engine.tick(NOW + 11_000.0));
    assert_eq!(gone.changes, [left("coffee-aisle", NOW + 10_000.0)]);
    assert!(gone.rerender);
    assert_eq!(gone.tick_ms, 0, "nothing tracked: no more ticks");
    let z = zones(&engine);
    assert_eq!((z[0].zone, z[0].distance_m, z[0].at), (3, None, false));
}

#[test]
fn eddystone_uid_service_data_arrives_at_its_catalog_beacon() {
    let mut engine = engine();
    beacons(&mut engine).push(tea_shelf());
    let answer = changes(&engine.receive(&eddystone_uid(), -45.0, NOW));
    assert_eq!(answer.changes, [arrived("tea-shelf", NOW)]);
    let z = zones(&engine);
    assert_eq!(z.len(), 2, "every catalog beacon, in catalog order");
    assert_eq!((z[0].zone, z[0].at), (3, false));
    assert_eq!(
        (z[1].beacon.as_str(), z[1].zone, z[1].at),
        ("tea-shelf", 0, true)
    );
}

#[test]
fn both_data_maps_of_one_advertisement_are_read() {
    let mut engine = engine();
    beacons(&mut engine).push(tea_shelf());
    let mut data = altbeacon(0x0118);
    data.extend(eddystone_uid());
    let answer = changes(&engine.receive(&data, -50.0, NOW));
    assert_eq!(
        answer.changes,
        [arrived("coffee-aisle", NOW), arrived("tea-shelf", NOW)]
    );
}

#[test]
fn other_data_undeclared_beacons_missing_rssi_and_broken_bytes_change_nothing() {
    let mut engine = engine();
    let mut other = altbeacon(0x0118);
    other[10] ^= 0xFF; // another AltBeacon id: not in the catalog
    let mut truncated = altbeacon(0x0118);
    truncated.truncate(20);
    let cases: [(&[u8], f64); 8] = [
        (&other, -60.0),
        (&altbeacon(0x0118), f64::NAN),
        (&altbeacon(0x0118), 12.0),
        (&truncated, -60.0),
        (&entry(MANUFACTURER, 0x0118, &[1, 2, 3]), -60.0),
        (&entry(SERVICE, 0x180F, &[0x00, 0xEE]), -60.0),
        (&entry(9, 0x0118, &altbeacon(0x0118)[5..]), -60.0),
        (&[0xFF; 3], -60.0),
    ];
    for (data, rssi) in cases {
        let answer = changes(&engine.receive(data, rssi, NOW));
        assert!(answer.changes.is_empty(), "{data:?} at {rssi}");
        assert_eq!(answer.code, 0);
    }
    assert!(zones(&engine).iter().all(|z| z.zone == 3));
    // Any bytes: never a panic.
    for len in 0..64u8 {
        let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
        let _ = engine.receive(&bytes, -60.0, NOW);
    }
}

#[test]
fn stop_leaves_every_beacon_the_shopper_was_at() {
    let mut engine = engine();
    engine.receive(&altbeacon(0x0118), -60.0, NOW);
    let answer = changes(&engine.stop(NOW + 500.0));
    assert_eq!(answer.changes, [left("coffee-aisle", NOW + 500.0)]);
    assert!(answer.rerender);
    assert_eq!(answer.tick_ms, 0);
    assert!(zones(&engine).iter().all(|z| z.zone == 3 && !z.at));
    let again = changes(&engine.stop(NOW + 600.0));
    assert!(again.changes.is_empty() && !again.rerender);
}

#[test]
fn simulate_feeds_the_catalog_beacons_advertisement_and_refuses_with_codes() {
    let mut engine = engine();
    beacons(&mut engine).push(tea_shelf());
    let answer = changes(&engine.simulate(b"coffee-aisle", -60.0, NOW));
    assert_eq!(answer.changes, [arrived("coffee-aisle", NOW)]);
    let tea = changes(&engine.simulate(b"tea-shelf", -45.0, NOW));
    assert_eq!(tea.changes, [arrived("tea-shelf", NOW)]);

    let unknown = changes(&engine.simulate(b"bakery", -60.0, NOW));
    assert_eq!(unknown.code, ErrorCode::BeaconUnknown as u8);
    assert!(unknown.changes.is_empty());
    assert!(message(&engine).contains("no beacon with this id"));
    for rssi in [12.0, 0.0, -60.5, -128.0, f64::NAN, f64::NEG_INFINITY] {
        let bad = changes(&engine.simulate(b"coffee-aisle", rssi, NOW));
        assert_eq!(bad.code, ErrorCode::AdvertisementInvalid as u8, "{rssi}");
        assert!(message(&engine).contains("-127 to -1"));
    }
    let edges = [-127.0, -1.0];
    for rssi in edges {
        let ok = changes(&engine.simulate(b"coffee-aisle", rssi, NOW));
        assert_eq!(ok.code, 0, "{rssi}");
    }
}

#[test]
fn without_consent_zones_are_live_but_nothing_is_rendered_again() {
    let mut engine = engine();
    engine.set_personalize(false);
    let answer = changes(&engine.simulate(b"coffee-aisle", -60.0, NOW));
    assert_eq!(
        answer.changes.len(),
        1,
        "the instance's record() drops it without consent"
    );
    assert!(!answer.rerender);
    assert!(zones(&engine)[0].at);
}

#[test]
fn a_beacon_the_catalog_no_longer_declares_is_left() {
    let mut engine = engine();
    engine.simulate(b"coffee-aisle", -60.0, NOW);
    beacons(&mut engine)[0].id = "coffee-corner".into();
    let answer = changes(&engine.tick(NOW + 100.0));
    assert_eq!(answer.changes, [left("coffee-aisle", NOW + 100.0)]);
}

#[test]
fn ids_longer_than_events_allow_are_not_recorded() {
    let mut engine = engine();
    let long = "é".repeat(MAX_ID_BYTES / 2 + 1);
    beacons(&mut engine)[0].id = long.clone();
    let answer = changes(&engine.simulate(long.as_bytes(), -60.0, NOW));
    assert_eq!(answer.code, 0);
    assert!(answer.changes.is_empty() && !answer.rerender);
    assert!(zones(&engine)[0].at, "the zone is still live");
}

#[test]
fn a_new_presence_starts_empty_and_the_clock_may_not_be_negative() {
    let mut engine = engine();
    assert!(zones(&engine).iter().all(|z| z.zone == 3));
    let answer = changes(&engine.tick(-5.0));
    assert!(answer.changes.is_empty());
    let answer = changes(&engine.receive(&altbeacon(0x0118), -60.0, -1.0));
    assert_eq!(answer.changes, [arrived("coffee-aisle", 0.0)]);
}

#[test]
fn a_payload_that_does_not_decode_keeps_the_previous_beacons() {
    let mut engine = engine();
    let mut broken = payload();
    broken.truncate(broken.len() / 2);
    broken[30] ^= 0xFF;
    let code = engine.catalog(&broken[..40]);
    assert_eq!(code, ErrorCode::CatalogInvalid as u8);
    assert!(!message(&engine).is_empty());
    assert_eq!(
        engine.catalog(b"not a catalog"),
        ErrorCode::CatalogInvalid as u8
    );
    assert_eq!(
        zones(&engine)[0].beacon,
        "coffee-aisle",
        "still the demo's beacons"
    );
}

/// The last failure's message as text.
fn message(engine: &Beacons) -> String {
    String::from_utf8(engine.message()).unwrap()
}
