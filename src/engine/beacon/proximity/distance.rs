//! Step 2, **distance**: turning a filtered RSSI and the 1 m reference power into metres.

use crate::engine::math;

/// How a filtered RSSI and the 1 m reference power become metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DistanceModel {
    /// `ratio^10` below ratio 1, else `a * ratio^b + c`, with `ratio = rssi / tx`.
    CurveFit {
        /// Multiplier `a`.
        a: f64,
        /// Exponent `b`.
        b: f64,
        /// Offset `c`.
        c: f64,
    },
    /// Log-distance path loss: `10^((tx - rssi) / (10 n))`.
    LogDistance {
        /// Path-loss exponent `n` (2.0 in free space, 2.5–4 indoors).
        path_loss_exponent: f64,
    },
}

impl DistanceModel {
    /// Android Beacon Library curve fit, measured with a Nexus 4.
    pub const NEXUS4_CURVE_FIT: Self = Self::CurveFit {
        a: 0.89976,
        b: 7.7095,
        c: 0.111,
    };
    /// Free-space log-distance model (`n = 2`).
    pub const FREE_SPACE: Self = Self::LogDistance {
        path_loss_exponent: 2.0,
    };

    /// Distance in metres, or `None` when `rssi` is not negative and finite
    /// or `tx_power_at_1m` is not negative. Non-increasing in `rssi`.
    pub fn distance_m(&self, rssi: f64, tx_power_at_1m: i8) -> Option<f64> {
        if !(rssi.is_finite() && rssi < 0.0 && tx_power_at_1m < 0) {
            return None;
        }
        let tx = f64::from(tx_power_at_1m);
        let d = match *self {
            Self::CurveFit { a, b, c } => {
                let ratio = rssi / tx;
                if ratio < 1.0 {
                    math::powi(ratio, 10)
                } else {
                    a * math::powf(ratio, b) + c
                }
            }
            Self::LogDistance { path_loss_exponent } => {
                math::powf(10.0, (tx - rssi) / (10.0 * path_loss_exponent))
            }
        };
        d.is_finite().then_some(d)
    }
}

impl Default for DistanceModel {
    fn default() -> Self {
        Self::NEXUS4_CURVE_FIT
    }
}
