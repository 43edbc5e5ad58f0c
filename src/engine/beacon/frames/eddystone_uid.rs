//! **Eddystone-UID**: frame type `0x00`, tx power at 0 m (`i8`), 10-byte namespace, 6-byte
//! instance, and two reserved bytes that some beacons omit: 18 or 20 bytes.

use super::bytes::{array, concat, signed};
use super::eddystone::FRAME_UID;
use super::FrameError;

/// Length of an Eddystone-UID frame without the two reserved bytes.
pub const EDDYSTONE_UID_SHORT_LEN: usize = 18;

/// Length of an Eddystone-UID frame with the two reserved bytes.
pub const EDDYSTONE_UID_LEN: usize = 20;

/// An Eddystone-UID frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EddystoneUid {
    /// Calibrated tx power at 0 m, in dBm.
    pub tx_power_at_0m: i8,
    /// 10-byte namespace id.
    pub namespace: [u8; 10],
    /// 6-byte instance id.
    pub instance: [u8; 6],
}

pub(super) fn parse_uid(data: &[u8]) -> Result<EddystoneUid, FrameError> {
    const KIND: &str = "Eddystone-UID";
    let got = data.len();
    let short = |expected| FrameError::TooShort {
        kind: KIND,
        expected,
        got,
    };
    match got {
        EDDYSTONE_UID_SHORT_LEN | EDDYSTONE_UID_LEN => {}
        n if n < EDDYSTONE_UID_SHORT_LEN => return Err(short(EDDYSTONE_UID_SHORT_LEN)),
        n if n < EDDYSTONE_UID_LEN => return Err(short(EDDYSTONE_UID_LEN)),
        _ => {
            return Err(FrameError::TooLong {
                kind: KIND,
                expected: EDDYSTONE_UID_LEN,
                got,
            })
        }
    }
    Ok(EddystoneUid {
        tx_power_at_0m: signed(data, 1).ok_or_else(|| short(EDDYSTONE_UID_SHORT_LEN))?,
        namespace: array(data, 2).ok_or_else(|| short(EDDYSTONE_UID_SHORT_LEN))?,
        instance: array(data, 12).ok_or_else(|| short(EDDYSTONE_UID_SHORT_LEN))?,
    })
}

impl EddystoneUid {
    /// Encodes as full 20-byte service data (reserved bytes zeroed).
    pub fn to_bytes(&self) -> [u8; EDDYSTONE_UID_LEN] {
        concat(&[
            &[FRAME_UID],
            &self.tx_power_at_0m.to_be_bytes(),
            &self.namespace,
            &self.instance,
        ])
    }
}
