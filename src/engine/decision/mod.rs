//! Choosing what to show: for each slot, eligible offers -> score -> rank -> pick, with an
//! explanation. A pure function of catalog, profile, context, device id and a seed.
//!
//! Ranking: campaign priority first (higher wins), then score, then catalog order. Slots are
//! filled in the order given, and a campaign fills at most one slot per page.

pub mod bandit;
pub mod context;
pub mod eligibility;
pub mod explain;
pub mod holdout;
pub mod scoring;

pub use context::{Context, Device, Features, Referrer};
pub use eligibility::Removal;
pub use explain::{Chosen, Explanation, FeatureReading, Interest, Mode, Removed, SlotDecision};

use bandit::Sampler;
use eligibility::Check;

use crate::engine::catalog::{Catalog, Offer};
use crate::engine::profile::{Profile, ProfileConfig};
use crate::engine::targeting::{trace, Rule};

/// The state a decision reads.
pub struct Inputs<'a> {
    /// The validated catalog.
    pub catalog: &'a Catalog,
    /// The local profile (an empty one when nothing may be stored).
    pub profile: &'a Profile,
    /// Profile settings.
    pub config: &'a ProfileConfig,
    /// The stable per-device random id (holdout assignment).
    pub device_id: &'a str,
    /// Whether the shopper allows personalization.
    pub personalization_allowed: bool,
}

/// Decides every slot of a page, in order, from one seed.
pub fn decide(inputs: &Inputs, context: &Context, slots: &[&str], seed: u64) -> Vec<SlotDecision> {
    let mode = if !inputs.personalization_allowed {
        Mode::NonPersonalized
    } else if holdout::is_held_out(inputs.catalog.holdout.as_ref(), inputs.device_id) {
        Mode::Holdout
    } else {
        Mode::Personalized
    };
    let check = Check::new(inputs, context, mode == Mode::Personalized);
    let mut sampler = Sampler::new(seed);
    let mut on_page = Vec::new();
    slots
        .iter()
        .map(|slot| decide_slot(&check, mode, slot, &mut on_page, &mut sampler))
        .collect()
}

/// The best candidate so far.
struct Candidate<'a> {
    offer: &'a Offer,
    priority: i32,
    score: f64,
}

impl Candidate<'_> {
    /// Ranking: higher priority, then higher score; on a tie the earlier offer stays ahead.
    fn beats(&self, other: &Candidate) -> bool {
        self.priority
            .cmp(&other.priority)
            .then_with(|| self.score.total_cmp(&other.score))
            .is_gt()
    }
}

/// Decides one slot; the chosen offer's campaign joins `on_page` (campaign indices).
fn decide_slot(
    check: &Check,
    mode: Mode,
    slot: &str,
    on_page: &mut Vec<usize>,
    sampler: &mut Sampler,
) -> SlotDecision {
    let inputs = check.inputs;
    let catalog = inputs.catalog;
    let now = check.context.now;
    let mut removed = Vec::new();
    let mut count = 0;
    let mut best: Option<Candidate> = None;
    let mut shares = Vec::new();
    for (index, offer) in catalog.offers.iter().enumerate() {
        if !offer.slots.iter().any(|s| same_id(s, slot)) {
            continue;
        }
        if let Some(reason) = check.removal(index, on_page) {
            removed.push(Removed {
                offer: offer.id.clone(),
                reason,
            });
            continue;
        }
        let score = if mode == Mode::Personalized {
            scoring::interests(offer, check.shares(), &mut shares);
            let history = check.history(index);
            scoring::personalized(offer, catalog, history, &shares, now, sampler)
        } else {
            offer.weight
        };
        let candidate = Candidate {
            offer,
            priority: catalog.campaigns[offer.campaign].priority,
            score,
        };
        count += 1;
        if best.as_ref().is_none_or(|b| candidate.beats(b)) {
            best = Some(candidate);
        }
    }
    if let Some(c) = &best {
        on_page.push(c.offer.campaign);
    }
    let explanation = explain(check, mode, best.as_ref(), removed, count);
    SlotDecision {
        slot: slot.to_owned(),
        offer: best.map(|c| Chosen {
            id: c.offer.id.clone(),
            campaign: catalog.campaigns[c.offer.campaign].id.clone(),
            creative: c.offer.creative.clone(),
            score: c.score,
        }),
        mode,
        explanation,
    }
}

fn explain(
    check: &Check,
    mode: Mode,
    best: Option<&Candidate>,
    removed: Vec<Removed>,
    candidates: usize,
) -> Explanation {
    let Some(best) = best else {
        return Explanation {
            summary: "No offer fits this place right now.".to_owned(),
            matched_rule: None,
            features: Vec::new(),
            interests: Vec::new(),
            expected_ctr: None,
            removed,
            candidates,
        };
    };
    let inputs = check.inputs;
    let campaign = &inputs.catalog.campaigns[best.offer.campaign];
    let rules: Vec<&Rule> = [&campaign.target, &best.offer.target]
        .into_iter()
        .flatten()
        .collect();
    let features: Vec<FeatureReading> = rules
        .iter()
        .flat_map(|r| trace(r, check))
        .map(|(name, value)| FeatureReading { name, value })
        .collect();
    let matched_rule = match rules.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        many => Some(
            many.iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(" and "),
        ),
    };
    let personal_rule = rules.iter().any(|r| r.is_personal());
    let mut interests = Vec::new();
    if mode == Mode::Personalized {
        scoring::interests(best.offer, check.shares(), &mut interests);
    }
    let summary = match (mode, interests.first()) {
        (Mode::Holdout, _) => "The shop's standard offer: this browser is in the comparison group that sees no personalization.".to_owned(),
        (Mode::NonPersonalized, _) => "The shop's standard offer for this page (personalization is off).".to_owned(),
        (Mode::Personalized, Some(top)) => format!("Suggested because you recently showed interest in {}.", top.key),
        (Mode::Personalized, None) if personal_rule => "Suggested because of your recent activity in this shop.".to_owned(),
        (Mode::Personalized, None) => "Shown to every shopper on this page.".to_owned(),
    };
    let expected_ctr = (mode == Mode::Personalized).then(|| {
        let h = inputs.profile.offer(&best.offer.id);
        let (i, c) = h.map_or((0, 0), |h| (h.impressions, h.clicks));
        bandit::mean(best.offer.prior, i, c)
    });
    Explanation {
        summary,
        matched_rule,
        features,
        interests: interests
            .into_iter()
            .map(scoring::Share::to_interest)
            .collect(),
        expected_ctr,
        removed,
        candidates,
    }
}

/// `a == b` for short ids, compared in place: cheaper than a `memcmp` call when every offer of
/// the catalog is checked against the slot.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}
