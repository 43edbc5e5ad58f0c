//! The device's measurement ledger: the current day's counts per offer and the privacy budget.
//! The browser keeps one per device (IndexedDB record `state/measurement`) and moves it to the
//! next day with [`Ledger::roll`], which builds the finished day's report.

use std::collections::HashMap;

use rand_core::Rng;
use serde::{Deserialize, Serialize};

use super::{build_report, Budget, CatalogScope, Day, DayCounts, MeasurementError, Report};
use super::{ReportSettings, BUDGET_WINDOW_DAYS};
use crate::engine::events::EventKind;

/// Today's counts and the budget, as stored on the device (never sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// The day being counted (shop time zone) and its counts per offer.
    pub counts: DayCounts,
    /// The epsilon spent on recent days.
    pub budget: Budget,
}

impl Ledger {
    /// An empty ledger for `day` with a fresh budget of `epsilon_per_day`.
    pub fn new(day: Day, epsilon_per_day: f64) -> Result<Ledger, MeasurementError> {
        Ok(Ledger {
            counts: empty(day),
            budget: Budget::new(epsilon_per_day)?,
        })
    }

    /// Counts one event of the current day: an impression or click on an offer, and for a
    /// purchase one conversion for every offer clicked earlier the same day. Other events are
    /// ignored. The caller passes only offers of its catalog.
    pub fn record(&mut self, event: &EventKind) {
        let offers = &mut self.counts.offers;
        match event {
            EventKind::Impression(o) => {
                let c = offers.entry(o.offer.clone()).or_default();
                c.impressions = c.impressions.saturating_add(1);
            }
            EventKind::Click(o) => {
                let c = offers.entry(o.offer.clone()).or_default();
                c.clicks = c.clicks.saturating_add(1);
            }
            EventKind::Purchase { .. } => {
                for c in offers.values_mut().filter(|c| c.clicks > 0) {
                    c.conversions = c.conversions.saturating_add(1);
                }
            }
            _ => {}
        }
    }

    /// Moves the ledger to `today`. When the day counted so far has ended, returns its report
    /// (spending the day's whole budget in one report of one bit), or `None` when there is no
    /// catalog to measure against or the day is older than the budget window: such a day is
    /// dropped unreported. Counts are cleared either way.
    pub fn roll<R: Rng + ?Sized>(
        &mut self,
        today: Day,
        catalog: Option<&CatalogScope>,
        rng: &mut R,
    ) -> Result<Option<Report>, MeasurementError> {
        if self.counts.day >= today {
            return Ok(None);
        }
        let finished = std::mem::replace(&mut self.counts, empty(today));
        let age = today.epoch_days() - finished.day.epoch_days();
        let Some(catalog) = catalog.filter(|_| age < BUDGET_WINDOW_DAYS) else {
            return Ok(None);
        };
        let settings = ReportSettings {
            epsilon: self.budget.epsilon_per_day(),
            bits: 1,
        };
        build_report(&finished, catalog, &settings, &mut self.budget, rng).map(Some)
    }
}

fn empty(day: Day) -> DayCounts {
    DayCounts {
        day,
        offers: HashMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::events::OfferRef;
    use rand_core::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    fn offer(id: &str) -> OfferRef {
        OfferRef {
            offer: id.into(),
            slot: "home-hero".into(),
        }
    }

    fn day(n: i64) -> Day {
        Day::from_epoch_days(20_780 + n).unwrap()
    }

    fn purchase() -> EventKind {
        EventKind::Purchase {
            items: Vec::new(),
            value: 0.0,
        }
    }

    #[test]
    fn counts_and_same_day_conversions() {
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        ledger.record(&EventKind::Impression(offer("tea")));
        ledger.record(&EventKind::Impression(offer("coffee")));
        ledger.record(&purchase()); // before any click: no conversion
        ledger.record(&EventKind::Click(offer("tea")));
        ledger.record(&purchase());
        let tea = ledger.counts.offers["tea"];
        assert_eq!((tea.impressions, tea.clicks, tea.conversions), (1, 1, 1));
        assert_eq!(ledger.counts.offers["coffee"].conversions, 0);
    }

    #[test]
    fn one_report_per_finished_day_and_the_budget_is_spent() {
        let scope = CatalogScope::new("v1", ["tea", "coffee"]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        ledger.record(&EventKind::Click(offer("tea")));
        assert_eq!(ledger.roll(day(0), Some(&scope), &mut rng), Ok(None));
        let report = ledger
            .roll(day(1), Some(&scope), &mut rng)
            .unwrap()
            .unwrap();
        assert_eq!(
            (report.day, report.epsilon, report.bit_count()),
            (day(0), 1.0, 1)
        );
        assert_eq!(ledger.budget.remaining(day(0)), 0.0);
        assert!(ledger.counts.offers.is_empty() && ledger.counts.day == day(1));
        assert_eq!(ledger.roll(day(1), Some(&scope), &mut rng), Ok(None));
    }

    #[test]
    fn days_without_catalog_or_too_old_are_dropped() {
        let scope = CatalogScope::new("v1", ["tea"]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        assert_eq!(ledger.roll(day(1), None, &mut rng), Ok(None));
        assert_eq!(ledger.counts.day, day(1));
        assert_eq!(
            ledger.roll(day(1 + BUDGET_WINDOW_DAYS), Some(&scope), &mut rng),
            Ok(None)
        );
        assert_eq!(ledger.budget.spent(day(1)), 0.0);
    }

    #[test]
    fn round_trips_through_json_and_keeps_spending_when_the_allowance_changes() {
        let scope = CatalogScope::new("v1", ["tea"]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        ledger.record(&EventKind::Impression(offer("tea")));
        ledger.roll(day(1), Some(&scope), &mut rng).unwrap();
        let text = serde_json::to_string(&ledger).unwrap();
        let back: Ledger = serde_json::from_str(&text).unwrap();
        assert_eq!(back, ledger);
        let raised = back.budget.with_epsilon_per_day(2.0).unwrap();
        assert_eq!(raised.remaining(day(0)), 1.0);
        assert!(serde_json::from_str::<Ledger>(r#"{"counts":{"day":"x","offers":{}}}"#).is_err());
    }
}
