//! [`ProximityConfig`]: every tuning knob of the tracker, its defaults, and validation.

use core::fmt;

use super::{DistanceModel, RssiFilter, MAX_TRACKED_BEACONS};

/// Tuning for [`ProximityTracker`](super::ProximityTracker); [`Default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProximityConfig {
    /// RSSI smoothing (default: 20 s running average).
    pub filter: RssiFilter,
    /// RSSI-to-metres model (default: Android Nexus 4 curve fit).
    pub distance_model: DistanceModel,
    /// Upper bound of [`Zone::Immediate`](super::Zone::Immediate) in metres (default 0.5).
    pub immediate_max_m: f64,
    /// Upper bound of [`Zone::Near`](super::Zone::Near) in metres (default 3.0).
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

impl core::error::Error for ConfigError {}

impl ProximityConfig {
    /// Checks every field; [`ProximityTracker::new`](super::ProximityTracker::new) calls this.
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
}
