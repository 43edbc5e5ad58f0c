//! Bluetooth beacon support for in-store personalization.
//!
//! * [`frames`] parses iBeacon, AltBeacon and Eddystone advertisements from
//!   the raw bytes Web Bluetooth reports, and names each beacon with a stable
//!   [`BeaconId`] usable as a catalog key.
//! * [`proximity`] turns a stream of RSSI readings into smoothed distances and
//!   debounced [`Zone`] events (enter, zone change, exit).
//!
//! Everything here is pure: no clock, no randomness, no browser APIs. Time is
//! always passed in by the caller as milliseconds.

pub mod frames;
pub mod proximity;

pub use frames::{
    parse_manufacturer_data, parse_service_data, AltBeacon, BeaconFrame, BeaconId,
    BeaconIdParseError, EddystoneTlm, EddystoneUid, EddystoneUrl, FrameError, IBeacon,
};
pub use proximity::{
    ConfigError, DistanceModel, ProximityConfig, ProximityTracker, RssiFilter, TrackerStats, Zone,
    ZoneEvent, MAX_SAMPLES_PER_BEACON, MAX_TRACKED_BEACONS,
};
