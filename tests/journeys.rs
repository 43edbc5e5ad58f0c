//! Relationship journeys on the pure engine (issue #14): the lifecycle stage with the catalog's
//! thresholds, reorder timing (`reorder.due`, `reorder.soon`), purchased categories and
//! category windows, and the shop-wide fatigue budget, each through `decide`, as a shop writes
//! them.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::json;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::decision::{decide, Context, Features, Inputs, Removal, SlotDecision};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::lifecycle::Stage;
use vitrine::engine::profile::{Profile, ProfileConfig};
use vitrine::engine::targeting::{Feature, Value};

// 2026-11-23T09:30:00Z.
const T0: i64 = 1_795_426_200_000;

/// A catalog of `campaigns` (highest priority first) and a welcome offer for everyone else.
fn catalog(campaigns: serde_json::Value, lifecycle: Option<serde_json::Value>) -> Catalog {
    let mut campaigns = campaigns.as_array().cloned().unwrap_or_default();
    campaigns.push(json!({ "id": "welcome", "priority": -1,
        "offers": [{ "id": "welcome", "slots": ["hero"], "title": "Welcome" }] }));
    let mut doc = json!({ "schema": 1, "version": "journeys", "campaigns": campaigns });
    if let Some(lifecycle) = lifecycle {
        doc["lifecycle"] = lifecycle;
    }
    Catalog::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// A campaign whose one offer (named as the campaign) shows when `target` holds.
fn campaign(id: &str, priority: i32, target: serde_json::Value) -> serde_json::Value {
    json!({ "id": id, "priority": priority, "target": target,
        "offers": [{ "id": id, "slots": ["hero"], "title": id }] })
}

fn product(id: &str, category: &str) -> Product {
    Product {
        id: id.into(),
        category: Some(category.into()),
        ..Product::default()
    }
}

fn buy(profile: &mut Profile, at: i64, items: &[Product]) {
    let kind = EventKind::Purchase {
        items: items.to_vec(),
        value: 20.0,
    };
    profile.apply(&Event { at, kind }, &ProfileConfig::default());
}

fn visit(profile: &mut Profile, at: i64) {
    let kind = EventKind::PageView {
        page_type: PageType::Home,
    };
    profile.apply(&Event { at, kind }, &ProfileConfig::default());
}

/// `decide`'s decision for the hero slot of the home page at `now`.
fn hero(catalog: &Catalog, profile: &Profile, now: i64) -> SlotDecision {
    let inputs = Inputs {
        catalog,
        profile,
        config: &ProfileConfig::default(),
        device_id: "device-1",
        personalization_allowed: true,
    };
    let context = Context {
        now,
        page_type: Some(PageType::Home),
        ..Context::default()
    };
    decide(&inputs, &context, &["hero"], 7).remove(0)
}

/// The offer `decide` picks for the hero slot at `now`.
fn shown(catalog: &Catalog, profile: &Profile, now: i64) -> String {
    hero(catalog, profile, now)
        .offer
        .map_or_else(String::new, |o| o.id)
}

fn feature(catalog: &Catalog, profile: &Profile, now: i64, name: &str) -> Value {
    let context = Context {
        now,
        ..Context::default()
    };
    let features = Features {
        context: &context,
        profile: Some(profile),
        config: &ProfileConfig::default(),
        catalog,
    };
    features
        .get(&Feature::parse(name).expect("a known feature"))
        .to_value()
}

/// A shopper who bought `beans` (coffee) every 21 days, four times, the last at `T0`.
fn coffee_every_three_weeks() -> Profile {
    let mut p = Profile::new();
    for trip in 0..4 {
        buy(
            &mut p,
            T0 - (3 - trip) * 21 * DAY_MS,
            &[product("beans", "coffee")],
        );
    }
    p
}

#[test]
fn running_low_shows_when_the_shoppers_coffee_is_due_and_not_before() {
    let c = catalog(
        json!([
            campaign(
                "running-low",
                10,
                json!({ "feature": "reorder.due", "contains": "beans" })
            ),
            campaign(
                "almost-out",
                5,
                json!({ "feature": "reorder.soon", "contains": "beans" })
            ),
        ]),
        None,
    );
    let p = coffee_every_three_weeks();
    // Three intervals of 21 days against one prior interval of 30: about 23 days.
    assert_eq!(shown(&c, &p, T0 + 10 * DAY_MS), "welcome");
    assert_eq!(shown(&c, &p, T0 + 20 * DAY_MS), "almost-out");
    assert_eq!(shown(&c, &p, T0 + 24 * DAY_MS), "running-low");
    assert_eq!(
        feature(&c, &p, T0 + 24 * DAY_MS, "reorder.due"),
        Value::List(vec!["beans".into()])
    );
    assert_eq!(
        feature(&c, &p, T0 + 10 * DAY_MS, "reorder.soon"),
        Value::List(vec![])
    );
    // Buying it again resets the clock.
    let mut again = p.clone();
    buy(&mut again, T0 + 24 * DAY_MS, &[product("beans", "coffee")]);
    assert_eq!(shown(&c, &again, T0 + 25 * DAY_MS), "welcome");
    // A shopper who never bought it sees nothing of it.
    assert_eq!(shown(&c, &Profile::new(), T0), "welcome");
}

#[test]
fn reorder_due_lists_the_likeliest_product_first_for_one_interval() {
    let c = catalog(json!([]), None);
    let mut p = Profile::new();
    // Filters on days 0 and 40 (one interval of 40 against the prior's 30: about 35 days
    // expected, so due from day 75), beans on days 0, 21 and 42 (about 23 days expected, so
    // due from day 66, for one more interval).
    for day in [0, 40] {
        let filters = [product("filters", "coffee-gear")];
        buy(&mut p, T0 + day * DAY_MS, &filters);
    }
    for day in [0, 21, 42] {
        let beans = [product("beans", "coffee")];
        buy(&mut p, T0 + day * DAY_MS + HOUR_MS * 13, &beans);
    }
    let due = |day: i64| feature(&c, &p, T0 + day * DAY_MS, "reorder.due");
    let list = |ids: &[&str]| Value::List(ids.iter().map(|s| (*s).to_owned()).collect());
    assert_eq!(due(70), list(&["beans"]));
    // Day 80: both are due. The filters, five days past their date, are likelier next than
    // the beans, fourteen days past theirs (a longer silence makes it likelier they stopped).
    assert_eq!(due(80), list(&["filters", "beans"]));
    // Day 95: the beans are more than an interval overdue (the shopper more likely stopped
    // buying them than ran out): only the filters are due.
    assert_eq!(due(95), list(&["filters"]));
}

#[test]
fn lifecycle_follows_orders_and_silence_with_the_catalogs_thresholds() {
    let win_back = json!([
        campaign(
            "we-miss-you",
            10,
            json!({ "feature": "lifecycle", "in": ["at_risk", "lapsed"] })
        ),
        campaign(
            "first-timer",
            5,
            json!({ "feature": "lifecycle", "eq": "new" })
        ),
    ]);
    let shop = catalog(
        win_back.clone(),
        Some(json!({ "at_risk_days": 30, "lapsed_days": 90 })),
    );
    let defaults = catalog(win_back, None);
    let stage =
        |c: &Catalog, p: &Profile, days: i64| feature(c, p, T0 + days * DAY_MS, "lifecycle");

    let mut p = Profile::new();
    visit(&mut p, T0 - 10 * DAY_MS);
    assert_eq!(shown(&shop, &p, T0 - 10 * DAY_MS), "first-timer");
    visit(&mut p, T0 - 5 * DAY_MS);
    assert_eq!(stage(&shop, &p, -5), Value::Text("returning".into()));
    buy(&mut p, T0, &[product("kettle", "kettles")]);
    assert_eq!(stage(&shop, &p, 10), Value::Text("first_order".into()));
    assert_eq!(stage(&shop, &p, 31), Value::Text("at_risk".into()));
    assert_eq!(shown(&shop, &p, T0 + 31 * DAY_MS), "we-miss-you");
    assert_eq!(stage(&shop, &p, 91), Value::Text("lapsed".into()));
    // Without a `lifecycle` section: 60 and 180 days.
    assert_eq!(stage(&defaults, &p, 31), Value::Text("first_order".into()));
    assert_eq!(shown(&defaults, &p, T0 + 31 * DAY_MS), "welcome");
    assert_eq!(stage(&defaults, &p, 61), Value::Text("at_risk".into()));

    // A weekly shopper is at risk after two quiet weeks, well before the catalog's 30 days.
    let mut weekly = Profile::new();
    for week in 0..6 {
        buy(
            &mut weekly,
            T0 + week * 7 * DAY_MS,
            &[product("milk", "dairy")],
        );
    }
    let last = 35;
    assert_eq!(stage(&shop, &weekly, last + 6), Value::Text("loyal".into()));
    assert_eq!(
        stage(&shop, &weekly, last + 15),
        Value::Text("at_risk".into())
    );
    assert_eq!(
        weekly.lifecycle(T0 + (last + 29) * DAY_MS, &shop.lifecycle),
        Stage::Lapsed
    );
}

#[test]
fn category_windows_and_purchased_categories_reach_buyers_of_any_product_of_the_category() {
    let c = catalog(
        json!([
            campaign(
                "care-guide",
                10,
                json!({ "all": [
                { "feature": "days_since_purchase.kettles", "gte": 3 },
                { "feature": "days_since_purchase.kettles", "lte": 30 } ] })
            ),
            campaign(
                "kettle-owners",
                5,
                json!({ "feature": "purchased.categories", "contains": "kettles" })
            ),
        ]),
        None,
    );
    let mut p = Profile::new();
    buy(
        &mut p,
        T0,
        &[product("gooseneck", "kettles"), product("beans", "coffee")],
    );
    assert_eq!(shown(&c, &p, T0 + DAY_MS), "kettle-owners");
    assert_eq!(shown(&c, &p, T0 + 3 * DAY_MS), "care-guide");
    assert_eq!(shown(&c, &p, T0 + 31 * DAY_MS), "kettle-owners");
    assert_eq!(
        feature(&c, &p, T0, "purchased.categories"),
        Value::List(vec!["coffee".into(), "kettles".into()])
    );
    // The latest purchase of the category counts.
    buy(&mut p, T0 + 10 * DAY_MS, &[product("electric", "kettles")]);
    assert_eq!(
        feature(&c, &p, T0 + 12 * DAY_MS, "days_since_purchase.kettles"),
        Value::Number(2.0)
    );
    assert_eq!(
        feature(&c, &p, T0 + 12 * DAY_MS, "days_since_purchase.gooseneck"),
        Value::Number(12.0)
    );
    // A product whose id is also a category name: the product's own purchase wins.
    buy(&mut p, T0 + 11 * DAY_MS, &[product("tea", "drinks")]);
    buy(&mut p, T0 + 12 * DAY_MS, &[product("sencha", "tea")]);
    assert_eq!(
        feature(&c, &p, T0 + 14 * DAY_MS, "days_since_purchase.tea"),
        Value::Number(3.0)
    );
    assert_eq!(shown(&c, &Profile::new(), T0), "welcome");
}

#[test]
fn a_page_with_several_slots_stays_within_the_session_budget() {
    // Two slots, one banner left in the session's budget of 3: one targeted offer, then the
    // untargeted one.
    let doc = json!({ "schema": 1, "version": "fatigue-page",
        "defaults": { "fatigue": { "per_session": 3 } },
        "campaigns": [
            { "id": "coffee", "priority": 10,
              "target": { "feature": "affinity.category.coffee", "gte": 0.5 },
              "offers": [{ "id": "coffee", "slots": ["hero", "side"], "title": "Coffee" }] },
            { "id": "beans", "priority": 9,
              "target": { "feature": "affinity.category.coffee", "gte": 0.5 },
              "offers": [{ "id": "beans", "slots": ["hero", "side"], "title": "Beans" }] },
            { "id": "house", "offers": [{ "id": "house", "slots": ["hero", "side"], "title": "House" }] }
        ] });
    let c = Catalog::from_json(&doc.to_string()).unwrap();
    let mut p = coffee_lover();
    for i in 1..=2 {
        event(
            &mut p,
            T0 + i * MINUTE_MS,
            EventKind::Impression(offer_event("house")),
        );
    }
    let inputs = Inputs {
        catalog: &c,
        profile: &p,
        config: &ProfileConfig::default(),
        device_id: "device-1",
        personalization_allowed: true,
    };
    let context = Context {
        now: T0 + 3 * MINUTE_MS,
        page_type: Some(PageType::Home),
        ..Context::default()
    };
    let page: Vec<String> = decide(&inputs, &context, &["hero", "side"], 7)
        .into_iter()
        .map(|d| d.offer.map_or_else(String::new, |o| o.id))
        .collect();
    assert_eq!(page, ["coffee", "house"]);
}

#[test]
fn journey_settings_and_comparisons_that_cannot_hold_are_catalog_errors() {
    let refused = |doc: serde_json::Value| {
        Catalog::from_json(&doc.to_string())
            .expect_err("refused")
            .to_string()
    };
    let with = |target: serde_json::Value, lifecycle: serde_json::Value| {
        json!({ "schema": 1, "version": "v", "lifecycle": lifecycle,
            "campaigns": [campaign("c", 0, target)] })
    };
    let any = json!({ "feature": "lifecycle", "eq": "loyal" });
    let message = refused(with(
        json!({ "feature": "lifecycle", "eq": "vip" }),
        json!({}),
    ));
    assert!(message.contains("vip"), "{message}");
    let message = refused(with(
        any.clone(),
        json!({ "at_risk_days": 90, "lapsed_days": 30 }),
    ));
    assert!(message.contains("lifecycle.lapsed_days"), "{message}");
    let message = refused(with(any.clone(), json!({ "loyal_orders": 1 })));
    assert!(message.contains("lifecycle.loyal_orders"), "{message}");
    let message = refused(with(any.clone(), json!({ "at_risk_factor": 0.5 })));
    assert!(message.contains("lifecycle.at_risk_factor"), "{message}");
    let message = refused(with(any, json!({ "at_risk_weeks": 3 })));
    assert!(message.contains("at_risk_weeks"), "{message}");
}

/// A shop with a fatigue budget: a recall notice (priority 100, exempt), a targeted coffee
/// offer and an untargeted house offer, all for the hero slot.
fn fatigue_catalog(budget: serde_json::Value) -> Catalog {
    let doc = json!({ "schema": 1, "version": "fatigue",
        "defaults": { "fatigue": budget, "caps": { "dismiss_cooldown_hours": 0 } },
        "campaigns": [
            campaign("recall", 100, json!({ "feature": "purchased.products", "contains": "kettle-1" })),
            campaign("coffee", 10, json!({ "feature": "affinity.category.coffee", "gte": 0.5 })),
            { "id": "house", "offers": [{ "id": "house", "slots": ["hero"], "title": "House" }] }
        ] });
    Catalog::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn event(profile: &mut Profile, at: i64, kind: EventKind) {
    profile.apply(&Event { at, kind }, &ProfileConfig::default());
}

fn offer_event(offer: &str) -> OfferRef {
    OfferRef {
        offer: offer.into(),
        slot: "hero".into(),
    }
}

/// A coffee lover's profile, at `T0`.
fn coffee_lover() -> Profile {
    let mut p = Profile::new();
    let product = EventKind::ProductView {
        product: product("beans", "coffee"),
    };
    event(&mut p, T0, product);
    p
}

/// Why `offer` was left out of the hero slot at `now`, if it was.
fn left_out(catalog: &Catalog, profile: &Profile, now: i64, offer: &str) -> Option<Removal> {
    let decision = hero(catalog, profile, now);
    let removed = decision.explanation.removed.iter();
    removed
        .filter(|r| r.offer == offer)
        .map(|r| r.reason)
        .next()
}

#[test]
fn past_the_session_budget_only_untargeted_offers_and_exempt_notices_show() {
    let c = fatigue_catalog(json!({ "per_session": 2 }));
    let mut p = coffee_lover();
    assert_eq!(shown(&c, &p, T0 + MINUTE_MS), "coffee");
    for i in 1..=2 {
        event(
            &mut p,
            T0 + i * MINUTE_MS,
            EventKind::Impression(offer_event("coffee")),
        );
    }
    assert_eq!(
        shown(&c, &p, T0 + 3 * MINUTE_MS),
        "house",
        "two banners this session"
    );
    assert_eq!(
        left_out(&c, &p, T0 + 3 * MINUTE_MS, "coffee"),
        Some(Removal::Fatigue)
    );
    // The recall is exempt: its buyers still see it.
    let mut buyer = p.clone();
    buy(
        &mut buyer,
        T0 + 3 * MINUTE_MS,
        &[product("kettle-1", "kettles")],
    );
    assert_eq!(shown(&c, &buyer, T0 + 4 * MINUTE_MS), "recall");
    // A new session (30 minutes later) has a new budget.
    assert_eq!(shown(&c, &p, T0 + 40 * MINUTE_MS), "coffee");
}

#[test]
fn the_day_budget_counts_every_session_of_the_local_day() {
    let c = fatigue_catalog(json!({ "per_day": 3 }));
    let mut p = coffee_lover();
    for session in 0..3 {
        let at = T0 + session * 2 * HOUR_MS;
        event(&mut p, at, EventKind::Impression(offer_event("house")));
    }
    let later = T0 + 7 * HOUR_MS;
    assert_eq!(left_out(&c, &p, later, "coffee"), Some(Removal::Fatigue));
    assert_eq!(shown(&c, &p, T0 + DAY_MS), "coffee", "the next day");
}

#[test]
fn after_enough_dismissals_in_a_session_only_defaults_show_for_the_rest_of_it() {
    let c = fatigue_catalog(json!({ "dismissals_per_session": 2 }));
    let mut p = coffee_lover();
    event(
        &mut p,
        T0 + MINUTE_MS,
        EventKind::Dismiss(offer_event("house")),
    );
    assert_eq!(shown(&c, &p, T0 + 2 * MINUTE_MS), "coffee", "one dismissal");
    event(
        &mut p,
        T0 + 2 * MINUTE_MS,
        EventKind::Dismiss(offer_event("coffee-other")),
    );
    assert_eq!(
        left_out(&c, &p, T0 + 3 * MINUTE_MS, "coffee"),
        Some(Removal::Fatigue)
    );
    assert_eq!(shown(&c, &p, T0 + 3 * MINUTE_MS), "house");
    assert_eq!(
        shown(&c, &p, T0 + 2 * HOUR_MS),
        "coffee",
        "the next session"
    );
    // Without a budget nothing is left out for fatigue.
    let none = catalog(
        json!([campaign(
            "coffee",
            10,
            json!({ "feature": "affinity.category.coffee", "gte": 0.5 })
        )]),
        None,
    );
    assert_eq!(shown(&none, &p, T0 + 3 * MINUTE_MS), "coffee");
}

#[test]
fn fatigue_limits_are_checked() {
    for (budget, path) in [
        (json!({ "per_session": 0 }), "defaults.fatigue.per_session"),
        (json!({ "per_day": 10_001 }), "defaults.fatigue.per_day"),
        (json!({ "per_hour": 3 }), "per_hour"),
    ] {
        let doc = json!({ "schema": 1, "version": "v", "defaults": { "fatigue": budget },
            "campaigns": [campaign("c", 0, json!({ "feature": "lifecycle", "eq": "new" }))] });
        let message = Catalog::from_json(&doc.to_string())
            .expect_err("refused")
            .to_string();
        assert!(message.contains(path), "{message}");
    }
}
