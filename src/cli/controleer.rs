//! `normwijzer controleer`: checks the corpus and the config as opening does (front matter
//! against the known values, rules against their passages, setting ranges), without starting a
//! service or writing an index. For use before a commit: exit 1 when anything is wrong.

use super::{CliError, Global, print};
use crate::config::Config;
use crate::corpus;
use crate::engine::{Engine, OpenOptions, find_home};

/// Lists what is wrong, one Dutch sentence per problem: first the documents (each one's
/// header on its own, so a skipped document is named even when a rule then misses it), then
/// everything opening finds.
pub fn run(g: &Global) -> Result<(), CliError> {
    let home = find_home(g.home.as_deref());
    let mut problems: Vec<String> = Vec::new();
    if let Ok(config) = Config::load(&home.join("config")) {
        let (docs, errors) = corpus::load_dir(&home.join("corpus"));
        let (_, invalid) = corpus::validate::check(docs, &config.regions);
        problems.extend(errors.iter().chain(&invalid).map(ToString::to_string));
    }
    let opened = Engine::open(&OpenOptions {
        home: g.home.clone(),
        in_memory: true,
        index_dir: None,
    });
    match &opened {
        Ok(engine) => {
            for p in engine.problems() {
                if !problems.contains(p) {
                    problems.push(p.clone());
                }
            }
        }
        Err(e) => problems.push(e.to_string()),
    }
    // Rules whose passage changed since the archived version: to review, not an error (the
    // rule may still be right; one whose passage text vanished is an error above).
    let review = match &opened {
        Ok(engine) => {
            corpus::versions::rules_to_review(&home.join("archive"), &home.join("config"), |doc| {
                engine.document_passages(doc).unwrap_or_default()
            })
        }
        Err(_) => Vec::new(),
    };
    let mut notes = String::new();
    for r in &review {
        notes.push_str(&format!("Let op: {r}.\n"));
    }
    if let (Ok(engine), true) = (&opened, problems.is_empty()) {
        return print(&format!(
            "{notes}Alles in orde: {} documenten, {} passages; de regels in config/ kloppen met hun passages.\n",
            engine.documents().len(),
            engine.index().len()
        ));
    }
    print(&notes)?;
    let mut out = String::new();
    for p in &problems {
        out.push_str(&format!("- {p}\n"));
    }
    print(&out)?;
    Err(CliError::Problems(problems.len()))
}
