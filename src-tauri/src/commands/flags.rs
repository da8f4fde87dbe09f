//! Flags: a meeting's flags at its thresholds, the member's decisions on
//! them (thresholds, dismissals, flags by hand), and a line followed across
//! reports with the member's joins and splits.

use scrutineer::flags::Thresholds;
use scrutineer::ids::MeetingId;
use scrutineer::store::{LineHistory, MeetingFlags};
use tauri::{AppHandle, Manager};

use crate::state::{off_main_thread, AppState, CommandResult};

#[tauri::command]
pub async fn get_flags(app: AppHandle, meeting: MeetingId) -> CommandResult<MeetingFlags> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().meeting_flags(meeting)?)).await
}

/// The library's thresholds (no meeting), or a meeting's own; `None`
/// thresholds for a meeting go back to the library's.
#[tauri::command]
pub async fn set_thresholds(
    app: AppHandle,
    meeting: Option<MeetingId>,
    thresholds: Option<Thresholds>,
) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .set_thresholds(meeting, thresholds)?)
    })
    .await
}

#[tauri::command]
pub async fn dismiss_flag(app: AppHandle, key: String, reason: String) -> CommandResult<()> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .dismiss_flag(&key, &reason)?)
    })
    .await
}

#[tauri::command]
pub async fn restore_flag(app: AppHandle, key: String) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().restore_flag(&key)?)).await
}

#[tauri::command]
pub async fn add_hand_flag(app: AppHandle, target: String, note: String) -> CommandResult<i64> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .writer()
            .add_hand_flag(&target, &note)?)
    })
    .await
}

#[tauri::command]
pub async fn remove_hand_flag(app: AppHandle, id: i64) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().remove_hand_flag(id)?)).await
}

/// Two lines (by key) are the same line across reports, or are not.
#[tauri::command]
pub async fn link_lines(app: AppHandle, a: String, b: String, same: bool) -> CommandResult<()> {
    off_main_thread(move || Ok(app.state::<AppState>().writer().link_lines(&a, &b, same)?)).await
}

#[tauri::command]
pub async fn get_line_history(
    app: AppHandle,
    meeting: MeetingId,
    line: String,
) -> CommandResult<LineHistory> {
    off_main_thread(move || {
        Ok(app
            .state::<AppState>()
            .reader()
            .line_history(meeting, &line)?)
    })
    .await
}
