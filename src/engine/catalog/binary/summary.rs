//! What a compiled catalog holds, as the text `vitrine sign`, `verify` and `inspect` print: the
//! native CLI and the Node tools (`npx vitrine`) share it, so their output is identical.

use crate::engine::prelude::*;

use super::header::CatalogHeader;
use crate::engine::catalog::Catalog;
use crate::engine::events::Millis;

/// The header and the catalog's size, one field a line; marks a catalog that has expired at
/// `now` (Unix ms).
pub fn summary(header: &CatalogHeader, catalog: &Catalog, now: Millis) -> String {
    let expired = if now >= header.expires_at {
        " (expired)"
    } else {
        ""
    };
    format!(
        "sequence    {}\nsigned at   {}\nexpires at  {}{expired}\nversion     {}\ncontents    \
         {}, {}, {}",
        header.sequence,
        utc(header.signed_at),
        utc(header.expires_at),
        catalog.version,
        count(catalog.campaigns.len(), "campaign"),
        count(catalog.offers.len(), "offer"),
        count(catalog.beacons.len(), "beacon")
    )
}

/// `1 offer`, `2 offers`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `2026-11-23T09:00:00Z`, or the raw number outside the calendar's range.
fn utc(ms: Millis) -> String {
    match time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("{ms} ms after 1970-01-01"),
    }
}
