//! The device side: a day's counts in, one randomized report out.

use crate::engine::prelude::*;

use alloc::collections::{BTreeMap, BTreeSet};

use rand_core::Rng;
use serde::{Deserialize, Serialize};

use super::budget::check_epsilon;
use super::report::{Mechanism, Metric, Report, REPORT_VERSION};
use super::rr::{randomize, sample_indices};
use super::scores;
use super::{Budget, Day, MeasurementError, MAX_BITS, MAX_OFFERS};
use crate::engine::catalog::limits::MAX_ID_LEN;
use crate::engine::catalog::Catalog;
use crate::engine::codec::{ReadError, Reader, Writer};
use crate::engine::survey::Scale;

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

/// A device's counts for one day, per offer id (offers without events may be left out), and
/// its answers to surveys that day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayCounts {
    /// The day, in the shop's time zone.
    pub day: Day,
    /// Offer id → that day's counts.
    pub offers: BTreeMap<String, OfferCounts>,
    /// Survey id → the bucket of that day's answer ([`scores::buckets`]: `promoter`, `4`, `up`...).
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// One of the things a report can tell: an offer's metric, or a survey's answer bucket (its
/// code, [`scores::BUCKETS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair<'a> {
    /// "The offer's event happened at least once."
    Offer(&'a str, Metric),
    /// "The shopper's answer to the survey was in this bucket."
    Answer(&'a str, u8),
}

impl Pair<'_> {
    /// Whether `counts` says it happened.
    fn happened_in(self, counts: &DayCounts) -> bool {
        match self {
            Pair::Offer(offer, metric) => {
                counts.offers.get(offer).is_some_and(|c| c.get(metric) > 0)
            }
            Pair::Answer(survey, code) => {
                counts.answers.get(survey).map(String::as_str)
                    == Some(scores::BUCKETS[usize::from(code)])
            }
        }
    }
}

/// What a report may talk about: the offers and surveys of one catalog edition.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogScope {
    version: String,
    offers: Vec<String>,
    surveys: Vec<(String, Scale)>,
}

impl CatalogScope {
    /// The catalog's version and its offer ids in catalog order (duplicates dropped), with no
    /// surveys ([`CatalogScope::with_surveys`]).
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
        CatalogScope::checked(version.into(), offers, Vec::new())
    }

    /// The same scope with the catalog's surveys and their scales, in catalog order (a survey
    /// id listed again is dropped, as the catalog refuses one asked on two scales).
    pub fn with_surveys(
        mut self,
        surveys: impl IntoIterator<Item = (impl Into<String>, Scale)>,
    ) -> Result<CatalogScope, MeasurementError> {
        for (id, scale) in surveys {
            let id = id.into();
            if id.is_empty() || id.len() > MAX_ID_LEN {
                return Err(MeasurementError::BadSurveyId { id });
            }
            add_survey(&mut self.surveys, &id, scale);
        }
        match self.surveys.len() {
            n if n > MAX_OFFERS => Err(MeasurementError::TooManySurveys { surveys: n }),
            _ => Ok(self),
        }
    }

    /// Every offer and survey of a validated catalog (whose offer ids are unique).
    pub fn from_catalog(catalog: &Catalog) -> Result<CatalogScope, MeasurementError> {
        let offers = catalog.offers.iter().map(|o| o.id.clone()).collect();
        let mut surveys = Vec::new();
        for s in catalog.offers.iter().filter_map(|o| o.survey.as_deref()) {
            add_survey(&mut surveys, &s.id, s.scale);
        }
        CatalogScope::checked(catalog.version.clone(), offers, surveys)
    }

    /// The scope, if the version and offers can label reports. `surveys` come from a catalog
    /// (which checked their ids) or [`CatalogScope::with_surveys`].
    fn checked(
        version: String,
        offers: Vec<String>,
        surveys: Vec<(String, Scale)>,
    ) -> Result<CatalogScope, MeasurementError> {
        if version.is_empty() || version.len() > MAX_ID_LEN {
            return Err(MeasurementError::BadCatalogVersion { version });
        }
        match offers.len() {
            0 => Err(MeasurementError::NoOffers),
            n if n > MAX_OFFERS => Err(MeasurementError::TooManyOffers { offers: n }),
            _ => Ok(CatalogScope {
                version,
                offers,
                surveys,
            }),
        }
    }

    /// The scope of `catalog` and the shop's time zone in effect (minutes east of UTC), as the
    /// main wasm module hands them to the measurement module (wasm-measurement/):
    /// `(utc_offset_minutes, version, offers in catalog order)` in postcard's encoding, each
    /// offer as `(id, survey: Option<(id, scale: 0 nps, 1 csat, 2 thumbs)>)`.
    pub fn to_bytes(catalog: &Catalog, utc_offset_minutes: i32) -> Vec<u8> {
        let mut w = Writer::default();
        w.i64(i64::from(utc_offset_minutes));
        w.str(&catalog.version);
        w.list(&catalog.offers, |w, o| {
            w.str(&o.id);
            w.opt(o.survey.as_deref(), |w, s| {
                w.str(&s.id);
                w.u8(s.scale as u8);
            });
        });
        w.bytes
    }

    /// Reads [`CatalogScope::to_bytes`]: the time zone, and the scope if the catalog can be
    /// measured (a version and 1 to [`MAX_OFFERS`] offers). `None` for bytes of another layout
    /// (among them a survey with an unknown scale or an id that could not label reports).
    pub fn from_bytes(bytes: &[u8]) -> Option<(i32, Option<CatalogScope>)> {
        let mut r = Reader::new(bytes);
        let utc_offset_minutes = r.i32().ok()?;
        let version = r.str().ok()?.to_owned();
        let mut surveys = Vec::new();
        let offers = r
            .tight_list(usize::MAX, |r| {
                let id = r.str()?.to_owned();
                if let Some((survey, scale)) = r.opt(|r| Ok((r.str()?, r.u8()?)))? {
                    let scale = Scale::ALL
                        .get(usize::from(scale))
                        .ok_or(ReadError::Unknown)?;
                    if survey.is_empty() || survey.len() > MAX_ID_LEN {
                        return Err(ReadError::Unknown);
                    }
                    add_survey(&mut surveys, survey, *scale);
                }
                Ok(id)
            })
            .ok()?;
        if !r.rest().is_empty() {
            return None;
        }
        Some((
            utc_offset_minutes,
            CatalogScope::checked(version, offers, surveys).ok(),
        ))
    }

    /// Whether `offer` is one of the catalog's.
    pub fn contains(&self, offer: &str) -> bool {
        self.offers.iter().any(|o| o == offer)
    }

    /// The scale of the catalog's survey `id`, if it has one.
    pub fn survey(&self, id: &str) -> Option<Scale> {
        self.surveys
            .iter()
            .find(|(s, _)| s == id)
            .map(|&(_, scale)| scale)
    }

    /// The catalog version reports name.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The report format its reports use: 1 without surveys (offers only), 2 with them.
    pub fn report_version(&self) -> u32 {
        if self.surveys.is_empty() {
            1
        } else {
            REPORT_VERSION
        }
    }

    /// The number of pairs: 3 × offers, plus each survey's buckets.
    pub fn pairs(&self) -> u32 {
        let buckets: usize = self
            .surveys
            .iter()
            .map(|&(_, s)| scores::buckets(s).len())
            .sum();
        (3 * self.offers.len() + buckets) as u32
    }

    /// Pair `index`: the offers in catalog order, each with [`Metric::ALL`], then the surveys
    /// in catalog order, each with its buckets.
    pub fn pair(&self, index: u32) -> Option<Pair<'_>> {
        let index = index as usize;
        if let Some(offer) = self.offers.get(index / 3) {
            return Some(Pair::Offer(offer, Metric::ALL[index % 3]));
        }
        let mut rest = index - 3 * self.offers.len();
        for (survey, scale) in &self.surveys {
            let codes = scores::codes(*scale);
            let buckets = codes.len();
            if rest < buckets {
                return Some(Pair::Answer(survey, codes.start + rest as u8));
            }
            rest -= buckets;
        }
        None
    }
}

/// Adds survey `id` unless it is listed already. (Few surveys: a linear search keeps tree code
/// out of the measurement module.)
fn add_survey(surveys: &mut Vec<(String, Scale)>, id: &str, scale: Scale) {
    if !surveys.iter().any(|(seen, _)| seen == id) {
        surveys.push((id.to_owned(), scale));
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

/// Builds the report for `counts.day`: samples `settings.bits` pairs of the catalog ([`Pair`])
/// uniformly without replacement, and reports for each "at least one event that day" (or "the
/// day's answer was in this bucket") through randomized response with `settings.epsilon /
/// settings.bits`. Counts for offers and surveys not in the catalog are ignored. Charges `settings.epsilon` to `budget` for that day, and fails
/// without charging if the settings are invalid or the day's budget would be exceeded.
/// Deterministic for a given `rng` state.
pub fn build_report<R: Rng + ?Sized>(
    counts: &DayCounts,
    catalog: &CatalogScope,
    settings: &ReportSettings,
    budget: &mut Budget,
    rng: &mut R,
) -> Result<Report, MeasurementError> {
    let happened = |pair: Pair<'_>| pair.happened_in(counts);
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
    /// The number of the catalog's pairs the bits were drawn from.
    pub pairs: u32,
    /// `(pair index, randomized bit)`, by ascending index.
    pub bits: Vec<(u32, bool)>,
}

impl Drawn {
    /// The report, with the offers and metrics of `catalog` (the scope it was drawn from).
    pub fn report(&self, catalog: &CatalogScope) -> Report {
        let mut bits: BTreeMap<String, BTreeMap<Metric, bool>> = BTreeMap::new();
        let mut answers: BTreeMap<String, BTreeMap<String, bool>> = BTreeMap::new();
        for &(index, bit) in &self.bits {
            match catalog.pair(index) {
                Some(Pair::Offer(offer, metric)) => {
                    bits.entry(offer.to_owned())
                        .or_default()
                        .insert(metric, bit);
                }
                Some(Pair::Answer(survey, code)) => {
                    let name = scores::BUCKETS[usize::from(code)].to_owned();
                    answers
                        .entry(survey.to_owned())
                        .or_default()
                        .insert(name, bit);
                }
                None => {}
            }
        }
        Report {
            v: catalog.report_version(),
            day: self.day,
            mechanism: Mechanism::SampledRr,
            epsilon: self.epsilon,
            catalog: catalog.version.clone(),
            pairs: self.pairs,
            bits,
            answers,
        }
    }
}

/// The mechanism of [`build_report`], on any record of the day: `happened(pair)` says whether
/// an offer's event happened at least once on `day`, or the day's answer to a survey was in a
/// bucket. Checks the settings and the budget,
/// samples, randomizes, then charges `budget`.
pub fn draw<R: Rng + ?Sized>(
    day: Day,
    catalog: &CatalogScope,
    settings: &ReportSettings,
    budget: &mut Budget,
    happened: impl Fn(Pair<'_>) -> bool,
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
        let truth = catalog.pair(index).is_some_and(&happened);
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
