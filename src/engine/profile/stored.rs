//! The JSON record of the previous browser runtime (`src/browser/storage`): the flat
//! [`ProfileWire`] with its layout version `v` among the fields, `{"v": 2, "aff": ..., ...}`.
//! The shell stores [bytes](super::bytes) instead; this form goes with that runtime.
//!
//! [`Profile::load`] and [`Profile::save`] read and write it with any self-describing serde
//! format; loading checks every value as [`Profile::from_wire`] does, and refuses a list longer
//! than a profile keeps as [`ProfileError::Malformed`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::bytes::ProfileWire;
use super::Profile;

/// The layout version [`Profile::to_stored`] writes, the only one [`Profile::from_stored`] reads.
pub const CURRENT_VERSION: u32 = 2;

/// Why a stored JSON profile could not be loaded. Every message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    /// The record's version is not [`CURRENT_VERSION`].
    UnsupportedVersion {
        /// The record's `v`.
        found: u32,
        /// [`CURRENT_VERSION`].
        supported: u32,
    },
    /// The record could not be decoded (not a map, no `v`, wrong types, a list too long).
    Malformed {
        /// The decoder's explanation.
        reason: String,
    },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::UnsupportedVersion { found, supported } if found > supported => write!(
                f,
                "stored profile has version {found}, newer than the one this build reads \
                 ({supported}): it was written by a newer Vitrine; update Vitrine, or delete \
                 the record and start a fresh profile"
            ),
            ProfileError::UnsupportedVersion { found, .. } => write!(
                f,
                "stored profile has version {found}, which Vitrine never wrote: the record is \
                 corrupt; delete it and start a fresh profile"
            ),
            ProfileError::Malformed { reason } => write!(
                f,
                "stored profile could not be decoded ({reason}); delete the record and start \
                 a fresh profile"
            ),
        }
    }
}

impl std::error::Error for ProfileError {}

/// The JSON record: `v` and the fields of [`ProfileWire`] in one object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredProfile {
    /// Layout version, [`CURRENT_VERSION`].
    pub v: u32,
    /// The profile's fields.
    #[serde(flatten)]
    pub profile: ProfileWire,
}

impl Profile {
    /// The JSON record of this profile.
    pub fn to_stored(&self) -> StoredProfile {
        StoredProfile {
            v: CURRENT_VERSION,
            profile: self.to_wire(),
        }
    }

    /// Loads a record, checking it as [`Profile::from_wire`] does. A record whose `v` is not
    /// [`CURRENT_VERSION`] is refused with [`ProfileError::UnsupportedVersion`].
    pub fn from_stored(stored: StoredProfile) -> Result<Profile, ProfileError> {
        if stored.v != CURRENT_VERSION {
            return Err(ProfileError::UnsupportedVersion {
                found: stored.v,
                supported: CURRENT_VERSION,
            });
        }
        Ok(Profile::from_wire(stored.profile))
    }

    /// Decodes and loads a record from any self-describing serde format (e.g.
    /// `&mut serde_json::Deserializer`, `serde_json::Value`).
    pub fn load<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Profile, ProfileError> {
        let stored =
            StoredProfile::deserialize(deserializer).map_err(|e| ProfileError::Malformed {
                reason: e.to_string(),
            })?;
        Profile::from_stored(stored)
    }

    /// Writes the JSON record with any serde serializer.
    pub fn save<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_stored().serialize(serializer)
    }
}
