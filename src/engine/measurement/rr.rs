//! Randomized response on one bit, and the draws it needs from a caller's random source.

use crate::engine::prelude::*;

use crate::engine::math;

use rand_core::Rng;

/// Probability that a bit protected with `epsilon` is reported truthfully:
/// `p = e^ε / (1 + e^ε)`, so `p / (1 − p) = e^ε` (ε-local differential privacy).
pub fn keep_probability(epsilon: f64) -> f64 {
    1.0 / (1.0 + math::exp(-epsilon))
}

/// Unbiased estimate of the true bit from the reported one: `(y − (1 − p)) / (2p − 1)`.
pub fn debias(reported: bool, epsilon: f64) -> f64 {
    let p = keep_probability(epsilon);
    (f64::from(u8::from(reported)) - (1.0 - p)) / (2.0 * p - 1.0)
}

/// Variance of [`debias`], the same whatever the true bit:
/// `p(1 − p) / (2p − 1)² = e^ε / (e^ε − 1)²`.
pub fn noise_variance(epsilon: f64) -> f64 {
    let p = keep_probability(epsilon);
    p * (1.0 - p) / ((2.0 * p - 1.0) * (2.0 * p - 1.0))
}

/// Reports `bit` truthfully with probability [`keep_probability`], flipped otherwise.
pub fn randomize<R: Rng + ?Sized>(bit: bool, epsilon: f64, rng: &mut R) -> bool {
    bit == (unit(rng) < keep_probability(epsilon))
}

/// A uniform draw from `[0, 1)` with 53 random bits.
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A uniform integer in `0..n` (`n > 0`), without modulo bias (Lemire's method).
fn below<R: Rng + ?Sized>(rng: &mut R, n: u64) -> u64 {
    let threshold = n.wrapping_neg() % n;
    loop {
        let m = u128::from(rng.next_u64()) * u128::from(n);
        if (m as u64) >= threshold {
            return (m >> 64) as u64;
        }
    }
}

/// `k` distinct indices drawn uniformly from `0..n` (`k <= n`), sorted (Floyd's algorithm).
pub fn sample_indices<R: Rng + ?Sized>(rng: &mut R, n: u32, k: u32) -> Vec<u32> {
    let mut chosen: Vec<u32> = Vec::with_capacity(k as usize);
    for j in n - k..n {
        let t = below(rng, u64::from(j) + 1) as u32;
        let pick = if chosen.contains(&t) { j } else { t };
        chosen.push(pick);
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    #[test]
    fn keep_probability_matches_the_privacy_ratio() {
        for eps in [0.1, 1.0, 3.0] {
            let p = keep_probability(eps);
            assert!((p / (1.0 - p) - f64::exp(eps)).abs() < 1e-9);
            let closed = eps.exp() / (eps.exp() - 1.0).powi(2);
            assert!((noise_variance(eps) - closed).abs() < 1e-9 * closed);
        }
    }

    #[test]
    fn samples_are_distinct_and_in_range() {
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        for (n, k) in [(1, 1), (3, 3), (30, 1), (30, 5), (30_000, 64)] {
            let s = sample_indices(&mut rng, n, k);
            assert_eq!(s.len(), k as usize);
            assert!(s.windows(2).all(|w| w[0] < w[1]) && s.iter().all(|&i| i < n));
        }
    }

    #[test]
    fn single_samples_are_uniform() {
        let mut rng = Pcg64Mcg::seed_from_u64(11);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[sample_indices(&mut rng, 6, 1)[0] as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
    }
}
