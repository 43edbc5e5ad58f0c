//! The stored profile as bytes, the `profile` record the shell keeps in IndexedDB:
//!
//! ```text
//! "VPRF" | u16 layout version (little-endian) | postcard(ProfileWire)
//! ```
//!
//! [`ProfileWire`] is the flat record (interests, engagement, cart, orders, sessions, searches,
//! offer histories, beacons); raw events are not part of it (the shell keeps them in a store of
//! their own). Decoding never trusts the bytes: a list longer than the profile keeps is
//! refused by its stated length before it is read, a length beyond the input fails before
//! anything is allocated, and [`Profile::from_wire`] checks every value (ids, times, finite
//! amounts). Any byte string gives a profile or a [`ProfileBytesError`], never a panic.

use crate::engine::prelude::*;

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::codec::{ReadError, Reader, Writer};
use crate::engine::events::{Millis, Scale};
use crate::engine::ErrorCode;

use super::bounded_list::at_most;
use super::config::{
    MAX_BEACONS, MAX_CART_LINES, MAX_KEYS_PER_DIMENSION, MAX_OFFERS, MAX_PRODUCT_CARDS,
    MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS, MAX_SURVEY_ANSWERS,
};
use super::Profile;

/// The first four bytes of a stored profile.
pub const MAGIC: [u8; 4] = *b"VPRF";
/// The layout [`Profile::to_bytes`] writes. [`Profile::from_bytes`] reads it, layout 3 (which
/// had no survey answers: it loads without any), layout 2 (no product details either) and
/// layout 1, which kept each bought
/// product's latest purchase only: its products load as bought once, with no category, and its
/// orders as one shopping trip at the latest.
pub const LAYOUT_VERSION: u16 = 4;
/// The oldest layout [`Profile::from_bytes`] reads.
pub const OLDEST_LAYOUT_VERSION: u16 = 1;

/// The flat profile record. Times are Unix milliseconds, amounts lie on a 1e-6 grid, tuples keep
/// it small. Its texts borrow: from the profile when it is written, from the stored bytes when
/// it is read (loading copies only the entries it keeps).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfileWire<'a> {
    /// Interests per dimension.
    #[serde(borrow)]
    pub aff: AffinitiesWire<'a>,
    /// Engagement: `(value at last update, last update)`.
    pub eng: (f64, Millis),
    /// Cart lines.
    #[serde(borrow, deserialize_with = "at_most::<MAX_CART_LINES, _, _>")]
    pub cart: Vec<CartLineWire<'a>>,
    /// Orders placed, lifetime.
    pub orders: u32,
    /// The latest order.
    pub last_order: Option<Millis>,
    /// Total spent, lifetime.
    pub spent: f64,
    /// Recently bought products.
    #[serde(borrow, deserialize_with = "at_most::<MAX_RECENT_PURCHASES, _, _>")]
    pub bought: Vec<BoughtWire<'a>>,
    /// The orders' rhythm (layout 2): shopping trips, the latest, and the sums of the
    /// logarithms of the days between trips and of their squares.
    pub rhythm: Option<(u32, Millis, f64, f64)>,
    /// Sessions so far.
    pub sessions: u32,
    /// Start of the current session.
    pub session_start: Option<Millis>,
    /// Page views in the current session.
    pub session_pages: u32,
    /// Earliest event seen.
    pub first_seen: Option<Millis>,
    /// Latest event seen.
    pub last_seen: Option<Millis>,
    /// Recent search terms, newest first: `(term, latest search)`.
    #[serde(borrow, deserialize_with = "at_most::<MAX_SEARCH_TERMS, _, _>")]
    pub search: Vec<(&'a str, Millis)>,
    /// Offer histories.
    #[serde(borrow, deserialize_with = "at_most::<MAX_OFFERS, _, _>")]
    pub offers: Vec<OfferWire<'a>>,
    /// Beacons: `(beacon id, latest enter, latest exit)`.
    #[serde(borrow, deserialize_with = "at_most::<MAX_BEACONS, _, _>")]
    pub beacons: Vec<(&'a str, Option<Millis>, Option<Millis>)>,
    /// Events folded in, lifetime.
    pub count: u64,
    /// Product details (layout 3): `(product id, name, url, image, latest described or viewed,
    /// latest view)`.
    #[serde(borrow, deserialize_with = "at_most::<MAX_PRODUCT_CARDS, _, _>")]
    pub cards: Vec<CardWire<'a>>,
    /// Survey answers (layout 4): `(survey id, scale, score, answered at)`.
    #[serde(borrow, deserialize_with = "at_most::<MAX_SURVEY_ANSWERS, _, _>")]
    pub answers: Vec<(&'a str, Scale, u8, Millis)>,
}

/// One product's details: `(product id, name, url, image, latest described or viewed, latest
/// view)`.
pub type CardWire<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Millis,
    Option<Millis>,
);

/// Interests per dimension: `(key, score at last update, last update)`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AffinitiesWire<'a> {
    /// Categories.
    #[serde(borrow, deserialize_with = "at_most::<MAX_KEYS_PER_DIMENSION, _, _>")]
    pub category: Vec<(&'a str, f64, Millis)>,
    /// Brands.
    #[serde(borrow, deserialize_with = "at_most::<MAX_KEYS_PER_DIMENSION, _, _>")]
    pub brand: Vec<(&'a str, f64, Millis)>,
    /// Tags.
    #[serde(borrow, deserialize_with = "at_most::<MAX_KEYS_PER_DIMENSION, _, _>")]
    pub tag: Vec<(&'a str, f64, Millis)>,
    /// Normalised search terms.
    #[serde(borrow, deserialize_with = "at_most::<MAX_KEYS_PER_DIMENSION, _, _>")]
    pub search: Vec<(&'a str, f64, Millis)>,
}

/// One recently bought product (layout 2; layout 1 kept `(id, latest purchase)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoughtWire<'a> {
    /// Product id.
    #[serde(borrow)]
    pub id: &'a str,
    /// Category.
    #[serde(borrow)]
    pub category: Option<&'a str>,
    /// Shopping trips that included it.
    pub trips: u32,
    /// The latest one.
    pub at: Millis,
    /// Sum of the logarithms of the days between trips.
    pub log_sum: f64,
    /// Sum of their squares.
    pub log_sq_sum: f64,
}

impl<'a> BoughtWire<'a> {
    /// A product bought once, at `at`, with no category.
    pub fn once(id: &'a str, at: Millis) -> BoughtWire<'a> {
        BoughtWire {
            id,
            category: None,
            trips: 1,
            at,
            log_sum: 0.0,
            log_sq_sum: 0.0,
        }
    }
}

/// One cart line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLineWire<'a> {
    /// Product id.
    #[serde(borrow)]
    pub id: &'a str,
    /// Quantity.
    pub qty: u32,
    /// Category.
    #[serde(borrow)]
    pub category: Option<&'a str>,
    /// Unit price.
    pub price: Option<f64>,
    /// Last change.
    pub at: Millis,
}

/// One offer history. Windows are `(window id, count)`, fatigue is `(value, at)`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OfferWire<'a> {
    /// Offer id.
    #[serde(borrow)]
    pub id: &'a str,
    /// Impressions.
    pub imp: u32,
    /// Clicks.
    pub clk: u32,
    /// Dismissals.
    pub dis: u32,
    /// Latest impression.
    pub shown: Option<Millis>,
    /// Latest click.
    pub clicked: Option<Millis>,
    /// Latest dismissal.
    pub dismissed: Option<Millis>,
    /// Impressions in the latest session.
    pub session: (i64, u32),
    /// Impressions on the latest local day.
    pub day: (i64, u32),
    /// Impressions in the latest local ISO week.
    pub week: (i64, u32),
    /// Fatigue.
    pub fatigue: (f64, Millis),
}

/// Why stored profile bytes were refused. Each is [`ErrorCode::StorageCorrupt`]: the shell
/// reports it once and starts an empty profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileBytesError {
    /// The bytes do not start with [`MAGIC`].
    NotAProfile,
    /// The layout version is not one this version reads (a newer Vitrine wrote it).
    UnsupportedLayout {
        /// The stored version.
        found: u16,
    },
    /// The bytes end before the record does.
    Truncated,
    /// The record does not decode: a bad varint, UTF-8 text or option tag, or a list longer
    /// than a profile keeps.
    Malformed,
    /// Bytes follow the end of the record.
    TrailingBytes,
}

impl ProfileBytesError {
    /// The code the SDK reports.
    pub fn code(self) -> ErrorCode {
        ErrorCode::StorageCorrupt
    }

    /// A short explanation (without `std`, in the browser's wasm, one for every case: the code
    /// says what the shell does, and the stored bytes are not the shopper's to mend).
    pub fn message(self) -> &'static str {
        if !cfg!(feature = "std") {
            return "the stored profile does not decode";
        }
        match self {
            ProfileBytesError::NotAProfile => "the stored profile does not start with VPRF",
            ProfileBytesError::UnsupportedLayout { .. } => {
                "the stored profile has a layout this version of Vitrine does not read"
            }
            ProfileBytesError::Truncated => "the stored profile is cut short",
            ProfileBytesError::Malformed => "the stored profile does not decode",
            ProfileBytesError::TrailingBytes => "the stored profile has bytes after its end",
        }
    }
}

impl fmt::Display for ProfileBytesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for ProfileBytesError {}

impl Profile {
    /// The stored bytes of this profile (see the [module documentation](self)).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer {
            bytes: Vec::with_capacity(1024),
        };
        w.bytes.extend_from_slice(&MAGIC);
        w.bytes.extend_from_slice(&LAYOUT_VERSION.to_le_bytes());
        self.write(&mut w);
        w.bytes
    }

    /// The profile stored in `bytes`, checked as [`Profile::from_wire`] checks a record.
    pub fn from_bytes(bytes: &[u8]) -> Result<Profile, ProfileBytesError> {
        Profile::from_bytes_since(bytes, 0)
    }

    /// [`Profile::from_bytes`] with retention applied at `cutoff` as it loads (see
    /// [`Profile::from_wire_since`]): what the browser's engine loads.
    pub fn from_bytes_since(bytes: &[u8], cutoff: Millis) -> Result<Profile, ProfileBytesError> {
        if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
            return Err(ProfileBytesError::NotAProfile);
        }
        let Some((&version, body)) = bytes[MAGIC.len()..].split_first_chunk::<2>() else {
            return Err(ProfileBytesError::Truncated);
        };
        let found = u16::from_le_bytes(version);
        if !(OLDEST_LAYOUT_VERSION..=LAYOUT_VERSION).contains(&found) {
            return Err(ProfileBytesError::UnsupportedLayout { found });
        }
        let mut r = Reader::new(body);
        let profile = Profile::read_since(&mut r, cutoff, found).map_err(|error| match error {
            ReadError::End => ProfileBytesError::Truncated,
            _ => ProfileBytesError::Malformed,
        })?;
        if !r.rest().is_empty() {
            return Err(ProfileBytesError::TrailingBytes);
        }
        Ok(profile)
    }
}
