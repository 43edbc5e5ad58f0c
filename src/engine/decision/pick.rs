//! What a decision computes, as compact data: catalog indices, codes and numbers. The browser
//! gets exactly this across the wasm boundary and writes the text itself; [`super::explain`]
//! turns it into the full explanation for the CLI and replays.

use crate::engine::prelude::*;

use super::eligibility::Removal;
use super::scoring::Share;
use super::template::Filled;
use crate::engine::targeting::Value;

/// How the decision was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Profile, affinities and the bandit were used.
    Personalized,
    /// This device is in the holdout group: the shop's default choice.
    Holdout,
    /// Personalization is off (no consent): context and rules only.
    NonPersonalized,
}

/// How much a decision reports beyond the chosen offer and its reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The chosen offer, why it was chosen, and how many offers were eligible.
    Pick,
    /// Also every left-out offer with its reason, and the feature values the chosen offer's
    /// rules read (the shopper panel, debugging).
    Full,
}

/// The outcome for one slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick<'c> {
    /// How it was decided.
    pub mode: Mode,
    /// The chosen offer; `None` keeps the slot's fallback content.
    pub chosen: Option<Choice<'c>>,
    /// Offers for the slot that were eligible and scored.
    pub candidates: usize,
    /// With [`Detail::Full`]: offers for the slot that were left out (catalog index, reason).
    pub removed: Vec<(usize, Removal)>,
}

/// The chosen offer and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<'c> {
    /// Index into the catalog's offers.
    pub offer: usize,
    /// Its score (comparable within one decision only).
    pub score: f64,
    /// The shopper's interests that made it relevant, strongest first (personalized only).
    pub interests: Vec<Share<'c>>,
    /// Whether the campaign's or the offer's rule reads the shopper's profile.
    pub personal_rule: bool,
    /// Posterior mean click-through rate on this device (personalized only).
    pub expected_ctr: Option<f64>,
    /// With [`Detail::Full`]: the features its rules read, with their values.
    pub features: Vec<(String, Value)>,
    /// For a template: the shopper's product that fills it.
    pub product: Option<Filled<'c>>,
}
