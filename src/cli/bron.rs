//! `normwijzer bron`: a passage back by the id in a citation, with its neighbours.

use super::{BronArgs, CliError, Global, ask_options, print, print_json};
use crate::channel::terminal;
use crate::corpus::versions;
use crate::model::PassageView;

/// Shows the passage, or fails with the ids the user may have meant.
pub fn run(g: &Global, a: &BronArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open()?;
    let Some(view) = engine.passage(&a.id, opts.today)? else {
        if let Some(e) = engine.earlier_passage(&a.id) {
            return if a.json {
                print_json(&e)
            } else {
                print(&earlier(&e))
            };
        }
        return Err(CliError::UnknownPassage {
            id: a.id.trim().to_string(),
            similar: engine.similar_ids(&a.id),
        });
    };
    if a.json {
        print_json(&json(&view))
    } else {
        print(&terminal::passage(&view))
    }
}

/// A passage of an older version, and what the current version says instead.
fn earlier(e: &versions::Earlier) -> String {
    let mut out = match &e.successor {
        Some(s) => format!(
            "Deze passage komt uit de vorige versie ({}); in de huidige versie staat:\n\n{}\n„{}”\n({})\n",
            e.version, s.section, s.text, s.id
        ),
        None => format!(
            "Deze passage komt uit de vorige versie ({}); in de huidige versie is ze vervallen.\n",
            e.version
        ),
    };
    out.push_str(&format!(
        "\nIn de vorige versie stond onder {}:\n„{}”\n",
        e.passage.section, e.passage.text
    ));
    out
}

/// The JSON object of `bron --json`; `text` equals the `text` of the citation it came from.
fn json(view: &PassageView) -> serde_json::Value {
    serde_json::json!({
        "passage": view.id,
        "doc": view.doc,
        "title": view.title,
        "section": view.section,
        "text": view.text,
        "region": view.region,
        "status": view.status.label(),
        "source_range": view.source_range,
        "previous": view.previous.as_ref().map(|x| &x.id),
        "next": view.next.as_ref().map(|x| &x.id),
    })
}
