//! What the profile keeps of the shopper's orders beyond the lifetime totals, and what rules
//! read from it: each recently bought product's category and purchase rhythm
//! ([`PurchaseStats`]), the rhythm of the orders themselves, and from those the
//! `purchased.*`, `days_since_purchase.<product or category>`, `reorder.*` and `lifecycle`
//! features.

use crate::engine::prelude::*;

use super::lifecycle::{stage, LifecycleThresholds, Stage};
use super::reorder::{rank, Bought, PurchaseStats, Reorder, ReorderConfig};
use super::Profile;
use crate::engine::events::bytes::ProductWire;
use crate::engine::events::Millis;

/// One recently bought product.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchased {
    /// Its category, as the latest purchase that named one gave it.
    pub category: Option<String>,
    /// Its purchases: how many shopping trips, the latest trip, the rhythm between them.
    pub stats: PurchaseStats,
}

impl Profile {
    /// When `key` was last bought: the product `key` if the shopper bought it, else the latest
    /// purchase of a product of category `key`; among the
    /// [`MAX_RECENT_PURCHASES`](super::MAX_RECENT_PURCHASES) most recently bought products.
    pub fn purchased_at(&self, key: &str) -> Option<Millis> {
        if let Some(product) = self.recent_purchases.get(key) {
            return Some(product.stats.last_at);
        }
        self.recent_purchases
            .values()
            .iter()
            .filter(|p| p.category.as_deref() == Some(key))
            .map(|p| p.stats.last_at)
            .max()
    }

    /// The categories of the recently bought products, in category order, each once.
    pub fn purchased_categories(&self) -> Vec<&str> {
        // Inserted in place: a sort would bring the standard library's sorts into the wasm
        // (2.5 kB), for at most 50 categories.
        let mut categories: Vec<&str> = Vec::new();
        for product in self.recent_purchases.values() {
            if let Some(c) = product.category.as_deref() {
                if let Err(i) = categories.binary_search(&c) {
                    categories.insert(i, c);
                }
            }
        }
        categories
    }

    /// Recently bought products, in id order.
    pub fn purchased(&self) -> impl ExactSizeIterator<Item = (&str, &Purchased)> {
        self.recent_purchases.iter()
    }

    /// The rhythm of the shopper's orders (orders on one shopping trip count once); `None`
    /// before the first.
    pub fn order_rhythm(&self) -> Option<&PurchaseStats> {
        self.order_rhythm.as_ref()
    }

    /// Every recently bought product, most likely to be bought next first, at `now` (see
    /// [`rank`]).
    pub fn reorder_ranking(&self, now: Millis, config: &ReorderConfig) -> Vec<Reorder<'_>> {
        let bought: Vec<Bought<'_>> = self
            .recent_purchases
            .iter()
            .map(|(id, p)| (id, p.category.as_deref(), &p.stats))
            .collect();
        rank(&bought, now, config)
    }

    /// The lifecycle stage at `now`.
    pub fn lifecycle(&self, now: Millis, thresholds: &LifecycleThresholds) -> Stage {
        stage(
            self.purchases,
            self.order_rhythm.as_ref(),
            self.sessions,
            now,
            thresholds,
        )
    }

    /// Records the products of an order at `at` (the caller counts the order itself).
    pub(super) fn record_purchased(&mut self, items: &[ProductWire<'_>], at: Millis) {
        match &mut self.order_rhythm {
            Some(orders) => orders.record(at),
            None => self.order_rhythm = Some(PurchaseStats::first(at)),
        }
        for item in items {
            let category = item.category.map(str::to_owned);
            match self.recent_purchases.get_mut(item.id) {
                Some(product) => {
                    product.stats.record(at);
                    if category.is_some() {
                        product.category = category;
                    }
                }
                None => self.recent_purchases.insert(
                    item.id.to_owned(),
                    Purchased {
                        category,
                        stats: PurchaseStats::first(at),
                    },
                ),
            }
        }
    }
}
