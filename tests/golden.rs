//! Golden tests: what the reader makes of every paper fixture
//! (tests/fixtures) and every corpus paper (../shared/corpus), one insta
//! snapshot per file in tests/snapshots/golden__*.snap, so that reshaping
//! the reader is shown to change nothing it should not.
//!
//! Each file is read as `scrutineer parse FILE --json` reads it (ingest,
//! parse, and the JSON the worker hands back), in this process. The
//! snapshot is a summary of that reading: meetings, items, budget tables,
//! figures and diagnostics, with long text cut to 120 characters (its full
//! length in characters kept after the cut, so a change further on still
//! shows). A snapshot is named for its file's path ("corpus/pdf/p01….pdf"
//! is `golden__corpus__pdf__p01….pdf.snap`), and its description is the
//! path the file was read from.
//!
//! The test never writes a snapshot unless told to (INSTA_UPDATE=no unless
//! set): a snapshot that differs, one that is missing, and one left over
//! from a file that is gone all fail it. To accept intended changes:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test golden
//! git diff tests/snapshots    # read every change: a snapshot accepted unread is a test that cannot fail
//! ```
//!
//! which rewrites the snapshots that changed and removes left-over ones.
//!
//! Without ../shared/corpus the corpus snapshots are skipped, with one line
//! saying so, unless SCRUTINEER_REQUIRE_CORPUS=1 (CI), when that fails.
//! PDFs are read by poppler's `pdftotext`, as the app reads them; its text
//! is the same on every run, so the PDF snapshots are too (they record
//! the layout of the poppler installed by scripts/setup.sh, 22.12 when they
//! were taken). Without `pdftotext` the PDF snapshots are skipped the same
//! way, as the pure-Rust fallback reads PDFs differently, and the variable
//! that chooses that fallback is cleared here.

#[allow(dead_code)] // Shared with the integration tests; only some is used here.
mod common;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use scrutineer::ingest::{self, pdf::READER_ENV, PAPER_EXTENSIONS};
use scrutineer::money::figures::Figure;
use scrutineer::money::tables::BudgetLine;
use scrutineer::parse::{Item, Meeting, PaperTable};
use scrutineer::worker::Reading;
use serde::Serialize;

use crate::common::{corpus_dir, project_dir};

/// Longest text field kept whole; longer ones are cut here.
const CUT: usize = 120;
/// Diagnostics are kept a little longer: their numbers come at the end.
const CUT_DIAGNOSTIC: usize = 200;
const SNAPSHOTS: &str = "tests/snapshots";
/// Every snapshot file of this test starts so (insta's module prefix).
const PREFIX: &str = "golden__";

/// What one file reads as: a summary of the reading, or the refusal.
#[derive(Serialize)]
#[serde(untagged)]
enum Golden {
    Read(Summary),
    Refused { refused: String },
}

#[derive(Serialize)]
struct Summary {
    format: &'static str,
    /// The character encoding, or the PDF reader.
    read_by: String,
    pages: usize,
    meetings: Vec<MeetingSummary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    budget_tables: Vec<TableSummary>,
    /// Figures outside any item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    figures: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diagnostics: Vec<String>,
}

#[derive(Serialize)]
struct MeetingSummary {
    /// What the paper is to its meeting: agenda, report, minutes...
    kind: &'static str,
    council: Option<String>,
    body: Option<String>,
    date: Option<String>,
    time: Option<String>,
    venue: Option<String>,
    /// "status: name (role)".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attendance: Vec<String>,
    items: Vec<ItemSummary>,
}

#[derive(Serialize)]
struct ItemSummary {
    number: Option<String>,
    title: String,
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agenda_item: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    truncated: bool,
    /// The item's text: paragraphs, and its length in characters.
    paragraphs: usize,
    chars: usize,
    /// The page each paragraph starts on, run-length: "1x3 2x5".
    #[serde(skip_serializing_if = "String::is_empty")]
    paragraph_pages: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    resolutions: Vec<String>,
    /// Officers in attendance for this item.
    #[serde(skip_serializing_if = "is_zero")]
    attendance: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    votes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<ReportSummary>,
    /// "text kind direction page".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    figures: Vec<String>,
}

#[derive(Serialize)]
struct ReportSummary {
    subject: String,
    pages: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    classification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommendations: Option<String>,
}

#[derive(Serialize)]
struct TableSummary {
    caption: Option<String>,
    unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    /// The item as printed, and "meeting/item" indexes.
    item: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    page: u32,
    columns: Vec<String>,
    roles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sign: Option<String>,
    /// Each column's values added up in pence: the printed text below
    /// does not show how it was read.
    pence_sums: Vec<i64>,
    /// "[section] label | value | value | … pN", a blank cell as "-",
    /// "(total)" after the label of a total row.
    lines: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The text whole when short, else its first `max` characters, an
/// ellipsis and its full length.
fn cut_to(text: &str, max: usize) -> String {
    let len = text.chars().count();
    if len <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({len} chars)")
}

fn cut(text: &str) -> String {
    cut_to(text, CUT)
}

fn page(p: Option<u32>) -> String {
    p.map_or_else(|| "p-".to_string(), |p| format!("p{p}"))
}

fn figure(f: &Figure) -> String {
    format!(
        "{} {} {} {}",
        cut(&f.text),
        f.kind().as_str(),
        f.direction.as_str(),
        page(f.page)
    )
}

/// "1x3 2x5 -x1": each page and how many paragraphs in a row start on it.
fn run_length(pages: impl Iterator<Item = Option<u32>>) -> String {
    let mut runs: Vec<(Option<u32>, usize)> = Vec::new();
    for p in pages {
        match runs.last_mut() {
            Some((q, n)) if *q == p => *n += 1,
            _ => runs.push((p, 1)),
        }
    }
    runs.iter()
        .map(|(p, n)| {
            format!(
                "{}x{n}",
                p.map_or_else(|| "-".to_string(), |p| p.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn summarise_item(i: &Item) -> ItemSummary {
    let paragraphs = i
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    ItemSummary {
        number: i.number.as_deref().map(cut),
        title: cut(&i.title),
        page: i.page,
        pages: i.pages.map(|[a, b]| format!("{a}-{b}")),
        reference: i.reference.as_deref().map(cut),
        agenda_item: i.agenda_item.as_deref().map(cut),
        truncated: i.truncated,
        paragraphs,
        chars: i.text.chars().count(),
        paragraph_pages: run_length(i.paragraphs.iter().map(|p| p.page)),
        resolutions: i.resolutions.iter().map(|r| cut(r)).collect(),
        attendance: i.attendance.len(),
        votes: i
            .votes
            .iter()
            .map(|v| {
                let n = |c: Option<u32>| c.map_or_else(|| "-".to_string(), |c| c.to_string());
                format!(
                    "{} {}: for {} against {} abstain {}{}; named {}/{}/{}",
                    v.motion.as_deref().map_or_else(|| "-".to_string(), cut),
                    v.outcome.as_deref().unwrap_or("-"),
                    n(v.for_count),
                    n(v.against),
                    n(v.abstain),
                    if v.unanimous { ", unanimous" } else { "" },
                    v.names_for.len(),
                    v.names_against.len(),
                    v.names_abstain.len()
                )
            })
            .collect(),
        report: i.report.as_ref().map(|r| ReportSummary {
            subject: cut(&r.subject),
            pages: format!("{}-{}", r.pages[0], r.pages[1]),
            by: r.by.as_deref().map(cut),
            to: r.to.as_deref().map(cut),
            classification: r.classification.as_deref().map(cut),
            decision: r.decision.as_deref().map(cut),
            summary: r.summary.as_deref().map(cut),
            recommendations: r.recommendations.as_deref().map(cut),
        }),
        figures: i.figures.iter().map(figure).collect(),
    }
}

fn summarise_meeting(m: &Meeting) -> MeetingSummary {
    MeetingSummary {
        kind: m.kind.as_str(),
        council: m.council.as_deref().map(cut),
        body: m.body.as_deref().map(cut),
        date: m.date.map(|d| d.to_string()),
        time: m.time.map(|t| t.format("%H:%M").to_string()),
        venue: m.venue.as_deref().map(cut),
        attendance: m
            .attendance
            .iter()
            .map(|a| match &a.role {
                Some(role) => format!("{}: {} ({})", a.status.as_str(), cut(&a.name), cut(role)),
                None => format!("{}: {}", a.status.as_str(), cut(&a.name)),
            })
            .collect(),
        items: m.items.iter().map(summarise_item).collect(),
    }
}

fn line(table_page: u32, columns: &[String], l: &BudgetLine) -> String {
    let mut out = String::new();
    if let Some(section) = &l.section {
        out.push_str(&format!("[{}] ", cut(section)));
    }
    out.push_str(&cut(&l.label));
    if l.total_row {
        out.push_str(" (total)");
    }
    for c in columns {
        out.push_str(" | ");
        out.push_str(l.value(c).map_or("-", |v| v.printed.as_str()));
    }
    // A value under no column of the table would otherwise not show.
    for v in l.values.iter().filter(|v| !columns.contains(&v.column)) {
        out.push_str(&format!(" | {}={}", v.column, v.printed));
    }
    out.push_str(&format!(" {}", page(Some(l.page.unwrap_or(table_page)))));
    out
}

fn summarise_table(t: &PaperTable) -> TableSummary {
    let b = &t.table;
    TableSummary {
        caption: b.caption.as_deref().map(cut),
        unit: b.unit.map(|u| u.label()),
        period: b.period.as_deref().map(cut),
        item: t.item.as_deref().map(cut),
        at: match (t.meeting, t.item_index) {
            (None, None) => None,
            (m, i) => Some(format!(
                "{}/{}",
                m.map_or("-".into(), |m| m.to_string()),
                i.map_or("-".into(), |i| i.to_string())
            )),
        },
        page: b.page,
        columns: b.columns.iter().map(|c| cut(c)).collect(),
        roles: b.roles.iter().map(|r| r.as_str()).collect(),
        sign: b.sign.as_ref().map(|s| {
            let plus = if s.positive_is_overspend {
                "plus is overspend"
            } else {
                "plus is underspend"
            };
            match &s.stated {
                Some(words) => format!("{plus}, stated: {}", cut(words)),
                None => format!("{plus}, assumed"),
            }
        }),
        pence_sums: b
            .columns
            .iter()
            .map(|c| {
                b.lines
                    .iter()
                    .filter_map(|l| l.value(c))
                    .map(|v| v.pence)
                    .fold(0i64, i64::wrapping_add)
            })
            .collect(),
        lines: b
            .lines
            .iter()
            .map(|l| line(b.page, &b.columns, l))
            .collect(),
    }
}

/// Reads a file as `scrutineer parse FILE --json` does, and sums it up.
fn golden(path: &Path) -> Golden {
    let bytes = ingest::read_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = match ingest::ingest(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            return Golden::Refused {
                refused: cut_to(&e.to_string(), CUT_DIAGNOSTIC),
            }
        }
    };
    let reading = Reading::of(doc);
    // What the worker hands the CLI: the reading sent over as JSON.
    let json = serde_json::to_vec(&reading).expect("a reading serialises");
    let reading: Reading = serde_json::from_slice(&json).expect("a reading reads back");
    let paper = &reading.paper;
    Golden::Read(Summary {
        format: reading.format.as_str(),
        read_by: reading.encoding.clone(),
        pages: reading.pages.len(),
        meetings: paper.meetings.iter().map(summarise_meeting).collect(),
        budget_tables: paper.budget_tables.iter().map(summarise_table).collect(),
        figures: paper.figures.iter().map(figure).collect(),
        diagnostics: paper
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {}: {}",
                    d.severity.as_str(),
                    page(d.page),
                    cut_to(&d.message, CUT_DIAGNOSTIC)
                )
            })
            .collect(),
    })
}

/// Paper files under `dir`, at any depth, sorted; `skip` names folders
/// that hold no papers (expected facts, a library).
fn papers_under(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a folder entry").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                if !skip.contains(&name.as_str()) {
                    dirs.push(path);
                }
                continue;
            }
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            // The corpus's README.md files describe it; they are not papers.
            if PAPER_EXTENSIONS.contains(&ext.as_str()) && ext != "md" {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The snapshot's name: the file's path under `root`, led by `group`,
/// with anything but letters, digits, '.', '-' and '_' made '_'.
fn snapshot_name(group: &str, root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).expect("a paper under its folder");
    let mut name = group.to_string();
    for part in rel.components() {
        let part = part.as_os_str().to_string_lossy();
        name.push('/');
        name.extend(part.chars().map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        }));
    }
    name
}

/// The file insta keeps a snapshot of that name in.
fn snapshot_file(name: &str) -> String {
    format!("{PREFIX}{}.snap", name.replace('/', "__"))
}

/// Whether poppler's pdftotext runs here.
fn have_pdftotext() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn say(line: &str) {
    // Straight to the stream: the test harness would swallow eprintln!.
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[test]
fn every_fixture_and_corpus_paper_reads_as_its_snapshot() {
    let project = project_dir();
    // Set before insta's first assertion reads them: never write snapshots
    // unless asked, and find them in this checkout (not in the folder the
    // test was compiled in, nor by running `cargo metadata`).
    if std::env::var_os("INSTA_UPDATE").is_none() {
        std::env::set_var("INSTA_UPDATE", "no");
    }
    if std::env::var_os("INSTA_WORKSPACE_ROOT").is_none() {
        std::env::set_var("INSTA_WORKSPACE_ROOT", &project);
    }
    // PDFs are read by pdftotext, as the app reads them, never the fallback.
    std::env::remove_var(READER_ENV);
    let updating =
        std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always" || v == "force" || v == "1");

    // (snapshot name, file, the path it is described by)
    let mut inputs: Vec<(String, PathBuf, String)> = Vec::new();
    let fixtures = project.join("tests/fixtures");
    for path in papers_under(&fixtures, &["library"]) {
        let name = snapshot_name("fixtures", &fixtures, &path);
        let described = format!(
            "tests/fixtures/{}",
            path.strip_prefix(&fixtures)
                .expect("under fixtures")
                .display()
        );
        inputs.push((name, path, described));
    }
    assert!(
        inputs.len() >= 20,
        "the paper fixtures are found: {}",
        inputs.len()
    );
    // Snapshots of files not read this time (skipped) are not left over.
    let corpus_read = match corpus_dir() {
        Some(corpus) => {
            let before = inputs.len();
            for path in papers_under(&corpus, &["expected"]) {
                let name = snapshot_name("corpus", &corpus, &path);
                let described = format!(
                    "../shared/corpus/{}",
                    path.strip_prefix(&corpus).expect("under corpus").display()
                );
                inputs.push((name, path, described));
            }
            assert!(
                inputs.len() - before >= 30,
                "the corpus papers are found: {}",
                inputs.len() - before
            );
            true
        }
        None => false,
    };
    let pdfs_read = have_pdftotext();
    if !pdfs_read {
        assert!(
            std::env::var_os("SCRUTINEER_REQUIRE_CORPUS").is_none(),
            "SCRUTINEER_REQUIRE_CORPUS is set but poppler's pdftotext is not installed: the PDF snapshots need it (scripts/setup.sh --test)"
        );
        say("skipped: the golden snapshots of PDFs — poppler's pdftotext is not installed (scripts/setup.sh --test installs it)");
        inputs.retain(|(name, ..)| !name.to_lowercase().ends_with(".pdf"));
    }

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(project.join(SNAPSHOTS));
    settings.set_prepend_module_to_snapshot(true);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for (name, path, described) in &inputs {
        let summary = golden(path);
        let mut settings = settings.clone();
        settings.set_description(described.as_str());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_yaml_snapshot!(name.as_str(), summary))
        }));
        if outcome.is_err() {
            failed.push(name.as_str());
        }
    }

    // A snapshot of a file that is gone fails too (or goes, when updating).
    let made: BTreeSet<String> = inputs
        .iter()
        .map(|(name, ..)| snapshot_file(name))
        .collect();
    let mut left_over = Vec::new();
    for entry in std::fs::read_dir(project.join(SNAPSHOTS)).expect("tests/snapshots") {
        let path = entry.expect("a folder entry").path();
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ours = file.starts_with(PREFIX) && file.ends_with(".snap");
        let skipped = (!corpus_read && file.starts_with(&format!("{PREFIX}corpus__")))
            || (!pdfs_read && file.to_lowercase().ends_with(".pdf.snap"));
        if ours && !skipped && !made.contains(&file) {
            if updating {
                std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                say(&format!("removed the left-over snapshot {file}"));
            } else {
                left_over.push(file);
            }
        }
    }

    assert!(
        failed.is_empty() && left_over.is_empty(),
        "{} of {} readings differ from their snapshots: {failed:?}\nleft-over snapshots of files no longer read: {left_over:?}\n\
         If the changes are intended: INSTA_UPDATE=always cargo test --test golden, then read git diff tests/snapshots",
        failed.len(),
        inputs.len()
    );
}

#[test]
fn long_text_is_cut_with_its_length() {
    assert_eq!(cut_to("short", 10), "short", "short text is kept whole");
    assert_eq!(
        cut_to("ééééé", 3),
        "ééé… (5 chars)",
        "cut on characters, not bytes, with the full length"
    );
}

#[test]
fn snapshot_names_follow_the_file_path() {
    let root = Path::new("/x/corpus");
    let name = snapshot_name("corpus", root, &root.join("pdf/p01 kent.pdf"));
    assert_eq!(
        name, "corpus/pdf/p01_kent.pdf",
        "a stable name from the path, not the contents"
    );
    assert_eq!(
        snapshot_file(&name),
        "golden__corpus__pdf__p01_kent.pdf.snap",
        "insta's file for that name"
    );
}
