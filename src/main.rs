//! The `normwijzer` command. Parsing, logging and the exit code live here; the commands are in
//! `normwijzer::cli`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use normwijzer::cli;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(e) => return cli::usage_error(e, wants_json()),
    };
    init_logging(cli.command.is_service());
    match cli::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head -1`): what it wanted has been written.
        Err(e) if e.is_closed_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            if cli.command.json() {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{}", cli::json_error(e.code(), &e.to_string()));
                let _ = out.flush();
            }
            let _ = writeln!(std::io::stderr(), "normwijzer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `--json` was typed, for a command line that did not parse.
fn wants_json() -> bool {
    std::env::args_os().skip(1).any(|a| a == "--json")
}

/// Logs to stderr. A service logs its requests (never their content); one-shot commands only
/// warnings. `NORMWIJZER_LOG` overrides, except that third-party debug output, which can
/// contain message text, stays capped whatever the setting. Colours only on a terminal, and
/// never with `NO_COLOR` set (<https://no-color.org>).
fn init_logging(service: bool) {
    let default_filter = if service {
        "warn,normwijzer=info"
    } else {
        "warn"
    };
    let mut filter = tracing_subscriber::EnvFilter::try_from_env("NORMWIJZER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    for d in normwijzer::serve::discord::privacy_log_directives() {
        if let Ok(d) = d.parse() {
            filter = filter.add_directive(d);
        }
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(colour(
            std::io::stderr().is_terminal(),
            std::env::var_os("NO_COLOR"),
        ))
        .with_env_filter(filter)
        .init();
}

/// Colour on stderr: only on a terminal, and not when `NO_COLOR` is set to anything but "".
fn colour(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::colour;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(colour(true, None));
        assert!(!colour(false, None));
        assert!(!colour(true, Some("1".into())));
        assert!(colour(true, Some("".into())));
    }
}
