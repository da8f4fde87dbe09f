//! Runs tauri-build (which reads ../tauri.conf.json through the symlink
//! beside this file) and embeds the sample papers from assets/samples.

use std::fmt::Write as _;
use std::path::Path;

include!("src/commands/names.rs");

fn main() {
    embed_samples();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

fn embed_samples() {
    // Read at run time: env!() would bake in the path the build script was
    // compiled at, and a build cache shared between checkouts then looks
    // for the samples in the other checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR set by cargo");
    let dir = Path::new(&manifest).join("../assets/samples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("assets/samples exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut code = String::from("/// Sample papers from assets/samples, imported into an empty library.\npub const SAMPLES: &[(&str, &[u8])] = &[\n");
    for p in names {
        let name = p.file_name().expect("file name").to_string_lossy();
        let abs = p.canonicalize().expect("sample path");
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR set by cargo")).join("samples.rs");
    std::fs::write(out, code).expect("write samples.rs");
}
