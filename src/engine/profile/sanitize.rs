//! The garbage filter every event passes before it touches the profile.
//!
//! [`sanitize_event`] returns the event as the profile folds it in, or `None` when it carries
//! nothing usable. It is idempotent: a clean event passes unchanged.

use crate::engine::events::bytes::{EventKindWire, EventWire, ProductWire};
use crate::engine::events::{Event, EventKind, Millis, OfferRef, Product};

use super::config::{
    MAX_ID_BYTES, MAX_ITEMS_PER_PURCHASE, MAX_LINE_QUANTITY, MAX_QUERY_CHARS, MAX_TAGS_PER_PRODUCT,
    MAX_TIMESTAMP_MS,
};
use super::decay::sanitize_amount;

/// An id is usable when it is not blank and at most [`MAX_ID_BYTES`] long.
pub(crate) fn is_valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_BYTES && id.chars().any(|c| !c.is_whitespace())
}

/// A timestamp is usable when it lies in `0..=MAX_TIMESTAMP_MS`.
pub(crate) fn is_valid_time(at: Millis) -> bool {
    (0..=MAX_TIMESTAMP_MS).contains(&at)
}

/// The event as the profile keeps it, or `None` when it must be ignored:
///
/// * a timestamp outside `0..=MAX_TIMESTAMP_MS`;
/// * a blank or over-long id where one is required (product, category, offer, beacon,
///   removed product), or a blank search query.
///
/// Otherwise optional parts are cleaned: invalid category/brand/tags are dropped (tags are
/// de-duplicated and capped), NaN/infinite/negative prices become absent and order values 0,
/// amounts are clamped and quantized, quantities are clamped to `1..=MAX_LINE_QUANTITY`,
/// purchase items without a usable id are dropped (and capped), queries are cut to
/// `MAX_QUERY_CHARS` characters and an unusable slot becomes `""`.
pub fn sanitize_event(event: &Event) -> Option<Event> {
    sanitize_wire(&EventWire::from(event))
}

/// [`sanitize_event`] of an event as it comes off a batch (borrowed from the bytes): the clean
/// event is the only copy made.
pub fn sanitize_wire(event: &EventWire<'_>) -> Option<Event> {
    if !is_valid_time(event.at) {
        return None;
    }
    let kind = match &event.kind {
        EventKindWire::PageView { page_type } => EventKind::PageView {
            page_type: *page_type,
        },
        EventKindWire::ProductView { product } => EventKind::ProductView {
            product: sanitize_product(product)?,
        },
        EventKindWire::CategoryView { category } => EventKind::CategoryView {
            category: valid_id(category)?,
        },
        EventKindWire::Search { query } => {
            let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
            if query.trim().is_empty() {
                return None;
            }
            EventKind::Search { query }
        }
        EventKindWire::AddToCart { product, quantity } => EventKind::AddToCart {
            product: sanitize_product(product)?,
            quantity: (*quantity).clamp(1, MAX_LINE_QUANTITY),
        },
        EventKindWire::RemoveFromCart { product_id } => EventKind::RemoveFromCart {
            product_id: valid_id(product_id)?,
        },
        EventKindWire::Purchase { items, value } => EventKind::Purchase {
            items: items
                .iter()
                .filter_map(sanitize_product)
                .take(MAX_ITEMS_PER_PURCHASE)
                .collect(),
            value: sanitize_amount(*value).unwrap_or(0.0),
        },
        EventKindWire::Impression { offer, slot } => {
            EventKind::Impression(sanitize_offer(offer, slot)?)
        }
        EventKindWire::Click { offer, slot } => EventKind::Click(sanitize_offer(offer, slot)?),
        EventKindWire::Dismiss { offer, slot } => EventKind::Dismiss(sanitize_offer(offer, slot)?),
        EventKindWire::BeaconEnter { beacon } => EventKind::BeaconEnter {
            beacon: valid_id(beacon)?,
        },
        EventKindWire::BeaconExit { beacon } => EventKind::BeaconExit {
            beacon: valid_id(beacon)?,
        },
    };
    Some(Event { at: event.at, kind })
}

fn valid_id(id: &str) -> Option<String> {
    is_valid_id(id).then(|| id.to_owned())
}

fn sanitize_product(product: &ProductWire<'_>) -> Option<Product> {
    let id = valid_id(product.id)?;
    let mut tags: Vec<String> = Vec::new();
    for &tag in &product.tags {
        if tags.len() == MAX_TAGS_PER_PRODUCT {
            break;
        }
        if is_valid_id(tag) && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    Some(Product {
        id,
        category: product.category.and_then(valid_id),
        brand: product.brand.and_then(valid_id),
        tags,
        price: product.price.and_then(sanitize_amount),
    })
}

fn sanitize_offer(offer: &str, slot: &str) -> Option<OfferRef> {
    Some(OfferRef {
        offer: valid_id(offer)?,
        slot: valid_id(slot).unwrap_or_default(),
    })
}
