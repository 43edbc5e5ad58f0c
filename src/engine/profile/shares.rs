//! Affinity shares at one moment, for reading many keys (one decision scores hundreds of
//! offers): each dimension is decayed and totalled once, on first use, instead of per read.

use crate::engine::prelude::*;

use core::cell::OnceCell;

use crate::engine::events::Millis;

use super::affinity::share;
use super::{lookup_key, Dimension, Profile, ProfileConfig};

/// Reads the same values as [`Profile::affinity`] at a fixed `now`.
pub struct Shares<'p> {
    profile: &'p Profile,
    now: Millis,
    half_life_ms: f64,
    /// Per [`Dimension::index`]: the share of every key, in the dimension's key order.
    dims: [OnceCell<Vec<f64>>; 4],
}

impl Profile {
    /// The affinity shares at `now`, computed lazily per dimension.
    pub fn shares_at(&self, now: Millis, config: &ProfileConfig) -> Shares<'_> {
        Shares {
            profile: self,
            now,
            half_life_ms: config.affinity_half_life_ms(),
            dims: Default::default(),
        }
    }
}

impl Shares<'_> {
    /// Same as [`Profile::affinity`] for this profile and moment.
    pub fn get(&self, dim: Dimension, key: &str) -> f64 {
        let map = &self.profile.affinities[dim.index()];
        let shares = self.dims[dim.index()].get_or_init(|| {
            let (now, h) = (self.now, self.half_life_ms);
            let mut scores: Vec<f64> = map.scores().iter().map(|s| s.value_at(now, h)).collect();
            // Summed in key order, as `AffinityMap::total` does.
            let total: f64 = scores.iter().sum();
            for score in &mut scores {
                *score = if *score > 0.0 {
                    share(*score, total)
                } else {
                    0.0
                };
            }
            scores
        });
        map.position(&lookup_key(dim, key))
            .and_then(|i| shares.get(i))
            .copied()
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::events::{Event, EventKind, Product};

    #[test]
    fn shares_read_exactly_what_affinity_reads() {
        let config = ProfileConfig::default();
        let mut p = Profile::new();
        for i in 0..400i64 {
            let product = Product {
                id: format!("p-{}", i % 13),
                category: Some(format!("cat-{}", (i * 7) % 60)),
                brand: (i % 3 == 0).then(|| format!("b-{}", i % 5)),
                tags: vec![format!("t-{}", i % 11)],
                price: None,
                ..Default::default()
            };
            let kind = if i % 9 == 0 {
                EventKind::Search {
                    query: format!("Beans {} Mocha", i % 17),
                }
            } else {
                EventKind::ProductView { product }
            };
            p.apply(
                &Event {
                    at: i * 3_600_000,
                    kind,
                },
                &config,
            );
        }
        let now = 420 * 3_600_000;
        let shares = p.shares_at(now, &config);
        for dim in Dimension::ALL {
            for key in [
                "cat-0", "cat-7", "cat-59", "b-0", "b-4", "t-3", "beans", "MOCHA", "x",
            ] {
                let want = p.affinity(dim, key, now, &config);
                assert_eq!(
                    shares.get(dim, key).to_bits(),
                    want.to_bits(),
                    "{dim:?} {key}"
                );
            }
        }
    }
}
