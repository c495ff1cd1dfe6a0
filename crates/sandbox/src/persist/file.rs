//! The `--data` file: an SQLite database in WAL mode that one sandbox holds exclusively while
//! it runs. Three tables: `sandbox_schema` (the format's version and the sandbox that last
//! opened the file), `store` (one row: the store's own fields as JSON) and `records` (one row
//! per record of each collection, JSON).
//!
//! `synchronous = NORMAL`: a commit has reached the operating system (the WAL file) before the
//! answer is sent, so killing the sandbox, even with SIGKILL, loses nothing it acknowledged; a
//! power cut or an OS crash may lose the last commits (never the file). That is the right trade
//! for a test bench: `FULL` would add an fsync to every request (see BENCHMARKS.md).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, ToSql};

use crate::tracked::RowKey;

/// The version of the file format this sandbox writes and the newest it reads. Raise it when
/// the meaning or shape of what is stored changes in a way an older sandbox would misread or
/// silently drop (see the rule in `persist/mod.rs`); older files are upgraded in `upgrade`.
pub const SCHEMA_VERSION: i64 = 1;

const SANDBOX_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why a data file cannot be used: the message names the file.
#[derive(Debug)]
pub struct OpenError {
    pub path: PathBuf,
    pub message: String,
}

/// One save: the changed records, and the store row if it changed.
pub struct Batch {
    /// Replace everything in the file (first save, after a reset or a failed save).
    pub everything: bool,
    pub store_json: Option<String>,
    pub rows: Vec<(&'static str, RowKey, Option<String>)>,
}

/// What the file held when it was opened.
pub struct Contents {
    /// `None` for a new file.
    pub store_json: Option<String>,
    /// `(collection, key, json)` in key order within each collection.
    pub rows: Vec<(String, RowKey, String)>,
}

pub struct DataFile {
    pub path: PathBuf,
    connection: Connection,
}

impl ToSql for RowKey {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            RowKey::Text(text) => text.to_sql(),
            RowKey::Index(index) => index.to_sql(),
        }
    }
}

impl FromSql for RowKey {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Integer(index) => Ok(RowKey::Index(index)),
            ValueRef::Text(_) => String::column_result(value).map(RowKey::Text),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

impl DataFile {
    /// Opens (or creates) the file, takes it for this sandbox, checks its version and reads it.
    /// A file that is refused is left as it was, and one this call created is removed.
    pub fn open(path: &Path) -> Result<(DataFile, Contents), OpenError> {
        let fail = |message: String| OpenError {
            path: path.to_path_buf(),
            message,
        };
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(fail(format!(
                "cannot be created: the folder {} does not exist (the sandbox creates the file, \
                 not its folder)",
                folder.display()
            )));
        }
        let existed = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(fail("is a folder, not a file".into())),
            // SQLite would put its journal beside a device (`/dev/null-journal`).
            Ok(meta) if !meta.is_file() => {
                return Err(fail(
                    "is not a regular file (a device, pipe or socket); give --data a file name"
                        .into(),
                ))
            }
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(fail(format!("cannot be read ({e})"))),
        };
        let companions = SIDE_FILES.map(|suffix| side_file(path, suffix));
        let absent: Vec<&PathBuf> = companions.iter().filter(|p| !p.exists()).collect();
        if existed {
            look_before_touching(path).map_err(fail)?;
        }
        let opened = DataFile::take(path).map_err(|e| match e {
            Refusal::Sql(e) => fail(explain(&e)),
            Refusal::Other(message) => fail(message),
        });
        if opened.is_err() {
            // What was not there before (the file itself included, when it is new).
            for file in absent {
                let _ = std::fs::remove_file(file);
            }
        }
        opened
    }

    fn take(path: &Path) -> Result<(DataFile, Contents), Refusal> {
        let connection = Connection::open(path)?;
        // Until the file is known to be ours, closing it must not checkpoint a write-ahead log
        // into it (another program's WAL database).
        connection.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        let mut file = DataFile {
            path: path.to_path_buf(),
            connection,
        };
        file.prepare()?;
        let contents = file.check_and_read()?;
        file.connection
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        Ok((file, contents))
    }

    fn prepare(&mut self) -> Result<(), Refusal> {
        // A second sandbox on the same file fails at once instead of waiting.
        self.connection.busy_timeout(Duration::ZERO)?;
        // Exclusive before WAL: the lock is held until the sandbox stops, and WAL then needs no
        // shared-memory file.
        self.connection
            .pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        let mode: String =
            self.connection
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Refusal::Other(format!(
                "cannot use write-ahead logging (its journal mode stays {mode})"
            )));
        }
        self.connection
            .pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    fn check_and_read(&mut self) -> Result<Contents, Refusal> {
        let path = self.path.display().to_string();
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        let tables: Vec<String> = transaction
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if tables.is_empty() {
            transaction.execute_batch(
                "CREATE TABLE sandbox_schema (version INTEGER NOT NULL, written_by TEXT NOT NULL);
                 CREATE TABLE store (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);
                 CREATE TABLE records (
                     collection TEXT NOT NULL,
                     key NOT NULL,
                     value TEXT NOT NULL,
                     PRIMARY KEY (collection, key)
                 ) WITHOUT ROWID;",
            )?;
            transaction.execute(
                "INSERT INTO sandbox_schema (version, written_by) VALUES (?1, ?2)",
                params![SCHEMA_VERSION, SANDBOX_VERSION],
            )?;
            transaction.commit()?;
            return Ok(Contents {
                store_json: None,
                rows: Vec::new(),
            });
        }
        let version = check_schema(&transaction, &tables, &path)?;
        upgrade(&transaction, version)?;
        transaction.execute(
            "UPDATE sandbox_schema SET version = ?1, written_by = ?2",
            params![SCHEMA_VERSION, SANDBOX_VERSION],
        )?;
        let store_json: Option<String> = transaction
            .query_row("SELECT value FROM store WHERE id = 1", [], |row| row.get(0))
            .optional()?;
        let rows = transaction
            .prepare("SELECT collection, key, value FROM records ORDER BY collection, key")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        transaction.commit()?;
        Ok(Contents { store_json, rows })
    }

    /// Writes one batch in one transaction: all of it or, on error, none of it.
    pub fn write(&mut self, batch: &Batch) -> rusqlite::Result<()> {
        let transaction = self.connection.transaction()?;
        if batch.everything {
            transaction.execute("DELETE FROM records", [])?;
        }
        if let Some(json) = &batch.store_json {
            transaction
                .prepare_cached(
                    "INSERT INTO store (id, value) VALUES (1, ?1)
                     ON CONFLICT (id) DO UPDATE SET value = excluded.value",
                )?
                .execute([json])?;
        }
        for (collection, key, json) in &batch.rows {
            match json {
                Some(json) => transaction
                    .prepare_cached(
                        "INSERT INTO records (collection, key, value) VALUES (?1, ?2, ?3)
                         ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value",
                    )?
                    .execute(params![collection, key, json])?,
                None => transaction
                    .prepare_cached("DELETE FROM records WHERE collection = ?1 AND key = ?2")?
                    .execute(params![collection, key])?,
            };
        }
        transaction.commit()
    }
}

enum Refusal {
    Sql(rusqlite::Error),
    Other(String),
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        Refusal::Sql(e)
    }
}

/// The file's format version, or why it is not a sandbox file this sandbox can read.
fn check_schema(connection: &Connection, tables: &[String], path: &str) -> Result<i64, Refusal> {
    if !tables.iter().any(|t| t == "sandbox_schema") {
        return Err(Refusal::Other(format!(
            "is an SQLite database but not a sandbox data file (it has no sandbox_schema \
             table); give --data a new file name, or delete {path} if it is disposable"
        )));
    }
    let (version, written_by): (i64, String) = connection.query_row(
        "SELECT version, written_by FROM sandbox_schema",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if version > SCHEMA_VERSION {
        return Err(Refusal::Other(format!(
            "was written by a newer sandbox (coherent-sandbox {written_by}, data schema \
             version {version}); this is coherent-sandbox {SANDBOX_VERSION}, which reads data \
             schema versions up to {SCHEMA_VERSION}. Upgrade @coherentx/coherent, or use \
             another file"
        )));
    }
    Ok(version)
}

/// The files SQLite may create beside the data file; `""` is the file itself.
const SIDE_FILES: [&str; 4] = ["", "-journal", "-wal", "-shm"];

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Refuses an existing file that is not SQLite, another program's database or a newer
/// sandbox's file, without changing a byte of it or creating a file beside it: the header is
/// read directly, then the tables through SQLite's `immutable` mode (no lock, no journal, no
/// write-ahead log). A database whose tables it cannot see yet (all still in its WAL) is
/// checked again once opened, with nothing written before that check.
fn look_before_touching(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let mut header = Vec::with_capacity(16);
    std::fs::File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut header))
        .map_err(|e| format!("cannot be read ({e})"))?;
    if header.is_empty() {
        return Ok(());
    }
    if header != b"SQLite format 3\0" {
        return Err(explain_code(ErrorCode::NotADatabase, None));
    }
    let absolute = std::path::absolute(path).map_err(|e| format!("cannot be read ({e})"))?;
    let uri = format!("file:{}?immutable=1", uri_path(&absolute));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let look = || -> Result<(), Refusal> {
        let connection = Connection::open_with_flags(&uri, flags)?;
        let tables: Vec<String> = connection
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !tables.is_empty() {
            check_schema(&connection, &tables, &path.display().to_string())?;
        }
        Ok(())
    };
    look().map_err(|e| match e {
        Refusal::Sql(e) => explain(&e),
        Refusal::Other(message) => message,
    })
}

/// A path as the path of a `file:` URI: every byte but unreserved ones and `/` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Brings a file of an older format up to `SCHEMA_VERSION`. Version 1 is the first format.
fn upgrade(_transaction: &rusqlite::Transaction<'_>, _from: i64) -> rusqlite::Result<()> {
    Ok(())
}

/// SQLite's error in words a user can act on.
fn explain(error: &rusqlite::Error) -> String {
    match error.sqlite_error_code() {
        Some(code) => explain_code(code, Some(error)),
        None => format!("cannot be used (SQLite: {error})"),
    }
}

fn explain_code(code: ErrorCode, error: Option<&rusqlite::Error>) -> String {
    let error = error.map_or_else(|| format!("{code:?}"), ToString::to_string);
    match code {
        ErrorCode::NotADatabase => {
            "is not an SQLite database, so not a sandbox data file; give --data a new file name"
                .into()
        }
        ErrorCode::DatabaseCorrupt => {
            format!("is damaged ({error}); restore it from a copy or start a new file")
        }
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "is in use by another sandbox (one file holds the state of one sandbox at a time)"
                .into()
        }
        ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
            format!("cannot be opened for writing ({error})")
        }
        ErrorCode::DiskFull => "cannot grow: the disk is full".into(),
        _ => format!("cannot be used (SQLite: {error})"),
    }
}
