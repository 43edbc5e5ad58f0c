//! The profile as its flat record, [`ProfileWire`], and back.
//!
//! Loading never trusts the record: invalid ids, times and amounts (NaN, infinite, negative)
//! are dropped or clamped, duplicates collapse (the later entry wins), and every bound of the
//! in-memory profile is enforced. A corrupt or hostile record can make a small profile, never
//! an unbounded one or a panic. The stored bytes refuse a list longer than the profile keeps
//! before reading it ([`super::bytes`]); a record built in code keeps the first entries of such
//! a list.

use crate::engine::events::Millis;

use super::affinity::Dimension;
use super::beacons::BeaconVisit;
use super::bytes::{AffinitiesWire, CartLineWire, OfferWire, ProfileWire};
use super::cart::CartLine;
use super::config::{
    MAX_BEACONS, MAX_CART_LINES, MAX_EVENT_COUNT, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY,
    MAX_OFFERS, MAX_RECENT_PURCHASES,
};
use super::decay::{sanitize_amount, DecayedScore};
use super::offers::{OfferHistory, WindowCount};
use super::sanitize::{is_valid_id, is_valid_time};
use super::search::is_normalized_term;
use super::Profile;

impl Profile {
    /// This profile as a flat record.
    pub fn to_wire(&self) -> ProfileWire<'_> {
        let entries = |dim: Dimension| -> Vec<(&str, f64, Millis)> {
            self.affinities[dim.index()]
                .iter()
                .map(|(k, s)| (k, s.value(), s.at()))
                .collect()
        };
        ProfileWire {
            aff: AffinitiesWire {
                category: entries(Dimension::Category),
                brand: entries(Dimension::Brand),
                tag: entries(Dimension::Tag),
                search: entries(Dimension::SearchTerm),
            },
            eng: (self.engagement.value(), self.engagement.at()),
            cart: self
                .cart
                .lines()
                .map(|(id, line)| CartLineWire {
                    id,
                    qty: line.quantity,
                    category: line.category.as_deref(),
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
                .map(|(id, at)| (id, *at))
                .collect(),
            sessions: self.sessions,
            session_start: self.session_started_at,
            session_pages: self.session_page_views,
            first_seen: self.first_seen_at,
            last_seen: self.last_seen_at,
            search: self.search_terms.iter().collect(),
            offers: self
                .offers
                .iter()
                .map(|(id, o)| OfferWire {
                    id,
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
                .map(|(id, b)| (id, b.last_enter_at, b.last_exit_at))
                .collect(),
            count: self.event_count,
        }
    }

    /// The profile a record describes, with every value checked and every bound enforced (see
    /// the [module documentation](self)).
    pub fn from_wire(wire: ProfileWire<'_>) -> Profile {
        Profile::from_wire_since(wire, 0)
    }

    /// [`Profile::from_wire`], leaving out what [`Profile::prune`] would drop at `cutoff`
    /// (interests, engagement, cart lines, purchases, searches, offer histories and beacon
    /// visits last updated before it): loading and retention in one pass.
    pub fn from_wire_since(wire: ProfileWire<'_>, cutoff: Millis) -> Profile {
        let mut profile = Profile::default();
        let kept = |at: Millis| at >= cutoff && is_valid_time(at);
        let kept_score = |score: (f64, Millis)| valid_score(score).filter(|s| s.at() >= cutoff);

        let dims = [
            (Dimension::Category, wire.aff.category),
            (Dimension::Brand, wire.aff.brand),
            (Dimension::Tag, wire.aff.tag),
            (Dimension::SearchTerm, wire.aff.search),
        ];
        for (dim, entries) in dims {
            let map = &mut profile.affinities[dim.index()];
            for (key, value, at) in entries.into_iter().take(MAX_KEYS_PER_DIMENSION) {
                let valid_key =
                    is_valid_id(key) && (dim != Dimension::SearchTerm || is_normalized_term(key));
                if let (true, Some(score)) = (valid_key, kept_score((value, at))) {
                    map.insert_loaded(key.to_owned(), score);
                }
            }
        }

        profile.engagement = kept_score(wire.eng).unwrap_or_default();

        for line in wire.cart.into_iter().take(MAX_CART_LINES) {
            if is_valid_id(line.id) && kept(line.at) {
                let cart_line = CartLine {
                    quantity: line.qty.clamp(1, MAX_LINE_QUANTITY),
                    category: line.category.filter(|c| is_valid_id(c)).map(str::to_owned),
                    price: line.price.and_then(sanitize_amount),
                    updated_at: line.at,
                };
                profile.cart.insert_loaded(line.id.to_owned(), cart_line);
            }
        }

        profile.purchases = wire.orders;
        profile.last_purchase_at = valid_time(wire.last_order);
        profile.monetary = sanitize_amount(wire.spent).unwrap_or(0.0);
        for (id, at) in wire.bought.into_iter().take(MAX_RECENT_PURCHASES) {
            if is_valid_id(id) && kept(at) {
                let latest = profile.recent_purchases.get_or_insert_with(id, || at);
                *latest = (*latest).max(at);
            }
        }

        profile.sessions = wire.sessions;
        profile.session_started_at = valid_time(wire.session_start);
        profile.session_page_views = wire.session_pages;
        profile.first_seen_at = valid_time(wire.first_seen);
        profile.last_seen_at = valid_time(wire.last_seen);

        // Oldest first, so that equal times keep their stored order.
        for (term, at) in wire.search.iter().rev() {
            if is_normalized_term(term) && kept(*at) {
                profile.search_terms.record(term, *at);
            }
        }

        for o in wire.offers.into_iter().take(MAX_OFFERS) {
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
            if is_valid_id(o.id) && history.last_touched_at().is_some_and(|t| t >= cutoff) {
                profile.offers.insert(o.id.to_owned(), history);
            }
        }

        for (id, enter, exit) in wire.beacons.into_iter().take(MAX_BEACONS) {
            let visit = BeaconVisit {
                last_enter_at: valid_time(enter),
                last_exit_at: valid_time(exit),
            };
            if is_valid_id(id) && visit.last_seen_at().is_some_and(|t| t >= cutoff) {
                profile.beacons.insert(id.to_owned(), visit);
            }
        }

        profile.event_count = wire.count.min(MAX_EVENT_COUNT);

        profile
    }
}

fn valid_time(at: Option<Millis>) -> Option<Millis> {
    at.filter(|at| is_valid_time(*at))
}

fn valid_score((value, at): (f64, Millis)) -> Option<DecayedScore> {
    (value.is_finite() && value >= 0.0 && is_valid_time(at)).then(|| DecayedScore::new(value, at))
}

/// A stored window counter; an id beyond 2^53 (no real session, day or week is) is reset, so
/// every stored integer stays exact in JavaScript.
fn window((window, count): (i64, u32)) -> WindowCount {
    if window.unsigned_abs() > MAX_EVENT_COUNT {
        return WindowCount::default();
    }
    WindowCount { window, count }
}
