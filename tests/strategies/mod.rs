//! Proptest strategies shared by the property tests (`mod strategies;`): random and hostile
//! events, time steps, profile configurations, and the profiles they build.
#![allow(dead_code)] // Each test crate uses its own part.

use proptest::prelude::*;
use proptest::test_runner::Config;
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{Profile, ProfileConfig};

/// 2026-11-23T09:30:00Z.
pub const T0: i64 = 1_795_426_200_000;

/// 96 cases, no regression files.
pub fn config() -> Config {
    Config {
        cases: 96,
        // Never write regression files into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Ids: mostly short and colliding, sometimes blank, over-long (300 bytes) or any text.
pub fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-d]",
        6 => "[a-z]{1,3}",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => Just("x".repeat(300)),
        1 => "\\PC{0,4}",
    ]
}

/// Prices and order values: mostly cents, sometimes NaN, negative or huge.
pub fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (0u32..100_000).prop_map(|cents| f64::from(cents) / 100.0),
        2 => 0.0..1e4f64,
        1 => any::<f64>(),
        1 => Just(f64::NAN),
        1 => Just(-1.0),
        1 => Just(1e300),
    ]
}

/// Product links and pictures: mostly fine, sometimes refused by the URL policy or garbage.
pub fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "/p/[a-z]{1,6}",
        2 => "https://shop\\.example/[a-z]{0,6}",
        1 => Just("javascript:alert(1)".to_owned()),
        1 => Just("java\tscript:x".to_owned()),
        1 => Just("x".repeat(1100)),
        1 => "\\PC{0,8}",
    ]
}

/// A product made of [`id`]s and an [`amount`], with up to 19 tags, sometimes with a name,
/// link and picture.
pub fn product() -> impl Strategy<Value = Product> {
    let details = proptest::option::of((
        proptest::option::of(id()),
        proptest::option::of(url()),
        proptest::option::of(url()),
    ));
    (
        id(),
        proptest::option::of(id()),
        proptest::option::of(id()),
        proptest::collection::vec(id(), 0..20),
        proptest::option::of(amount()),
        details,
    )
        .prop_map(|(id, category, brand, tags, price, details)| {
            let (name, url, image) = details.unwrap_or_default();
            Product {
                id,
                category,
                brand,
                tags,
                price,
                name,
                url,
                image,
            }
        })
}

/// An offer and a slot, both [`id`]s.
pub fn offer_ref() -> impl Strategy<Value = OfferRef> {
    (id(), id()).prop_map(|(offer, slot)| OfferRef { offer, slot })
}

/// Any event kind, garbage parts included.
pub fn kind() -> impl Strategy<Value = EventKind> {
    let page_type = prop_oneof![
        Just(PageType::Home),
        Just(PageType::Category),
        Just(PageType::Product),
        Just(PageType::Search),
        Just(PageType::Cart),
        Just(PageType::Checkout),
        Just(PageType::Other),
    ];
    prop_oneof![
        page_type.prop_map(|page_type| EventKind::PageView { page_type }),
        product().prop_map(|product| EventKind::ProductView { product }),
        id().prop_map(|category| EventKind::CategoryView { category }),
        prop_oneof!["[a-z ]{0,30}", "\\PC{0,40}"].prop_map(|query| EventKind::Search { query }),
        (product(), prop_oneof![0u32..5, any::<u32>()])
            .prop_map(|(product, quantity)| EventKind::AddToCart { product, quantity }),
        id().prop_map(|product_id| EventKind::RemoveFromCart { product_id }),
        (proptest::collection::vec(product(), 0..4), amount())
            .prop_map(|(items, value)| EventKind::Purchase { items, value }),
        offer_ref().prop_map(EventKind::Impression),
        offer_ref().prop_map(EventKind::Click),
        offer_ref().prop_map(EventKind::Dismiss),
        id().prop_map(|beacon| EventKind::BeaconEnter { beacon }),
        id().prop_map(|beacon| EventKind::BeaconExit { beacon }),
        product().prop_map(|product| EventKind::ProductDetails { product }),
    ]
}

/// Time steps: mostly forward (seconds to days), sometimes backwards (a second tab), and
/// now and then an absurd absolute timestamp.
pub fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0i64..10 * MINUTE_MS).prop_map(Step::Forward),
        2 => (0i64..3 * DAY_MS).prop_map(Step::Forward),
        2 => (0i64..HOUR_MS).prop_map(Step::Back),
        1 => prop_oneof![Just(i64::MIN), Just(-1i64), Just(i64::MAX), any::<i64>()]
            .prop_map(Step::Absolute),
    ]
}

/// How the clock moves before an event.
#[derive(Debug, Clone)]
pub enum Step {
    Forward(i64),
    Back(i64),
    Absolute(i64),
}

/// One step of a profile's life.
// Test scaffolding: a few hundred ops per case, so their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Op {
    Apply(Step, EventKind),
    Prune,
}

/// Mostly events, now and then a retention prune.
pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (step(), kind()).prop_map(|(s, k)| Op::Apply(s, k)),
        1 => Just(Op::Prune),
    ]
}

/// Any configuration, absurd half-lives included.
pub fn profile_config() -> impl Strategy<Value = ProfileConfig> {
    (
        prop_oneof![Just(14.0), 0.01..100.0f64, any::<f64>()],
        prop_oneof![Just(30.0), 0.1..600.0f64, any::<f64>()],
        0u32..120,
        -14 * 60..14 * 60 + 1,
        0u32..200,
    )
        .prop_map(|(affinity, intent, gap, offset, retention)| ProfileConfig {
            affinity_half_life_days: affinity,
            intent_half_life_minutes: intent,
            session_gap_minutes: gap,
            utc_offset_minutes: offset,
            retention_days: retention,
        })
}

/// The profile `ops` build from empty, and the clock at the end.
pub fn run(ops: &[Op], config: &ProfileConfig) -> (Profile, i64) {
    let mut p = Profile::new();
    let mut clock = T0;
    for op in ops {
        match op {
            Op::Apply(step, kind) => {
                let at = match *step {
                    Step::Forward(d) => {
                        clock += d;
                        clock
                    }
                    Step::Back(d) => clock - d,
                    Step::Absolute(t) => t,
                };
                p.apply(
                    &Event {
                        at,
                        kind: kind.clone(),
                    },
                    config,
                );
            }
            Op::Prune => p.prune(clock, config),
        }
    }
    (p, clock)
}
