//! The shop-wide fatigue budget (`defaults.fatigue`): how many banners a shopper sees per
//! session and per day across all campaigns, and how many dismissals in a session mean "enough".
//! Past the budget, targeted offers of campaigns below the exempt priority are left out
//! ([`Removal::Fatigue`](super::Removal::Fatigue)): the shopper sees the shop's untargeted
//! offers and its legal and safety notices only, until the session or day ends.

use super::eligibility::Shown;
use crate::engine::catalog::Fatigue;
use crate::engine::clock::LocalTime;
use crate::engine::events::Millis;
use crate::engine::profile::{Profile, ProfileConfig};

/// What the budget counts, before this page's banners.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seen {
    /// Banners shown in the session an impression now would count in.
    pub in_session: u32,
    /// Banners shown on the local day.
    pub today: u32,
    /// Banners dismissed since the session started.
    pub dismissed: u32,
}

impl Seen {
    /// What `profile` has seen at `now`, for an impression in `session` on the local day of
    /// `local` (summed the way caps sum a campaign's offers). Every
    /// banner counts (exempt campaigns' too); dismissals count the offers dismissed since the
    /// session started.
    pub fn of(
        profile: &Profile,
        session: u32,
        local: LocalTime,
        now: Millis,
        config: &ProfileConfig,
    ) -> Seen {
        let mut shown = Shown::default();
        let mut dismissed = 0u32;
        let started = profile
            .session_started_at()
            .filter(|_| profile.session_active(now, config));
        for (_, h) in profile.offers() {
            shown.add(h, session, local);
            if started.is_some_and(|s| h.last_dismissed_at.is_some_and(|at| at >= s)) {
                dismissed += 1;
            }
        }
        Seen {
            in_session: shown.session,
            today: shown.day,
            dismissed,
        }
    }

    /// Whether `budget` is spent once `on_page` more banners (this page's, chosen before) are
    /// shown: so a page with several slots cannot go past the limit either.
    pub fn spent(&self, budget: &Fatigue, on_page: usize) -> bool {
        let page = u32::try_from(on_page).unwrap_or(u32::MAX);
        let over = |limit: u32, n: u32| limit > 0 && n.saturating_add(page) >= limit;
        over(budget.per_session, self.in_session)
            || over(budget.per_day, self.today)
            || (budget.dismissals_per_session > 0
                && self.dismissed >= budget.dismissals_per_session)
    }
}
