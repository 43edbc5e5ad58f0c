//! Exponentially decaying scores and the fixed-point grid every stored number lives on.

use crate::engine::math;

use crate::engine::events::Millis;

use super::config::MAX_AMOUNT;

/// Stored amounts (scores, prices, totals) are multiples of `1 / AMOUNT_SCALE`.
const AMOUNT_SCALE: f64 = 1e6;

/// `2^(-elapsed / half_life)`: the fraction of a score left after `elapsed_ms`.
///
/// Never grows: a non-positive `elapsed_ms` (a timestamp from the future, e.g. another tab's
/// clock) gives 1. A half-life that is not a positive number means "instantly forgotten" (0);
/// an infinite half-life means "never decays" (1).
pub fn decay_factor(elapsed_ms: Millis, half_life_ms: f64) -> f64 {
    if elapsed_ms <= 0 {
        return 1.0;
    }
    if half_life_ms.is_nan() || half_life_ms <= 0.0 {
        return 0.0;
    }
    half(elapsed_ms as f64 / half_life_ms)
}

/// `2^(-halvings)` for `halvings >= 0` (NaN gives NaN): the whole halvings as an exact power
/// of two, the fraction as `e^(-fraction * ln 2)`. Whole half-lives halve exactly, and the wasm
/// carries no table: `f64::exp2` would bring libm's 4 KiB one (`exp`, which the bandit's
/// sampling needs anyway, has none).
pub fn half(halvings: f64) -> f64 {
    // 2^-1075 is below the smallest positive double.
    if halvings >= 1075.0 {
        return 0.0;
    }
    let whole = math::floor(halvings);
    let fraction = halvings - whole;
    math::exp(-fraction * core::f64::consts::LN_2) * math::powi(2.0, -(whole as i32))
}

/// Snaps a non-negative amount to the 1e-6 grid and clamps it to `0..=MAX_AMOUNT`; NaN and
/// negative values become 0.
///
/// Why a grid: a value `m / 1e6` with `m < 2^53` is printed by shortest-round-trip float
/// formatters with at most 16 significant digits and parsed back exactly even by
/// "fast-path" parsers, so what the summaries and `exportData()` hand to JavaScript (and a
/// shop's `JSON.stringify` of them) reads back as the same numbers. The function is
/// idempotent.
pub(crate) fn quantize(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    math::round(x.min(MAX_AMOUNT) * AMOUNT_SCALE) / AMOUNT_SCALE
}

/// A price or order value as the profile keeps it: `None` for NaN, infinite or negative input
/// (treated as absent), otherwise quantized and clamped to [`MAX_AMOUNT`].
pub(crate) fn sanitize_amount(x: f64) -> Option<f64> {
    (x.is_finite() && x >= 0.0).then(|| quantize(x))
}

/// A score that halves every half-life, kept in O(1) space as its value at its last update.
///
/// Reading at `now` gives `value * 2^(-(now - at) / half_life)`. Adding a weight `w` at time
/// `t >= at` decays the value to `t` and adds `w`; a late weight (`t < at`, events from two
/// tabs arriving out of order) is decayed to `at` instead, `value += w * 2^(-(at - t) / h)`,
/// which is exactly what in-order arrival would have produced (up to rounding), so the
/// update time never moves backwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DecayedScore {
    value: f64,
    at: Millis,
}

impl DecayedScore {
    /// A score of `value` (quantized, NaN and negatives become 0) as of `at`.
    pub fn new(value: f64, at: Millis) -> DecayedScore {
        DecayedScore {
            value: quantize(value),
            at,
        }
    }

    /// The value at the last update, undecayed.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The time of the last update.
    pub fn at(&self) -> Millis {
        self.at
    }

    /// The value decayed to `now` (never more than the stored value).
    pub fn value_at(&self, now: Millis, half_life_ms: f64) -> f64 {
        self.value * decay_factor(now.saturating_sub(self.at), half_life_ms)
    }

    /// Adds `weight` at time `at` (see the type's documentation for late events).
    pub fn add(&mut self, weight: f64, at: Millis, half_life_ms: f64) {
        if at >= self.at {
            self.value = quantize(self.value_at(at, half_life_ms) + weight);
            self.at = at;
        } else {
            let late = weight * decay_factor(self.at.saturating_sub(at), half_life_ms);
            self.value = quantize(self.value + late);
        }
    }

    /// Resets the value to 0 as of `at` (or of the last update, if that is later).
    pub fn reset(&mut self, at: Millis) {
        self.value = 0.0;
        self.at = self.at.max(at);
    }
}
