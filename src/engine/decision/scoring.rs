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
use crate::engine::profile::{Dimension, Profile, ProfileConfig};

/// Unclicked impressions that halve an offer's score.
pub const FATIGUE_HALVING: f64 = 3.0;

/// The shopper's interests in what `offer` is about, strongest first.
pub fn interests(
    offer: &Offer,
    profile: &Profile,
    now: i64,
    config: &ProfileConfig,
) -> Vec<Interest> {
    let groups = [
        (Dimension::Category, "category", &offer.categories),
        (Dimension::Brand, "brand", &offer.brands),
        (Dimension::Tag, "tag", &offer.tags),
    ];
    let mut out: Vec<Interest> = groups
        .iter()
        .flat_map(|(dim, name, keys)| {
            keys.iter().map(move |k| Interest {
                dimension: name,
                key: k.clone(),
                share: profile.affinity(*dim, k, now, config),
            })
        })
        .filter(|i| i.share > 0.0)
        .collect();
    out.sort_by(|a, b| b.share.total_cmp(&a.share).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Probability-OR of the interest shares.
pub fn relevance(interests: &[Interest]) -> f64 {
    1.0 - interests
        .iter()
        .map(|i| 1.0 - i.share.clamp(0.0, 1.0))
        .product::<f64>()
}

/// The personalized score.
pub fn personalized(
    offer: &Offer,
    catalog: &Catalog,
    profile: &Profile,
    interests: &[Interest],
    now: i64,
    sampler: &mut Sampler,
) -> f64 {
    let history = profile.offer(&offer.id);
    let (impressions, clicks) = history.map_or((0, 0), |h| (h.impressions, h.clicks));
    let ctr = sampler.ctr(offer.prior, impressions, clicks);
    let fatigue = history.map_or(1.0, |h| (-h.fatigue(now) / FATIGUE_HALVING).exp2());
    offer.weight * ctr * (1.0 + catalog.relevance_gain * relevance(interests)) * fatigue
}
