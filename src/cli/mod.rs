//! The `normwijzer` command line; `src/main.rs` only parses, sets up logging and prints the error.
//!
//! Layout, in the spirit of mini-redis's `cmd/`:
//!
//! - `args`: the clap definitions and their Dutch help.
//! - `usage`: clap's own (English) usage errors turned into one Dutch sentence.
//! - `error`: [`CliError`], why a command failed, always a Dutch sentence.
//! - One file per command, each with a `run`: `ask` (with `--uitleg`), `chat`, `bron`,
//!   `passages`, `termijn`, `bronnen`, `index`, `importeer`, `serve`, `bench`, `eval`, `rapport`.
//!
//! Commands render with `channel::terminal` or JSON and print to stdout through [`print`];
//! warnings and progress go to stderr, so `--json` output stays one parseable value. A command
//! with `--json` that fails prints one object `{"error": {"code", "message"}}` instead
//! ([`json_error`]). A closed pipe (`normwijzer passages anb | head -1`) is
//! [`CliError::Output`] with [`std::io::ErrorKind::BrokenPipe`], which `main` treats as a
//! normal end.

mod args;
mod ask;
mod bench;
mod bron;
mod bronnen;
mod chat;
mod controleer;
mod error;
mod eval;
mod importeer;
mod index;
mod passages;
mod rapport;
mod serve;
mod termijn;
mod usage;
mod wijzigingen;

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use crate::engine::{AskOptions, Engine, OpenOptions, find_home};

pub use args::{
    AskArgs, BenchWhat, BronArgs, BronnenArgs, ChatArgs, Cli, Command, CorpusArgs, DiscordArgs,
    EvalArgs, Global, HttpArgs, ImporteerArgs, PassagesArgs, RapportArgs, ServeWhat, TermijnArgs,
    WijzigingenArgs, command, parse, parse_from,
};
pub use error::CliError;
pub use usage::usage_error;

/// Runs a parsed command line; the caller prints the error and sets the exit code.
pub fn run(cli: &Cli) -> Result<(), CliError> {
    let g = &cli.global;
    match &cli.command {
        Command::Ask(a) => ask::run(g, a),
        Command::Chat(a) => chat::run(g, a),
        Command::Bron(a) => bron::run(g, a),
        Command::Passages(a) => passages::run(g, a),
        Command::Termijn(a) => termijn::run(g, a),
        Command::Bronnen(a) => bronnen::run(g, a),
        Command::Index => index::run(g),
        Command::Controleer => controleer::run(g),
        Command::Importeer(a) => importeer::run(g, a),
        Command::Wijzigingen(a) => wijzigingen::run(g, &a.old, &a.new, a.json),
        Command::Serve { what } => serve::run(g, what),
        Command::Bench {
            what: BenchWhat::Corpus(a),
        } => bench::run(g, a),
        Command::Eval(a) => eval::run(g, a),
        Command::Rapport(a) => rapport::run(g, a),
    }
}

impl Global {
    /// The project directory these options point to (see [`find_home`]).
    pub fn home(&self) -> PathBuf {
        find_home(self.home.as_deref())
    }

    /// Opens the engine, reporting broken corpus files and a fresh index build on stderr: a
    /// user who added a document should see that it was read, or why not.
    pub fn open(&self) -> Result<Engine, CliError> {
        let started = Instant::now();
        let engine = Engine::open(&OpenOptions {
            home: self.home.clone(),
            in_memory: self.in_memory,
            index_dir: None,
        })?;
        for p in engine.problems() {
            eprintln!("normwijzer: waarschuwing: {p}");
        }
        if engine.built_index() && !self.in_memory {
            eprintln!(
                "normwijzer: zoekindex opgebouwd ({} documenten, {} passages) in {} ms",
                engine.index().info.documents,
                engine.index().len(),
                started.elapsed().as_millis()
            );
        }
        Ok(engine)
    }

    /// [`open`](Self::open) for a command that answers many questions: warmed up with one, so
    /// the first user question is as fast as the rest.
    pub fn open_for_questions(&self) -> Result<Engine, CliError> {
        let engine = self.open()?;
        engine.warm_up();
        Ok(engine)
    }
}

impl Command {
    /// Whether the command was asked for JSON, so that its error is JSON too.
    pub fn json(&self) -> bool {
        match self {
            Command::Ask(a) => a.json,
            Command::Bron(a) => a.json,
            Command::Termijn(a) => a.json,
            Command::Bronnen(a) => a.json,
            Command::Eval(a) => a.json,
            Command::Rapport(a) => a.json,
            Command::Wijzigingen(a) => a.json,
            Command::Chat(_)
            | Command::Passages(_)
            | Command::Index
            | Command::Controleer
            | Command::Importeer(_)
            | Command::Serve { .. }
            | Command::Bench { .. } => false,
        }
    }
}

/// The one JSON object a `--json` command prints when it fails:
/// `{"error": {"code": "...", "message": "..."}}`, the message the Dutch sentence.
pub fn json_error(code: &str, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "message": message } }).to_string()
}

/// Writes `text` to stdout as it is and flushes it. A closed pipe comes back as
/// [`CliError::Output`], like any other failure to write.
pub(crate) fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Output)
}

/// Writes a value as one line of JSON.
pub(crate) fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let mut text = serde_json::to_string(value)?;
    text.push('\n');
    print(&text)
}

/// Options for the day given with `--today`, or the machine's date without it.
fn ask_options(today: Option<&str>) -> Result<AskOptions, CliError> {
    let mut opts = AskOptions::today();
    if let Some(s) = today {
        opts.today = crate::text::datum::iso(s).map_err(CliError::BadDate)?;
    }
    Ok(opts)
}
