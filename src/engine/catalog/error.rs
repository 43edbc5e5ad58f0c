//! Catalog errors: each names the JSON path of the offending value and says what to fix.

use crate::engine::prelude::*;

use core::fmt;

/// Everything wrong with a catalog. Never empty. A catalog with any error is rejected whole.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogErrors(pub Vec<CatalogError>);

/// One problem, at one place in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogError {
    /// Where, e.g. `campaigns[2].offers[0].link` (`.` for the whole document).
    pub path: String,
    /// What.
    pub kind: CatalogErrorKind,
}

/// The kinds of catalog problems.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogErrorKind {
    /// The document is larger than [`super::limits::MAX_CATALOG_BYTES`].
    TooLarge { bytes: usize, max: usize },
    /// Arrays and objects nest deeper than [`super::limits::MAX_JSON_DEPTH`].
    TooDeep { max: usize },
    /// Not well-formed, a missing field, an unknown field or a value of the wrong type
    /// (the message comes from the parser).
    Malformed(String),
    /// `schema` is not a version this engine reads.
    UnsupportedSchema { found: u32, supported: u32 },
    /// Two items share an id.
    DuplicateId { what: &'static str, id: String },
    /// A required text or list is empty.
    Empty,
    /// An id holds control characters (U+0000 to U+001F, U+007F to U+009F).
    ControlCharacters,
    /// A text is longer than allowed.
    TooLong { max: usize },
    /// A list has more entries than allowed.
    TooMany { max: usize },
    /// A number is outside its range.
    OutOfRange { min: f64, max: f64 },
    /// A URL with a scheme other than https: or http:, or with spaces or control characters.
    BadUrl { reason: &'static str },
    /// Not an RFC 3339 timestamp.
    BadTimestamp { value: String },
    /// `ends_at` is not after `starts_at`.
    EmptyTimeRange,
    /// Not "HH:MM" (00:00 to 24:00).
    BadTimeOfDay { value: String },
    /// Not one of mon, tue, wed, thu, fri, sat, sun.
    BadWeekday { value: String },
    /// A rule names a feature that does not exist.
    UnknownFeature { name: String, hint: &'static str },
    /// A rule compares a feature with an operator or value that does not fit its type.
    BadComparison { reason: String },
    /// A rule object is not exactly one of all/any/not or a feature with one operator.
    BadRuleShape { reason: &'static str },
    /// A rule nests deeper than [`super::limits::MAX_RULE_DEPTH`] or has more than
    /// [`super::limits::MAX_RULE_NODES`] comparisons (an empty `all` or `any` counts as one).
    RuleTooComplex,
    /// A reference to a beacon the catalog does not declare.
    UnknownBeacon { id: String },
    /// A beacon's `frame` is not a valid beacon identity.
    BadBeaconFrame { reason: String },
    /// A beacon's `at_zone` is not "immediate" or "near".
    BadZone { value: String },
    /// A beacon that is not an AltBeacon has a `company_id`.
    CompanyIdNotAltBeacon,
    /// An offer uses the `complements` template, and the catalog lists no complements.
    NoComplements,
    /// A survey offer also has a link, a call to action or a template.
    SurveyWithLink,
    /// Offers share a survey id with different scales.
    SurveyScales {
        /// The survey id.
        id: String,
    },
}

impl CatalogError {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, kind: CatalogErrorKind) -> Self {
        CatalogError {
            path: path.into(),
            kind,
        }
    }
}

impl fmt::Display for CatalogErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CatalogErrorKind::*;
        match self {
            TooLarge { bytes, max } => write!(f, "the catalog is {bytes} bytes; the limit is {max}: split it or remove retired campaigns"),
            TooDeep { max } => write!(f, "arrays and objects nest deeper than {max} levels"),
            Malformed(message) => write!(f, "{message}"),
            UnsupportedSchema { found, supported } => write!(f, "schema version {found} is not supported; this SDK reads schema {supported} (upgrade the SDK or publish schema {supported})"),
            DuplicateId { what, id } => write!(f, "duplicate {what} id `{id}`: ids must be unique"),
            Empty => write!(f, "must not be empty"),
            ControlCharacters => write!(f, "contains control characters (such as NUL, tab or newline); ids are plain text"),
            TooLong { max } => write!(f, "longer than {max} characters"),
            TooMany { max } => write!(f, "more than {max} entries"),
            OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
            BadUrl { reason } => write!(f, "{reason}; use an https:, http: or relative URL"),
            BadTimestamp { value } => write!(f, "`{value}` is not an RFC 3339 timestamp such as 2026-11-23T09:00:00Z"),
            EmptyTimeRange => write!(f, "ends_at must be after starts_at"),
            BadTimeOfDay { value } => write!(f, "`{value}` is not a time of day HH:MM between 00:00 and 24:00"),
            BadWeekday { value } => write!(f, "`{value}` is not a weekday; use mon, tue, wed, thu, fri, sat or sun"),
            UnknownFeature { name, hint } => write!(f, "unknown feature `{name}`; {hint}"),
            BadComparison { reason } => write!(f, "{reason}"),
            BadRuleShape { reason } => write!(f, "{reason}"),
            RuleTooComplex => write!(f, "the rule is too complex (at most {} levels of all/any/not and {} comparisons, an empty all or any counting as one)", super::limits::MAX_RULE_DEPTH, super::limits::MAX_RULE_NODES),
            UnknownBeacon { id } => write!(f, "no beacon `{id}` is declared in the catalog's `beacons`"),
            BadBeaconFrame { reason } => write!(f, "{reason}"),
            BadZone { value } => write!(f, "`{value}` is not a zone that can count as \"at\" a beacon; use immediate or near"),
            CompanyIdNotAltBeacon => write!(f, "only AltBeacon frames have a company id (iBeacon is always Apple's 0x004C, Eddystone uses service data); remove `company_id`"),
            NoComplements => write!(f, "the `complements` template needs the catalog's `complements` section (a product id -> the products that go with it)"),
            SurveyWithLink => write!(f, "a survey's banner is answered with its buttons: remove `link`, `cta` and `template` from the offer"),
            SurveyScales { id } => write!(f, "offers that ask survey `{id}` must use the same scale (its answers are compared with each other)"),
        }
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "invalid catalog: {one}"),
            many => {
                write!(f, "invalid catalog ({} problems):", many.len())?;
                many.iter().try_for_each(|e| write!(f, "\n  {e}"))
            }
        }
    }
}

impl core::error::Error for CatalogError {}
impl core::error::Error for CatalogErrors {}

impl From<CatalogError> for CatalogErrors {
    fn from(error: CatalogError) -> Self {
        CatalogErrors(vec![error])
    }
}
