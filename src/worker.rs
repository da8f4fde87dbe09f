//! Reading a paper in a worker process, so that no file can take the app
//! or the CLI down.
//!
//! The readers are written to be bounded (iterative walks, limits on
//! nesting and size), but a paper is untrusted and some readers are not
//! ours (poppler, pdf-extract): a stack overflow, an allocation failure or
//! a loop in any of them would end the whole process. So the app and the
//! CLI start themselves again in worker mode (`WORKER_ARG`), hand over the
//! bytes on stdin, and take the reading back as JSON on stdout. The worker
//! runs under a memory limit (RLIMIT_AS, on Unix) and a time limit (it and
//! its children are killed when it runs over); when it dies or runs over,
//! that file's import fails with a plain message and nothing else is
//! touched. Only the parent writes the library.
//!
//! On Windows the time limit holds but the memory limit is not set (that
//! needs a job object); a worker that exhausts memory still only ends
//! itself.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::ingest::{self, Format, IngestError};
use crate::parse::{self, Paper};

/// The argument that starts a program in worker mode.
pub const WORKER_ARG: &str = "--scrutineer-read-paper";

/// What the worker returns: the paper as read, with how it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub format: Format,
    /// The character encoding or the PDF reader ("pdftotext -layout").
    pub encoding: String,
    pub paper: Paper,
    /// The text of each page, as read: stored beside the reading, for
    /// searching and for showing a page.
    #[serde(default)]
    pub pages: Vec<crate::ingest::Page>,
}

impl Reading {
    /// Reads the meetings out of an ingested paper, keeping its pages.
    pub fn of(doc: crate::ingest::Ingested) -> Self {
        let paper = parse::parse(&doc);
        Self {
            format: doc.format,
            encoding: doc.encoding.to_owned(),
            paper,
            pages: doc.pages,
        }
    }
}

/// The worker's one line of output.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Reading(Reading),
    /// The reader refused the file, with the kind the UI branches on.
    Refused {
        kind: crate::import::ErrorKind,
        message: String,
    },
}

/// Limits on one worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space, in bytes (RLIMIT_AS on Unix).
    pub memory: u64,
    pub time: Duration,
}

impl Default for Limits {
    /// A 500-page pack reads in a few seconds in well under 300 MB.
    fn default() -> Self {
        Self {
            memory: 1 << 30,
            time: Duration::from_secs(90),
        }
    }
}

/// A program that can be started in worker mode, and its limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub program: PathBuf,
    pub limits: Limits,
}

impl Worker {
    /// This very program (the app or the CLI), which answers `WORKER_ARG`
    /// through `serve_if_asked` at the top of its `main`.
    pub fn this_program() -> std::io::Result<Self> {
        Ok(Self {
            program: std::env::current_exe()?,
            limits: Limits::default(),
        })
    }
}

/// Why a worker gave no reading.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("this file could not be read safely: it needed more than {} MB of memory", .limit / (1024 * 1024))]
    Memory { limit: u64 },
    #[error("this file could not be read safely: reading it took over {} s", .limit.as_secs())]
    Time { limit: Duration },
    #[error("this file could not be read safely: it is nested too deeply for a reader to follow")]
    Depth,
    #[error("this file could not be read safely: the reader stopped unexpectedly ({detail})")]
    Crashed { detail: String },
    #[error("{message}")]
    Refused {
        kind: crate::import::ErrorKind,
        message: String,
    },
    #[error("the paper reader could not be started ({0})")]
    Start(std::io::Error),
}

/// At the top of `main` in every program that may be a worker: when
/// started with `WORKER_ARG`, serve one paper and return the exit code.
pub fn serve_if_asked() -> Option<ExitCode> {
    (std::env::args_os().nth(1).is_some_and(|a| a == WORKER_ARG)).then(serve)
}

/// Worker mode: bytes on stdin, one JSON answer on stdout.
fn serve() -> ExitCode {
    let mut bytes = Vec::new();
    let limit = ingest::MAX_FILE_BYTES;
    if let Err(e) = std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
    {
        eprintln!("worker: reading the paper from the parent: {e}");
        return ExitCode::FAILURE;
    }
    let answer = if bytes.len() as u64 > limit {
        refused(&IngestError::TooLarge {
            size: bytes.len() as u64,
            limit,
        })
    } else {
        match ingest::ingest(&bytes) {
            Ok(doc) => Answer::Reading(Reading::of(doc)),
            Err(e) => refused(&e),
        }
    };
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &answer)
        .map_err(std::io::Error::from)
        .and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("worker: writing the reading to the parent: {e}");
            ExitCode::FAILURE
        }
    }
}

fn refused(e: &IngestError) -> Answer {
    Answer::Refused {
        kind: crate::import::ingest_error_kind(e),
        message: e.to_string(),
    }
}

/// Most a reading may take as JSON: a paper's text several times over.
const MAX_ANSWER_BYTES: u64 = 1 << 30;

/// Reads a paper's bytes in a worker process under its limits.
pub fn read(worker: &Worker, bytes: &[u8]) -> Result<Reading, WorkerError> {
    let mut command = Command::new(&worker.program);
    command
        .arg(WORKER_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit_child(&mut command, worker.limits);
    let mut child = command.spawn().map_err(WorkerError::Start)?;
    let pid = child.id();

    // Feed and drain on threads of their own, so that neither pipe fills
    // while the other is waited on.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| WorkerError::Start(std::io::Error::other("no stdin")))?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| WorkerError::Start(std::io::Error::other("no stdout")))?;
    let mut stderr = child
        .stderr
        .take()
        .ok_or_else(|| WorkerError::Start(std::io::Error::other("no stderr")))?;
    let outcome = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A worker that dies early closes the pipe: its exit says why.
            let _ = stdin.write_all(bytes);
        });
        let out = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stdout).take(MAX_ANSWER_BYTES).read_to_end(&mut buf);
            buf
        });
        let err = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        });
        let deadline = Instant::now() + worker.limits.time;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() >= deadline => {
                    kill_tree(&mut child);
                    break None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(_) => {
                    kill_tree(&mut child);
                    break None;
                }
            }
        };
        (
            status,
            out.join().unwrap_or_default(),
            err.join().unwrap_or_default(),
        )
    });
    crate::ingest::pdf::sweep_temporary_files();
    let (status, out, err) = outcome;
    let Some(status) = status else {
        return Err(WorkerError::Time {
            limit: worker.limits.time,
        });
    };
    if !status.success() {
        return Err(explain_death(&err, status, worker.limits, pid));
    }
    match serde_json::from_slice::<Answer>(&out) {
        Ok(Answer::Reading(reading)) => Ok(reading),
        Ok(Answer::Refused { kind, message }) => Err(WorkerError::Refused { kind, message }),
        Err(e) => Err(WorkerError::Crashed {
            detail: format!("its answer could not be read: {e}"),
        }),
    }
}

/// What a worker's death means, from what it said as it died.
fn explain_death(
    stderr: &str,
    status: std::process::ExitStatus,
    limits: Limits,
    pid: u32,
) -> WorkerError {
    if stderr.contains("memory allocation of")
        || stderr.contains("out of memory")
        || stderr.contains("Cannot allocate memory")
    {
        return WorkerError::Memory {
            limit: limits.memory,
        };
    }
    if stderr.contains("overflowed its stack") {
        return WorkerError::Depth;
    }
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message");
    WorkerError::Crashed {
        detail: format!(
            "worker {pid} ended with {status}: {}",
            last.chars().take(200).collect::<String>()
        ),
    }
}

#[cfg(unix)]
fn limit_child(command: &mut Command, limits: Limits) {
    use std::os::unix::process::CommandExt;
    let memory = limits.memory;
    let cpu_seconds = limits.time.as_secs().max(1) + 5;
    // SAFETY: between fork and exec only async-signal-safe calls are made
    // (setrlimit, setpgid), touching no memory of the parent's.
    unsafe {
        command.pre_exec(move || {
            let address_space = libc::rlimit {
                rlim_cur: memory as libc::rlim_t,
                rlim_max: memory as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &address_space) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // A backstop should the parent die and leave the worker alone:
            // the kernel stops it once it has used its time in CPU.
            let secs = cpu_seconds as libc::rlim_t;
            let cpu = libc::rlimit {
                rlim_cur: secs,
                rlim_max: secs + 5,
            };
            libc::setrlimit(libc::RLIMIT_CPU, &cpu);
            // No core files of papers left on the member's disk.
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            // Its own process group, so its pdftotext dies with it.
            libc::setpgid(0, 0);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_child(_: &mut Command, _: Limits) {}

/// Kills the worker and everything it started.
fn kill_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    // SAFETY: signals the worker's own process group, made in pre_exec.
    unsafe {
        libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}
