//! Targeting: who sees an offer. Rules are validated against the feature list when the catalog
//! is parsed ([`Rule::from_doc`]) and evaluated here as pure functions ([`matches()`]).

pub mod evaluate;
pub mod features;
pub mod rule;

pub use evaluate::{compare, matches, trace, FeatureSource, Value, ValueRef};
pub use features::{Feature, Kind};
pub use rule::{Comparison, Op, Rule};
