//! Choosing what to show: for each slot, eligible offers -> score -> rank -> pick, with an
//! explanation. A pure function of catalog, profile, context, device id and a seed.
//!
//! Ranking: campaign priority first (higher wins), then score, then catalog order. Slots are
//! filled in the order given, and a campaign fills at most one slot per page.

use crate::engine::prelude::*;

pub mod bandit;
pub mod context;
pub mod eligibility;
pub mod explain;
pub mod fatigue;
pub mod holdout;
mod pick;
pub mod scoring;
pub mod template;

pub use context::{Context, Device, Features, Referrer};
pub use eligibility::Removal;
pub use explain::Chosen;
pub use explain::{Explanation, FeatureReading, Interest, Removed, SlotDecision};
pub use pick::{Choice, Detail, Mode, Pick};
pub use template::{Because, Filled};

use bandit::Sampler;
use eligibility::Check;

use crate::engine::catalog::{Catalog, Offer};
use crate::engine::profile::{Profile, ProfileConfig};
use crate::engine::targeting::trace;

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

/// Decides every slot of a page, in order, from one seed, with the full explanation of each
/// (for the CLI, replays and tests; the browser asks [`pick`] for compact data).
pub fn decide(inputs: &Inputs, context: &Context, slots: &[&str], seed: u64) -> Vec<SlotDecision> {
    pick(inputs, context, slots, seed, Detail::Full)
        .into_iter()
        .zip(slots)
        .map(|(pick, slot)| explain::describe(inputs.catalog, slot, pick))
        .collect()
}

/// Decides every slot of a page, in order, from one seed, as compact data: offer indices,
/// codes and numbers. `detail` says whether the left-out offers and the rule's feature values
/// are reported too.
pub fn pick<'c>(
    inputs: &'c Inputs<'c>,
    context: &'c Context,
    slots: &[&str],
    seed: u64,
    detail: Detail,
) -> Vec<Pick<'c>> {
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
        .map(|slot| pick_slot(&check, mode, slot, &mut on_page, &mut sampler, detail))
        .collect()
}

/// The best candidate so far.
struct Candidate<'a> {
    index: usize,
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
fn pick_slot<'c>(
    check: &Check<'c>,
    mode: Mode,
    slot: &str,
    on_page: &mut Vec<usize>,
    sampler: &mut Sampler,
    detail: Detail,
) -> Pick<'c> {
    let inputs = check.inputs;
    let catalog = inputs.catalog;
    let now = check.context.now;
    let mut removed = Vec::new();
    let mut candidates = 0;
    let mut best: Option<Candidate<'c>> = None;
    let mut shares = Vec::new();
    for (index, offer) in catalog.offers.iter().enumerate() {
        if !offer.slots.iter().any(|s| same_id(s, slot)) {
            continue;
        }
        if let Some(reason) = check.removal(index, on_page) {
            if detail == Detail::Full {
                removed.push((index, reason));
            }
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
            index,
            offer,
            priority: catalog.campaigns[offer.campaign].priority,
            score,
        };
        candidates += 1;
        if best.as_ref().is_none_or(|b| candidate.beats(b)) {
            best = Some(candidate);
        }
    }
    let chosen = best.map(|best| {
        on_page.push(best.offer.campaign);
        if best.offer.survey.is_some() {
            check.asked.set(true);
        }
        reasons(check, mode, &best, detail)
    });
    Pick {
        mode,
        chosen,
        candidates,
        removed,
    }
}

/// Why the chosen offer: the interests behind it, whether its rules read the profile, its
/// expected click-through rate and (with [`Detail::Full`]) the features its rules read.
fn reasons<'c>(check: &Check<'c>, mode: Mode, best: &Candidate<'c>, detail: Detail) -> Choice<'c> {
    let inputs = check.inputs;
    let campaign = &inputs.catalog.campaigns[best.offer.campaign];
    let rules = || [&campaign.target, &best.offer.target].into_iter().flatten();
    let mut interests = Vec::new();
    let mut expected_ctr = None;
    if mode == Mode::Personalized {
        scoring::interests(best.offer, check.shares(), &mut interests);
        scoring::strongest_first(&mut interests);
        let history = check.history(best.index);
        let (i, c) = history.map_or((0, 0), |h| (h.impressions, h.clicks));
        expected_ctr = Some(bandit::mean(best.offer.prior, i, c));
    }
    Choice {
        offer: best.index,
        score: best.score,
        interests,
        personal_rule: rules().any(|r| r.is_personal()),
        expected_ctr,
        features: match detail {
            Detail::Full => {
                let mut features = Vec::new();
                for rule in rules() {
                    features.extend(trace(rule, check));
                }
                features
            }
            Detail::Pick => Vec::new(),
        },
        product: best.offer.template.and_then(|t| check.fill(t)),
    }
}

/// `a == b` for short ids, compared in place: cheaper than a `memcmp` call when every offer of
/// the catalog is checked against the slot.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}
