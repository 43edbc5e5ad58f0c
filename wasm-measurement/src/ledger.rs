//! The stored measurement ledger as bytes, the `ledger` record the shell keeps in its store:
//!
//! ```text
//! "VMSR" | u16 layout version (little-endian) | day | offers | answers | epsilon per day | spent
//! ```
//!
//! in postcard's encoding (the core's `codec` reader and writer; `tests.rs` writes ledgers with
//! postcard itself): `day` a `u32` (days since 1970-01-01 in the shop's time zone), `offers` a
//! list of `(offer id, impressions, clicks, conversions)`, `answers` a list of `(survey id,
//! answer bucket)` (the bucket's code, a byte: `scores::BUCKETS`; layout 2, absent in layout 1),
//! `epsilon per day` an `f64`, `spent` the budget's recent days as `(day, epsilon spent)`,
//! oldest first.
//!
//! Decoding never trusts the bytes: the input is bounded, every value is checked (the day, ids,
//! counts of offers, epsilons, the budget's days) and anything else is refused with
//! [`CORRUPT`]; no byte string panics. Nothing here formats text or numbers.

use alloc::borrow::ToOwned;
use alloc::vec::Vec;

use vitrine::engine::catalog::limits::MAX_ID_LEN;
use vitrine::engine::codec::{Reader, Writer};
use vitrine::engine::measurement::scores::BUCKETS;
use vitrine::engine::measurement::{Budget, Day, Ledger, OfferCounts, MAX_OFFERS};

/// The first four bytes of a stored ledger.
pub const MAGIC: [u8; 4] = *b"VMSR";
/// The layout [`encode`] writes; [`decode`] also reads layout 1 (without answers).
pub const LAYOUT_VERSION: u16 = 2;
/// The most bytes a ledger may have: every offer of the largest catalog with the longest id,
/// and as many survey answers.
pub const MAX_LEDGER_BYTES: usize = 64 + MAX_OFFERS * (2 * MAX_ID_LEN + 32) + 16 * 32;
/// Why stored bytes were refused (the `storage_corrupt` message).
pub const CORRUPT: &str =
    "the stored measurement ledger could not be read; it was reset (its counts are lost)";

/// The stored bytes of `ledger`.
pub fn encode(ledger: &Ledger) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.extend_from_slice(&MAGIC);
    w.bytes.extend_from_slice(&LAYOUT_VERSION.to_le_bytes());
    w.u32(ledger.day.epoch_days() as u32);
    w.list(&ledger.offers, |w, (id, counts)| {
        w.str(id);
        w.u32(counts.impressions);
        w.u32(counts.clicks);
        w.u32(counts.conversions);
    });
    w.list(&ledger.answers, |w, (survey, bucket)| {
        w.str(survey);
        w.u8(*bucket);
    });
    w.f64(ledger.budget.epsilon_per_day());
    w.list(ledger.budget.days(), |w, (d, spent)| {
        w.u32(d.epoch_days() as u32);
        w.f64(*spent);
    });
    w.bytes
}

/// The ledger stored in `bytes` (layout 1 or 2), or `None` when they are not one [`encode`]
/// could write: the day, offer and survey ids (1 to `MAX_ID_LEN` bytes, at most `MAX_OFFERS`
/// of each), answer buckets and the budget ([`Budget::restore`]) are checked. (An offer listed
/// twice is harmless: counting and reporting use its first entry.)
pub fn decode(bytes: &[u8]) -> Option<Ledger> {
    if bytes.len() > MAX_LEDGER_BYTES || bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return None;
    }
    let (&version, body) = bytes[MAGIC.len()..].split_first_chunk::<2>()?;
    let version = u16::from_le_bytes(version);
    if !(1..=LAYOUT_VERSION).contains(&version) {
        return None;
    }
    let mut r = Reader::new(body);
    let counted = r.u32().ok()?;
    let offers = r
        .tight_list(MAX_OFFERS, |r| {
            let id = r.str()?;
            let counts = OfferCounts {
                impressions: r.u32()?,
                clicks: r.u32()?,
                conversions: r.u32()?,
            };
            Ok((id, counts))
        })
        .ok()?;
    let answers = if version < 2 {
        Vec::new()
    } else {
        r.tight_list(MAX_OFFERS, |r| Ok((r.str()?, r.u8()?))).ok()?
    };
    let epsilon_per_day = r.f64().ok()?;
    let days = r
        .tight_list(usize::MAX, |r| Ok((r.u32()?, r.f64()?)))
        .ok()?;
    let fits = |id: &str| !id.is_empty() && id.len() <= MAX_ID_LEN;
    let ids_fit = offers.iter().all(|(id, _)| fits(id))
        && answers
            .iter()
            .all(|&(id, code)| fits(id) && usize::from(code) < BUCKETS.len());
    if !r.rest().is_empty() || !ids_fit {
        return None;
    }
    let day = |d: u32| Day::from_epoch_days(i64::from(d));
    let mut spent = Vec::with_capacity(days.len());
    for (d, epsilon) in days {
        // Only a day before the counted one can have been charged.
        spent.push((day(d).filter(|_| d < counted)?, epsilon));
    }
    Some(Ledger {
        day: day(counted)?,
        offers: offers
            .into_iter()
            .map(|(id, counts)| (id.to_owned(), counts))
            .collect(),
        answers: answers
            .into_iter()
            .map(|(survey, code)| (survey.to_owned(), code))
            .collect(),
        budget: Budget::restore(epsilon_per_day, &spent)?,
    })
}
