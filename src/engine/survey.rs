//! One-tap surveys (issue #14): the scales a survey banner is answered on, and the NPS groups.
//! A survey is an offer whose banner asks its question and takes the answer inline; the answer
//! stays on the device (the profile keeps it), where rules read it as `survey.<id>.score` and
//! `nps_group`.

use serde::{Deserialize, Serialize};

/// How a survey is answered: the buttons its banner shows and the scores they give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Net Promoter Score ("How likely are you to recommend us?"): 0 to 10.
    Nps,
    /// Customer satisfaction: 1 (very unsatisfied) to 5 (very satisfied).
    Csat,
    /// Thumbs down (0) or up (1).
    Thumbs,
}

impl Scale {
    /// Every scale, in declaration order (the wire's variant order).
    pub const ALL: [Scale; 3] = [Scale::Nps, Scale::Csat, Scale::Thumbs];

    /// The lowest and the highest score.
    pub fn scores(self) -> (u8, u8) {
        match self {
            Scale::Nps => (0, 10),
            Scale::Csat => (1, 5),
            Scale::Thumbs => (0, 1),
        }
    }

    /// Whether `score` is an answer on this scale.
    pub fn allows(self, score: u8) -> bool {
        let (low, high) = self.scores();
        (low..=high).contains(&score)
    }

    /// The name used in catalogs and events.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Nps => "nps",
            Scale::Csat => "csat",
            Scale::Thumbs => "thumbs",
        }
    }
}

/// After an answer, how many days no other survey asks, unless the catalog says otherwise
/// (`defaults.survey_cooldown_days`).
pub const DEFAULT_COOLDOWN_DAYS: u32 = 30;

/// The `nps_group` values, from the lowest scores to the highest.
pub const NPS_GROUPS: [&str; 3] = ["detractor", "passive", "promoter"];

/// The NPS group of a score from 0 to 10: `detractor` (0 to 6), `passive` (7, 8) or
/// `promoter` (9, 10).
pub fn nps_group(score: u8) -> &'static str {
    NPS_GROUPS[match score {
        0..=6 => 0,
        7 | 8 => 1,
        _ => 2,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_the_net_promoter_convention() {
        let groups: Vec<_> = (0..=10).map(nps_group).collect();
        assert_eq!(groups[..7], ["detractor"; 7]);
        assert_eq!(groups[7..9], ["passive"; 2]);
        assert_eq!(groups[9..], ["promoter"; 2]);
    }

    #[test]
    fn each_scale_allows_exactly_its_scores() {
        let allowed = |s: Scale| (0..=255u8).filter(|&n| s.allows(n)).collect::<Vec<_>>();
        assert_eq!(allowed(Scale::Nps), (0..=10).collect::<Vec<_>>());
        assert_eq!(allowed(Scale::Csat), [1, 2, 3, 4, 5]);
        assert_eq!(allowed(Scale::Thumbs), [0, 1]);
    }
}
