//! The server side: noisy reports in, unbiased counts with standard errors and 95 % intervals
//! out. Formulas in the module docs of [`super`] and in docs/measurement.md.

use crate::engine::prelude::*;

use crate::engine::math;

use alloc::collections::BTreeMap;

use serde::Serialize;

use super::report::{Metric, Report};
use super::rr::{debias, noise_variance};
use super::{Day, MeasurementError};

/// The normal quantile for a two-sided 95 % interval.
pub const Z_95: f64 = 1.959_963_984_540_054;
/// How many rejected reports [`Estimates::errors`] keeps verbatim (all are counted).
pub const MAX_REPORTED_ERRORS: usize = 100;

/// The estimate for one (offer, metric).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Offer id.
    pub offer: String,
    /// What was counted.
    pub metric: Metric,
    /// Unbiased estimate of the number of reports (device-days) with at least one event. Being
    /// unbiased, it can fall below 0 or above `reports` when the truth is near either end.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Lower end of the 95 % confidence interval (clipped to 0..=reports).
    pub ci_low: f64,
    /// Upper end of the 95 % confidence interval (clipped to 0..=reports).
    pub ci_high: f64,
    /// Reports from catalog editions that include the offer: the most the count can be.
    pub reports: u64,
}

/// A report that was not used, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// The line number (or 1-based position) of the report.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Everything [`estimate`] or [`Estimator::finish`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimates {
    /// Reports used.
    pub reports: u64,
    /// Reports rejected.
    pub rejected: u64,
    /// The first [`MAX_REPORTED_ERRORS`] rejections.
    pub errors: Vec<Rejection>,
    /// The earliest day of a used report.
    pub first_day: Option<Day>,
    /// The latest day of a used report.
    pub last_day: Option<Day>,
    /// One row per (offer, metric), by offer id then metric.
    pub rows: Vec<Estimate>,
}

/// Running sums for one (offer, metric) within one catalog edition.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    /// Σ z: the unbiased count.
    total: f64,
    /// Σ (B/k − 1) z: unbiased for the part of the variance that grows with the true count.
    spread: f64,
}

/// Running sums for the reports of one catalog edition.
#[derive(Debug, Clone, Default)]
struct Cohort {
    pairs: u32,
    reports: u64,
    /// Σ (B/k) c: the variance if no device had the event.
    noise: f64,
    /// Σ (B/k − 1): the most `spread` can be.
    cap: f64,
    offers: BTreeMap<String, [Sums; 3]>,
}

/// Accumulates reports one at a time (constant memory per catalog offer), then estimates.
#[derive(Debug, Clone, Default)]
pub struct Estimator {
    cohorts: BTreeMap<String, Cohort>,
    reports: u64,
    rejected: u64,
    errors: Vec<Rejection>,
    days: Option<(Day, Day)>,
}

impl Estimator {
    /// An estimator with no reports.
    pub fn new() -> Estimator {
        Estimator::default()
    }

    /// Adds a report, or refuses it (and changes nothing) if it is invalid or disagrees with
    /// earlier reports about its catalog edition. Reports with different epsilons, bits per
    /// report or catalogs combine: each is weighted by its own sampling and noise.
    pub fn push(&mut self, report: &Report) -> Result<(), MeasurementError> {
        report.validate()?;
        if !self.cohorts.contains_key(&report.catalog) {
            self.cohorts
                .insert(report.catalog.clone(), Cohort::default());
        }
        let cohort = self
            .cohorts
            .get_mut(&report.catalog)
            .expect("inserted above");
        if cohort.reports == 0 {
            cohort.pairs = report.pairs;
        } else if cohort.pairs != report.pairs {
            return Err(MeasurementError::CatalogMismatch {
                catalog: report.catalog.clone(),
                pairs: report.pairs,
                expected: cohort.pairs,
            });
        }
        let epsilon = report.epsilon_per_bit();
        let scale = f64::from(report.pairs) / f64::from(report.bit_count());
        cohort.reports += 1;
        cohort.noise += scale * noise_variance(epsilon);
        cohort.cap += scale - 1.0;
        for (offer, metrics) in &report.bits {
            if !cohort.offers.contains_key(offer) {
                cohort.offers.insert(offer.clone(), [Sums::default(); 3]);
            }
            let sums = cohort.offers.get_mut(offer).expect("inserted above");
            for (&metric, &bit) in metrics {
                let z = scale * debias(bit, epsilon);
                let s = &mut sums[metric as usize];
                s.total += z;
                s.spread += (scale - 1.0) * z;
            }
        }
        self.reports += 1;
        self.days = Some(match self.days {
            None => (report.day, report.day),
            Some((first, last)) => (first.min(report.day), last.max(report.day)),
        });
        Ok(())
    }

    /// Parses and adds one JSONL line; a bad line is recorded as a [`Rejection`]. Blank lines
    /// are skipped.
    pub fn push_line(&mut self, line: usize, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        if let Err(e) = Report::from_json(text).and_then(|r| self.push(&r)) {
            self.reject(line, &e);
        }
    }

    /// Records a report that could not be used (e.g. a line that is not UTF-8).
    pub fn reject(&mut self, line: usize, error: &dyn core::fmt::Display) {
        self.rejected += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(Rejection {
                line,
                message: error.to_string(),
            });
        }
    }

    /// The estimates: per (offer, metric), sums over the catalog editions that include it.
    pub fn finish(self) -> Estimates {
        // Offer → per metric (estimate, variance), and the reports that could have sampled it.
        type Combined = ([(f64, f64); 3], u64);
        let mut combined: BTreeMap<&str, Combined> = BTreeMap::new();
        for cohort in self.cohorts.values() {
            for (offer, sums) in &cohort.offers {
                let (rows, reports) = combined.entry(offer).or_default();
                *reports += cohort.reports;
                for (row, s) in rows.iter_mut().zip(sums) {
                    row.0 += s.total;
                    row.1 += cohort.noise + s.spread.clamp(0.0, cohort.cap);
                }
            }
        }
        let rows = combined
            .into_iter()
            .flat_map(|(offer, (rows, reports))| {
                Metric::ALL
                    .into_iter()
                    .zip(rows)
                    .map(move |(metric, (estimate, variance))| {
                        let std_error = math::sqrt(variance);
                        let n = reports as f64;
                        Estimate {
                            offer: offer.to_owned(),
                            metric,
                            estimate,
                            std_error,
                            ci_low: (estimate - Z_95 * std_error).clamp(0.0, n),
                            ci_high: (estimate + Z_95 * std_error).clamp(0.0, n),
                            reports,
                        }
                    })
            })
            .collect();
        Estimates {
            reports: self.reports,
            rejected: self.rejected,
            errors: self.errors,
            first_day: self.days.map(|d| d.0),
            last_day: self.days.map(|d| d.1),
            rows,
        }
    }
}

/// Estimates from a batch of reports; invalid ones are skipped and listed in
/// [`Estimates::errors`] by their 1-based position.
pub fn estimate(reports: impl IntoIterator<Item = Report>) -> Estimates {
    let mut estimator = Estimator::new();
    for (i, report) in reports.into_iter().enumerate() {
        if let Err(e) = estimator.push(&report) {
            estimator.reject(i + 1, &e);
        }
    }
    estimator.finish()
}

impl Estimates {
    /// The row for one (offer, metric).
    pub fn get(&self, offer: &str, metric: Metric) -> Option<&Estimate> {
        self.rows
            .iter()
            .find(|r| r.offer == offer && r.metric == metric)
    }
}
