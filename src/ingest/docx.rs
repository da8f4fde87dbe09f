//! Word .docx to text: paragraphs a line each, table rows as tab-separated
//! lines (so a budget table keeps its columns), page breaks as pages.
//!
//! A .docx is a zip of XML parts; only `word/document.xml` is read, through
//! a size limit so that a zip bomb is refused rather than unpacked.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::IngestError;

/// Largest document.xml we will unpack: far beyond any real report.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

fn bad(reason: impl Into<String>) -> IngestError {
    IngestError::Docx {
        reason: reason.into(),
    }
}

/// Whether a zip holds a Word document.
pub fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|mut z| z.by_name("word/document.xml").is_ok())
}

/// The document's text, pages split where Word has hard page breaks.
pub fn to_text(bytes: &[u8]) -> Result<String, IngestError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("this Word file is damaged ({e})")))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| bad("this zip file is not a Word document (it has no word/document.xml)"))?;
    let mut xml = Vec::new();
    part.take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(format!("this Word file is damaged ({e})")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(bad(
            "this Word document unpacks to more text than Scrutineer reads",
        ));
    }
    document_text(&xml)
}

fn document_text(xml: &[u8]) -> Result<String, IngestError> {
    let mut reader = Reader::from_reader(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| bad(format!("this Word document's XML is damaged ({e})")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tr" => row = Some(Vec::new()),
                b"tc" => cell = Some(String::new()),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => para.push('\t'),
                b"br" => {
                    let page = e.attributes().flatten().any(|a| {
                        a.key.local_name().as_ref() == b"type" && a.value.as_ref() == b"page"
                    });
                    if page {
                        flush(&mut para, &mut cell, &mut out);
                        out.push('\u{c}');
                    } else {
                        para.push(' ');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t
                    .unescape()
                    .map_err(|e| bad(format!("this Word document's XML is damaged ({e})")))?;
                para.push_str(&text);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => flush(&mut para, &mut cell, &mut out),
                b"tc" => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        r.push(c.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                }
                b"tr" => {
                    if let Some(r) = row.take() {
                        out.push_str(&r.join("\t"));
                        out.push('\n');
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Ends a paragraph: into the current table cell, or onto its own line.
fn flush(para: &mut String, cell: &mut Option<String>, out: &mut String) {
    let text = std::mem::take(para);
    match cell {
        Some(c) => {
            if !c.is_empty() {
                c.push(' ');
            }
            c.push_str(text.trim());
        }
        None => {
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_page_breaks() {
        let xml = br#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>Revenue Budget Monitoring</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Adults</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>(1.2)</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:br w:type="page"/><w:t xml:space="preserve">Next &amp; last</w:t></w:r></w:p>
        </w:body></w:document>"#;
        assert_eq!(
            document_text(xml).unwrap(),
            "Revenue Budget Monitoring\nAdults\t(1.2)\n\n\u{c}Next & last\n"
        );
    }

    #[test]
    fn a_zip_that_is_not_word_is_named() {
        assert!(!is_docx(b"PK\x03\x04 broken"));
        assert!(matches!(
            to_text(b"PK\x03\x04 broken"),
            Err(IngestError::Docx { .. })
        ));
    }
}
