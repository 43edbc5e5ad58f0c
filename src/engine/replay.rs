//! Offline evaluation of the engine on logged traffic (native only), and a synthetic shopper
//! simulator that produces such logs.
//!
//! **Replay** ([`Replayer`], [`replay`]) reads a JSONL log of past decisions made by some
//! *logging policy* (see `docs/replay.md` for the format), runs every record through
//! [`decide`] as if the engine had been live, and estimates how the engine would have done:
//!
//! - *Rejection-sampling replay* (Li, Chu, Langford, Wang 2011): keep the records where the
//!   engine's choice equals the logged `shown` offer; the engine's CTR is the click rate over
//!   kept records. Unbiased when the logging policy chose uniformly at random.
//! - *IPS* (inverse propensity scoring): `sum(clicked * 1[choice == shown] / propensity) / n`
//!   over all `n` records. Unbiased for any logging policy whose propensities are correct and
//!   positive for every offer the engine may choose. *SNIPS* divides by
//!   `sum(1[choice == shown] / propensity)` instead of `n` (lower variance, slightly biased).
//!
//! One profile per `device` is built from the behaviour events of that device's records, in
//! log order. Banner feedback in `events` (impression, click, dismiss) is ignored: it belongs
//! to the logging policy. Instead, as in Li et al., the engine learns only from the records it
//! kept: a kept record adds an impression (and a click, if clicked) to the device's profile, so
//! the on-device bandit and fatigue see exactly the history the engine would have produced.
//!
//! **Simulation** ([`simulate`]) invents shoppers with a hidden favourite (a category from the
//! catalog's offers, or an offer when no offer has categories), shows them offers uniformly at
//! random, and clicks with a higher probability on offers matching the favourite. Product views
//! before each decision express the favourite, so the engine's affinities can find it.
//!
//! Everything here is deterministic: decisions use seeds derived from the log line number, the
//! simulator uses its own seeded generator.
#![cfg(not(target_arch = "wasm32"))]

use crate::engine::prelude::*;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::engine::catalog::Catalog;
use crate::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use crate::engine::decision::{decide, Context, Inputs, Mode};
use crate::engine::events::{Event, EventKind, Millis, OfferRef, PageType, Product};
use crate::engine::profile::{Profile, ProfileConfig};

/// How many line errors a report keeps verbatim (all are counted).
pub const MAX_REPORTED_ERRORS: usize = 100;

/// One logged decision: one line of the replay log.
#[derive(Debug, Clone, Deserialize)]
pub struct LogRecord {
    /// The slot that was filled.
    pub slot: String,
    /// The page context of the decision (camelCase, as the SDK takes it). When missing, or
    /// when its `now` is 0, the decision time is the latest event time seen for the device.
    #[serde(default)]
    pub context: Option<Context>,
    /// The offer id the logging policy showed.
    pub shown: String,
    /// The probability with which the logging policy chose `shown`, in `(0, 1]`.
    pub propensity: f64,
    /// Whether the shopper clicked it.
    pub clicked: bool,
    /// Behaviour events that happened before this decision (not already in earlier records).
    #[serde(default)]
    pub events: Vec<Event>,
    /// The device (browser) id; records without one get a fresh, empty profile each.
    #[serde(default)]
    pub device: Option<String>,
}

impl LogRecord {
    /// Parses one log line and checks its values.
    pub fn parse(line: &str) -> Result<LogRecord, String> {
        let record: LogRecord = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if !(record.propensity > 0.0 && record.propensity <= 1.0) {
            return Err(format!(
                "propensity must be in (0, 1], found {}",
                record.propensity
            ));
        }
        if record.slot.is_empty() || record.shown.is_empty() {
            return Err("`slot` and `shown` must not be empty".to_owned());
        }
        Ok(record)
    }
}

/// A log line that could not be used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

/// What a replay found. Rates are `None` when their denominator is zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayReport {
    /// Non-blank lines read.
    pub lines: usize,
    /// Records evaluated (well-formed lines).
    pub records: usize,
    /// Lines skipped because they were malformed.
    pub malformed: usize,
    /// The first [`MAX_REPORTED_ERRORS`] malformed lines, with line numbers.
    pub errors: Vec<LineError>,
    /// Clicks in the log.
    pub logged_clicks: usize,
    /// The logging policy's CTR: `logged_clicks / records`.
    pub logged_ctr: Option<f64>,
    /// Records where the engine chose the logged offer.
    pub matched: usize,
    /// Clicks among matched records.
    pub matched_clicks: usize,
    /// Rejection-sampling replay CTR: `matched_clicks / matched`.
    pub replay_ctr: Option<f64>,
    /// Binomial standard error of `replay_ctr`.
    pub replay_ctr_stderr: Option<f64>,
    /// IPS estimate of the engine's CTR.
    pub ips: Option<f64>,
    /// Standard error of `ips` (sample standard deviation of the per-record terms / sqrt n).
    pub ips_stderr: Option<f64>,
    /// Self-normalised IPS estimate.
    pub snips: Option<f64>,
    /// Records where the engine showed nothing (no eligible offer for the slot).
    pub engine_no_offer: usize,
    /// Records decided in holdout mode (the device is in the catalog's holdout group).
    pub held_out: usize,
    /// Records whose `shown` offer is not in the catalog (the engine can never match them).
    pub unknown_shown: usize,
    /// Impression, click and dismiss events in `events`, ignored (see the module docs).
    pub ignored_feedback_events: usize,
}

/// The seed for the decision on a log line: a splitmix64 mix of the base seed and line number.
pub fn decision_seed(base: u64, line: usize) -> u64 {
    splitmix(base ^ (line as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[derive(Default)]
struct DeviceState {
    profile: Profile,
    latest: Millis,
}

/// Streams log lines through the engine. Feed lines in log order with [`Replayer::push_line`],
/// then call [`Replayer::finish`].
pub struct Replayer<'c> {
    catalog: &'c Catalog,
    config: ProfileConfig,
    seed: u64,
    devices: HashMap<String, DeviceState>,
    report: ReplayReport,
    ips_sum: f64,
    ips_sq_sum: f64,
    weight_sum: f64,
}

impl<'c> Replayer<'c> {
    /// A replayer for `catalog`; `seed` is mixed into every decision's seed.
    pub fn new(catalog: &'c Catalog, seed: u64) -> Self {
        Replayer {
            catalog,
            config: ProfileConfig {
                utc_offset_minutes: catalog.utc_offset_minutes,
                ..ProfileConfig::default()
            },
            seed,
            devices: HashMap::new(),
            report: ReplayReport {
                lines: 0,
                records: 0,
                malformed: 0,
                errors: Vec::new(),
                logged_clicks: 0,
                logged_ctr: None,
                matched: 0,
                matched_clicks: 0,
                replay_ctr: None,
                replay_ctr_stderr: None,
                ips: None,
                ips_stderr: None,
                snips: None,
                engine_no_offer: 0,
                held_out: 0,
                unknown_shown: 0,
                ignored_feedback_events: 0,
            },
            ips_sum: 0.0,
            ips_sq_sum: 0.0,
            weight_sum: 0.0,
        }
    }

    /// Records a line that could not be read at all (e.g. not UTF-8).
    pub fn push_error(&mut self, line: usize, message: impl Into<String>) {
        self.report.lines += 1;
        self.report.malformed += 1;
        if self.report.errors.len() < MAX_REPORTED_ERRORS {
            self.report.errors.push(LineError {
                line,
                message: message.into(),
            });
        }
    }

    /// Parses and replays one line (1-based `line` number). Blank lines are skipped; malformed
    /// lines are counted and reported, never fatal.
    pub fn push_line(&mut self, line: usize, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        match LogRecord::parse(text) {
            Ok(record) => self.push_record(line, &record),
            Err(message) => self.push_error(line, message),
        }
    }

    /// Replays one well-formed record.
    pub fn push_record(&mut self, line: usize, record: &LogRecord) {
        let report = &mut self.report;
        report.lines += 1;
        report.records += 1;
        let mut anonymous = DeviceState::default();
        let state = match &record.device {
            Some(d) => self.devices.entry(d.clone()).or_default(),
            None => &mut anonymous,
        };
        for event in &record.events {
            if matches!(
                event.kind,
                EventKind::Impression(_) | EventKind::Click(_) | EventKind::Dismiss(_)
            ) {
                report.ignored_feedback_events += 1;
                continue;
            }
            state.profile.apply(event, &self.config);
            state.latest = state.latest.max(event.at);
        }
        let mut context = record.context.clone().unwrap_or_default();
        if context.now == 0 {
            context.now = state.latest;
        }
        state.latest = state.latest.max(context.now);
        let inputs = Inputs {
            catalog: self.catalog,
            profile: &state.profile,
            config: &self.config,
            device_id: record.device.as_deref().unwrap_or(""),
            personalization_allowed: true,
        };
        let decision = decide(
            &inputs,
            &context,
            &[record.slot.as_str()],
            decision_seed(self.seed, line),
        )
        .into_iter()
        .next();
        let chosen = decision
            .as_ref()
            .and_then(|d| d.offer.as_ref())
            .map(|o| o.id.as_str());
        if decision.as_ref().is_some_and(|d| d.mode == Mode::Holdout) {
            report.held_out += 1;
        }
        if chosen.is_none() {
            report.engine_no_offer += 1;
        }
        if self.catalog.offer(&record.shown).is_none() {
            report.unknown_shown += 1;
        }
        let click = u8::from(record.clicked);
        report.logged_clicks += usize::from(click);
        let matched = chosen == Some(record.shown.as_str());
        let term = if matched {
            report.matched += 1;
            report.matched_clicks += usize::from(click);
            self.weight_sum += 1.0 / record.propensity;
            let offer = OfferRef {
                offer: record.shown.clone(),
                slot: record.slot.clone(),
            };
            state.profile.apply(
                &Event {
                    at: context.now,
                    kind: EventKind::Impression(offer.clone()),
                },
                &self.config,
            );
            if record.clicked {
                state.profile.apply(
                    &Event {
                        at: context.now + 1,
                        kind: EventKind::Click(offer),
                    },
                    &self.config,
                );
                state.latest = state.latest.max(context.now + 1);
            }
            f64::from(click) / record.propensity
        } else {
            0.0
        };
        self.ips_sum += term;
        self.ips_sq_sum += term * term;
    }

    /// The report over everything pushed so far.
    pub fn finish(self) -> ReplayReport {
        let mut r = self.report;
        let ratio = |num: f64, den: f64| (den > 0.0).then(|| num / den);
        let n = r.records as f64;
        r.logged_ctr = ratio(r.logged_clicks as f64, n);
        r.replay_ctr = ratio(r.matched_clicks as f64, r.matched as f64);
        r.replay_ctr_stderr = r
            .replay_ctr
            .map(|p| (p * (1.0 - p) / r.matched as f64).sqrt());
        r.ips = ratio(self.ips_sum, n);
        r.ips_stderr = r.ips.filter(|_| r.records > 1).map(|mean| {
            let var = ((self.ips_sq_sum - n * mean * mean) / (n - 1.0)).max(0.0);
            (var / n).sqrt()
        });
        r.snips = ratio(self.ips_sum, self.weight_sum);
        r
    }
}

/// Replays a whole JSONL log held in memory.
pub fn replay(catalog: &Catalog, log: &str, seed: u64) -> ReplayReport {
    let mut replayer = Replayer::new(catalog, seed);
    for (i, line) in log.lines().enumerate() {
        replayer.push_line(i + 1, line);
    }
    replayer.finish()
}

// ----- simulation -------------------------------------------------------------------------

/// Settings of the synthetic shoppers.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// How many shoppers (devices).
    pub shoppers: usize,
    /// Decisions per shopper, one visit each, a day apart.
    pub visits: usize,
    /// Seed of everything random.
    pub seed: u64,
    /// Time of the first visit (Unix milliseconds).
    pub start: Millis,
    /// True click probability of an offer matching the shopper's hidden favourite.
    pub favourite_ctr: f64,
    /// True click probability of any other offer.
    pub other_ctr: f64,
    /// Product views before each decision.
    pub views_per_visit: usize,
    /// Probability that a product view is in the favourite category.
    pub focus: f64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            shoppers: 100,
            visits: 5,
            seed: 0,
            // 2026-11-23T09:30:00Z, a Monday.
            start: 1_795_426_200_000,
            favourite_ctr: 0.30,
            other_ctr: 0.04,
            views_per_visit: 3,
            focus: 0.8,
        }
    }
}

/// The page context the simulator writes (camelCase, like the SDK's context).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimContext {
    /// Decision time.
    pub now: Millis,
    /// Always the home page.
    pub page_type: PageType,
}

/// One simulated decision, serialized as one log line (see [`SimRecord::to_json_line`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimRecord {
    /// The slot.
    pub slot: String,
    /// The page context.
    pub context: SimContext,
    /// The offer the uniform logging policy showed.
    pub shown: String,
    /// `1 / offers that can fill the slot`.
    pub propensity: f64,
    /// Whether the simulated shopper clicked.
    pub clicked: bool,
    /// Product views before the decision.
    pub events: Vec<Event>,
    /// The shopper's device id.
    pub device: String,
}

impl SimRecord {
    /// The record as one JSONL line (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("simulated records always serialize")
    }
}

struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        (splitmix(self.0) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// Simulates shoppers under a uniformly random logging policy. Records come sorted by decision
/// time (shoppers interleave). A catalog without offers yields no records.
pub fn simulate(catalog: &Catalog, config: &SimConfig) -> Vec<SimRecord> {
    let mut slots: Vec<&str> = Vec::new();
    let mut categories: Vec<&str> = Vec::new();
    for offer in &catalog.offers {
        for s in &offer.slots {
            if !slots.contains(&s.as_str()) {
                slots.push(s);
            }
        }
        for c in &offer.categories {
            if !categories.contains(&c.as_str()) {
                categories.push(c);
            }
        }
    }
    if slots.is_empty() {
        return Vec::new();
    }
    let mut rng = Rng(splitmix(config.seed));
    let mut records = Vec::with_capacity(config.shoppers * config.visits);
    for shopper in 0..config.shoppers {
        let device = format!("sim-{shopper}");
        // The hidden preference: a category, or an offer when no offer has categories.
        let favourite_category =
            (!categories.is_empty()).then(|| categories[rng.below(categories.len())]);
        let favourite_offer = rng.below(catalog.offers.len());
        let first_visit = config.start + (rng.unit() * DAY_MS as f64) as Millis;
        for visit in 0..config.visits {
            let now = first_visit
                + visit as Millis * DAY_MS
                + (rng.unit() * 2.0 * HOUR_MS as f64) as Millis;
            let events = match favourite_category {
                Some(fav) => (0..config.views_per_visit)
                    .map(|i| {
                        let category = if rng.unit() < config.focus {
                            fav
                        } else {
                            categories[rng.below(categories.len())]
                        };
                        Event {
                            at: now - (config.views_per_visit - i) as Millis * MINUTE_MS,
                            kind: EventKind::ProductView {
                                product: Product {
                                    id: format!("sku-{category}-{}", rng.below(20)),
                                    category: Some(category.to_owned()),
                                    ..Product::default()
                                },
                            },
                        }
                    })
                    .collect(),
                None => Vec::new(),
            };
            let slot = slots[rng.below(slots.len())];
            let candidates: Vec<usize> = (0..catalog.offers.len())
                .filter(|&i| catalog.offers[i].slots.iter().any(|s| s == slot))
                .collect();
            let pick = candidates[rng.below(candidates.len())];
            let offer = &catalog.offers[pick];
            let hit = match favourite_category {
                Some(fav) => offer.categories.iter().any(|c| c == fav),
                None => pick == favourite_offer,
            };
            let ctr = if hit {
                config.favourite_ctr
            } else {
                config.other_ctr
            };
            records.push(SimRecord {
                slot: slot.to_owned(),
                context: SimContext {
                    now,
                    page_type: PageType::Home,
                },
                shown: offer.id.clone(),
                propensity: 1.0 / candidates.len() as f64,
                clicked: rng.unit() < ctr,
                events,
                device: device.clone(),
            });
        }
    }
    records.sort_by_key(|r| r.context.now);
    records
}
