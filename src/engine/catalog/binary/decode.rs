//! Payload bytes to a [`Catalog`]. The decoder always checks what the engine needs to never
//! panic, loop or misread a value: sizes, indices, offer counts, the priors' range (sampling
//! outside it may never end), rule shape and limits. A device accepts only a payload signed by
//! the shop's key, which `vitrine sign` compiles from a catalog it fully validated, so the
//! rest only matters for meaning, and is checked only with `std` (`vitrine sign`, `vitrine
//! inspect`, the Node tools; [`meaning`]), not in the browser's wasm: text lengths and blank
//! texts, the ranges of time zones, weights, gains, caps and schedules, beacon frames, and
//! whether a comparison fits its feature (one that does not is false, or true under `ne`; the
//! evaluator is total). Always trusted:
//! the URL policy of links and images (the shell checks every URL again before it reaches the
//! DOM), unique ids, that rules name declared beacons (a rule naming another beacon never
//! matches), the ranges of the lifecycle thresholds (any numbers give a stage), the ids
//! and order of the complements (a wrong one finds no product), and that a survey offer has
//! no link, call to action or template and shares its survey's scale. docs/architecture.md
//! lists both.

use crate::engine::prelude::*;

use super::error::{detail, DecodeError};
use super::header::{format_of, CatalogHeader, HEADER_LEN};
use super::read::{self, CampaignHead};
use super::rules::{self, RuleOwner};
use super::wire::{BeaconWire, CapsWire, FrameWire, OfferWire, RuleWire, Texts, ZoneWire};
use crate::engine::beacon::{BeaconId, Zone};
use crate::engine::catalog::limits::{
    MAX_CAMPAIGNS, MAX_CAP, MAX_COMPLEMENTS, MAX_ID_LEN, MAX_OFFERS, MAX_TEXT_LEN, MAX_URL_LEN,
};
use crate::engine::catalog::model::*;
use crate::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use crate::engine::codec::{ReadError, Reader};
use crate::engine::events::Millis;
use crate::engine::profile::lifecycle::LifecycleThresholds;
use crate::engine::targeting::Rule;

/// The last minute of the day a day-part can name (24:00).
const END_OF_DAY: u16 = 24 * 60;

/// Decodes a payload: its header and exactly the catalog that was compiled into it. One pass:
/// each part is read, checked and built before the next is read, so no list of parts waits in
/// a borrowed form beside the catalog.
// Inlined into its one caller in the browser's wasm (`Engine::catalog`): as a call of its own it
// was 0.1 kB gzip larger.
#[inline(always)]
pub fn decode(payload: &[u8]) -> Result<(CatalogHeader, Catalog), DecodeError> {
    let header = CatalogHeader::read(payload)?;
    let mut d = Decoder {
        payload,
        format: format_of(payload),
        r: Reader::new(&payload[HEADER_LEN..]),
    };
    let catalog = d.catalog()?;
    if !d.r.rest().is_empty() {
        return Err(d.malformed("bytes follow the catalog"));
    }
    Ok((header, catalog))
}

/// The beacons of a payload, checked as [`decode()`] checks them, without reading its
/// campaigns: the `vitrine/beacons` module's wasm (wasm-beacons/) uses this reader only, so it
/// carries no campaign or rule decoder. The rest of the payload is not looked at.
pub fn decode_beacons(payload: &[u8]) -> Result<Vec<Beacon>, DecodeError> {
    CatalogHeader::read(payload)?;
    let mut r = Reader::new(&payload[HEADER_LEN..]);
    let (_, _, _, beacons) = read::prefix(&mut r).map_err(|e| malformed(payload, &r, e))?;
    beacons.0.iter().try_for_each(check_beacon)?;
    Ok(beacons.0.iter().map(beacon).collect())
}

/// A payload that does not read, at the reader's position.
fn malformed(payload: &[u8], r: &Reader<'_>, reason: impl Reason) -> DecodeError {
    DecodeError::Malformed {
        offset: payload.len() - r.rest().len(),
        reason: detail(reason.text()),
    }
}

trait Reason {
    fn text(self) -> &'static str;
}

impl Reason for ReadError {
    fn text(self) -> &'static str {
        self.reason()
    }
}

impl Reason for &'static str {
    fn text(self) -> &'static str {
        self
    }
}

fn ensure(ok: bool, reason: &'static str) -> Result<(), DecodeError> {
    if ok {
        Ok(())
    } else {
        Err(DecodeError::Invalid {
            reason: detail(reason),
        })
    }
}

/// A check that only matters for meaning (see the module documentation): made where catalogs
/// are compiled and inspected (with `std`: `vitrine sign`, `vitrine inspect`, the Node tools),
/// not on every device, whose wasm carries none of them.
#[inline(always)]
fn meaning(ok: bool, reason: &'static str) -> Result<(), DecodeError> {
    if cfg!(feature = "std") {
        ensure(ok, reason)
    } else {
        Ok(())
    }
}

// Each part is checked on the borrowed wire first, then built without a fallible step (only
// its rule can still fail, and it is built first): an error path drops at most the catalog
// built so far, never a half-built part, which keeps the decoder small in wasm.

/// A text of at most `max` characters; `required` ones must not be blank.
fn text(s: &str, max: usize, required: bool, reason: &'static str) -> Result<(), DecodeError> {
    // Returned before the loops: the optimizer may not drop a loop it cannot prove finite.
    if !cfg!(feature = "std") {
        return Ok(());
    }
    let blank = required && s.chars().all(char::is_whitespace);
    // Characters are the bytes that do not continue a UTF-8 sequence: the same count as
    // `chars().count()`, whose unrolled loop is 0.5 kB of wasm.
    let chars = s.bytes().filter(|&b| b & 0xC0 != 0x80).count();
    ensure(!blank && chars <= max, reason)
}

/// A required id (campaign, offer, slot, tag, ...).
fn id(s: &str, reason: &'static str) -> Result<(), DecodeError> {
    text(s, MAX_ID_LEN, true, reason)
}

fn ids(list: &Texts<'_>, reason: &'static str) -> Result<(), DecodeError> {
    list.0.iter().try_for_each(|s| id(s, reason))
}

/// A link or image URL of at most [`MAX_URL_LEN`] bytes (its policy is trusted: see the
/// module documentation).
fn url(s: &str, reason: &'static str) -> Result<(), DecodeError> {
    meaning(s.len() <= MAX_URL_LEN, reason)
}

fn in_range(x: f64, min: f64, max: f64, reason: &'static str) -> Result<(), DecodeError> {
    // NaN fails `contains`; infinities are outside every range used here.
    meaning((min..=max).contains(&x), reason)
}

fn owned(list: &Texts<'_>) -> Vec<String> {
    list.0.iter().map(|s| (*s).to_owned()).collect()
}

/// The reader of one payload's body.
struct Decoder<'a> {
    payload: &'a [u8],
    /// The payload's format version.
    format: u16,
    r: Reader<'a>,
}

impl<'a> Decoder<'a> {
    /// Reads a value with `read`; a failure is `Malformed` at the reader's position.
    fn read<T>(
        &mut self,
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, ReadError>,
    ) -> Result<T, DecodeError> {
        match read(&mut self.r) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.malformed(e)),
        }
    }

    fn malformed(&self, reason: impl Reason) -> DecodeError {
        malformed(self.payload, &self.r, reason)
    }

    fn catalog(&mut self) -> Result<Catalog, DecodeError> {
        let (version, utc_offset_minutes, holdout, beacons) = self.read(read::prefix)?;
        meaning(
            (-14 * 60..=14 * 60).contains(&utc_offset_minutes),
            "utc_offset_minutes is outside -840..=840",
        )?;
        id(version, "the version is blank or too long")?;
        if let Some(h) = &holdout {
            in_range(h.share, 0.0, 0.5, "the holdout share is outside 0..=0.5")?;
            text(h.salt, MAX_ID_LEN, false, "the holdout salt is too long")?;
        }
        beacons.0.iter().try_for_each(check_beacon)?;
        let mut catalog = Catalog {
            version: version.to_owned(),
            utc_offset_minutes,
            holdout: holdout.map(|h| Holdout {
                share: h.share,
                salt: h.salt.to_owned(),
            }),
            beacons: beacons.0.iter().map(beacon).collect(),
            campaigns: Vec::new(),
            offers: Vec::new(),
            relevance_gain: 0.0,
            suppress_purchased_ms: 0,
            lifecycle: LifecycleThresholds::default(),
            fatigue: Fatigue::default(),
            complements: Vec::new(),
            // Formats 2 and 3 have no surveys; the default keeps them equal to what they encode.
            survey_cooldown_ms: Millis::from(crate::engine::survey::DEFAULT_COOLDOWN_DAYS) * DAY_MS,
        };
        // The stated total reserves the offer list once (a list grown by doubling left wasm
        // memory half as large again as the catalog); the campaigns must hold exactly as many.
        let offer_count = self.read(Reader::u32)? as usize;
        ensure(
            offer_count <= MAX_OFFERS,
            "there are more offers than allowed",
        )?;
        catalog.offers.reserve_exact(offer_count);
        let campaigns = self.read(|r| r.tight_count(MAX_CAMPAIGNS))?;
        catalog.campaigns.reserve_exact(campaigns);
        for index in 0..campaigns {
            let campaign = self.campaign(index, &mut catalog.offers, offer_count)?;
            catalog.campaigns.push(campaign);
        }
        ensure(
            catalog.offers.len() == offer_count,
            "the campaigns hold fewer offers than the catalog states",
        )?;
        catalog.relevance_gain = self.read(Reader::f64)?;
        catalog.suppress_purchased_ms = self.read(Reader::i64)?;
        in_range(
            catalog.relevance_gain,
            0.0,
            100.0,
            "relevance_gain is outside 0..=100",
        )?;
        meaning(
            (0..=24 * 365 * HOUR_MS).contains(&catalog.suppress_purchased_ms),
            "the purchase suppression time is outside 0 to one year",
        )?;
        if self.format >= 4 {
            catalog.lifecycle = self.read(|r| {
                Ok(LifecycleThresholds {
                    loyal_orders: r.u32()?,
                    at_risk_days: r.f64()?,
                    lapsed_days: r.f64()?,
                    at_risk_factor: r.f64()?,
                    lapsed_factor: r.f64()?,
                })
            })?;
            catalog.fatigue = self.read(|r| {
                Ok(Fatigue {
                    per_session: r.u32()?,
                    per_day: r.u32()?,
                    dismissals_per_session: r.u32()?,
                    exempt_priority: r.i32()?,
                })
            })?;
            // Entry by entry, as the surveys below: no list of them is built.
            let templates = self.read(|r| r.tight_count(MAX_OFFERS))?;
            for _ in 0..templates {
                let (index, template) = self.read(read::template)?;
                match catalog.offers.get_mut(index as usize) {
                    Some(offer) => offer.template = Some(Template::ALL[template as usize]),
                    None => ensure(false, "a template names an offer the catalog does not have")?,
                }
            }
            // Their order (sorted by product id) only matters for meaning: trusted.
            let complements = self.read(|r| r.tight_count(MAX_COMPLEMENTS))?;
            catalog.complements.reserve_exact(complements);
            for _ in 0..complements {
                let (product, with) = self.read(read::complement)?;
                catalog.complements.push((product.to_owned(), owned(&with)));
            }
            catalog.survey_cooldown_ms = self.read(Reader::i64)?;
            meaning(
                (0..=365 * 24 * HOUR_MS).contains(&catalog.survey_cooldown_ms),
                "the survey cooldown is outside 0 to 365 days",
            )?;
            let surveys = self.read(|r| r.tight_count(MAX_OFFERS))?;
            for _ in 0..surveys {
                let (index, s) = self.read(read::survey)?;
                id(s.id, "a survey id is blank or too long")?;
                text(
                    s.thanks,
                    MAX_TEXT_LEN,
                    true,
                    "a survey's thanks are blank or too long",
                )?;
                let survey = Survey {
                    id: s.id.to_owned(),
                    scale: s.scale,
                    thanks: s.thanks.to_owned(),
                };
                match catalog.offers.get_mut(index as usize) {
                    Some(offer) => offer.survey = Some(Box::new(survey)),
                    None => ensure(false, "a survey names an offer the catalog does not have")?,
                }
            }
        }
        Ok(catalog)
    }

    /// Campaign `index`; its offers go to the end of `offers`, which may hold `stated` in all.
    fn campaign(
        &mut self,
        index: usize,
        offers: &mut Vec<Offer>,
        stated: usize,
    ) -> Result<Campaign, DecodeError> {
        let c = self.read(read::campaign)?;
        check_campaign(&c)?;
        let target = target(c.target.as_ref(), RuleOwner::Campaign)?;
        let count = self.read(|r| r.tight_count(MAX_OFFERS))?;
        meaning(count > 0, "a campaign has no offers")?;
        ensure(
            offers.len() + count <= stated,
            "the campaigns hold more offers than the catalog states",
        )?;
        let first = offers.len();
        for _ in 0..count {
            let o = self.read(read::offer)?;
            check_offer(&o)?;
            let offer = offer(&o, index)?;
            offers.push(offer);
        }
        Ok(Campaign {
            id: c.id.to_owned(),
            name: c.name.to_owned(),
            priority: c.priority,
            starts_at: c.starts_at,
            ends_at: c.ends_at,
            schedule: Schedule {
                weekdays: c.weekdays.iter().map(|&d| d.into()).collect(),
                hours: c
                    .hours
                    .iter()
                    .map(|&(from, to)| (u32::from(from), u32::from(to)))
                    .collect(),
            },
            target,
            caps: caps(&c.caps),
            offers: first..offers.len(),
        })
    }
}

fn check_beacon(b: &BeaconWire<'_>) -> Result<(), DecodeError> {
    meaning(
        b.company_id.is_none() || matches!(b.frame, FrameWire::AltBeacon { .. }),
        "a beacon that is not an AltBeacon has a company id",
    )?;
    id(b.id, "a beacon id is blank or too long")?;
    id(b.name, "a beacon name is blank or too long")
}

fn beacon(b: &BeaconWire<'_>) -> Beacon {
    Beacon {
        id: b.id.to_owned(),
        name: b.name.to_owned(),
        frame: BeaconId::from(&b.frame),
        at_zone: match b.at_zone {
            ZoneWire::Immediate => Zone::Immediate,
            ZoneWire::Near => Zone::Near,
        },
        company_id: b.company_id,
    }
}

fn check_campaign(c: &CampaignHead<'_>) -> Result<(), DecodeError> {
    if let (Some(starts), Some(ends)) = (c.starts_at, c.ends_at) {
        meaning(ends > starts, "a campaign ends before it starts")?;
    }
    for &(from, to) in &c.hours {
        let ok = from <= END_OF_DAY && to <= END_OF_DAY && from != to;
        meaning(ok, "a day-part is empty or not within 00:00..=24:00")?;
    }
    id(c.id, "a campaign id is blank or too long")?;
    text(c.name, MAX_TEXT_LEN, false, "a campaign name is too long")?;
    check_caps(&c.caps)
}

fn target(wire: Option<&RuleWire<'_>>, owner: RuleOwner) -> Result<Option<Rule>, DecodeError> {
    wire.map(|nodes| rules::rule(&nodes.0, owner)).transpose()
}

fn check_caps(c: &CapsWire) -> Result<(), DecodeError> {
    for n in [c.per_session, c.per_day, c.per_week, c.lifetime] {
        meaning(n.is_none_or(|n| n <= MAX_CAP), "a count cap is over 10000")?;
    }
    // Catalogs give spacing in whole minutes and cooldowns in whole hours (u32).
    for (ms, unit) in [
        (c.min_spacing_ms, MINUTE_MS),
        (c.dismiss_cooldown_ms, HOUR_MS),
    ] {
        let max = Millis::from(u32::MAX) * unit;
        meaning(
            ms.is_none_or(|ms| (0..=max).contains(&ms)),
            "a cap's time span is out of range",
        )?;
    }
    Ok(())
}

fn caps(c: &CapsWire) -> Caps {
    Caps {
        per_session: c.per_session,
        per_day: c.per_day,
        per_week: c.per_week,
        lifetime: c.lifetime,
        min_spacing_ms: c.min_spacing_ms,
        dismiss_cooldown_ms: c.dismiss_cooldown_ms,
    }
}

fn check_offer(o: &OfferWire<'_>) -> Result<(), DecodeError> {
    meaning(!o.slots.0.is_empty(), "an offer has no slots")?;
    let optional_text =
        |s: Option<&str>, reason| s.map_or(Ok(()), |s| text(s, MAX_TEXT_LEN, true, reason));
    id(o.id, "an offer id is blank or too long")?;
    ids(&o.slots, "a slot is blank or too long")?;
    text(
        o.title,
        MAX_TEXT_LEN,
        true,
        "an offer title is blank or too long",
    )?;
    optional_text(o.body, "an offer body is blank or too long")?;
    if let Some(i) = &o.image {
        url(i.url, "an image URL is not an allowed URL")?;
        text(
            i.alt,
            MAX_TEXT_LEN,
            true,
            "an image alt text is blank or too long",
        )?;
    }
    if let Some(link) = o.link {
        url(link, "an offer link is not an allowed URL")?;
    }
    optional_text(o.cta, "an offer call to action is blank or too long")?;
    ids(&o.tags, "a tag is blank or too long")?;
    ids(&o.categories, "a category is blank or too long")?;
    ids(&o.brands, "a brand is blank or too long")?;
    ids(&o.products, "a product is blank or too long")?;
    // The campaign's weight times the offer's, each at most 1e6.
    in_range(o.weight, 0.0, 1e12, "an offer weight is outside 0..=1e12")?;
    // Safety, not meaning: sampling a Beta prior outside this range may never end.
    for prior in [o.prior_alpha, o.prior_beta] {
        ensure(
            (0.001..=1e6).contains(&prior),
            "a prior is outside 0.001..=1e6",
        )?;
    }
    check_caps(&o.caps)
}

fn offer(o: &OfferWire<'_>, campaign: usize) -> Result<Offer, DecodeError> {
    let target = target(o.target.as_ref(), RuleOwner::Offer)?;
    let text = |s: Option<&str>| s.map(str::to_owned);
    Ok(Offer {
        id: o.id.to_owned(),
        campaign,
        slots: owned(&o.slots),
        creative: Creative {
            title: o.title.to_owned(),
            body: text(o.body),
            image: o.image.as_ref().map(|i| Image {
                url: i.url.to_owned(),
                alt: i.alt.to_owned(),
                width: i.width,
                height: i.height,
            }),
            link: text(o.link),
            cta: text(o.cta),
        },
        tags: owned(&o.tags),
        categories: owned(&o.categories),
        brands: owned(&o.brands),
        products: owned(&o.products),
        weight: o.weight,
        target,
        caps: caps(&o.caps),
        prior: Prior {
            alpha: o.prior_alpha,
            beta: o.prior_beta,
        },
        template: None,
        survey: None,
    })
}
