//! `normwijzer chat`: one question per line on stdin, one answer per question on stdout.

use std::io::{BufRead, IsTerminal, Write};

use super::{ChatArgs, CliError, Global, ask_options};
use crate::channel::terminal;
use crate::engine::{AskOptions, Engine};

/// Words that end the session, compared in lower case.
const STOP: [&str; 5] = ["stop", "exit", "quit", "doei", ":q"];

/// Answers lines until end of input or a stop word. The prompt and greeting only appear on a
/// terminal, so that piped input gives answers alone.
pub fn run(g: &Global, a: &ChatArgs) -> Result<(), CliError> {
    let opts = ask_options(a.today.as_deref())?;
    let engine = g.open()?;
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        eprintln!(
            "normwijzer — stel je vraag (één per regel). „bron <id>” toont een passage, „stop” sluit af."
        );
    }
    let mut out = std::io::stdout();
    loop {
        if interactive {
            eprint!("> ");
        }
        let Some(line) = read_line()? else { break };
        let q = line.trim();
        if q.is_empty() {
            continue;
        }
        if STOP.contains(&q.to_lowercase().as_str()) {
            break;
        }
        let reply = reply(&engine, q, &opts)?;
        writeln!(out, "{reply}").map_err(CliError::Output)?;
        out.flush().map_err(CliError::Output)?;
    }
    Ok(())
}

/// The next line of stdin, `None` at the end. A line that is not UTF-8 is read lossily rather
/// than ending the session.
fn read_line() -> Result<Option<String>, CliError> {
    let mut bytes = Vec::new();
    match std::io::stdin().lock().read_until(b'\n', &mut bytes) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) => Err(CliError::Input(e)),
    }
}

/// The reply to one line: a passage for „bron <id>”, otherwise an answer. An unknown id is a
/// reply, not an error, so that a typo does not end the session.
fn reply(engine: &Engine, q: &str, opts: &AskOptions) -> Result<String, CliError> {
    let Some(id) = q.strip_prefix("bron ") else {
        return Ok(terminal::answer(&engine.ask(q, opts)?));
    };
    Ok(match engine.passage(id, opts.today)? {
        Some(v) => terminal::passage(&v),
        None => format!("Passage „{}” bestaat niet.\n", id.trim()),
    })
}
