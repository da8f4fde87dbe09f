//! Which meeting each paper belongs to.
//!
//! A meeting is one body of a council on one day (and at one time, where a
//! body meets twice that day). Papers name their meeting in their header;
//! papers that agree on it join one meeting. The member can overrule that
//! (attach a paper to a meeting, or detach it), and so can an import batch
//! (an appendix with no header that came with its report); those decisions
//! are `placements`, keyed by the document's sha256, so they survive a
//! re-reading. After any change the grouping is worked out again from the
//! papers and the placements: meetings keep their ids while they keep a
//! paper, and a meeting left with none is deleted.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use super::{Library, StoreError};
use crate::ids::{DocumentId, MeetingId, PaperId};
use crate::parse::PaperKind;

/// What identifies a meeting, as printed by one of its papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingKey {
    pub council: Option<String>,
    pub body: String,
    /// ISO date.
    pub date: String,
    /// "HH:MM".
    pub time: Option<String>,
}

impl MeetingKey {
    /// Whether two papers speak of the same meeting: same body and day;
    /// councils and times only part them where both are printed.
    pub fn same_meeting(&self, other: &MeetingKey) -> bool {
        let differ = |a: &Option<String>, b: &Option<String>, norm: fn(&str) -> String| matches!((a, b), (Some(a), Some(b)) if norm(a) != norm(b));
        self.date == other.date
            && body_key(&self.body) == body_key(&other.body)
            && !differ(&self.council, &other.council, council_key)
            && !differ(&self.time, &other.time, |t| t.to_string())
    }
}

/// "The Cabinet", "CABINET" and "Cabinet meeting" are one body.
fn body_key(body: &str) -> String {
    let lower = body.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let from = usize::from(words.first() == Some(&"the"));
    let to = words.len() - usize::from(words.len() > from + 1 && words.last() == Some(&"meeting"));
    words[from..to].join(" ")
}

fn council_key(council: &str) -> String {
    body_key(council)
}

/// A paper as the grouping sees it.
struct PaperRow {
    id: i64,
    meeting_id: Option<i64>,
    key: Option<MeetingKey>,
    kind: PaperKind,
    venue: Option<String>,
}

struct MeetingRow {
    id: i64,
    key: MeetingKey,
}

/// Works the grouping out again inside `tx`: every paper to the meeting its
/// placement or its header names, meetings made where none matches, their
/// council, time and venue filled from their papers, empty ones deleted.
pub(crate) fn regroup(tx: &Transaction) -> Result<(), StoreError> {
    let placements: HashMap<(String, i64), Option<MeetingKey>> = tx
        .prepare("SELECT sha256, position, council, body, date, time FROM placements")?
        .query_map([], |r| {
            let key = match (
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ) {
                (Some(body), Some(date)) => Some(MeetingKey {
                    council: r.get(2)?,
                    body,
                    date,
                    time: r.get(5)?,
                }),
                _ => None,
            };
            Ok(((r.get(0)?, r.get(1)?), key))
        })?
        .collect::<Result<_, _>>()?;
    let papers: Vec<PaperRow> = tx
        .prepare(
            "SELECT p.id, p.meeting_id, d.sha256, p.position, p.council, p.body, p.date, p.time, p.kind, p.venue
             FROM papers p JOIN documents d ON d.id = p.document_id ORDER BY p.document_id, p.position",
        )?
        .query_map([], |r| {
            let sha: String = r.get(2)?;
            let position: i64 = r.get(3)?;
            let own = match (r.get::<_, Option<String>>(5)?, r.get::<_, Option<String>>(6)?) {
                (Some(body), Some(date)) => Some(MeetingKey { council: r.get(4)?, body, date, time: r.get(7)? }),
                _ => None,
            };
            let key = match placements.get(&(sha, position)) {
                Some(placed) => placed.clone(),
                None => own,
            };
            let kind: String = r.get(8)?;
            Ok(PaperRow {
                id: r.get(0)?,
                meeting_id: r.get(1)?,
                key,
                kind: PaperKind::from_str_opt(&kind).unwrap_or_default(),
                venue: r.get(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut meetings: Vec<MeetingRow> = tx
        .prepare("SELECT id, council, body, date, time FROM meetings ORDER BY id")?
        .query_map([], |r| {
            Ok(MeetingRow {
                id: r.get(0)?,
                key: MeetingKey {
                    council: r.get(1)?,
                    body: r.get(2)?,
                    date: r.get(3)?,
                    time: r.get(4)?,
                },
            })
        })?
        .collect::<Result<_, _>>()?;

    // A paper stays in the meeting it is in while that still matches, so
    // ids hold steady; otherwise it joins the first that matches, or a new one.
    let mut members: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, p) in papers.iter().enumerate() {
        let Some(key) = &p.key else {
            if p.meeting_id.is_some() {
                tx.execute("UPDATE papers SET meeting_id = NULL WHERE id = ?1", [p.id])?;
            }
            continue;
        };
        let current = p.meeting_id.and_then(|id| {
            meetings
                .iter()
                .find(|m| m.id == id && m.key.same_meeting(key))
        });
        let found = current
            .or_else(|| meetings.iter().find(|m| m.key.same_meeting(key)))
            .map(|m| m.id);
        let id = match found {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO meetings (council, body, date, time) VALUES (?1, ?2, ?3, ?4)",
                    params![key.council, key.body, key.date, key.time],
                )?;
                let id = tx.last_insert_rowid();
                meetings.push(MeetingRow {
                    id,
                    key: key.clone(),
                });
                id
            }
        };
        // What one paper adds (the council, the time) narrows the meeting.
        if let Some(m) = meetings.iter_mut().find(|m| m.id == id) {
            if m.key.council.is_none() {
                m.key.council.clone_from(&key.council);
            }
            if m.key.time.is_none() {
                m.key.time.clone_from(&key.time);
            }
        }
        if p.meeting_id != Some(id) {
            tx.execute(
                "UPDATE papers SET meeting_id = ?2 WHERE id = ?1",
                [p.id, id],
            )?;
        }
        members.entry(id).or_default().push(i);
    }

    for m in &meetings {
        let Some(own) = members.get(&m.id) else {
            tx.execute("DELETE FROM meetings WHERE id = ?1", [m.id])?;
            continue;
        };
        // The meeting is named as its agenda names it, else its first paper.
        let mut ranked: Vec<&PaperRow> = own.iter().map(|&i| &papers[i]).collect();
        ranked.sort_by_key(|p| p.kind.order());
        let lead = ranked.iter().find_map(|p| p.key.as_ref()).unwrap_or(&m.key);
        let pick = |f: fn(&MeetingKey) -> &Option<String>| {
            ranked
                .iter()
                .filter_map(|p| p.key.as_ref())
                .find_map(|k| f(k).clone())
        };
        let council = pick(|k| &k.council);
        let time = pick(|k| &k.time);
        let venue = ranked.iter().find_map(|p| p.venue.clone());
        tx.execute(
            "UPDATE meetings SET council = ?2, body = ?3, date = ?4, time = ?5, venue = ?6 WHERE id = ?1",
            params![m.id, council, lead.body, lead.date, time, venue],
        )?;
    }
    Ok(())
}

impl Library {
    /// Puts a paper in a meeting, whatever its header says; kept across
    /// re-readings.
    pub fn attach_paper(&mut self, paper: PaperId, meeting: MeetingId) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        let key = meeting_key(&tx, meeting)?;
        place(&tx, paper, Some(&key), "member")?;
        regroup(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a paper out of its meeting: it is listed under "Papers not
    /// matched to a meeting" until attached again.
    pub fn detach_paper(&mut self, paper: PaperId) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        place(&tx, paper, None, "member")?;
        regroup(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// After a batch of imports: papers that name no meeting join the one
    /// meeting the batch's other papers belong to (an appendix with no
    /// header, imported with its report). Nothing is done when the batch
    /// spans several meetings or none. Returns the meeting, if any.
    pub fn place_batch(
        &mut self,
        documents: &[DocumentId],
    ) -> Result<Option<MeetingId>, StoreError> {
        if documents.is_empty() {
            return Ok(None);
        }
        let tx = self.conn_mut().transaction()?;
        let mut own_meetings: Vec<i64> = Vec::new();
        let mut loose: Vec<PaperId> = Vec::new();
        for d in documents {
            // The paper a document is about is its first; papers bound in
            // after it (earlier minutes) belong to other meetings.
            let first: Option<(i64, Option<i64>)> = tx
                .query_row(
                    "SELECT id, meeting_id FROM papers WHERE document_id = ?1 ORDER BY position LIMIT 1",
                    [d.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match first {
                Some((_, Some(m))) => own_meetings.push(m),
                Some((p, None)) => loose.push(PaperId(p)),
                None => {}
            }
        }
        own_meetings.sort_unstable();
        own_meetings.dedup();
        let [meeting] = own_meetings[..] else {
            return Ok(None);
        };
        if !loose.is_empty() {
            let key = meeting_key(&tx, MeetingId(meeting))?;
            for p in &loose {
                place(&tx, *p, Some(&key), "import")?;
            }
            regroup(&tx)?;
        }
        tx.commit()?;
        Ok(Some(MeetingId(meeting)))
    }
}

impl Library {
    /// The meeting a document's own paper (its first) is part of.
    pub fn meeting_of_document(
        &self,
        document: DocumentId,
    ) -> Result<Option<MeetingId>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT meeting_id FROM papers WHERE document_id = ?1 ORDER BY position LIMIT 1",
                [document.0],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten()
            .map(MeetingId))
    }
}

/// What identifies a stored meeting.
pub(super) fn meeting_key(
    conn: &rusqlite::Connection,
    meeting: MeetingId,
) -> Result<MeetingKey, StoreError> {
    conn.query_row(
        "SELECT council, body, date, time FROM meetings WHERE id = ?1",
        [meeting.0],
        |r| {
            Ok(MeetingKey {
                council: r.get(0)?,
                body: r.get(1)?,
                date: r.get(2)?,
                time: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "meeting",
        id: meeting.0,
    })
}

/// Records where a paper goes, by its document's sha256 and its position.
fn place(
    tx: &Transaction,
    paper: PaperId,
    key: Option<&MeetingKey>,
    by: &str,
) -> Result<(), StoreError> {
    let (sha, position): (String, i64) = tx
        .query_row(
            "SELECT d.sha256, p.position FROM papers p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1",
            [paper.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound { what: "paper", id: paper.0 })?;
    tx.execute(
        "INSERT INTO placements (sha256, position, council, body, date, time, decided_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (sha256, position) DO UPDATE SET
           council = excluded.council, body = excluded.body, date = excluded.date,
           time = excluded.time, decided_by = excluded.decided_by",
        params![
            sha,
            position,
            key.and_then(|k| k.council.clone()),
            key.map(|k| &k.body),
            key.map(|k| &k.date),
            key.and_then(|k| k.time.clone()),
            by
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(council: Option<&str>, body: &str, date: &str, time: Option<&str>) -> MeetingKey {
        MeetingKey {
            council: council.map(String::from),
            body: body.into(),
            date: date.into(),
            time: time.map(String::from),
        }
    }

    #[test]
    fn one_meeting_however_its_papers_print_it() {
        let agenda = key(
            Some("Kent County Council"),
            "Cabinet",
            "2025-01-30",
            Some("10:00"),
        );
        assert!(agenda.same_meeting(&key(None, "CABINET", "2025-01-30", None)));
        assert!(agenda.same_meeting(&key(
            Some("KENT COUNTY COUNCIL"),
            "The Cabinet",
            "2025-01-30",
            None
        )));
        assert!(agenda.same_meeting(&key(None, "Cabinet meeting", "2025-01-30", Some("10:00"))));
    }

    #[test]
    fn another_day_body_council_or_time_is_another_meeting() {
        let agenda = key(
            Some("Kent County Council"),
            "Cabinet",
            "2025-01-30",
            Some("10:00"),
        );
        assert!(!agenda.same_meeting(&key(None, "Cabinet", "2025-01-31", None)));
        assert!(!agenda.same_meeting(&key(None, "Scrutiny Committee", "2025-01-30", None)));
        assert!(!agenda.same_meeting(&key(Some("Medway Council"), "Cabinet", "2025-01-30", None)));
        assert!(!agenda.same_meeting(&key(None, "Cabinet", "2025-01-30", Some("14:00"))));
        // "Meeting" alone is a body's whole name, not a word to drop.
        assert_eq!(body_key("Meeting"), "meeting");
    }
}
