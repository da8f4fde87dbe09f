//! Importing papers. The files come only from the system's file dialog,
//! opened here, or from a drop on the window, received here: the page can
//! never name a file for Scrutineer to read.

use std::path::PathBuf;

use scrutineer::{FileReport, Progress, ReadIn};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::{off_main_thread, AppState, CommandError, CommandResult};

/// Asks for papers with the system file dialog, then imports them. Empty
/// when the dialog is cancelled.
#[tauri::command]
pub async fn choose_and_import(app: AppHandle) -> CommandResult<Vec<FileReport>> {
    off_main_thread(move || {
        let paths = pick_files(&app);
        Ok(if paths.is_empty() {
            Vec::new()
        } else {
            import(&app, &paths)
        })
    })
    .await
}

fn pick_files(app: &AppHandle) -> Vec<PathBuf> {
    crate::dialogs::pick_files(
        app,
        "Import council papers",
        ("Council papers", scrutineer::ingest::PAPER_EXTENSIONS),
    )
}

/// Files dropped on the window, as the window's own event gives them.
/// The reports go to the page as an `import-finished` event.
pub fn import_dropped(app: &AppHandle, paths: Vec<PathBuf>) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        // A colleague's bundle dropped on the window is imported as one
        // (it is not a paper); the rest as papers.
        let (bundles, papers): (Vec<PathBuf>, Vec<PathBuf>) = paths.into_iter().partition(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("scrutineer"))
        });
        for path in bundles {
            let said = match scrutineer::share::read_bundle_file(&path) {
                Ok(bundle) => match app.state::<AppState>().writer().import_bundle(&bundle) {
                    Ok(report) => report.message,
                    Err(e) => format!("The bundle was not imported: {e}"),
                },
                Err(e) => format!("The bundle was not imported: {e}"),
            };
            let _ = app.emit("bundle-imported", said);
        }
        if !papers.is_empty() {
            let reports = import(&app, &papers);
            // A closed window cannot hear the result; the import is done anyway.
            let _ = app.emit("import-finished", reports);
        }
    });
}

/// Imports files one by one, each in its own transaction, taking the
/// writer for one file at a time so reads and other work go on between
/// them; emits `import-progress` before each.
fn import(app: &AppHandle, paths: &[PathBuf]) -> Vec<FileReport> {
    let state = app.state::<AppState>();
    let total = paths.len();
    // Each paper is read in a worker process, so no file can end the app.
    let how = match reader() {
        Ok(how) => how,
        Err(e) => {
            return paths
                .iter()
                .map(|p| {
                    let name = p
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    FileReport::failed(name, scrutineer::ErrorKind::Internal, e.message.clone())
                })
                .collect();
        }
    };
    let mut reports = Vec::with_capacity(total);
    for (done, path) in paths.iter().enumerate() {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let _ = app.emit(
            "import-progress",
            Progress {
                done,
                total,
                current: name.clone(),
            },
        );
        let result = scrutineer::import_path_via(
            &mut state.writer(),
            path,
            scrutineer::chrono::Utc::now(),
            &how,
        );
        reports.push(FileReport::from_result(name, result));
    }
    // Every file is stored already; placing an appendix with its report
    // and naming each paper's meeting is a bonus that may fail alone.
    if let Err(e) = scrutineer::finish_batch(&mut state.writer(), &mut reports) {
        eprintln!("scrutineer: could not place the batch's papers: {e}");
    }
    let _ = app.emit(
        "import-progress",
        Progress {
            done: total,
            total,
            current: String::new(),
        },
    );
    reports
}

/// Papers are read in a worker process (this program in worker mode).
pub(crate) fn reader() -> Result<ReadIn, CommandError> {
    scrutineer::worker::Worker::this_program()
        .map(ReadIn::Worker)
        .map_err(|e| CommandError {
            kind: "internal",
            message: format!(
                "Scrutineer could not start its paper reader ({e}); nothing was imported."
            ),
        })
}
