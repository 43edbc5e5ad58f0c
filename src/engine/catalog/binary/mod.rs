//! The compiled catalog: the payload of `catalog.bin`, which `vitrine sign` writes and devices
//! decode (docs/architecture.md).
//!
//! ```text
//! payload := "VCAT" | u16 format version | u64 sequence | i64 expires_at (Unix ms) | i64 signed_at | body
//! body    := postcard(CatalogWire)      (all little-endian)
//! ```
//!
//! [`encode()`] compiles a validated [`Catalog`](super::Catalog). [`decode()`] turns *any* bytes
//! into either exactly that catalog or a [`DecodeError`]: it never panics, never recurses on
//! the input, refuses over-long length prefixes before allocating, and re-checks what the
//! engine relies on (limits, rule size and typing, finite numbers in range). What only matters
//! for meaning (the URL policy, unique ids, beacon references) it trusts to the signature and
//! to `vitrine sign`, which compiles validated catalogs only (docs/architecture.md).
//! [`CatalogHeader::read`] reads the header alone, [`decode_beacons`] the beacons alone, and [`super::accept`] decides whether a
//! device may use a payload now. [`summary()`] is the text the command-line tools print about
//! one.

mod bounded;
mod decode;
mod encode;
mod error;
mod header;
mod read;
mod rules;
mod summary;
mod wire;

pub use decode::{decode, decode_beacons};
pub use encode::encode;
pub use error::{DecodeError, EncodeError};
pub use header::{CatalogHeader, FORMAT_VERSION, HEADER_LEN, MAGIC, OLDEST_FORMAT_VERSION};
pub use summary::{count, summary};
