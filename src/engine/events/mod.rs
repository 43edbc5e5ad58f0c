//! What the shop tells Vitrine about the shopper's behaviour. Events only ever feed the local
//! profile; they are never sent anywhere.
//!
//! Every event carries its own timestamp (`at`, Unix milliseconds), set by the caller: the
//! engine never reads a clock. Events come as JSON ([`wire`]) or as byte batches ([`bytes`],
//! within [`limits`]).

use crate::engine::prelude::*;

use serde::{Deserialize, Serialize};

pub use crate::engine::survey::Scale;

pub mod bytes;
pub mod limits;
pub mod wire;

pub use wire::{EventError, EventType, WireEvent};

/// Unix time in milliseconds.
pub type Millis = i64;

/// One thing the shopper did, at a moment in time.
///
/// Its JSON form is one flat object with a snake_case `type` and camelCase fields, e.g.
/// `{"type": "product_view", "product": {"id": "sku-1", "category": "coffee"}, "at": 0}` (see
/// [`wire`] for every field); unknown fields are rejected by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "wire::WireEvent", into = "wire::WireEvent")]
pub struct Event {
    /// When it happened (Unix milliseconds).
    pub at: Millis,
    /// What happened.
    pub kind: EventKind,
}

/// The kinds of behaviour Vitrine learns from.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// Any page was shown.
    PageView {
        /// What kind of page (home, category, product, search, cart, checkout, other).
        page_type: PageType,
    },
    /// A product detail page was viewed.
    ProductView {
        /// The product.
        product: Product,
    },
    /// A category listing was viewed.
    CategoryView {
        /// The category id, as used in the catalog's offers.
        category: String,
    },
    /// The shopper searched.
    Search {
        /// The raw query; the profile keeps only normalised terms.
        query: String,
    },
    /// A product was added to the cart.
    AddToCart {
        /// The product.
        product: Product,
        /// How many (default 1).
        quantity: u32,
    },
    /// A product was removed from the cart.
    RemoveFromCart {
        /// The product id.
        product_id: String,
    },
    /// An order was placed; the cart is emptied.
    Purchase {
        /// What was bought.
        items: Vec<Product>,
        /// The order value in the shop's currency (default 0).
        value: f64,
    },
    /// A banner was shown (at least half visible for one second).
    Impression(OfferRef),
    /// A banner was clicked.
    Click(OfferRef),
    /// A banner was dismissed by the shopper.
    Dismiss(OfferRef),
    /// The shopper came within a beacon's zone.
    BeaconEnter {
        /// The beacon id from the catalog.
        beacon: String,
    },
    /// The shopper left a beacon's zone.
    BeaconExit {
        /// The beacon id from the catalog.
        beacon: String,
    },
    /// How to show a product (its `id`, `name`, `url` and `image`; the rest is ignored), for
    /// offer templates. Not behaviour: it starts no session and counts as no event. Batches
    /// carry a product event's `name`, `url` and `image` this way.
    ProductDetails {
        /// The product.
        product: Product,
    },
    /// The shopper answered a one-tap survey (a survey banner's button). The answer stays on
    /// the device; a score outside the scale is ignored.
    SurveyAnswer {
        /// The survey id from the catalog.
        survey: String,
        /// The scale it was asked on.
        scale: Scale,
        /// The answer: 0 to 10 (`nps`), 1 to 5 (`csat`), 0 or 1 (`thumbs`).
        score: u8,
    },
}

/// Page types known to targeting rules and the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// The home page.
    Home,
    /// A category listing.
    Category,
    /// A product detail page.
    Product,
    /// Search results.
    Search,
    /// The cart.
    Cart,
    /// Checkout steps.
    Checkout,
    /// Anything else.
    Other,
}

impl PageType {
    /// Every page type, in declaration order (the wire's variant order).
    pub const ALL: [PageType; 7] = [
        PageType::Home,
        PageType::Category,
        PageType::Product,
        PageType::Search,
        PageType::Cart,
        PageType::Checkout,
        PageType::Other,
    ];

    /// The snake_case name used in catalogs and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Home => "home",
            PageType::Category => "category",
            PageType::Product => "product",
            PageType::Search => "search",
            PageType::Cart => "cart",
            PageType::Checkout => "checkout",
            PageType::Other => "other",
        }
    }
}

/// A product as events describe it. Only `id` is required; the rest feeds affinities.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// The shop's product id (SKU).
    pub id: String,
    /// Its category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Its brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Free tags ("organic", "fair-trade").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Unit price in the shop's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// Its name as the shop shows it, for offer templates (with `url`; kept on the device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its page: `https:`, `http:` or relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its picture: `https:`, `http:` or relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl Product {
    /// True when the event describes how to show the product: a `name`, a `url` or an
    /// `image`. The byte batches carry those as a [`EventKind::ProductDetails`] event of their
    /// own just before the product's event.
    pub fn has_details(&self) -> bool {
        self.name.is_some() || self.url.is_some() || self.image.is_some()
    }
}

/// Which banner an impression, click or dismissal refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRef {
    /// The offer id from the catalog.
    pub offer: String,
    /// The slot it was shown in.
    pub slot: String,
}
