//! `normwijzer bron`: a passage back by the id in a citation, with its neighbours.

use super::{BronArgs, CliError, Global, ask_options, print, print_json};
use crate::channel::terminal;
use crate::model::PassageView;

/// Shows the passage, or fails with the ids the user may have meant.
pub fn run(g: &Global, a: &BronArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open()?;
    let Some(view) = engine.passage(&a.id, opts.today)? else {
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
