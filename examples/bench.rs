//! Benchmarks, run by `scripts/bench.sh` (release build):
//! - parse throughput in MB/s over the corpus's text papers (ingest + parse);
//! - PDF ingest of the largest corpus PDF, through our pdftotext path and
//!   the pure-Rust fallback, each as a ratio to running `pdftotext -layout`
//!   on the same file directly;
//! - flags: re-evaluating every flag of a generated library of 2,000
//!   meetings (40 councils x 50 reports x 30 lines), with each line
//!   followed back through its council's earlier reports, and the rules
//!   alone once the matches and the totals that do not add up are known
//!   (what a changed threshold costs);
//! - sharing: a meeting's question pack (Word, web page) and workbook with
//!   200 questions and 1,000 notes; a bundle of that work exported, read
//!   back and imported into a second library; an online backup;
//! - peak memory (VmHWM) of the whole run.
//!
//! Medians of repeated runs; figures printed, nothing asserted: speed is
//! watched here, not in tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .join("../shared/corpus")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm caches
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn main() {
    // `SCRUTINEER_BENCH=flags` runs the flags benchmark alone (for profiling).
    if std::env::var("SCRUTINEER_BENCH").is_ok_and(|b| b == "flags") {
        flags_bench();
        return;
    }
    if std::env::var("SCRUTINEER_BENCH").is_ok_and(|b| b == "sharing") {
        sharing_bench();
        return;
    }
    let texts: Vec<Vec<u8>> = files(&corpus(), "txt")
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let bytes: usize = texts.iter().map(Vec::len).sum();
    let mut rounds = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        for t in &texts {
            let doc = scrutineer::ingest::ingest(t).expect("corpus ingests");
            std::hint::black_box(scrutineer::parse::parse(&doc));
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let mbps = (bytes as f64 * f64::from(rounds)) / secs / 1_000_000.0;
    println!(
        "parse: {} papers, {:.1} KB, {rounds} rounds in {secs:.2} s: {mbps:.1} MB/s",
        texts.len(),
        bytes as f64 / 1000.0
    );

    let pdfs = files(&corpus().join("pdf"), "pdf");
    let largest = pdfs
        .iter()
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("a PDF");
    let pdf = std::fs::read(largest).expect("read pdf");
    let name = largest.file_name().unwrap().to_string_lossy();
    let direct = time(5, || {
        let out = Command::new("pdftotext")
            .args(["-layout"])
            .arg(largest)
            .arg("-")
            .output()
            .expect("pdftotext installed");
        std::hint::black_box(out.stdout);
    });
    let ours = time(5, || {
        std::hint::black_box(scrutineer::ingest::ingest(&pdf).expect("ingests"));
    });
    let fallback = time(3, || {
        std::hint::black_box(scrutineer::ingest::pdf::read_with(&pdf, None).ok());
    });
    let parse_pdf = {
        let doc = scrutineer::ingest::ingest(&pdf).expect("ingests");
        time(5, || {
            std::hint::black_box(scrutineer::parse::parse(&doc));
        })
    };
    println!("pdf: {name} ({:.0} KB)", pdf.len() as f64 / 1000.0);
    println!(
        "  pdftotext -layout directly: {:>8.1} ms",
        direct.as_secs_f64() * 1000.0
    );
    println!(
        "  our ingest (pdftotext path): {:>7.1} ms  ratio {:.2}x",
        ours.as_secs_f64() * 1000.0,
        ours.as_secs_f64() / direct.as_secs_f64()
    );
    println!(
        "  pure-Rust fallback:          {:>7.1} ms  ratio {:.2}x",
        fallback.as_secs_f64() * 1000.0,
        fallback.as_secs_f64() / direct.as_secs_f64()
    );
    println!(
        "  parse of its text:           {:>7.1} ms",
        parse_pdf.as_secs_f64() * 1000.0
    );

    flags_bench();
    sharing_bench();

    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(hwm) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!("peak memory: {}", hwm.trim_start_matches("VmHWM:").trim());
        }
    }
}

/// A generated library: councils, each with successive reports whose
/// line labels drift now and then, variances moving report to report.
fn generated_reports(
    councils: usize,
    reports: usize,
    lines: usize,
) -> Vec<Vec<scrutineer::flags::Report>> {
    use scrutineer::flags::{Cell, LineFacts, Report};
    use scrutineer::ids::{ItemId, MeetingId, TableId};
    use scrutineer::money::columns::ColumnRole;
    const WORDS: [&str; 12] = [
        "Adult",
        "Social",
        "Care",
        "Children",
        "Highways",
        "Transport",
        "Waste",
        "Libraries",
        "Housing",
        "Planning",
        "Health",
        "Education",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut meeting = 0i64;
    (0..councils)
        .map(|c| {
            (0..reports)
                .map(|r| {
                    meeting += 1;
                    let date = format!("{}-{:02}-15", 2020 + r / 12, r % 12 + 1);
                    let lines = (0..lines)
                        .map(|i| {
                            let (a, b) = (WORDS[i % 12], WORDS[(i / 12 + 3) % 12]);
                            // Every fifth report prints the words the other way round.
                            let label = if r % 5 == 4 {
                                format!("{b} & {a} {i}")
                            } else {
                                format!("{a} and {b} {i}")
                            };
                            let budget = 1_000_000_000 + (next() % 50_000_000_000) as i64;
                            let variance = (next() % 400_000_000) as i64 - 150_000_000;
                            let cell = |role: ColumnRole, pence: i64| Cell {
                                column: format!("{role:?}"),
                                role,
                                printed: pence.to_string(),
                                pence,
                            };
                            LineFacts {
                                key: format!("c{c}|r{r}|{i}"),
                                line_id: 0,
                                table_id: TableId(meeting),
                                position: i,
                                item_id: ItemId(meeting),
                                meeting_id: MeetingId(meeting),
                                caption: None,
                                unit: Some(scrutineer::money::Unit::Millions),
                                plus_is_over: true,
                                capital: false,
                                label,
                                section: None,
                                total_row: i + 1 == lines,
                                page: Some(1),
                                cells: vec![
                                    cell(ColumnRole::Budget, budget),
                                    cell(ColumnRole::Variance, variance),
                                ],
                            }
                        })
                        .collect();
                    Report {
                        meeting_id: Some(MeetingId(meeting)),
                        date,
                        lines,
                        figures: Vec::new(),
                    }
                })
                .collect()
        })
        .collect()
}

fn flags_bench() {
    use scrutineer::flags::{rules, tracking::Corrections, Thresholds};
    let (councils, reports, lines) = (40, 50, 30);
    let library = generated_reports(councils, reports, lines);
    let fixes = Corrections::default();
    let t = Thresholds::default();
    const LOOK_BACK: usize = 12;
    // Each council's reports newest first, so a report's earlier ones are
    // the slice after it (as the store hands them over).
    let library: Vec<Vec<_>> = library
        .into_iter()
        .map(|c| c.into_iter().rev().collect())
        .collect();
    let earlier = |council: &[scrutineer::flags::Report], k: usize| {
        k + 1..council.len().min(k + 1 + LOOK_BACK)
    };
    let mut flagged = 0;
    let all = time(5, || {
        flagged = 0;
        let mut cache = rules::MatchCache::new();
        for council in &library {
            for (k, report) in council.iter().enumerate() {
                let past = rules::past_of_cached(
                    report,
                    &council[earlier(council, k)],
                    &fixes,
                    &mut cache,
                );
                flagged += rules::evaluate(report, &past, &t).len();
            }
        }
    });
    // What no threshold changes, kept from the last evaluation: each
    // line's past and the totals that do not add up.
    let prepared: Vec<Vec<(Vec<rules::LinePast>, Vec<rules::TotalGap>)>> = library
        .iter()
        .map(|council| {
            council
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let past = rules::past_of(r, &council[earlier(council, k)], &fixes);
                    (past, rules::total_gaps(&r.lines))
                })
                .collect()
        })
        .collect();
    let lower = Thresholds {
        variance_pence: 20_000_000,
        ..t
    };
    let rules_only = time(5, || {
        for (council, prepared) in library.iter().zip(&prepared) {
            for (report, (past, gaps)) in council.iter().zip(prepared) {
                std::hint::black_box(rules::evaluate_with_totals(report, past, gaps, &lower));
            }
        }
    });
    println!(
        "flags: {} meetings, {} budget lines, {flagged} flags",
        councils * reports,
        councils * reports * lines
    );
    println!(
        "  every flag, lines followed back {LOOK_BACK} reports: {:>7.1} ms",
        all.as_secs_f64() * 1000.0
    );
    println!(
        "  the rules again after a threshold change:  {:>7.1} ms",
        rules_only.as_secs_f64() * 1000.0
    );
}

/// The sample papers in a new library file in `dir`.
fn sample_library(dir: &Path) -> scrutineer::Library {
    let mut lib = scrutineer::Library::open(&dir.join("library.sqlite3")).expect("library");
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    for p in files(&samples, "txt") {
        scrutineer::import_path(&mut lib, &p, chrono::Utc::now()).expect("sample imports");
    }
    lib
}

fn sharing_bench() {
    use scrutineer::export::{self, ExportRequest, Format, PackOptions};
    use scrutineer::store::EvidenceInput;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lib = sample_library(dir.path());
    let meeting = lib
        .library_index()
        .expect("index")
        .meetings
        .iter()
        .find(|m| m.date == "2018-03-26")
        .expect("the March 2018 meeting")
        .id;
    // 1,000 notes on the meeting's paragraphs, 200 questions citing them and its budget lines.
    let items: Vec<_> = lib
        .get_meeting(meeting)
        .expect("meeting")
        .paper_items
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.id))
        .collect();
    let mut quotes = Vec::new();
    for item in &items {
        for p in lib.get_item(*item).expect("item").paragraphs {
            let words: Vec<&str> = p.text.split_whitespace().take(6).collect();
            if words.len() == 6 {
                quotes.push((*item, words.join(" ")));
            }
        }
    }
    let mut notes = Vec::new();
    for (i, (item, quote)) in quotes.iter().cycle().take(1000).enumerate() {
        notes.push(
            lib.annotate(
                *item,
                quote,
                &format!("Note {i}: **why** is this?"),
                &["bench".into()],
                "ask",
            )
            .expect("annotate"),
        );
    }
    let lines = lib.meeting_budget_lines(meeting).expect("lines");
    for i in 0..200 {
        let evidence = [
            EvidenceInput::Annotation { id: notes[i * 5] },
            EvidenceInput::BudgetLine {
                line_id: lines[i % lines.len()].line.id,
            },
        ];
        lib.add_question(meeting, "", "Cabinet Member", &evidence)
            .expect("question");
    }
    let request = |format| ExportRequest {
        format,
        pack: PackOptions::default(),
        sheet: None,
        line: None,
    };
    let mut sizes = Vec::new();
    for format in [Format::Docx, Format::Html, Format::Xlsx] {
        let mut bytes = 0;
        let t = time(3, || {
            bytes = export::export(&lib, meeting, &request(format))
                .expect("export")
                .bytes
                .len()
        });
        sizes.push((format, t, bytes));
    }
    println!("sharing: a meeting with 200 questions and 1,000 notes");
    for (format, t, bytes) in sizes {
        println!(
            "  export {:<4}: {:>7.1} ms, {:.0} KB",
            format.extension(),
            t.as_secs_f64() * 1000.0,
            bytes as f64 / 1000.0
        );
    }
    let mut json = Vec::new();
    let out = time(3, || {
        let bundle = lib
            .export_bundle(None, "Cllr Bench", false, chrono::Utc::now())
            .expect("bundle");
        json = serde_json::to_vec(&bundle).expect("json");
    });
    let other = tempfile::tempdir().expect("temp dir");
    let mut colleague = sample_library(other.path());
    let start = Instant::now();
    let bundle = scrutineer::share::read_bundle(&json).expect("reads");
    let read = start.elapsed();
    let start = Instant::now();
    let report = colleague.import_bundle(&bundle).expect("imports");
    let import = start.elapsed();
    println!(
        "  bundle: export {:.1} ms ({:.0} KB), check {:.1} ms, import {:.1} ms ({})",
        out.as_secs_f64() * 1000.0,
        json.len() as f64 / 1000.0,
        read.as_secs_f64() * 1000.0,
        import.as_secs_f64() * 1000.0,
        report.message
    );
    let backups = dir.path().join("backups-bench");
    std::fs::create_dir_all(&backups).expect("backup folder");
    let start = Instant::now();
    let path = lib
        .back_up_to(&backups, chrono::Utc::now())
        .expect("backup");
    println!(
        "  online backup: {:.1} ms, {:.0} KB",
        start.elapsed().as_secs_f64() * 1000.0,
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1000.0
    );
}
