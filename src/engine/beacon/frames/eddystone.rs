//! **Eddystone** (Google, "Eddystone Protocol Specification"): service data for UUID
//! `0xFEAA` whose first byte is the frame type. The frame types live in their own files:
//! [`super::eddystone_uid`], [`super::eddystone_url`], [`super::eddystone_tlm`].

/// 16-bit service UUID assigned to Google for Eddystone.
pub const EDDYSTONE_SERVICE_UUID: u16 = 0xFEAA;

/// Path loss over the first metre, used to turn Eddystone's 0 m tx power
/// into the 1 m reference that iBeacon and AltBeacon carry (Eddystone spec).
pub const EDDYSTONE_LOSS_AT_1M_DB: i8 = 41;

/// Frame type byte of Eddystone-UID.
pub(super) const FRAME_UID: u8 = 0x00;
/// Frame type byte of Eddystone-URL.
pub(super) const FRAME_URL: u8 = 0x10;
/// Frame type byte of Eddystone-TLM.
pub(super) const FRAME_TLM: u8 = 0x20;
/// Frame type byte of Eddystone-EID (recognised only to explain why it is refused).
pub(super) const FRAME_EID: u8 = 0x30;
