//! The named features rules can read: page context and the local profile.
//!
//! Every name is resolved when the catalog is validated, so an unknown feature or a comparison
//! that cannot fit its type is a catalog error, never a runtime surprise.

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
            | Intent | TopCategory | TopBrand => Kind::Text,
            Hour | Engagement | Affinity(..) | CartItems | CartValue | Purchases
            | DaysSincePurchase | Monetary | Sessions | SessionPageViews => Kind::Number,
            NewShopper => Kind::Flag,
            CartCategories | CartProducts | SearchTerms | BeaconNear | BeaconVisited => Kind::List,
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
            _ => None,
        }
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
        if let Feature::Affinity(dim, key) = self {
            let dim = match dim {
                Dimension::Category => "category",
                Dimension::Brand => "brand",
                Dimension::Tag => "tag",
                Dimension::SearchTerm => "search",
            };
            return ["affinity.", dim, ".", key].concat();
        }
        SIMPLE
            .iter()
            .find(|(_, f)| f == self)
            .map_or_else(String::new, |(n, _)| (*n).to_owned())
    }
}
