//! **iBeacon** (Apple, "Proximity Beacon Specification" R1): manufacturer data for company id
//! `0x004C`: `0x02 0x15`, 16-byte proximity UUID, major and minor (big-endian `u16`), and the
//! measured power at 1 m (`i8`): 23 bytes.
//!
//! Chromium's Web Bluetooth blocklist hides Apple manufacturer data starting with `0x02`, so
//! web pages in Chrome never receive these frames; they are parsed for other runtimes.

use super::bytes::{array, be16, concat, exact_len, signed};
use super::FrameError;

/// Bluetooth SIG company identifier of Apple Inc., which owns iBeacon.
pub const APPLE_COMPANY_ID: u16 = 0x004C;

/// Length of iBeacon manufacturer data after the company id.
pub const IBEACON_LEN: usize = 23;

pub(super) const IBEACON_PREFIX: [u8; 2] = [0x02, 0x15];

/// An iBeacon advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IBeacon {
    /// Proximity UUID, big-endian as transmitted.
    pub uuid: [u8; 16],
    /// Major value.
    pub major: u16,
    /// Minor value.
    pub minor: u16,
    /// Calibrated RSSI at 1 m, in dBm.
    pub measured_power: i8,
}

pub(super) fn parse_ibeacon(data: &[u8]) -> Result<IBeacon, FrameError> {
    const KIND: &str = "iBeacon";
    exact_len(KIND, data, IBEACON_LEN)?;
    let short = || FrameError::TooShort {
        kind: KIND,
        expected: IBEACON_LEN,
        got: data.len(),
    };
    Ok(IBeacon {
        uuid: array(data, 2).ok_or_else(short)?,
        major: be16(data, 18).ok_or_else(short)?,
        minor: be16(data, 20).ok_or_else(short)?,
        measured_power: signed(data, 22).ok_or_else(short)?,
    })
}

impl IBeacon {
    /// Encodes as manufacturer data for company `0x004C` (company id excluded).
    pub fn to_bytes(&self) -> [u8; IBEACON_LEN] {
        concat(&[
            &IBEACON_PREFIX,
            &self.uuid,
            &self.major.to_be_bytes(),
            &self.minor.to_be_bytes(),
            &self.measured_power.to_be_bytes(),
        ])
    }
}
