#![cfg(not(target_arch = "wasm32"))]
//! Profile state: cart, purchases, sessions, offers, beacons, bounds, retention, out-of-order
//! and garbage input.

use vitrine::engine::clock::{LocalTime, DAY_MS, HOUR_MS, MINUTE_MS};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{
    Dimension, Intent, Profile, ProfileConfig, MAX_BEACONS, MAX_CART_LINES, MAX_ID_BYTES,
    MAX_KEYS_PER_DIMENSION, MAX_LINE_QUANTITY, MAX_OFFERS, MAX_RECENT_PURCHASES, MAX_SEARCH_TERMS,
    MAX_TIMESTAMP_MS, PRESENCE_TTL_MS,
};

/// 2026-11-23T09:30:00Z, a Monday.
const T0: i64 = 1_795_426_200_000;

fn at(at: i64, kind: EventKind) -> Event {
    Event { at, kind }
}

fn item(id: &str, category: Option<&str>, price: Option<f64>) -> Product {
    Product {
        id: id.into(),
        category: category.map(Into::into),
        price,
        ..Product::default()
    }
}

fn add(t: i64, id: &str, quantity: u32, price: Option<f64>) -> Event {
    at(
        t,
        EventKind::AddToCart {
            product: item(id, Some("coffee"), price),
            quantity,
        },
    )
}

fn remove(t: i64, id: &str) -> Event {
    at(
        t,
        EventKind::RemoveFromCart {
            product_id: id.into(),
        },
    )
}

fn purchase(t: i64, items: Vec<Product>, value: f64) -> Event {
    at(t, EventKind::Purchase { items, value })
}

fn page(t: i64) -> Event {
    at(
        t,
        EventKind::PageView {
            page_type: PageType::Product,
        },
    )
}

fn category_view(t: i64, category: &str) -> Event {
    at(
        t,
        EventKind::CategoryView {
            category: category.into(),
        },
    )
}

fn offer(offer: &str) -> OfferRef {
    OfferRef {
        offer: offer.into(),
        slot: "hero".into(),
    }
}

fn impression(t: i64, id: &str) -> Event {
    at(t, EventKind::Impression(offer(id)))
}

fn enter(t: i64, beacon: &str) -> Event {
    at(
        t,
        EventKind::BeaconEnter {
            beacon: beacon.into(),
        },
    )
}

fn exit(t: i64, beacon: &str) -> Event {
    at(
        t,
        EventKind::BeaconExit {
            beacon: beacon.into(),
        },
    )
}

fn fold(events: &[Event], config: &ProfileConfig) -> Profile {
    let mut p = Profile::new();
    for e in events {
        p.apply(e, config);
    }
    p
}

#[test]
fn cart_accumulates_removes_and_values() {
    let config = ProfileConfig::default();
    let mut p = fold(
        &[
            add(T0, "a", 2, Some(2.5)),
            add(T0 + 1, "a", 1, None),
            add(T0 + 2, "b", 1, None),
        ],
        &config,
    );
    let cart = p.cart();
    assert_eq!(cart.get("a").map(|l| l.quantity), Some(3));
    assert_eq!(cart.get("a").and_then(|l| l.price), Some(2.5));
    assert_eq!(cart.item_count(), 4);
    assert_eq!(cart.len(), 2);
    assert_eq!(cart.value(), 7.5); // b's price is unknown
    assert_eq!(cart.categories(), ["coffee"]);
    assert_eq!(cart.product_ids().collect::<Vec<_>>(), ["a", "b"]);

    p.apply(&remove(T0 + 3, "b"), &config);
    p.apply(&remove(T0 + 3, "never-added"), &config);
    assert!(!p.cart().contains("b"));
    // Absurd quantities are clamped, per event and per line.
    p.apply(&add(T0 + 4, "c", 5_000, Some(1.0)), &config);
    p.apply(&add(T0 + 5, "c", u32::MAX, None), &config);
    assert_eq!(
        p.cart().get("c").map(|l| l.quantity),
        Some(MAX_LINE_QUANTITY)
    );
    // Quantity 0 counts as one.
    p.apply(&add(T0 + 6, "d", 0, None), &config);
    assert_eq!(p.cart().get("d").map(|l| l.quantity), Some(1));
}

#[test]
fn purchase_empties_cart_and_updates_rfm() {
    let config = ProfileConfig::default();
    let mut p = fold(
        &[add(T0, "a", 1, Some(3.0)), add(T0 + 1, "b", 1, Some(4.0))],
        &config,
    );
    let items = vec![
        item("a", Some("coffee"), Some(3.0)),
        item("b", None, Some(4.0)),
    ];
    // No order value: the item prices make up the monetary value.
    p.apply(&purchase(T0 + 10, items, 0.0), &config);
    assert!(p.cart().is_empty());
    assert_eq!(p.purchases(), 1);
    assert_eq!(p.monetary(), 7.0);
    assert_eq!(p.last_purchase_at(), Some(T0 + 10));
    assert!(p.purchased_within("a", T0 + DAY_MS, DAY_MS));
    assert!(!p.purchased_within("a", T0 + 2 * DAY_MS, DAY_MS));
    assert!(!p.purchased_within("c", T0 + 10, DAY_MS));
    assert_eq!(p.intent(T0 + 10, &config), Intent::Cold);

    // An order value wins over item prices.
    p.apply(
        &purchase(T0 + 20, vec![item("c", None, Some(1.0))], 30.5),
        &config,
    );
    assert_eq!(p.monetary(), 37.5);
    assert_eq!(p.purchases(), 2);

    // A late purchase leaves lines added after it.
    p.apply(&add(T0 + 40, "d", 1, None), &config);
    p.apply(
        &purchase(T0 + 30, vec![item("x", None, None)], 1.0),
        &config,
    );
    assert!(p.cart().contains("d"));
    assert_eq!(p.last_purchase_at(), Some(T0 + 30));
    p.apply(&purchase(T0 + 25, vec![], 1.0), &config);
    assert_eq!(p.last_purchase_at(), Some(T0 + 30));

    // Recent purchases are bounded, the newest kept.
    for i in 0..200 {
        p.apply(
            &purchase(T0 + 100 + i, vec![item(&format!("p{i}"), None, None)], 1.0),
            &config,
        );
    }
    assert_eq!(p.recent_purchases().count(), MAX_RECENT_PURCHASES);
    assert!(p.purchased_within("p199", T0 + 1000, DAY_MS));
    assert!(!p.purchased_within("p0", T0 + 1000, DAY_MS));
}

#[test]
fn sessions_start_after_the_inactivity_gap() {
    let config = ProfileConfig::default(); // 30 minutes
    let mut p = Profile::new();
    assert_eq!(p.sessions(), 0);
    p.apply(&page(T0), &config);
    p.apply(&category_view(T0 + 10 * MINUTE_MS, "coffee"), &config);
    p.apply(&page(T0 + 10 * MINUTE_MS), &config);
    p.apply(&page(T0 + 39 * MINUTE_MS), &config); // 29 minutes after the last event
    assert_eq!(p.sessions(), 1);
    // Only page_view events count as pages.
    assert_eq!(p.session_page_views(), 3);
    assert_eq!(p.session_started_at(), Some(T0));
    assert!(p.session_active(T0 + 68 * MINUTE_MS, &config));
    assert!(!p.session_active(T0 + 69 * MINUTE_MS, &config));

    // Exactly the gap: a new session.
    p.apply(&page(T0 + 69 * MINUTE_MS), &config);
    assert_eq!(p.sessions(), 2);
    assert_eq!(p.session_id(), 2);
    assert_eq!(p.session_page_views(), 1);
    assert_eq!(p.session_started_at(), Some(T0 + 69 * MINUTE_MS));
    assert_eq!(p.first_seen_at(), Some(T0));

    // A late event from long ago never starts a session and counts in the current one.
    p.apply(&page(T0 - DAY_MS), &config);
    assert_eq!(p.sessions(), 2);
    assert_eq!(p.session_page_views(), 2);
    assert_eq!(p.last_seen_at(), Some(T0 + 69 * MINUTE_MS));
    assert_eq!(p.first_seen_at(), Some(T0 - DAY_MS));
}

#[test]
fn offer_counters_follow_local_days_and_iso_weeks() {
    // UTC+02:00. Sunday 21:30 UTC is Sunday 23:30 local; an hour later it is Monday local,
    // a new day and a new ISO week, while in UTC it is still Sunday.
    let config = ProfileConfig {
        utc_offset_minutes: 120,
        ..ProfileConfig::default()
    };
    let sunday = T0 - 12 * HOUR_MS;
    let monday = T0 - 11 * HOUR_MS;
    let (sun, mon) = (LocalTime::new(sunday, 120), LocalTime::new(monday, 120));
    assert_eq!((mon.day - sun.day, mon.week - sun.week), (1, 1));

    let mut p = fold(
        &[impression(sunday, "o"), impression(sunday + 1, "o")],
        &config,
    );
    let o = p.offer("o").unwrap();
    assert_eq!((o.shown_on_day(sun.day), o.shown_in_week(sun.week)), (2, 2));
    assert_eq!(o.shown_in_session(p.session_id()), 2);

    p.apply(&impression(monday, "o"), &config);
    let o = p.offer("o").unwrap();
    assert_eq!(o.shown_on_day(mon.day), 1);
    assert_eq!(o.shown_in_week(mon.week), 1);
    assert_eq!(o.shown_on_day(sun.day), 0); // another window reads 0
    assert_eq!(o.shown_in_session(p.session_id()), 1); // an hour later: new session
    assert_eq!(o.shown_in_session(p.session_id() - 1), 0);
    assert_eq!(o.impressions, 3);

    // A late impression for Sunday counts for the lifetime only.
    p.apply(&impression(sunday + 2, "o"), &config);
    let o = p.offer("o").unwrap();
    assert_eq!((o.impressions, o.shown_on_day(mon.day)), (4, 1));
    assert_eq!(o.last_shown_at, Some(monday));

    // The same instants in UTC fall on one day and one week.
    let utc = ProfileConfig::default();
    let q = fold(&[impression(sunday, "o"), impression(monday, "o")], &utc);
    let o = q.offer("o").unwrap();
    let day = LocalTime::new(monday, 0);
    assert_eq!((o.shown_on_day(day.day), o.shown_in_week(day.week)), (2, 2));
}

#[test]
fn clicks_reset_fatigue_and_fatigue_decays() {
    let config = ProfileConfig::default();
    let mut p = fold(
        &(0..4).map(|i| impression(T0 + i, "o")).collect::<Vec<_>>(),
        &config,
    );
    let o = p.offer("o").unwrap();
    assert!((o.fatigue(T0 + 3) - 4.0).abs() < 1e-9);
    assert!((o.fatigue(T0 + 3 + 24 * HOUR_MS) - 2.0).abs() < 1e-6);

    p.apply(&at(T0 + 10, EventKind::Click(offer("o"))), &config);
    p.apply(&at(T0 + 11, EventKind::Dismiss(offer("o"))), &config);
    // An impression from before the click was already answered by it.
    p.apply(&impression(T0 + 5, "o"), &config);
    let o = p.offer("o").unwrap();
    assert_eq!(o.fatigue(T0 + 20), 0.0);
    assert_eq!((o.impressions, o.clicks, o.dismissals), (5, 1, 1));
    assert_eq!(o.last_clicked_at, Some(T0 + 10));
    assert_eq!(o.last_dismissed_at, Some(T0 + 11));
    assert_eq!(o.last_touched_at(), Some(T0 + 11));
    p.apply(&impression(T0 + 30, "o"), &config);
    assert_eq!(p.offer("o").unwrap().fatigue(T0 + 30), 1.0);
    assert_eq!(p.offers().count(), 1);
    assert!(p.offer("other").is_none());
}

#[test]
fn beacon_presence_expires_and_ends_on_exit() {
    let config = ProfileConfig::default();
    let mut p = fold(&[enter(T0, "door"), enter(T0, "till")], &config);
    assert_eq!(p.beacons_present(T0), ["door", "till"]);
    assert_eq!(
        p.beacons_present(T0 + PRESENCE_TTL_MS - 1),
        ["door", "till"]
    );
    // The page may close without an exit: presence expires 15 minutes after the enter.
    assert!(p.beacons_present(T0 + PRESENCE_TTL_MS).is_empty());

    p.apply(&exit(T0 + MINUTE_MS, "door"), &config);
    assert_eq!(p.beacons_present(T0 + 2 * MINUTE_MS), ["till"]);
    // Re-entering makes it present again.
    p.apply(&enter(T0 + 3 * MINUTE_MS, "door"), &config);
    assert_eq!(p.beacons_present(T0 + 3 * MINUTE_MS), ["door", "till"]);
    // An exit that arrives before its (earlier) enter still wins.
    p.apply(&exit(T0 + 5 * MINUTE_MS, "shelf"), &config);
    p.apply(&enter(T0 + 4 * MINUTE_MS, "shelf"), &config);
    assert!(!p.beacons_present(T0 + 5 * MINUTE_MS).contains(&"shelf"));

    assert!(p.beacon_visited_within("door", T0 + DAY_MS, DAY_MS));
    assert!(!p.beacon_visited_within("door", T0 + 2 * DAY_MS, DAY_MS));
    assert!(!p.beacon_visited_within("nowhere", T0, DAY_MS));
    assert_eq!(
        p.beacons_visited_within(T0 + HOUR_MS, HOUR_MS),
        ["door", "shelf", "till"]
    );
}

#[test]
fn ten_thousand_categories_keep_the_strongest() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    // Established interests (viewed a few times)...
    let favourites = ["coffee", "tea", "cocoa"];
    for round in 0..3 {
        for favourite in favourites {
            p.apply(&category_view(T0 + round, favourite), &config);
        }
    }
    // ...survive a flood of one-off keys, still viewed now and then.
    for i in 0..10_000i64 {
        let t = T0 + i * 1000;
        p.apply(&category_view(t, &format!("cat-{i}")), &config);
        if i % 500 == 0 {
            p.apply(
                &category_view(t, favourites[(i / 500) as usize % 3]),
                &config,
            );
        }
    }
    let now = T0 + 10_000 * 1000;
    assert_eq!(p.affinity_len(Dimension::Category), MAX_KEYS_PER_DIMENSION);
    let top: Vec<&str> = p
        .top(Dimension::Category, 3, now, &config)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    for favourite in favourites {
        assert!(top.contains(&favourite), "{favourite} not in {top:?}");
    }
    // The newest one-off key made it in too: fresh interests can always enter.
    assert!(p.affinity(Dimension::Category, "cat-9999", now, &config) > 0.0);
    assert_eq!(p.affinity(Dimension::Category, "cat-0", now, &config), 0.0);
}

#[test]
fn every_other_map_stays_bounded() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    for i in 0..10_000i64 {
        let t = T0 + i;
        let id = format!("x{i}");
        p.apply(&impression(t, &id), &config);
        p.apply(&enter(t, &id), &config);
        p.apply(&add(t, &id, 1, Some(1.0)), &config);
        p.apply(&at(t, EventKind::Search { query: id.clone() }), &config);
        let tags: Vec<String> = (0..40).map(|k| format!("t{i}-{k}")).collect();
        let product = Product {
            id: id.clone(),
            category: Some(id.clone()),
            brand: Some(id.clone()),
            tags,
            ..Product::default()
        };
        p.apply(&at(t, EventKind::ProductView { product }), &config);
    }
    assert_eq!(p.offers().count(), MAX_OFFERS);
    assert_eq!(p.beacons().count(), MAX_BEACONS);
    assert_eq!(p.cart().len(), MAX_CART_LINES);
    assert_eq!(p.recent_search_terms().len(), MAX_SEARCH_TERMS);
    for dim in Dimension::ALL {
        assert_eq!(p.affinity_len(dim), MAX_KEYS_PER_DIMENSION, "{dim:?}");
    }
    assert_eq!(p.event_count(), 50_000);
    // The most recently touched survive.
    assert!(p.offer("x9999").is_some() && p.offer("x0").is_none());
    assert!(p.cart().contains("x9999") && !p.cart().contains("x0"));
    assert_eq!(p.beacons().last().map(|(id, _)| id), Some("x9999"));
}

#[test]
fn prune_drops_old_records_and_keeps_aggregates() {
    let config = ProfileConfig::default(); // 90 days
    let old = T0;
    let recent = T0 + 100 * DAY_MS;
    let mut p = fold(
        &[
            category_view(old, "old-cat"),
            add(old, "old-line", 1, Some(2.0)),
            purchase(old, vec![item("old-buy", None, Some(5.0))], 0.0),
            at(
                old,
                EventKind::Search {
                    query: "oldterm".into(),
                },
            ),
            impression(old, "old-offer"),
            enter(old, "old-beacon"),
            category_view(recent, "new-cat"),
            add(recent, "new-line", 1, None),
            impression(recent, "new-offer"),
            enter(recent, "new-beacon"),
            at(
                recent,
                EventKind::Search {
                    query: "newterm".into(),
                },
            ),
        ],
        &config,
    );
    p.prune(recent + DAY_MS, &config);
    let now = recent + DAY_MS;
    assert_eq!(
        p.affinity_score(Dimension::Category, "old-cat", now, &config),
        0.0
    );
    let categories: Vec<&str> = p
        .top(Dimension::Category, 10, now, &config)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(categories, ["coffee", "new-cat"]);
    assert_eq!(p.cart().product_ids().collect::<Vec<_>>(), ["new-line"]);
    assert_eq!(p.recent_purchases().count(), 0);
    assert_eq!(p.recent_search_terms(), ["newterm"]);
    assert_eq!(
        p.offers().map(|(id, _)| id).collect::<Vec<_>>(),
        ["new-offer"]
    );
    assert_eq!(
        p.beacons().map(|(id, _)| id).collect::<Vec<_>>(),
        ["new-beacon"]
    );
    // Aggregates stay.
    assert_eq!((p.purchases(), p.monetary()), (1, 5.0));
    assert_eq!(p.last_purchase_at(), Some(old));
    assert_eq!(p.sessions(), 2);
    assert_eq!(p.event_count(), 11);
    // Pruning again changes nothing.
    let snapshot = p.clone();
    p.prune(now, &config);
    assert_eq!(p, snapshot);
}

#[test]
fn stale_events_never_move_time_backwards() {
    let config = ProfileConfig::default();
    let mut p = fold(&[add(T0 + 10, "a", 1, None)], &config);
    // A remove that happened before the add (another tab, delivered late) keeps the line.
    p.apply(&remove(T0 + 5, "a"), &config);
    assert!(p.cart().contains("a"));
    p.apply(&page(T0), &config);
    assert_eq!(p.last_seen_at(), Some(T0 + 10));
    assert_eq!(p.sessions(), 1);
    p.apply(&enter(T0 + 20, "door"), &config);
    p.apply(&enter(T0 + 15, "door"), &config);
    let visit = p.beacons().next().unwrap().1;
    assert_eq!(visit.last_enter_at, Some(T0 + 20));
    p.apply(&remove(T0 + 30, "a"), &config);
    assert!(p.cart().is_empty());
}

#[test]
fn garbage_is_ignored_or_clamped_without_panicking() {
    let config = ProfileConfig {
        utc_offset_minutes: i32::MIN,
        ..ProfileConfig::default()
    };
    let huge_id = "x".repeat(MAX_ID_BYTES + 1);
    let junk = vec![
        // Unusable timestamps.
        page(-1),
        page(i64::MIN),
        page(MAX_TIMESTAMP_MS + 1),
        page(i64::MAX),
        // Unusable ids.
        category_view(T0, ""),
        category_view(T0, "   "),
        category_view(T0, &huge_id),
        remove(T0, ""),
        impression(T0, ""),
        enter(T0, &huge_id),
        at(
            T0,
            EventKind::Search {
                query: " \t ".into(),
            },
        ),
        at(
            T0,
            EventKind::ProductView {
                product: item("", Some("coffee"), None),
            },
        ),
    ];
    let mut p = fold(&junk, &config);
    assert_eq!(p, Profile::new(), "ignored events change nothing");

    // Usable events with garbage parts are cleaned.
    let messy = vec![
        add(T0, "a", 1, Some(f64::NAN)),
        add(T0, "b", 1, Some(-4.0)),
        add(T0, "c", 1, Some(f64::INFINITY)),
        add(T0, "d", 1, Some(1e300)),
        purchase(T0 + 1, vec![item("", None, Some(5.0))], f64::NAN),
        purchase(T0 + 2, vec![], -10.0),
        at(
            T0 + 3,
            EventKind::ProductView {
                product: Product {
                    id: "p".into(),
                    category: Some(String::new()),
                    brand: Some(huge_id.clone()),
                    tags: vec!["".into(), "ok".into(), "ok".into()],
                    price: Some(f64::NEG_INFINITY),
                    ..Default::default()
                },
            },
        ),
        at(
            T0 + 4,
            EventKind::Impression(OfferRef {
                offer: "o".into(),
                slot: huge_id.clone(),
            }),
        ),
        page(MAX_TIMESTAMP_MS),
    ];
    for e in &messy {
        p.apply(e, &config);
    }
    assert_eq!(p.event_count(), messy.len() as u64);
    assert_eq!(p.monetary(), 0.0);
    assert_eq!(p.purchases(), 2);
    // Only the adds' category; the blank category and the huge brand were dropped.
    assert_eq!(p.affinity_len(Dimension::Category), 1);
    assert_eq!(p.affinity_len(Dimension::Brand), 0);
    assert_eq!(p.affinity_score(Dimension::Tag, "ok", T0 + 3, &config), 1.0);
    // An impression in an unusable slot still counts for its offer.
    assert_eq!(p.offer("o").map(|o| o.impressions), Some(1));
    // Reads at absurd times do not panic either.
    for now in [i64::MIN, -1, 0, T0, MAX_TIMESTAMP_MS, i64::MAX] {
        let _ = p.intent(now, &config);
        let _ = p.top(Dimension::Tag, usize::MAX, now, &config);
        let _ = p.beacons_present(now);
        let _ = p.beacon_visited_within("x", now, i64::MAX);
        let _ = p.purchased_within("a", now, i64::MIN);
        let _ = p.offer("o").map(|o| o.fatigue(now));
        p.prune(now, &config);
    }
}

#[test]
fn a_full_offer_book_evicts_the_least_recently_touched_then_the_smallest_id() {
    let config = ProfileConfig::default();
    let mut p = Profile::new();
    for i in 0..MAX_OFFERS as i64 {
        // o0 and o1 share the oldest time; the rest are newer.
        p.apply(&impression(T0 + i.max(1), &format!("o{i}")), &config);
    }
    p.apply(&impression(T0 + 500, "new"), &config);
    assert!(p.offer("o0").is_none() && p.offer("o1").is_some());
    // A click touches too: o1 is now the newest of the old ones, o2 goes next.
    p.apply(&at(T0 + 501, EventKind::Click(offer("o1"))), &config);
    p.apply(&impression(T0 + 502, "newer"), &config);
    assert!(p.offer("o1").is_some() && p.offer("o2").is_none());
    assert_eq!(p.offers().count(), MAX_OFFERS);
    assert!(p.offers().map(|(id, _)| id).is_sorted());
    assert_eq!(
        p.offer("newer").and_then(|h| h.last_shown_at),
        Some(T0 + 502)
    );
}
