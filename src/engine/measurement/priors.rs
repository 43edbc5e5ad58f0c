//! Bandit priors from what the whole shop learned (issue #15): the offers' click-through rates
//! estimated from the private reports ([`super::Estimates`]), shrunk toward their campaign's
//! and the shop's mean, as the Beta priors every device starts from. Post-processing of the
//! reports: it spends no privacy budget (docs/measurement.md, "Priors from the reports").
//!
//! **The rate.** For an offer, `r = C / I`: the estimated device-days with a click over those
//! with an impression (a device-day that saw the banner three times and clicked once counts
//! one of each, so `r` is above the per-impression rate when banners show several times a day).
//! Its variance by the delta method is `(Var C + r² Var I + 2 r C) / I²`, the last term the
//! estimators' covariance (`−C` with one bit per report: a report draws the impression or the
//! click pair, never both).
//!
//! **Shrinkage** (a normal random-effects model): each offer's true rate varies around its
//! campaign's mean with variance `τ²`, estimated from the offers' spread (DerSimonian and Laird);
//! a campaign's mean is the precision-weighted mean of its offers and of the shop's mean
//! (weighted as one offer). An offer's rate is then `(r / v + m_c / τ²) / (1 / v + 1 / τ²)` with
//! variance `1 / (1 / v + 1 / τ²)`: an offer with little data gets its campaign's mean, one with
//! much data its own rate. An offer without reports gets its campaign's mean with variance `τ²`
//! plus that of the shop's mean. When the offers do not differ beyond their noise (`τ² = 0`),
//! every offer gets the shop's mean, with that mean's variance.
//!
//! **The prior.** The Beta with that mean whose variance matches: strength `α + β = r (1 − r) /
//! Var − 1`, at least [`MIN_STRENGTH`] and at most `max_strength` (default
//! [`DEFAULT_MAX_STRENGTH`]: after that many impressions a device's own clicks weigh as much as
//! the shop's). **Older generations** decay: the catalog's previous prior counts with its
//! strength halved every `half_life_days` over the days the reports cover, and is averaged with
//! the new one by strength.

use crate::engine::prelude::*;

use crate::engine::catalog::{Catalog, Prior};
use crate::engine::math;

use super::{Estimates, Metric};

/// The default cap on a prior's strength (`α + β`), in impressions.
pub const DEFAULT_MAX_STRENGTH: f64 = 10.0;
/// The default half-life of a previous generation's prior, in days.
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 30.0;
/// The weakest prior written (a Beta of strength 2 is flat-ish, never U-shaped for rates
/// between 0.05 and 0.95).
pub const MIN_STRENGTH: f64 = 2.0;
/// Rates are kept within `[RATE_MARGIN, 1 − RATE_MARGIN]`, so `α` and `β` stay positive.
const RATE_MARGIN: f64 = 0.0005;

/// How priors are fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorSettings {
    /// The strongest prior written (`α + β`), at least [`MIN_STRENGTH`].
    pub max_strength: f64,
    /// Days over which a previous prior's strength halves (positive).
    pub half_life_days: f64,
}

impl Default for PriorSettings {
    fn default() -> PriorSettings {
        PriorSettings {
            max_strength: DEFAULT_MAX_STRENGTH,
            half_life_days: DEFAULT_HALF_LIFE_DAYS,
        }
    }
}

/// Where an offer's new prior's mean comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorSource {
    /// Its own reports, shrunk toward its campaign.
    Offer,
    /// Its campaign's offers (it has no reports of its own).
    Campaign,
    /// The shop's offers: neither it nor its campaign has reports, or the reports do not tell
    /// the shop's offers apart.
    Shop,
}

impl PriorSource {
    /// The name tables print.
    pub fn as_str(self) -> &'static str {
        match self {
            PriorSource::Offer => "offer",
            PriorSource::Campaign => "campaign",
            PriorSource::Shop => "shop",
        }
    }
}

/// One offer's new prior and what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPrior {
    /// Offer id.
    pub offer: String,
    /// Its campaign's id.
    pub campaign: String,
    /// The measured rate and its standard error, when its reports have impressions.
    pub measured: Option<(f64, f64)>,
    /// The shrunk rate (before the previous prior is averaged in).
    pub rate: f64,
    /// Where `rate` comes from.
    pub source: PriorSource,
    /// The catalog's prior so far.
    pub previous: Prior,
    /// The new prior.
    pub prior: Prior,
}

/// Why no priors were fitted.
#[derive(Debug, Clone, PartialEq)]
pub enum PriorsError {
    /// `max_strength` or `half_life_days` is out of range.
    Settings(&'static str),
    /// No offer of the catalog has impressions in the reports.
    NoEvidence,
}

impl core::fmt::Display for PriorsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PriorsError::Settings(what) => f.write_str(what),
            PriorsError::NoEvidence => f.write_str("no offer of the catalog has impressions in the reports: measure this catalog's offers first (reports of its version or an earlier one)"),
        }
    }
}

/// An offer's measured rate `r` and its variance `v`.
#[derive(Debug, Clone, Copy)]
struct Measured {
    rate: f64,
    variance: f64,
}

/// The new prior of every offer of `catalog`, in catalog order, from the estimates of the
/// reports (`vitrine aggregate`'s) covering `days` days.
pub fn fit_priors(
    catalog: &Catalog,
    estimates: &Estimates,
    days: f64,
    settings: &PriorSettings,
) -> Result<Vec<FittedPrior>, PriorsError> {
    if !(settings.max_strength >= MIN_STRENGTH && settings.max_strength <= 1e6) {
        return Err(PriorsError::Settings(
            "--max-strength must be a number from 2 to 1000000 (impressions a prior is worth)",
        ));
    }
    if !(settings.half_life_days > 0.0 && settings.half_life_days.is_finite()) {
        return Err(PriorsError::Settings(
            "--half-life-days must be a positive number of days",
        ));
    }
    let measured: Vec<Option<Measured>> = catalog
        .offers
        .iter()
        .map(|o| measure(estimates, &o.id))
        .collect();
    let evidence: Vec<Measured> = measured.iter().flatten().copied().collect();
    if evidence.is_empty() {
        return Err(PriorsError::NoEvidence);
    }
    let tau2 = between_variance(&evidence);
    let shop = weighted_mean(evidence.iter().map(|m| (m.rate, m.variance + tau2))).unwrap_or(0.5);
    // How well the shop's mean is known: the variance of that precision-weighted mean.
    let shop_variance = 1.0
        / evidence
            .iter()
            .map(|m| 1.0 / (m.variance + tau2))
            .sum::<f64>();
    let campaign_means: Vec<Option<f64>> = (0..catalog.campaigns.len())
        .map(|c| {
            let own = catalog
                .offers
                .iter()
                .zip(&measured)
                .filter(|(o, _)| o.campaign == c)
                .filter_map(|(_, m)| *m);
            let mut items: Vec<(f64, f64)> = own.map(|m| (m.rate, m.variance + tau2)).collect();
            if items.is_empty() {
                return None;
            }
            items.push((shop, tau2)); // the shop's mean, weighted as one offer
            weighted_mean(items.into_iter())
        })
        .collect();
    let decay = math::exp(-core::f64::consts::LN_2 * days.max(0.0) / settings.half_life_days);
    Ok(catalog
        .offers
        .iter()
        .zip(&measured)
        .map(|(offer, m)| {
            let (center, source) = match campaign_means[offer.campaign] {
                Some(mean) => (mean, PriorSource::Campaign),
                None => (shop, PriorSource::Shop),
            };
            let (rate, variance, source) = match m {
                Some(m) if tau2 > 0.0 => {
                    let precision = 1.0 / m.variance + 1.0 / tau2;
                    let rate = (m.rate / m.variance + center / tau2) / precision;
                    (rate, 1.0 / precision, PriorSource::Offer)
                }
                // The offers do not differ beyond their noise: every one gets the shop's mean,
                // as well known as that mean is.
                Some(_) => (center, shop_variance, PriorSource::Shop),
                None => (center, tau2 + shop_variance, source),
            };
            let rate = rate.clamp(RATE_MARGIN, 1.0 - RATE_MARGIN);
            let strength = (rate * (1.0 - rate) / variance - 1.0).max(0.0);
            let previous = offer.prior;
            let kept = (previous.alpha + previous.beta) * decay;
            let before = previous.alpha / (previous.alpha + previous.beta);
            let weight = kept + strength;
            let mean = if weight > 0.0 && weight.is_finite() {
                (kept * before + strength * rate) / weight
            } else {
                rate
            };
            let total = weight.clamp(MIN_STRENGTH, settings.max_strength);
            let mean = mean.clamp(RATE_MARGIN, 1.0 - RATE_MARGIN);
            FittedPrior {
                offer: offer.id.clone(),
                campaign: catalog.campaigns[offer.campaign].id.clone(),
                measured: m.map(|m| (m.rate, math::sqrt(m.variance))),
                rate,
                source,
                previous,
                prior: Prior {
                    alpha: mean * total,
                    beta: (1.0 - mean) * total,
                },
            }
        })
        .collect())
}

/// The offer's rate of clicks over impressions and its variance, when its estimated impression
/// days are above zero.
fn measure(estimates: &Estimates, offer: &str) -> Option<Measured> {
    let shown = estimates.get(offer, Metric::Impression)?;
    let clicked = estimates.get(offer, Metric::Click)?;
    let (i, c) = (shown.estimate, clicked.estimate.max(0.0));
    // Also refuses NaN.
    if i.is_nan() || i <= 0.0 {
        return None;
    }
    let rate = (c / i).clamp(0.0, 1.0);
    let (vi, vc) = (
        shown.std_error * shown.std_error,
        clicked.std_error * clicked.std_error,
    );
    let variance = (vc + rate * rate * vi + 2.0 * rate * c) / (i * i);
    (variance > 0.0 && variance.is_finite()).then_some(Measured { rate, variance })
}

/// `Σ x / v ÷ Σ 1 / v` over `(x, v)` with `v > 0` (an item with `v = 0` alone decides).
fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (x, v) in items {
        if v <= 0.0 {
            return Some(x);
        }
        sum += x / v;
        weights += 1.0 / v;
    }
    (weights > 0.0).then(|| sum / weights)
}

/// DerSimonian and Laird's estimate of the variance of the offers' true rates around their
/// mean; with fewer than two offers, that of a Beta of strength [`DEFAULT_MAX_STRENGTH`] + 1
/// around the mean.
fn between_variance(evidence: &[Measured]) -> f64 {
    let mean = weighted_mean(evidence.iter().map(|m| (m.rate, m.variance))).unwrap_or(0.5);
    if evidence.len() < 2 {
        return mean * (1.0 - mean) / (DEFAULT_MAX_STRENGTH + 1.0);
    }
    let weights: Vec<f64> = evidence.iter().map(|m| 1.0 / m.variance).collect();
    let q: f64 = evidence
        .iter()
        .zip(&weights)
        .map(|(m, w)| w * (m.rate - mean) * (m.rate - mean))
        .sum();
    let sum: f64 = weights.iter().sum();
    let sum_sq: f64 = weights.iter().map(|w| w * w).sum();
    let df = (evidence.len() - 1) as f64;
    ((q - df) / (sum - sum_sq / sum)).max(0.0)
}
