//! A survey's score from private counts of its answer buckets (issue #14's NPS and CSAT).
//! Reports carry one randomized bit per sampled (survey, bucket) pair as they do per (offer,
//! metric) pair ([`super::Pair`]); `vitrine aggregate` gives each survey's score.
//!
//! The buckets of one survey are the scale's answer groups: `nps` detractor (0 to 6), passive
//! (7, 8), promoter (9, 10); `csat` 1 to 5; `thumbs` down, up. Each bucket's count comes from
//! sampled randomized response as the offers' counts do ([`super::estimate`]): unbiased, with
//! a variance. A device answers a survey once, so at most one of its buckets is 1 on a
//! device-day; then the estimators of two buckets are uncorrelated (`Cov(z_i, z_j)` is
//! `E[z_i z_j] − x_i x_j`, and both terms carry `x_i x_j = 0`), and the score's variance follows
//! by the delta method from the buckets' variances alone:
//!
//! - `nps` = 100 (P − D) / N, with N = D + Pa + P;
//! - `csat` = 100 (S4 + S5) / N, the share of satisfied answers;
//! - `thumbs` = 100 Up / N.
//!
//! Each is `100 Σ w_b c_b / Σ c_b` for weights `w_b` (1 for the counted buckets, −1 for
//! detractors, 0 otherwise), whose gradient is `100 (w_b − f) / N` per bucket, with `f` the
//! score over 100: `Var ≈ Σ_b (100 (w_b − f) / N)² Var(c_b)`. The interval is the score ± 1.96
//! standard errors, clipped to the score's range. With few respondents or strong noise the
//! ratio's normal approximation is poor: the interval is then wide, and `None` when the
//! estimated respondents are not above zero.

use crate::engine::math;
use crate::engine::survey::Scale;

use super::Z_95;

/// An unbiased count of one bucket and its variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketCount {
    /// The estimated number of device-days that answered in the bucket.
    pub estimate: f64,
    /// Its variance.
    pub variance: f64,
}

/// A survey's score with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Score {
    /// NPS from −100 to 100; CSAT and thumbs as the percentage of satisfied or up answers.
    pub value: f64,
    /// Its standard error (delta method).
    pub std_error: f64,
    /// Lower end of the 95 % interval, clipped to the score's range.
    pub ci_low: f64,
    /// Upper end, clipped likewise.
    pub ci_high: f64,
    /// The estimated number of answers (device-days) behind it.
    pub respondents: f64,
}

/// Every answer bucket, by its code (its position here): the NPS groups, the CSAT scores, then
/// thumbs down and up. The ledger and the measurement module's answers carry codes; reports
/// and tables the names.
pub const BUCKETS: [&str; 10] = [
    "detractor",
    "passive",
    "promoter",
    "1",
    "2",
    "3",
    "4",
    "5",
    "down",
    "up",
];

/// The codes of `scale`'s buckets, lowest scores first.
pub fn codes(scale: Scale) -> core::ops::Range<u8> {
    match scale {
        Scale::Nps => 0..3,
        Scale::Csat => 3..8,
        Scale::Thumbs => 8..10,
    }
}

/// The bucket names of `scale`, lowest scores first.
pub fn buckets(scale: Scale) -> &'static [&'static str] {
    let codes = codes(scale);
    &BUCKETS[usize::from(codes.start)..usize::from(codes.end)]
}

/// The bucket of an answer `score` on `scale` (a position in [`buckets`]), or `None` when the
/// score is not on the scale.
pub fn bucket_of(scale: Scale, score: u8) -> Option<usize> {
    if !scale.allows(score) {
        return None;
    }
    Some(match (scale, score) {
        (Scale::Nps, 0..=6) => 0,
        (Scale::Nps, 7 | 8) => 1,
        (Scale::Nps, _) => 2,
        (Scale::Csat, s) => usize::from(s - 1),
        (Scale::Thumbs, s) => usize::from(s),
    })
}

/// The code of the bucket of an answer `score` on `scale` ([`BUCKETS`]), or `None` when the
/// score is not on the scale.
pub fn bucket_code(scale: Scale, score: u8) -> Option<u8> {
    bucket_of(scale, score).map(|b| codes(scale).start + b as u8)
}

/// The scale and position of a bucket name. Names are unique across scales, so a report's
/// bucket names say which scale its survey uses.
pub fn scale_of_bucket(name: &str) -> Option<(Scale, usize)> {
    let code = BUCKETS.iter().position(|b| *b == name)? as u8;
    let scale = Scale::ALL.into_iter().find(|s| codes(*s).contains(&code))?;
    Some((scale, usize::from(code - codes(scale).start)))
}

/// Each bucket's weight in the score (see the module documentation).
fn weights(scale: Scale) -> &'static [f64] {
    match scale {
        Scale::Nps => &[-1.0, 0.0, 1.0],
        Scale::Csat => &[0.0, 0.0, 0.0, 1.0, 1.0],
        Scale::Thumbs => &[0.0, 1.0],
    }
}

/// The score of a survey on `scale` from its buckets' counts (one per bucket, in [`buckets`]
/// order), or `None` with another number of buckets or no estimated respondents.
pub fn score(scale: Scale, counts: &[BucketCount]) -> Option<Score> {
    let weights = weights(scale);
    if counts.len() != weights.len() {
        return None;
    }
    let respondents: f64 = counts.iter().map(|c| c.estimate).sum();
    // Also refuses NaN: a count that is not a number gives no score.
    if respondents.is_nan() || respondents <= 0.0 {
        return None;
    }
    let share = counts
        .iter()
        .zip(weights)
        .map(|(c, w)| w * c.estimate)
        .sum::<f64>()
        / respondents;
    let variance: f64 = counts
        .iter()
        .zip(weights)
        .map(|(c, w)| {
            let gradient = 100.0 * (w - share) / respondents;
            gradient * gradient * c.variance.max(0.0)
        })
        .sum();
    let std_error = math::sqrt(variance);
    let (low, high) = if scale == Scale::Nps {
        (-100.0, 100.0)
    } else {
        (0.0, 100.0)
    };
    let value = 100.0 * share;
    Some(Score {
        value,
        std_error,
        ci_low: (value - Z_95 * std_error).clamp(low, high),
        ci_high: (value + Z_95 * std_error).clamp(low, high),
        respondents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::measurement::rr::{debias, noise_variance, randomize};
    use rand_core::{Rng, SeedableRng};
    use rand_pcg::Pcg64Mcg;

    fn exact(estimate: f64) -> BucketCount {
        BucketCount {
            estimate,
            variance: 0.0,
        }
    }

    #[test]
    fn buckets_follow_each_scale() {
        let nps: Vec<_> = (0..=10).map(|s| bucket_of(Scale::Nps, s)).collect();
        assert_eq!(nps[..7], [Some(0); 7]);
        assert_eq!(nps[7..9], [Some(1); 2]);
        assert_eq!(nps[9..], [Some(2); 2]);
        assert_eq!(bucket_of(Scale::Csat, 1), Some(0));
        assert_eq!(bucket_of(Scale::Csat, 5), Some(4));
        assert_eq!(bucket_of(Scale::Thumbs, 1), Some(1));
        for (scale, off) in [(Scale::Nps, 11), (Scale::Csat, 0), (Scale::Thumbs, 2)] {
            assert_eq!(bucket_of(scale, off), None);
        }
        for scale in Scale::ALL {
            assert_eq!(buckets(scale).len(), weights(scale).len());
            for (at, name) in buckets(scale).iter().enumerate() {
                assert_eq!(scale_of_bucket(name), Some((scale, at)));
            }
        }
        assert_eq!(buckets(Scale::Nps), crate::engine::survey::NPS_GROUPS);
        assert_eq!(bucket_code(Scale::Csat, 4), Some(6));
        assert_eq!(
            BUCKETS[usize::from(bucket_code(Scale::Thumbs, 1).unwrap())],
            "up"
        );
        assert_eq!(bucket_code(Scale::Nps, 11), None);
        assert_eq!(scale_of_bucket("0"), None);
        assert_eq!(scale_of_bucket("Promoter"), None);
    }

    #[test]
    fn exact_counts_give_the_textbook_scores() {
        // 50 promoters, 30 passives, 20 detractors: NPS 30.
        let nps = score(Scale::Nps, &[exact(20.0), exact(30.0), exact(50.0)]).unwrap();
        assert_eq!(
            (nps.value, nps.std_error, nps.respondents),
            (30.0, 0.0, 100.0)
        );
        // 60 of 80 answers are 4 or 5: CSAT 75 %.
        let csat = [
            exact(5.0),
            exact(5.0),
            exact(10.0),
            exact(30.0),
            exact(30.0),
        ];
        assert_eq!(score(Scale::Csat, &csat).unwrap().value, 75.0);
        assert_eq!(
            score(Scale::Thumbs, &[exact(1.0), exact(3.0)])
                .unwrap()
                .value,
            75.0
        );
        assert_eq!(score(Scale::Thumbs, &[exact(0.0), exact(0.0)]), None);
        assert_eq!(score(Scale::Thumbs, &[exact(1.0)]), None);
    }

    #[test]
    fn the_variance_is_the_delta_methods() {
        // Against a numerical gradient of the NPS with respect to each bucket.
        let counts = [20.0, 30.0, 50.0];
        let variances = [4.0, 9.0, 16.0];
        let nps = |c: &[f64]| 100.0 * (c[2] - c[0]) / c.iter().sum::<f64>();
        let mut expected = 0.0;
        for b in 0..3 {
            let mut up = counts;
            up[b] += 1e-6;
            let gradient = (nps(&up) - nps(&counts)) / 1e-6;
            expected += gradient * gradient * variances[b];
        }
        let buckets: Vec<_> = counts
            .iter()
            .zip(variances)
            .map(|(&estimate, variance)| BucketCount { estimate, variance })
            .collect();
        let got = score(Scale::Nps, &buckets).unwrap();
        assert!((got.std_error * got.std_error - expected).abs() < 1e-3 * expected);
    }

    /// `devices` device-days each answer the survey (true bucket shares `truth`) and send one
    /// randomized bit about one bucket drawn uniformly (the survey's buckets are the whole
    /// domain here), with `epsilon`; estimated as `super::estimate` does.
    fn simulate(scale: Scale, truth: &[f64], devices: usize, epsilon: f64, seed: u64) -> Score {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let b = truth.len();
        let (mut total, mut spread) = (vec![0.0; b], vec![0.0; b]);
        for _ in 0..devices {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let mut answer = 0;
            let mut cumulative = 0.0;
            for (i, share) in truth.iter().enumerate() {
                cumulative += share;
                if u < cumulative {
                    answer = i;
                    break;
                }
            }
            let sampled = (rng.next_u64() % b as u64) as usize;
            let bit = randomize(sampled == answer, epsilon, &mut rng);
            let z = b as f64 * debias(bit, epsilon);
            total[sampled] += z;
            spread[sampled] += (b as f64 - 1.0) * z;
        }
        let noise = devices as f64 * b as f64 * noise_variance(epsilon);
        let cap = devices as f64 * (b as f64 - 1.0);
        let counts: Vec<_> = (0..b)
            .map(|i| BucketCount {
                estimate: total[i],
                variance: noise + spread[i].clamp(0.0, cap),
            })
            .collect();
        score(scale, &counts).expect("enough respondents")
    }

    #[test]
    fn the_interval_covers_the_true_nps_about_95_times_in_100() {
        // A shop with NPS 30 (20 % detractors, 30 % passives, 50 % promoters), 20,000 answers a
        // run, epsilon 1 (the default day budget).
        let truth = [0.2, 0.3, 0.5];
        let runs = 200;
        let covered = (0..runs)
            .filter(|&seed| {
                let s = simulate(Scale::Nps, &truth, 20_000, 1.0, seed);
                s.ci_low <= 30.0 && 30.0 <= s.ci_high
            })
            .count();
        assert!((180..=198).contains(&covered), "{covered} of {runs}");
        // The interval is informative at this scale: about ±3.7 points (standard error 1.9).
        let one = simulate(Scale::Nps, &truth, 20_000, 1.0, 1);
        assert!(one.ci_high - one.ci_low < 10.0, "{one:?}");
    }
}
