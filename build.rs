//! Hashes the source files that decide what goes into the index: every `.rs` file under
//! `src/corpus/`, `src/search/` and `src/text/`. The hash is part of the index fingerprint, so a changed
//! splitter or analyzer never reuses an index built by older code, and a new file in those
//! folders cannot be forgotten.

use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

const INDEXING_CODE: &[&str] = &["src/corpus", "src/search", "src/text"];

fn main() {
    let mut files = Vec::new();
    for dir in INDEXING_CODE {
        // Cargo scans a directory recursively for changes.
        println!("cargo:rerun-if-changed={dir}");
        rust_files(Path::new(dir), &mut files);
    }
    files.sort();
    let mut h = DefaultHasher::new();
    for path in &files {
        h.write(path.as_bytes());
        h.write(&std::fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=NORMWIJZER_CODE_HASH={:016x}", h.finish());
}

/// The `.rs` files under `dir`, as `/`-separated paths so the hash is the same on every system.
fn rust_files(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let parts: Vec<String> = path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}
