//! The system's file dialogs, opened from Rust: the page never names a
//! file. End-to-end builds (cargo feature `e2e`, never the app members
//! run) answer them from environment variables, since WebDriver cannot
//! reach the operating system's dialogs:
//! - `SCRUTINEER_E2E_PICK`: the files chosen (a path list);
//! - `SCRUTINEER_E2E_SAVE_DIR`: a folder; "Save" writes there under the
//!   name the dialog proposed;
//! - `SCRUTINEER_E2E_FOLDER`: the folder chosen.

use std::path::PathBuf;

use tauri::AppHandle;

/// Files the member picks to open; empty when cancelled.
#[cfg(not(feature = "e2e"))]
pub fn pick_files(app: &AppHandle, title: &str, filter: (&str, &[&str])) -> Vec<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1)
        .add_filter("All files", &["*"])
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

#[cfg(feature = "e2e")]
pub fn pick_files(_: &AppHandle, _: &str, _: (&str, &[&str])) -> Vec<PathBuf> {
    std::env::var_os("SCRUTINEER_E2E_PICK")
        .map(|list| std::env::split_paths(&list).collect())
        .unwrap_or_default()
}

/// Where to save a file, proposing `name`; None when cancelled.
#[cfg(not(feature = "e2e"))]
pub fn save_file(
    app: &AppHandle,
    title: &str,
    name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|f| f.into_path().ok())
}

#[cfg(feature = "e2e")]
pub fn save_file(_: &AppHandle, _: &str, name: &str, _: (&str, &[&str])) -> Option<PathBuf> {
    std::env::var_os("SCRUTINEER_E2E_SAVE_DIR").map(|d| PathBuf::from(d).join(name))
}

/// A folder the member picks; None when cancelled.
#[cfg(not(feature = "e2e"))]
pub fn pick_folder(app: &AppHandle, title: &str) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_folder()
        .and_then(|f| f.into_path().ok())
}

#[cfg(feature = "e2e")]
pub fn pick_folder(_: &AppHandle, _: &str) -> Option<PathBuf> {
    std::env::var_os("SCRUTINEER_E2E_FOLDER").map(PathBuf::from)
}

/// A file name made from words of a paper (a meeting's body and date):
/// no path separators or characters Windows refuses.
pub fn file_name(words: &str, extension: &str) -> String {
    let clean: String = words
        .chars()
        .map(|c| {
            if c.is_control() || r#"/\:*?"<>|"#.contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean: String = clean.chars().take(80).collect();
    format!(
        "{}.{extension}",
        if clean.is_empty() {
            "Scrutineer"
        } else {
            clean.trim_end_matches('.')
        }
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_have_no_paths_or_reserved_characters() {
        assert_eq!(
            super::file_name("Cabinet, 2018-03-26 questions", "docx"),
            "Cabinet, 2018-03-26 questions.docx"
        );
        assert_eq!(
            super::file_name("../../etc/passwd: <x>", "md"),
            ".. .. etc passwd x.md"
        );
        assert_eq!(super::file_name("  ", "html"), "Scrutineer.html");
    }
}
