//! Catalog parsing and validation: a good catalog becomes typed data; every kind of bad input
//! is rejected as a whole with the JSON path and a reason.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use vitrine::engine::catalog::{Catalog, CatalogErrorKind as K, CatalogErrors};
use vitrine::engine::clock::{LocalTime, Weekday, HOUR_MS};
use vitrine::engine::targeting::{Feature, Op, Rule};

fn base() -> Value {
    json!({
        "schema": 1,
        "version": "2026-11-23.1",
        "utc_offset_minutes": 60,
        "defaults": { "caps": { "per_day": 3 } },
        "beacons": [{ "id": "coffee-aisle", "name": "Coffee aisle",
                      "frame": format!("altbeacon:{}", "ab".repeat(20)) }],
        "campaigns": [{
            "id": "coffee-week",
            "starts_at": "2026-11-01T00:00:00Z",
            "ends_at": "2026-12-01T00:00:00+01:00",
            "schedule": { "weekdays": ["mon", "sat"], "hours": [{ "from": "22:00", "to": "02:00" }] },
            "target": { "all": [
                { "feature": "intent", "in": ["warm", "hot"] },
                { "feature": "affinity.category.coffee", "gt": 0.2 }
            ]},
            "offers": [{
                "id": "coffee-20",
                "slots": ["home-hero"],
                "title": "20 % off coffee",
                "link": "/category/coffee",
                "image": { "url": "https://cdn.example/coffee.png", "alt": "Coffee beans" },
                "categories": ["coffee"],
                "caps": { "lifetime": 10 }
            }]
        }]
    })
}

fn parse(doc: &Value) -> Result<Catalog, CatalogErrors> {
    Catalog::from_json(&doc.to_string())
}

/// Asserts the document fails with exactly one problem at `path` and returns its kind.
fn single_error(doc: &Value, path: &str) -> K {
    let errors = parse(doc).expect_err("the catalog should be rejected").0;
    assert_eq!(errors.len(), 1, "expected one error, got {errors:?}");
    assert_eq!(errors[0].path, path, "{}", errors[0]);
    errors[0].kind.clone()
}

#[test]
fn a_good_catalog_becomes_typed_data() {
    let catalog = parse(&base()).expect("valid");
    assert_eq!(catalog.version, "2026-11-23.1");
    assert_eq!(catalog.campaigns.len(), 1);
    let offer = catalog.offer("coffee-20").expect("offer");
    assert_eq!(offer.campaign, 0);
    // Offer caps override the catalog defaults field by field; dismiss cooldown defaults to 72 h.
    assert_eq!(offer.caps.lifetime, Some(10));
    assert_eq!(offer.caps.per_day, Some(3));
    assert_eq!(offer.caps.dismiss_cooldown_ms, Some(72 * HOUR_MS));
    assert_eq!((offer.prior.alpha, offer.prior.beta), (1.0, 19.0));
    let campaign = &catalog.campaigns[0];
    assert_eq!(campaign.offers, 0..1);
    assert_eq!(campaign.starts_at, Some(1_793_491_200_000));
    assert_eq!(campaign.ends_at, Some(1_796_079_600_000));
    assert_eq!(campaign.schedule.weekdays, vec![Weekday::Mon, Weekday::Sat]);
    assert_eq!(campaign.schedule.hours, vec![(22 * 60, 2 * 60)]);
    assert_eq!(
        campaign.target.as_ref().map(Rule::to_string).as_deref(),
        Some("(intent in [warm, hot] and affinity.category.coffee > 0.2)")
    );
}

#[test]
fn campaign_liveness_follows_dates_weekdays_and_day_parts_in_shop_time() {
    let catalog = parse(&base()).unwrap();
    let c = &catalog.campaigns[0];
    let off = catalog.utc_offset_minutes; // +01:00
    let live = |at: i64| c.is_live(at, off);
    assert!(
        live(1_795_473_000_000),
        "Mon 23:30 local: Monday, inside 22:00-02:00"
    );
    assert!(live(1_795_903_200_000), "Sat 23:00 local");
    assert!(!live(1_795_816_800_000), "Fri 23:00 local: wrong weekday");
    // The weekday is that of the local date itself: 01:30 after a Monday evening is a Tuesday.
    assert!(!live(1_795_480_200_000), "Tue 01:30 local");
    assert!(!live(1_793_491_200_000 - 1), "before starts_at");
    assert!(!live(1_796_079_600_000), "ends_at is exclusive");
    assert_eq!(LocalTime::new(1_795_473_000_000, off).weekday, Weekday::Mon);
}

#[test]
fn unknown_schema_is_rejected_before_anything_else() {
    let mut doc = base();
    doc["schema"] = json!(2);
    doc["campaigns"] = json!([]);
    assert_eq!(
        single_error(&doc, "schema"),
        K::UnsupportedSchema {
            found: 2,
            supported: 1
        }
    );
}

#[test]
fn missing_and_unknown_fields_name_their_path() {
    let mut doc = base();
    doc["campaigns"][0]["offers"][0]
        .as_object_mut()
        .unwrap()
        .remove("title");
    let K::Malformed(msg) = single_error(&doc, "campaigns[0].offers[0]") else {
        panic!()
    };
    assert!(msg.contains("missing field `title`"), "{msg}");

    let mut doc = base();
    doc["campaigns"][0]["caps"] = json!({ "per_dya": 1 });
    let K::Malformed(msg) = single_error(&doc, "campaigns[0].caps.per_dya") else {
        panic!()
    };
    assert!(msg.contains("unknown field `per_dya`"), "{msg}");

    let mut doc = base();
    doc["campaigns"][0]["offers"][0]["slots"] = json!("home-hero");
    assert!(matches!(
        single_error(&doc, "campaigns[0].offers[0].slots"),
        K::Malformed(_)
    ));
}

#[test]
fn bad_time_ranges_and_timestamps() {
    let mut doc = base();
    doc["campaigns"][0]["ends_at"] = json!("2026-10-01T00:00:00Z");
    assert_eq!(
        single_error(&doc, "campaigns[0].ends_at"),
        K::EmptyTimeRange
    );
    let mut doc = base();
    doc["campaigns"][0]["starts_at"] = json!("1 Nov 2026");
    assert!(matches!(
        single_error(&doc, "campaigns[0].starts_at"),
        K::BadTimestamp { .. }
    ));
    let mut doc = base();
    doc["campaigns"][0]["schedule"]["hours"][0]["to"] = json!("25:00");
    assert!(matches!(
        single_error(&doc, "campaigns[0].schedule.hours[0].to"),
        K::BadTimeOfDay { .. }
    ));
    let mut doc = base();
    doc["campaigns"][0]["schedule"]["hours"][0]["from"] = json!("+7:00");
    assert!(matches!(
        single_error(&doc, "campaigns[0].schedule.hours[0].from"),
        K::BadTimeOfDay { .. }
    ));
    let mut doc = base();
    doc["campaigns"][0]["schedule"]["weekdays"][1] = json!("saturday");
    assert!(matches!(
        single_error(&doc, "campaigns[0].schedule.weekdays[1]"),
        K::BadWeekday { .. }
    ));
}

#[test]
fn only_http_https_and_relative_urls_are_allowed() {
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        " https://x",
        "vbscript:x",
        "https:evil",
    ] {
        let mut doc = base();
        doc["campaigns"][0]["offers"][0]["link"] = json!(bad);
        assert!(
            matches!(
                single_error(&doc, "campaigns[0].offers[0].link"),
                K::BadUrl { .. }
            ),
            "{bad}"
        );
    }
    for good in [
        "https://shop.example/x",
        "HTTP://shop.example",
        "/sale",
        "sale.html",
        "?q=1",
        "#top",
        "//cdn.example/a.png",
        "/a:b",
    ] {
        let mut doc = base();
        doc["campaigns"][0]["offers"][0]["image"]["url"] = json!(good);
        assert!(parse(&doc).is_ok(), "{good}");
    }
}

#[test]
fn duplicate_ids_are_rejected() {
    let mut doc = base();
    let offer = doc["campaigns"][0]["offers"][0].clone();
    doc["campaigns"][0]["offers"]
        .as_array_mut()
        .unwrap()
        .push(offer);
    assert_eq!(
        single_error(&doc, "campaigns[0].offers[1].id"),
        K::DuplicateId {
            what: "offer",
            id: "coffee-20".into()
        }
    );
}

#[test]
fn rules_are_checked_against_the_feature_list_and_types() {
    let cases = [
        (
            json!({ "feature": "mood", "eq": "happy" }),
            "campaigns[0].target.feature",
        ),
        (
            json!({ "feature": "affinity.colour.red", "gt": 0.1 }),
            "campaigns[0].target.feature",
        ),
        (
            json!({ "feature": "intent", "eq": "hott" }),
            "campaigns[0].target.eq",
        ),
        (
            json!({ "feature": "intent", "gt": 2 }),
            "campaigns[0].target.gt",
        ),
        (
            json!({ "feature": "cart.items", "eq": "two" }),
            "campaigns[0].target.eq",
        ),
        (
            json!({ "feature": "cart.categories", "eq": "coffee" }),
            "campaigns[0].target.eq",
        ),
        (
            json!({ "feature": "new_shopper", "exists": 1 }),
            "campaigns[0].target.exists",
        ),
    ];
    for (rule, path) in cases {
        let mut doc = base();
        doc["campaigns"][0]["target"] = rule.clone();
        let kind = single_error(&doc, path);
        assert!(
            matches!(kind, K::UnknownFeature { .. } | K::BadComparison { .. }),
            "{rule}: {kind:?}"
        );
    }
    let mut doc = base();
    doc["campaigns"][0]["target"] = json!({ "feature": "intent", "eq": "hot", "ne": "cold" });
    assert!(matches!(
        single_error(&doc, "campaigns[0].target"),
        K::BadRuleShape { .. }
    ));
    let mut doc = base();
    doc["campaigns"][0]["target"] = json!({ "all": [], "any": [] });
    assert!(matches!(
        single_error(&doc, "campaigns[0].target"),
        K::BadRuleShape { .. }
    ));
    let mut doc = base();
    doc["campaigns"][0]["target"] =
        json!({ "all": [{ "not": { "feature": "beacon.near", "contains": "tea-aisle" } }] });
    assert_eq!(
        single_error(&doc, "campaigns[0].target"),
        K::UnknownBeacon {
            id: "tea-aisle".into()
        }
    );
}

#[test]
fn error_messages_say_what_to_fix() {
    let mut doc = base();
    doc["campaigns"][0]["target"] = json!({ "feature": "intent", "eq": "hott" });
    doc["campaigns"][0]["offers"][0]["link"] = json!("javascript:alert(1)");
    let text = parse(&doc).unwrap_err().to_string();
    assert!(text.starts_with("invalid catalog (2 problems):"), "{text}");
    assert!(text.contains("campaigns[0].target.eq: `hott` is never a value of intent; expected one of cold, warm, hot"), "{text}");
    assert!(text.contains("campaigns[0].offers[0].link: the URL scheme is not allowed; use an https:, http: or relative URL"), "{text}");
}

#[test]
fn near_beacon_becomes_a_rule_and_must_name_a_declared_beacon() {
    let mut doc = base();
    doc["campaigns"][0]["near_beacon"] = json!("coffee-aisle");
    let catalog = parse(&doc).unwrap();
    let Some(Rule::All(parts)) = &catalog.campaigns[0].target else {
        panic!("expected all()")
    };
    assert!(
        matches!(&parts[0], Rule::Compare(c) if c.feature == Feature::BeaconNear && c.op == Op::Contains("coffee-aisle".into()))
    );
    doc["campaigns"][0]["near_beacon"] = json!("bakery");
    assert_eq!(
        single_error(&doc, "campaigns[0].near_beacon"),
        K::UnknownBeacon {
            id: "bakery".into()
        }
    );
    let mut doc = base();
    doc["beacons"][0]["frame"] = json!("altbeacon:xyz");
    assert!(matches!(
        single_error(&doc, "beacons[0].frame"),
        K::BadBeaconFrame { .. }
    ));
}

#[test]
fn beacons_know_the_company_id_their_manufacturer_data_uses() {
    let catalog = parse(&base()).unwrap();
    assert_eq!(catalog.beacons[0].manufacturer_id(), Some(0x0118));
    let mut doc = base();
    doc["beacons"][0]["company_id"] = json!(0x004C);
    assert_eq!(
        parse(&doc).unwrap().beacons[0].manufacturer_id(),
        Some(0x004C)
    );
    doc["beacons"][0]["frame"] = json!(format!("eddystone:{}:{}", "ab".repeat(10), "cd".repeat(6)));
    let kind = single_error(&doc, "beacons[0].company_id");
    assert_eq!(kind, K::CompanyIdNotAltBeacon);
    assert!(kind.to_string().contains("remove `company_id`"));
    doc["beacons"][0]
        .as_object_mut()
        .unwrap()
        .remove("company_id");
    assert_eq!(parse(&doc).unwrap().beacons[0].manufacturer_id(), None);
}

#[test]
fn oversized_and_overly_deep_input_is_rejected_without_recursion() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let errors = Catalog::from_json(&deep).unwrap_err().0;
    assert_eq!(errors[0].kind, K::TooDeep { max: 32 });
    // Brackets inside strings do not count.
    let mut doc = base();
    doc["campaigns"][0]["offers"][0]["title"] =
        json!("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\\\"{{{{");
    assert!(parse(&doc).is_ok());
    let huge = format!(
        "{{\"schema\":1,\"version\":\"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    assert!(matches!(
        Catalog::from_json(&huge).unwrap_err().0[0].kind,
        K::TooLarge { .. }
    ));
    let mut rule = json!({ "feature": "intent", "eq": "hot" });
    for _ in 0..10 {
        rule = json!({ "not": rule });
    }
    let mut doc = base();
    doc["campaigns"][0]["target"] = rule;
    assert!(parse(&doc)
        .unwrap_err()
        .0
        .iter()
        .any(|e| e.kind == K::RuleTooComplex));
}

#[test]
fn rules_lists_and_weekdays_are_bounded() {
    let comparison = json!({ "feature": "cart.items", "gte": 1 });
    let mut doc = base();
    doc["campaigns"][0]["target"] = json!({ "all": vec![comparison.clone(); 64] });
    assert!(parse(&doc).is_ok(), "64 comparisons");
    // An empty all/any is a constant and counts like a comparison, so a rule's node count is
    // bounded too.
    doc["campaigns"][0]["target"] =
        json!({ "any": [{ "all": vec![comparison; 63] }, { "all": [] }, { "any": [] }] });
    assert_eq!(
        single_error(&doc, "campaigns[0].target.any[2]"),
        K::RuleTooComplex
    );

    let mut doc = base();
    doc["campaigns"][0]["target"] = json!({ "feature": "page.type", "in": vec!["home"; 257] });
    assert!(matches!(
        single_error(&doc, "campaigns[0].target.in"),
        K::BadComparison { reason } if reason.contains("at most 256 values")
    ));

    let mut doc = base();
    doc["campaigns"][0]["schedule"]["weekdays"] = json!(vec!["mon"; 257]);
    assert_eq!(
        single_error(&doc, "campaigns[0].schedule.weekdays"),
        K::TooMany { max: 256 }
    );
}

#[test]
fn a_partially_bad_catalog_reports_every_problem() {
    let mut doc = base();
    doc["holdout"] = json!({ "share": 0.9 });
    doc["campaigns"][0]["offers"][0]["slots"] = json!([]);
    doc["campaigns"][0]["offers"][0]["image"]["alt"] = json!("  ");
    let paths: Vec<String> = parse(&doc)
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(
        paths,
        [
            "holdout.share",
            "campaigns[0].offers[0].slots",
            "campaigns[0].offers[0].image.alt"
        ]
    );
}

#[test]
fn the_demo_shop_catalog_is_valid() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalog.json")).unwrap();
    let catalog = Catalog::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog.campaigns.len() >= 10);
    assert!(catalog.holdout.is_some() && !catalog.beacons.is_empty());
}

#[test]
fn keys_that_would_read_ambiguously_are_quoted_in_paths() {
    // Found by the catalog_json fuzz target: an empty key gave an empty path.
    let mut doc = base();
    doc[""] = json!(1);
    assert_eq!(
        single_error(&doc, "[\"\"]").to_string().split(',').next(),
        Some("unknown field ``")
    );
    let mut doc = base();
    doc["campaigns"][0]["offers"][0]["a.b"] = json!(1);
    single_error(&doc, "campaigns[0].offers[0][\"a.b\"]");
}

/// The rule `{ "feature": feature, op: n }`.
fn compare(feature: &str, op: &str, n: f64) -> Value {
    let mut rule = json!({ "feature": feature });
    rule[op] = json!(n);
    rule
}

/// The catalog with `rule` as its campaign's target: `Ok` or the one error's message.
fn with_target(rule: Value) -> Result<(), String> {
    let mut doc = base();
    doc["campaigns"][0]["target"] = rule;
    match parse(&doc) {
        Ok(_) => Ok(()),
        Err(errors) => {
            assert_eq!(errors.0.len(), 1, "{errors:?}");
            assert!(
                matches!(errors.0[0].kind, K::BadComparison { .. }),
                "{errors:?}"
            );
            Err(errors.0[0].to_string())
        }
    }
}

#[test]
fn comparisons_the_features_range_decides_in_advance_are_refused() {
    let never = |feature: &str, op: &str, n: f64| with_target(compare(feature, op, n)).unwrap_err();
    assert_eq!(
        never("hour", "gte", 30.0),
        "campaigns[0].target.gte: `gte` 30 on hour is never true: hour is a whole number from 0 to 23"
    );
    assert!(never("hour", "gt", 23.0).contains("never true"));
    assert!(never("hour", "lt", 0.0).contains("never true"));
    assert!(never("hour", "eq", 7.5).contains("never true"));
    assert_eq!(
        never("hour", "ne", 24.0),
        "campaigns[0].target.ne: `ne` 24 on hour is always true: hour is a whole number from 0 to 23"
    );
    assert_eq!(
        never("affinity.category.tea", "gt", 1.0),
        "campaigns[0].target.gt: `gt` 1 on affinity.category.tea is never true: affinity.category.tea is a number from 0 to 1"
    );
    assert!(never("affinity.brand.acme", "lt", 0.0).contains("never true"));
    assert!(never("purchases", "eq", 1.5).contains("a whole number of at least 0"));
    assert!(never("days_since_purchase", "lt", 0.0).contains("never true"));
    assert!(never("cart.value", "lt", 0.0).contains("a number of at least 0"));

    // Each of these can hold for some shopper, page or hour: accepted.
    for (feature, op, n) in [
        ("hour", "gt", 22.5),
        ("hour", "lt", 0.5),
        ("hour", "lte", 0.0),
        ("hour", "gte", 23.0),
        ("hour", "ne", 7.0),
        ("affinity.category.tea", "gte", 1.0),
        ("affinity.category.tea", "lte", 0.0),
        ("affinity.category.tea", "gt", 0.99),
        ("purchases", "gte", 1000.0),
        ("sessions", "eq", 1.0),
        ("engagement", "gt", 0.0),
        ("monetary", "lte", 0.0),
    ] {
        assert_eq!(
            with_target(compare(feature, op, n)),
            Ok(()),
            "{feature} {op} {n}"
        );
    }
}
