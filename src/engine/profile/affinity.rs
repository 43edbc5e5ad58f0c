//! Interests: per dimension, a bounded map of key -> decaying score.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::events::Millis;

use super::config::MAX_KEYS_PER_DIMENSION;
use super::decay::DecayedScore;

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
    scores: BTreeMap<String, DecayedScore>,
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
        if let Some(score) = self.scores.get_mut(key) {
            score.add(weight, at, half_life_ms);
            return;
        }
        while self.scores.len() >= MAX_KEYS_PER_DIMENSION {
            self.evict_weakest(reference, half_life_ms);
        }
        let mut score = DecayedScore::default();
        score.add(weight, at, half_life_ms);
        self.scores.insert(key.to_owned(), score);
    }

    fn evict_weakest(&mut self, reference: Millis, half_life_ms: f64) {
        let weakest = self
            .scores
            .iter()
            .map(|(k, s)| (s.value_at(reference, half_life_ms), s.at(), k))
            .min_by(|(va, ta, ka), (vb, tb, kb)| {
                va.total_cmp(vb)
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| ka.cmp(kb))
            })
            .map(|(_, _, k)| k.clone());
        if let Some(key) = weakest {
            self.scores.remove(&key);
        }
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
            .map(|s| s.value_at(now, half_life_ms))
            .sum()
    }

    /// Keys by share, descending, ties by key; at most `n`.
    pub(crate) fn top(&self, n: usize, now: Millis, half_life_ms: f64) -> Vec<(&str, f64)> {
        let total = self.total(now, half_life_ms);
        if total <= 0.0 || n == 0 {
            return Vec::new();
        }
        let mut all: Vec<(&str, f64)> = self
            .scores
            .iter()
            .map(|(k, s)| (k.as_str(), share(s.value_at(now, half_life_ms), total)))
            .collect();
        all.sort_by(|(ka, a), (kb, b)| b.total_cmp(a).then_with(|| ka.cmp(kb)));
        all.truncate(n);
        all
    }

    /// Drops keys last updated before `cutoff`.
    pub(crate) fn prune(&mut self, cutoff: Millis) {
        self.scores.retain(|_, s| s.at() >= cutoff);
    }

    pub(crate) fn len(&self) -> usize {
        self.scores.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &DecayedScore)> {
        self.scores.iter().map(|(k, s)| (k.as_str(), s))
    }

    /// Inserts a validated entry as loaded from storage (bounds are enforced by the caller).
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
