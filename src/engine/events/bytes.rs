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
//! limit in memory.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::ErrorCode;

use super::limits::{capped, Limit, MAX_BATCH_EVENTS, MAX_PRODUCT_TAGS, MAX_PURCHASE_ITEMS};
use super::{Event, EventKind, Millis, OfferRef, PageType, Product};

/// One event on the wire: [`Event`] field for field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventWire {
    /// Unix milliseconds.
    pub at: Millis,
    /// What happened.
    pub kind: EventKindWire,
}

/// [`EventKind`] on the wire, its variants in [`EventType`](super::EventType) order (the
/// varint tag is that position).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventKindWire {
    /// 0, `page_view`.
    PageView {
        /// The page type, a varint in [`PageType`] order.
        page_type: PageType,
    },
    /// 1, `product_view`.
    ProductView {
        /// The product.
        product: ProductWire,
    },
    /// 2, `category_view`.
    CategoryView {
        /// The category id.
        category: String,
    },
    /// 3, `search`.
    Search {
        /// The query as typed.
        query: String,
    },
    /// 4, `add_to_cart`.
    AddToCart {
        /// The product.
        product: ProductWire,
        /// How many.
        quantity: u32,
    },
    /// 5, `remove_from_cart`.
    RemoveFromCart {
        /// The product id.
        product_id: String,
    },
    /// 6, `purchase`.
    Purchase {
        /// What was bought.
        #[serde(deserialize_with = "capped::<MAX_PURCHASE_ITEMS, _, _>")]
        items: Vec<ProductWire>,
        /// The order value.
        value: f64,
    },
    /// 7, `impression`.
    Impression {
        /// The offer id.
        offer: String,
        /// The slot.
        slot: String,
    },
    /// 8, `click`.
    Click {
        /// The offer id.
        offer: String,
        /// The slot.
        slot: String,
    },
    /// 9, `dismiss`.
    Dismiss {
        /// The offer id.
        offer: String,
        /// The slot.
        slot: String,
    },
    /// 10, `beacon_enter`.
    BeaconEnter {
        /// The beacon id.
        beacon: String,
    },
    /// 11, `beacon_exit`.
    BeaconExit {
        /// The beacon id.
        beacon: String,
    },
}

/// [`Product`] on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductWire {
    /// The product id.
    pub id: String,
    /// Its category id.
    pub category: Option<String>,
    /// Its brand.
    pub brand: Option<String>,
    /// Its tags.
    #[serde(deserialize_with = "capped::<MAX_PRODUCT_TAGS, _, _>")]
    pub tags: Vec<String>,
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
    /// Bytes follow the last event.
    TrailingBytes,
}

impl EventBytesError {
    /// The code the SDK reports.
    pub fn code(self) -> ErrorCode {
        ErrorCode::EventInvalid
    }

    /// What is wrong, as static text (no event numbers), so the wasm boundary reports it
    /// without formatting code; `Display` names the event and the field too.
    pub fn message(self) -> &'static str {
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
                Limit::IdBytes => "an event has an id longer than MAX_ID_BYTES (256 bytes)",
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
            EventBytesError::TrailingBytes => {
                f.write_str("the event batch has bytes after its last event")
            }
        }
    }
}

impl std::error::Error for EventBytesError {}

/// The events of a batch, each checked against the [limits](super::limits) (see the
/// [module documentation](self)).
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<Event>, EventBytesError> {
    let (count, mut rest) =
        postcard::take_from_bytes::<u32>(bytes).map_err(|_| EventBytesError::MissingCount)?;
    if count as usize > MAX_BATCH_EVENTS {
        return Err(EventBytesError::TooManyEvents { count });
    }
    // Every event takes at least two bytes, so the input bounds what is worth reserving.
    let mut events = Vec::with_capacity((count as usize).min(rest.len() / 2));
    for index in 0..count as usize {
        let (wire, tail) =
            postcard::take_from_bytes::<EventWire>(rest).map_err(|error| match error {
                postcard::Error::DeserializeUnexpectedEnd => EventBytesError::Truncated { index },
                _ => EventBytesError::Undecodable { index },
            })?;
        events.push(Check { index }.event(wire)?);
        rest = tail;
    }
    if !rest.is_empty() {
        return Err(EventBytesError::TrailingBytes);
    }
    Ok(events)
}

/// The batch of `events`, as the shell's encoder writes it. Events over a limit (or more than
/// [`MAX_BATCH_EVENTS`] of them) encode, but [`decode_batch`] refuses them.
pub fn encode_batch(events: &[Event]) -> Vec<u8> {
    let wires: Vec<EventWire> = events.iter().map(EventWire::from).collect();
    postcard::to_allocvec(&wires).expect("postcard writes EventWires into a Vec without error")
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
    id: "product.id",
    category: "product.category",
    brand: "product.brand",
    tags: "product.tags",
    price: "product.price",
};

const ITEM: ProductFields = ProductFields {
    id: "items[].id",
    category: "items[].category",
    brand: "items[].brand",
    tags: "items[].tags",
    price: "items[].price",
};

/// Turns event `index` of a batch into an [`Event`], checking every limit.
struct Check {
    index: usize,
}

impl Check {
    fn event(&self, wire: EventWire) -> Result<Event, EventBytesError> {
        let kind = match wire.kind {
            EventKindWire::PageView { page_type } => EventKind::PageView { page_type },
            EventKindWire::ProductView { product } => EventKind::ProductView {
                product: self.product(product, &PRODUCT)?,
            },
            EventKindWire::CategoryView { category } => EventKind::CategoryView {
                category: self.id(category, "category")?,
            },
            EventKindWire::Search { query } => EventKind::Search {
                query: self.text(query, "query", Limit::QueryBytes)?,
            },
            EventKindWire::AddToCart { product, quantity } => EventKind::AddToCart {
                product: self.product(product, &PRODUCT)?,
                quantity,
            },
            EventKindWire::RemoveFromCart { product_id } => EventKind::RemoveFromCart {
                product_id: self.id(product_id, "productId")?,
            },
            EventKindWire::Purchase { items, value } => EventKind::Purchase {
                items: self
                    .list(items, "items", Limit::PurchaseItems)?
                    .into_iter()
                    .map(|item| self.product(item, &ITEM))
                    .collect::<Result<_, _>>()?,
                value: self.finite(value, "value")?,
            },
            EventKindWire::Impression { offer, slot } => {
                EventKind::Impression(self.offer(offer, slot)?)
            }
            EventKindWire::Click { offer, slot } => EventKind::Click(self.offer(offer, slot)?),
            EventKindWire::Dismiss { offer, slot } => EventKind::Dismiss(self.offer(offer, slot)?),
            EventKindWire::BeaconEnter { beacon } => EventKind::BeaconEnter {
                beacon: self.id(beacon, "beacon")?,
            },
            EventKindWire::BeaconExit { beacon } => EventKind::BeaconExit {
                beacon: self.id(beacon, "beacon")?,
            },
        };
        Ok(Event { at: wire.at, kind })
    }

    fn product(
        &self,
        product: ProductWire,
        fields: &ProductFields,
    ) -> Result<Product, EventBytesError> {
        Ok(Product {
            id: self.id(product.id, fields.id)?,
            category: self.optional_id(product.category, fields.category)?,
            brand: self.optional_id(product.brand, fields.brand)?,
            tags: self
                .list(product.tags, fields.tags, Limit::ProductTags)?
                .into_iter()
                .map(|tag| self.id(tag, fields.tags))
                .collect::<Result<_, _>>()?,
            price: product
                .price
                .map(|price| self.finite(price, fields.price))
                .transpose()?,
        })
    }

    fn offer(&self, offer: String, slot: String) -> Result<OfferRef, EventBytesError> {
        Ok(OfferRef {
            offer: self.id(offer, "offer")?,
            slot: self.id(slot, "slot")?,
        })
    }

    fn id(&self, id: String, field: &'static str) -> Result<String, EventBytesError> {
        self.text(id, field, Limit::IdBytes)
    }

    fn optional_id(
        &self,
        id: Option<String>,
        field: &'static str,
    ) -> Result<Option<String>, EventBytesError> {
        id.map(|id| self.id(id, field)).transpose()
    }

    fn text(
        &self,
        text: String,
        field: &'static str,
        limit: Limit,
    ) -> Result<String, EventBytesError> {
        self.within(text.len(), field, limit)?;
        Ok(text)
    }

    fn list<T>(
        &self,
        list: Vec<T>,
        field: &'static str,
        limit: Limit,
    ) -> Result<Vec<T>, EventBytesError> {
        self.within(list.len(), field, limit)?;
        Ok(list)
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

    fn finite(&self, value: f64, field: &'static str) -> Result<f64, EventBytesError> {
        if !value.is_finite() {
            return Err(EventBytesError::NotFinite {
                index: self.index,
                field,
            });
        }
        Ok(value)
    }
}

impl From<&Event> for EventWire {
    fn from(event: &Event) -> EventWire {
        let kind = match &event.kind {
            EventKind::PageView { page_type } => EventKindWire::PageView {
                page_type: *page_type,
            },
            EventKind::ProductView { product } => EventKindWire::ProductView {
                product: product.into(),
            },
            EventKind::CategoryView { category } => EventKindWire::CategoryView {
                category: category.clone(),
            },
            EventKind::Search { query } => EventKindWire::Search {
                query: query.clone(),
            },
            EventKind::AddToCart { product, quantity } => EventKindWire::AddToCart {
                product: product.into(),
                quantity: *quantity,
            },
            EventKind::RemoveFromCart { product_id } => EventKindWire::RemoveFromCart {
                product_id: product_id.clone(),
            },
            EventKind::Purchase { items, value } => EventKindWire::Purchase {
                items: items.iter().map(ProductWire::from).collect(),
                value: *value,
            },
            EventKind::Impression(o) => EventKindWire::Impression {
                offer: o.offer.clone(),
                slot: o.slot.clone(),
            },
            EventKind::Click(o) => EventKindWire::Click {
                offer: o.offer.clone(),
                slot: o.slot.clone(),
            },
            EventKind::Dismiss(o) => EventKindWire::Dismiss {
                offer: o.offer.clone(),
                slot: o.slot.clone(),
            },
            EventKind::BeaconEnter { beacon } => EventKindWire::BeaconEnter {
                beacon: beacon.clone(),
            },
            EventKind::BeaconExit { beacon } => EventKindWire::BeaconExit {
                beacon: beacon.clone(),
            },
        };
        EventWire { at: event.at, kind }
    }
}

impl From<&Product> for ProductWire {
    fn from(product: &Product) -> ProductWire {
        ProductWire {
            id: product.id.clone(),
            category: product.category.clone(),
            brand: product.brand.clone(),
            tags: product.tags.clone(),
            price: product.price,
        }
    }
}
