//! Products' display details, for offer templates: the name, page and picture of the
//! [`MAX_PRODUCT_CARDS`] products the shop described most recently (`product_details` events,
//! which batches carry for product events with a `name` and `url`), with the latest time each
//! was viewed. They never leave the device; retention drops them as it drops the rest.

use crate::engine::prelude::*;

use super::config::MAX_PRODUCT_CARDS;
use super::Profile;
use crate::engine::events::bytes::DetailsWire;
use crate::engine::events::Millis;

/// How to show one product.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductCard {
    /// Its name, as the shop shows it.
    pub name: String,
    /// Its page (passed the URL policy).
    pub url: String,
    /// Its picture (passed the URL policy), if the shop gave one.
    pub image: Option<String>,
    /// The latest time it was described or viewed.
    pub seen_at: Millis,
    /// The latest time its page was viewed (`product_view`).
    pub viewed_at: Option<Millis>,
}

impl Profile {
    /// The details of product `id`, if the shop described it recently.
    pub fn card(&self, id: &str) -> Option<&ProductCard> {
        self.cards.get(id)
    }

    /// The described products, in id order.
    pub fn cards(&self) -> impl ExactSizeIterator<Item = (&str, &ProductCard)> {
        self.cards.iter()
    }

    /// Keeps clean `details` (a name and a URL) from `at`; a product new to a full table
    /// evicts the least recently seen. A later description replaces the name and the URL, and
    /// the image when it has one.
    pub(super) fn describe(&mut self, details: &DetailsWire<'_>, at: Millis) {
        let (Some(name), Some(url)) = (details.name, details.url) else {
            return;
        };
        let card = self.cards.get_or_insert_bounded(
            details.id,
            MAX_PRODUCT_CARDS,
            |c| c.seen_at,
            || ProductCard {
                name: String::new(),
                url: String::new(),
                image: None,
                seen_at: at,
                viewed_at: None,
            },
        );
        name.clone_into(&mut card.name);
        url.clone_into(&mut card.url);
        if let Some(image) = details.image {
            card.image = Some(image.to_owned());
        }
        card.seen_at = card.seen_at.max(at);
    }

    /// Notes a view of product `id` at `at`, if it has details.
    pub(super) fn viewed(&mut self, id: &str, at: Millis) {
        if let Some(card) = self.cards.get_mut(id) {
            card.viewed_at = Some(card.viewed_at.map_or(at, |v| v.max(at)));
            card.seen_at = card.seen_at.max(at);
        }
    }
}
