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

/// The shopper's interests in what `offer` is about, strongest first (ties by key), written
/// to `out` (cleared first).
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
    // Equal shares and keys keep the order above (category, brand, tag), so the order is that
    // of a stable sort: entries that compare equal are identical.
    out.sort_unstable_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.key.cmp(b.key))
            .then_with(|| dimension_rank(a.dimension).cmp(&dimension_rank(b.dimension)))
    });
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
