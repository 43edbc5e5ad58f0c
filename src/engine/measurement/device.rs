//! The device side: a day's counts in, one randomized report out.

use crate::engine::prelude::*;

use alloc::collections::{BTreeMap, BTreeSet};

use rand_core::Rng;
use serde::{Deserialize, Serialize};

use super::budget::check_epsilon;
use super::report::{Mechanism, Metric, Report, REPORT_VERSION};
use super::rr::{randomize, sample_indices};
use super::{Budget, Day, MeasurementError, MAX_BITS, MAX_OFFERS};
use crate::engine::catalog::limits::MAX_ID_LEN;
use crate::engine::catalog::Catalog;
use crate::engine::codec::{Reader, Writer};

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
    pub offers: BTreeMap<String, OfferCounts>,
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
        let mut seen = BTreeSet::new();
        let offers = offers
            .into_iter()
            .map(Into::into)
            .filter(|id| seen.insert(id.clone()))
            .collect();
        CatalogScope::checked(version.into(), offers)
    }

    /// Every offer of a validated catalog (whose ids are unique, so none is dropped).
    pub fn from_catalog(catalog: &Catalog) -> Result<CatalogScope, MeasurementError> {
        let offers = catalog.offers.iter().map(|o| o.id.clone()).collect();
        CatalogScope::checked(catalog.version.clone(), offers)
    }

    fn checked(version: String, offers: Vec<String>) -> Result<CatalogScope, MeasurementError> {
        if version.is_empty() || version.len() > MAX_ID_LEN {
            return Err(MeasurementError::BadCatalogVersion { version });
        }
        match offers.len() {
            0 => Err(MeasurementError::NoOffers),
            n if n > MAX_OFFERS => Err(MeasurementError::TooManyOffers { offers: n }),
            _ => Ok(CatalogScope { version, offers }),
        }
    }

    /// The scope of `catalog` and the shop's time zone in effect (minutes east of UTC), as the
    /// main wasm module hands them to the measurement module (wasm-measurement/):
    /// `(utc_offset_minutes, version, offer ids in catalog order)` in postcard's encoding.
    pub fn to_bytes(catalog: &Catalog, utc_offset_minutes: i32) -> Vec<u8> {
        let mut w = Writer::default();
        w.i64(i64::from(utc_offset_minutes));
        w.str(&catalog.version);
        w.list(&catalog.offers, |w, o| w.str(&o.id));
        w.bytes
    }

    /// Reads [`CatalogScope::to_bytes`]: the time zone, and the scope if the catalog can be
    /// measured (a version and 1 to [`MAX_OFFERS`] offers). `None` for bytes of another layout.
    pub fn from_bytes(bytes: &[u8]) -> Option<(i32, Option<CatalogScope>)> {
        let mut r = Reader::new(bytes);
        let utc_offset_minutes = r.i32().ok()?;
        let version = r.str().ok()?.to_owned();
        let offers = r
            .tight_list(usize::MAX, |r| r.str().map(str::to_owned))
            .ok()?;
        if !r.rest().is_empty() {
            return None;
        }
        Some((
            utc_offset_minutes,
            CatalogScope::checked(version, offers).ok(),
        ))
    }

    /// Whether `offer` is one of the catalog's.
    pub fn contains(&self, offer: &str) -> bool {
        self.offers.iter().any(|o| o == offer)
    }

    /// The catalog version reports name.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The number of (offer, metric) pairs: 3 × offers.
    pub fn pairs(&self) -> u32 {
        3 * self.offers.len() as u32
    }

    /// The offer and metric of pair `index` (offers in catalog order, each with
    /// [`Metric::ALL`]).
    pub fn pair(&self, index: u32) -> Option<(&str, Metric)> {
        let offer = self.offers.get((index / 3) as usize)?;
        Some((offer, Metric::ALL[(index % 3) as usize]))
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
    let happened =
        |offer: &str, metric| counts.offers.get(offer).is_some_and(|c| c.get(metric) > 0);
    let drawn = draw(counts.day, catalog, settings, budget, happened, rng)?;
    Ok(drawn.report(catalog))
}

/// A day's report as drawn, before it is written out: the sampled pairs of the catalog
/// ([`CatalogScope::pair`]) and their randomized bits. [`Drawn::report`] names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// The day the bits are about.
    pub day: Day,
    /// The privacy loss of the whole report.
    pub epsilon: f64,
    /// The catalog's (offer, metric) pairs the bits were drawn from.
    pub pairs: u32,
    /// `(pair index, randomized bit)`, by ascending index.
    pub bits: Vec<(u32, bool)>,
}

impl Drawn {
    /// The report, with the offers and metrics of `catalog` (the scope it was drawn from).
    pub fn report(&self, catalog: &CatalogScope) -> Report {
        let mut bits: BTreeMap<String, BTreeMap<Metric, bool>> = BTreeMap::new();
        for (offer, metric, bit) in self
            .bits
            .iter()
            .filter_map(|&(index, bit)| catalog.pair(index).map(|(o, m)| (o, m, bit)))
        {
            bits.entry(offer.to_owned())
                .or_default()
                .insert(metric, bit);
        }
        Report {
            v: REPORT_VERSION,
            day: self.day,
            mechanism: Mechanism::SampledRr,
            epsilon: self.epsilon,
            catalog: catalog.version.clone(),
            pairs: self.pairs,
            bits,
        }
    }
}

/// The mechanism of [`build_report`], on any record of the day: `happened(offer, metric)` says
/// whether the event happened at least once on `day`. Checks the settings and the budget,
/// samples, randomizes, then charges `budget`.
pub fn draw<R: Rng + ?Sized>(
    day: Day,
    catalog: &CatalogScope,
    settings: &ReportSettings,
    budget: &mut Budget,
    happened: impl Fn(&str, Metric) -> bool,
    rng: &mut R,
) -> Result<Drawn, MeasurementError> {
    check_epsilon("per report", settings.epsilon)?;
    let pairs = catalog.pairs();
    if settings.bits == 0 || settings.bits > MAX_BITS || settings.bits > pairs {
        return Err(MeasurementError::InvalidBits {
            bits: settings.bits,
            pairs,
        });
    }
    budget.check(day, settings.epsilon)?;
    let epsilon_per_bit = settings.epsilon / f64::from(settings.bits);
    let mut bits = Vec::with_capacity(settings.bits as usize);
    for index in sample_indices(rng, pairs, settings.bits) {
        let truth = catalog
            .pair(index)
            .is_some_and(|(offer, metric)| happened(offer, metric));
        bits.push((index, randomize(truth, epsilon_per_bit, rng)));
    }
    budget.charge(day, settings.epsilon)?;
    Ok(Drawn {
        day,
        epsilon: settings.epsilon,
        pairs,
        bits,
    })
}
