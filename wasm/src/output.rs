//! What `decide` and `offer` answer, in postcard's encoding (written with the core's `codec`
//! writer), for the shell's reader `shell/src/wire-read.ts` (`decisions.ts`). Field order is
//! the wire format; `tests.rs` pins it.

use alloc::vec::Vec;

use vitrine::engine::catalog::Catalog;
use vitrine::engine::codec::Writer;
use vitrine::engine::decision::{Because, Mode, Pick};
use vitrine::engine::targeting::Value;

fn mode_number(mode: Mode) -> u8 {
    match mode {
        Mode::Personalized => 0,
        Mode::Holdout => 1,
        Mode::NonPersonalized => 2,
    }
}

fn dimension_number(name: &str) -> u8 {
    match name {
        "category" => 0,
        "brand" => 1,
        _ => 2,
    }
}

/// A feature's value: a variant tag (0 missing, 1 number, 2 text, 3 flag, 4 list), then its data.
fn value(w: &mut Writer, value: &Value) {
    match value {
        Value::Missing => w.u32(0),
        Value::Number(n) => {
            w.u32(1);
            w.f64(*n);
        }
        Value::Text(t) => {
            w.u32(2);
            w.str(t);
        }
        Value::Flag(f) => {
            w.u32(3);
            w.bool(*f);
        }
        Value::List(l) => {
            w.u32(4);
            w.list(l, |w, s| w.str(s));
        }
    }
}

/// Encodes the picks of one `decide` call: per slot, its mode (0 personalized, 1 holdout,
/// 2 non-personalized), the candidate count, the chosen offer if any (its index, score,
/// interests as `(dimension: 0 category, 1 brand, 2 tag; key; share)` strongest first, whether
/// a personal rule matched, the expected click rate, with full detail the features as
/// `(name, value)`, and for a template its product as `(id, name, url, image, why: 0 bought,
/// 1 viewed, 2 goes with (then the cart's product id and name))`), then with full detail the
/// left-out offers as `(offer index, reason index)`.
pub fn picks(picks: Vec<Pick>) -> Vec<u8> {
    let mut w = Writer::default();
    w.list(&picks, |w, pick| {
        w.bytes.push(mode_number(pick.mode));
        w.u64(pick.candidates as u64);
        w.opt(pick.chosen.as_ref(), |w, c| {
            w.u64(c.offer as u64);
            w.f64(c.score);
            w.list(&c.interests, |w, s| {
                w.bytes.push(dimension_number(s.dimension));
                w.str(s.key);
                w.f64(s.share);
            });
            w.bool(c.personal_rule);
            w.opt(c.expected_ctr, Writer::f64);
            w.list(&c.features, |w, (name, v)| {
                w.str(name);
                value(w, v);
            });
            w.opt(c.product.as_ref(), |w, p| {
                w.str(p.product);
                w.str(&p.card.name);
                w.str(&p.card.url);
                w.opt_str(p.card.image.as_deref());
                match p.because {
                    Because::Bought => w.u32(0),
                    Because::Viewed => w.u32(1),
                    Because::GoesWith { product, name } => {
                        w.u32(2);
                        w.str(product);
                        w.opt_str(name);
                    }
                }
            });
        });
        w.list(&pick.removed, |w, &(i, reason)| {
            w.u64(i as u64);
            w.bytes.push(reason as u8);
        });
    });
    w.bytes
}

/// Encodes catalog offer `index` (its id, campaign id, title, body, image as `(url, alt,
/// width, height)`, link, call to action and survey as `(id, scale: 0 nps, 1 csat, 2 thumbs,
/// thanks)`), or nothing when there is no such offer.
pub fn offer(catalog: &Catalog, index: usize) -> Vec<u8> {
    let Some(offer) = catalog.offers.get(index) else {
        return Vec::new();
    };
    let c = &offer.creative;
    let mut w = Writer::default();
    w.str(&offer.id);
    w.str(&catalog.campaigns[offer.campaign].id);
    w.str(&c.title);
    w.opt_str(c.body.as_deref());
    w.opt(c.image.as_ref(), |w, i| {
        w.str(&i.url);
        w.str(&i.alt);
        w.opt(i.width, Writer::u32);
        w.opt(i.height, Writer::u32);
    });
    w.opt_str(c.link.as_deref());
    w.opt_str(c.cta.as_deref());
    w.opt(offer.survey.as_ref(), |w, s| {
        w.str(&s.id);
        w.u32(s.scale as u32);
        w.str(&s.thanks);
    });
    w.bytes
}
