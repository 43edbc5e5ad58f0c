//! Where the shopper is (and was) in a physical store, from beacon enter/exit events.

use crate::engine::events::Millis;

use super::config::PRESENCE_TTL_MS;
use super::offers::max_opt;

/// The latest enter and exit of one beacon zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BeaconVisit {
    /// The latest enter event.
    pub last_enter_at: Option<Millis>,
    /// The latest exit event.
    pub last_exit_at: Option<Millis>,
}

impl BeaconVisit {
    /// In the zone at `now`: entered, not exited since (an exit at the same millisecond wins),
    /// and the enter is less than [`PRESENCE_TTL_MS`] old.
    pub fn is_present(&self, now: Millis) -> bool {
        let Some(entered) = self.last_enter_at else {
            return false;
        };
        let exited = self.last_exit_at.is_some_and(|exit| exit >= entered);
        !exited && now.saturating_sub(entered) < PRESENCE_TTL_MS
    }

    /// The latest enter or exit: the last moment the shopper was known to be at the beacon.
    pub fn last_seen_at(&self) -> Option<Millis> {
        self.last_enter_at.max(self.last_exit_at)
    }

    /// True when the shopper was at the beacon at most `window_ms` before `now` (a visit
    /// stamped after `now` counts too).
    pub fn visited_within(&self, now: Millis, window_ms: Millis) -> bool {
        window_ms >= 0
            && self
                .last_seen_at()
                .is_some_and(|seen| now.saturating_sub(seen) <= window_ms)
    }

    pub(crate) fn enter(&mut self, at: Millis) {
        self.last_enter_at = max_opt(self.last_enter_at, at);
    }

    pub(crate) fn exit(&mut self, at: Millis) {
        self.last_exit_at = max_opt(self.last_exit_at, at);
    }
}
