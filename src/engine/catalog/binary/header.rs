//! The payload header: magic, format version, sequence, expiry and signing time.

use super::error::{detail, DecodeError};
use crate::engine::catalog::limits::MAX_CATALOG_BYTES;
use crate::engine::events::Millis;

/// The first bytes of every payload.
pub const MAGIC: [u8; 4] = *b"VCAT";
/// The payload format this engine writes. Format 3 added two features after format 2's
/// (`purchased.products`, `days_since_purchase.<product>`); format 4 four more after those
/// (`purchased.categories`, `reorder.due`, `reorder.soon`, `lifecycle`), and the lifecycle
/// thresholds and the fatigue budget at the end of the body. An older payload is a newer one without them (its catalog
/// has the default thresholds), so all are read.
pub const FORMAT_VERSION: u16 = 4;
/// The oldest payload format this engine reads.
pub const OLDEST_FORMAT_VERSION: u16 = 2;
/// Bytes before the body: magic, format version, sequence, `expires_at`, `signed_at`.
pub const HEADER_LEN: usize = 4 + 2 + 8 + 8 + 8;

/// What a payload says about itself, readable without decoding the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogHeader {
    /// Publication order: a device refuses a catalog with a lower sequence than the one it has.
    pub sequence: u64,
    /// Unix time (ms) from which devices no longer use the catalog.
    pub expires_at: Millis,
    /// Unix time (ms) when the catalog was signed.
    pub signed_at: Millis,
}

/// The format version of a payload whose header [`CatalogHeader::read`] accepted.
pub(super) fn format_of(payload: &[u8]) -> u16 {
    payload
        .get(MAGIC.len()..MAGIC.len() + 2)
        .map_or(0, |v| u16::from_le_bytes([v[0], v[1]]))
}

impl CatalogHeader {
    /// Reads the header of `payload`, checking its size, magic and format version.
    pub fn read(payload: &[u8]) -> Result<CatalogHeader, DecodeError> {
        if payload.len() > MAX_CATALOG_BYTES {
            return Err(DecodeError::TooLarge {
                bytes: payload.len(),
            });
        }
        let rest = payload
            .strip_prefix(&MAGIC)
            .ok_or(DecodeError::NotACatalog)?;
        let incomplete = DecodeError::Malformed {
            offset: payload.len(),
            reason: detail("the header is incomplete"),
        };
        let (version, rest) = rest.split_first_chunk::<2>().ok_or(incomplete.clone())?;
        let found = u16::from_le_bytes(*version);
        if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&found) {
            return Err(DecodeError::UnsupportedFormat { found });
        }
        let (sequence, rest) = rest.split_first_chunk::<8>().ok_or(incomplete.clone())?;
        let (expires_at, rest) = rest.split_first_chunk::<8>().ok_or(incomplete.clone())?;
        let (signed_at, _) = rest.split_first_chunk::<8>().ok_or(incomplete)?;
        Ok(CatalogHeader {
            sequence: u64::from_le_bytes(*sequence),
            expires_at: Millis::from_le_bytes(*expires_at),
            signed_at: Millis::from_le_bytes(*signed_at),
        })
    }

    /// The header's [`HEADER_LEN`] bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let fields = [
            &MAGIC[..],
            &FORMAT_VERSION.to_le_bytes(),
            &self.sequence.to_le_bytes(),
            &self.expires_at.to_le_bytes(),
            &self.signed_at.to_le_bytes(),
        ];
        let mut at = 0;
        for field in fields {
            out[at..at + field.len()].copy_from_slice(field);
            at += field.len();
        }
        out
    }
}
