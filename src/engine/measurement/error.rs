//! Measurement errors: each says what is wrong and what to change, and has a stable
//! [`MeasurementError::code`] for the browser runtime to report.

use crate::engine::prelude::*;

use core::fmt;

use crate::engine::catalog::limits::MAX_ID_LEN;

use super::{Day, BUDGET_WINDOW_DAYS, MAX_BITS, MAX_EPSILON, MAX_OFFERS};

/// Why a report was not built (device side) or not used (server side).
#[derive(Debug, Clone, PartialEq)]
pub enum MeasurementError {
    /// An epsilon (`what`: "per report" or "per day") is not a number in `(0, MAX_EPSILON]`.
    InvalidEpsilon { what: &'static str, epsilon: f64 },
    /// The bits per report are 0, over [`MAX_BITS`], or over the `pairs` available.
    InvalidBits { bits: u32, pairs: u32 },
    /// The catalog version is empty or longer than `MAX_ID_LEN` bytes.
    BadCatalogVersion { version: String },
    /// A survey id is empty or longer than `MAX_ID_LEN` bytes.
    BadSurveyId { id: String },
    /// The catalog has no offers to measure.
    NoOffers,
    /// The catalog has more offers than [`MAX_OFFERS`].
    TooManyOffers { offers: usize },
    /// The scope lists more surveys than [`MAX_OFFERS`] (a catalog's offers ask one each at most).
    TooManySurveys { surveys: usize },
    /// Building the report would spend more than the day's privacy budget.
    BudgetExceeded {
        day: Day,
        spent: f64,
        requested: f64,
        per_day: f64,
    },
    /// The day is too far before the newest day in the budget ledger to be accounted for.
    DayTooOld { day: Day, newest: Day },
    /// A report line is not valid report JSON.
    Malformed { reason: String },
    /// A report has a format version this build does not know.
    UnsupportedVersion { v: u32 },
    /// A report is well-formed JSON but inconsistent.
    InvalidReport { reason: String },
    /// Reports naming the same catalog version disagree on its number of pairs.
    CatalogMismatch {
        catalog: String,
        pairs: u32,
        expected: u32,
    },
    /// Reports naming the same catalog version answer one survey on different scales.
    SurveyScaleMismatch { catalog: String, survey: String },
}

impl MeasurementError {
    /// A stable, machine-readable code: `measurement_config_invalid` (fix the settings or the
    /// catalog), `measurement_budget_exhausted` (wait for the next day) or
    /// `measurement_report_invalid` (server side: the report was skipped).
    pub fn code(&self) -> &'static str {
        use MeasurementError::*;
        match self {
            InvalidEpsilon { .. }
            | InvalidBits { .. }
            | BadCatalogVersion { .. }
            | BadSurveyId { .. }
            | NoOffers
            | TooManyOffers { .. }
            | TooManySurveys { .. } => "measurement_config_invalid",
            BudgetExceeded { .. } | DayTooOld { .. } => "measurement_budget_exhausted",
            Malformed { .. }
            | UnsupportedVersion { .. }
            | InvalidReport { .. }
            | CatalogMismatch { .. }
            | SurveyScaleMismatch { .. } => "measurement_report_invalid",
        }
    }
}

impl fmt::Display for MeasurementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MeasurementError::*;
        match self {
            InvalidEpsilon { what, epsilon } => write!(f, "epsilon {what} is {epsilon}; it must be a number above 0 and at most {MAX_EPSILON} (the default is 1; smaller is more private)"),
            InvalidBits { bits, pairs } => write!(f, "{bits} bits per report is not possible with {pairs} pairs (offers' metrics and surveys' answer buckets); use 1 to {} bits (1 is the most accurate)", (*pairs).clamp(1, MAX_BITS)),
            BadCatalogVersion { version } => write!(f, "catalog version `{version}` cannot label reports; give the catalog a `version` of 1 to {MAX_ID_LEN} bytes"),
            BadSurveyId { id } => write!(f, "survey id `{id}` cannot label reports; give the survey an `id` of 1 to {MAX_ID_LEN} bytes"),
            NoOffers => write!(f, "the catalog has no offers, so there is nothing to measure; build reports once the catalog has offers"),
            TooManyOffers { offers } => write!(f, "the catalog has {offers} offers; measurement covers at most {MAX_OFFERS}"),
            TooManySurveys { surveys } => write!(f, "the catalog has {surveys} surveys; measurement covers at most {MAX_OFFERS}"),
            BudgetExceeded { day, spent, requested, per_day } => write!(f, "a report with epsilon {requested} would exceed the privacy budget of {day} (epsilon {per_day} per day, {spent} already spent); send no more reports for {day}, or lower the epsilon per report"),
            DayTooOld { day, newest } => write!(f, "{day} is more than {BUDGET_WINDOW_DAYS} days before {newest}, the newest day in the budget ledger; reports are only built for recent days"),
            Malformed { reason } => write!(f, "not a measurement report: {reason}"),
            UnsupportedVersion { v } => write!(f, "report format version {v} is not supported (this build reads versions 1 and 2); upgrade the vitrine tool"),
            InvalidReport { reason } => write!(f, "invalid report: {reason}"),
            CatalogMismatch { catalog, pairs, expected } => write!(f, "report for catalog `{catalog}` has {pairs} pairs, but earlier reports for it have {expected}; give each edition of the catalog its own `version`"),
            SurveyScaleMismatch { catalog, survey } => write!(f, "report for catalog `{catalog}` answers survey `{survey}` on another scale than earlier reports for it; give each edition of the catalog its own `version`"),
        }
    }
}

impl core::error::Error for MeasurementError {}
