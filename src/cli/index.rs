//! `normwijzer index`: builds the search index, or says it is current.

use std::time::Instant;

use super::{CliError, Global, print};

/// Opens the engine (which builds the index when corpus, config or indexing code changed) and
/// reports which of the two happened, with the fingerprint that names the index directory.
pub fn run(g: &Global) -> Result<(), CliError> {
    let started = Instant::now();
    let engine = g.open()?;
    let index = engine.index();
    let line = if !engine.built_index() {
        format!(
            "Zoekindex is al actueel ({} documenten, {} passages, vingerafdruk {}); geopend in {} ms.\n",
            index.info.documents,
            index.len(),
            index.info.fingerprint,
            started.elapsed().as_millis()
        )
    } else {
        format!(
            "Zoekindex opgebouwd: {} documenten, {} passages, vingerafdruk {}.\n",
            index.info.documents,
            index.len(),
            index.info.fingerprint
        )
    };
    print(&line)
}
