//! `normwijzer index`: builds the search index, or says it is current.

use std::time::Instant;

use super::{CliError, Global};

/// Opens the engine (which builds the index when corpus, config or indexing code changed) and
/// reports which of the two happened, with the fingerprint that names the index directory.
pub fn run(g: &Global) -> Result<(), CliError> {
    let started = Instant::now();
    let engine = g.open()?;
    let index = engine.index();
    if !engine.built_index() {
        println!(
            "Zoekindex is al actueel ({} documenten, {} passages, vingerafdruk {}); geopend in {} ms.",
            index.info.documents,
            index.len(),
            index.info.fingerprint,
            started.elapsed().as_millis()
        );
    } else {
        println!(
            "Zoekindex opgebouwd: {} documenten, {} passages, vingerafdruk {}.",
            index.info.documents,
            index.len(),
            index.info.fingerprint
        );
    }
    Ok(())
}
