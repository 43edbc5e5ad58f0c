//! Survey answers (one-tap surveys): the latest answer to each of the [`MAX_SURVEY_ANSWERS`]
//! surveys answered last. They never leave the device; retention drops them as it drops the
//! rest.

use super::config::MAX_SURVEY_ANSWERS;
use super::Profile;
use crate::engine::events::{Millis, Scale};
use crate::engine::survey::nps_group;

/// One survey's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The scale it was asked on.
    pub scale: Scale,
    /// The answer, on that scale.
    pub score: u8,
    /// When it was given.
    pub at: Millis,
}

impl Profile {
    /// The shopper's answer to survey `id`, if they answered it (within retention).
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.get(id)
    }

    /// The answered surveys, in id order.
    pub fn answers(&self) -> impl ExactSizeIterator<Item = (&str, &Answer)> {
        self.answers.iter()
    }

    /// When the shopper last answered any survey.
    pub fn last_answered_at(&self) -> Option<Millis> {
        self.latest_answer(|_| true).map(|a| a.at)
    }

    /// `nps_group`: the group of the shopper's latest answer on the NPS scale (`detractor`,
    /// `passive` or `promoter`), if any.
    pub fn nps_group(&self) -> Option<&'static str> {
        let latest = self.latest_answer(|a| a.scale == Scale::Nps);
        latest.map(|a| nps_group(a.score))
    }

    /// The latest answer that `keep` accepts (ties: the first survey in id order).
    fn latest_answer(&self, keep: fn(&Answer) -> bool) -> Option<&Answer> {
        let mut latest: Option<&Answer> = None;
        for answer in self.answers.values() {
            if keep(answer) && latest.is_none_or(|l| answer.at > l.at) {
                latest = Some(answer);
            }
        }
        latest
    }

    /// Keeps an answer to survey `id` (its scale and score already checked), unless a later
    /// one is kept; a survey new to a full table evicts the one answered longest ago (even
    /// when the new answer, a late event, is older still: twenty surveys answered and a late
    /// event are needed for that).
    pub(super) fn answered(&mut self, id: &str, answer: Answer) {
        let kept = self
            .answers
            .get_or_insert_bounded(id, MAX_SURVEY_ANSWERS, |a| a.at, || answer);
        if answer.at >= kept.at {
            *kept = answer;
        }
    }
}
