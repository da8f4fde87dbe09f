//! Reading meetings, agenda items, resolutions and attendance back out.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;

use super::{Library, StoreError};
use crate::ids::{DocumentId, ItemId, MeetingId, PaperId};
use crate::money::figures::Figure;
use crate::parse::{Attendance, AttendanceStatus, PaperKind, Paragraph, Report, Span};

/// A meeting as the library lists it: one body on one day, with its papers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub council: Option<String>,
    pub body: String,
    /// ISO date, "2018-03-26".
    pub date: String,
    /// "HH:MM".
    pub time: Option<String>,
    pub venue: Option<String>,
    /// Items across all its papers.
    pub item_count: i64,
    /// Its papers, the agenda first and the minutes last.
    pub papers: Vec<PaperSummary>,
}

/// What one document says of one meeting: its agenda, a report, its minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PaperSummary {
    pub id: PaperId,
    /// The meeting it belongs to; None: not matched to a meeting.
    pub meeting_id: Option<MeetingId>,
    pub document_id: DocumentId,
    pub file_name: String,
    /// The document's format: "pdf", "html", "docx" or "text".
    pub format: String,
    /// Whether its page numbers are pages a member can turn to (a PDF or
    /// Word file), so the UI shows them.
    pub paged: bool,
    pub kind: PaperKind,
    /// The kind as a member would name it: "Agenda", "Minutes".
    pub kind_label: &'static str,
    /// The meeting as this paper prints it.
    pub council: Option<String>,
    pub body: Option<String>,
    pub date: Option<String>,
    pub time: Option<String>,
    pub item_count: i64,
    /// The first item's title: what a paper with no body or date is about.
    pub first_item: Option<String>,
    /// Placed by the member (attached or detached), not by its header.
    pub placed_by_member: bool,
}

/// Everything the library lists: meetings, newest first, and the papers
/// whose meeting could not be told.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LibraryIndex {
    pub meetings: Vec<MeetingSummary>,
    pub unmatched: Vec<PaperSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MeetingDetail {
    #[serde(flatten)]
    pub summary: MeetingSummary,
    /// Each paper with its items, in the meeting's order.
    pub paper_items: Vec<PaperDetail>,
    /// Who attended, from the minutes where there are some, else from the
    /// agenda's membership list.
    pub attendance: Vec<Attendance>,
    pub warning_count: i64,
}

/// A paragraph of an item, with what is marked in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParagraphView {
    pub text: String,
    /// Where it stands in the item's text, in bytes (what evidence and
    /// annotations will cite).
    pub span: Span,
    /// The page of the source it starts on.
    pub page: Option<u32>,
    /// The resolution (index into the item's `resolutions`) it is part of.
    pub resolution: Option<usize>,
    pub marks: Vec<Mark>,
    /// Tables (indexes into the item's `tables`) printed just before this
    /// paragraph: where the paper puts them.
    pub tables_before: Vec<usize>,
}

/// A figure's place in a paragraph, in UTF-16 code units (what a web
/// page's strings count), so the UI slices the text without searching it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// Index into the item's `figures`.
    pub figure: usize,
    /// The words right beside the amount already say its direction ("an
    /// overspend of £23.3m"): the mark need not say it again.
    pub worded: bool,
}

/// Whether the words within a few of an amount name its direction.
fn worded(para: &str, from: usize, to: usize, direction: crate::money::figures::Direction) -> bool {
    use crate::money::figures::Direction;
    let words: &[&str] = match direction {
        Direction::Overspend => &["overspend", "over budget", "overspent"],
        Direction::Underspend => &["underspend", "under budget", "underspent"],
        Direction::Other => return false,
    };
    use crate::money::figures::{ceil_boundary, floor_boundary};
    let near = para[floor_boundary(para, from.saturating_sub(24))..ceil_boundary(para, to + 24)]
        .to_lowercase();
    words.iter().any(|w| near.contains(w))
}

/// Lays an item's text out as paragraphs with their marks, from the spans
/// the reader stored. Spans that do not fit the text (a library written
/// by an older reader) are left unmarked rather than guessed.
pub(crate) fn paragraph_views(
    text: &str,
    paragraphs: &[Paragraph],
    resolutions: &[Option<Span>],
    figures: &[Figure],
) -> Vec<ParagraphView> {
    let laid_out: Vec<Paragraph> = if paragraphs.is_empty() {
        crate::parse::paragraph_spans(text)
            .map(|(at, p)| Paragraph {
                span: Span {
                    start: at,
                    end: at + p.len(),
                },
                page: None,
            })
            .collect()
    } else {
        paragraphs.to_vec()
    };
    let utf16 = |s: &str| s.encode_utf16().count();
    laid_out
        .iter()
        .filter_map(|p| {
            let para = text.get(p.span.start..p.span.end)?;
            if para.trim().is_empty() {
                return None;
            }
            let within = |s: &Span| s.start >= p.span.start && s.end <= p.span.end;
            let resolution = resolutions
                .iter()
                .position(|r| r.is_some_and(|r| r.start <= p.span.start && p.span.end <= r.end));
            let mut marks: Vec<Mark> = figures
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    let s = f.span.filter(within)?;
                    let (from, to) = (s.start - p.span.start, s.end - p.span.start);
                    let (before, mark) = (para.get(..from)?, para.get(from..to)?);
                    let start = utf16(before);
                    Some(Mark {
                        start,
                        end: start + utf16(mark),
                        figure: i,
                        worded: worded(para, from, to, f.direction),
                    })
                })
                .collect();
            marks.sort_by_key(|m| m.start);
            // Overlapping marks (a range read as two figures) keep the first.
            let mut last_end = 0;
            marks.retain(|m| {
                let keep = m.start >= last_end;
                if keep {
                    last_end = m.end;
                }
                keep
            });
            Some(ParagraphView {
                text: para.to_string(),
                span: p.span,
                page: p.page,
                resolution,
                marks,
                tables_before: Vec::new(),
            })
        })
        .collect()
}

/// Puts each table where the paper prints it: before the paragraph that
/// holds its first line's label (on or after its page), else before the
/// first paragraph of a later page. Returns the tables that could not be
/// placed (shown before the text).
pub(crate) fn place_tables(
    paragraphs: &mut [ParagraphView],
    tables: &[super::TableView],
) -> Vec<usize> {
    let mut unplaced = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        let on_or_after = |p: &ParagraphView| match (p.page, table.page) {
            (Some(a), Some(b)) => a >= b,
            _ => true,
        };
        let label = table
            .lines
            .iter()
            .map(|l| l.label.trim())
            .find(|l| l.chars().count() >= 3);
        let by_label = label.and_then(|label| {
            paragraphs
                .iter()
                .position(|p| on_or_after(p) && p.text.contains(label))
        });
        let by_page = table.page.and_then(|page| {
            paragraphs
                .iter()
                .position(|p| p.page.is_some_and(|q| q > page))
        });
        match by_label.or(by_page) {
            Some(i) => paragraphs[i].tables_before.push(t),
            None => unplaced.push(t),
        }
    }
    unplaced
}

impl MeetingDetail {
    /// Every item of every paper, in the meeting's order.
    pub fn items(&self) -> impl Iterator<Item = &ItemSummary> {
        self.paper_items.iter().flat_map(|p| p.items.iter())
    }
}

impl LibraryIndex {
    /// Every paper: those of each meeting, then those not matched.
    pub fn papers(&self) -> impl Iterator<Item = &PaperSummary> {
        self.meetings
            .iter()
            .flat_map(|m| m.papers.iter())
            .chain(self.unmatched.iter())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PaperDetail {
    #[serde(flatten)]
    pub summary: PaperSummary,
    pub items: Vec<ItemSummary>,
    pub attendance: Vec<Attendance>,
    /// Warnings the reader gave for the paper's document.
    pub warning_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemSummary {
    pub id: ItemId,
    pub number: Option<String>,
    pub title: String,
    pub reference: Option<String>,
    pub pages: Option<[u32; 2]>,
    pub agenda_item: Option<String>,
    pub truncated: bool,
    pub resolution_count: i64,
    /// The page of the source where the item starts.
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemDetail {
    #[serde(flatten)]
    pub summary: ItemSummary,
    pub paper_id: PaperId,
    pub meeting_id: Option<MeetingId>,
    pub document_id: DocumentId,
    /// Whether its paper has pages a member can turn to (see `PaperSummary::paged`).
    pub paged: bool,
    /// Whether its paper is a PDF, whose pages the app can draw.
    pub pdf: bool,
    pub text: String,
    /// The text as the member reads it: paragraphs with their page and
    /// the places of figures and resolutions marked, ready to show.
    pub paragraphs: Vec<ParagraphView>,
    pub resolutions: Vec<String>,
    /// Officers in attendance for this item.
    pub attendance: Vec<Attendance>,
    pub report: Option<Report>,
    pub figures: Vec<crate::money::figures::Figure>,
    pub tables: Vec<super::TableView>,
    /// Tables whose place in the text could not be told, shown before it.
    pub tables_unplaced: Vec<usize>,
}

const PAPER_COLUMNS: &str = "p.id, p.meeting_id, p.document_id, d.file_name, d.format, p.kind, p.council, p.body, p.date, p.time,
     (SELECT count(*) FROM agenda_items i WHERE i.paper_id = p.id),
     (SELECT i.title FROM agenda_items i WHERE i.paper_id = p.id ORDER BY i.position LIMIT 1),
     EXISTS (SELECT 1 FROM placements l WHERE l.sha256 = d.sha256 AND l.position = p.position AND l.decided_by = 'member')";

fn paper_row(r: &Row) -> rusqlite::Result<PaperSummary> {
    let kind: String = r.get(5)?;
    let kind = PaperKind::from_str_opt(&kind).unwrap_or_default();
    Ok(PaperSummary {
        id: PaperId(r.get(0)?),
        meeting_id: r.get::<_, Option<i64>>(1)?.map(MeetingId),
        document_id: DocumentId(r.get(2)?),
        file_name: r.get(3)?,
        paged: crate::ingest::Format::has_pages(&r.get::<_, String>(4)?),
        format: r.get(4)?,
        kind,
        kind_label: kind.label(),
        council: r.get(6)?,
        body: r.get(7)?,
        date: r.get(8)?,
        time: r.get(9)?,
        item_count: r.get(10)?,
        first_item: r.get(11)?,
        placed_by_member: r.get(12)?,
    })
}

const ITEM_COLUMNS: &str =
    "i.id, i.number, i.title, i.reference, i.page_from, i.page_to, i.agenda_item, i.truncated,
     (SELECT count(*) FROM resolutions r WHERE r.item_id = i.id), i.page";

fn item_row(r: &Row) -> rusqlite::Result<ItemSummary> {
    let from: Option<u32> = r.get(4)?;
    let to: Option<u32> = r.get(5)?;
    Ok(ItemSummary {
        id: ItemId(r.get(0)?),
        number: r.get(1)?,
        title: r.get(2)?,
        reference: r.get(3)?,
        pages: from.zip(to).map(|(a, b)| [a, b]),
        agenda_item: r.get(6)?,
        truncated: r.get(7)?,
        resolution_count: r.get(8)?,
        page: r.get(9)?,
    })
}

fn attendance_row(r: &Row) -> rusqlite::Result<Attendance> {
    let status: String = r.get(1)?;
    Ok(Attendance {
        name: r.get(0)?,
        // The CHECK constraint admits only the four statuses.
        status: AttendanceStatus::from_str_opt(&status).unwrap_or(AttendanceStatus::Present),
        role: r.get(2)?,
    })
}

impl Library {
    /// Every meeting, newest first, and the papers not matched to one
    /// (newest import first).
    pub fn library_index(&self) -> Result<LibraryIndex, StoreError> {
        self.index_of(None)
    }

    /// The whole library's index, or (`only`) one meeting's part of it.
    fn index_of(&self, only: Option<MeetingId>) -> Result<LibraryIndex, StoreError> {
        let (papers_where, meetings_where) = match only {
            Some(_) => ("WHERE p.meeting_id = ?1", "WHERE id = ?1"),
            None => ("", ""),
        };
        let params: Vec<i64> = only.map(|m| m.0).into_iter().collect();
        let params = rusqlite::params_from_iter(params.iter());
        let sql = format!("SELECT {PAPER_COLUMNS} FROM papers p JOIN documents d ON d.id = p.document_id {papers_where}");
        let mut papers: Vec<PaperSummary> = self
            .conn()
            .prepare(&sql)?
            .query_map(params.clone(), paper_row)?
            .collect::<Result<_, _>>()?;
        // A meeting's order: the agenda first, the minutes last, otherwise as imported.
        papers.sort_by_key(|p| (p.kind.order(), p.document_id, p.id));
        let sql = format!("SELECT id, council, body, date, time, venue FROM meetings {meetings_where} ORDER BY date DESC, time DESC, id DESC");
        let mut meetings: Vec<MeetingSummary> = self
            .conn()
            .prepare(&sql)?
            .query_map(params, |r| {
                Ok(MeetingSummary {
                    id: MeetingId(r.get(0)?),
                    council: r.get(1)?,
                    body: r.get(2)?,
                    date: r.get(3)?,
                    time: r.get(4)?,
                    venue: r.get(5)?,
                    item_count: 0,
                    papers: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let at: std::collections::HashMap<MeetingId, usize> = meetings
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, i))
            .collect();
        let mut unmatched = Vec::new();
        for p in papers {
            match p.meeting_id.and_then(|m| at.get(&m)) {
                Some(&i) => {
                    meetings[i].item_count += p.item_count;
                    meetings[i].papers.push(p);
                }
                None => unmatched.push(p),
            }
        }
        unmatched.sort_by_key(|p| std::cmp::Reverse((p.document_id, -p.id.0)));
        Ok(LibraryIndex {
            meetings,
            unmatched,
        })
    }

    /// Every meeting, newest first.
    pub fn list_meetings(&self) -> Result<Vec<MeetingSummary>, StoreError> {
        Ok(self.library_index()?.meetings)
    }

    pub fn get_meeting(&self, id: MeetingId) -> Result<MeetingDetail, StoreError> {
        // One meeting's papers only, not the whole library's.
        let summary = self
            .index_of(Some(id))?
            .meetings
            .into_iter()
            .find(|m| m.id == id)
            .ok_or(StoreError::NotFound {
                what: "meeting",
                id: id.0,
            })?;
        let paper_items = summary
            .papers
            .iter()
            .map(|p| self.paper_detail(p.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        // Who came is what the minutes say; an agenda lists who is asked.
        let attendance = paper_items
            .iter()
            .filter(|p| !p.attendance.is_empty())
            .min_by_key(|p| match p.summary.kind {
                PaperKind::Minutes => 0,
                PaperKind::WebPage => 1,
                _ => 2,
            })
            .map(|p| p.attendance.clone())
            .unwrap_or_default();
        let mut documents: Vec<DocumentId> = summary.papers.iter().map(|p| p.document_id).collect();
        documents.sort_unstable();
        documents.dedup();
        let mut warning_count = 0;
        for d in documents {
            warning_count += self.document_warnings(d)?;
        }
        Ok(MeetingDetail {
            summary,
            paper_items,
            attendance,
            warning_count,
        })
    }

    /// One paper with its items: how a paper not matched to a meeting is shown.
    pub fn get_paper(&self, id: PaperId) -> Result<PaperDetail, StoreError> {
        let sql = format!("SELECT {PAPER_COLUMNS} FROM papers p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1");
        let summary = self
            .conn()
            .query_row(&sql, [id.0], paper_row)
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "paper",
                id: id.0,
            })?;
        self.paper_detail(summary)
    }

    fn paper_detail(&self, summary: PaperSummary) -> Result<PaperDetail, StoreError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM agenda_items i WHERE i.paper_id = ?1 ORDER BY i.position"
        );
        let items = self
            .conn()
            .prepare(&sql)?
            .query_map([summary.id.0], item_row)?
            .collect::<Result<_, _>>()?;
        let attendance = self
            .conn()
            .prepare("SELECT name, status, role FROM attendance WHERE paper_id = ?1 AND item_id IS NULL ORDER BY position")?
            .query_map([summary.id.0], attendance_row)?
            .collect::<Result<_, _>>()?;
        let warning_count = self.document_warnings(summary.document_id)?;
        Ok(PaperDetail {
            summary,
            items,
            attendance,
            warning_count,
        })
    }

    fn document_warnings(&self, id: DocumentId) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM diagnostics WHERE document_id = ?1 AND severity = 'warning'",
            [id.0],
            |r| r.get(0),
        )?)
    }

    pub fn get_item(&self, id: ItemId) -> Result<ItemDetail, StoreError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS}, i.paper_id, i.text, i.report, p.meeting_id, p.document_id, i.paragraphs, d.format
             FROM agenda_items i JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id WHERE i.id = ?1"
        );
        let (summary, paper_id, text, report, meeting_id, document_id, paragraphs, format) = self
            .conn()
            .query_row(&sql, [id.0], |r| {
                Ok((
                    item_row(r)?,
                    PaperId(r.get(10)?),
                    r.get::<_, String>(11)?,
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, Option<i64>>(13)?.map(MeetingId),
                    DocumentId(r.get(14)?),
                    r.get::<_, String>(15)?,
                    r.get::<_, String>(16)?,
                ))
            })
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "agenda item",
                id: id.0,
            })?;
        let (resolutions, resolution_spans): (Vec<String>, Vec<Option<Span>>) = self
            .conn()
            .prepare("SELECT text, span_start, span_end FROM resolutions WHERE item_id = ?1 ORDER BY position")?
            .query_map([id.0], |r| Ok((r.get(0)?, super::money::span_at(r, 1)?)))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .unzip();
        let attendance = self
            .conn()
            .prepare(
                "SELECT name, status, role FROM attendance WHERE item_id = ?1 ORDER BY position",
            )?
            .query_map([id.0], attendance_row)?
            .collect::<Result<_, _>>()?;
        let report = report.map(|r| serde_json::from_str(&r)).transpose()?;
        let figures = self.item_figures(id)?;
        let tables = self.item_tables(id)?;
        let paragraphs: Vec<Paragraph> = serde_json::from_str(&paragraphs)?;
        let mut paragraphs = paragraph_views(&text, &paragraphs, &resolution_spans, &figures);
        let tables_unplaced = place_tables(&mut paragraphs, &tables);
        Ok(ItemDetail {
            summary,
            paper_id,
            meeting_id,
            document_id,
            paged: crate::ingest::Format::has_pages(&format),
            pdf: format == crate::ingest::Format::Pdf.as_str(),
            text,
            paragraphs,
            resolutions,
            attendance,
            report,
            figures,
            tables,
            tables_unplaced,
        })
    }
}
