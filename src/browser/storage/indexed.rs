//! The IndexedDB store. Object store `state` holds four records (`profile`, `device`,
//! `catalog`, and `measurement` when aggregate measurement is on), each a JSON text so that one reader and one writer (serde_json) cover them.
//! Object store `outbox` holds batches of events written when the page is being hidden or
//! unloaded: one append, no read, so it completes where a read-modify-write might not. Every
//! commit (and every load) folds the outbox into the profile.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult,
};
use wasm_bindgen::JsValue;

use super::{fold, CachedCatalog, Loaded, StorageError};
use crate::engine::events::Event;
use crate::engine::profile::{Profile, ProfileConfig};

const VERSION: u32 = 2;
const STATE: &str = "state";
const OUTBOX: &str = "outbox";
pub(super) const PROFILE: &str = "profile";
pub(super) const DEVICE: &str = "device";
pub(super) const CATALOG: &str = "catalog";
/// When the data was last erased: events older than this (appended late by another open tab)
/// are discarded instead of folded in.
const FORGOTTEN: &str = "forgotten";
pub(super) const MEASUREMENT: &str = "measurement";

/// An open IndexedDB database.
pub struct IndexedStore {
    db: Database,
}

impl IndexedStore {
    pub(super) async fn open(name: &str) -> Result<IndexedStore, StorageError> {
        let unavailable = |e: idb::Error| StorageError::Unavailable(e.to_string());
        let factory = Factory::new().map_err(unavailable)?;
        let mut request = factory.open(name, Some(VERSION)).map_err(unavailable)?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                let names = db.store_names();
                if !names.iter().any(|n| n == STATE) {
                    // Failing here aborts the upgrade, and `open` reports it.
                    let _ = db.create_object_store(STATE, ObjectStoreParams::new());
                }
                if !names.iter().any(|n| n == OUTBOX) {
                    let mut params = ObjectStoreParams::new();
                    params.auto_increment(true);
                    let _ = db.create_object_store(OUTBOX, params);
                }
            }
        });
        let db = request.await.map_err(unavailable)?;
        Ok(IndexedStore { db })
    }

    pub(super) async fn load(
        &self,
        config: &ProfileConfig,
        now: i64,
    ) -> Result<Loaded, StorageError> {
        let tx = self.tx(TransactionMode::ReadOnly)?;
        let store = tx.object_store(STATE).map_err(failed)?;
        let mut loaded = Loaded::default();
        let profile = get_text(&store, PROFILE).await?;
        let device = get_text(&store, DEVICE).await?;
        let catalog = get_text(&store, CATALOG).await?;
        loaded.measurement = get_text(&store, MEASUREMENT).await?;
        drop(store);
        tx.await.map_err(failed)?;

        if let Some(text) = profile {
            match read_profile(&text) {
                Ok(p) => loaded.profile = p,
                Err(reason) => loaded.reset.push(corrupt(PROFILE, reason)),
            }
        }
        loaded.device_id = device.filter(|d| !d.is_empty() && d.len() <= 64);
        if let Some(text) = catalog {
            match serde_json::from_str::<CachedCatalog>(&text) {
                Ok(c) => loaded.catalog = Some(c),
                Err(e) => loaded.reset.push(corrupt(CATALOG, e.to_string())),
            }
        }
        for reset in &loaded.reset {
            if let StorageError::Corrupt { record, .. } = reset {
                self.delete(record).await?;
            }
        }
        if self.outbox_len().await? > 0 {
            loaded.profile = self.commit(&[], config, now).await?;
        }
        Ok(loaded)
    }

    /// Appends `events` to the outbox and returns the pending transaction: one request, no
    /// read, so it completes even if the page unloads right after it was issued.
    pub(super) fn stash(&self, events: &[Event]) -> Result<idb::Transaction, StorageError> {
        let text =
            serde_json::to_string(events).map_err(|e| StorageError::Failed(e.to_string()))?;
        let tx = self
            .db
            .transaction(&[OUTBOX], TransactionMode::ReadWrite)
            .map_err(failed)?;
        let store = tx.object_store(OUTBOX).map_err(failed)?;
        store.add(&JsValue::from(text), None).map_err(write_error)?;
        drop(store);
        // Commit now rather than when the event loop next idles: the page may be unloading.
        tx.commit().map_err(write_error)
    }

    /// [`stash`](Self::stash), waiting for the commit; a full quota folds the outbox into the
    /// profile record (freeing its batches) and tries once more.
    pub(super) async fn append(
        &self,
        events: &[Event],
        config: &ProfileConfig,
        now: i64,
    ) -> Result<(), StorageError> {
        match finish(self.stash(events)).await {
            Err(StorageError::QuotaExceeded) => {
                self.commit(&[], config, now).await?;
                finish(self.stash(events)).await
            }
            result => result,
        }
    }

    async fn outbox_len(&self) -> Result<u32, StorageError> {
        let tx = self
            .db
            .transaction(&[OUTBOX], TransactionMode::ReadOnly)
            .map_err(failed)?;
        let store = tx.object_store(OUTBOX).map_err(failed)?;
        let n = store.count(None).map_err(failed)?.await.map_err(failed)?;
        Ok(n)
    }

    /// One read-modify-write of the profile record.
    pub(super) async fn commit(
        &self,
        events: &[Event],
        config: &ProfileConfig,
        now: i64,
    ) -> Result<Profile, StorageError> {
        let tx = self
            .db
            .transaction(&[STATE, OUTBOX], TransactionMode::ReadWrite)
            .map_err(failed)?;
        let store = tx.object_store(STATE).map_err(failed)?;
        let outbox = tx.object_store(OUTBOX).map_err(failed)?;
        // An unreadable record was already reported and reset by `load`; if another tab wrote a
        // bad one since, starting from an empty profile is the documented fallback.
        let mut profile = get_text(&store, PROFILE)
            .await?
            .and_then(|t| read_profile(&t).ok())
            .unwrap_or_default();
        let forgotten: i64 = get_text(&store, FORGOTTEN)
            .await?
            .and_then(|t| t.parse().ok())
            .unwrap_or(i64::MIN);
        let mut all: Vec<Event> = Vec::new();
        for batch in outbox
            .get_all(None, None)
            .map_err(failed)?
            .await
            .map_err(failed)?
        {
            // A batch that does not parse is dropped: it can only come from a broken writer.
            if let Some(batch) = batch.as_string() {
                let events = serde_json::from_str::<Vec<Event>>(&batch).unwrap_or_default();
                all.extend(events.into_iter().filter(|e| e.at > forgotten));
            }
        }
        outbox.clear().map_err(failed)?.await.map_err(failed)?;
        all.extend_from_slice(events);
        fold(&mut profile, &all, config, now);
        let text = write_profile(&profile)?;
        let put = store
            .put(&JsValue::from(text), Some(&JsValue::from(PROFILE)))
            .map_err(write_error)?;
        put.await.map_err(write_error)?;
        drop((store, outbox));
        match tx.await.map_err(write_error)? {
            TransactionResult::Committed => Ok(profile),
            TransactionResult::Aborted => Err(StorageError::Failed("transaction aborted".into())),
        }
    }

    pub(super) async fn put_text(&self, key: &str, text: &str) -> Result<(), StorageError> {
        let tx = self.tx(TransactionMode::ReadWrite)?;
        let store = tx.object_store(STATE).map_err(failed)?;
        let put = store
            .put(&JsValue::from(text), Some(&JsValue::from(key)))
            .map_err(write_error)?;
        put.await.map_err(write_error)?;
        drop(store);
        tx.await.map_err(write_error)?;
        Ok(())
    }

    /// One record's text, if stored.
    pub(super) async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let tx = self.tx(TransactionMode::ReadOnly)?;
        let store = tx.object_store(STATE).map_err(failed)?;
        let text = get_text(&store, key).await?;
        drop(store);
        tx.await.map_err(failed)?;
        Ok(text)
    }

    /// Reads a record and writes `change(text)` back (nothing when `None`) in one read-write
    /// transaction, which IndexedDB runs one at a time across tabs.
    pub(super) async fn update_text(
        &self,
        key: &str,
        change: impl FnOnce(Option<String>) -> Option<String>,
    ) -> Result<(), StorageError> {
        let tx = self.tx(TransactionMode::ReadWrite)?;
        let store = tx.object_store(STATE).map_err(failed)?;
        if let Some(text) = change(get_text(&store, key).await?) {
            let put = store
                .put(&JsValue::from(text), Some(&JsValue::from(key)))
                .map_err(write_error)?;
            put.await.map_err(write_error)?;
        }
        drop(store);
        finish(Ok(tx)).await
    }

    pub(super) async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let tx = self.tx(TransactionMode::ReadWrite)?;
        let store = tx.object_store(STATE).map_err(failed)?;
        store
            .delete(JsValue::from(key))
            .map_err(failed)?
            .await
            .map_err(failed)?;
        drop(store);
        tx.await.map_err(failed)?;
        Ok(())
    }

    pub(super) async fn clear(&self, now: i64) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(&[STATE, OUTBOX], TransactionMode::ReadWrite)
            .map_err(failed)?;
        for name in [STATE, OUTBOX] {
            let store = tx.object_store(name).map_err(failed)?;
            store.clear().map_err(failed)?.await.map_err(failed)?;
        }
        let state = tx.object_store(STATE).map_err(failed)?;
        let marker = JsValue::from(now.to_string());
        state
            .put(&marker, Some(&JsValue::from(FORGOTTEN)))
            .map_err(write_error)?
            .await
            .map_err(write_error)?;
        tx.await.map_err(failed)?;
        Ok(())
    }

    fn tx(&self, mode: TransactionMode) -> Result<idb::Transaction, StorageError> {
        self.db.transaction(&[STATE], mode).map_err(failed)
    }
}

impl Drop for IndexedStore {
    fn drop(&mut self) {
        self.db.close();
    }
}

async fn get_text(store: &idb::ObjectStore, key: &str) -> Result<Option<String>, StorageError> {
    let value = store
        .get(JsValue::from(key))
        .map_err(failed)?
        .await
        .map_err(failed)?;
    Ok(value.and_then(|v| v.as_string().or(Some(String::new()))))
}

async fn finish(tx: Result<idb::Transaction, StorageError>) -> Result<(), StorageError> {
    match tx?.await.map_err(write_error)? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StorageError::Failed("transaction aborted".into())),
    }
}

fn read_profile(text: &str) -> Result<Profile, String> {
    Profile::load(&mut serde_json::Deserializer::from_str(text)).map_err(|e| e.to_string())
}

fn write_profile(profile: &Profile) -> Result<String, StorageError> {
    let mut out = Vec::new();
    profile
        .save(&mut serde_json::Serializer::new(&mut out))
        .map_err(|e| StorageError::Failed(e.to_string()))?;
    String::from_utf8(out).map_err(|e| StorageError::Failed(e.to_string()))
}

fn corrupt(record: &'static str, reason: String) -> StorageError {
    StorageError::Corrupt { record, reason }
}

fn failed(e: idb::Error) -> StorageError {
    StorageError::Failed(e.to_string())
}

/// A write failure; a full quota shows up as a `QuotaExceededError` DOMException.
fn write_error(e: idb::Error) -> StorageError {
    let text = e.to_string();
    if text.contains("QuotaExceeded") {
        StorageError::QuotaExceeded
    } else {
        StorageError::Failed(text)
    }
}
