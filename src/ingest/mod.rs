//! Ingest: the bytes of a file become clean text that remembers its pages.
//!
//! This module decides what a file is (a PDF, text in one of several
//! encodings, or something we cannot read) and turns it into text. It knows
//! nothing of meetings or agendas; that is `parse`'s job.

pub mod docx;
pub mod html;
pub mod moderngov;
pub mod pdf;
mod pdf_words;

use std::io::Read;
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// Largest file we will read. Agenda packs of 500 pages are a few tens of
/// megabytes; anything far beyond that is not a council paper, and reading
/// it whole would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// File name endings of the papers `ingest` reads, for file dialogs. The
/// bytes decide the format, not the name: this only helps people choose.
pub const PAPER_EXTENSIONS: &[&str] = &["pdf", "docx", "html", "htm", "xml", "txt", "text", "md"];

/// What kind of file the bytes were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Pdf,
    Html,
    Docx,
    /// A ModernGov web service answer (XML).
    ModernGovXml,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::ModernGovXml => "moderngov-xml",
        }
    }

    /// Whether a stored format (`as_str`) has printed pages a member can
    /// turn to: a PDF or a Word file; a web page or text has none.
    pub fn has_pages(stored: &str) -> bool {
        stored == Format::Pdf.as_str() || stored == Format::Docx.as_str()
    }
}

/// One page of text. Plain text files have one page unless they carry form
/// feeds (as `pdftotext` output does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub number: u32,
    pub text: String,
}

/// A file's text, decoded, split into pages.
#[derive(Debug, Clone, Serialize)]
pub struct Ingested {
    pub format: Format,
    /// How the text was obtained: the character encoding of a text file
    /// ("UTF-8", "windows-1252") or the PDF reader ("pdftotext -layout").
    pub encoding: &'static str,
    pub pages: Vec<Page>,
    /// Where each word is printed, page by page, when the reader knows
    /// (PDFs read by poppler); empty for text, HTML and Word files.
    #[serde(skip)]
    pub words: Vec<PageWords>,
}

/// One page's words with their boxes, in reading order as the PDF gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageWords {
    pub number: u32,
    /// The page's size in points.
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
}

/// A word as printed: its text and its box in points from the top left.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Ingested {
    /// The whole text, pages joined by form feeds.
    pub fn full_text(&self) -> String {
        let parts: Vec<&str> = self.pages.iter().map(|p| p.text.as_str()).collect();
        parts.join("\u{c}")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, larger than the {limit} bytes Scrutineer reads; is it really a council paper?")]
    TooLarge { size: u64, limit: u64 },
    #[error("this looks like a binary file, not text ({reason})")]
    Binary { reason: String },
    #[error("this PDF is encrypted and needs a password to open")]
    PdfEncrypted,
    #[error("this PDF has no text layer (its pages are images, perhaps scanned); run it through OCR and import the result")]
    PdfNoText,
    #[error("{reason}")]
    Pdf { reason: String },
    #[error("{reason}")]
    Docx { reason: String },
    #[error("{reason}")]
    NotAPaper { reason: String },
    #[error("{kind} files cannot be read yet; save the paper as text or PDF and import that")]
    Unsupported { kind: &'static str },
    #[error("this is {what}, not a file: Scrutineer reads only papers saved as ordinary files")]
    NotAFile { what: &'static str },
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads a file from disk, refusing oversized files before reading them.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    // Look before opening: opening a named pipe waits for a writer for ever.
    ordinary_file(&std::fs::metadata(path)?.file_type())?;
    let file = open_without_waiting(path)?;
    // And look again at what was opened, in case the name changed hands.
    let meta = file.metadata()?;
    ordinary_file(&meta.file_type())?;
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while we read it.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

fn ordinary_file(kind: &std::fs::FileType) -> Result<(), IngestError> {
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_file_kind(kind)
    };
    Err(IngestError::NotAFile { what })
}

#[cfg(unix)]
fn special_file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not an ordinary file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_: &std::fs::FileType) -> &'static str {
    "not an ordinary file"
}

/// Opens for reading without blocking on a pipe or device that appeared
/// under the name after it was looked at; ordinary files read as usual.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Turns a file's bytes into text with pages.
pub fn ingest(bytes: &[u8]) -> Result<Ingested, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(b"%PDF-") {
        let (pages, reader, words) = pdf::read_positions(bytes)?;
        return Ok(Ingested {
            format: Format::Pdf,
            encoding: reader.as_str(),
            pages,
            words,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") && docx::is_docx(bytes) {
        let pages = split_pages(&docx::to_text(bytes)?);
        return Ok(Ingested {
            format: Format::Docx,
            encoding: "Word XML",
            pages,
            words: Vec::new(),
        });
    }
    if let Some(kind) = sniff_unsupported(bytes) {
        return Err(IngestError::Unsupported { kind });
    }
    let (text, encoding) = decode_text(bytes)?;
    if moderngov::sniff(&text) {
        let pages = split_pages(&moderngov::to_text(&text)?);
        return Ok(Ingested {
            format: Format::ModernGovXml,
            encoding,
            pages,
            words: Vec::new(),
        });
    }
    if html::sniff(text.as_bytes()) {
        let pages = split_pages(&html::to_text(&text)?);
        return Ok(Ingested {
            format: Format::Html,
            encoding,
            pages,
            words: Vec::new(),
        });
    }
    let pages = split_pages(&text);
    Ok(Ingested {
        format: Format::Text,
        encoding,
        pages,
        words: Vec::new(),
    })
}

/// Formats recognised by their magic bytes that this build cannot read.
fn sniff_unsupported(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("Zip archives other than Word .docx")
    } else {
        None
    }
}

/// Decodes text, detecting its encoding: a byte-order mark if there is one,
/// then UTF-16 by its telltale zero bytes, then UTF-8 if the bytes are valid
/// UTF-8, and Windows-1252 (what Word on Windows writes, "£" = 0xA3)
/// otherwise. Text full of control characters is refused as binary.
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), IngestError> {
    let encoding: &'static Encoding = if let Some((enc, _)) = Encoding::for_bom(bytes) {
        enc
    } else if let Some(enc) = sniff_utf16(bytes) {
        enc
    } else if bytes.contains(&0) {
        return Err(IngestError::Binary {
            reason: "it contains zero bytes".into(),
        });
    } else if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        WINDOWS_1252
    };
    // `decode` strips a BOM of the detected encoding.
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors && encoding != WINDOWS_1252 {
        return Err(IngestError::Binary {
            reason: format!("it is not valid {}", encoding.name()),
        });
    }
    check_control_characters(&text)?;
    Ok((text.into_owned(), encoding.name()))
}

/// UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // Over 70% zeros in one lane and almost none in the other.
    if zero_odd * 10 > pairs * 7 && zero_even * 20 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 > pairs * 7 && zero_odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn check_control_characters(text: &str) -> Result<(), IngestError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    // Real papers have next to none; binaries decoded as 1252 have plenty.
    if control > 0 && control * 100 > total {
        return Err(IngestError::Binary {
            reason: format!("{control} of its {total} characters are control characters"),
        });
    }
    Ok(())
}

fn split_pages(text: &str) -> Vec<Page> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\u{c}')
        .enumerate()
        .map(|(i, t)| Page {
            number: i as u32 + 1,
            text: t.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, enc) = decode_text("£5m".as_bytes()).unwrap();
        assert_eq!((t.as_str(), enc), ("£5m", "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("£5m".as_bytes());
        let (t, _) = decode_text(&bom).unwrap();
        assert_eq!(t, "£5m", "the BOM is not part of the text");
    }

    #[test]
    fn windows_1252_pound_sign() {
        let (t, enc) = decode_text(b"overspend of \xA316.3m").unwrap();
        assert_eq!(t, "overspend of £16.3m");
        assert_eq!(enc, "windows-1252");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "Cabinet £1m"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(
            decode_text(&le).unwrap().0,
            "Cabinet £1m",
            "no BOM, little-endian"
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("Cabinet £1m".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(
            decode_text(&be).unwrap().0,
            "Cabinet £1m",
            "BOM, big-endian"
        );
    }

    #[test]
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..2048u32).map(|i| (i * 37 % 251) as u8).collect();
        assert!(matches!(ingest(&bytes), Err(IngestError::Binary { .. })));
        assert!(matches!(
            ingest(b"\x01\x02\x03\x04\x05hello"),
            Err(IngestError::Binary { .. })
        ));
    }

    #[test]
    fn empty_and_whitespace_are_empty() {
        assert!(matches!(ingest(b""), Err(IngestError::Empty)));
        assert!(matches!(ingest(b" \n\t "), Err(IngestError::Empty)));
    }

    #[test]
    fn form_feeds_split_pages() {
        let got = ingest(b"one\x0ctwo\r\nthree").unwrap();
        assert_eq!(got.pages.len(), 2);
        assert_eq!(
            got.pages[1],
            Page {
                number: 2,
                text: "two\nthree".into()
            }
        );
    }

    #[test]
    fn broken_pdf_gets_a_clear_message() {
        let err = ingest(b"%PDF-1.7\nthis is not really a PDF").unwrap_err();
        assert!(matches!(err, IngestError::Pdf { .. }), "{err:?}");
        assert!(err.to_string().contains("PDF"), "{err}");
    }
}
