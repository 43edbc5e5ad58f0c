//! Tuning knobs of the profile and the hard limits that keep it small.

use crate::engine::clock::{DAY_MS, MINUTE_MS};
use crate::engine::events::Millis;

/// Most keys kept per affinity [`Dimension`](super::Dimension); the weakest is evicted first.
pub const MAX_KEYS_PER_DIMENSION: usize = 48;
/// Most cart lines mirrored; adding a new product to a full cart drops the least recently
/// changed line.
pub const MAX_CART_LINES: usize = 100;
/// Largest quantity of one cart line (and of one add-to-cart event).
pub const MAX_LINE_QUANTITY: u32 = 999;
/// Most recently purchased product ids remembered for suppression (the newest are kept).
pub const MAX_RECENT_PURCHASES: usize = 50;
/// Most normalised search terms remembered (the newest are kept).
pub const MAX_SEARCH_TERMS: usize = 20;
/// Most offers with a history; the least recently touched is evicted first.
pub const MAX_OFFERS: usize = 256;
/// Most beacons remembered; the least recently seen is evicted first.
pub const MAX_BEACONS: usize = 64;
/// Longest id (product, category, brand, tag, offer, slot, beacon) accepted, in bytes: the
/// limit of event batches ([`limits::MAX_ID_BYTES`](crate::engine::events::limits::MAX_ID_BYTES)).
/// Longer ids are treated as garbage: they are ignored, never truncated (truncation could
/// merge ids).
pub const MAX_ID_BYTES: usize = crate::engine::events::limits::MAX_ID_BYTES;
/// Longest product `url` or `image` accepted, in bytes: the limit of event batches
/// ([`limits::MAX_URL_BYTES`](crate::engine::events::limits::MAX_URL_BYTES)).
pub const MAX_URL_BYTES: usize = crate::engine::events::limits::MAX_URL_BYTES;
/// Most products whose details (name, link, image) are kept for offer templates; the least
/// recently described or viewed is evicted first.
pub const MAX_PRODUCT_CARDS: usize = 30;
/// Most surveys whose answers are kept; the one answered longest ago is evicted first (and may
/// then be asked again).
pub const MAX_SURVEY_ANSWERS: usize = 20;
/// Tags per product that are kept (the first ones, after dropping invalid and duplicate tags).
pub const MAX_TAGS_PER_PRODUCT: usize = 16;
/// Items per purchase event that are kept.
pub const MAX_ITEMS_PER_PURCHASE: usize = 100;
/// Characters of a search query that are kept and looked at.
pub const MAX_QUERY_CHARS: usize = 256;
/// Largest price, order value, monetary total or score kept; larger values are clamped.
/// `1e9` with six decimals stays below 2^53, so every stored number is an exact JSON and
/// JavaScript number.
pub const MAX_AMOUNT: f64 = 1e9;
/// Latest accepted timestamp: 9999-12-31T23:59:59.999Z. Events outside
/// `0..=MAX_TIMESTAMP_MS` are ignored as garbage.
pub const MAX_TIMESTAMP_MS: Millis = 253_402_300_799_999;
/// Largest [`Profile::event_count`](super::Profile::event_count): 2^53 - 1, the largest
/// integer JavaScript (where the summaries and `exportData()` hand it) represents exactly.
pub const MAX_EVENT_COUNT: u64 = (1 << 53) - 1;
/// Beacon presence expires this long after the last enter, even without an exit event (the
/// page may have closed while the shopper was in the zone).
pub const PRESENCE_TTL_MS: Millis = 15 * MINUTE_MS;
/// Half-life of an offer's [fatigue](super::OfferHistory::fatigue): 24 hours.
pub const FATIGUE_HALF_LIFE_MS: Millis = 24 * 60 * MINUTE_MS;

/// How the profile learns and forgets. Out-of-range values never panic: a half-life that is
/// not a positive number falls back to its default (`f64::INFINITY` means "never decay"), and
/// a zero session gap counts as one minute.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileConfig {
    /// Half-life of affinities, in days (default 14).
    pub affinity_half_life_days: f64,
    /// Half-life of the engagement score behind intent, in minutes (default 30).
    pub intent_half_life_minutes: f64,
    /// Inactivity after which the next event starts a new session, in minutes (default 30).
    pub session_gap_minutes: u32,
    /// The shop's time zone in minutes east of UTC, for per-day and per-week windows
    /// (default 0).
    pub utc_offset_minutes: i32,
    /// Age after which [`Profile::prune`](super::Profile::prune) drops dated records, in days
    /// (default 90).
    pub retention_days: u32,
}

impl ProfileConfig {
    /// Default affinity half-life in days.
    pub const DEFAULT_AFFINITY_HALF_LIFE_DAYS: f64 = 14.0;
    /// Default engagement half-life in minutes.
    pub const DEFAULT_INTENT_HALF_LIFE_MINUTES: f64 = 30.0;

    /// The affinity half-life in milliseconds, after falling back to the default if invalid.
    pub fn affinity_half_life_ms(&self) -> f64 {
        positive_or(
            self.affinity_half_life_days,
            Self::DEFAULT_AFFINITY_HALF_LIFE_DAYS,
        ) * DAY_MS as f64
    }

    /// The engagement half-life in milliseconds, after falling back to the default if invalid.
    pub fn intent_half_life_ms(&self) -> f64 {
        positive_or(
            self.intent_half_life_minutes,
            Self::DEFAULT_INTENT_HALF_LIFE_MINUTES,
        ) * MINUTE_MS as f64
    }

    /// The session gap in milliseconds (at least one minute).
    pub fn session_gap_ms(&self) -> Millis {
        Millis::from(self.session_gap_minutes.max(1)) * MINUTE_MS
    }

    /// The retention period in milliseconds.
    pub fn retention_ms(&self) -> Millis {
        Millis::from(self.retention_days).saturating_mul(DAY_MS)
    }

    /// The oldest time behaviour may date from at `now`: `now` minus the retention period.
    pub fn retention_cutoff(&self, now: Millis) -> Millis {
        now.saturating_sub(self.retention_ms())
    }
}

impl Default for ProfileConfig {
    fn default() -> Self {
        ProfileConfig {
            affinity_half_life_days: Self::DEFAULT_AFFINITY_HALF_LIFE_DAYS,
            intent_half_life_minutes: Self::DEFAULT_INTENT_HALF_LIFE_MINUTES,
            session_gap_minutes: 30,
            utc_offset_minutes: 0,
            retention_days: 90,
        }
    }
}

/// `value` if it is a positive number (infinity included), else `default`.
fn positive_or(value: f64, default: f64) -> f64 {
    if value > 0.0 {
        value
    } else {
        default
    }
}
