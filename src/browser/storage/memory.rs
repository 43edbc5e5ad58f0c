//! The in-memory store: the fallback when IndexedDB is unavailable or consent forbids storing.

use std::cell::RefCell;

use super::{fold, CachedCatalog, Loaded};
use crate::engine::events::Event;
use crate::engine::profile::{Profile, ProfileConfig};

/// Everything in memory, gone with the page.
#[derive(Default)]
pub struct MemoryStore {
    profile: RefCell<Profile>,
    device_id: RefCell<Option<String>>,
    catalog: RefCell<Option<CachedCatalog>>,
    measurement: RefCell<Option<String>>,
}

impl MemoryStore {
    pub(super) fn load(&self) -> Loaded {
        Loaded {
            profile: self.profile.borrow().clone(),
            device_id: self.device_id.borrow().clone(),
            catalog: self.catalog.borrow().clone(),
            measurement: self.measurement.borrow().clone(),
            reset: Vec::new(),
        }
    }

    pub(super) fn commit(&self, events: &[Event], config: &ProfileConfig, now: i64) -> Profile {
        let mut profile = self.profile.borrow_mut();
        fold(&mut profile, events, config, now);
        profile.clone()
    }

    pub(super) fn set_device_id(&self, id: &str) {
        *self.device_id.borrow_mut() = Some(id.to_owned());
    }

    pub(super) fn set_catalog(&self, catalog: CachedCatalog) {
        *self.catalog.borrow_mut() = Some(catalog);
    }

    pub(super) fn measurement(&self) -> &RefCell<Option<String>> {
        &self.measurement
    }

    pub(super) fn clear(&self) {
        *self.profile.borrow_mut() = Profile::new();
        *self.device_id.borrow_mut() = None;
        *self.catalog.borrow_mut() = None;
        *self.measurement.borrow_mut() = None;
    }
}
