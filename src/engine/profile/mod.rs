//! The behaviour profile: what Vitrine knows about the shopper, kept on the shopper's device.
//!
//! # Design
//!
//! [`Profile::apply`] folds one [`Event`] in, incrementally: O(1) amortised per event (the
//! only loops run over maps bounded by a few dozen to a few hundred keys). History is never
//! re-read, so the cost of an event does not grow with the shopper's history, and every part
//! of the profile has a hard size bound (see [`config`] for all limits), whatever the input.
//!
//! Every event first passes [`sanitize_event`]: garbage (bad timestamps, blank or huge ids,
//! NaN or negative prices, absurd quantities) is dropped or clamped, never a panic. The
//! profile keeps aggregates only, no raw events: the shell keeps those for the shopper's data
//! export in a store of their own.
//!
//! Time is always an argument. Calendar windows (per local day, per local ISO week) come from
//! [`LocalTime`] in the shop's fixed UTC offset ([`ProfileConfig::utc_offset_minutes`]).
//!
//! # The maths
//!
//! **Decay.** Affinities, engagement and offer fatigue are [`DecayedScore`]s: a value `v`
//! stored with the time `t` of its last update. At `now` it reads
//! `v * 2^(-(now - t) / h)` for a half-life `h`, so a score exactly halves every `h`. Adding a
//! weight `w` at time `t' >= t` stores `(v * 2^(-(t' - t) / h) + w, t')`. This equals the sum
//! over all past events of `w_i * 2^(-(now - t_i) / h)`, computed in O(1). A late event
//! (`t' < t`, e.g. from a second tab) adds `w * 2^(-(t - t') / h)` without moving `t`: the
//! same sum, so arrival order does not matter.
//!
//! **Affinity shares.** Per [`Dimension`] (category, brand, tag, search term) a bounded map
//! holds decayed scores. [`Profile::affinity`] returns a key's *share*,
//! `score(key) / sum(score)`, in `0..=1`: scale-free, so rules can say "at least 30% of
//! recent interest is coffee" whatever the shopper's activity level. Weights: view 1
//! (category, brand, each tag), add to cart 3, purchase 5, search term 1 ([`WEIGHT_VIEW`]
//! and friends). When a dimension holds [`MAX_KEYS_PER_DIMENSION`] keys, a new key evicts the
//! weakest decayed one.
//!
//! **Intent.** An engagement score with a short half-life (30 minutes by default): product
//! view +1, category view +0.5, search +1, add to cart +3, banner click +2, and a purchase
//! resets it to 0 (the shopper converted). [`Intent`] is cold below 3, warm below 8, hot
//! from 8 ([`WARM_THRESHOLD`], [`HOT_THRESHOLD`]).
//!
//! **Sessions.** An event starts a new session when at least
//! [`ProfileConfig::session_gap_minutes`] passed since the latest event seen. Late events
//! never start a session and never move "last seen" backwards; they count in the current
//! session. [`Profile::session_page_views`] counts `page_view` events only: shops send a
//! `page_view` for every page, and product or category views usually come with one, so
//! counting those too would count product pages twice.
//!
//! **Offers.** Per offer, lifetime counters and latest times, impression counters for the
//! current session, local day and local ISO week (a counter for another window reads 0), and
//! a fatigue score: impressions since the last click, decayed with a 24 h half-life.
//!
//! **Storage.** Every stored number is either an integer below 2^53 or an amount on a 1e-6
//! grid below [`MAX_AMOUNT`], so it survives JSON and JavaScript numbers exactly and a
//! profile reloads equal to itself. [`bytes`] is the stored layout, [`record`] the flat record
//! it carries and its checks on load.

use crate::engine::prelude::*;

pub mod affinity;
pub mod answers;
pub mod beacons;
pub mod bytes;
pub mod cards;
pub mod cart;
pub mod config;
pub mod decay;
pub mod intent;
pub mod lifecycle;
pub mod offers;
pub mod purchases;
pub mod record;
pub mod reorder;
pub mod sanitize;
pub mod search;
pub mod shares;

mod bounded_list;
mod id_table;

use alloc::borrow::Cow;

use crate::engine::clock::LocalTime;
use crate::engine::events::bytes::{wire_events, EventKindWire, EventWire, ProductWire};
use crate::engine::events::{Event, Millis};

use self::affinity::{share, AffinityMap};

pub use self::affinity::{
    Dimension, WEIGHT_ADD_TO_CART, WEIGHT_PURCHASE, WEIGHT_SEARCH, WEIGHT_VIEW,
};
pub use self::answers::Answer;
pub use self::beacons::BeaconVisit;
pub use self::bytes::{
    AffinitiesWire, BoughtWire, CartLineWire, OfferWire, ProfileBytesError, ProfileWire,
    LAYOUT_VERSION, MAGIC, OLDEST_LAYOUT_VERSION,
};
pub use self::cards::ProductCard;
pub use self::cart::{Cart, CartLine};
pub use self::config::{
    ProfileConfig, FATIGUE_HALF_LIFE_MS, MAX_AMOUNT, MAX_BEACONS, MAX_CART_LINES, MAX_EVENT_COUNT,
    MAX_ID_BYTES, MAX_ITEMS_PER_PURCHASE, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY, MAX_OFFERS,
    MAX_PRODUCT_CARDS, MAX_QUERY_CHARS, MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS, MAX_SURVEY_ANSWERS,
    MAX_TAGS_PER_PRODUCT, MAX_TIMESTAMP_MS, MAX_URL_BYTES, PRESENCE_TTL_MS,
};
pub use self::decay::{decay_factor, DecayedScore};
pub use self::intent::{
    Intent, ENGAGEMENT_ADD_TO_CART, ENGAGEMENT_CATEGORY_VIEW, ENGAGEMENT_CLICK,
    ENGAGEMENT_PRODUCT_VIEW, ENGAGEMENT_SEARCH, HOT_THRESHOLD, WARM_THRESHOLD,
};
pub use self::offers::{OfferHistory, WindowCount};
pub use self::purchases::Purchased;
pub use self::sanitize::{sanitize_event, sanitize_wire};
pub use self::search::{normalize_query, MAX_TERMS_PER_QUERY, MAX_TERM_CHARS, STOP_WORDS};
pub use self::shares::Shares;

use self::decay::quantize;
use self::id_table::IdTable;
use self::search::RecentTerms;

/// The shopper's behaviour profile. Build it with [`Profile::new`], feed it with
/// [`Profile::apply`], persist it with [`Profile::to_bytes`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Indexed by [`Dimension::index`].
    affinities: [AffinityMap; 4],
    engagement: DecayedScore,
    cart: Cart,
    purchases: u32,
    last_purchase_at: Option<Millis>,
    monetary: f64,
    /// Product id -> its category and purchases.
    recent_purchases: IdTable<Purchased>,
    /// The orders' rhythm (shopping trips), lifetime.
    order_rhythm: Option<self::reorder::PurchaseStats>,
    sessions: u32,
    session_started_at: Option<Millis>,
    session_page_views: u32,
    first_seen_at: Option<Millis>,
    last_seen_at: Option<Millis>,
    search_terms: RecentTerms,
    offers: IdTable<OfferHistory>,
    beacons: IdTable<BeaconVisit>,
    event_count: u64,
    /// Product id -> how to show it (offer templates).
    cards: IdTable<ProductCard>,
    /// Survey id -> the shopper's answer.
    answers: IdTable<Answer>,
}

impl Profile {
    /// An empty profile.
    // Not inlined: the empty profile is some forty fields, and each copy written in place cost
    // the wasm 0.2 kB gzip (1.1 kB for its six uses).
    #[inline(never)]
    pub fn new() -> Profile {
        Profile::default()
    }

    // ----- write side -------------------------------------------------------------------

    /// Folds one event in. Events may arrive slightly out of order: a late event updates
    /// everything it can without moving any "latest" time backwards. Garbage is cleaned or
    /// ignored as [`sanitize_event`] describes; an ignored event changes nothing at all.
    pub fn apply(&mut self, event: &Event, config: &ProfileConfig) {
        for wire in wire_events(event) {
            self.apply_wire(&wire, config);
        }
    }

    /// [`Profile::apply`] for an event as it comes off a batch
    /// ([`read_batch`](crate::engine::events::bytes::read_batch)).
    pub fn apply_wire(&mut self, event: &EventWire<'_>, config: &ProfileConfig) {
        let Some(event) = sanitize_wire(event) else {
            return;
        };
        let at = event.at;
        if let EventKindWire::ProductDetails { product } = &event.kind {
            // Not behaviour: no session, no count.
            self.describe(product, at);
            return;
        }
        self.track_session(at, config);
        let reference = self.last_seen_at.unwrap_or(at);
        let affinity_h = config.affinity_half_life_ms();
        let intent_h = config.intent_half_life_ms();
        match &event.kind {
            EventKindWire::PageView { .. } => {
                self.session_page_views = self.session_page_views.saturating_add(1);
            }
            EventKindWire::ProductView { product } => {
                self.viewed(product.id, at);
                self.add_product_affinity(product, WEIGHT_VIEW, at, reference, affinity_h);
                self.engagement.add(ENGAGEMENT_PRODUCT_VIEW, at, intent_h);
            }
            EventKindWire::CategoryView { category } => {
                self.affinities[Dimension::Category.index()].add(
                    category,
                    WEIGHT_VIEW,
                    at,
                    reference,
                    affinity_h,
                );
                self.engagement.add(ENGAGEMENT_CATEGORY_VIEW, at, intent_h);
            }
            EventKindWire::Search { query } => {
                let terms = normalize_query(query);
                for term in &terms {
                    self.affinities[Dimension::SearchTerm.index()].add(
                        term,
                        WEIGHT_SEARCH,
                        at,
                        reference,
                        affinity_h,
                    );
                }
                self.search_terms.record_query(&terms, at);
                self.engagement.add(ENGAGEMENT_SEARCH, at, intent_h);
            }
            EventKindWire::AddToCart { product, quantity } => {
                self.cart.add(product, *quantity, at);
                self.add_product_affinity(product, WEIGHT_ADD_TO_CART, at, reference, affinity_h);
                self.engagement.add(ENGAGEMENT_ADD_TO_CART, at, intent_h);
            }
            EventKindWire::RemoveFromCart { product_id } => self.cart.remove(product_id, at),
            EventKindWire::Purchase { items, value } => {
                self.record_purchase(items, *value, at, reference, affinity_h);
            }
            EventKindWire::Impression { offer, .. } => {
                let session = self.sessions;
                let local = LocalTime::new(at, config.utc_offset_minutes);
                self.offer_mut(offer).record_impression(at, session, local);
            }
            EventKindWire::Click { offer, .. } => {
                self.offer_mut(offer).record_click(at);
                self.engagement.add(ENGAGEMENT_CLICK, at, intent_h);
            }
            EventKindWire::Dismiss { offer, .. } => {
                self.offer_mut(offer).record_dismissal(at);
            }
            EventKindWire::BeaconEnter { beacon } => self.beacon_mut(beacon).enter(at),
            EventKindWire::BeaconExit { beacon } => self.beacon_mut(beacon).exit(at),
            EventKindWire::SurveyAnswer {
                survey,
                scale,
                score,
            } => {
                let (scale, score) = (*scale, *score);
                self.answered(survey, Answer { scale, score, at });
            }
            EventKindWire::ProductDetails { .. } => {}
        }
        self.event_count = self.event_count.saturating_add(1).min(MAX_EVENT_COUNT);
    }

    /// Retention: drops everything dated before `now - retention_days`: recent purchases,
    /// search terms, offer histories, beacon visits, cart lines, product details, survey
    /// answers and affinity keys last updated before then, and a stale engagement score.
    /// Lifetime aggregates (purchase count, last purchase time, the orders' rhythm, monetary
    /// total, session count, event count) are kept.
    pub fn prune(&mut self, now: Millis, config: &ProfileConfig) {
        let cutoff = config.retention_cutoff(now);
        for map in &mut self.affinities {
            map.prune(cutoff);
        }
        if self.engagement.at() < cutoff {
            self.engagement = DecayedScore::default();
        }
        self.cart.prune(cutoff);
        self.recent_purchases
            .retain(|product| product.stats.last_at >= cutoff);
        self.search_terms.prune(cutoff);
        self.offers
            .retain(|offer| offer.last_touched_at().is_some_and(|t| t >= cutoff));
        self.beacons
            .retain(|visit| visit.last_seen_at().is_some_and(|t| t >= cutoff));
        self.cards.retain(|card| {
            card.viewed_at = card.viewed_at.filter(|&at| at >= cutoff);
            card.seen_at >= cutoff
        });
        self.answers.retain(|answer| answer.at >= cutoff);
    }

    fn track_session(&mut self, at: Millis, config: &ProfileConfig) {
        let new_session = self
            .last_seen_at
            .is_none_or(|last| at.saturating_sub(last) >= config.session_gap_ms());
        if new_session {
            self.sessions = self.sessions.saturating_add(1);
            self.session_started_at = Some(at);
            self.session_page_views = 0;
        }
        self.last_seen_at = Some(self.last_seen_at.map_or(at, |last| last.max(at)));
        self.first_seen_at = Some(self.first_seen_at.map_or(at, |first| first.min(at)));
    }

    fn add_product_affinity(
        &mut self,
        product: &ProductWire<'_>,
        weight: f64,
        at: Millis,
        reference: Millis,
        half_life_ms: f64,
    ) {
        let [category, brand, tags, _] = &mut self.affinities;
        if let Some(c) = product.category {
            category.add(c, weight, at, reference, half_life_ms);
        }
        if let Some(b) = product.brand {
            brand.add(b, weight, at, reference, half_life_ms);
        }
        for tag in &product.tags {
            tags.add(tag, weight, at, reference, half_life_ms);
        }
    }

    fn record_purchase(
        &mut self,
        items: &[ProductWire<'_>],
        value: f64,
        at: Millis,
        reference: Millis,
        half_life_ms: f64,
    ) {
        self.purchases = self.purchases.saturating_add(1);
        self.last_purchase_at = Some(self.last_purchase_at.map_or(at, |last| last.max(at)));
        let amount = if value > 0.0 {
            value
        } else {
            items.iter().filter_map(|item| item.price).sum()
        };
        self.monetary = quantize(self.monetary + amount);
        self.record_purchased(items, at);
        for item in items {
            self.add_product_affinity(item, WEIGHT_PURCHASE, at, reference, half_life_ms);
        }
        // The oldest purchase goes first (ties: the smallest id).
        while self.recent_purchases.len() > MAX_RECENT_PURCHASES {
            self.recent_purchases.remove_least(|p| p.stats.last_at);
        }
        self.cart.checkout(at);
        self.engagement.reset(at);
    }

    /// The history of `offer`, made on first use; a new offer in a full profile first evicts
    /// the least recently touched (ties: the smallest id).
    fn offer_mut(&mut self, offer: &str) -> &mut OfferHistory {
        self.offers.get_or_insert_bounded(
            offer,
            MAX_OFFERS,
            OfferHistory::last_touched_at,
            OfferHistory::default,
        )
    }

    /// The visits of `beacon`, made on first use; a new beacon in a full profile first evicts
    /// the least recently seen (ties: the smallest id).
    fn beacon_mut(&mut self, beacon: &str) -> &mut BeaconVisit {
        self.beacons.get_or_insert_bounded(
            beacon,
            MAX_BEACONS,
            BeaconVisit::last_seen_at,
            BeaconVisit::default,
        )
    }

    // ----- read side: interests and intent ------------------------------------------------

    /// The key's share of the dimension's total decayed score at `now`, in `0..=1`; 0 when
    /// the key (or the whole dimension) is unknown. Search-term keys are matched lowercased.
    pub fn affinity(&self, dim: Dimension, key: &str, now: Millis, config: &ProfileConfig) -> f64 {
        let h = config.affinity_half_life_ms();
        let map = &self.affinities[dim.index()];
        let score = map.score(&lookup_key(dim, key), now, h);
        if score <= 0.0 {
            return 0.0;
        }
        share(score, map.total(now, h))
    }

    /// The key's decayed score at `now` (not a share): 1 for one fresh product view.
    pub fn affinity_score(
        &self,
        dim: Dimension,
        key: &str,
        now: Millis,
        config: &ProfileConfig,
    ) -> f64 {
        self.affinities[dim.index()].score(
            &lookup_key(dim, key),
            now,
            config.affinity_half_life_ms(),
        )
    }

    /// The `n` strongest keys of a dimension with their shares, by share descending, ties by
    /// key ascending.
    pub fn top(
        &self,
        dim: Dimension,
        n: usize,
        now: Millis,
        config: &ProfileConfig,
    ) -> Vec<(&str, f64)> {
        self.affinities[dim.index()].top(n, now, config.affinity_half_life_ms())
    }

    /// All keys of a dimension with their raw (undecayed) scores, in key order (for the data
    /// export and for inspection).
    pub fn affinity_entries(&self, dim: Dimension) -> impl Iterator<Item = (&str, &DecayedScore)> {
        self.affinities[dim.index()].iter()
    }

    /// Number of keys held for a dimension (at most [`MAX_KEYS_PER_DIMENSION`]).
    pub fn affinity_len(&self, dim: Dimension) -> usize {
        self.affinities[dim.index()].len()
    }

    /// The intent temperature at `now`.
    pub fn intent(&self, now: Millis, config: &ProfileConfig) -> Intent {
        Intent::from_engagement(self.engagement(now, config))
    }

    /// The decayed engagement score at `now`, behind [`Profile::intent`].
    pub fn engagement(&self, now: Millis, config: &ProfileConfig) -> f64 {
        self.engagement.value_at(now, config.intent_half_life_ms())
    }

    // ----- read side: cart and purchases --------------------------------------------------

    /// The cart mirror.
    pub fn cart(&self) -> &Cart {
        &self.cart
    }

    /// Orders placed, lifetime.
    pub fn purchases(&self) -> u32 {
        self.purchases
    }

    /// The latest order.
    pub fn last_purchase_at(&self) -> Option<Millis> {
        self.last_purchase_at
    }

    /// Total spent, lifetime: order values, or the sum of item prices for orders without one.
    pub fn monetary(&self) -> f64 {
        self.monetary
    }

    /// True when `product_id` was bought at most `window_ms` before `now` (among the
    /// [`MAX_RECENT_PURCHASES`] most recently bought products).
    pub fn purchased_within(&self, product_id: &str, now: Millis, window_ms: Millis) -> bool {
        window_ms >= 0
            && self
                .recent_purchases
                .get(product_id)
                .is_some_and(|p| now.saturating_sub(p.stats.last_at) <= window_ms)
    }

    /// Recently bought products with their latest purchase time, in id order.
    pub fn recent_purchases(&self) -> impl ExactSizeIterator<Item = (&str, Millis)> {
        self.recent_purchases
            .iter()
            .map(|(id, p)| (id, p.stats.last_at))
    }

    // ----- read side: sessions ------------------------------------------------------------

    /// Sessions so far (0 before the first event).
    pub fn sessions(&self) -> u32 {
        self.sessions
    }

    /// The current session's number, the window id of
    /// [`OfferHistory::shown_in_session`]. Same as [`Profile::sessions`].
    pub fn session_id(&self) -> u32 {
        self.sessions
    }

    /// `page_view` events in the current session.
    pub fn session_page_views(&self) -> u32 {
        self.session_page_views
    }

    /// When the current session started.
    pub fn session_started_at(&self) -> Option<Millis> {
        self.session_started_at
    }

    /// True when an event at `now` would continue the current session.
    pub fn session_active(&self, now: Millis, config: &ProfileConfig) -> bool {
        self.last_seen_at
            .is_some_and(|last| now.saturating_sub(last) < config.session_gap_ms())
    }

    /// The earliest event time seen.
    pub fn first_seen_at(&self) -> Option<Millis> {
        self.first_seen_at
    }

    /// The latest event time seen (never moves backwards).
    pub fn last_seen_at(&self) -> Option<Millis> {
        self.last_seen_at
    }

    // ----- read side: search, beacons, offers, counts -------------------------------------

    /// Recent normalised search terms, newest first, at most [`MAX_SEARCH_TERMS`].
    pub fn recent_search_terms(&self) -> Vec<&str> {
        self.search_terms.iter().map(|(term, _)| term).collect()
    }

    /// Recent normalised search terms with the time each was last searched, newest first.
    pub fn recent_search_terms_with_time(&self) -> impl ExactSizeIterator<Item = (&str, Millis)> {
        self.search_terms.iter()
    }

    /// Beacons the shopper is in the zone of at `now`, in id order (see
    /// [`BeaconVisit::is_present`]: presence expires [`PRESENCE_TTL_MS`] after the last enter).
    pub fn beacons_present(&self, now: Millis) -> Vec<&str> {
        self.beacons
            .iter()
            .filter(|(_, visit)| visit.is_present(now))
            .map(|(id, _)| id)
            .collect()
    }

    /// True when the shopper was at `beacon` at most `window_ms` before `now`.
    pub fn beacon_visited_within(&self, beacon: &str, now: Millis, window_ms: Millis) -> bool {
        self.beacons
            .get(beacon)
            .is_some_and(|visit| visit.visited_within(now, window_ms))
    }

    /// Beacons visited at most `window_ms` before `now`, in id order.
    pub fn beacons_visited_within(&self, now: Millis, window_ms: Millis) -> Vec<&str> {
        self.beacons
            .iter()
            .filter(|(_, visit)| visit.visited_within(now, window_ms))
            .map(|(id, _)| id)
            .collect()
    }

    /// All remembered beacons, in id order.
    pub fn beacons(&self) -> impl ExactSizeIterator<Item = (&str, &BeaconVisit)> {
        self.beacons.iter()
    }

    /// The history of one offer.
    pub fn offer(&self, offer_id: &str) -> Option<&OfferHistory> {
        self.offers.get(offer_id)
    }

    /// All offer histories, in id order.
    pub fn offers(&self) -> impl ExactSizeIterator<Item = (&str, &OfferHistory)> {
        self.offers.iter()
    }

    /// Events folded in, lifetime (ignored garbage is not counted); saturates at
    /// [`MAX_EVENT_COUNT`].
    pub fn event_count(&self) -> u64 {
        self.event_count
    }
}

/// Search terms are stored normalised (lowercase); other keys are matched exactly. Keys are
/// lowercased character by character, as [`normalize_query`] does (so a final `Σ` reads `σ`,
/// as in stored terms); without the `unicode` feature, ASCII only (catalogs are compiled with
/// it, and the shell folds queries: profile/search.rs).
fn lookup_key(dim: Dimension, key: &str) -> Cow<'_, str> {
    if dim != Dimension::SearchTerm {
        return Cow::Borrowed(key);
    }
    #[cfg(feature = "unicode")]
    if key.chars().any(char::is_uppercase) {
        return Cow::Owned(key.chars().flat_map(char::to_lowercase).collect());
    }
    #[cfg(not(feature = "unicode"))]
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Owned(key.to_ascii_lowercase());
    }
    Cow::Borrowed(key)
}
