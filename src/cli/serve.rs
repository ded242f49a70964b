//! `normwijzer serve`: the long-running services, HTTP (Teams, Discord interactions, API) and the
//! Discord gateway bot. They run until SIGINT or SIGTERM.

use std::sync::Arc;

use super::{CliError, DiscordArgs, Global, HttpArgs, ServeWhat};
use crate::serve::{discord, http};

/// Starts the chosen service.
pub fn run(g: &Global, what: &ServeWhat) -> Result<(), CliError> {
    match what {
        ServeWhat::Http(a) => run_http(g, a),
        ServeWhat::Discord(a) => run_discord(g, a),
    }
}

/// The HTTP service. Secrets are checked before the engine opens, so that a bad secret fails
/// at once instead of after building the index.
fn run_http(g: &Global, a: &HttpArgs) -> Result<(), CliError> {
    let secrets = http::Secrets::from_env()?;
    let engine = Arc::new(g.open_for_questions()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    runtime.block_on(http::serve(engine, &a.addr, secrets))?;
    Ok(())
}

/// The Discord bot. Config and token are read before the engine opens, for the same reason.
/// Flags win over `config/discord.toml`.
fn run_discord(g: &Global, a: &DiscordArgs) -> Result<(), CliError> {
    let home = g.home();
    let config = discord::DiscordConfig::load(&home)?;
    let token = discord::load_token(&home, &config)?;
    let engine = g.open_for_questions()?;
    let mut opts = discord::BotOptions::new(token);
    opts.guild = a.guild.or(config.guild);
    opts.api_base = a.api_base.clone();
    opts.threads = !a.no_threads && config.threads.unwrap_or(true);
    opts.feedback =
        crate::feedback::Feedback::start(engine.home(), &engine.config().settings.feedback);
    discord::run(engine, opts)?;
    Ok(())
}
