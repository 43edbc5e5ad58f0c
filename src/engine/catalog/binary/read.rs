//! [`CatalogWire`] read by hand with the [`codec`](crate::engine::codec) reader, field for field
//! as serde's derives in [`super::wire`] encode it with postcard (`vitrine sign` writes it with
//! them). The derives stay the specification; this reader keeps their monomorphized visitors out
//! of the browser's wasm. `decode`'s tests check that both read every payload alike.

use super::bounded::Bounded;
use super::rules::MAX_WIRE_RULE_NODES;
use super::wire::*;
use crate::engine::catalog::limits::{MAX_BEACONS, MAX_CAMPAIGNS, MAX_LIST_LEN, MAX_OFFERS};
use crate::engine::codec::{ReadError, Reader};

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

/// A whole catalog body.
pub fn catalog<'a>(r: &mut Reader<'a>) -> Read<CatalogWire<'a>> {
    let (version, utc_offset_minutes, holdout, beacons) = prefix(r)?;
    Ok(CatalogWire {
        version,
        utc_offset_minutes,
        holdout,
        beacons,
        campaigns: bounded::<_, MAX_CAMPAIGNS>(r, campaign)?,
        relevance_gain: r.f64()?,
        suppress_purchased_ms: r.i64()?,
    })
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

fn campaign<'a>(r: &mut Reader<'a>) -> Read<CampaignWire<'a>> {
    Ok(CampaignWire {
        id: r.str()?,
        name: r.str()?,
        priority: r.i32()?,
        starts_at: r.opt_i64()?,
        ends_at: r.opt_i64()?,
        weekdays: bounded(r, |r| Ok(WeekdayWire::ALL[r.variant(7)? as usize]))?,
        hours: bounded::<_, MAX_LIST_LEN>(r, |r| Ok((r.u16()?, r.u16()?)))?,
        target: rule(r)?,
        caps: caps(r)?,
        offers: bounded::<_, MAX_OFFERS>(r, offer)?,
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

fn offer<'a>(r: &mut Reader<'a>) -> Read<OfferWire<'a>> {
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
    match r.variant(simple + 1)? {
        i if i < simple => Ok(FeatureWire::SIMPLE[i as usize]),
        _ => Ok(FeatureWire::Affinity(
            DimensionWire::ALL[r.variant(4)? as usize],
            r.str()?,
        )),
    }
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
    use super::*;
    use crate::engine::catalog::binary::{encode, CatalogHeader, HEADER_LEN};
    use crate::engine::catalog::Catalog;
    use crate::engine::codec::same_error;

    /// The two readers agree on `body`: the same record (compared by its encoding) and the same
    /// bytes left, or the same error.
    fn agree(body: &[u8]) {
        let theirs = postcard::take_from_bytes::<CatalogWire>(body);
        let mut r = Reader::new(body);
        match (theirs, catalog(&mut r)) {
            (Ok((a, rest)), Ok(b)) => {
                assert_eq!(postcard::to_allocvec(&a), postcard::to_allocvec(&b));
                assert_eq!(rest.len(), r.rest().len());
            }
            (Err(e), Err(ours)) => assert_eq!(same_error(e), ours, "{body:?}"),
            (theirs, ours) => panic!(
                "postcard: {:?}, here: {:?}",
                theirs.map(|_| ()),
                ours.map(|_| ())
            ),
        }
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
        let body = encode(&header, &catalog).unwrap()[HEADER_LEN..].to_vec();
        agree(&body);
        for len in 0..body.len() {
            agree(&body[..len]);
        }
        let mut damaged = body.clone();
        for i in 0..body.len() {
            for byte in [0, 0xff, body[i] ^ 1] {
                damaged[i] = byte;
                agree(&damaged);
            }
            damaged[i] = body[i];
        }
    }
}
