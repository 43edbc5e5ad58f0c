//! The shop-wide fatigue budget (`defaults.fatigue`): how many banners a shopper sees per
//! session and per day across all campaigns, and how many dismissals in a session mean "enough".
//! Past the budget, targeted offers of campaigns below the exempt priority are left out
//! ([`Removal::Fatigue`](super::Removal::Fatigue)): the shopper sees the shop's untargeted
//! offers and its legal and safety notices only, until the session or day ends.

use crate::engine::catalog::Fatigue;
use crate::engine::events::Millis;
use crate::engine::profile::{Profile, ProfileConfig};

/// Whether `profile` is past `budget` at `now`, for an impression in `session` on local `day`.
/// Every banner counts (exempt campaigns' too); dismissals count the offers dismissed since the
/// session started.
pub fn spent(
    budget: &Fatigue,
    profile: &Profile,
    session: u32,
    day: i64,
    now: Millis,
    config: &ProfileConfig,
) -> bool {
    let (mut in_session, mut today, mut dismissed) = (0u32, 0u32, 0u32);
    let started = profile
        .session_started_at()
        .filter(|_| profile.session_active(now, config));
    for (_, h) in profile.offers() {
        in_session = in_session.saturating_add(h.shown_in_session(session));
        today = today.saturating_add(h.shown_on_day(day));
        if started.is_some_and(|s| h.last_dismissed_at.is_some_and(|at| at >= s)) {
            dismissed += 1;
        }
    }
    let over = |limit: u32, n: u32| limit > 0 && n >= limit;
    over(budget.per_session, in_session)
        || over(budget.per_day, today)
        || over(budget.dismissals_per_session, dismissed)
}
