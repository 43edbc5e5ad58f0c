//! Rules on the wire: their nodes in post-order, rebuilt with an explicit stack (no recursion
//! on untrusted input) and checked like validation checks a written rule.

use crate::engine::prelude::*;

use super::bounded::Bounded;
use super::error::{detail, DecodeError, EncodeError};
use super::wire::{CompareWire, FeatureWire, NodeWire, OpWire};
use crate::engine::catalog::limits::{MAX_RULE_DEPTH, MAX_RULE_NODES};
use crate::engine::profile::normalize_query;
use crate::engine::targeting::{Comparison, Feature, Kind, Op, Rule};

/// Whose rule it is: validation wraps a campaign's rule for its `near_beacon` shorthand in an
/// `all` with one more comparison, one level above the written limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleOwner {
    /// An offer's rule: within the written limits.
    Offer,
    /// A campaign's rule: within them, or their `near_beacon` expansion.
    Campaign,
}

const TOO_COMPLEX: DecodeError = DecodeError::Invalid {
    reason: detail("a rule nests too deep or has too many comparisons"),
};

/// Most nodes of a campaign's rule: each `all`/`any`/`not` lies above some leaf (comparison or
/// empty list), and each of the at most `MAX_RULE_NODES + 1` leaves has at most
/// `MAX_RULE_DEPTH + 1` nodes above it.
pub const MAX_WIRE_RULE_NODES: usize = (MAX_RULE_NODES + 1) * (MAX_RULE_DEPTH + 2);

const NOT_A_TREE: DecodeError = DecodeError::Invalid {
    reason: detail("a rule's nodes do not form one tree"),
};

/// Appends the nodes of `rule` in post-order.
pub fn push_nodes<'a>(rule: &'a Rule, out: &mut Vec<NodeWire<'a>>) -> Result<(), EncodeError> {
    match rule {
        Rule::All(rules) | Rule::Any(rules) => {
            rules.iter().try_for_each(|r| push_nodes(r, out))?;
            let count = u16::try_from(rules.len()).map_err(|_| EncodeError::NotValidated {
                reason: "an all/any list has more than 65535 rules",
            })?;
            out.push(match rule {
                Rule::All(_) => NodeWire::All(count),
                _ => NodeWire::Any(count),
            });
        }
        Rule::Not(inner) => {
            push_nodes(inner, out)?;
            out.push(NodeWire::Not);
        }
        Rule::Compare(c) => out.push(NodeWire::Compare(CompareWire {
            feature: (&c.feature).into(),
            op: op_wire(&c.op)?,
        })),
    }
    Ok(())
}

fn op_wire(op: &Op) -> Result<OpWire<'_>, EncodeError> {
    Ok(match op {
        Op::EqNumber(n) => OpWire::EqNumber(*n),
        Op::EqText(t) => OpWire::EqText(t),
        Op::EqFlag(b) => OpWire::EqFlag(*b),
        Op::Ne(inner) => match inner.as_ref() {
            Op::EqNumber(n) => OpWire::NeNumber(*n),
            Op::EqText(t) => OpWire::NeText(t),
            Op::EqFlag(b) => OpWire::NeFlag(*b),
            _ => {
                return Err(EncodeError::NotValidated {
                    reason: "`ne` wraps an operator other than `eq`",
                })
            }
        },
        Op::Gt(n) => OpWire::Gt(*n),
        Op::Gte(n) => OpWire::Gte(*n),
        Op::Lt(n) => OpWire::Lt(*n),
        Op::Lte(n) => OpWire::Lte(*n),
        Op::In(items) => OpWire::In(Bounded(items.iter().map(String::as_str).collect())),
        Op::Contains(t) => OpWire::Contains(t),
        Op::Exists(b) => OpWire::Exists(*b),
    })
}

/// A subtree's shape on the checking stack: what the limits and the `near_beacon` expansion
/// need, so the rule is only built once it is known to be valid (no half-built tree to drop).
#[derive(Clone, Copy)]
struct Shape {
    height: usize,
    leaves: usize,
    /// A `beacon.near contains <id>` comparison.
    near_leaf: bool,
    /// `all: [beacon.near contains <id>, <rule>]`, as validation expands `near_beacon`.
    near_wrapper: bool,
}

/// Rebuilds a rule from its post-order nodes. Which beacons `beacon.near`/`beacon.visited`
/// comparisons name is trusted, as the decoder's module documentation says.
pub fn rule(nodes: &[NodeWire<'_>], owner: RuleOwner) -> Result<Rule, DecodeError> {
    check(nodes, owner)?;
    Ok(build(nodes))
}

/// Checks that `nodes` form one tree within the limits, with comparisons that fit.
fn check(nodes: &[NodeWire<'_>], owner: RuleOwner) -> Result<(), DecodeError> {
    let slack = usize::from(owner == RuleOwner::Campaign);
    let (max_depth, max_leaves) = (MAX_RULE_DEPTH + slack, MAX_RULE_NODES + slack);
    let mut stack: Vec<Shape> = Vec::new();
    for node in nodes {
        let shape = match node {
            NodeWire::Compare(CompareWire { feature, op }) => {
                check_comparison(feature, op)?;
                Shape {
                    height: 0,
                    leaves: 1,
                    near_leaf: matches!(feature, FeatureWire::BeaconNear)
                        && matches!(op, OpWire::Contains(_)),
                    near_wrapper: false,
                }
            }
            NodeWire::Not => {
                let child = stack.pop().ok_or(NOT_A_TREE)?;
                Shape {
                    height: child.height + 1,
                    near_leaf: false,
                    near_wrapper: false,
                    ..child
                }
            }
            NodeWire::All(count) | NodeWire::Any(count) => {
                let first = stack
                    .len()
                    .checked_sub(usize::from(*count))
                    .ok_or(NOT_A_TREE)?;
                let children = &stack[first..];
                let height = children.iter().map(|c| c.height + 1).max().unwrap_or(0);
                let leaves: usize = children.iter().map(|c| c.leaves).sum();
                let near_wrapper = matches!(node, NodeWire::All(2)) && children[0].near_leaf;
                stack.truncate(first);
                Shape {
                    height,
                    // An empty list is a constant: a leaf.
                    leaves: leaves.max(1),
                    near_leaf: false,
                    near_wrapper,
                }
            }
        };
        if shape.height > max_depth || shape.leaves > max_leaves {
            return Err(TOO_COMPLEX);
        }
        stack.push(shape);
    }
    let root = match (stack.pop(), stack.is_empty()) {
        (Some(root), true) => root,
        _ => return Err(NOT_A_TREE),
    };
    let over_written_limits = root.height > MAX_RULE_DEPTH || root.leaves > MAX_RULE_NODES;
    if over_written_limits && !root.near_wrapper {
        return Err(TOO_COMPLEX);
    }
    Ok(())
}

/// Builds the rule of nodes that [`check`] accepted (so every pop finds its subtree).
fn build(nodes: &[NodeWire<'_>]) -> Rule {
    let mut stack: Vec<Rule> = Vec::new();
    for node in nodes {
        let rule = match node {
            NodeWire::Compare(CompareWire { feature, op }) => Rule::Compare(Comparison {
                feature: Feature::from(feature),
                op: op_model(op),
            }),
            NodeWire::Not => Rule::Not(Box::new(stack.pop().unwrap_or(Rule::All(Vec::new())))),
            NodeWire::All(count) | NodeWire::Any(count) => {
                let rules = stack.split_off(stack.len().saturating_sub(usize::from(*count)));
                match node {
                    NodeWire::All(_) => Rule::All(rules),
                    _ => Rule::Any(rules),
                }
            }
        };
        stack.push(rule);
    }
    stack.pop().unwrap_or(Rule::All(Vec::new()))
}

/// Whether a comparison's operator and literal fit the feature, as validation requires. Only
/// meaning depends on it (a comparison that does not fit is false, or true under `ne`: the
/// evaluator is total), so the browser's wasm
/// (without `std`) trusts what `vitrine sign` validated.
fn check_comparison(feature: &FeatureWire<'_>, op: &OpWire<'_>) -> Result<(), DecodeError> {
    if !cfg!(feature = "std") {
        return Ok(());
    }
    let invalid = |reason| {
        Err(DecodeError::Invalid {
            reason: detail(reason),
        })
    };
    if matches!(
        feature,
        FeatureWire::Affinity(_, "") | FeatureWire::DaysSinceProductPurchase("")
    ) {
        return invalid("a feature that names a key or product has none");
    }
    let feature = Feature::from(feature);
    let kind = feature.kind();
    let allowed = |text: &str| {
        feature
            .allowed_values()
            .is_none_or(|values| values.contains(&text))
    };
    let fits = match op {
        OpWire::EqNumber(n)
        | OpWire::NeNumber(n)
        | OpWire::Gt(n)
        | OpWire::Gte(n)
        | OpWire::Lt(n)
        | OpWire::Lte(n) => kind == Kind::Number && n.is_finite(),
        OpWire::EqText(t) | OpWire::NeText(t) => kind == Kind::Text && allowed(t),
        OpWire::EqFlag(_) | OpWire::NeFlag(_) => kind == Kind::Flag,
        OpWire::In(items) => kind == Kind::Text && items.0.iter().all(|t| allowed(t)),
        OpWire::Contains(t) if feature == Feature::SearchTerms => {
            matches!(normalize_query(t).as_slice(), [term] if term == t)
        }
        OpWire::Contains(_) => matches!(kind, Kind::Text | Kind::List),
        OpWire::Exists(_) => true,
    };
    if !fits {
        return invalid("a rule compares a feature with an operator or value that does not fit it");
    }
    Ok(())
}

fn op_model(op: &OpWire<'_>) -> Op {
    let ne = |op| Op::Ne(Box::new(op));
    match *op {
        OpWire::EqNumber(n) => Op::EqNumber(n),
        OpWire::EqText(t) => Op::EqText(t.to_owned()),
        OpWire::EqFlag(b) => Op::EqFlag(b),
        OpWire::NeNumber(n) => ne(Op::EqNumber(n)),
        OpWire::NeText(t) => ne(Op::EqText(t.to_owned())),
        OpWire::NeFlag(b) => ne(Op::EqFlag(b)),
        OpWire::Gt(n) => Op::Gt(n),
        OpWire::Gte(n) => Op::Gte(n),
        OpWire::Lt(n) => Op::Lt(n),
        OpWire::Lte(n) => Op::Lte(n),
        OpWire::In(ref items) => Op::In(items.0.iter().map(|t| (*t).to_owned()).collect()),
        OpWire::Contains(t) => Op::Contains(t.to_owned()),
        OpWire::Exists(b) => Op::Exists(b),
    }
}
