//! Any bytes as a PDF through the in-process reader (pdf-extract), whose
//! panics our ingest isolates; then parsed. pdftotext is a separate
//! program and is not what is fuzzed here.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // pdf-extract's panics are caught by ingest; keep them quiet. A panic in
    // our own code still escapes to libFuzzer, which reports it.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data);
    if let Ok((pages, _)) = scrutineer::ingest::pdf::read_with(&bytes, None) {
        let doc = scrutineer::ingest::Ingested { format: scrutineer::ingest::Format::Pdf, encoding: "pdf-extract", pages, words: Vec::new() };
        let _ = scrutineer::parse::parse(&doc);
    }
});
