//! Taking work out of the library: a meeting's question pack (HTML, Word,
//! Markdown) or spreadsheets (CSV, .xlsx), saved where the member chooses
//! in the system's save dialog; and the pack for the app's print view.

use scrutineer::export::{self, ExportRequest, ExportSummary, PackOptions};
use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::store::{ExemptState, ImportReport};
use serde::Serialize;
use tauri::{AppHandle, Manager};

use crate::dialogs;
use crate::state::{off_main_thread, AppState, CommandError, CommandResult};

impl From<export::ExportError> for CommandError {
    fn from(e: export::ExportError) -> Self {
        Self {
            kind: "export",
            message: e.to_string(),
        }
    }
}

/// What was saved: the file's name and what it holds.
#[derive(Debug, Serialize)]
pub struct Saved {
    pub file: String,
    pub message: String,
    pub summary: ExportSummary,
}

/// Exports a meeting in a format, asking where to save it. None when the
/// member cancels the dialog.
#[tauri::command]
pub async fn export_meeting(
    app: AppHandle,
    meeting: MeetingId,
    request: ExportRequest,
) -> CommandResult<Option<Saved>> {
    off_main_thread(move || {
        // Made first, so a failure is told before the member picks a file.
        let state = app.state::<AppState>();
        let (done, proposed) = {
            let lib = state.reader();
            let done = export::export(&lib, meeting, &request)?;
            let key = lib.get_meeting(meeting)?;
            let what = if request.format.is_pack() {
                "questions"
            } else {
                "budget"
            };
            (
                done,
                format!("{} {} {what}", key.summary.body, key.summary.date),
            )
        };
        let ext = request.format.extension();
        let name = dialogs::file_name(&proposed, ext);
        let Some(path) = dialogs::save_file(
            &app,
            "Save the export",
            &name,
            (&ext.to_uppercase(), &[ext]),
        ) else {
            return Ok(None);
        };
        export::write_atomically(&path, &done.bytes)?;
        let file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().to_string());
        let mut message = done.summary.said(request.format, &file);
        if let Some(c) = message.get(..1) {
            message = c.to_uppercase() + &message[1..];
        }
        message.push('.');
        if let Some(left) = &done.summary.left_out {
            message.push(' ');
            message.push_str(left);
        }
        Ok(Some(Saved {
            file,
            message,
            summary: done.summary,
        }))
    })
    .await
}

/// The question pack's content for the print view (HTML made and escaped
/// in Rust, the member's Markdown sanitised).
#[tauri::command]
pub async fn get_print_pack(
    app: AppHandle,
    meeting: MeetingId,
    options: PackOptions,
) -> CommandResult<String> {
    off_main_thread(move || {
        let pack = app
            .state::<AppState>()
            .reader()
            .question_pack(meeting, &options)?;
        Ok(export::html::body(&pack))
    })
    .await
}

/// Opens the system's print dialog for the window (which shows the print
/// view when printing). End-to-end builds do not open it: its modal
/// dialog would wait for a person.
#[tauri::command]
pub fn print_window(app: AppHandle) -> CommandResult<()> {
    #[cfg(not(feature = "e2e"))]
    if let Some(w) = app.get_webview_window("main") {
        w.print()?;
    }
    #[cfg(feature = "e2e")]
    let _ = app;
    Ok(())
}

/// Whether an item is left out of packs as exempt, and why.
#[tauri::command]
pub async fn get_item_exempt(app: AppHandle, item: ItemId) -> CommandResult<ExemptState> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().item_exempt(item)?)).await
}

/// The member marks an item exempt (true), not exempt (false), or leaves
/// it to what the paper prints (None).
#[tauri::command]
pub async fn set_item_exempt(
    app: AppHandle,
    item: ItemId,
    exempt: Option<bool>,
) -> CommandResult<ExemptState> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        state.writer().set_item_exempt(item, exempt)?;
        let now = state.reader().item_exempt(item)?;
        Ok(now)
    })
    .await
}

impl From<scrutineer::share::BundleError> for CommandError {
    fn from(e: scrutineer::share::BundleError) -> Self {
        Self {
            kind: "bundle",
            message: e.to_string(),
        }
    }
}

/// The member's name, as colleagues see it on what they share.
#[tauri::command]
pub async fn get_author(app: AppHandle) -> CommandResult<Option<String>> {
    off_main_thread(move || Ok(app.state::<AppState>().reader().setting("author")?)).await
}

#[tauri::command]
pub async fn set_author(app: AppHandle, name: String) -> CommandResult<()> {
    off_main_thread(move || {
        let name = name.trim();
        let value = (!name.is_empty()).then_some(name);
        Ok(app
            .state::<AppState>()
            .writer()
            .set_setting("author", value)?)
    })
    .await
}

/// Saves the member's notes, questions and flag decisions (for one
/// meeting, or all) as a bundle a colleague can import. None when the
/// dialog is cancelled.
#[tauri::command]
pub async fn export_bundle(
    app: AppHandle,
    meeting: Option<MeetingId>,
    include_exempt: bool,
) -> CommandResult<Option<Saved>> {
    off_main_thread(move || {
        let state = app.state::<AppState>();
        let (bundle, left_out, proposed) = {
            let lib = state.reader();
            let author = lib.setting("author")?.ok_or_else(|| CommandError {
                kind: "invalid",
                message: "give your name first: colleagues see it on what you share".into(),
            })?;
            let only = meeting.map(|m| vec![m]);
            let (bundle, left_out) = lib.export_bundle_with(
                only.as_deref(),
                &author,
                false,
                include_exempt,
                scrutineer::chrono::Utc::now(),
            )?;
            let proposed = match meeting {
                Some(m) => {
                    let s = lib.get_meeting(m)?.summary;
                    format!("{author} notes {} {}", s.body, s.date)
                }
                None => format!("{author} notes"),
            };
            (bundle, left_out, proposed)
        };
        let name = dialogs::file_name(&proposed, "scrutineer");
        let Some(path) = dialogs::save_file(&app, "Save your notes for a colleague", &name, ("Scrutineer bundle", &["scrutineer"])) else {
            return Ok(None);
        };
        scrutineer::share::write_bundle(&path, &bundle)?;
        let file = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().to_string());
        let message = format!(
            "Saved {} note(s), {} question(s) and {} flag decision(s) to {file}. A colleague imports it from their Share tab: “Import a colleague's bundle”.",
            bundle.annotations.len(),
            bundle.questions.len(),
            bundle.flags.dismissed.len() + bundle.flags.hand.len()
        );
        let message = if left_out > 0 {
            format!("{message} Left out: {left_out} note(s) and question(s) on exempt or confidential items (tick “Include exempt” to send them).")
        } else {
            message
        };
        Ok(Some(Saved { file, message, summary: ExportSummary::default() }))
    })
    .await
}

/// Imports a colleague's bundle chosen in the open dialog: checked whole
/// before anything is written, then imported in one transaction. None
/// when the dialog is cancelled.
#[tauri::command]
pub async fn import_bundle(app: AppHandle) -> CommandResult<Option<ImportReport>> {
    off_main_thread(move || {
        let Some(path) = dialogs::pick_files(
            &app,
            "Import a colleague's notes",
            ("Scrutineer bundle", &["scrutineer", "json"]),
        )
        .into_iter()
        .next() else {
            return Ok(None);
        };
        let bundle = scrutineer::share::read_bundle_file(&path)?;
        let report = app.state::<AppState>().writer().import_bundle(&bundle)?;
        Ok(Some(report))
    })
    .await
}
