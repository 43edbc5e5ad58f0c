//! Parsers for the beacon advertisement frames a browser hands over.
//!
//! Web Bluetooth reports an advertisement as two maps: *manufacturer data*
//! (company id -> bytes, with the 2-byte little-endian company id already
//! stripped) and *service data* (service UUID -> bytes). This module turns
//! those raw bytes into typed frames, following the published specs:
//!
//! * **iBeacon** (Apple, "Proximity Beacon Specification" R1): company id
//!   `0x004C`, then `0x02 0x15`, 16-byte proximity UUID, major and minor
//!   (big-endian `u16`), and the measured power at 1 m (`i8`): 23 bytes.
//! * **AltBeacon** (Radius Networks, "AltBeacon Protocol Specification v1.0"):
//!   any company id, beacon code `0xBE 0xAC`, 20-byte beacon id, reference
//!   RSSI at 1 m (`i8`), one manufacturer-reserved byte: 24 bytes.
//! * **Eddystone** (Google, "Eddystone Protocol Specification"): service data
//!   for UUID `0xFEAA`; the first byte is the frame type: `0x00` UID, `0x10`
//!   URL, `0x20` TLM (only the unencrypted version `0x00`).
//!
//! Every parser is total: any byte slice yields either a frame or a
//! [`FrameError`] that says what is wrong; nothing here can panic. Lengths are
//! checked exactly (a frame longer than its spec allows is rejected too), so
//! a parsed frame always re-encodes to a valid advertisement.
//!
//! One file per frame type; this module dispatches raw data to them and
//! re-exports everything, so callers only ever name `frames::…`.

mod altbeacon;
mod beacon_id;
mod bytes;
mod eddystone;
mod eddystone_tlm;
mod eddystone_uid;
mod eddystone_url;
mod error;
mod ibeacon;

pub use altbeacon::{AltBeacon, ALTBEACON_LEN};
pub use beacon_id::{BeaconId, BeaconIdParseError};
pub use eddystone::{EDDYSTONE_LOSS_AT_1M_DB, EDDYSTONE_SERVICE_UUID};
pub use eddystone_tlm::{EddystoneTlm, EDDYSTONE_TLM_LEN};
pub use eddystone_uid::{EddystoneUid, EDDYSTONE_UID_LEN, EDDYSTONE_UID_SHORT_LEN};
pub use eddystone_url::{EddystoneUrl, EDDYSTONE_URL_MAX_LEN, EDDYSTONE_URL_MIN_LEN};
pub use error::FrameError;
pub use ibeacon::{IBeacon, APPLE_COMPANY_ID, IBEACON_LEN};

use altbeacon::{parse_altbeacon, ALTBEACON_CODE};
use eddystone::{FRAME_TLM, FRAME_UID, FRAME_URL};
use eddystone_tlm::parse_tlm;
use eddystone_uid::parse_uid;
use eddystone_url::parse_url;
use ibeacon::{parse_ibeacon, IBEACON_PREFIX};

/// A decoded beacon advertisement.
#[derive(Debug, Clone, PartialEq)]
pub enum BeaconFrame {
    /// Apple iBeacon.
    IBeacon(IBeacon),
    /// AltBeacon.
    AltBeacon(AltBeacon),
    /// Eddystone-UID.
    EddystoneUid(EddystoneUid),
    /// Eddystone-URL.
    EddystoneUrl(EddystoneUrl),
    /// Unencrypted Eddystone-TLM (telemetry; carries no beacon id).
    EddystoneTlm(EddystoneTlm),
}

/// Parses manufacturer data (company id removed) as iBeacon or AltBeacon.
///
/// AltBeacon is recognised by its beacon code under any company id; iBeacon
/// only under Apple's company id `0x004C`.
pub fn parse_manufacturer_data(company_id: u16, data: &[u8]) -> Result<BeaconFrame, FrameError> {
    let is_apple = company_id == APPLE_COMPANY_ID;
    // A strict prefix of the marker (including no data) is a truncated frame.
    let marked = |marker: &[u8]| data.starts_with(marker) || marker.starts_with(data);
    if is_apple && marked(&IBEACON_PREFIX) {
        parse_ibeacon(data).map(BeaconFrame::IBeacon)
    } else if marked(&ALTBEACON_CODE) {
        parse_altbeacon(company_id, data).map(BeaconFrame::AltBeacon)
    } else if is_apple {
        Err(FrameError::NotABeacon { company_id })
    } else {
        Err(FrameError::UnknownCompany(company_id))
    }
}

/// Parses service data as an Eddystone frame; `uuid16` must be `0xFEAA`.
pub fn parse_service_data(uuid16: u16, data: &[u8]) -> Result<BeaconFrame, FrameError> {
    if uuid16 != EDDYSTONE_SERVICE_UUID {
        return Err(FrameError::WrongService(uuid16));
    }
    match data.first().copied() {
        None => Err(FrameError::TooShort {
            kind: "Eddystone",
            expected: 1,
            got: 0,
        }),
        Some(FRAME_UID) => parse_uid(data).map(BeaconFrame::EddystoneUid),
        Some(FRAME_URL) => parse_url(data).map(BeaconFrame::EddystoneUrl),
        Some(FRAME_TLM) => parse_tlm(data).map(BeaconFrame::EddystoneTlm),
        Some(other) => Err(FrameError::UnknownEddystoneFrame(other)),
    }
}

impl BeaconFrame {
    /// The stable identity of the beacon, or `None` for URL and TLM frames,
    /// which carry no beacon id.
    pub fn beacon_id(&self) -> Option<BeaconId> {
        match self {
            Self::IBeacon(b) => Some(BeaconId::IBeacon {
                uuid: b.uuid,
                major: b.major,
                minor: b.minor,
            }),
            Self::AltBeacon(b) => Some(BeaconId::AltBeacon { id: b.beacon_id }),
            Self::EddystoneUid(b) => Some(BeaconId::Eddystone {
                namespace: b.namespace,
                instance: b.instance,
            }),
            Self::EddystoneUrl(_) | Self::EddystoneTlm(_) => None,
        }
    }

    /// Expected RSSI at 1 m in dBm, the reference for distance estimation.
    ///
    /// iBeacon and AltBeacon carry it directly; Eddystone carries the power
    /// at 0 m, from which the spec's 41 dB first-metre loss is subtracted.
    /// TLM frames carry no power and give `None`.
    pub fn tx_power_at_1m(&self) -> Option<i8> {
        match self {
            Self::IBeacon(b) => Some(b.measured_power),
            Self::AltBeacon(b) => Some(b.reference_rssi),
            Self::EddystoneUid(b) => Some(b.tx_power_at_0m.saturating_sub(EDDYSTONE_LOSS_AT_1M_DB)),
            Self::EddystoneUrl(b) => Some(b.tx_power_at_0m.saturating_sub(EDDYSTONE_LOSS_AT_1M_DB)),
            Self::EddystoneTlm(_) => None,
        }
    }
}
