//! Where the library lives by default, shared by the app and the CLI so both
//! open the same file.

use std::path::PathBuf;

/// The app's identifier; Tauri's `app_data_dir` is the platform data
/// directory joined with it, and so is ours.
pub const APP_IDENTIFIER: &str = "org.scrutineer.app";

/// Environment variable that overrides the library file for app and CLI.
pub const DB_ENV: &str = "SCRUTINEER_DB";

/// File name of the library inside the app-data directory.
pub const LIBRARY_FILE: &str = "library.sqlite3";

/// The library path: `$SCRUTINEER_DB` if set, else the platform's app-data
/// directory (`$XDG_DATA_HOME/org.scrutineer.app/library.sqlite3` on Linux).
pub fn default_library_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER).join(LIBRARY_FILE))
}
