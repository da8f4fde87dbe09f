//! Reading the library: meetings, papers, items, documents, budget lines;
//! and the member's changes to it: which meeting a paper is part of, and
//! removing a paper (with undo).

use scrutineer::ids::{DocumentId, ItemId, MeetingId, PaperId};
use scrutineer::store::{
    BudgetLineRow, DocumentSummary, ItemDetail, LibraryIndex, MeetingDetail, PaperDetail,
};
use scrutineer::{FileReport, Progress, RereadSummary};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::{off_main_thread, AppState, CommandError, CommandResult};

#[tauri::command]
pub async fn list_meetings(app: AppHandle) -> CommandResult<LibraryIndex> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().library_index()?)).await
}

#[tauri::command]
pub async fn get_meeting(app: AppHandle, id: MeetingId) -> CommandResult<MeetingDetail> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().get_meeting(id)?)).await
}

#[tauri::command]
pub async fn get_paper(app: AppHandle, id: PaperId) -> CommandResult<PaperDetail> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().get_paper(id)?)).await
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

/// A stored PDF's own bytes, so the window can draw one of its pages beside
/// what was read from it. Only PDFs; nothing is read from disk.
#[tauri::command]
pub async fn get_document_pdf(
    app: AppHandle,
    id: DocumentId,
) -> CommandResult<tauri::ipc::Response> {
    off_main_thread(move || {
        let bytes = app.state::<AppState>().reader().pdf_bytes(id)?;
        let bytes = bytes.ok_or(CommandError {
            kind: "not_a_pdf",
            message: "Only a PDF's pages can be shown.".into(),
        })?;
        Ok(tauri::ipc::Response::new(bytes))
    })
    .await
}

#[tauri::command]
pub async fn attach_paper(app: AppHandle, paper: PaperId, meeting: MeetingId) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .attach_paper(paper, meeting)?)
    })
    .await
}

#[tauri::command]
pub async fn detach_paper(app: AppHandle, paper: PaperId) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().detach_paper(paper)?)).await
}

/// Removes a document and what was read from it. Its bytes are kept in
/// memory until the next removal, so `undo_remove` can bring it back
/// (placements, keyed by its sha256, were never deleted).
#[tauri::command]
pub async fn remove_document(app: AppHandle, id: DocumentId) -> CommandResult<String> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let mut lib = state.writer();
        let kept = lib.stored_paper(id)?;
        let name = lib.remove_document(id)?;
        *state.removed() = Some(kept);
        Ok(name)
    })
    .await
}

/// Reads the last removed document back in.
#[tauri::command]
pub async fn undo_remove(app: AppHandle) -> CommandResult<FileReport> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let Some(kept) = state.removed().take() else {
            return Err(CommandError {
                kind: "not_found",
                message: "There is nothing to undo.".into(),
            });
        };
        let how = crate::commands::importing::reader()?;
        let result = scrutineer::import_bytes_via(
            &mut state.writer(),
            &kept.file_name,
            &kept.content,
            scrutineer::chrono::Utc::now(),
            &how,
        );
        let mut reports = [FileReport::from_result(kept.file_name.clone(), result)];
        scrutineer::finish_batch(&mut state.writer(), &mut reports)?;
        let [report] = reports;
        Ok(report)
    })
    .await
}

/// Reads every stored paper again with this version's reader, one
/// transaction a paper, with `reread-progress` events. It holds the writer
/// (imports wait); reading goes on through the reading connection.
#[tauri::command]
pub async fn reread_library(app: AppHandle) -> CommandResult<RereadSummary> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let how = crate::commands::importing::reader()?;
        let results = scrutineer::reread_library(&mut state.writer(), &how, |p: Progress| {
            let _ = app.emit("reread-progress", p);
        })?;
        Ok(RereadSummary::of(&results))
    })
    .await
}
