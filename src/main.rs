//! The `normwijzer` command. Parsing, logging and the exit code live here; the commands are in
//! `normwijzer::cli`.

use std::process::ExitCode;

use clap::Parser;
use normwijzer::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return cli::usage_error(e),
    };
    init_logging(cli.command.is_service());
    match cli::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("normwijzer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr. A service logs its requests (never their content); one-shot commands only
/// warnings. `NORMWIJZER_LOG` overrides, except that third-party debug output, which can
/// contain message text, stays capped whatever the setting.
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
        .with_env_filter(filter)
        .init();
}
