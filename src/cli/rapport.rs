//! `normwijzer rapport`: the knowledge-gap report from the feedback database
//! ([`crate::feedback::report`]), as a Dutch table or one JSON object.

use super::{CliError, Global, RapportArgs, print, print_json};
use crate::feedback::{self, report};

/// Prints the report over the database `[feedback]` names.
pub fn run(g: &Global, a: &RapportArgs) -> Result<(), CliError> {
    let since = match a.sinds.as_deref() {
        None => None,
        Some(s) => Some(
            crate::text::datum::parse(s, crate::engine::AskOptions::today().today)
                .map_err(CliError::BadSince)?
                .date,
        ),
    };
    let engine = g.open()?;
    let settings = &engine.config().settings.feedback;
    let path = feedback::database_path(engine.home(), settings);
    match report::report_for(&engine, &path, since)? {
        Some(r) if a.json => print_json(&r),
        Some(r) => print(&r.to_text()),
        None => Err(CliError::NoDatabase(path.display().to_string())),
    }
}
