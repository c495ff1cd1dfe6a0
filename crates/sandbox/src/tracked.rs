//! The two collection types of the `Store` that `--data` keeps row by row (see `persist`):
//! `Table` (records by key) and `Log` (records in order). Each remembers which records changed since the last save,
//! so a save writes what the request changed, however large the store has grown.
//!
//! They read like `HashMap` and `Vec`. Mutable access marks the record changed: `get_mut` at
//! once; `values_mut`/`iter_mut` hand out `Tracked` guards that mark a record only when it is
//! actually written through (`for mut t in table.values_mut()`), so a scan that changes one
//! record saves one record. A new mutating method must mark what it changes.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::{Deref, DerefMut};

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A record's key in the file: a `Table` key or a `Log` position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKey {
    Text(String),
    Index(i64),
}

/// What changed in one collection since the last save: `None` = the record is gone.
pub type RowChanges = Vec<(RowKey, Option<String>)>;

/// What the save code needs of a collection, whatever its record type.
pub trait Collection {
    /// The changed records as JSON (`everything`: all of them), forgetting that they changed.
    fn take_changes(&mut self, everything: bool) -> serde_json::Result<RowChanges>;
    /// Forgets the changes (in memory, nothing is saved).
    fn forget_changes(&mut self);
    /// Puts back one record read from the file.
    fn restore(&mut self, key: RowKey, json: &str) -> Result<(), String>;
}

/// In the `store` row the collections appear as this string; their records are rows of their own.
pub const ROWS_ELSEWHERE: &str = "(rows in the records table)";

/// A mutable record handed out by `values_mut`/`iter_mut`: marked changed on first write.
pub struct Tracked<'a, K: Ord + Clone, T> {
    key: K,
    value: &'a mut T,
    changed: &'a RefCell<BTreeSet<K>>,
    marked: bool,
}

impl<K: Ord + Clone, T> Deref for Tracked<'_, K, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
    }
}

impl<K: Ord + Clone, T> DerefMut for Tracked<'_, K, T> {
    fn deref_mut(&mut self) -> &mut T {
        if !self.marked {
            self.changed.borrow_mut().insert(self.key.clone());
            self.marked = true;
        }
        self.value
    }
}

/// Records by key (uuid, terminal id, key secret), like a `HashMap<String, T>`.
pub struct Table<T> {
    rows: HashMap<String, T>,
    changed: RefCell<BTreeSet<String>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            rows: HashMap::new(),
            changed: RefCell::new(BTreeSet::new()),
        }
    }
}

impl<T> Table<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.rows.get(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.rows.contains_key(key)
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.rows.iter()
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        let value = self.rows.get_mut(key)?;
        self.changed.get_mut().insert(key.to_string());
        Some(value)
    }

    pub fn insert(&mut self, key: String, value: T) -> Option<T> {
        self.changed.get_mut().insert(key.clone());
        self.rows.insert(key, value)
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        let removed = self.rows.remove(key)?;
        self.changed.get_mut().insert(key.to_string());
        Some(removed)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = Tracked<'_, String, T>> {
        self.iter_mut().map(|(_, value)| value)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, Tracked<'_, String, T>)> {
        let changed = &self.changed;
        self.rows.iter_mut().map(move |(key, value)| {
            let tracked = Tracked {
                key: key.clone(),
                value,
                changed,
                marked: false,
            };
            (key, tracked)
        })
    }
}

/// `table[key]` reads like `map[key]` (panics when absent: for keys just checked).
impl<T> std::ops::Index<&str> for Table<T> {
    type Output = T;
    fn index(&self, key: &str) -> &T {
        &self.rows[key]
    }
}

impl<T: Serialize + DeserializeOwned> Collection for Table<T> {
    fn take_changes(&mut self, everything: bool) -> serde_json::Result<RowChanges> {
        let changed = std::mem::take(self.changed.get_mut());
        let keys: Vec<String> = if everything {
            self.rows.keys().cloned().collect()
        } else {
            changed.into_iter().collect()
        };
        keys.into_iter()
            .map(|key| {
                let json = match self.rows.get(&key) {
                    Some(value) => Some(serde_json::to_string(value)?),
                    None => None,
                };
                Ok((RowKey::Text(key), json))
            })
            .collect()
    }

    fn forget_changes(&mut self) {
        self.changed.get_mut().clear();
    }

    fn restore(&mut self, key: RowKey, json: &str) -> Result<(), String> {
        let RowKey::Text(key) = key else {
            return Err("a numbered row in a keyed collection".into());
        };
        let value = serde_json::from_str(json).map_err(describe_json_error)?;
        self.rows.insert(key, value);
        Ok(())
    }
}

/// Records in the order they were added, like a `Vec<T>` that only grows (reads through `Deref`
/// to a slice: `iter`, `len`, `last`...).
pub struct Log<T> {
    items: Vec<T>,
    changed: RefCell<BTreeSet<usize>>,
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Log {
            items: Vec::new(),
            changed: RefCell::new(BTreeSet::new()),
        }
    }
}

impl<T> Deref for Log<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> Log<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, item: T) {
        self.changed.get_mut().insert(self.items.len());
        self.items.push(item);
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = Tracked<'_, usize, T>> {
        let changed = &self.changed;
        self.items
            .iter_mut()
            .enumerate()
            .map(move |(key, value)| Tracked {
                key,
                value,
                changed,
                marked: false,
            })
    }
}

impl<T: Serialize + DeserializeOwned> Collection for Log<T> {
    fn take_changes(&mut self, everything: bool) -> serde_json::Result<RowChanges> {
        let changed = std::mem::take(self.changed.get_mut());
        let indexes: Vec<usize> = if everything {
            (0..self.items.len()).collect()
        } else {
            changed.into_iter().collect()
        };
        indexes
            .into_iter()
            .filter_map(|i| self.items.get(i).map(|item| (i, item)))
            .map(|(i, item)| Ok((RowKey::Index(i as i64), Some(serde_json::to_string(item)?))))
            .collect()
    }

    fn forget_changes(&mut self) {
        self.changed.get_mut().clear();
    }

    fn restore(&mut self, key: RowKey, json: &str) -> Result<(), String> {
        // Rows come back in key order, so each one is the next item.
        if key != RowKey::Index(self.items.len() as i64) {
            return Err(format!(
                "row {key:?} where item {} was expected",
                self.items.len()
            ));
        }
        let item = serde_json::from_str(json).map_err(describe_json_error)?;
        self.items.push(item);
        Ok(())
    }
}

/// serde_json's message can quote the stored value (a patient's name); keep only where and
/// what kind of problem it is.
pub fn describe_json_error(e: serde_json::Error) -> String {
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

// In the `store` row (the Store serialised whole) a collection is only a marker; its records
// are read back through `Collection::restore`.
macro_rules! serialized_as_marker {
    ($($collection:ident),*) => {$(
        impl<T> Serialize for $collection<T> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(ROWS_ELSEWHERE)
            }
        }

        impl<'de, T> Deserialize<'de> for $collection<T> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                IgnoredAny::deserialize(deserializer)?;
                Ok(Self::default())
            }
        }
    )*};
}

serialized_as_marker!(Table, Log);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_is_written_through_is_saved() {
        let mut table: Table<u32> = Table::new();
        table.insert("a".into(), 1);
        table.insert("b".into(), 2);
        table.insert("c".into(), 3);
        assert_eq!(table.take_changes(false).unwrap().len(), 3);
        for mut value in table.values_mut() {
            if *value == 2 {
                *value = 20;
            }
        }
        let changes = table.take_changes(false).unwrap();
        assert_eq!(changes, vec![(RowKey::Text("b".into()), Some("20".into()))]);
        table.remove("a");
        assert_eq!(
            table.take_changes(false).unwrap(),
            vec![(RowKey::Text("a".into()), None)]
        );
        assert_eq!(table.take_changes(true).unwrap().len(), 2);

        let mut log: Log<u32> = Log::new();
        log.push(1);
        log.push(2);
        log.take_changes(false).unwrap();
        if let Some(mut item) = log.iter_mut().find(|item| **item == 2) {
            *item = 5;
        }
        assert_eq!(
            log.take_changes(false).unwrap(),
            vec![(RowKey::Index(1), Some("5".into()))]
        );
        let mut back: Log<u32> = Log::new();
        assert!(back.restore(RowKey::Index(1), "5").is_err());
        back.restore(RowKey::Index(0), "1").unwrap();
        assert_eq!(&back[..], &[1]);
    }
}
