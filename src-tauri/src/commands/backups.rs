//! Backups: the folder the member chooses (a synced drive, a USB stick),
//! a backup now, the list of backups with what each holds, and restoring
//! one. The daily backup runs from `main` while the app is open.
//!
//! A backup copies through a connection of its own, so notes saved while
//! it copies to a slow stick do not wait for it.

use scrutineer::store::backup::{self, BackupSummary};
use scrutineer::Library;
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
    /// This library's backups in the folder, newest first.
    pub backups: Vec<BackupSummary>,
    /// Why the last daily backup failed, until one works again.
    pub error: Option<String>,
    /// After a restore: where the library as it was is kept.
    pub kept_at: Option<String>,
}

fn status(state: &AppState) -> CommandResult<BackupStatus> {
    let lib = state.reader();
    let folder = lib.backup_folder()?;
    let backups = match (&folder, lib.setting(backup::ID_SETTING)?) {
        (Some(f), Some(id)) => backup::list(f, &id)?,
        _ => Vec::new(),
    };
    Ok(BackupStatus {
        folder: folder.map(|f| f.display().to_string()),
        last_backup: lib
            .last_backup()?
            .map(|t| t.to_rfc3339_opts(scrutineer::chrono::SecondsFormat::Secs, true)),
        backups,
        error: lib.backup_error()?,
        kept_at: None,
    })
}

/// A connection of its own for a backup (see the module's comment).
pub fn backup_connection(state: &AppState) -> CommandResult<Library> {
    Ok(Library::open(state.library_path())?)
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
        let mut lib = backup_connection(&state)?;
        lib.set_backup_folder(Some(&dir))?;
        lib.back_up_to(&dir, scrutineer::chrono::Utc::now())?;
        status(&state).map(Some)
    })
    .await
}

#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> CommandResult<BackupStatus> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let mut lib = backup_connection(&state)?;
        let dir = lib.backup_folder()?.ok_or_else(|| CommandError {
            kind: "invalid",
            message: "choose a folder for backups first".into(),
        })?;
        lib.back_up_to(&dir, scrutineer::chrono::Utc::now())?;
        status(&state)
    })
    .await
}

/// Replaces the library with one of this library's backups in the chosen
/// folder, named by its file name (never a path: only backups listed there
/// can be restored). The library as it was is kept beside it, and the
/// status says where.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, file: String) -> CommandResult<BackupStatus> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let (folder, id) = {
            let lib = state.reader();
            (lib.backup_folder()?, lib.setting(backup::ID_SETTING)?)
        };
        let (Some(folder), Some(id)) = (folder, id) else {
            return Err(CommandError {
                kind: "invalid",
                message: "choose a folder for backups first".into(),
            });
        };
        let chosen = backup::list(&folder, &id)?
            .into_iter()
            .find(|b| b.file == file)
            .ok_or_else(|| CommandError {
                kind: "not_found",
                message: format!(
                    "{file} is not one of this library's backups in {}",
                    folder.display()
                ),
            })?;
        // The writer first, then the reader (the order every command that
        // takes both uses), so nothing reads half a restore.
        let mut writer = state.writer();
        let reading = state.reader();
        let kept = writer.restore_from(&chosen.path, state.library_path())?;
        drop(reading);
        drop(writer);
        let mut now = status(&state)?;
        now.kept_at = Some(kept.display().to_string());
        Ok(now)
    })
    .await
}
