//! `scrutineer`: the command-line face of the core, for people who script
//! and for tests. It shares the app's library unless told otherwise.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use scrutineer::ids::{MeetingId, PaperId};
use scrutineer::worker::{self, Worker};
use scrutineer::{export, ingest, paths, FileOutcome, Library, ReadIn};

#[derive(Parser)]
#[command(
    name = "scrutineer",
    version,
    about = "Read council papers into a Scrutineer library"
)]
struct Cli {
    /// The library file (default: the app's library in the platform's app-data folder).
    #[arg(long, global = true, env = paths::DB_ENV)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import papers into the library. Files already there are left alone.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the meetings in the library, newest first, each with its papers,
    /// then the papers not matched to a meeting.
    Meetings {
        /// Print JSON: each meeting's id, council, body, date and papers (kind, file name).
        #[arg(long)]
        json: bool,
    },
    /// List a meeting's agenda items (by the meeting's id from `meetings --json`).
    Items {
        meeting: i64,
        #[arg(long)]
        json: bool,
    },
    /// Show one agenda item: its text, resolutions, figures and tables.
    Item {
        item: i64,
        #[arg(long)]
        json: bool,
    },
    /// List a meeting's flags (where money is going wrong), worst first,
    /// each with its rule, severity, reason and page.
    Flags {
        meeting: i64,
        #[arg(long)]
        json: bool,
    },
    /// Annotate an item: highlight the first place the quote stands in its
    /// text, with a note (Markdown) and tags.
    Annotate {
        item: i64,
        #[arg(long)]
        quote: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// The highlight: ask, good, check or concern.
        #[arg(long, default_value = "ask")]
        colour: String,
    },
    /// List annotations (of one meeting, or all) with where each stands now:
    /// exact, moved (found elsewhere or reworded) or orphan (passage gone).
    Annotations {
        meeting: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Questions for a meeting: `question add MEETING --text MARKDOWN`.
    Question {
        #[command(subcommand)]
        action: QuestionCommand,
    },
    /// List questions in running order with status and evidence: one
    /// meeting's, or every open one.
    Questions {
        meeting: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Share bundles: `bundle export -o FILE [MEETING...]` writes your notes,
    /// questions and flag decisions for a colleague; `bundle import FILE`
    /// adds a colleague's under their name.
    Bundle {
        #[command(subcommand)]
        action: BundleCommand,
    },
    /// Remove an imported paper (by its document id) and what was read from it.
    Remove { document: i64 },
    /// Put a paper (by its id from `meetings --json`) in a meeting, whatever
    /// its header says. Kept when the library is re-read.
    Attach { paper: i64, meeting: i64 },
    /// Take a paper out of its meeting: it is listed as not matched to one.
    Detach { paper: i64 },
    /// Read every stored paper again with this version's reader, and say
    /// what changed. Each paper is its own transaction.
    Reread,
    /// Export a meeting: its annotated question pack (html, docx, md), or
    /// its budget lines, flags and a line's history as a spreadsheet (csv
    /// writes one sheet, xlsx all). Exempt items are left out unless asked.
    Export {
        /// The meeting's id (from `meetings --json`).
        meeting: i64,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write (replaced whole if it exists).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Keep exempt and confidential items, and the notes and questions on them.
        #[arg(long)]
        include_exempt: bool,
        /// For csv: which sheet (budget lines by default).
        #[arg(long, value_enum)]
        sheet: Option<SheetArg>,
        /// A budget line's key (from `flags MEETING --json`): its history
        /// (csv), or a History sheet added (xlsx).
        #[arg(long)]
        line: Option<String>,
    },
    /// Back the library up into a folder now (with SQLite's online backup,
    /// so the app may stay open), keeping 7 daily, 4 weekly and 12 monthly
    /// backups there.
    Backup {
        /// The folder (made if need be).
        dir: PathBuf,
    },
    /// Replace the library with a backup, after showing what it holds. The
    /// library as it was is kept in `backups/` beside it.
    Restore {
        /// A backup file (from `backup DIR`).
        file: PathBuf,
    },
    /// Print what the parser reads from one file, without touching the library.
    Parse {
        file: PathBuf,
        /// Print JSON (the format documented in docs/parse-json.md).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Html,
    Docx,
    Md,
    Csv,
    Xlsx,
}

impl From<ExportFormat> for export::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Html => Self::Html,
            ExportFormat::Docx => Self::Docx,
            ExportFormat::Md => Self::Md,
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Xlsx => Self::Xlsx,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SheetArg {
    Lines,
    Flags,
    History,
}

impl From<SheetArg> for export::Sheet {
    fn from(s: SheetArg) -> Self {
        match s {
            SheetArg::Lines => Self::Lines,
            SheetArg::Flags => Self::Flags,
            SheetArg::History => Self::History,
        }
    }
}

#[derive(Subcommand)]
enum QuestionCommand {
    /// Add a question at the end of a meeting's running order. With no
    /// text, it starts from its evidence.
    Add {
        meeting: i64,
        #[arg(long, default_value = "")]
        text: String,
        /// Who it is to (a Cabinet Member, an officer, the chair).
        #[arg(long, default_value = "")]
        to: String,
        /// ITEM:TEXT, words quoted from an item (the first place they stand).
        #[arg(long = "evidence-quote")]
        quotes: Vec<String>,
        /// A flag's key (from `flags MEETING --json`).
        #[arg(long = "evidence-flag")]
        flags: Vec<String>,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Write a bundle of your annotations, questions and flag decisions:
    /// for the meetings given (ids from `meetings --json`), or all.
    Export {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        meetings: Vec<i64>,
        /// Your name as colleagues will see it (default: the library's
        /// setting, else your user name on this computer).
        #[arg(long)]
        author: Option<String>,
        /// Pass on what colleagues shared with you too, under their names.
        #[arg(long)]
        include_colleagues: bool,
        /// Keep notes and questions on exempt or confidential items (left
        /// out by default: a bundle is sent by e-mail).
        #[arg(long)]
        include_exempt: bool,
    },
    /// Import a colleague's bundle: checked whole first; a bad bundle
    /// changes nothing.
    Import {
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    // Started as the worker that reads one paper (see worker.rs).
    if let Some(code) = scrutineer::worker::serve_if_asked() {
        return code;
    }
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("scrutineer: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `scrutineer meetings | head` ends quietly when head stops reading, as
/// Unix tools do, instead of panicking on the closed pipe.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default action for one signal before any thread
    // starts; no Rust state depends on SIGPIPE being ignored.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Text that came from a paper, made safe for a terminal: control
/// characters (escape sequences, tabs that would break the columns) are
/// shown as `\u{1b}` instead of acted on.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Papers are read in a worker process: no file can end this one.
fn read_in_worker() -> Result<ReadIn> {
    Ok(ReadIn::Worker(
        Worker::this_program().context("finding this program to read papers")?,
    ))
}

/// What a backup holds, in words.
fn holds(b: &scrutineer::store::backup::BackupSummary) -> String {
    format!(
        "{} meeting(s), {} paper(s), {} note(s), {} question(s), taken {}",
        b.meetings, b.documents, b.annotations, b.questions, b.taken_at
    )
}

fn library_path(db: Option<PathBuf>) -> Result<PathBuf> {
    db.or_else(paths::default_library_path)
        .context("no library path: set --db or SCRUTINEER_DB")
}

fn open_library(db: Option<PathBuf>) -> Result<Library> {
    let path = library_path(db)?;
    Library::open(&path).with_context(|| format!("opening the library {}", path.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Import { files } => {
            let mut lib = open_library(cli.db)?;
            let how = read_in_worker()?;
            let mut failed = 0;
            let mut imported = Vec::new();
            for f in &files {
                match scrutineer::import_path_via(&mut lib, f, chrono::Utc::now(), &how) {
                    Ok(FileOutcome::Imported {
                        document_id,
                        meetings,
                        items,
                        warnings,
                        missing,
                    }) => {
                        imported.push(document_id);
                        println!(
                            "imported {}: {meetings} meeting(s), {items} item(s), {warnings} warning(s)",
                            f.display()
                        );
                        if !missing.is_empty() {
                            println!("  check it: no {} found", missing.join(", nor "));
                        }
                    }
                    Ok(FileOutcome::AlreadyInLibrary { .. }) => {
                        println!("already in the library: {}", f.display())
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("could not import {}: {e}", f.display());
                    }
                }
            }
            // Papers that name no meeting join the one the rest of the batch is for.
            lib.place_batch(&imported)?;
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Meetings { json } => {
            let lib = open_library(cli.db)?;
            let index = lib.library_index()?;
            if json {
                // JSON escapes control characters itself.
                println!("{}", serde_json::to_string_pretty(&index)?);
                return Ok(ExitCode::SUCCESS);
            }
            for m in &index.meetings {
                println!(
                    "{}\t{}\t{}\t{} item(s)\t{} paper(s)",
                    m.date,
                    visible(&m.body),
                    visible(m.council.as_deref().unwrap_or("-")),
                    m.item_count,
                    m.papers.len()
                );
                for p in &m.papers {
                    println!("\t{}\t{}\t{}", p.id, p.kind_label, visible(&p.file_name));
                }
            }
            if !index.unmatched.is_empty() {
                println!("Papers not matched to a meeting:");
                for p in &index.unmatched {
                    let about = p.body.as_deref().or(p.first_item.as_deref()).unwrap_or("-");
                    println!(
                        "\t{}\t{}\t{}\t{}",
                        p.id,
                        p.kind_label,
                        visible(about),
                        visible(&p.file_name)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Flags { meeting, json } => {
            let lib = open_library(cli.db)?;
            let flags = lib.meeting_flags(MeetingId(meeting))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&flags)?);
                return Ok(ExitCode::SUCCESS);
            }
            for f in &flags.flags {
                let state = if f.dismissed.is_some() {
                    " (dismissed)"
                } else {
                    ""
                };
                let indent = if f.under.is_some() { "    " } else { "" };
                println!(
                    "{indent}{:?}\t{}\t{}{state}\tp. {}",
                    f.severity,
                    f.rule.title(),
                    visible(&f.reason),
                    f.evidence.page.map_or("-".to_string(), |p| p.to_string())
                );
            }
            println!(
                "{} flag(s) from {} budget line(s) and {} figure(s)",
                flags.flags.len(),
                flags.lines_checked,
                flags.figures_checked
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Annotate {
            item,
            quote,
            note,
            tags,
            colour,
        } => {
            let mut lib = open_library(cli.db)?;
            let id = lib.annotate(scrutineer::ids::ItemId(item), &quote, &note, &tags, &colour)?;
            println!("annotation {id} added to item {item}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Annotations { meeting, json } => {
            let lib = open_library(cli.db)?;
            let list = lib.annotations(meeting.map(MeetingId))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "annotations": list }))?
                );
                return Ok(ExitCode::SUCCESS);
            }
            for a in &list {
                let state = serde_json::to_value(a.state)?;
                let page = a.page.map_or("-".to_string(), |p| format!("p. {p}"));
                println!(
                    "{}\t{}\t{}\t{}\t\u{201c}{}\u{201d}\t{}",
                    a.id,
                    state.as_str().unwrap_or("-"),
                    visible(&a.item_title),
                    page,
                    visible(&a.quote),
                    visible(&a.note)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Question {
            action:
                QuestionCommand::Add {
                    meeting,
                    text,
                    to,
                    quotes,
                    flags,
                },
        } => {
            use scrutineer::store::EvidenceInput;
            let mut evidence = Vec::new();
            for q in &quotes {
                let (item, quote) = q
                    .split_once(':')
                    .and_then(|(i, t)| Some((i.trim().parse::<i64>().ok()?, t)))
                    .with_context(|| format!("--evidence-quote takes ITEM:TEXT (an item's id, a colon, the words), not {q:?}"))?;
                evidence.push(EvidenceInput::Quote {
                    item: scrutineer::ids::ItemId(item),
                    quote: quote.to_string(),
                });
            }
            evidence.extend(flags.into_iter().map(|key| EvidenceInput::Flag { key }));
            let mut lib = open_library(cli.db)?;
            let id = lib.add_question(MeetingId(meeting), &text, &to, &evidence)?;
            println!("question {id} added to meeting {meeting}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Questions { meeting, json } => {
            let lib = open_library(cli.db)?;
            let list = lib.questions(meeting.map(MeetingId))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "questions": list }))?
                );
                return Ok(ExitCode::SUCCESS);
            }
            for q in &list {
                println!(
                    "{}. [{}] {} (to {})\t{}",
                    q.position,
                    q.status.as_str(),
                    visible(&q.meeting),
                    visible(if q.to.is_empty() { "-" } else { &q.to }),
                    visible(q.text.lines().next().unwrap_or(""))
                );
                for e in &q.evidence {
                    println!(
                        "\t{}: {}{}",
                        e.kind,
                        visible(&e.label),
                        e.page.map_or(String::new(), |p| format!(" (p. {p})"))
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Items { meeting, json } => {
            let lib = open_library(cli.db)?;
            let detail = lib.get_meeting(scrutineer::ids::MeetingId(meeting))?;
            if json {
                let items: Vec<_> = detail
                    .paper_items
                    .iter()
                    .flat_map(|p| p.items.iter())
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({ "items": items, "papers": detail.paper_items })
                    )?
                );
            } else {
                for p in &detail.paper_items {
                    println!(
                        "{}: {}",
                        p.summary.kind_label,
                        visible(&p.summary.file_name)
                    );
                    for i in &p.items {
                        let page = i.page.map_or(String::new(), |p| format!("\tp. {p}"));
                        println!(
                            "{}\t{}\t{}{page}",
                            i.id,
                            visible(i.number.as_deref().unwrap_or("-")),
                            visible(&i.title)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Attach { paper, meeting } => {
            let mut lib = open_library(cli.db)?;
            lib.attach_paper(PaperId(paper), scrutineer::ids::MeetingId(meeting))?;
            println!("paper {paper} is now part of meeting {meeting}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Detach { paper } => {
            let mut lib = open_library(cli.db)?;
            lib.detach_paper(PaperId(paper))?;
            println!("paper {paper} is now listed under papers not matched to a meeting");
            Ok(ExitCode::SUCCESS)
        }
        Command::Item { item, json } => {
            let lib = open_library(cli.db)?;
            let detail = lib.get_item(scrutineer::ids::ItemId(item))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&detail)?);
            } else {
                println!(
                    "{} {}\n",
                    visible(detail.summary.number.as_deref().unwrap_or("")),
                    visible(&detail.summary.title)
                );
                for line in detail.text.lines() {
                    println!("{}", visible(line));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reread => {
            let mut lib = open_library(cli.db)?;
            let how = read_in_worker()?;
            let results = scrutineer::reread_library(&mut lib, &how, |_| {})?;
            for r in &results {
                let (b, a) = (r.before, r.after);
                match &r.error {
                    Some(e) => {
                        eprintln!("kept the old reading of {}: {}", visible(&r.file_name), e);
                    }
                    None if r.changed() => println!(
                        "{}: meetings {}→{}, items {}→{}, attendance {}→{}, resolutions {}→{}, budget lines {}→{}, figures {}→{}",
                        visible(&r.file_name), b.meetings, a.meetings, b.items, a.items, b.attendance, a.attendance,
                        b.resolutions, a.resolutions, b.budget_lines, a.budget_lines, b.figures, a.figures
                    ),
                    None => println!("{}: unchanged", visible(&r.file_name)),
                }
            }
            let summary = scrutineer::RereadSummary::of(&results);
            println!(
                "re-read {} paper(s), {} changed, {} kept as they were",
                summary.total,
                summary.changed,
                summary.kept.len()
            );
            Ok(if summary.kept.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Bundle {
            action:
                BundleCommand::Export {
                    output,
                    meetings,
                    author,
                    include_colleagues,
                    include_exempt,
                },
        } => {
            let lib = open_library(cli.db)?;
            let author = match author {
                Some(a) => a,
                None => lib
                    .setting("author")?
                    .or_else(|| std::env::var("USER").ok())
                    .or_else(|| std::env::var("USERNAME").ok())
                    .filter(|a| !a.trim().is_empty())
                    .context("say whose bundle it is with --author NAME: colleagues see your notes under it")?,
            };
            let ids: Vec<MeetingId> = meetings.into_iter().map(MeetingId).collect();
            let chosen = if ids.is_empty() {
                None
            } else {
                Some(ids.as_slice())
            };
            let (bundle, left_out) = lib.export_bundle_with(
                chosen,
                &author,
                include_colleagues,
                include_exempt,
                chrono::Utc::now(),
            )?;
            scrutineer::share::write_bundle(&output, &bundle)?;
            if left_out > 0 {
                println!("left out {left_out} note(s) and question(s) on exempt items (--include-exempt keeps them)");
            }
            println!(
                "wrote {}: {} annotation(s), {} question(s), {} flag decision(s) by {}",
                output.display(),
                bundle.annotations.len(),
                bundle.questions.len(),
                bundle.flags.dismissed.len() + bundle.flags.hand.len(),
                visible(&author)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Bundle {
            action: BundleCommand::Import { file, json },
        } => {
            // Checked before the library is even opened: a bad bundle
            // touches nothing.
            let bundle = scrutineer::share::read_bundle_file(&file)?;
            let mut lib = open_library(cli.db)?;
            let report = lib.import_bundle(&bundle)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{}", visible(&report.message));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Remove { document } => {
            let mut lib = open_library(cli.db)?;
            let name = lib.remove_document(scrutineer::ids::DocumentId(document))?;
            println!("removed {}", visible(&name));
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { dir } => {
            let mut lib = open_library(cli.db)?;
            // Named on the command line: made if need be (the app's daily
            // backup never makes its folder, which may be a stick).
            std::fs::create_dir_all(&dir).with_context(|| format!("making {}", dir.display()))?;
            let path = lib
                .back_up_to(&dir, chrono::Utc::now())
                .with_context(|| format!("backing up into {}", dir.display()))?;
            let held = scrutineer::store::backup::summary(&path)?;
            println!("backed up to {}: {}", path.display(), holds(&held));
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file } => {
            let held = scrutineer::store::backup::summary(&file)?;
            println!("{} holds {}", file.display(), holds(&held));
            let path = library_path(cli.db)?;
            let mut lib = Library::open(&path)
                .with_context(|| format!("opening the library {}", path.display()))?;
            let safety = lib.restore_from(&file, &path)?;
            println!(
                "restored; the library as it was is kept in {}",
                safety.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            meeting,
            format,
            output,
            include_exempt,
            sheet,
            line,
        } => {
            let lib = open_library(cli.db)?;
            let request = export::ExportRequest {
                format: format.into(),
                pack: export::PackOptions {
                    include_exempt,
                    items: None,
                },
                sheet: sheet.map(Into::into),
                line,
            };
            let done = export::export(&lib, MeetingId(meeting), &request)
                .with_context(|| format!("exporting meeting {meeting}"))?;
            export::write_atomically(&output, &done.bytes)?;
            println!(
                "{}",
                done.summary
                    .said(request.format, &output.display().to_string())
            );
            if let Some(left) = &done.summary.left_out {
                println!("{left}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse { file, json } => {
            let bytes =
                ingest::read_file(&file).with_context(|| format!("reading {}", file.display()))?;
            let worker =
                Worker::this_program().context("finding this program to read the paper")?;
            let paper = worker::read(&worker, &bytes)
                .with_context(|| format!("reading {}", file.display()))?
                .paper;
            if json {
                println!("{}", serde_json::to_string_pretty(&paper)?);
            } else {
                for m in &paper.meetings {
                    println!(
                        "{} {} {}",
                        m.date.map_or("(no date)".into(), |d| d.to_string()),
                        visible(m.body.as_deref().unwrap_or("(no body)")),
                        visible(m.council.as_deref().unwrap_or(""))
                    );
                    for i in &m.items {
                        println!(
                            "  {} {}",
                            visible(i.number.as_deref().unwrap_or("-")),
                            visible(&i.title)
                        );
                    }
                }
                for d in &paper.diagnostics {
                    eprintln!("{}: {}", d.severity.as_str(), visible(&d.message));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
