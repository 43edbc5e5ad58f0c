//! Lifecycle stage (the `lifecycle` feature): where a shopper stands in their relationship with
//! the shop, from their own order history.
//!
//! Without an order: `new` during the first session, `returning` after it. With orders, the
//! time since the latest one decides first: `lapsed` past [`LifecycleThresholds::lapsed_days`]
//! (or, once the shopper has a rhythm of their own, past `lapsed_factor` times their usual
//! interval between orders), `at_risk` past `at_risk_days` (or `at_risk_factor` times it).
//! Otherwise the number of orders: `first_order`, `repeat`, and `loyal` from
//! [`LifecycleThresholds::loyal_orders`]. The usual interval is the geometric mean of the
//! shopper's intervals between orders ([`PurchaseStats`] of the orders), used once there are
//! at least two intervals; the thresholds' days apply before that and bound it. The thresholds
//! come from the catalog's `lifecycle` section, [`LifecycleThresholds::default`] without one.

use super::reorder::PurchaseStats;
use crate::engine::clock::DAY_MS;
use crate::engine::events::Millis;

/// A lifecycle stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// First session, no order.
    New,
    /// Later sessions, no order yet.
    Returning,
    /// One order.
    FirstOrder,
    /// Two or more orders.
    Repeat,
    /// At least [`LifecycleThresholds::loyal_orders`] orders.
    Loyal,
    /// Quiet for longer than usual: a win-back candidate.
    AtRisk,
    /// Quiet for much longer than usual: probably gone.
    Lapsed,
}

/// The stages' names, in [`Stage`]'s order: what rules compare `lifecycle` with.
pub const STAGE_NAMES: [&str; 7] = [
    "new",
    "returning",
    "first_order",
    "repeat",
    "loyal",
    "at_risk",
    "lapsed",
];

impl Stage {
    /// The name rules compare with.
    pub fn as_str(self) -> &'static str {
        STAGE_NAMES[self as usize]
    }
}

/// Where the stages begin (the catalog's `lifecycle` section), with these defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifecycleThresholds {
    /// Orders from which a shopper is `loyal`.
    pub loyal_orders: u32,
    /// Days without an order after which a shopper is `at_risk`.
    pub at_risk_days: f64,
    /// Days without an order after which a shopper is `lapsed`.
    pub lapsed_days: f64,
    /// With a rhythm of their own: `at_risk` after this many usual intervals.
    pub at_risk_factor: f64,
    /// With a rhythm of their own: `lapsed` after this many usual intervals.
    pub lapsed_factor: f64,
}

impl LifecycleThresholds {
    /// The largest value of each threshold a catalog may set (the smallest: 2 orders, 1 day,
    /// a factor of 1; `lapsed` no sooner than `at_risk`).
    pub const LIMITS: LifecycleThresholds = LifecycleThresholds {
        loyal_orders: 1000,
        at_risk_days: 3650.0,
        lapsed_days: 3650.0,
        at_risk_factor: 100.0,
        lapsed_factor: 100.0,
    };
}

impl Default for LifecycleThresholds {
    fn default() -> LifecycleThresholds {
        LifecycleThresholds {
            loyal_orders: 5,
            at_risk_days: 60.0,
            lapsed_days: 180.0,
            at_risk_factor: 2.0,
            lapsed_factor: 4.0,
        }
    }
}

/// The stage at `now` of a shopper with `sessions` sessions (the current one included),
/// `order_count` orders and their rhythm `orders` (orders less than [`SAME_TRIP_MS`] apart
/// are one interval there; `None`: never ordered).
///
/// [`SAME_TRIP_MS`]: super::reorder::SAME_TRIP_MS
pub fn stage(
    order_count: u32,
    orders: Option<&PurchaseStats>,
    sessions: u32,
    now: Millis,
    thresholds: &LifecycleThresholds,
) -> Stage {
    let (true, Some(orders)) = (order_count > 0, orders) else {
        return if sessions <= 1 {
            Stage::New
        } else {
            Stage::Returning
        };
    };
    let quiet_days = now.saturating_sub(orders.last_at).max(0) as f64 / DAY_MS as f64;
    let (mut at_risk, mut lapsed) = (thresholds.at_risk_days, thresholds.lapsed_days);
    if orders.intervals() >= 2.0 {
        // The shopper's own rhythm, within the catalog's thresholds: a weekly buyer is at risk
        // after two weeks, but a yearly one no later than the catalog says.
        let usual = orders.usual_days().unwrap_or(f64::INFINITY);
        at_risk = at_risk.min(thresholds.at_risk_factor * usual);
        lapsed = lapsed.min(thresholds.lapsed_factor * usual);
    }
    if quiet_days > lapsed {
        Stage::Lapsed
    } else if quiet_days > at_risk {
        Stage::AtRisk
    } else if order_count >= thresholds.loyal_orders {
        Stage::Loyal
    } else if order_count >= 2 {
        Stage::Repeat
    } else {
        Stage::FirstOrder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Millis = 1_795_426_200_000;

    fn orders_every(days: i64, count: u32) -> PurchaseStats {
        let mut stats = PurchaseStats::first(T0);
        for i in 1..i64::from(count) {
            stats.record(T0 + i * days * DAY_MS);
        }
        stats
    }

    fn at(stats: &PurchaseStats, days_later: i64) -> Stage {
        stage(
            stats.count,
            Some(stats),
            9,
            stats.last_at + days_later * DAY_MS,
            &LifecycleThresholds::default(),
        )
    }

    #[test]
    fn shoppers_without_orders_are_new_then_returning() {
        let t = LifecycleThresholds::default();
        assert_eq!(stage(0, None, 0, T0, &t), Stage::New);
        assert_eq!(stage(0, None, 1, T0, &t), Stage::New);
        assert_eq!(stage(0, None, 2, T0, &t), Stage::Returning);
        // Two orders on one trip: two orders, one point of rhythm.
        let trip = PurchaseStats::first(T0);
        assert_eq!(stage(2, Some(&trip), 1, T0, &t), Stage::Repeat);
    }

    #[test]
    fn order_counts_give_first_order_repeat_and_loyal() {
        assert_eq!(at(&orders_every(30, 1), 1), Stage::FirstOrder);
        assert_eq!(at(&orders_every(30, 2), 1), Stage::Repeat);
        assert_eq!(at(&orders_every(30, 4), 1), Stage::Repeat);
        assert_eq!(at(&orders_every(30, 5), 1), Stage::Loyal);
    }

    #[test]
    fn silence_makes_shoppers_at_risk_then_lapsed_by_the_catalogs_days() {
        let once = orders_every(30, 1);
        assert_eq!(at(&once, 60), Stage::FirstOrder);
        assert_eq!(at(&once, 61), Stage::AtRisk);
        assert_eq!(at(&once, 181), Stage::Lapsed);
        // One interval is not yet a rhythm: the catalog's days apply.
        assert_eq!(at(&orders_every(7, 2), 20), Stage::Repeat);
    }

    #[test]
    fn a_shoppers_own_rhythm_moves_the_thresholds_closer_never_further() {
        let weekly = orders_every(7, 6);
        assert_eq!(at(&weekly, 13), Stage::Loyal);
        assert_eq!(at(&weekly, 15), Stage::AtRisk);
        assert_eq!(at(&weekly, 29), Stage::Lapsed);
        let yearly = orders_every(365, 3);
        assert_eq!(
            at(&yearly, 61),
            Stage::AtRisk,
            "no later than the catalog's 60 days"
        );
        assert_eq!(at(&yearly, 181), Stage::Lapsed);
    }

    #[test]
    fn any_thresholds_give_a_stage() {
        // The catalog decoder trusts their ranges to the signature: nothing here may panic.
        let weekly = orders_every(7, 6);
        for x in [f64::NAN, -1.0, 0.0, f64::INFINITY, f64::NEG_INFINITY, 1e300] {
            let t = LifecycleThresholds {
                loyal_orders: 0,
                at_risk_days: x,
                lapsed_days: x,
                at_risk_factor: x,
                lapsed_factor: -x,
            };
            for days in [0, 10, 1000] {
                let _ = stage(6, Some(&weekly), 3, weekly.last_at + days * DAY_MS, &t);
            }
        }
    }

    #[test]
    fn clocks_before_the_last_order_count_as_no_silence() {
        let loyal = orders_every(10, 5);
        assert_eq!(at(&loyal, -3), Stage::Loyal);
        assert_eq!(
            stage(
                5,
                Some(&loyal),
                1,
                i64::MIN,
                &LifecycleThresholds::default()
            ),
            Stage::Loyal
        );
        assert_eq!(
            stage(
                5,
                Some(&loyal),
                1,
                i64::MAX,
                &LifecycleThresholds::default()
            ),
            Stage::Lapsed
        );
        let stages = [
            Stage::New,
            Stage::Returning,
            Stage::FirstOrder,
            Stage::Repeat,
            Stage::Loyal,
            Stage::AtRisk,
            Stage::Lapsed,
        ];
        let names: Vec<&str> = stages.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, STAGE_NAMES);
        assert_eq!(Stage::FirstOrder.as_str(), "first_order");
    }
}
