//! Payload bytes to a [`Catalog`]. The decoder checks everything the engine needs to never
//! panic, loop or misread a value (sizes, indices, ranges, finite numbers, rule shape and
//! limits, typed comparisons). It trusts what only matters for meaning, because a device
//! accepts only a payload signed by the shop's key, which `vitrine sign` compiles from a
//! catalog it fully validated: the URL policy of links and images (the shell checks every URL
//! again before it reaches the DOM), unique ids, and that rules name declared beacons (a rule
//! naming another beacon never matches). docs/architecture.md lists both.

use serde::Deserialize;

use super::bounded::Bounded;
use super::error::DecodeError;
use super::header::{CatalogHeader, HEADER_LEN};
use super::rules::{self, RuleOwner};
use super::wire::{
    BeaconWire, CampaignWire, CapsWire, CatalogWire, HoldoutWire, ImageWire, OfferWire, RuleWire,
    Texts, ZoneWire,
};
use crate::engine::beacon::{BeaconId, Zone};
use crate::engine::catalog::limits::{
    MAX_BEACONS, MAX_CAP, MAX_ID_LEN, MAX_OFFERS, MAX_TEXT_LEN, MAX_URL_LEN,
};
use crate::engine::catalog::model::*;
use crate::engine::clock::{HOUR_MS, MINUTE_MS};
use crate::engine::events::Millis;
use crate::engine::targeting::Rule;

/// The last minute of the day a day-part can name (24:00).
const END_OF_DAY: u16 = 24 * 60;

/// Decodes a payload: its header and exactly the catalog that was compiled into it.
pub fn decode(payload: &[u8]) -> Result<(CatalogHeader, Catalog), DecodeError> {
    let header = CatalogHeader::read(payload)?;
    let mut deserializer = postcard::Deserializer::from_bytes(&payload[HEADER_LEN..]);
    let parsed = CatalogWire::deserialize(&mut deserializer);
    let left = deserializer.finalize().map_or(0, |rest| rest.len());
    let offset = payload.len() - left;
    let wire = parsed.map_err(|e| DecodeError::Malformed {
        offset,
        reason: postcard_reason(&e),
    })?;
    if left != 0 {
        return Err(DecodeError::Malformed {
            offset,
            reason: "bytes follow the catalog",
        });
    }
    Ok((header, catalog(wire)?))
}

/// The first fields of [`CatalogWire`], up to its beacons (which come before the campaigns
/// for this reason): what [`decode_beacons`] reads.
#[derive(Deserialize)]
struct BeaconsPrefix<'a> {
    _version: &'a str,
    _utc_offset_minutes: i32,
    #[serde(borrow)]
    _holdout: Option<HoldoutWire<'a>>,
    #[serde(borrow)]
    beacons: Bounded<BeaconWire<'a>, MAX_BEACONS>,
}

/// The beacons of a payload, checked as [`decode()`] checks them, without reading its
/// campaigns: the `vitrine/beacons` module's wasm (wasm-beacons/) uses this reader only, so it
/// carries no campaign or rule decoder. The rest of the payload is not looked at.
pub fn decode_beacons(payload: &[u8]) -> Result<Vec<Beacon>, DecodeError> {
    CatalogHeader::read(payload)?;
    let (prefix, _) =
        postcard::take_from_bytes::<BeaconsPrefix>(&payload[HEADER_LEN..]).map_err(|e| {
            DecodeError::Malformed {
                offset: HEADER_LEN,
                reason: postcard_reason(&e),
            }
        })?;
    prefix.beacons.0.iter().map(beacon).collect()
}

fn postcard_reason(error: &postcard::Error) -> &'static str {
    use postcard::Error as E;
    match error {
        E::DeserializeUnexpectedEnd => "it ends too early",
        E::DeserializeBadVarint => "a number is malformed",
        E::DeserializeBadBool => "a flag is neither 0 nor 1",
        E::DeserializeBadUtf8 => "a text is not UTF-8",
        E::DeserializeBadOption => "an optional value is malformed",
        E::DeserializeBadEnum | E::SerdeDeCustom => {
            "an unknown kind of value, or a list over its limit"
        }
        _ => "it does not parse",
    }
}

fn ensure(ok: bool, reason: &'static str) -> Result<(), DecodeError> {
    if ok {
        Ok(())
    } else {
        Err(DecodeError::Invalid { reason })
    }
}

/// A text of at most `max` characters; `required` ones must not be blank.
fn text(s: &str, max: usize, required: bool, reason: &'static str) -> Result<String, DecodeError> {
    let blank = required && s.trim().is_empty();
    ensure(!blank && s.chars().count() <= max, reason)?;
    Ok(s.to_owned())
}

/// A required id (campaign, offer, slot, tag, ...).
fn id(s: &str, reason: &'static str) -> Result<String, DecodeError> {
    text(s, MAX_ID_LEN, true, reason)
}

fn ids(list: &Texts<'_>, reason: &'static str) -> Result<Vec<String>, DecodeError> {
    list.0.iter().map(|s| id(s, reason)).collect()
}

/// A link or image URL of at most [`MAX_URL_LEN`] bytes (its policy is trusted: see the
/// module documentation).
fn url(s: &str, reason: &'static str) -> Result<String, DecodeError> {
    ensure(s.len() <= MAX_URL_LEN, reason)?;
    Ok(s.to_owned())
}

fn in_range(x: f64, min: f64, max: f64, reason: &'static str) -> Result<f64, DecodeError> {
    // NaN fails `contains`; infinities are outside every range used here.
    ensure((min..=max).contains(&x), reason)?;
    Ok(x)
}

/// Takes the wire record by value: each campaign's wire lists are freed once its model is
/// built, so they never all live beside the whole model (wasm memory only grows, so the peak
/// is what a page keeps).
fn catalog(wire: CatalogWire<'_>) -> Result<Catalog, DecodeError> {
    let offer_count: usize = wire.campaigns.0.iter().map(|c| c.offers.0.len()).sum();
    ensure(
        offer_count <= MAX_OFFERS,
        "there are more offers than allowed",
    )?;

    let mut campaigns = Vec::with_capacity(wire.campaigns.0.len());
    let mut offers = Vec::with_capacity(offer_count);
    for (index, c) in wire.campaigns.0.into_iter().enumerate() {
        ensure(!c.offers.0.is_empty(), "a campaign has no offers")?;
        let first = offers.len();
        for o in &c.offers.0 {
            offers.push(offer(o, index)?);
        }
        campaigns.push(campaign(&c, first..offers.len())?);
    }
    ensure(
        (-14 * 60..=14 * 60).contains(&wire.utc_offset_minutes),
        "utc_offset_minutes is outside -840..=840",
    )?;
    ensure(
        (0..=24 * 365 * HOUR_MS).contains(&wire.suppress_purchased_ms),
        "the purchase suppression time is outside 0 to one year",
    )?;
    Ok(Catalog {
        version: id(wire.version, "the version is blank or too long")?,
        utc_offset_minutes: wire.utc_offset_minutes,
        holdout: wire.holdout.as_ref().map(holdout).transpose()?,
        beacons: wire
            .beacons
            .0
            .iter()
            .map(beacon)
            .collect::<Result<_, _>>()?,
        campaigns,
        offers,
        relevance_gain: in_range(
            wire.relevance_gain,
            0.0,
            100.0,
            "relevance_gain is outside 0..=100",
        )?,
        suppress_purchased_ms: wire.suppress_purchased_ms,
    })
}

fn holdout(h: &HoldoutWire<'_>) -> Result<Holdout, DecodeError> {
    Ok(Holdout {
        share: in_range(h.share, 0.0, 0.5, "the holdout share is outside 0..=0.5")?,
        salt: text(h.salt, MAX_ID_LEN, false, "the holdout salt is too long")?,
    })
}

fn beacon(b: &BeaconWire<'_>) -> Result<Beacon, DecodeError> {
    let frame = BeaconId::from(&b.frame);
    ensure(
        b.company_id.is_none() || matches!(frame, BeaconId::AltBeacon { .. }),
        "a beacon that is not an AltBeacon has a company id",
    )?;
    Ok(Beacon {
        id: id(b.id, "a beacon id is blank or too long")?,
        name: id(b.name, "a beacon name is blank or too long")?,
        frame,
        at_zone: match b.at_zone {
            ZoneWire::Immediate => Zone::Immediate,
            ZoneWire::Near => Zone::Near,
        },
        company_id: b.company_id,
    })
}

fn campaign(c: &CampaignWire<'_>, offers: std::ops::Range<usize>) -> Result<Campaign, DecodeError> {
    if let (Some(starts), Some(ends)) = (c.starts_at, c.ends_at) {
        ensure(ends > starts, "a campaign ends before it starts")?;
    }
    let hours = c
        .hours
        .0
        .iter()
        .map(|&(from, to)| {
            let ok = from <= END_OF_DAY && to <= END_OF_DAY && from != to;
            ensure(ok, "a day-part is empty or not within 00:00..=24:00")?;
            Ok((u32::from(from), u32::from(to)))
        })
        .collect::<Result<_, DecodeError>>()?;
    Ok(Campaign {
        id: id(c.id, "a campaign id is blank or too long")?,
        name: text(c.name, MAX_TEXT_LEN, false, "a campaign name is too long")?,
        priority: c.priority,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        schedule: Schedule {
            weekdays: c.weekdays.0.iter().map(|&d| d.into()).collect(),
            hours,
        },
        target: target(c.target.as_ref(), RuleOwner::Campaign)?,
        caps: caps(&c.caps)?,
        offers,
    })
}

fn target(wire: Option<&RuleWire<'_>>, owner: RuleOwner) -> Result<Option<Rule>, DecodeError> {
    wire.map(|nodes| rules::rule(&nodes.0, owner)).transpose()
}

fn caps(c: &CapsWire) -> Result<Caps, DecodeError> {
    let count = |n: Option<u32>| {
        ensure(n.is_none_or(|n| n <= MAX_CAP), "a count cap is over 10000")?;
        Ok(n)
    };
    // Catalogs give spacing in whole minutes and cooldowns in whole hours (u32).
    let span = |ms: Option<Millis>, unit: Millis| {
        let max = Millis::from(u32::MAX) * unit;
        ensure(
            ms.is_none_or(|ms| (0..=max).contains(&ms)),
            "a cap's time span is out of range",
        )?;
        Ok(ms)
    };
    Ok(Caps {
        per_session: count(c.per_session)?,
        per_day: count(c.per_day)?,
        per_week: count(c.per_week)?,
        lifetime: count(c.lifetime)?,
        min_spacing_ms: span(c.min_spacing_ms, MINUTE_MS)?,
        dismiss_cooldown_ms: span(c.dismiss_cooldown_ms, HOUR_MS)?,
    })
}

fn offer(o: &OfferWire<'_>, campaign: usize) -> Result<Offer, DecodeError> {
    ensure(!o.slots.0.is_empty(), "an offer has no slots")?;
    let optional_text =
        |s: Option<&str>, reason| s.map(|s| text(s, MAX_TEXT_LEN, true, reason)).transpose();
    Ok(Offer {
        id: id(o.id, "an offer id is blank or too long")?,
        campaign,
        slots: ids(&o.slots, "a slot is blank or too long")?,
        creative: Creative {
            title: text(
                o.title,
                MAX_TEXT_LEN,
                true,
                "an offer title is blank or too long",
            )?,
            body: optional_text(o.body, "an offer body is blank or too long")?,
            image: o.image.as_ref().map(image).transpose()?,
            link: o
                .link
                .map(|link| url(link, "an offer link is not an allowed URL"))
                .transpose()?,
            cta: optional_text(o.cta, "an offer call to action is blank or too long")?,
        },
        tags: ids(&o.tags, "a tag is blank or too long")?,
        categories: ids(&o.categories, "a category is blank or too long")?,
        brands: ids(&o.brands, "a brand is blank or too long")?,
        products: ids(&o.products, "a product is blank or too long")?,
        // The campaign's weight times the offer's, each at most 1e6.
        weight: in_range(o.weight, 0.0, 1e12, "an offer weight is outside 0..=1e12")?,
        target: target(o.target.as_ref(), RuleOwner::Offer)?,
        caps: caps(&o.caps)?,
        prior: Prior {
            alpha: in_range(o.prior_alpha, 0.001, 1e6, "a prior is outside 0.001..=1e6")?,
            beta: in_range(o.prior_beta, 0.001, 1e6, "a prior is outside 0.001..=1e6")?,
        },
    })
}

fn image(i: &ImageWire<'_>) -> Result<Image, DecodeError> {
    Ok(Image {
        url: url(i.url, "an image URL is not an allowed URL")?,
        alt: text(
            i.alt,
            MAX_TEXT_LEN,
            true,
            "an image alt text is blank or too long",
        )?,
        width: i.width,
        height: i.height,
    })
}
