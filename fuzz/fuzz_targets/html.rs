//! Any bytes as an HTML page: to text, then parsed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    // A refusal (too deeply nested) is a fine answer; a panic is not.
    let Ok(text) = scrutineer::ingest::html::to_text(&format!("<html><body>{html}")) else { return };
    let doc = scrutineer::ingest::Ingested {
        format: scrutineer::ingest::Format::Html,
        encoding: "UTF-8",
        pages: vec![scrutineer::ingest::Page { number: 1, text }],
        words: Vec::new(),
    };
    let _ = scrutineer::parse::parse(&doc);
});
