//! `normwijzer bron`: a passage back by the id in a citation, with its neighbours.

use super::{BronArgs, CliError, Global, ask_options};
use crate::channel::terminal;
use crate::engine::PassageView;

/// Shows the passage, or fails with the ids the user may have meant.
pub fn run(g: &Global, a: &BronArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open()?;
    let Some(view) = engine.passage(&a.id)? else {
        return Err(CliError::UnknownPassage {
            id: a.id.trim().to_string(),
            similar: engine.similar_ids(&a.id),
        });
    };
    if a.json {
        println!("{}", json(&view, opts.today));
    } else {
        print!(
            "{}",
            terminal::passage(&view, opts.today, &engine.config().settings.home_region)
        );
    }
    Ok(())
}

/// The JSON object of `bron --json`; `text` equals the `text` of the citation it came from.
fn json(view: &PassageView, today: jiff::civil::Date) -> serde_json::Value {
    let p = &view.passage;
    serde_json::json!({
        "passage": p.id,
        "doc": p.doc,
        "title": view.meta.title,
        "section": p.section(),
        "text": p.text(),
        "region": view.meta.region,
        "status": view.meta.status(today).label(),
        "source_range": p.source_range(),
        "previous": view.previous.as_ref().map(|x| &x.id),
        "next": view.next.as_ref().map(|x| &x.id),
    })
}
