//! Bluetooth beacon support for in-store personalization.
//!
//! * [`frames`] parses iBeacon, AltBeacon and Eddystone advertisements from
//!   the raw bytes Web Bluetooth reports, and names each beacon with a stable
//!   [`BeaconId`] usable as a catalog key.
//! * [`proximity`] turns a stream of RSSI readings into smoothed distances and
//!   debounced [`Zone`] events (enter, zone change, exit).
//! * [`advertisement`] holds one received advertisement (and builds the
//!   synthetic one the simulator sends for a catalog beacon).
//! * [`presence`] matches advertisements to the catalog's declared beacons and
//!   says when the shopper arrives at or leaves one.
//!
//! Everything here is pure: no clock, no randomness, no browser APIs. Time is
//! always passed in by the caller as milliseconds.

pub mod advertisement;
pub mod frames;
pub mod presence;
pub mod proximity;

pub use advertisement::Advertisement;
pub use presence::{BeaconZone, Presence, PresenceChange};

pub use frames::{
    parse_manufacturer_data, parse_service_data, AltBeacon, BeaconFrame, BeaconId,
    BeaconIdParseError, EddystoneTlm, EddystoneUid, EddystoneUrl, FrameError, IBeacon,
};
pub use proximity::{
    ConfigError, DistanceModel, ProximityConfig, ProximityTracker, RssiFilter, TrackerStats, Zone,
    ZoneEvent, MAX_SAMPLES_PER_BEACON, MAX_TRACKED_BEACONS,
};
