//! Rule evaluation: operators, missing values, boolean algebra (proptests).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

use proptest::prelude::*;
use vitrine::engine::catalog::document::RuleDoc;
use vitrine::engine::targeting::{matches, trace, Feature, FeatureSource, Rule, Value, ValueRef};

#[derive(Debug, Clone)]
struct Map(HashMap<String, Value>);

impl FeatureSource for Map {
    fn value(&self, feature: &Feature) -> ValueRef<'_> {
        self.0
            .get(&feature.name())
            .map_or(ValueRef::Missing, Value::as_ref)
    }
}

fn rule(json: serde_json::Value) -> Rule {
    let doc: RuleDoc = serde_json::from_value(json).expect("rule document");
    Rule::from_doc(&doc, "target").expect("valid rule")
}

fn shopper() -> Map {
    Map(HashMap::from([
        ("intent".into(), Value::Text("hot".into())),
        ("cart.items".into(), Value::Number(2.0)),
        (
            "cart.categories".into(),
            Value::List(vec!["coffee".into(), "tea".into()]),
        ),
        ("new_shopper".into(), Value::Flag(false)),
        ("locale".into(), Value::Text("de-DE".into())),
        ("affinity.category.coffee".into(), Value::Number(0.6)),
    ]))
}

#[test]
fn every_operator_on_present_values() {
    let s = shopper();
    let yes = [
        serde_json::json!({ "feature": "intent", "eq": "hot" }),
        serde_json::json!({ "feature": "intent", "ne": "cold" }),
        serde_json::json!({ "feature": "intent", "in": ["warm", "hot"] }),
        serde_json::json!({ "feature": "cart.items", "gt": 1 }),
        serde_json::json!({ "feature": "cart.items", "gte": 2 }),
        serde_json::json!({ "feature": "cart.items", "lt": 3 }),
        serde_json::json!({ "feature": "cart.items", "lte": 2 }),
        serde_json::json!({ "feature": "cart.items", "eq": 2 }),
        serde_json::json!({ "feature": "cart.categories", "contains": "tea" }),
        serde_json::json!({ "feature": "locale", "contains": "de" }),
        serde_json::json!({ "feature": "new_shopper", "eq": false }),
        serde_json::json!({ "feature": "affinity.category.coffee", "exists": true }),
    ];
    for r in yes {
        assert!(matches(&rule(r.clone()), &s), "{r}");
    }
    let no = [
        serde_json::json!({ "feature": "intent", "eq": "warm" }),
        serde_json::json!({ "feature": "cart.items", "gt": 2 }),
        serde_json::json!({ "feature": "cart.categories", "contains": "cocoa" }),
        serde_json::json!({ "feature": "new_shopper", "eq": true }),
    ];
    for r in no {
        assert!(!matches(&rule(r.clone()), &s), "{r}");
    }
}

#[test]
fn missing_values_fail_comparisons_except_ne_and_absent() {
    let s = shopper();
    assert!(!matches(
        &rule(serde_json::json!({ "feature": "days_since_purchase", "lt": 30 })),
        &s
    ));
    assert!(!matches(
        &rule(serde_json::json!({ "feature": "days_since_purchase", "gte": 0 })),
        &s
    ));
    assert!(matches(
        &rule(serde_json::json!({ "feature": "page.category", "ne": "coffee" })),
        &s
    ));
    assert!(matches(
        &rule(serde_json::json!({ "feature": "page.category", "exists": false })),
        &s
    ));
}

#[test]
fn empty_all_matches_and_empty_any_does_not() {
    let s = shopper();
    assert!(matches(&rule(serde_json::json!({ "all": [] })), &s));
    assert!(!matches(&rule(serde_json::json!({ "any": [] })), &s));
}

#[test]
fn trace_lists_each_feature_read_once_in_rule_order() {
    let r = rule(serde_json::json!({ "any": [
        { "feature": "intent", "eq": "cold" },
        { "not": { "feature": "cart.items", "lt": 1 } },
        { "feature": "intent", "eq": "hot" }
    ]}));
    let names: Vec<String> = trace(&r, &shopper()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["intent", "cart.items"]);
}

#[test]
fn search_term_values_are_normalised_like_the_stored_terms() {
    let matcha = rule(serde_json::json!({"feature": "search.terms", "contains": "Matcha"}));
    let source = Map(HashMap::from([(
        "search.terms".into(),
        Value::List(vec!["matcha".into(), "whisk".into()]),
    )]));
    assert!(matches(&matcha, &source), "{matcha}");
    let doc: RuleDoc = serde_json::from_value(
        serde_json::json!({"feature": "search.terms", "contains": "matcha tea"}),
    )
    .unwrap();
    let error = Rule::from_doc(&doc, "target").unwrap_err().to_string();
    assert!(error.contains("needs one search word"), "{error}");
}

#[test]
fn personal_rules_are_recognised() {
    assert!(rule(serde_json::json!({ "feature": "intent", "eq": "hot" })).is_personal());
    assert!(!rule(serde_json::json!({ "all": [{ "feature": "page.type", "eq": "home" }, { "feature": "hour", "lt": 11 }] })).is_personal());
}

fn leaf() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        prop::sample::select(vec!["cold", "warm", "hot"])
            .prop_map(|v| serde_json::json!({ "feature": "intent", "eq": v })),
        (0u8..5).prop_map(|n| serde_json::json!({ "feature": "cart.items", "gt": n })),
        prop::sample::select(vec!["coffee", "tea", "cocoa"])
            .prop_map(|v| serde_json::json!({ "feature": "cart.categories", "contains": v })),
        any::<bool>()
            .prop_map(|b| serde_json::json!({ "feature": "days_since_purchase", "exists": b })),
    ]
}

fn tree() -> impl Strategy<Value = serde_json::Value> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| serde_json::json!({ "all": v })),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| serde_json::json!({ "any": v })),
            inner.prop_map(|v| serde_json::json!({ "not": v })),
        ]
    })
}

fn source() -> impl Strategy<Value = Map> {
    (
        prop::sample::select(vec!["cold", "warm", "hot"]),
        0u8..6,
        prop::collection::vec(prop::sample::select(vec!["coffee", "tea", "cocoa"]), 0..3),
        prop::option::of(0u8..60),
    )
        .prop_map(|(intent, items, cats, days)| {
            let mut m = HashMap::from([
                ("intent".to_string(), Value::Text(intent.into())),
                ("cart.items".to_string(), Value::Number(f64::from(items))),
                (
                    "cart.categories".to_string(),
                    Value::List(cats.into_iter().map(String::from).collect()),
                ),
            ]);
            if let Some(d) = days {
                m.insert("days_since_purchase".into(), Value::Number(f64::from(d)));
            }
            Map(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn boolean_algebra_holds(a in tree(), b in tree(), s in source()) {
        let (ra, rb) = (rule(a.clone()), rule(b.clone()));
        let (ma, mb) = (matches(&ra, &s), matches(&rb, &s));
        prop_assert_eq!(matches(&rule(serde_json::json!({ "not": { "not": a.clone() } })), &s), ma);
        prop_assert_eq!(matches(&rule(serde_json::json!({ "all": [a.clone(), b.clone()] })), &s), ma && mb);
        prop_assert_eq!(matches(&rule(serde_json::json!({ "any": [a.clone(), b.clone()] })), &s), ma || mb);
        // De Morgan
        prop_assert_eq!(
            matches(&rule(serde_json::json!({ "not": { "all": [a.clone(), b.clone()] } })), &s),
            matches(&rule(serde_json::json!({ "any": [{ "not": a }, { "not": b }] })), &s)
        );
    }

    #[test]
    fn ne_is_the_negation_of_eq(v in prop::sample::select(vec!["cold", "warm", "hot"]), s in source()) {
        let eq = rule(serde_json::json!({ "feature": "intent", "eq": v }));
        let ne = rule(serde_json::json!({ "feature": "intent", "ne": v }));
        prop_assert_eq!(matches(&ne, &s), !matches(&eq, &s));
    }

    #[test]
    fn rule_display_is_deterministic(a in tree()) {
        prop_assert_eq!(rule(a.clone()).to_string(), rule(a).to_string());
    }
}
