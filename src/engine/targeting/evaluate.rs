//! Rule evaluation: a pure function of the rule and the feature values it reads.

use crate::engine::prelude::*;

use super::features::Feature;
use super::rule::{Op, Rule};

/// A feature's value at decision time (serialized untagged: `null`, a number, text, bool or
/// array).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    /// No value (no purchase yet, no category on this page, no consent to read the profile).
    Missing,
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
    /// A flag.
    Flag(bool),
    /// A list of texts.
    List(Vec<String>),
}

/// A feature's value as a [`FeatureSource`] gives it: its texts borrowed from the page context,
/// the profile or the catalog, so evaluating a rule copies none (owned copies cost the wasm
/// 0.3 kB gzip). [`ValueRef::to_value`] makes the owned [`Value`] an explanation keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef<'a> {
    /// No value.
    Missing,
    /// A number.
    Number(f64),
    /// A text.
    Text(&'a str),
    /// A flag.
    Flag(bool),
    /// A list of texts.
    List(Vec<&'a str>),
}

impl ValueRef<'_> {
    /// The owned value.
    pub fn to_value(&self) -> Value {
        match self {
            ValueRef::Missing => Value::Missing,
            ValueRef::Number(n) => Value::Number(*n),
            ValueRef::Text(t) => Value::Text((*t).to_owned()),
            ValueRef::Flag(f) => Value::Flag(*f),
            ValueRef::List(l) => Value::List(l.iter().map(|s| (*s).to_owned()).collect()),
        }
    }
}

impl Value {
    /// This value, borrowed (for a [`FeatureSource`] that keeps owned values).
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Missing => ValueRef::Missing,
            Value::Number(n) => ValueRef::Number(*n),
            Value::Text(t) => ValueRef::Text(t),
            Value::Flag(f) => ValueRef::Flag(*f),
            Value::List(l) => ValueRef::List(l.iter().map(String::as_str).collect()),
        }
    }
}

/// Where rules read features from.
pub trait FeatureSource {
    /// The current value of `feature`.
    fn value(&self, feature: &Feature) -> ValueRef<'_>;
}

/// True when `rule` matches the values `source` gives.
pub fn matches(rule: &Rule, source: &dyn FeatureSource) -> bool {
    match rule {
        Rule::All(rules) => rules.iter().all(|r| matches(r, source)),
        Rule::Any(rules) => rules.iter().any(|r| matches(r, source)),
        Rule::Not(rule) => !matches(rule, source),
        Rule::Compare(c) => compare(&c.op, &source.value(&c.feature)),
    }
}

/// Applies one operator to one value. Comparisons with a missing value are false, except `ne`
/// (true: a missing value is not equal to anything) and `exists: false`.
pub fn compare(op: &Op, value: &ValueRef<'_>) -> bool {
    match (op, value) {
        (Op::Exists(want), v) => *want == (*v != ValueRef::Missing),
        (Op::Ne(inner), v) => !compare(inner, v),
        (Op::EqNumber(n), ValueRef::Number(v)) => v == n,
        (Op::EqText(t), ValueRef::Text(v)) => v == t,
        (Op::EqFlag(b), ValueRef::Flag(v)) => v == b,
        (Op::Gt(n), ValueRef::Number(v)) => v > n,
        (Op::Gte(n), ValueRef::Number(v)) => v >= n,
        (Op::Lt(n), ValueRef::Number(v)) => v < n,
        (Op::Lte(n), ValueRef::Number(v)) => v <= n,
        (Op::In(items), ValueRef::Text(v)) => items.iter().any(|i| i == v),
        (Op::Contains(t), ValueRef::List(items)) => items.iter().any(|i| i == t),
        (Op::Contains(t), ValueRef::Text(v)) => contains_text(v, t),
        _ => false,
    }
}

/// Whether `text` contains `part`. Feature texts are short (a decision context text is at most
/// 128 bytes), so a window-by-window comparison does; `str::contains`'s Two-Way search would
/// cost the wasm 0.3 kB for nothing.
fn contains_text(text: &str, part: &str) -> bool {
    part.is_empty()
        || text
            .as_bytes()
            .windows(part.len())
            .any(|window| window == part.as_bytes())
}

/// The features `rule` read and their values, in rule order without repeats: the "why" of a
/// decision.
pub fn trace(rule: &Rule, source: &dyn FeatureSource) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    collect(rule, source, &mut out);
    out
}

fn collect(rule: &Rule, source: &dyn FeatureSource, out: &mut Vec<(String, Value)>) {
    match rule {
        Rule::All(rules) | Rule::Any(rules) => rules.iter().for_each(|r| collect(r, source, out)),
        Rule::Not(rule) => collect(rule, source, out),
        Rule::Compare(c) => {
            let name = c.feature.name();
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, source.value(&c.feature).to_value()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::contains_text;

    #[test]
    fn contains_text_is_str_contains() {
        let texts = [
            "",
            "a",
            "abc",
            "ababc",
            "café crème",
            "日本語のテキスト",
            "aaa",
        ];
        let parts = [
            "",
            "a",
            "b",
            "abc",
            "bab",
            "é",
            "é c",
            "本語",
            "キスト",
            "x",
            "aaaa",
        ];
        for text in texts {
            for part in parts {
                assert_eq!(
                    contains_text(text, part),
                    text.contains(part),
                    "{text} {part}"
                );
            }
            // Every substring at char boundaries is found.
            for (i, _) in text.char_indices() {
                for (j, _) in text[i..].char_indices() {
                    assert!(contains_text(text, &text[i..i + j]));
                }
            }
        }
    }
}
