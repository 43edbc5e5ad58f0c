//! [`Presence`]: which catalog beacons the shopper is *at*, from advertisements.
//!
//! Advertisements are parsed, matched against the catalog's declared beacons (others are
//! ignored and never tracked), and fed to a [`ProximityTracker`]. A catalog beacon is *at*
//! while its zone is its `at_zone` or closer (`near` includes `immediate`); reaching that
//! yields [`PresenceChange::Arrived`], leaving it (or the beacon going unseen until the
//! tracker's exit timeout) yields [`PresenceChange::Left`]. Those become the profile's
//! `beacon_enter` / `beacon_exit` events.
//!
//! The catalog's beacons are passed to every call, so a catalog refresh takes effect at once:
//! a beacon no longer declared is left on the next call.

use crate::engine::prelude::*;

use serde::Serialize;

use super::advertisement::Advertisement;
use super::frames::BeaconId;
use super::proximity::{ProximityTracker, Zone, ZoneEvent};
use crate::engine::catalog::Beacon;

/// A catalog beacon's presence starting or ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresenceChange {
    /// The shopper reached the beacon's `at_zone`.
    Arrived {
        /// Catalog beacon id.
        beacon: String,
        /// When, in the caller's milliseconds.
        at_ms: u64,
    },
    /// The shopper left the zone, or the beacon went unseen for the exit timeout.
    Left {
        /// Catalog beacon id.
        beacon: String,
        /// When, in the caller's milliseconds.
        at_ms: u64,
    },
}

/// One catalog beacon's live state, as `vitrine.beacons.zones()` reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BeaconZone {
    /// Catalog beacon id.
    pub beacon: String,
    /// Its human name.
    pub name: String,
    /// Current zone (`unknown` when not detected).
    pub zone: Zone,
    /// Estimated distance in metres, when detected.
    pub distance_m: Option<f64>,
    /// Whether the shopper counts as at the beacon.
    pub at: bool,
}

/// Live presence at the catalog's beacons (memory only: nothing here is ever stored).
#[derive(Debug, Clone, Default)]
pub struct Presence {
    tracker: ProximityTracker,
    /// Catalog ids the shopper is at, in arrival order.
    at: Vec<String>,
}

/// True when `zone` is `at_zone` or closer.
fn counts_as_at(zone: Zone, at_zone: Zone) -> bool {
    let rank = |z| match z {
        Zone::Immediate => 0,
        Zone::Near => 1,
        Zone::Far => 2,
        Zone::Unknown => 3,
    };
    zone != Zone::Unknown && rank(zone) <= rank(at_zone)
}

impl Presence {
    /// Presence with the default [`ProximityTracker`] (Android Beacon Library defaults).
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one advertisement received at `now_ms`; returns the presence changes it causes
    /// (including exits of other beacons that have timed out).
    pub fn observe(
        &mut self,
        beacons: &[Beacon],
        ad: &Advertisement,
        now_ms: u64,
    ) -> Vec<PresenceChange> {
        let mut changes = self.forget_undeclared(beacons, now_ms);
        let mut seen: Vec<BeaconId> = Vec::new();
        for frame in ad.frames() {
            let (Some(id), Some(tx)) = (frame.beacon_id(), frame.tx_power_at_1m()) else {
                continue;
            };
            // One reading per beacon per advertisement, and only for declared beacons.
            if seen.contains(&id) || !beacons.iter().any(|b| b.frame == id) {
                continue;
            }
            seen.push(id);
            let events = self.tracker.observe(id, ad.rssi, tx, now_ms);
            changes.extend(self.apply(beacons, &events));
        }
        if seen.is_empty() {
            let events = self.tracker.tick(now_ms);
            changes.extend(self.apply(beacons, &events));
        }
        changes
    }

    /// Advances time: beacons unseen for the exit timeout leave, pending zone changes settle.
    pub fn tick(&mut self, beacons: &[Beacon], now_ms: u64) -> Vec<PresenceChange> {
        let mut changes = self.forget_undeclared(beacons, now_ms);
        let events = self.tracker.tick(now_ms);
        changes.extend(self.apply(beacons, &events));
        changes
    }

    /// Forgets everything (scanning stopped); every beacon the shopper was at is left.
    pub fn clear(&mut self, now_ms: u64) -> Vec<PresenceChange> {
        self.tracker = ProximityTracker::new(*self.tracker.config()).unwrap_or_default();
        core::mem::take(&mut self.at)
            .into_iter()
            .map(|beacon| PresenceChange::Left {
                beacon,
                at_ms: now_ms,
            })
            .collect()
    }

    /// True while any beacon is tracked (so ticking can still produce exits).
    pub fn is_tracking(&self) -> bool {
        self.tracker.tracked_count() > 0 || !self.at.is_empty()
    }

    /// Catalog ids the shopper is at now.
    pub fn at(&self) -> &[String] {
        &self.at
    }

    /// The live zone of every catalog beacon, in catalog order.
    pub fn zones(&self, beacons: &[Beacon]) -> Vec<BeaconZone> {
        beacons
            .iter()
            .map(|b| BeaconZone {
                beacon: b.id.clone(),
                name: b.name.clone(),
                zone: self.tracker.zone(&b.frame),
                distance_m: self.tracker.distance_m(&b.frame),
                at: self.at.contains(&b.id),
            })
            .collect()
    }

    /// Turns tracker events into presence changes of the catalog beacons they concern.
    fn apply(&mut self, beacons: &[Beacon], events: &[ZoneEvent]) -> Vec<PresenceChange> {
        let mut changes = Vec::new();
        for event in events {
            let (zone, at_ms) = match *event {
                ZoneEvent::Enter { zone, at_ms, .. } => (zone, at_ms),
                ZoneEvent::ZoneChange { to, at_ms, .. } => (to, at_ms),
                ZoneEvent::Exit { at_ms, .. } => (Zone::Unknown, at_ms),
            };
            for beacon in beacons.iter().filter(|b| b.frame == *event.id()) {
                let was = self.at.contains(&beacon.id);
                let is = counts_as_at(zone, beacon.at_zone);
                let id = beacon.id.clone();
                if is && !was {
                    self.at.push(id.clone());
                    changes.push(PresenceChange::Arrived { beacon: id, at_ms });
                } else if was && !is {
                    self.at.retain(|a| *a != id);
                    changes.push(PresenceChange::Left { beacon: id, at_ms });
                }
            }
        }
        changes
    }

    /// Leaves beacons the catalog no longer declares.
    fn forget_undeclared(&mut self, beacons: &[Beacon], now_ms: u64) -> Vec<PresenceChange> {
        let (kept, gone): (Vec<String>, Vec<String>) = core::mem::take(&mut self.at)
            .into_iter()
            .partition(|a| beacons.iter().any(|b| b.id == *a));
        self.at = kept;
        gone.into_iter()
            .map(|beacon| PresenceChange::Left {
                beacon,
                at_ms: now_ms,
            })
            .collect()
    }
}
