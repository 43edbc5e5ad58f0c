//! The named features rules can read: page context and the local profile.
//!
//! Every name is resolved when the catalog is validated, so an unknown feature or a comparison
//! that cannot fit its type is a catalog error, never a runtime surprise.

use crate::engine::prelude::*;

use crate::engine::math;

use crate::engine::profile::Dimension;

/// The type of a feature's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number.
    Number,
    /// A text.
    Text,
    /// true / false.
    Flag,
    /// A list of texts.
    List,
}

/// The values a number feature can take: from `min` to `max` (inclusive; `max` may be
/// infinite), whole numbers only when `whole`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The smallest value.
    pub min: f64,
    /// The largest value (infinite: no bound).
    pub max: f64,
    /// Only whole numbers (counts, the hour, whole days).
    pub whole: bool,
}

impl Range {
    /// Whether some value `x` of this range has `x op n` (`op`: `eq`, `gt`, `gte`, `lt`, `lte`).
    pub fn can_satisfy(&self, op: &str, n: f64) -> bool {
        match op {
            "eq" => n >= self.min && n <= self.max && (!self.whole || math::fract(n) == 0.0),
            // Over whole numbers, `x > n` holds from floor(n) + 1 on, `x < n` up to ceil(n) - 1.
            "gt" if self.whole => math::floor(n) + 1.0 <= self.max,
            "gt" => n < self.max,
            "gte" => n <= self.max,
            "lt" if self.whole => math::ceil(n) - 1.0 >= self.min,
            "lt" => n > self.min,
            "lte" => n >= self.min,
            _ => true,
        }
    }

    /// The range in words: "a whole number from 0 to 23", "a number of at least 0".
    pub fn describe(&self) -> String {
        let kind = if self.whole {
            "a whole number"
        } else {
            "a number"
        };
        if self.max.is_finite() {
            format!("{kind} from {} to {}", self.min, self.max)
        } else {
            format!("{kind} of at least {}", self.min)
        }
    }
}

/// A feature a rule can read.
#[derive(Debug, Clone, PartialEq)]
pub enum Feature {
    /// `page.type`: home, category, product, search, cart, checkout, other.
    PageType,
    /// `page.category`: the category id of the current page.
    PageCategory,
    /// `page.product`: the product id of the current page.
    PageProduct,
    /// `locale`: e.g. "de-DE".
    Locale,
    /// `device`: mobile, tablet, desktop.
    Device,
    /// `referrer`: direct, search, social, email, ads, internal, other.
    Referrer,
    /// `hour`: 0..23 in the shop's time zone.
    Hour,
    /// `weekday`: mon..sun in the shop's time zone.
    Weekday,
    /// `intent`: cold, warm, hot, from recent engagement.
    Intent,
    /// `engagement`: the decayed engagement score behind intent.
    Engagement,
    /// `affinity.<category|brand|tag|search>.<key>`: the key's share (0..1) of that interest.
    Affinity(Dimension, String),
    /// `top.category`: the strongest category interest.
    TopCategory,
    /// `top.brand`: the strongest brand interest.
    TopBrand,
    /// `cart.items`: number of items in the cart.
    CartItems,
    /// `cart.value`: cart value in the shop's currency.
    CartValue,
    /// `cart.categories`: categories of the products in the cart.
    CartCategories,
    /// `cart.products`: product ids in the cart.
    CartProducts,
    /// `purchases`: orders placed.
    Purchases,
    /// `days_since_purchase`: whole days since the last order (absent if none).
    DaysSincePurchase,
    /// `monetary`: total spent.
    Monetary,
    /// `sessions`: browsing sessions so far.
    Sessions,
    /// `session.page_views`: pages viewed in this session.
    SessionPageViews,
    /// `new_shopper`: true during the first session.
    NewShopper,
    /// `search.terms`: recent normalised search terms.
    SearchTerms,
    /// `beacon.near`: catalog beacons the shopper is at now.
    BeaconNear,
    /// `beacon.visited`: catalog beacons visited in the last 24 hours.
    BeaconVisited,
    /// `purchased.products`: the products the shopper bought (the most recent
    /// [`MAX_RECENT_PURCHASES`](crate::engine::profile::MAX_RECENT_PURCHASES), within retention).
    PurchasedProducts,
    /// `days_since_purchase.<product or category>`: whole days since the shopper last bought
    /// the product, or else a product of the category (absent if neither is among their
    /// purchases).
    DaysSinceProductPurchase(String),
    /// `purchased.categories`: the categories of the products the shopper bought.
    PurchasedCategories,
    /// `reorder.due`: bought products whose expected next purchase has come, most likely to be
    /// bought next first.
    ReorderDue,
    /// `reorder.soon`: bought products whose expected next purchase is near, most likely first.
    ReorderSoon,
    /// `lifecycle`: new, returning, first_order, repeat, loyal, at_risk, lapsed.
    Lifecycle,
    /// `survey.<id>.score`: the shopper's answer to survey `<id>` (absent until they answer).
    SurveyScore(String),
    /// `nps_group`: detractor, passive or promoter, from the shopper's latest answer on the NPS
    /// scale (absent if none).
    NpsGroup,
}

/// Page types, devices, referrers, weekdays and intents that `eq`, `ne` and `in` may compare with.
pub const PAGE_TYPES: &[&str] = &[
    "home", "category", "product", "search", "cart", "checkout", "other",
];
/// Device classes.
pub const DEVICES: &[&str] = &["mobile", "tablet", "desktop"];
/// Referrer classes.
pub const REFERRERS: &[&str] = &[
    "direct", "search", "social", "email", "ads", "internal", "other",
];
/// Weekday names.
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Intent temperatures.
pub const INTENTS: &[&str] = &["cold", "warm", "hot"];
/// Lifecycle stages.
pub const LIFECYCLE_STAGES: &[&str] = &crate::engine::profile::lifecycle::STAGE_NAMES;
/// NPS groups.
pub const NPS_GROUPS: &[&str] = &crate::engine::survey::NPS_GROUPS;

const SIMPLE: &[(&str, Feature)] = &[
    ("page.type", Feature::PageType),
    ("page.category", Feature::PageCategory),
    ("page.product", Feature::PageProduct),
    ("locale", Feature::Locale),
    ("device", Feature::Device),
    ("referrer", Feature::Referrer),
    ("hour", Feature::Hour),
    ("weekday", Feature::Weekday),
    ("intent", Feature::Intent),
    ("engagement", Feature::Engagement),
    ("top.category", Feature::TopCategory),
    ("top.brand", Feature::TopBrand),
    ("cart.items", Feature::CartItems),
    ("cart.value", Feature::CartValue),
    ("cart.categories", Feature::CartCategories),
    ("cart.products", Feature::CartProducts),
    ("purchases", Feature::Purchases),
    ("days_since_purchase", Feature::DaysSincePurchase),
    ("monetary", Feature::Monetary),
    ("sessions", Feature::Sessions),
    ("session.page_views", Feature::SessionPageViews),
    ("new_shopper", Feature::NewShopper),
    ("search.terms", Feature::SearchTerms),
    ("beacon.near", Feature::BeaconNear),
    ("beacon.visited", Feature::BeaconVisited),
    ("purchased.products", Feature::PurchasedProducts),
    ("purchased.categories", Feature::PurchasedCategories),
    ("reorder.due", Feature::ReorderDue),
    ("reorder.soon", Feature::ReorderSoon),
    ("lifecycle", Feature::Lifecycle),
    ("nps_group", Feature::NpsGroup),
];

/// What to tell a catalog author who used an unknown name.
pub const FEATURE_HINT: &str =
    "see docs/catalog.md#features for the list (e.g. intent, page.type, \
    cart.items, affinity.category.<id>, beacon.near)";

impl Feature {
    /// Resolves a feature name as written in a catalog.
    pub fn parse(name: &str) -> Option<Feature> {
        if let Some(rest) = name.strip_prefix("affinity.") {
            let (dim, key) = rest.split_once('.')?;
            let dim = match dim {
                "category" => Dimension::Category,
                "brand" => Dimension::Brand,
                "tag" => Dimension::Tag,
                "search" => Dimension::SearchTerm,
                _ => return None,
            };
            return (!key.is_empty()).then(|| Feature::Affinity(dim, key.to_owned()));
        }
        if let Some(product) = name.strip_prefix("days_since_purchase.") {
            return (!product.is_empty())
                .then(|| Feature::DaysSinceProductPurchase(product.to_owned()));
        }
        if let Some(survey) = name
            .strip_prefix("survey.")
            .and_then(|rest| rest.strip_suffix(".score"))
        {
            return (!survey.is_empty()).then(|| Feature::SurveyScore(survey.to_owned()));
        }
        SIMPLE
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f.clone())
    }

    /// The value type.
    pub fn kind(&self) -> Kind {
        use Feature::*;
        match self {
            PageType | PageCategory | PageProduct | Locale | Device | Referrer | Weekday
            | Intent | TopCategory | TopBrand | Lifecycle | NpsGroup => Kind::Text,
            Hour
            | Engagement
            | Affinity(..)
            | CartItems
            | CartValue
            | Purchases
            | DaysSincePurchase
            | DaysSinceProductPurchase(_)
            | Monetary
            | Sessions
            | SessionPageViews
            | SurveyScore(_) => Kind::Number,
            NewShopper => Kind::Flag,
            CartCategories | CartProducts | SearchTerms | BeaconNear | BeaconVisited
            | PurchasedProducts | PurchasedCategories | ReorderDue | ReorderSoon => Kind::List,
        }
    }

    /// The closed set of values a text feature can take, if it has one.
    pub fn allowed_values(&self) -> Option<&'static [&'static str]> {
        match self {
            Feature::PageType => Some(PAGE_TYPES),
            Feature::Device => Some(DEVICES),
            Feature::Referrer => Some(REFERRERS),
            Feature::Weekday => Some(WEEKDAYS),
            Feature::Intent => Some(INTENTS),
            Feature::Lifecycle => Some(LIFECYCLE_STAGES),
            Feature::NpsGroup => Some(NPS_GROUPS),
            _ => None,
        }
    }

    /// The values a number feature can take (`None` for the other kinds), so that a
    /// comparison no value can satisfy (`hour >= 30`) is refused when the catalog is validated.
    pub fn range(&self) -> Option<Range> {
        use Feature::*;
        let (min, max, whole) = match self {
            Hour => (0.0, 23.0, true),
            Affinity(..) => (0.0, 1.0, false),
            SurveyScore(_) => (0.0, 10.0, true),
            CartItems
            | Purchases
            | DaysSincePurchase
            | DaysSinceProductPurchase(_)
            | Sessions
            | SessionPageViews => (0.0, f64::INFINITY, true),
            Engagement | CartValue | Monetary => (0.0, f64::INFINITY, false),
            _ => return None,
        };
        Some(Range { min, max, whole })
    }

    /// True when the value comes from the shopper's profile (personal data). Holdout devices
    /// and shoppers who declined personalization are decided on context features only.
    pub fn is_personal(&self) -> bool {
        !matches!(
            self,
            Feature::PageType
                | Feature::PageCategory
                | Feature::PageProduct
                | Feature::Locale
                | Feature::Device
                | Feature::Referrer
                | Feature::Hour
                | Feature::Weekday
        )
    }

    /// The name as written in catalogs.
    pub fn name(&self) -> String {
        let (prefix, key, suffix) = match self {
            Feature::Affinity(dim, key) => (
                match dim {
                    Dimension::Category => "affinity.category.",
                    Dimension::Brand => "affinity.brand.",
                    Dimension::Tag => "affinity.tag.",
                    Dimension::SearchTerm => "affinity.search.",
                },
                key,
                "",
            ),
            Feature::DaysSinceProductPurchase(key) => ("days_since_purchase.", key, ""),
            Feature::SurveyScore(survey) => ("survey.", survey, ".score"),
            _ => {
                return SIMPLE
                    .iter()
                    .find(|(_, f)| f == self)
                    .map_or_else(String::new, |(n, _)| (*n).to_owned())
            }
        };
        let mut name = String::with_capacity(prefix.len() + key.len() + suffix.len());
        for part in [prefix, key, suffix] {
            name.push_str(part);
        }
        name
    }
}
