//! What the shopper can read about their profile: `profile()` (the strongest interests) and
//! `exportData()` (everything stored), as `postcard(SummaryWire)` for
//! `shell/src/summary.ts`. Field order is the wire format.

use serde::Serialize;
use vitrine::engine::events::Millis;
use vitrine::engine::profile::{Dimension, Intent, Profile, ProfileConfig};

/// The readable profile.
#[derive(Serialize)]
struct SummaryWire<'a> {
    /// 0 cold, 1 warm, 2 hot.
    temperature: u8,
    /// Category, brand, tag and search-term interests: `(key, share)`, strongest first.
    affinities: [Vec<(&'a str, f64)>; 4],
    /// `(offer, impressions, clicks, dismissals, last shown)`.
    offers: Vec<(&'a str, u32, u32, u32, Option<Millis>)>,
    cart: Vec<&'a str>,
    purchases: u32,
    sessions: u32,
    events: u64,
    /// `(product, latest purchase)`.
    bought: Vec<(&'a str, Millis)>,
    /// `(normalised term, latest search)`.
    searches: Vec<(&'a str, Millis)>,
    /// `(beacon, latest enter, latest exit)`.
    beacons: Vec<(&'a str, Option<Millis>, Option<Millis>)>,
    first_seen: Option<Millis>,
    last_seen: Option<Millis>,
}

/// The profile at `now` with at most `top` keys per interest dimension.
pub fn encode(profile: &Profile, config: &ProfileConfig, now: Millis, top: usize) -> Vec<u8> {
    let interests = |dim| profile.top(dim, top, now, config);
    let wire = SummaryWire {
        temperature: match profile.intent(now, config) {
            Intent::Cold => 0,
            Intent::Warm => 1,
            Intent::Hot => 2,
        },
        affinities: [
            interests(Dimension::Category),
            interests(Dimension::Brand),
            interests(Dimension::Tag),
            interests(Dimension::SearchTerm),
        ],
        offers: profile
            .offers()
            .map(|(id, h)| (id, h.impressions, h.clicks, h.dismissals, h.last_shown_at))
            .collect(),
        cart: profile.cart().product_ids().collect(),
        purchases: profile.purchases(),
        sessions: profile.sessions(),
        events: profile.event_count(),
        bought: profile.recent_purchases().collect(),
        searches: profile.recent_search_terms_with_time().collect(),
        beacons: profile
            .beacons()
            .map(|(id, v)| (id, v.last_enter_at, v.last_exit_at))
            .collect(),
        first_seen: profile.first_seen_at(),
        last_seen: profile.last_seen_at(),
    };
    postcard::to_allocvec(&wire).unwrap_or_default()
}
