//! Import: one file into the library, as one transaction.
//!
//! The order is deliberate: hash first (a file already in the library is
//! neither read nor parsed again), then ingest (a file we cannot read writes
//! nothing), then parse (never fails), then store everything at once.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::ids::{DocumentId, MeetingId};
use crate::ingest::{self, IngestError};
use crate::parse::{self, Severity};
use crate::store::{Library, NewDocument, ReadingCounts, StoreError, Stored};
use crate::worker::{self, Reading, Worker, WorkerError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Unreadable(#[from] IngestError),
    #[error(transparent)]
    Worker(#[from] WorkerError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a file could not be imported, for the UI (and scripts) to branch
/// on; the message says it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Empty,
    TooLarge,
    Binary,
    Unsupported,
    /// An encrypted PDF: it needs its password.
    Encrypted,
    /// A PDF of images (scanned): it needs OCR.
    NoTextLayer,
    /// Any other PDF that could not be read (damaged, truncated).
    Pdf,
    Docx,
    NotAPaper,
    NotAFile,
    Io,
    Store,
    TooMuchMemory,
    Timeout,
    TooDeep,
    Crashed,
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLarge => "too_large",
            Self::Binary => "binary",
            Self::Unsupported => "unsupported",
            Self::Encrypted => "encrypted",
            Self::NoTextLayer => "no_text_layer",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::NotAPaper => "not_a_paper",
            Self::NotAFile => "not_a_file",
            Self::Io => "io",
            Self::Store => "store",
            Self::TooMuchMemory => "too_much_memory",
            Self::Timeout => "timeout",
            Self::TooDeep => "too_deep",
            Self::Crashed => "crashed",
            Self::Internal => "internal",
        }
    }
}

pub(crate) fn ingest_error_kind(e: &IngestError) -> ErrorKind {
    match e {
        IngestError::Empty => ErrorKind::Empty,
        IngestError::TooLarge { .. } => ErrorKind::TooLarge,
        IngestError::Binary { .. } => ErrorKind::Binary,
        IngestError::Unsupported { .. } => ErrorKind::Unsupported,
        IngestError::PdfEncrypted => ErrorKind::Encrypted,
        IngestError::PdfNoText => ErrorKind::NoTextLayer,
        IngestError::Pdf { .. } => ErrorKind::Pdf,
        IngestError::Docx { .. } => ErrorKind::Docx,
        IngestError::NotAPaper { .. } => ErrorKind::NotAPaper,
        IngestError::NotAFile { .. } => ErrorKind::NotAFile,
        IngestError::Io(_) => ErrorKind::Io,
    }
}

impl ImportError {
    /// The kind of failure, for the UI to branch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ImportError::Unreadable(e) => ingest_error_kind(e),
            ImportError::Worker(WorkerError::Memory { .. }) => ErrorKind::TooMuchMemory,
            ImportError::Worker(WorkerError::Time { .. }) => ErrorKind::Timeout,
            ImportError::Worker(WorkerError::Depth) => ErrorKind::TooDeep,
            ImportError::Worker(WorkerError::Crashed { .. }) => ErrorKind::Crashed,
            ImportError::Worker(WorkerError::Start(_)) => ErrorKind::Internal,
            ImportError::Worker(WorkerError::Refused { kind, .. }) => *kind,
            ImportError::Store(_) => ErrorKind::Store,
        }
    }
}

/// Where a paper is read: in a worker process with limits (the app and
/// the CLI), or in this process (tests, fuzzing and the benchmark, which
/// call the readers directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadIn {
    ThisProcess,
    Worker(Worker),
}

fn read(bytes: &[u8], how: &ReadIn) -> Result<Reading, ImportError> {
    match how {
        ReadIn::ThisProcess => {
            let doc = ingest::ingest(bytes)?;
            Ok(Reading::of(doc))
        }
        ReadIn::Worker(worker) => Ok(worker::read(worker, bytes)?),
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileOutcome {
    Imported {
        document_id: DocumentId,
        meetings: usize,
        items: usize,
        warnings: usize,
        /// What the reader could not find, in a councillor's words; empty
        /// when it read a meeting (committee or date) and numbered items.
        missing: Vec<String>,
    },
    AlreadyInLibrary {
        document_id: DocumentId,
    },
}

/// Reads (in this process) and imports a file from disk.
pub fn import_path(
    lib: &mut Library,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<FileOutcome, ImportError> {
    import_path_via(lib, path, now, &ReadIn::ThisProcess)
}

/// Reads, where `how` says, and imports a file from disk.
pub fn import_path_via(
    lib: &mut Library,
    path: &Path,
    now: DateTime<Utc>,
    how: &ReadIn,
) -> Result<FileOutcome, ImportError> {
    let bytes = ingest::read_file(path)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    import_bytes_via(lib, &name, &bytes, now, how)
}

/// Imports a file's bytes, read in this process, under the given name.
pub fn import_bytes(
    lib: &mut Library,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<FileOutcome, ImportError> {
    import_bytes_via(lib, file_name, bytes, now, &ReadIn::ThisProcess)
}

/// Imports a file's bytes under the given file name, reading them where
/// `how` says. The library is written here, after the reading succeeded.
pub fn import_bytes_via(
    lib: &mut Library,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
    how: &ReadIn,
) -> Result<FileOutcome, ImportError> {
    let sha256 = hex(&Sha256::digest(bytes));
    if let Some(document_id) = lib.find_document_by_sha256(&sha256)? {
        return Ok(FileOutcome::AlreadyInLibrary { document_id });
    }
    let Reading {
        format,
        encoding,
        paper,
        pages,
    } = read(bytes, how)?;
    let doc = NewDocument {
        file_name,
        sha256: &sha256,
        format: format.as_str(),
        encoding: Some(&encoding),
        content: bytes,
        imported_at: now,
    };
    let document_id = match lib.insert_paper(&doc, &paper, &pages)? {
        Stored::New(id) => id,
        Stored::Existing(document_id) => return Ok(FileOutcome::AlreadyInLibrary { document_id }),
    };
    Ok(FileOutcome::Imported {
        document_id,
        meetings: paper.meetings.len(),
        items: paper.meetings.iter().map(|m| m.items.len()).sum(),
        warnings: paper
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        missing: missing_structure(&paper),
    })
}

/// What a member would expect from a paper and the reader did not find:
/// then the import is reported as needing a check, not as a plain success.
fn missing_structure(paper: &parse::Paper) -> Vec<String> {
    let mut missing = Vec::new();
    if !paper
        .meetings
        .iter()
        .any(|m| m.body.is_some() || m.date.is_some())
    {
        missing.push("which meeting it is for (no committee or date found)".to_owned());
    }
    let numbered = paper
        .meetings
        .iter()
        .flat_map(|m| &m.items)
        .filter(|i| i.number.is_some())
        .count();
    let items: usize = paper.meetings.iter().map(|m| m.items.len()).sum();
    if numbered == 0 && items <= 1 {
        missing.push("agenda items (its text is kept whole as one item)".to_owned());
    }
    missing
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What became of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Imported,
    /// Stored, but the reader missed the meeting or its items.
    ImportedWithGaps,
    AlreadyInLibrary,
    Failed,
}

/// One file's result, worded for the person who imported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FileReport {
    /// The file's name as the user knows it.
    pub file: String,
    pub status: FileStatus,
    /// For failures, the kind of failure ("binary", "empty", ...).
    pub error_kind: Option<ErrorKind>,
    pub message: String,
    pub document_id: Option<DocumentId>,
    /// The meeting the file's paper is now part of, once the batch is done
    /// (`finish_batch`): what the app opens after an import.
    pub meeting_id: Option<MeetingId>,
}

/// After a batch of imports: papers that name no meeting join the one the
/// rest of the batch is for (`Library::place_batch`), and each report is
/// told which meeting its paper is part of.
pub fn finish_batch(lib: &mut Library, reports: &mut [FileReport]) -> Result<(), StoreError> {
    let documents: Vec<DocumentId> = reports.iter().filter_map(|r| r.document_id).collect();
    lib.place_batch(&documents)?;
    for r in reports {
        if let Some(d) = r.document_id {
            r.meeting_id = lib.meeting_of_document(d)?;
        }
    }
    Ok(())
}

/// Where a batch import has got to, reported before each file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

impl FileReport {
    /// A file that could not be imported for a reason found outside the import.
    pub fn failed(file: String, error_kind: ErrorKind, message: String) -> Self {
        Self {
            file,
            status: FileStatus::Failed,
            error_kind: Some(error_kind),
            message,
            document_id: None,
            meeting_id: None,
        }
    }

    pub fn from_result(file: String, result: Result<FileOutcome, ImportError>) -> Self {
        match result {
            Ok(FileOutcome::Imported {
                document_id,
                meetings,
                items,
                warnings,
                missing,
            }) => {
                let warn = match warnings {
                    0 => String::new(),
                    1 => ", read with 1 warning".into(),
                    n => format!(", read with {n} warnings"),
                };
                let (status, message) = if missing.is_empty() {
                    (
                        FileStatus::Imported,
                        format!("Imported {file}: {meetings} meeting(s), {items} item(s){warn}."),
                    )
                } else {
                    (
                        FileStatus::ImportedWithGaps,
                        format!("Imported {file}, but could not find {}{warn}. Check it against the original.", missing.join(", nor ")),
                    )
                };
                Self {
                    message,
                    file,
                    status,
                    error_kind: None,
                    document_id: Some(document_id),
                    meeting_id: None,
                }
            }
            Ok(FileOutcome::AlreadyInLibrary { document_id }) => Self {
                message: format!("{file} is already in the library; nothing changed."),
                file,
                status: FileStatus::AlreadyInLibrary,
                error_kind: None,
                document_id: Some(document_id),
                meeting_id: None,
            },
            Err(e) => Self {
                message: format!("Could not import {file}: {e}. The library is unchanged."),
                file,
                status: FileStatus::Failed,
                error_kind: Some(e.kind()),
                document_id: None,
                meeting_id: None,
            },
        }
    }
}

/// What reading one stored paper again changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reread {
    pub document_id: DocumentId,
    pub file_name: String,
    pub before: ReadingCounts,
    pub after: ReadingCounts,
    /// Why the paper could not be read again; its old reading is kept.
    pub error: Option<String>,
}

impl Reread {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// What a re-reading of the library did, in numbers for the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RereadSummary {
    pub total: usize,
    pub changed: usize,
    /// Papers the current reader could not read; they keep their old reading.
    pub kept: Vec<String>,
}

impl RereadSummary {
    pub fn of(results: &[Reread]) -> Self {
        Self {
            total: results.len(),
            changed: results.iter().filter(|r| r.changed()).count(),
            kept: results
                .iter()
                .filter(|r| r.error.is_some())
                .map(|r| r.file_name.clone())
                .collect(),
        }
    }
}

/// Reads every stored paper again with the current reader, each in its
/// own transaction, from the bytes the library kept. A paper that can no
/// longer be read keeps its old reading. The member's own data (later:
/// annotations, questions, flag decisions) is keyed to the document's
/// sha256, pages and quotes, never to the rows this replaces.
pub fn reread_library(
    lib: &mut Library,
    how: &ReadIn,
    mut progress: impl FnMut(Progress),
) -> Result<Vec<Reread>, StoreError> {
    let ids = lib.document_ids()?;
    let mut out = Vec::with_capacity(ids.len());
    for (done, id) in ids.iter().copied().enumerate() {
        let stored = lib.stored_paper(id)?;
        progress(Progress {
            done,
            total: ids.len(),
            current: stored.file_name.clone(),
        });
        let before = lib.reading_counts(id)?;
        let error = match read(&stored.content, how) {
            Ok(reading) => lib
                .replace_reading(
                    id,
                    reading.format.as_str(),
                    &reading.encoding,
                    &reading.paper,
                    &reading.pages,
                )
                .err()
                .map(|e| e.to_string()),
            Err(e) => Some(e.to_string()),
        };
        let after = lib.reading_counts(id)?;
        out.push(Reread {
            document_id: id,
            file_name: stored.file_name,
            before,
            after,
            error,
        });
    }
    progress(Progress {
        done: ids.len(),
        total: ids.len(),
        current: String::new(),
    });
    Ok(out)
}
