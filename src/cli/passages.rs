//! `normwijzer passages`: how a document was split, for whoever adds or edits a document.

use std::fmt::Write;

use super::{CliError, Global, PassagesArgs, print};
use crate::corpus::passage::Passage;

/// Prints every passage of one document, or of all documents, with its kind, length and
/// section, and its text as indexed.
pub fn run(g: &Global, a: &PassagesArgs) -> Result<(), CliError> {
    let engine = g.open()?;
    let ids: Vec<String> = match &a.doc {
        Some(d) if !engine.documents().iter().any(|m| &m.id == d) => {
            return Err(CliError::UnknownDocument(d.clone()));
        }
        Some(d) => vec![d.clone()],
        None => engine.documents().iter().map(|d| d.id.clone()).collect(),
    };
    for id in ids {
        for p in engine.document_passages(&id)? {
            print(&passage(&p))?;
        }
    }
    Ok(())
}

/// One passage: a header line, then the text with a margin so that its lines stand out.
fn passage(p: &Passage) -> String {
    let mut out = format!(
        "── {} ({}, {} tekens)\n   {}\n",
        p.id,
        p.kind.dutch(),
        p.text().chars().count(),
        p.section()
    );
    for line in p.text().lines() {
        let _ = writeln!(out, "   │ {line}");
    }
    out
}
