//! A validated [`Catalog`] to payload bytes.

use crate::engine::prelude::*;

use super::bounded::Bounded;
use super::decode::decode;
use super::error::{DecodeError, EncodeError};
use super::header::CatalogHeader;
use super::rules::push_nodes;
use super::wire::{
    BeaconWire, CampaignWire, CapsWire, CatalogWire, HoldoutWire, ImageWire, OfferWire, RuleWire,
    SurveyWire, TemplateWire, Texts, ZoneWire,
};
use crate::engine::beacon::Zone;
use crate::engine::catalog::model::*;
use crate::engine::targeting::Rule;

/// Compiles `catalog` into a payload with `header`.
///
/// The payload is decoded again before it is returned, so `Ok` bytes always decode to exactly
/// `header` and `catalog`: what `vitrine sign` publishes, devices accept.
pub fn encode(header: &CatalogHeader, catalog: &Catalog) -> Result<Vec<u8>, EncodeError> {
    let mut payload = header.to_bytes().to_vec();
    payload = postcard::to_extend(&catalog_wire(catalog)?, payload).map_err(|_| {
        EncodeError::NotValidated {
            reason: "it does not serialize",
        }
    })?;
    match decode(&payload) {
        Ok((h, c)) if h == *header && c == *catalog => Ok(payload),
        Ok(_) => Err(EncodeError::NotValidated {
            reason: "it does not decode to the same catalog",
        }),
        Err(DecodeError::TooLarge { bytes }) => Err(EncodeError::TooLarge { bytes }),
        Err(DecodeError::Malformed { reason, .. } | DecodeError::Invalid { reason }) => {
            Err(EncodeError::NotValidated { reason })
        }
        Err(DecodeError::NotACatalog | DecodeError::UnsupportedFormat { .. }) => {
            Err(EncodeError::NotValidated {
                reason: "its header does not decode",
            })
        }
    }
}

fn not_validated(reason: &'static str) -> EncodeError {
    EncodeError::NotValidated { reason }
}

fn texts(list: &[String]) -> Texts<'_> {
    Bounded(list.iter().map(String::as_str).collect())
}

fn catalog_wire(c: &Catalog) -> Result<CatalogWire<'_>, EncodeError> {
    Ok(CatalogWire {
        version: &c.version,
        utc_offset_minutes: c.utc_offset_minutes,
        holdout: c.holdout.as_ref().map(|h| HoldoutWire {
            share: h.share,
            salt: &h.salt,
        }),
        beacons: Bounded(
            c.beacons
                .iter()
                .map(beacon_wire)
                .collect::<Result<_, _>>()?,
        ),
        offer_count: u32::try_from(c.offers.len()).map_err(|_| EncodeError::NotValidated {
            reason: "there are more offers than allowed",
        })?,
        campaigns: Bounded(
            c.campaigns
                .iter()
                .enumerate()
                .map(|(index, campaign)| campaign_wire(index, campaign, &c.offers))
                .collect::<Result<_, _>>()?,
        ),
        relevance_gain: c.relevance_gain,
        suppress_purchased_ms: c.suppress_purchased_ms,
        lifecycle: (
            c.lifecycle.loyal_orders,
            c.lifecycle.at_risk_days,
            c.lifecycle.lapsed_days,
            c.lifecycle.at_risk_factor,
            c.lifecycle.lapsed_factor,
        ),
        fatigue: (
            c.fatigue.per_session,
            c.fatigue.per_day,
            c.fatigue.dismissals_per_session,
            c.fatigue.exempt_priority,
        ),
        templates: Bounded(
            c.offers
                .iter()
                .enumerate()
                .filter_map(|(i, o)| Some((i as u32, template_wire(o.template?))))
                .collect(),
        ),
        survey_cooldown_ms: c.survey_cooldown_ms,
        surveys: Bounded(
            c.offers
                .iter()
                .enumerate()
                .filter_map(|(i, o)| {
                    let s = o.survey.as_ref()?;
                    let (id, scale, thanks) = (s.id.as_str(), s.scale, s.thanks.as_str());
                    Some((i as u32, SurveyWire { id, scale, thanks }))
                })
                .collect(),
        ),
        complements: Bounded(
            c.complements
                .iter()
                .map(|(p, with)| {
                    (
                        p.as_str(),
                        Bounded(with.iter().map(String::as_str).collect()),
                    )
                })
                .collect(),
        ),
    })
}

fn beacon_wire(b: &Beacon) -> Result<BeaconWire<'_>, EncodeError> {
    Ok(BeaconWire {
        id: &b.id,
        name: &b.name,
        frame: (&b.frame).into(),
        at_zone: match b.at_zone {
            Zone::Immediate => ZoneWire::Immediate,
            Zone::Near => ZoneWire::Near,
            Zone::Far | Zone::Unknown => {
                return Err(not_validated(
                    "a beacon's at_zone is neither immediate nor near",
                ))
            }
        },
        company_id: b.company_id,
    })
}

fn campaign_wire<'a>(
    index: usize,
    c: &'a Campaign,
    offers: &'a [Offer],
) -> Result<CampaignWire<'a>, EncodeError> {
    let offers = offers
        .get(c.offers.clone())
        .filter(|offers| offers.iter().all(|o| o.campaign == index))
        .ok_or(not_validated(
            "a campaign's offer range does not match its offers' campaign index",
        ))?;
    let minute = |m: u32| u16::try_from(m).map_err(|_| not_validated("a day-part is past 24:00"));
    Ok(CampaignWire {
        id: &c.id,
        name: &c.name,
        priority: c.priority,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        weekdays: Bounded(c.schedule.weekdays.iter().map(|&d| d.into()).collect()),
        hours: Bounded(
            c.schedule
                .hours
                .iter()
                .map(|&(from, to)| Ok((minute(from)?, minute(to)?)))
                .collect::<Result<_, EncodeError>>()?,
        ),
        target: c.target.as_ref().map(rule_wire).transpose()?,
        caps: caps_wire(&c.caps),
        offers: Bounded(offers.iter().map(offer_wire).collect::<Result<_, _>>()?),
    })
}

fn rule_wire(rule: &Rule) -> Result<RuleWire<'_>, EncodeError> {
    let mut nodes = Vec::new();
    push_nodes(rule, &mut nodes)?;
    Ok(Bounded(nodes))
}

fn caps_wire(c: &Caps) -> CapsWire {
    CapsWire {
        per_session: c.per_session,
        per_day: c.per_day,
        per_week: c.per_week,
        lifetime: c.lifetime,
        min_spacing_ms: c.min_spacing_ms,
        dismiss_cooldown_ms: c.dismiss_cooldown_ms,
    }
}

fn offer_wire(o: &Offer) -> Result<OfferWire<'_>, EncodeError> {
    let creative = &o.creative;
    Ok(OfferWire {
        id: &o.id,
        slots: texts(&o.slots),
        title: &creative.title,
        body: creative.body.as_deref(),
        image: creative.image.as_ref().map(|i| ImageWire {
            url: &i.url,
            alt: &i.alt,
            width: i.width,
            height: i.height,
        }),
        link: creative.link.as_deref(),
        cta: creative.cta.as_deref(),
        tags: texts(&o.tags),
        categories: texts(&o.categories),
        brands: texts(&o.brands),
        products: texts(&o.products),
        weight: o.weight,
        target: o.target.as_ref().map(rule_wire).transpose()?,
        caps: caps_wire(&o.caps),
        prior_alpha: o.prior.alpha,
        prior_beta: o.prior.beta,
    })
}

fn template_wire(template: Template) -> TemplateWire {
    match template {
        Template::BuyAgain => TemplateWire::BuyAgain,
        Template::RecentlyViewed => TemplateWire::RecentlyViewed,
        Template::Complements => TemplateWire::Complements,
    }
}
