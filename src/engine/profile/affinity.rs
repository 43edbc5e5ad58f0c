//! Interests: per dimension, a bounded map of key -> decaying score.

use crate::engine::prelude::*;

use serde::{Deserialize, Serialize};

use crate::engine::events::Millis;

use super::config::MAX_KEYS_PER_DIMENSION;
use super::decay::DecayedScore;
use super::id_table::{IdTable, OrdF64};

/// Affinity weight of a product view (category, brand and each tag) and of a category view.
pub const WEIGHT_VIEW: f64 = 1.0;
/// Affinity weight of an add-to-cart (category, brand and each tag).
pub const WEIGHT_ADD_TO_CART: f64 = 3.0;
/// Affinity weight of a purchased item (category, brand and each tag).
pub const WEIGHT_PURCHASE: f64 = 5.0;
/// Affinity weight of each normalised search term.
pub const WEIGHT_SEARCH: f64 = 1.0;

/// What an interest is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Category ids.
    Category,
    /// Brands.
    Brand,
    /// Product tags.
    Tag,
    /// Normalised search terms (see [`normalize_query`](super::normalize_query)).
    #[serde(rename = "search")]
    SearchTerm,
}

impl Dimension {
    /// All dimensions, in storage order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Category,
        Dimension::Brand,
        Dimension::Tag,
        Dimension::SearchTerm,
    ];

    /// The name used in rules (`affinity.<name>.<key>`): category, brand, tag, search.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Category => "category",
            Dimension::Brand => "brand",
            Dimension::Tag => "tag",
            Dimension::SearchTerm => "search",
        }
    }

    /// Parses the name used in rules.
    pub fn parse(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == name)
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Dimension::Category => 0,
            Dimension::Brand => 1,
            Dimension::Tag => 2,
            Dimension::SearchTerm => 3,
        }
    }
}

/// At most [`MAX_KEYS_PER_DIMENSION`] keys with decaying scores.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AffinityMap {
    scores: IdTable<DecayedScore>,
}

impl AffinityMap {
    /// Adds `weight` to `key` at `at`. A new key always enters; when the map is full the key
    /// with the smallest score decayed to `reference` goes first (ties: the least recently
    /// updated, then the smallest key), so fresh interests can always show up while
    /// long-standing strong ones survive.
    pub(crate) fn add(
        &mut self,
        key: &str,
        weight: f64,
        at: Millis,
        reference: Millis,
        half_life_ms: f64,
    ) {
        let weakest = |s: &DecayedScore| (OrdF64(s.value_at(reference, half_life_ms)), s.at());
        self.scores
            .get_or_insert_bounded(key, MAX_KEYS_PER_DIMENSION, weakest, DecayedScore::default)
            .add(weight, at, half_life_ms);
    }

    /// The decayed score of `key` (0 when unknown).
    pub(crate) fn score(&self, key: &str, now: Millis, half_life_ms: f64) -> f64 {
        self.scores
            .get(key)
            .map_or(0.0, |s| s.value_at(now, half_life_ms))
    }

    /// The sum of all decayed scores.
    pub(crate) fn total(&self, now: Millis, half_life_ms: f64) -> f64 {
        self.scores
            .values()
            .iter()
            .map(|s| s.value_at(now, half_life_ms))
            .sum()
    }

    /// Keys by share, descending, ties by key; at most `n`. Picks the strongest remaining key
    /// `n` times (at most [`MAX_KEYS_PER_DIMENSION`] keys each), which for the `n = 1` of
    /// decisions is one scan.
    pub(crate) fn top(&self, n: usize, now: Millis, half_life_ms: f64) -> Vec<(&str, f64)> {
        let total = self.total(now, half_life_ms);
        if total <= 0.0 || n == 0 {
            return Vec::new();
        }
        let mut rest: Vec<(&str, f64)> = self
            .scores
            .iter()
            .map(|(k, s)| (k, share(s.value_at(now, half_life_ms), total)))
            .collect();
        let mut top = Vec::with_capacity(n.min(rest.len()));
        while top.len() < n {
            // `min_by` keeps the first of equal shares: the smallest key.
            let strongest = rest
                .iter()
                .enumerate()
                .min_by(|(_, (_, a)), (_, (_, b))| b.total_cmp(a))
                .map(|(i, _)| i);
            let Some(i) = strongest else { break };
            top.push(rest.remove(i));
        }
        top
    }

    /// Drops keys last updated before `cutoff`.
    pub(crate) fn prune(&mut self, cutoff: Millis) {
        self.scores.retain(|s| s.at() >= cutoff);
    }

    pub(crate) fn len(&self) -> usize {
        self.scores.len()
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &DecayedScore)> {
        self.scores.iter()
    }

    /// The keys' scores in key order, for reading shares by [`AffinityMap::position`].
    pub(crate) fn scores(&self) -> &[DecayedScore] {
        self.scores.values()
    }

    /// The position of `key` in key order.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        self.scores.position(key)
    }

    /// Inserts a validated entry as loaded from storage (the loader enforces the bound).
    pub(crate) fn insert_loaded(&mut self, key: String, score: DecayedScore) {
        self.scores.insert(key, score);
    }
}

/// `score / total`, clamped to `0..=1`, and 0 for an empty total.
pub(crate) fn share(score: f64, total: f64) -> f64 {
    if total > 0.0 {
        (score / total).clamp(0.0, 1.0)
    } else {
        0.0
    }
}
