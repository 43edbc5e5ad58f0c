//! Why an offer may not be shown now: campaign timing, rules, frequency caps, cooldowns,
//! purchase suppression and one-campaign-per-page. Each check names its reason, which ends up in
//! the decision's explanation.

use crate::engine::prelude::*;

use core::cell::{Cell, OnceCell};

use serde::Serialize;

use super::context::{Context, Features};
use super::fatigue;
use super::template::{self, Filled};
use super::Inputs;
use crate::engine::catalog::{Caps, Template};
use crate::engine::clock::LocalTime;
use crate::engine::events::Millis;
use crate::engine::profile::{OfferHistory, Shares};
use crate::engine::targeting::{matches, Feature, FeatureSource, Rule, ValueRef};

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
    /// Targeted, and the shopper is past the shop's fatigue budget (`defaults.fatigue`).
    Fatigue,
    /// A template, and none of the shopper's products fits it.
    NoProduct,
    /// A survey the shopper has answered.
    Answered,
    /// A survey, and the shopper answered one within the survey cooldown
    /// (`defaults.survey_cooldown_days`), or another survey is already on this page.
    SurveyCooldown,
}

/// Impression counts in the windows caps (and the fatigue budget) look at.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Shown {
    pub(super) session: u32,
    pub(super) day: u32,
    week: u32,
    lifetime: u32,
    last_at: Option<Millis>,
    dismissed_at: Option<Millis>,
}

impl Shown {
    /// Adds one offer's history (saturating: a stored profile's counts are not trusted to sum
    /// within `u32`).
    pub(super) fn add(&mut self, h: &OfferHistory, session: u32, t: LocalTime) {
        self.session = self.session.saturating_add(h.shown_in_session(session));
        self.day = self.day.saturating_add(h.shown_on_day(t.day));
        self.week = self.week.saturating_add(h.shown_in_week(t.week));
        self.lifetime = self.lifetime.saturating_add(h.impressions);
        self.last_at = self.last_at.max(h.last_shown_at);
        self.dismissed_at = self.dismissed_at.max(h.last_dismissed_at);
    }
}

/// What every offer of one campaign shares in a decision.
#[derive(Debug, Default)]
struct Gate {
    not_live: bool,
    /// Listed in [`Context::exclude_campaigns`].
    excluded: bool,
    /// Why the campaign's own rule keeps it out.
    rule: Option<Removal>,
    /// Impressions of all its offers (only computed when the gate is open).
    shown: Shown,
}

/// Everything eligibility needs, computed once per decision (campaign facts on first use).
pub struct Check<'a> {
    /// The catalog, profile and settings of this decision.
    pub inputs: &'a Inputs<'a>,
    /// The page context.
    pub context: &'a Context,
    /// Whether profile features may be read.
    pub personalized: bool,
    /// The shop's clock at decision time.
    local: LocalTime,
    /// The session an impression now would count in.
    session: u32,
    /// What the shop's fatigue budget counts, before this page's banners (nothing is counted
    /// for a catalog without a budget).
    seen: fatigue::Seen,
    /// Affinity shares at decision time.
    shares: Shares<'a>,
    /// Per campaign (indexed like [`Catalog::campaigns`](crate::engine::catalog::Catalog)).
    gates: Vec<OnceCell<Gate>>,
    /// Per catalog offer: its history, filled in when its campaign's gate opens.
    histories: Vec<Cell<Option<&'a OfferHistory>>>,
    /// Whether a survey was chosen for this page already (one survey per page).
    pub(super) asked: Cell<bool>,
}

impl<'a> Check<'a> {
    /// The per-decision state for `inputs` in `context`.
    pub fn new(inputs: &'a Inputs<'a>, context: &'a Context, personalized: bool) -> Check<'a> {
        let Inputs {
            catalog,
            profile,
            config,
            ..
        } = *inputs;
        let now = context.now;
        let id = profile.session_id();
        let session = if profile.session_active(now, config) {
            id
        } else {
            id.saturating_add(1)
        };
        let local = LocalTime::new(now, context.utc_offset(catalog));
        Check {
            inputs,
            context,
            personalized,
            local,
            session,
            seen: if catalog.fatigue.is_set() {
                fatigue::Seen::of(profile, session, local, now, config)
            } else {
                fatigue::Seen::default()
            },
            shares: profile.shares_at(now, config),
            gates: (0..catalog.campaigns.len())
                .map(|_| OnceCell::new())
                .collect(),
            histories: vec![Cell::new(None); catalog.offers.len()],
            asked: Cell::new(false),
        }
    }

    /// The feature values rules read in this decision (no profile unless personalized).
    pub fn features(&self) -> Features<'_> {
        Features {
            context: self.context,
            profile: self.personalized.then_some(self.inputs.profile),
            config: self.inputs.config,
            catalog: self.inputs.catalog,
        }
    }

    /// Affinity shares at decision time.
    pub fn shares(&self) -> &Shares<'a> {
        &self.shares
    }

    /// The history of catalog offer `index`, once [`Check::removal`] found the offer
    /// eligible.
    pub fn history(&self, index: usize) -> Option<&'a OfferHistory> {
        self.histories[index].get()
    }

    /// The first reason catalog offer `index` cannot be shown, or `None` if it can.
    /// `on_page` holds the indices of campaigns already chosen for this page.
    pub fn removal(&self, index: usize, on_page: &[usize]) -> Option<Removal> {
        let offer = &self.inputs.catalog.offers[index];
        let Inputs {
            catalog, profile, ..
        } = *self.inputs;
        let campaign = &catalog.campaigns[offer.campaign];
        let now = self.context.now;
        let gate = self.gate(offer.campaign);
        if gate.not_live {
            return Some(Removal::NotLive);
        }
        if gate.excluded || on_page.contains(&offer.campaign) {
            return Some(Removal::CampaignOnPage);
        }
        if let Some(reason) = gate.rule {
            return Some(reason);
        }
        if let Some(reason) = offer.target.as_ref().and_then(|rule| self.rule(rule)) {
            return Some(reason);
        }
        // A template shows one of the shopper's own products; a survey keeps its answer.
        let own = offer.template.is_some() || offer.survey.is_some();
        if own && !self.personalized {
            return Some(Removal::NeedsPersonalization);
        }
        // Past the budget (with this page's banners chosen so far), a targeted offer that its
        // rules would show is out, unless its campaign is exempt.
        let budget = &catalog.fatigue;
        let targeted = |rule: &Option<Rule>| rule.as_ref().is_some_and(Rule::is_personal);
        if campaign.priority < budget.exempt_priority
            && (targeted(&campaign.target) || targeted(&offer.target) || own)
            && self.seen.spent(budget, on_page.len())
        {
            return Some(Removal::Fatigue);
        }
        let mut offer_shown = Shown::default();
        if let Some(h) = self.history(index) {
            offer_shown.add(h, self.session, self.local);
        }
        let campaign_shown = &gate.shown;
        if let Some(r) = capped(&offer.caps, &offer_shown, now)
            .or_else(|| capped(&campaign.caps, campaign_shown, now))
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
        if offer.template.is_some_and(|t| self.fill(t).is_none()) {
            return Some(Removal::NoProduct);
        }
        if let Some(survey) = &offer.survey {
            if profile.answer(&survey.id).is_some() {
                return Some(Removal::Answered);
            }
            let cooldown = catalog.survey_cooldown_ms;
            if self.asked.get()
                || profile
                    .last_answered_at()
                    .is_some_and(|at| now < at.saturating_add(cooldown))
            {
                return Some(Removal::SurveyCooldown);
            }
        }
        None
    }

    /// The shopper's product that fills `template` now, if any.
    pub fn fill(&self, template: Template) -> Option<Filled<'a>> {
        let Inputs {
            catalog, profile, ..
        } = *self.inputs;
        let page_product = self.context.product.as_deref();
        template::fill(template, catalog, profile, self.context.now, page_product)
    }

    /// The campaign's shared facts, computed on first use.
    fn gate(&self, index: usize) -> &Gate {
        self.gates[index].get_or_init(|| {
            let Inputs {
                catalog, profile, ..
            } = *self.inputs;
            let campaign = &catalog.campaigns[index];
            let now = self.context.now;
            let mut gate = Gate {
                not_live: !campaign.is_live(now, self.context.utc_offset(catalog)),
                excluded: self.context.exclude_campaigns.contains(&campaign.id),
                rule: campaign.target.as_ref().and_then(|rule| self.rule(rule)),
                shown: Shown::default(),
            };
            if !gate.not_live && !gate.excluded && gate.rule.is_none() {
                for i in campaign.offers.clone() {
                    let history = profile.offer(&catalog.offers[i].id);
                    if let Some(h) = history {
                        gate.shown.add(h, self.session, self.local);
                    }
                    self.histories[i].set(history);
                }
            }
            gate
        })
    }

    fn rule(&self, rule: &Rule) -> Option<Removal> {
        if !self.personalized && rule.is_personal() {
            return Some(Removal::NeedsPersonalization);
        }
        (!matches(rule, self)).then_some(Removal::RuleNotMatched)
    }
}

/// [`Check::features`], with affinity shares read from the decision's [`Shares`].
impl FeatureSource for Check<'_> {
    fn value(&self, feature: &Feature) -> ValueRef<'_> {
        match feature {
            Feature::Affinity(dim, key) if self.personalized => {
                ValueRef::Number(self.shares.get(*dim, key))
            }
            _ => self.features().get(feature),
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
