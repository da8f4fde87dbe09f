//! Deleted notes, questions and commitments are kept, hidden, so a
//! deletion can be undone even after a restart; after 30 days they go.

use chrono::{DateTime, Utc};

use super::{Library, StoreError};

/// How long a deleted note, question or commitment is kept.
pub const KEEP_DELETED_DAYS: i64 = 30;

impl Library {
    /// Removes for good what was deleted before `before`; returns how many.
    pub fn purge_deleted(&mut self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let cut = before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn_mut().transaction()?;
        let mut n = 0;
        for table in ["commitments", "questions", "annotations"] {
            n += tx.execute(&format!("DELETE FROM {table} WHERE deleted_at IS NOT NULL AND deleted_at < ?1"), [&cut])?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// `purge_deleted` of what was deleted over 30 days ago.
    pub fn purge_expired(&mut self) -> Result<usize, StoreError> {
        self.purge_deleted(Utc::now() - chrono::Duration::days(KEEP_DELETED_DAYS))
    }
}
