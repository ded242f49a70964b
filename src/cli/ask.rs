//! `normwijzer ask`: one question, answered on stdout as text or one JSON object.

use super::{AskArgs, CliError, Global, ask_options, print, print_json};
use crate::channel::terminal;
use crate::engine::{AskOptions, Engine};

/// Answers the question; with `--uitleg` first shows on stderr how it was read and scored.
pub fn run(g: &Global, a: &AskArgs) -> Result<(), CliError> {
    let mut opts = ask_options(a.today.as_deref())?;
    if a.max == Some(0) {
        return Err(CliError::MaxZero);
    }
    opts.max_citations = a.max;
    let engine = g.open()?;
    let question = a.vraag.join(" ");
    if a.uitleg {
        explain(&engine, &question, &opts)?;
    }
    let answer = engine.ask(&question, &opts)?;
    if a.json {
        print_json(&answer)
    } else {
        print(&terminal::answer(&answer, terminal::BRON_HINT))
    }
}

/// Prints the plan's concepts and the top candidates' scores (stderr), so that stdout stays
/// the answer alone, also with `--json`. For staff tuning synonyms and thresholds.
fn explain(engine: &Engine, question: &str, opts: &AskOptions) -> Result<(), CliError> {
    let e = engine.explain(question, opts.today, 40)?;
    eprintln!(
        "Onderwerp: {:?}  antwoordsoort: {:?}{}",
        e.plan.subject,
        e.plan.expects,
        if e.plan.asks_value {
            " (waarde gevraagd)"
        } else {
            ""
        }
    );
    for c in &e.plan.concepts {
        let alts: Vec<String> = c
            .alternatives
            .iter()
            .map(|a| format!("{}×{:.2}", a.terms.join("+"), a.boost))
            .collect();
        eprintln!(
            "  {:<28} gewicht {:5.2}{}{}{}{}{} [{}]",
            c.text,
            c.weight,
            if c.filler { " vulwoord" } else { "" },
            if c.known { "" } else { " onbekend" },
            if c.unfamiliar { " vreemd" } else { "" },
            if c.focus < 1.0 { " verhaal" } else { "" },
            c.corrected
                .as_deref()
                .map(|w| format!(" → {w}"))
                .unwrap_or_default(),
            alts.join(" | ")
        );
    }
    for r in &e.rows {
        let missing = if r.missing.is_empty() {
            String::new()
        } else {
            format!("  mist: {}", r.missing.join(", "))
        };
        eprintln!(
            "  {:7.3}  bm25 {:6.3}  dekking {:4.2}{}  {}{missing}",
            r.score,
            r.bm25,
            r.coverage,
            if r.typed { " waarde" } else { "" },
            r.passage
        );
    }
    Ok(())
}
