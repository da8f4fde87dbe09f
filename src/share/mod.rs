//! Share bundles: a member's annotations, questions and flag decisions in
//! one file a colleague imports (by e-mail, a USB stick, a synced drive).
//!
//! A bundle is one JSON file, `NAME.scrutineer`, of media type
//! `application/vnd.scrutineer.bundle+json` (not registered; said so that
//! a mail client can be told what it is). Its annotations are W3C Web
//! Annotations naming their document by sha256 only (`format.rs`). Reading
//! one checks everything before anything is written (`validate.rs`);
//! making one and storing one are the library's (`store::share`). This
//! module does not know SQL.

mod format;
mod validate;

use std::io::{Read, Write};
use std::path::Path;

pub use format::{
    AnnotationParts, Bundle, Creator, HandDismissal, MeetingRef, Selector, SharedDismissal,
    SharedEvidence, SharedFlags, SharedHandFlag, SharedQuestion, Target, TextualBody,
    WebAnnotation, ANNOTATION_URN, ANNO_CONTEXT, FORMAT, SHA256_URN, VERSION,
};
pub use validate::{
    check, read_bundle, BundleError, MAX_ANNOTATIONS, MAX_BYTES, MAX_FLAGS, MAX_QUESTIONS, MAX_TEXT,
};

/// The extension a bundle file is given.
pub const EXTENSION: &str = "scrutineer";

/// Writes a bundle to `path` whole or not at all: to a temporary file in
/// the same folder, flushed to disk, then renamed over `path`, so that a
/// full disk or a crash never leaves half a bundle for a colleague.
pub fn write_bundle(path: &Path, bundle: &Bundle) -> Result<(), BundleError> {
    let io = |e: std::io::Error| BundleError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let json = serde_json::to_vec_pretty(bundle).map_err(|e| BundleError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(&json).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Reads and checks the bundle at `path`: an ordinary file no larger than
/// `MAX_BYTES` (refused before it is read).
pub fn read_bundle_file(path: &Path) -> Result<Bundle, BundleError> {
    let io = |e: std::io::Error| BundleError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(BundleError::NotAFile {
            path: path.display().to_string(),
        });
    }
    if meta.len() > MAX_BYTES as u64 {
        return Err(BundleError::TooLarge {
            size: validate::megabytes(meta.len()),
            limit: validate::megabytes(MAX_BYTES as u64),
        });
    }
    // Read at most one byte past the limit, in case it grew meanwhile.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_bundle(&bytes)
}
