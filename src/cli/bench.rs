//! `normwijzer bench corpus`: a seeded synthetic corpus of a chosen size, for scale benchmarks.

use super::{CliError, CorpusArgs, Global, print};
use crate::benchgen;

/// Generates the corpus from the project's bundled documents and summarises it in one line.
pub fn run(g: &Global, a: &CorpusArgs) -> Result<(), CliError> {
    let size: benchgen::Size = a.size.parse()?;
    let summary = benchgen::generate(&benchgen::GenOptions {
        source: g.home(),
        out: a.out.clone(),
        size,
        seed: a.seed,
    })?;
    print(&format!(
        "Corpus gemaakt in {}: {} documenten ({} meegeleverd, {} gemaakt), {} MB, {} regio's, startwaarde {}.\n",
        a.out.display(),
        summary.documents,
        summary.bundled,
        summary.documents - summary.bundled,
        // Dutch decimal comma.
        format!("{:.1}", summary.bytes as f64 / 1e6).replace('.', ","),
        summary.regions,
        summary.seed
    ))
}
