//! Backups: the folder the member chooses (a synced drive, a USB stick),
//! a backup now, the list of backups with what each holds, and restoring
//! one. The daily backup runs from `main` while the app is open.

use scrutineer::store::backup::{self, BackupSummary};
use serde::Serialize;
use tauri::{AppHandle, Manager};

use crate::dialogs;
use crate::state::{off_main_thread, AppState, CommandError, CommandResult};

/// The backup settings and what the chosen folder holds.
#[derive(Debug, Serialize)]
pub struct BackupStatus {
    pub folder: Option<String>,
    /// When the last backup was made (RFC 3339).
    pub last_backup: Option<String>,
    /// The backups in the folder, newest first.
    pub backups: Vec<BackupSummary>,
}

fn status(state: &AppState) -> CommandResult<BackupStatus> {
    let lib = state.reader();
    let folder = lib.backup_folder()?;
    let backups = match &folder {
        Some(f) => backup::list(f)?,
        None => Vec::new(),
    };
    Ok(BackupStatus {
        folder: folder.map(|f| f.display().to_string()),
        last_backup: lib
            .last_backup()?
            .map(|t| t.to_rfc3339_opts(scrutineer::chrono::SecondsFormat::Secs, true)),
        backups,
    })
}

#[tauri::command]
pub async fn get_backups(app: AppHandle) -> CommandResult<BackupStatus> {
    off_main_thread(move || status(&app.state::<AppState>())).await
}

/// Asks for the backup folder, then backs up into it at once. None when
/// the dialog is cancelled.
#[tauri::command]
pub async fn choose_backup_folder(app: AppHandle) -> CommandResult<Option<BackupStatus>> {
    off_main_thread(move || {
        let Some(dir) = dialogs::pick_folder(&app, "Choose a folder for backups") else {
            return Ok(None);
        };
        let state = app.state::<AppState>();
        {
            let mut lib = state.writer();
            lib.set_backup_folder(Some(&dir))?;
            lib.back_up_to(&dir, scrutineer::chrono::Utc::now())?;
        }
        status(&state).map(Some)
    })
    .await
}

#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> CommandResult<BackupStatus> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        {
            let mut lib = state.writer();
            let dir = lib.backup_folder()?.ok_or_else(|| CommandError {
                kind: "invalid",
                message: "choose a folder for backups first".into(),
            })?;
            lib.back_up_to(&dir, scrutineer::chrono::Utc::now())?;
        }
        status(&state)
    })
    .await
}

/// Replaces the library with one of the backups in the chosen folder,
/// named by its file name (never a path: only backups listed there can be
/// restored). The library as it was is kept beside it.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, file: String) -> CommandResult<BackupStatus> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let folder = state
            .reader()
            .backup_folder()?
            .ok_or_else(|| CommandError {
                kind: "invalid",
                message: "choose a folder for backups first".into(),
            })?;
        let chosen = backup::list(&folder)?
            .into_iter()
            .find(|b| b.file == file)
            .ok_or_else(|| CommandError {
                kind: "not_found",
                message: format!("{file} is not one of the backups in {}", folder.display()),
            })?;
        // The reader waits while the writer restores, so nothing reads half of it.
        let _reading = state.reader();
        state
            .writer()
            .restore_from(&chosen.path, state.library_path())?;
        drop(_reading);
        status(&state)
    })
    .await
}
