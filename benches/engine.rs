//! Engine benchmarks: `decide` over generated catalogs of 100, 1,000 and 10,000 offers against a
//! profile built from 10,000 events, and `Profile::apply` throughput. Run with `make bench`
//! (`cargo bench --bench engine`); results are summarised in BENCHMARKS.md.
//!
//! Everything is generated in code with a fixed-seed splitmix64, so runs are comparable.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::json;
use vitrine::engine::catalog::Catalog;
use vitrine::engine::decision::{decide, Context, Inputs};
use vitrine::engine::events::{Event, EventKind, OfferRef, PageType, Product};
use vitrine::engine::profile::{Profile, ProfileConfig};

/// Decision time of the benchmarks: 2026-11-23T09:30:00Z.
const NOW: i64 = 1_795_426_200_000;
const CATEGORIES: u64 = 50;
const BRANDS: u64 = 20;
const TAGS: u64 = 30;
const SLOTS: u64 = 5;
const PRODUCTS: u64 = 500;
const EVENTS: usize = 10_000;
/// The catalog limit (`limits::MAX_CAMPAIGNS`).
const MAX_CAMPAIGNS: usize = 500;
/// The slot every `decide` benchmark fills.
const SLOT: &str = "s0";

/// splitmix64: tiny, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Skewed towards small values, so some categories dominate the profile.
    fn skewed(&mut self, n: u64) -> u64 {
        self.below(n).min(self.below(n))
    }
}

fn cat(i: u64) -> String {
    format!("cat-{i}")
}

fn product(rng: &mut Rng) -> Product {
    let id = rng.below(PRODUCTS);
    let mut tags = vec![format!("t-{}", rng.skewed(TAGS))];
    if rng.chance(30) {
        tags.push(format!("t-{}", rng.below(TAGS)));
    }
    Product {
        id: format!("p-{id}"),
        category: Some(cat(rng.skewed(CATEGORIES))),
        brand: Some(format!("b-{}", rng.skewed(BRANDS))),
        tags,
        price: Some(1.0 + rng.below(10_000) as f64 / 100.0),
        ..Default::default()
    }
}

/// A catalog of `n` offers over `min(n / 10, 500)` campaigns, in 5 slots, as compact JSON (the
/// 10,000-offer catalog has to stay under the 1 MiB catalog limit).
fn catalog_json(n: usize) -> String {
    let mut rng = Rng(0xCA7A_1065 ^ n as u64);
    let campaigns = (n / 10).clamp(1, MAX_CAMPAIGNS);
    let per_campaign = n / campaigns;
    let mut docs = Vec::with_capacity(campaigns);
    for c in 0..campaigns {
        let mut offers = Vec::with_capacity(per_campaign);
        for j in 0..per_campaign {
            let k = (c * per_campaign + j) as u64;
            let mut offer = json!({
                "id": format!("o{k}"),
                "slots": [format!("s{}", k % SLOTS)],
                "title": "T",
                "categories": [cat(rng.below(CATEGORIES))],
            });
            if rng.chance(50) {
                offer["brands"] = json!([format!("b-{}", rng.below(BRANDS))]);
            }
            if rng.chance(50) {
                offer["tags"] = json!([format!("t-{}", rng.below(TAGS))]);
            }
            match rng.below(10) {
                0 => offer["target"] = json!({"feature": "intent", "in": ["warm", "hot"]}),
                1 | 2 => {
                    offer["target"] = json!({
                        "feature": format!("affinity.category.{}", cat(rng.below(CATEGORIES))),
                        "gt": 0.02,
                    });
                }
                _ => {}
            }
            if k % 10 == 3 {
                offer["caps"] = json!({"per_day": 2});
            }
            if k % 25 == 7 {
                offer["products"] = json!([format!("p-{}", rng.below(PRODUCTS))]);
            }
            offers.push(offer);
        }
        let mut campaign = json!({ "id": format!("c{c}"), "offers": offers });
        if c % 7 == 1 {
            campaign["priority"] = json!(1);
        }
        if c % 5 == 2 {
            campaign["target"] = json!({"feature": "page.type", "in": ["home", "category"]});
        }
        if c % 4 == 3 {
            campaign["caps"] = json!({"per_session": 3, "per_week": 10});
        }
        docs.push(campaign);
    }
    json!({
        "schema": 1,
        "version": format!("bench-{n}"),
        "defaults": {
            "prior": {"alpha": 1, "beta": 19},
            "caps": {"dismiss_cooldown_hours": 72},
            "suppress_purchased_hours": 336,
        },
        "campaigns": docs,
    })
    .to_string()
}

/// `count` mixed events in sessions of about 50 events (5 to 65 s apart, 1 to 3 h between
/// sessions, about 17 days in all), ending a minute before [`NOW`]. Banner events name offers
/// `o0..o{offers}`.
fn events(count: usize, offers: u64, seed: u64) -> Vec<Event> {
    let mut rng = Rng(seed);
    let mut at = 0i64;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        at += if rng.chance(2) {
            3_600_000 + rng.below(7_200_000) as i64
        } else {
            5_000 + rng.below(60_000) as i64
        };
        let offer = |rng: &mut Rng| OfferRef {
            offer: format!("o{}", rng.skewed(offers)),
            slot: format!("s{}", rng.below(SLOTS)),
        };
        let kind = if i == count - 20 {
            EventKind::Purchase {
                items: (0..3).map(|_| product(&mut rng)).collect(),
                value: 0.0,
            }
        } else {
            match rng.below(100) {
                0..=14 => EventKind::PageView {
                    page_type: PageType::Product,
                },
                15..=49 => EventKind::ProductView {
                    product: product(&mut rng),
                },
                50..=59 => EventKind::CategoryView {
                    category: cat(rng.skewed(CATEGORIES)),
                },
                60..=67 => EventKind::Search {
                    query: format!(
                        "Organic cat-{} t-{} beans",
                        rng.skewed(CATEGORIES),
                        rng.below(TAGS)
                    ),
                },
                68..=72 => EventKind::AddToCart {
                    product: product(&mut rng),
                    quantity: 1 + rng.below(3) as u32,
                },
                73 => EventKind::RemoveFromCart {
                    product_id: format!("p-{}", rng.below(PRODUCTS)),
                },
                74..=92 => EventKind::Impression(offer(&mut rng)),
                93..=97 => EventKind::Click(offer(&mut rng)),
                _ => EventKind::Dismiss(offer(&mut rng)),
            }
        };
        out.push(Event { at, kind });
    }
    let shift = NOW - 60_000 - at;
    for e in &mut out {
        e.at += shift;
    }
    out
}

fn profile(events: &[Event], config: &ProfileConfig) -> Profile {
    let mut p = Profile::new();
    for e in events {
        p.apply(e, config);
    }
    p
}

fn bench_decide(c: &mut Criterion) {
    let config = ProfileConfig::default();
    let context = Context {
        now: NOW,
        page_type: Some(PageType::Home),
        ..Context::default()
    };
    let mut group = c.benchmark_group("decide");
    group.measurement_time(Duration::from_secs(3));
    for n in [100usize, 1_000, 10_000] {
        let json = catalog_json(n);
        let catalog = Catalog::from_json(&json).expect("generated catalog is valid");
        let profile = profile(&events(EVENTS, n as u64, 7), &config);
        let inputs = Inputs {
            catalog: &catalog,
            profile: &profile,
            config: &config,
            device_id: "bench-device",
            personalization_allowed: true,
        };
        let in_slot = catalog
            .offers
            .iter()
            .filter(|o| o.slots.iter().any(|s| s == SLOT))
            .count();
        let sample = &decide(&inputs, &context, &[SLOT], 1)[0];
        eprintln!(
            "decide/{n}: catalog {} bytes, {} campaigns, {} offers; slot {SLOT} has {in_slot} \
             offers: {} eligible, {} removed; mode {:?}, chose {:?}",
            json.len(),
            catalog.campaigns.len(),
            catalog.offers.len(),
            sample.explanation.candidates,
            sample.explanation.removed.len(),
            sample.mode,
            sample.offer.as_ref().map(|o| o.id.as_str()),
        );
        if n >= 10_000 {
            group.sample_size(30);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &inputs, |b, inputs| {
            let mut seed = 0u64;
            b.iter(|| {
                seed = seed.wrapping_add(1);
                decide(black_box(inputs), black_box(&context), &[SLOT], seed)
            });
        });
    }
    group.finish();
}

fn bench_track(c: &mut Criterion) {
    let config = ProfileConfig::default();
    let events = events(EVENTS, 1_000, 11);
    let mut group = c.benchmark_group("track");
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function(BenchmarkId::new("apply", events.len()), |b| {
        b.iter(|| profile(black_box(&events), &config));
    });
    group.finish();
}

criterion_group!(benches, bench_decide, bench_track);
criterion_main!(benches);
