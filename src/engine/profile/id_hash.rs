//! A fast hash for the short ids the profile keys its tables by (offer ids, interest keys):
//! eight bytes per multiply instead of FNV's one, and a final mix so every bit of the key
//! reaches the low bits hash tables index by. Not flooding-resistant, which is fine for tables
//! of a few hundred keys that the shopper's own device fills.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` keyed by ids, hashed with [`IdHasher`].
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Word-at-a-time multiplicative hashing (as in FxHash) with a splitmix64 finaliser.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            rest = tail;
        }
        if !rest.is_empty() {
            let mut word = 0u64;
            for (i, &byte) in rest.iter().enumerate() {
                word |= u64::from(byte) << (8 * i);
            }
            self.add(word);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn similar_ids_spread_over_low_bits() {
        let build = BuildHasherDefault::<IdHasher>::default();
        let mut buckets = [0u32; 64];
        for i in 0..6400 {
            buckets[(build.hash_one(format!("o{i}").as_str()) % 64) as usize] += 1;
        }
        assert!(
            buckets.iter().all(|&n| (50..150).contains(&n)),
            "{buckets:?}"
        );
    }
}
