//! **Eddystone-TLM** (telemetry): frame type `0x20`; only the unencrypted version `0x00` is
//! supported: battery mV, temperature (8.8 fixed point), PDU count and uptime: 14 bytes.

use crate::engine::math;

use super::bytes::{be16, be32, concat, exact_len};
use super::eddystone::FRAME_TLM;
use super::FrameError;

/// Length of an unencrypted Eddystone-TLM frame.
pub const EDDYSTONE_TLM_LEN: usize = 14;

const TLM_PLAIN: u8 = 0x00;
const TLM_ENCRYPTED: u8 = 0x01;
const TEMP_UNSUPPORTED: u16 = 0x8000;

/// An unencrypted Eddystone-TLM (telemetry) frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EddystoneTlm {
    /// TLM version; always `0x00` for frames this parser accepts.
    pub version: u8,
    /// Battery voltage in mV; `None` when the beacon reports 0 (unsupported).
    pub battery_mv: Option<u16>,
    /// Temperature in °C (signed 8.8 fixed point); `None` for `0x8000`.
    pub temperature_c: Option<f32>,
    /// Advertising PDUs sent since power-up or reboot.
    pub adv_count: u32,
    /// Time since power-up or reboot, in 0.1 s units.
    pub uptime_deciseconds: u32,
}

pub(super) fn parse_tlm(data: &[u8]) -> Result<EddystoneTlm, FrameError> {
    const KIND: &str = "Eddystone-TLM";
    match data.get(1).copied() {
        Some(TLM_ENCRYPTED) => return Err(FrameError::EncryptedTlm),
        Some(v) if v != TLM_PLAIN => return Err(FrameError::UnsupportedTlmVersion(v)),
        _ => {}
    }
    exact_len(KIND, data, EDDYSTONE_TLM_LEN)?;
    let short = || FrameError::TooShort {
        kind: KIND,
        expected: EDDYSTONE_TLM_LEN,
        got: data.len(),
    };
    let battery = be16(data, 2).ok_or_else(short)?;
    let temp = be16(data, 4).ok_or_else(short)?;
    Ok(EddystoneTlm {
        version: TLM_PLAIN,
        battery_mv: (battery != 0).then_some(battery),
        temperature_c: (temp != TEMP_UNSUPPORTED)
            .then(|| f32::from(i16::from_be_bytes(temp.to_be_bytes())) / 256.0),
        adv_count: be32(data, 6).ok_or_else(short)?,
        uptime_deciseconds: be32(data, 10).ok_or_else(short)?,
    })
}

impl EddystoneTlm {
    /// Encodes as 14-byte service data.
    ///
    /// `battery_mv: None` encodes as 0; `temperature_c: None` or NaN encodes
    /// as `0x8000`; other temperatures are rounded to 1/256 °C and clamped to
    /// ±127.996 °C (`0x8000` itself means "unsupported").
    pub fn to_bytes(&self) -> [u8; EDDYSTONE_TLM_LEN] {
        let temp = match self.temperature_c {
            Some(t) if !t.is_nan() => {
                // Saturating float-to-int cast, then keep clear of the sentinel.
                let raw = (math::round(f64::from(t) * 256.0) as i16).max(-i16::MAX);
                u16::from_be_bytes(raw.to_be_bytes())
            }
            _ => TEMP_UNSUPPORTED,
        };
        concat(&[
            &[FRAME_TLM, TLM_PLAIN],
            &self.battery_mv.unwrap_or(0).to_be_bytes(),
            &temp.to_be_bytes(),
            &self.adv_count.to_be_bytes(),
            &self.uptime_deciseconds.to_be_bytes(),
        ])
    }
}
