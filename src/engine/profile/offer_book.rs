//! The profile's offer histories: at most [`MAX_OFFERS`], found by id in O(1) and evicted
//! least recently touched first in O(log n).

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use crate::engine::events::Millis;

use super::config::MAX_OFFERS;
use super::id_hash::IdMap;
use super::offers::OfferHistory;

/// Offer id -> history, with an index by (last touched, id) that names the next to evict.
#[derive(Clone, Default)]
pub(crate) struct OfferBook {
    by_id: IdMap<Arc<str>, OfferHistory>,
    /// `(last_touched_at, id)` of every entry of `by_id`.
    by_touch: BTreeSet<(Option<Millis>, Arc<str>)>,
}

impl OfferBook {
    pub(crate) fn get(&self, id: &str) -> Option<&OfferHistory> {
        self.by_id.get(id)
    }

    /// All histories, in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &OfferHistory)> {
        let mut all: Vec<(&str, &OfferHistory)> =
            self.by_id.iter().map(|(id, h)| (&**id, h)).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }

    /// Updates the history of `id` with `record`. A new id in a full book first evicts the
    /// least recently touched histories (ties: the smallest id).
    pub(crate) fn touch(&mut self, id: &str, record: impl FnOnce(&mut OfferHistory)) {
        let key = match self.by_id.get_key_value(id) {
            Some((key, _)) => Arc::clone(key),
            None => {
                while self.by_id.len() >= MAX_OFFERS {
                    let Some((_, stalest)) = self.by_touch.pop_first() else {
                        break;
                    };
                    self.by_id.remove(&stalest);
                }
                let key: Arc<str> = Arc::from(id);
                self.by_id.insert(Arc::clone(&key), OfferHistory::default());
                self.by_touch.insert((None, Arc::clone(&key)));
                key
            }
        };
        let Some(history) = self.by_id.get_mut(id) else {
            return;
        };
        let before = history.last_touched_at();
        record(history);
        let after = history.last_touched_at();
        if before != after {
            self.by_touch.remove(&(before, Arc::clone(&key)));
            self.by_touch.insert((after, key));
        }
    }

    /// Keeps the histories for which `keep` holds.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&OfferHistory) -> bool) {
        let by_id = &mut self.by_id;
        self.by_touch.retain(|(_, id)| {
            let kept = by_id.get(id).is_some_and(&mut keep);
            if !kept {
                by_id.remove(id);
            }
            kept
        });
    }

    /// Inserts a validated history as loaded from storage (bounds are enforced by the caller).
    pub(crate) fn insert_loaded(&mut self, id: &str, history: OfferHistory) {
        let key: Arc<str> = Arc::from(id);
        if let Some(old) = self.by_id.insert(Arc::clone(&key), history) {
            self.by_touch
                .remove(&(old.last_touched_at(), Arc::clone(&key)));
        }
        let touched = self.by_id[id].last_touched_at();
        self.by_touch.insert((touched, key));
    }
}

impl PartialEq for OfferBook {
    fn eq(&self, other: &Self) -> bool {
        // `by_touch` follows from `by_id`.
        self.by_id == other.by_id
    }
}

impl fmt::Debug for OfferBook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
