//! `scrutineer`: the command-line face of the core, for people who script
//! and for tests. It shares the app's library unless told otherwise.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use scrutineer::{ingest, parse, paths, FileOutcome, Library};

#[derive(Parser)]
#[command(name = "scrutineer", version, about = "Read council papers into a Scrutineer library")]
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
    /// List the meetings in the library, newest first.
    Meetings,
    /// Print what the parser reads from one file, without touching the library.
    Parse {
        file: PathBuf,
        /// Print JSON (the format documented in docs/parse-json.md).
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("scrutineer: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_library(db: Option<PathBuf>) -> Result<Library> {
    let path = db
        .or_else(paths::default_library_path)
        .context("no library path: set --db or SCRUTINEER_DB")?;
    Library::open(&path).with_context(|| format!("opening the library {}", path.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Import { files } => {
            let mut lib = open_library(cli.db)?;
            let mut failed = 0;
            for f in &files {
                match scrutineer::import_path(&mut lib, f, chrono::Utc::now()) {
                    Ok(FileOutcome::Imported { meetings, items, warnings, .. }) => println!(
                        "imported {}: {meetings} meeting(s), {items} item(s), {warnings} warning(s)",
                        f.display()
                    ),
                    Ok(FileOutcome::AlreadyInLibrary { .. }) => {
                        println!("already in the library: {}", f.display())
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("could not import {}: {e}", f.display());
                    }
                }
            }
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Meetings => {
            let lib = open_library(cli.db)?;
            for m in lib.list_meetings()? {
                println!(
                    "{}\t{}\t{}\t{} item(s)\t{}",
                    m.date.as_deref().unwrap_or("(no date)"),
                    m.body.as_deref().unwrap_or("(no body)"),
                    m.council.as_deref().unwrap_or("-"),
                    m.item_count,
                    m.file_name
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse { file, json } => {
            let bytes = ingest::read_file(&file).with_context(|| format!("reading {}", file.display()))?;
            let doc = ingest::ingest(&bytes).with_context(|| format!("reading {}", file.display()))?;
            let paper = parse::parse(&doc);
            if json {
                println!("{}", serde_json::to_string_pretty(&paper)?);
            } else {
                for m in &paper.meetings {
                    println!(
                        "{} {} {}",
                        m.date.map_or("(no date)".into(), |d| d.to_string()),
                        m.body.as_deref().unwrap_or("(no body)"),
                        m.council.as_deref().unwrap_or("")
                    );
                    for i in &m.items {
                        println!("  {} {}", i.number.as_deref().unwrap_or("-"), i.title);
                    }
                }
                for d in &paper.diagnostics {
                    eprintln!("{}: {}", d.severity.as_str(), d.message);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
