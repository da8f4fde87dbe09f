//! Export: what a member takes out of the library to send or print. A
//! meeting's annotated question pack (`pack`) as one self-contained HTML
//! file (`html`), Markdown (`md`) or a Word document (`docx`); its budget
//! lines, flags and a line's history as CSV or .xlsx (`sheets`). Exempt and
//! confidential items (`exempt`) are left out unless the member asks.
//!
//! Every format is made in memory from data the store gives; the file is
//! written once, whole (`write_atomically`), so a failed export never
//! leaves half a file. This module knows nothing of dialogs or windows.

pub mod docx;
pub mod exempt;
pub mod html;
pub mod md;
pub mod member_text;
pub mod pack;
pub mod sheets;

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use pack::{PackOptions, QuestionPack};
pub use sheets::Sheet;

use crate::ids::MeetingId;
use crate::store::StoreError;
use crate::Library;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("could not make the spreadsheet: {0}")]
    Spreadsheet(String),
    #[error("could not make the Word document: {0}")]
    Word(String),
    /// A request the member can correct.
    #[error("{0}")]
    Invalid(String),
}

/// The formats a meeting can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ExportFormat"))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Html,
    Docx,
    Md,
    Csv,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Docx => "docx",
            Self::Md => "md",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn is_pack(self) -> bool {
        matches!(self, Self::Html | Self::Docx | Self::Md)
    }
}

/// What to export from a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExportRequest {
    pub format: Format,
    #[serde(flatten)]
    pub pack: PackOptions,
    /// For CSV: which sheet (one file holds one); .xlsx holds them all.
    pub sheet: Option<Sheet>,
    /// A budget line (its key) whose history to add (xlsx) or write (CSV).
    pub line: Option<String>,
}

/// What an export holds, for the member to be told.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExportSummary {
    pub questions: usize,
    pub notes: usize,
    pub flags: usize,
    pub lines: usize,
    pub history_points: usize,
    /// Items left out as exempt, and the sentence that says what was left out.
    pub left_out_items: usize,
    pub left_out: Option<String>,
}

impl ExportSummary {
    /// "wrote 5 questions, 12 notes, 8 flags to pack.docx; left out as
    /// exempt: 1 item".
    pub fn said(&self, format: Format, file: &str) -> String {
        use pack::count;
        let what = if format.is_pack() {
            vec![
                count(self.questions, "question", "questions"),
                count(self.notes, "note", "notes"),
                count(self.flags, "flag", "flags"),
            ]
        } else {
            let mut v = Vec::new();
            if self.lines > 0 || self.history_points == 0 {
                v.push(count(self.lines, "budget line", "budget lines"));
            }
            if self.flags > 0 || format == Format::Xlsx {
                v.push(count(self.flags, "flag", "flags"));
            }
            if self.history_points > 0 {
                v.push(count(
                    self.history_points,
                    "point of a line's history",
                    "points of a line's history",
                ));
            }
            v
        };
        let mut out = format!("wrote {} to {file}", what.join(", "));
        if self.left_out_items > 0 {
            out.push_str(&format!(
                "; left out as exempt: {}",
                count(self.left_out_items, "item", "items")
            ));
        }
        out
    }
}

/// A meeting exported in one format, in memory.
#[derive(Debug, Clone)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub summary: ExportSummary,
}

/// Exports a meeting: the question pack (HTML, Word, Markdown) or its
/// spreadsheets (CSV, .xlsx).
pub fn export(
    lib: &Library,
    meeting: MeetingId,
    request: &ExportRequest,
) -> Result<Exported, ExportError> {
    if request.format.is_pack() {
        let pack = lib.question_pack(meeting, &request.pack)?;
        let bytes = match request.format {
            Format::Html => html::render(&pack).into_bytes(),
            Format::Md => md::render(&pack).into_bytes(),
            _ => docx::render(&pack)?,
        };
        let summary = ExportSummary {
            questions: pack.questions.len(),
            notes: pack.note_count(),
            flags: pack.flags.len(),
            left_out_items: pack.left_out.items.len(),
            left_out: pack.left_out.sentence(),
            ..ExportSummary::default()
        };
        return Ok(Exported { bytes, summary });
    }
    let data = sheets::SheetData::gather(
        lib,
        meeting,
        request.pack.include_exempt,
        request.line.as_deref(),
    )?;
    let bytes = match request.format {
        Format::Csv => sheets::csv(
            &data,
            request.sheet.unwrap_or(if request.line.is_some() {
                Sheet::History
            } else {
                Sheet::Lines
            }),
        )?,
        _ => sheets::xlsx(&data)?,
    };
    Ok(Exported {
        bytes,
        summary: data.summary(request.format, request.sheet),
    })
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file in
/// the same folder, flushed to disk, then renamed over the target (as a
/// save dialog's overwrite does), so a full disk or a crash never leaves
/// half a file under the member's chosen name.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let fail = |reason: String| ExportError::Write {
        path: path.display().to_string(),
        reason,
    };
    if path.is_dir() {
        return Err(fail("it is a folder".into()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scrutineer-export-");
    // As any new file the member saves: readable as their umask allows,
    // not the private mode a temporary file gets.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(io_words(&e)))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| fail(io_words(&e)))?;
    tmp.persist(path).map_err(|e| fail(io_words(&e.error)))?;
    Ok(())
}

/// An I/O error as a member reads it.
fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "its folder does not exist".into(),
        K::PermissionDenied => "permission denied (the folder or file is read-only)".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => e.to_string(),
    }
}
