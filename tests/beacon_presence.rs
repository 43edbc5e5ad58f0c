//! Presence at catalog beacons: advertisements (real-shaped and simulated) are matched to the
//! catalog's declared beacons, and arrivals/departures follow each beacon's `at_zone`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::json;
use vitrine::engine::beacon::{Advertisement, Presence, PresenceChange, Zone};
use vitrine::engine::catalog::{Beacon, Catalog};

const COFFEE: &str = "altbeacon:4c0ffee0de7a11e0000000000000000000000001";
const TEA: &str = "eddystone:8b0ca750095477cb3e77:000000000001";
const TILLS: &str = "ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:2";

fn beacons() -> Vec<Beacon> {
    let doc = json!({
        "schema": 1,
        "version": "presence-test",
        "beacons": [
            { "id": "coffee-aisle", "name": "Coffee aisle", "frame": COFFEE },
            { "id": "tea-shelf", "name": "Tea shelf", "frame": TEA, "at_zone": "immediate" },
            { "id": "tills", "name": "Tills", "frame": TILLS }
        ],
        "campaigns": []
    });
    Catalog::from_json(&doc.to_string()).unwrap().beacons
}

fn ad(beacons: &[Beacon], id: &str, rssi: i16) -> Advertisement {
    let beacon = beacons.iter().find(|b| b.id == id).unwrap();
    Advertisement::simulated(beacon, rssi)
}

fn arrived(beacon: &str, at_ms: u64) -> PresenceChange {
    PresenceChange::Arrived {
        beacon: beacon.into(),
        at_ms,
    }
}

fn left(beacon: &str, at_ms: u64) -> PresenceChange {
    PresenceChange::Left {
        beacon: beacon.into(),
        at_ms,
    }
}

fn zone(p: &Presence, beacons: &[Beacon], id: &str) -> Zone {
    p.zones(beacons)
        .into_iter()
        .find(|z| z.beacon == id)
        .unwrap()
        .zone
}

#[test]
fn a_near_altbeacon_is_arrived_at_and_left_when_the_shopper_walks_away() {
    let b = beacons();
    let mut p = Presence::new();
    assert_eq!(
        p.observe(&b, &ad(&b, "coffee-aisle", -60), 1_000),
        [arrived("coffee-aisle", 1_000)]
    );
    assert_eq!(zone(&p, &b, "coffee-aisle"), Zone::Near);
    assert_eq!(p.at(), ["coffee-aisle"]);
    let mut changes = Vec::new();
    for i in 1..=60 {
        changes.extend(p.observe(&b, &ad(&b, "coffee-aisle", -95), 1_000 + i * 200));
    }
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(matches!(&changes[0], PresenceChange::Left { beacon, .. } if beacon == "coffee-aisle"));
    assert_eq!(zone(&p, &b, "coffee-aisle"), Zone::Far);
    assert!(p.at().is_empty());
}

#[test]
fn one_noisy_reading_does_not_end_a_visit() {
    let b = beacons();
    let mut p = Presence::new();
    let mut changes = Vec::new();
    for i in 0..20u64 {
        let rssi = if i == 10 { -100 } else { -62 };
        changes.extend(p.observe(&b, &ad(&b, "coffee-aisle", rssi), i * 250));
    }
    assert_eq!(changes, [arrived("coffee-aisle", 0)]);
}

#[test]
fn an_unseen_beacon_is_left_after_the_exit_timeout() {
    let b = beacons();
    let mut p = Presence::new();
    p.observe(&b, &ad(&b, "coffee-aisle", -60), 5_000);
    assert!(p.tick(&b, 14_999).is_empty());
    assert_eq!(p.tick(&b, 15_000), [left("coffee-aisle", 15_000)]);
    assert_eq!(zone(&p, &b, "coffee-aisle"), Zone::Unknown);
}

#[test]
fn near_does_not_count_for_a_beacon_that_needs_immediate() {
    let b = beacons();
    let mut p = Presence::new();
    assert!(p.observe(&b, &ad(&b, "tea-shelf", -62), 0).is_empty());
    assert_eq!(zone(&p, &b, "tea-shelf"), Zone::Near);
    let mut p = Presence::new();
    assert_eq!(
        p.observe(&b, &ad(&b, "tea-shelf", -45), 0),
        [arrived("tea-shelf", 0)]
    );
    assert_eq!(zone(&p, &b, "tea-shelf"), Zone::Immediate);
}

#[test]
fn eddystone_and_ibeacon_frames_are_matched_too() {
    let b = beacons();
    let mut p = Presence::new();
    assert_eq!(
        p.observe(&b, &ad(&b, "tea-shelf", -40), 0),
        [arrived("tea-shelf", 0)]
    );
    assert_eq!(
        p.observe(&b, &ad(&b, "tills", -55), 10),
        [arrived("tills", 10)]
    );
    let ad = ad(&b, "tea-shelf", -40);
    assert_eq!(ad.service_data[0].0, 0xFEAA);
    assert!(ad.manufacturer_data.is_empty());
}

#[test]
fn undeclared_beacons_and_other_payloads_are_ignored() {
    let b = beacons();
    let mut p = Presence::new();
    let stranger = Advertisement {
        manufacturer_data: vec![
            (0x0118, [&[0xBE, 0xAC][..], &[7; 20], &[0xC5, 0]].concat()),
            (0x0006, vec![1, 2, 3]),
        ],
        service_data: vec![(0xFEAA, vec![0x20, 0x00, 1, 2])],
        rssi: -50,
    };
    assert!(p.observe(&b, &stranger, 0).is_empty());
    assert!(p.zones(&b).iter().all(|z| z.zone == Zone::Unknown && !z.at));
}

#[test]
fn the_company_id_does_not_change_an_altbeacon_s_identity() {
    let b = beacons();
    let mut p = Presence::new();
    let mut other_company = ad(&b, "coffee-aisle", -60);
    other_company.manufacturer_data[0].0 = 0xABCD;
    assert_eq!(
        p.observe(&b, &other_company, 0),
        [arrived("coffee-aisle", 0)]
    );
}

#[test]
fn stopping_or_dropping_a_beacon_from_the_catalog_leaves_it() {
    let b = beacons();
    let mut p = Presence::new();
    p.observe(&b, &ad(&b, "coffee-aisle", -60), 0);
    p.observe(&b, &ad(&b, "tills", -60), 0);
    let without_coffee: Vec<Beacon> = b
        .iter()
        .filter(|x| x.id != "coffee-aisle")
        .cloned()
        .collect();
    assert_eq!(p.tick(&without_coffee, 100), [left("coffee-aisle", 100)]);
    assert_eq!(p.clear(200), [left("tills", 200)]);
    assert!(p.zones(&b).iter().all(|z| z.zone == Zone::Unknown));
}

#[test]
fn simulated_frames_carry_the_catalog_company_id_and_a_typical_reference_power() {
    let doc = json!({
        "schema": 1, "version": "v", "campaigns": [],
        "beacons": [{ "id": "a", "name": "A", "frame": COFFEE, "company_id": 0x004C }]
    });
    let b = Catalog::from_json(&doc.to_string()).unwrap().beacons;
    let ad = Advertisement::simulated(&b[0], -70);
    assert_eq!(ad.rssi, -70);
    assert_eq!(ad.manufacturer_data[0].0, 0x004C);
    let frame = ad.frames().next().unwrap();
    assert_eq!(frame.tx_power_at_1m(), Some(-59));
    assert_eq!(frame.beacon_id().unwrap().to_string(), COFFEE);
}
