//! The property the `events_bytes` fuzz target checks, shared with `tests/fuzz_properties.rs`
//! so that stable CI runs it too: decoding any bytes as an event batch never panics; a refusal
//! is `event_invalid` with a message; an accepted batch folds into a profile without a panic,
//! and encodes back to a batch that decodes to the same events.

use vitrine::engine::events::bytes::{decode_batch, encode_batch};
use vitrine::engine::profile::{Profile, ProfileConfig};
use vitrine::engine::ErrorCode;

/// Decodes `bytes` as a batch, and folds what it holds into a new profile.
pub fn batch(bytes: &[u8]) {
    match decode_batch(bytes) {
        Ok(events) => {
            let mut profile = Profile::new();
            let config = ProfileConfig::default();
            for event in &events {
                profile.apply(event, &config);
            }
            let _ = profile.to_bytes();
            assert_eq!(
                decode_batch(&encode_batch(&events)),
                Ok(events),
                "encoded again"
            );
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::EventInvalid);
            assert!(!e.to_string().is_empty(), "an error without a message");
        }
    }
}
