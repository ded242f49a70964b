//! `normwijzer bronnen`: every document with its validity on a date.

use super::{BronnenArgs, CliError, Global, ask_options, print, print_json};
use crate::channel::terminal;

/// Lists the documents' statuses on `--today` (or today).
pub fn run(g: &Global, a: &BronnenArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open()?;
    let statuses = engine.checks().bronnen(opts.today);
    if a.json {
        print_json(&statuses)
    } else {
        print(&terminal::documents(&statuses, opts.today))
    }
}
