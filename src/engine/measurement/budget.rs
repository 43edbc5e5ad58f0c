//! The per-day privacy budget: a small ledger of the epsilon already spent on each recent day.

use crate::engine::prelude::*;

use super::{Day, MeasurementError, BUDGET_WINDOW_DAYS, MAX_EPSILON};

/// Slack for floating-point sums of epsilons (e.g. three reports of 1/3 in a budget of 1).
const TOLERANCE: f64 = 1e-9;

/// How much privacy loss a device accepts per day, and how much it has spent on each of the
/// last [`BUDGET_WINDOW_DAYS`] days. The device keeps it in its measurement [`super::Ledger`]
/// and passes it to every [`super::build_report`] call, which charges it. (A short sorted list,
/// not a map: at most 31 entries, and no map code in the browser's wasm.)
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    epsilon_per_day: f64,
    /// `(day, epsilon spent)`, oldest first, every day within the window of the newest.
    spent: Vec<(Day, f64)>,
}

impl Budget {
    /// A ledger with nothing spent; `epsilon_per_day` must be in `(0, MAX_EPSILON]`.
    pub fn new(epsilon_per_day: f64) -> Result<Budget, MeasurementError> {
        check_epsilon("per day", epsilon_per_day)?;
        Ok(Budget {
            epsilon_per_day,
            spent: Vec::new(),
        })
    }

    /// The same ledger with a new allowance per day (a shop changed its setting): what was
    /// already spent still counts against the new allowance.
    pub fn with_epsilon_per_day(self, epsilon_per_day: f64) -> Result<Budget, MeasurementError> {
        check_epsilon("per day", epsilon_per_day)?;
        Ok(Budget {
            epsilon_per_day,
            ..self
        })
    }

    /// The epsilon allowed per day.
    pub fn epsilon_per_day(&self) -> f64 {
        self.epsilon_per_day
    }

    /// The epsilon already spent on `day`.
    pub fn spent(&self, day: Day) -> f64 {
        self.spent
            .iter()
            .find(|(d, _)| *d == day)
            .map_or(0.0, |(_, spent)| *spent)
    }

    /// `(day, epsilon spent)` for every day with something spent, oldest first: what a device
    /// stores, to [`Budget::restore`] later.
    pub fn days(&self) -> &[(Day, f64)] {
        &self.spent
    }

    /// A budget read back from storage: `days` as [`Budget::days`] gave them (ascending days
    /// within the window of the newest, each with an epsilon no charge exceeds), with the
    /// allowance `epsilon_per_day`. `None` for anything else.
    pub fn restore(epsilon_per_day: f64, days: &[(Day, f64)]) -> Option<Budget> {
        let newest = days.last().map_or(0, |(d, _)| d.epoch_days());
        let mut previous = None;
        for &(day, spent) in days {
            let fits = spent > 0.0 && spent <= MAX_EPSILON + TOLERANCE;
            let in_window = newest - day.epoch_days() < BUDGET_WINDOW_DAYS;
            if !(fits && in_window && previous.is_none_or(|p| p < day)) {
                return None;
            }
            previous = Some(day);
        }
        let mut budget = Budget::new(epsilon_per_day).ok()?;
        budget.spent = days.to_vec();
        Some(budget)
    }

    /// The epsilon still available on `day` (0 for a day too old to account for).
    pub fn remaining(&self, day: Day) -> f64 {
        match self.check_window(day) {
            Ok(()) => (self.epsilon_per_day - self.spent(day)).max(0.0),
            Err(_) => 0.0,
        }
    }

    /// Fails unless `epsilon` more can be spent on `day`; spends nothing.
    pub fn check(&self, day: Day, epsilon: f64) -> Result<(), MeasurementError> {
        check_epsilon("per day", self.epsilon_per_day)?; // a ledger read back from storage
        self.check_window(day)?;
        let spent = self.spent(day);
        if spent + epsilon > self.epsilon_per_day + TOLERANCE {
            return Err(MeasurementError::BudgetExceeded {
                day,
                spent,
                requested: epsilon,
                per_day: self.epsilon_per_day,
            });
        }
        Ok(())
    }

    /// Spends `epsilon` on `day` after [`Budget::check`]; forgets days out of the window.
    pub fn charge(&mut self, day: Day, epsilon: f64) -> Result<(), MeasurementError> {
        self.check(day, epsilon)?;
        match self.spent.iter().position(|(d, _)| *d >= day) {
            Some(i) if self.spent[i].0 == day => self.spent[i].1 += epsilon,
            Some(i) => self.spent.insert(i, (day, epsilon)),
            None => self.spent.push((day, epsilon)),
        }
        let newest = self.newest().unwrap_or(day).epoch_days();
        self.spent
            .retain(|(d, _)| newest - d.epoch_days() < BUDGET_WINDOW_DAYS);
        Ok(())
    }

    fn newest(&self) -> Option<Day> {
        self.spent.last().map(|(d, _)| *d)
    }

    /// Days before the window were forgotten, so nothing may be spent on them.
    fn check_window(&self, day: Day) -> Result<(), MeasurementError> {
        match self.newest() {
            Some(newest) if newest.epoch_days() - day.epoch_days() >= BUDGET_WINDOW_DAYS => {
                Err(MeasurementError::DayTooOld { day, newest })
            }
            _ => Ok(()),
        }
    }
}

/// Checks that an epsilon is a number in `(0, MAX_EPSILON]`.
pub(super) fn check_epsilon(what: &'static str, epsilon: f64) -> Result<(), MeasurementError> {
    if epsilon > 0.0 && epsilon <= MAX_EPSILON {
        Ok(())
    } else {
        Err(MeasurementError::InvalidEpsilon { what, epsilon })
    }
}
