//! `vitrine inspect`: what a `catalog.bin` holds (docs/signing.md), and the clock that `sign`
//! and `verify` read too.

use std::time::{SystemTime, UNIX_EPOCH};

use vitrine::engine::catalog::binary::{self, count, summary};
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
        summary(&header, &catalog, now_ms())
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

/// The current time, Unix ms.
pub fn now_ms() -> Millis {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
        Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX)
    })
}
