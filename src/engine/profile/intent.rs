//! Purchase intent: a short-memory engagement score bucketed into three temperatures.

use serde::{Deserialize, Serialize};

/// Engagement added by a product view.
pub const ENGAGEMENT_PRODUCT_VIEW: f64 = 1.0;
/// Engagement added by a category view.
pub const ENGAGEMENT_CATEGORY_VIEW: f64 = 0.5;
/// Engagement added by a search.
pub const ENGAGEMENT_SEARCH: f64 = 1.0;
/// Engagement added by an add-to-cart.
pub const ENGAGEMENT_ADD_TO_CART: f64 = 3.0;
/// Engagement added by a banner click.
pub const ENGAGEMENT_CLICK: f64 = 2.0;
/// Engagement at or above which the shopper is [`Intent::Warm`].
pub const WARM_THRESHOLD: f64 = 3.0;
/// Engagement at or above which the shopper is [`Intent::Hot`].
pub const HOT_THRESHOLD: f64 = 8.0;

/// How close the shopper seems to buying right now. Ordered: `Cold < Warm < Hot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Engagement below [`WARM_THRESHOLD`] (also right after a purchase).
    Cold,
    /// Engagement in `WARM_THRESHOLD..HOT_THRESHOLD`.
    Warm,
    /// Engagement at or above [`HOT_THRESHOLD`].
    Hot,
}

impl Intent {
    /// The temperature for a decayed engagement score.
    pub fn from_engagement(score: f64) -> Intent {
        if score >= HOT_THRESHOLD {
            Intent::Hot
        } else if score >= WARM_THRESHOLD {
            Intent::Warm
        } else {
            Intent::Cold
        }
    }

    /// The name used in rules: cold, warm, hot.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Cold => "cold",
            Intent::Warm => "warm",
            Intent::Hot => "hot",
        }
    }
}
