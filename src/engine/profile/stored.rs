//! The stored form of a profile: a compact, versioned serde record for IndexedDB.
//!
//! * [`StoredProfile`] is the current layout (v2). [`Profile::to_stored`] writes it and
//!   [`Profile::from_stored`] reads it back, validating everything.
//! * [`StoredProfileV1`] is the first layout, still read and migrated: it kept every interest
//!   in one flat map keyed `"category:<id>"`, `"brand:<id>"` or `"tag:<id>"` (no search
//!   terms), a cart of bare quantities, and offer counters without session window or fatigue;
//!   it had no beacons and no recent-purchase list. Migration splits the interests by
//!   dimension and rebuilds recent purchases and search terms from the raw events v1 kept.
//! * [`StoredRecord`] is "any version": it deserializes from any self-describing format (the
//!   `v` field may appear anywhere) and [`Profile::from_record`] migrates and loads it. A newer
//!   version than this build knows gives [`ProfileError::UnsupportedVersion`].
//!   [`Profile::load`] and [`Profile::save`] wrap all this for any serde format.
//!
//! Loading never trusts the record: invalid ids, timestamps and amounts are dropped or
//! clamped, duplicates collapse (the later entry wins), raw events pass
//! [`sanitize_event`] (unreadable ones are skipped) and every bound of
//! the in-memory profile is enforced, keeping the strongest or newest entries. A corrupt or
//! hostile record can make a small profile, never an unbounded one or a panic.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::engine::events::{Event, EventKind, Millis};

use super::affinity::{AffinityMap, Dimension};
use super::beacons::BeaconVisit;
use super::buffer::Buf;
use super::cart::{Cart, CartLine};
use super::config::{
    HARD_MAX_RAW_EVENTS, MAX_BEACONS, MAX_CART_LINES, MAX_EVENT_COUNT, MAX_KEYS_PER_DIMENSION,
    MAX_LINE_QUANTITY, MAX_OFFERS, MAX_RECENT_PURCHASES,
};
use super::decay::{sanitize_amount, DecayedScore};
use super::offers::{OfferHistory, WindowCount};
use super::sanitize::{is_valid_id, is_valid_time, sanitize_event};
use super::search::{is_normalized_term, normalize_query, RecentTerms};
use super::Profile;

/// The layout version [`Profile::to_stored`] writes.
pub const CURRENT_VERSION: u32 = 2;

/// Why a stored profile could not be loaded. Every message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    /// The record's version is not one this build reads (`supported` is the newest it reads).
    UnsupportedVersion {
        /// The record's `v`.
        found: u32,
        /// [`CURRENT_VERSION`].
        supported: u32,
    },
    /// The record could not be decoded at all (not a map, no `v`, wrong types).
    Malformed {
        /// The decoder's explanation.
        reason: String,
    },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::UnsupportedVersion { found, supported } if found > supported => write!(
                f,
                "stored profile has version {found}, newer than the newest this build reads \
                 ({supported}): it was written by a newer Vitrine; update Vitrine, or delete \
                 the record and start a fresh profile"
            ),
            ProfileError::UnsupportedVersion { found, supported } if *found >= 1 => write!(
                f,
                "stored profile has the older version {found}: decode it as a StoredRecord \
                 (e.g. with Profile::load), which migrates it to version {supported}"
            ),
            ProfileError::UnsupportedVersion { found, .. } => write!(
                f,
                "stored profile has version {found}, which Vitrine never wrote: the record is \
                 corrupt; delete it and start a fresh profile"
            ),
            ProfileError::Malformed { reason } => write!(
                f,
                "stored profile could not be decoded ({reason}); delete the record and start \
                 a fresh profile"
            ),
        }
    }
}

impl std::error::Error for ProfileError {}

// ----- v2 ---------------------------------------------------------------------------------

/// The current stored layout (v2). Tuples are stored as arrays to keep records small;
/// timestamps are Unix milliseconds; amounts are on a 1e-6 grid. Missing fields (other than
/// `v`) load as empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredProfile {
    /// Layout version, [`CURRENT_VERSION`].
    pub v: u32,
    /// Interests per dimension.
    #[serde(default)]
    pub aff: StoredAffinities,
    /// Engagement: `[value at last update, last update]`.
    #[serde(default)]
    pub eng: (f64, Millis),
    /// Cart lines.
    #[serde(default)]
    pub cart: Vec<StoredCartLine>,
    /// Orders placed.
    #[serde(default)]
    pub orders: u32,
    /// The latest order.
    #[serde(default)]
    pub last_order: Option<Millis>,
    /// Total spent.
    #[serde(default)]
    pub spent: f64,
    /// Recently bought products: `[product id, latest purchase]`.
    #[serde(default)]
    pub bought: Vec<(String, Millis)>,
    /// Sessions so far.
    #[serde(default)]
    pub sessions: u32,
    /// Start of the current session.
    #[serde(default)]
    pub session_start: Option<Millis>,
    /// Page views in the current session.
    #[serde(default)]
    pub session_pages: u32,
    /// Earliest event seen.
    #[serde(default)]
    pub first_seen: Option<Millis>,
    /// Latest event seen.
    #[serde(default)]
    pub last_seen: Option<Millis>,
    /// Recent search terms, newest first: `[term, latest search]`.
    #[serde(default)]
    pub search: Vec<(String, Millis)>,
    /// Offer histories.
    #[serde(default)]
    pub offers: Vec<StoredOffer>,
    /// Beacons: `[beacon id, latest enter, latest exit]`.
    #[serde(default)]
    pub beacons: Vec<(String, Option<Millis>, Option<Millis>)>,
    /// Raw events, oldest first.
    #[serde(default, deserialize_with = "lenient_events")]
    pub events: Vec<Event>,
    /// Events folded in, lifetime.
    #[serde(default)]
    pub count: u64,
}

/// Interests per dimension: `[key, score at last update, last update]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoredAffinities {
    /// Categories.
    #[serde(default)]
    pub category: Vec<(String, f64, Millis)>,
    /// Brands.
    #[serde(default)]
    pub brand: Vec<(String, f64, Millis)>,
    /// Tags.
    #[serde(default)]
    pub tag: Vec<(String, f64, Millis)>,
    /// Normalised search terms.
    #[serde(default)]
    pub search: Vec<(String, f64, Millis)>,
}

/// One stored cart line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCartLine {
    /// Product id.
    pub id: String,
    /// Quantity.
    pub qty: u32,
    /// Category.
    #[serde(default)]
    pub category: Option<String>,
    /// Unit price.
    #[serde(default)]
    pub price: Option<f64>,
    /// Last change.
    pub at: Millis,
}

/// One stored offer history. Windows are `[window id, count]`, fatigue is `[value, at]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredOffer {
    /// Offer id.
    pub id: String,
    /// Impressions.
    #[serde(default)]
    pub imp: u32,
    /// Clicks.
    #[serde(default)]
    pub clk: u32,
    /// Dismissals.
    #[serde(default)]
    pub dis: u32,
    /// Latest impression.
    #[serde(default)]
    pub shown: Option<Millis>,
    /// Latest click.
    #[serde(default)]
    pub clicked: Option<Millis>,
    /// Latest dismissal.
    #[serde(default)]
    pub dismissed: Option<Millis>,
    /// Impressions in the latest session.
    #[serde(default)]
    pub session: (i64, u32),
    /// Impressions on the latest local day.
    #[serde(default)]
    pub day: (i64, u32),
    /// Impressions in the latest local ISO week.
    #[serde(default)]
    pub week: (i64, u32),
    /// Fatigue.
    #[serde(default)]
    pub fatigue: (f64, Millis),
}

// ----- v1 ---------------------------------------------------------------------------------

/// The first stored layout (v1), read for migration only.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoredProfileV1 {
    /// Layout version, 1.
    pub v: u32,
    /// All interests in one map: `"category:<id>"`, `"brand:<id>"`, `"tag:<id>"` ->
    /// `[score at last update, last update]`.
    #[serde(default)]
    pub affinities: BTreeMap<String, (f64, Millis)>,
    /// Engagement at its last update.
    #[serde(default)]
    pub engagement: f64,
    /// Last engagement update.
    #[serde(default)]
    pub engagement_at: Millis,
    /// Cart: product id -> quantity.
    #[serde(default)]
    pub cart: BTreeMap<String, u32>,
    /// Orders placed.
    #[serde(default)]
    pub purchases: u32,
    /// Latest order.
    #[serde(default)]
    pub last_purchase_at: Option<Millis>,
    /// Total spent.
    #[serde(default)]
    pub monetary: f64,
    /// Sessions so far.
    #[serde(default)]
    pub sessions: u32,
    /// Start of the current session.
    #[serde(default)]
    pub session_started_at: Option<Millis>,
    /// Latest event seen.
    #[serde(default)]
    pub last_seen_at: Option<Millis>,
    /// Offer histories by offer id.
    #[serde(default)]
    pub offers: BTreeMap<String, StoredOfferV1>,
    /// Raw events, oldest first.
    #[serde(default, deserialize_with = "lenient_events")]
    pub events: Vec<Event>,
}

/// A v1 offer history: no session window, no fatigue.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoredOfferV1 {
    /// Impressions.
    #[serde(default)]
    pub impressions: u32,
    /// Clicks.
    #[serde(default)]
    pub clicks: u32,
    /// Dismissals.
    #[serde(default)]
    pub dismissals: u32,
    /// Latest impression.
    #[serde(default)]
    pub last_shown_at: Option<Millis>,
    /// Latest click.
    #[serde(default)]
    pub last_clicked_at: Option<Millis>,
    /// Latest dismissal.
    #[serde(default)]
    pub last_dismissed_at: Option<Millis>,
    /// `[local day id, impressions that day]`.
    #[serde(default)]
    pub shown_today: (i64, u32),
    /// `[local week id, impressions that week]`.
    #[serde(default)]
    pub shown_this_week: (i64, u32),
}

impl StoredProfileV1 {
    /// Migrates to the v2 layout. Interests are split by their prefix (unknown prefixes are
    /// dropped); cart lines get no category or price and the last-seen time as their change
    /// time; recent purchases and the recent search-term list are rebuilt from the raw events
    /// v1 kept (search-term affinities start empty: v1 never scored them); offer
    /// session windows and fatigue start empty; the event count starts at the number of raw
    /// events. The result is validated by [`Profile::from_stored`] like any record.
    pub fn migrate(self) -> StoredProfile {
        let mut aff = StoredAffinities::default();
        for (key, (value, at)) in self.affinities {
            let Some((prefix, id)) = key.split_once(':') else {
                continue;
            };
            let target = match prefix {
                "category" => &mut aff.category,
                "brand" => &mut aff.brand,
                "tag" => &mut aff.tag,
                _ => continue,
            };
            target.push((id.to_owned(), value, at));
        }
        let cart_at = self.last_seen_at.unwrap_or(0);
        let cart = self
            .cart
            .into_iter()
            .map(|(id, qty)| StoredCartLine {
                id,
                qty,
                category: None,
                price: None,
                at: cart_at,
            })
            .collect();
        let mut bought: BTreeMap<String, Millis> = BTreeMap::new();
        let mut terms = RecentTerms::default();
        for event in &self.events {
            match &event.kind {
                EventKind::Purchase { items, .. } => {
                    for item in items {
                        let at = bought.entry(item.id.clone()).or_insert(event.at);
                        *at = (*at).max(event.at);
                    }
                }
                EventKind::Search { query } => {
                    terms.record_query(&normalize_query(query), event.at);
                }
                _ => {}
            }
        }
        let offers = self
            .offers
            .into_iter()
            .map(|(id, o)| StoredOffer {
                id,
                imp: o.impressions,
                clk: o.clicks,
                dis: o.dismissals,
                shown: o.last_shown_at,
                clicked: o.last_clicked_at,
                dismissed: o.last_dismissed_at,
                session: (0, 0),
                day: o.shown_today,
                week: o.shown_this_week,
                fatigue: (0.0, 0),
            })
            .collect();
        let first_seen = self
            .events
            .iter()
            .map(|e| e.at)
            .min()
            .or(self.session_started_at);
        StoredProfile {
            v: CURRENT_VERSION,
            aff,
            eng: (self.engagement, self.engagement_at),
            cart,
            orders: self.purchases,
            last_order: self.last_purchase_at,
            spent: self.monetary,
            bought: bought.into_iter().collect(),
            sessions: self.sessions,
            session_start: self.session_started_at,
            session_pages: 0,
            first_seen,
            last_seen: self.last_seen_at,
            search: terms.iter().map(|(t, at)| (t.to_owned(), at)).collect(),
            offers,
            beacons: Vec::new(),
            count: self.events.len() as u64,
            events: self.events,
        }
    }
}

// ----- any version ------------------------------------------------------------------------

/// A stored record of any version. Deserializes from any self-describing format, wherever
/// the `v` field is; serializes as the inner layout.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredRecord {
    /// A v1 record (migrated on load).
    V1(StoredProfileV1),
    /// A v2 record.
    V2(StoredProfile),
    /// A record of a version this build does not read; only its version was decoded.
    Unsupported {
        /// The record's `v`.
        v: u32,
    },
}

impl StoredRecord {
    /// The record's version.
    pub fn version(&self) -> u32 {
        match self {
            StoredRecord::V1(p) => p.v,
            StoredRecord::V2(p) => p.v,
            StoredRecord::Unsupported { v } => *v,
        }
    }
}

impl Serialize for StoredRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct VersionOnly {
            v: u32,
        }
        match self {
            StoredRecord::V1(p) => p.serialize(serializer),
            StoredRecord::V2(p) => p.serialize(serializer),
            StoredRecord::Unsupported { v } => VersionOnly { v: *v }.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for StoredRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StoredRecord, D::Error> {
        let buf = Buf::deserialize(deserializer)?;
        if !matches!(buf, Buf::Map(_)) {
            return Err(de::Error::custom("a stored profile must be a map"));
        }
        let v = buf
            .field("v")
            .ok_or_else(|| de::Error::missing_field("v"))?
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| de::Error::custom("field `v` must be a non-negative integer"))?;
        match v {
            1 => StoredProfileV1::deserialize(buf)
                .map(StoredRecord::V1)
                .map_err(de::Error::custom),
            CURRENT_VERSION => StoredProfile::deserialize(buf)
                .map(StoredRecord::V2)
                .map_err(de::Error::custom),
            v => Ok(StoredRecord::Unsupported { v }),
        }
    }
}

/// Raw events, skipping any that do not decode (e.g. an event type from a newer build).
fn lenient_events<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Event>, D::Error> {
    let items: Vec<Buf> = Vec::deserialize(deserializer)?;
    Ok(items
        .into_iter()
        .filter_map(|item| Event::deserialize(item).ok())
        .collect())
}

// ----- Profile <-> stored -----------------------------------------------------------------

impl Profile {
    /// The current stored layout of this profile.
    pub fn to_stored(&self) -> StoredProfile {
        let entries = |dim: Dimension| -> Vec<(String, f64, Millis)> {
            self.affinities[dim.index()]
                .iter()
                .map(|(k, s)| (k.to_owned(), s.value(), s.at()))
                .collect()
        };
        StoredProfile {
            v: CURRENT_VERSION,
            aff: StoredAffinities {
                category: entries(Dimension::Category),
                brand: entries(Dimension::Brand),
                tag: entries(Dimension::Tag),
                search: entries(Dimension::SearchTerm),
            },
            eng: (self.engagement.value(), self.engagement.at()),
            cart: self
                .cart
                .lines()
                .map(|(id, line)| StoredCartLine {
                    id: id.to_owned(),
                    qty: line.quantity,
                    category: line.category.clone(),
                    price: line.price,
                    at: line.updated_at,
                })
                .collect(),
            orders: self.purchases,
            last_order: self.last_purchase_at,
            spent: self.monetary,
            bought: self
                .recent_purchases
                .iter()
                .map(|(id, at)| (id.clone(), *at))
                .collect(),
            sessions: self.sessions,
            session_start: self.session_started_at,
            session_pages: self.session_page_views,
            first_seen: self.first_seen_at,
            last_seen: self.last_seen_at,
            search: self
                .search_terms
                .iter()
                .map(|(t, at)| (t.to_owned(), at))
                .collect(),
            offers: self
                .offers
                .iter()
                .map(|(id, o)| StoredOffer {
                    id: id.to_owned(),
                    imp: o.impressions,
                    clk: o.clicks,
                    dis: o.dismissals,
                    shown: o.last_shown_at,
                    clicked: o.last_clicked_at,
                    dismissed: o.last_dismissed_at,
                    session: (o.session_impressions.window, o.session_impressions.count),
                    day: (o.day_impressions.window, o.day_impressions.count),
                    week: (o.week_impressions.window, o.week_impressions.count),
                    fatigue: (o.fatigue_score.value(), o.fatigue_score.at()),
                })
                .collect(),
            beacons: self
                .beacons
                .iter()
                .map(|(id, b)| (id.clone(), b.last_enter_at, b.last_exit_at))
                .collect(),
            events: self.raw.iter().cloned().collect(),
            count: self.event_count,
        }
    }

    /// Loads a v2 record, validating it (see the [module documentation](self)). A record
    /// whose `v` is not [`CURRENT_VERSION`] is refused with
    /// [`ProfileError::UnsupportedVersion`]; older ones load through [`Profile::from_record`].
    pub fn from_stored(stored: StoredProfile) -> Result<Profile, ProfileError> {
        if stored.v != CURRENT_VERSION {
            return Err(ProfileError::UnsupportedVersion {
                found: stored.v,
                supported: CURRENT_VERSION,
            });
        }
        Ok(validate(stored))
    }

    /// Loads a record of any supported version, migrating older layouts.
    pub fn from_record(record: StoredRecord) -> Result<Profile, ProfileError> {
        match record {
            StoredRecord::V1(v1) => Ok(validate(v1.migrate())),
            StoredRecord::V2(v2) => Profile::from_stored(v2),
            StoredRecord::Unsupported { v } => Err(ProfileError::UnsupportedVersion {
                found: v,
                supported: CURRENT_VERSION,
            }),
        }
    }

    /// Decodes and loads a record of any supported version from any self-describing serde
    /// format (e.g. `&mut serde_json::Deserializer`, `serde_wasm_bindgen::Deserializer`).
    pub fn load<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Profile, ProfileError> {
        let record =
            StoredRecord::deserialize(deserializer).map_err(|e| ProfileError::Malformed {
                reason: e.to_string(),
            })?;
        Profile::from_record(record)
    }

    /// Writes the current stored layout with any serde serializer.
    pub fn save<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_stored().serialize(serializer)
    }
}

// ----- validation -------------------------------------------------------------------------

fn valid_time(at: Option<Millis>) -> Option<Millis> {
    at.filter(|at| is_valid_time(*at))
}

fn valid_score((value, at): (f64, Millis)) -> Option<DecayedScore> {
    (value.is_finite() && value >= 0.0 && is_valid_time(at)).then(|| DecayedScore::new(value, at))
}

/// Keeps the `max` greatest entries by `key` (all if there are fewer), in map order.
fn keep_best<K: Ord + Clone, V, O: Ord>(
    map: &mut BTreeMap<K, V>,
    max: usize,
    rank: impl Fn(&K, &V) -> O,
) {
    if map.len() <= max {
        return;
    }
    let mut ranked: Vec<(O, K)> = map.iter().map(|(k, v)| (rank(k, v), k.clone())).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, key) in ranked.into_iter().skip(max) {
        map.remove(&key);
    }
}

/// The in-memory profile for a record, with every value checked and every bound enforced.
fn validate(stored: StoredProfile) -> Profile {
    let mut profile = Profile::default();

    let dims = [
        (Dimension::Category, stored.aff.category),
        (Dimension::Brand, stored.aff.brand),
        (Dimension::Tag, stored.aff.tag),
        (Dimension::SearchTerm, stored.aff.search),
    ];
    for (dim, entries) in dims {
        let mut scores: BTreeMap<String, DecayedScore> = entries
            .into_iter()
            .filter(|(key, _, _)| {
                is_valid_id(key) && (dim != Dimension::SearchTerm || is_normalized_term(key))
            })
            .filter_map(|(key, value, at)| Some((key, valid_score((value, at))?)))
            .collect();
        // Strongest first; equal scores: the most recently updated.
        keep_best(&mut scores, MAX_KEYS_PER_DIMENSION, |_, s| {
            (OrdF64(s.value()), s.at())
        });
        let mut map = AffinityMap::default();
        for (key, score) in scores {
            map.insert_loaded(key, score);
        }
        profile.affinities[dim.index()] = map;
    }

    profile.engagement = valid_score(stored.eng).unwrap_or_default();

    let mut lines: BTreeMap<String, CartLine> = stored
        .cart
        .into_iter()
        .filter(|line| is_valid_id(&line.id) && is_valid_time(line.at))
        .map(|line| {
            let cart_line = CartLine {
                quantity: line.qty.clamp(1, MAX_LINE_QUANTITY),
                category: line.category.filter(|c| is_valid_id(c)),
                price: line.price.and_then(sanitize_amount),
                updated_at: line.at,
            };
            (line.id, cart_line)
        })
        .collect();
    keep_best(&mut lines, MAX_CART_LINES, |_, line| line.updated_at);
    let mut cart = Cart::default();
    for (id, line) in lines {
        cart.insert_loaded(id, line);
    }
    profile.cart = cart;

    profile.purchases = stored.orders;
    profile.last_purchase_at = valid_time(stored.last_order);
    profile.monetary = sanitize_amount(stored.spent).unwrap_or(0.0);
    let mut bought: BTreeMap<String, Millis> = BTreeMap::new();
    for (id, at) in stored.bought {
        if is_valid_id(&id) && is_valid_time(at) {
            let latest = bought.entry(id).or_insert(at);
            *latest = (*latest).max(at);
        }
    }
    keep_best(&mut bought, MAX_RECENT_PURCHASES, |_, at| *at);
    profile.recent_purchases = bought;

    profile.sessions = stored.sessions;
    profile.session_started_at = valid_time(stored.session_start);
    profile.session_page_views = stored.session_pages;
    profile.first_seen_at = valid_time(stored.first_seen);
    profile.last_seen_at = valid_time(stored.last_seen);

    // Oldest first, so that equal times keep their stored order.
    for (term, at) in stored.search.iter().rev() {
        if is_normalized_term(term) && is_valid_time(*at) {
            profile.search_terms.record(term, *at);
        }
    }

    let mut offers: BTreeMap<String, OfferHistory> = stored
        .offers
        .into_iter()
        .filter(|o| is_valid_id(&o.id))
        .map(|o| {
            let history = OfferHistory {
                impressions: o.imp,
                clicks: o.clk,
                dismissals: o.dis,
                last_shown_at: valid_time(o.shown),
                last_clicked_at: valid_time(o.clicked),
                last_dismissed_at: valid_time(o.dismissed),
                session_impressions: window(o.session),
                day_impressions: window(o.day),
                week_impressions: window(o.week),
                fatigue_score: valid_score(o.fatigue).unwrap_or_default(),
            };
            (o.id, history)
        })
        .filter(|(_, o)| o.last_touched_at().is_some())
        .collect();
    keep_best(&mut offers, MAX_OFFERS, |_, o| o.last_touched_at());
    for (id, history) in offers {
        profile.offers.insert_loaded(&id, history);
    }

    let mut beacons: BTreeMap<String, BeaconVisit> = stored
        .beacons
        .into_iter()
        .filter(|(id, _, _)| is_valid_id(id))
        .map(|(id, enter, exit)| {
            let visit = BeaconVisit {
                last_enter_at: valid_time(enter),
                last_exit_at: valid_time(exit),
            };
            (id, visit)
        })
        .filter(|(_, visit)| visit.last_seen_at().is_some())
        .collect();
    keep_best(&mut beacons, MAX_BEACONS, |_, visit| visit.last_seen_at());
    profile.beacons = beacons;

    let mut events: Vec<Event> = stored.events.iter().filter_map(sanitize_event).collect();
    events.sort_by_key(|e| e.at);
    let excess = events.len().saturating_sub(HARD_MAX_RAW_EVENTS);
    profile.raw = events.into_iter().skip(excess).collect();
    profile.event_count = stored
        .count
        .max(profile.raw.len() as u64)
        .min(MAX_EVENT_COUNT);

    profile
}

/// A stored window counter; an id beyond 2^53 (no real session, day or week is) is reset, so
/// every stored integer stays exact in JavaScript.
fn window((window, count): (i64, u32)) -> WindowCount {
    if window.unsigned_abs() > MAX_EVENT_COUNT {
        return WindowCount::default();
    }
    WindowCount { window, count }
}

/// A total order on finite, non-negative floats (validated scores), for ranking.
#[derive(PartialEq)]
struct OrdF64(f64);

impl Eq for OrdF64 {}

impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}
