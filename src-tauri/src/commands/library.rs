//! Reading the library: meetings, items, documents, budget lines.

use scrutineer::ids::{DocumentId, ItemId, MeetingId};
use scrutineer::store::{BudgetLineRow, DocumentSummary, ItemDetail, MeetingDetail, MeetingSummary};
use tauri::{AppHandle, Manager};

use crate::state::{off_main_thread, AppState, CommandResult};

#[tauri::command]
pub async fn list_meetings(app: AppHandle) -> CommandResult<Vec<MeetingSummary>> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().list_meetings()?)).await
}

#[tauri::command]
pub async fn get_meeting(app: AppHandle, id: MeetingId) -> CommandResult<MeetingDetail> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().get_meeting(id)?)).await
}

#[tauri::command]
pub async fn get_item(app: AppHandle, id: ItemId) -> CommandResult<ItemDetail> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().get_item(id)?)).await
}

#[tauri::command]
pub async fn get_budget_lines(app: AppHandle, id: MeetingId) -> CommandResult<Vec<BudgetLineRow>> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().meeting_budget_lines(id)?)).await
}

#[tauri::command]
pub async fn get_document(app: AppHandle, id: DocumentId) -> CommandResult<DocumentSummary> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().get_document(id)?)).await
}
