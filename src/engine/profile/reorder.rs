//! Reorder timing: when a shopper will likely buy a product again, from their own purchase
//! intervals (the `reorder.due` and `reorder.soon` features).
//!
//! **Model.** The days between two purchases of a product are log-logistic: their logarithm has
//! a mean `m` (the median interval is `e^m`) and a spread `s`. Per product, `m` and `s` come
//! from the shopper's own intervals, shrunk toward a prior worth [`ReorderConfig::prior_weight`]
//! intervals: the shopper's other products of the same category when some were bought at least
//! twice, else the shop's default ([`ReorderConfig::default_interval_days`]). So a product
//! bought once takes its category's rhythm, and a product bought often follows its own.
//!
//! **Ranking.** Not every product is bought again: the shopper keeps buying a product bought
//! twice or more with probability [`ReorderConfig::keep_share`], and buys a product bought once
//! again with probability [`ReorderConfig::repeat_share_once`]. Products are ranked by the
//! chance that they are bought within the next [`ReorderConfig::window_days`], given that they
//! were not bought since the last time: `c (S(t) - S(t + w)) / (c S(t) + 1 - c)`, with `S` the
//! interval's survival function at the days `t` since the last purchase and `c` the chance that
//! the shopper still buys it. So a product that is due ranks first, one bought yesterday ranks
//! low, and one long overdue sinks as the silence makes it likelier that the shopper stopped
//! buying it. Short rhythms rank high, as they should: a product bought weekly is likelier in
//! the next order than one bought twice a year.
//!
//! `BENCHMARKS.md` ("Reorder timing") measures the ranking against "most bought first" and
//! "last order again" on simulated purchase histories (`make bench-reorder`).

use crate::engine::prelude::*;

use core::f64::consts::PI;

use crate::engine::clock::DAY_MS;
use crate::engine::events::Millis;
use crate::engine::math;

/// Purchases closer together than this are one shopping trip, not a reorder.
pub const SAME_TRIP_MS: Millis = 12 * 60 * 60 * 1000;
/// The shortest interval the model takes (half a day), so a logarithm never diverges.
const MIN_INTERVAL_DAYS: f64 = 0.5;
/// √3, for the log-logistic shape.
const SQRT_3: f64 = 1.732_050_807_568_877_2;
/// The smallest spread of log-intervals used: very regular buyers still vary a little.
const MIN_SPREAD: f64 = 0.05;

/// What the profile keeps of one product's purchases: enough for the model's mean and spread
/// of log-intervals, without the dates themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PurchaseStats {
    /// Purchases (shopping trips that included the product).
    pub count: u32,
    /// The latest one.
    pub last_at: Millis,
    /// Sum of `ln(days between purchases)` over the `count - 1` intervals.
    pub log_sum: f64,
    /// Sum of their squares.
    pub log_sq_sum: f64,
}

impl PurchaseStats {
    /// A product bought once, at `at`.
    pub fn first(at: Millis) -> PurchaseStats {
        PurchaseStats {
            count: 1,
            last_at: at,
            log_sum: 0.0,
            log_sq_sum: 0.0,
        }
    }

    /// Records a purchase at `at`. One within [`SAME_TRIP_MS`] of the latest is the same trip;
    /// one older than the latest (a late event) only counts when it adds a whole interval
    /// before it, which the sums cannot place, so it is ignored.
    pub fn record(&mut self, at: Millis) {
        let gap = at.saturating_sub(self.last_at);
        if gap < SAME_TRIP_MS {
            return;
        }
        let log = math::ln(days(gap));
        self.count = self.count.saturating_add(1);
        self.last_at = at;
        self.log_sum += log;
        self.log_sq_sum += log * log;
    }

    /// Intervals seen (`count - 1`).
    pub fn intervals(&self) -> f64 {
        f64::from(self.count.saturating_sub(1))
    }

    /// The usual days between purchases (the geometric mean of the intervals), once there is
    /// an interval.
    pub fn usual_days(&self) -> Option<f64> {
        (self.count > 1).then(|| math::exp(self.log_sum / self.intervals()))
    }
}

/// The shop's settings for reorder timing (the catalog's `reorder` section, later).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReorderConfig {
    /// The interval assumed for a product with no rhythm of its own or its category's.
    pub default_interval_days: f64,
    /// The spread of log-intervals assumed then (0.6: half of such intervals lie within a
    /// factor of 1.5 of the median).
    pub default_spread: f64,
    /// How many intervals the prior is worth against the shopper's own.
    pub prior_weight: f64,
    /// `reorder.soon`: the expected date falls within this fraction of the interval from now.
    pub soon_fraction: f64,
    /// The chance that a product bought twice or more is still being bought.
    pub keep_share: f64,
    /// The chance that a product bought once is bought again at all.
    pub repeat_share_once: f64,
    /// The ranking's horizon: the chance of a purchase within this many days.
    pub window_days: f64,
}

impl Default for ReorderConfig {
    fn default() -> ReorderConfig {
        ReorderConfig {
            default_interval_days: 30.0,
            default_spread: 0.6,
            prior_weight: 1.0,
            soon_fraction: 0.2,
            keep_share: 0.9,
            repeat_share_once: 0.35,
            window_days: 7.0,
        }
    }
}

/// A log-interval distribution: mean and spread of `ln(days)`, and what it is worth.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rhythm {
    mean: f64,
    spread: f64,
    weight: f64,
}

impl Rhythm {
    /// The shop's default.
    fn default_for(config: &ReorderConfig) -> Rhythm {
        // An infinite interval or weight is capped, so every rhythm is finite.
        Rhythm {
            mean: math::ln(within(config.default_interval_days, MIN_INTERVAL_DAYS, 1e6)),
            spread: within(config.default_spread, MIN_SPREAD, 10.0),
            weight: within(config.prior_weight, 0.0, 1e6),
        }
    }

    /// `stats`' own intervals, shrunk toward `prior` (which counts as `prior.weight` intervals).
    fn posterior(stats: &PurchaseStats, prior: Rhythm) -> Rhythm {
        let n = stats.intervals();
        let weight = prior.weight + n;
        if weight <= 0.0 {
            return prior;
        }
        let mean = (prior.weight * prior.mean + stats.log_sum) / weight;
        // Squared deviations of the own intervals from `mean`, plus the prior's spread and its
        // distance from `mean`, as if it were `prior.weight` intervals.
        let own = stats.log_sq_sum - 2.0 * mean * stats.log_sum + n * mean * mean;
        let gap = prior.mean - mean;
        let from_prior = prior.weight * (prior.spread * prior.spread + gap * gap);
        let spread = math::sqrt((own.max(0.0) + from_prior) / weight).max(MIN_SPREAD);
        Rhythm {
            mean,
            spread,
            weight,
        }
    }

    /// The median interval, in days.
    fn median_days(&self) -> f64 {
        math::exp(self.mean)
    }

    /// The log-logistic survival `S(t) = 1 / (1 + (t/a)^b)`: the chance that the next purchase
    /// comes later than `days` after the last one, with the median `a` and the shape `b` that
    /// gives the spread (a logistic of scale `1/b` has standard deviation `pi / (b sqrt 3)`).
    fn survival(&self, days: f64) -> f64 {
        let b = PI / (self.spread * SQRT_3);
        let x = math::ln(days.max(MIN_INTERVAL_DAYS / 8.0)) - self.mean;
        logistic(-b * x)
    }

    /// The chance of a purchase within `window` days, `elapsed` days after the last one and
    /// none since, when the shopper still buys the product with probability `keep`.
    fn chance_within(&self, elapsed: f64, window: f64, keep: f64) -> f64 {
        let now = self.survival(elapsed);
        let later = self.survival(elapsed + window);
        keep * (now - later).max(0.0) / (keep * now + 1.0 - keep)
    }
}

/// `1 / (1 + e^-z)`, without overflow.
fn logistic(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + math::exp(-z))
    } else {
        let e = math::exp(z);
        e / (1.0 + e)
    }
}

/// One product in the reorder ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Reorder<'a> {
    /// The product id.
    pub product: &'a str,
    /// When its next purchase is expected: the latest one plus the median interval.
    pub expected_at: Millis,
    /// The expected date has come, and no more than one usual interval ago (`reorder.due`).
    pub due: bool,
    /// The expected date is near: within [`ReorderConfig::soon_fraction`] of the interval
    /// (`reorder.soon`).
    pub soon: bool,
    /// The chance of a purchase within the ranking's window: its key.
    pub score: f64,
}

/// One product as [`rank`] takes it: id, category (for the prior) and purchases.
pub type Bought<'a> = (&'a str, Option<&'a str>, &'a PurchaseStats);

/// Every product bought, most likely to be bought next first (ties: the earlier expected date,
/// then the id), at `now`.
pub fn rank<'a>(bought: &[Bought<'a>], now: Millis, config: &ReorderConfig) -> Vec<Reorder<'a>> {
    let shop = Rhythm::default_for(config);
    let window = within(config.window_days, 0.0, 1e6);
    let mut rest: Vec<Reorder<'a>> = bought
        .iter()
        .map(|&(product, category, stats)| {
            let prior = category.map_or(shop, |c| category_rhythm(bought, c, product, shop));
            let rhythm = Rhythm::posterior(stats, prior);
            // To the second: the platforms' `exp` may differ in the last bit, the second not.
            let median_s = math::round(rhythm.median_days() * (DAY_MS / 1000) as f64);
            let median_ms = (median_s * 1000.0).min(1e15) as Millis;
            let expected_at = stats.last_at.saturating_add(median_ms);
            let elapsed = days(now.saturating_sub(stats.last_at));
            Reorder {
                product,
                expected_at,
                // Due for one more interval: after twice its usual interval unbought, the shopper
                // has more likely stopped buying it than run out (lifecycle covers silence).
                due: now >= expected_at && now < expected_at.saturating_add(median_ms),
                soon: now < expected_at
                    && expected_at.saturating_sub(now) as f64
                        <= config.soon_fraction * median_ms as f64,
                score: rhythm.chance_within(elapsed, window, keep(stats, config)),
            }
        })
        .collect();
    // Picked one by one rather than sorted: at most 50 products, and the standard library's
    // sort would add 3 kB to the wasm. The order is total (ids are unique).
    let mut ranking = Vec::with_capacity(rest.len());
    while let Some(i) = rest
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| {
            b.score
                .total_cmp(&a.score)
                .then(a.expected_at.cmp(&b.expected_at))
                .then(a.product.cmp(b.product))
        })
        .map(|(i, _)| i)
    {
        ranking.push(rest.swap_remove(i));
    }
    ranking
}

/// The rhythm of the shopper's other products in `category` that were bought at least twice,
/// pooled and shrunk toward the shop's default; the default when there are none.
fn category_rhythm(bought: &[Bought<'_>], category: &str, except: &str, shop: Rhythm) -> Rhythm {
    let mut pooled = PurchaseStats::first(0);
    for &(product, c, stats) in bought {
        if product != except && c == Some(category) && stats.count >= 2 {
            pooled.count = pooled.count.saturating_add(stats.count - 1);
            pooled.log_sum += stats.log_sum;
            pooled.log_sq_sum += stats.log_sq_sum;
        }
    }
    if pooled.count == 1 {
        return shop;
    }
    let rhythm = Rhythm::posterior(&pooled, shop);
    // The category speaks for a product bought once with the weight of a prior, not more.
    Rhythm {
        weight: shop.weight,
        ..rhythm
    }
}

/// The chance that the shopper still buys a product (see the module documentation), kept
/// within 0..=0.99 so that a long silence always counts.
fn keep(stats: &PurchaseStats, config: &ReorderConfig) -> f64 {
    let share = if stats.count >= 2 {
        config.keep_share
    } else {
        config.repeat_share_once
    };
    within(share, 0.0, 0.99)
}

/// `x` within `low..=high`; NaN is `low`.
fn within(x: f64, low: f64, high: f64) -> f64 {
    if x.is_nan() {
        low
    } else {
        x.clamp(low, high)
    }
}

/// Milliseconds as days, at least [`MIN_INTERVAL_DAYS`].
fn days(ms: Millis) -> f64 {
    (ms as f64 / DAY_MS as f64).max(MIN_INTERVAL_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Millis = 1_795_426_200_000;

    fn bought_every(days_apart: &[f64]) -> PurchaseStats {
        let mut stats = PurchaseStats::first(T0);
        let mut at = T0;
        for d in days_apart {
            at += (d * DAY_MS as f64) as Millis;
            stats.record(at);
        }
        stats
    }

    #[test]
    fn the_chance_peaks_near_the_median_interval_and_falls_after_it() {
        let rhythm = Rhythm {
            mean: 21f64.ln(),
            spread: 0.2,
            weight: 3.0,
        };
        let p = |d: f64| rhythm.chance_within(d, 7.0, 0.9);
        assert!(p(1.0) < p(10.0) && p(10.0) < p(18.0));
        assert!(p(21.0) > p(40.0) && p(40.0) > p(100.0));
        for d in [0.0, 1e-9, 21.0, 1e9, f64::INFINITY] {
            assert!((0.0..=1.0).contains(&p(d)), "{d}: {}", p(d));
        }
        // A shorter rhythm is likelier within the week at its own median; a product that may
        // not be bought again at all is less likely.
        let weekly = Rhythm {
            mean: 7f64.ln(),
            ..rhythm
        };
        assert!(weekly.chance_within(7.0, 7.0, 0.9) > p(21.0));
        assert!(rhythm.chance_within(21.0, 7.0, 0.35) < p(21.0));
    }

    #[test]
    fn same_trip_and_late_purchases_add_no_interval() {
        let mut stats = PurchaseStats::first(T0);
        stats.record(T0 + 60_000);
        stats.record(T0 - DAY_MS);
        assert_eq!(stats, PurchaseStats::first(T0));
        stats.record(T0 + 20 * DAY_MS);
        assert_eq!((stats.count, stats.last_at), (2, T0 + 20 * DAY_MS));
        assert!((stats.log_sum - 20f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn a_regular_product_is_expected_on_its_own_rhythm() {
        let coffee = bought_every(&[21.0, 20.0, 22.0, 21.0]);
        let config = ReorderConfig::default();
        let last = coffee.last_at;
        let ranking = rank(&[("coffee", None, &coffee)], last + 10 * DAY_MS, &config);
        let expected_days = (ranking[0].expected_at - last) as f64 / DAY_MS as f64;
        // Four intervals of about 21 days against one prior interval of 30.
        assert!((21.0..24.0).contains(&expected_days), "{expected_days}");
        assert!(!ranking[0].due && !ranking[0].soon);
        let soon = rank(&[("coffee", None, &coffee)], last + 20 * DAY_MS, &config);
        assert!(soon[0].soon && !soon[0].due);
        let due = rank(&[("coffee", None, &coffee)], last + 25 * DAY_MS, &config);
        assert!(due[0].due && !due[0].soon);
    }

    #[test]
    fn a_product_bought_once_takes_its_categorys_rhythm() {
        let arabica = bought_every(&[14.0, 14.0, 15.0]);
        let robusta = PurchaseStats::first(T0 + 30 * DAY_MS);
        let kettle = PurchaseStats::first(T0 + 30 * DAY_MS);
        let bought = [
            ("arabica", Some("coffee"), &arabica),
            ("robusta", Some("coffee"), &robusta),
            ("kettle", Some("kitchen"), &kettle),
        ];
        let ranking = rank(&bought, T0 + 44 * DAY_MS, &ReorderConfig::default());
        let expected = |id: &str| {
            let r = ranking.iter().find(|r| r.product == id).unwrap();
            (r.expected_at - T0 - 30 * DAY_MS) as f64 / DAY_MS as f64
        };
        assert!(expected("robusta") < 22.0, "{}", expected("robusta"));
        assert!(
            (expected("kettle") - 30.0).abs() < 1e-6,
            "the shop's default"
        );
    }

    #[test]
    fn due_products_outrank_fresh_and_long_lapsed_ones() {
        let due = bought_every(&[21.0, 21.0, 21.0]);
        let fresh = bought_every(&[21.0, 21.0, 21.0]);
        let lapsed = bought_every(&[21.0, 21.0, 21.0]);
        let last = due.last_at;
        let mut fresh = fresh;
        fresh.last_at = last + 20 * DAY_MS;
        let mut lapsed = lapsed;
        lapsed.last_at = last - 150 * DAY_MS;
        let now = last + 21 * DAY_MS;
        let bought = [
            ("lapsed", None, &lapsed),
            ("fresh", None, &fresh),
            ("due", None, &due),
        ];
        let order: Vec<&str> = rank(&bought, now, &ReorderConfig::default())
            .iter()
            .map(|r| r.product)
            .collect();
        assert_eq!(order, ["due", "fresh", "lapsed"]);
    }

    #[test]
    fn extreme_inputs_give_finite_scores_and_no_panic() {
        let mut odd = PurchaseStats::first(0);
        odd.record(i64::MAX / 2);
        odd.record(i64::MAX);
        let config = ReorderConfig {
            default_interval_days: f64::NAN,
            default_spread: -1.0,
            prior_weight: f64::INFINITY,
            soon_fraction: 2.0,
            keep_share: f64::NAN,
            repeat_share_once: 7.0,
            window_days: f64::INFINITY,
        };
        for now in [i64::MIN, 0, i64::MAX] {
            for r in rank(
                &[("x", Some("c"), &odd), ("y", Some("c"), &odd)],
                now,
                &config,
            ) {
                assert!((0.0..=1.0).contains(&r.score), "{r:?}");
            }
        }
        let ranking = rank(&[("x", None, &odd)], 0, &ReorderConfig::default());
        assert!(ranking[0].score.is_finite());
    }
}
