//! The device side: a day's counts in, one randomized report out.

use std::collections::{BTreeMap, HashMap, HashSet};

use rand_core::Rng;
use serde::{Deserialize, Serialize};

use super::budget::check_epsilon;
use super::report::{Mechanism, Metric, Report, REPORT_VERSION};
use super::rr::{randomize, sample_indices};
use super::{Budget, Day, MeasurementError, MAX_BITS, MAX_OFFERS};
use crate::engine::catalog::limits::MAX_ID_LEN;
use crate::engine::catalog::Catalog;

/// One offer's events on one day. Only "at least one" leaves the device, randomized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferCounts {
    /// Times the banner was shown.
    pub impressions: u32,
    /// Times it was clicked.
    pub clicks: u32,
    /// Purchases attributed to it.
    pub conversions: u32,
}

impl OfferCounts {
    /// The count of one metric.
    pub fn get(&self, metric: Metric) -> u32 {
        match metric {
            Metric::Impression => self.impressions,
            Metric::Click => self.clicks,
            Metric::Conversion => self.conversions,
        }
    }
}

/// A device's counts for one day, per offer id (offers without events may be left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayCounts {
    /// The day, in the shop's time zone.
    pub day: Day,
    /// Offer id → that day's counts.
    pub offers: HashMap<String, OfferCounts>,
}

/// The offers a report may talk about: those of one catalog edition.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogScope {
    version: String,
    offers: Vec<String>,
}

impl CatalogScope {
    /// The catalog's version and its offer ids in catalog order (duplicates dropped).
    pub fn new(
        version: impl Into<String>,
        offers: impl IntoIterator<Item = impl Into<String>>,
    ) -> Result<CatalogScope, MeasurementError> {
        let version = version.into();
        if version.is_empty() || version.len() > MAX_ID_LEN {
            return Err(MeasurementError::BadCatalogVersion { version });
        }
        let mut seen = HashSet::new();
        let offers: Vec<String> = offers
            .into_iter()
            .map(Into::into)
            .filter(|id| seen.insert(id.clone()))
            .collect();
        match offers.len() {
            0 => Err(MeasurementError::NoOffers),
            n if n > MAX_OFFERS => Err(MeasurementError::TooManyOffers { offers: n }),
            _ => Ok(CatalogScope { version, offers }),
        }
    }

    /// Every offer of a validated catalog.
    pub fn from_catalog(catalog: &Catalog) -> Result<CatalogScope, MeasurementError> {
        CatalogScope::new(&catalog.version, catalog.offers.iter().map(|o| &o.id))
    }

    /// The number of (offer, metric) pairs: 3 × offers.
    pub fn pairs(&self) -> u32 {
        3 * self.offers.len() as u32
    }
}

/// How a device builds reports. The defaults spend the whole default day budget on one report
/// with one bit, which gives the most accurate estimates for a given epsilon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// Privacy loss of one report, split evenly across its bits.
    pub epsilon: f64,
    /// (Offer, metric) pairs per report, 1 to [`MAX_BITS`].
    pub bits: u32,
}

impl Default for ReportSettings {
    fn default() -> ReportSettings {
        ReportSettings {
            epsilon: super::DEFAULT_EPSILON_PER_DAY,
            bits: 1,
        }
    }
}

/// Builds the report for `counts.day`: samples `settings.bits` (offer, metric) pairs of the
/// catalog uniformly without replacement, and reports for each "at least one event that day"
/// through randomized response with `settings.epsilon / settings.bits`. Counts for offers not
/// in the catalog are ignored. Charges `settings.epsilon` to `budget` for that day, and fails
/// without charging if the settings are invalid or the day's budget would be exceeded.
/// Deterministic for a given `rng` state.
pub fn build_report<R: Rng + ?Sized>(
    counts: &DayCounts,
    catalog: &CatalogScope,
    settings: &ReportSettings,
    budget: &mut Budget,
    rng: &mut R,
) -> Result<Report, MeasurementError> {
    check_epsilon("per report", settings.epsilon)?;
    let pairs = catalog.pairs();
    if settings.bits == 0 || settings.bits > MAX_BITS || settings.bits > pairs {
        return Err(MeasurementError::InvalidBits {
            bits: settings.bits,
            pairs,
        });
    }
    budget.check(counts.day, settings.epsilon)?;
    let epsilon_per_bit = settings.epsilon / f64::from(settings.bits);
    let mut bits: BTreeMap<String, BTreeMap<Metric, bool>> = BTreeMap::new();
    for index in sample_indices(rng, pairs, settings.bits) {
        let offer = &catalog.offers[(index / 3) as usize];
        let metric = Metric::ALL[(index % 3) as usize];
        let happened = counts.offers.get(offer).is_some_and(|c| c.get(metric) > 0);
        let bit = randomize(happened, epsilon_per_bit, rng);
        bits.entry(offer.clone()).or_default().insert(metric, bit);
    }
    budget.charge(counts.day, settings.epsilon)?;
    Ok(Report {
        v: REPORT_VERSION,
        day: counts.day,
        mechanism: Mechanism::SampledRr,
        epsilon: settings.epsilon,
        catalog: catalog.version.clone(),
        pairs,
        bits,
    })
}
