//! Step 1, **filter**: smoothing raw RSSI readings per beacon (running average or Kalman).

use crate::engine::prelude::*;

use alloc::collections::VecDeque;

use super::MAX_SAMPLES_PER_BEACON;

/// How raw RSSI readings are smoothed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RssiFilter {
    /// Trimmed mean over a sliding time window (Android `RunningAverageRssiFilter`).
    /// The newest sample is always kept, so a window of 0 means "latest reading".
    RunningAverage {
        /// Window length in ms (Android default: 20 000).
        window_ms: u64,
    },
    /// Scalar Kalman filter on RSSI with a random-walk model whose process
    /// noise grows with the time between readings.
    Kalman {
        /// Process noise in dB² per second of elapsed time (how fast RSSI may drift).
        process_noise_db2_per_s: f64,
        /// Measurement noise in dB² (variance of a single reading).
        measurement_noise_db2: f64,
    },
}

impl RssiFilter {
    /// Android Beacon Library default: 20 s running average.
    pub const ANDROID_RUNNING_AVERAGE: Self = Self::RunningAverage { window_ms: 20_000 };
    /// Kalman filter for ~4 dB reading noise (R = 16 dB²) and slow drift
    /// (Q = 1 dB²/s): at 10 readings/s the gain settles near 0.08, a time
    /// constant of about 1.3 s, and a 30 dB outlier moves the estimate ~2 dB.
    pub const KALMAN: Self = Self::Kalman {
        process_noise_db2_per_s: 1.0,
        measurement_noise_db2: 16.0,
    };
}

impl Default for RssiFilter {
    fn default() -> Self {
        Self::ANDROID_RUNNING_AVERAGE
    }
}

/// Per-beacon filter state.
#[derive(Debug, Clone)]
pub(super) enum FilterState {
    Running(VecDeque<(u64, i16)>),
    Kalman {
        estimate: f64,
        variance: f64,
        last_ms: u64,
    },
}

impl FilterState {
    pub(super) fn new(filter: RssiFilter, rssi: i16, now_ms: u64) -> Self {
        match filter {
            RssiFilter::RunningAverage { .. } => Self::Running(VecDeque::from([(now_ms, rssi)])),
            RssiFilter::Kalman {
                measurement_noise_db2,
                ..
            } => Self::Kalman {
                estimate: f64::from(rssi),
                variance: measurement_noise_db2,
                last_ms: now_ms,
            },
        }
    }

    pub(super) fn add(&mut self, filter: RssiFilter, rssi: i16, now_ms: u64) {
        match (self, filter) {
            (Self::Running(samples), _) => {
                if samples.len() >= MAX_SAMPLES_PER_BEACON {
                    samples.pop_front();
                }
                samples.push_back((now_ms, rssi));
            }
            (
                Self::Kalman {
                    estimate,
                    variance,
                    last_ms,
                },
                RssiFilter::Kalman {
                    process_noise_db2_per_s: q,
                    measurement_noise_db2: r,
                },
            ) => {
                let dt_s = now_ms.saturating_sub(*last_ms) as f64 / 1000.0;
                let predicted = *variance + q * dt_s;
                let gain = predicted / (predicted + r);
                *estimate += gain * (f64::from(rssi) - *estimate);
                *variance = (1.0 - gain) * predicted;
                *last_ms = (*last_ms).max(now_ms);
            }
            // The config is fixed per tracker, so the kinds always match.
            (Self::Kalman { .. }, RssiFilter::RunningAverage { .. }) => {}
        }
    }

    /// Filtered RSSI at `now_ms`; expires old running-average samples.
    pub(super) fn estimate(&mut self, filter: RssiFilter, now_ms: u64) -> Option<f64> {
        match (self, filter) {
            (Self::Running(samples), RssiFilter::RunningAverage { window_ms }) => {
                let newest = samples.back().copied();
                samples.retain(|(t, _)| now_ms.saturating_sub(*t) < window_ms);
                if samples.is_empty() {
                    samples.extend(newest);
                }
                trimmed_mean(samples.iter().map(|(_, rssi)| *rssi))
            }
            (Self::Kalman { estimate, .. }, _) => Some(*estimate),
            (Self::Running(samples), _) => samples.back().map(|(_, rssi)| f64::from(*rssi)),
        }
    }
}

/// Android `RunningAverageRssiFilter.calculateRssi`: sort, and for more than
/// two samples drop `n / 10 + 1` from each end, then average.
fn trimmed_mean(values: impl Iterator<Item = i16>) -> Option<f64> {
    let mut sorted: Vec<i16> = values.collect();
    sorted.sort_unstable();
    let n = sorted.len();
    let kept = if n > 2 {
        sorted.get(n / 10 + 1..n - n / 10 - 1)?
    } else {
        sorted.as_slice()
    };
    if kept.is_empty() {
        return None;
    }
    let sum: f64 = kept.iter().map(|v| f64::from(*v)).sum();
    Some(sum / kept.len() as f64)
}
