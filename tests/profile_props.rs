#![cfg(not(target_arch = "wasm32"))]
//! Property tests: random (and hostile) event sequences keep every bound, never panic, and
//! round-trip through the stored form unchanged.

use proptest::prelude::*;
use proptest::test_runner::Config;
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{
    normalize_query, sanitize_event, Dimension, Profile, ProfileConfig, StoredRecord, MAX_AMOUNT,
    MAX_BEACONS, MAX_CART_LINES, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY, MAX_OFFERS,
    MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS, MAX_TERMS_PER_QUERY, MAX_TERM_CHARS,
};

/// 2026-11-23T09:30:00Z.
const T0: i64 = 1_795_426_200_000;

fn config() -> Config {
    Config {
        cases: 96,
        // Never write regression files into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-d]",
        6 => "[a-z]{1,3}",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => Just("x".repeat(300)),
        1 => "\\PC{0,4}",
    ]
}

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (0u32..100_000).prop_map(|cents| f64::from(cents) / 100.0),
        2 => 0.0..1e4f64,
        1 => any::<f64>(),
        1 => Just(f64::NAN),
        1 => Just(-1.0),
        1 => Just(1e300),
    ]
}

fn product() -> impl Strategy<Value = Product> {
    (
        id(),
        proptest::option::of(id()),
        proptest::option::of(id()),
        proptest::collection::vec(id(), 0..20),
        proptest::option::of(amount()),
    )
        .prop_map(|(id, category, brand, tags, price)| Product {
            id,
            category,
            brand,
            tags,
            price,
        })
}

fn offer_ref() -> impl Strategy<Value = OfferRef> {
    (id(), id()).prop_map(|(offer, slot)| OfferRef { offer, slot })
}

fn kind() -> impl Strategy<Value = EventKind> {
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
    ]
}

/// Time steps: mostly forward (seconds to days), sometimes backwards (a second tab), and
/// now and then an absurd absolute timestamp.
fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0i64..10 * MINUTE_MS).prop_map(Step::Forward),
        2 => (0i64..3 * DAY_MS).prop_map(Step::Forward),
        2 => (0i64..HOUR_MS).prop_map(Step::Back),
        1 => prop_oneof![Just(i64::MIN), Just(-1i64), Just(i64::MAX), any::<i64>()]
            .prop_map(Step::Absolute),
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Forward(i64),
    Back(i64),
    Absolute(i64),
}

#[derive(Debug, Clone)]
enum Op {
    Apply(Step, EventKind),
    Prune,
    Compact,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (step(), kind()).prop_map(|(s, k)| Op::Apply(s, k)),
        1 => Just(Op::Prune),
        1 => Just(Op::Compact),
    ]
}

fn profile_config() -> impl Strategy<Value = ProfileConfig> {
    (
        prop_oneof![Just(14.0), 0.01..100.0f64, any::<f64>()],
        prop_oneof![Just(30.0), 0.1..600.0f64, any::<f64>()],
        0u32..120,
        -14 * 60..14 * 60 + 1,
        0u32..200,
        0usize..60,
    )
        .prop_map(
            |(affinity, intent, gap, offset, retention, raw)| ProfileConfig {
                affinity_half_life_days: affinity,
                intent_half_life_minutes: intent,
                session_gap_minutes: gap,
                utc_offset_minutes: offset,
                retention_days: retention,
                max_raw_events: raw,
            },
        )
}

fn run(ops: &[Op], config: &ProfileConfig) -> (Profile, i64) {
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
            Op::Compact => p.compact(),
        }
    }
    (p, clock)
}

fn check_bounds(p: &Profile, now: i64, config: &ProfileConfig) {
    for dim in Dimension::ALL {
        assert!(p.affinity_len(dim) <= MAX_KEYS_PER_DIMENSION);
        let top = p.top(dim, usize::MAX, now, config);
        assert!(top.iter().all(|(_, s)| (0.0..=1.0).contains(s)));
        let sum: f64 = top.iter().map(|(_, s)| s).sum();
        assert!(
            top.is_empty() || sum == 0.0 || (sum - 1.0).abs() < 1e-9,
            "{sum}"
        );
        for (key, score) in p.affinity_entries(dim) {
            assert!(!key.trim().is_empty());
            assert!(score.value().is_finite() && (0.0..=MAX_AMOUNT).contains(&score.value()));
        }
    }
    let engagement = p.engagement(now, config);
    assert!(engagement.is_finite() && engagement >= 0.0);
    let cart = p.cart();
    assert!(cart.len() <= MAX_CART_LINES);
    assert!(cart
        .lines()
        .all(|(_, l)| (1..=MAX_LINE_QUANTITY).contains(&l.quantity)
            && l.price.is_none_or(|x| x.is_finite() && x >= 0.0)));
    assert!(cart.value().is_finite());
    assert!(p.offers().count() <= MAX_OFFERS);
    assert!(p.beacons().count() <= MAX_BEACONS);
    assert!(p.recent_purchases().count() <= MAX_RECENT_PURCHASES);
    assert!(p.recent_search_terms().len() <= MAX_SEARCH_TERMS);
    assert!(p.raw_events().len() <= config.raw_event_capacity());
    assert!(p.raw_events().len() as u64 <= p.event_count());
    assert!(p
        .raw_events()
        .zip(p.raw_events().skip(1))
        .all(|(a, b)| a.at <= b.at));
    assert!(p.monetary().is_finite() && (0.0..=MAX_AMOUNT).contains(&p.monetary()));
    if let (Some(first), Some(last)) = (p.first_seen_at(), p.last_seen_at()) {
        assert!(first <= last);
    }
}

fn json_round_trip(p: &Profile) -> Profile {
    let text = serde_json::to_string(&p.to_stored()).expect("serializes");
    let record: StoredRecord = serde_json::from_str(&text).expect("deserializes");
    Profile::from_record(record).expect("loads")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_sequences_keep_bounds_and_round_trip(
        ops in proptest::collection::vec(op(), 0..300),
        config in profile_config(),
    ) {
        let (p, clock) = run(&ops, &config);
        check_bounds(&p, clock, &config);
        prop_assert_eq!(Profile::from_stored(p.to_stored()), Ok(p.clone()));
        let back = json_round_trip(&p);
        prop_assert_eq!(&back, &p);
        // Via a sorted-key JSON value as well (`v` last).
        let value = serde_json::to_value(p.to_stored()).expect("to value");
        prop_assert_eq!(Profile::load(value), Ok(p.clone()));
        // The reloaded profile keeps evolving identically.
        let mut a = p.clone();
        let mut b = back;
        let next = Event { at: clock + 1, kind: EventKind::Search { query: "next step".into() } };
        a.apply(&next, &config);
        b.apply(&next, &config);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn arrival_order_does_not_change_scores(
        views in proptest::collection::vec((0i64..30 * DAY_MS, "[a-e]"), 1..40)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
    ) {
        let (ordered, shuffled) = views;
        let config = ProfileConfig::default();
        let fold = |events: &[(i64, String)]| {
            let mut p = Profile::new();
            for (t, category) in events {
                p.apply(&Event { at: T0 + t, kind: EventKind::CategoryView { category: category.clone() } }, &config);
            }
            p
        };
        let mut sorted = ordered.clone();
        sorted.sort_by_key(|(t, _)| *t);
        let a = fold(&sorted);
        let b = fold(&shuffled);
        let now = T0 + 31 * DAY_MS;
        for key in ["a", "b", "c", "d", "e"] {
            let x = a.affinity_score(Dimension::Category, key, now, &config);
            let y = b.affinity_score(Dimension::Category, key, now, &config);
            prop_assert!((x - y).abs() < 1e-4, "{}: {} vs {}", key, x, y);
        }
        prop_assert_eq!(a.last_seen_at(), b.last_seen_at());
        prop_assert_eq!(a.event_count(), b.event_count());
    }

    #[test]
    fn sanitising_is_idempotent(step in any::<i64>(), kind in kind()) {
        let event = Event { at: step, kind };
        if let Some(clean) = sanitize_event(&event) {
            prop_assert_eq!(sanitize_event(&clean), Some(clean));
        }
    }

    #[test]
    fn normalised_terms_are_bounded_and_stable(query in "\\PC{0,300}") {
        let terms = normalize_query(&query);
        prop_assert!(terms.len() <= MAX_TERMS_PER_QUERY);
        for term in &terms {
            let chars = term.chars().count();
            prop_assert!((2..=MAX_TERM_CHARS).contains(&chars));
            prop_assert_eq!(normalize_query(term), vec![term.clone()]);
        }
    }
}
