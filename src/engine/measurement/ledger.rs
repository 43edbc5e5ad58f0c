//! The device's measurement ledger: the current day's counts per offer, its survey answers'
//! buckets, and the privacy budget.
//! The browser keeps one per device (the `ledger` record of the shell's store, as bytes:
//! `wasm-measurement/src/`) and moves it to the next day with [`Ledger::roll`], which draws the
//! finished day's report.
//!
//! Plain lists rather than maps: a day sees few offers, and the browser's wasm then carries no
//! hash or tree map code.

use crate::engine::prelude::*;

use rand_core::Rng;

use super::device::draw;
use super::scores::bucket_code;
use super::BUDGET_WINDOW_DAYS;
use super::{
    Budget, CatalogScope, Day, Drawn, MeasurementError, OfferCounts, Pair, ReportSettings,
};
use crate::engine::events::EventKind;

/// Today's counts and the budget, as stored on the device (never sent).
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// The day being counted, in the shop's time zone.
    pub day: Day,
    /// That day's counts per offer id, in the order the offers were first counted.
    pub offers: Vec<(String, OfferCounts)>,
    /// That day's latest answer to each survey answered, as its bucket's code
    /// ([`super::scores::BUCKETS`]): only the bucket can be reported.
    pub answers: Vec<(String, u8)>,
    /// The epsilon spent on recent days.
    pub budget: Budget,
}

impl Ledger {
    /// An empty ledger for `day` with a fresh budget of `epsilon_per_day`.
    pub fn new(day: Day, epsilon_per_day: f64) -> Result<Ledger, MeasurementError> {
        Ok(Ledger {
            day,
            offers: Vec::new(),
            answers: Vec::new(),
            budget: Budget::new(epsilon_per_day)?,
        })
    }

    /// The counts of `offer` today (zero when it was not counted).
    pub fn counts(&self, offer: &str) -> OfferCounts {
        self.offers
            .iter()
            .find(|(id, _)| id == offer)
            .map_or_else(OfferCounts::default, |(_, c)| *c)
    }

    /// Counts one event of the current day: an impression or click on an offer, for a
    /// purchase one conversion for every offer clicked earlier the same day, and a survey
    /// answer's bucket (replacing an earlier answer to the survey that day). Other events, and
    /// answers off their scale, are ignored. The caller passes only offers and surveys of its
    /// catalog, answered on the catalog's scale.
    pub fn record(&mut self, event: &EventKind) {
        match event {
            EventKind::Impression(o) => {
                let c = self.entry(&o.offer);
                c.impressions = c.impressions.saturating_add(1);
            }
            EventKind::Click(o) => {
                let c = self.entry(&o.offer);
                c.clicks = c.clicks.saturating_add(1);
            }
            EventKind::Purchase { .. } => {
                for (_, c) in self.offers.iter_mut().filter(|(_, c)| c.clicks > 0) {
                    c.conversions = c.conversions.saturating_add(1);
                }
            }
            EventKind::SurveyAnswer {
                survey,
                scale,
                score,
            } => {
                if let Some(code) = bucket_code(*scale, *score) {
                    self.record_answer(survey, code);
                }
            }
            _ => {}
        }
    }

    /// Counts an answer to `survey` in the bucket with `code` ([`super::scores::BUCKETS`]),
    /// replacing an earlier answer to it the same day.
    pub fn record_answer(&mut self, survey: &str, code: u8) {
        match self.answers.iter_mut().find(|(id, _)| id == survey) {
            Some((_, bucket)) => *bucket = code,
            None => self.answers.push((survey.to_owned(), code)),
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
    ) -> Result<Option<Drawn>, MeasurementError> {
        if self.day >= today {
            return Ok(None);
        }
        let finished = core::mem::replace(&mut self.day, today);
        let offers = core::mem::take(&mut self.offers);
        let answers = core::mem::take(&mut self.answers);
        let age = today.epoch_days() - finished.epoch_days();
        let Some(catalog) = catalog.filter(|_| age < BUDGET_WINDOW_DAYS) else {
            return Ok(None);
        };
        let settings = ReportSettings {
            epsilon: self.budget.epsilon_per_day(),
            bits: 1,
        };
        let happened = |pair: Pair<'_>| match pair {
            Pair::Offer(offer, metric) => offers
                .iter()
                .any(|(id, c)| id == offer && c.get(metric) > 0),
            Pair::Answer(survey, code) => answers.iter().any(|(id, c)| id == survey && *c == code),
        };
        draw(
            finished,
            catalog,
            &settings,
            &mut self.budget,
            happened,
            rng,
        )
        .map(Some)
    }

    fn entry(&mut self, offer: &str) -> &mut OfferCounts {
        let at = match self.offers.iter().position(|(id, _)| id == offer) {
            Some(at) => at,
            None => {
                self.offers.push((offer.to_owned(), OfferCounts::default()));
                self.offers.len() - 1
            }
        };
        &mut self.offers[at].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::events::OfferRef;
    use crate::engine::measurement::{build_report, DayCounts};
    use crate::engine::survey::Scale;
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
        let tea = ledger.counts("tea");
        assert_eq!((tea.impressions, tea.clicks, tea.conversions), (1, 1, 1));
        assert_eq!(ledger.counts("coffee").conversions, 0);
        assert_eq!(ledger.counts("cocoa"), OfferCounts::default());
        assert_eq!(ledger.offers.len(), 2);
    }

    #[test]
    fn one_report_per_finished_day_and_the_budget_is_spent() {
        let scope = CatalogScope::new("v1", ["tea", "coffee"]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        ledger.record(&EventKind::Click(offer("tea")));
        assert_eq!(ledger.roll(day(0), Some(&scope), &mut rng), Ok(None));
        let drawn = ledger
            .roll(day(1), Some(&scope), &mut rng)
            .unwrap()
            .unwrap();
        assert_eq!(
            (drawn.day, drawn.epsilon, drawn.pairs, drawn.bits.len()),
            (day(0), 1.0, 6, 1)
        );
        assert_eq!(drawn.report(&scope).bit_count(), 1);
        assert_eq!(ledger.budget.remaining(day(0)), 0.0);
        assert!(ledger.offers.is_empty() && ledger.day == day(1));
        assert_eq!(ledger.roll(day(1), Some(&scope), &mut rng), Ok(None));
    }

    fn answer(survey: &str, scale: Scale, score: u8) -> EventKind {
        EventKind::SurveyAnswer {
            survey: survey.into(),
            scale,
            score,
        }
    }

    #[test]
    fn a_survey_keeps_the_bucket_of_its_latest_answer_of_the_day() {
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        ledger.record(&answer("after-order", Scale::Nps, 3));
        ledger.record(&answer("help", Scale::Thumbs, 1));
        ledger.record(&answer("after-order", Scale::Nps, 9));
        ledger.record(&answer("help", Scale::Thumbs, 2)); // off the scale: ignored
        assert_eq!(
            ledger.answers,
            [("after-order".to_owned(), 2), ("help".to_owned(), 9)] // promoter, up
        );
        let scope = CatalogScope::new("v1", ["tea"])
            .unwrap()
            .with_surveys([("after-order", Scale::Nps)]);
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        ledger
            .roll(day(1), Some(&scope.unwrap()), &mut rng)
            .unwrap();
        assert!(ledger.answers.is_empty());
    }

    #[test]
    fn the_report_is_the_one_build_report_draws_from_the_same_counts() {
        let scope = CatalogScope::new("v1", ["tea", "coffee", "cocoa"])
            .unwrap()
            .with_surveys([("after-order", Scale::Nps), ("help", Scale::Thumbs)])
            .unwrap();
        for seed in 0..200 {
            let mut ledger = Ledger::new(day(0), 0.5).unwrap();
            ledger.record(&EventKind::Impression(offer("tea")));
            ledger.record(&EventKind::Click(offer("coffee")));
            ledger.record(&purchase());
            ledger.record(&answer("after-order", Scale::Nps, 8));
            let counts = DayCounts {
                day: day(0),
                offers: ledger.offers.iter().cloned().collect(),
                answers: [("after-order".to_owned(), "passive".to_owned())].into(),
            };
            let mut budget = ledger.budget.clone();
            let settings = ReportSettings {
                epsilon: 0.5,
                bits: 1,
            };
            let mut rng = Pcg64Mcg::seed_from_u64(seed);
            let expected = build_report(&counts, &scope, &settings, &mut budget, &mut rng);
            let mut rng = Pcg64Mcg::seed_from_u64(seed);
            let drawn = ledger.roll(day(1), Some(&scope), &mut rng).unwrap();
            assert_eq!(drawn.map(|d| d.report(&scope)), Some(expected.unwrap()));
            assert_eq!(ledger.budget, budget);
        }
    }

    #[test]
    fn days_without_catalog_or_too_old_are_dropped() {
        let scope = CatalogScope::new("v1", ["tea"]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        assert_eq!(ledger.roll(day(1), None, &mut rng), Ok(None));
        assert_eq!(ledger.day, day(1));
        assert_eq!(
            ledger.roll(day(1 + BUDGET_WINDOW_DAYS), Some(&scope), &mut rng),
            Ok(None)
        );
        assert_eq!(ledger.budget.spent(day(1)), 0.0);
    }

    #[test]
    fn the_budget_restores_from_its_days_and_keeps_spending_when_the_allowance_changes() {
        let scope = CatalogScope::new("v1", ["tea"]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        let mut ledger = Ledger::new(day(0), 1.0).unwrap();
        ledger.record(&EventKind::Impression(offer("tea")));
        ledger.roll(day(1), Some(&scope), &mut rng).unwrap();
        let budget = &ledger.budget;
        let back = Budget::restore(budget.epsilon_per_day(), budget.days()).unwrap();
        assert_eq!(&back, budget);
        let raised = back.with_epsilon_per_day(2.0).unwrap();
        assert_eq!(raised.remaining(day(0)), 1.0);
        let restore = |days: &[(i64, f64)]| {
            let days: Vec<_> = days.iter().map(|&(d, e)| (day(d), e)).collect();
            Budget::restore(1.0, &days)
        };
        assert!(restore(&[(-30, 1.0), (0, 0.5)]).is_some());
        for bad in [
            &[(0, 1.0), (-1, 1.0)][..], // out of order
            &[(0, 1.0), (0, 1.0)],      // a day twice
            &[(-31, 1.0), (0, 1.0)],    // outside the window
            &[(0, 0.0)],
            &[(0, f64::NAN)],
            &[(0, 11.0)],
        ] {
            assert_eq!(restore(bad), None, "{bad:?}");
        }
        assert_eq!(Budget::restore(0.0, &[]), None);
    }
}
