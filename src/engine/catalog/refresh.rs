//! When to revalidate the cached catalog: stale-while-revalidate with exponential backoff and
//! jitter after failures. Pure arithmetic; the browser runtime supplies the clock and the dice.

use crate::engine::events::Millis;

/// Refresh timing, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshPolicy {
    /// A cached catalog younger than this is used without asking the server.
    pub fresh_for: Millis,
    /// The first retry delay after a failure.
    pub backoff_base: Millis,
    /// The longest retry delay.
    pub backoff_max: Millis,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            fresh_for: 60_000,
            backoff_base: 5_000,
            backoff_max: 30 * 60_000,
        }
    }
}

impl RefreshPolicy {
    /// Whether to ask the server now, given when the cache was last confirmed and when the
    /// backoff allows the next attempt.
    pub fn due(&self, checked_at: Millis, retry_at: Millis, now: Millis) -> bool {
        now >= retry_at && now.saturating_sub(checked_at) >= self.fresh_for
    }

    /// The delay before the next attempt after `failures` consecutive failures (at least 1):
    /// `base × 2^(failures-1)`, capped at `max`, scaled by a jitter factor in 0.5..1.5 taken
    /// from `unit` (a uniform random number in 0..1) so that many browsers do not retry in step.
    pub fn backoff(&self, failures: u32, unit: f64) -> Millis {
        let exp = failures.saturating_sub(1).min(30);
        let delay = self
            .backoff_base
            .saturating_mul(1 << exp)
            .min(self.backoff_max);
        (delay as f64 * (0.5 + unit.clamp(0.0, 1.0))) as Millis
    }
}
