//! The full explanation of a decision, in words: what the CLI, replays and the shopper panel
//! show. Built from the compact [`Pick`] by [`describe`]. Serialized in camelCase.

use crate::engine::prelude::*;

use serde::Serialize;

use super::eligibility::Removal;
use super::pick::{Mode, Pick};
use super::scoring::Share;
use super::template::Because;
use crate::engine::catalog::{Catalog, Creative};
use crate::engine::targeting::{Rule, Value};

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
    /// For a template offer: the shopper's product that filled it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductShown>,
}

/// The shopper's product that filled a template offer, and why it was picked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductShown {
    /// Product id.
    pub id: String,
    /// Its name, as the shop described it.
    pub name: String,
    /// Why this product: `bought`, `viewed` or `goes_with`.
    pub because: &'static str,
    /// For `goes_with`: the product in the cart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
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

/// The full explanation of `pick` for `slot`, with ids and sentences.
pub fn describe(catalog: &Catalog, slot: &str, pick: Pick) -> SlotDecision {
    let removed = pick
        .removed
        .iter()
        .map(|&(i, reason)| Removed {
            offer: catalog.offers[i].id.clone(),
            reason,
        })
        .collect();
    let Some(choice) = pick.chosen else {
        return SlotDecision {
            slot: slot.to_owned(),
            offer: None,
            mode: pick.mode,
            explanation: Explanation {
                summary: "No offer fits this place right now.".to_owned(),
                matched_rule: None,
                features: Vec::new(),
                interests: Vec::new(),
                expected_ctr: None,
                removed,
                candidates: pick.candidates,
                product: None,
            },
        };
    };
    let offer = &catalog.offers[choice.offer];
    let campaign = &catalog.campaigns[offer.campaign];
    let rules: Vec<&Rule> = [&campaign.target, &offer.target]
        .into_iter()
        .flatten()
        .collect();
    let matched_rule = (!rules.is_empty()).then(|| {
        rules
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    });
    let mut summary = summary_sentence(
        pick.mode,
        choice.interests.first().map(|s| s.key),
        choice.personal_rule,
    );
    let mut creative = offer.creative.clone();
    let mut product = None;
    if let Some(filled) = choice.product {
        let card = filled.card;
        creative = creative.filled(&card.name, &card.url, card.image.as_deref());
        let (because, with, with_name) = match filled.because {
            Because::Bought => ("bought", None, None),
            Because::Viewed => ("viewed", None, None),
            Because::GoesWith { product, name } => ("goes_with", Some(product), name),
        };
        summary = template_sentence(because, &card.name, with_name);
        product = Some(ProductShown {
            id: filled.product.to_owned(),
            name: card.name.clone(),
            because,
            with: with.map(str::to_owned),
        });
    }
    SlotDecision {
        slot: slot.to_owned(),
        offer: Some(Chosen {
            id: offer.id.clone(),
            campaign: campaign.id.clone(),
            creative,
            score: choice.score,
        }),
        mode: pick.mode,
        explanation: Explanation {
            summary,
            matched_rule,
            features: choice
                .features
                .into_iter()
                .map(|(name, value)| FeatureReading { name, value })
                .collect(),
            interests: choice
                .interests
                .into_iter()
                .map(Share::to_interest)
                .collect(),
            expected_ctr: choice.expected_ctr,
            removed,
            candidates: pick.candidates,
            product,
        },
    }
}

/// The sentence under "Why this banner?" for a template offer's product: `because` is
/// `bought`, `viewed` or `goes_with` (then `with` names the cart's product, when the shop
/// described it). The shell writes the same sentences (`shell/src/decisions.ts`);
/// `tests/vectors/explanations.json` holds both to them.
pub fn template_sentence(because: &str, name: &str, with: Option<&str>) -> String {
    match because {
        "bought" => format!("Suggested because you bought {name} before."),
        "viewed" => format!("Suggested because you recently looked at {name}."),
        _ => format!(
            "Suggested because it goes with {} in your cart.",
            with.unwrap_or("something")
        ),
    }
}

/// The one sentence a shopper reads under "Why this banner?", from how the offer was chosen,
/// the shopper's strongest interest that made it relevant, and whether a rule read the
/// profile. The shell writes the same sentences (`shell/src/decisions.ts`);
/// `tests/vectors/explanations.json` holds both to them.
pub fn summary_sentence(mode: Mode, top_interest: Option<&str>, personal_rule: bool) -> String {
    match (mode, top_interest) {
        (Mode::Holdout, _) => "The shop's standard offer: this browser is in the comparison group that sees no personalization.".to_owned(),
        (Mode::NonPersonalized, _) => "The shop's standard offer for this page (personalization is off).".to_owned(),
        (Mode::Personalized, Some(top)) => format!("Suggested because you recently showed interest in {top}."),
        (Mode::Personalized, None) if personal_rule => "Suggested because of your recent activity in this shop.".to_owned(),
        (Mode::Personalized, None) => "Shown to every shopper on this page.".to_owned(),
    }
}
