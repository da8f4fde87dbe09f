//! Commitments: promises in minutes and answers, suggested by the reader
//! or marked by the member, with due dates.

use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::store::{CommitmentView, Suggestion};
use tauri::{AppHandle, Manager};

use crate::state::{off_main_thread, AppState, CommandResult};

/// Every commitment, the soonest due first (overdue ones marked).
#[tauri::command]
pub async fn get_commitments(app: AppHandle) -> CommandResult<Vec<CommitmentView>> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().commitments(None)?)).await
}

#[tauri::command]
pub async fn get_commitment_suggestions(
    app: AppHandle,
    meeting: MeetingId,
) -> CommandResult<Vec<Suggestion>> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .reader()
            .commitment_suggestions(meeting)?)
    })
    .await
}

#[tauri::command]
pub async fn add_commitment(
    app: AppHandle,
    item: ItemId,
    words: String,
    due: Option<String>,
) -> CommandResult<i64> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .add_commitment(item, &words, due.as_deref())?)
    })
    .await
}

#[tauri::command]
pub async fn set_commitment(
    app: AppHandle,
    id: i64,
    due: Option<String>,
    done: bool,
) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .set_commitment(id, due.as_deref(), done)?)
    })
    .await
}
