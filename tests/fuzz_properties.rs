#![cfg(not(target_arch = "wasm32"))]
//! The properties of the `catalog_json`, `profile_bytes` and `events_bytes` fuzz targets
//! (fuzz/, nightly only), run on stable with proptest: random bytes, and valid records cut
//! short or with flipped bits, never panic and give coded errors; what decodes round-trips.

mod strategies;

#[path = "../fuzz/catalog_json_check.rs"]
mod catalog_json;
#[path = "../fuzz/events_check.rs"]
mod events;
#[path = "../fuzz/profile_check.rs"]
mod profile;

use proptest::prelude::*;
use strategies::{config, kind, op, run};
use vitrine::engine::events::bytes::encode_batch;
use vitrine::engine::events::Event;
use vitrine::engine::profile::ProfileConfig;

/// `bytes` cut at `cut` with bits flipped at `flips`.
fn damaged(bytes: &[u8], cut: prop::sample::Index, flips: &[(prop::sample::Index, u8)]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if !out.is_empty() {
        for (at, bit) in flips {
            let i = at.index(out.len());
            out[i] ^= 1 << bit;
        }
    }
    out.truncate(cut.index(out.len() + 1));
    out
}

fn demo_json() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json")).unwrap()
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_read_as_a_profile_or_a_coded_error(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        profile::stored(&bytes);
        profile::body(&bytes);
    }

    #[test]
    fn damaged_profiles_read_or_fail_cleanly(
        ops in prop::collection::vec(op(), 0..60),
        cut in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0..8u8), 0..4),
    ) {
        let (p, _) = run(&ops, &ProfileConfig::default());
        let bytes = p.to_bytes();
        profile::stored(&bytes);
        profile::stored(&damaged(&bytes, cut, &flips));
    }

    #[test]
    fn any_bytes_decode_as_a_batch_or_a_coded_error(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        events::batch(&bytes);
    }

    #[test]
    fn damaged_batches_decode_or_fail_cleanly(
        kinds in prop::collection::vec(kind(), 0..20),
        at in any::<i64>(),
        cut in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0..8u8), 0..4),
    ) {
        let list: Vec<Event> = kinds.into_iter().map(|kind| Event { at, kind }).collect();
        let bytes = encode_batch(&list);
        events::batch(&bytes);
        events::batch(&damaged(&bytes, cut, &flips));
    }

    #[test]
    fn any_text_validates_as_a_catalog_or_names_its_problems(text in "\\PC{0,200}") {
        catalog_json::json(&text);
    }

    #[test]
    fn damaged_catalog_json_validates_or_names_its_problems(
        cut in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..4),
    ) {
        let mut chars: Vec<char> = demo_json().chars().collect();
        for (at, c) in edits {
            let i = at.index(chars.len());
            chars[i] = c;
        }
        chars.truncate(cut.index(chars.len() + 1).max(chars.len() / 2));
        catalog_json::json(&chars.into_iter().collect::<String>());
    }
}

#[test]
fn the_demo_records_satisfy_the_properties() {
    catalog_json::json(demo_json());
    let (p, _) = run(&[], &ProfileConfig::default());
    profile::stored(&p.to_bytes());
}
