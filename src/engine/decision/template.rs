//! Offer templates: which of the shopper's own products fills a template offer's creative. A
//! product qualifies only with details on the device (a name and a link, from the shop's
//! events), never when it is in the cart or on the page being decided for, and never right
//! after the shopper bought it (the catalog's purchase suppression window). No product, no
//! offer: eligibility leaves it out as [`Removal::NoProduct`](super::Removal::NoProduct).

use crate::engine::catalog::{Catalog, Template};
use crate::engine::events::Millis;
use crate::engine::profile::reorder::ReorderConfig;
use crate::engine::profile::{ProductCard, Profile};

/// The product that fills a template, and why it was picked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Filled<'a> {
    /// The product id.
    pub product: &'a str,
    /// How to show it.
    pub card: &'a ProductCard,
    /// Why this product.
    pub because: Because<'a>,
}

/// Why a template shows its product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because<'a> {
    /// The shopper bought it and is likeliest to buy it again next (`buy_again`).
    Bought,
    /// The shopper viewed it most recently (`recently_viewed`).
    Viewed,
    /// It goes with a product in the cart (`complements`).
    GoesWith {
        /// The product in the cart.
        product: &'a str,
        /// Its name, if the shop described it.
        name: Option<&'a str>,
    },
}

/// The product that fills `template` for the shopper of `profile` at `now`, on a page showing
/// `page_product` (if any); `None` when no product qualifies.
pub fn fill<'a>(
    template: Template,
    catalog: &'a Catalog,
    profile: &'a Profile,
    now: Millis,
    page_product: Option<&str>,
) -> Option<Filled<'a>> {
    let mut best = Best {
        catalog,
        profile,
        now,
        page_product,
        found: None,
    };
    match template {
        // The likeliest next purchase first.
        Template::BuyAgain => {
            let ranking = profile.reorder_ranking(now, &ReorderConfig::default());
            for (rank, r) in ranking.iter().enumerate() {
                best.consider((0, -(rank as i64)), r.product, Because::Bought);
            }
        }
        // The latest view (ties: the smaller id), unless the product was bought since: no
        // longer something to come back to.
        Template::RecentlyViewed => {
            for (id, card) in profile.cards() {
                let Some(viewed) = card.viewed_at else {
                    continue;
                };
                // Bought at or after the view (`purchased_within` measures back from `latest`).
                let latest = now.max(viewed);
                if !profile.purchased_within(id, latest, latest - viewed) {
                    best.consider((viewed, 0), id, Because::Viewed);
                }
            }
        }
        // The complements of the cart's products, the most recently changed line first, each
        // product's in the catalog's order.
        Template::Complements => {
            for (in_cart, line) in profile.cart().lines() {
                let because = Because::GoesWith {
                    product: in_cart,
                    name: profile.card(in_cart).map(|c| c.name.as_str()),
                };
                for (i, id) in catalog.complements_of(in_cart).iter().enumerate() {
                    best.consider((line.updated_at, -(i as i64)), id, because);
                }
            }
        }
    }
    best.found.map(|(_, filled)| filled)
}

/// The qualifying product with the highest key so far (keys compare as tuples; a tie keeps the
/// product found first).
struct Best<'a, 'p> {
    catalog: &'a Catalog,
    profile: &'a Profile,
    now: Millis,
    page_product: Option<&'p str>,
    found: Option<((Millis, i64), Filled<'a>)>,
}

impl<'a> Best<'a, '_> {
    /// Keeps `product` if its `key` is higher than the best so far and it qualifies: the shop
    /// described it, it is neither in the cart nor on the page, and it was not just bought.
    #[inline(never)]
    fn consider(&mut self, key: (Millis, i64), product: &'a str, because: Because<'a>) {
        if self.found.is_some_and(|(k, _)| k >= key) {
            return;
        }
        let Some(card) = self.profile.card(product) else {
            return;
        };
        let elsewhere = self.profile.cart().contains(product) || self.page_product == Some(product);
        let suppress = self.catalog.suppress_purchased_ms;
        if !elsewhere && !self.profile.purchased_within(product, self.now, suppress) {
            self.found = Some((
                key,
                Filled {
                    product,
                    card,
                    because,
                },
            ));
        }
    }
}
