//! The Scrutineer desktop app: a window, the library as state, and thin
//! commands over the scrutineer core. No SQL and no parsing here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Mutex;

use scrutineer::ids::{DocumentId, ItemId, MeetingId};
use scrutineer::store::{BudgetLineRow, DocumentSummary, ItemDetail, MeetingDetail, MeetingSummary, StoreError};
use scrutineer::{FileReport, Library};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};

mod samples {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}

struct AppState {
    library: Mutex<Library>,
}

/// What a failed command returns; the UI branches on `kind`.
#[derive(Debug, Serialize)]
struct CommandError {
    kind: &'static str,
    message: String,
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let kind = match e {
            StoreError::NotFound { .. } => "not_found",
            _ => "store",
        };
        Self { kind, message: e.to_string() }
    }
}

type CommandResult<T> = Result<T, CommandError>;

fn library<'a>(state: &'a State<'_, AppState>) -> CommandResult<std::sync::MutexGuard<'a, Library>> {
    state.library.lock().map_err(|_| CommandError { kind: "busy", message: "the library is unavailable after an earlier failure; restart Scrutineer".into() })
}

#[tauri::command]
fn list_meetings(state: State<'_, AppState>) -> CommandResult<Vec<MeetingSummary>> {
    Ok(library(&state)?.list_meetings()?)
}

#[tauri::command]
fn get_meeting(state: State<'_, AppState>, id: MeetingId) -> CommandResult<MeetingDetail> {
    Ok(library(&state)?.get_meeting(id)?)
}

#[tauri::command]
fn get_item(state: State<'_, AppState>, id: ItemId) -> CommandResult<ItemDetail> {
    Ok(library(&state)?.get_item(id)?)
}

#[tauri::command]
fn get_budget_lines(state: State<'_, AppState>, id: MeetingId) -> CommandResult<Vec<BudgetLineRow>> {
    Ok(library(&state)?.meeting_budget_lines(id)?)
}

#[tauri::command]
fn get_document(state: State<'_, AppState>, id: DocumentId) -> CommandResult<DocumentSummary> {
    Ok(library(&state)?.get_document(id)?)
}

/// Imports files (dropped on the window) off the UI thread, emitting
/// `import-progress` before each.
#[tauri::command]
async fn import_files(app: AppHandle, paths: Vec<PathBuf>) -> CommandResult<Vec<FileReport>> {
    tauri::async_runtime::spawn_blocking(move || import_blocking(&app, &paths))
        .await
        .map_err(|e| CommandError { kind: "internal", message: e.to_string() })?
}

/// Environment variable that answers the file dialog with these paths
/// instead of opening it: the end-to-end test's stand-in for a person
/// clicking in the operating system's dialog, which WebDriver cannot reach.
const PICK_ENV: &str = "SCRUTINEER_E2E_PICK";

/// Asks for papers with the system file dialog, then imports them. Empty
/// when the dialog is cancelled.
#[tauri::command]
async fn choose_and_import(app: AppHandle) -> CommandResult<Vec<FileReport>> {
    tauri::async_runtime::spawn_blocking(move || {
        let paths: Vec<PathBuf> = match std::env::var_os(PICK_ENV) {
            Some(list) => std::env::split_paths(&list).collect(),
            None => {
                use tauri_plugin_dialog::DialogExt;
                let picked = app
                    .dialog()
                    .file()
                    .set_title("Import council papers")
                    .add_filter("Council papers", scrutineer::ingest::PAPER_EXTENSIONS)
                    .add_filter("All files", &["*"])
                    .blocking_pick_files();
                picked.unwrap_or_default().into_iter().filter_map(|f| f.into_path().ok()).collect()
            }
        };
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        import_blocking(&app, &paths)
    })
    .await
    .map_err(|e| CommandError { kind: "internal", message: e.to_string() })?
}

fn import_blocking(app: &AppHandle, paths: &[PathBuf]) -> CommandResult<Vec<FileReport>> {
    let state = app.state::<AppState>();
    let mut lib = library(&state)?;
    Ok(scrutineer::import_paths(&mut lib, paths, chrono_now(), |p| {
        // A closed window cannot hear progress; the import goes on.
        let _ = app.emit("import-progress", p);
    }))
}

fn chrono_now() -> scrutineer::chrono::DateTime<scrutineer::chrono::Utc> {
    scrutineer::chrono::Utc::now()
}

/// Opens the library and, if it is empty, fills it with the sample papers so
/// a first run shows real meetings.
fn open_library() -> Result<Library, String> {
    let path = scrutineer::paths::default_library_path()
        .ok_or("no folder for the library: set SCRUTINEER_DB")?;
    let mut lib = Library::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if lib.count_documents().map_err(|e| e.to_string())? == 0 {
        for (name, bytes) in samples::SAMPLES {
            if let Err(e) = scrutineer::import_bytes(&mut lib, name, bytes, chrono_now()) {
                eprintln!("scrutineer: sample {name} was not imported: {e}");
            }
        }
    }
    Ok(lib)
}

fn main() {
    let library = match open_library() {
        Ok(lib) => lib,
        Err(e) => {
            eprintln!("scrutineer: cannot open the library: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState { library: Mutex::new(library) })
        .invoke_handler(tauri::generate_handler![
            list_meetings,
            get_meeting,
            get_item,
            get_document,
            get_budget_lines,
            import_files,
            choose_and_import
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("scrutineer: the window could not start: {e}");
            std::process::exit(1);
        });
}
