//! Rule evaluation: a pure function of the rule and the feature values it reads.

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

/// Where rules read features from.
pub trait FeatureSource {
    /// The current value of `feature`.
    fn value(&self, feature: &Feature) -> Value;
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
pub fn compare(op: &Op, value: &Value) -> bool {
    match (op, value) {
        (Op::Exists(want), v) => *want == (*v != Value::Missing),
        (Op::Ne(inner), v) => !compare(inner, v),
        (Op::EqNumber(n), Value::Number(v)) => v == n,
        (Op::EqText(t), Value::Text(v)) => v == t,
        (Op::EqFlag(b), Value::Flag(v)) => v == b,
        (Op::Gt(n), Value::Number(v)) => v > n,
        (Op::Gte(n), Value::Number(v)) => v >= n,
        (Op::Lt(n), Value::Number(v)) => v < n,
        (Op::Lte(n), Value::Number(v)) => v <= n,
        (Op::In(items), Value::Text(v)) => items.iter().any(|i| i == v),
        (Op::Contains(t), Value::List(items)) => items.iter().any(|i| i == t),
        (Op::Contains(t), Value::Text(v)) => contains_text(v, t),
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
                out.push((name, source.value(&c.feature)));
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
