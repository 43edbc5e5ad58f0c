//! What a decision returns: the chosen offer and, always, the reasons. Serialized in camelCase
//! for JavaScript.

use serde::Serialize;

use super::eligibility::Removal;
use crate::engine::catalog::Creative;
use crate::engine::targeting::Value;

/// How the decision was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Profile, affinities and the bandit were used.
    Personalized,
    /// This device is in the holdout group: the shop's default choice.
    Holdout,
    /// Personalization is off (no consent): context and rules only.
    NonPersonalized,
}

/// The decision for one slot.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotDecision {
    /// The slot.
    pub slot: String,
    /// What to show; `None` keeps the slot's fallback content.
    pub offer: Option<Chosen>,
    /// How it was decided.
    pub mode: Mode,
    /// Why.
    pub explanation: Explanation,
}

/// The chosen offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chosen {
    /// Offer id.
    pub id: String,
    /// Campaign id.
    pub campaign: String,
    /// What to render.
    pub creative: Creative,
    /// Its score (comparable within one decision only).
    pub score: f64,
}

/// Why this offer, and why not the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// One plain-language sentence for the shopper ("Why this banner?").
    pub summary: String,
    /// The chosen offer's rule (campaign and offer rules), as text.
    pub matched_rule: Option<String>,
    /// The features that rule read, with their values.
    pub features: Vec<FeatureReading>,
    /// The shopper's interests that made the offer relevant, strongest first.
    pub interests: Vec<Interest>,
    /// Posterior mean click-through rate of the chosen offer on this device.
    pub expected_ctr: Option<f64>,
    /// Offers for this slot that were left out, and why.
    pub removed: Vec<Removed>,
    /// Offers that were eligible and scored.
    pub candidates: usize,
}

/// A feature a rule read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureReading {
    /// Feature name.
    pub name: String,
    /// Its value.
    pub value: Value,
}

/// An interest behind a relevance boost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interest {
    /// "category", "brand" or "tag".
    pub dimension: &'static str,
    /// The key, e.g. "coffee".
    pub key: String,
    /// Its share of that interest, 0..1.
    pub share: f64,
}

/// An offer left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removed {
    /// Offer id.
    pub offer: String,
    /// Why.
    pub reason: Removal,
}
