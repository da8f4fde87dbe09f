//! Store: the library, one SQLite file on disk.
//!
//! The schema is made and upgraded by the numbered migrations in
//! `migrations/` (forward only; a shipped one is never edited). PRAGMAs are
//! set on every connection, outside migrations. One import is one
//! transaction, so a failed import leaves the library as it was.
//!
//! This module knows SQL and the parser's types; it does not read files or
//! parse text.

mod documents;
mod meetings;
mod money;

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

pub use documents::{DocumentSummary, NewDocument};
pub use meetings::{ItemDetail, ItemSummary, MeetingDetail, MeetingSummary};
pub use money::{BudgetLineRow, CellView, LineView, TableView};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("library database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("could not upgrade the library's schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("could not create the library's folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("stored data could not be read back: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("no {what} with id {id} in the library")]
    NotFound { what: &'static str, id: i64 },
}

/// The schema's history, oldest first. Forward only: a shipped migration
/// is never edited; a change is a new file at the end.
const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/01_library.sql"),
    include_str!("migrations/02_item_page_report_attendance.sql"),
    include_str!("migrations/03_money.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// How many migrations there are: the schema version of an up-to-date library.
pub fn migrations_count() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// The migrations, for tests that validate them.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// An open library.
pub struct Library {
    conn: Connection,
}

impl Library {
    /// Opens (creating if need be) the library at `path`, upgrading its
    /// schema to the latest.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::Folder { path: dir.display().to_string(), source })?;
        }
        Self::prepare(Connection::open(path)?)
    }

    /// A library that lives only in memory, for tests and `parse`.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Self, StoreError> {
        // WAL lets the UI read while an import writes; foreign keys keep
        // items from outliving their meeting. Neither is a migration's job.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Self { conn })
    }

    /// The schema version recorded in `user_version`.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("migrations apply cleanly to an empty database");
    }

    #[test]
    fn foreign_keys_are_on() {
        let lib = Library::open_in_memory().unwrap();
        let on: i64 = lib.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(on, 1, "set on every connection, not in a migration");
        assert_eq!(lib.schema_version().unwrap(), migrations_count());
    }
}
