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
//! the input, refuses over-long length prefixes before allocating, and re-checks everything
//! validation established (limits, URL policy, unique ids, rule size and typing, beacon
//! references, finite numbers in range). [`CatalogHeader::read`] reads the header alone, and
//! [`super::accept`] decides whether a device may use a payload now.

mod bounded;
mod decode;
mod encode;
mod error;
mod header;
mod rules;
mod wire;

pub use decode::decode;
pub use encode::encode;
pub use error::{DecodeError, EncodeError};
pub use header::{CatalogHeader, FORMAT_VERSION, HEADER_LEN, MAGIC};
