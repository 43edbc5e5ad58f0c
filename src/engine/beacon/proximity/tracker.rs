//! Step 4, **tracker**: per-beacon state, enter/zone-change events, and exits after a timeout.

use crate::engine::prelude::*;

use super::filter::FilterState;
use super::{BeaconId, ConfigError, ProximityConfig, Zone, ZoneEvent, MIN_VALID_RSSI};

/// Counters of input the tracker refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackerStats {
    /// Readings with RSSI `>= 0` or `< -127`.
    pub ignored_rssi: u64,
    /// Readings with a 1 m reference power `>= 0`, which no model can use.
    pub ignored_tx_power: u64,
    /// Readings of new beacons refused because the tracker was full.
    pub rejected_beacons: u64,
}

/// Everything known about one tracked beacon.
#[derive(Debug, Clone)]
struct Tracked {
    id: BeaconId,
    filter: FilterState,
    tx_power_at_1m: i8,
    last_seen_ms: u64,
    zone: Zone,
    /// A candidate zone and when it was first seen.
    pending: Option<(Zone, u64)>,
    distance_m: Option<f64>,
}

impl Tracked {
    /// Re-estimates distance at `now_ms` and applies margin and dwell checks.
    fn evaluate(&mut self, config: &ProximityConfig, now_ms: u64) -> Option<ZoneEvent> {
        let rssi = self.filter.estimate(config.filter, now_ms)?;
        let distance = config
            .distance_model
            .distance_m(rssi, self.tx_power_at_1m)?;
        self.distance_m = Some(distance);
        let candidate = config.zone_with_hysteresis(self.zone, distance);
        if candidate == self.zone {
            self.pending = None;
            return None;
        }
        let since = match self.pending {
            Some((zone, since)) if zone == candidate => since,
            _ => {
                self.pending = Some((candidate, now_ms));
                now_ms
            }
        };
        if now_ms.saturating_sub(since) < config.dwell_ms {
            return None;
        }
        let from = self.zone;
        self.zone = candidate;
        self.pending = None;
        Some(ZoneEvent::ZoneChange {
            id: self.id,
            from,
            to: candidate,
            at_ms: now_ms,
        })
    }
}

/// Tracks the zones of up to [`MAX_TRACKED_BEACONS`](super::MAX_TRACKED_BEACONS) beacons from RSSI readings.
/// [`Default`] uses [`ProximityConfig::default`].
#[derive(Debug, Clone, Default)]
pub struct ProximityTracker {
    config: ProximityConfig,
    beacons: Vec<Tracked>,
    stats: TrackerStats,
}

impl ProximityTracker {
    /// A tracker with a validated config.
    pub fn new(config: ProximityConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self {
            config,
            ..Self::default()
        })
    }

    /// The tracker's config.
    pub fn config(&self) -> &ProximityConfig {
        &self.config
    }

    /// Feeds one reading taken at `now_ms`.
    ///
    /// First runs [`tick`](Self::tick) (so stale beacons exit even if the
    /// caller never ticks), then records the reading. Returns all events due:
    /// exits, accepted zone changes, and an `Enter` for a new beacon. Absurd
    /// RSSI, non-negative `tx_power_at_1m`, and new beacons beyond the cap are
    /// ignored and counted in [`stats`](Self::stats).
    pub fn observe(
        &mut self,
        id: BeaconId,
        rssi: i16,
        tx_power_at_1m: i8,
        now_ms: u64,
    ) -> Vec<ZoneEvent> {
        let mut events = self.tick(now_ms);
        if !(MIN_VALID_RSSI..0).contains(&rssi) {
            self.stats.ignored_rssi += 1;
            return events;
        }
        if tx_power_at_1m >= 0 {
            self.stats.ignored_tx_power += 1;
            return events;
        }
        let config = self.config;
        if let Some(beacon) = self.beacons.iter_mut().find(|b| b.id == id) {
            beacon.filter.add(config.filter, rssi, now_ms);
            beacon.tx_power_at_1m = tx_power_at_1m;
            beacon.last_seen_ms = beacon.last_seen_ms.max(now_ms);
            events.extend(beacon.evaluate(&config, now_ms));
            return events;
        }
        if self.beacons.len() >= config.max_beacons {
            self.stats.rejected_beacons += 1;
            return events;
        }
        let mut filter = FilterState::new(config.filter, rssi, now_ms);
        let distance = filter
            .estimate(config.filter, now_ms)
            .and_then(|r| config.distance_model.distance_m(r, tx_power_at_1m));
        let zone = distance.map_or(Zone::Far, |d| config.zone_for_distance(d));
        self.beacons.push(Tracked {
            id,
            filter,
            tx_power_at_1m,
            last_seen_ms: now_ms,
            zone,
            pending: None,
            distance_m: distance,
        });
        events.push(ZoneEvent::Enter {
            id,
            zone,
            at_ms: now_ms,
        });
        events
    }

    /// Advances time to `now_ms`: beacons unseen for the exit timeout exit
    /// (stamped at last sighting + timeout, in time order), then pending zone
    /// changes whose dwell has elapsed are accepted (stamped `now_ms`). With
    /// non-decreasing `now_ms`, the event stream is ordered by `at_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Vec<ZoneEvent> {
        let timeout = self.config.exit_timeout_ms;
        let mut events: Vec<ZoneEvent> = Vec::new();
        self.beacons.retain(|b| {
            let stale = now_ms.saturating_sub(b.last_seen_ms) >= timeout;
            if stale {
                let exit = ZoneEvent::Exit {
                    id: b.id,
                    at_ms: b.last_seen_ms.saturating_add(timeout),
                };
                // Exits in time order, ties in first-seen order: each goes after every exit
                // at or before its time (a stable insertion, without sort code in the wasm).
                let at = events.partition_point(|e| e.at_ms() <= exit.at_ms());
                events.insert(at, exit);
            }
            !stale
        });
        let config = self.config;
        for beacon in &mut self.beacons {
            events.extend(beacon.evaluate(&config, now_ms));
        }
        events
    }

    /// Current zone of `id`; [`Zone::Unknown`] if it is not tracked.
    pub fn zone(&self, id: &BeaconId) -> Zone {
        self.find(id).map_or(Zone::Unknown, |b| b.zone)
    }

    /// Estimated distance of `id` in metres as of the last `observe`/`tick`.
    pub fn distance_m(&self, id: &BeaconId) -> Option<f64> {
        self.find(id).and_then(|b| b.distance_m)
    }

    /// Number of beacons currently tracked.
    pub fn tracked_count(&self) -> usize {
        self.beacons.len()
    }

    /// Ids of the tracked beacons, in first-seen order.
    pub fn tracked_ids(&self) -> impl Iterator<Item = &BeaconId> + '_ {
        self.beacons.iter().map(|b| &b.id)
    }

    /// Counters of refused input.
    pub fn stats(&self) -> TrackerStats {
        self.stats
    }

    fn find(&self, id: &BeaconId) -> Option<&Tracked> {
        self.beacons.iter().find(|b| b.id == *id)
    }
}
