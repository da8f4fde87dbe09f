//! Inputs that once crashed the reader (found by cargo-fuzz), kept so they
//! never do again. Each goes through the same path as the fuzz target that
//! found it.

use scrutineer::ingest::{self, html, Format, Ingested, Page};

fn fixture(name: &str) -> Vec<u8> {
    let path = crate::common::project_dir()
        .join("tests/fixtures/regressions")
        .join(name);
    std::fs::read(path).expect("regression fixture")
}

#[test]
fn web_item_number_whose_title_is_the_next_number() {
    // "12." followed by "13.": the title of one item was the next item's
    // number, and its text slice ran backwards.
    let doc = ingest::ingest(&fixture("fuzz_text_web_number_as_title.txt")).expect("text");
    let _ = scrutineer::parse::parse(&doc);
}

#[test]
fn cmis_labels_amid_control_characters() {
    let bytes = fixture("fuzz_html_cmis_labels.html");
    let text = html::to_text(&format!("<html><body>{}", String::from_utf8_lossy(&bytes)))
        .expect("a shallow page");
    let doc = Ingested {
        format: Format::Html,
        encoding: "UTF-8",
        pages: vec![Page { number: 1, text }],
        words: Vec::new(),
    };
    let _ = scrutineer::parse::parse(&doc);
}
