//! The member's annotations: stored with W3C-style selectors against the
//! item they were made on (its document's sha256, its paper's and its own
//! position), and found again each time they are read: on that item, or
//! on the same item of a revised copy of the paper imported later for the
//! same meeting; where its own paper is not in the library, on the same
//! item of another copy of that meeting's paper (found by the meeting's
//! council, body and date and the paper's kind), else, for a colleague's
//! note from a bundle, it waits for the paper. Deleting hides an
//! annotation (undoable); nothing here ever removes one because the text
//! changed.

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Library, StoreError};
use crate::annotations::{reanchor, AnchorState, Selectors};
use crate::flags::tracking::normalised;
use crate::ids::{ItemId, MeetingId};

/// An annotation as it stands in the library's papers now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AnnotationView {
    pub id: i64,
    /// Stable across libraries (for sharing).
    pub uid: String,
    pub state: AnchorState,
    /// The words the member marked.
    pub quote: String,
    /// What the passage reads now, where it was reworded.
    pub now: Option<String>,
    pub note: String,
    /// The note as HTML, rendered and sanitised here (`markdown::to_html`).
    pub note_html: String,
    pub tags: Vec<String>,
    /// The highlight's name: "ask", "good", "check".
    pub colour: String,
    /// The item it is shown on now: the one it was made on, or the same
    /// item of a revised copy; for an orphan, the item it was made on, if
    /// that is still in the library.
    pub item_id: Option<ItemId>,
    pub item_title: String,
    pub meeting_id: Option<MeetingId>,
    pub page: Option<u32>,
    /// Where it stands in that item's text (bytes); None for an orphan.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// It is shown on a revised copy, not the paper it was made on.
    pub on_revision: bool,
    /// The colleague who made it (from a bundle); None: the member's own.
    pub author: Option<String>,
    /// For a colleague's note whose paper is not in the library: which
    /// paper it waits for ("the agenda of Cabinet, 2018-03-26").
    pub waiting_for: Option<String>,
}

/// An item's text and where it comes from, for finding annotations.
struct ItemText {
    id: ItemId,
    meeting_id: Option<MeetingId>,
    text: String,
    paragraphs: String,
    /// Where each paragraph starts and its page, read from `paragraphs`
    /// once (many notes stand on one item).
    starts: std::cell::OnceCell<Vec<(usize, Option<u32>)>>,
}

impl ItemText {
    /// The page the paragraph holding byte `at` starts on.
    fn page_at(&self, at: usize) -> Result<Option<u32>, StoreError> {
        if self.starts.get().is_none() {
            let paras: Vec<crate::parse::Paragraph> = serde_json::from_str(&self.paragraphs)?;
            let _ = self
                .starts
                .set(paras.iter().map(|p| (p.span.start, p.page)).collect());
        }
        let starts = self.starts.get().map_or(&[][..], Vec::as_slice);
        Ok(starts
            .iter()
            .rev()
            .find(|(start, _)| *start <= at)
            .and_then(|(_, page)| *page))
    }
}

/// When a document was imported, and its id (two imports can share a second).
type Imported = (String, i64);

/// Highlight names a member can choose (each also has a colour in the UI).
pub const COLOURS: &[&str] = &["ask", "good", "check", "concern"];

/// What a note whose own paper is not in the library finds of its
/// meeting, by the meeting's council, body and date and the paper's kind.
enum CopyFound {
    /// No such meeting, or no paper of that kind in it.
    Nothing(Option<MeetingId>),
    /// A paper of that kind, but no item of that title.
    NoItem(MeetingId),
    /// The same item of another copy of the paper.
    Item(ItemId),
}

impl Library {
    fn item_text(&self, id: ItemId) -> Result<Option<ItemText>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT i.id, p.meeting_id, i.text, i.paragraphs FROM agenda_items i JOIN papers p ON p.id = i.paper_id WHERE i.id = ?1",
                [id.0],
                |r| Ok(ItemText { id: ItemId(r.get(0)?), meeting_id: r.get::<_, Option<i64>>(1)?.map(MeetingId), text: r.get(2)?, paragraphs: r.get(3)?, starts: std::cell::OnceCell::new() }),
            )
            .optional()?)
    }

    /// Marks the first place `quote` stands in an item (white space
    /// loose), with a note and tags. Returns the annotation's id.
    pub fn annotate(
        &mut self,
        item: ItemId,
        quote: &str,
        note: &str,
        tags: &[String],
        colour: &str,
    ) -> Result<i64, StoreError> {
        let it = self.item_text(item)?.ok_or(StoreError::NotFound {
            what: "agenda item",
            id: item.0,
        })?;
        let s = Selectors::of_quote(&it.text, quote)
            .ok_or_else(|| StoreError::Invalid("those words are not in this item's text".into()))?;
        self.annotate_at(item, s.start, s.end, note, tags, colour)
    }

    /// Marks a cell of one of the item's budget tables: the cell's words on
    /// the line of the text that starts with the row's label.
    pub fn annotate_cell(
        &mut self,
        item: ItemId,
        label: &str,
        cell: &str,
        note: &str,
        tags: &[String],
        colour: &str,
    ) -> Result<i64, StoreError> {
        let it = self.item_text(item)?.ok_or(StoreError::NotFound {
            what: "agenda item",
            id: item.0,
        })?;
        let (start, end) = crate::annotations::cell_in(&it.text, label, cell).ok_or_else(|| {
            StoreError::Invalid(format!(
                "“{cell}” is not on the row “{label}” of this item's text"
            ))
        })?;
        self.annotate_at(item, start, end, note, tags, colour)
    }

    /// Annotates bytes `start..end` of an item's text.
    fn annotate_at(
        &mut self,
        item: ItemId,
        start: usize,
        end: usize,
        note: &str,
        tags: &[String],
        colour: &str,
    ) -> Result<i64, StoreError> {
        check_colour(colour)?;
        let it = self.item_text(item)?.ok_or(StoreError::NotFound {
            what: "agenda item",
            id: item.0,
        })?;
        let s = Selectors::at(&it.text, start, end).ok_or_else(|| {
            StoreError::Invalid("the selection is not in this item's text".into())
        })?;
        let page = it.page_at(s.start)?;
        type Origin = (
            String,
            i64,
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (sha, paper_pos, item_pos, title, kind, council, body, date): Origin = self.conn().query_row(
            "SELECT d.sha256, p.position, i.position, i.title, p.kind, m.council, m.body, m.date
             FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id
             LEFT JOIN meetings m ON m.id = p.meeting_id WHERE i.id = ?1",
            [item.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )?;
        let now = chrono::Utc::now();
        let uid = {
            let mut h = Sha256::new();
            h.update(format!(
                "{sha}|{paper_pos}|{item_pos}|{}|{}|{}",
                s.start,
                s.end,
                now.timestamp_nanos_opt().unwrap_or_default()
            ));
            let d = h.finalize();
            d.iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tags = clean_tags(tags);
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO annotations (uid, sha256, paper_position, item_position, item_title, exact, prefix, suffix, start, end, page,
                                      colour, note, tags, created_at, updated_at, paper_kind, council, body, date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, ?18, ?19)",
            params![
                uid,
                sha,
                paper_pos,
                item_pos,
                title,
                s.exact,
                s.prefix,
                s.suffix,
                s.start as i64,
                s.end as i64,
                page,
                colour,
                note.trim(),
                serde_json::to_string(&tags)?,
                stamp,
                kind,
                council,
                body,
                date
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// Hides an annotation (kept, so `restore_annotation` brings it back).
    pub fn delete_annotation(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute(
            "UPDATE annotations SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![
                id,
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ],
        )?;
        tx.commit()?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "annotation",
                id,
            });
        }
        Ok(())
    }

    pub fn restore_annotation(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE annotations SET deleted_at = NULL WHERE id = ?1",
            [id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The item an annotation was made on, if its paper is still in the
    /// library.
    fn origin(
        &self,
        sha: &str,
        paper_pos: i64,
        item_pos: i64,
    ) -> Result<Option<(ItemId, Imported)>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT i.id, d.imported_at, d.id FROM documents d JOIN papers p ON p.document_id = d.id
                 JOIN agenda_items i ON i.paper_id = p.id
                 WHERE d.sha256 = ?1 AND p.position = ?2 AND i.position = ?3",
                params![sha, paper_pos, item_pos],
                |r| Ok((ItemId(r.get(0)?), (r.get(1)?, r.get(2)?))),
            )
            .optional()?)
    }

    /// The same item in the latest copy of the paper imported after
    /// `after` (import time, then document id: two imports can share a
    /// second) for the same meeting: a paper of the same kind holding an
    /// item of the same title.
    fn revision(
        &self,
        meeting: MeetingId,
        origin: ItemId,
        title: &str,
        after: &Imported,
    ) -> Result<Option<ItemId>, StoreError> {
        let kind: String = self.conn().query_row(
            "SELECT p.kind FROM agenda_items i JOIN papers p ON p.id = i.paper_id WHERE i.id = ?1",
            [origin.0],
            |r| r.get(0),
        )?;
        let want = normalised(title);
        let candidates: Vec<(i64, String)> = self
            .conn()
            .prepare_cached(
                "SELECT i.id, i.title FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id
                 WHERE p.meeting_id = ?1 AND p.kind = ?2 AND (d.imported_at, d.id) > (?3, ?4) AND i.id != ?5
                 ORDER BY d.imported_at DESC, d.id DESC",
            )?
            .query_map(params![meeting.0, kind, after.0, after.1, origin.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(candidates
            .into_iter()
            .find(|(_, t)| normalised(t) == want)
            .map(|(id, _)| ItemId(id)))
    }

    /// For a note whose own paper is not in the library: the same item in
    /// another copy of the paper (another download has another sha256)
    /// of the same meeting, found by the meeting's council, body and date
    /// and the paper's kind; the latest import first, the item at the same
    /// place first where two share a title.
    fn same_meeting_copy(
        &self,
        key: &super::MeetingKey,
        kind: Option<&str>,
        title: &str,
        item_pos: i64,
    ) -> Result<CopyFound, StoreError> {
        let meetings: Vec<(i64, super::MeetingKey)> = self
            .conn()
            .prepare_cached(
                "SELECT id, council, body, date, time FROM meetings WHERE date = ?1 ORDER BY id",
            )?
            .query_map([&key.date], |r| {
                Ok((
                    r.get(0)?,
                    super::MeetingKey {
                        council: r.get(1)?,
                        body: r.get(2)?,
                        date: r.get(3)?,
                        time: r.get(4)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        let Some(meeting) = meetings
            .into_iter()
            .find(|(_, k)| k.same_meeting(key))
            .map(|(id, _)| MeetingId(id))
        else {
            return Ok(CopyFound::Nothing(None));
        };
        let items: Vec<(i64, String)> = self
            .conn()
            .prepare_cached(
                "SELECT i.id, i.title FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id
                 WHERE p.meeting_id = ?1 AND (?2 IS NULL OR p.kind = ?2)
                 ORDER BY d.imported_at DESC, d.id DESC, i.position = ?3 DESC, i.position",
            )?
            .query_map(params![meeting.0, kind, item_pos], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if items.is_empty() {
            return Ok(CopyFound::Nothing(Some(meeting)));
        }
        let want = normalised(title);
        Ok(
            match items.into_iter().find(|(_, t)| normalised(t) == want) {
                Some((id, _)) => CopyFound::Item(ItemId(id)),
                None => CopyFound::NoItem(meeting),
            },
        )
    }

    /// Every annotation (of one meeting, or all), found again in the
    /// papers as they are now, in the order they were made.
    pub fn annotations(
        &self,
        meeting: Option<MeetingId>,
    ) -> Result<Vec<AnnotationView>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            i64,
            i64,
            String,
            Selectors,
            Option<u32>,
            String,
            String,
            String,
            Shared,
        );
        let rows: Vec<Row> = self
            .conn()
            .prepare(
                "SELECT id, uid, sha256, paper_position, item_position, item_title, exact, prefix, suffix, start, end, page, colour, note, tags,
                        author, council, body, date, paper_kind
                 FROM annotations WHERE deleted_at IS NULL ORDER BY id",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    Selectors { exact: r.get(6)?, prefix: r.get(7)?, suffix: r.get(8)?, start: r.get::<_, i64>(9)? as usize, end: r.get::<_, i64>(10)? as usize },
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                    r.get(14)?,
                    Shared { author: r.get(15)?, council: r.get(16)?, body: r.get(17)?, date: r.get(18)?, paper_kind: r.get(19)? },
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        // Many notes stand on one item: each item's text is read once.
        let mut texts: HashMap<ItemId, Option<Rc<ItemText>>> = HashMap::new();
        let mut text_of = |lib: &Self, id: ItemId| -> Result<Option<Rc<ItemText>>, StoreError> {
            if let Some(t) = texts.get(&id) {
                return Ok(t.clone());
            }
            let t = lib.item_text(id)?.map(Rc::new);
            texts.insert(id, t.clone());
            Ok(t)
        };
        for (id, uid, sha, paper_pos, item_pos, title, sel, page, colour, note, tags, shared) in
            rows
        {
            let origin = self.origin(&sha, paper_pos, item_pos)?;
            let origin_item = match &origin {
                Some((item, _)) => text_of(self, *item)?,
                None => None,
            };
            // Shown on the latest revision of its paper, if there is one.
            let mut on = origin_item.as_ref().map(|o| o.id);
            let mut on_revision = false;
            if let (Some((item, imported)), Some(o)) = (&origin, &origin_item) {
                if let Some(m) = o.meeting_id {
                    if let Some(r) = self.revision(m, *item, &title, imported)? {
                        on = Some(r);
                        on_revision = true;
                    }
                }
            }
            // Its own paper gone (removed, or a colleague's copy never
            // held): the same meeting's paper of the same kind, if any.
            let mut copy_meeting = None;
            let mut paper_held = origin.is_some();
            if origin.is_none() {
                if let (Some(body), Some(date)) = (&shared.body, &shared.date) {
                    let key = super::MeetingKey {
                        council: shared.council.clone(),
                        body: body.clone(),
                        date: date.clone(),
                        time: None,
                    };
                    match self.same_meeting_copy(
                        &key,
                        shared.paper_kind.as_deref(),
                        &title,
                        item_pos,
                    )? {
                        CopyFound::Item(i) => {
                            on = Some(i);
                            on_revision = true;
                            paper_held = true;
                        }
                        CopyFound::NoItem(m) => {
                            copy_meeting = Some(m);
                            paper_held = true;
                        }
                        CopyFound::Nothing(m) => copy_meeting = m,
                    }
                }
            }
            let shown = match on {
                Some(i) => text_of(self, i)?,
                None => None,
            };
            let (state, span, now, page_now) = match &shown {
                Some(t) => {
                    let a = reanchor(&sel, &t.text);
                    let state = a.state;
                    let page_now = match a.span {
                        Some((s, _)) => t.page_at(s)?.or(page),
                        None => page,
                    };
                    (state, a.span, a.now, page_now)
                }
                // A colleague's note waits for its paper; the member's own
                // whose paper was removed is an orphan, as before.
                None if shared.author.is_some() && !paper_held => {
                    (AnchorState::Waiting, None, None, page)
                }
                None => (AnchorState::Orphan, None, None, page),
            };
            let meeting_now = shown
                .as_ref()
                .and_then(|t| t.meeting_id)
                .or(origin_item.as_ref().and_then(|o| o.meeting_id))
                .or(copy_meeting);
            if meeting.is_some() && meeting_now != meeting {
                continue;
            }
            // An orphan on a revision still points at the item it was made on.
            let item_id = if state == AnchorState::Orphan {
                origin_item.as_ref().map(|o| o.id).or(on)
            } else {
                on
            };
            out.push(AnnotationView {
                id,
                uid,
                state,
                quote: sel.exact.clone(),
                now,
                note_html: crate::markdown::to_html(&note),
                note,
                tags: serde_json::from_str(&tags)?,
                colour,
                item_id,
                item_title: title,
                meeting_id: meeting_now,
                page: page_now,
                start: span.map(|s| s.0),
                end: span.map(|s| s.1),
                on_revision,
                waiting_for: (state == AnchorState::Waiting).then(|| shared.waiting_for()),
                author: shared.author,
            });
        }
        Ok(out)
    }
}

/// What an annotation keeps for sharing: its author (None: the member's
/// own), and the meeting and kind of paper it was made on.
struct Shared {
    author: Option<String>,
    council: Option<String>,
    body: Option<String>,
    date: Option<String>,
    paper_kind: Option<String>,
}

impl Shared {
    /// "the agenda of Cabinet, 2018-03-26".
    fn waiting_for(&self) -> String {
        let kind = self
            .paper_kind
            .as_deref()
            .and_then(crate::parse::PaperKind::from_str_opt)
            .map_or("paper".to_string(), |k| k.label().to_lowercase());
        match (&self.body, &self.date) {
            (Some(b), Some(d)) => format!("the {kind} of {b}, {d}"),
            _ => format!("the {kind} it was made on"),
        }
    }
}

/// A highlight in an item's paragraph, in UTF-16 code units (as the
/// window's strings count), so the window never searches the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Highlight {
    /// Index into the item's `paragraphs`.
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub annotation: i64,
    pub colour: String,
}

/// An item's annotations and where each is highlighted in its paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemAnnotations {
    /// Shown on this item now (exact or moved), and orphans made on it.
    pub annotations: Vec<AnnotationView>,
    pub highlights: Vec<Highlight>,
}

/// A place in an item as the window gives it: a paragraph (index into the
/// item's paragraphs) and a UTF-16 offset in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TextPoint {
    pub paragraph: usize,
    pub offset: usize,
}

impl Library {
    /// The paragraphs of an item as the window shows them.
    fn shown_paragraphs(&self, item: ItemId) -> Result<Vec<crate::parse::Span>, StoreError> {
        Ok(self
            .get_item(item)?
            .paragraphs
            .iter()
            .map(|p| p.span)
            .collect())
    }

    /// Annotates what the member selected in an item's text, from one
    /// point to another (paragraph and UTF-16 offset, as the window counts).
    pub fn annotate_range(
        &mut self,
        item: ItemId,
        from: TextPoint,
        to: TextPoint,
        note: &str,
        tags: &[String],
        colour: &str,
    ) -> Result<i64, StoreError> {
        let it = self.item_text(item)?.ok_or(StoreError::NotFound {
            what: "agenda item",
            id: item.0,
        })?;
        let paras = self.shown_paragraphs(item)?;
        let byte = |p: TextPoint| -> Option<usize> {
            let span = paras.get(p.paragraph)?;
            let para = it.text.get(span.start..span.end)?;
            let mut units = 0;
            for (i, c) in para.char_indices() {
                if units >= p.offset {
                    return Some(span.start + i);
                }
                units += c.len_utf16();
            }
            (units >= p.offset).then_some(span.end)
        };
        let (start, end) = byte(from).zip(byte(to)).ok_or_else(|| {
            StoreError::Invalid("the selection is not in this item's text".into())
        })?;
        let (start, end) = (start.min(end), start.max(end));
        // Trim white space at the ends of the selection.
        let sel = &it.text[start..end];
        let lead = sel.len() - sel.trim_start().len();
        let trail = sel.len() - sel.trim_end().len();
        if sel.trim().is_empty() {
            return Err(StoreError::Invalid("select some words to annotate".into()));
        }
        self.annotate_at(item, start + lead, end - trail, note, tags, colour)
    }

    /// Changes an annotation's note, tags and highlight.
    pub fn update_annotation(
        &mut self,
        id: i64,
        note: &str,
        tags: &[String],
        colour: &str,
    ) -> Result<(), StoreError> {
        check_colour(colour)?;
        self.refuse_colleagues("annotations", id)?;
        let tags = clean_tags(tags);
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute(
            "UPDATE annotations SET note = ?2, tags = ?3, colour = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, note.trim(), serde_json::to_string(&tags)?, colour, chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
        )?;
        tx.commit()?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "annotation",
                id,
            });
        }
        Ok(())
    }

    /// The annotations shown on an item, and where each is highlighted.
    pub fn item_annotations(&self, item: ItemId) -> Result<ItemAnnotations, StoreError> {
        let meeting = self
            .item_text(item)?
            .ok_or(StoreError::NotFound {
                what: "agenda item",
                id: item.0,
            })?
            .meeting_id;
        let all = match meeting {
            Some(m) => self.annotations(Some(m))?,
            None => self.annotations(None)?,
        };
        let annotations: Vec<AnnotationView> = all
            .into_iter()
            .filter(|a| a.item_id == Some(item))
            .collect();
        let detail = self.get_item(item)?;
        let mut highlights = Vec::new();
        for a in &annotations {
            let (Some(start), Some(end)) = (a.start, a.end) else {
                continue;
            };
            for (i, p) in detail.paragraphs.iter().enumerate() {
                let (from, to) = (start.max(p.span.start), end.min(p.span.end));
                if from >= to {
                    continue;
                }
                let units = |b: usize| {
                    p.text
                        .get(..b - p.span.start)
                        .map(|s| s.encode_utf16().count())
                };
                if let (Some(s), Some(e)) = (units(from), units(to)) {
                    highlights.push(Highlight {
                        paragraph: i,
                        start: s,
                        end: e,
                        annotation: a.id,
                        colour: a.colour.clone(),
                    });
                }
            }
        }
        Ok(ItemAnnotations {
            annotations,
            highlights,
        })
    }
}

fn check_colour(colour: &str) -> Result<(), StoreError> {
    if COLOURS.contains(&colour) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "a highlight is one of {}",
            COLOURS.join(", ")
        )))
    }
}

/// Tags as the member typed them, trimmed, empty ones dropped.
fn clean_tags(tags: &[String]) -> Vec<String> {
    tags.iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}
