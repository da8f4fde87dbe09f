//! Benchmarks, run by `scripts/bench.sh` (release build):
//! - parse throughput in MB/s over the corpus's text papers (ingest + parse);
//! - PDF ingest of the largest corpus PDF, through our pdftotext path and
//!   the pure-Rust fallback, each as a ratio to running `pdftotext -layout`
//!   on the same file directly;
//! - peak memory (VmHWM) of the whole run.
//!
//! Medians of repeated runs; figures printed, nothing asserted: speed is
//! watched here, not in tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from).join("../shared/corpus")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    f(); // warm caches
    median((0..runs).map(|_| {
        let t = Instant::now();
        f();
        t.elapsed()
    }).collect())
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn main() {
    let texts: Vec<Vec<u8>> = files(&corpus(), "txt").iter().map(|p| std::fs::read(p).expect("read")).collect();
    let bytes: usize = texts.iter().map(Vec::len).sum();
    let mut rounds = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        for t in &texts {
            let doc = scrutineer::ingest::ingest(t).expect("corpus ingests");
            std::hint::black_box(scrutineer::parse::parse(&doc));
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let mbps = (bytes as f64 * f64::from(rounds)) / secs / 1_000_000.0;
    println!("parse: {} papers, {:.1} KB, {rounds} rounds in {secs:.2} s: {mbps:.1} MB/s", texts.len(), bytes as f64 / 1000.0);

    let pdfs = files(&corpus().join("pdf"), "pdf");
    let largest = pdfs.iter().max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).expect("a PDF");
    let pdf = std::fs::read(largest).expect("read pdf");
    let name = largest.file_name().unwrap().to_string_lossy();
    let direct = time(5, || {
        let out = Command::new("pdftotext").args(["-layout"]).arg(largest).arg("-").output().expect("pdftotext installed");
        std::hint::black_box(out.stdout);
    });
    let ours = time(5, || {
        std::hint::black_box(scrutineer::ingest::ingest(&pdf).expect("ingests"));
    });
    let fallback = time(3, || {
        std::hint::black_box(scrutineer::ingest::pdf::read_with(&pdf, None).ok());
    });
    let parse_pdf = {
        let doc = scrutineer::ingest::ingest(&pdf).expect("ingests");
        time(5, || {
            std::hint::black_box(scrutineer::parse::parse(&doc));
        })
    };
    println!("pdf: {name} ({:.0} KB)", pdf.len() as f64 / 1000.0);
    println!("  pdftotext -layout directly: {:>8.1} ms", direct.as_secs_f64() * 1000.0);
    println!("  our ingest (pdftotext path): {:>7.1} ms  ratio {:.2}x", ours.as_secs_f64() * 1000.0, ours.as_secs_f64() / direct.as_secs_f64());
    println!("  pure-Rust fallback:          {:>7.1} ms  ratio {:.2}x", fallback.as_secs_f64() * 1000.0, fallback.as_secs_f64() / direct.as_secs_f64());
    println!("  parse of its text:           {:>7.1} ms", parse_pdf.as_secs_f64() * 1000.0);

    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(hwm) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!("peak memory: {}", hwm.trim_start_matches("VmHWM:").trim());
        }
    }
}
