//! **AltBeacon** (Radius Networks, "AltBeacon Protocol Specification v1.0"): manufacturer
//! data under any company id: beacon code `0xBE 0xAC`, 20-byte beacon id, reference RSSI at
//! 1 m (`i8`), one manufacturer-reserved byte: 24 bytes.

use super::bytes::{array, concat, exact_len, signed};
use super::FrameError;

/// Length of AltBeacon manufacturer data after the company id.
pub const ALTBEACON_LEN: usize = 24;

pub(super) const ALTBEACON_CODE: [u8; 2] = [0xBE, 0xAC];

/// An AltBeacon advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AltBeacon {
    /// Company id of the manufacturer (from the manufacturer-data key).
    pub manufacturer_id: u16,
    /// 20-byte beacon id, big-endian as transmitted.
    pub beacon_id: [u8; 20],
    /// Average RSSI at 1 m, in dBm.
    pub reference_rssi: i8,
    /// Manufacturer-reserved byte.
    pub reserved: u8,
}

pub(super) fn parse_altbeacon(company_id: u16, data: &[u8]) -> Result<AltBeacon, FrameError> {
    const KIND: &str = "AltBeacon";
    exact_len(KIND, data, ALTBEACON_LEN)?;
    let short = || FrameError::TooShort {
        kind: KIND,
        expected: ALTBEACON_LEN,
        got: data.len(),
    };
    Ok(AltBeacon {
        manufacturer_id: company_id,
        beacon_id: array(data, 2).ok_or_else(short)?,
        reference_rssi: signed(data, 22).ok_or_else(short)?,
        reserved: data.get(23).copied().ok_or_else(short)?,
    })
}

impl AltBeacon {
    /// Encodes as manufacturer data for `manufacturer_id` (company id excluded).
    pub fn to_bytes(&self) -> [u8; ALTBEACON_LEN] {
        concat(&[
            &ALTBEACON_CODE,
            &self.beacon_id,
            &self.reference_rssi.to_be_bytes(),
            &[self.reserved],
        ])
    }
}
