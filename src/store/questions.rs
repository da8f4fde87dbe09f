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
    /// A budget line as the Budget view lists it, by its row id.
    BudgetLine {
        line_id: i64,
    },
    /// A whole agenda item.
    Item {
        item: ItemId,
    },
}

/// A piece of evidence as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EvidenceView {
    /// "quote", "flag", "line", "figure" or "item".
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
    /// The meeting the item is in, where it is not the question's own (an
    /// answer quoted from a later meeting's minutes).
    pub meeting_id: Option<MeetingId>,
    pub meeting: Option<String>,
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
    /// Where the answer was quoted from: a passage of a later meeting's
    /// minutes, found again like any annotation.
    pub answer_source: Option<EvidenceView>,
    pub evidence: Vec<EvidenceView>,
    /// The colleague who wrote it (from a bundle); None: the member's own.
    /// Colleagues' questions follow the member's in a meeting's list, each
    /// in its author's running order.
    pub author: Option<String>,
}

/// A piece of evidence as stored: kind, annotation uid, target key, the
/// words it had when cited, page.
pub(super) type EvidenceRow = (String, Option<String>, Option<String>, String, Option<u32>);

/// The key a question cites a whole item by (`CitedItem::key`): the
/// paper's sha256, the paper's and the item's positions.
pub(super) fn parse_item_key(key: &str) -> Option<(&str, u32, u32)> {
    let mut parts = key.split('|');
    let (sha, p, i) = (parts.next()?, parts.next()?, parts.next()?);
    Some((
        sha,
        p.strip_prefix('p')?.parse().ok()?,
        i.strip_prefix('i')?.parse().ok()?,
    ))
}

/// An agenda item as a question cites it: its key (the paper's sha256 and
/// the paper's and the item's positions, the same after a re-import or a
/// re-read), number, title and page.
struct CitedItem {
    key: String,
    number: Option<String>,
    title: String,
    page: Option<u32>,
}

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
        let report = if evidence.iter().any(|e| {
            !matches!(
                e,
                EvidenceInput::Quote { .. }
                    | EvidenceInput::Annotation { .. }
                    | EvidenceInput::Flag { .. }
            )
        }) {
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
                EvidenceInput::Line { .. } | EvidenceInput::BudgetLine { .. } => {
                    let l = report
                        .as_ref()
                        .and_then(|r| {
                            r.lines.iter().find(|l| match e {
                                EvidenceInput::Line { key } => &l.key == key,
                                EvidenceInput::BudgetLine { line_id } => l.line_id == *line_id,
                                _ => false,
                            })
                        })
                        .ok_or_else(|| {
                            StoreError::Invalid(
                                "that budget line is not in this meeting's papers".into(),
                            )
                        })?;
                    let key = &l.key;
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
                EvidenceInput::Item { item } => {
                    let found = self.item_key(*item)?.ok_or(StoreError::NotFound {
                        what: "item",
                        id: item.0,
                    })?;
                    let named = match &found.number {
                        Some(n) => format!("Item {n}, {}", found.title.trim()),
                        None => found.title.trim().to_string(),
                    };
                    // The item's largest forecast variance, where it gives
                    // one, is usually what the question is about.
                    let biggest = report.as_ref().and_then(|r| {
                        r.figures
                            .iter()
                            .filter(|f| {
                                f.item_id == *item
                                    && f.kind == crate::money::figures::FigureKind::Variance
                            })
                            .max_by_key(|f| f.amount_pence)
                    });
                    let mut opening_text = format!("{named}{}.", page_words(found.page));
                    if let Some(f) = biggest {
                        opening_text.push_str(&format!(
                            " The report says: “{}”{}.",
                            f.sentence.trim(),
                            page_words(f.page)
                        ));
                    }
                    opening_text.push_str(" Can you explain …?");
                    opening.push(opening_text);
                    cited.push(("item".into(), None, Some(found.key), named, found.page));
                }
            }
        }
        // The opening quotes the papers: any markup in them is text.
        let text = if text.trim().is_empty() {
            crate::markdown::literal_html(&opening.join("\n\n"))
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

    fn item_key(&self, item: ItemId) -> Result<Option<CitedItem>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT d.sha256, p.position, i.position, i.number, i.title, i.page FROM agenda_items i
                 JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id WHERE i.id = ?1",
                [item.0],
                |r| {
                    Ok(CitedItem {
                        key: format!("{}|p{}|i{}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?),
                        number: r.get(3)?,
                        title: r.get(4)?,
                        page: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// The item an item key names, while its paper is in the library.
    fn item_of_key(&self, key: &str) -> Result<Option<(ItemId, String)>, StoreError> {
        let Some((sha, p, i)) = parse_item_key(key) else {
            return Ok(None);
        };
        Ok(self
            .conn()
            .query_row(
                "SELECT i.id, i.title FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id
                 WHERE d.sha256 = ?1 AND p.position = ?2 AND i.position = ?3",
                params![sha, p, i],
                |r| Ok((ItemId(r.get(0)?), r.get(1)?)),
            )
            .optional()?)
    }

    /// A question's evidence as stored, in its order.
    pub(super) fn evidence_rows(&self, question: i64) -> Result<Vec<EvidenceRow>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT kind, annotation, target, label, page FROM question_evidence WHERE question_id = ?1 ORDER BY position")?
            .query_map([question], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?)
    }

    /// A colleague's note or question (from their bundle) is theirs: the
    /// next bundle from them would overwrite an edit, or be taken as
    /// older than it. The member copies it to make it their own.
    pub(super) fn refuse_colleagues(&self, table: &str, id: i64) -> Result<(), StoreError> {
        let author: Option<String> = self
            .conn()
            .query_row(
                &format!("SELECT author FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match author {
            Some(a) => Err(StoreError::Invalid(format!(
                "this is {a}'s, from their bundle: it changes when they send a new one. Copy it to make a version of your own"
            ))),
            None => Ok(()),
        }
    }

    /// Answers a question with words selected in a later meeting's minutes:
    /// the words become an annotation there (so they are found again on a
    /// revised copy), the answer quotes them and names where they stand,
    /// and the question is marked answered. Returns the annotation's id.
    pub fn answer_from_minutes(
        &mut self,
        question: i64,
        item: ItemId,
        from: super::TextPoint,
        to: super::TextPoint,
    ) -> Result<i64, StoreError> {
        self.refuse_colleagues("questions", question)?;
        let (text, status): (String, String) = self
            .conn()
            .query_row(
                "SELECT text, status FROM questions WHERE id = ?1 AND deleted_at IS NULL",
                [question],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "question",
                id: question,
            })?;
        let first_line = text
            .lines()
            .map(|l| l.trim_start_matches(['>', '#', ' ']))
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let short: String = first_line.chars().take(80).collect();
        let note = format!(
            "The answer to the question: {short}{}",
            if first_line.chars().count() > 80 {
                "…"
            } else {
                ""
            }
        );
        let annotation = self.annotate_range(item, from, to, &note, &[], "good")?;
        let (uid, quote, page) = self.annotation_row(annotation)?;
        let cited = self.item_key(item)?.ok_or(StoreError::NotFound {
            what: "item",
            id: item.0,
        })?;
        let meeting = self
            .conn()
            .query_row(
                "SELECT m.body, m.date FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN meetings m ON m.id = p.meeting_id WHERE i.id = ?1",
                [item.0],
                |r| Ok(format!("{}, {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        let place = [
            meeting.map(|m| format!("Minutes of {m}")),
            Some(match &cited.number {
                Some(n) => format!("item {n}, {}", cited.title.trim()),
                None => cited.title.trim().to_string(),
            }),
            page.map(|p| format!("page {p}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let quoted = quote
            .lines()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        let answer = format!("{quoted}\n\n({place})");
        // An asked or drafted question becomes answered; a follow-up stays one.
        let status = if status == "follow_up" {
            "follow_up"
        } else {
            "answered"
        };
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE questions SET answer = ?2, answer_annotation = ?3, status = ?4, updated_at = ?5 WHERE id = ?1",
            params![question, answer, uid, status, stamp()],
        )?;
        tx.commit()?;
        Ok(annotation)
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
        self.refuse_colleagues("questions", id)?;
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
            Option<String>,
        );
        let (sql, key) = match meeting {
            Some(m) => {
                let super::MeetingKey { body, date, .. } = super::grouping::meeting_key(self.conn(), m)?;
                ("SELECT id, uid, council, body, date, position, text, addressee, status, answer, answer_annotation, author FROM questions
                  WHERE deleted_at IS NULL AND body = ?1 AND date = ?2 ORDER BY author IS NOT NULL, author, position, id", Some((body, date)))
            }
            None => ("SELECT id, uid, council, body, date, position, text, addressee, status, answer, answer_annotation, author FROM questions
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
                r.get(11)?,
            ))
        };
        let rows: Vec<Row> = match &key {
            Some((b, d)) => stmt
                .query_map(params![b, d], map)?
                .collect::<Result<_, _>>()?,
            None => stmt.query_map([], map)?.collect::<Result<_, _>>()?,
        };
        let annotations = self.annotations(None)?;
        let by_uid: std::collections::HashMap<&str, &super::AnnotationView> =
            annotations.iter().map(|a| (a.uid.as_str(), a)).collect();
        let mut flag_cache = std::collections::HashMap::new();
        let mut report_cache = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (
            id,
            uid,
            council,
            body,
            date,
            position,
            text,
            to,
            status,
            answer,
            answer_annotation,
            author,
        ) in rows
        {
            let meeting_id: Option<MeetingId> = self
                .conn()
                .query_row(
                    "SELECT id FROM meetings WHERE body = ?1 AND date = ?2 AND (council IS ?3 OR ?3 IS NULL) ORDER BY id LIMIT 1",
                    params![body, date, council],
                    |r| Ok(MeetingId(r.get(0)?)),
                )
                .optional()?;
            let evidence_rows = self.evidence_rows(id)?;
            // A meeting's flags and report are worked out once for all
            // its questions' evidence.
            if let Some(m) = meeting_id {
                if evidence_rows.iter().any(|e| e.0 == "flag") && !flag_cache.contains_key(&m) {
                    flag_cache.insert(m, self.meeting_flags(m)?);
                }
                if evidence_rows
                    .iter()
                    .any(|e| e.0 == "line" || e.0 == "figure")
                    && !report_cache.contains_key(&m)
                {
                    report_cache.insert(m, self.report(m)?);
                }
            }
            let flags = meeting_id.and_then(|m| flag_cache.get(&m));
            let report = meeting_id.and_then(|m| report_cache.get(&m));
            let evidence = evidence_rows
                .into_iter()
                .map(|(kind, annotation, target, label, page)| {
                    if let Some(a) = annotation.as_deref().and_then(|u| by_uid.get(u)) {
                        return EvidenceView {
                            kind,
                            label,
                            item_id: a.item_id,
                            item_title: Some(a.item_title.clone()),
                            page: a.page,
                            state: Some(a.state),
                            target: Some(a.id.to_string()),
                            meeting_id: None,
                            meeting: None,
                        };
                    }
                    if kind == "item" {
                        let found = target
                            .as_deref()
                            .map(|k| self.item_of_key(k))
                            .transpose()
                            .ok()
                            .flatten()
                            .flatten();
                        return EvidenceView {
                            kind,
                            label,
                            item_id: found.as_ref().map(|f| f.0),
                            item_title: found.map(|f| f.1),
                            page,
                            state: None,
                            target,
                            meeting_id: None,
                            meeting: None,
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
                            meeting_id: None,
                            meeting: None,
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
                        meeting_id: None,
                        meeting: None,
                    }
                })
                .collect();
            let answer_source = answer_annotation
                .as_ref()
                .and_then(|u| annotations.iter().find(|a| &a.uid == u))
                .map(|a| EvidenceView {
                    kind: "quote".into(),
                    label: a.quote.clone(),
                    item_id: a.item_id,
                    item_title: Some(a.item_title.clone()),
                    page: a.page,
                    state: Some(a.state),
                    target: Some(a.id.to_string()),
                    meeting_id: a.meeting_id,
                    meeting: a
                        .meeting_id
                        .and_then(|m| super::grouping::meeting_key(self.conn(), m).ok())
                        .map(|k| format!("{}, {}", k.body, k.date)),
                });
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
                answer_source,
                evidence,
                author,
            });
        }
        Ok(out)
    }
}
