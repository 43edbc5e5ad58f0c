//! The parts of [`CatalogWire`] read by hand with the [`codec`](crate::engine::codec) reader,
//! field for field as serde's derives in [`super::wire`] encode them with postcard (`vitrine
//! sign` writes them with those derives). The derives stay the specification; this reader keeps
//! their monomorphized visitors out of the browser's wasm. `decode` reads the parts in one pass
//! (the prefix, then each campaign's head and its offers one at a time); the tests below check
//! that it reads every payload, damaged or cut short, as postcard reads the whole record.

use crate::engine::prelude::*;

use super::bounded::Bounded;
use super::rules::MAX_WIRE_RULE_NODES;
use super::wire::*;
use crate::engine::catalog::limits::{MAX_BEACONS, MAX_LIST_LEN};
use crate::engine::codec::{ReadError, Reader};
use crate::engine::survey::Scale;

type Read<T> = Result<T, ReadError>;

/// A list of the catalog: over `MAX` entries, or more than the bytes left, is refused at once.
fn bounded<'a, T, const MAX: usize>(
    r: &mut Reader<'a>,
    entry: impl FnMut(&mut Reader<'a>) -> Read<T>,
) -> Read<Bounded<T, MAX>> {
    r.tight_list(MAX, entry).map(Bounded)
}

fn texts<'a>(r: &mut Reader<'a>) -> Read<Texts<'a>> {
    bounded(r, Reader::str)
}

fn rule<'a>(r: &mut Reader<'a>) -> Read<Option<RuleWire<'a>>> {
    r.opt(|r| bounded::<_, MAX_WIRE_RULE_NODES>(r, node))
}

/// The fields of [`CatalogWire`] before its campaigns (the beacon module reads only these).
pub fn prefix<'a>(
    r: &mut Reader<'a>,
) -> Read<(
    &'a str,
    i32,
    Option<HoldoutWire<'a>>,
    Bounded<BeaconWire<'a>, MAX_BEACONS>,
)> {
    Ok((
        r.str()?,
        r.i32()?,
        r.opt(|r| {
            Ok(HoldoutWire {
                share: r.f64()?,
                salt: r.str()?,
            })
        })?,
        bounded(r, beacon)?,
    ))
}

/// A campaign's fields before its offers, which the decoder reads one at a time after it.
pub struct CampaignHead<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub priority: i32,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub weekdays: Vec<WeekdayWire>,
    pub hours: Vec<(u16, u16)>,
    pub target: Option<RuleWire<'a>>,
    pub caps: CapsWire,
}

fn beacon<'a>(r: &mut Reader<'a>) -> Read<BeaconWire<'a>> {
    Ok(BeaconWire {
        id: r.str()?,
        name: r.str()?,
        frame: match r.variant(3)? {
            0 => FrameWire::IBeacon {
                uuid: r.array()?,
                major: r.u16()?,
                minor: r.u16()?,
            },
            1 => FrameWire::AltBeacon { id: r.array()? },
            _ => FrameWire::Eddystone {
                namespace: r.array()?,
                instance: r.array()?,
            },
        },
        at_zone: match r.variant(2)? {
            0 => ZoneWire::Immediate,
            _ => ZoneWire::Near,
        },
        company_id: r.opt(Reader::u16)?,
    })
}

/// A campaign up to its offers (see [`CampaignWire`] for the fields).
pub fn campaign<'a>(r: &mut Reader<'a>) -> Read<CampaignHead<'a>> {
    Ok(CampaignHead {
        id: r.str()?,
        name: r.str()?,
        priority: r.i32()?,
        starts_at: r.opt_i64()?,
        ends_at: r.opt_i64()?,
        weekdays: r.tight_list(MAX_LIST_LEN, |r| {
            Ok(WeekdayWire::ALL[r.variant(7)? as usize])
        })?,
        hours: r.tight_list(MAX_LIST_LEN, |r| Ok((r.u16()?, r.u16()?)))?,
        target: rule(r)?,
        caps: caps(r)?,
    })
}

fn caps(r: &mut Reader<'_>) -> Read<CapsWire> {
    Ok(CapsWire {
        per_session: r.opt(Reader::u32)?,
        per_day: r.opt(Reader::u32)?,
        per_week: r.opt(Reader::u32)?,
        lifetime: r.opt(Reader::u32)?,
        min_spacing_ms: r.opt_i64()?,
        dismiss_cooldown_ms: r.opt_i64()?,
    })
}

/// An offer.
pub fn offer<'a>(r: &mut Reader<'a>) -> Read<OfferWire<'a>> {
    Ok(OfferWire {
        id: r.str()?,
        slots: texts(r)?,
        title: r.str()?,
        body: r.opt_str()?,
        image: r.opt(|r| {
            Ok(ImageWire {
                url: r.str()?,
                alt: r.str()?,
                width: r.opt(Reader::u32)?,
                height: r.opt(Reader::u32)?,
            })
        })?,
        link: r.opt_str()?,
        cta: r.opt_str()?,
        tags: texts(r)?,
        categories: texts(r)?,
        brands: texts(r)?,
        products: texts(r)?,
        weight: r.f64()?,
        target: rule(r)?,
        caps: caps(r)?,
        prior_alpha: r.f64()?,
        prior_beta: r.f64()?,
    })
}

/// One entry of the offer templates: `(offer index, template variant)`.
pub fn template(r: &mut Reader<'_>) -> Read<(u32, u32)> {
    Ok((r.u32()?, r.variant(3)?))
}

/// One entry of the survey offers: `(offer index, survey)`.
pub fn survey<'a>(r: &mut Reader<'a>) -> Read<(u32, SurveyWire<'a>)> {
    let index = r.u32()?;
    let (id, scale, thanks) = (r.str()?, Scale::ALL[r.variant(3)? as usize], r.str()?);
    Ok((index, SurveyWire { id, scale, thanks }))
}

/// One entry of the `complements` section: a product and the products that go with it.
pub fn complement<'a>(r: &mut Reader<'a>) -> Read<(&'a str, Texts<'a>)> {
    Ok((r.str()?, texts(r)?))
}

fn node<'a>(r: &mut Reader<'a>) -> Read<NodeWire<'a>> {
    Ok(match r.variant(4)? {
        0 => NodeWire::All(r.u16()?),
        1 => NodeWire::Any(r.u16()?),
        2 => NodeWire::Not,
        _ => NodeWire::Compare(CompareWire {
            feature: feature(r)?,
            op: op(r)?,
        }),
    })
}

fn feature<'a>(r: &mut Reader<'a>) -> Read<FeatureWire<'a>> {
    let simple = FeatureWire::SIMPLE.len() as u32;
    Ok(match r.variant(simple + 9)? {
        i if i < simple => FeatureWire::SIMPLE[i as usize],
        i if i == simple => {
            FeatureWire::Affinity(DimensionWire::ALL[r.variant(4)? as usize], r.str()?)
        }
        i if i == simple + 1 => FeatureWire::PurchasedProducts,
        i if i == simple + 2 => FeatureWire::DaysSinceProductPurchase(r.str()?),
        i if i == simple + 3 => FeatureWire::PurchasedCategories,
        i if i == simple + 4 => FeatureWire::ReorderDue,
        i if i == simple + 5 => FeatureWire::ReorderSoon,
        i if i == simple + 6 => FeatureWire::Lifecycle,
        i if i == simple + 7 => FeatureWire::SurveyScore(r.str()?),
        _ => FeatureWire::NpsGroup,
    })
}

fn op<'a>(r: &mut Reader<'a>) -> Read<OpWire<'a>> {
    Ok(match r.variant(13)? {
        0 => OpWire::EqNumber(r.f64()?),
        1 => OpWire::EqText(r.str()?),
        2 => OpWire::EqFlag(r.bool()?),
        3 => OpWire::NeNumber(r.f64()?),
        4 => OpWire::NeText(r.str()?),
        5 => OpWire::NeFlag(r.bool()?),
        6 => OpWire::Gt(r.f64()?),
        7 => OpWire::Gte(r.f64()?),
        8 => OpWire::Lt(r.f64()?),
        9 => OpWire::Lte(r.f64()?),
        10 => OpWire::In(texts(r)?),
        11 => OpWire::Contains(r.str()?),
        _ => OpWire::Exists(r.bool()?),
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::catalog::binary::wire::CatalogWire;
    use crate::engine::catalog::binary::{decode, encode, CatalogHeader, DecodeError, HEADER_LEN};
    use crate::engine::catalog::Catalog;
    use crate::engine::codec::same_error;

    /// The decoder reads `payload`'s body as postcard reads serde's `CatalogWire`: where
    /// postcard fails, the decoder fails for the same reason (unless a check of what it read
    /// before refused it first); where the decoder succeeds, postcard does too.
    fn agree(payload: &[u8]) {
        let theirs = postcard::from_bytes::<CatalogWire>(&payload[HEADER_LEN..]);
        let accepted_by_postcard = theirs.is_ok();
        let ours = decode(payload);
        let accepted = ours.is_ok();
        match (theirs, ours) {
            (Err(e), Err(DecodeError::Malformed { reason, .. })) => {
                assert_eq!(same_error(e).reason(), reason, "{payload:?}")
            }
            // A check refused what was read before postcard's failure; or postcard ignores
            // trailing bytes the decoder refuses: either way the decoder is stricter.
            (Err(_) | Ok(_), Err(_)) | (_, Ok(_)) => {}
        }
        assert!(accepted_by_postcard || !accepted, "{payload:?}");
    }

    #[test]
    fn the_demo_catalog_reads_as_postcard_reads_it_however_it_is_damaged() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json");
        let catalog = Catalog::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let header = CatalogHeader {
            sequence: 1,
            expires_at: 2,
            signed_at: 3,
        };
        let payload = encode(&header, &catalog).unwrap();
        assert_eq!(decode(&payload), Ok((header, catalog)));
        for len in HEADER_LEN..payload.len() {
            agree(&payload[..len]);
        }
        let mut damaged = payload.clone();
        for i in HEADER_LEN..payload.len() {
            for byte in [0, 0xff, payload[i] ^ 1] {
                damaged[i] = byte;
                agree(&damaged);
            }
            damaged[i] = payload[i];
        }
    }
}
