//! The worker process: what it returns is exactly what reading in this
//! process gives, and when it runs over its memory or time it is stopped
//! with a plain message.

use std::time::{Duration, Instant};

use scrutineer::worker::{self, Limits, Worker, WorkerError};

use crate::common::{corpus_dir, sample};

fn worker(limits: Limits) -> Worker {
    Worker {
        program: env!("CARGO_BIN_EXE_scrutineer").into(),
        limits,
    }
}

fn in_process(bytes: &[u8]) -> scrutineer::parse::Paper {
    scrutineer::parse::parse(&scrutineer::ingest::ingest(bytes).expect("ingest"))
}

#[test]
fn the_workers_reading_is_the_same_as_reading_here() {
    let mut papers: Vec<std::path::PathBuf> = [
        "Kent Cabinet 2018-03-26",
        "Kent Cabinet 2022-12-01",
        "Worcestershire",
    ]
    .iter()
    .map(|s| sample(s))
    .collect();
    if let Some(corpus) = corpus_dir() {
        // PDFs carry word positions and tables read from them.
        papers.extend(
            std::fs::read_dir(corpus.join("councils"))
                .expect("councils")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .take(4),
        );
    }
    for path in papers {
        let bytes = std::fs::read(&path).unwrap();
        let reading = worker::read(&worker(Limits::default()), &bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let here = in_process(&bytes);
        let name = path.display();
        // Part by part, so a difference says where it is.
        assert_eq!(reading.paper.meetings, here.meetings, "{name}: meetings");
        for (a, b) in reading.paper.budget_tables.iter().zip(&here.budget_tables) {
            assert_eq!(a.table.lines, b.table.lines, "{name}: table lines");
            assert_eq!(a, b, "{name}: budget table");
        }
        assert_eq!(reading.paper.figures, here.figures, "{name}: figures");
        assert_eq!(
            reading.paper.diagnostics, here.diagnostics,
            "{name}: diagnostics"
        );
        assert_eq!(
            reading.paper, here,
            "{name}: the JSON round trip loses nothing"
        );
    }
}

#[test]
fn a_worker_that_needs_more_memory_than_allowed_is_stopped_with_a_message() {
    // A long text paper needs far more than 40 MB to read.
    let big = std::fs::read_to_string(sample("Kent Cabinet 2018-03-26"))
        .unwrap()
        .repeat(60);
    let limits = Limits {
        memory: 40 << 20,
        time: Duration::from_secs(60),
    };
    let err = worker::read(&worker(limits), big.as_bytes()).unwrap_err();
    assert!(matches!(err, WorkerError::Memory { .. }), "{err:?}");
    assert!(err.to_string().contains("needed more than 40 MB"), "{err}");
}

#[test]
fn a_worker_that_runs_over_its_time_is_killed_with_a_message() {
    let big = std::fs::read_to_string(sample("Kent Cabinet 2018-03-26"))
        .unwrap()
        .repeat(40);
    let limits = Limits {
        memory: 1 << 30,
        time: Duration::from_millis(30),
    };
    let started = Instant::now();
    let err = worker::read(&worker(limits), big.as_bytes()).unwrap_err();
    assert!(matches!(err, WorkerError::Time { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "killed at its limit, not left to finish"
    );
}

#[test]
fn a_refusal_in_the_worker_comes_back_with_its_kind() {
    let err = worker::read(&worker(Limits::default()), b"   \n  ").unwrap_err();
    let import_err = scrutineer::ImportError::from(err);
    assert_eq!(import_err.kind(), scrutineer::ErrorKind::Empty);
    assert!(import_err.to_string().contains("empty"), "{import_err}");
}
