//! What `decide` and `offer` answer: postcard-encoded flat structs that the shell reads with
//! `shell/src/wire-read.ts`. Field order is the wire format.

use serde::Serialize;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::decision::{Mode, Pick};
use vitrine::engine::targeting::Value;

/// One slot's outcome.
#[derive(Serialize)]
struct SlotWire<'a> {
    /// 0 personalized, 1 holdout, 2 non-personalized.
    mode: u8,
    candidates: u32,
    chosen: Option<ChoiceWire<'a>>,
    /// `(offer index, removal reason index)`, with full detail only.
    removed: Vec<(u32, u8)>,
}

/// The chosen offer and why.
#[derive(Serialize)]
struct ChoiceWire<'a> {
    offer: u32,
    score: f64,
    /// `(dimension: 0 category, 1 brand, 2 tag; key; share)`, strongest first.
    interests: Vec<(u8, &'a str, f64)>,
    personal_rule: bool,
    expected_ctr: Option<f64>,
    /// `(feature name, value)`, with full detail only.
    features: Vec<(String, ValueWire)>,
}

/// A feature's value.
#[derive(Serialize)]
enum ValueWire {
    Missing,
    Number(f64),
    Text(String),
    Flag(bool),
    List(Vec<String>),
}

/// An offer's identity and creative, for the shell to build the public decision and render.
#[derive(Serialize)]
struct OfferWire<'a> {
    id: &'a str,
    campaign: &'a str,
    title: &'a str,
    body: Option<&'a str>,
    /// `(url, alt, width, height)`.
    image: Option<(&'a str, &'a str, Option<u32>, Option<u32>)>,
    link: Option<&'a str>,
    cta: Option<&'a str>,
}

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

fn value_wire(value: Value) -> ValueWire {
    match value {
        Value::Missing => ValueWire::Missing,
        Value::Number(n) => ValueWire::Number(n),
        Value::Text(t) => ValueWire::Text(t),
        Value::Flag(f) => ValueWire::Flag(f),
        Value::List(l) => ValueWire::List(l),
    }
}

/// Encodes the picks of one `decide` call.
pub fn picks(picks: Vec<Pick>) -> Vec<u8> {
    let slots: Vec<SlotWire> = picks
        .into_iter()
        .map(|pick| SlotWire {
            mode: mode_number(pick.mode),
            candidates: pick.candidates as u32,
            chosen: pick.chosen.map(|c| ChoiceWire {
                offer: c.offer as u32,
                score: c.score,
                interests: c
                    .interests
                    .iter()
                    .map(|s| (dimension_number(s.dimension), s.key, s.share))
                    .collect(),
                personal_rule: c.personal_rule,
                expected_ctr: c.expected_ctr,
                features: c
                    .features
                    .into_iter()
                    .map(|(name, value)| (name, value_wire(value)))
                    .collect(),
            }),
            removed: pick
                .removed
                .iter()
                .map(|&(i, reason)| (i as u32, reason as u8))
                .collect(),
        })
        .collect();
    postcard::to_allocvec(&slots).unwrap_or_default()
}

/// Encodes catalog offer `index`, or nothing when there is no such offer.
pub fn offer(catalog: &Catalog, index: usize) -> Vec<u8> {
    let Some(offer) = catalog.offers.get(index) else {
        return Vec::new();
    };
    let c = &offer.creative;
    let wire = OfferWire {
        id: &offer.id,
        campaign: &catalog.campaigns[offer.campaign].id,
        title: &c.title,
        body: c.body.as_deref(),
        image: c
            .image
            .as_ref()
            .map(|i| (i.url.as_str(), i.alt.as_str(), i.width, i.height)),
        link: c.link.as_deref(),
        cta: c.cta.as_deref(),
    };
    postcard::to_allocvec(&wire).unwrap_or_default()
}
