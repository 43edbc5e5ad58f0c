//! Scores for eligible offers.
//!
//! Personalized: `weight x sampled CTR x (1 + gain x relevance) x fatigue`, where
//! - `relevance` in [0, 1] is the probability-OR of the shopper's interest shares in the
//!   offer's categories, brands and tags: `1 - prod(1 - share)`;
//! - the CTR is a Thompson sample from the offer's Beta posterior ([`super::bandit`]);
//! - `fatigue = 2^(-f / 3)` with `f` the decayed count of impressions since the last click
//!   (every three unclicked recent impressions halve the score).
//!
//! Non-personalized (holdout, no consent): the business weight alone, so the choice is the
//! shop's default and does not depend on the shopper.

use crate::engine::prelude::*;

use super::bandit::Sampler;
use super::explain::Interest;
use crate::engine::catalog::{Catalog, Offer};
use crate::engine::profile::decay::half;
use crate::engine::profile::{Dimension, OfferHistory, Shares};

/// Unclicked impressions that halve an offer's score.
pub const FATIGUE_HALVING: f64 = 3.0;

/// An [`Interest`] that borrows its key from the catalog (scoring builds one list per
/// candidate; only the chosen offer's becomes an explanation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share<'c> {
    /// "category", "brand" or "tag".
    pub dimension: &'static str,
    /// The key.
    pub key: &'c str,
    /// Its share of that interest, 0..1.
    pub share: f64,
}

impl Share<'_> {
    /// The owned form, for explanations.
    pub fn to_interest(self) -> Interest {
        Interest {
            dimension: self.dimension,
            key: self.key.to_owned(),
            share: self.share,
        }
    }
}

/// The shopper's interests in what `offer` is about, in the offer's order (its categories,
/// brands, then tags), written to `out` (cleared first). Scoring needs no other order;
/// [`strongest_first`] orders the chosen offer's for its explanation.
pub fn interests<'c>(offer: &'c Offer, shares: &Shares, out: &mut Vec<Share<'c>>) {
    out.clear();
    let groups = [
        (Dimension::Category, "category", &offer.categories),
        (Dimension::Brand, "brand", &offer.brands),
        (Dimension::Tag, "tag", &offer.tags),
    ];
    for (dim, name, keys) in groups {
        for key in keys {
            let share = shares.get(dim, key);
            if share > 0.0 {
                out.push(Share {
                    dimension: name,
                    key,
                    share,
                });
            }
        }
    }
}

/// Orders interests strongest first (ties by key, then category, brand, tag). It is a total
/// order, so entries that compare equal are identical. An insertion sort: it runs once per
/// decided slot on a few dozen interests at most, and the standard library's sorts would add
/// 1.3 kB gzip to the wasm (BENCHMARKS.md, Size).
pub fn strongest_first(interests: &mut [Share<'_>]) {
    let before = |a: &Share, b: &Share| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.key.cmp(b.key))
            .then_with(|| dimension_rank(a.dimension).cmp(&dimension_rank(b.dimension)))
            .is_lt()
    };
    for i in 1..interests.len() {
        let mut j = i;
        while j > 0 && before(&interests[j], &interests[j - 1]) {
            interests.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// The position of an interest's dimension in [`interests`]' groups.
fn dimension_rank(dimension: &str) -> u8 {
    match dimension {
        "category" => 0,
        "brand" => 1,
        _ => 2,
    }
}

/// Probability-OR of the interest shares.
pub fn relevance(interests: &[Share]) -> f64 {
    1.0 - interests
        .iter()
        .map(|i| 1.0 - i.share.clamp(0.0, 1.0))
        .product::<f64>()
}

/// The personalized score; `history` is the offer's history in the profile.
pub fn personalized(
    offer: &Offer,
    catalog: &Catalog,
    history: Option<&OfferHistory>,
    interests: &[Share],
    now: i64,
    sampler: &mut Sampler,
) -> f64 {
    let (impressions, clicks) = history.map_or((0, 0), |h| (h.impressions, h.clicks));
    let ctr = sampler.ctr(offer.prior, impressions, clicks);
    let fatigue = history.map_or(1.0, |h| half(h.fatigue(now) / FATIGUE_HALVING));
    offer.weight * ctr * (1.0 + catalog.relevance_gain * relevance(interests)) * fatigue
}

#[cfg(test)]
mod tests {
    use super::{dimension_rank, strongest_first, Share};

    #[test]
    fn strongest_first_sorts_as_the_standard_sort_does() {
        let dims = ["category", "brand", "tag"];
        let keys = ["a", "b", "coffee", "tea"];
        let shares = [0.0, 0.25, 0.5, 0.5, 1.0];
        // Lists of every length up to 12, drawn deterministically from the combinations.
        let mut state = 7u64;
        for len in 0..=12 {
            for _ in 0..50 {
                let mut list: Vec<Share> = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let pick = (state >> 33) as usize;
                        Share {
                            dimension: dims[pick % 3],
                            key: keys[(pick / 3) % 4],
                            share: shares[(pick / 12) % 5],
                        }
                    })
                    .collect();
                let mut expected = list.clone();
                expected.sort_by(|a, b| {
                    b.share
                        .total_cmp(&a.share)
                        .then_with(|| a.key.cmp(b.key))
                        .then_with(|| dimension_rank(a.dimension).cmp(&dimension_rank(b.dimension)))
                });
                strongest_first(&mut list);
                assert_eq!(list, expected);
            }
        }
    }
}
