//! Bandit priors from private reports (issue #15): on simulated device-days of a shop with
//! known click rates, an offer with plenty of reports gets a prior around its own rate, one
//! with few is pulled toward its campaign, one without reports starts from its campaign's
//! mean; strengths stay within the cap; a previous prior fades with its half-life.
#![cfg(not(target_arch = "wasm32"))]

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::measurement::priors::{
    fit_priors, FittedPrior, PriorSettings, PriorSource, PriorsError,
};
use vitrine::engine::measurement::{
    build_report, Budget, CatalogScope, Day, DayCounts, Estimates, Estimator, OfferCounts,
    ReportSettings,
};

/// Two campaigns: coffee offers clicked often, tea offers rarely; `tea-new` is not shown yet.
const CATALOG: &str = r#"{ "schema": 1, "version": "w48.1", "campaigns": [
  { "id": "coffee", "offers": [
    { "id": "coffee-big", "slots": ["hero"], "title": "Coffee" },
    { "id": "coffee-rare", "slots": ["hero"], "title": "Coffee too" } ] },
  { "id": "tea", "offers": [
    { "id": "tea-big", "slots": ["hero"], "title": "Tea" },
    { "id": "tea-small", "slots": ["hero"], "title": "Tea too" },
    { "id": "tea-new", "slots": ["hero"], "title": "New tea", "prior": { "alpha": 1, "beta": 1 } } ] } ] }"#;

/// Offer, share of device-days that see it, share of those that click.
const TRUTH: [(&str, f64, f64); 4] = [
    ("coffee-big", 0.5, 0.12),
    ("coffee-rare", 0.01, 0.10),
    ("tea-big", 0.5, 0.02),
    ("tea-small", 0.02, 0.03),
];

/// The reports of `devices` device-days on the previous edition of the catalog, which did not
/// have `tea-new` yet.
fn estimates(devices: usize, seed: u64) -> Estimates {
    let before = CATALOG.replace(
        r#",
    { "id": "tea-new", "slots": ["hero"], "title": "New tea", "prior": { "alpha": 1, "beta": 1 } }"#,
        "",
    );
    let catalog = Catalog::from_json(&before).unwrap();
    assert_eq!(catalog.offers.len(), 4);
    let scope = CatalogScope::from_catalog(&catalog).unwrap();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut chance = |p: f64| ((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p;
    let day = Day::parse("2026-11-24").unwrap();
    let mut days = Vec::with_capacity(devices);
    for _ in 0..devices {
        let mut offers = std::collections::BTreeMap::new();
        for (offer, seen, click) in TRUTH {
            if chance(seen) {
                let clicks = u32::from(chance(click));
                offers.insert(
                    offer.to_owned(),
                    OfferCounts {
                        impressions: 1,
                        clicks,
                        conversions: 0,
                    },
                );
            }
        }
        days.push(DayCounts {
            day,
            offers,
            answers: Default::default(),
        });
    }
    let mut rng = Pcg64Mcg::seed_from_u64(seed + 1);
    let mut estimator = Estimator::new();
    for counts in &days {
        let mut budget = Budget::new(1.0).unwrap();
        let report = build_report(
            counts,
            &scope,
            &ReportSettings::default(),
            &mut budget,
            &mut rng,
        );
        estimator.push(&report.unwrap()).unwrap();
    }
    estimator.finish()
}

fn fitted(devices: usize, days: f64, settings: &PriorSettings) -> Vec<FittedPrior> {
    let catalog = Catalog::from_json(CATALOG).unwrap();
    fit_priors(&catalog, &estimates(devices, 7), days, settings).unwrap()
}

fn mean(f: &FittedPrior) -> f64 {
    f.prior.alpha / (f.prior.alpha + f.prior.beta)
}

fn find<'a>(all: &'a [FittedPrior], offer: &str) -> &'a FittedPrior {
    all.iter().find(|f| f.offer == offer).unwrap()
}

#[test]
fn offers_with_many_reports_keep_their_rate_and_others_lean_on_their_campaign() {
    let settings = PriorSettings {
        max_strength: 50.0,
        ..PriorSettings::default()
    };
    let all = fitted(400_000, 1.0, &settings);
    assert_eq!(all.len(), 5);
    let (big, rare) = (find(&all, "coffee-big"), find(&all, "coffee-rare"));
    let (tea, small, new) = (
        find(&all, "tea-big"),
        find(&all, "tea-small"),
        find(&all, "tea-new"),
    );
    // Plenty of reports: the rate is the offer's own, within its measurement's error (the
    // reports are noisy: about ±2.3 points for a 2 % rate from 400,000 device-days), and the
    // prior sits near it.
    for (f, truth) in [(big, 0.12), (tea, 0.02)] {
        let (measured, se) = f.measured.unwrap();
        assert!(
            (measured - truth).abs() < 3.0 * se && (f.rate - measured).abs() < se,
            "{f:?}"
        );
        assert!((mean(f) - f.rate).abs() < 0.2 * f.rate, "{f:?}");
        assert_eq!(f.source, PriorSource::Offer);
    }
    assert!(
        mean(big) > 2.0 * mean(tea),
        "coffee clicks more than tea: {big:?} {tea:?}"
    );
    // Few reports: the measured rate is noisy; the prior is pulled toward the campaign.
    let (measured, _) = rare.measured.unwrap();
    assert!(
        (rare.rate - mean(big)).abs() < (measured - mean(big)).abs() + 1e-9,
        "{rare:?}"
    );
    let (measured, se) = small.measured.unwrap();
    assert!(
        se > 3.0 * find(&all, "tea-big").measured.unwrap().1,
        "{small:?}"
    );
    assert!(
        (small.rate - tea.rate).abs() < (measured - tea.rate).abs() + 1e-9,
        "{small:?}"
    );
    // No reports (new in this edition): its campaign's mean, which one well-measured tea offer
    // places between that offer's rate and the shop's (the shop's mean counts as one offer).
    assert_eq!((new.source, new.measured), (PriorSource::Campaign, None));
    assert!(
        tea.rate < new.rate && new.rate < big.rate,
        "{new:?} {tea:?}"
    );
    for f in &all {
        let strength = f.prior.alpha + f.prior.beta;
        assert!((2.0..=50.0 + 1e-9).contains(&strength), "{f:?}");
        assert!(f.prior.alpha >= 0.001 && f.prior.beta >= 0.001, "{f:?}");
    }
    // The best-measured offers get the strongest priors.
    assert!(big.prior.alpha + big.prior.beta > rare.prior.alpha + rare.prior.beta);
}

#[test]
fn the_cap_bounds_every_prior_and_old_priors_fade_with_their_half_life() {
    let capped = fitted(
        100_000,
        1.0,
        &PriorSettings {
            max_strength: 5.0,
            ..PriorSettings::default()
        },
    );
    assert!(capped
        .iter()
        .all(|f| f.prior.alpha + f.prior.beta <= 5.0 + 1e-9));
    // tea-new's own prior (Beta(1, 1), a 50 % rate) counts less the longer the reports run.
    let settings = PriorSettings {
        max_strength: 1e6,
        half_life_days: 7.0,
    };
    let weight_of_old = |days: f64| {
        let new = find(&fitted(100_000, days, &settings), "tea-new").clone();
        (mean(&new) - new.rate) / (0.5 - new.rate)
    };
    let (fresh, week, month) = (weight_of_old(0.0), weight_of_old(7.0), weight_of_old(28.0));
    assert!(
        fresh > week && week > month && month > 0.0,
        "{fresh} {week} {month}"
    );
}

#[test]
fn bad_settings_and_reports_without_the_catalogs_offers_are_refused() {
    let catalog = Catalog::from_json(CATALOG).unwrap();
    let estimates = estimates(1_000, 3);
    for settings in [
        PriorSettings {
            max_strength: 1.0,
            ..PriorSettings::default()
        },
        PriorSettings {
            half_life_days: 0.0,
            ..PriorSettings::default()
        },
        PriorSettings {
            max_strength: f64::NAN,
            ..PriorSettings::default()
        },
    ] {
        assert!(matches!(
            fit_priors(&catalog, &estimates, 1.0, &settings),
            Err(PriorsError::Settings(_))
        ));
    }
    // A previous prior decayed to nothing leaves a valid prior, never NaN.
    let ancient = PriorSettings {
        half_life_days: 1.0,
        ..PriorSettings::default()
    };
    for f in fit_priors(&catalog, &estimates, 1e6, &ancient).unwrap() {
        assert!(f.prior.alpha > 0.0 && f.prior.beta > 0.0, "{f:?}");
    }
    let other = Catalog::from_json(
        &CATALOG
            .replace("coffee-", "cocoa-")
            .replace("tea-", "mate-"),
    )
    .unwrap();
    let refused = fit_priors(&other, &estimates, 1.0, &PriorSettings::default()).unwrap_err();
    assert_eq!(refused, PriorsError::NoEvidence);
    assert!(refused
        .to_string()
        .contains("measure this catalog's offers first"));
}
