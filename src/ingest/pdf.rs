//! PDF to text with page numbers.
//!
//! First choice is poppler's `pdftotext -layout`, run as a separate program:
//! on the Kent packs it keeps table columns and reading order best, and as a
//! separate process its GPL licence does not reach this crate, and a crash
//! or hang in it cannot take the app down. When it is not installed, the
//! pure-Rust `pdf-extract` (MIT) reads the file instead, isolated so that
//! its panics on odd files become an error message.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{IngestError, Page};

/// A 500-page pack takes a few seconds; a minute means something is wrong.
const PDFTOTEXT_TIMEOUT: Duration = Duration::from_secs(60);

/// Which reader produced the text, for the document record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Pdftotext,
    PdfExtract,
}

impl Reader {
    pub fn as_str(self) -> &'static str {
        match self {
            Reader::Pdftotext => "pdftotext -layout",
            Reader::PdfExtract => "pdf-extract",
        }
    }
}

/// Set to `builtin` to read PDFs with the pure-Rust reader even where
/// poppler is installed: what a laptop without poppler does, for tests of
/// that path through the worker. It chooses between our own two readers;
/// it cannot name a program.
pub const READER_ENV: &str = "SCRUTINEER_PDF_READER";

pub(crate) fn read(bytes: &[u8]) -> Result<(Vec<Page>, Reader), IngestError> {
    let builtin = std::env::var_os(READER_ENV).is_some_and(|v| v == "builtin");
    read_with(bytes, if builtin { None } else { pdftotext_program() })
}

/// Reads a PDF with the given `pdftotext` program, or with the pure-Rust
/// reader when `None` (what happens where poppler is not installed).
pub fn read_with(bytes: &[u8], pdftotext: Option<PathBuf>) -> Result<(Vec<Page>, Reader), IngestError> {
    let (texts, reader) = match pdftotext {
        Some(program) => match run_pdftotext(&program, bytes)? {
            Some(texts) => (texts, Reader::Pdftotext),
            None => (run_pdf_extract(bytes)?, Reader::PdfExtract),
        },
        None => (run_pdf_extract(bytes)?, Reader::PdfExtract),
    };
    if texts.iter().all(|t| t.trim().is_empty()) {
        return Err(IngestError::Pdf {
            reason: "this PDF has no text layer (its pages are images, perhaps scanned); \
                     run it through OCR and import the result"
                .into(),
        });
    }
    let pages = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Page { number: i as u32 + 1, text })
        .collect();
    Ok((pages, reader))
}

/// The pdftotext to run: one shipped beside the app (as an installer for
/// Windows or macOS would place it), else the one on the PATH. Never a
/// program named by the environment: that would let anything that can set
/// a variable choose what Scrutineer runs on a member's papers.
fn pdftotext_program() -> Option<PathBuf> {
    let name = if cfg!(windows) { "pdftotext.exe" } else { "pdftotext" };
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join(name)));
    Some(beside.filter(|p| p.is_file()).unwrap_or_else(|| PathBuf::from(name)))
}

/// The folder of Scrutineer's temporary copies of PDFs. Each is named for
/// the process that made it, so that copies left by a killed process are
/// found and removed (`sweep_temporary_files`) without touching those of
/// another Scrutineer still at work.
fn temporary_folder() -> PathBuf {
    std::env::temp_dir().join("scrutineer-papers")
}

/// A temporary copy of a PDF for pdftotext, removed when dropped.
pub(crate) fn temporary_pdf(bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = temporary_folder();
    std::fs::create_dir_all(&folder)?;
    let mut file =
        tempfile::Builder::new().prefix(&format!("{}-", std::process::id())).suffix(".pdf").tempfile_in(&folder)?;
    file.write_all(bytes)?;
    file.flush()?;
    Ok(file)
}

/// Removes temporary copies whose process is gone (killed before it could
/// remove its own). Called after every worker ends.
pub fn sweep_temporary_files() {
    let Ok(entries) = std::fs::read_dir(temporary_folder()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name.to_string_lossy().split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_alive(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a cheap check here, every copy is taken as another's at work:
/// the system's own temp clean-up removes what a killed process left.
#[cfg(not(unix))]
fn process_alive(_: u32) -> bool {
    true
}

/// Runs pdftotext. `Ok(None)` when the program is not installed, so the
/// caller falls back; an error when it ran and refused the file.
fn run_pdftotext(program: &PathBuf, bytes: &[u8]) -> Result<Option<Vec<String>>, IngestError> {
    // pdftotext reads a file, not a pipe; the temporary file is removed on drop.
    let input = temporary_pdf(bytes)?;
    let child = Command::new(program)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(input.path())
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    // Read output on threads so a full pipe cannot stall the child.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut v);
        v
    });
    let deadline = Instant::now() + PDFTOTEXT_TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(IngestError::Pdf { reason: "reading this PDF took over a minute and was stopped".into() });
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out.join().map_err(|_| IngestError::Pdf { reason: "pdftotext output was lost".into() })??;
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    if !status.success() {
        return Err(IngestError::Pdf { reason: explain_pdftotext_error(&stderr) });
    }
    let text = String::from_utf8_lossy(&stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends every page with a form feed, so the last piece is empty.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(Some(pages))
}

fn explain_pdftotext_error(stderr: &str) -> String {
    let lower = stderr.to_lowercase();
    if lower.contains("password") {
        "this PDF is encrypted and needs a password to open".into()
    } else if lower.contains("may not be a pdf") || lower.contains("couldn't find trailer") || lower.contains("syntax error") {
        "this PDF is damaged and could not be read".into()
    } else {
        let first = stderr.lines().next().unwrap_or("unknown error").trim();
        format!("this PDF could not be read ({first})")
    }
}

fn run_pdf_extract(bytes: &[u8]) -> Result<Vec<String>, IngestError> {
    let owned = bytes.to_vec();
    // pdf-extract can panic on unusual files; a thread turns that into an error.
    let result = std::thread::spawn(move || {
        std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&owned))
    })
    .join();
    match result {
        Ok(Ok(Ok(pages))) => Ok(pages),
        Ok(Ok(Err(e))) => {
            let msg = e.to_string();
            let reason = if msg.to_lowercase().contains("encrypt") {
                "this PDF is encrypted and needs a password to open".to_string()
            } else {
                format!("this PDF is damaged and could not be read ({msg})")
            };
            Err(IngestError::Pdf { reason })
        }
        _ => Err(IngestError::Pdf { reason: "this PDF could not be read: the PDF reader failed on it".into() }),
    }
}
