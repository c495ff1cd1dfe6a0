//! `--data FILE`: the sandbox's state kept in SQLite across restarts.
//!
//! What is kept is the `Store`, generically: its own fields (clock, counters, settings) as one
//! JSON row, and each growing collection (a `Table` or `Log` field) as one row per record.
//! After every request, before the answer leaves (`routes::save_changes`), `AppState::save`
//! has this `Keeper` write what the request changed, in one transaction. A control action
//! saves before it answers too (`control::run`: the `Sandbox` methods are no requests), and so
//! does each webhook attempt (through `StoreHandle`, `DeliveryLog::record`). A reset rewrites
//! the file. Not kept: deliveries still queued or retrying are not resumed after a restart.
//!
//! ## Adding state
//! - A field on a record type (`model.rs`): nothing to do here; give it `#[serde(default)]` so
//!   files written before it still load.
//! - A field on the `Store` that stays small (a counter, a setting): nothing to do either; it is
//!   saved with the store row (`#[serde(skip)]` if it must not survive a restart).
//! - A collection that grows (one entry per payment, delivery, message...): make it a `Table`
//!   or a `Log` (`tracked.rs`) and add ONE line to `Store::collections` (`state.rs`). (A plain
//!   `Vec` or `HashMap` field would be saved whole, with the store row, on every change.)
//! - A change an older sandbox would misread or silently drop (a field or collection renamed,
//!   removed or given another meaning; new data once a version with `--data` has been
//!   released): raise `file::SCHEMA_VERSION` and, if older files need it, upgrade them in
//!   `file::upgrade`. An older sandbox then refuses the file instead of losing data.

mod file;

use std::collections::BTreeMap;
use std::ops::DerefMut;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::state::{Keeper, Store};
use crate::tracked::{describe_json_error, RowKey};

pub use file::{OpenError, SCHEMA_VERSION};

use file::{Batch, DataFile};

/// The open data file of a sandbox started with `data`.
pub struct Persistence {
    path: PathBuf,
    /// `None` once the sandbox has closed (the file is released).
    writer: Mutex<Option<Writer>>,
}

struct Writer {
    file: DataFile,
    /// The store (by epoch) the file holds; another one (after a reset) is written whole.
    saved_epoch: Option<u64>,
    saved_store_json: String,
}

/// Opens the file and loads the store it holds, or starts a new one (seeded if asked); either
/// way the file holds the store when this returns.
pub fn open(
    path: &Path,
    default_webhook_url: Option<String>,
    seed: bool,
) -> Result<(Store, Persistence), OpenError> {
    let (file, contents) = DataFile::open(path)?;
    let unreadable = |message: String| OpenError {
        path: path.to_path_buf(),
        message,
    };
    let (mut store, saved_epoch) = match contents.store_json {
        None => (Store::new(default_webhook_url, seed), None),
        Some(json) => {
            let mut store: Store = serde_json::from_str(&json).map_err(|e| {
                unreadable(format!(
                    "cannot be read: its store row is unreadable ({})",
                    describe_json_error(e)
                ))
            })?;
            restore(&mut store, contents.rows).map_err(unreadable)?;
            store.default_webhook_url = default_webhook_url;
            if seed {
                store.seed();
            }
            let epoch = store.epoch;
            (store, Some(epoch))
        }
    };
    let persistence = Persistence {
        path: path.to_path_buf(),
        writer: Mutex::new(Some(Writer {
            file,
            saved_epoch,
            saved_store_json: String::new(),
        })),
    };
    persistence
        .save_from(&mut store)
        .map_err(|reason| unreadable(format!("cannot be written ({reason})")))?;
    Ok((store, persistence))
}

fn restore(store: &mut Store, rows: Vec<(String, RowKey, String)>) -> Result<(), String> {
    let mut by_collection: BTreeMap<String, Vec<(RowKey, String)>> = BTreeMap::new();
    for (collection, key, json) in rows {
        by_collection
            .entry(collection)
            .or_default()
            .push((key, json));
    }
    let mut failure = None;
    store.collections(&mut |name, collection| {
        for (key, json) in by_collection.remove(name).unwrap_or_default() {
            if let Err(e) = collection.restore(key, &json) {
                failure.get_or_insert(format!(
                    "cannot be read: a record of {name} is unreadable ({e})"
                ));
            }
        }
    });
    if let Some(unknown) = by_collection.keys().next() {
        failure.get_or_insert(format!(
            "cannot be read: it holds a collection this sandbox does not know ({unknown}), \
             written by another build of the same schema version"
        ));
    }
    failure.map_or(Ok(()), Err)
}

impl Persistence {
    fn writer(&self) -> MutexGuard<'_, Option<Writer>> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes what changed in `store`. The writer is taken before the store is let go, so
    /// saves reach the file in the order the changes were made. `Err` holds the reason.
    fn save_from(&self, mut store: impl DerefMut<Target = Store>) -> Result<(), String> {
        let mut writer = self.writer();
        let Some(writer) = writer.as_mut() else {
            return Ok(());
        };
        let epoch = store.epoch;
        let batch = collect(&mut store, writer);
        drop(store);
        let written = batch.and_then(|batch| {
            // Nothing changed (a read): waiting for the writer was enough, so that an answer
            // never shows state that is not in the file yet.
            if batch.everything || batch.store_json.is_some() || !batch.rows.is_empty() {
                writer
                    .file
                    .write(&batch)
                    .map_err(|e| format!("SQLite: {e}"))?;
            }
            Ok(batch.store_json)
        });
        match written {
            Ok(store_json) => {
                writer.saved_epoch = Some(epoch);
                if let Some(json) = store_json {
                    writer.saved_store_json = json;
                }
                Ok(())
            }
            Err(e) => {
                // The changes were taken; write everything next time so the file catches up.
                writer.saved_epoch = None;
                Err(e)
            }
        }
    }
}

impl Keeper for Persistence {
    fn save(&self, store: MutexGuard<'_, Store>) -> Result<(), String> {
        self.save_from(store).map_err(|reason| {
            format!(
                "the sandbox could not save its state to {}: {reason}",
                self.path.display()
            )
        })
    }

    fn release(&self, store: MutexGuard<'_, Store>) {
        let _ = self.save_from(store);
        self.writer().take();
    }
}

fn collect(store: &mut Store, writer: &Writer) -> Result<Batch, String> {
    let everything = writer.saved_epoch != Some(store.epoch);
    let unsaveable = |e: serde_json::Error| format!("its state could not be encoded: {e}");
    let store_json = serde_json::to_string(&*store).map_err(unsaveable)?;
    let mut rows = Vec::new();
    let mut failure = None;
    store.collections(
        &mut |name, collection| match collection.take_changes(everything) {
            Ok(changes) => rows.extend(changes.into_iter().map(|(key, json)| (name, key, json))),
            Err(e) => {
                failure.get_or_insert(e);
            }
        },
    );
    if let Some(e) = failure {
        return Err(unsaveable(e));
    }
    Ok(Batch {
        everything,
        store_json: (everything || store_json != writer.saved_store_json).then_some(store_json),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_log_of_the_store_is_listed_in_collections() {
        let mut store = Store::new(None, false);
        let saved = serde_json::to_value(&store).unwrap();
        let mut marked: Vec<&str> = saved
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, value)| value.as_str() == Some(crate::tracked::ROWS_ELSEWHERE))
            .map(|(name, _)| name.as_str())
            .collect();
        let mut listed = Vec::new();
        store.collections(&mut |name, _| listed.push(name));
        marked.sort();
        listed.sort();
        assert_eq!(
            marked, listed,
            "a Table or Log field is missing from Store::collections"
        );
    }

    #[test]
    fn unreadable_records_are_described_without_their_values() {
        let record = r#"{"uuid":"u","seq":"Jo Patient","merchant_uuid":"m"}"#;
        let e = serde_json::from_str::<crate::model::Account>(record).unwrap_err();
        let text = describe_json_error(e);
        assert!(!text.contains("Jo Patient"), "{text}");
        assert!(
            text.contains("wrong type") && text.contains("column"),
            "{text}"
        );
        let e = serde_json::from_str::<crate::model::Account>("{\"uuid\": ").unwrap_err();
        assert!(describe_json_error(e).starts_with("EOF"));
    }

    #[test]
    fn a_store_read_back_gets_a_fresh_epoch() {
        let store = Store::new(None, false);
        let json = serde_json::to_string(&store).unwrap();
        let back: Store = serde_json::from_str(&json).unwrap();
        assert_ne!(back.epoch, store.epoch);
        assert_ne!(back.epoch, 0);
    }
}
