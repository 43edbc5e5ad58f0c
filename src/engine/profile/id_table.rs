//! The profile's small tables keyed by id (interests, cart lines, purchases, offer histories,
//! beacons): two vectors kept sorted by id, so lookups are a binary search, iteration is in id
//! order, and every table shares the same non-generic search code.
//!
//! Every table is bounded by a few dozen to a few hundred entries (see [`config`](super::config)),
//! so inserting and removing (which shift the entries after the position) cost less than a
//! tree's node bookkeeping, and the code is a fraction of a `BTreeMap`'s.

use crate::engine::prelude::*;

use core::cmp::Ordering;
use core::fmt;

/// Ids and their values, sorted by id (byte order, as `str` compares).
#[derive(Clone, PartialEq)]
pub(crate) struct IdTable<V> {
    /// Sorted and unique.
    ids: Vec<String>,
    /// `values[i]` belongs to `ids[i]`.
    values: Vec<V>,
}

impl<V> Default for IdTable<V> {
    fn default() -> Self {
        IdTable {
            ids: Vec::new(),
            values: Vec::new(),
        }
    }
}

/// Where `id` is in `ids` (`Ok`), or where it would go (`Err`). Ids compare byte by byte, as
/// `str` does, in place: ids are short, and a `memcmp` call per probe costs more than the loop.
fn locate(ids: &[String], id: &str) -> Result<usize, usize> {
    ids.binary_search_by(|probe| probe.bytes().cmp(id.bytes()))
}

impl<V> IdTable<V> {
    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the table is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The position of `id` in id order, if present.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        locate(&self.ids, id).ok()
    }

    /// The value of `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&V> {
        self.position(id).and_then(|i| self.values.get(i))
    }

    /// The value of `id`, to change.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut V> {
        self.position(id).and_then(|i| self.values.get_mut(i))
    }

    /// The value of `id`. An absent `id` is inserted as `new()`, after removing the entries of
    /// least `rank` (ties: the smallest id) while the table holds `max` or more. One search
    /// when `id` is present.
    pub(crate) fn get_or_insert_bounded<O: Ord>(
        &mut self,
        id: &str,
        max: usize,
        rank: impl Fn(&V) -> O,
        new: impl FnOnce() -> V,
    ) -> &mut V {
        let i = match locate(&self.ids, id) {
            Ok(i) => i,
            Err(mut i) => {
                while self.len() >= max {
                    let Some(least) = self.least(&rank) else {
                        break;
                    };
                    self.remove_at(least);
                    if least < i {
                        i -= 1;
                    }
                }
                self.ids.insert(i, id.to_owned());
                self.values.insert(i, new());
                i
            }
        };
        &mut self.values[i]
    }

    /// Sets the value of `id`, replacing any previous one.
    pub(crate) fn insert(&mut self, id: String, value: V) {
        match locate(&self.ids, &id) {
            Ok(i) => self.values[i] = value,
            Err(i) => {
                self.ids.insert(i, id);
                self.values.insert(i, value);
            }
        }
    }

    /// Removes `id`.
    pub(crate) fn remove(&mut self, id: &str) {
        if let Some(i) = self.position(id) {
            self.remove_at(i);
        }
    }

    /// Removes the entry at `position` (in id order); nothing if there is none.
    pub(crate) fn remove_at(&mut self, position: usize) {
        if position < self.ids.len() {
            self.ids.remove(position);
            self.values.remove(position);
        }
    }

    /// Removes the entry with the least `rank` (ties: the smallest id), if any.
    pub(crate) fn remove_least<O: Ord>(&mut self, rank: impl Fn(&V) -> O) {
        if let Some(i) = self.least(&rank) {
            self.remove_at(i);
        }
    }

    /// The position of the entry with the least `rank` (ties: the smallest id).
    pub(crate) fn least<O: Ord>(&self, rank: impl Fn(&V) -> O) -> Option<usize> {
        // `min_by_key` returns the first of equal minima: the smallest id.
        let least = self.values.iter().enumerate().min_by_key(|(_, v)| rank(v));
        least.map(|(i, _)| i)
    }

    /// Keeps the entries whose value satisfies `keep` (which may change it), in id order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&mut V) -> bool) {
        let mut kept = 0;
        for i in 0..self.values.len() {
            if keep(&mut self.values[i]) {
                self.ids.swap(kept, i);
                self.values.swap(kept, i);
                kept += 1;
            }
        }
        self.ids.truncate(kept);
        self.values.truncate(kept);
    }

    /// The entries in id order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &V)> {
        self.ids.iter().map(String::as_str).zip(&self.values)
    }

    /// The ids in order.
    pub(crate) fn ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    /// The values in id order.
    pub(crate) fn values(&self) -> &[V] {
        &self.values
    }
}

/// As a map from id to value, like the `BTreeMap` it replaces.
impl<V: fmt::Debug> fmt::Debug for IdTable<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A total order on floats (`f64::total_cmp`), for ranking scores.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrdF64(pub(crate) f64);

impl PartialEq for OrdF64 {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for OrdF64 {}

impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ids_sorted_and_unique() {
        let mut t = IdTable::default();
        for (id, v) in [("b", 1), ("a", 2), ("c", 3), ("b", 4)] {
            t.insert(id.to_owned(), v);
        }
        assert_eq!(
            t.iter().collect::<Vec<_>>(),
            [("a", &2), ("b", &4), ("c", &3)]
        );
        *t.get_or_insert_bounded("aa", usize::MAX, |_| (), || 0) += 5;
        *t.get_or_insert_bounded("a", usize::MAX, |_| (), || 0) += 5;
        assert_eq!(t.ids().collect::<Vec<_>>(), ["a", "aa", "b", "c"]);
        assert_eq!(t.values(), [7, 5, 4, 3]);
        t.remove("aa");
        t.remove("zz");
        assert_eq!(t.get("b"), Some(&4));
        assert_eq!(t.get("aa"), None);
        assert_eq!(format!("{t:?}"), r#"{"a": 7, "b": 4, "c": 3}"#);
    }

    #[test]
    fn removes_the_least_with_ties_to_the_smallest_id() {
        let mut t = IdTable::default();
        for (id, v) in [("d", 1), ("c", 0), ("b", 0), ("a", 2)] {
            t.insert(id.to_owned(), v);
        }
        t.remove_least(|v| *v);
        assert_eq!(t.ids().collect::<Vec<_>>(), ["a", "c", "d"]);
        t.retain(|v| *v != 0);
        assert_eq!(t.iter().collect::<Vec<_>>(), [("a", &2), ("d", &1)]);
    }
}
