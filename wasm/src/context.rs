//! The decision context as the shell sends it (`shell/src/context-encode.ts`): `ContextWire`
//! in postcard's encoding, fields in this order, the slots to decide last.

use alloc::borrow::ToOwned;
use alloc::vec::Vec;

use vitrine::engine::codec::{ReadError, Reader};
use vitrine::engine::decision::{Context, Device, Referrer};
use vitrine::engine::events::PageType;

/// Longest context text (a category or product id, a locale) the shell may send.
const MAX_TEXT: usize = 128;
/// Most campaigns a context may exclude.
const MAX_EXCLUDED: usize = 64;

/// `decide`'s page context, without its time (passed as a number). Texts borrow from the
/// bytes: the context is checked before anything is copied.
struct ContextWire<'a> {
    page_type: Option<PageType>,
    category: Option<&'a str>,
    product: Option<&'a str>,
    locale: Option<&'a str>,
    device: Option<Device>,
    referrer: Option<Referrer>,
    utc_offset_minutes: Option<i32>,
    exclude_campaigns: Vec<&'a str>,
    /// The slots to decide, in answer order (any length: a name longer than any catalog slot
    /// id matches no offer).
    slots: Vec<&'a str>,
}

impl<'a> ContextWire<'a> {
    fn read(r: &mut Reader<'a>) -> Result<Self, ReadError> {
        Ok(ContextWire {
            page_type: r.opt(|r| Ok(PageType::ALL[r.variant(7)? as usize]))?,
            category: r.opt_str()?,
            product: r.opt_str()?,
            locale: r.opt_str()?,
            device: r.opt(|r| Ok(Device::ALL[r.variant(3)? as usize]))?,
            referrer: r.opt(|r| Ok(Referrer::ALL[r.variant(7)? as usize]))?,
            utc_offset_minutes: r.opt(Reader::i32)?,
            exclude_campaigns: r.tight_list(usize::MAX, Reader::str)?,
            slots: r.tight_list(usize::MAX, Reader::str)?,
        })
    }
}

/// What a context the wasm refuses reports: the shell checks and encodes every context
/// (`shell/src/context-encode.ts`), so only a bug gets here, and one text covers every case.
const INVALID: &str =
    "the decision context does not decode or is over a limit (texts up to 128 bytes, \
                       64 excluded campaigns, a UTC offset within 18 hours)";

/// Decodes a context and its slots (borrowed from `bytes`), or refuses it ([`INVALID`]).
pub fn decode(bytes: &[u8], now: i64) -> Result<(Context, Vec<&str>), &'static str> {
    let mut r = Reader::new(bytes);
    let wire = ContextWire::read(&mut r).map_err(|_| INVALID)?;
    let texts = [wire.category, wire.product, wire.locale];
    let valid = r.rest().is_empty()
        && !texts.iter().any(|t| t.is_some_and(|t| t.len() > MAX_TEXT))
        && !wire.exclude_campaigns.iter().any(|c| c.len() > MAX_TEXT)
        && wire.exclude_campaigns.len() <= MAX_EXCLUDED
        && wire
            .utc_offset_minutes
            .is_none_or(|m| (-18 * 60..=18 * 60).contains(&m));
    if !valid {
        return Err(INVALID);
    }
    let owned = |t: Option<&str>| t.map(str::to_owned);
    let context = Context {
        now,
        page_type: wire.page_type,
        category: owned(wire.category),
        product: owned(wire.product),
        locale: owned(wire.locale),
        device: wire.device,
        referrer: wire.referrer,
        utc_offset_minutes: wire.utc_offset_minutes,
        exclude_campaigns: wire
            .exclude_campaigns
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
    };
    Ok((context, wire.slots))
}
