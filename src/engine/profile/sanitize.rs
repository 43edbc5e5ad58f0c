//! The garbage filter every event passes before it touches the profile.
//!
//! [`sanitize_event`] returns the event as the profile folds it in, or `None` when it carries
//! nothing usable. It is idempotent: a clean event passes unchanged.

use crate::engine::prelude::*;

use crate::engine::events::bytes::{DetailsWire, EventKindWire, EventWire, ProductWire};
use crate::engine::events::{Event, Millis};

use super::config::{
    MAX_ID_BYTES, MAX_ITEMS_PER_PURCHASE, MAX_LINE_QUANTITY, MAX_QUERY_CHARS, MAX_TAGS_PER_PRODUCT,
    MAX_TIMESTAMP_MS, MAX_URL_BYTES,
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
///   removed product, survey), or a blank search query;
/// * a survey answer whose score is not on its scale.
///
/// Otherwise optional parts are cleaned: invalid category/brand/tags are dropped (tags are
/// de-duplicated and capped), NaN/infinite/negative prices become absent and order values 0,
/// amounts are clamped and quantized, quantities are clamped to `1..=MAX_LINE_QUANTITY`,
/// purchase items without a usable id are dropped (and capped), queries are cut to
/// `MAX_QUERY_CHARS` characters and an unusable slot becomes `""`.
///
/// Product details need a usable id, a name that is not blank and a usable `url` (printable
/// ASCII, `https:` or `http:` with a host, or relative); an unusable image is dropped.
/// The `name`, `url` and `image` of a product event are not part of its clean event: the
/// profile reads them from the `product_details` events a batch carries before it
/// ([`wire_events`](crate::engine::events::bytes::wire_events)).
pub fn sanitize_event(event: &Event) -> Option<Event> {
    sanitize_wire(&EventWire::from(event)).map(|clean| Event::from(&clean))
}

/// [`sanitize_event`] of an event as it comes off a batch: the clean event still borrows from
/// the batch (a dropped tag or a cut query is a shorter list or slice), so folding it in copies
/// only what the profile keeps.
pub fn sanitize_wire<'a>(event: &EventWire<'a>) -> Option<EventWire<'a>> {
    if !is_valid_time(event.at) {
        return None;
    }
    let kind = match &event.kind {
        EventKindWire::PageView { page_type } => EventKindWire::PageView {
            page_type: *page_type,
        },
        EventKindWire::ProductView { product } => EventKindWire::ProductView {
            product: sanitize_product(product)?,
        },
        EventKindWire::CategoryView { category } => EventKindWire::CategoryView {
            category: valid_id(category)?,
        },
        EventKindWire::Search { query } => {
            let end = query
                .char_indices()
                .nth(MAX_QUERY_CHARS)
                .map_or(query.len(), |(i, _)| i);
            let query = query.get(..end).unwrap_or(query);
            if query.chars().all(char::is_whitespace) {
                return None;
            }
            EventKindWire::Search { query }
        }
        EventKindWire::AddToCart { product, quantity } => EventKindWire::AddToCart {
            product: sanitize_product(product)?,
            quantity: (*quantity).clamp(1, MAX_LINE_QUANTITY),
        },
        EventKindWire::RemoveFromCart { product_id } => EventKindWire::RemoveFromCart {
            product_id: valid_id(product_id)?,
        },
        EventKindWire::Purchase { items, value } => EventKindWire::Purchase {
            items: items
                .iter()
                .filter_map(sanitize_product)
                .take(MAX_ITEMS_PER_PURCHASE)
                .collect(),
            value: sanitize_amount(*value).unwrap_or(0.0),
        },
        EventKindWire::Impression { offer, slot } => EventKindWire::Impression {
            offer: valid_id(offer)?,
            slot: valid_id(slot).unwrap_or_default(),
        },
        EventKindWire::Click { offer, slot } => EventKindWire::Click {
            offer: valid_id(offer)?,
            slot: valid_id(slot).unwrap_or_default(),
        },
        EventKindWire::Dismiss { offer, slot } => EventKindWire::Dismiss {
            offer: valid_id(offer)?,
            slot: valid_id(slot).unwrap_or_default(),
        },
        EventKindWire::BeaconEnter { beacon } => EventKindWire::BeaconEnter {
            beacon: valid_id(beacon)?,
        },
        EventKindWire::BeaconExit { beacon } => EventKindWire::BeaconExit {
            beacon: valid_id(beacon)?,
        },
        EventKindWire::ProductDetails { product } => EventKindWire::ProductDetails {
            product: DetailsWire {
                id: valid_id(product.id)?,
                name: Some(product.name.and_then(valid_id)?),
                url: Some(product.url.and_then(valid_url)?),
                image: product.image.and_then(valid_url),
            },
        },
        EventKindWire::SurveyAnswer {
            survey,
            scale,
            score,
        } => EventKindWire::SurveyAnswer {
            survey: valid_id(survey)?,
            scale: *scale,
            score: Some(*score).filter(|&s| scale.allows(s))?,
        },
    };
    Some(EventWire { at: event.at, kind })
}

fn valid_id(id: &str) -> Option<&str> {
    is_valid_id(id).then_some(id)
}

/// A product URL is usable when a banner may link to it: at most [`MAX_URL_BYTES`] of
/// printable ASCII (anything else percent-encoded), and `https:` or `http:` with a host, or
/// relative. Stricter than the catalog's [`check_url`](crate::engine::catalog::url::check_url),
/// in a few bytes of wasm; the shell checks every URL again before it reaches the DOM.
pub(crate) fn is_valid_url(url: &str) -> bool {
    let b = url.as_bytes();
    let printable = b.iter().all(|c| (0x21..0x7f).contains(c));
    let scheme_end = b
        .iter()
        .position(|c| matches!(c, b':' | b'/' | b'?' | b'#'));
    let allowed = match scheme_end {
        Some(i) if b[i] == b':' => {
            let scheme = &b[..i];
            (scheme.eq_ignore_ascii_case(b"https") || scheme.eq_ignore_ascii_case(b"http"))
                && b[i..].starts_with(b"://")
                && b.len() > i + 3
        }
        _ => true,
    };
    !b.is_empty() && b.len() <= MAX_URL_BYTES && printable && allowed
}

fn valid_url(url: &str) -> Option<&str> {
    is_valid_url(url).then_some(url)
}

fn sanitize_product<'a>(product: &ProductWire<'a>) -> Option<ProductWire<'a>> {
    let id = valid_id(product.id)?;
    let mut tags: Vec<&str> = Vec::new();
    for &tag in &product.tags {
        if tags.len() == MAX_TAGS_PER_PRODUCT {
            break;
        }
        if is_valid_id(tag) && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Some(ProductWire {
        id,
        category: product.category.and_then(valid_id),
        brand: product.brand.and_then(valid_id),
        tags,
        price: product.price.and_then(sanitize_amount),
    })
}
