//! Size limits of an event batch (`track` and the outbox), checked by
//! [`decode_batch`](super::bytes::decode_batch). The shell validates events against the same
//! limits before it encodes them, so a batch it writes always decodes.
//!
//! They bound the work and memory one batch can cost, and they refuse nothing the profile
//! would use: longer ids are garbage to the profile too, and a query has room for every
//! character the profile reads.

use crate::engine::prelude::*;

use core::fmt;
use core::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// Longest id (product, category, brand, tag, removed product, offer, slot, beacon) or product
/// name, in UTF-8 bytes. The profile ignores longer ids as garbage
/// ([`profile::MAX_ID_BYTES`](crate::engine::profile::MAX_ID_BYTES) is this limit).
pub const MAX_ID_BYTES: usize = 256;
/// Longest search query, in UTF-8 bytes: four bytes for each of the
/// [`MAX_QUERY_CHARS`](crate::engine::profile::MAX_QUERY_CHARS) characters the profile reads.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Longest product `url` or `image`, in UTF-8 bytes.
pub const MAX_URL_BYTES: usize = 1024;
/// Most tags on one product (the profile keeps the first
/// [`MAX_TAGS_PER_PRODUCT`](crate::engine::profile::MAX_TAGS_PER_PRODUCT) valid ones).
pub const MAX_PRODUCT_TAGS: usize = 64;
/// Most items in one purchase (the profile keeps the first
/// [`MAX_ITEMS_PER_PURCHASE`](crate::engine::profile::MAX_ITEMS_PER_PURCHASE) valid ones).
pub const MAX_PURCHASE_ITEMS: usize = 256;
/// Most events in one batch; the shell starts a new batch when one is full.
pub const MAX_BATCH_EVENTS: usize = 4096;

/// One of the limits, as errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`MAX_ID_BYTES`].
    IdBytes,
    /// [`MAX_QUERY_BYTES`].
    QueryBytes,
    /// [`MAX_URL_BYTES`].
    UrlBytes,
    /// [`MAX_PRODUCT_TAGS`].
    ProductTags,
    /// [`MAX_PURCHASE_ITEMS`].
    PurchaseItems,
    /// [`MAX_BATCH_EVENTS`].
    BatchEvents,
}

impl Limit {
    /// The limit's value.
    pub const fn max(self) -> usize {
        match self {
            Limit::IdBytes => MAX_ID_BYTES,
            Limit::QueryBytes => MAX_QUERY_BYTES,
            Limit::UrlBytes => MAX_URL_BYTES,
            Limit::ProductTags => MAX_PRODUCT_TAGS,
            Limit::PurchaseItems => MAX_PURCHASE_ITEMS,
            Limit::BatchEvents => MAX_BATCH_EVENTS,
        }
    }

    /// What the limit counts: "bytes", "tags", "items" or "events".
    pub const fn unit(self) -> &'static str {
        match self {
            Limit::IdBytes | Limit::QueryBytes | Limit::UrlBytes => "bytes",
            Limit::ProductTags => "tags",
            Limit::PurchaseItems => "items",
            Limit::BatchEvents => "events",
        }
    }

    /// The constant's name, e.g. `"MAX_ID_BYTES"`.
    pub const fn name(self) -> &'static str {
        match self {
            Limit::IdBytes => "MAX_ID_BYTES",
            Limit::QueryBytes => "MAX_QUERY_BYTES",
            Limit::UrlBytes => "MAX_URL_BYTES",
            Limit::ProductTags => "MAX_PRODUCT_TAGS",
            Limit::PurchaseItems => "MAX_PURCHASE_ITEMS",
            Limit::BatchEvents => "MAX_BATCH_EVENTS",
        }
    }
}

/// Deserializes a list but keeps at most `MAX + 1` entries, for
/// `#[serde(deserialize_with = "capped::<MAX, _, _>")]`: enough to tell afterwards that the
/// list is over `MAX` (and name the limit), never more memory than that, whatever length the
/// input states. Entries past `MAX + 1` are still decoded, so the input stays aligned.
pub(crate) fn capped<'de, const MAX: usize, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_seq(Capped::<MAX, T>(PhantomData))
}

struct Capped<const MAX: usize, T>(PhantomData<T>);

impl<'de, const MAX: usize, T: Deserialize<'de>> Visitor<'de> for Capped<MAX, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX + 1));
        while let Some(item) = seq.next_element()? {
            if items.len() <= MAX {
                items.push(item);
            }
        }
        Ok(items)
    }
}
