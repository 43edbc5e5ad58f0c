//! Typed targeting rules, built from the catalog's [`RuleDoc`]s during validation.

use crate::engine::prelude::*;

use core::fmt;

use super::features::{Feature, Kind, FEATURE_HINT};
use crate::engine::catalog::document::{RuleDoc, ValueDoc};
use crate::engine::catalog::limits::{MAX_LIST_LEN, MAX_RULE_DEPTH, MAX_RULE_NODES};
use crate::engine::catalog::{CatalogError, CatalogErrorKind};

/// A validated rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Every sub-rule matches (an empty list matches).
    All(Vec<Rule>),
    /// At least one sub-rule matches (an empty list does not).
    Any(Vec<Rule>),
    /// The sub-rule does not match.
    Not(Box<Rule>),
    /// A comparison of one feature with a literal.
    Compare(Comparison),
}

/// `feature <op> value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// What is read.
    pub feature: Feature,
    /// How it is compared.
    pub op: Op,
}

/// Comparison operators, with their literal already typed for the feature.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Equal to a number.
    EqNumber(f64),
    /// Equal to a text.
    EqText(String),
    /// Equal to a flag.
    EqFlag(bool),
    /// Not equal (true when the feature has no value).
    Ne(Box<Op>),
    /// Greater than.
    Gt(f64),
    /// Greater than or equal.
    Gte(f64),
    /// Less than.
    Lt(f64),
    /// Less than or equal.
    Lte(f64),
    /// The text value is one of these.
    In(Vec<String>),
    /// The list contains this item, or the text contains this substring.
    Contains(String),
    /// The feature has a value (true) or none (false).
    Exists(bool),
}

impl Rule {
    /// Validates a rule document found at `path`, with `beacons` the catalog's beacon ids.
    pub fn from_doc(doc: &RuleDoc, path: &str) -> Result<Rule, CatalogError> {
        let mut nodes = 0;
        build(doc, path, 0, &mut nodes)
    }

    /// True if any comparison reads the shopper's profile.
    pub fn is_personal(&self) -> bool {
        self.any_feature(&|f| f.is_personal())
    }

    /// True if any comparison satisfies `pred`.
    pub fn any_feature(&self, pred: &dyn Fn(&Feature) -> bool) -> bool {
        match self {
            Rule::All(rules) | Rule::Any(rules) => rules.iter().any(|r| r.any_feature(pred)),
            Rule::Not(rule) => rule.any_feature(pred),
            Rule::Compare(c) => pred(&c.feature),
        }
    }
}

fn shape(reason: &'static str, path: &str) -> CatalogError {
    CatalogError::new(path, CatalogErrorKind::BadRuleShape { reason })
}

fn build(doc: &RuleDoc, path: &str, depth: usize, nodes: &mut usize) -> Result<Rule, CatalogError> {
    if depth > MAX_RULE_DEPTH {
        return Err(CatalogError::new(path, CatalogErrorKind::RuleTooComplex));
    }
    let ops = [
        ("eq", &doc.eq),
        ("ne", &doc.ne),
        ("gt", &doc.gt),
        ("gte", &doc.gte),
        ("lt", &doc.lt),
        ("lte", &doc.lte),
        ("in", &doc.in_),
        ("contains", &doc.contains),
        ("exists", &doc.exists),
    ];
    let present: Vec<_> = ops
        .iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| (*n, v)))
        .collect();
    let forms = usize::from(doc.all.is_some())
        + usize::from(doc.any.is_some())
        + usize::from(doc.not.is_some())
        + usize::from(doc.feature.is_some() || !present.is_empty());
    if forms != 1 {
        return Err(shape(
            "a rule needs exactly one of `all`, `any`, `not`, or `feature` with one operator",
            path,
        ));
    }
    let list = |rules: &[RuleDoc], key: &str, nodes: &mut usize| {
        rules
            .iter()
            .enumerate()
            .map(|(i, r)| build(r, &format!("{path}.{key}[{i}]"), depth + 1, nodes))
            .collect::<Result<Vec<_>, _>>()
    };
    // Comparisons and empty lists (constants) are the leaves that MAX_RULE_NODES counts.
    let count_leaf = |nodes: &mut usize| {
        *nodes += 1;
        if *nodes > MAX_RULE_NODES {
            return Err(CatalogError::new(path, CatalogErrorKind::RuleTooComplex));
        }
        Ok(())
    };
    if let Some(rules) = doc.all.as_ref().or(doc.any.as_ref()) {
        if rules.is_empty() {
            count_leaf(nodes)?;
        }
    }
    if let Some(rules) = &doc.all {
        return list(rules, "all", nodes).map(Rule::All);
    }
    if let Some(rules) = &doc.any {
        return list(rules, "any", nodes).map(Rule::Any);
    }
    if let Some(rule) = &doc.not {
        return build(rule, &format!("{path}.not"), depth + 1, nodes)
            .map(|r| Rule::Not(Box::new(r)));
    }
    count_leaf(nodes)?;
    let Some(name) = &doc.feature else {
        return Err(shape("a comparison needs a `feature`", path));
    };
    let [(op_name, value)] = present.as_slice() else {
        return Err(shape(
            "a comparison needs exactly one operator: eq, ne, gt, gte, lt, lte, in, contains or exists",
            path,
        ));
    };
    let feature = Feature::parse(name).ok_or_else(|| {
        CatalogError::new(
            format!("{path}.feature"),
            CatalogErrorKind::UnknownFeature {
                name: name.clone(),
                hint: FEATURE_HINT,
            },
        )
    })?;
    let op = typed_op(&feature, op_name, value).map_err(|reason| {
        CatalogError::new(
            format!("{path}.{op_name}"),
            CatalogErrorKind::BadComparison { reason },
        )
    })?;
    Ok(Rule::Compare(Comparison { feature, op }))
}

/// Refuses a comparison whose outcome the feature's range decides in advance: `hour >= 30`,
/// `affinity.category.tea > 1` or `purchases = 1.5` are never true, `purchases ne 1.5` always.
/// Either way the rule cannot mean what its author wanted.
fn reachable(feature: &Feature, op: &str, n: f64) -> Result<(), String> {
    let Some(range) = feature.range() else {
        return Ok(());
    };
    let (tested, outcome) = if op == "ne" {
        ("eq", "always")
    } else {
        (op, "never")
    };
    if range.can_satisfy(tested, n) {
        return Ok(());
    }
    let name = feature.name();
    Err(format!(
        "`{op}` {n} on {name} is {outcome} true: {name} is {}",
        range.describe()
    ))
}

/// Types the literal for the feature, or says why the comparison cannot work.
fn typed_op(feature: &Feature, op: &str, value: &ValueDoc) -> Result<Op, String> {
    let name = feature.name();
    let kind = feature.kind();
    let check_allowed = |text: &str| match feature.allowed_values() {
        Some(allowed) if !allowed.contains(&text) => Err(format!(
            "`{text}` is never a value of {name}; expected one of {}",
            allowed.join(", ")
        )),
        _ => Ok(()),
    };
    let mismatch =
        |wanted: &str| format!("`{op}` on {name} needs {wanted}, found {}", describe(value));
    match (op, kind, value) {
        ("eq" | "ne", Kind::Number, ValueDoc::Number(n)) => {
            reachable(feature, op, *n).map(|()| Op::EqNumber(*n))
        }
        ("eq" | "ne", Kind::Text, ValueDoc::Text(t)) => {
            check_allowed(t).map(|()| Op::EqText(t.clone()))
        }
        ("eq" | "ne", Kind::Flag, ValueDoc::Bool(b)) => Ok(Op::EqFlag(*b)),
        ("eq" | "ne", Kind::List, _) => {
            Err(format!("{name} is a list: use `contains`, not `{op}`"))
        }
        ("eq" | "ne", Kind::Number, _) => Err(mismatch("a number")),
        ("eq" | "ne", Kind::Text, _) => Err(mismatch("a text")),
        ("eq" | "ne", Kind::Flag, _) => Err(mismatch("true or false")),
        ("gt" | "gte" | "lt" | "lte", Kind::Number, ValueDoc::Number(n)) if n.is_finite() => {
            reachable(feature, op, *n)?;
            Ok(match op {
                "gt" => Op::Gt(*n),
                "gte" => Op::Gte(*n),
                "lt" => Op::Lt(*n),
                _ => Op::Lte(*n),
            })
        }
        ("gt" | "gte" | "lt" | "lte", Kind::Number, _) => Err(mismatch("a finite number")),
        ("gt" | "gte" | "lt" | "lte", _, _) => Err(format!(
            "`{op}` compares numbers, and {name} is not a number"
        )),
        ("in", Kind::Text, ValueDoc::List(items)) if items.is_empty() => Err(
            "`in` needs at least one value (an empty list never matches); remove the comparison or add values".to_owned(),
        ),
        ("in", Kind::Text, ValueDoc::List(items)) if items.len() > MAX_LIST_LEN => Err(format!(
            "`in` takes at most {MAX_LIST_LEN} values; split the list with `any`"
        )),
        ("in", Kind::Text, ValueDoc::List(items)) => {
            items.iter().try_for_each(|t| check_allowed(t))?;
            Ok(Op::In(items.clone()))
        }
        ("in", Kind::Text, _) => Err(mismatch("a list of texts")),
        ("in", _, _) => Err(format!("`in` needs a text feature, and {name} is not one")),
        ("contains", _, ValueDoc::Text(t)) if *feature == Feature::SearchTerms => {
            // Terms are stored normalised (lowercase, stop words dropped): compare likewise.
            match crate::engine::profile::normalize_query(t).as_slice() {
                [term] => Ok(Op::Contains(term.clone())),
                _ => Err(format!(
                    "`contains` on search.terms needs one search word (\"{t}\" normalises to {} words); use `any` with one word per rule",
                    crate::engine::profile::normalize_query(t).len()
                )),
            }
        }
        ("contains", Kind::List | Kind::Text, ValueDoc::Text(t)) => Ok(Op::Contains(t.clone())),
        ("contains", Kind::List | Kind::Text, _) => Err(mismatch("a text")),
        ("contains", _, _) => Err(format!(
            "`contains` needs a list or text feature, and {name} is neither"
        )),
        ("exists", _, ValueDoc::Bool(b)) => Ok(Op::Exists(*b)),
        ("exists", _, _) => Err(mismatch("true or false")),
        _ => Err(format!("unknown operator `{op}`")),
    }
    .map(|typed| {
        if op == "ne" {
            Op::Ne(Box::new(typed))
        } else {
            typed
        }
    })
}

fn describe(value: &ValueDoc) -> String {
    match value {
        ValueDoc::Bool(b) => format!("{b}"),
        ValueDoc::Number(n) => format!("{n}"),
        ValueDoc::Text(t) => format!("\"{t}\""),
        ValueDoc::List(_) => "a list".to_owned(),
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, rules: &[Rule], sep: &str, empty: &str| {
            if rules.is_empty() {
                return write!(f, "{empty}");
            }
            write!(f, "(")?;
            for (i, r) in rules.iter().enumerate() {
                if i > 0 {
                    write!(f, " {sep} ")?;
                }
                write!(f, "{r}")?;
            }
            write!(f, ")")
        };
        match self {
            Rule::All(rules) => join(f, rules, "and", "always"),
            Rule::Any(rules) => join(f, rules, "or", "never"),
            Rule::Not(rule) => write!(f, "not {rule}"),
            Rule::Compare(c) => write!(f, "{} {}", c.feature.name(), c.op),
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::EqNumber(n) => write!(f, "= {n}"),
            Op::EqText(t) => write!(f, "= \"{t}\""),
            Op::EqFlag(b) => write!(f, "= {b}"),
            Op::Ne(inner) => write!(f, "!{inner}"),
            Op::Gt(n) => write!(f, "> {n}"),
            Op::Gte(n) => write!(f, ">= {n}"),
            Op::Lt(n) => write!(f, "< {n}"),
            Op::Lte(n) => write!(f, "<= {n}"),
            Op::In(items) => write!(f, "in [{}]", items.join(", ")),
            Op::Contains(t) => write!(f, "contains \"{t}\""),
            Op::Exists(true) => write!(f, "exists"),
            Op::Exists(false) => write!(f, "is absent"),
        }
    }
}
