//! Any bytes through ingest (text path) and the parser: never a panic, and
//! parsing always returns a reading of some kind.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"%PDF-") {
        return; // the pdf target covers PDFs without a process per input
    }
    if let Ok(doc) = scrutineer::ingest::ingest(data) {
        let _ = scrutineer::parse::parse(&doc);
    }
});
