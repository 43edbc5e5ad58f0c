//! The profile as its flat record, [`ProfileWire`], and back. The profile writes its record's
//! bytes and reads them back directly, without building the record (in the browser's wasm the
//! record's lists cost 2.5 kB gzip to build and drop); [`Profile::to_wire`] and
//! [`Profile::from_wire`] convert to and from the record itself, and tests/profile_bytes.rs checks
//! that both ways agree.
//!
//! Loading never trusts the record: invalid ids, times and amounts (NaN, infinite, negative)
//! are dropped or clamped, duplicates collapse (the later entry wins), and every bound of the
//! in-memory profile is enforced. A corrupt or hostile record can make a small profile, never
//! an unbounded one or a panic. The stored bytes refuse a list longer than the profile keeps
//! before reading it ([`super::bytes`]); a record built in code keeps the first entries of such
//! a list.

use crate::engine::prelude::*;

use crate::engine::codec::{ReadError, Reader, Writer};
use crate::engine::events::{Millis, Scale};

use super::affinity::Dimension;
use super::answers::Answer;
use super::beacons::BeaconVisit;
use super::bytes::{
    AffinitiesWire, BoughtWire, CartLineWire, OfferWire, ProfileWire, LAYOUT_VERSION,
};
use super::cards::ProductCard;
use super::cart::CartLine;
use super::config::{
    MAX_BEACONS, MAX_CART_LINES, MAX_EVENT_COUNT, MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY,
    MAX_OFFERS, MAX_PRODUCT_CARDS, MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS, MAX_SURVEY_ANSWERS,
};
use super::decay::{sanitize_amount, DecayedScore};
use super::offers::{OfferHistory, WindowCount};
use super::purchases::Purchased;
use super::reorder::PurchaseStats;
use super::sanitize::{is_valid_id, is_valid_time, is_valid_url};
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
                .map(|(id, p)| BoughtWire {
                    id,
                    category: p.category.as_deref(),
                    trips: p.stats.count,
                    at: p.stats.last_at,
                    log_sum: p.stats.log_sum,
                    log_sq_sum: p.stats.log_sq_sum,
                })
                .collect(),
            rhythm: self
                .order_rhythm
                .map(|s| (s.count, s.last_at, s.log_sum, s.log_sq_sum)),
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
            cards: self
                .cards
                .iter()
                .map(|(id, c)| {
                    let image = c.image.as_deref();
                    (
                        id,
                        c.name.as_str(),
                        c.url.as_str(),
                        image,
                        c.seen_at,
                        c.viewed_at,
                    )
                })
                .collect(),
            answers: self
                .answers
                .iter()
                .map(|(id, a)| (id, a.scale, a.score, a.at))
                .collect(),
        }
    }

    /// Writes [`Profile::to_wire`]'s record as postcard encodes it, without building it
    /// (tests/profile_bytes.rs checks both give the same bytes).
    pub(crate) fn write(&self, w: &mut Writer) {
        let dims = [
            Dimension::Category,
            Dimension::Brand,
            Dimension::Tag,
            Dimension::SearchTerm,
        ];
        for dim in dims {
            w.seq(self.affinities[dim.index()].iter(), |w, (key, score)| {
                w.str(key);
                w.f64(score.value());
                w.i64(score.at());
            });
        }
        w.f64(self.engagement.value());
        w.i64(self.engagement.at());
        w.seq(self.cart.lines(), |w, (id, line)| {
            w.str(id);
            w.u32(line.quantity);
            w.opt_str(line.category.as_deref());
            w.opt_f64(line.price);
            w.i64(line.updated_at);
        });
        w.u32(self.purchases);
        w.opt_i64(self.last_purchase_at);
        w.f64(self.monetary);
        w.seq(self.recent_purchases.iter(), |w, (id, p)| {
            w.str(id);
            w.opt_str(p.category.as_deref());
            write_stats(w, &p.stats);
        });
        w.opt(self.order_rhythm.as_ref(), write_stats);
        w.u32(self.sessions);
        w.opt_i64(self.session_started_at);
        w.u32(self.session_page_views);
        w.opt_i64(self.first_seen_at);
        w.opt_i64(self.last_seen_at);
        w.seq(self.search_terms.iter(), |w, (term, at)| {
            w.str(term);
            w.i64(at);
        });
        w.seq(self.offers.iter(), |w, (id, o)| {
            w.str(id);
            w.u32(o.impressions);
            w.u32(o.clicks);
            w.u32(o.dismissals);
            w.opt_i64(o.last_shown_at);
            w.opt_i64(o.last_clicked_at);
            w.opt_i64(o.last_dismissed_at);
            for window in [
                &o.session_impressions,
                &o.day_impressions,
                &o.week_impressions,
            ] {
                w.i64(window.window);
                w.u32(window.count);
            }
            w.f64(o.fatigue_score.value());
            w.i64(o.fatigue_score.at());
        });
        w.seq(self.beacons.iter(), |w, (id, b)| {
            w.str(id);
            w.opt_i64(b.last_enter_at);
            w.opt_i64(b.last_exit_at);
        });
        w.u64(self.event_count);
        w.seq(self.cards.iter(), |w, (id, c)| {
            w.str(id);
            w.str(&c.name);
            w.str(&c.url);
            w.opt_str(c.image.as_deref());
            w.i64(c.seen_at);
            w.opt_i64(c.viewed_at);
        });
        w.seq(self.answers.iter(), |w, (id, a)| {
            w.str(id);
            w.u32(a.scale as u32);
            w.u8(a.score);
            w.i64(a.at);
        });
    }

    /// The profile a record describes, with every value checked and every bound enforced (see
    /// the [module documentation](self)).
    pub fn from_wire(wire: ProfileWire<'_>) -> Profile {
        Profile::from_wire_since(wire, 0)
    }

    /// [`Profile::from_wire`], leaving out what [`Profile::prune`] would drop at `cutoff`
    /// (interests, engagement, cart lines, purchases, searches, offer histories and beacon
    /// visits last updated before it): loading and retention in one pass. A record loads as
    /// its stored bytes do: its over-long lists are cut to what a profile keeps, it is encoded
    /// as its serde derives specify, and read back.
    pub fn from_wire_since(mut wire: ProfileWire<'_>, cutoff: Millis) -> Profile {
        for dim in [
            &mut wire.aff.category,
            &mut wire.aff.brand,
            &mut wire.aff.tag,
            &mut wire.aff.search,
        ] {
            dim.truncate(MAX_KEYS_PER_DIMENSION);
        }
        wire.cart.truncate(MAX_CART_LINES);
        wire.bought.truncate(MAX_RECENT_PURCHASES);
        wire.search.truncate(MAX_SEARCH_TERMS);
        wire.offers.truncate(MAX_OFFERS);
        wire.beacons.truncate(MAX_BEACONS);
        wire.cards.truncate(MAX_PRODUCT_CARDS);
        wire.answers.truncate(MAX_SURVEY_ANSWERS);
        // Cannot fail: every field serializes, and the bytes are a whole record within every
        // bound. (Records built in code are a native path: the browser's wasm reads bytes only.)
        postcard::to_allocvec(&wire).map_or_else(
            |_| Profile::new(),
            |bytes| {
                Profile::read_since(&mut Reader::new(&bytes), cutoff, LAYOUT_VERSION)
                    .unwrap_or_default()
            },
        )
    }

    /// Reads a record ([`ProfileWire`]'s fields in order, as stored in `layout`) straight into
    /// a profile, checking every value as it goes and leaving out what is older than `cutoff`;
    /// a list longer than a profile keeps is refused before it is read.
    pub(crate) fn read_since(
        r: &mut Reader<'_>,
        cutoff: Millis,
        layout: u16,
    ) -> Result<Profile, ReadError> {
        let mut profile = Profile::new();
        let kept = |at: Millis| at >= cutoff && is_valid_time(at);
        let kept_score = |score: (f64, Millis)| valid_score(score).filter(|s| s.at() >= cutoff);

        for dim in [
            Dimension::Category,
            Dimension::Brand,
            Dimension::Tag,
            Dimension::SearchTerm,
        ] {
            let map = &mut profile.affinities[dim.index()];
            r.each(MAX_KEYS_PER_DIMENSION, |r| {
                let (key, value, at) = (r.str()?, r.f64()?, r.i64()?);
                let valid_key =
                    is_valid_id(key) && (dim != Dimension::SearchTerm || is_normalized_term(key));
                if let (true, Some(score)) = (valid_key, kept_score((value, at))) {
                    map.insert_loaded(key.to_owned(), score);
                }
                Ok(())
            })?;
        }

        profile.engagement = kept_score((r.f64()?, r.i64()?)).unwrap_or_default();

        let cart = &mut profile.cart;
        r.each(MAX_CART_LINES, |r| {
            let (id, qty, category, price, at) =
                (r.str()?, r.u32()?, r.opt_str()?, r.opt_f64()?, r.i64()?);
            if is_valid_id(id) && kept(at) {
                let line = CartLine {
                    quantity: qty.clamp(1, MAX_LINE_QUANTITY),
                    category: category.filter(|c| is_valid_id(c)).map(str::to_owned),
                    price: price.and_then(sanitize_amount),
                    updated_at: at,
                };
                cart.insert_loaded(id.to_owned(), line);
            }
            Ok(())
        })?;

        profile.purchases = r.u32()?;
        profile.last_purchase_at = valid_time(r.opt_i64()?);
        profile.monetary = sanitize_amount(r.f64()?).unwrap_or(0.0);
        let bought = &mut profile.recent_purchases;
        r.each(MAX_RECENT_PURCHASES, |r| {
            let id = r.str()?;
            let (category, stats) = if layout >= 2 {
                (r.opt_str()?, read_stats(r)?)
            } else {
                (None, Some(PurchaseStats::first(r.i64()?)))
            };
            if let (true, Some(stats)) = (is_valid_id(id), stats.filter(|s| kept(s.last_at))) {
                let category = category.filter(|c| is_valid_id(c)).map(str::to_owned);
                bought.insert(id.to_owned(), Purchased { category, stats });
            }
            Ok(())
        })?;
        profile.order_rhythm = if layout >= 2 {
            r.opt(read_stats)?.flatten()
        } else {
            profile.last_purchase_at.map(PurchaseStats::first)
        }
        .filter(|_| profile.purchases > 0);

        profile.sessions = r.u32()?;
        profile.session_started_at = valid_time(r.opt_i64()?);
        profile.session_page_views = r.u32()?;
        profile.first_seen_at = valid_time(r.opt_i64()?);
        profile.last_seen_at = valid_time(r.opt_i64()?);

        // Newest first on the wire; recorded oldest first, so equal times keep their order.
        let searches = r.list(MAX_SEARCH_TERMS, |r| Ok((r.str()?, r.i64()?)))?;
        for &(term, at) in searches.iter().rev() {
            if is_normalized_term(term) && kept(at) {
                profile.search_terms.record(term, at);
            }
        }

        let offers = &mut profile.offers;
        r.each(MAX_OFFERS, |r| {
            let id = r.str()?;
            let history = OfferHistory {
                impressions: r.u32()?,
                clicks: r.u32()?,
                dismissals: r.u32()?,
                last_shown_at: valid_time(r.opt_i64()?),
                last_clicked_at: valid_time(r.opt_i64()?),
                last_dismissed_at: valid_time(r.opt_i64()?),
                session_impressions: window((r.i64()?, r.u32()?)),
                day_impressions: window((r.i64()?, r.u32()?)),
                week_impressions: window((r.i64()?, r.u32()?)),
                fatigue_score: valid_score((r.f64()?, r.i64()?)).unwrap_or_default(),
            };
            if is_valid_id(id) && history.last_touched_at().is_some_and(|t| t >= cutoff) {
                offers.insert(id.to_owned(), history);
            }
            Ok(())
        })?;

        let beacons = &mut profile.beacons;
        r.each(MAX_BEACONS, |r| {
            let id = r.str()?;
            let visit = BeaconVisit {
                last_enter_at: valid_time(r.opt_i64()?),
                last_exit_at: valid_time(r.opt_i64()?),
            };
            if is_valid_id(id) && visit.last_seen_at().is_some_and(|t| t >= cutoff) {
                beacons.insert(id.to_owned(), visit);
            }
            Ok(())
        })?;

        profile.event_count = r.u64()?.min(MAX_EVENT_COUNT);

        if layout >= 3 {
            let cards = &mut profile.cards;
            r.each(MAX_PRODUCT_CARDS, |r| {
                let (id, name, url, image) = (r.str()?, r.str()?, r.str()?, r.opt_str()?);
                let (seen_at, viewed_at) = (r.i64()?, r.opt_i64()?.filter(|&at| kept(at)));
                if is_valid_id(id) && is_valid_id(name) && is_valid_url(url) && kept(seen_at) {
                    let card = ProductCard {
                        name: name.to_owned(),
                        url: url.to_owned(),
                        image: image.filter(|i| is_valid_url(i)).map(str::to_owned),
                        seen_at,
                        viewed_at,
                    };
                    cards.insert(id.to_owned(), card);
                }
                Ok(())
            })?;
        }

        if layout >= 4 {
            let answers = &mut profile.answers;
            r.each(MAX_SURVEY_ANSWERS, |r| {
                let id = r.str()?;
                let (scale, score, at) = (Scale::ALL[r.variant(3)? as usize], r.u8()?, r.i64()?);
                if is_valid_id(id) && scale.allows(score) && kept(at) {
                    answers.insert(id.to_owned(), Answer { scale, score, at });
                }
                Ok(())
            })?;
        }
        Ok(profile)
    }
}

fn write_stats(w: &mut Writer, stats: &PurchaseStats) {
    w.u32(stats.count);
    w.i64(stats.last_at);
    w.f64(stats.log_sum);
    w.f64(stats.log_sq_sum);
}

/// A stored purchase rhythm; `None` when it cannot be one (no trip, an invalid time, sums that
/// are not finite or a negative sum of squares). Any finite sums give finite rankings
/// (`reorder::rank` bounds what it derives from them).
fn read_stats(r: &mut Reader<'_>) -> Result<Option<PurchaseStats>, ReadError> {
    let stats = PurchaseStats {
        count: r.u32()?,
        last_at: r.i64()?,
        log_sum: r.f64()?,
        log_sq_sum: r.f64()?,
    };
    let valid = stats.count > 0
        && is_valid_time(stats.last_at)
        && stats.log_sum.is_finite()
        && stats.log_sq_sum.is_finite()
        && stats.log_sq_sum >= 0.0;
    Ok(valid.then_some(stats))
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
