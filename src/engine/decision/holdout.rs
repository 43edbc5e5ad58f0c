//! Sticky holdout assignment: a stable hash of the device id and the catalog's salt, so the same
//! device stays in (or out of) the holdout group across visits, and a new salt reshuffles.

use core::hash::Hasher;

use fnv::FnvHasher;

use crate::engine::catalog::Holdout;

/// The device's position in [0, 1), stable for a given device id and salt.
pub fn bucket(device_id: &str, salt: &str) -> f64 {
    let mut h = FnvHasher::default();
    h.write(salt.as_bytes());
    h.write(&[0xff]); // separator: ("ab","c") and ("a","bc") differ
    h.write(device_id.as_bytes());
    // FNV's low bits mix poorly for short inputs; fold in a finaliser (splitmix64).
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// True when this device belongs to the holdout group.
pub fn is_held_out(holdout: Option<&Holdout>, device_id: &str) -> bool {
    holdout.is_some_and(|h| bucket(device_id, &h.salt) < h.share)
}
