//! The wasm of `vitrine/measurement` (`shell/src/measurement/`, docs/measurement.md), a module
//! of its own so that pages that do not measure download none of it: private aggregate
//! measurement, the policy of the core's `engine::measurement` behind a few calls. The catalog
//! comes from the main module as `CatalogScope` bytes (its version, offer ids and time zone).
//! The ledger lives in the shell's store as bytes ([`ledger`]); the shell passes it to
//! [`Meter::measure`] inside one read-write transaction and
//! stores what comes back, so two tabs never count an event twice or report a day twice, and
//! it sends the finished day's report only after that transaction committed.
//!
//! No text or float is formatted here: failures carry fixed messages, and the report comes back
//! as compact numbers and ids ([`answer`]) from which the shell writes its JSON.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

mod answer;
mod ledger;
#[cfg(test)]
mod tests;

use core::convert::Infallible;

use rand_core::TryRng;
use vitrine::engine::clock::LocalTime;
use vitrine::engine::events::{EventKind, OfferRef};
use vitrine::engine::measurement::scores::bucket_code;
use vitrine::engine::measurement::{
    Budget, CatalogScope, Day, Ledger, MeasurementError, DEFAULT_EPSILON_PER_DAY,
};
use vitrine::engine::ErrorCode;
use wasm_bindgen::prelude::wasm_bindgen;

/// The allocator: Talc, as in the main module (wasm/src/lib.rs). Single-threaded wasm only.
/// A panic stops the module without a message (the core does not panic on any input: its tests
/// and fuzz targets check that). Without the standard library, no panic message is formatted,
/// which keeps `core::fmt` out of the module (1.5 kB gzip).
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Event kinds [`Meter::measure`] takes (other events are never counted): no event.
pub const NO_EVENT: u8 = 255;
/// A banner impression.
pub const IMPRESSION: u8 = 0;
/// A banner click.
pub const CLICK: u8 = 1;
/// A purchase (a conversion for every offer clicked earlier that day).
pub const PURCHASE: u8 = 2;
/// A survey answer (its bucket is what can be reported).
pub const ANSWER: u8 = 3;
/// The fewest random bytes [`Meter::measure`] takes: two draws, one for the sampled pair and
/// one for the randomized bit.
pub const MIN_RANDOM_BYTES: usize = 16;

/// Why an epsilon per day is refused (`measurement_config_invalid`).
pub const EPSILON_INVALID: &str =
    "give a number above 0 and at most 10 (default 1; lower is more private)";
/// Why a finished day was not reported although it could have been.
const BUDGET_SPENT: &str = "the finished day's privacy budget is spent: it is not reported";
/// Why the catalog cannot be measured (no report for the finished day).
const NOT_MEASURABLE: &str = "the catalog cannot be measured: the finished day is not reported";
/// Arguments no shell passes: too few random bytes, a clock before 1970 or after 9999.
const BAD_CALL: &str = "measure: bad arguments";
/// Scope bytes that are not the main module's `measurement_scope` (a mismatched build).
const BAD_SCOPE: &str = "measurement: the catalog scope does not decode; load `vitrine/measurement` from the same package as `vitrine`";

/// One instance's measurement: the catalog in use (its scope and time zone) and the last
/// failure's message.
#[wasm_bindgen]
#[derive(Default)]
pub struct Meter {
    /// The catalog's offers, when it can be measured.
    scope: Option<CatalogScope>,
    /// The shop's time zone in effect, minutes east of UTC.
    utc_offset_minutes: i32,
    message: String,
}

/// Whether measurement runs: personalization consent, measurement consent, and no Global
/// Privacy Control signal. Otherwise nothing is counted, stored or sent.
#[wasm_bindgen]
pub fn measuring(
    personalization_granted: bool,
    measurement_granted: bool,
    global_privacy_control: bool,
) -> bool {
    personalization_granted && measurement_granted && !global_privacy_control
}

#[wasm_bindgen]
impl Meter {
    /// No catalog yet (nothing is counted or reported until [`Meter::catalog`]).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Meter {
        Meter::default()
    }

    /// The message of the last failure (UTF-8: texts cross as bytes, so the glue carries no
    /// string conversion).
    pub fn message(&self) -> Vec<u8> {
        self.message.as_bytes().to_vec()
    }

    /// Uses the catalog the main module's `measurement_scope` describes (empty: none).
    /// `internal` (see `message`) for bytes of another layout, which keep the previous one.
    pub fn catalog(&mut self, scope: &[u8]) -> u8 {
        if scope.is_empty() {
            self.scope = None;
            return ErrorCode::Ok as u8;
        }
        match CatalogScope::from_bytes(scope) {
            Some((utc_offset_minutes, scope)) => {
                self.utc_offset_minutes = utc_offset_minutes;
                self.scope = scope;
                ErrorCode::Ok as u8
            }
            None => self.fail(ErrorCode::Internal, BAD_SCOPE),
        }
    }

    /// The epsilon per day to use for the `epsilonPerDay` option (`None`: the default), or 0
    /// when the value is not allowed (`measurement_config_invalid`, see `message`).
    pub fn measurement_epsilon(&mut self, requested: Option<f64>) -> f64 {
        let epsilon = requested.unwrap_or(DEFAULT_EPSILON_PER_DAY);
        if Budget::new(epsilon).is_ok() {
            return epsilon;
        }
        self.fail(ErrorCode::MeasurementConfigInvalid, EPSILON_INVALID);
        0.0
    }

    /// One measurement step at `now`, given the stored `ledger` (empty: none) and the allowance
    /// `epsilon_per_day`: moves the ledger to today, drawing the finished day's report
    /// (randomized with `random`, uniform bytes from `crypto.getRandomValues`, at least
    /// [`MIN_RANDOM_BYTES`]) and charging the budget; then counts one event `kind` ([`IMPRESSION`],
    /// [`CLICK`], [`PURCHASE`], [`ANSWER`]; [`NO_EVENT`] for none) of offer or survey `id` (empty
    /// for a purchase) at `at` (Unix ms) if it falls on the ledger's day: impressions and clicks
    /// on offers of the catalog, purchases as conversions of the offers clicked earlier that
    /// day, and answers `score` on `scale` (0 nps, 1 csat, 2 thumbs) to surveys of the catalog
    /// asked on that scale. The shell
    /// calls it once per event, passing each answer's ledger to the next call (only the first
    /// can draw a report).
    ///
    /// Answers `postcard(AnswerWire)` (see `answer.rs`): a code (`storage_corrupt` when the
    /// stored bytes were not a ledger, which starts a new one; `measurement_budget_exhausted` or
    /// `measurement_config_invalid` when the finished day could not be reported; `internal` for
    /// arguments no shell passes), the ledger bytes to store, and the report, if any. Call it
    /// only while [`measuring`].
    #[allow(clippy::too_many_arguments)] // flat numbers and bytes: the boundary's rule
    pub fn measure(
        &mut self,
        ledger: &[u8],
        epsilon_per_day: f64,
        now: f64,
        kind: u8,
        at: f64,
        id: &[u8],
        scale: u8,
        score: u8,
        random: &[u8],
    ) -> Vec<u8> {
        let id = core::str::from_utf8(id).unwrap_or_default();
        self.message.clear();
        let today = Day::from_epoch_days(self.local_day(now));
        let (Some(today), true) = (today, random.len() >= MIN_RANDOM_BYTES) else {
            return answer::encode(self.fail(ErrorCode::Internal, BAD_CALL), ledger, None);
        };
        let Ok(fresh) = Ledger::new(today, epsilon_per_day) else {
            let code = self.fail(ErrorCode::MeasurementConfigInvalid, EPSILON_INVALID);
            return answer::encode(code, ledger, None);
        };
        let mut code = ErrorCode::Ok as u8;
        let mut current = match ledger::decode(ledger) {
            Some(stored) => stored,
            None if ledger.is_empty() => fresh,
            None => {
                code = self.fail(ErrorCode::StorageCorrupt, ledger::CORRUPT);
                fresh
            }
        };
        if let Ok(budget) = current.budget.clone().with_epsilon_per_day(epsilon_per_day) {
            current.budget = budget;
        }
        let mut report = None;
        if current.day < today {
            match current.roll(today, self.scope.as_ref(), &mut Given::new(random)) {
                Ok(drawn) => report = drawn.zip(self.scope.as_ref()),
                Err(e) => {
                    let (error, message) = refusal(&e);
                    code = self.fail(error, message);
                }
            }
        }
        if let Some(event) = self.counted(kind, at, id, (scale, score), current.day) {
            match event {
                Counted::Event(event) => current.record(&event),
                Counted::Answer(code) => current.record_answer(id, code),
            }
        }
        let report = report.as_ref().map(|(drawn, scope)| (drawn, *scope));
        answer::encode(code, &ledger::encode(&current), report)
    }
}

impl Meter {
    fn fail(&mut self, code: ErrorCode, message: &str) -> u8 {
        message.clone_into(&mut self.message);
        code as u8
    }

    /// Days since 1970-01-01 at `at` (Unix ms) in the shop's time zone.
    fn local_day(&self, at: f64) -> i64 {
        LocalTime::new(at as i64, self.utc_offset_minutes).day
    }

    /// What to count on `day`, if anything: impressions and clicks on offers of the catalog,
    /// purchases, and `answer`s (scale, score) to its surveys on the scale they are asked on
    /// (as the bucket's code), dated `day` in the shop's time zone.
    fn counted(&self, kind: u8, at: f64, id: &str, answer: (u8, u8), day: Day) -> Option<Counted> {
        if kind == NO_EVENT || self.local_day(at) != day.epoch_days() {
            return None;
        }
        if kind == PURCHASE {
            return Some(Counted::Event(EventKind::Purchase {
                items: Vec::new(),
                value: 0.0,
            }));
        }
        let scope = self.scope.as_ref()?;
        if kind == ANSWER {
            let (scale, score) = answer;
            let asked = scope.survey(id).filter(|s| *s as u8 == scale)?;
            return bucket_code(asked, score).map(Counted::Answer);
        }
        let known = scope.contains(id);
        let banner = OfferRef {
            offer: id.to_owned(),
            slot: String::new(),
        };
        match kind {
            IMPRESSION if known => Some(Counted::Event(EventKind::Impression(banner))),
            CLICK if known => Some(Counted::Event(EventKind::Click(banner))),
            _ => None,
        }
    }
}

/// What one `measure` step counts.
enum Counted {
    /// An impression, click or purchase.
    Event(EventKind),
    /// An answer to the step's survey, as its bucket's code.
    Answer(u8),
}

/// The code and fixed message of a report that was not built.
fn refusal(error: &MeasurementError) -> (ErrorCode, &'static str) {
    match error {
        MeasurementError::BudgetExceeded { .. } | MeasurementError::DayTooOld { .. } => {
            (ErrorCode::MeasurementBudgetExhausted, BUDGET_SPENT)
        }
        MeasurementError::InvalidEpsilon { .. } => {
            (ErrorCode::MeasurementConfigInvalid, EPSILON_INVALID)
        }
        // Bits, catalog version and offer counts; reading reports is the collector's.
        _ => (ErrorCode::MeasurementConfigInvalid, NOT_MEASURABLE),
    }
}

/// Randomness handed in by the shell: 8 bytes per draw. Past its end (only after a rejection
/// in the core's unbiased sampling, which has a probability below 2^-49 per draw), draws go on
/// with SplitMix64 seeded by every draw so far.
struct Given<'a> {
    bytes: &'a [u8],
    state: u64,
}

impl<'a> Given<'a> {
    fn new(bytes: &'a [u8]) -> Given<'a> {
        Given { bytes, state: 0 }
    }
}

impl TryRng for Given<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.try_next_u64().map(|n| n as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        if let Some((draw, rest)) = self.bytes.split_first_chunk::<8>() {
            self.bytes = rest;
            let n = u64::from_le_bytes(*draw);
            self.state ^= n;
            return Ok(n);
        }
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let n = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&n[..chunk.len()]);
        }
        Ok(())
    }
}
