//! The member's questions: drafted from evidence, edited as typed (with a
//! preview rendered in Rust), reordered, deleted with undo.

use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::store::{EvidenceInput, QuestionStatus, QuestionView, TextPoint};
use tauri::{AppHandle, Manager};

use crate::state::{off_main_thread, AppState, CommandResult};

/// One meeting's questions in running order, or every open one.
#[tauri::command]
pub async fn get_questions(
    app: AppHandle,
    meeting: Option<MeetingId>,
) -> CommandResult<Vec<QuestionView>> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().questions(meeting)?)).await
}

#[tauri::command]
pub async fn add_question(
    app: AppHandle,
    meeting: MeetingId,
    text: String,
    to: String,
    evidence: Vec<EvidenceInput>,
) -> CommandResult<i64> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .add_question(meeting, &text, &to, &evidence)?)
    })
    .await
}

#[tauri::command]
pub async fn update_question(
    app: AppHandle,
    id: i64,
    text: String,
    to: String,
    status: QuestionStatus,
    answer: String,
) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .update_question(id, &text, &to, status, &answer)?)
    })
    .await
}

#[tauri::command]
pub async fn move_question(app: AppHandle, id: i64, position: i64) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .move_question(id, position)?)
    })
    .await
}

#[tauri::command]
pub async fn delete_question(app: AppHandle, id: i64) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().delete_question(id)?)).await
}

#[tauri::command]
pub async fn restore_question(app: AppHandle, id: i64) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().restore_question(id)?)).await
}

/// Answers a question with words selected in a later meeting's minutes.
#[tauri::command]
pub async fn answer_from_minutes(
    app: AppHandle,
    question: i64,
    item: ItemId,
    from: TextPoint,
    to: TextPoint,
) -> CommandResult<i64> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .answer_from_minutes(question, item, from, to)?)
    })
    .await
}

/// Markdown to safe HTML, for the live preview (nothing is stored).
#[tauri::command]
pub fn render_markdown(text: String) -> String {
    scrutineer::markdown::to_html(&text)
}
