//! Shared by the integration tests: where the corpus is, and a temporary
//! library on disk.

use std::path::PathBuf;

/// ../shared/corpus, beside the project (the clone in CI has it there too).
pub fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(dir.is_dir(), "the shared corpus is expected at {}", dir.display());
    dir
}

/// The corpus's text papers, sorted by name.
pub fn corpus_papers() -> Vec<PathBuf> {
    let mut papers: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    papers.sort();
    assert!(!papers.is_empty(), "no .txt papers in the corpus");
    papers
}

/// The hand-written facts for a paper.
pub fn expected_for(paper: &std::path::Path) -> serde_json::Value {
    let stem = paper.file_stem().expect("paper has a name").to_string_lossy();
    let path = corpus_dir().join("expected").join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("expected/ files are JSON")
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00Z").expect("valid time").into()
}

/// A library file in a fresh temporary folder.
pub struct TempLibrary {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempLibrary {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("library.sqlite3");
        Self { dir, path }
    }

    pub fn open(&self) -> scrutineer::Library {
        scrutineer::Library::open(&self.path).expect("open library")
    }
}
