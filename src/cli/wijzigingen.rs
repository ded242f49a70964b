//! `normwijzer wijzigingen OUD NIEUW`: what changed between two versions of a document, each
//! given as a document id in `corpus/`, as the name of a version in `archive/`
//! (`themakaart-sel@2025-05`, see [`versions::archived_name`]) or as the path of a document
//! file. The web service shows the same comparison on `/wijzigingen`.

use std::io::IsTerminal;
use std::path::Path;

use super::{CliError, Global, print, print_json};
use crate::corpus::passage::{self, Passage};
use crate::corpus::versions::{self, ChangeKind, Comparison};
use crate::corpus::{self, Document};
use crate::engine::find_home;

/// A document given as an id in `corpus/` or as a file path.
fn resolve(home: &Path, given: &str) -> Result<Document, CliError> {
    let path = Path::new(given);
    let path = if path.is_file() {
        path.to_path_buf()
    } else {
        let (docs, _) = corpus::load_dir(&home.join("corpus"));
        if let Some(d) = docs.docs.into_iter().find(|d| d.meta.id == given) {
            return Ok(d);
        }
        return versions::find_archived(&home.join("archive"), given)
            .ok_or_else(|| CliError::UnknownDocument(given.to_string()));
    };
    let bytes = std::fs::read(&path).map_err(|e| CliError::ReadFile {
        file: path.display().to_string(),
        source: e,
    })?;
    Ok(corpus::parse_document(&path, &bytes)?)
}

/// A document's name with its publication date, for the heading.
fn named(d: &Document) -> String {
    match &d.meta.published {
        Some(p) => format!("{} ({p})", d.meta.id),
        None => d.meta.id.clone(),
    }
}

/// Compares `old` and `new` and prints the changes, or the comparison as JSON.
pub fn run(g: &Global, old: &str, new: &str, json: bool) -> Result<(), CliError> {
    let home = find_home(g.home.as_deref());
    let (a, b) = (resolve(&home, old)?, resolve(&home, new)?);
    let (pa, pb): (Vec<Passage>, Vec<Passage>) = (passage::split(&a), passage::split(&b));
    let cmp = versions::compare(&pa, &pb);
    if json {
        return print_json(&serde_json::json!({
            "old": { "id": a.meta.id, "published": a.meta.published, "file": a.path.display().to_string() },
            "new": { "id": b.meta.id, "published": b.meta.published, "file": b.path.display().to_string() },
            "unchanged": cmp.unchanged,
            "moved": cmp.moved,
            "changes": cmp.changes,
        }));
    }
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    print(&render(&cmp, &named(&a), &named(&b), colour))
}

/// The comparison as text, one block per change.
pub fn render(cmp: &Comparison, old: &str, new: &str, colour: bool) -> String {
    let mut out = format!("Wijzigingen van {old} naar {new}: {}.\n", cmp.summary());
    if cmp.changes.is_empty() {
        out.push_str("Geen passage is veranderd.\n");
    }
    for c in &cmp.changes {
        out.push('\n');
        match (c.kind, &c.old, &c.new) {
            (ChangeKind::Changed, Some(o), Some(n)) => {
                let ids = if o.id == n.id {
                    n.id.clone()
                } else {
                    format!("{} → {}", o.id, n.id)
                };
                out.push_str(&format!("~ gewijzigd: {} ({ids})\n", n.section));
                out.push_str(&format!("  {}\n", versions::render_words(&c.words, colour)));
            }
            (ChangeKind::Added, _, Some(n)) => {
                out.push_str(&format!("+ toegevoegd: {} ({})\n", n.section, n.id));
                out.push_str(&format!("  {}\n", n.text));
            }
            (ChangeKind::Removed, Some(o), _) => {
                out.push_str(&format!("- verwijderd: {} ({})\n", o.section, o.id));
                out.push_str(&format!("  {}\n", o.text));
            }
            _ => {}
        }
    }
    if !cmp.moved.is_empty() {
        out.push_str(&format!(
            "\n{} passage(s) ongewijzigd maar met een ander id (een passage ervoor kwam erbij of verdween):\n",
            cmp.moved.len()
        ));
        for (o, n) in &cmp.moved {
            out.push_str(&format!("  {o} → {n}\n"));
        }
    }
    out
}
