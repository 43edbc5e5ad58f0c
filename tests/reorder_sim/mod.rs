//! Simulated purchase histories with realistic repeat cycles, and the hit rates of reorder
//! rankings on them: used by `tests/reorder.rs` and `examples/reorder_hits.rs` (whose figures
//! are in BENCHMARKS.md, "Reorder timing").
//!
//! Each shopper buys a few staples of different categories, each on a personal rhythm (the
//! category's typical interval times a personal factor), with jitter from trip to trip (a
//! personal regularity), starting at a random phase. Some staples are dropped at some point
//! (the shopper stopped buying them), other products of a category are tried once and never
//! again, and one-off purchases (a kettle, a toaster) happen at random. [`Scenario`] sets how
//! many staples, how much jitter, and how many are dropped or tried. Purchases on the same day are
//! one order. The simulation is seeded, so every figure can be reproduced.
//!
//! Evaluation: at a random cutoff in the last quarter of the year, every ranking orders the
//! products bought before it; the truth is the next order's products that were bought before
//! (a reorder). Shoppers whose next order holds no reorder are not scored (every ranking would
//! miss). hit@k: one of the first k products is in that order.

#![allow(dead_code)]

use rand_core::{Rng, SeedableRng};
use rand_distr::{Distribution, LogNormal};
use rand_pcg::Pcg64Mcg;
use vitrine::engine::clock::DAY_MS;
use vitrine::engine::measurement::Z_95;
use vitrine::engine::profile::reorder::{rank, Bought, PurchaseStats, ReorderConfig};

/// Categories of staples: name and typical days between purchases.
const STAPLES: [(&str, f64); 8] = [
    ("coffee", 21.0),
    ("tea", 25.0),
    ("filters", 60.0),
    ("detergent", 45.0),
    ("pet-food", 28.0),
    ("vitamins", 30.0),
    ("razor-blades", 40.0),
    ("diapers", 10.0),
];
/// Products per staple category (a shopper keeps to one, or tries another once).
const PRODUCTS_PER_CATEGORY: u32 = 5;
/// One-off categories (bought once).
const ONE_OFFS: [&str; 3] = ["kitchen", "electronics", "garden"];
/// Days simulated.
const HORIZON_DAYS: f64 = 365.0;

/// One purchase: day, product, category.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchase {
    pub day: f64,
    pub product: String,
    pub category: &'static str,
}

/// A shopper's purchases, by day.
pub type History = Vec<Purchase>;

/// Uniform in `[0, 1)`.
fn unit(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn pick(rng: &mut Pcg64Mcg, n: u32) -> u32 {
    (unit(rng) * f64::from(n)) as u32
}

fn lognormal(rng: &mut Pcg64Mcg, sigma: f64) -> f64 {
    LogNormal::new(0.0, sigma).map_or(1.0, |d| d.sample(rng))
}

/// How shoppers behave in a simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scenario {
    pub name: &'static str,
    /// Staples per shopper: at least `staples.0`, fewer than `staples.0 + staples.1`.
    pub staples: (u32, u32),
    /// Trip-to-trip jitter of a staple's interval (sigma of a log-normal), uniform in this range.
    pub jitter: (f64, f64),
    /// Share of staples the shopper stops buying at some point.
    pub lapse_share: f64,
    /// Share of staples for which the shopper tries another product of the category once.
    pub try_once_share: f64,
}

impl Scenario {
    /// Regular buyers: 2 to 6 staples, jitter 8 to 38 %, a quarter dropped.
    pub const REGULAR: Scenario = Scenario {
        name: "regular",
        staples: (2, 5),
        jitter: (0.08, 0.38),
        lapse_share: 0.25,
        try_once_share: 0.3,
    };
    /// Irregular buyers: 2 to 8 staples, jitter 30 to 70 %, 40 % dropped, more products tried
    /// once.
    pub const IRREGULAR: Scenario = Scenario {
        name: "irregular",
        staples: (2, 7),
        jitter: (0.3, 0.7),
        lapse_share: 0.4,
        try_once_share: 0.6,
    };
}

/// `shoppers` simulated histories of the [`Scenario::REGULAR`] kind from `seed`.
pub fn simulate(seed: u64, shoppers: usize) -> Vec<History> {
    simulate_scenario(Scenario::REGULAR, seed, shoppers)
}

/// `shoppers` simulated histories of `scenario` from `seed`.
pub fn simulate_scenario(scenario: Scenario, seed: u64, shoppers: usize) -> Vec<History> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    (0..shoppers)
        .map(|_| shopper(&mut rng, &scenario))
        .collect()
}

fn shopper(rng: &mut Pcg64Mcg, scenario: &Scenario) -> History {
    let mut purchases = Vec::new();
    let mut categories: Vec<usize> = (0..STAPLES.len()).collect();
    let staples = (scenario.staples.0 + pick(rng, scenario.staples.1)) as usize;
    for _ in 0..staples.min(STAPLES.len()) {
        let (name, typical) =
            STAPLES[categories.swap_remove(pick(rng, categories.len() as u32) as usize)];
        let staple = pick(rng, PRODUCTS_PER_CATEGORY);
        let product = format!("{name}-{staple}");
        let rhythm = typical * lognormal(rng, 0.35);
        let (low, high) = scenario.jitter;
        let jitter = low + (high - low) * unit(rng);
        let stops = if unit(rng) < scenario.lapse_share {
            HORIZON_DAYS * unit(rng)
        } else {
            f64::INFINITY
        };
        let mut day = rhythm * unit(rng);
        while day < HORIZON_DAYS.min(stops) {
            purchases.push(Purchase {
                day: day.floor(),
                product: product.clone(),
                category: name,
            });
            day += rhythm * lognormal(rng, jitter);
        }
        // Now and then another product of the category, tried once.
        if unit(rng) < scenario.try_once_share {
            // Another product than the staple: one of the category's other four.
            let other = (staple + 1 + pick(rng, PRODUCTS_PER_CATEGORY - 1)) % PRODUCTS_PER_CATEGORY;
            let other = format!("{name}-{other}");
            purchases.push(Purchase {
                day: (HORIZON_DAYS * unit(rng)).floor(),
                product: other,
                category: name,
            });
        }
    }
    for _ in 0..pick(rng, 4) {
        let category = ONE_OFFS[pick(rng, ONE_OFFS.len() as u32) as usize];
        let product = format!("{category}-{}", pick(rng, 50));
        purchases.push(Purchase {
            day: (HORIZON_DAYS * unit(rng)).floor(),
            product,
            category,
        });
    }
    purchases.sort_by(|a, b| a.day.total_cmp(&b.day).then(a.product.cmp(&b.product)));
    purchases.dedup_by(|a, b| a.day == b.day && a.product == b.product);
    purchases
}

/// What one ranking knows at the cutoff: per product, its category, purchase count, latest
/// purchase day and [`PurchaseStats`].
pub struct Known {
    pub product: String,
    pub category: &'static str,
    /// The first purchase (for the plain mean interval of [`Ranker::ClosestToDue`]).
    pub first_at: i64,
    pub stats: PurchaseStats,
}

fn known_before(history: &History, cutoff: f64) -> Vec<Known> {
    let mut known: Vec<Known> = Vec::new();
    for p in history.iter().take_while(|p| p.day < cutoff) {
        let at = (p.day * DAY_MS as f64) as i64;
        match known.iter_mut().find(|k| k.product == p.product) {
            Some(k) => k.stats.record(at),
            None => known.push(Known {
                product: p.product.clone(),
                category: p.category,
                first_at: at,
                stats: PurchaseStats::first(at),
            }),
        }
    }
    known
}

/// The rankings compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranker {
    /// The most often bought first (then the most recent).
    MostBought,
    /// The latest order's products first, then the one before, and so on (then the most often
    /// bought).
    LastOrderAgain,
    /// The closest to due first: days since the last purchase against the product's own mean
    /// interval (30 days for a product bought once), by `|ln(ratio)|`. Time-aware, with no model
    /// of spread or of products no longer bought. (Ranking the most overdue first instead does
    /// far worse: it puts the products the shopper stopped buying first.)
    ClosestToDue,
    /// `vitrine::engine::profile::reorder::rank`.
    ReorderTiming,
}

impl Ranker {
    pub const ALL: [Ranker; 4] = [
        Ranker::MostBought,
        Ranker::LastOrderAgain,
        Ranker::ClosestToDue,
        Ranker::ReorderTiming,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Ranker::MostBought => "most bought first",
            Ranker::LastOrderAgain => "last order again",
            Ranker::ClosestToDue => "closest to due first",
            Ranker::ReorderTiming => "reorder timing (Vitrine)",
        }
    }

    fn order(self, known: &[Known], now: i64) -> Vec<String> {
        let mut by: Vec<&Known> = known.iter().collect();
        match self {
            Ranker::MostBought => by.sort_by(|a, b| {
                (b.stats.count, b.stats.last_at, &a.product).cmp(&(
                    a.stats.count,
                    a.stats.last_at,
                    &b.product,
                ))
            }),
            Ranker::LastOrderAgain => by.sort_by(|a, b| {
                (b.stats.last_at, b.stats.count, &a.product).cmp(&(
                    a.stats.last_at,
                    a.stats.count,
                    &b.product,
                ))
            }),
            Ranker::ClosestToDue => {
                let distance = |k: &Known| {
                    let mean_days = if k.stats.count >= 2 {
                        (k.stats.last_at - k.first_at) as f64 / DAY_MS as f64 / k.stats.intervals()
                    } else {
                        30.0
                    };
                    let elapsed = ((now - k.stats.last_at) as f64 / DAY_MS as f64).max(0.5);
                    (elapsed / mean_days.max(0.5)).ln().abs()
                };
                by.sort_by(|a, b| {
                    distance(a)
                        .total_cmp(&distance(b))
                        .then(a.product.cmp(&b.product))
                });
            }
            Ranker::ReorderTiming => {
                let bought: Vec<Bought<'_>> = known
                    .iter()
                    .map(|k| (k.product.as_str(), Some(k.category), &k.stats))
                    .collect();
                return rank(&bought, now, &ReorderConfig::default())
                    .into_iter()
                    .map(|r| r.product.to_owned())
                    .collect();
            }
        }
        by.into_iter().map(|k| k.product.clone()).collect()
    }
}

/// Per scored shopper and ranker, whether the first 1 and the first 3 hit the next order.
pub struct Outcomes {
    /// `[ranker][shopper] = (hit@1, hit@3)`.
    pub hits: Vec<Vec<(bool, bool)>>,
    /// Shoppers whose next order held no reorder (not scored).
    pub skipped: usize,
}

/// Scores every ranking on `histories`, with cutoffs drawn from `seed`.
pub fn evaluate(histories: &[History], seed: u64) -> Outcomes {
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed);
    let mut hits = vec![Vec::new(); Ranker::ALL.len()];
    let mut skipped = 0;
    for history in histories {
        let cutoff = (HORIZON_DAYS * (0.75 + 0.25 * unit(&mut rng))).floor();
        let known = known_before(history, cutoff);
        let Some(next_day) = history.iter().map(|p| p.day).find(|&d| d >= cutoff) else {
            skipped += 1;
            continue;
        };
        let next: Vec<&str> = history
            .iter()
            .filter(|p| p.day == next_day && known.iter().any(|k| k.product == p.product))
            .map(|p| p.product.as_str())
            .collect();
        if next.is_empty() {
            skipped += 1;
            continue;
        }
        let now = (cutoff * DAY_MS as f64) as i64;
        for (i, ranker) in Ranker::ALL.into_iter().enumerate() {
            let order = ranker.order(&known, now);
            let hit = |k: usize| order.iter().take(k).any(|p| next.contains(&p.as_str()));
            hits[i].push((hit(1), hit(3)));
        }
    }
    Outcomes { hits, skipped }
}

/// A proportion with its 95 % Wilson interval.
pub fn wilson(successes: usize, n: usize) -> (f64, f64, f64) {
    let (s, n) = (successes as f64, n as f64);
    let z = Z_95;
    let p = s / n;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    (p, centre - half, centre + half)
}

/// The mean paired difference `a - b` of two rankers' hits on the same shoppers, with a 95 %
/// normal interval.
pub fn paired_difference(a: &[bool], b: &[bool]) -> (f64, f64, f64) {
    if a.len() < 2 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let n = a.len() as f64;
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| f64::from(u8::from(x)) - f64::from(u8::from(y)))
        .collect();
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = Z_95 * (var / n).sqrt();
    (mean, mean - half, mean + half)
}
