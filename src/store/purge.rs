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
            n += tx.execute(
                &format!("DELETE FROM {table} WHERE deleted_at IS NOT NULL AND deleted_at < ?1"),
                [&cut],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// `purge_deleted` of what was deleted over 30 days ago.
    pub fn purge_expired(&mut self) -> Result<usize, StoreError> {
        self.purge_deleted(Utc::now() - chrono::Duration::days(KEEP_DELETED_DAYS))
    }
}

/// A note or question deleted within the last 30 days, which can still be
/// brought back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Deleted {
    /// "note" or "question".
    pub kind: String,
    pub id: i64,
    /// The note's quote, or the question's first line.
    pub label: String,
    /// RFC 3339.
    pub deleted_at: String,
}

impl Library {
    /// What was deleted and is still kept, the latest first.
    pub fn recently_deleted(&self) -> Result<Vec<Deleted>, StoreError> {
        Ok(self
            .conn()
            .prepare(
                "SELECT 'note', id, exact, deleted_at FROM annotations WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'question', id, text, deleted_at FROM questions WHERE deleted_at IS NOT NULL
                 ORDER BY 4 DESC, 2 DESC",
            )?
            .query_map([], |r| {
                let label: String = r.get(2)?;
                let first = label
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim();
                let label = if first.chars().count() > 120 {
                    format!("{}…", first.chars().take(119).collect::<String>())
                } else {
                    first.to_string()
                };
                Ok(Deleted {
                    kind: r.get(0)?,
                    id: r.get(1)?,
                    label,
                    deleted_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }
}
