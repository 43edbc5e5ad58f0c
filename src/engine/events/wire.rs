//! The JSON form of an [`Event`]: one flat object, a snake_case `type` and camelCase fields.
//!
//! A flat struct instead of serde's internally tagged enum keeps the wasm binary small (no
//! buffering of unknown content) and lets errors name the exact field that is missing or does
//! not belong to the event's type.

use crate::engine::prelude::*;

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{Event, EventKind, Millis, OfferRef, PageType, Product, Scale};

/// Event types, as written in `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// See [`EventKind::PageView`].
    PageView,
    /// See [`EventKind::ProductView`].
    ProductView,
    /// See [`EventKind::CategoryView`].
    CategoryView,
    /// See [`EventKind::Search`].
    Search,
    /// See [`EventKind::AddToCart`].
    AddToCart,
    /// See [`EventKind::RemoveFromCart`].
    RemoveFromCart,
    /// See [`EventKind::Purchase`].
    Purchase,
    /// See [`EventKind::Impression`].
    Impression,
    /// See [`EventKind::Click`].
    Click,
    /// See [`EventKind::Dismiss`].
    Dismiss,
    /// See [`EventKind::BeaconEnter`].
    BeaconEnter,
    /// See [`EventKind::BeaconExit`].
    BeaconExit,
    /// See [`EventKind::ProductDetails`].
    ProductDetails,
    /// See [`EventKind::SurveyAnswer`].
    SurveyAnswer,
}

impl EventType {
    /// The name used in `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::PageView => "page_view",
            EventType::ProductView => "product_view",
            EventType::CategoryView => "category_view",
            EventType::Search => "search",
            EventType::AddToCart => "add_to_cart",
            EventType::RemoveFromCart => "remove_from_cart",
            EventType::Purchase => "purchase",
            EventType::Impression => "impression",
            EventType::Click => "click",
            EventType::Dismiss => "dismiss",
            EventType::BeaconEnter => "beacon_enter",
            EventType::BeaconExit => "beacon_exit",
            EventType::ProductDetails => "product_details",
            EventType::SurveyAnswer => "survey_answer",
        }
    }
}

/// Every field any event type may carry; which ones are required depends on `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireEvent {
    /// The event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Unix milliseconds. May be left out where the runtime stamps events itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Millis>,
    /// `page_view`: the kind of page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<PageType>,
    /// `product_view`, `add_to_cart`, `product_details`: the product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Product>,
    /// `category_view`: the category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `search`: the query as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// `add_to_cart`: how many (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// `remove_from_cart`: the product id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// `purchase`: what was bought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Product>>,
    /// `purchase`: the order value (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// `impression`, `click`, `dismiss`: the offer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    /// `impression`, `click`, `dismiss`: the slot it was shown in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// `beacon_enter`, `beacon_exit`: the beacon id from the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beacon: Option<String>,
    /// `survey_answer`: the survey id from the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<String>,
    /// `survey_answer`: the scale it was asked on (`nps`, `csat`, `thumbs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// `survey_answer`: the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

/// Why a JSON event is not a valid [`Event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    /// A field the event type requires is absent.
    Missing {
        /// The event type.
        kind: &'static str,
        /// The missing field.
        field: &'static str,
    },
    /// A field that does not belong to this event type is present.
    Unexpected {
        /// The event type.
        kind: &'static str,
        /// The stray field.
        field: &'static str,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Missing { kind, field } => {
                write!(f, "a `{kind}` event needs the field `{field}`")
            }
            EventError::Unexpected { kind, field } => write!(
                f,
                "the field `{field}` does not belong to a `{kind}` event; remove it"
            ),
        }
    }
}

impl core::error::Error for EventError {}

impl WireEvent {
    /// An event of this type with every field empty.
    pub fn new(kind: EventType) -> WireEvent {
        WireEvent {
            kind,
            at: None,
            page_type: None,
            product: None,
            category: None,
            query: None,
            quantity: None,
            product_id: None,
            items: None,
            value: None,
            offer: None,
            slot: None,
            beacon: None,
            survey: None,
            scale: None,
            score: None,
        }
    }

    /// The typed event; `at` falls back to `default_at` when the JSON left it out.
    pub fn into_event(mut self, default_at: Option<Millis>) -> Result<Event, EventError> {
        let name = self.kind.as_str();
        let missing = |field| EventError::Missing { kind: name, field };
        let at = self.at.take().or(default_at).ok_or(missing("at"))?;
        let kind = match self.kind {
            EventType::PageView => EventKind::PageView {
                page_type: self.page_type.take().ok_or(missing("pageType"))?,
            },
            EventType::ProductView => EventKind::ProductView {
                product: self.product.take().ok_or(missing("product"))?,
            },
            EventType::CategoryView => EventKind::CategoryView {
                category: self.category.take().ok_or(missing("category"))?,
            },
            EventType::Search => EventKind::Search {
                query: self.query.take().ok_or(missing("query"))?,
            },
            EventType::AddToCart => EventKind::AddToCart {
                product: self.product.take().ok_or(missing("product"))?,
                quantity: self.quantity.take().unwrap_or(1),
            },
            EventType::RemoveFromCart => EventKind::RemoveFromCart {
                product_id: self.product_id.take().ok_or(missing("productId"))?,
            },
            EventType::Purchase => EventKind::Purchase {
                items: self.items.take().ok_or(missing("items"))?,
                value: self.value.take().unwrap_or(0.0),
            },
            EventType::Impression | EventType::Click | EventType::Dismiss => {
                let offer = OfferRef {
                    offer: self.offer.take().ok_or(missing("offer"))?,
                    slot: self.slot.take().ok_or(missing("slot"))?,
                };
                match self.kind {
                    EventType::Impression => EventKind::Impression(offer),
                    EventType::Click => EventKind::Click(offer),
                    _ => EventKind::Dismiss(offer),
                }
            }
            EventType::BeaconEnter => EventKind::BeaconEnter {
                beacon: self.beacon.take().ok_or(missing("beacon"))?,
            },
            EventType::BeaconExit => EventKind::BeaconExit {
                beacon: self.beacon.take().ok_or(missing("beacon"))?,
            },
            EventType::ProductDetails => EventKind::ProductDetails {
                product: self.product.take().ok_or(missing("product"))?,
            },
            EventType::SurveyAnswer => EventKind::SurveyAnswer {
                survey: self.survey.take().ok_or(missing("survey"))?,
                scale: self.scale.take().ok_or(missing("scale"))?,
                score: self.score.take().ok_or(missing("score"))?,
            },
        };
        match self.first_field() {
            Some(field) => Err(EventError::Unexpected { kind: name, field }),
            None => Ok(Event { at, kind }),
        }
    }

    /// The JSON name of the first field still set, if any.
    fn first_field(&self) -> Option<&'static str> {
        [
            (self.page_type.is_some(), "pageType"),
            (self.product.is_some(), "product"),
            (self.category.is_some(), "category"),
            (self.query.is_some(), "query"),
            (self.quantity.is_some(), "quantity"),
            (self.product_id.is_some(), "productId"),
            (self.items.is_some(), "items"),
            (self.value.is_some(), "value"),
            (self.offer.is_some(), "offer"),
            (self.slot.is_some(), "slot"),
            (self.beacon.is_some(), "beacon"),
            (self.survey.is_some(), "survey"),
            (self.scale.is_some(), "scale"),
            (self.score.is_some(), "score"),
        ]
        .into_iter()
        .find_map(|(set, name)| set.then_some(name))
    }
}

impl TryFrom<WireEvent> for Event {
    type Error = EventError;

    fn try_from(wire: WireEvent) -> Result<Event, EventError> {
        wire.into_event(None)
    }
}

impl From<Event> for WireEvent {
    fn from(event: Event) -> WireEvent {
        let mut w = WireEvent::new(event.kind.event_type());
        w.at = Some(event.at);
        match event.kind {
            EventKind::PageView { page_type } => w.page_type = Some(page_type),
            EventKind::ProductView { product } | EventKind::ProductDetails { product } => {
                w.product = Some(product)
            }
            EventKind::CategoryView { category } => w.category = Some(category),
            EventKind::Search { query } => w.query = Some(query),
            EventKind::AddToCart { product, quantity } => {
                w.product = Some(product);
                w.quantity = Some(quantity);
            }
            EventKind::RemoveFromCart { product_id } => w.product_id = Some(product_id),
            EventKind::Purchase { items, value } => {
                w.items = Some(items);
                w.value = Some(value);
            }
            EventKind::Impression(o) | EventKind::Click(o) | EventKind::Dismiss(o) => {
                w.offer = Some(o.offer);
                w.slot = Some(o.slot);
            }
            EventKind::BeaconEnter { beacon } | EventKind::BeaconExit { beacon } => {
                w.beacon = Some(beacon)
            }
            EventKind::SurveyAnswer {
                survey,
                scale,
                score,
            } => {
                w.survey = Some(survey);
                w.scale = Some(scale);
                w.score = Some(score);
            }
        }
        w
    }
}

impl EventKind {
    /// The event's `type`.
    pub fn event_type(&self) -> EventType {
        match self {
            EventKind::PageView { .. } => EventType::PageView,
            EventKind::ProductView { .. } => EventType::ProductView,
            EventKind::CategoryView { .. } => EventType::CategoryView,
            EventKind::Search { .. } => EventType::Search,
            EventKind::AddToCart { .. } => EventType::AddToCart,
            EventKind::RemoveFromCart { .. } => EventType::RemoveFromCart,
            EventKind::Purchase { .. } => EventType::Purchase,
            EventKind::Impression(_) => EventType::Impression,
            EventKind::Click(_) => EventType::Click,
            EventKind::Dismiss(_) => EventType::Dismiss,
            EventKind::BeaconEnter { .. } => EventType::BeaconEnter,
            EventKind::BeaconExit { .. } => EventType::BeaconExit,
            EventKind::ProductDetails { .. } => EventType::ProductDetails,
            EventKind::SurveyAnswer { .. } => EventType::SurveyAnswer,
        }
    }
}
