//! The paper model: what the reader makes of a paper (meetings, items,
//! paragraphs with their places, resolutions, attendance, votes, budget
//! tables, diagnostics). Plain data with serde; the reading itself is in
//! the sibling modules.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::money::figures::Figure;
use crate::money::tables::BudgetTable;

/// Everything read from one paper. The first meeting is the paper's own;
/// meetings bound into it (previous minutes in an agenda pack) follow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    pub meetings: Vec<Meeting>,
    /// Every budget table in the paper, each knowing its item.
    pub budget_tables: Vec<PaperTable>,
    /// Figures in text outside any item.
    pub figures: Vec<Figure>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A budget table and where it stands in the paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperTable {
    #[serde(flatten)]
    pub table: BudgetTable,
    /// The meeting (index into `meetings`) and item (its number as
    /// printed, or its title) the table belongs to.
    #[serde(
        rename = "meeting_index",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meeting: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_index: Option<usize>,
    pub item: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub council: Option<String>,
    pub body: Option<String>,
    pub date: Option<NaiveDate>,
    #[serde(with = "hhmm")]
    pub time: Option<NaiveTime>,
    pub venue: Option<String>,
    /// What kind of paper of the meeting this is: its agenda, its minutes, a
    /// report to it...
    #[serde(default)]
    pub kind: PaperKind,
    pub items: Vec<Item>,
    pub attendance: Vec<Attendance>,
}

/// What a paper is to its meeting. Decided by the reader from the paper's
/// header; the store orders a meeting's papers by it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PaperKind {
    Agenda,
    /// A meeting's web page (modern.gov, CMIS): its agenda, often with
    /// decisions or minutes.
    WebPage,
    Report,
    /// A paper whose kind could not be told (an appendix, a supplement).
    #[default]
    Paper,
    Decision,
    Questions,
    Minutes,
}

impl PaperKind {
    pub const ALL: [PaperKind; 7] = [
        Self::Agenda,
        Self::WebPage,
        Self::Report,
        Self::Paper,
        Self::Decision,
        Self::Questions,
        Self::Minutes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agenda => "agenda",
            Self::WebPage => "web_page",
            Self::Report => "report",
            Self::Decision => "decision",
            Self::Questions => "questions",
            Self::Minutes => "minutes",
            Self::Paper => "paper",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How a member would name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Agenda => "Agenda",
            Self::WebPage => "Meeting page",
            Self::Report => "Report",
            Self::Decision => "Decision",
            Self::Questions => "Questions and answers",
            Self::Minutes => "Minutes",
            Self::Paper => "Paper",
        }
    }

    /// Where a paper stands among its meeting's papers: the agenda first,
    /// the papers put to the meeting, then what it decided.
    pub fn order(self) -> u8 {
        Self::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(Self::ALL.len()) as u8
    }
}

/// A place in an item's text: byte offsets, `start..end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A paragraph of an item's text: where it stands in the text and the
/// page of the source it starts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
    pub page: Option<u32>,
}

/// An agenda item, or a minute of one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// As printed: "66", "5", "4a". None on a single-item page.
    pub number: Option<String>,
    pub title: String,
    /// A decision reference such as "24/00077".
    pub reference: Option<String>,
    /// The page range the agenda gives, "(Pages 9 - 50)".
    pub pages: Option<[u32; 2]>,
    /// The agenda item a minute refers back to, "(Item 4)".
    pub agenda_item: Option<String>,
    /// The source shows only the start of the minutes.
    pub truncated: bool,
    pub resolutions: Vec<String>,
    /// The item's text as paragraphs separated by blank lines.
    pub text: String,
    /// Each paragraph of `text`, with its page.
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    /// Where each resolution stands in `text` (the paragraphs it was read
    /// from), one for each of `resolutions`.
    #[serde(default)]
    pub resolution_spans: Vec<Span>,
    /// The page of the source where the item's heading stands.
    pub page: Option<u32>,
    /// Officers in attendance for this item only.
    pub attendance: Vec<Attendance>,
    /// The report bound into the pack for this item, if any.
    pub report: Option<Report>,
    /// Money amounts in the item's text.
    pub figures: Vec<Figure>,
    /// Votes the minutes record for this item.
    #[serde(default)]
    pub votes: Vec<Vote>,
}

/// A vote recorded in minutes: counts as printed (or as many names as a
/// recorded vote lists), and who voted which way where it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// What was put: "amendment", "motion", "recommendation".
    pub motion: Option<String>,
    /// As printed, lower case: "carried", "lost", "fell", "withdrawn".
    pub outcome: Option<String>,
    #[serde(rename = "for")]
    pub for_count: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    pub unanimous: bool,
    pub names_for: Vec<String>,
    pub names_against: Vec<String>,
    pub names_abstain: Vec<String>,
}

/// A report in an agenda pack, from its cover block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Report {
    /// "By:" or "From:": the Cabinet Member and officers presenting it.
    pub by: Option<String>,
    pub to: Option<String>,
    pub subject: String,
    pub classification: Option<String>,
    pub decision: Option<String>,
    /// The report's summary section, where it has one.
    pub summary: Option<String>,
    /// What the meeting is asked to decide, where the report says.
    pub recommendations: Option<String>,
    /// First and last page of the source the report spans.
    pub pages: [u32; 2],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Attendance {
    pub name: String,
    pub status: AttendanceStatus,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Apologies,
    Substitute,
    InAttendance,
}

impl AttendanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Apologies => "apologies",
            Self::Substitute => "substitute",
            Self::InAttendance => "in_attendance",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Self> {
        Some(match s {
            "present" => Self::Present,
            "apologies" => Self::Apologies,
            "substitute" => Self::Substitute,
            "in_attendance" => Self::InAttendance,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something the parser inferred rather than read.
    Info,
    /// Something a reader should check.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Self> {
        Some(match s {
            "info" => Self::Info,
            "warning" => Self::Warning,
            _ => return None,
        })
    }
}

impl Diagnostic {
    pub(crate) fn info(message: impl Into<String>, page: Option<u32>) -> Self {
        Self {
            severity: Severity::Info,
            message: message.into(),
            page,
        }
    }
    pub(crate) fn warning(message: impl Into<String>, page: Option<u32>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
            page,
        }
    }
}

/// Serialises times as "HH:MM", the shape the JSON output documents.
mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| NaiveTime::parse_from_str(&s, "%H:%M").map_err(serde::de::Error::custom))
            .transpose()
    }
}
