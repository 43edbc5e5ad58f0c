//! The report a device sends: one day, a few randomized bits, nothing that identifies it.
//! Version 1 has bits about offers only; version 2, sent when the catalog has surveys, may
//! also have bits about their answers (`answers`). Both are read.

use crate::engine::prelude::*;

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::scores::scale_of_bucket;
use super::{Day, MeasurementError, MAX_BITS, MAX_EPSILON, MAX_OFFERS};
use crate::engine::catalog::limits::MAX_ID_LEN;
use crate::engine::survey::Scale;

/// The newest report format version (2: with survey answers).
pub const REPORT_VERSION: u32 = 2;
/// The most pairs a catalog can have: 3 per offer, and up to 5 answer buckets per survey, of
/// which each offer asks at most one.
const MAX_PAIRS: usize = 3 * MAX_OFFERS + 5 * MAX_OFFERS;

/// What is counted for an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// The banner was shown.
    Impression,
    /// The banner was clicked.
    Click,
    /// A purchase was attributed to the banner.
    Conversion,
}

impl Metric {
    /// All metrics, in the order of a catalog's (offer, metric) pairs.
    pub const ALL: [Metric; 3] = [Metric::Impression, Metric::Click, Metric::Conversion];

    /// The name used in reports and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Impression => "impression",
            Metric::Click => "click",
            Metric::Conversion => "conversion",
        }
    }
}

/// The local differential privacy mechanism of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mechanism {
    /// Sampled randomized response: `bits` pairs drawn uniformly without replacement from the
    /// catalog's `pairs` ((offer, metric) and (survey, answer bucket)), each bit "at least one
    /// event today" or "today's answer was in this bucket" kept with probability
    /// `e^(ε/bits) / (1 + e^(ε/bits))` and flipped otherwise.
    #[serde(rename = "sampled-rr")]
    SampledRr,
}

/// One device's report for one day. It holds no device id, no time finer than the day, and
/// no behaviour beyond the randomized bits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Format version: 1, or 2 ([`REPORT_VERSION`]) when the catalog has surveys.
    pub v: u32,
    /// The day the counts are for, in the shop's time zone.
    pub day: Day,
    /// How the bits were randomized.
    pub mechanism: Mechanism,
    /// The privacy loss of the whole report, split evenly across its bits.
    pub epsilon: f64,
    /// The catalog `version` the device measured against.
    pub catalog: String,
    /// How many pairs the bits were sampled from: 3 × the catalog's offers, plus the answer
    /// buckets of its surveys.
    pub pairs: u32,
    /// Offer id → metric → randomized bit.
    pub bits: BTreeMap<String, BTreeMap<Metric, bool>>,
    /// Survey id → answer bucket ([`super::scores::buckets`]) → randomized bit (version 2).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, BTreeMap<String, bool>>,
}

impl Report {
    /// Parses one JSON report and checks it with [`Report::validate`].
    pub fn from_json(text: &str) -> Result<Report, MeasurementError> {
        /// Just the version, so a newer format is named as such rather than as malformed.
        #[derive(Deserialize)]
        struct Version {
            v: u32,
        }
        let report: Report =
            serde_json::from_str(text).map_err(|e| {
                match serde_json::from_str::<Version>(text) {
                    Ok(Version { v }) if !(1..=REPORT_VERSION).contains(&v) => {
                        MeasurementError::UnsupportedVersion { v }
                    }
                    _ => MeasurementError::Malformed {
                        reason: e.to_string(),
                    },
                }
            })?;
        report.validate()?;
        Ok(report)
    }

    /// One line of JSON (what a device sends).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("reports always serialize")
    }

    /// How many bits the report carries.
    pub fn bit_count(&self) -> u32 {
        let offers: usize = self.bits.values().map(BTreeMap::len).sum();
        let answers: usize = self.answers.values().map(BTreeMap::len).sum();
        (offers + answers) as u32
    }

    /// The privacy loss of each bit: `epsilon / bits`.
    pub fn epsilon_per_bit(&self) -> f64 {
        self.epsilon / f64::from(self.bit_count().max(1))
    }

    /// Checks the version, epsilon, sizes and ids, so the estimator can trust its inputs.
    pub fn validate(&self) -> Result<(), MeasurementError> {
        let invalid = |reason: String| Err(MeasurementError::InvalidReport { reason });
        if !(1..=REPORT_VERSION).contains(&self.v) {
            return Err(MeasurementError::UnsupportedVersion { v: self.v });
        }
        if !(self.epsilon > 0.0 && self.epsilon <= MAX_EPSILON) {
            return invalid(format!(
                "epsilon {} is outside (0, {MAX_EPSILON}]",
                self.epsilon
            ));
        }
        if self.catalog.is_empty() || self.catalog.len() > MAX_ID_LEN {
            return invalid(format!(
                "`catalog` must be a catalog version of 1 to {MAX_ID_LEN} bytes"
            ));
        }
        let (valid, most, expected) = match self.v {
            1 => (
                self.pairs % 3 == 0 && self.answers.is_empty(),
                3 * MAX_OFFERS,
                "3 × the catalog's offers, and version 1 has no `answers`",
            ),
            _ => (
                true,
                MAX_PAIRS,
                "3 × the catalog's offers plus its surveys' answer buckets",
            ),
        };
        if !valid || self.pairs < 3 || self.pairs as usize > most {
            return invalid(format!(
                "`pairs` is {}; it must be {expected} (1 to {MAX_OFFERS} offers)",
                self.pairs
            ));
        }
        let bits = self.bit_count();
        if bits == 0 || bits > MAX_BITS || bits > self.pairs {
            return invalid(format!(
                "it has {bits} bits; a report has 1 to {} bits",
                self.pairs.min(MAX_BITS)
            ));
        }
        let bad_offer = |(id, metrics): (&String, &BTreeMap<Metric, bool>)| {
            id.is_empty() || id.len() > MAX_ID_LEN || metrics.is_empty()
        };
        if let Some((id, _)) = self.bits.iter().find(|entry| bad_offer(*entry)) {
            return invalid(format!(
                "offer `{id}` needs an id of 1 to {MAX_ID_LEN} bytes and at least one bit"
            ));
        }
        for (survey, buckets) in &self.answers {
            if survey.is_empty() || survey.len() > MAX_ID_LEN || buckets.is_empty() {
                return invalid(format!(
                    "survey `{survey}` needs an id of 1 to {MAX_ID_LEN} bytes and at least one bit"
                ));
            }
            self.survey_scale(survey)?;
        }
        Ok(())
    }

    /// The scale of `survey`'s answer buckets in this report (`None` when it has none); an
    /// unknown bucket name or buckets of two scales make the report invalid.
    pub fn survey_scale(&self, survey: &str) -> Result<Option<Scale>, MeasurementError> {
        let invalid = |what: String| {
            let reason = format!(
                "survey `{survey}` has {what}: its buckets are detractor, passive, promoter \
                 (nps), 1 to 5 (csat), or down, up (thumbs)"
            );
            Err(MeasurementError::InvalidReport { reason })
        };
        let mut found: Option<(Scale, &str)> = None;
        for name in self
            .answers
            .get(survey)
            .into_iter()
            .flat_map(BTreeMap::keys)
        {
            let Some((scale, _)) = scale_of_bucket(name) else {
                return invalid(format!("answer bucket `{name}`"));
            };
            match found {
                Some((first, other)) if first != scale => {
                    return invalid(format!(
                        "answer buckets `{other}` and `{name}` of two scales"
                    ));
                }
                _ => found = Some((scale, name)),
            }
        }
        Ok(found.map(|(scale, _)| scale))
    }
}
