//! `--data FILE`: the sandbox's state kept in SQLite across restarts.
//!
//! What is kept is the `Store`, generically: its own fields (clock, counters, settings) as one
//! JSON row, and each growing collection (a `Table` or `Log` field) as one row per record.
//! After every request, before the answer leaves, `save` writes what the request changed in one
//! transaction; background work (webhook attempts) saves the same way. A reset rewrites the file.
//!
//! ## Adding state
//! - A field on a record type (`model.rs`): nothing to do here; give it `#[serde(default)]` so
//!   files written before it still load.
//! - A field on the `Store` that stays small (a counter, a setting): nothing to do either; it is
//!   saved with the store row (`#[serde(skip)]` if it must not survive a restart).
//! - A collection that grows (one entry per payment, delivery, message...): make it a `Table`
//!   or a `Log` and add ONE line to `collections` below. (A plain `Vec` or `HashMap` field
//!   would be saved whole, with the store row, on every change.)
//! - A change an older sandbox would misread or silently drop (a field or collection renamed,
//!   removed or given another meaning; new data once a version with `--data` has been
//!   released): raise `file::SCHEMA_VERSION` and, if older files need it, upgrade them in
//!   `file::upgrade`. An older sandbox then refuses the file instead of losing data.

mod file;
mod table;

use std::collections::BTreeMap;
use std::ops::DerefMut;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Deserializer};

use crate::error::ApiError;
use crate::state::{AppState, Store};

pub use file::{OpenError, SCHEMA_VERSION};
pub use table::{Collection, Log, Table};

use file::{Batch, DataFile};
use table::RowKey;

/// Every collection of the `Store` kept one row per record, by the name it has in the file.
/// THE place to list a new `Table` or `Log` field (one line); a test checks none is missing.
fn collections(store: &mut Store, visit: &mut dyn FnMut(&'static str, &mut dyn Collection)) {
    visit("merchants", &mut store.merchants);
    visit("accounts", &mut store.accounts);
    visit("api_keys", &mut store.api_keys);
    visit("transactions", &mut store.transactions);
    visit("terminals", &mut store.terminals);
    visit("plans", &mut store.plans);
    visit("customers", &mut store.customers);
    visit("wallets", &mut store.wallets);
    visit("deliveries", &mut store.deliveries);
}

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

/// A save that did not reach the file; the request is answered 500 instead of acknowledged.
#[derive(Debug)]
pub struct SaveError {
    path: PathBuf,
    reason: String,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the sandbox could not save its state to {}: {}",
            self.path.display(),
            self.reason
        )
    }
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
        .map_err(|e| unreadable(format!("cannot be written ({})", e.reason)))?;
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
    collections(store, &mut |name, collection| {
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
    /// saves reach the file in the order the changes were made.
    fn save_from(&self, mut store: impl DerefMut<Target = Store>) -> Result<(), SaveError> {
        let mut writer = self.writer();
        let Some(writer) = writer.as_mut() else {
            return Ok(());
        };
        let epoch = store.epoch;
        let batch = collect(&mut store, writer);
        drop(store);
        let written = batch
            .and_then(|batch| {
                // Nothing changed (a read): waiting for the writer was enough, so that an answer
                // never shows state that is not in the file yet.
                if batch.everything || batch.store_json.is_some() || !batch.rows.is_empty() {
                    writer
                        .file
                        .write(&batch)
                        .map_err(|e| format!("SQLite: {e}"))?;
                }
                Ok(batch.store_json)
            })
            .map_err(|reason| SaveError {
                path: self.path.clone(),
                reason,
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

    /// Saves what is left and releases the file.
    pub fn close(&self, store: MutexGuard<'_, Store>) {
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
    collections(
        store,
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

/// Saves what the store's last changes were (in memory: forgets them). Call after any change
/// made outside a request; requests are saved by `save_after_request`.
pub fn save(state: &AppState) -> Result<(), SaveError> {
    let mut store = state.store();
    match state.persistence() {
        Some(persistence) => persistence.save_from(store),
        None => {
            collections(&mut store, &mut |_, collection| collection.forget_changes());
            Ok(())
        }
    }
}

/// Middleware: what a request changed is in the file before its answer leaves (a save that
/// fails turns the answer into a 500 naming the file).
pub async fn save_after_request(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    match save(&state) {
        Ok(()) => response,
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// serde_json's message can quote the stored value (a patient's name); keep only where and
/// what kind of problem it is.
pub(crate) fn describe_json_error(e: serde_json::Error) -> String {
    let text = e.to_string();
    let kind = if text.contains('"') || text.contains('`') {
        match e.classify() {
            serde_json::error::Category::Data => "a value of the wrong type or a missing field",
            serde_json::error::Category::Syntax => "not valid JSON",
            serde_json::error::Category::Eof => "cut short",
            serde_json::error::Category::Io => "unreadable",
        }
        .to_string()
    } else {
        text
    };
    format!("{kind} at line {} column {}", e.line(), e.column())
}

/// Statuses and kinds are `&'static str` in the records; read back, each distinct text is
/// allocated once.
pub fn static_str<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    String::deserialize(deserializer).map(intern)
}

pub fn static_str_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<&'static str>, D::Error> {
    Option::<String>::deserialize(deserializer).map(|s| s.map(intern))
}

fn intern(text: String) -> &'static str {
    static SEEN: OnceLock<Mutex<std::collections::BTreeSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(known) = seen.get(text.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    seen.insert(leaked);
    leaked
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
            .filter(|(_, value)| value.as_str() == Some(table::ROWS_ELSEWHERE))
            .map(|(name, _)| name.as_str())
            .collect();
        let mut listed = Vec::new();
        collections(&mut store, &mut |name, _| listed.push(name));
        marked.sort();
        listed.sort();
        assert_eq!(
            marked, listed,
            "a Table or Log field is missing from collections()"
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
