//! The profile's offer histories: at most [`MAX_OFFERS`], found by id with a binary search and
//! evicted least recently touched first.
//!
//! Offer events are frequent and a full book churns (a new offer evicts one on every
//! impression), so histories stay in place in `histories` (an eviction reuses the slot) and
//! their latest touch is kept beside them in `touched`: eviction reads a compact list instead
//! of every history, and nothing larger than an id moves.

use crate::engine::prelude::*;

use core::fmt;

use crate::engine::events::Millis;

use super::config::MAX_OFFERS;
use super::id_table::IdTable;
use super::offers::OfferHistory;

/// Offer id -> history.
#[derive(Clone, Default)]
pub(crate) struct OfferBook {
    /// Offer id -> its slot in `histories` and `touched`.
    slots: IdTable<usize>,
    histories: Vec<OfferHistory>,
    /// `touched[slot]` is `histories[slot].last_touched_at()`.
    touched: Vec<Option<Millis>>,
}

impl OfferBook {
    pub(crate) fn get(&self, id: &str) -> Option<&OfferHistory> {
        self.slots.get(id).map(|&slot| &self.histories[slot])
    }

    /// All histories, in id order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &OfferHistory)> {
        self.slots
            .iter()
            .map(|(id, &slot)| (id, &self.histories[slot]))
    }

    /// Updates the history of `id` with `record`. A new id in a full book first evicts the
    /// least recently touched history (ties: the smallest id) and takes its slot.
    pub(crate) fn touch(&mut self, id: &str, record: impl FnOnce(&mut OfferHistory)) {
        let slot = match self.slots.get(id) {
            Some(&slot) => slot,
            None => self.new_slot(id),
        };
        let history = &mut self.histories[slot];
        record(history);
        self.touched[slot] = history.last_touched_at();
    }

    /// A slot for new offer `id` holding an empty history.
    fn new_slot(&mut self, id: &str) -> usize {
        let evicted = if self.slots.len() >= MAX_OFFERS {
            self.least_touched()
        } else {
            None
        };
        let slot = match evicted {
            Some(position) => {
                let slot = self.slots.values()[position];
                self.slots.remove_at(position);
                self.histories[slot] = OfferHistory::default();
                self.touched[slot] = None;
                slot
            }
            None => {
                self.histories.push(OfferHistory::default());
                self.touched.push(None);
                self.histories.len() - 1
            }
        };
        self.slots.insert(id.to_owned(), slot);
        slot
    }

    /// The position (in id order) of the least recently touched history; ties: the smallest id.
    /// Every slot is named by an id, so the least time is found in the compact `touched` list,
    /// then the first id in order with that time.
    fn least_touched(&self) -> Option<usize> {
        let least = self.touched.iter().min()?;
        let touched = &self.touched;
        self.slots
            .values()
            .iter()
            .position(|&slot| touched[slot] == *least)
    }

    /// Keeps the histories for which `keep` holds.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&OfferHistory) -> bool) {
        self.rebuild(keep);
    }

    /// Sets the history of `id`, replacing any previous one (the book's bound is not applied:
    /// the loader enforces it).
    pub(crate) fn insert(&mut self, id: String, history: OfferHistory) {
        let touched = history.last_touched_at();
        match self.slots.get(&id) {
            Some(&slot) => {
                self.histories[slot] = history;
                self.touched[slot] = touched;
            }
            None => {
                self.slots.insert(id, self.histories.len());
                self.histories.push(history);
                self.touched.push(touched);
            }
        }
    }

    /// Lays the histories that `keep` accepts out again, in id order, dropping every slot no
    /// id names.
    fn rebuild(&mut self, mut keep: impl FnMut(&OfferHistory) -> bool) {
        let old = core::mem::take(self);
        for (id, history) in old.iter().filter(|(_, history)| keep(history)) {
            self.insert(id.to_owned(), history.clone());
        }
    }
}

/// The same ids with equal histories, whatever their slots.
impl PartialEq for OfferBook {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

/// As a map from id to history.
impl fmt::Debug for OfferBook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(at: Millis) -> impl FnOnce(&mut OfferHistory) {
        move |h| h.last_shown_at = Some(at)
    }

    #[test]
    fn a_full_book_evicts_the_least_recently_touched_then_the_smallest_id() {
        let mut book = OfferBook::default();
        for i in 0..MAX_OFFERS {
            // o0 and o1 share the oldest time; the rest are newer.
            book.touch(&format!("o{i}"), shown((i as Millis).max(1)));
        }
        book.touch("new", shown(500));
        assert!(book.get("o0").is_none() && book.get("o1").is_some());
        book.touch("newer", shown(501));
        assert!(book.get("o1").is_none() && book.get("o2").is_some());
        assert_eq!(book.iter().count(), MAX_OFFERS);
        assert!(book.iter().map(|(id, _)| id).is_sorted());
        assert_eq!(book.get("newer").and_then(|h| h.last_shown_at), Some(501));
    }

    #[test]
    fn equality_ignores_where_histories_are_kept() {
        let mut a = OfferBook::default();
        let mut b = OfferBook::default();
        for (id, at) in [("x", 3), ("y", 1), ("z", 2)] {
            a.touch(id, shown(at));
        }
        for (id, at) in [("z", 2), ("x", 3), ("y", 1)] {
            b.insert(id.to_owned(), {
                let mut h = OfferHistory::default();
                shown(at)(&mut h);
                h
            });
        }
        assert_eq!(a, b);
        b.retain(|h| h.last_shown_at != Some(1));
        a.retain(|h| h.last_shown_at != Some(1));
        assert_eq!(a, b);
        assert_eq!(format!("{a:?}").matches("last_shown_at").count(), 2);
    }
}
