//! What the shopper can read about their profile: `profile()` (the strongest interests) and
//! `exportData()` (everything stored), in postcard's encoding (written
//! with the core's `codec` writer) for `shell/src/summary.ts`. Field order is the wire format.

use alloc::vec::Vec;

use vitrine::engine::codec::Writer;
use vitrine::engine::events::Millis;
use vitrine::engine::profile::lifecycle::LifecycleThresholds;
use vitrine::engine::profile::{Dimension, Intent, Profile, ProfileConfig};

/// The profile at `now` with at most `top` keys per interest dimension, in this order:
/// temperature (0 cold, 1 warm, 2 hot); category, brand, tag and search-term interests as
/// `(key, share)`, strongest first; offers as `(offer, impressions, clicks, dismissals, last
/// shown)`; cart product ids; purchases; sessions; events; bought products as `(product,
/// latest purchase, category, times bought, usual days between purchases when bought twice or
/// more)`; searches as `(normalised term, latest search)`; beacons as `(beacon, latest enter,
/// latest exit)`; first seen; last seen; the lifecycle stage at `now` with `lifecycle`; the
/// described products as `(product, name, url, image, latest described or viewed, latest
/// view)`; the survey answers as `(survey, scale: 0 nps, 1 csat, 2 thumbs, score (a varint),
/// answered at)`.
pub fn encode(
    profile: &Profile,
    config: &ProfileConfig,
    lifecycle: &LifecycleThresholds,
    now: Millis,
    top: usize,
) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.push(match profile.intent(now, config) {
        Intent::Cold => 0,
        Intent::Warm => 1,
        Intent::Hot => 2,
    });
    for dim in [
        Dimension::Category,
        Dimension::Brand,
        Dimension::Tag,
        Dimension::SearchTerm,
    ] {
        w.list(&profile.top(dim, top, now, config), |w, &(key, share)| {
            w.str(key);
            w.f64(share);
        });
    }
    w.seq(profile.offers(), |w, (id, h)| {
        w.str(id);
        w.u32(h.impressions);
        w.u32(h.clicks);
        w.u32(h.dismissals);
        w.opt_i64(h.last_shown_at);
    });
    w.seq(profile.cart().product_ids(), Writer::str);
    w.u32(profile.purchases());
    w.u32(profile.sessions());
    w.u64(profile.event_count());
    w.seq(profile.purchased(), |w, (id, p)| {
        write_id_and_time(w, (id, p.stats.last_at));
        w.opt_str(p.category.as_deref());
        w.u32(p.stats.count);
        w.opt_f64(p.stats.usual_days());
    });
    w.seq(profile.recent_search_terms_with_time(), write_id_and_time);
    w.seq(profile.beacons(), |w, (id, v)| {
        w.str(id);
        w.opt_i64(v.last_enter_at);
        w.opt_i64(v.last_exit_at);
    });
    w.opt_i64(profile.first_seen_at());
    w.opt_i64(profile.last_seen_at());
    w.str(profile.lifecycle(now, lifecycle).as_str());
    w.seq(profile.cards(), |w, (id, c)| {
        w.str(id);
        w.str(&c.name);
        w.str(&c.url);
        w.opt_str(c.image.as_deref());
        w.i64(c.seen_at);
        w.opt_i64(c.viewed_at);
    });
    w.seq(profile.answers(), |w, (id, a)| {
        w.str(id);
        w.u32(a.scale as u32);
        w.u32(u32::from(a.score));
        w.i64(a.at);
    });
    w.bytes
}

fn write_id_and_time(w: &mut Writer, (id, at): (&str, Millis)) {
    w.str(id);
    w.i64(at);
}
