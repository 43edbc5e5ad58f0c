//! The learning loop, simulated (issue #15, `vitrine simulate --generations`): generations of
//! new devices decide with the real engine (its Thompson-sampling bandit on the catalog's
//! priors), their shoppers click with hidden per-offer rates, and each device-day sends one
//! private report; between generations the priors are fitted to the last generation's reports
//! ([`fit_priors`]), or kept, for comparison. Deterministic for a seed.

use crate::engine::prelude::*;

use alloc::collections::BTreeMap;

use rand_core::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution};
use rand_pcg::Pcg64Mcg;

use crate::engine::catalog::Catalog;
use crate::engine::clock::{DAY_MS, HOUR_MS};
use crate::engine::decision::{pick, Context, Detail, Inputs};
use crate::engine::events::{Event, EventKind, Millis, OfferRef, PageType};
use crate::engine::measurement::priors::{fit_priors, PriorSettings};
use crate::engine::measurement::{
    build_report, Budget, CatalogScope, Day, DayCounts, Estimator, OfferCounts, ReportSettings,
};
use crate::engine::profile::{Profile, ProfileConfig};

/// A simulated shop.
#[derive(Debug, Clone, PartialEq)]
pub struct LoopConfig {
    /// New devices per generation.
    pub devices: usize,
    /// Days each device visits.
    pub days: usize,
    /// Decisions per device and day (one slot each).
    pub visits_per_day: usize,
    /// Catalog generations.
    pub generations: usize,
    /// Each device-day's report epsilon (the day's whole budget, one bit).
    pub epsilon: f64,
    /// Fit the priors between generations (`false`: keep the catalog's).
    pub learn: bool,
    /// How priors are fitted.
    pub priors: PriorSettings,
    /// Seed of the decisions, the clicks and the reports.
    pub seed: u64,
    /// Time of the first visit (Unix ms).
    pub start: Millis,
}

impl Default for LoopConfig {
    fn default() -> LoopConfig {
        LoopConfig {
            devices: 2_000,
            days: 3,
            visits_per_day: 2,
            generations: 4,
            epsilon: 1.0,
            learn: true,
            priors: PriorSettings::default(),
            seed: 0,
            // 2026-11-23T09:30:00Z.
            start: 1_795_426_200_000,
        }
    }
}

/// What one generation's devices did.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GenerationStats {
    /// Banners shown.
    pub impressions: u64,
    /// Banners clicked.
    pub clicks: u64,
    /// Σ over impressions of the best hidden rate for the slot minus the shown offer's.
    pub regret: f64,
    /// Reports sent (one per device-day with a banner).
    pub reports: u64,
}

impl GenerationStats {
    /// Clicks per impression.
    pub fn ctr(&self) -> f64 {
        self.clicks as f64 / (self.impressions as f64).max(1.0)
    }

    /// Regret per impression: the expected clicks lost to not showing the best offer.
    pub fn regret_per_impression(&self) -> f64 {
        self.regret / (self.impressions as f64).max(1.0)
    }
}

/// Hidden click rates for `offers` offers, drawn from Beta(`alpha`, `beta`) with `seed`.
pub fn hidden_rates(offers: usize, alpha: f64, beta: f64, seed: u64) -> Vec<f64> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed_0000_7a7e_5000);
    let beta = Beta::new(alpha, beta).expect("positive shape parameters");
    (0..offers).map(|_| beta.sample(&mut rng)).collect()
}

/// Runs the loop on `catalog` (every offer's hidden click rate in `rates`, catalog order):
/// one [`GenerationStats`] per generation.
pub fn run_loop(catalog: &Catalog, rates: &[f64], config: &LoopConfig) -> Vec<GenerationStats> {
    assert_eq!(
        rates.len(),
        catalog.offers.len(),
        "one hidden rate per offer"
    );
    let mut catalog = catalog.clone();
    let base_version = catalog.version.clone();
    let mut rng = Pcg64Mcg::seed_from_u64(config.seed);
    let profile_config = ProfileConfig {
        utc_offset_minutes: catalog.utc_offset_minutes,
        ..ProfileConfig::default()
    };
    let mut slots: Vec<String> = Vec::new();
    for offer in &catalog.offers {
        for slot in &offer.slots {
            if !slots.contains(slot) {
                slots.push(slot.clone());
            }
        }
    }
    let best: BTreeMap<&str, f64> = slots
        .iter()
        .map(|slot| {
            let rate = catalog
                .offers
                .iter()
                .zip(rates)
                .filter(|(o, _)| o.slots.contains(slot))
                .map(|(_, r)| *r)
                .fold(0.0, f64::max);
            (slot.as_str(), rate)
        })
        .collect();
    let settings = ReportSettings {
        epsilon: config.epsilon,
        bits: 1,
    };
    let mut out = Vec::with_capacity(config.generations);
    for generation in 0..config.generations {
        let scope = CatalogScope::from_catalog(&catalog).expect("a catalog with offers");
        let mut estimator = Estimator::new();
        let mut stats = GenerationStats::default();
        let first = config.start + (generation * config.days) as Millis * DAY_MS;
        for device in 0..config.devices {
            let id = format!("g{generation}-d{device}");
            let mut profile = Profile::default();
            for day in 0..config.days {
                let mut counts: BTreeMap<String, OfferCounts> = BTreeMap::new();
                for visit in 0..config.visits_per_day {
                    let now = first + day as Millis * DAY_MS + visit as Millis * HOUR_MS;
                    let slot = &slots[(rng.next_u64() % slots.len() as u64) as usize];
                    let inputs = Inputs {
                        catalog: &catalog,
                        profile: &profile,
                        config: &profile_config,
                        device_id: &id,
                        personalization_allowed: true,
                    };
                    let context = Context {
                        now,
                        page_type: Some(PageType::Home),
                        ..Context::default()
                    };
                    let seed = rng.next_u64();
                    let chosen = pick(&inputs, &context, &[slot.as_str()], seed, Detail::Pick)
                        .into_iter()
                        .next()
                        .and_then(|p| p.chosen)
                        .map(|c| c.offer);
                    let Some(index) = chosen else { continue };
                    let rate = rates[index];
                    let offer = OfferRef {
                        offer: catalog.offers[index].id.clone(),
                        slot: slot.clone(),
                    };
                    let clicked = unit(&mut rng) < rate;
                    stats.impressions += 1;
                    stats.clicks += u64::from(clicked);
                    stats.regret += best[slot.as_str()] - rate;
                    let seen = counts.entry(offer.offer.clone()).or_default();
                    seen.impressions += 1;
                    seen.clicks += u32::from(clicked);
                    profile.apply(
                        &Event {
                            at: now,
                            kind: EventKind::Impression(offer.clone()),
                        },
                        &profile_config,
                    );
                    if clicked {
                        profile.apply(
                            &Event {
                                at: now + 1,
                                kind: EventKind::Click(offer),
                            },
                            &profile_config,
                        );
                    }
                }
                if counts.is_empty() {
                    continue;
                }
                let day =
                    Day::from_epoch_days(first / DAY_MS + day as i64).expect("a day after 1970");
                let counts = DayCounts {
                    day,
                    offers: counts,
                    answers: BTreeMap::new(),
                };
                let mut budget = Budget::new(config.epsilon).expect("a valid epsilon");
                let report = build_report(&counts, &scope, &settings, &mut budget, &mut rng)
                    .expect("one report per device-day fits its budget");
                estimator.push(&report).expect("the device's own report");
                stats.reports += 1;
            }
        }
        out.push(stats);
        if config.learn {
            let estimates = estimator.finish();
            if let Ok(fitted) = fit_priors(&catalog, &estimates, config.days as f64, &config.priors)
            {
                for (offer, fit) in catalog.offers.iter_mut().zip(fitted) {
                    offer.prior = fit.prior;
                }
                catalog.version = format!("{base_version}.g{}", generation + 1);
            }
        }
    }
    out
}

fn unit(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}
