//! A bounded mirror of the shop's cart, built from add/remove/purchase events.

use crate::engine::prelude::*;

use crate::engine::events::bytes::ProductWire;
use crate::engine::events::Millis;

use super::config::{MAX_CART_LINES, MAX_LINE_QUANTITY};
use super::id_table::IdTable;

/// One product in the cart.
#[derive(Debug, Clone, PartialEq)]
pub struct CartLine {
    /// How many, `1..=MAX_LINE_QUANTITY`.
    pub quantity: u32,
    /// The product's category, if any event said so.
    pub category: Option<String>,
    /// The unit price, if any event said so.
    pub price: Option<f64>,
    /// When the line last changed.
    pub updated_at: Millis,
}

/// The cart: at most [`MAX_CART_LINES`] products (see [`Cart::lines`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cart {
    lines: IdTable<CartLine>,
}

impl Cart {
    /// The lines by product id, in id order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = (&str, &CartLine)> {
        self.lines.iter()
    }

    /// The line for `product_id`.
    pub fn get(&self, product_id: &str) -> Option<&CartLine> {
        self.lines.get(product_id)
    }

    /// True when `product_id` is in the cart.
    pub fn contains(&self, product_id: &str) -> bool {
        self.lines.position(product_id).is_some()
    }

    /// The product ids in the cart, in id order.
    pub fn product_ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.lines.ids()
    }

    /// Number of distinct products.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the cart is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Number of items (quantities summed).
    pub fn item_count(&self) -> u32 {
        self.lines
            .values()
            .iter()
            .fold(0u32, |n, line| n.saturating_add(line.quantity))
    }

    /// Sum of `price * quantity` over the lines whose price is known.
    pub fn value(&self) -> f64 {
        self.lines
            .values()
            .iter()
            .filter_map(|line| line.price.map(|p| p * f64::from(line.quantity)))
            .sum()
    }

    /// The distinct categories of the products in the cart, sorted.
    pub fn categories(&self) -> Vec<&str> {
        let mut categories: Vec<&str> = Vec::new();
        for category in self
            .lines
            .values()
            .iter()
            .filter_map(|l| l.category.as_deref())
        {
            // At most [`MAX_CART_LINES`] insertions into a sorted list: no sort code needed.
            if let Err(at) = categories.binary_search(&category) {
                categories.insert(at, category);
            }
        }
        categories
    }

    /// Adds `quantity` of an already sanitised product. Known details (category, price) are
    /// refreshed; a new product in a full cart replaces the least recently changed line.
    pub(crate) fn add(&mut self, product: &ProductWire<'_>, quantity: u32, at: Millis) {
        if let Some(line) = self.lines.get_mut(product.id) {
            line.quantity = line
                .quantity
                .saturating_add(quantity)
                .min(MAX_LINE_QUANTITY);
            if let Some(category) = product.category {
                line.category = Some(category.to_owned());
            }
            if product.price.is_some() {
                line.price = product.price;
            }
            line.updated_at = line.updated_at.max(at);
            return;
        }
        while self.lines.len() >= MAX_CART_LINES {
            self.lines.remove_least(|line| line.updated_at);
        }
        self.lines.insert(
            product.id.to_owned(),
            CartLine {
                quantity: quantity.clamp(1, MAX_LINE_QUANTITY),
                category: product.category.map(str::to_owned),
                price: product.price,
                updated_at: at,
            },
        );
    }

    /// Removes a product, unless the line changed after `at` (a late remove from another tab
    /// must not undo a newer add).
    pub(crate) fn remove(&mut self, product_id: &str, at: Millis) {
        if self
            .lines
            .get(product_id)
            .is_some_and(|line| line.updated_at <= at)
        {
            self.lines.remove(product_id);
        }
    }

    /// An order was placed at `at`: lines last changed at or before it are gone.
    pub(crate) fn checkout(&mut self, at: Millis) {
        self.lines.retain(|line| line.updated_at > at);
    }

    /// Drops lines last changed before `cutoff`.
    pub(crate) fn prune(&mut self, cutoff: Millis) {
        self.lines.retain(|line| line.updated_at >= cutoff);
    }

    /// Inserts a validated line as loaded from storage (the loader enforces the bound); a later
    /// line for the same product replaces an earlier one.
    pub(crate) fn insert_loaded(&mut self, product_id: String, line: CartLine) {
        self.lines.insert(product_id, line);
    }
}
