//! Which items are exempt or confidential: what their paper prints
//! (`export::exempt::detect`), overridden by the member's own marking,
//! which is kept by the paper's sha256 and the paper's and item's
//! positions so that it survives a re-import or a re-read.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Library, StoreError};
use crate::export::exempt::detect;
use crate::ids::{ItemId, MeetingId};
use crate::parse::PaperKind;

/// Whether an item is left out of what is shared, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExemptState {
    /// Why the paper looks exempt ("marked 'not for publication'"), where
    /// it does.
    pub detected: Option<String>,
    /// The member's own marking: exempt (true) or not (false); None: the
    /// paper decides.
    pub marked: Option<bool>,
    /// The outcome: the member's marking where there is one, else what
    /// the paper prints.
    pub exempt: bool,
}

impl ExemptState {
    fn of(detected: Option<String>, marked: Option<bool>) -> Self {
        let exempt = marked.unwrap_or(detected.is_some());
        Self {
            detected,
            marked,
            exempt,
        }
    }

    /// Why it is left out, in the pack's words; None when it is not.
    pub fn reason(&self) -> Option<String> {
        match (self.exempt, self.marked, &self.detected) {
            (false, _, _) => None,
            (true, Some(true), _) => Some("marked exempt by you".into()),
            (true, _, Some(why)) => Some(why.clone()),
            (true, _, None) => Some("exempt".into()),
        }
    }
}

/// The opening of an item's text that detection reads: enough for the
/// first lines and sentences, without reading a long report whole.
const OPENING_CHARS: i64 = 1_000;

/// One item's facts for detection: id, title, opening text, its paper's
/// kind and the opening of its document's first page, and its key.
type Row = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
);

impl Library {
    /// Whether one item is exempt, and why.
    pub fn item_exempt(&self, item: ItemId) -> Result<ExemptState, StoreError> {
        let rows = self.exempt_rows("i.id = ?1", item.0)?;
        let row = rows.into_iter().next().ok_or(StoreError::NotFound {
            what: "agenda item",
            id: item.0,
        })?;
        let marks = self.exempt_marks()?;
        Ok(state_of(&row, &marks))
    }

    /// Every item of a meeting with whether it is exempt.
    pub fn meeting_exempt(
        &self,
        meeting: MeetingId,
    ) -> Result<HashMap<ItemId, ExemptState>, StoreError> {
        let rows = self.exempt_rows("p.meeting_id = ?1", meeting.0)?;
        let marks = self.exempt_marks()?;
        Ok(rows
            .iter()
            .map(|r| (ItemId(r.0), state_of(r, &marks)))
            .collect())
    }

    /// Marks an item exempt (`Some(true)`), not exempt whatever its paper
    /// prints (`Some(false)`), or goes back to what the paper prints (`None`).
    pub fn set_item_exempt(
        &mut self,
        item: ItemId,
        exempt: Option<bool>,
    ) -> Result<(), StoreError> {
        let (sha, paper_pos, item_pos): (String, i64, i64) = self
            .conn()
            .query_row(
                "SELECT d.sha256, p.position, i.position FROM agenda_items i JOIN papers p ON p.id = i.paper_id
                 JOIN documents d ON d.id = p.document_id WHERE i.id = ?1",
                [item.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "agenda item", id: item.0 })?;
        let tx = self.conn_mut().transaction()?;
        match exempt {
            Some(e) => tx.execute(
                "INSERT INTO exempt_marks (sha256, paper_position, item_position, exempt, marked_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (sha256, paper_position, item_position) DO UPDATE SET exempt = excluded.exempt, marked_at = excluded.marked_at",
                params![sha, paper_pos, item_pos, e, chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
            )?,
            None => tx.execute(
                "DELETE FROM exempt_marks WHERE sha256 = ?1 AND paper_position = ?2 AND item_position = ?3",
                params![sha, paper_pos, item_pos],
            )?,
        };
        tx.commit()?;
        Ok(())
    }

    fn exempt_rows(&self, filter: &str, id: i64) -> Result<Vec<Row>, StoreError> {
        let sql = format!(
            "SELECT i.id, i.title, substr(i.text, 1, {OPENING_CHARS}), p.kind,
                    (SELECT substr(t.text, 1, {OPENING_CHARS}) FROM page_texts t WHERE t.document_id = p.document_id ORDER BY t.number LIMIT 1),
                    d.sha256, p.position, i.position
             FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id
             WHERE {filter} ORDER BY p.document_id, p.position, i.position"
        );
        Ok(self
            .conn()
            .prepare(&sql)?
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<Result<_, _>>()?)
    }

    fn exempt_marks(&self) -> Result<HashMap<(String, i64, i64), bool>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT sha256, paper_position, item_position, exempt FROM exempt_marks",
            )?
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?
            .collect::<Result<_, _>>()?)
    }
}

fn state_of(
    (_, title, opening, kind, first_page, sha, paper_pos, item_pos): &Row,
    marks: &HashMap<(String, i64, i64), bool>,
) -> ExemptState {
    let mut detected = detect(title, opening);
    // A report or appendix printed as exempt on its first page is exempt
    // whole. An agenda pack's or minutes' first page is the summons or the
    // attendance, which lists Part 2 without being it.
    let paper_alone = matches!(
        PaperKind::from_str_opt(kind),
        Some(PaperKind::Report | PaperKind::Paper)
    );
    if detected.is_none() && paper_alone {
        detected = first_page
            .as_deref()
            .and_then(|t| detect("", t))
            .map(|why| format!("its paper is {why}"));
    }
    ExemptState::of(
        detected,
        marks.get(&(sha.clone(), *paper_pos, *item_pos)).copied(),
    )
}
