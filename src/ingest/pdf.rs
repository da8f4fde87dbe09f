//! PDF to text with page numbers.
//!
//! First choice is poppler's `pdftotext -layout`, run as a separate program:
//! on the Kent packs it keeps table columns and reading order best, and as a
//! separate process its GPL licence does not reach this crate, and a crash
//! or hang in it cannot take the app down. When it is not installed, the
//! pure-Rust `pdf-extract` (MIT) reads the file instead, isolated so that
//! its panics on odd files become an error message.
//!
//! Beside the laid-out text, `pdftotext -bbox` gives every word's box
//! (`-bbox-layout` adds blocks and lines we do not use, and is slower), so
//! budget tables can be read from where their figures stand rather than
//! from counted spaces. Both runs go at once, so reading positions
//! costs little more time than the text alone; if the second run fails the
//! paper is still read, with no positions.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{IngestError, Page, PageWords, Word};

/// Set to `builtin` to read PDFs with the pure-Rust reader even where
/// poppler is installed: what a laptop without poppler does, for tests of
/// that path through the worker. It chooses between our own two readers;
/// it cannot name a program.
pub const READER_ENV: &str = "SCRUTINEER_PDF_READER";

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

/// The text and, where poppler is installed, each word's position.
pub(crate) fn read_positions(
    bytes: &[u8],
) -> Result<(Vec<Page>, Reader, Vec<PageWords>), IngestError> {
    let builtin = std::env::var_os(READER_ENV).is_some_and(|v| v == "builtin");
    let Some(program) = pdftotext_program().filter(|_| !builtin) else {
        return read_builtin(bytes);
    };
    let input = temp_pdf(bytes)?;
    let path = input.path().to_path_buf();
    let words_program = program.clone();
    // The positions run on their own thread, at the same time as the text.
    let words = std::thread::spawn(move || {
        run_pdftotext(&words_program, &["-bbox", "-enc", "UTF-8"], &path)
            .ok()
            .flatten()
            .map(|out| parse_bbox(&String::from_utf8_lossy(&out)))
            .unwrap_or_default()
    });
    let texts = match run_pdftotext(&program, &["-layout", "-enc", "UTF-8"], input.path())? {
        Some(out) => Some(split_pages(&out)),
        None => None,
    };
    let words = words.join().unwrap_or_default();
    drop(input);
    let (pages, reader, words) = match texts {
        Some(texts) => (number_pages(texts)?, Reader::Pdftotext, words),
        None => {
            let (texts, words) = run_pdf_extract(bytes)?;
            (number_pages(texts)?, Reader::PdfExtract, words)
        }
    };
    Ok((pages, reader, words))
}

/// The text and word boxes from the pure-Rust reader alone, as a laptop
/// without poppler reads them.
pub fn read_builtin(bytes: &[u8]) -> Result<(Vec<Page>, Reader, Vec<PageWords>), IngestError> {
    let (texts, words) = run_pdf_extract(bytes)?;
    Ok((number_pages(texts)?, Reader::PdfExtract, words))
}

/// Reads a PDF with the given `pdftotext` program, or with the pure-Rust
/// reader when `None` (what happens where poppler is not installed).
pub fn read_with(
    bytes: &[u8],
    pdftotext: Option<PathBuf>,
) -> Result<(Vec<Page>, Reader), IngestError> {
    let (texts, reader) = match pdftotext {
        Some(program) => {
            let input = temp_pdf(bytes)?;
            match run_pdftotext(&program, &["-layout", "-enc", "UTF-8"], input.path())? {
                Some(out) => (split_pages(&out), Reader::Pdftotext),
                None => (run_pdf_extract(bytes)?.0, Reader::PdfExtract),
            }
        }
        None => (run_pdf_extract(bytes)?.0, Reader::PdfExtract),
    };
    Ok((number_pages(texts)?, reader))
}

fn number_pages(texts: Vec<String>) -> Result<Vec<Page>, IngestError> {
    if texts.iter().all(|t| t.trim().is_empty()) {
        return Err(IngestError::PdfNoText);
    }
    let pages = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Page {
            number: i as u32 + 1,
            text,
        })
        .collect();
    Ok(pages)
}

/// The pdftotext to run: one shipped beside the app (as an installer for
/// Windows or macOS would place it), else the one on the PATH. Never a
/// program named by the environment: that would let anything that can set
/// a variable choose what Scrutineer runs on a member's papers.
fn pdftotext_program() -> Option<PathBuf> {
    let name = if cfg!(windows) {
        "pdftotext.exe"
    } else {
        "pdftotext"
    };
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join(name)));
    Some(
        beside
            .filter(|p| p.is_file())
            .unwrap_or_else(|| PathBuf::from(name)),
    )
}

/// The folder of Scrutineer's temporary copies of PDFs. Each is named for
/// the process that made it, so that copies left by a killed process are
/// found and removed (`sweep_temporary_files`) without touching those of
/// another Scrutineer still at work.
fn temporary_folder() -> PathBuf {
    std::env::temp_dir().join("scrutineer-papers")
}

/// pdftotext reads a file, not a pipe: a temporary copy, removed on drop.
fn temp_pdf(bytes: &[u8]) -> Result<tempfile::NamedTempFile, IngestError> {
    let folder = temporary_folder();
    std::fs::create_dir_all(&folder)?;
    let mut input = tempfile::Builder::new()
        .prefix(&format!("{}-", std::process::id()))
        .suffix(".pdf")
        .tempfile_in(&folder)?;
    input.write_all(bytes)?;
    input.flush()?;
    Ok(input)
}

/// Removes temporary copies whose process is gone (killed before it could
/// remove its own). Called after every worker ends.
pub fn sweep_temporary_files() {
    let Ok(entries) = std::fs::read_dir(temporary_folder()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_string_lossy()
            .split('-')
            .next()
            .and_then(|p| p.parse::<u32>().ok());
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

fn split_pages(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends every page with a form feed, so the last piece is empty.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Runs pdftotext with `args` on the file. `Ok(None)` when the program is
/// not installed, so the caller falls back; an error when it ran and
/// refused the file.
fn run_pdftotext(
    program: &PathBuf,
    args: &[&str],
    input: &std::path::Path,
) -> Result<Option<Vec<u8>>, IngestError> {
    let child = Command::new(program)
        .args(args)
        .arg(input)
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
            return Err(IngestError::Pdf {
                reason: "reading this PDF took over a minute and was stopped".into(),
            });
        }
        // Short naps: a 100-page pack is read in a tenth of a second.
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = out.join().map_err(|_| IngestError::Pdf {
        reason: "pdftotext output was lost".into(),
    })??;
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    if !status.success() {
        return Err(explain_pdftotext_error(&stderr));
    }
    Ok(Some(stdout))
}

/// Pages and word boxes from `pdftotext -bbox`'s (or `-bbox-layout`'s)
/// XHTML. The format
/// is poppler's own and regular (one element a line), so it is read line
/// by line rather than with an XML parser.
pub fn parse_bbox(xhtml: &str) -> Vec<PageWords> {
    let mut pages: Vec<PageWords> = Vec::new();
    for line in xhtml.lines() {
        let t = line.trim_start();
        if t.starts_with("<page ") {
            pages.push(PageWords {
                number: pages.len() as u32 + 1,
                width: attr(t, " width=\"").unwrap_or(0.0),
                height: attr(t, " height=\"").unwrap_or(0.0),
                words: Vec::new(),
            });
        } else if let Some(rest) = t.strip_prefix("<word ") {
            let (Some(page), Some(open_end), Some(close)) =
                (pages.last_mut(), rest.find('>'), rest.rfind("</word>"))
            else {
                continue;
            };
            if close < open_end {
                continue;
            }
            let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
                attr(t, " xMin=\""),
                attr(t, " yMin=\""),
                attr(t, " xMax=\""),
                attr(t, " yMax=\""),
            ) else {
                continue;
            };
            let text = unescape(&rest[open_end + 1..close]);
            if !text.trim().is_empty() {
                page.words.push(Word {
                    text,
                    x0,
                    y0,
                    x1,
                    y1,
                });
            }
        }
    }
    pages
}

/// An attribute's number: `name` is written with its leading space and
/// `="`, as in ` xMin="`.
fn attr(tag: &str, name: &str) -> Option<f32> {
    let at = tag.find(name)? + name.len();
    let end = tag[at..].find('"')? + at;
    tag[at..end].parse().ok()
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn explain_pdftotext_error(stderr: &str) -> IngestError {
    let lower = stderr.to_lowercase();
    let reason = if lower.contains("password") {
        return IngestError::PdfEncrypted;
    } else if lower.contains("may not be a pdf")
        || lower.contains("couldn't find trailer")
        || lower.contains("syntax error")
    {
        "this PDF is damaged and could not be read".into()
    } else {
        let first = stderr.lines().next().unwrap_or("unknown error").trim();
        format!("this PDF could not be read ({first})")
    };
    IngestError::Pdf { reason }
}

/// The pure-Rust reader (pdf-extract): each page's words with their boxes,
/// and its text laid out from them (`pdf_words`).
fn run_pdf_extract(bytes: &[u8]) -> Result<(Vec<String>, Vec<PageWords>), IngestError> {
    enum Failed {
        Encrypted,
        Damaged(String),
    }
    let owned = bytes.to_vec();
    // pdf-extract can panic on unusual files; a thread turns that into an error.
    let result = std::thread::spawn(move || {
        std::panic::catch_unwind(move || {
            let mut doc = pdf_extract::Document::load_mem(&owned)
                .map_err(|e| Failed::Damaged(e.to_string()))?;
            if doc.is_encrypted() && doc.decrypt("").is_err() {
                return Err(Failed::Encrypted);
            }
            super::pdf_words::prepare(&mut doc);
            match super::pdf_words::read(&doc) {
                Ok(read) => Ok(read),
                // Too much to place word by word, or a page the word reader
                // trips on: the plain text reader, without positions.
                Err(_) => {
                    let texts = pdf_extract::extract_text_from_mem_by_pages(&owned)
                        .map_err(|e| Failed::Damaged(e.to_string()))?;
                    Ok((texts, Vec::new()))
                }
            }
        })
    })
    .join();
    match result {
        Ok(Ok(Ok(read))) => Ok(read),
        Ok(Ok(Err(Failed::Encrypted))) => Err(IngestError::PdfEncrypted),
        Ok(Ok(Err(Failed::Damaged(msg)))) => {
            if msg.to_lowercase().contains("encrypt") {
                return Err(IngestError::PdfEncrypted);
            }
            Err(IngestError::Pdf {
                reason: format!("this PDF is damaged and could not be read ({msg})"),
            })
        }
        _ => Err(IngestError::Pdf {
            reason: "this PDF could not be read: the PDF reader failed on it".into(),
        }),
    }
}
