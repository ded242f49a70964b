//! clap's usage errors are English; users get one Dutch sentence and exit code 2.

use std::io::Write;
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};

/// Prints a parse failure in Dutch and returns the exit code. Help and version requests also
/// arrive as errors; they print as clap formats them (with the Dutch template of
/// [`super::command`]). With `json`, the failure is also one JSON error object on stdout, code
/// `gebruik`.
pub fn usage_error(e: clap::Error, json: bool) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        // `normwijzer` or `normwijzer serve` alone: help, but it is still a wrong invocation.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            let message = format!("{}. Gebruik `normwijzer --help` voor hulp.", dutch(&e));
            if json {
                println_quietly(&super::json_error("gebruik", &message));
            }
            eprintln!("normwijzer: {message}");
            ExitCode::from(2)
        }
    }
}

/// The Dutch sentence for a usage error, without the pointer to `--help`.
fn dutch(e: &clap::Error) -> String {
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => format!("onbekende optie {}", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("onbekende opdracht {}", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("er ontbreekt iets: {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => {
            "geef een opdracht, bijvoorbeeld: normwijzer ask \"wanneer moet een OPP?\"".into()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "ongeldige waarde {} voor {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidUtf8 => "de invoer is geen geldige UTF-8-tekst".into(),
        _ => "de opdracht is niet goed gevormd".into(),
    }
}

/// A line on stdout; a closed stdout is not worth a second error.
fn println_quietly(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
