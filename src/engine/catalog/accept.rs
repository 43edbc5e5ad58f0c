//! May this device use this catalog now? The policy for signed, compiled catalogs
//! ([`super::binary`]): sequences never go back, and an expired catalog is never used.
//!
//! Pure functions of the header, the sequence the device already holds and `now`; the shell
//! calls them after verifying the signature and before replacing its catalog.

use core::fmt;

use super::binary::CatalogHeader;
use crate::engine::events::Millis;
use crate::engine::ErrorCode;

/// Why a correctly signed catalog is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptError {
    /// Its sequence is lower than that of the catalog the device holds: an older catalog
    /// served again (a stale cache, a CDN rollback, or a replay).
    Rollback { held: u64, offered: u64 },
    /// It expired at `expires_at` (Unix ms), at or before `now`.
    Expired { expires_at: Millis, now: Millis },
}

impl AcceptError {
    /// The code the SDK reports.
    pub fn code(&self) -> ErrorCode {
        match self {
            AcceptError::Rollback { .. } => ErrorCode::CatalogRollback,
            AcceptError::Expired { .. } => ErrorCode::CatalogExpired,
        }
    }

    /// What is wrong and what to do, as static text (no sequences or times), so the wasm
    /// boundary reports it without formatting code; `Display` gives the numbers too.
    pub fn message(&self) -> &'static str {
        match self {
            AcceptError::Rollback { .. } => "the catalog's sequence is lower than that of the catalog this device already has, so it is older and not used: publish a newly signed catalog (`vitrine sign` gives each signing a higher sequence)",
            AcceptError::Expired { .. } => "the catalog has expired and is not used: sign and publish it again (`vitrine sign --expires-in`), and re-sign before it expires",
        }
    }
}

impl fmt::Display for AcceptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AcceptError::Rollback { held, offered } => write!(f, "the catalog has sequence {offered}, lower than the sequence {held} this device already has, so it is older and not used: publish a newly signed catalog (`vitrine sign` gives each signing a higher sequence)"),
            AcceptError::Expired { expires_at, now } => write!(f, "the catalog expired at {expires_at} (Unix ms; now is {now}) and is not used: sign and publish it again (`vitrine sign --expires-in`), and re-sign before it expires"),
        }
    }
}

impl core::error::Error for AcceptError {}

/// Whether a fetched catalog may replace the one the device holds. `held` is the sequence of
/// the held catalog (also when that one has expired), `None` before the first. The same
/// sequence again is fine: the same catalog fetched again.
pub fn accept_fetched(
    held: Option<u64>,
    header: &CatalogHeader,
    now: Millis,
) -> Result<(), AcceptError> {
    if let Some(held) = held.filter(|&held| header.sequence < held) {
        return Err(AcceptError::Rollback {
            held,
            offered: header.sequence,
        });
    }
    accept_cached(header, now)
}

/// Whether a catalog from the device's cache may be used at startup: only until it expires.
pub fn accept_cached(header: &CatalogHeader, now: Millis) -> Result<(), AcceptError> {
    if now >= header.expires_at {
        return Err(AcceptError::Expired {
            expires_at: header.expires_at,
            now,
        });
    }
    Ok(())
}
