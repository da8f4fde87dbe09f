//! The Scrutineer desktop app: a window, the library as state, and thin
//! commands over the scrutineer core. No SQL and no parsing here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialogs;
mod guard;
mod state;

use scrutineer::Library;
use tauri::webview::NewWindowResponse;
use tauri::{DragDropEvent, Manager, WebviewWindowBuilder, WindowEvent};

use state::AppState;

mod samples {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}

/// Opens the library twice (reads and writes apart) and, if it is empty,
/// fills it with the sample papers so a first run shows real meetings;
/// purges what was deleted over 30 days ago.
fn open_library() -> Result<AppState, String> {
    let path = scrutineer::paths::default_library_path()
        .ok_or("no folder for the library: set SCRUTINEER_DB")?;
    let name = path.display().to_string();
    let mut writer = Library::open(&path).map_err(|e| format!("{name}: {e}"))?;
    if writer.count_documents().map_err(|e| e.to_string())? == 0 {
        for (file, bytes) in samples::SAMPLES {
            if let Err(e) =
                scrutineer::import_bytes(&mut writer, file, bytes, scrutineer::chrono::Utc::now())
            {
                eprintln!("scrutineer: sample {file} was not imported: {e}");
            }
        }
    }
    // Notes, questions and commitments deleted over 30 days ago go for
    // good; younger ones can still be brought back.
    if let Err(e) = writer.purge_expired() {
        eprintln!("scrutineer: old deletions were not purged: {e}");
    }
    let reader = Library::open(&path).map_err(|e| format!("{name}: {e}"))?;
    Ok(AppState::new(reader, writer, path))
}

/// Backs the library up into the member's chosen folder once a day while
/// the app runs: checked at start and every half hour (a laptop asleep
/// overnight catches up when it wakes).
fn daily_backups(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        let state = app.state::<AppState>();
        // Through a connection of its own: saving a note never waits for
        // a copy to a slow stick. A failure is kept for the Backups view
        // (and the next try may find the stick back in).
        let result = commands::backups::backup_connection(&state)
            .map_err(|e| e.message)
            .and_then(|mut lib| {
                lib.back_up_if_due(scrutineer::chrono::Utc::now())
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = result {
            eprintln!("scrutineer: the daily backup was not made: {e}");
        }
        std::thread::sleep(std::time::Duration::from_secs(30 * 60));
    });
}

fn main() {
    // Started as the worker that reads one paper: no window, no library.
    if let Some(code) = scrutineer::worker::serve_if_asked() {
        std::process::exit(if code == std::process::ExitCode::SUCCESS {
            0
        } else {
            1
        });
    }
    let state = match open_library() {
        Ok(state) => state,
        Err(e) => {
            eprintln!("scrutineer: cannot open the library: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            // The window is made here, not from the config alone, so that
            // it gets the navigation guard from its first page on.
            let config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("no window in tauri.conf.json")?;
            WebviewWindowBuilder::from_config(app.handle(), &config)?
                .on_navigation(guard::is_app_page)
                .on_new_window(|_, _| NewWindowResponse::Deny)
                .build()?;
            daily_backups(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                commands::importing::import_dropped(window.app_handle(), paths.clone());
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::library::list_meetings,
            commands::library::get_meeting,
            commands::library::get_paper,
            commands::library::get_item,
            commands::library::get_document,
            commands::library::get_budget_lines,
            commands::library::get_document_pdf,
            commands::library::attach_paper,
            commands::library::detach_paper,
            commands::library::remove_document,
            commands::library::undo_remove,
            commands::library::reread_library,
            commands::importing::choose_and_import,
            commands::sharing::export_meeting,
            commands::sharing::get_print_pack,
            commands::sharing::print_window,
            commands::sharing::get_item_exempt,
            commands::sharing::set_item_exempt,
            commands::sharing::get_author,
            commands::sharing::set_author,
            commands::sharing::export_bundle,
            commands::sharing::import_bundle,
            commands::backups::get_backups,
            commands::backups::choose_backup_folder,
            commands::backups::back_up_now,
            commands::backups::restore_backup,
            commands::flags::get_flags,
            commands::flags::set_thresholds,
            commands::flags::dismiss_flag,
            commands::flags::restore_flag,
            commands::flags::add_hand_flag,
            commands::flags::remove_hand_flag,
            commands::flags::link_lines,
            commands::flags::get_line_history,
            commands::annotations::get_item_annotations,
            commands::annotations::get_meeting_annotations,
            commands::annotations::annotate,
            commands::annotations::annotate_cell,
            commands::annotations::update_annotation,
            commands::annotations::delete_annotation,
            commands::annotations::restore_annotation,
            commands::questions::get_questions,
            commands::questions::add_question,
            commands::questions::update_question,
            commands::questions::move_question,
            commands::questions::delete_question,
            commands::questions::restore_question,
            commands::questions::answer_from_minutes,
            commands::questions::render_markdown,
            commands::commitments::get_commitments,
            commands::commitments::get_commitment_suggestions,
            commands::commitments::add_commitment,
            commands::commitments::set_commitment,
            commands::annotations::get_deleted,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("scrutineer: the window could not start: {e}");
            std::process::exit(1);
        });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The capability file grants the registered commands, the two event
    /// permissions the progress bar needs, and nothing else.
    #[test]
    fn the_window_may_call_exactly_the_registered_commands() {
        let text = include_str!("../capabilities/default.json");
        let json: serde_json::Value = serde_json::from_str(text).expect("capability JSON");
        let granted: BTreeSet<String> = json["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|p| p.as_str().expect("name").to_owned())
            .collect();
        let mut wanted: BTreeSet<String> = crate::commands::names::COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        wanted.extend([
            "core:event:allow-listen".to_owned(),
            "core:event:allow-unlisten".to_owned(),
        ]);
        assert_eq!(granted, wanted);
    }
}
