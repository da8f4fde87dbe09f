//! Reading meetings, agenda items, resolutions and attendance back out.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;

use super::{Library, StoreError};
use crate::ids::{DocumentId, ItemId, MeetingId};
use crate::parse::{Attendance, AttendanceStatus, Report};

/// A meeting as the library lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub document_id: DocumentId,
    pub file_name: String,
    pub council: Option<String>,
    pub body: Option<String>,
    /// ISO date, "2018-03-26".
    pub date: Option<String>,
    /// "HH:MM".
    pub time: Option<String>,
    pub venue: Option<String>,
    pub item_count: i64,
    /// The document's format: "pdf", "html", "docx" or "text".
    pub format: String,
    /// The first item's title: what a meeting with no body or date is about.
    pub first_item: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingDetail {
    #[serde(flatten)]
    pub summary: MeetingSummary,
    pub items: Vec<ItemSummary>,
    pub attendance: Vec<Attendance>,
    pub warning_count: i64,
    /// Other meetings read from the same document: the previous minutes
    /// bound into an agenda pack, or the pack a set of minutes came in.
    pub same_document: Vec<MeetingSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
pub struct ItemDetail {
    #[serde(flatten)]
    pub summary: ItemSummary,
    pub meeting_id: MeetingId,
    pub text: String,
    pub resolutions: Vec<String>,
    /// Officers in attendance for this item.
    pub attendance: Vec<Attendance>,
    pub report: Option<Report>,
    pub figures: Vec<crate::money::figures::Figure>,
    pub tables: Vec<super::TableView>,
}

const MEETING_COLUMNS: &str = "m.id, m.document_id, d.file_name, m.council, m.body, m.date, m.time, m.venue,
     (SELECT count(*) FROM agenda_items i WHERE i.meeting_id = m.id), d.format,
     (SELECT i.title FROM agenda_items i WHERE i.meeting_id = m.id ORDER BY i.position LIMIT 1)";

fn meeting_row(r: &Row) -> rusqlite::Result<MeetingSummary> {
    Ok(MeetingSummary {
        id: MeetingId(r.get(0)?),
        document_id: DocumentId(r.get(1)?),
        file_name: r.get(2)?,
        council: r.get(3)?,
        body: r.get(4)?,
        date: r.get(5)?,
        time: r.get(6)?,
        venue: r.get(7)?,
        item_count: r.get(8)?,
        format: r.get(9)?,
        first_item: r.get(10)?,
    })
}

const ITEM_COLUMNS: &str = "i.id, i.number, i.title, i.reference, i.page_from, i.page_to, i.agenda_item, i.truncated,
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
    /// Every meeting, newest first; undated meetings last, newest import first.
    pub fn list_meetings(&self) -> Result<Vec<MeetingSummary>, StoreError> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN documents d ON d.id = m.document_id
             ORDER BY m.date IS NULL, m.date DESC, m.document_id DESC, m.position"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], meeting_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn get_meeting(&self, id: MeetingId) -> Result<MeetingDetail, StoreError> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN documents d ON d.id = m.document_id WHERE m.id = ?1"
        );
        let summary = self
            .conn()
            .query_row(&sql, [id.0], meeting_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "meeting", id: id.0 })?;
        let sql = format!("SELECT {ITEM_COLUMNS} FROM agenda_items i WHERE i.meeting_id = ?1 ORDER BY i.position");
        let items = self.conn().prepare(&sql)?.query_map([id.0], item_row)?.collect::<Result<_, _>>()?;
        let attendance = self
            .conn()
            .prepare("SELECT name, status, role FROM attendance WHERE meeting_id = ?1 AND item_id IS NULL ORDER BY position")?
            .query_map([id.0], attendance_row)?
            .collect::<Result<_, _>>()?;
        let warning_count = self.conn().query_row(
            "SELECT count(*) FROM diagnostics WHERE document_id = ?1 AND severity = 'warning'",
            [summary.document_id.0],
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m JOIN documents d ON d.id = m.document_id
             WHERE m.document_id = ?1 AND m.id != ?2 ORDER BY m.position"
        );
        let same_document =
            self.conn().prepare(&sql)?.query_map([summary.document_id.0, id.0], meeting_row)?.collect::<Result<_, _>>()?;
        Ok(MeetingDetail { summary, items, attendance, warning_count, same_document })
    }

    pub fn get_item(&self, id: ItemId) -> Result<ItemDetail, StoreError> {
        let sql = format!("SELECT {ITEM_COLUMNS}, i.meeting_id, i.text, i.report FROM agenda_items i WHERE i.id = ?1");
        let (summary, meeting_id, text, report) = self
            .conn()
            .query_row(&sql, [id.0], |r| {
                Ok((item_row(r)?, MeetingId(r.get(10)?), r.get::<_, String>(11)?, r.get::<_, Option<String>>(12)?))
            })
            .optional()?
            .ok_or(StoreError::NotFound { what: "agenda item", id: id.0 })?;
        let resolutions = self
            .conn()
            .prepare("SELECT text FROM resolutions WHERE item_id = ?1 ORDER BY position")?
            .query_map([id.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let attendance = self
            .conn()
            .prepare("SELECT name, status, role FROM attendance WHERE item_id = ?1 ORDER BY position")?
            .query_map([id.0], attendance_row)?
            .collect::<Result<_, _>>()?;
        let report = report.map(|r| serde_json::from_str(&r)).transpose()?;
        let figures = self.item_figures(id)?;
        let tables = self.item_tables(id)?;
        Ok(ItemDetail { summary, meeting_id, text, resolutions, attendance, report, figures, tables })
    }
}
