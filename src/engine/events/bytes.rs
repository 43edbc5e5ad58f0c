//! Event batches as bytes: what `track` hands the wasm and what the IndexedDB outbox holds.
//!
//! ```text
//! batch := postcard(Vec<EventWire>)
//!        = varint(event count) | EventWire...
//! EventWire := zigzag varint `at` | varint kind (EventType order) | the kind's fields in order
//! ```
//!
//! The shell's encoder (`shell/src/events-encode.ts`) writes them from the public JS objects;
//! `tests/vectors/events.json` pins the bytes of every event type and optional field. Defaults
//! are applied before encoding (`quantity` 1, `value` 0, `at` the shell's clock), so the wire
//! has no optional numbers.
//!
//! [`decode_batch`] reads a batch event by event and checks the [limits](super::limits): it
//! returns the events or an [`EventBytesError`] that names the event, the field and the limit,
//! never a panic, whatever the bytes. A stated count beyond [`MAX_BATCH_EVENTS`] or beyond the
//! input fails before anything is reserved, and no list keeps more than one entry over its
//! limit in memory. Without `std` (the browser's wasm) the per-field limits are not checked:
//! the shell checks every event against them before it encodes it, and the profile's garbage
//! filter ([`sanitize_wire`](crate::engine::profile::sanitize_wire)) cleans whatever a damaged
//! stored batch holds to its own limits, as strict or stricter (an over-long id is ignored,
//! extra tags and items are dropped), so its events are folded clean instead of the batch
//! being refused.

use crate::engine::prelude::*;

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::codec::{ReadError, Reader};
use crate::engine::ErrorCode;

use super::limits::{capped, Limit, MAX_BATCH_EVENTS, MAX_PRODUCT_TAGS, MAX_PURCHASE_ITEMS};
use super::{Event, EventKind, Millis, OfferRef, PageType, Product, Scale};

/// One event on the wire: [`Event`] field for field. Texts borrow from the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventWire<'a> {
    /// Unix milliseconds.
    pub at: Millis,
    /// What happened.
    #[serde(borrow)]
    pub kind: EventKindWire<'a>,
}

/// [`EventKind`] on the wire, its variants in [`EventType`](super::EventType) order (the
/// varint tag is that position).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventKindWire<'a> {
    /// 0, `page_view`.
    PageView {
        /// The page type, a varint in [`PageType`] order.
        page_type: PageType,
    },
    /// 1, `product_view`.
    ProductView {
        /// The product.
        #[serde(borrow)]
        product: ProductWire<'a>,
    },
    /// 2, `category_view`.
    CategoryView {
        /// The category id.
        category: &'a str,
    },
    /// 3, `search`.
    Search {
        /// The query as typed.
        query: &'a str,
    },
    /// 4, `add_to_cart`.
    AddToCart {
        /// The product.
        #[serde(borrow)]
        product: ProductWire<'a>,
        /// How many.
        quantity: u32,
    },
    /// 5, `remove_from_cart`.
    RemoveFromCart {
        /// The product id.
        product_id: &'a str,
    },
    /// 6, `purchase`.
    Purchase {
        /// What was bought.
        #[serde(borrow, deserialize_with = "capped::<MAX_PURCHASE_ITEMS, _, _>")]
        items: Vec<ProductWire<'a>>,
        /// The order value.
        value: f64,
    },
    /// 7, `impression`.
    Impression {
        /// The offer id.
        offer: &'a str,
        /// The slot.
        slot: &'a str,
    },
    /// 8, `click`.
    Click {
        /// The offer id.
        offer: &'a str,
        /// The slot.
        slot: &'a str,
    },
    /// 9, `dismiss`.
    Dismiss {
        /// The offer id.
        offer: &'a str,
        /// The slot.
        slot: &'a str,
    },
    /// 10, `beacon_enter`.
    BeaconEnter {
        /// The beacon id.
        beacon: &'a str,
    },
    /// 11, `beacon_exit`.
    BeaconExit {
        /// The beacon id.
        beacon: &'a str,
    },
    /// 12, `product_details`: also written just before a product event for each of its products
    /// with a `name`, `url` or `image` (batches written before it existed never hold it).
    ProductDetails {
        /// How to show the product.
        #[serde(borrow)]
        product: DetailsWire<'a>,
    },
    /// 13, `survey_answer`.
    SurveyAnswer {
        /// The survey id.
        survey: &'a str,
        /// The scale, a varint in [`Scale`] order.
        scale: Scale,
        /// The answer (a byte).
        score: u8,
    },
}

/// A product's display details on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailsWire<'a> {
    /// The product id.
    pub id: &'a str,
    /// Its name.
    #[serde(borrow)]
    pub name: Option<&'a str>,
    /// Its page.
    #[serde(borrow)]
    pub url: Option<&'a str>,
    /// Its picture.
    #[serde(borrow)]
    pub image: Option<&'a str>,
}

/// [`Product`] on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductWire<'a> {
    /// The product id.
    pub id: &'a str,
    /// Its category id.
    #[serde(borrow)]
    pub category: Option<&'a str>,
    /// Its brand.
    #[serde(borrow)]
    pub brand: Option<&'a str>,
    /// Its tags.
    #[serde(borrow, deserialize_with = "capped::<MAX_PRODUCT_TAGS, _, _>")]
    pub tags: Vec<&'a str>,
    /// Its unit price.
    pub price: Option<f64>,
}

/// Why a batch was refused; each is [`ErrorCode::EventInvalid`]. Events are numbered from 0
/// in batch order; fields are named as in the JS objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventBytesError {
    /// The batch does not start with its event count (a varint).
    MissingCount,
    /// The batch states more events than [`MAX_BATCH_EVENTS`].
    TooManyEvents {
        /// The stated count.
        count: u32,
    },
    /// The batch ends inside an event.
    Truncated {
        /// The event.
        index: usize,
    },
    /// An event does not decode (a bad varint, UTF-8 text, option or type tag).
    Undecodable {
        /// The event.
        index: usize,
    },
    /// A field of an event is over a limit.
    OverLimit {
        /// The event.
        index: usize,
        /// The field, e.g. `product.tags`.
        field: &'static str,
        /// The limit.
        limit: Limit,
    },
    /// A number of an event is NaN or infinite.
    NotFinite {
        /// The event.
        index: usize,
        /// The field, e.g. `product.price`.
        field: &'static str,
    },
    /// A survey answer's score is not on its scale.
    OffScale {
        /// The event.
        index: usize,
    },
    /// Bytes follow the last event.
    TrailingBytes,
}

impl EventBytesError {
    /// The code the SDK reports.
    pub fn code(self) -> ErrorCode {
        ErrorCode::EventInvalid
    }

    /// What is wrong, as static text (no event numbers), so the wasm boundary reports it
    /// without formatting code; `Display` names the event and the field too. Without `std`
    /// (the browser's wasm), one text for all: the shell checks every event before it encodes
    /// it, so a batch the wasm refuses was damaged where it was stored.
    pub fn message(self) -> &'static str {
        if !cfg!(feature = "std") {
            return "a stored event batch does not decode: it was damaged in storage (events \
                    from track() are checked before they are stored)";
        }
        match self {
            EventBytesError::MissingCount => {
                "an event batch must start with its event count (a varint)"
            }
            EventBytesError::TooManyEvents { .. } => {
                "an event batch holds more than MAX_BATCH_EVENTS (4096) events; split it"
            }
            EventBytesError::Truncated { .. } => "the event batch ends inside an event",
            EventBytesError::Undecodable { .. } => {
                "an event of the batch does not decode (a bad varint, UTF-8 text, option or type \
                 tag); encode it with shell/src/events-encode.ts"
            }
            EventBytesError::OverLimit { limit, .. } => match limit {
                Limit::IdBytes => "an event has an id or name longer than MAX_ID_BYTES (256 bytes)",
                Limit::UrlBytes => {
                    "a product's url or image is longer than MAX_URL_BYTES (1024 bytes)"
                }
                Limit::QueryBytes => {
                    "a search event's query is longer than MAX_QUERY_BYTES (1024 bytes)"
                }
                Limit::ProductTags => "a product has more than MAX_PRODUCT_TAGS (64) tags",
                Limit::PurchaseItems => "a purchase has more than MAX_PURCHASE_ITEMS (256) items",
                Limit::BatchEvents => {
                    "an event batch holds more than MAX_BATCH_EVENTS (4096) events; split it"
                }
            },
            EventBytesError::NotFinite { .. } => {
                "an event's price or order value is not a finite number"
            }
            EventBytesError::OffScale { .. } => SCALES,
            EventBytesError::TrailingBytes => "the event batch has bytes after its last event",
        }
    }

    /// The limit the batch is over, if that is the reason.
    pub fn limit(self) -> Option<Limit> {
        match self {
            EventBytesError::TooManyEvents { .. } => Some(Limit::BatchEvents),
            EventBytesError::OverLimit { limit, .. } => Some(limit),
            _ => None,
        }
    }
}

impl fmt::Display for EventBytesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EventBytesError::MissingCount => {
                f.write_str("an event batch must start with its event count (a varint)")
            }
            EventBytesError::TooManyEvents { count } => write!(
                f,
                "an event batch holds at most {MAX_BATCH_EVENTS} events (MAX_BATCH_EVENTS), \
                 this one states {count}; split it"
            ),
            EventBytesError::Truncated { index } => {
                write!(f, "the event batch ends inside event {index}")
            }
            EventBytesError::Undecodable { index } => write!(
                f,
                "event {index} of the batch does not decode (a bad varint, UTF-8 text, option \
                 or type tag); encode it with shell/src/events-encode.ts"
            ),
            EventBytesError::OverLimit {
                index,
                field,
                limit,
            } => write!(
                f,
                "event {index}: `{field}` is over the limit of {} {} ({}); shorten it",
                limit.max(),
                limit.unit(),
                limit.name()
            ),
            EventBytesError::NotFinite { index, field } => {
                write!(f, "event {index}: `{field}` must be a finite number")
            }
            EventBytesError::OffScale { index } => write!(f, "event {index}: {SCALES}"),
            EventBytesError::TrailingBytes => {
                f.write_str("the event batch has bytes after its last event")
            }
        }
    }
}

impl core::error::Error for EventBytesError {}

/// What [`EventBytesError::OffScale`] says.
const SCALES: &str = "a survey answer's score must be on its scale: 0 to 10 (nps), 1 to 5 \
                      (csat), 0 or 1 (thumbs)";

/// The events of a batch, each checked against the [limits](super::limits) (see the
/// [module documentation](self)).
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<Event>, EventBytesError> {
    Ok(read_batch(bytes)?.iter().map(event).collect())
}

/// The events of a batch as [`decode_batch`] checks them, borrowed from `bytes`: what the
/// profile folds in ([`Profile::apply_wire`](crate::engine::profile::Profile::apply_wire))
/// without a copy of each event beside the clean one.
pub fn read_batch(bytes: &[u8]) -> Result<Vec<EventWire<'_>>, EventBytesError> {
    let mut r = Reader::new(bytes);
    let count = r.u32().map_err(|_| EventBytesError::MissingCount)?;
    if count as usize > MAX_BATCH_EVENTS {
        return Err(EventBytesError::TooManyEvents { count });
    }
    // Every event takes at least two bytes, so the input bounds what is worth reserving.
    let mut events = Vec::with_capacity((count as usize).min(r.rest().len() / 2));
    for index in 0..count as usize {
        let wire = EventWire::read(&mut r).map_err(|error| match error {
            ReadError::End => EventBytesError::Truncated { index },
            _ => EventBytesError::Undecodable { index },
        })?;
        // Without `std` the profile's garbage filter stands in (see the module documentation).
        if cfg!(feature = "std") {
            Check { index }.event(&wire)?;
        }
        events.push(wire);
    }
    if !r.rest().is_empty() {
        return Err(EventBytesError::TrailingBytes);
    }
    Ok(events)
}

// The records read by hand, field for field as serde's derives above encode them with postcard
// (the `codec` module says why; tests/events_bytes.rs checks that both agree).

impl<'a> EventWire<'a> {
    /// Reads one event.
    pub fn read(r: &mut Reader<'a>) -> Result<Self, ReadError> {
        let at = r.i64()?;
        let kind = match r.variant(14)? {
            0 => EventKindWire::PageView {
                page_type: PageType::ALL[r.variant(7)? as usize],
            },
            1 => EventKindWire::ProductView {
                product: ProductWire::read(r)?,
            },
            2 => EventKindWire::CategoryView { category: r.str()? },
            3 => EventKindWire::Search { query: r.str()? },
            4 => EventKindWire::AddToCart {
                product: ProductWire::read(r)?,
                quantity: r.u32()?,
            },
            5 => EventKindWire::RemoveFromCart {
                product_id: r.str()?,
            },
            6 => EventKindWire::Purchase {
                items: r.capped_list(MAX_PURCHASE_ITEMS, ProductWire::read)?,
                value: r.f64()?,
            },
            7 => EventKindWire::Impression {
                offer: r.str()?,
                slot: r.str()?,
            },
            8 => EventKindWire::Click {
                offer: r.str()?,
                slot: r.str()?,
            },
            9 => EventKindWire::Dismiss {
                offer: r.str()?,
                slot: r.str()?,
            },
            10 => EventKindWire::BeaconEnter { beacon: r.str()? },
            11 => EventKindWire::BeaconExit { beacon: r.str()? },
            13 => EventKindWire::SurveyAnswer {
                survey: r.str()?,
                scale: Scale::ALL[r.variant(3)? as usize],
                score: r.u8()?,
            },
            _ => EventKindWire::ProductDetails {
                product: DetailsWire {
                    id: r.str()?,
                    name: r.opt_str()?,
                    url: r.opt_str()?,
                    image: r.opt_str()?,
                },
            },
        };
        Ok(EventWire { at, kind })
    }
}

impl<'a> ProductWire<'a> {
    /// Reads one product.
    pub fn read(r: &mut Reader<'a>) -> Result<Self, ReadError> {
        Ok(ProductWire {
            id: r.str()?,
            category: r.opt_str()?,
            brand: r.opt_str()?,
            tags: r.capped_list(MAX_PRODUCT_TAGS, Reader::str)?,
            price: r.opt_f64()?,
        })
    }
}

/// The batch of `events`, as the shell's encoder writes it ([`wire_events`] of each). Events
/// over a limit (or more than [`MAX_BATCH_EVENTS`] of them) encode, but [`decode_batch`]
/// refuses them.
pub fn encode_batch(events: &[Event]) -> Vec<u8> {
    let wires: Vec<EventWire<'_>> = events.iter().flat_map(wire_events).collect();
    postcard::to_allocvec(&wires).expect("postcard writes EventWires into a Vec without error")
}

/// The wire events of `event`, as a batch holds them: a `product_details` event for each of its
/// products with a `name`, `url` or `image`, then the event itself (whose products then carry
/// none). Decoding gives back these events, not the one.
pub fn wire_events(event: &Event) -> impl Iterator<Item = EventWire<'_>> {
    let products: &[Product] = match &event.kind {
        EventKind::ProductView { product } | EventKind::AddToCart { product, .. } => {
            core::slice::from_ref(product)
        }
        EventKind::Purchase { items, .. } => items,
        _ => &[],
    };
    let details = products
        .iter()
        .filter(|p| p.has_details())
        .map(|p| EventWire {
            at: event.at,
            kind: EventKindWire::ProductDetails {
                product: DetailsWire::from(p),
            },
        });
    details.chain([EventWire::from(event)])
}

/// A field's name as errors report it: with `std` only (the CLI, native tests), so the browser's
/// wasm, which reports one text for every batch error, carries none of them.
macro_rules! field {
    ($name:literal) => {
        if cfg!(feature = "std") {
            $name
        } else {
            ""
        }
    };
}

/// The names of a product's fields in an event.
struct ProductFields {
    id: &'static str,
    category: &'static str,
    brand: &'static str,
    tags: &'static str,
    price: &'static str,
}

const PRODUCT: ProductFields = ProductFields {
    id: field!("product.id"),
    category: field!("product.category"),
    brand: field!("product.brand"),
    tags: field!("product.tags"),
    price: field!("product.price"),
};

const ITEM: ProductFields = ProductFields {
    id: field!("items[].id"),
    category: field!("items[].category"),
    brand: field!("items[].brand"),
    tags: field!("items[].tags"),
    price: field!("items[].price"),
};

/// Checks event `index` of a batch against every limit. The event is built only once it
/// passed ([`event`]), so a refused one leaves no half-built event to drop.
struct Check {
    index: usize,
}

impl Check {
    fn event(&self, wire: &EventWire<'_>) -> Result<(), EventBytesError> {
        match &wire.kind {
            EventKindWire::PageView { .. } => Ok(()),
            EventKindWire::ProductView { product } | EventKindWire::AddToCart { product, .. } => {
                self.product(product, &PRODUCT)
            }
            EventKindWire::CategoryView { category } => self.id(category, field!("category")),
            EventKindWire::Search { query } => {
                self.within(query.len(), field!("query"), Limit::QueryBytes)
            }
            EventKindWire::RemoveFromCart { product_id } => {
                self.id(product_id, field!("productId"))
            }
            EventKindWire::Purchase { items, value } => {
                self.within(items.len(), field!("items"), Limit::PurchaseItems)?;
                items
                    .iter()
                    .try_for_each(|item| self.product(item, &ITEM))?;
                self.finite(*value, field!("value"))
            }
            EventKindWire::Impression { offer, slot }
            | EventKindWire::Click { offer, slot }
            | EventKindWire::Dismiss { offer, slot } => {
                self.id(offer, field!("offer"))?;
                self.id(slot, field!("slot"))
            }
            EventKindWire::BeaconEnter { beacon } | EventKindWire::BeaconExit { beacon } => {
                self.id(beacon, field!("beacon"))
            }
            EventKindWire::ProductDetails { product } => {
                self.id(product.id, field!("product.id"))?;
                product
                    .name
                    .map_or(Ok(()), |n| self.id(n, field!("product.name")))?;
                for (text, field) in [
                    (product.url, field!("product.url")),
                    (product.image, field!("product.image")),
                ] {
                    text.map_or(Ok(()), |t| self.within(t.len(), field, Limit::UrlBytes))?;
                }
                Ok(())
            }
            EventKindWire::SurveyAnswer {
                survey,
                scale,
                score,
            } => {
                self.id(survey, field!("survey"))?;
                if scale.allows(*score) {
                    Ok(())
                } else {
                    Err(EventBytesError::OffScale { index: self.index })
                }
            }
        }
    }

    fn product(
        &self,
        product: &ProductWire<'_>,
        fields: &ProductFields,
    ) -> Result<(), EventBytesError> {
        self.id(product.id, fields.id)?;
        for (id, field) in [
            (product.category, fields.category),
            (product.brand, fields.brand),
        ] {
            id.map_or(Ok(()), |id| self.id(id, field))?;
        }
        self.within(product.tags.len(), fields.tags, Limit::ProductTags)?;
        product
            .tags
            .iter()
            .try_for_each(|tag| self.id(tag, fields.tags))?;
        product
            .price
            .map_or(Ok(()), |price| self.finite(price, fields.price))
    }

    fn id(&self, id: &str, field: &'static str) -> Result<(), EventBytesError> {
        self.within(id.len(), field, Limit::IdBytes)
    }

    fn within(&self, len: usize, field: &'static str, limit: Limit) -> Result<(), EventBytesError> {
        if len > limit.max() {
            return Err(EventBytesError::OverLimit {
                index: self.index,
                field,
                limit,
            });
        }
        Ok(())
    }

    fn finite(&self, value: f64, field: &'static str) -> Result<(), EventBytesError> {
        if !value.is_finite() {
            return Err(EventBytesError::NotFinite {
                index: self.index,
                field,
            });
        }
        Ok(())
    }
}

impl From<&EventWire<'_>> for Event {
    fn from(wire: &EventWire<'_>) -> Event {
        event(wire)
    }
}

/// The event a checked wire event describes.
fn event(wire: &EventWire<'_>) -> Event {
    let owned = |s: &str| s.to_owned();
    let offer = |offer: &str, slot: &str| OfferRef {
        offer: owned(offer),
        slot: owned(slot),
    };
    let kind = match &wire.kind {
        EventKindWire::PageView { page_type } => EventKind::PageView {
            page_type: *page_type,
        },
        EventKindWire::ProductView { product } => EventKind::ProductView {
            product: product.into(),
        },
        EventKindWire::CategoryView { category } => EventKind::CategoryView {
            category: owned(category),
        },
        EventKindWire::Search { query } => EventKind::Search {
            query: owned(query),
        },
        EventKindWire::AddToCart { product, quantity } => EventKind::AddToCart {
            product: product.into(),
            quantity: *quantity,
        },
        EventKindWire::RemoveFromCart { product_id } => EventKind::RemoveFromCart {
            product_id: owned(product_id),
        },
        EventKindWire::Purchase { items, value } => EventKind::Purchase {
            items: items.iter().map(Product::from).collect(),
            value: *value,
        },
        EventKindWire::Impression { offer: o, slot } => EventKind::Impression(offer(o, slot)),
        EventKindWire::Click { offer: o, slot } => EventKind::Click(offer(o, slot)),
        EventKindWire::Dismiss { offer: o, slot } => EventKind::Dismiss(offer(o, slot)),
        EventKindWire::BeaconEnter { beacon } => EventKind::BeaconEnter {
            beacon: owned(beacon),
        },
        EventKindWire::BeaconExit { beacon } => EventKind::BeaconExit {
            beacon: owned(beacon),
        },
        EventKindWire::ProductDetails { product: d } => EventKind::ProductDetails {
            product: Product {
                id: owned(d.id),
                name: d.name.map(owned),
                url: d.url.map(owned),
                image: d.image.map(owned),
                ..Product::default()
            },
        },
        EventKindWire::SurveyAnswer {
            survey,
            scale,
            score,
        } => EventKind::SurveyAnswer {
            survey: owned(survey),
            scale: *scale,
            score: *score,
        },
    };
    Event { at: wire.at, kind }
}

impl From<&ProductWire<'_>> for Product {
    fn from(product: &ProductWire<'_>) -> Product {
        Product {
            id: product.id.to_owned(),
            category: product.category.map(str::to_owned),
            brand: product.brand.map(str::to_owned),
            tags: product.tags.iter().map(|t| (*t).to_owned()).collect(),
            price: product.price,
            ..Product::default()
        }
    }
}

impl<'a> From<&'a Event> for EventWire<'a> {
    fn from(event: &'a Event) -> EventWire<'a> {
        let kind = match &event.kind {
            EventKind::PageView { page_type } => EventKindWire::PageView {
                page_type: *page_type,
            },
            EventKind::ProductView { product } => EventKindWire::ProductView {
                product: product.into(),
            },
            EventKind::CategoryView { category } => EventKindWire::CategoryView { category },
            EventKind::Search { query } => EventKindWire::Search { query },
            EventKind::AddToCart { product, quantity } => EventKindWire::AddToCart {
                product: product.into(),
                quantity: *quantity,
            },
            EventKind::RemoveFromCart { product_id } => {
                EventKindWire::RemoveFromCart { product_id }
            }
            EventKind::Purchase { items, value } => EventKindWire::Purchase {
                items: items.iter().map(ProductWire::from).collect(),
                value: *value,
            },
            EventKind::Impression(o) => EventKindWire::Impression {
                offer: &o.offer,
                slot: &o.slot,
            },
            EventKind::Click(o) => EventKindWire::Click {
                offer: &o.offer,
                slot: &o.slot,
            },
            EventKind::Dismiss(o) => EventKindWire::Dismiss {
                offer: &o.offer,
                slot: &o.slot,
            },
            EventKind::BeaconEnter { beacon } => EventKindWire::BeaconEnter { beacon },
            EventKind::BeaconExit { beacon } => EventKindWire::BeaconExit { beacon },
            EventKind::ProductDetails { product } => EventKindWire::ProductDetails {
                product: product.into(),
            },
            EventKind::SurveyAnswer {
                survey,
                scale,
                score,
            } => EventKindWire::SurveyAnswer {
                survey,
                scale: *scale,
                score: *score,
            },
        };
        EventWire { at: event.at, kind }
    }
}

impl<'a> From<&'a Product> for ProductWire<'a> {
    fn from(product: &'a Product) -> ProductWire<'a> {
        ProductWire {
            id: &product.id,
            category: product.category.as_deref(),
            brand: product.brand.as_deref(),
            tags: product.tags.iter().map(String::as_str).collect(),
            price: product.price,
        }
    }
}

impl<'a> From<&'a Product> for DetailsWire<'a> {
    fn from(product: &'a Product) -> DetailsWire<'a> {
        DetailsWire {
            id: &product.id,
            name: product.name.as_deref(),
            url: product.url.as_deref(),
            image: product.image.as_deref(),
        }
    }
}
