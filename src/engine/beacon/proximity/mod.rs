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

//!
//! Files follow the pipeline: `filter`, `distance`, `zones`, `tracker`, with the tuning in
//! `config`; everything is re-exported here.

mod config;
mod distance;
mod filter;
mod tracker;
mod zones;

pub use config::{ConfigError, ProximityConfig};
pub use distance::DistanceModel;
pub use filter::RssiFilter;
pub use tracker::{ProximityTracker, TrackerStats};
pub use zones::{Zone, ZoneEvent};

use super::frames::BeaconId;

/// Hard cap on beacons tracked at once; [`ProximityConfig::max_beacons`] may lower it.
pub const MAX_TRACKED_BEACONS: usize = 64;

/// Cap on RSSI samples kept per beacon (20 s at 10 Hz); the oldest drops first.
pub const MAX_SAMPLES_PER_BEACON: usize = 200;

/// Weakest RSSI accepted, in dBm; readings must lie in `-127..=-1`.
pub const MIN_VALID_RSSI: i16 = -127;
