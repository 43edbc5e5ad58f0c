//! The stored measurement ledger as bytes, the `ledger` record the shell keeps in its store:
//!
//! ```text
//! "VMSR" | u16 layout version (little-endian) | postcard(LedgerWire)
//! ```
//!
//! Decoding never trusts the bytes: the input is bounded, every value is checked (the day, ids,
//! counts of offers, epsilons, the budget's days) and anything else is refused with
//! [`CORRUPT`]; no byte string panics. Nothing here formats text or numbers.

use serde::{Deserialize, Serialize};
use vitrine::engine::catalog::limits::MAX_ID_LEN;
use vitrine::engine::measurement::{Budget, Day, Ledger, OfferCounts, MAX_OFFERS};

/// The first four bytes of a stored ledger.
pub const MAGIC: [u8; 4] = *b"VMSR";
/// The layout [`encode`] writes, the only one [`decode`] reads.
pub const LAYOUT_VERSION: u16 = 1;
/// The most bytes a ledger may have: every offer of the largest catalog with the longest id.
pub const MAX_LEDGER_BYTES: usize = 64 + MAX_OFFERS * (MAX_ID_LEN + 20) + 16 * 32;
/// Why stored bytes were refused (the `storage_corrupt` message).
pub const CORRUPT: &str =
    "the stored measurement ledger could not be read; it was reset (its counts are lost)";

/// The flat ledger record. `O` is the offers' list: borrowed when writing, owned when reading.
#[derive(Serialize, Deserialize)]
struct LedgerWire<O> {
    /// The day being counted: days since 1970-01-01 in the shop's time zone.
    day: u32,
    /// That day's `(offer id, (impressions, clicks, conversions))`.
    offers: O,
    /// The privacy budget per day.
    epsilon_per_day: f64,
    /// `(day, epsilon spent)` of the budget's recent days, oldest first.
    spent: Vec<(u32, f64)>,
}

/// The stored bytes of `ledger`.
pub fn encode(ledger: &Ledger) -> Vec<u8> {
    let wire = LedgerWire {
        day: ledger.day.epoch_days() as u32,
        offers: &ledger.offers[..],
        epsilon_per_day: ledger.budget.epsilon_per_day(),
        spent: ledger
            .budget
            .days()
            .iter()
            .map(|(d, spent)| (d.epoch_days() as u32, *spent))
            .collect(),
    };
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&LAYOUT_VERSION.to_le_bytes());
    // Cannot fail: every field serializes and a `Vec` never runs out of room. (Not `expect`:
    // its message would bring formatting code into the wasm.)
    postcard::to_extend(&wire, out).unwrap_or_default()
}

/// The ledger stored in `bytes`, or `None` when they are not one [`encode`] could write: the
/// day, offer ids (1 to `MAX_ID_LEN` bytes, at most `MAX_OFFERS`) and the budget
/// ([`Budget::restore`]) are checked. (An offer listed twice is harmless: counting and
/// reporting use its first entry.)
pub fn decode(bytes: &[u8]) -> Option<Ledger> {
    if bytes.len() > MAX_LEDGER_BYTES || bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return None;
    }
    let (&version, body) = bytes[MAGIC.len()..].split_first_chunk::<2>()?;
    if u16::from_le_bytes(version) != LAYOUT_VERSION {
        return None;
    }
    type Offers = Vec<(String, OfferCounts)>;
    let (wire, rest) = postcard::take_from_bytes::<LedgerWire<Offers>>(body).ok()?;
    let ids_fit = wire
        .offers
        .iter()
        .all(|(id, _)| !id.is_empty() && id.len() <= MAX_ID_LEN);
    if !rest.is_empty() || wire.offers.len() > MAX_OFFERS || !ids_fit {
        return None;
    }
    let day = |d: u32| Day::from_epoch_days(i64::from(d));
    let mut spent = Vec::with_capacity(wire.spent.len());
    for &(d, epsilon) in &wire.spent {
        // Only a day before the counted one can have been charged.
        spent.push((day(d).filter(|_| d < wire.day)?, epsilon));
    }
    Some(Ledger {
        day: day(wire.day)?,
        offers: wire.offers,
        budget: Budget::restore(wire.epsilon_per_day, &spent)?,
    })
}
