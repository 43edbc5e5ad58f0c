//! The wasm of `vitrine/beacons` (shell/src/beacons/), a module of its own so that pages
//! without beacons download none of it: the catalog's beacons (read from the verified catalog
//! payload the instance uses, with the core's beacon-only reader) as scan filters,
//! advertisements through the core's frame parsers and proximity tracker ([`Presence`]), and
//! the zone changes they cause, all as numbers and postcard bytes.
//!
//! The shell owns the Bluetooth scan, its listeners and the tick timer; every answer here
//! says what to record (`beacon_enter` / `beacon_exit`), whether to render again, and when to
//! tick next. Live presence is memory only ([`Beacons`], one per instance, freed by the shell
//! on `destroy`): nothing about beacons is stored but the recorded events.
//!
//! Every method that can fail returns an `ErrorCode` number (0 is ok) and keeps the message
//! for [`Beacons::message`]. Messages are static text: nothing on these paths formats.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;
use vitrine::engine::beacon::frames::EDDYSTONE_SERVICE_UUID;
use vitrine::engine::beacon::proximity::MIN_VALID_RSSI;
use vitrine::engine::beacon::{Advertisement, BeaconId, Presence, PresenceChange, Zone};
use vitrine::engine::catalog::binary::decode_beacons;
use vitrine::engine::catalog::Beacon;
use vitrine::engine::events::limits::MAX_ID_BYTES;
use vitrine::engine::ErrorCode;
use wasm_bindgen::prelude::wasm_bindgen;

/// The allocator: Talc, as in the main module (wasm/src/lib.rs). Single-threaded wasm only.
/// A panic stops the module without a message (the core does not panic on any input: its tests
/// and fuzz targets check that). Without the standard library, no panic message is formatted,
/// which keeps `core::fmt` out of the module (1.5 kB gzip).
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// How long after an answer the shell ticks again while a beacon is tracked (ms): beacons that
/// go silent are left within a second of the exit timeout.
pub(crate) const TICK_MS: u32 = 1_000;

/// An advertisement entry's kind in [`Beacons::receive`]'s data: manufacturer data.
pub(crate) const MANUFACTURER: u8 = 0;
/// An advertisement entry's kind: service data of a 16-bit service UUID.
pub(crate) const SERVICE: u8 = 1;

/// AltBeacon's beacon code: the first bytes of its manufacturer data (the scan filters' prefix).
const ALTBEACON_CODE: [u8; 2] = [0xBE, 0xAC];

const NO_BEACONS: &str = "the catalog declares no beacon a browser can receive: add AltBeacon or Eddystone-UID beacons to its `beacons` (iBeacon data is blocked in Chromium)";
const UNKNOWN_BEACON: &str = "the catalog declares no beacon with this id";
const BAD_RSSI: &str = "`rssi` must be a whole number of dBm from -127 to -1";

/// One instance's beacons: the catalog's, and live presence at them (memory only).
#[wasm_bindgen]
#[derive(Default)]
pub struct Beacons {
    beacons: Vec<Beacon>,
    presence: Presence,
    /// Whether behaviour may be recorded and used (personalization consent): zone changes then
    /// ask for a render again.
    personalize: bool,
    message: String,
}

/// What the scan needs: `filters`' answer.
#[derive(Serialize)]
struct FiltersWire {
    /// 0, or `beacons_none` (see `message`).
    code: u8,
    /// Company ids of AltBeacon manufacturer data, deduplicated, in catalog order.
    company_ids: Vec<u16>,
    /// The 16-bit service UUIDs to ask for (Eddystone's 0xFEAA when any beacon is Eddystone).
    services: Vec<u16>,
    /// The manufacturer-data prefix of the company ids' filters (AltBeacon's beacon code).
    prefix: [u8; 2],
}

/// What an advertisement, a tick, `stop` or `simulate` changed.
#[derive(Serialize)]
struct ChangesWire {
    /// 0, or the code of a refused `simulate` (see `message`).
    code: u8,
    /// `(entered, catalog beacon id, when in Unix ms)` in order: the `beacon_enter` (true) and
    /// `beacon_exit` events to record.
    changes: Vec<(bool, String, u64)>,
    /// Whether the last render is to be done again (a change the profile will see).
    rerender: bool,
    /// When to tick next (ms from now), 0 when nothing is tracked.
    tick_ms: u32,
}

/// One catalog beacon's live zone, as `zones()` reports it.
#[derive(Serialize)]
struct ZoneWire<'a> {
    beacon: &'a str,
    name: &'a str,
    /// 0 immediate, 1 near, 2 far, 3 unknown.
    zone: u8,
    distance_m: Option<f64>,
    at: bool,
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).unwrap_or_default()
}

fn zone_number(zone: Zone) -> u8 {
    match zone {
        Zone::Immediate => 0,
        Zone::Near => 1,
        Zone::Far => 2,
        Zone::Unknown => 3,
    }
}

/// Unix ms from the shell's number (negative or not a number: 0).
fn millis(now: f64) -> u64 {
    if now > 0.0 {
        now as u64
    } else {
        0
    }
}

/// The entries of the shell's advertisement data: repeated
/// `kind (u8) | key (u16 LE) | length (u16 LE) | bytes`, `kind` [`MANUFACTURER`] (key: company
/// id) or [`SERVICE`] (key: 16-bit service UUID). Reading stops at the first malformed entry.
fn advertisement(data: &[u8], rssi: i16) -> Advertisement {
    let mut ad = Advertisement {
        rssi,
        ..Advertisement::default()
    };
    let mut rest = data;
    while let [kind, k0, k1, l0, l1, tail @ ..] = rest {
        let len = usize::from(u16::from_le_bytes([*l0, *l1]));
        if tail.len() < len {
            break;
        }
        let (bytes, next) = tail.split_at(len);
        let entry = (u16::from_le_bytes([*k0, *k1]), bytes.to_vec());
        match *kind {
            MANUFACTURER => ad.manufacturer_data.push(entry),
            SERVICE => ad.service_data.push(entry),
            _ => {}
        }
        rest = next;
    }
    ad
}

#[wasm_bindgen]
impl Beacons {
    /// No catalog beacons and no presence yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Beacons {
        Beacons::default()
    }

    /// The message of the last failure (UTF-8: texts cross as bytes, so the glue carries no
    /// string conversion).
    pub fn message(&self) -> Vec<u8> {
        self.message.as_bytes().to_vec()
    }

    /// Uses the beacons of a verified catalog payload (the one the instance's engine took);
    /// `catalog_invalid` (see `message`) keeps the previous ones. Presence at beacons the new
    /// catalog no longer declares ends at the next answer.
    pub fn catalog(&mut self, payload: &[u8]) -> u8 {
        match decode_beacons(payload) {
            Ok(beacons) => {
                self.beacons = beacons;
                ErrorCode::Ok as u8
            }
            Err(e) => self.fail(e.code(), e.message()),
        }
    }

    /// Whether behaviour may be recorded and used (personalization consent).
    pub fn set_personalize(&mut self, allowed: bool) {
        self.personalize = allowed;
    }

    /// What to ask the browser for: `postcard(FiltersWire)`, with `beacons_none` when the
    /// catalog has no beacon a browser can deliver (none, or only iBeacons: Chromium blocks
    /// Apple's beacon data and refuses filters that ask for it).
    pub fn filters(&mut self) -> Vec<u8> {
        let mut company_ids: Vec<u16> = Vec::new();
        let mut services: Vec<u16> = Vec::new();
        for beacon in &self.beacons {
            match beacon.frame {
                BeaconId::AltBeacon { .. } => {
                    if let Some(id) = beacon
                        .manufacturer_id()
                        .filter(|id| !company_ids.contains(id))
                    {
                        company_ids.push(id);
                    }
                }
                BeaconId::Eddystone { .. } if services.is_empty() => {
                    services.push(EDDYSTONE_SERVICE_UUID);
                }
                _ => {}
            }
        }
        let code = if company_ids.is_empty() && services.is_empty() {
            self.fail(ErrorCode::BeaconsNone, NO_BEACONS)
        } else {
            ErrorCode::Ok as u8
        };
        encode(&FiltersWire {
            code,
            company_ids,
            services,
            prefix: ALTBEACON_CODE,
        })
    }

    /// Feeds one received advertisement (`data`: its manufacturer and service data entries, see
    /// `advertisement`) heard at `rssi` dBm at `now`: `postcard(ChangesWire)`. Data that is no
    /// beacon frame, beacons the catalog does not declare and an advertisement without RSSI
    /// (not a number) change nothing.
    pub fn receive(&mut self, data: &[u8], rssi: f64, now: f64) -> Vec<u8> {
        if !rssi.is_finite() {
            return self.changes(Vec::new());
        }
        let rssi = rssi.clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16;
        let ad = advertisement(data, rssi);
        self.observe(&ad, now)
    }

    /// Advances time to `now`: beacons unheard for the exit timeout are left, pending zone
    /// changes settle. `postcard(ChangesWire)`.
    pub fn tick(&mut self, now: f64) -> Vec<u8> {
        let changes = self.presence.tick(&self.beacons, millis(now));
        self.changes(changes)
    }

    /// Receiving stopped: every beacon the shopper was at is left. `postcard(ChangesWire)`.
    pub fn stop(&mut self, now: f64) -> Vec<u8> {
        // `Presence::clear` without rebuilding a tracker from its (validated) config: a fresh
        // presence is the same, and spares the config validation's code.
        let at_ms = millis(now);
        let left = core::mem::take(&mut self.presence)
            .at()
            .iter()
            .map(|beacon| PresenceChange::Left {
                beacon: beacon.clone(),
                at_ms,
            })
            .collect();
        self.changes(left)
    }

    /// Every catalog beacon's live zone, in catalog order: `postcard(Vec<ZoneWire>)`.
    pub fn zones(&self) -> Vec<u8> {
        let beacons = &self.beacons;
        let zones: Vec<ZoneWire> = self
            .presence
            .zones(beacons)
            .iter()
            .zip(beacons)
            .map(|(z, b)| ZoneWire {
                beacon: &b.id,
                name: &b.name,
                zone: zone_number(z.zone),
                distance_m: z.distance_m,
                at: z.at,
            })
            .collect();
        encode(&zones)
    }

    /// Feeds the advertisement catalog beacon `beacon` would send, heard at `rssi` dBm, through
    /// the same path as real ones: `postcard(ChangesWire)`, with `advertisement_invalid` for an
    /// RSSI that is not a whole number from -127 to -1 and `beacon_unknown` for a beacon the
    /// catalog does not declare.
    pub fn simulate(&mut self, beacon: &[u8], rssi: f64, now: f64) -> Vec<u8> {
        let beacon = core::str::from_utf8(beacon).unwrap_or_default();
        if vitrine::engine::math::fract(rssi) != 0.0
            || !(f64::from(MIN_VALID_RSSI)..0.0).contains(&rssi)
        {
            let code = self.fail(ErrorCode::AdvertisementInvalid, BAD_RSSI);
            return refused(code);
        }
        let Some(found) = self.beacons.iter().find(|b| b.id == beacon) else {
            let code = self.fail(ErrorCode::BeaconUnknown, UNKNOWN_BEACON);
            return refused(code);
        };
        let ad = Advertisement::simulated(found, rssi as i16);
        self.observe(&ad, now)
    }
}

/// A refused call's answer: its code and no changes.
fn refused(code: u8) -> Vec<u8> {
    encode(&ChangesWire {
        code,
        changes: Vec::new(),
        rerender: false,
        tick_ms: 0,
    })
}

impl Beacons {
    fn fail(&mut self, code: ErrorCode, message: &str) -> u8 {
        message.clone_into(&mut self.message);
        code as u8
    }

    #[inline(never)]
    fn observe(&mut self, ad: &Advertisement, now: f64) -> Vec<u8> {
        let changes = self.presence.observe(&self.beacons, ad, millis(now));
        self.changes(changes)
    }

    #[inline(never)]
    /// The answer for `changes`: the events to record, a render again when the profile uses
    /// them (personalization consent), and the next tick while anything is tracked.
    fn changes(&self, changes: Vec<PresenceChange>) -> Vec<u8> {
        let changes: Vec<(bool, String, u64)> = changes
            .into_iter()
            .map(|change| match change {
                PresenceChange::Arrived { beacon, at_ms } => (true, beacon, at_ms),
                PresenceChange::Left { beacon, at_ms } => (false, beacon, at_ms),
            })
            // Ids over the events' limit (catalog ids are counted in characters) would make the
            // whole batch refused; the profile ignores such ids anyway.
            .filter(|(_, beacon, _)| beacon.len() <= MAX_ID_BYTES)
            .collect();
        let rerender = self.personalize && !changes.is_empty();
        let tick_ms = if self.presence.is_tracking() {
            TICK_MS
        } else {
            0
        };
        encode(&ChangesWire {
            code: ErrorCode::Ok as u8,
            changes,
            rerender,
            tick_ms,
        })
    }
}

#[cfg(test)]
mod tests;
