//! Store: the library, one SQLite file on disk.
//!
//! The schema is made and upgraded by the numbered migrations in
//! `migrations/` (forward only; a shipped one is never edited). PRAGMAs are
//! set on every connection, outside migrations. One import is one
//! transaction, so a failed import leaves the library as it was.
//!
//! This module knows SQL and the parser's types; it does not read files or
//! parse text.

mod annotations;
pub mod backup;
mod commitments;
mod documents;
mod exempt;
mod flags;
mod grouping;
mod meetings;
mod money;
mod purge;
mod questions;
mod settings;
mod share;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};

pub use annotations::{AnnotationView, Highlight, ItemAnnotations, TextPoint, COLOURS};
pub use commitments::{CommitmentView, Suggestion};
pub use documents::{DocumentSummary, NewDocument, ReadingCounts, Stored, StoredPaper};
pub use exempt::ExemptState;
pub use flags::{HistoryPoint, LineHistory, MeetingFlags, Target};
pub use grouping::MeetingKey;
pub use meetings::{
    ItemDetail, ItemSummary, LibraryIndex, Mark, MeetingDetail, MeetingSummary, PaperDetail,
    PaperSummary, ParagraphView,
};
pub use money::{BudgetLineRow, CellView, LineView, TableView};
pub use purge::{Deleted, KEEP_DELETED_DAYS};
pub use questions::{EvidenceInput, EvidenceView, QuestionStatus, QuestionView};
pub use share::{ImportReport, ShareCounts};

/// What can go wrong with the library, worded for the member: no SQL text
/// ever reaches them (the SQLite error code's description at most).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this library file is damaged ({detail}). Scrutineer has not changed it; move it aside to start a new library, or put back a copy")]
    Damaged { detail: String },
    #[error("this library was made by a newer Scrutineer (library version {found}; this Scrutineer reads up to version {supported}): update Scrutineer to open it")]
    Newer { found: i64, supported: i64 },
    #[error("the library file cannot be written (it or its folder is read-only): Scrutineer needs to save to it")]
    ReadOnly,
    #[error(
        "the disk holding the library is full: free some space and try again; nothing was changed"
    )]
    DiskFull,
    #[error("another Scrutineer kept the library busy for too long; try again in a moment")]
    Busy,
    #[error("{path} is not a library file (it is a folder or a device)")]
    NotAFile { path: String },
    #[error("the library could not be read or written: {0}")]
    Database(String),
    #[error("could not create the library's folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("stored data could not be read back: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// A request the member can correct (a negative threshold, ...).
    #[error("{0}")]
    Invalid(String),
    /// A backup could not be made, read or restored.
    #[error("{0}")]
    Backup(String),
    #[error("no {what} with id {id} in the library")]
    NotFound { what: &'static str, id: i64 },
    /// A share bundle refused before anything of it was written.
    #[error(transparent)]
    Bundle(#[from] crate::share::BundleError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let rusqlite::Error::SqliteFailure(err, _) = &e else {
            // Our own mistakes (a column read as the wrong type): no SQL.
            return StoreError::Database(e.to_string());
        };
        match err.code {
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => StoreError::Damaged {
                detail: err.to_string(),
            },
            ErrorCode::ReadOnly => StoreError::ReadOnly,
            ErrorCode::DiskFull => StoreError::DiskFull,
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
            // The code's description ("constraint failed"), never the
            // message, which may quote the statement.
            _ => StoreError::Database(err.to_string()),
        }
    }
}

/// The schema's history, oldest first. Forward only: a shipped migration
/// is never edited; a change is a new file at the end. The number applied
/// is recorded in `user_version`.
const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/01_library.sql"),
    include_str!("migrations/02_item_page_report_attendance.sql"),
    include_str!("migrations/03_money.sql"),
    include_str!("migrations/04_money_roles.sql"),
    include_str!("migrations/05_meetings_of_papers.sql"),
    include_str!("migrations/06_text_coordinates.sql"),
    include_str!("migrations/07_flags.sql"),
    include_str!("migrations/08_annotations.sql"),
    include_str!("migrations/09_questions.sql"),
    include_str!("migrations/10_commitments.sql"),
    include_str!("migrations/11_settings_items_answers.sql"),
    include_str!("migrations/12_sharing.sql"),
    include_str!("migrations/13_exempt_marks.sql"),
];

/// The migration that made meetings out of papers: a library older than
/// it has its papers grouped as it is upgraded.
const MEETINGS_OF_PAPERS: i64 = 5;

/// The migration that added `settings` (where the backup folder is kept).
const SETTINGS: i64 = 11;

/// How many migrations there are: the schema version of an up-to-date library.
pub fn migrations_count() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// How long a statement waits for another process's write lock before
/// giving up. Imports hold it for one paper, well under this.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open library.
pub struct Library {
    conn: Connection,
}

impl Library {
    /// Opens (creating if need be) the library at `path`, upgrading its
    /// schema to the latest. Refuses, in plain words, a damaged library, one
    /// made by a newer Scrutineer, and one it cannot write.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.display().to_string(),
                source,
            })?;
        }
        if path.exists() && !path.is_file() {
            return Err(StoreError::NotAFile {
                path: path.display().to_string(),
            });
        }
        // Right after another process was killed, the first to open the
        // file recovers its WAL and the others are told "busy" at once,
        // before any busy timeout applies: wait and try again.
        let mut tries = 0;
        loop {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            match Connection::open_with_flags(path, flags)
                .map_err(StoreError::from)
                .and_then(|c| Self::prepare(c, Some(path)))
            {
                Err(StoreError::Busy) if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                result => return result,
            }
        }
    }

    /// A library that lives only in memory, for tests and `parse`.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    /// Settings every connection needs, in the order SQLite's guidance
    /// gives: the busy timeout first (every later step may wait on another
    /// process), then WAL, then a health check, then the migrations.
    fn prepare(mut conn: Connection, path: Option<&Path>) -> Result<Self, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Every write transaction takes the write lock when it begins, so a
        // writer waits for another rather than failing half-way (a deferred
        // transaction that upgrades is told "busy" with no wait).
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnly);
        }
        let version = user_version(&conn)?;
        if version > migrations_count() {
            return Err(StoreError::Newer {
                found: version,
                supported: migrations_count(),
            });
        }
        // WAL lets the UI read while an import writes; foreign keys keep
        // items from outliving their meeting. Neither is a migration's job.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let health: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        if health != "ok" {
            return Err(StoreError::Damaged { detail: health });
        }
        // An existing library is copied before its schema changes, so an
        // upgrade that goes wrong (or a member who goes back to an older
        // Scrutineer) loses nothing.
        if let Some(path) = path.filter(|_| version > 0 && version < migrations_count()) {
            backup::before_upgrade(&conn, path, version)?;
            // And into the member's backup folder, where they chose one
            // (settings exist from schema 11); a missing stick does not
            // stop the upgrade, the copy beside the library is made.
            if version >= SETTINGS {
                let folder: Option<String> = conn
                    .query_row(
                        "SELECT value FROM settings WHERE key = ?1",
                        [backup::FOLDER_SETTING],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let (Some(dir), Some(id)) = (folder, backup::id_in(&conn)) {
                    let _ = backup::back_up(&conn, Path::new(&dir), &id, chrono::Utc::now());
                }
            }
        }
        migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// The schema version recorded in `user_version`.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        user_version(&self.conn)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the schema up to date inside one IMMEDIATE transaction: the
/// version is read under the write lock, so when several processes open a
/// new library at once exactly one runs the migrations and the others find
/// them done. (rusqlite_migration reads the version before its transaction
/// begins, so two processes could both run them; hence this small runner.)
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let latest = migrations_count();
    if user_version(conn)? == latest {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    if version > latest {
        return Err(StoreError::Newer {
            found: version,
            supported: latest,
        });
    }
    for sql in &MIGRATION_SQL[version as usize..] {
        tx.execute_batch(sql)?;
    }
    if version < MEETINGS_OF_PAPERS {
        grouping::regroup(&tx)?;
    }
    tx.pragma_update(None, "user_version", latest)?;
    // A migration must leave no row pointing at nothing.
    let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if dangling > 0 {
        return Err(StoreError::Damaged {
            detail: format!("{dangling} rows refer to missing rows after the upgrade"),
        });
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_to_an_empty_library() {
        let lib = Library::open_in_memory().unwrap();
        assert_eq!(lib.schema_version().unwrap(), migrations_count());
        let tables: i64 = lib
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'documents'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 1);
    }

    #[test]
    fn foreign_keys_are_on() {
        let lib = Library::open_in_memory().unwrap();
        let on: i64 = lib
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(on, 1, "set on every connection, not in a migration");
        assert_eq!(lib.schema_version().unwrap(), migrations_count());
    }
}
