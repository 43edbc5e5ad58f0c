//! Step 3, **zones**: `CLProximity`-style zones, the events the tracker emits, and the
//! hysteresis that keeps one noisy reading from flipping a zone.

use super::{BeaconId, ProximityConfig};

/// Proximity zone, after Apple's `CLProximity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Within arm's reach (default: under 0.5 m).
    Immediate,
    /// A few steps away (default: under 3 m).
    Near,
    /// Detected but farther away.
    Far,
    /// Not tracked: never seen, or exited.
    Unknown,
}

/// A change in a beacon's presence or zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ZoneEvent {
    /// The beacon was seen for the first time (or again after an exit).
    Enter {
        /// Beacon.
        id: BeaconId,
        /// Zone of the first reading.
        zone: Zone,
        /// Time of the first reading.
        at_ms: u64,
    },
    /// The beacon's zone changed after passing margin and dwell checks.
    ZoneChange {
        /// Beacon.
        id: BeaconId,
        /// Previous zone.
        from: Zone,
        /// New zone.
        to: Zone,
        /// Time the change was accepted.
        at_ms: u64,
    },
    /// The beacon went unseen for the exit timeout; its state is dropped.
    Exit {
        /// Beacon.
        id: BeaconId,
        /// Last sighting plus the exit timeout.
        at_ms: u64,
    },
}

impl Zone {
    /// The zone's name: `immediate`, `near`, `far` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Near => "near",
            Self::Far => "far",
            Self::Unknown => "unknown",
        }
    }
}

impl ZoneEvent {
    /// The beacon the event is about.
    pub fn id(&self) -> &BeaconId {
        match self {
            Self::Enter { id, .. } | Self::ZoneChange { id, .. } | Self::Exit { id, .. } => id,
        }
    }

    /// When the event happened, in the caller's milliseconds.
    pub fn at_ms(&self) -> u64 {
        match self {
            Self::Enter { at_ms, .. }
            | Self::ZoneChange { at_ms, .. }
            | Self::Exit { at_ms, .. } => *at_ms,
        }
    }
}

impl ProximityConfig {
    /// Zone for a distance with no hysteresis (used for the first reading).
    pub fn zone_for_distance(&self, distance_m: f64) -> Zone {
        if distance_m < self.immediate_max_m {
            Zone::Immediate
        } else if distance_m < self.near_max_m {
            Zone::Near
        } else {
            Zone::Far
        }
    }

    /// Zone for a distance given the current zone: a boundary the beacon is
    /// moving away from is pushed out by the margin, so leaving `current`
    /// needs a clear crossing.
    pub(super) fn zone_with_hysteresis(&self, current: Zone, distance_m: f64) -> Zone {
        let rank = |z| match z {
            Zone::Immediate => 0,
            Zone::Near => 1,
            Zone::Far | Zone::Unknown => 2,
        };
        let widen = |bound: f64, zone_below: Zone| {
            if rank(current) <= rank(zone_below) {
                bound * (1.0 + self.hysteresis_margin)
            } else {
                bound * (1.0 - self.hysteresis_margin)
            }
        };
        if distance_m < widen(self.immediate_max_m, Zone::Immediate) {
            Zone::Immediate
        } else if distance_m < widen(self.near_max_m, Zone::Near) {
            Zone::Near
        } else {
            Zone::Far
        }
    }
}
