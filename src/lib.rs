//! Scrutineer core: everything the app does that is not windows and buttons.
//!
//! The data flow is `file bytes → ingest → parse → store`, with `import`
//! tying the three together as one transaction per file. This crate knows
//! nothing of Tauri or webkit: the desktop shell in `src-tauri/` and the
//! `scrutineer` command-line program are both thin layers over it. It never
//! reads the clock: the time of an import comes in as an argument.

pub mod annotations;
#[cfg(test)]
mod bindings;
pub mod export;
pub mod flags;
pub mod ids;
pub mod import;
pub mod ingest;
pub mod markdown;
pub mod money;
pub mod parse;
pub mod paths;
pub mod share;
pub mod store;
pub mod worker;

pub use import::{
    finish_batch, import_bytes, import_bytes_via, import_path, import_path_via, reread_library,
    ErrorKind, FileOutcome, FileReport, FileStatus, ImportError, Progress, ReadIn, Reread,
    RereadSummary,
};
pub use store::Library;

/// Re-exported so the shell passes timestamps without its own chrono.
pub use chrono;
