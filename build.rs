//! Hashes the source files that decide what goes into the index. The hash is part of the index
//! fingerprint, so a changed splitter or analyzer never reuses an index built by older code.

use std::hash::{DefaultHasher, Hasher};

const INDEXING_CODE: &[&str] = &[
    "src/corpus/mod.rs",
    "src/corpus/passage.rs",
    "src/search/analysis.rs",
    "src/search/index.rs",
];

fn main() {
    let mut h = DefaultHasher::new();
    for path in INDEXING_CODE {
        println!("cargo:rerun-if-changed={path}");
        h.write(path.as_bytes());
        h.write(&std::fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=NORMWIJZER_CODE_HASH={:016x}", h.finish());
}
