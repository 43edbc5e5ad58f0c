//! The body of a compiled catalog: flat shapes that postcard encodes, with serde derives kept
//! off the public model. Field and variant order *is* the format: change it only together with
//! [`super::FORMAT_VERSION`].
//!
//! Strings borrow from the bytes (decoding copies only what the model keeps); every list is
//! [`Bounded`]; rules are node lists ([`NodeWire`], post-order), so nothing here is recursive.
//! Offers are nested in their campaign, so campaign indices and offer ranges are implied by the
//! layout rather than stored. Enums carry only the variants a valid catalog can hold.

use crate::engine::prelude::*;

use serde::{Deserialize, Serialize};

use super::bounded::Bounded;
use super::rules::MAX_WIRE_RULE_NODES;
use crate::engine::beacon::BeaconId;
use crate::engine::catalog::limits::{
    MAX_BEACONS, MAX_CAMPAIGNS, MAX_COMPLEMENTS, MAX_LIST_LEN, MAX_OFFERS,
};
use crate::engine::clock::Weekday;
use crate::engine::profile::Dimension;
use crate::engine::survey::Scale;
use crate::engine::targeting::Feature;

/// A list of ids or texts (slots, tags, `in` values, ...).
pub type Texts<'a> = Bounded<&'a str, MAX_LIST_LEN>;

/// A rule: its nodes in post-order (children before their parent).
pub type RuleWire<'a> = Bounded<NodeWire<'a>, MAX_WIRE_RULE_NODES>;

/// The whole catalog. The beacons come before the campaigns: `decode_beacons` (the beacon
/// module's reader) stops after them.
#[derive(Serialize, Deserialize)]
pub struct CatalogWire<'a> {
    pub version: &'a str,
    pub utc_offset_minutes: i32,
    #[serde(borrow)]
    pub holdout: Option<HoldoutWire<'a>>,
    #[serde(borrow)]
    pub beacons: Bounded<BeaconWire<'a>, MAX_BEACONS>,
    /// How many offers the campaigns hold in all (format 2): the decoder reserves the offer
    /// list once, so wasm memory (which never shrinks) does not grow by doubling it.
    pub offer_count: u32,
    #[serde(borrow)]
    pub campaigns: Bounded<CampaignWire<'a>, MAX_CAMPAIGNS>,
    pub relevance_gain: f64,
    pub suppress_purchased_ms: i64,
    /// The lifecycle thresholds (format 4): loyal orders, at-risk days, lapsed days, at-risk
    /// factor, lapsed factor.
    pub lifecycle: (u32, f64, f64, f64, f64),
    /// The fatigue budget (format 4): per session, per day, dismissals per session (0: no
    /// limit), the priority from which campaigns are exempt.
    pub fatigue: (u32, u32, u32, i32),
    /// The offer templates (format 4): `(offer index in catalog order, template)`.
    pub templates: Bounded<(u32, TemplateWire), MAX_OFFERS>,
    /// The `complements` section (format 4), sorted by product id.
    #[serde(borrow)]
    pub complements: Bounded<(&'a str, Texts<'a>), MAX_COMPLEMENTS>,
    /// After a survey answer, how long no other survey asks (format 4).
    pub survey_cooldown_ms: i64,
    /// The survey offers (format 4): `(offer index in catalog order, survey)`.
    #[serde(borrow)]
    pub surveys: Bounded<(u32, SurveyWire<'a>), MAX_OFFERS>,
}

/// [`Survey`](crate::engine::catalog::Survey).
#[derive(Serialize, Deserialize)]
pub struct SurveyWire<'a> {
    pub id: &'a str,
    pub scale: Scale,
    pub thanks: &'a str,
}

/// [`Template`](crate::engine::catalog::Template).
#[derive(Clone, Copy, Serialize, Deserialize)]
pub enum TemplateWire {
    BuyAgain,
    RecentlyViewed,
    Complements,
}

/// Holdout settings.
#[derive(Serialize, Deserialize)]
pub struct HoldoutWire<'a> {
    pub share: f64,
    pub salt: &'a str,
}

/// A beacon.
#[derive(Serialize, Deserialize)]
pub struct BeaconWire<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub frame: FrameWire,
    pub at_zone: ZoneWire,
    pub company_id: Option<u16>,
}

/// A beacon's advertised identity ([`BeaconId`]).
#[derive(Serialize, Deserialize)]
pub enum FrameWire {
    IBeacon {
        uuid: [u8; 16],
        major: u16,
        minor: u16,
    },
    AltBeacon {
        id: [u8; 20],
    },
    Eddystone {
        namespace: [u8; 10],
        instance: [u8; 6],
    },
}

/// The zones that can count as "at" a beacon.
#[derive(Serialize, Deserialize)]
pub enum ZoneWire {
    Immediate,
    Near,
}

/// A campaign with its offers.
#[derive(Serialize, Deserialize)]
pub struct CampaignWire<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub priority: i32,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub weekdays: Bounded<WeekdayWire, MAX_LIST_LEN>,
    /// Day-parts as minutes of the day, `(from, to)`.
    pub hours: Bounded<(u16, u16), MAX_LIST_LEN>,
    #[serde(borrow)]
    pub target: Option<RuleWire<'a>>,
    pub caps: CapsWire,
    #[serde(borrow)]
    pub offers: Bounded<OfferWire<'a>, MAX_OFFERS>,
}

/// A weekday.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub enum WeekdayWire {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl WeekdayWire {
    /// Every variant, in variant order.
    pub const ALL: [WeekdayWire; 7] = [
        WeekdayWire::Mon,
        WeekdayWire::Tue,
        WeekdayWire::Wed,
        WeekdayWire::Thu,
        WeekdayWire::Fri,
        WeekdayWire::Sat,
        WeekdayWire::Sun,
    ];
}

/// Frequency caps.
#[derive(Serialize, Deserialize)]
pub struct CapsWire {
    pub per_session: Option<u32>,
    pub per_day: Option<u32>,
    pub per_week: Option<u32>,
    pub lifetime: Option<u32>,
    pub min_spacing_ms: Option<i64>,
    pub dismiss_cooldown_ms: Option<i64>,
}

/// An offer.
#[derive(Serialize, Deserialize)]
pub struct OfferWire<'a> {
    pub id: &'a str,
    #[serde(borrow)]
    pub slots: Texts<'a>,
    pub title: &'a str,
    pub body: Option<&'a str>,
    #[serde(borrow)]
    pub image: Option<ImageWire<'a>>,
    pub link: Option<&'a str>,
    pub cta: Option<&'a str>,
    #[serde(borrow)]
    pub tags: Texts<'a>,
    #[serde(borrow)]
    pub categories: Texts<'a>,
    #[serde(borrow)]
    pub brands: Texts<'a>,
    #[serde(borrow)]
    pub products: Texts<'a>,
    pub weight: f64,
    #[serde(borrow)]
    pub target: Option<RuleWire<'a>>,
    pub caps: CapsWire,
    pub prior_alpha: f64,
    pub prior_beta: f64,
}

/// A banner image.
#[derive(Serialize, Deserialize)]
pub struct ImageWire<'a> {
    pub url: &'a str,
    pub alt: &'a str,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// One rule node. `All` and `Any` take the given number of preceding subtrees, `Not` one.
#[derive(Serialize, Deserialize)]
pub enum NodeWire<'a> {
    All(u16),
    Any(u16),
    Not,
    #[serde(borrow)]
    Compare(CompareWire<'a>),
}

/// `feature <op> value`.
#[derive(Serialize, Deserialize)]
pub struct CompareWire<'a> {
    #[serde(borrow)]
    pub feature: FeatureWire<'a>,
    #[serde(borrow)]
    pub op: OpWire<'a>,
}

/// A comparison operator with its typed literal; `ne` exists only around `eq`, as validation
/// builds it.
#[derive(Serialize, Deserialize)]
pub enum OpWire<'a> {
    EqNumber(f64),
    EqText(&'a str),
    EqFlag(bool),
    NeNumber(f64),
    NeText(&'a str),
    NeFlag(bool),
    Gt(f64),
    Gte(f64),
    Lt(f64),
    Lte(f64),
    #[serde(borrow)]
    In(Texts<'a>),
    Contains(&'a str),
    Exists(bool),
}

/// The dimension of an affinity feature.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub enum DimensionWire {
    Category,
    Brand,
    Tag,
    SearchTerm,
}

impl DimensionWire {
    /// Every variant, in variant order.
    pub const ALL: [DimensionWire; 4] = [
        DimensionWire::Category,
        DimensionWire::Brand,
        DimensionWire::Tag,
        DimensionWire::SearchTerm,
    ];
}

/// Generates [`FeatureWire`] with one variant per simple [`Feature`], and both conversions.
/// Features added after format 2 come after `Affinity`, so format 2's tags keep their meaning.
macro_rules! feature_wire {
    ($($name:ident,)*) => {
        /// A feature: a simple one, or an affinity with its dimension and key; then (format 3)
        /// the purchased products and the days since one product's (or category's) purchase;
        /// then (format 4) the purchased categories, the reorder lists, the lifecycle stage, a
        /// survey's score and the NPS group.
        #[derive(Clone, Copy, Serialize, Deserialize)]
        pub enum FeatureWire<'a> {
            $($name,)*
            Affinity(DimensionWire, &'a str),
            PurchasedProducts,
            DaysSinceProductPurchase(&'a str),
            PurchasedCategories,
            ReorderDue,
            ReorderSoon,
            Lifecycle,
            SurveyScore(&'a str),
            NpsGroup,
        }

        impl FeatureWire<'static> {
            /// The variants without data up to format 2, in variant order (then comes `Affinity`).
            pub const SIMPLE: &'static [FeatureWire<'static>] = &[$(FeatureWire::$name,)*];
        }

        impl<'a> From<&'a Feature> for FeatureWire<'a> {
            fn from(feature: &'a Feature) -> Self {
                match feature {
                    $(Feature::$name => FeatureWire::$name,)*
                    Feature::Affinity(dim, key) => FeatureWire::Affinity((*dim).into(), key),
                    Feature::PurchasedProducts => FeatureWire::PurchasedProducts,
                    Feature::DaysSinceProductPurchase(product) => {
                        FeatureWire::DaysSinceProductPurchase(product)
                    }
                    Feature::PurchasedCategories => FeatureWire::PurchasedCategories,
                    Feature::ReorderDue => FeatureWire::ReorderDue,
                    Feature::ReorderSoon => FeatureWire::ReorderSoon,
                    Feature::Lifecycle => FeatureWire::Lifecycle,
                    Feature::SurveyScore(survey) => FeatureWire::SurveyScore(survey),
                    Feature::NpsGroup => FeatureWire::NpsGroup,
                }
            }
        }

        impl From<&FeatureWire<'_>> for Feature {
            fn from(feature: &FeatureWire<'_>) -> Self {
                match feature {
                    $(FeatureWire::$name => Feature::$name,)*
                    FeatureWire::Affinity(dim, key) => {
                        Feature::Affinity((*dim).into(), (*key).to_owned())
                    }
                    FeatureWire::PurchasedProducts => Feature::PurchasedProducts,
                    FeatureWire::DaysSinceProductPurchase(product) => {
                        Feature::DaysSinceProductPurchase((*product).to_owned())
                    }
                    FeatureWire::PurchasedCategories => Feature::PurchasedCategories,
                    FeatureWire::ReorderDue => Feature::ReorderDue,
                    FeatureWire::ReorderSoon => Feature::ReorderSoon,
                    FeatureWire::Lifecycle => Feature::Lifecycle,
                    FeatureWire::SurveyScore(survey) => Feature::SurveyScore((*survey).to_owned()),
                    FeatureWire::NpsGroup => Feature::NpsGroup,
                }
            }
        }
    };
}

feature_wire! {
    PageType, PageCategory, PageProduct, Locale, Device, Referrer, Hour, Weekday, Intent,
    Engagement, TopCategory, TopBrand, CartItems, CartValue, CartCategories, CartProducts,
    Purchases, DaysSincePurchase, Monetary, Sessions, SessionPageViews, NewShopper, SearchTerms,
    BeaconNear, BeaconVisited,
}

/// Generates `From` both ways between a fieldless model enum and its wire twin.
macro_rules! mirror_enum {
    ($model:ident, $wire:ident, [$($variant:ident),*]) => {
        impl From<$model> for $wire {
            fn from(value: $model) -> Self {
                match value {
                    $($model::$variant => $wire::$variant,)*
                }
            }
        }

        impl From<$wire> for $model {
            fn from(value: $wire) -> Self {
                match value {
                    $($wire::$variant => $model::$variant,)*
                }
            }
        }
    };
}

mirror_enum!(Weekday, WeekdayWire, [Mon, Tue, Wed, Thu, Fri, Sat, Sun]);
mirror_enum!(Dimension, DimensionWire, [Category, Brand, Tag, SearchTerm]);

impl From<&BeaconId> for FrameWire {
    fn from(frame: &BeaconId) -> Self {
        match *frame {
            BeaconId::IBeacon { uuid, major, minor } => FrameWire::IBeacon { uuid, major, minor },
            BeaconId::AltBeacon { id } => FrameWire::AltBeacon { id },
            BeaconId::Eddystone {
                namespace,
                instance,
            } => FrameWire::Eddystone {
                namespace,
                instance,
            },
        }
    }
}

impl From<&FrameWire> for BeaconId {
    fn from(frame: &FrameWire) -> Self {
        match *frame {
            FrameWire::IBeacon { uuid, major, minor } => BeaconId::IBeacon { uuid, major, minor },
            FrameWire::AltBeacon { id } => BeaconId::AltBeacon { id },
            FrameWire::Eddystone {
                namespace,
                instance,
            } => BeaconId::Eddystone {
                namespace,
                instance,
            },
        }
    }
}
