//! The on-device Thompson-sampling bandit: each offer's click-through rate has a Beta posterior,
//! the catalog's prior (the shop's global knowledge) updated with this device's own impressions
//! and clicks; a decision samples each posterior once. Deterministic for a given seed.

use rand_core::SeedableRng;
use rand_distr::{Beta, Distribution};
use rand_pcg::Pcg64Mcg;

use crate::engine::catalog::Prior;

/// A seeded random source for one decision.
pub struct Sampler(Pcg64Mcg);

impl Sampler {
    /// A sampler whose draws are fully determined by `seed`.
    pub fn new(seed: u64) -> Sampler {
        Sampler(Pcg64Mcg::seed_from_u64(seed))
    }

    /// Draws a click-through rate from Beta(prior.alpha + clicks, prior.beta + non-clicks).
    /// Falls back to the posterior mean if the parameters are unusable (never panics).
    pub fn ctr(&mut self, prior: Prior, impressions: u32, clicks: u32) -> f64 {
        let (a, b) = posterior(prior, impressions, clicks);
        Beta::new(a, b).map_or(a / (a + b), |beta| beta.sample(&mut self.0))
    }
}

/// Posterior parameters; clicks beyond impressions (late or duplicated events) are clamped.
pub fn posterior(prior: Prior, impressions: u32, clicks: u32) -> (f64, f64) {
    let clicks = clicks.min(impressions);
    (
        prior.alpha + f64::from(clicks),
        prior.beta + f64::from(impressions - clicks),
    )
}

/// The posterior mean click-through rate (used in explanations).
pub fn mean(prior: Prior, impressions: u32, clicks: u32) -> f64 {
    let (a, b) = posterior(prior, impressions, clicks);
    a / (a + b)
}
