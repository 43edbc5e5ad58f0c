//! The validated catalog: what the decision engine reads. Built only by [`super::Catalog::from_json`],
//! so every value here has passed validation.

use crate::engine::prelude::*;

use serde::{Deserialize, Serialize};

use crate::engine::beacon::{BeaconId, Zone};
use crate::engine::clock::{LocalTime, Weekday};
use crate::engine::events::Millis;
use crate::engine::profile::lifecycle::LifecycleThresholds;
pub use crate::engine::survey::Scale;
use crate::engine::targeting::Rule;

/// A validated campaign catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// The shop's label for this edition.
    pub version: String,
    /// Shop time zone, minutes east of UTC.
    pub utc_offset_minutes: i32,
    /// Holdout group settings (none: nobody is held out).
    pub holdout: Option<Holdout>,
    /// Declared beacons.
    pub beacons: Vec<Beacon>,
    /// Campaigns, in catalog order.
    pub campaigns: Vec<Campaign>,
    /// Every offer, in catalog order; `Offer::campaign` indexes `campaigns`.
    pub offers: Vec<Offer>,
    /// How strongly relevance boosts a score.
    pub relevance_gain: f64,
    /// How long offers for a purchased product stay suppressed.
    pub suppress_purchased_ms: Millis,
    /// Where the `lifecycle` feature's stages begin.
    pub lifecycle: LifecycleThresholds,
    /// The shop-wide fatigue budget.
    pub fatigue: Fatigue,
    /// Product id -> the products that go with it (the `complements` template), sorted by
    /// product id, each id once.
    pub complements: Vec<(String, Vec<String>)>,
    /// After the shopper answers a survey, how long no other survey asks them.
    pub survey_cooldown_ms: Millis,
}

impl Catalog {
    /// The products that go with product `id`, best first (none when the catalog lists none).
    pub fn complements_of(&self, id: &str) -> &[String] {
        self.complements
            .binary_search_by(|(p, _)| p.as_str().cmp(id))
            .map_or(&[], |i| &self.complements[i].1)
    }
}

/// Where an offer template takes its product from: one the shopper bought, viewed, or one
/// that goes with their cart. The product's name, link and picture fill the creative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// The bought product most likely to be bought next (the `reorder` ranking).
    BuyAgain,
    /// The product whose page the shopper viewed most recently.
    RecentlyViewed,
    /// A product the catalog's `complements` lists for one in the cart (the latest added first).
    Complements,
}

impl Template {
    /// Every template, in declaration order (the wire's variant order).
    pub const ALL: [Template; 3] = [
        Template::BuyAgain,
        Template::RecentlyViewed,
        Template::Complements,
    ];
}

/// A one-tap survey: the offer's banner asks its title and is answered inline with the
/// scale's buttons; the answer stays on the device.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// The survey's id (`survey.<id>.score` in rules); offers may share one, e.g. per language.
    pub id: String,
    /// The buttons: 0 to 10 (`nps`), 1 to 5 (`csat`), thumbs down and up (`thumbs`).
    pub scale: Scale,
    /// What the banner says once answered.
    pub thanks: String,
}

/// The shop-wide fatigue budget: past it, a shopper sees untargeted offers only (and the
/// exempt campaigns), for the rest of the session or day. A limit of 0 is no limit (the
/// default: no budget).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fatigue {
    /// Banner impressions per session, all campaigns together.
    pub per_session: u32,
    /// Banner impressions per local day, all campaigns together.
    pub per_day: u32,
    /// Banners dismissed in a session after which only untargeted offers show in it.
    pub dismissals_per_session: u32,
    /// Campaigns of at least this priority (legal and safety notices) are exempt.
    pub exempt_priority: i32,
}

impl Fatigue {
    /// True when the budget has at least one limit.
    pub fn is_set(&self) -> bool {
        self.per_session > 0 || self.per_day > 0 || self.dismissals_per_session > 0
    }
}

/// Holdout group settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    /// Share of devices held out, 0..=0.5.
    pub share: f64,
    /// Salt for the assignment hash.
    pub salt: String,
}

/// An in-store beacon.
#[derive(Debug, Clone, PartialEq)]
pub struct Beacon {
    /// Id used by rules.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Advertised identity.
    pub frame: BeaconId,
    /// The zone that counts as "at" the beacon (immediate or near).
    pub at_zone: Zone,
    /// AltBeacon only: the company id its manufacturer data is filed under, when the catalog
    /// sets one (see [`Beacon::manufacturer_id`] for the default).
    pub company_id: Option<u16>,
}

/// Radius Networks' company id, which the AltBeacon spec's examples use: the default company
/// id of catalog AltBeacons.
pub const ALTBEACON_DEFAULT_COMPANY_ID: u16 = 0x0118;

impl Beacon {
    /// The company id whose manufacturer data carries this beacon's frame: the catalog's
    /// `company_id` (default [`ALTBEACON_DEFAULT_COMPANY_ID`]) for AltBeacon, Apple's 0x004C
    /// for iBeacon, `None` for Eddystone (service data). Web Bluetooth only hands a page the
    /// manufacturer data of company ids it asked for.
    pub fn manufacturer_id(&self) -> Option<u16> {
        match self.frame {
            BeaconId::AltBeacon { .. } => {
                Some(self.company_id.unwrap_or(ALTBEACON_DEFAULT_COMPANY_ID))
            }
            BeaconId::IBeacon { .. } => Some(crate::engine::beacon::frames::APPLE_COMPANY_ID),
            BeaconId::Eddystone { .. } => None,
        }
    }
}

/// A validated campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// Unique id.
    pub id: String,
    /// Human name (defaults to the id).
    pub name: String,
    /// Higher wins before any scoring.
    pub priority: i32,
    /// Start, inclusive.
    pub starts_at: Option<Millis>,
    /// End, exclusive.
    pub ends_at: Option<Millis>,
    /// Weekdays and day-parts.
    pub schedule: Schedule,
    /// Campaign rule (including its `near_beacon` shorthand).
    pub target: Option<Rule>,
    /// Caps counted over all the campaign's offers.
    pub caps: Caps,
    /// Its offers: a contiguous range of [`Catalog::offers`].
    pub offers: core::ops::Range<usize>,
}

impl Campaign {
    /// True when the campaign runs at `now` (its date range and schedule, in the given zone).
    pub fn is_live(&self, now: Millis, utc_offset_minutes: i32) -> bool {
        self.starts_at.is_none_or(|s| now >= s)
            && self.ends_at.is_none_or(|e| now < e)
            && self
                .schedule
                .allows(LocalTime::new(now, utc_offset_minutes))
    }
}

/// Weekdays and day-parts on the shop's wall clock.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schedule {
    /// Allowed weekdays; empty means all.
    pub weekdays: Vec<Weekday>,
    /// Allowed minute ranges `[from, to)` of the day; empty means all day. `from > to` wraps
    /// past midnight.
    pub hours: Vec<(u32, u32)>,
}

impl Schedule {
    /// True when `t` falls on an allowed weekday and inside an allowed day-part.
    pub fn allows(&self, t: LocalTime) -> bool {
        let day_ok = self.weekdays.is_empty() || self.weekdays.contains(&t.weekday);
        let m = t.minute_of_day;
        let hour_ok = self.hours.is_empty()
            || self.hours.iter().any(|&(from, to)| {
                if from <= to {
                    (from..to).contains(&m)
                } else {
                    m >= from || m < to
                }
            });
        day_ok && hour_ok
    }
}

/// Frequency caps. `None` means no cap of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Caps {
    /// Impressions per session.
    pub per_session: Option<u32>,
    /// Impressions per local day.
    pub per_day: Option<u32>,
    /// Impressions per local ISO week.
    pub per_week: Option<u32>,
    /// Impressions ever.
    pub lifetime: Option<u32>,
    /// Minimum time between impressions.
    pub min_spacing_ms: Option<Millis>,
    /// How long a dismissed offer stays away.
    pub dismiss_cooldown_ms: Option<Millis>,
}

/// Beta prior of an offer's click-through rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    /// Pseudo-clicks.
    pub alpha: f64,
    /// Pseudo-non-clicks.
    pub beta: f64,
}

/// A validated offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Unique id.
    pub id: String,
    /// Index into [`Catalog::campaigns`].
    pub campaign: usize,
    /// Slots it may fill.
    pub slots: Vec<String>,
    /// What is shown.
    pub creative: Creative,
    /// Tags for tag affinity.
    pub tags: Vec<String>,
    /// Categories for category affinity.
    pub categories: Vec<String>,
    /// Brands for brand affinity.
    pub brands: Vec<String>,
    /// Products it promotes (suppressed after purchase).
    pub products: Vec<String>,
    /// Campaign weight x offer weight.
    pub weight: f64,
    /// Offer rule.
    pub target: Option<Rule>,
    /// Offer caps (catalog defaults merged in).
    pub caps: Caps,
    /// Bandit prior.
    pub prior: Prior,
    /// Where its product comes from, if it is a template.
    pub template: Option<Template>,
    /// The survey its banner asks, if it is one (boxed: most offers are not surveys, and a
    /// catalog may hold 10,000 offers).
    pub survey: Option<Box<Survey>>,
}

/// The banner content, all plain text and checked URLs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Creative {
    /// Headline.
    pub title: String,
    /// Body text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Link target (https:, http: or relative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cta: Option<String>,
}

/// Where a template's creative names its product.
pub const PRODUCT_PLACEHOLDER: &str = "{product}";

impl Creative {
    /// This creative filled with a product (offer templates): `{product}` in the title, body,
    /// call to action and image text becomes its `name`, the link its `url`, and the image its
    /// `image` (described by the name, in the catalog image's size) when it has one. The shell
    /// fills creatives the same way (`shell/src/decisions.ts`; `tests/vectors/templates.json`
    /// holds both to it).
    pub fn filled(&self, name: &str, url: &str, image: Option<&str>) -> Creative {
        let fill = |text: &str| text.replace(PRODUCT_PLACEHOLDER, name);
        let catalog_image = self.image.as_ref();
        Creative {
            title: fill(&self.title),
            body: self.body.as_deref().map(fill),
            image: match image {
                Some(url) => Some(Image {
                    url: url.to_owned(),
                    alt: name.to_owned(),
                    width: catalog_image.and_then(|i| i.width),
                    height: catalog_image.and_then(|i| i.height),
                }),
                None => catalog_image.map(|i| Image {
                    alt: fill(&i.alt),
                    ..i.clone()
                }),
            },
            link: Some(url.to_owned()),
            cta: self.cta.as_deref().map(fill),
        }
    }
}

/// A banner image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// https:, http: or relative URL.
    pub url: String,
    /// Alternative text.
    pub alt: String,
    /// Width in CSS pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in CSS pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}
