//! `vitrine profile` (the native CLI and `npx vitrine`): what one device's event log builds. The
//! profile the engine folds from the events (the JSON events `track` takes, one per line), the
//! value of every profile feature a rule can read at a time (the [lifecycle
//! stage](super::profile::lifecycle) among them) and the whole [reorder](super::profile::reorder)
//! ranking behind `reorder.due` and `reorder.soon`: every product bought, with its expected
//! date; and the products' details offer templates can show. Shops debug targeting with it; both CLIs print this module's text or JSON, so they
//! agree to the byte.

use crate::engine::prelude::*;

use serde_json::{json, Map, Value as Json};

use super::catalog::Catalog;
use super::clock::DAY_MS;
use super::decision::{Context, Features};
use super::events::{Event, Millis};
use super::profile::lifecycle::{LifecycleThresholds, Stage};
use super::profile::reorder::ReorderConfig;
use super::profile::{Dimension, Profile, ProfileConfig};
use super::targeting::{Feature, FeatureSource, Value};

/// The profile features, in the order they are printed (page features come from `decide`'s
/// context, not from the profile, and are left out; affinities follow, one per key, then the
/// days since each bought product's and category's purchase, and each answered survey's score).
const FEATURES: [Feature; 25] = [
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
    Feature::PurchasedProducts,
    Feature::PurchasedCategories,
    Feature::ReorderDue,
    Feature::ReorderSoon,
    Feature::Lifecycle,
    Feature::NpsGroup,
    Feature::Monetary,
    Feature::Sessions,
    Feature::SessionPageViews,
    Feature::NewShopper,
    Feature::SearchTerms,
    Feature::BeaconNear,
    Feature::BeaconVisited,
    Feature::Hour,
    Feature::Weekday,
];

/// One product of the reorder ranking, with what the log says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReorderRow {
    /// The product id.
    pub product: String,
    /// Its category, from the purchase.
    pub category: Option<String>,
    /// Purchases (shopping trips that included it).
    pub purchases: u32,
    /// The latest one.
    pub last_purchase: Millis,
    /// When the next one is expected.
    pub expected_at: Millis,
    /// `reorder.due`.
    pub due: bool,
    /// `reorder.soon`.
    pub soon: bool,
    /// The chance of a purchase within the ranking's window (a week).
    pub chance: f64,
}

/// A described product, as offer templates can show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    /// The product id.
    pub product: String,
    /// Its name.
    pub name: String,
    /// Its page.
    pub url: String,
    /// Its picture, if any.
    pub image: Option<String>,
    /// The latest view of its page (within the retention limit).
    pub viewed_at: Option<Millis>,
}

/// What [`report`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileReport {
    /// The time the features are read at.
    pub at: Millis,
    /// Events applied.
    pub events: usize,
    /// Lines that are not events, each with its line number (from 1) and the reason.
    pub problems: Vec<(usize, String)>,
    /// Every profile feature's name and value (affinities one per key, strongest first).
    pub features: Vec<(String, Value)>,
    /// The lifecycle stage.
    pub lifecycle: Stage,
    /// Every product bought, most likely to be bought next first.
    pub reorder: Vec<ReorderRow>,
    /// The products the log described (name, page, picture), in id order.
    pub products: Vec<ProductRow>,
}

/// Builds the report of the event log `log` (JSON lines; blank lines are skipped, others that
/// are not events are listed in [`ProfileReport::problems`]) at `at` (default: the latest
/// event; events after it are left out, as they had not happened yet), with the time zone and
/// beacons of `catalog` (default: UTC, none). `None` when no line is an event.
///
/// Numbers are rounded to six decimals and expected dates to the second, so the native CLI and
/// the Node tools (whose `exp` and `ln` may differ in the last bit) print the same.
pub fn report(log: &[u8], catalog: Option<&Catalog>, at: Option<Millis>) -> Option<ProfileReport> {
    let mut events = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in log.split(|&b| b == b'\n').enumerate() {
        match core::str::from_utf8(line) {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => match serde_json::from_str::<Event>(text) {
                Ok(event) => events.push(event),
                Err(e) => problems.push((i + 1, e.to_string())),
            },
            Err(_) => problems.push((i + 1, "not UTF-8".to_owned())),
        }
    }
    let latest = events.iter().map(|e| e.at).max()?;
    let at = at.unwrap_or(latest);
    events.retain(|e| e.at <= at);
    let empty = empty_catalog();
    let catalog = catalog.unwrap_or(&empty);

    let config = ProfileConfig {
        utc_offset_minutes: catalog.utc_offset_minutes,
        ..ProfileConfig::default()
    };
    let mut profile = Profile::new();
    for event in &events {
        profile.apply(event, &config);
    }
    profile.prune(at, &config);

    let context = Context {
        now: at,
        ..Context::default()
    };
    let features = Features {
        context: &context,
        profile: Some(&profile),
        config: &config,
        catalog,
    };
    let value = |f: &Feature| match features.value(f).to_value() {
        Value::Number(n) => Value::Number(round6(n)),
        other => other,
    };
    let mut values: Vec<(String, Value)> = FEATURES.iter().map(|f| (f.name(), value(f))).collect();
    for dim in Dimension::ALL {
        for (key, _) in profile.top(dim, usize::MAX, at, &config) {
            let feature = Feature::Affinity(dim, key.to_owned());
            values.push((feature.name(), value(&feature)));
        }
    }
    let products = profile.recent_purchases().map(|(product, _)| product);
    let categories = profile.purchased_categories();
    for key in products.chain(categories.iter().copied()) {
        let feature = Feature::DaysSinceProductPurchase(key.to_owned());
        if !values.iter().any(|(name, _)| *name == feature.name()) {
            values.push((feature.name(), value(&feature)));
        }
    }
    for (survey, _) in profile.answers() {
        let feature = Feature::SurveyScore(survey.to_owned());
        values.push((feature.name(), value(&feature)));
    }

    let lifecycle = profile.lifecycle(at, &catalog.lifecycle);
    let reorder = profile
        .reorder_ranking(at, &ReorderConfig::default())
        .into_iter()
        .filter_map(|r| {
            let (_, bought) = profile.purchased().find(|(id, _)| *id == r.product)?;
            Some(ReorderRow {
                product: r.product.to_owned(),
                category: bought.category.clone(),
                purchases: bought.stats.count,
                last_purchase: bought.stats.last_at,
                expected_at: r.expected_at,
                due: r.due,
                soon: r.soon,
                chance: round6(r.score),
            })
        })
        .collect();
    let products = profile
        .cards()
        .map(|(id, card)| ProductRow {
            product: id.to_owned(),
            name: card.name.clone(),
            url: card.url.clone(),
            image: card.image.clone(),
            viewed_at: card.viewed_at,
        })
        .collect();
    Some(ProfileReport {
        at,
        events: events.len(),
        problems,
        features: values,
        lifecycle,
        reorder,
        products,
    })
}

impl ProfileReport {
    /// The report as one JSON object (`vitrine profile --json`).
    pub fn to_json(&self) -> Json {
        let features: Map<String, Json> = self
            .features
            .iter()
            .map(|(name, value)| (name.clone(), json_value(value)))
            .collect();
        let reorder: Vec<Json> = self
            .reorder
            .iter()
            .map(|r| {
                json!({
                    "product": r.product,
                    "category": r.category,
                    "purchases": r.purchases,
                    "lastPurchase": r.last_purchase,
                    "expectedAt": r.expected_at,
                    "due": r.due,
                    "soon": r.soon,
                    "chanceWithinWeek": r.chance,
                })
            })
            .collect();
        let products: Vec<Json> = self
            .products
            .iter()
            .map(|p| {
                json!({
                    "product": p.product,
                    "name": p.name,
                    "url": p.url,
                    "image": p.image,
                    "viewedAt": p.viewed_at,
                })
            })
            .collect();
        json!({
            "at": self.at,
            "events": self.events,
            "skipped": self.problems.len(),
            "features": features,
            "lifecycle": self.lifecycle.as_str(),
            "reorder": reorder,
            "products": products,
        })
    }

    /// The report as text (`vitrine profile`).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "profile at {} (Unix ms) from {} events{}\n",
            self.at,
            self.events,
            match self.problems.len() {
                0 => String::new(),
                1 => ", 1 line skipped".to_owned(),
                n => format!(", {n} lines skipped"),
            }
        );
        out.push_str("\nfeatures (page features come from the decision's context)\n");
        let width = self
            .features
            .iter()
            .map(|(n, _)| n.len())
            .max()
            .unwrap_or(0);
        for (name, value) in &self.features {
            out.push_str(&format!("  {name:width$}  {}\n", text_value(value)));
        }
        out.push_str("\nreorder: every product bought, most likely to be bought next first\n");
        if self.reorder.is_empty() {
            out.push_str("  (no purchase in the log)\n");
        }
        let width = self
            .reorder
            .iter()
            .map(|r| r.product.len())
            .max()
            .unwrap_or(0);
        for r in &self.reorder {
            let state = match (r.due, r.soon) {
                (true, _) => "due",
                (_, true) => "soon",
                _ => "later",
            };
            let expected = match r.expected_at.saturating_sub(self.at) / DAY_MS {
                0 => "expected today".to_owned(),
                d if d > 0 => format!("expected in {d} days"),
                d => format!("expected {} days ago", -d),
            };
            out.push_str(&format!(
                "  {:width$}  {state:5}  {expected}, {:.0} % within a week (bought {}x)\n",
                r.product,
                100.0 * r.chance,
                r.purchases,
            ));
        }
        out.push_str("\nproducts: the details offer templates can show\n");
        if self.products.is_empty() {
            out.push_str("  (no product described in the log: give events a name and url)\n");
        }
        for p in &self.products {
            let viewed = match p.viewed_at {
                Some(at) => match self.at.saturating_sub(at) / DAY_MS {
                    0 => "viewed today".to_owned(),
                    d => format!("viewed {d} days ago"),
                },
                None => "not viewed".to_owned(),
            };
            out.push_str(&format!(
                "  {}  \"{}\"  {}  {viewed}\n",
                p.product, p.name, p.url
            ));
        }
        out
    }
}

/// `x` rounded to six decimals (through its decimal text, so it prints as such).
fn round6(x: f64) -> f64 {
    format!("{x:.6}").parse().unwrap_or(x)
}

/// A catalog with nothing in it: UTC, no beacons.
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
        lifecycle: LifecycleThresholds::default(),
        fatigue: Default::default(),
        complements: Vec::new(),
        survey_cooldown_ms: 0,
    }
}

fn json_value(value: &Value) -> Json {
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
        Value::List(l) => format!("[{}]", l.join(", ")),
    }
}
