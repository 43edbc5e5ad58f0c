//! The property the `profile_bytes` fuzz target checks, shared with `tests/fuzz_properties.rs`
//! so that stable CI runs it too: reading any bytes as a stored profile never panics; a refusal
//! is `storage_corrupt` with a message; a profile that reads is written back to bytes that read
//! to the same profile (loading normalises once, then nothing changes).

use vitrine::engine::profile::bytes::{LAYOUT_VERSION, MAGIC};
use vitrine::engine::profile::Profile;
use vitrine::engine::ErrorCode;

/// Reads `bytes` as a whole stored profile record.
pub fn stored(bytes: &[u8]) {
    match Profile::from_bytes(bytes) {
        Ok(profile) => {
            let written = profile.to_bytes();
            let again = Profile::from_bytes(&written).expect("a written profile reads");
            assert_eq!(again, profile, "written, then read again");
            assert_eq!(again.to_bytes(), written, "written twice, the same bytes");
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::StorageCorrupt);
            assert!(!e.message().is_empty(), "an error without a message");
        }
    }
}

/// Reads `body` behind a valid header, so that arbitrary input reaches the record's reader.
pub fn body(body: &[u8]) {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&LAYOUT_VERSION.to_le_bytes());
    bytes.extend_from_slice(body);
    stored(&bytes);
}
