//! The report a device sends: one day, a few randomized bits, nothing that identifies it.

use crate::engine::prelude::*;

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Day, MeasurementError, MAX_BITS, MAX_EPSILON, MAX_OFFERS};
use crate::engine::catalog::limits::MAX_ID_LEN;

/// The report format version.
pub const REPORT_VERSION: u32 = 1;

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
    /// Sampled randomized response: `bits` (offer, metric) pairs drawn uniformly without
    /// replacement from the catalog's `pairs`, each bit "at least one event today" kept with
    /// probability `e^(ε/bits) / (1 + e^(ε/bits))` and flipped otherwise.
    #[serde(rename = "sampled-rr")]
    SampledRr,
}

/// One device's report for one day. It holds no device id, no time finer than the day, and
/// no behaviour beyond the randomized bits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Format version, [`REPORT_VERSION`].
    pub v: u32,
    /// The day the counts are for, in the shop's time zone.
    pub day: Day,
    /// How the bits were randomized.
    pub mechanism: Mechanism,
    /// The privacy loss of the whole report, split evenly across its bits.
    pub epsilon: f64,
    /// The catalog `version` the device measured against.
    pub catalog: String,
    /// How many (offer, metric) pairs the bits were sampled from: 3 × the catalog's offers.
    pub pairs: u32,
    /// Offer id → metric → randomized bit.
    pub bits: BTreeMap<String, BTreeMap<Metric, bool>>,
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
                    Ok(Version { v }) if v != REPORT_VERSION => {
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
        self.bits.values().map(|m| m.len() as u32).sum()
    }

    /// The privacy loss of each bit: `epsilon / bits`.
    pub fn epsilon_per_bit(&self) -> f64 {
        self.epsilon / f64::from(self.bit_count().max(1))
    }

    /// Checks the version, epsilon, sizes and ids, so the estimator can trust its inputs.
    pub fn validate(&self) -> Result<(), MeasurementError> {
        let invalid = |reason: String| Err(MeasurementError::InvalidReport { reason });
        if self.v != REPORT_VERSION {
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
        if self.pairs == 0 || self.pairs % 3 != 0 || self.pairs as usize > 3 * MAX_OFFERS {
            return invalid(format!(
                "`pairs` is {}; it must be 3 × the catalog's offers (1 to {MAX_OFFERS} offers)",
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
        Ok(())
    }
}
