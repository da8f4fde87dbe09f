//! Integration tests of the core and the `scrutineer` CLI, against real
//! SQLite files on disk and the real papers in ../shared/corpus.
//!
//! - `accuracy`: recall and precision per field against expected/
//! - `fixtures`: other councils' shapes (modern.gov, CMIS, Welsh, hostile HTML)
//! - `corpus`:  every corpus paper imports; meetings and items match expected/
//! - `cli`:     the command-line program, including bad input
//! - `money`:   budget lines, units, figures and pages against the facts
//! - `library`: imports are atomic and idempotent
//! - `coordinates`: paragraphs, resolutions and figures with their places
//! - `meetings`: one meeting with all its papers; attach, detach, remove
//! - `pdf`:     real PDFs through both readers; broken and textless PDFs
//! - `regressions`: inputs the fuzzers found crashing
//! - `worker`: reading in a worker process, its limits
//! - `reread`: a release's library read again by this reader
//! - `concurrency`: several processes on one library
//! - `hostile`: 50+ hostile inputs generated at test time (issue 8)
//! - `damaged`: damaged, newer, read-only and full libraries; pipes and folders
//! - `export`: question packs (Word, HTML, Markdown) and spreadsheets read back; exempt items
//! - `share`:   share bundles exported and imported; 30+ malformed bundles (issue 13)

mod common;

mod accuracy;
mod annotations;
mod backup;
mod cli;
mod concurrency;
mod coordinates;
mod corpus;
mod damaged;
mod export;
mod fixtures;
mod flags;
mod hostile;
mod library;
mod meetings;
mod money;
mod pdf;
mod questions;
mod regressions;
mod reread;
mod share;
mod worker;
