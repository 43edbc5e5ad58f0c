//! Proximity tracker tests: deterministic RSSI sequences with seeded noise
//! (a local splitmix64 PRNG; no clock, no OS randomness).
#![cfg(not(target_arch = "wasm32"))]

use vitrine::engine::beacon::{
    BeaconId, DistanceModel, ProximityConfig, ProximityTracker, RssiFilter, Zone, ZoneEvent,
    MAX_TRACKED_BEACONS,
};

const TX: i8 = -59;
const STEP_MS: u64 = 100;
/// Plateau RSSI values: ~9.5 m, ~2 m and ~0.2 m with the default model.
const FAR: i16 = -80;
const NEAR: i16 = -65;
const IMMEDIATE: i16 = -50;

/// splitmix64 (Steele, Lea, Flood 2014): tiny, seedable, deterministic.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform integer noise in `-amp..=amp` dB.
    fn noise(&mut self, amp: i16) -> i16 {
        let span = u64::try_from(2 * amp + 1).unwrap();
        i16::try_from(self.next_u64() % span).unwrap() - amp
    }
}

fn beacon(n: u16) -> BeaconId {
    BeaconId::IBeacon {
        uuid: [0xE2; 16],
        major: 1,
        minor: n,
    }
}

fn tracker(config: ProximityConfig) -> ProximityTracker {
    ProximityTracker::new(config).unwrap()
}

/// A filter that uses only the latest reading, to test dwell and margin exactly.
fn latest_only() -> ProximityConfig {
    ProximityConfig {
        filter: RssiFilter::RunningAverage { window_ms: 0 },
        ..ProximityConfig::default()
    }
}

/// Feeds one reading per `STEP_MS` in `[start, end)` around `rssi` with noise.
fn feed(
    t: &mut ProximityTracker,
    id: BeaconId,
    (start, end): (u64, u64),
    rssi: i16,
    noise: i16,
    rng: &mut SplitMix64,
) -> Vec<ZoneEvent> {
    let mut events = Vec::new();
    let mut now = start;
    while now < end {
        events.extend(t.observe(id, rssi + rng.noise(noise), TX, now));
        now += STEP_MS;
    }
    events
}

fn changes(events: &[ZoneEvent]) -> Vec<(Zone, Zone)> {
    events
        .iter()
        .filter_map(|e| match e {
            ZoneEvent::ZoneChange { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}

/// Approach from far to immediate and walk away again, 30 s per plateau.
fn approach_and_leave(config: ProximityConfig, seed: u64) -> (Vec<ZoneEvent>, Vec<Zone>) {
    let mut t = tracker(config);
    let mut rng = SplitMix64(seed);
    let id = beacon(1);
    let mut events = Vec::new();
    let mut zones = Vec::new();
    for (i, rssi) in [FAR, NEAR, IMMEDIATE, NEAR, FAR].into_iter().enumerate() {
        let start = i as u64 * 30_000;
        events.extend(feed(&mut t, id, (start, start + 30_000), rssi, 4, &mut rng));
        zones.push(t.zone(&id));
    }
    events.extend(t.tick(150_000 + 20_000));
    zones.push(t.zone(&id));
    (events, zones)
}

fn all_configs() -> Vec<ProximityConfig> {
    let mut configs = Vec::new();
    for filter in [RssiFilter::ANDROID_RUNNING_AVERAGE, RssiFilter::KALMAN] {
        for distance_model in [DistanceModel::NEXUS4_CURVE_FIT, DistanceModel::FREE_SPACE] {
            configs.push(ProximityConfig {
                filter,
                distance_model,
                ..ProximityConfig::default()
            });
        }
    }
    configs
}

#[test]
fn zones_progress_far_near_immediate_and_back() {
    for config in all_configs() {
        for seed in [1, 2, 3, 0xDEAD_BEEF] {
            let (events, zones) = approach_and_leave(config, seed);
            let ctx = format!("{config:?} seed {seed}");
            assert!(
                matches!(
                    events.first(),
                    Some(ZoneEvent::Enter {
                        zone: Zone::Far,
                        at_ms: 0,
                        ..
                    })
                ),
                "{ctx}: {events:?}"
            );
            assert_eq!(
                changes(&events),
                [
                    (Zone::Far, Zone::Near),
                    (Zone::Near, Zone::Immediate),
                    (Zone::Immediate, Zone::Near),
                    (Zone::Near, Zone::Far),
                ],
                "{ctx}"
            );
            assert!(
                matches!(events.last(), Some(ZoneEvent::Exit { at_ms: 159_900, .. })),
                "{ctx}: last reading at 149 900 + 10 000 ms timeout: {events:?}"
            );
            assert_eq!(
                zones,
                [
                    Zone::Far,
                    Zone::Near,
                    Zone::Immediate,
                    Zone::Near,
                    Zone::Far,
                    Zone::Unknown
                ],
                "{ctx}"
            );
            assert!(events.windows(2).all(|w| w[0].at_ms() <= w[1].at_ms()));
        }
    }
}

#[test]
fn same_seed_same_events() {
    let config = ProximityConfig::default();
    assert_eq!(
        approach_and_leave(config, 42),
        approach_and_leave(config, 42)
    );
}

#[test]
fn single_outlier_never_flips_the_zone() {
    let configs = [
        ProximityConfig::default(),
        ProximityConfig {
            filter: RssiFilter::KALMAN,
            ..ProximityConfig::default()
        },
        latest_only(),
    ];
    for config in configs {
        for outlier in [-100, -127, -20, -1] {
            let mut t = tracker(config);
            let mut rng = SplitMix64(7);
            let id = beacon(1);
            let mut events = feed(&mut t, id, (0, 20_000), NEAR, 2, &mut rng);
            events.extend(t.observe(id, outlier, TX, 20_000));
            events.extend(feed(&mut t, id, (20_100, 40_000), NEAR, 2, &mut rng));
            assert_eq!(changes(&events), [], "{config:?} outlier {outlier}");
            assert_eq!(t.zone(&id), Zone::Near);
        }
    }
}

#[test]
fn dwell_time_is_respected() {
    let mut t = tracker(latest_only());
    let mut rng = SplitMix64(0);
    let id = beacon(1);
    let events = feed(&mut t, id, (0, 5_000), NEAR, 0, &mut rng);
    assert_eq!(changes(&events), []);
    // Far from 5 000 ms on: accepted exactly 2 000 ms later, not before.
    let events = feed(&mut t, id, (5_000, 6_900), FAR, 0, &mut rng);
    assert_eq!(events, []);
    assert_eq!(t.zone(&id), Zone::Near);
    let events = t.observe(id, FAR, TX, 7_000);
    assert_eq!(
        events,
        [ZoneEvent::ZoneChange {
            id,
            from: Zone::Near,
            to: Zone::Far,
            at_ms: 7_000
        }]
    );
}

#[test]
fn interrupted_candidate_restarts_dwell() {
    let mut t = tracker(latest_only());
    let mut rng = SplitMix64(0);
    let id = beacon(1);
    feed(&mut t, id, (0, 5_000), NEAR, 0, &mut rng);
    assert_eq!(feed(&mut t, id, (5_000, 6_500), FAR, 0, &mut rng), []);
    assert_eq!(t.observe(id, NEAR, TX, 6_500), []);
    // The far candidate starts again at 6 600 ms.
    assert_eq!(feed(&mut t, id, (6_600, 8_600), FAR, 0, &mut rng), []);
    let events = t.observe(id, FAR, TX, 8_600);
    assert_eq!(changes(&events), [(Zone::Near, Zone::Far)]);
    assert_eq!(events[0].at_ms(), 8_600);
}

#[test]
fn tick_accepts_a_pending_change_without_new_readings() {
    let mut t = tracker(latest_only());
    let id = beacon(1);
    t.observe(id, NEAR, TX, 0);
    assert_eq!(t.observe(id, IMMEDIATE, TX, 1_000), []);
    assert_eq!(t.tick(2_999), []);
    assert_eq!(
        t.tick(3_000),
        [ZoneEvent::ZoneChange {
            id,
            from: Zone::Near,
            to: Zone::Immediate,
            at_ms: 3_000
        }]
    );
    assert_eq!(t.tick(4_000), []);
}

#[test]
fn hysteresis_margin_blocks_small_crossings() {
    let model = DistanceModel::NEXUS4_CURVE_FIT;
    let d = |rssi: f64| model.distance_m(rssi, TX).unwrap();
    // Preconditions: -69 dBm is past 3 m but inside the 10 % margin; -70 is beyond it.
    assert!(d(-69.0) > 3.0 && d(-69.0) < 3.3, "{}", d(-69.0));
    assert!(d(-70.0) > 3.3);
    assert!(d(-67.0) < 2.7);

    let mut t = tracker(latest_only());
    let mut rng = SplitMix64(0);
    let id = beacon(1);
    let mut events = feed(&mut t, id, (0, 5_000), NEAR, 0, &mut rng);
    events.extend(feed(&mut t, id, (5_000, 20_000), -69, 0, &mut rng));
    assert_eq!(changes(&events), [], "inside the margin: stays near");
    assert_eq!(t.zone(&id), Zone::Near);
    assert!(t.distance_m(&id).unwrap() > 3.0);

    let events = feed(&mut t, id, (20_000, 25_000), -70, 0, &mut rng);
    assert_eq!(changes(&events), [(Zone::Near, Zone::Far)]);
    // Coming back to -69 dBm (3.1 m) is not enough to return to near.
    let events = feed(&mut t, id, (25_000, 35_000), -69, 0, &mut rng);
    assert_eq!(changes(&events), []);
    let events = feed(&mut t, id, (35_000, 40_000), -67, 0, &mut rng);
    assert_eq!(changes(&events), [(Zone::Far, Zone::Near)]);
}

#[test]
fn exit_after_timeout_then_reenter() {
    let mut t = tracker(ProximityConfig::default());
    let mut rng = SplitMix64(3);
    let id = beacon(1);
    feed(&mut t, id, (0, 1_100), NEAR, 2, &mut rng);
    assert_eq!(t.zone(&id), Zone::Near);
    assert!(t.distance_m(&id).is_some());
    // Last reading at 1 000 ms; the 10 000 ms timeout expires at 11 000 ms.
    assert_eq!(t.tick(10_999), []);
    assert_eq!(t.tick(11_000), [ZoneEvent::Exit { id, at_ms: 11_000 }]);
    assert_eq!(t.zone(&id), Zone::Unknown);
    assert_eq!(t.distance_m(&id), None);
    assert_eq!(t.tracked_count(), 0);
    assert_eq!(t.tick(50_000), []);
    let events = t.observe(id, IMMEDIATE, TX, 60_000);
    assert_eq!(
        events,
        [ZoneEvent::Enter {
            id,
            zone: Zone::Immediate,
            at_ms: 60_000
        }]
    );
}

#[test]
fn observe_alone_reports_exit_then_enter() {
    let mut t = tracker(ProximityConfig::default());
    let id = beacon(1);
    t.observe(id, NEAR, TX, 0);
    assert_eq!(
        t.observe(id, FAR, TX, 30_000),
        [
            ZoneEvent::Exit { id, at_ms: 10_000 },
            ZoneEvent::Enter {
                id,
                zone: Zone::Far,
                at_ms: 30_000
            }
        ]
    );
}

#[test]
fn many_beacons_are_tracked_independently() {
    let mut t = tracker(ProximityConfig::default());
    let mut rng = SplitMix64(11);
    let (a, b, c) = (beacon(1), beacon(2), beacon(3));
    let mut events = Vec::new();
    let mut now = 0;
    while now < 30_000 {
        events.extend(t.observe(a, NEAR + rng.noise(3), TX, now));
        events.extend(t.observe(b, -85 + rng.noise(3), TX, now + 10));
        events.extend(t.observe(c, -48 + rng.noise(3), TX, now + 20));
        now += STEP_MS;
    }
    assert_eq!(events.len(), 3, "only the three enters: {events:?}");
    assert_eq!(
        [t.zone(&a), t.zone(&b), t.zone(&c)],
        [Zone::Near, Zone::Far, Zone::Immediate]
    );
    assert!(t.distance_m(&c) < t.distance_m(&a) && t.distance_m(&a) < t.distance_m(&b));
    assert_eq!(t.tracked_ids().collect::<Vec<_>>(), [&a, &b, &c]);

    // c goes silent and a walks away; b is untouched.
    let mut events = Vec::new();
    while now < 60_000 {
        events.extend(t.observe(a, FAR + rng.noise(3), TX, now));
        events.extend(t.observe(b, -85 + rng.noise(3), TX, now + 10));
        now += STEP_MS;
    }
    let exits: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, ZoneEvent::Exit { .. }))
        .collect();
    assert_eq!(
        exits,
        [&ZoneEvent::Exit {
            id: c,
            at_ms: 39_920
        }]
    );
    assert!(events.iter().all(|e| *e.id() != b), "{events:?}");
    assert_eq!(changes(&events), [(Zone::Near, Zone::Far)]);
    assert_eq!(t.zone(&c), Zone::Unknown);
}

#[test]
fn tracked_beacons_are_bounded() {
    let mut t = tracker(ProximityConfig::default());
    let mut enters = 0;
    for n in 0..100 {
        enters += t.observe(beacon(n), NEAR, TX, 1_000).len();
    }
    assert_eq!(enters, MAX_TRACKED_BEACONS);
    assert_eq!(t.tracked_count(), MAX_TRACKED_BEACONS);
    assert_eq!(t.stats().rejected_beacons, 36);
    assert_eq!(t.zone(&beacon(99)), Zone::Unknown);
    // Readings of tracked beacons still count; new ones are refused.
    assert_eq!(t.observe(beacon(0), NEAR, TX, 2_000), []);
    assert_eq!(t.observe(beacon(80), NEAR, TX, 2_000), []);
    assert_eq!(t.stats().rejected_beacons, 37);
    // Once the others exit, new beacons get a slot.
    let events = t.observe(beacon(80), NEAR, TX, 11_500);
    assert_eq!(events.len(), MAX_TRACKED_BEACONS); // 63 exits + 1 enter
    assert_eq!(t.tracked_count(), 2);

    let mut small = tracker(ProximityConfig {
        max_beacons: 3,
        ..ProximityConfig::default()
    });
    for n in 0..10 {
        small.observe(beacon(n), NEAR, TX, 0);
    }
    assert_eq!(small.tracked_count(), 3);
    assert_eq!(small.stats().rejected_beacons, 7);
}

#[test]
fn many_samples_stay_bounded_and_correct() {
    let mut t = tracker(ProximityConfig::default());
    let id = beacon(1);
    // 10 000 readings within the same second, then a steady level.
    for i in 0..10_000 {
        t.observe(id, FAR, TX, i / 10);
    }
    let mut rng = SplitMix64(5);
    feed(&mut t, id, (1_000, 30_000), NEAR, 0, &mut rng);
    assert_eq!(t.zone(&id), Zone::Near);
}

#[test]
fn absurd_readings_are_ignored_and_counted() {
    let mut t = tracker(ProximityConfig::default());
    let id = beacon(1);
    for rssi in [0, 1, 127, -128, -200, i16::MIN, i16::MAX] {
        assert_eq!(t.observe(id, rssi, TX, 0), []);
    }
    for tx in [0, 1, 20, i8::MAX] {
        assert_eq!(t.observe(id, NEAR, tx, 0), []);
    }
    assert_eq!(t.tracked_count(), 0);
    let stats = t.stats();
    assert_eq!((stats.ignored_rssi, stats.ignored_tx_power), (7, 4));
    // The extremes of the valid range are accepted.
    assert_eq!(t.observe(id, -127, TX, 0).len(), 1);
    assert_eq!(t.observe(beacon(2), -1, TX, 0).len(), 1);
}

#[test]
fn distance_is_monotone_in_rssi() {
    let models = [
        DistanceModel::NEXUS4_CURVE_FIT,
        DistanceModel::FREE_SPACE,
        DistanceModel::LogDistance {
            path_loss_exponent: 3.0,
        },
    ];
    for model in models {
        for tx in -100..=-30 {
            let mut previous = f64::INFINITY;
            for rssi in -127..=-1 {
                let d = model.distance_m(f64::from(rssi), tx).unwrap();
                assert!(
                    d <= previous,
                    "{model:?} tx {tx}: rssi {rssi} gave {d} > {previous}"
                );
                previous = d;
            }
            // At the reference power the distance is about 1 m.
            let at_ref = model.distance_m(f64::from(tx), tx).unwrap();
            assert!((at_ref - 1.0).abs() < 0.02, "{model:?}: {at_ref}");
        }
    }
    let model = DistanceModel::default();
    assert_eq!(model.distance_m(0.0, TX), None);
    assert_eq!(model.distance_m(f64::NAN, TX), None);
    assert_eq!(model.distance_m(-60.0, 0), None);

    let mut t = tracker(latest_only());
    let id = beacon(1);
    let mut previous = 0.0;
    for (i, rssi) in (-100..=-30).rev().enumerate() {
        t.observe(id, rssi, TX, i as u64 * STEP_MS);
        let d = t.distance_m(&id).unwrap();
        assert!(d >= previous, "rssi {rssi}: {d} < {previous}");
        previous = d;
    }
}

#[test]
fn config_is_validated() {
    assert_eq!(ProximityConfig::default().validate(), Ok(()));
    let base = ProximityConfig::default();
    let invalid = [
        (
            ProximityConfig {
                immediate_max_m: 0.0,
                ..base
            },
            "immediate_max_m",
        ),
        (
            ProximityConfig {
                near_max_m: 0.4,
                ..base
            },
            "near_max_m",
        ),
        (
            ProximityConfig {
                near_max_m: f64::NAN,
                ..base
            },
            "near_max_m",
        ),
        (
            ProximityConfig {
                hysteresis_margin: 1.0,
                ..base
            },
            "hysteresis_margin",
        ),
        (
            ProximityConfig {
                hysteresis_margin: -0.1,
                ..base
            },
            "hysteresis_margin",
        ),
        (
            ProximityConfig {
                exit_timeout_ms: 0,
                ..base
            },
            "exit_timeout_ms",
        ),
        (
            ProximityConfig {
                max_beacons: 0,
                ..base
            },
            "max_beacons",
        ),
        (
            ProximityConfig {
                max_beacons: MAX_TRACKED_BEACONS + 1,
                ..base
            },
            "max_beacons",
        ),
        (
            ProximityConfig {
                distance_model: DistanceModel::LogDistance {
                    path_loss_exponent: 0.0,
                },
                ..base
            },
            "distance_model.path_loss_exponent",
        ),
        (
            ProximityConfig {
                distance_model: DistanceModel::CurveFit {
                    a: 1.0,
                    b: f64::INFINITY,
                    c: 0.0,
                },
                ..base
            },
            "distance_model.b",
        ),
        (
            ProximityConfig {
                filter: RssiFilter::Kalman {
                    process_noise_db2_per_s: 1.0,
                    measurement_noise_db2: 0.0,
                },
                ..base
            },
            "filter.measurement_noise_db2",
        ),
    ];
    for (config, field) in invalid {
        let err = ProximityTracker::new(config).unwrap_err();
        assert_eq!(err.field, field);
        assert!(err.to_string().contains(field), "{err}");
    }
}

#[test]
fn events_serialize_for_javascript() {
    let id = beacon(2);
    let json = |e: ZoneEvent| serde_json::to_value(e).unwrap();
    assert_eq!(
        json(ZoneEvent::Enter {
            id,
            zone: Zone::Near,
            at_ms: 5
        }),
        serde_json::json!({
            "type": "enter",
            "id": "ibeacon:e2e2e2e2-e2e2-e2e2-e2e2-e2e2e2e2e2e2:1:2",
            "zone": "near",
            "at_ms": 5
        })
    );
    assert_eq!(
        json(ZoneEvent::ZoneChange {
            id,
            from: Zone::Far,
            to: Zone::Immediate,
            at_ms: 6
        })["type"],
        "zone_change"
    );
    assert_eq!(json(ZoneEvent::Exit { id, at_ms: 7 })["type"], "exit");
    assert_eq!(serde_json::to_value(Zone::Unknown).unwrap(), "unknown");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[derive(Debug, Clone)]
    enum Op {
        Observe {
            beacon: u16,
            rssi: i16,
            tx: i8,
            dt: u64,
        },
        Tick {
            dt: u64,
        },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u16..6, prop_oneof![-100i16..-30, any::<i16>()], prop_oneof![Just(TX), any::<i8>()], 0u64..3_000)
                .prop_map(|(beacon, rssi, tx, dt)| Op::Observe { beacon, rssi, tx, dt }),
            1 => (0u64..15_000).prop_map(|dt| Op::Tick { dt }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Any input sequence: no panic, bounded state, and a well-formed,
        /// time-ordered event stream that agrees with `zone()`.
        #[test]
        fn event_stream_is_well_formed(
            ops in prop::collection::vec(op(), 1..200),
            kalman in any::<bool>(),
            max_beacons in 1usize..5,
        ) {
            let config = ProximityConfig {
                filter: if kalman { RssiFilter::KALMAN } else { RssiFilter::ANDROID_RUNNING_AVERAGE },
                max_beacons,
                ..ProximityConfig::default()
            };
            let mut t = tracker(config);
            let mut now = 0u64;
            let mut last_at = 0u64;
            let mut zones: HashMap<BeaconId, Zone> = HashMap::new();
            for op in ops {
                let events = match op {
                    Op::Observe { beacon: n, rssi, tx, dt } => {
                        now += dt;
                        t.observe(beacon(n), rssi, tx, now)
                    }
                    Op::Tick { dt } => {
                        now += dt;
                        t.tick(now)
                    }
                };
                for e in events {
                    prop_assert!(e.at_ms() >= last_at && e.at_ms() <= now, "{:?}", e);
                    last_at = e.at_ms();
                    match e {
                        ZoneEvent::Enter { id, zone, .. } => {
                            prop_assert!(zone != Zone::Unknown);
                            prop_assert!(zones.insert(id, zone).is_none(), "double enter");
                        }
                        ZoneEvent::ZoneChange { id, from, to, .. } => {
                            prop_assert!(from != to && to != Zone::Unknown);
                            prop_assert_eq!(zones.insert(id, to), Some(from));
                        }
                        ZoneEvent::Exit { id, .. } => {
                            prop_assert!(zones.remove(&id).is_some(), "exit without enter");
                        }
                    }
                }
                prop_assert!(t.tracked_count() <= max_beacons);
                prop_assert_eq!(t.tracked_count(), zones.len());
                for n in 0..6 {
                    let id = beacon(n);
                    prop_assert_eq!(t.zone(&id), zones.get(&id).copied().unwrap_or(Zone::Unknown));
                    if let Some(d) = t.distance_m(&id) {
                        prop_assert!(d.is_finite() && d >= 0.0);
                    }
                }
            }
        }
    }
}
