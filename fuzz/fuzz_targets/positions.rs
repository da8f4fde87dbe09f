//! Words with arbitrary boxes, as `pdftotext -bbox` would give them, through
//! the word-position table reader and the parser: never a panic, and never
//! a hang, however the boxes overlap, repeat or run off the page.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scrutineer::ingest::{Format, Ingested, Page, PageWords, Word};

/// Each 5-byte chunk is a word: x, y, width, page (0..3), and which of a
/// few council-table tokens it says.
const TOKENS: &[&str] = &[
    "Budget", "Forecast", "Variance", "£m", "£000", "Total", "Adults", "(1.2)", "3.450", "-0.037", "12,345", "Children's",
    "Services", "%", "-", "Sub", "Net", "2024-25", "Movement", "Q2",
];

fuzz_target!(|data: &[u8]| {
    let mut pages: Vec<PageWords> =
        (1..=3).map(|n| PageWords { number: n, width: 595.0, height: 842.0, words: Vec::new() }).collect();
    for c in data.chunks_exact(5) {
        let x = f32::from(c[0]) * 2.5;
        let y = f32::from(c[1]) * 3.4;
        let w = 5.0 + f32::from(c[2] % 64);
        let text = TOKENS[usize::from(c[4]) % TOKENS.len()].to_string();
        pages[usize::from(c[3] % 3)].words.push(Word { text, x0: x, y0: y, x1: x + w, y1: y + 9.0 });
    }
    let text_pages = pages
        .iter()
        .map(|p| Page { number: p.number, text: p.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ") })
        .collect();
    let doc = Ingested { format: Format::Pdf, encoding: "pdftotext -layout", pages: text_pages, words: pages };
    let _ = scrutineer::parse::parse(&doc);
});
