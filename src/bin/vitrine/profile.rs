//! `vitrine profile --events <log.jsonl> [--catalog <catalog.json>] [--at <ms>] [--json]`: the
//! profile the engine builds from one device's event log (the JSON events `track` takes, one
//! per line), the value of every profile feature a rule can read at `--at` (default: the latest
//! event), and the reorder ranking of every product bought. Shops debug targeting with it.

use serde_json::{json, Map, Value as Json};
use vitrine::engine::catalog::Catalog;
use vitrine::engine::clock::DAY_MS;
use vitrine::engine::decision::{Context, Features};
use vitrine::engine::events::{Event, EventKind, Millis};
use vitrine::engine::profile::reorder::{rank, Bought, PurchaseStats, ReorderConfig};
use vitrine::engine::profile::{Dimension, Profile, ProfileConfig};
use vitrine::engine::targeting::{Feature, FeatureSource, Value};

use super::{for_each_line, load_catalog, Failure, Options, Outcome};

/// Problems with log lines printed before the rest are summarised.
const MAX_PRINTED_PROBLEMS: usize = 10;

/// The profile features, in the order they are printed (page features come from `decide`'s
/// context, not from the profile, and are left out; affinities are listed per key).
const FEATURES: [Feature; 18] = [
    Feature::Intent,
    Feature::Engagement,
    Feature::TopCategory,
    Feature::TopBrand,
    Feature::CartItems,
    Feature::CartValue,
    Feature::CartCategories,
    Feature::CartProducts,
    Feature::Purchases,
    Feature::DaysSincePurchase,
    Feature::Monetary,
    Feature::Sessions,
    Feature::SessionPageViews,
    Feature::NewShopper,
    Feature::SearchTerms,
    Feature::BeaconNear,
    Feature::BeaconVisited,
    Feature::Hour,
];

/// A product's purchases from the log, for the reorder ranking.
struct Purchased {
    product: String,
    category: Option<String>,
    stats: PurchaseStats,
}

pub fn profile(args: &[String]) -> Outcome {
    let opts = Options::parse(args, &["--events", "--catalog", "--at"], &["--json"])?;
    opts.no_positional()?;
    let path = opts.required("--events")?;
    let at: Option<Millis> = match opts.get("--at") {
        Some(_) => Some(opts.number("--at", 0)?),
        None => None,
    };
    let catalog = match opts.get("--catalog") {
        Some(path) => load_catalog(path)?,
        None => empty_catalog(),
    };
    let mut events = Vec::new();
    let mut problems = Vec::new();
    for_each_line(path, |line, text| match text {
        Ok(text) if text.trim().is_empty() => {}
        Ok(text) => match serde_json::from_str::<Event>(text) {
            Ok(event) => events.push(event),
            Err(e) => problems.push(format!("line {line}: {e}")),
        },
        Err(()) => problems.push(format!("line {line}: not UTF-8")),
    })?;
    for problem in problems.iter().take(MAX_PRINTED_PROBLEMS) {
        eprintln!("vitrine: `{path}` {problem} (skipped)");
    }
    let Some(latest) = events.iter().map(|e| e.at).max() else {
        return Err(Failure(1, format!("vitrine: `{path}` has no usable event")));
    };
    let at = at.unwrap_or(latest);

    let config = ProfileConfig {
        utc_offset_minutes: catalog.utc_offset_minutes,
        ..ProfileConfig::default()
    };
    let mut profile = Profile::new();
    for event in &events {
        profile.apply(event, &config);
    }
    profile.prune(at, &config);
    let purchased = purchases(&events);
    let bought: Vec<Bought<'_>> = purchased
        .iter()
        .map(|p| (p.product.as_str(), p.category.as_deref(), &p.stats))
        .collect();
    let ranking = rank(&bought, at, &ReorderConfig::default());

    let context = Context {
        now: at,
        ..Context::default()
    };
    let features = Features {
        context: &context,
        profile: Some(&profile),
        config: &config,
        catalog: &catalog,
    };
    let mut values: Vec<(String, Value)> = FEATURES
        .iter()
        .map(|f| (f.name(), features.value(f)))
        .collect();
    values.push(("weekday".to_owned(), features.value(&Feature::Weekday)));
    for dim in Dimension::ALL {
        for (key, _) in profile.top(dim, usize::MAX, at, &config) {
            let feature = Feature::Affinity(dim, key.to_owned());
            values.push((feature.name(), features.value(&feature)));
        }
    }

    let stats = |p: &str| purchased.iter().find(|b| b.product == p);
    if opts.has("--json") {
        let features: Map<String, Json> = values
            .into_iter()
            .map(|(n, v)| (n, json_value(v)))
            .collect();
        let reorder: Vec<Json> = ranking
            .iter()
            .map(|r| {
                let p = stats(r.product);
                json!({
                    "product": r.product,
                    "category": p.and_then(|p| p.category.clone()),
                    "purchases": p.map_or(0, |p| p.stats.count),
                    "lastPurchase": p.map(|p| p.stats.last_at),
                    "expectedAt": r.expected_at,
                    "due": r.due,
                    "soon": r.soon,
                    "chanceWithinWeek": r.score,
                })
            })
            .collect();
        let out = json!({
            "at": at,
            "events": events.len(),
            "skipped": problems.len(),
            "features": features,
            "reorder": reorder,
        });
        println!("{out:#}");
        return Ok(());
    }

    println!(
        "profile at {at} (Unix ms) from {} events{}",
        events.len(),
        match problems.len() {
            0 => String::new(),
            1 => ", 1 line skipped".to_owned(),
            n => format!(", {n} lines skipped"),
        }
    );
    println!("\nfeatures (page features come from the decision's context)");
    let width = values.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, value) in &values {
        println!("  {name:width$}  {}", text_value(value));
    }
    println!("\nreorder: every product bought, most likely to be bought next first");
    if ranking.is_empty() {
        println!("  (no purchase in the log)");
    }
    for r in &ranking {
        let when = r.expected_at.saturating_sub(at) / DAY_MS;
        let state = if r.due {
            "due"
        } else if r.soon {
            "soon"
        } else {
            "later"
        };
        let expected = match when {
            0 => "expected today".to_owned(),
            d if d > 0 => format!("expected in {d} days"),
            d => format!("expected {} days ago", -d),
        };
        let count = stats(r.product).map_or(0, |p| p.stats.count);
        println!(
            "  {:width$}  {state:5}  {expected}, {:.0} % within a week (bought {count}x, expected at {})",
            r.product,
            100.0 * r.score,
            r.expected_at,
        );
    }
    Ok(())
}

/// Every product of the log's purchases, with its category and purchase statistics (purchases
/// taken in time order, as a device records them).
fn purchases(events: &[Event]) -> Vec<Purchased> {
    let mut orders: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Purchase { .. }))
        .collect();
    orders.sort_by_key(|e| e.at);
    let mut out: Vec<Purchased> = Vec::new();
    for order in orders {
        let EventKind::Purchase { items, .. } = &order.kind else {
            continue;
        };
        for item in items {
            match out.iter_mut().find(|p| p.product == item.id) {
                Some(p) => p.stats.record(order.at),
                None => out.push(Purchased {
                    product: item.id.clone(),
                    category: item.category.clone(),
                    stats: PurchaseStats::first(order.at),
                }),
            }
        }
    }
    out
}

/// A catalog with nothing in it: UTC, no beacons (without `--catalog`).
fn empty_catalog() -> Catalog {
    Catalog {
        version: "none".to_owned(),
        utc_offset_minutes: 0,
        holdout: None,
        beacons: Vec::new(),
        campaigns: Vec::new(),
        offers: Vec::new(),
        relevance_gain: 0.0,
        suppress_purchased_ms: 0,
    }
}

fn json_value(value: Value) -> Json {
    match value {
        Value::Missing => Json::Null,
        Value::Number(n) => json!(n),
        Value::Text(t) => json!(t),
        Value::Flag(f) => json!(f),
        Value::List(l) => json!(l),
    }
}

fn text_value(value: &Value) -> String {
    match value {
        Value::Missing => "(none)".to_owned(),
        Value::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Value::Number(n) => format!("{n:.3}"),
        Value::Text(t) => t.clone(),
        Value::Flag(f) => f.to_string(),
        Value::List(l) if l.is_empty() => "[]".to_owned(),
        Value::List(l) => format!("[{}]", l.join(", ")),
    }
}
