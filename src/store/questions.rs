//! The member's questions for a meeting: Markdown text, who they are to, a
//! status, the answer, a place in the running order, and their evidence
//! (quoted passages, flags, budget lines, figures), each a live link back
//! into the papers. Every change is its own transaction; deleting hides.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Library, StoreError};
use crate::annotations::AnchorState;
use crate::flags::say;
use crate::ids::{ItemId, MeetingId};

/// Where a question has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Draft,
    Ready,
    Asked,
    Answered,
    FollowUp,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Ready => "ready",
            Self::Asked => "asked",
            Self::Answered => "answered",
            Self::FollowUp => "follow_up",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "ready" => Self::Ready,
            "asked" => Self::Asked,
            "answered" => Self::Answered,
            "follow_up" => Self::FollowUp,
            _ => Self::Draft,
        }
    }
}

/// Evidence to cite, as the window or the command line names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvidenceInput {
    /// Words of an item (the first place they stand).
    Quote {
        item: ItemId,
        quote: String,
    },
    /// An annotation already made.
    Annotation {
        id: i64,
    },
    /// A flag of the meeting, by its key.
    Flag {
        key: String,
    },
    /// A budget line or a figure of the meeting, by its key (`Target::key`).
    Line {
        key: String,
    },
    Figure {
        key: String,
    },
}

/// A piece of evidence as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EvidenceView {
    /// "quote", "flag", "line" or "figure".
    pub kind: String,
    /// The quote, or the flag's reason, as cited.
    pub label: String,
    /// The item to open, where it is still in the library.
    pub item_id: Option<ItemId>,
    pub item_title: Option<String>,
    pub page: Option<u32>,
    /// For a quote: exact, moved or orphan on the papers as they are now.
    pub state: Option<AnchorState>,
    /// A flag's key or an annotation's id, to open it.
    pub target: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct QuestionView {
    pub id: i64,
    pub uid: String,
    /// The meeting it is for, while that meeting is in the library.
    pub meeting_id: Option<MeetingId>,
    pub meeting: String,
    /// Place in the meeting's running order, from 1.
    pub position: i64,
    pub text: String,
    /// The text as HTML, rendered and sanitised in Rust.
    pub html: String,
    /// Who it is to: a Cabinet Member, an officer, the chair.
    pub to: String,
    pub status: QuestionStatus,
    pub answer: String,
    pub evidence: Vec<EvidenceView>,
    /// The colleague who wrote it (from a bundle); None: the member's own.
    /// Colleagues' questions follow the member's in a meeting's list, each
    /// in its author's running order.
    pub author: Option<String>,
}

/// A piece of evidence as stored: kind, annotation uid, target key, the
/// words it had when cited, page.
type EvidenceRow = (String, Option<String>, Option<String>, String, Option<u32>);

fn stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Library {
    /// A new question at the end of a meeting's running order. Where the
    /// text is empty, it starts from its evidence ("The report forecasts
    /// ... (page 12)."). Returns its id.
    pub fn add_question(
        &mut self,
        meeting: MeetingId,
        text: &str,
        to: &str,
        evidence: &[EvidenceInput],
    ) -> Result<i64, StoreError> {
        let super::MeetingKey {
            council,
            body,
            date,
            ..
        } = super::grouping::meeting_key(self.conn(), meeting)?;
        // Resolve the evidence first: quotes become annotations (found again
        // on revised papers like any other), flags are read at their
        // current words.
        let mut cited: Vec<EvidenceRow> = Vec::new();
        let mut opening: Vec<String> = Vec::new();
        let flags = if evidence
            .iter()
            .any(|e| matches!(e, EvidenceInput::Flag { .. }))
        {
            Some(self.meeting_flags(meeting)?)
        } else {
            None
        };
        let report = if evidence
            .iter()
            .any(|e| matches!(e, EvidenceInput::Line { .. } | EvidenceInput::Figure { .. }))
        {
            Some(self.report(meeting)?)
        } else {
            None
        };
        let page_words = |p: Option<u32>| p.map_or(String::new(), |p| format!(" (page {p})"));
        for e in evidence {
            match e {
                EvidenceInput::Quote { item, quote } => {
                    let id = self.annotate(*item, quote, "", &[], "ask")?;
                    let a = self.annotation_row(id)?;
                    opening.push(format!(
                        "> {}\n\n(page {})",
                        a.1,
                        a.2.map_or("?".into(), |p| p.to_string())
                    ));
                    cited.push(("quote".into(), Some(a.0), None, a.1, a.2));
                }
                EvidenceInput::Annotation { id } => {
                    let a = self.annotation_row(*id)?;
                    opening.push(format!(
                        "> {}\n\n(page {})",
                        a.1,
                        a.2.map_or("?".into(), |p| p.to_string())
                    ));
                    cited.push(("quote".into(), Some(a.0), None, a.1, a.2));
                }
                EvidenceInput::Flag { key } => {
                    let f = flags
                        .as_ref()
                        .and_then(|m| m.flags.iter().find(|f| &f.key == key))
                        .ok_or_else(|| {
                            StoreError::Invalid("that flag is not in this meeting's papers".into())
                        })?;
                    let page = f
                        .evidence
                        .page
                        .map_or(String::new(), |p| format!(" (page {p})"));
                    let subject = f.evidence.line.as_deref().unwrap_or("this");
                    opening.push(format!(
                        "{}{page}. Can you explain what is driving {} and what is being done about it?",
                        f.reason.trim_end_matches('.'),
                        if f.amount_pence > 0 { format!("the {} on {subject}", say(f.amount_pence, false)) } else { subject.to_string() }
                    ));
                    cited.push((
                        "flag".into(),
                        None,
                        Some(key.clone()),
                        f.reason.clone(),
                        f.evidence.page,
                    ));
                }
                EvidenceInput::Line { key } => {
                    let l = report
                        .as_ref()
                        .and_then(|r| r.lines.iter().find(|l| &l.key == key))
                        .ok_or_else(|| {
                            StoreError::Invalid(
                                "that budget line is not in this meeting's papers".into(),
                            )
                        })?;
                    let variance = l.real_variance().map_or(String::new(), |(v, _)| {
                        format!(": forecast variance {}", say(v, true))
                    });
                    let budget = l.budget().map_or(String::new(), |b| {
                        format!(" against a budget of {}", say(b.pence, false))
                    });
                    let label = format!("{}{variance}{budget}", l.label.trim());
                    opening.push(format!(
                        "The report shows {label}{}. Can you explain the position on this line?",
                        page_words(l.page)
                    ));
                    cited.push(("line".into(), None, Some(key.clone()), label, l.page));
                }
                EvidenceInput::Figure { key } => {
                    let f = report
                        .as_ref()
                        .and_then(|r| r.figures.iter().find(|f| &f.key == key))
                        .ok_or_else(|| {
                            StoreError::Invalid(
                                "that figure is not in this meeting's papers".into(),
                            )
                        })?;
                    opening.push(format!(
                        "> {}\n\n{}",
                        f.sentence.trim(),
                        page_words(f.page).trim()
                    ));
                    cited.push((
                        "figure".into(),
                        None,
                        Some(key.clone()),
                        format!("{}: {}", f.text, f.sentence.trim()),
                        f.page,
                    ));
                }
            }
        }
        let text = if text.trim().is_empty() {
            opening.join("\n\n")
        } else {
            text.trim().to_string()
        };
        let now = stamp();
        let uid = {
            let mut h = Sha256::new();
            h.update(format!(
                "{body}|{date}|{text}|{}",
                chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
            ));
            h.finalize()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let tx = self.conn_mut().transaction()?;
        let position: i64 = tx.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM questions WHERE body = ?1 AND date = ?2 AND deleted_at IS NULL AND author IS NULL",
            params![body, date],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO questions (uid, council, body, date, position, text, addressee, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![uid, council, body, date, position, text, to.trim(), now],
        )?;
        let id = tx.last_insert_rowid();
        for (i, (kind, annotation, target, label, page)) in cited.iter().enumerate() {
            tx.execute(
                "INSERT INTO question_evidence (question_id, position, kind, annotation, target, label, page) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, i as i64, kind, annotation, target, label, page],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// (uid, quote, page) of an annotation.
    fn annotation_row(&self, id: i64) -> Result<(String, String, Option<u32>), StoreError> {
        self.conn()
            .query_row(
                "SELECT uid, exact, page FROM annotations WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "annotation",
                id,
            })
    }

    /// Changes a question's text, who it is to, its status and answer.
    pub fn update_question(
        &mut self,
        id: i64,
        text: &str,
        to: &str,
        status: QuestionStatus,
        answer: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute(
            "UPDATE questions SET text = ?2, addressee = ?3, status = ?4, answer = ?5, updated_at = ?6 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, text, to.trim(), status.as_str(), answer, stamp()],
        )?;
        tx.commit()?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "question",
                id,
            });
        }
        Ok(())
    }

    /// Moves a question to `position` (from 1) in its meeting's running
    /// order (its author's: the member's own, or a colleague's); the
    /// others close up around it.
    pub fn move_question(&mut self, id: i64, position: i64) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        let (body, date, author): (String, String, Option<String>) = tx
            .query_row(
                "SELECT body, date, author FROM questions WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "question",
                id,
            })?;
        let mut order: Vec<i64> = tx
            .prepare("SELECT id FROM questions WHERE body = ?1 AND date = ?2 AND author IS ?3 AND deleted_at IS NULL ORDER BY position, id")?
            .query_map(params![body, date, author], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        order.retain(|q| *q != id);
        let at = (position.max(1) as usize - 1).min(order.len());
        order.insert(at, id);
        for (i, q) in order.iter().enumerate() {
            tx.execute(
                "UPDATE questions SET position = ?2 WHERE id = ?1",
                params![q, i as i64 + 1],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Hides a question (undoable with `restore_question`, also after a restart).
    pub fn delete_question(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE questions SET deleted_at = ?2 WHERE id = ?1",
            params![id, stamp()],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn restore_question(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute("UPDATE questions SET deleted_at = NULL WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Questions in running order: one meeting's, or every open one
    /// (not yet answered) across meetings, soonest meeting first.
    pub fn questions(&self, meeting: Option<MeetingId>) -> Result<Vec<QuestionView>, StoreError> {
        type Row = (
            i64,
            String,
            Option<String>,
            String,
            String,
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let (sql, key) = match meeting {
            Some(m) => {
                let super::MeetingKey { body, date, .. } = super::grouping::meeting_key(self.conn(), m)?;
                ("SELECT id, uid, council, body, date, position, text, addressee, status, answer, author FROM questions
                  WHERE deleted_at IS NULL AND body = ?1 AND date = ?2 ORDER BY author IS NOT NULL, author, position, id", Some((body, date)))
            }
            None => ("SELECT id, uid, council, body, date, position, text, addressee, status, answer, author FROM questions
                      WHERE deleted_at IS NULL AND status NOT IN ('answered') ORDER BY date, body, author IS NOT NULL, author, position, id", None),
        };
        let mut stmt = self.conn().prepare(sql)?;
        let map = |r: &rusqlite::Row| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        };
        let rows: Vec<Row> = match &key {
            Some((b, d)) => stmt
                .query_map(params![b, d], map)?
                .collect::<Result<_, _>>()?,
            None => stmt.query_map([], map)?.collect::<Result<_, _>>()?,
        };
        let annotations = self.annotations(None)?;
        let mut out = Vec::new();
        for (id, uid, council, body, date, position, text, to, status, answer, author) in rows {
            let meeting_id: Option<MeetingId> = self
                .conn()
                .query_row(
                    "SELECT id FROM meetings WHERE body = ?1 AND date = ?2 AND (council IS ?3 OR ?3 IS NULL) ORDER BY id LIMIT 1",
                    params![body, date, council],
                    |r| Ok(MeetingId(r.get(0)?)),
                )
                .optional()?;
            let evidence_rows: Vec<EvidenceRow> = self
                .conn()
                .prepare_cached("SELECT kind, annotation, target, label, page FROM question_evidence WHERE question_id = ?1 ORDER BY position")?
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<Result<_, _>>()?;
            let flags = match meeting_id {
                Some(m) if evidence_rows.iter().any(|e| e.0 == "flag") => {
                    Some(self.meeting_flags(m)?)
                }
                _ => None,
            };
            let report = match meeting_id {
                Some(m)
                    if evidence_rows
                        .iter()
                        .any(|e| e.0 == "line" || e.0 == "figure") =>
                {
                    Some(self.report(m)?)
                }
                _ => None,
            };
            let evidence = evidence_rows
                .into_iter()
                .map(|(kind, annotation, target, label, page)| {
                    if let Some(a) = annotation
                        .as_ref()
                        .and_then(|u| annotations.iter().find(|a| &a.uid == u))
                    {
                        return EvidenceView {
                            kind,
                            label,
                            item_id: a.item_id,
                            item_title: Some(a.item_title.clone()),
                            page: a.page,
                            state: Some(a.state),
                            target: Some(a.id.to_string()),
                        };
                    }
                    if kind == "line" || kind == "figure" {
                        let found = target.as_ref().and_then(|k| {
                            let r = report.as_ref()?;
                            r.lines
                                .iter()
                                .find(|l| &l.key == k)
                                .map(|l| (l.item_id, l.caption.clone(), l.page))
                                .or_else(|| {
                                    r.figures
                                        .iter()
                                        .find(|f| &f.key == k)
                                        .map(|f| (f.item_id, None, f.page))
                                })
                        });
                        return EvidenceView {
                            kind,
                            label,
                            item_id: found.as_ref().map(|f| f.0),
                            item_title: found.as_ref().and_then(|f| f.1.clone()),
                            page: found.and_then(|f| f.2).or(page),
                            state: None,
                            target,
                        };
                    }
                    let flag = target.as_ref().and_then(|k| {
                        flags
                            .as_ref()
                            .and_then(|m| m.flags.iter().find(|f| &f.key == k))
                    });
                    EvidenceView {
                        kind,
                        label: flag.map_or(label, |f| f.reason.clone()),
                        item_id: flag.map(|f| f.evidence.item_id),
                        item_title: flag.and_then(|f| f.evidence.table.clone()),
                        page: flag.and_then(|f| f.evidence.page).or(page),
                        state: None,
                        target,
                    }
                })
                .collect();
            out.push(QuestionView {
                id,
                uid,
                meeting_id,
                meeting: format!("{body}, {date}"),
                position,
                html: crate::markdown::to_html(&text),
                text,
                to,
                status: QuestionStatus::parse(&status),
                answer,
                evidence,
                author,
            });
        }
        Ok(out)
    }
}
