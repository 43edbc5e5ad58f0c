//! Hard limits on catalog input. A catalog over any of them is rejected as a whole: the browser
//! runtime keeps its last good catalog.

/// Largest catalog accepted, in bytes of JSON, and largest compiled payload (`catalog.bin`
/// without its signed envelope; see [`super::binary`]).
pub const MAX_CATALOG_BYTES: usize = 1024 * 1024;
/// Deepest nesting of JSON arrays and objects.
pub const MAX_JSON_DEPTH: usize = 32;
/// Deepest nesting of `all` / `any` / `not` in one rule.
pub const MAX_RULE_DEPTH: usize = 8;
/// Most comparisons in one rule; an empty `all` or `any` (a constant) counts as one. So every
/// `all`/`any`/`not` lies above some comparison, and a rule has at most
/// `MAX_RULE_NODES * (MAX_RULE_DEPTH + 1)` nodes in all.
pub const MAX_RULE_NODES: usize = 64;
/// Most campaigns.
pub const MAX_CAMPAIGNS: usize = 500;
/// Most offers across all campaigns.
pub const MAX_OFFERS: usize = 10_000;
/// Most beacons.
pub const MAX_BEACONS: usize = 256;
/// Longest id (campaign, offer, slot, beacon, tag, category, product).
pub const MAX_ID_LEN: usize = 128;
/// Longest text (title, body, alt, call to action).
pub const MAX_TEXT_LEN: usize = 2_000;
/// Longest URL.
pub const MAX_URL_LEN: usize = 2_048;
/// Most entries in one list (slots, tags, categories, brands, products, schedule weekdays and
/// hours, the values of an `in` comparison).
pub const MAX_LIST_LEN: usize = 256;
/// Most products in the `complements` section.
pub const MAX_COMPLEMENTS: usize = 1_000;
/// Most complements of one product.
pub const MAX_COMPLEMENTS_PER_PRODUCT: usize = 20;
/// Largest frequency cap value.
pub const MAX_CAP: u32 = 10_000;
