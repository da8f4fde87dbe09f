//! Import: one file into the library, as one transaction.
//!
//! The order is deliberate: hash first (a file already in the library is
//! neither read nor parsed again), then ingest (a file we cannot read writes
//! nothing), then parse (never fails), then store everything at once.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::ids::DocumentId;
use crate::ingest::{self, IngestError};
use crate::parse::{self, Severity};
use crate::store::{Library, NewDocument, StoreError, Stored};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Unreadable(#[from] IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// A stable name for the kind of failure, for the UI to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            ImportError::Unreadable(IngestError::Empty) => "empty",
            ImportError::Unreadable(IngestError::TooLarge { .. }) => "too_large",
            ImportError::Unreadable(IngestError::Binary { .. }) => "binary",
            ImportError::Unreadable(IngestError::Unsupported { .. }) => "unsupported",
            ImportError::Unreadable(IngestError::Pdf { .. }) => "pdf",
            ImportError::Unreadable(IngestError::Docx { .. }) => "docx",
            ImportError::Unreadable(IngestError::NotAPaper { .. }) => "not_a_paper",
            ImportError::Unreadable(IngestError::NotAFile { .. }) => "not_a_file",
            ImportError::Unreadable(IngestError::Io(_)) => "io",
            ImportError::Store(_) => "store",
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileOutcome {
    Imported { document_id: DocumentId, meetings: usize, items: usize, warnings: usize },
    AlreadyInLibrary { document_id: DocumentId },
}

/// Reads and imports a file from disk.
pub fn import_path(lib: &mut Library, path: &Path, now: DateTime<Utc>) -> Result<FileOutcome, ImportError> {
    let bytes = ingest::read_file(path)?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    import_bytes(lib, &name, &bytes, now)
}

/// Imports a file's bytes under the given file name.
pub fn import_bytes(lib: &mut Library, file_name: &str, bytes: &[u8], now: DateTime<Utc>) -> Result<FileOutcome, ImportError> {
    let sha256 = hex(&Sha256::digest(bytes));
    if let Some(document_id) = lib.find_document_by_sha256(&sha256)? {
        return Ok(FileOutcome::AlreadyInLibrary { document_id });
    }
    let ingested = ingest::ingest(bytes)?;
    let paper = parse::parse(&ingested);
    let doc = NewDocument {
        file_name,
        sha256: &sha256,
        format: ingested.format.as_str(),
        encoding: Some(ingested.encoding),
        content: bytes,
        imported_at: now,
    };
    let document_id = match lib.insert_paper(&doc, &paper)? {
        Stored::New(id) => id,
        Stored::Existing(document_id) => return Ok(FileOutcome::AlreadyInLibrary { document_id }),
    };
    Ok(FileOutcome::Imported {
        document_id,
        meetings: paper.meetings.len(),
        items: paper.meetings.iter().map(|m| m.items.len()).sum(),
        warnings: paper.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One file's result, worded for the person who imported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The file's name as the user knows it.
    pub file: String,
    /// "imported", "already_in_library" or "failed".
    pub status: &'static str,
    /// For failures, the kind of failure ("binary", "empty", ...).
    pub error_kind: Option<&'static str>,
    pub message: String,
    pub document_id: Option<DocumentId>,
}

/// Where a batch import has got to, reported before each file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

impl FileReport {
    pub fn from_result(file: String, result: Result<FileOutcome, ImportError>) -> Self {
        match result {
            Ok(FileOutcome::Imported { document_id, meetings, items, warnings }) => {
                let warn = match warnings {
                    0 => String::new(),
                    1 => ", read with 1 warning".into(),
                    n => format!(", read with {n} warnings"),
                };
                Self {
                    message: format!("Imported {file}: {meetings} meeting(s), {items} item(s){warn}."),
                    file,
                    status: "imported",
                    error_kind: None,
                    document_id: Some(document_id),
                }
            }
            Ok(FileOutcome::AlreadyInLibrary { document_id }) => Self {
                message: format!("{file} is already in the library; nothing changed."),
                file,
                status: "already_in_library",
                error_kind: None,
                document_id: Some(document_id),
            },
            Err(e) => Self {
                message: format!("Could not import {file}: {e}. The library is unchanged."),
                file,
                status: "failed",
                error_kind: Some(e.kind()),
                document_id: None,
            },
        }
    }
}

/// Imports several files, each in its own transaction, telling `progress`
/// before each one. A file that fails does not stop the others.
pub fn import_paths(
    lib: &mut Library,
    paths: &[std::path::PathBuf],
    now: DateTime<Utc>,
    mut progress: impl FnMut(Progress),
) -> Vec<FileReport> {
    let mut reports = Vec::with_capacity(paths.len());
    for (done, path) in paths.iter().enumerate() {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        progress(Progress { done, total: paths.len(), current: name.clone() });
        reports.push(FileReport::from_result(name, import_path(lib, path, now)));
    }
    progress(Progress { done: paths.len(), total: paths.len(), current: String::new() });
    reports
}
