#![cfg(not(target_arch = "wasm32"))]
//! Property tests: random (and hostile) event sequences keep every bound and never panic
//! (`profile_bytes.rs` checks that such profiles round-trip through their stored bytes).

mod strategies;

use proptest::prelude::*;
use strategies::{config, kind, op, profile_config, run, T0};
use vitrine::engine::clock::DAY_MS;
use vitrine::engine::events::{Event, EventKind};
use vitrine::engine::profile::{
    normalize_query, sanitize_event, Dimension, Profile, ProfileConfig, MAX_AMOUNT, MAX_BEACONS,
    MAX_CART_LINES, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY, MAX_OFFERS, MAX_RECENT_PURCHASES,
    MAX_SEARCH_TERMS, MAX_TERMS_PER_QUERY, MAX_TERM_CHARS,
};

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
    assert!(p.monetary().is_finite() && (0.0..=MAX_AMOUNT).contains(&p.monetary()));
    if let (Some(first), Some(last)) = (p.first_seen_at(), p.last_seen_at()) {
        assert!(first <= last);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_sequences_keep_bounds(
        ops in proptest::collection::vec(op(), 0..300),
        config in profile_config(),
    ) {
        let (p, clock) = run(&ops, &config);
        check_bounds(&p, clock, &config);
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
