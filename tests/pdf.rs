//! Real PDFs from ../shared/corpus/pdf, read by both PDF readers, and
//! broken or textless PDFs refused with a clear message.

use scrutineer::ingest::{self, pdf, IngestError};

use crate::common::corpus_dir;

/// The corpus PDFs, or None (and the test returns) in a clone alone.
fn corpus_pdfs() -> Option<Vec<std::path::PathBuf>> {
    let mut v: Vec<_> = std::fs::read_dir(corpus_dir()?.join("pdf"))
        .expect("corpus/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    assert!(v.len() >= 5, "the corpus PDFs are there");
    Some(v)
}

#[test]
fn every_corpus_pdf_reads_with_pages_and_parses() {
    let Some(pdfs) = corpus_pdfs() else { return };
    for path in pdfs {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let doc = ingest::ingest(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.format, ingest::Format::Pdf);
        assert!(
            doc.pages.len() >= 2,
            "{name}: pages are kept apart, got {}",
            doc.pages.len()
        );
        assert!(
            doc.pages
                .iter()
                .enumerate()
                .all(|(i, p)| p.number == i as u32 + 1),
            "{name}: pages numbered from 1"
        );
        let paper = scrutineer::parse::parse(&doc);
        assert!(
            !paper.meetings.is_empty(),
            "{name}: the text is kept even without a header"
        );
    }
}

#[test]
fn the_pure_rust_reader_reads_them_too_without_panicking() {
    let Some(pdfs) = corpus_pdfs() else { return };
    for path in pdfs {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        match pdf::read_with(&bytes, None) {
            Ok((pages, reader)) => {
                assert_eq!(reader, pdf::Reader::PdfExtract);
                assert!(!pages.is_empty(), "{name}");
            }
            // A clean refusal is acceptable from the fallback; a panic is not.
            Err(e) => assert!(
                matches!(
                    e,
                    IngestError::Pdf { .. } | IngestError::PdfEncrypted | IngestError::PdfNoText
                ),
                "{name}: {e}"
            ),
        }
    }
}

#[test]
fn minutes_pdf_reads_as_a_meeting_with_items() {
    let Some(pdfs) = corpus_pdfs() else { return };
    let path = pdfs
        .into_iter()
        .find(|p| {
            p.to_string_lossy()
                .contains("cabinet-2025-01-30_printed-minutes")
        })
        .expect("minutes PDF");
    let doc = ingest::ingest(&std::fs::read(path).unwrap()).unwrap();
    let paper = scrutineer::parse::parse(&doc);
    let m = &paper.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Cabinet"),
        "the wrapped MINUTES header is read whole"
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2025-01-30"));
    assert!(
        m.items.len() >= 3,
        "minutes items found: {:?}",
        m.items.iter().map(|i| &i.title).collect::<Vec<_>>()
    );
}

/// A well-formed one-page PDF whose page draws nothing: what a scan with
/// no OCR looks like to a text reader.
fn textless_pdf() -> Vec<u8> {
    crate::common::pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
            .to_vec(),
        b"<< /Length 0 >>\nstream\n\nendstream".to_vec(),
    ])
}

#[test]
fn image_only_pdf_says_it_has_no_text_layer() {
    let err = ingest::ingest(&textless_pdf()).unwrap_err();
    assert!(err.to_string().contains("no text layer"), "{err}");
    let err = pdf::read_with(&textless_pdf(), None).unwrap_err();
    assert!(
        err.to_string().contains("no text layer"),
        "the fallback says the same: {err}"
    );
}

#[test]
fn truncated_pdf_is_refused_clearly() {
    let Some(pdfs) = corpus_pdfs() else { return };
    let bytes = std::fs::read(&pdfs[0]).unwrap();
    let broken = &bytes[..bytes.len() / 3];
    match ingest::ingest(broken) {
        Err(IngestError::Pdf { reason }) => assert!(reason.contains("PDF"), "{reason}"),
        // pdftotext may recover the pages it can; then the text must be real.
        Ok(doc) => assert!(doc.pages.iter().any(|p| !p.text.trim().is_empty())),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
    let garbage = b"%PDF-1.7\n\x00\x01\x02 not a pdf at all";
    assert!(matches!(
        ingest::ingest(garbage),
        Err(IngestError::Pdf { .. })
    ));
}

#[test]
fn moderngov_web_service_and_cmis_samples() {
    let Some(corpus) = corpus_dir() else { return };
    let dir = corpus.join("pdf");
    let find = |prefix: &str| {
        std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in corpus/pdf"))
    };
    let meeting =
        ingest::ingest(&std::fs::read(find("x07")).unwrap()).expect("a GetMeeting answer reads");
    assert_eq!(meeting.format, ingest::Format::ModernGovXml);
    let paper = scrutineer::parse::parse(&meeting);
    let m = &paper.meetings[0];
    assert!(
        m.date.is_some() && m.body.is_some(),
        "date and committee come from the answer: {m:?}"
    );
    assert!(!m.items.is_empty(), "agenda items come from the answer");
    assert!(
        m.items.iter().all(|i| !i.text.contains('<')),
        "escaped HTML inside is read as HTML, not shown as tags"
    );

    for listing in ["x08", "x09"] {
        let err = ingest::ingest(&std::fs::read(find(listing)).unwrap()).unwrap_err();
        assert!(
            err.to_string().contains("holds no papers"),
            "{listing}: {err}"
        );
    }
    let cmis = ingest::ingest(&std::fs::read(find("x10")).unwrap()).unwrap();
    let paper = scrutineer::parse::parse(&cmis);
    assert!(
        paper.meetings[0].body.is_some() && paper.meetings[0].date.is_some(),
        "CMIS meeting details are read"
    );
}

#[test]
fn budget_monitoring_appendix_reads_as_one_table_that_adds_up() {
    // The Key Service Statement runs over many pages, its header repeated
    // on each; a reader sees one table whose totals add up.
    let Some(pdfs) = corpus_pdfs() else { return };
    let path = pdfs
        .into_iter()
        .find(|p| p.to_string_lossy().contains("budget-monitoring-appendix"))
        .expect("appendix PDF");
    let doc = ingest::ingest(&std::fs::read(path).unwrap()).unwrap();
    let paper = scrutineer::parse::parse(&doc);
    let main = paper
        .budget_tables
        .iter()
        .map(|t| &t.table)
        .max_by_key(|t| t.lines.len())
        .expect("a budget table");
    assert!(
        main.lines.len() >= 100,
        "one table across its pages: {} lines",
        main.lines.len()
    );
    assert_eq!(
        main.columns.len(),
        3,
        "budget, forecast, variance: {:?}",
        main.columns
    );
    assert_eq!(main.unit, Some(scrutineer::money::Unit::Millions));
    assert!(
        main.lines.iter().filter(|l| l.total_row).count() >= 10,
        "division and directorate totals are marked"
    );
    let mut t = main.clone();
    let mismatches = scrutineer::money::tables::check_totals(&mut t);
    assert!(
        mismatches.is_empty(),
        "every total re-adds from its lines: {mismatches:?}"
    );
    // Variance = forecast - budget on every line, to the rounding printed.
    for l in &main.lines {
        if let [b, f, v] = l.values.as_slice() {
            assert!(
                (f.pence - b.pence - v.pence).abs() <= 10_000_000,
                "{}: {} - {} != {}",
                l.label,
                f.printed,
                b.printed,
                v.printed
            );
        }
    }
}

#[test]
fn a_report_on_its_own_is_an_item_of_the_meeting_it_goes_to() {
    let Some(pdfs) = corpus_pdfs() else { return };
    let path = pdfs
        .into_iter()
        .find(|p| {
            p.to_string_lossy()
                .contains("revenue-capital-budget-monitoring")
        })
        .expect("report PDF");
    let paper = scrutineer::parse::parse(&ingest::ingest(&std::fs::read(path).unwrap()).unwrap());
    let m = &paper.meetings[0];
    assert!(
        m.body.is_some() && m.date.is_some(),
        "the meeting named on the To: line"
    );
    let report = m.items[0].report.as_ref().expect("the cover block");
    assert!(report.by.is_some() && report.to.is_some());
    assert!(
        report.summary.as_deref().is_some_and(|s| s.len() > 100),
        "{report:?}"
    );
    let recs = report.recommendations.as_deref().expect("recommendations");
    assert!(recs.contains("NOTE") || recs.contains("AGREE"), "{recs}");
    assert!(
        !recs.contains("Introduction"),
        "the section ends at the next heading: {recs}"
    );
}

#[test]
fn encrypted_pdf_asks_for_its_password() {
    // qpdf (installed by scripts/setup.sh --test) locks a real PDF.
    let Some(pdfs) = corpus_pdfs() else { return };
    let src = pdfs
        .into_iter()
        .find(|p| p.to_string_lossy().contains("agenda-frontsheet"))
        .expect("front sheet");
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--encrypt", "secret", "owner", "256", "--"])
        .arg(&src)
        .arg(&locked)
        .status()
        .expect("qpdf is installed (scripts/setup.sh --test)");
    assert!(status.success());
    let bytes = std::fs::read(&locked).unwrap();
    let err = ingest::ingest(&bytes).unwrap_err();
    assert!(
        matches!(err, IngestError::PdfEncrypted),
        "pdftotext path: {err}"
    );
    assert!(
        err.to_string().contains("encrypted"),
        "pdftotext path: {err}"
    );
    let err = pdf::read_with(&bytes, None).unwrap_err();
    assert!(err.to_string().contains("PDF"), "fallback path: {err}");
}

/// With `SCRUTINEER_PDF_DUMP=<folder>`, writes what the built-in reader
/// makes of every corpus PDF (text, and words with their boxes) there, to
/// set beside `pdftotext -layout`; without it, does nothing. With
/// `SCRUTINEER_PDF_DUMP_FROM=<folder>`, the PDFs in that folder instead.
#[test]
fn dump_what_the_built_in_reader_reads() {
    let (Some(out), Some(corpus)) = (std::env::var_os("SCRUTINEER_PDF_DUMP"), corpus_dir()) else {
        return;
    };
    let out = std::path::PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let folders = match std::env::var_os("SCRUTINEER_PDF_DUMP_FROM") {
        Some(from) => vec![std::path::PathBuf::from(from)],
        None => vec![corpus.join("pdf"), corpus.join("councils")],
    };
    for folder in folders {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let (pages, _, words) = match pdf::read_builtin(&std::fs::read(&path).unwrap()) {
                Ok(read) => read,
                Err(e) => {
                    std::fs::write(out.join(format!("{stem}.txt")), format!("(refused: {e})"))
                        .unwrap();
                    continue;
                }
            };
            let text: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
            std::fs::write(out.join(format!("{stem}.txt")), text.join("\u{c}")).unwrap();
            let mut boxes = String::new();
            for page in &words {
                for w in &page.words {
                    boxes.push_str(&format!(
                        "{}\t{:.1}\t{:.1}\t{:.1}\t{:.1}\t{}\n",
                        page.number, w.x0, w.y0, w.x1, w.y1, w.text
                    ));
                }
            }
            std::fs::write(out.join(format!("{stem}.words")), boxes).unwrap();
        }
    }
}

/// One page drawn by `content` with Helvetica as /F1, on a page with
/// `page_extra` in its dictionary (a /Rotate).
fn one_page(content: &str, page_extra: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {page_extra} /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>"),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    crate::common::pdf(
        &objects
            .into_iter()
            .map(String::into_bytes)
            .collect::<Vec<_>>(),
    )
}

fn builtin_text(pdf: &[u8]) -> String {
    let (pages, _, _) = pdf::read_builtin(pdf).expect("a generated PDF reads");
    pages.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn the_built_in_reader_keeps_lines_shown_with_quote_operators() {
    // `'` and `"` move to the next line and show text; pdf-extract skips
    // them, which lost the line and raised every line after it.
    let text = builtin_text(&one_page(
        "BT /F1 12 Tf 14 TL 72 760 Td (Present:) Tj (Councillor Smith) ' 0 0 (Councillor Jones) \" (Apologies) ' ET",
        "",
    ));
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    assert_eq!(
        lines,
        [
            "Present:",
            "Councillor Smith",
            "Councillor Jones",
            "Apologies"
        ],
        "{text:?}"
    );
}

#[test]
fn the_built_in_reader_joins_letters_placed_one_by_one_and_reads_a_turned_page_across() {
    // Every letter placed on its own, as spreadsheets print tables, on a
    // page turned a quarter for landscape: in PDF space the line runs up
    // the page, as shown it runs across.
    let mut content = String::from("BT /F1 12 Tf\n");
    let mut y = 100.0;
    for c in "Total 1,234".chars() {
        if c != ' ' {
            content.push_str(&format!("0 1 -1 0 300 {y:.2} Tm ({c}) Tj\n"));
        }
        y += if c == ' ' {
            3.336
        } else {
            12.0 * helvetica_width(c)
        };
    }
    content.push_str("ET");
    let text = builtin_text(&one_page(&content, "/Rotate 90"));
    assert_eq!(text.trim(), "Total 1,234", "{text:?}");
}

/// Helvetica's advance widths (in thousandths) for the letters above.
fn helvetica_width(c: char) -> f64 {
    match c {
        'T' => 0.611,
        'o' => 0.556,
        't' | ',' => 0.278,
        'a' => 0.556,
        'l' => 0.222,
        _ => 0.556,
    }
}

#[test]
fn the_built_in_reader_places_a_form_where_the_page_draws_it() {
    // A running header added as a form XObject (as Acrobat's Header &
    // Footer does), drawn at the top of the page by a `cm` before `Do`.
    let header = "BT /F1 10 Tf 0 0 Td (Cabinet - 30 January 2025) Tj ET";
    let body =
        "BT /F1 12 Tf 72 700 Td (Minutes of the meeting) Tj ET q 1 0 0 1 72 800 cm /Fm0 Do Q";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /Fm0 6 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{body}\nendstream", body.len()),
        format!("<< /Type /XObject /Subtype /Form /BBox [0 0 300 20] /Resources << /Font << /F1 3 0 R >> >> /Length {} >>\nstream\n{header}\nendstream", header.len()),
    ];
    let text = builtin_text(&crate::common::pdf(
        &objects
            .into_iter()
            .map(String::into_bytes)
            .collect::<Vec<_>>(),
    ));
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        ["Cabinet - 30 January 2025", "Minutes of the meeting"],
        "the header stands above the text it heads: {text:?}"
    );
}

#[test]
fn the_built_in_reader_reads_a_table_set_sideways_line_by_line() {
    // A landscape table printed down a portrait page by its text matrix
    // (no /Rotate): each line reads top to bottom, the next to its left.
    let content =
        "BT /F1 10 Tf 0 -1 1 0 300 700 Tm (Adult Social Care) Tj 0 -1 1 0 300 500 Tm (1,234) Tj \
                   0 -1 1 0 286 700 Tm (Children) Tj 0 -1 1 0 286 500 Tm (567) Tj ET";
    let text = builtin_text(&one_page(content, ""));
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        ["Adult Social Care 1,234", "Children 567"],
        "{text:?}"
    );
}

#[test]
fn the_built_in_reader_reads_a_typed_note_where_it_stands() {
    // A FreeText annotation (Acrobat's typewriter tool) in the top right
    // corner: its appearance box is fitted to its /Rect.
    let note = "BT /F1 8 Tf 2 4 Td (Item 153b) Tj ET";
    let body = "BT /F1 12 Tf 72 700 Td (Amenities Committee) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> /Annots [6 0 R] >>".to_string(),
        format!("<< /Length {} >>\nstream\n{body}\nendstream", body.len()),
        "<< /Type /Annot /Subtype /FreeText /Rect [500 800 560 814] /F 4 /AP << /N 7 0 R >> >>".to_string(),
        format!("<< /Type /XObject /Subtype /Form /BBox [0 0 60 14] /Resources << /Font << /F1 3 0 R >> >> /Length {} >>\nstream\n{note}\nendstream", note.len()),
    ];
    let text = builtin_text(&crate::common::pdf(
        &objects
            .into_iter()
            .map(String::into_bytes)
            .collect::<Vec<_>>(),
    ));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 2, "{text:?}");
    assert_eq!(
        lines[0].trim(),
        "Item 153b",
        "the note is above the heading: {text:?}"
    );
    assert!(
        lines[0].find("Item").unwrap() > lines[1].find("Amenities").unwrap() + 20,
        "and to its right: {text:?}"
    );
}

#[test]
fn the_built_in_reader_leaves_out_text_off_the_shown_page() {
    // Text parked outside the crop box (or the page) is not printed, and
    // pdftotext leaves it out: so does the built-in reader.
    let content = "BT /F1 12 Tf 72 700 Td (Minutes) Tj ET BT /F1 12 Tf 10 400 Td (hidden) Tj ET BT /F1 12 Tf -900 300 Td (parked) Tj ET";
    let text = builtin_text(&one_page(content, "/CropBox [50 50 545 792]"));
    assert_eq!(text.trim(), "Minutes", "{text:?}");
}

#[test]
fn the_built_in_reader_measures_a_cid_font_by_its_width_ranges() {
    // A CID font as Acrobat's PDFMaker embeds one (Type0, Identity-H):
    // its /W gives most widths by range (`first last width`), which
    // pdf-extract read as empty, so every letter took the default width
    // of a whole em and the line ran far wider than printed. And, as on
    // the Kent savings table, a missing hyphen (CID 0, 750 wide) pulled
    // back by a `TJ` kern of 346 overlaps the next letter: the word stays
    // whole. The boxes expected are those `pdftotext -bbox` gives.
    let cids = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '-' => "0000".to_string(),
                ' ' => "0003".to_string(),
                c => format!("{:04X}", c as u32 - 29),
            })
            .collect()
    };
    let content = format!(
        "BT /F1 10 Tf 72 700 Td [<{}> 346 <{}>] TJ ET",
        cids("in-"),
        cids("house provision")
    );
    let to_unicode = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test-UCS def /CMapType 2 def \
                      1 begincodespacerange <0000> <FFFF> endcodespacerange \
                      2 beginbfchar <0000> <002D> <0003> <0020> endbfchar \
                      1 beginbfrange <0044> <005D> <0061> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_string(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /ArialMT /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        // a-h and j-z 556 by range, i 222 and the space 278 by list.
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialMT /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 8 0 R /CIDToGIDMap /Identity /DW 1000 /W [0 [750] 3 [278] 68 75 556 76 [222] 77 93 556] >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{to_unicode}\nendstream", to_unicode.len()),
        "<< /Type /FontDescriptor /FontName /ArialMT /Flags 32 /FontBBox [-665 -325 2000 1040] /ItalicAngle 0 /Ascent 905 /Descent -212 \
         /CapHeight 716 /StemV 80 >>"
            .to_string(),
    ];
    let (_, _, pages) = pdf::read_builtin(&crate::common::pdf(
        &objects
            .into_iter()
            .map(String::into_bytes)
            .collect::<Vec<_>>(),
    ))
    .expect("a generated PDF reads");
    let words: Vec<(&str, f32, f32)> = pages[0]
        .words
        .iter()
        .map(|w| (w.text.as_str(), w.x0, w.x1))
        .collect();
    // In ems: i n - (pulled back) h o u s e; a space; p r o v i s i o n.
    let whole = 0.222 + 0.556 + 0.75 - 0.346 + 5.0 * 0.556;
    let next = 72.0 + 10.0 * (whole + 0.278);
    let expected = [
        ("in-house", 72.0, 72.0 + 10.0 * whole),
        ("provision", next, next + 10.0 * (7.0 * 0.556 + 2.0 * 0.222)),
    ];
    assert_eq!(words.len(), expected.len(), "{words:?}");
    for ((text, x0, x1), (want, w0, w1)) in words.iter().zip(expected) {
        assert_eq!(*text, want, "{words:?}");
        assert!(
            (x0 - w0).abs() < 0.1 && (x1 - w1).abs() < 0.1,
            "{text} stands at {x0:.2}-{x1:.2}, printed at {w0:.2}-{w1:.2}: {words:?}"
        );
    }
}
