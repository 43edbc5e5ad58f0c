//! Deterministic proximity estimation for many beacons.
//!
//! The pipeline per beacon is *RSSI samples -> filter -> distance -> zone*,
//! modelled on the Android Beacon Library (AltBeacon project) and Apple's
//! `CLProximity`:
//!
//! 1. **Filter.** The default is the Android Beacon Library's
//!    `RunningAverageRssiFilter`: keep the samples of the last 20 000 ms,
//!    sort them, drop the top and bottom 10 % (plus one at each end, exactly
//!    as its `calculateRssi` does) and average the rest. It is robust to
//!    single outliers and needs no tuning; the price is lag. A 1-D Kalman
//!    filter is available as [`RssiFilter::Kalman`] for faster response.
//! 2. **Distance.** The default is the Android Beacon Library's curve fit
//!    `ratio = rssi / tx_power_at_1m; d = ratio^10 if ratio < 1, else
//!    0.89976 * ratio^7.7095 + 0.111`, whose constants were fitted to
//!    measurements with a Nexus 4. The log-distance path-loss model
//!    `d = 10^((tx - rssi) / (10 n))` is available as
//!    [`DistanceModel::LogDistance`]. Both agree within ~10 % from 1 to 6 m;
//!    the curve fit is the default so results match Android deployments.
//! 3. **Zone.** Like `CLProximity`: immediate below 0.5 m, near below 3 m,
//!    otherwise far; unknown for beacons not currently tracked. A zone
//!    change is accepted only after the distance crosses a boundary by a
//!    margin (10 %) *and* the new zone holds for a dwell time (2 000 ms), so
//!    one noisy reading never flips a zone.
//! 4. **Exit.** A beacon unseen for 10 000 ms (the Android Beacon Library's
//!    region-exit period) exits and its state is dropped.
//!
//! Memory is bounded: at most [`MAX_TRACKED_BEACONS`] beacons and
//! [`MAX_SAMPLES_PER_BEACON`] samples each. Beacons are kept in a `Vec` in
//! first-seen order, so events come out in a deterministic order.
//! Timestamps should not go backwards; if they do, elapsed time saturates at
//! zero instead of panicking.

use std::collections::VecDeque;
use std::fmt;

use super::frames::BeaconId;

/// Hard cap on beacons tracked at once; [`ProximityConfig::max_beacons`] may lower it.
pub const MAX_TRACKED_BEACONS: usize = 64;
/// Cap on RSSI samples kept per beacon (20 s at 10 Hz); the oldest drops first.
pub const MAX_SAMPLES_PER_BEACON: usize = 200;
/// Weakest RSSI accepted, in dBm; readings must lie in `-127..=-1`.
pub const MIN_VALID_RSSI: i16 = -127;

/// How raw RSSI readings are smoothed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RssiFilter {
    /// Trimmed mean over a sliding time window (Android `RunningAverageRssiFilter`).
    /// The newest sample is always kept, so a window of 0 means "latest reading".
    RunningAverage {
        /// Window length in ms (Android default: 20 000).
        window_ms: u64,
    },
    /// Scalar Kalman filter on RSSI with a random-walk model whose process
    /// noise grows with the time between readings.
    Kalman {
        /// Process noise in dB² per second of elapsed time (how fast RSSI may drift).
        process_noise_db2_per_s: f64,
        /// Measurement noise in dB² (variance of a single reading).
        measurement_noise_db2: f64,
    },
}

impl RssiFilter {
    /// Android Beacon Library default: 20 s running average.
    pub const ANDROID_RUNNING_AVERAGE: Self = Self::RunningAverage { window_ms: 20_000 };
    /// Kalman filter for ~4 dB reading noise (R = 16 dB²) and slow drift
    /// (Q = 1 dB²/s): at 10 readings/s the gain settles near 0.08, a time
    /// constant of about 1.3 s, and a 30 dB outlier moves the estimate ~2 dB.
    pub const KALMAN: Self = Self::Kalman {
        process_noise_db2_per_s: 1.0,
        measurement_noise_db2: 16.0,
    };
}

impl Default for RssiFilter {
    fn default() -> Self {
        Self::ANDROID_RUNNING_AVERAGE
    }
}

/// How a filtered RSSI and the 1 m reference power become metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DistanceModel {
    /// `ratio^10` below ratio 1, else `a * ratio^b + c`, with `ratio = rssi / tx`.
    CurveFit {
        /// Multiplier `a`.
        a: f64,
        /// Exponent `b`.
        b: f64,
        /// Offset `c`.
        c: f64,
    },
    /// Log-distance path loss: `10^((tx - rssi) / (10 n))`.
    LogDistance {
        /// Path-loss exponent `n` (2.0 in free space, 2.5–4 indoors).
        path_loss_exponent: f64,
    },
}

impl DistanceModel {
    /// Android Beacon Library curve fit, measured with a Nexus 4.
    pub const NEXUS4_CURVE_FIT: Self = Self::CurveFit {
        a: 0.89976,
        b: 7.7095,
        c: 0.111,
    };
    /// Free-space log-distance model (`n = 2`).
    pub const FREE_SPACE: Self = Self::LogDistance {
        path_loss_exponent: 2.0,
    };

    /// Distance in metres, or `None` when `rssi` is not negative and finite
    /// or `tx_power_at_1m` is not negative. Non-increasing in `rssi`.
    pub fn distance_m(&self, rssi: f64, tx_power_at_1m: i8) -> Option<f64> {
        if !(rssi.is_finite() && rssi < 0.0 && tx_power_at_1m < 0) {
            return None;
        }
        let tx = f64::from(tx_power_at_1m);
        let d = match *self {
            Self::CurveFit { a, b, c } => {
                let ratio = rssi / tx;
                if ratio < 1.0 {
                    ratio.powi(10)
                } else {
                    a * ratio.powf(b) + c
                }
            }
            Self::LogDistance { path_loss_exponent } => {
                10f64.powf((tx - rssi) / (10.0 * path_loss_exponent))
            }
        };
        d.is_finite().then_some(d)
    }
}

impl Default for DistanceModel {
    fn default() -> Self {
        Self::NEXUS4_CURVE_FIT
    }
}

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

/// Tuning for [`ProximityTracker`]; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProximityConfig {
    /// RSSI smoothing (default: 20 s running average).
    pub filter: RssiFilter,
    /// RSSI-to-metres model (default: Android Nexus 4 curve fit).
    pub distance_model: DistanceModel,
    /// Upper bound of [`Zone::Immediate`] in metres (default 0.5).
    pub immediate_max_m: f64,
    /// Upper bound of [`Zone::Near`] in metres (default 3.0).
    pub near_max_m: f64,
    /// Fraction by which a boundary must be crossed to change zone (default 0.10).
    pub hysteresis_margin: f64,
    /// How long a new zone must hold before it is accepted, in ms (default 2 000).
    pub dwell_ms: u64,
    /// How long a beacon may go unseen before it exits, in ms (default 10 000).
    pub exit_timeout_ms: u64,
    /// Beacons tracked at once, `1..=MAX_TRACKED_BEACONS` (default 64).
    pub max_beacons: usize,
}

impl Default for ProximityConfig {
    fn default() -> Self {
        Self {
            filter: RssiFilter::default(),
            distance_model: DistanceModel::default(),
            immediate_max_m: 0.5,
            near_max_m: 3.0,
            hysteresis_margin: 0.10,
            dwell_ms: 2_000,
            exit_timeout_ms: 10_000,
            max_beacons: MAX_TRACKED_BEACONS,
        }
    }
}

/// A [`ProximityConfig`] field with an unusable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending field.
    pub field: &'static str,
    /// What the value must satisfy.
    pub requirement: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid proximity config: `{}` must be {}",
            self.field, self.requirement
        )
    }
}

impl std::error::Error for ConfigError {}

impl ProximityConfig {
    /// Checks every field; [`ProximityTracker::new`] calls this.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let check = |ok: bool, field, requirement| {
            if ok {
                Ok(())
            } else {
                Err(ConfigError { field, requirement })
            }
        };
        let positive = |x: f64| x.is_finite() && x > 0.0;
        match self.filter {
            RssiFilter::RunningAverage { .. } => {}
            RssiFilter::Kalman {
                process_noise_db2_per_s: q,
                measurement_noise_db2: r,
            } => {
                check(
                    q.is_finite() && q >= 0.0,
                    "filter.process_noise_db2_per_s",
                    "finite and >= 0",
                )?;
                check(
                    positive(r),
                    "filter.measurement_noise_db2",
                    "finite and > 0",
                )?;
            }
        }
        match self.distance_model {
            DistanceModel::CurveFit { a, b, c } => {
                check(positive(a), "distance_model.a", "finite and > 0")?;
                check(positive(b), "distance_model.b", "finite and > 0")?;
                check(c.is_finite(), "distance_model.c", "finite")?;
            }
            DistanceModel::LogDistance { path_loss_exponent } => check(
                positive(path_loss_exponent),
                "distance_model.path_loss_exponent",
                "finite and > 0",
            )?,
        }
        let m = self.hysteresis_margin;
        check(
            positive(self.immediate_max_m),
            "immediate_max_m",
            "finite and > 0",
        )?;
        check(
            m.is_finite() && (0.0..1.0).contains(&m),
            "hysteresis_margin",
            "in [0, 1)",
        )?;
        check(
            self.near_max_m.is_finite()
                && self.immediate_max_m * (1.0 + m) < self.near_max_m * (1.0 - m),
            "near_max_m",
            "finite and above immediate_max_m, with the hysteresis bands not overlapping",
        )?;
        check(self.exit_timeout_ms > 0, "exit_timeout_ms", "> 0")?;
        check(
            (1..=MAX_TRACKED_BEACONS).contains(&self.max_beacons),
            "max_beacons",
            "in 1..=MAX_TRACKED_BEACONS (64)",
        )
    }

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
    fn zone_with_hysteresis(&self, current: Zone, distance_m: f64) -> Zone {
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

/// Per-beacon filter state.
#[derive(Debug, Clone)]
enum FilterState {
    Running(VecDeque<(u64, i16)>),
    Kalman {
        estimate: f64,
        variance: f64,
        last_ms: u64,
    },
}

impl FilterState {
    fn new(filter: RssiFilter, rssi: i16, now_ms: u64) -> Self {
        match filter {
            RssiFilter::RunningAverage { .. } => Self::Running(VecDeque::from([(now_ms, rssi)])),
            RssiFilter::Kalman {
                measurement_noise_db2,
                ..
            } => Self::Kalman {
                estimate: f64::from(rssi),
                variance: measurement_noise_db2,
                last_ms: now_ms,
            },
        }
    }

    fn add(&mut self, filter: RssiFilter, rssi: i16, now_ms: u64) {
        match (self, filter) {
            (Self::Running(samples), _) => {
                if samples.len() >= MAX_SAMPLES_PER_BEACON {
                    samples.pop_front();
                }
                samples.push_back((now_ms, rssi));
            }
            (
                Self::Kalman {
                    estimate,
                    variance,
                    last_ms,
                },
                RssiFilter::Kalman {
                    process_noise_db2_per_s: q,
                    measurement_noise_db2: r,
                },
            ) => {
                let dt_s = now_ms.saturating_sub(*last_ms) as f64 / 1000.0;
                let predicted = *variance + q * dt_s;
                let gain = predicted / (predicted + r);
                *estimate += gain * (f64::from(rssi) - *estimate);
                *variance = (1.0 - gain) * predicted;
                *last_ms = (*last_ms).max(now_ms);
            }
            // The config is fixed per tracker, so the kinds always match.
            (Self::Kalman { .. }, RssiFilter::RunningAverage { .. }) => {}
        }
    }

    /// Filtered RSSI at `now_ms`; expires old running-average samples.
    fn estimate(&mut self, filter: RssiFilter, now_ms: u64) -> Option<f64> {
        match (self, filter) {
            (Self::Running(samples), RssiFilter::RunningAverage { window_ms }) => {
                let newest = samples.back().copied();
                samples.retain(|(t, _)| now_ms.saturating_sub(*t) < window_ms);
                if samples.is_empty() {
                    samples.extend(newest);
                }
                trimmed_mean(samples.iter().map(|(_, rssi)| *rssi))
            }
            (Self::Kalman { estimate, .. }, _) => Some(*estimate),
            (Self::Running(samples), _) => samples.back().map(|(_, rssi)| f64::from(*rssi)),
        }
    }
}

/// Android `RunningAverageRssiFilter.calculateRssi`: sort, and for more than
/// two samples drop `n / 10 + 1` from each end, then average.
fn trimmed_mean(values: impl Iterator<Item = i16>) -> Option<f64> {
    let mut sorted: Vec<i16> = values.collect();
    sorted.sort_unstable();
    let n = sorted.len();
    let kept = if n > 2 {
        sorted.get(n / 10 + 1..n - n / 10 - 1)?
    } else {
        sorted.as_slice()
    };
    if kept.is_empty() {
        return None;
    }
    let sum: f64 = kept.iter().map(|v| f64::from(*v)).sum();
    Some(sum / kept.len() as f64)
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

/// Tracks the zones of up to [`MAX_TRACKED_BEACONS`] beacons from RSSI readings.
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
        let mut events = Vec::new();
        self.beacons.retain(|b| {
            let stale = now_ms.saturating_sub(b.last_seen_ms) >= timeout;
            if stale {
                events.push(ZoneEvent::Exit {
                    id: b.id,
                    at_ms: b.last_seen_ms.saturating_add(timeout),
                });
            }
            !stale
        });
        // Stable sort: exits in time order, ties in first-seen order.
        events.sort_by_key(ZoneEvent::at_ms);
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
