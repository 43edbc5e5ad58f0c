//! The catalog as published: the JSON shape, deserialized as-is before validation.
//!
//! Unknown fields are rejected (`deny_unknown_fields`), so a typo such as `"frequncy_caps"` is
//! an error with its path rather than a silently ignored setting. `docs/catalog.md` documents
//! every field; `docs/catalog.schema.json` is the machine-readable form.

use crate::engine::prelude::*;

use alloc::collections::BTreeMap;

use serde::Deserialize;

use super::model::{Scale, Template};

/// The whole catalog document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogDoc {
    /// Format version; this engine reads [`super::SCHEMA_VERSION`].
    pub schema: u32,
    /// The shop's label for this edition of the catalog (shown in explanations and exports).
    pub version: String,
    /// The shop's time zone as minutes east of UTC (e.g. 60 for CET). Default 0.
    #[serde(default)]
    pub utc_offset_minutes: i32,
    /// Defaults applied to every campaign and offer that does not set its own.
    #[serde(default)]
    pub defaults: DefaultsDoc,
    /// The share of devices held out of personalization, to measure lift.
    #[serde(default)]
    pub holdout: Option<HoldoutDoc>,
    /// In-store beacons that rules may refer to.
    #[serde(default)]
    pub beacons: Vec<BeaconDoc>,
    /// The campaigns.
    pub campaigns: Vec<CampaignDoc>,
    /// Where the `lifecycle` feature's stages begin (default: see [`LifecycleDoc`]).
    #[serde(default)]
    pub lifecycle: LifecycleDoc,
    /// Product id -> the products that go with it, best first (the `complements` template).
    #[serde(default)]
    pub complements: BTreeMap<String, Vec<String>>,
}

/// Where the lifecycle stages begin; each field has a default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleDoc {
    /// Orders from which a shopper is `loyal` (default 5).
    #[serde(default)]
    pub loyal_orders: Option<u32>,
    /// Days without an order after which a shopper is `at_risk` (default 60).
    #[serde(default)]
    pub at_risk_days: Option<f64>,
    /// Days without an order after which a shopper is `lapsed` (default 180).
    #[serde(default)]
    pub lapsed_days: Option<f64>,
    /// For a shopper with a rhythm of their own (three orders or more): `at_risk` after this
    /// many of their usual intervals between orders, if sooner (default 2).
    #[serde(default)]
    pub at_risk_factor: Option<f64>,
    /// Likewise for `lapsed` (default 4).
    #[serde(default)]
    pub lapsed_factor: Option<f64>,
}

/// Catalog-wide defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultsDoc {
    /// Frequency caps for offers that set none.
    #[serde(default)]
    pub caps: Option<CapsDoc>,
    /// Bandit prior for offers that set none.
    #[serde(default)]
    pub prior: Option<PriorDoc>,
    /// How strongly affinity relevance boosts a score (default 3.0: a perfectly relevant offer
    /// scores up to 4x an irrelevant one).
    #[serde(default)]
    pub relevance_gain: Option<f64>,
    /// Hours an offer of a purchased product stays suppressed (default 336, two weeks).
    #[serde(default)]
    pub suppress_purchased_hours: Option<u32>,
    /// The shop-wide fatigue budget (default: none).
    #[serde(default)]
    pub fatigue: Option<FatigueDoc>,
    /// Days after a survey answer during which no other survey asks (default 30; 0 to 365).
    #[serde(default)]
    pub survey_cooldown_days: Option<u32>,
}

/// The shop-wide fatigue budget; each limit is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FatigueDoc {
    /// Banner impressions per session, all campaigns together.
    #[serde(default)]
    pub per_session: Option<u32>,
    /// Banner impressions per local day, all campaigns together.
    #[serde(default)]
    pub per_day: Option<u32>,
    /// Dismissals in a session after which only untargeted offers show in it.
    #[serde(default)]
    pub dismissals_per_session: Option<u32>,
    /// Campaigns of at least this priority are exempt (default 100).
    #[serde(default)]
    pub exempt_priority: Option<i32>,
}

/// Holdout settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldoutDoc {
    /// Share of devices in the holdout group, 0.0..=0.5.
    pub share: f64,
    /// Changing the salt reshuffles who is held out (start a new experiment).
    #[serde(default)]
    pub salt: String,
}

/// An in-store beacon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeaconDoc {
    /// The id rules use (`beacon.near` contains "coffee-aisle").
    pub id: String,
    /// Human name ("Coffee aisle"), for explanations.
    pub name: String,
    /// The advertised identity, e.g. `altbeacon:<40 hex>` or `eddystone:<20 hex>:<12 hex>`.
    pub frame: String,
    /// The zone that counts as "at" this beacon: "immediate" or "near" (default "near").
    #[serde(default)]
    pub at_zone: Option<String>,
    /// AltBeacon only: the Bluetooth company id the beacon advertises under (default 0x0118).
    #[serde(default)]
    pub company_id: Option<u16>,
}

/// A campaign: a group of offers with shared timing, targeting and caps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignDoc {
    /// Unique id.
    pub id: String,
    /// Human name.
    #[serde(default)]
    pub name: Option<String>,
    /// Higher priorities are always preferred over lower ones (default 0).
    #[serde(default)]
    pub priority: i32,
    /// Business weight, multiplies the score (default 1.0).
    #[serde(default)]
    pub weight: Option<f64>,
    /// RFC 3339 start (inclusive).
    #[serde(default)]
    pub starts_at: Option<String>,
    /// RFC 3339 end (exclusive).
    #[serde(default)]
    pub ends_at: Option<String>,
    /// Weekdays and day-parts in the shop's time zone.
    #[serde(default)]
    pub schedule: Option<ScheduleDoc>,
    /// Who sees it.
    #[serde(default)]
    pub target: Option<RuleDoc>,
    /// Campaign-wide frequency caps (counted over all its offers).
    #[serde(default)]
    pub caps: Option<CapsDoc>,
    /// Shorthand for a rule that the shopper is at this beacon now.
    #[serde(default)]
    pub near_beacon: Option<String>,
    /// The offers.
    pub offers: Vec<OfferDoc>,
}

/// When a campaign runs, on the shop's wall clock.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleDoc {
    /// "mon".."sun"; empty means every day.
    #[serde(default)]
    pub weekdays: Vec<String>,
    /// Day-parts such as `{"from": "07:00", "to": "11:00"}`; empty means all day. A range whose
    /// end is before its start wraps past midnight.
    #[serde(default)]
    pub hours: Vec<HoursDoc>,
}

/// One day-part.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursDoc {
    /// "HH:MM", inclusive.
    pub from: String,
    /// "HH:MM", exclusive; "24:00" means end of day.
    pub to: String,
}

/// Frequency caps; every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapsDoc {
    /// Impressions per browsing session.
    #[serde(default)]
    pub per_session: Option<u32>,
    /// Impressions per local day.
    #[serde(default)]
    pub per_day: Option<u32>,
    /// Impressions per local ISO week.
    #[serde(default)]
    pub per_week: Option<u32>,
    /// Impressions ever.
    #[serde(default)]
    pub lifetime: Option<u32>,
    /// Minimum minutes between two impressions.
    #[serde(default)]
    pub min_spacing_minutes: Option<u32>,
    /// Hours an offer stays away after the shopper dismissed it.
    #[serde(default)]
    pub dismiss_cooldown_hours: Option<u32>,
}

/// Beta prior of the click-through rate: the shop's global knowledge, so a new device starts
/// from it (alpha ~ clicks + 1, beta ~ non-clicks + 1).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorDoc {
    /// Pseudo-clicks, > 0.
    pub alpha: f64,
    /// Pseudo-non-clicks, > 0.
    pub beta: f64,
}

/// One offer with its creative.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferDoc {
    /// Unique id across the catalog.
    pub id: String,
    /// Slots it may fill.
    pub slots: Vec<String>,
    /// Headline (plain text, never HTML).
    pub title: String,
    /// Body text (plain text).
    #[serde(default)]
    pub body: Option<String>,
    /// Image.
    #[serde(default)]
    pub image: Option<ImageDoc>,
    /// Where a click goes: https:, http: or a relative URL.
    #[serde(default)]
    pub link: Option<String>,
    /// Call to action ("Shop coffee").
    #[serde(default)]
    pub cta: Option<String>,
    /// Free tags matched against tag affinities.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Categories matched against category affinities.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Brands matched against brand affinities.
    #[serde(default)]
    pub brands: Vec<String>,
    /// Products it promotes: suppressed for a while after the shopper bought one.
    #[serde(default)]
    pub products: Vec<String>,
    /// Multiplies the campaign weight (default 1.0).
    #[serde(default)]
    pub weight: Option<f64>,
    /// Offer-level rule, combined with the campaign's.
    #[serde(default)]
    pub target: Option<RuleDoc>,
    /// Offer-level caps (override the catalog defaults field by field).
    #[serde(default)]
    pub caps: Option<CapsDoc>,
    /// Bandit prior.
    #[serde(default)]
    pub prior: Option<PriorDoc>,
    /// Fill the creative from one of the shopper's products: `buy_again`, `recently_viewed`
    /// or `complements`.
    #[serde(default)]
    pub template: Option<Template>,
    /// Make the banner a one-tap survey: it asks the title and is answered inline.
    #[serde(default)]
    pub survey: Option<SurveyDoc>,
}

/// A one-tap survey.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyDoc {
    /// The survey's id, which rules read as `survey.<id>.score`; offers may share one (e.g. one
    /// per language) when they share its scale.
    pub id: String,
    /// `nps` (0 to 10), `csat` (1 to 5) or `thumbs` (down 0, up 1).
    pub scale: Scale,
    /// What the banner says once answered (plain text).
    pub thanks: String,
}

/// An image.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageDoc {
    /// https:, http: or relative URL.
    pub url: String,
    /// Alternative text (required: every banner image needs one).
    pub alt: String,
    /// Intrinsic width in CSS pixels (reserves space; no layout shift).
    #[serde(default)]
    pub width: Option<u32>,
    /// Intrinsic height in CSS pixels.
    #[serde(default)]
    pub height: Option<u32>,
}

/// A targeting rule as written: exactly one of `all`, `any`, `not`, or `feature` with exactly
/// one operator. Validation turns it into a typed [`crate::engine::targeting::Rule`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// Every sub-rule matches.
    #[serde(default)]
    pub all: Option<Vec<RuleDoc>>,
    /// At least one sub-rule matches.
    #[serde(default)]
    pub any: Option<Vec<RuleDoc>>,
    /// The sub-rule does not match.
    #[serde(default)]
    pub not: Option<Box<RuleDoc>>,
    /// The feature a comparison reads, e.g. "intent" or "affinity.category.coffee".
    #[serde(default)]
    pub feature: Option<String>,
    /// Equal to.
    #[serde(default)]
    pub eq: Option<ValueDoc>,
    /// Not equal to.
    #[serde(default)]
    pub ne: Option<ValueDoc>,
    /// Greater than.
    #[serde(default)]
    pub gt: Option<ValueDoc>,
    /// Greater than or equal to.
    #[serde(default)]
    pub gte: Option<ValueDoc>,
    /// Less than.
    #[serde(default)]
    pub lt: Option<ValueDoc>,
    /// Less than or equal to.
    #[serde(default)]
    pub lte: Option<ValueDoc>,
    /// The feature's value is one of these.
    #[serde(default, rename = "in")]
    pub in_: Option<ValueDoc>,
    /// The feature (a list or text) contains this.
    #[serde(default)]
    pub contains: Option<ValueDoc>,
    /// The feature has a value (true) or has none (false).
    #[serde(default)]
    pub exists: Option<ValueDoc>,
}

/// A literal in a rule: a bool, a number, a string or a list of strings.
///
/// Deserialized by a small visitor rather than `#[serde(untagged)]`, which would buffer every
/// value and weigh several KiB in the wasm build.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueDoc {
    /// true / false.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// A list of strings.
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for ValueDoc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = ValueDoc;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("a bool, a number, a string or a list of strings")
    }

    fn visit_bool<E>(self, v: bool) -> Result<ValueDoc, E> {
        Ok(ValueDoc::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<ValueDoc, E> {
        Ok(ValueDoc::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<ValueDoc, E> {
        Ok(ValueDoc::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<ValueDoc, E> {
        Ok(ValueDoc::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<ValueDoc, E> {
        Ok(ValueDoc::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<ValueDoc, E> {
        Ok(ValueDoc::Text(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ValueDoc, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(ValueDoc::List(items))
    }
}
