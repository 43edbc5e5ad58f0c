//! Private aggregate measurement (off by default): how many devices saw, clicked and converted
//! on each offer, and how they answered each survey, learned from reports protected on the
//! device by local differential privacy.
//! See docs/measurement.md.
//!
//! **Mechanism: sampled randomized response.** For a day, the device knows for each of the
//! catalog's `B` pairs (3 per offer: (offer, metric); and one per answer bucket of each survey:
//! [`Pair`], [`scores`]) whether the event happened at least once, or the day's answer was in
//! the bucket.
//! [`build_report`] draws `k` pairs uniformly without replacement (default `k = 1`) and reports
//! each bit truthfully with probability `p = e^(ε/k) / (1 + e^(ε/k))`, flipped otherwise.
//!
//! **Privacy.** Each bit is `ε/k`-LDP (the odds of any output change by at most `e^(ε/k)` when
//! the device's day changes arbitrarily); which pairs are sampled does not depend on the data;
//! by sequential composition the report is `ε`-LDP. [`Budget`] adds up the epsilons of the
//! reports built for a day and refuses one that would exceed the per-day budget, so each
//! device-day is protected with at most `ε_day` (default [`DEFAULT_EPSILON_PER_DAY`]).
//!
//! **Estimator.** With `x` the true bit and `y` the reported one, `x̂ = (y − (1 − p)) / (2p − 1)`
//! is unbiased for `x`, with variance `c = e^(ε/k) / (e^(ε/k) − 1)²` whatever `x` is. A report
//! contributes `z = (B/k) x̂` to the pairs it sampled and 0 to the others, so `z` is unbiased
//! for that device-day's `x`, and `T̂ = Σ z` is unbiased for `T`, the number of reports with at
//! least one event. Given the true data, reports are independent and
//! `Var T̂ = Σ (B/k) c + Σ (B/k − 1) x`; [`estimate`] replaces `x` by its unbiased `z` (clipped
//! to the possible range) and gives `T̂ ± 1.96 √Var` as the 95 % interval.

mod budget;
mod day;
mod device;
mod error;
mod estimate;
mod ledger;
pub mod priors;
mod report;
mod rr;
pub mod scores;

pub use budget::Budget;
pub use day::Day;
pub use device::{
    build_report, draw, CatalogScope, DayCounts, Drawn, OfferCounts, Pair, ReportSettings,
};
pub use error::MeasurementError;
pub use estimate::{
    estimate, AnswerEstimate, Estimate, Estimates, Estimator, Rejection, SurveyScore,
    MAX_REPORTED_ERRORS, Z_95,
};
pub use ledger::Ledger;
pub use report::{Mechanism, Metric, Report, REPORT_VERSION};
pub use rr::{debias, keep_probability, noise_variance};

/// The default privacy budget per device and day: ε = 1.
pub const DEFAULT_EPSILON_PER_DAY: f64 = 1.0;
/// The largest epsilon accepted anywhere (a guard against configuration mistakes; above about
/// 3 the protection is weak).
pub const MAX_EPSILON: f64 = 10.0;
/// The most bits in one report.
pub const MAX_BITS: u32 = 64;
/// The most offers a report can be sampled from (the catalog's own limit).
pub const MAX_OFFERS: usize = crate::engine::catalog::limits::MAX_OFFERS;
/// How many recent days the [`Budget`] ledger remembers; older days cannot be reported.
pub const BUDGET_WINDOW_DAYS: i64 = 31;
