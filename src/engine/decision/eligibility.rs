//! Why an offer may not be shown now: campaign timing, rules, frequency caps, cooldowns,
//! purchase suppression and one-campaign-per-page. Each check names its reason, which ends up in
//! the decision's explanation.

use serde::Serialize;

use super::context::{Context, Features};
use super::Inputs;
use crate::engine::catalog::{Caps, Offer};
use crate::engine::clock::LocalTime;
use crate::engine::events::Millis;
use crate::engine::profile::OfferHistory;
use crate::engine::targeting::{matches, Rule};

/// Why an offer was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    /// The campaign is outside its dates, weekdays or day-parts.
    NotLive,
    /// Its targeting rule does not match.
    RuleNotMatched,
    /// Its rule reads the profile, which may not be used (holdout or no consent).
    NeedsPersonalization,
    /// Shown as often as allowed this session.
    SessionCap,
    /// Shown as often as allowed today.
    DayCap,
    /// Shown as often as allowed this week.
    WeekCap,
    /// Shown as often as allowed ever.
    LifetimeCap,
    /// Shown too recently (minimum spacing).
    Spacing,
    /// Dismissed by the shopper, cooling down.
    Dismissed,
    /// Promotes something the shopper just bought.
    RecentlyPurchased,
    /// Its campaign is already on this page.
    CampaignOnPage,
}

/// Impression counts in the windows caps look at.
#[derive(Debug, Default, Clone, Copy)]
struct Shown {
    session: u32,
    day: u32,
    week: u32,
    lifetime: u32,
    last_at: Option<Millis>,
    dismissed_at: Option<Millis>,
}

impl Shown {
    fn add(&mut self, h: &OfferHistory, session: u32, t: LocalTime) {
        self.session += h.shown_in_session(session);
        self.day += h.shown_on_day(t.day);
        self.week += h.shown_in_week(t.week);
        self.lifetime += h.impressions;
        self.last_at = self.last_at.max(h.last_shown_at);
        self.dismissed_at = self.dismissed_at.max(h.last_dismissed_at);
    }
}

/// Everything eligibility needs, computed once per decision.
pub struct Check<'a> {
    /// The catalog, profile and settings of this decision.
    pub inputs: &'a Inputs<'a>,
    /// The page context.
    pub context: &'a Context,
    /// Whether profile features may be read.
    pub personalized: bool,
}

impl Check<'_> {
    /// The feature values rules read in this decision (no profile unless personalized).
    pub fn features(&self) -> Features<'_> {
        Features {
            context: self.context,
            profile: self.personalized.then_some(self.inputs.profile),
            config: self.inputs.config,
            catalog: self.inputs.catalog,
        }
    }

    /// The first reason `offer` cannot be shown, or `None` if it can. `on_page` holds the
    /// indices of campaigns already chosen for this page.
    pub fn removal(&self, offer: &Offer, on_page: &[usize]) -> Option<Removal> {
        let Inputs {
            catalog, profile, ..
        } = *self.inputs;
        let campaign = &catalog.campaigns[offer.campaign];
        let now = self.context.now;
        let offset = self.context.utc_offset(catalog);
        let local = LocalTime::new(now, offset);
        if !campaign.is_live(now, offset) {
            return Some(Removal::NotLive);
        }
        if on_page.contains(&offer.campaign)
            || self.context.exclude_campaigns.contains(&campaign.id)
        {
            return Some(Removal::CampaignOnPage);
        }
        for rule in [&campaign.target, &offer.target].into_iter().flatten() {
            if let Some(reason) = self.rule(rule) {
                return Some(reason);
            }
        }
        let session = self.current_session();
        let mut offer_shown = Shown::default();
        if let Some(h) = profile.offer(&offer.id) {
            offer_shown.add(h, session, local);
        }
        let mut campaign_shown = Shown::default();
        for sibling in &catalog.offers[campaign.offers.clone()] {
            if let Some(h) = profile.offer(&sibling.id) {
                campaign_shown.add(h, session, local);
            }
        }
        if let Some(r) = capped(&offer.caps, &offer_shown, now)
            .or_else(|| capped(&campaign.caps, &campaign_shown, now))
        {
            return Some(r);
        }
        // A dismissal keeps the whole campaign away, not just the one creative.
        let cooldown = offer
            .caps
            .dismiss_cooldown_ms
            .max(campaign.caps.dismiss_cooldown_ms);
        if let (Some(cooldown), Some(at)) = (cooldown, campaign_shown.dismissed_at) {
            if now < at.saturating_add(cooldown) {
                return Some(Removal::Dismissed);
            }
        }
        let window = catalog.suppress_purchased_ms;
        if offer
            .products
            .iter()
            .any(|p| profile.purchased_within(p, now, window))
        {
            return Some(Removal::RecentlyPurchased);
        }
        None
    }

    fn rule(&self, rule: &Rule) -> Option<Removal> {
        if !self.personalized && rule.is_personal() {
            return Some(Removal::NeedsPersonalization);
        }
        (!matches(rule, &self.features())).then_some(Removal::RuleNotMatched)
    }

    /// The session an impression now would count in: the current one, or the next if the
    /// current one has timed out.
    fn current_session(&self) -> u32 {
        let Inputs {
            profile, config, ..
        } = *self.inputs;
        let id = profile.session_id();
        if profile.session_active(self.context.now, config) {
            id
        } else {
            id.saturating_add(1)
        }
    }
}

fn capped(caps: &Caps, shown: &Shown, now: Millis) -> Option<Removal> {
    let over = |cap: Option<u32>, n: u32| cap.is_some_and(|c| n >= c);
    if over(caps.per_session, shown.session) {
        return Some(Removal::SessionCap);
    }
    if over(caps.per_day, shown.day) {
        return Some(Removal::DayCap);
    }
    if over(caps.per_week, shown.week) {
        return Some(Removal::WeekCap);
    }
    if over(caps.lifetime, shown.lifetime) {
        return Some(Removal::LifetimeCap);
    }
    match (caps.min_spacing_ms, shown.last_at) {
        (Some(gap), Some(last)) if now < last.saturating_add(gap) => Some(Removal::Spacing),
        _ => None,
    }
}
