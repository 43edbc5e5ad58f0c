//! `vitrine inspect`: what a `catalog.bin` holds, and the summary that `sign` and `verify`
//! print too (docs/signing.md).

use std::time::{SystemTime, UNIX_EPOCH};

use vitrine::engine::catalog::binary::{self, CatalogHeader};
use vitrine::engine::catalog::Catalog;
use vitrine::engine::events::Millis;
use vitrine::engine::signature::{Envelope, SignatureError};

use super::{read_bytes, usage, Failure, Options, Outcome};

pub fn inspect(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &[], &[])?;
    let [path] = opts.positional.as_slice() else {
        return Err(usage("`inspect` takes exactly one catalog.bin file"));
    };
    let bytes = read_bytes(path)?;
    let (signer, payload) = match Envelope::parse(&bytes) {
        Ok(envelope) => (
            format!(
                "key {} (not checked here: run `vitrine verify --key ...`)",
                envelope.key_id
            ),
            envelope.payload,
        ),
        Err(SignatureError::Unsigned) => ("none: an unsigned payload".to_owned(), &bytes[..]),
        Err(e) => return Err(Failure(1, format!("vitrine: `{path}`: {e}"))),
    };
    let (header, catalog) = binary::decode(payload)
        .map_err(|e| Failure(1, format!("vitrine: `{path}` ({}): {e}", e.code())))?;
    println!(
        "file        {path} ({} bytes, payload {})\nsigned by   {signer}\n{}",
        bytes.len(),
        payload.len(),
        summary(&header, &catalog)
    );
    for c in &catalog.campaigns {
        println!(
            "  campaign {} (priority {}): {}",
            c.id,
            c.priority,
            count(c.offers.len(), "offer")
        );
    }
    Ok(())
}

/// The header and the catalog's size, one field a line.
pub fn summary(header: &CatalogHeader, catalog: &Catalog) -> String {
    let expired = if now_ms() >= header.expires_at {
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
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The current time, Unix ms.
pub fn now_ms() -> Millis {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
        Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX)
    })
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
