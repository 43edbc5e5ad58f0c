//! The `frames` fuzz target's property (fuzz/check.rs) on stable: proptest feeds it arbitrary
//! bytes, plus inputs built to reach every parser, so CI exercises it without nightly.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/check.rs"]
mod check;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..48)) {
        check::frames(&input);
    }

    #[test]
    fn marked_frames_never_panic(
        selector in any::<u8>(),
        marker in prop::sample::select(vec![
            vec![0x4C, 0x00, 0x02, 0x15], // iBeacon under Apple
            vec![0x18, 0x01, 0xBE, 0xAC], // AltBeacon under Radius Networks
            vec![0xAA, 0xFE, 0x00],       // Eddystone-UID
            vec![0xAA, 0xFE, 0x10],       // Eddystone-URL
            vec![0xAA, 0xFE, 0x20, 0x00], // Eddystone-TLM
        ]),
        tail in prop::collection::vec(any::<u8>(), 0..28),
    ) {
        let input: Vec<u8> = [selector].into_iter().chain(marker).chain(tail).collect();
        check::frames(&input);
    }
}
