//! Commitments: promises in minutes and answers ("the Cabinet Member
//! agreed to provide ...", "a further report would be brought in the
//! spring"), marked with a due date and listed when due or overdue. The
//! promising words are an annotation, so they are found again like any
//! other; the reader suggests sentences that promise something.

use rusqlite::params;
use serde::Serialize;

use super::{AnnotationView, Library, StoreError};
use crate::ids::{ItemId, MeetingId};

/// A sentence the reader found that promises something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Suggestion {
    pub item_id: ItemId,
    pub item_title: String,
    pub sentence: String,
    pub page: Option<u32>,
}

/// A commitment as it stands, with its due state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommitmentView {
    pub id: i64,
    pub due: Option<String>,
    pub done: bool,
    /// Past its due date and not done.
    pub overdue: bool,
    pub words: AnnotationView,
}

impl Library {
    /// Sentences in a meeting's minutes (and answers) that promise
    /// something and are not yet marked.
    pub fn commitment_suggestions(
        &self,
        meeting: MeetingId,
    ) -> Result<Vec<Suggestion>, StoreError> {
        let detail = self.get_meeting(meeting)?;
        let marked: Vec<String> = self
            .commitments(Some(meeting))?
            .into_iter()
            .map(|c| c.words.quote)
            .collect();
        let mut out = Vec::new();
        for paper in detail.paper_items.iter().filter(|p| {
            matches!(
                p.summary.kind.as_str(),
                "minutes" | "questions" | "decision" | "web_page"
            )
        }) {
            for item in &paper.items {
                let it = self.get_item(item.id)?;
                for p in &it.paragraphs {
                    for s in crate::money::figures::sentences(&p.text)
                        .into_iter()
                        .map(str::trim)
                    {
                        if crate::parse::promises::is_promise(s) && !marked.iter().any(|m| m == s) {
                            out.push(Suggestion {
                                item_id: item.id,
                                item_title: item.title.clone(),
                                sentence: s.to_string(),
                                page: p.page,
                            });
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Marks words of an item as a commitment, due on `due` (ISO date).
    pub fn add_commitment(
        &mut self,
        item: ItemId,
        words: &str,
        due: Option<&str>,
    ) -> Result<i64, StoreError> {
        if let Some(d) = due {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                StoreError::Invalid(format!("a due date is written 2026-03-31, not {d:?}"))
            })?;
        }
        let annotation = self.annotate(item, words, "", &["commitment".to_string()], "check")?;
        let uid: String = self.conn().query_row(
            "SELECT uid FROM annotations WHERE id = ?1",
            [annotation],
            |r| r.get(0),
        )?;
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO commitments (annotation, due, created_at) VALUES (?1, ?2, ?3)",
            params![
                uid,
                due,
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    pub fn set_commitment(
        &mut self,
        id: i64,
        due: Option<&str>,
        done: bool,
    ) -> Result<(), StoreError> {
        if let Some(d) = due {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                StoreError::Invalid(format!("a due date is written 2026-03-31, not {d:?}"))
            })?;
        }
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute(
            "UPDATE commitments SET due = ?2, done = ?3 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, due, done],
        )?;
        tx.commit()?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "commitment",
                id,
            });
        }
        Ok(())
    }

    /// Commitments (of one meeting, or all), the soonest due first; those
    /// with no date last.
    pub fn commitments(
        &self,
        meeting: Option<MeetingId>,
    ) -> Result<Vec<CommitmentView>, StoreError> {
        self.commitments_on(meeting, chrono::Local::now().date_naive())
    }

    /// As `commitments`, judged overdue against `today`.
    pub fn commitments_on(
        &self,
        meeting: Option<MeetingId>,
        today: chrono::NaiveDate,
    ) -> Result<Vec<CommitmentView>, StoreError> {
        let rows: Vec<(i64, String, Option<String>, bool)> = self
            .conn()
            .prepare("SELECT id, annotation, due, done FROM commitments WHERE deleted_at IS NULL ORDER BY due IS NULL, due, id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let annotations = self.annotations(meeting)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, uid, due, done)| {
                let words = annotations.iter().find(|a| a.uid == uid)?.clone();
                let overdue = !done
                    && due
                        .as_deref()
                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                        .is_some_and(|d| d < today);
                Some(CommitmentView {
                    id,
                    due,
                    done,
                    overdue,
                    words,
                })
            })
            .collect())
    }
}
