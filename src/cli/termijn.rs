//! `normwijzer termijn`: a term computed from a start date, or the list of known terms.

use super::{CliError, Global, TermijnArgs, ask_options, print, print_json};
use crate::channel::terminal;

/// Computes the term `termijn` from `datum`; without a term, or with `--list`, lists the rules.
pub fn run(g: &Global, a: &TermijnArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open()?;
    let rules = engine.checks().termijnen();
    match &a.termijn {
        Some(id) if !a.list => {
            if a.datum.is_empty() {
                // An unknown rule is the more useful message, so it comes first.
                rules.get(id)?;
                return Err(CliError::MissingStartDate(id.trim().to_string()));
            }
            let c = engine
                .checks()
                .termijn(id, &a.datum.join(" "), opts.today)?;
            if a.json {
                print_json(&c)
            } else {
                print(&terminal::computation(&c))
            }
        }
        _ => {
            let infos: Vec<_> = rules.iter().map(|r| r.info()).collect();
            if a.json {
                print_json(&infos)
            } else {
                print(&terminal::rules(&infos))
            }
        }
    }
}
