//! The member's annotations: made from a selection in an item, edited,
//! deleted (with undo), and listed for an item or a meeting.

use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::store::{AnnotationView, Deleted, ItemAnnotations, TextPoint};
use tauri::{AppHandle, Manager};

use crate::state::{off_main_thread, AppState, CommandResult};

#[tauri::command]
pub async fn get_item_annotations(app: AppHandle, item: ItemId) -> CommandResult<ItemAnnotations> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().item_annotations(item)?)).await
}

#[tauri::command]
pub async fn get_meeting_annotations(
    app: AppHandle,
    meeting: MeetingId,
) -> CommandResult<Vec<AnnotationView>> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .reader()
            .annotations(Some(meeting))?)
    })
    .await
}

#[tauri::command]
pub async fn annotate(
    app: AppHandle,
    item: ItemId,
    from: TextPoint,
    to: TextPoint,
    note: String,
    tags: Vec<String>,
    colour: String,
) -> CommandResult<i64> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .annotate_range(item, from, to, &note, &tags, &colour)?)
    })
    .await
}

/// Marks a cell of a budget table (found on its row of the item's text).
#[tauri::command]
pub async fn annotate_cell(
    app: AppHandle,
    item: ItemId,
    label: String,
    cell: String,
    note: String,
    tags: Vec<String>,
    colour: String,
) -> CommandResult<i64> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .annotate_cell(item, &label, &cell, &note, &tags, &colour)?)
    })
    .await
}

#[tauri::command]
pub async fn update_annotation(
    app: AppHandle,
    id: i64,
    note: String,
    tags: Vec<String>,
    colour: String,
) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .update_annotation(id, &note, &tags, &colour)?)
    })
    .await
}

#[tauri::command]
pub async fn delete_annotation(app: AppHandle, id: i64) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().delete_annotation(id)?)).await
}

#[tauri::command]
pub async fn restore_annotation(app: AppHandle, id: i64) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().restore_annotation(id)?)).await
}

/// Notes and questions deleted in the last 30 days, the latest first.
#[tauri::command]
pub async fn get_deleted(app: AppHandle) -> CommandResult<Vec<Deleted>> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().recently_deleted()?)).await
}
