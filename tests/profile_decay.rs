#![cfg(not(target_arch = "wasm32"))]
//! Profile maths: decay, affinity shares, intent temperature and search normalisation.

use vitrine::engine::clock::{DAY_MS, MINUTE_MS};
use vitrine::engine::events::{Event, EventKind, OfferRef, Product};
use vitrine::engine::profile::{
    decay::half, decay_factor, normalize_query, Dimension, Intent, Profile, ProfileConfig,
    MAX_SEARCH_TERMS, MAX_TERMS_PER_QUERY, MAX_TERM_CHARS,
};

/// 2026-11-23T09:30:00Z, a Monday.
const T0: i64 = 1_795_426_200_000;

fn product(id: &str, category: &str, brand: &str, tags: &[&str]) -> Product {
    Product {
        id: id.into(),
        category: Some(category.into()),
        brand: Some(brand.into()),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        price: None,
        ..Default::default()
    }
}

fn at(at: i64, kind: EventKind) -> Event {
    Event { at, kind }
}

fn view(t: i64, category: &str) -> Event {
    at(
        t,
        EventKind::ProductView {
            product: product("p", category, "acme", &[]),
        },
    )
}

fn search(t: i64, query: &str) -> Event {
    at(
        t,
        EventKind::Search {
            query: query.into(),
        },
    )
}

#[test]
fn half_life_exactly_halves_scores() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    p.apply(&view(T0, "coffee"), &config);
    let score = |now| p.affinity_score(Dimension::Category, "coffee", now, &config);
    assert_eq!(score(T0), 1.0);
    assert_eq!(score(T0 + 14 * DAY_MS), 0.5);
    assert_eq!(score(T0 + 28 * DAY_MS), 0.25);
    // Reading "before" the update never grows the score.
    assert_eq!(score(T0 - DAY_MS), 1.0);

    // Engagement: 30-minute half-life.
    assert_eq!(p.engagement(T0, &config), 1.0);
    assert_eq!(p.engagement(T0 + 30 * MINUTE_MS, &config), 0.5);
    assert_eq!(p.engagement(T0 + 60 * MINUTE_MS, &config), 0.25);

    assert_eq!(decay_factor(1000, 1000.0), 0.5);
    assert_eq!(decay_factor(-5, 1000.0), 1.0);
    assert_eq!(decay_factor(1000, f64::INFINITY), 1.0);
    assert_eq!(decay_factor(1000, f64::NAN), 0.0);
    // Every whole number of half-lives is an exact power of two; fractions are within an ulp
    // or two; far past the last double, 0.
    for k in 0..=1022u64 {
        let exact = f64::from_bits((1023 - k) << 52);
        assert_eq!(half(k as f64), exact, "{k} half-lives");
    }
    for x in [0.5, 1.25, 3.7, 20.001, 100.9] {
        let exact = 2f64.powf(-x);
        assert!((half(x) - exact).abs() <= 2.0 * f64::EPSILON * exact, "{x}");
    }
    assert_eq!(half(1075.0), 0.0);
    assert_eq!(half(f64::INFINITY), 0.0);
    assert!(half(f64::NAN).is_nan());
}

#[test]
fn adding_decays_first_then_adds() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    p.apply(&view(T0, "coffee"), &config);
    p.apply(&view(T0 + 14 * DAY_MS, "coffee"), &config);
    // 1 decayed to 0.5, plus 1.
    let now = T0 + 14 * DAY_MS;
    assert_eq!(
        p.affinity_score(Dimension::Category, "coffee", now, &config),
        1.5
    );
    // Add to cart weighs 3, purchase 5, per category, brand and tag.
    let cart = at(
        now,
        EventKind::AddToCart {
            product: product("sku", "tea", "leafy", &["organic", "green"]),
            quantity: 1,
        },
    );
    p.apply(&cart, &config);
    let purchase = at(
        now,
        EventKind::Purchase {
            items: vec![product("sku", "tea", "leafy", &["organic"])],
            value: 0.0,
        },
    );
    p.apply(&purchase, &config);
    assert_eq!(
        p.affinity_score(Dimension::Category, "tea", now, &config),
        8.0
    );
    assert_eq!(
        p.affinity_score(Dimension::Brand, "leafy", now, &config),
        8.0
    );
    assert_eq!(
        p.affinity_score(Dimension::Tag, "organic", now, &config),
        8.0
    );
    assert_eq!(p.affinity_score(Dimension::Tag, "green", now, &config), 3.0);
    // A banner click teaches no affinity.
    let click = at(
        now,
        EventKind::Click(OfferRef {
            offer: "o".into(),
            slot: "hero".into(),
        }),
    );
    p.apply(&click, &config);
    assert_eq!(p.affinity_len(Dimension::Tag), 2);
}

#[test]
fn shares_sum_to_one_and_top_is_ordered() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    for (i, category) in ["coffee", "coffee", "coffee", "tea", "cocoa", "juice"]
        .iter()
        .enumerate()
    {
        p.apply(&view(T0 + i as i64, category), &config);
    }
    let now = T0 + DAY_MS;
    let top = p.top(Dimension::Category, usize::MAX, now, &config);
    let names: Vec<&str> = top.iter().map(|(k, _)| *k).collect();
    // Ties (cocoa, juice, tea: one view each, nearly equal decay) are broken by share, then key.
    assert_eq!(names[0], "coffee");
    assert_eq!(top.len(), 4);
    let sum: f64 = top.iter().map(|(_, s)| s).sum();
    assert!((sum - 1.0).abs() < 1e-12, "shares sum to {sum}");
    assert!((p.affinity(Dimension::Category, "coffee", now, &config) - 0.5).abs() < 1e-9);
    assert!(top.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(p.top(Dimension::Category, 2, now, &config).len(), 2);
    assert_eq!(
        p.affinity(Dimension::Category, "unknown", now, &config),
        0.0
    );
    assert_eq!(p.affinity(Dimension::Brand, "nobody", now, &config), 0.0);
    assert!(p.top(Dimension::SearchTerm, 3, now, &config).is_empty());

    // Exact ties are broken by key.
    let mut q = Profile::new();
    for category in ["b", "c", "a"] {
        q.apply(&view(T0, category), &config);
    }
    let keys: Vec<&str> = q
        .top(Dimension::Category, 3, T0, &config)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["a", "b", "c"]);
}

#[test]
fn older_interests_lose_share_to_newer_ones() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    p.apply(&view(T0, "coffee"), &config);
    p.apply(&view(T0 + 14 * DAY_MS, "tea"), &config);
    let now = T0 + 14 * DAY_MS;
    // coffee 0.5, tea 1: shares 1/3 and 2/3, whatever the read time afterwards.
    for later in [now, now + 3 * DAY_MS, now + 100 * DAY_MS] {
        let coffee = p.affinity(Dimension::Category, "coffee", later, &config);
        let tea = p.affinity(Dimension::Category, "tea", later, &config);
        assert!((coffee - 1.0 / 3.0).abs() < 1e-6, "{coffee}");
        assert!((tea - 2.0 / 3.0).abs() < 1e-6, "{tea}");
    }
}

#[test]
fn late_events_give_the_same_scores_as_in_order_events() {
    let config = ProfileConfig::default();
    let events: Vec<Event> = (0..6)
        .map(|i| {
            view(
                T0 + i * 3 * DAY_MS,
                if i % 2 == 0 { "coffee" } else { "tea" },
            )
        })
        .collect();
    let mut in_order = Profile::new();
    for e in &events {
        in_order.apply(e, &config);
    }
    let mut shuffled = Profile::new();
    for i in [5, 0, 3, 1, 4, 2] {
        shuffled.apply(&events[i], &config);
    }
    let now = T0 + 20 * DAY_MS;
    for key in ["coffee", "tea"] {
        let a = in_order.affinity_score(Dimension::Category, key, now, &config);
        let b = shuffled.affinity_score(Dimension::Category, key, now, &config);
        assert!((a - b).abs() < 1e-5, "{key}: {a} vs {b}");
    }
    assert_eq!(in_order.last_seen_at(), shuffled.last_seen_at());
}

#[test]
fn intent_goes_cold_warm_hot_and_back() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    assert_eq!(p.intent(T0, &config), Intent::Cold);
    p.apply(&view(T0, "coffee"), &config);
    p.apply(&view(T0, "coffee"), &config);
    assert_eq!(p.engagement(T0, &config), 2.0);
    assert_eq!(p.intent(T0, &config), Intent::Cold);
    p.apply(&search(T0, "espresso"), &config);
    assert_eq!(p.intent(T0, &config), Intent::Warm); // 3
    let add = at(
        T0,
        EventKind::AddToCart {
            product: product("sku", "coffee", "acme", &[]),
            quantity: 1,
        },
    );
    p.apply(&add, &config); // 6
    assert_eq!(p.intent(T0, &config), Intent::Warm);
    let category_view = at(
        T0,
        EventKind::CategoryView {
            category: "coffee".into(),
        },
    );
    p.apply(&category_view, &config); // 6.5
    let click = at(
        T0,
        EventKind::Click(OfferRef {
            offer: "o".into(),
            slot: "hero".into(),
        }),
    );
    p.apply(&click, &config); // 8.5
    assert_eq!(p.engagement(T0, &config), 8.5);
    assert_eq!(p.intent(T0, &config), Intent::Hot);
    // Decay back: 4.25 after 30 minutes, 2.125 after an hour.
    assert_eq!(p.intent(T0 + 30 * MINUTE_MS, &config), Intent::Warm);
    assert_eq!(p.intent(T0 + 60 * MINUTE_MS, &config), Intent::Cold);
    // A purchase resets engagement: the shopper converted.
    let purchase = at(
        T0 + MINUTE_MS,
        EventKind::Purchase {
            items: vec![],
            value: 10.0,
        },
    );
    p.apply(&purchase, &config);
    assert_eq!(p.engagement(T0 + MINUTE_MS, &config), 0.0);
    assert_eq!(p.intent(T0 + MINUTE_MS, &config), Intent::Cold);
    assert_eq!(Intent::Hot.as_str(), "hot");
    assert!(Intent::Cold < Intent::Warm && Intent::Warm < Intent::Hot);
    assert_eq!(serde_json::to_string(&Intent::Warm).unwrap(), "\"warm\"");
}

#[test]
fn search_queries_are_normalised() {
    assert_eq!(
        normalize_query("Organic COFFEE beans, for the Espresso-machine!"),
        ["organic", "coffee", "beans", "espresso", "machine"]
    );
    // Unicode-aware lowercase and splitting; one-letter words and repeats are dropped.
    assert_eq!(
        normalize_query("Café CRÈME · café à Ωmega"),
        ["café", "crème", "ωmega"]
    );
    assert!(normalize_query("the of and a").is_empty());
    assert!(normalize_query("").is_empty());
    let long = "x".repeat(100);
    assert_eq!(normalize_query(&long), ["x".repeat(MAX_TERM_CHARS)]);
    let many = (0..20)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let terms = normalize_query(&many);
    assert_eq!(terms.len(), MAX_TERMS_PER_QUERY);
    assert_eq!(terms[0], "w0");
    // A term normalises to itself.
    for term in normalize_query("Straße İstanbul ÅNGSTRÖM 42") {
        assert_eq!(normalize_query(&term), std::slice::from_ref(&term));
    }
}

#[test]
fn searches_feed_terms_and_the_recent_list() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    p.apply(&search(T0, "Dark roast coffee"), &config);
    p.apply(&search(T0 + 1, "green tea"), &config);
    p.apply(&search(T0 + 2, "COFFEE grinder"), &config);
    assert_eq!(
        p.recent_search_terms(),
        ["coffee", "grinder", "green", "tea", "dark", "roast"]
    );
    // coffee twice, the other five once: 2/7.
    let share = p.affinity(Dimension::SearchTerm, "coffee", T0 + 2, &config);
    assert!((share - 2.0 / 7.0).abs() < 1e-6);
    // Rule keys are matched case-insensitively for search terms.
    assert_eq!(
        p.affinity(Dimension::SearchTerm, "Coffee", T0 + 2, &config),
        share
    );
    // Keys are lowercased character by character, as queries are: a final capital sigma reads
    // σ, as in the stored term.
    p.apply(&search(T0 + 3, "ΟΔΟΣ"), &config);
    assert_eq!(normalize_query("ΟΔΟΣ"), ["οδοσ"]);
    assert!(p.affinity(Dimension::SearchTerm, "ΟΔΟΣ", T0 + 3, &config) > 0.0);
    // A late search finds its place by time.
    p.apply(&search(T0 - 5, "cocoa"), &config);
    assert_eq!(p.recent_search_terms().last(), Some(&"cocoa"));
    // Bounded, newest kept.
    for i in 0..50 {
        p.apply(&search(T0 + 10 + i, &format!("term{i}")), &config);
    }
    let terms = p.recent_search_terms();
    assert_eq!(terms.len(), MAX_SEARCH_TERMS);
    assert_eq!(terms[0], "term49");
    assert_eq!(terms[MAX_SEARCH_TERMS - 1], "term30");
    // A blank query or one of only stop words teaches nothing.
    let before = p.affinity_len(Dimension::SearchTerm);
    p.apply(&search(T0 + 100, "   "), &config);
    p.apply(&search(T0 + 100, "for the"), &config);
    assert_eq!(p.affinity_len(Dimension::SearchTerm), before);
}

#[test]
fn invalid_config_values_fall_back_safely() {
    let base = ProfileConfig::default();
    for bad in [f64::NAN, 0.0, -3.0, f64::NEG_INFINITY] {
        let config = ProfileConfig {
            affinity_half_life_days: bad,
            intent_half_life_minutes: bad,
            ..base.clone()
        };
        assert_eq!(config.affinity_half_life_ms(), base.affinity_half_life_ms());
        assert_eq!(config.intent_half_life_ms(), base.intent_half_life_ms());
    }
    let never = ProfileConfig {
        affinity_half_life_days: f64::INFINITY,
        ..base.clone()
    };
    let mut p = Profile::new();
    p.apply(&view(T0, "coffee"), &never);
    assert_eq!(
        p.affinity_score(Dimension::Category, "coffee", T0 + 10_000 * DAY_MS, &never),
        1.0
    );
    let no_gap = ProfileConfig {
        session_gap_minutes: 0,
        ..base
    };
    assert_eq!(no_gap.session_gap_ms(), MINUTE_MS);
    assert_eq!(Dimension::parse("search"), Some(Dimension::SearchTerm));
    assert_eq!(Dimension::Brand.as_str(), "brand");
}
