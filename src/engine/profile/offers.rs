//! Per-offer exposure history: everything frequency caps, cooldowns, fatigue and the bandit
//! need, in O(1) space per offer.

use crate::engine::clock::LocalTime;
use crate::engine::events::Millis;

use super::config::FATIGUE_HALF_LIFE_MS;
use super::decay::DecayedScore;

/// A counter for one calendar window (a session number, a local day id or a local ISO week
/// id). It only remembers the latest window: reading any other window gives 0, and a late
/// event for an earlier window is not counted (caps only ever ask about the current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WindowCount {
    /// The window the count belongs to.
    pub window: i64,
    /// Events counted in that window.
    pub count: u32,
}

impl WindowCount {
    /// The count for `window`: 0 unless it is the remembered one.
    pub fn get(&self, window: i64) -> u32 {
        if self.window == window {
            self.count
        } else {
            0
        }
    }

    /// Counts one event in `window`.
    pub(crate) fn bump(&mut self, window: i64) {
        if self.count == 0 || window > self.window {
            *self = WindowCount { window, count: 1 };
        } else if window == self.window {
            self.count = self.count.saturating_add(1);
        }
    }
}

/// What happened with one offer on this device.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfferHistory {
    /// Impressions, lifetime.
    pub impressions: u32,
    /// Clicks, lifetime.
    pub clicks: u32,
    /// Dismissals, lifetime.
    pub dismissals: u32,
    /// Latest impression.
    pub last_shown_at: Option<Millis>,
    /// Latest click.
    pub last_clicked_at: Option<Millis>,
    /// Latest dismissal.
    pub last_dismissed_at: Option<Millis>,
    /// Impressions in the latest session (window id = the profile's session number).
    pub session_impressions: WindowCount,
    /// Impressions on the latest shop-local day (window id = [`LocalTime::day`]).
    pub day_impressions: WindowCount,
    /// Impressions in the latest shop-local ISO week (window id = [`LocalTime::week`]).
    pub week_impressions: WindowCount,
    /// Impressions since the last click, decaying with a 24 h half-life (read it with
    /// [`OfferHistory::fatigue`]).
    pub fatigue_score: DecayedScore,
}

impl OfferHistory {
    /// Impressions in session number `session` (see [`Profile::session_id`](super::Profile::session_id)).
    pub fn shown_in_session(&self, session: u32) -> u32 {
        self.session_impressions.get(i64::from(session))
    }

    /// Impressions on local day `day` ([`LocalTime::day`]).
    pub fn shown_on_day(&self, day: i64) -> u32 {
        self.day_impressions.get(day)
    }

    /// Impressions in local ISO week `week` ([`LocalTime::week`]).
    pub fn shown_in_week(&self, week: i64) -> u32 {
        self.week_impressions.get(week)
    }

    /// Impressions since the last click, each decayed with a 24-hour half-life: about "how
    /// many times has the shopper ignored this lately", in `0..`. A click resets it.
    pub fn fatigue(&self, now: Millis) -> f64 {
        self.fatigue_score
            .value_at(now, FATIGUE_HALF_LIFE_MS as f64)
    }

    /// The latest impression, click or dismissal.
    pub fn last_touched_at(&self) -> Option<Millis> {
        // `None` orders before every time, so this is the latest time, if any. Eviction scans
        // every history with it: keep it branch-free.
        self.last_shown_at
            .max(self.last_clicked_at)
            .max(self.last_dismissed_at)
    }

    pub(crate) fn record_impression(&mut self, at: Millis, session: u32, local: LocalTime) {
        self.impressions = self.impressions.saturating_add(1);
        self.last_shown_at = max_opt(self.last_shown_at, at);
        self.session_impressions.bump(i64::from(session));
        self.day_impressions.bump(local.day);
        self.week_impressions.bump(local.week);
        // An impression older than the last click was already "answered" by that click.
        if self.last_clicked_at.is_none_or(|clicked| at >= clicked) {
            self.fatigue_score.add(1.0, at, FATIGUE_HALF_LIFE_MS as f64);
        }
    }

    pub(crate) fn record_click(&mut self, at: Millis) {
        self.clicks = self.clicks.saturating_add(1);
        self.last_clicked_at = max_opt(self.last_clicked_at, at);
        self.fatigue_score.reset(at);
    }

    pub(crate) fn record_dismissal(&mut self, at: Millis) {
        self.dismissals = self.dismissals.saturating_add(1);
        self.last_dismissed_at = max_opt(self.last_dismissed_at, at);
    }
}

/// `max(current, at)`, treating `None` as "never".
pub(crate) fn max_opt(current: Option<Millis>, at: Millis) -> Option<Millis> {
    Some(current.map_or(at, |c| c.max(at)))
}
