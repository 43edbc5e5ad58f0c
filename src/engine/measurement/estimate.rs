//! The server side: noisy reports in, unbiased counts with standard errors and 95 % intervals
//! out. Formulas in the module docs of [`super`] and in docs/measurement.md.

use crate::engine::prelude::*;

use crate::engine::math;

use alloc::collections::BTreeMap;

use serde::Serialize;

use super::report::{Metric, Report};
use super::rr::{debias, noise_variance};
use super::scores::{self, BucketCount, Score};
use super::{Day, MeasurementError};
use crate::engine::survey::Scale;

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

/// The estimate for one answer bucket of a survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerEstimate {
    /// Survey id.
    pub survey: String,
    /// The survey's scale.
    pub scale: Scale,
    /// The bucket ([`scores::buckets`]): `detractor`, `passive`, `promoter`; `1` to `5`; `down`,
    /// `up`.
    pub bucket: String,
    /// Unbiased estimate of the number of reports (device-days) that answered in the bucket.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Lower end of the 95 % confidence interval (clipped to 0..=reports).
    pub ci_low: f64,
    /// Upper end of the 95 % confidence interval (clipped to 0..=reports).
    pub ci_high: f64,
    /// Reports from catalog editions that include the survey.
    pub reports: u64,
}

/// A survey's score (NPS, CSAT or thumbs up, [`scores::score`]) from its buckets' estimates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyScore {
    /// Survey id.
    pub survey: String,
    /// The survey's scale.
    pub scale: Scale,
    /// The score, its standard error, 95 % interval and estimated respondents.
    #[serde(flatten)]
    pub score: Score,
    /// Reports from catalog editions that include the survey.
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
    /// One row per (survey, answer bucket), by survey id, then scale, then bucket from the
    /// lowest scores.
    pub answers: Vec<AnswerEstimate>,
    /// One score per survey (and scale) with estimated respondents, by survey id.
    pub scores: Vec<SurveyScore>,
}

/// Running sums for one (offer, metric) within one catalog edition.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    /// Σ z: the unbiased count.
    total: f64,
    /// Σ (B/k − 1) z: unbiased for the part of the variance that grows with the true count.
    spread: f64,
}

impl Sums {
    /// Adds a report's contribution `z` sampled with `scale` = pairs / bits.
    fn add(&mut self, z: f64, scale: f64) {
        self.total += z;
        self.spread += (scale - 1.0) * z;
    }
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
    /// Survey id → its scale and sums per bucket.
    answers: BTreeMap<String, (Scale, Vec<Sums>)>,
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
        let mut surveys = Vec::with_capacity(report.answers.len());
        for (survey, buckets) in &report.answers {
            let scale = report
                .survey_scale(survey)?
                .expect("validated: at least one bucket");
            if cohort
                .answers
                .get(survey)
                .is_some_and(|(known, _)| *known != scale)
            {
                return Err(MeasurementError::SurveyScaleMismatch {
                    catalog: report.catalog.clone(),
                    survey: survey.clone(),
                });
            }
            surveys.push((survey, scale, buckets));
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
                sums[metric as usize].add(scale * debias(bit, epsilon), scale);
            }
        }
        for (survey, survey_scale, buckets) in surveys {
            let names = scores::buckets(survey_scale);
            let (_, sums) = cohort
                .answers
                .entry(survey.clone())
                .or_insert_with(|| (survey_scale, vec![Sums::default(); names.len()]));
            for (name, &bit) in buckets {
                let at = names
                    .iter()
                    .position(|n| n == name)
                    .expect("validated bucket");
                sums[at].add(scale * debias(bit, epsilon), scale);
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

    /// The estimates: per (offer, metric) and per (survey, bucket), sums over the catalog
    /// editions that include it; and each survey's score from its buckets.
    pub fn finish(self) -> Estimates {
        // Offer → per metric (estimate, variance), and the reports that could have sampled it.
        type Combined = (Vec<(f64, f64)>, u64);
        let mut offers: BTreeMap<&str, Combined> = BTreeMap::new();
        // (Survey, scale) → per bucket (estimate, variance), and reports.
        let mut surveys: BTreeMap<(&str, Scale), Combined> = BTreeMap::new();
        for cohort in self.cohorts.values() {
            let add = |(rows, reports): &mut Combined, sums: &[Sums]| {
                rows.resize(sums.len(), (0.0, 0.0));
                *reports += cohort.reports;
                for (row, s) in rows.iter_mut().zip(sums) {
                    row.0 += s.total;
                    row.1 += cohort.noise + s.spread.clamp(0.0, cohort.cap);
                }
            };
            for (offer, sums) in &cohort.offers {
                add(offers.entry(offer).or_default(), sums);
            }
            for (survey, (scale, sums)) in &cohort.answers {
                add(surveys.entry((survey, *scale)).or_default(), sums);
            }
        }
        let rows = offers
            .into_iter()
            .flat_map(|(offer, (rows, reports))| {
                Metric::ALL.into_iter().zip(rows).map(move |(metric, row)| {
                    let (estimate, std_error, ci_low, ci_high) = interval(row, reports);
                    Estimate {
                        offer: offer.to_owned(),
                        metric,
                        estimate,
                        std_error,
                        ci_low,
                        ci_high,
                        reports,
                    }
                })
            })
            .collect();
        let mut answers = Vec::new();
        let mut scores = Vec::new();
        for ((survey, scale), (rows, reports)) in surveys {
            let counts: Vec<_> = rows
                .iter()
                .map(|&(estimate, variance)| BucketCount { estimate, variance })
                .collect();
            if let Some(score) = scores::score(scale, &counts) {
                scores.push(SurveyScore {
                    survey: survey.to_owned(),
                    scale,
                    score,
                    reports,
                });
            }
            for (bucket, row) in scores::buckets(scale).iter().zip(rows) {
                let (estimate, std_error, ci_low, ci_high) = interval(row, reports);
                answers.push(AnswerEstimate {
                    survey: survey.to_owned(),
                    scale,
                    bucket: (*bucket).to_owned(),
                    estimate,
                    std_error,
                    ci_low,
                    ci_high,
                    reports,
                });
            }
        }
        Estimates {
            reports: self.reports,
            rejected: self.rejected,
            errors: self.errors,
            first_day: self.days.map(|d| d.0),
            last_day: self.days.map(|d| d.1),
            rows,
            answers,
            scores,
        }
    }
}

/// A count's estimate, standard error and 95 % interval clipped to `0..=reports`, from its
/// `(estimate, variance)`.
fn interval((estimate, variance): (f64, f64), reports: u64) -> (f64, f64, f64, f64) {
    let std_error = math::sqrt(variance);
    let n = reports as f64;
    let low = (estimate - Z_95 * std_error).clamp(0.0, n);
    let high = (estimate + Z_95 * std_error).clamp(0.0, n);
    (estimate, std_error, low, high)
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

    /// The row for one (survey, bucket).
    pub fn answer(&self, survey: &str, bucket: &str) -> Option<&AnswerEstimate> {
        self.answers
            .iter()
            .find(|r| r.survey == survey && r.bucket == bucket)
    }

    /// The score of one survey.
    pub fn score(&self, survey: &str) -> Option<&SurveyScore> {
        self.scores.iter().find(|s| s.survey == survey)
    }
}
