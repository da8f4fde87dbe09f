//! The app's state: the library, opened twice. Reads go through one
//! connection and imports through the other (WAL lets them run side by
//! side), so opening a meeting never waits for a batch of PDFs.

use std::sync::{Mutex, MutexGuard};

use scrutineer::store::{StoreError, StoredPaper};
use scrutineer::Library;
use serde::Serialize;

pub struct AppState {
    reader: Mutex<Library>,
    writer: Mutex<Library>,
    /// The last removed document, for undo.
    removed: Mutex<Option<StoredPaper>>,
}

impl AppState {
    pub fn new(reader: Library, writer: Library) -> Self {
        Self {
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            removed: Mutex::new(None),
        }
    }

    pub fn removed(&self) -> MutexGuard<'_, Option<StoredPaper>> {
        self.removed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The reading connection. A panic elsewhere while it was held leaves
    /// SQLite consistent (an unfinished transaction rolls back), so a
    /// poisoned lock is taken over rather than making the member restart.
    pub fn reader(&self) -> MutexGuard<'_, Library> {
        self.reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The writing connection, held for one file's import at a time.
    pub fn writer(&self) -> MutexGuard<'_, Library> {
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a failed command returns; the UI branches on `kind`.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let kind = match e {
            StoreError::NotFound { .. } => "not_found",
            StoreError::Damaged { .. } => "damaged",
            StoreError::ReadOnly => "read_only",
            StoreError::DiskFull => "disk_full",
            StoreError::Busy => "busy",
            _ => "store",
        };
        Self {
            kind,
            message: e.to_string(),
        }
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> Self {
        Self {
            kind: "internal",
            message: e.to_string(),
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

/// Runs blocking library work on tokio's blocking pool: commands never
/// run on the main thread, which draws the window.
pub async fn off_main_thread<T: Send + 'static>(
    work: impl FnOnce() -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(work).await?
}
