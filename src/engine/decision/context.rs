//! The page context a decision is made in, and the feature values rules read from it and from
//! the profile.

use crate::engine::prelude::*;

use serde::Deserialize;

use crate::engine::catalog::Catalog;
use crate::engine::clock::{LocalTime, DAY_MS};
use crate::engine::events::{Millis, PageType};
use crate::engine::profile::reorder::ReorderConfig;
use crate::engine::profile::{Dimension, Profile, ProfileConfig};
use crate::engine::targeting::{Feature, FeatureSource, ValueRef};

/// Device classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    /// Phones.
    Mobile,
    /// Tablets.
    Tablet,
    /// Everything larger.
    Desktop,
}

/// Where the visit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Referrer {
    /// Typed or bookmarked.
    Direct,
    /// A search engine.
    Search,
    /// A social network.
    Social,
    /// A newsletter or mail.
    Email,
    /// A paid campaign.
    Ads,
    /// Another page of the shop.
    Internal,
    /// Anything else.
    Other,
}

impl Device {
    /// Every device class, in declaration order (the wire's variant order).
    pub const ALL: [Device; 3] = [Device::Mobile, Device::Tablet, Device::Desktop];
}

impl Referrer {
    /// Every referrer class, in declaration order (the wire's variant order).
    pub const ALL: [Referrer; 7] = [
        Referrer::Direct,
        Referrer::Search,
        Referrer::Social,
        Referrer::Email,
        Referrer::Ads,
        Referrer::Internal,
        Referrer::Other,
    ];
}

/// What the page tells the engine at decision time. Everything but `now` is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Context {
    /// Decision time, Unix milliseconds (the runtime fills it in).
    #[serde(default)]
    pub now: Millis,
    /// The kind of page.
    #[serde(default)]
    pub page_type: Option<PageType>,
    /// The category shown on the page.
    #[serde(default)]
    pub category: Option<String>,
    /// The product shown on the page.
    #[serde(default)]
    pub product: Option<String>,
    /// BCP 47 locale, e.g. "de-DE".
    #[serde(default)]
    pub locale: Option<String>,
    /// Device class.
    #[serde(default)]
    pub device: Option<Device>,
    /// Referrer class.
    #[serde(default)]
    pub referrer: Option<Referrer>,
    /// Overrides the catalog's time zone (minutes east of UTC).
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
    /// Campaigns already shown elsewhere on this page (one campaign per page).
    #[serde(default)]
    pub exclude_campaigns: Vec<String>,
}

impl Context {
    /// The time zone in force: the context's, else the catalog's.
    pub fn utc_offset(&self, catalog: &Catalog) -> i32 {
        self.utc_offset_minutes
            .unwrap_or(catalog.utc_offset_minutes)
    }
}

/// Reads features for rules: context always, the profile only when personalization is allowed
/// (`profile: None` makes every profile feature [`ValueRef::Missing`]).
pub struct Features<'a> {
    /// The page context.
    pub context: &'a Context,
    /// The profile, when it may be used.
    pub profile: Option<&'a Profile>,
    /// Profile settings (decay half-lives).
    pub config: &'a ProfileConfig,
    /// The catalog (time zone, beacons).
    pub catalog: &'a Catalog,
}

fn text(s: Option<&str>) -> ValueRef<'_> {
    s.map_or(ValueRef::Missing, ValueRef::Text)
}

fn list<'s>(items: impl IntoIterator<Item = &'s str>) -> ValueRef<'s> {
    ValueRef::List(items.into_iter().collect())
}

impl FeatureSource for Features<'_> {
    fn value(&self, feature: &Feature) -> ValueRef<'_> {
        self.get(feature)
    }
}

impl<'a> Features<'a> {
    /// The value of `feature`, borrowing from the context, profile and catalog.
    pub fn get(&self, feature: &Feature) -> ValueRef<'a> {
        let ctx = self.context;
        let local = || LocalTime::new(ctx.now, ctx.utc_offset(self.catalog));
        match feature {
            Feature::PageType => text(ctx.page_type.map(PageType::as_str)),
            Feature::PageCategory => text(ctx.category.as_deref()),
            Feature::PageProduct => text(ctx.product.as_deref()),
            Feature::Locale => text(ctx.locale.as_deref()),
            Feature::Device => text(ctx.device.map(|d| match d {
                Device::Mobile => "mobile",
                Device::Tablet => "tablet",
                Device::Desktop => "desktop",
            })),
            Feature::Referrer => text(ctx.referrer.map(|r| match r {
                Referrer::Direct => "direct",
                Referrer::Search => "search",
                Referrer::Social => "social",
                Referrer::Email => "email",
                Referrer::Ads => "ads",
                Referrer::Internal => "internal",
                Referrer::Other => "other",
            })),
            Feature::Hour => ValueRef::Number(f64::from(local().hour())),
            Feature::Weekday => ValueRef::Text(local().weekday.as_str()),
            personal => self
                .profile
                .map_or(ValueRef::Missing, |p| self.personal(p, personal)),
        }
    }

    fn personal(&self, p: &'a Profile, feature: &Feature) -> ValueRef<'a> {
        let (now, cfg) = (self.context.now, self.config);
        let top = |dim| {
            p.top(dim, 1, now, cfg)
                .first()
                .map_or(ValueRef::Missing, |(k, _)| ValueRef::Text(k))
        };
        let days_since = |at: Option<Millis>| {
            at.map_or(ValueRef::Missing, |t| {
                ValueRef::Number(((now - t).max(0) / DAY_MS) as f64)
            })
        };
        let known = |beacons: Vec<&'a str>| {
            list(
                beacons
                    .into_iter()
                    .filter(|b| self.catalog.beacons.iter().any(|c| c.id == *b)),
            )
        };
        match feature {
            Feature::Intent => ValueRef::Text(p.intent(now, cfg).as_str()),
            Feature::Engagement => ValueRef::Number(p.engagement(now, cfg)),
            Feature::Affinity(dim, key) => ValueRef::Number(p.affinity(*dim, key, now, cfg)),
            Feature::TopCategory => top(Dimension::Category),
            Feature::TopBrand => top(Dimension::Brand),
            Feature::CartItems => ValueRef::Number(f64::from(p.cart().item_count())),
            Feature::CartValue => ValueRef::Number(p.cart().value()),
            Feature::CartCategories => list(p.cart().categories()),
            Feature::CartProducts => list(p.cart().product_ids()),
            Feature::Purchases => ValueRef::Number(f64::from(p.purchases())),
            Feature::DaysSincePurchase => days_since(p.last_purchase_at()),
            Feature::PurchasedProducts => list(p.recent_purchases().map(|(id, _)| id)),
            Feature::DaysSinceProductPurchase(product) => days_since(p.purchased_at(product)),
            Feature::Monetary => ValueRef::Number(p.monetary()),
            Feature::Sessions => ValueRef::Number(f64::from(p.sessions())),
            Feature::SessionPageViews => ValueRef::Number(f64::from(p.session_page_views())),
            Feature::NewShopper => ValueRef::Flag(p.sessions() <= 1),
            Feature::SearchTerms => list(p.recent_search_terms()),
            Feature::BeaconNear => known(p.beacons_present(now)),
            Feature::BeaconVisited => known(p.beacons_visited_within(now, DAY_MS)),
            Feature::PurchasedCategories => list(p.purchased_categories()),
            Feature::ReorderDue | Feature::ReorderSoon => {
                let due = matches!(feature, Feature::ReorderDue);
                let ranking = p.reorder_ranking(now, &ReorderConfig::default());
                list(
                    ranking
                        .iter()
                        .filter(|r| if due { r.due } else { r.soon })
                        .map(|r| r.product),
                )
            }
            Feature::Lifecycle => {
                ValueRef::Text(p.lifecycle(now, &self.catalog.lifecycle).as_str())
            }
            Feature::SurveyScore(survey) => p
                .answer(survey)
                .map_or(ValueRef::Missing, |a| ValueRef::Number(f64::from(a.score))),
            Feature::NpsGroup => text(p.nps_group()),
            // Context features are answered by `value`.
            _ => ValueRef::Missing,
        }
    }
}
