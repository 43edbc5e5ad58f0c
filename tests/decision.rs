//! Decisions end to end on the pure engine: defaults, relevance, caps across day boundaries,
//! cooldowns, suppression, one campaign per page, holdout stickiness, consent, determinism and
//! bandit convergence; and, for arbitrary event sequences, no panic and no cap ever exceeded.
#![cfg(not(target_arch = "wasm32"))]

mod strategies;

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::json;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::decision::{decide, holdout, Context, Inputs, Mode, Removal, SlotDecision};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{Profile, ProfileConfig};

// 2026-11-23T09:30:00Z, a Monday; the shop is at +01:00.
const NOW: i64 = 1_795_426_200_000;

fn catalog(extra: serde_json::Value) -> Catalog {
    let mut doc = json!({
        "schema": 1, "version": "test", "utc_offset_minutes": 60,
        "defaults": { "prior": { "alpha": 40, "beta": 760 } },
        "campaigns": [
            { "id": "welcome", "offers": [{ "id": "welcome", "slots": ["hero", "side"], "title": "Welcome" }] },
            { "id": "coffee", "offers": [{ "id": "coffee-20", "slots": ["hero", "side"], "title": "Coffee -20 %",
                "categories": ["coffee"], "products": ["espresso-beans"],
                "caps": { "per_day": 2, "dismiss_cooldown_hours": 48 } }] },
            { "id": "tea", "offers": [{ "id": "tea-10", "slots": ["hero", "side"], "title": "Tea -10 %", "categories": ["tea"] }] },
            { "id": "hot-shoppers", "target": { "feature": "intent", "eq": "hot" },
              "offers": [{ "id": "free-shipping", "slots": ["cart"], "title": "Free shipping today" }] }
        ]
    });
    if let Some(obj) = extra.as_object() {
        for (k, v) in obj {
            doc[k] = v.clone();
        }
    }
    Catalog::from_json(&doc.to_string()).expect("test catalog is valid")
}

fn ctx(now: i64) -> Context {
    Context {
        now,
        page_type: Some(PageType::Home),
        ..Context::default()
    }
}

fn run(
    catalog: &Catalog,
    profile: &Profile,
    now: i64,
    slots: &[&str],
    seed: u64,
) -> Vec<SlotDecision> {
    let config = ProfileConfig {
        utc_offset_minutes: 60,
        ..ProfileConfig::default()
    };
    let inputs = Inputs {
        catalog,
        profile,
        config: &config,
        device_id: "device-1",
        personalization_allowed: true,
    };
    decide(&inputs, &ctx(now), slots, seed)
}

fn apply(profile: &mut Profile, at: i64, kind: EventKind) {
    let config = ProfileConfig {
        utc_offset_minutes: 60,
        ..ProfileConfig::default()
    };
    profile.apply(&Event { at, kind }, &config);
}

fn view(category: &str, id: &str) -> EventKind {
    EventKind::ProductView {
        product: Product {
            id: id.into(),
            category: Some(category.into()),
            ..Product::default()
        },
    }
}

fn shown(profile: &mut Profile, at: i64, offer: &str) {
    apply(
        profile,
        at,
        EventKind::Impression(OfferRef {
            offer: offer.into(),
            slot: "hero".into(),
        }),
    );
}

fn chosen(d: &SlotDecision) -> Option<&str> {
    d.offer.as_ref().map(|o| o.id.as_str())
}

fn coffee_lover(now: i64) -> Profile {
    let mut p = Profile::new();
    for i in 0..6 {
        apply(
            &mut p,
            now - 10 * MINUTE_MS + i,
            view("coffee", &format!("coffee-{i}")),
        );
    }
    p
}

#[test]
fn a_new_shopper_gets_the_first_untargeted_offer_and_a_plain_explanation() {
    let c = catalog(json!({}));
    let d = run(&c, &Profile::new(), NOW, &["hero"], 7);
    assert_eq!(d[0].mode, Mode::Personalized);
    assert!(d[0].offer.is_some());
    assert!(d[0].explanation.interests.is_empty());
    assert_eq!(
        d[0].explanation.summary,
        "Shown to every shopper on this page."
    );
    assert_eq!(d[0].explanation.candidates, 3);
}

#[test]
fn browsing_coffee_makes_the_coffee_offer_win_and_the_explanation_says_so() {
    let c = catalog(json!({}));
    let p = coffee_lover(NOW);
    let wins = (0..200)
        .filter(|seed| chosen(&run(&c, &p, NOW, &["hero"], *seed)[0]) == Some("coffee-20"))
        .count();
    assert!(wins > 180, "coffee won {wins} of 200");
    let d = run(&c, &p, NOW, &["hero"], 1);
    assert_eq!(chosen(&d[0]), Some("coffee-20"));
    assert_eq!(
        d[0].explanation.summary,
        "Suggested because you recently showed interest in coffee."
    );
    assert_eq!(d[0].explanation.interests[0].key, "coffee");
    assert!((d[0].explanation.interests[0].share - 1.0).abs() < 1e-9);
}

#[test]
fn decisions_are_deterministic_for_a_seed() {
    let c = catalog(json!({}));
    let p = coffee_lover(NOW);
    let a = serde_json::to_string(&run(&c, &p, NOW, &["hero", "side"], 42)).unwrap();
    let b = serde_json::to_string(&run(&c, &p, NOW, &["hero", "side"], 42)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_campaign_fills_at_most_one_slot_per_page() {
    let c = catalog(json!({}));
    let d = run(&c, &coffee_lover(NOW), NOW, &["hero", "side"], 3);
    assert_eq!(chosen(&d[0]), Some("coffee-20"));
    assert_ne!(chosen(&d[1]), Some("coffee-20"));
    assert!(d[1]
        .explanation
        .removed
        .iter()
        .any(|r| r.offer == "coffee-20" && r.reason == Removal::CampaignOnPage));
}

#[test]
fn day_caps_reset_at_local_midnight_not_utc_midnight() {
    let c = catalog(json!({}));
    // 23:10 local (22:10Z) on Monday; the shop is at +01:00.
    let late_monday = NOW + 12 * HOUR_MS + 40 * MINUTE_MS;
    let mut p = coffee_lover(late_monday);
    shown(&mut p, late_monday, "coffee-20");
    shown(&mut p, late_monday + MINUTE_MS, "coffee-20");
    let d = run(&c, &p, late_monday + 2 * MINUTE_MS, &["hero"], 1);
    assert_ne!(chosen(&d[0]), Some("coffee-20"));
    assert!(d[0]
        .explanation
        .removed
        .iter()
        .any(|r| r.offer == "coffee-20" && r.reason == Removal::DayCap));
    // 00:05 local on Tuesday is still Monday in UTC, but a new day for the shop.
    let after_local_midnight = late_monday + 55 * MINUTE_MS;
    let d = run(&c, &p, after_local_midnight, &["hero"], 1);
    assert_eq!(chosen(&d[0]), Some("coffee-20"));
}

#[test]
fn session_lifetime_and_spacing_caps() {
    let caps = |caps: serde_json::Value| {
        catalog(json!({ "campaigns": [{ "id": "c", "caps": caps,
            "offers": [{ "id": "o", "slots": ["hero"], "title": "T" }] }] }))
    };
    let mut p = Profile::new();
    shown(&mut p, NOW, "o");
    shown(&mut p, NOW + MINUTE_MS, "o");
    let later = NOW + 2 * MINUTE_MS;
    let removal = |c: &Catalog, p: &Profile, at| {
        run(c, p, at, &["hero"], 0)[0]
            .explanation
            .removed
            .first()
            .map(|r| r.reason)
    };
    assert_eq!(
        removal(&caps(json!({ "per_session": 2 })), &p, later),
        Some(Removal::SessionCap)
    );
    // A new session (after 30 idle minutes) resets the session cap.
    assert_eq!(
        removal(&caps(json!({ "per_session": 2 })), &p, later + HOUR_MS),
        None
    );
    assert_eq!(
        removal(&caps(json!({ "lifetime": 2 })), &p, later + 30 * DAY_MS),
        Some(Removal::LifetimeCap)
    );
    assert_eq!(
        removal(&caps(json!({ "per_week": 2 })), &p, later + 7 * DAY_MS),
        None
    );
    assert_eq!(
        removal(&caps(json!({ "min_spacing_minutes": 5 })), &p, later),
        Some(Removal::Spacing)
    );
    assert_eq!(
        removal(
            &caps(json!({ "min_spacing_minutes": 5 })),
            &p,
            NOW + 7 * MINUTE_MS
        ),
        None
    );
}

#[test]
fn a_dismissed_offer_stays_away_for_its_cooldown() {
    let c = catalog(json!({}));
    let mut p = coffee_lover(NOW);
    apply(
        &mut p,
        NOW,
        EventKind::Dismiss(OfferRef {
            offer: "coffee-20".into(),
            slot: "hero".into(),
        }),
    );
    let d = run(&c, &p, NOW + 47 * HOUR_MS, &["hero"], 1);
    assert!(d[0]
        .explanation
        .removed
        .iter()
        .any(|r| r.offer == "coffee-20" && r.reason == Removal::Dismissed));
    let d = run(&c, &p, NOW + 49 * HOUR_MS, &["hero"], 1);
    assert!(!d[0]
        .explanation
        .removed
        .iter()
        .any(|r| r.offer == "coffee-20"));
}

#[test]
fn a_campaign_level_dismiss_cooldown_applies_to_all_its_offers() {
    let c = catalog(
        json!({ "campaigns": [{ "id": "c", "caps": { "dismiss_cooldown_hours": 200 },
        "offers": [{ "id": "a", "slots": ["hero"], "title": "A" }, { "id": "b", "slots": ["hero"], "title": "B" }] }] }),
    );
    let mut p = Profile::new();
    apply(
        &mut p,
        NOW,
        EventKind::Dismiss(OfferRef {
            offer: "a".into(),
            slot: "hero".into(),
        }),
    );
    // The offers' own (default 72 h) cooldown has passed, the campaign's 200 h has not.
    let d = run(&c, &p, NOW + 100 * HOUR_MS, &["hero"], 1);
    assert_eq!(d[0].offer, None);
    assert!(d[0]
        .explanation
        .removed
        .iter()
        .all(|r| r.reason == Removal::Dismissed));
    assert!(run(&c, &p, NOW + 201 * HOUR_MS, &["hero"], 1)[0]
        .offer
        .is_some());
}

#[test]
fn offers_for_just_purchased_products_are_suppressed() {
    let c = catalog(json!({}));
    let mut p = coffee_lover(NOW);
    apply(
        &mut p,
        NOW,
        EventKind::Purchase {
            items: vec![Product {
                id: "espresso-beans".into(),
                ..Product::default()
            }],
            value: 12.0,
        },
    );
    let d = run(&c, &p, NOW + HOUR_MS, &["hero"], 1);
    assert!(d[0]
        .explanation
        .removed
        .iter()
        .any(|r| r.offer == "coffee-20" && r.reason == Removal::RecentlyPurchased));
    let d = run(&c, &p, NOW + 15 * DAY_MS, &["hero"], 1);
    assert!(!d[0]
        .explanation
        .removed
        .iter()
        .any(|r| r.reason == Removal::RecentlyPurchased));
}

#[test]
fn without_consent_profile_rules_never_match_and_scores_ignore_the_profile() {
    let c = catalog(json!({}));
    let mut p = coffee_lover(NOW);
    for i in 0..5 {
        apply(
            &mut p,
            NOW + i,
            EventKind::AddToCart {
                product: Product {
                    id: format!("x{i}"),
                    ..Product::default()
                },
                quantity: 1,
            },
        );
    }
    let config = ProfileConfig::default();
    let inputs = Inputs {
        catalog: &c,
        profile: &p,
        config: &config,
        device_id: "d",
        personalization_allowed: false,
    };
    let d = decide(&inputs, &ctx(NOW + 1000), &["hero", "cart"], 9);
    assert_eq!(d[0].mode, Mode::NonPersonalized);
    assert_eq!(
        chosen(&d[0]),
        Some("welcome"),
        "the shop's default: highest weight, then catalog order"
    );
    assert!(d[0].explanation.interests.is_empty() && d[0].explanation.expected_ctr.is_none());
    assert_eq!(d[1].offer, None);
    assert_eq!(
        d[1].explanation.removed[0].reason,
        Removal::NeedsPersonalization
    );
    // With consent the hot shopper qualifies.
    let d = run(&c, &p, NOW + 1000, &["cart"], 9);
    assert_eq!(chosen(&d[0]), Some("free-shipping"));
    assert_eq!(d[0].explanation.features[0].name, "intent");
}

#[test]
fn holdout_is_sticky_sized_by_share_and_reshuffled_by_salt() {
    let h = |salt: &str| vitrine::engine::catalog::Holdout {
        share: 0.1,
        salt: salt.into(),
    };
    let ids: Vec<String> = (0..10_000).map(|i| format!("device-{i}")).collect();
    let held: Vec<bool> = ids
        .iter()
        .map(|id| holdout::is_held_out(Some(&h("a")), id))
        .collect();
    let share = held.iter().filter(|x| **x).count() as f64 / ids.len() as f64;
    assert!((0.09..0.11).contains(&share), "holdout share {share}");
    assert_eq!(
        held,
        ids.iter()
            .map(|id| holdout::is_held_out(Some(&h("a")), id))
            .collect::<Vec<_>>()
    );
    let reshuffled = ids
        .iter()
        .zip(&held)
        .filter(|(id, was)| holdout::is_held_out(Some(&h("b")), id) != **was)
        .count();
    assert!(reshuffled > 1_000, "a new salt moves devices: {reshuffled}");
    assert!(!holdout::is_held_out(None, "device-1"));

    let c = catalog(json!({ "holdout": { "share": 0.5, "salt": "s" } }));
    let held_id = ids
        .iter()
        .find(|id| holdout::is_held_out(c.holdout.as_ref(), id))
        .unwrap();
    let config = ProfileConfig::default();
    let p = coffee_lover(NOW);
    let inputs = Inputs {
        catalog: &c,
        profile: &p,
        config: &config,
        device_id: held_id,
        personalization_allowed: true,
    };
    let d = decide(&inputs, &ctx(NOW), &["hero"], 5);
    assert_eq!(d[0].mode, Mode::Holdout);
    assert_eq!(
        chosen(&d[0]),
        Some("welcome"),
        "held-out devices get the default, not the coffee offer"
    );
}

/// A tiny deterministic PRNG for simulated shoppers (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn the_bandit_converges_on_the_offer_this_shopper_clicks() {
    let c = Catalog::from_json(
        &json!({
            "schema": 1, "version": "bandit",
            "campaigns": [
                { "id": "a", "offers": [{ "id": "a", "slots": ["s"], "title": "A" }] },
                { "id": "b", "offers": [{ "id": "b", "slots": ["s"], "title": "B" }] },
                { "id": "c", "offers": [{ "id": "c", "slots": ["s"], "title": "C" }] }
            ]
        })
        .to_string(),
    )
    .unwrap();
    let truth = |id: &str| match id {
        "b" => 0.25,
        _ => 0.05,
    };
    let (mut p, mut rng, config) = (Profile::new(), Rng(11), ProfileConfig::default());
    let mut late_b = 0;
    for step in 0..1_500i64 {
        let now = NOW + step * 2 * HOUR_MS; // spaced out: fatigue decays between visits
        let inputs = Inputs {
            catalog: &c,
            profile: &p,
            config: &config,
            device_id: "d",
            personalization_allowed: true,
        };
        let d = decide(&inputs, &ctx(now), &["s"], step as u64);
        let id = d[0].offer.as_ref().unwrap().id.clone();
        if step >= 1_000 && id == "b" {
            late_b += 1;
        }
        p.apply(
            &Event {
                at: now,
                kind: EventKind::Impression(OfferRef {
                    offer: id.clone(),
                    slot: "s".into(),
                }),
            },
            &config,
        );
        if rng.next() < truth(&id) {
            p.apply(
                &Event {
                    at: now + 1,
                    kind: EventKind::Click(OfferRef {
                        offer: id,
                        slot: "s".into(),
                    }),
                },
                &config,
            );
        }
    }
    assert!(
        late_b > 350,
        "the best offer was shown {late_b} of the last 500 times"
    );
}

/// The compact pick (what the browser gets) chooses exactly what the full explanation
/// describes, and leaves the left-out list and the feature values to `Detail::Full`.
#[test]
fn compact_pick_agrees_with_the_full_explanation() {
    use vitrine::engine::decision::{pick, Detail};
    let c = catalog(json!({}));
    let mut p = Profile::new();
    for i in 0..6 {
        apply(&mut p, NOW - 60_000 + i, view("coffee", "espresso-beans"));
    }
    let config = ProfileConfig {
        utc_offset_minutes: 60,
        ..ProfileConfig::default()
    };
    let inputs = Inputs {
        catalog: &c,
        profile: &p,
        config: &config,
        device_id: "device-1",
        personalization_allowed: true,
    };
    let context = ctx(NOW);
    let slots = ["hero", "cart"];
    let full = decide(&inputs, &context, &slots, 7);
    let compact = pick(&inputs, &context, &slots, 7, Detail::Pick);
    for (decision, pick) in full.iter().zip(&compact) {
        let id = pick
            .chosen
            .as_ref()
            .map(|ch| c.offers[ch.offer].id.as_str());
        assert_eq!(id, chosen(decision));
        assert_eq!(pick.mode, decision.mode);
        assert_eq!(pick.candidates, decision.explanation.candidates);
        assert!(
            pick.removed.is_empty(),
            "left-out offers only with Detail::Full"
        );
        if let Some(choice) = &pick.chosen {
            assert!(
                choice.features.is_empty(),
                "feature values only with Detail::Full"
            );
            assert_eq!(choice.expected_ctr, decision.explanation.expected_ctr);
            let keys: Vec<&str> = choice.interests.iter().map(|s| s.key).collect();
            let described: Vec<&str> = decision
                .explanation
                .interests
                .iter()
                .map(|i| i.key.as_str())
                .collect();
            assert_eq!(keys, described);
        }
    }
    assert_eq!(
        chosen(&full[0]),
        Some("coffee-20"),
        "interest in coffee wins the hero"
    );
    assert!(
        !full[1].explanation.removed.is_empty(),
        "the cart slot's offer needs a hot shopper"
    );
    let detailed = pick(&inputs, &context, &slots, 7, Detail::Full);
    assert_eq!(detailed[1].removed.len(), full[1].explanation.removed.len());
}

/// The capped offers of [`decide_respects_caps_whatever_happened_before`]: per local day and
/// lifetime limits, and one offer without caps so that the slot is never empty.
fn capped_catalog() -> Catalog {
    catalog(json!({ "campaigns": [
        { "id": "a", "offers": [{ "id": "daily", "slots": ["hero"], "title": "A", "categories": ["coffee"],
            "caps": { "per_day": 2, "lifetime": 5 } }] },
        { "id": "b", "offers": [{ "id": "weekly", "slots": ["hero"], "title": "B", "categories": ["tea"],
            "caps": { "per_week": 3 } }] },
        { "id": "c", "offers": [{ "id": "fallback", "slots": ["hero"], "title": "C", "weight": 0.01 }] }
    ] }))
}

proptest! {
    #![proptest_config(strategies::config())]

    /// Any events (of any kind, ids and amounts) between decisions, the shell recording each
    /// shown banner as an impression: `decide` never panics and no cap is ever exceeded, counted
    /// here from the impressions themselves (local days at +01:00, ISO weeks from Monday).
    #[test]
    fn decide_respects_caps_whatever_happened_before(
        steps in prop::collection::vec((0i64..20 * HOUR_MS, prop::collection::vec(strategies::kind(), 0..3), any::<u64>()), 1..60),
    ) {
        let c = capped_catalog();
        let mut p = Profile::new();
        let mut now = NOW;
        let mut per_day: HashMap<(String, i64), u32> = HashMap::new();
        let mut per_week: HashMap<(String, i64), u32> = HashMap::new();
        let mut lifetime: HashMap<String, u32> = HashMap::new();
        for (gap, kinds, seed) in steps {
            now += gap;
            for kind in kinds {
                apply(&mut p, now, kind);
            }
            let decisions = run(&c, &p, now, &["hero"], seed);
            let Some(offer) = chosen(&decisions[0]).map(str::to_owned) else { continue };
            let local_day = (now + HOUR_MS).div_euclid(DAY_MS);
            // 1970-01-01 was a Thursday: weeks from Monday start 3 days later.
            let week = (local_day + 3).div_euclid(7);
            let day = per_day.entry((offer.clone(), local_day)).or_default();
            let wk = per_week.entry((offer.clone(), week)).or_default();
            let all = lifetime.entry(offer.clone()).or_default();
            *day += 1;
            *wk += 1;
            *all += 1;
            match offer.as_str() {
                "daily" => prop_assert!(*day <= 2 && *all <= 5, "daily shown {} today, {} in all", day, all),
                "weekly" => prop_assert!(*wk <= 3, "weekly shown {} this week", wk),
                _ => {}
            }
            shown(&mut p, now, &offer);
        }
    }
}

/// The "Why this banner?" sentences, as `tests/vectors/explanations.json` pins them for both
/// this core and the shell (`shell/src/decisions.ts`, checked by tests/shell/explanations.test.mjs).
#[test]
fn explanation_sentences_match_the_shared_vectors() {
    use vitrine::engine::decision::explain::summary_sentence;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/explanations.json"
    ))
    .unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let mode = match case["mode"].as_str().unwrap() {
            "personalized" => Mode::Personalized,
            "holdout" => Mode::Holdout,
            "non_personalized" => Mode::NonPersonalized,
            other => panic!("unknown mode {other}"),
        };
        let sentence = summary_sentence(
            mode,
            case["topInterest"].as_str(),
            case["personalRule"].as_bool().unwrap(),
        );
        assert_eq!(
            sentence,
            case["summary"].as_str().unwrap(),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn after_sales_care_shows_in_its_window_and_a_recall_reaches_only_the_buyers() {
    // Highest priority first: the recall, then the care guide (3 to 30 days after the purchase),
    // then everyone's welcome offer.
    let c = catalog(json!({ "campaigns": [
        { "id": "recall", "priority": 100,
          "target": { "feature": "purchased.products", "contains": "kettle-1" },
          "offers": [{ "id": "kettle-recall", "slots": ["hero"], "title": "Recall: kettle K1" }] },
        { "id": "care", "priority": 10,
          "target": { "all": [
              { "feature": "days_since_purchase.kettle-2", "gte": 3 },
              { "feature": "days_since_purchase.kettle-2", "lte": 30 } ] },
          "offers": [{ "id": "descaling-guide", "slots": ["hero"], "title": "Descale your kettle" }] },
        { "id": "welcome", "offers": [{ "id": "welcome", "slots": ["hero"], "title": "Welcome" }] }
    ] }));
    let bought = |product: &str| {
        let mut p = Profile::new();
        let items = vec![Product {
            id: product.into(),
            ..Product::default()
        }];
        apply(&mut p, NOW, EventKind::Purchase { items, value: 40.0 });
        p
    };
    let at = |p: &Profile, days: i64| {
        chosen(&run(&c, p, NOW + days * DAY_MS, &["hero"], 1)[0]).map(str::to_owned)
    };

    let k1 = bought("kettle-1");
    assert_eq!(at(&k1, 0).as_deref(), Some("kettle-recall"));
    assert_eq!(
        at(&k1, 60).as_deref(),
        Some("kettle-recall"),
        "still a buyer two months on"
    );
    let other = bought("teapot");
    assert_eq!(
        at(&other, 1).as_deref(),
        Some("welcome"),
        "not a buyer: no recall"
    );
    assert_eq!(at(&Profile::new(), 1).as_deref(), Some("welcome"));

    let k2 = bought("kettle-2");
    assert_eq!(
        at(&k2, 2).as_deref(),
        Some("welcome"),
        "too early for the care guide"
    );
    assert_eq!(at(&k2, 3).as_deref(), Some("descaling-guide"));
    assert_eq!(at(&k2, 30).as_deref(), Some("descaling-guide"));
    assert_eq!(
        at(&k2, 31).as_deref(),
        Some("welcome"),
        "the window has passed"
    );
}
