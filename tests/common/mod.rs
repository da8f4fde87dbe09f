//! Shared by the integration tests: where the corpus and the samples are,
//! and a temporary library on disk.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Once;

/// Set (by `.ci/run`) to make a missing ../shared/corpus a failure.
const REQUIRE: &str = "SCRUTINEER_REQUIRE_CORPUS";

/// The project's folder, read when the test runs: `env!` would bake in
/// the folder the test was compiled in, and a build cache shared by two
/// checkouts would then read the other checkout's files.
pub fn project_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// ../shared/corpus, beside the project (the clone in CI has it there too).
/// A clone of the project alone has none: then the tests that need it
/// return at once, and one line on stderr says so, unless `REQUIRE` is set.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = project_dir().join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os(REQUIRE).is_none(),
        "{REQUIRE} is set but the shared corpus is not at {}",
        dir.display()
    );
    static SAID: Once = Once::new();
    SAID.call_once(|| {
        // Straight to the stream: the test harness would swallow eprintln!.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: the tests that read ../shared/corpus (accuracy, corpus PDFs, other councils) — it is not beside this clone; CI sets {REQUIRE}=1 so they never skip there"
        );
    });
    None
}

/// The five sample papers shipped in assets/samples (text papers of the
/// corpus, under readable names): always present, so tests that only
/// need a real paper run on a clone of the project alone.
pub fn sample(name_starts: &str) -> PathBuf {
    let dir = project_dir().join("assets/samples");
    std::fs::read_dir(&dir)
        .expect("assets/samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(name_starts))
        })
        .unwrap_or_else(|| panic!("no sample paper named {name_starts}…"))
}

/// The corpus's text papers, sorted by name.
pub fn corpus_papers(corpus: &Path) -> Vec<PathBuf> {
    let mut papers: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    papers.sort();
    assert!(!papers.is_empty(), "no .txt papers in the corpus");
    papers
}

/// The hand-written facts for a paper (its stem, in `expected/` or
/// `expected/councils/` beside the paper's folder).
pub fn expected_for(paper: &Path) -> serde_json::Value {
    let stem = paper
        .file_stem()
        .expect("paper has a name")
        .to_string_lossy();
    let folder = paper.parent().expect("paper in a folder");
    let path = if folder.file_name().is_some_and(|n| n == "councils") {
        folder
            .join("../expected/councils")
            .join(format!("{stem}.json"))
    } else {
        folder.join("expected").join(format!("{stem}.json"))
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("expected/ files are JSON")
}

/// Runs the `scrutineer` program on a library, as a user would.
pub fn scrutineer(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutineer"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SCRUTINEER_DB")
        .output()
        .expect("run scrutineer")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00Z")
        .expect("valid time")
        .into()
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

/// A PDF of the given objects (numbered from 1; 1 is the catalog), with a
/// correct cross-reference table: the one writer the tests' own PDFs use.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
