//! [`FrameError`]: why a byte slice is not a supported beacon frame, with a message that
//! says what to fix.

use crate::engine::prelude::*;

use core::fmt;

use super::eddystone::FRAME_EID;

/// Why a byte slice is not a supported beacon frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The data ends before the frame does.
    TooShort {
        /// Frame kind being parsed.
        kind: &'static str,
        /// Bytes the frame needs.
        expected: usize,
        /// Bytes received.
        got: usize,
    },
    /// The data is longer than the frame allows.
    TooLong {
        /// Frame kind being parsed.
        kind: &'static str,
        /// Maximum bytes the frame allows.
        expected: usize,
        /// Bytes received.
        got: usize,
    },
    /// Manufacturer data from a company other than Apple without the AltBeacon code.
    UnknownCompany(u16),
    /// Apple manufacturer data that is not an iBeacon (e.g. other Continuity messages).
    NotABeacon {
        /// The company id the data was filed under.
        company_id: u16,
    },
    /// Service data for a service other than Eddystone (`0xFEAA`).
    WrongService(u16),
    /// An Eddystone frame type this parser does not know or support.
    UnknownEddystoneFrame(u8),
    /// An Eddystone-URL scheme byte outside `0x00..=0x03`.
    InvalidUrlScheme(u8),
    /// An Eddystone-URL byte that is neither an expansion code nor printable ASCII.
    InvalidUrlByte(u8),
    /// An Eddystone-URL that cannot be encoded (no known scheme, or a bad character).
    UnencodableUrl(String),
    /// An Eddystone-URL whose encoding exceeds 17 bytes.
    UrlTooLong {
        /// Encoded URL bytes (excluding the scheme byte).
        encoded_len: usize,
    },
    /// An encrypted Eddystone-TLM (version `0x01`), which needs the beacon's key.
    EncryptedTlm,
    /// An Eddystone-TLM version other than `0x00` and `0x01`.
    UnsupportedTlmVersion(u8),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { kind, expected, got } => write!(
                f,
                "{kind} frame too short: need {expected} bytes, got {got} (was the advertisement truncated?)"
            ),
            Self::TooLong { kind, expected, got } => write!(
                f,
                "{kind} frame too long: at most {expected} bytes allowed, got {got} (pass only this frame's bytes)"
            ),
            Self::UnknownCompany(id) => write!(
                f,
                "manufacturer data from company 0x{id:04x} is neither iBeacon (company 0x004c, prefix 02 15) nor AltBeacon (beacon code be ac)"
            ),
            Self::NotABeacon { company_id } => write!(
                f,
                "manufacturer data from company 0x{company_id:04x} is not a beacon: an iBeacon starts with 02 15"
            ),
            Self::WrongService(uuid) => write!(
                f,
                "service data for UUID 0x{uuid:04x} is not Eddystone: only service 0xfeaa is supported"
            ),
            Self::UnknownEddystoneFrame(FRAME_EID) => write!(
                f,
                "Eddystone-EID frame (0x30) is not supported: its ephemeral id needs the beacon's key to resolve"
            ),
            Self::UnknownEddystoneFrame(t) => write!(
                f,
                "unknown Eddystone frame type 0x{t:02x}: expected 0x00 (UID), 0x10 (URL) or 0x20 (TLM)"
            ),
            Self::InvalidUrlScheme(b) => write!(
                f,
                "invalid Eddystone-URL scheme byte 0x{b:02x}: expected 0x00..=0x03"
            ),
            Self::InvalidUrlByte(b) => write!(
                f,
                "invalid Eddystone-URL byte 0x{b:02x}: only expansion codes 0x00..=0x0d and printable ASCII 0x21..=0x7e are allowed"
            ),
            Self::UnencodableUrl(url) => write!(
                f,
                "cannot encode {url:?} as Eddystone-URL: it must start with http:// or https:// and use printable ASCII only"
            ),
            Self::UrlTooLong { encoded_len } => write!(
                f,
                "Eddystone-URL too long: encodes to {encoded_len} bytes, at most 17 fit (use a URL shortener)"
            ),
            Self::EncryptedTlm => write!(
                f,
                "encrypted Eddystone-TLM (version 0x01) is not supported: it needs the beacon's identity key"
            ),
            Self::UnsupportedTlmVersion(v) => write!(
                f,
                "unsupported Eddystone-TLM version 0x{v:02x}: only 0x00 (unencrypted) is supported"
            ),
        }
    }
}

impl core::error::Error for FrameError {}
