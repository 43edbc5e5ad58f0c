//! Where the profile, the device id and the last good catalog live: IndexedDB when the browser
//! allows it, else memory for the life of the page (private mode, blocked storage, no consent).
//!
//! Tabs of one shop share the IndexedDB records. New events are only ever *appended* (an
//! outbox of batches: one request, no read, so it also completes while a page unloads), and
//! [`Store::commit`] folds the outbox into the stored profile inside one read-write transaction,
//! which IndexedDB runs one at a time across tabs. So two tabs tracking at once lose nothing.

mod indexed;
mod memory;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::events::Event;
use crate::engine::profile::{Profile, ProfileConfig};

pub use indexed::IndexedStore;
pub use memory::MemoryStore;

/// The last good catalog, exactly as fetched, with what revalidation needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CachedCatalog {
    /// The catalog's exact text (what its signature covers).
    pub text: String,
    /// The detached signature file, when one was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The ETag the server sent with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// When it was fetched or last revalidated (Unix ms).
    pub checked_at: i64,
    /// Consecutive failed refreshes since then.
    #[serde(default)]
    pub failures: u32,
    /// No refresh before this time (Unix ms), after failures.
    #[serde(default)]
    pub retry_at: i64,
}

/// What a load found besides the data: records that were unreadable and have been reset.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The stored profile (empty if none or reset).
    pub profile: Profile,
    /// The device id, if one was stored.
    pub device_id: Option<String>,
    /// The cached catalog, if one was stored.
    pub catalog: Option<CachedCatalog>,
    /// The measurement ledger's JSON, if one was stored.
    pub measurement: Option<String>,
    /// Records that could not be read and were dropped, each with the reason.
    pub reset: Vec<StorageError>,
}

/// Storage failures. None of them loses the page's data: the caller keeps it in memory.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageError {
    /// IndexedDB is missing or refused to open (private mode, disabled storage).
    Unavailable(String),
    /// The origin's storage quota is full.
    QuotaExceeded,
    /// A stored record could not be read; it was reset.
    Corrupt {
        /// Which record.
        record: &'static str,
        /// Why it could not be read.
        reason: String,
    },
    /// Any other IndexedDB failure.
    Failed(String),
}

impl StorageError {
    /// The stable error code JavaScript sees.
    pub fn code(&self) -> &'static str {
        match self {
            StorageError::Unavailable(_) => "storage_unavailable",
            StorageError::QuotaExceeded => "storage_quota_exceeded",
            StorageError::Corrupt { .. } => "storage_corrupt",
            StorageError::Failed(_) => "storage_failed",
        }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(
                f,
                "IndexedDB is not available ({why}); the profile is kept in memory for this page only"
            ),
            StorageError::QuotaExceeded => f.write_str(
                "the browser's storage quota for this site is full; new events are kept in memory and retried later",
            ),
            StorageError::Corrupt { record, reason } => write!(
                f,
                "the stored {record} could not be read ({reason}); that record was reset, everything else is kept"
            ),
            StorageError::Failed(why) => write!(f, "IndexedDB failed: {why}"),
        }
    }
}

/// The store in use.
pub enum Store {
    /// IndexedDB.
    Indexed(IndexedStore),
    /// Memory only.
    Memory(Box<MemoryStore>),
}

impl Store {
    /// Opens IndexedDB database `name`, or explains why it can't (callers fall back to memory).
    pub async fn open(name: &str) -> Result<Store, StorageError> {
        IndexedStore::open(name).await.map(Store::Indexed)
    }

    /// A store that keeps everything in memory for the page's lifetime.
    pub fn memory() -> Store {
        Store::Memory(Box::default())
    }

    /// Whether data survives the page.
    pub fn is_persistent(&self) -> bool {
        matches!(self, Store::Indexed(_))
    }

    /// Reads everything stored (folding events stashed at the last unload into the profile);
    /// unreadable records are reset and listed in [`Loaded::reset`].
    pub async fn load(&self, config: &ProfileConfig, now: i64) -> Result<Loaded, StorageError> {
        match self {
            Store::Indexed(s) => s.load(config, now).await,
            Store::Memory(s) => Ok(s.load()),
        }
    }

    /// Folds `events` into the stored profile atomically and returns the merged profile (which
    /// includes what other tabs committed).
    pub async fn commit(
        &self,
        events: &[Event],
        config: &ProfileConfig,
        now: i64,
    ) -> Result<Profile, StorageError> {
        match self {
            Store::Indexed(s) => s.commit(events, config, now).await,
            Store::Memory(s) => Ok(s.commit(events, config, now)),
        }
    }

    /// Appends `events` to the outbox and waits for the write; the next load folds them into
    /// the profile record.
    pub async fn append(
        &self,
        events: &[Event],
        config: &ProfileConfig,
        now: i64,
    ) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => s.append(events, config, now).await,
            Store::Memory(_) => self.stash(events, config, now),
        }
    }

    /// Appends `events` without waiting: for `pagehide`, when the page may be gone before any
    /// answer arrives.
    pub fn stash(
        &self,
        events: &[Event],
        config: &ProfileConfig,
        now: i64,
    ) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => s.stash(events).map(drop),
            Store::Memory(s) => {
                s.commit(events, config, now);
                Ok(())
            }
        }
    }

    /// Stores the device id.
    pub async fn save_device_id(&self, id: &str) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => s.put_text(indexed::DEVICE, id).await,
            Store::Memory(s) => {
                s.set_device_id(id);
                Ok(())
            }
        }
    }

    /// Stores the last good catalog.
    pub async fn save_catalog(&self, catalog: &CachedCatalog) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => {
                let text = serde_json::to_string(catalog)
                    .map_err(|e| StorageError::Failed(e.to_string()))?;
                s.put_text(indexed::CATALOG, &text).await
            }
            Store::Memory(s) => {
                s.set_catalog(catalog.clone());
                Ok(())
            }
        }
    }

    /// The measurement ledger's JSON text, if stored.
    pub async fn load_measurement(&self) -> Result<Option<String>, StorageError> {
        match self {
            Store::Indexed(s) => s.get(indexed::MEASUREMENT).await,
            Store::Memory(s) => Ok(s.measurement().borrow().clone()),
        }
    }

    /// Rewrites the measurement ledger atomically: `change` gets the stored text and returns
    /// the text to store (`None`: leave it). Tabs never interleave, so a day is never counted
    /// or reported twice.
    pub async fn update_measurement(
        &self,
        change: impl FnOnce(Option<String>) -> Option<String>,
    ) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => s.update_text(indexed::MEASUREMENT, change).await,
            Store::Memory(s) => {
                let mut text = s.measurement().borrow_mut();
                if let Some(new) = change(text.clone()) {
                    *text = Some(new);
                }
                Ok(())
            }
        }
    }

    /// Deletes the measurement ledger (measurement consent withdrawn).
    pub async fn delete_measurement(&self) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => s.delete(indexed::MEASUREMENT).await,
            Store::Memory(s) => {
                s.measurement().borrow_mut().take();
                Ok(())
            }
        }
    }

    /// Erases everything Vitrine stored: profile, events, bandit state, device id, catalog,
    /// measurement ledger. Only the time of erasure stays, so that events another open tab
    /// appends afterwards but recorded before `now` are discarded rather than bringing old
    /// behaviour back.
    pub async fn erase(&self, now: i64) -> Result<(), StorageError> {
        match self {
            Store::Indexed(s) => s.clear(now).await,
            Store::Memory(s) => {
                s.clear();
                Ok(())
            }
        }
    }
}

/// Applies `events` in time order to `profile`, then drops what is past retention.
fn fold(profile: &mut Profile, events: &[Event], config: &ProfileConfig, now: i64) {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by_key(|e| e.at);
    for event in sorted {
        profile.apply(event, config);
    }
    profile.prune(now, config);
}
