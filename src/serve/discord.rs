//! The Discord bot: serenity's gateway client with poise commands.
//!
//! - Slash commands `/vraag`, `/termijn` and `/begrip` (both with autocomplete), `/bron`,
//!   `/bronnen` and `/help`, registered on one server (`--guild`) or globally once the gateway
//!   is ready. What a command answers is decided in [`crate::serve::commands`], shared with the
//!   HTTP interactions endpoint; this module only connects it to the gateway.
//! - Mentioning the bot in a channel, or a DM, asks a question; the answer goes to a thread on
//!   the question (or the same channel when a thread cannot be made, and in DMs).
//! - "Toon hele passage" buttons answer with the passage, visible only to whoever pressed.
//!
//! Answers are computed on the blocking pool. When one takes longer than
//! [`BotOptions::defer_after`], the interaction is acknowledged first (Discord allows three
//! seconds) and the answer replaces the "thinking" message.
//!
//! Only non-privileged gateway intents are used (`GUILD_MESSAGES`, `DIRECT_MESSAGES`): Discord
//! delivers the text of messages that mention the bot and of DMs without `MESSAGE_CONTENT`.
//! Nothing here logs question text, user ids or names, or the token.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::civil::Date;
use poise::serenity_prelude as serenity;
use serde::Deserialize;
use serenity::{
    ChannelId, ClientBuilder, CommandInteraction, ComponentInteraction, CreateInteractionResponse,
    CreateInteractionResponseMessage, CreateThread, FullEvent, GatewayIntents, GuildId,
    HttpBuilder, Interaction, Message, ShardManager, UserId,
};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::channel::discord::{self as render, Reply};
use crate::config::ConfigError;
use crate::conversation::Conversations;
use crate::engine::{AskOptions, Budget, Engine};
use crate::feedback::{Channel, Feedback};
use crate::serve::commands::{self, LiveSuggestions, question_text};
use crate::serve::reload::{Reloader, Served, Trigger};
use crate::serve::signal::{on_hangup, shutdown_signal};

/// Why the bot could not start or stopped. Messages are one Dutch sentence and never contain the
/// token.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// Neither `DISCORD_TOKEN` nor a token file is set.
    #[error(
        "geen Discord-token: zet DISCORD_TOKEN in de omgeving, of noem een tokenbestand met DISCORD_TOKEN_FILE of token_file in config/discord.toml"
    )]
    NoToken,
    /// The token file could not be read.
    #[error("kan het tokenbestand {path} niet lezen ({reason})")]
    TokenFile {
        /// The file.
        path: String,
        /// Why not.
        reason: String,
    },
    /// `config/discord.toml` is broken.
    #[error("configuratie: {0}")]
    Config(#[from] ConfigError),
    /// A server id of 0.
    #[error("ongeldige server-id 0: gebruik de id van de server (rechtsklik › Server-id kopiëren)")]
    BadGuild,
    /// Discord rejected the token.
    #[error(
        "Discord weigert het token; controleer DISCORD_TOKEN (Bot-token uit het Developer Portal)"
    )]
    Unauthorized,
    /// Discord (or the configured API base) could not be reached.
    #[error("kan Discord niet bereiken ({0})")]
    Unreachable(String),
    /// The client could not be built or the gateway connection ended with an error.
    #[error("de verbinding met Discord is verbroken ({0})")]
    Gateway(String),
    /// The client stopped before it was ready.
    #[error("de Discord-bot is gestopt voordat hij klaar was")]
    Stopped,
    /// The async runtime could not start.
    #[error("kan de bot niet starten ({0})")]
    Runtime(String),
}

/// A failure while handling one event. Logged (without user content) and answered with a Dutch
/// sentence where possible.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// A call to Discord failed.
    #[error("Discord-aanroep mislukt: {0}")]
    Discord(#[from] serenity::Error),
}

/// A bot token. It is never printed: `Debug` hides it and there is no `Display`.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// A token from text; `None` when it is empty. A leading `Bot ` is dropped, serenity adds it.
    pub fn new(text: &str) -> Option<Token> {
        let t = text.trim();
        let t = t.strip_prefix("Bot ").unwrap_or(t).trim();
        (!t.is_empty()).then(|| Token(t.to_string()))
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(verborgen)")
    }
}

/// `config/discord.toml`: optional settings of the bot. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    /// File holding the bot token (relative paths are relative to the project directory).
    pub token_file: Option<PathBuf>,
    /// Server to register the commands on (like `--guild`).
    pub guild: Option<u64>,
    /// Answer mentions in a thread on the question (default true).
    pub threads: Option<bool>,
}

impl DiscordConfig {
    /// Reads `<home>/config/discord.toml`; defaults when it does not exist.
    pub fn load(home: &Path) -> Result<DiscordConfig, DiscordError> {
        Ok(
            crate::config::read_optional(&home.join("config").join("discord.toml"))?
                .unwrap_or_default(),
        )
    }
}

/// The token from `DISCORD_TOKEN`, else from the file named by `DISCORD_TOKEN_FILE`, else from
/// `token_file` in `config/discord.toml`.
pub fn load_token(home: &Path, config: &DiscordConfig) -> Result<Token, DiscordError> {
    token_from(
        std::env::var("DISCORD_TOKEN").ok(),
        std::env::var_os("DISCORD_TOKEN_FILE").map(PathBuf::from),
        home,
        config,
    )
}

/// [`load_token`] with the environment passed in.
fn token_from(
    env_token: Option<String>,
    env_file: Option<PathBuf>,
    home: &Path,
    config: &DiscordConfig,
) -> Result<Token, DiscordError> {
    if let Some(t) = env_token.and_then(|t| Token::new(&t)) {
        return Ok(t);
    }
    let file = env_file.or_else(|| config.token_file.clone());
    let Some(file) = file else {
        return Err(DiscordError::NoToken);
    };
    let path = if file.is_relative() {
        home.join(file)
    } else {
        file
    };
    let text = std::fs::read_to_string(&path).map_err(|e| DiscordError::TokenFile {
        path: path.display().to_string(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => "het bestand bestaat niet".into(),
            std::io::ErrorKind::PermissionDenied => "geen leesrechten".into(),
            std::io::ErrorKind::InvalidData => "geen geldige UTF-8-tekst".into(),
            _ => format!("leesfout: {e}"),
        },
    })?;
    Token::new(&text).ok_or(DiscordError::NoToken)
}

/// How to run the bot.
#[derive(Debug, Clone)]
pub struct BotOptions {
    /// The bot token.
    pub token: Token,
    /// Register the commands on this server only (instant); `None`: globally.
    pub guild: Option<u64>,
    /// Base URL of Discord's API instead of `https://discord.com` (a proxy, or a test stand-in).
    /// The gateway URL is asked from this API as usual. serenity's own rate limiter is off then:
    /// rate limits are the proxy's job.
    pub api_base: Option<String>,
    /// Acknowledge an interaction first when its answer is not ready after this long. Zero:
    /// always acknowledge first.
    pub defer_after: Duration,
    /// Answer mentions in a thread on the question.
    pub threads: bool,
    /// Raised on shutdown: questions being computed stop (their [`Budget`]'s cancel flag).
    pub cancel: Arc<AtomicBool>,
    /// Where answers and 👍/👎 presses are recorded; answers get the buttons only when on.
    pub feedback: Feedback,
}

impl BotOptions {
    /// Defaults for `token`: global commands, discord.com, threads, defer after one second.
    pub fn new(token: Token) -> BotOptions {
        BotOptions {
            token,
            guild: None,
            api_base: None,
            defer_after: Duration::from_secs(1),
            threads: true,
            cancel: Arc::new(AtomicBool::new(false)),
            feedback: Feedback::disabled(),
        }
    }
}

/// What the bot shares between events.
pub struct Data {
    /// The engine served, swapped on a reload; read through [`Data::engine`].
    served: Arc<Served>,
    /// Autocomplete choices of the engine served, collected again after a reload.
    suggestions: Arc<LiveSuggestions>,
    defer_after: Duration,
    threads: bool,
    cancel: Arc<AtomicBool>,
    /// The earlier question of each thread, DM and person-in-a-channel, in memory only.
    conversations: Arc<Conversations>,
    feedback: Feedback,
}

/// Longest time a question of the bot may compute; Discord's interaction token lasts 15
/// minutes, but nobody waits that long.
const QUESTION_BUDGET: Duration = Duration::from_secs(30);

impl Data {
    /// The engine to answer one event with; a reload meanwhile does not change it.
    fn engine(&self) -> Arc<Engine> {
        self.served.engine()
    }

    /// Options for a question asked now: today's date, [`QUESTION_BUDGET`] and the bot's
    /// cancel flag.
    fn ask_options(&self) -> AskOptions {
        let mut opts = AskOptions::today();
        opts.budget = Budget {
            deadline: Some(std::time::Instant::now() + QUESTION_BUDGET),
            cancel: Some(self.cancel.clone()),
        };
        opts
    }

    /// The conversation of a message or command in `channel` by `user`: the channel itself
    /// for a DM or a thread the bot answered in, otherwise the person in that channel (so two
    /// people in one channel never continue each other's questions).
    fn conversation_key(&self, channel: ChannelId, user: UserId, dm: bool) -> String {
        let here = format!("discord:{channel}");
        if dm || !self.conversations.previous(&here).is_empty() {
            here
        } else {
            format!("discord:{channel}:{user}")
        }
    }

    /// Options for a question of conversation `key`: [`Data::ask_options`] with its earlier
    /// question.
    fn ask_options_in(&self, key: &str) -> AskOptions {
        AskOptions {
            previous: self.conversations.previous(key),
            ..self.ask_options()
        }
    }
}

/// Poise context of a command.
pub type Context<'a> = poise::Context<'a, Data, BotError>;

/// Where the commands were registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// On one server.
    Guild(u64),
    /// Globally (may take up to an hour to show everywhere).
    Global,
}

/// Reported once the gateway is ready and the commands are registered.
#[derive(Debug, Clone)]
pub struct ReadyInfo {
    /// The bot's user name.
    pub bot_name: String,
    /// Where the commands went.
    pub registration: Registration,
    /// Number of commands registered.
    pub commands: usize,
    /// Why registration failed, if it did (the bot still answers mentions and DMs).
    pub registration_error: Option<String>,
}

/// A started bot.
pub struct RunningBot {
    shard_manager: Arc<ShardManager>,
    client: Option<JoinHandle<Result<(), serenity::Error>>>,
    ready: watch::Receiver<Option<ReadyInfo>>,
}

impl RunningBot {
    /// Waits until the gateway is ready and the commands are registered.
    pub async fn ready(&mut self) -> Result<ReadyInfo, DiscordError> {
        let mut rx = self.ready.clone();
        let Some(client) = self.client.as_mut() else {
            return Err(DiscordError::Stopped);
        };
        let ended = tokio::select! {
            r = rx.wait_for(Option::is_some) => {
                return r.ok().and_then(|v| (*v).clone()).ok_or(DiscordError::Stopped);
            }
            ended = client => ended,
        };
        self.client = None;
        Err(ended_error(ended).unwrap_or(DiscordError::Stopped))
    }

    /// Waits until the client stops (after [`RunningBot::shutdown`] elsewhere, or an error).
    pub async fn wait(&mut self) -> Result<(), DiscordError> {
        let Some(client) = self.client.as_mut() else {
            return Ok(());
        };
        let ended = client.await;
        self.client = None;
        ended_error(ended).map_or(Ok(()), Err)
    }

    /// Closes the gateway connection and stops the client.
    pub async fn shutdown(mut self) {
        self.shard_manager.shutdown_all().await;
        if let Some(mut client) = self.client.take() {
            // A shard that never connected has no runner to stop; do not wait for it forever.
            if tokio::time::timeout(Duration::from_secs(10), &mut client)
                .await
                .is_err()
            {
                client.abort();
            }
        }
    }
}

/// An error with its causes ("error sending request: connection refused"), for operators.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

fn ended_error(
    ended: Result<Result<(), serenity::Error>, tokio::task::JoinError>,
) -> Option<DiscordError> {
    match ended {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(DiscordError::Gateway(e.to_string())),
        Err(e) => Some(DiscordError::Gateway(e.to_string())),
    }
}

/// Gateway intents: none privileged. Mentions and DMs carry their text without
/// `MESSAGE_CONTENT`; slash commands need no intent at all.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES
}

/// Starts the bot: checks the token, connects to the gateway in the background and registers
/// the commands once ready. Returns when the client runs; see [`RunningBot::ready`].
pub async fn start(engine: Arc<Engine>, opts: BotOptions) -> Result<RunningBot, DiscordError> {
    start_serving(Served::new(engine), opts).await
}

/// [`start`] with the engine `served` holds, which a reload swaps.
pub async fn start_serving(
    served: Arc<Served>,
    opts: BotOptions,
) -> Result<RunningBot, DiscordError> {
    if opts.guild == Some(0) {
        return Err(DiscordError::BadGuild);
    }
    let http = http_client(&opts);
    check_token(&http).await?;
    // Collected now, so the first autocomplete is quick; again after a reload.
    let suggestions = Arc::new(LiveSuggestions::default());
    {
        let (served, suggestions) = (served.clone(), suggestions.clone());
        let _ = tokio::task::spawn_blocking(move || suggestions.of(&served.engine())).await;
    }
    let data = Data {
        served,
        suggestions,
        defer_after: opts.defer_after,
        threads: opts.threads,
        cancel: opts.cancel.clone(),
        conversations: Arc::new(Conversations::new()),
        feedback: opts.feedback.clone(),
    };
    let (ready_tx, ready_rx) = watch::channel(None);
    let client = ClientBuilder::new_with_http(http, intents())
        .framework(framework(data, opts.guild, ready_tx))
        .await
        .map_err(|e| DiscordError::Gateway(e.to_string()))?;
    let shard_manager = client.shard_manager.clone();
    let task = tokio::spawn(async move {
        let mut client = client;
        client.start().await
    });
    Ok(RunningBot {
        shard_manager,
        client: Some(task),
        ready: ready_rx,
    })
}

/// The REST client, for discord.com or the configured API base.
fn http_client(opts: &BotOptions) -> serenity::Http {
    let mut http =
        HttpBuilder::new(opts.token.expose()).default_allowed_mentions(render::no_mentions());
    if let Some(base) = &opts.api_base {
        // serenity 0.12.5 sends requests through its rate limiter without the proxy base, so a
        // proxy only takes effect with the limiter off; rate limits are then the proxy's job.
        http = http
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    http.build()
}

/// Asks Discord who the bot is, so that a wrong token or no network is one clear sentence
/// instead of endless reconnects.
async fn check_token(http: &serenity::Http) -> Result<(), DiscordError> {
    match http.get_current_user().await {
        Ok(_) => Ok(()),
        Err(serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)))
            if r.status_code.as_u16() == 401 =>
        {
            Err(DiscordError::Unauthorized)
        }
        Err(e) => Err(DiscordError::Unreachable(with_causes(&e))),
    }
}

/// The poise framework: the commands, the event and error handlers, and a setup that registers
/// the commands once the gateway is ready and then reports on `ready`.
fn framework(
    data: Data,
    guild: Option<u64>,
    ready: watch::Sender<Option<ReadyInfo>>,
) -> poise::Framework<Data, BotError> {
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands(),
            on_error: |e| Box::pin(on_error(e)),
            event_handler: |fw, event| Box::pin(on_event(fw, event)),
            allowed_mentions: Some(render::no_mentions()),
            prefix_options: poise::PrefixFrameworkOptions {
                mention_as_prefix: false,
                ..Default::default()
            },
            ..Default::default()
        })
        // Owner lists are for owner-only commands, which there are none of: skip the request.
        .initialize_owners(false)
        .setup(move |ctx, about, framework| {
            Box::pin(async move {
                let cmds = &framework.options().commands;
                let (registration, result) = register(ctx, cmds, guild).await;
                if let Err(e) = &result {
                    tracing::error!("kan de opdrachten niet registreren: {e}");
                }
                let _ = ready.send(Some(ReadyInfo {
                    bot_name: about.user.name.clone(),
                    registration,
                    commands: cmds.len(),
                    registration_error: result.err().map(|e| e.to_string()),
                }));
                Ok(data)
            })
        })
        .build()
}

/// Registers `cmds` on `guild` (instant), or globally when there is none.
async fn register(
    ctx: &serenity::Context,
    cmds: &[poise::Command<Data, BotError>],
    guild: Option<u64>,
) -> (Registration, Result<(), serenity::Error>) {
    match guild.and_then(std::num::NonZeroU64::new) {
        Some(g) => (
            Registration::Guild(g.get()),
            poise::builtins::register_in_guild(ctx, cmds, GuildId::from(g)).await,
        ),
        None => (
            Registration::Global,
            poise::builtins::register_globally(ctx, cmds).await,
        ),
    }
}

/// Runs the bot until SIGINT or SIGTERM (`normwijzer serve discord`), printing its state in
/// Dutch on stderr.
pub fn run(engine: Engine, opts: BotOptions) -> Result<(), DiscordError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| DiscordError::Runtime(e.to_string()))?;
    let cancel = opts.cancel.clone();
    let stop = move || cancel.store(true, Ordering::Relaxed);
    let result = runtime.block_on(async move {
        let served = Served::new(Arc::new(engine));
        let reloader = Reloader::watch(served.clone());
        let hangup = reloader.requester();
        tokio::spawn(on_hangup(move || hangup(Trigger::Signal)));
        let _reloader = reloader;
        let mut bot = start_serving(served, opts).await?;
        tokio::select! {
            ready = bot.ready() => report_ready(&ready?),
            () = shutdown_signal() => {
                stop();
                bot.shutdown().await;
                return Ok(());
            }
        }
        tokio::select! {
            ended = bot.wait() => ended,
            () = shutdown_signal() => {
                eprintln!("normwijzer: afsluiten…");
                stop();
                bot.shutdown().await;
                Ok(())
            }
        }
    });
    // Questions still computing were cancelled; one that does not look at its budget in time
    // must not keep the process alive.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    result
}

/// How long the bot waits at shutdown for questions still computing.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Tells the operator on stderr where the commands went, or why they did not.
fn report_ready(info: &ReadyInfo) {
    let place = match info.registration {
        Registration::Guild(g) => format!("op server {g}"),
        Registration::Global => {
            "globaal (het kan even duren voordat ze overal zichtbaar zijn)".into()
        }
    };
    match &info.registration_error {
        None => eprintln!(
            "normwijzer: verbonden met Discord als {}; {} opdrachten geregistreerd {place}. Stop met Ctrl-C.",
            info.bot_name, info.commands
        ),
        Some(e) => eprintln!(
            "normwijzer: verbonden met Discord als {}, maar de opdrachten konden niet {place} worden geregistreerd ({e}). Vermeldingen en DM's werken wel.",
            info.bot_name
        ),
    }
}

/// Log directives that keep user text out of the logs whatever `NORMWIJZER_LOG` says:
/// serenity logs a raw gateway payload (message text included) when one fails to parse, and
/// its debug output includes events and requests.
pub fn privacy_log_directives() -> [&'static str; 4] {
    [
        "serenity=warn",
        "serenity::gateway::ws=error",
        "poise=warn",
        "tungstenite=warn",
    ]
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/// The slash commands with their Dutch descriptions, as registered with Discord.
pub fn commands() -> Vec<poise::Command<Data, BotError>> {
    let described: [(poise::Command<Data, BotError>, &str); 6] = [
        (
            vraag(),
            "Stel een vraag over passend onderwijs in Almere; antwoord met letterlijke citaten.",
        ),
        (
            termijn(),
            "Bereken een termijn (bijvoorbeeld de zorgplicht) vanaf een datum.",
        ),
        (
            begrip(),
            "Zoek een begrip of afkorting op in de begrippenlijsten.",
        ),
        (
            bron(),
            "Toon een passage bij haar id, voor iedereen in het kanaal.",
        ),
        (
            bronnen(),
            "Toon de documenten waaruit normwijzer citeert, met status en regio.",
        ),
        (help_command(), "Uitleg over normwijzer."),
    ];
    described
        .into_iter()
        .map(|(mut c, d)| {
            c.description = Some(d.into());
            c.help_text = None;
            c
        })
        .collect()
}

// The commands are thin: `serve::commands` does the work, shared with the HTTP endpoint.

/// The day answers are for.
fn today() -> Date {
    AskOptions::today().today
}

// `/vraag vraag:<tekst>`: answers a question.
#[poise::command(slash_command)]
async fn vraag(
    ctx: Context<'_>,
    #[description = "Je vraag, bijvoorbeeld: wanneer moet een OPP?"] vraag: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let key = data.conversation_key(ctx.channel_id(), ctx.author().id, ctx.guild_id().is_none());
    let opts = data.ask_options_in(&key);
    let conversations = Arc::clone(&data.conversations);
    let fb = data.feedback.clone();
    respond(ctx, false, move |engine| {
        let handled = commands::with_feedback(
            commands::vraag(engine, &vraag, &opts),
            &fb,
            Channel::Discord,
        );
        if let Some(subject) = &handled.subject {
            conversations.remember(&key, subject);
        }
        handled.reply
    })
    .await
}

// `/termijn regel:<...> datum:<...>`: a term computed from a configured rule and a date.
#[poise::command(slash_command)]
async fn termijn(
    ctx: Context<'_>,
    #[description = "Welke termijn, bijvoorbeeld: zorgplicht"]
    #[autocomplete = "regel_suggestions"]
    regel: String,
    #[description = "De startdatum, bijvoorbeeld 2 maart 2026, 2-3-2026, 2026-03-02 of vandaag"]
    datum: String,
) -> Result<(), BotError> {
    let fb = ctx.data().feedback.clone();
    respond(ctx, false, move |engine| {
        let h = commands::termijn(engine, &regel, &datum, today());
        commands::with_feedback(h, &fb, Channel::Discord).reply
    })
    .await
}

async fn regel_suggestions(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    suggest(ctx, "termijn", "regel", partial).await
}

// `/begrip term:<...>`: the glossary entry of a term, with autocomplete.
#[poise::command(slash_command)]
async fn begrip(
    ctx: Context<'_>,
    #[description = "Het begrip of de afkorting, bijvoorbeeld ZAT"]
    #[autocomplete = "begrip_suggestions"]
    term: String,
) -> Result<(), BotError> {
    let opts = ctx.data().ask_options();
    let fb = ctx.data().feedback.clone();
    respond(ctx, false, move |engine| {
        commands::with_feedback(
            commands::begrip(engine, &term, &opts),
            &fb,
            Channel::Discord,
        )
        .reply
    })
    .await
}

async fn begrip_suggestions(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    suggest(ctx, "begrip", "term", partial).await
}

/// Autocomplete choices for `option` of `command` from the engine served now (collected off
/// the gateway's tasks when a reload swapped in a new engine).
async fn suggest(
    ctx: Context<'_>,
    command: &'static str,
    option: &'static str,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let (served, suggestions) = (ctx.data().served.clone(), ctx.data().suggestions.clone());
    let partial = partial.to_string();
    let choices = tokio::task::spawn_blocking(move || {
        suggestions
            .of(&served.engine())
            .suggest(command, option, &partial)
    })
    .await
    .unwrap_or_default();
    render::autocomplete_response(&choices)
}

// `/bron id:<passage-id>`: a passage for everyone in the channel.
#[poise::command(slash_command)]
async fn bron(
    ctx: Context<'_>,
    #[description = "Passage-id uit een antwoord, bijvoorbeeld anb#zorgplicht-1"] id: String,
) -> Result<(), BotError> {
    respond(ctx, false, move |engine| {
        commands::bron(engine, &id, today()).reply
    })
    .await
}

// `/bronnen`: the documents and their status.
#[poise::command(slash_command)]
async fn bronnen(ctx: Context<'_>) -> Result<(), BotError> {
    respond(ctx, false, |engine| {
        commands::bronnen(engine, today()).reply
    })
    .await
}

// `/help`.
#[poise::command(slash_command, rename = "help")]
async fn help_command(ctx: Context<'_>) -> Result<(), BotError> {
    respond(ctx, true, |_| render::help()).await
}

// ---------------------------------------------------------------------------------------------
// Replying to interactions
// ---------------------------------------------------------------------------------------------

/// An interaction the bot answers: a command or a button press.
#[derive(Clone, Copy)]
enum Target<'a> {
    Command(&'a CommandInteraction),
    Component(&'a ComponentInteraction),
}

impl Target<'_> {
    async fn create(
        self,
        ctx: &serenity::Context,
        response: CreateInteractionResponse,
    ) -> Result<(), serenity::Error> {
        match self {
            Target::Command(i) => i.create_response(ctx, response).await,
            Target::Component(i) => i.create_response(ctx, response).await,
        }
    }

    async fn edit(self, ctx: &serenity::Context, reply: &Reply) -> Result<(), serenity::Error> {
        let edit = reply.to_edit_response();
        match self {
            Target::Command(i) => i.edit_response(ctx, edit).await.map(drop),
            Target::Component(i) => i.edit_response(ctx, edit).await.map(drop),
        }
    }
}

/// Answers a slash command with `work`'s reply.
async fn respond<F>(ctx: Context<'_>, ephemeral: bool, work: F) -> Result<(), BotError>
where
    F: FnOnce(&Engine) -> Reply + Send + 'static,
{
    let poise::Context::Application(actx) = ctx else {
        return Ok(());
    };
    let result = deliver(
        ctx.serenity_context(),
        Target::Command(actx.interaction),
        ctx.data(),
        ephemeral,
        work,
    )
    .await;
    // Whatever went out counts as the initial response, so an error reply becomes a follow-up.
    actx.has_sent_initial_response.store(true, Ordering::SeqCst);
    result
}

/// Computes a reply on the blocking pool and sends it as the interaction response, or, when it
/// takes longer than `defer_after`, acknowledges first and then edits the response.
async fn deliver<F>(
    ctx: &serenity::Context,
    target: Target<'_>,
    data: &Data,
    ephemeral: bool,
    work: F,
) -> Result<(), BotError>
where
    F: FnOnce(&Engine) -> Reply + Send + 'static,
{
    let engine = data.engine();
    let mut task = tokio::task::spawn_blocking(move || work(&engine));
    let early = if data.defer_after.is_zero() {
        None
    } else {
        tokio::select! {
            done = &mut task => Some(done),
            () = tokio::time::sleep(data.defer_after) => None,
        }
    };
    match early {
        Some(done) => {
            let reply = computed(done);
            let ephemeral = ephemeral || reply.ephemeral;
            let message = reply.ephemeral(ephemeral).to_interaction_message();
            target
                .create(ctx, CreateInteractionResponse::Message(message))
                .await?;
        }
        None => {
            let ack = CreateInteractionResponseMessage::new()
                .ephemeral(ephemeral)
                .allowed_mentions(render::no_mentions());
            target
                .create(ctx, CreateInteractionResponse::Defer(ack))
                .await?;
            let reply = computed(task.await);
            target.edit(ctx, &reply).await?;
        }
    }
    Ok(())
}

/// The reply of a finished computation; a panic in the engine becomes a Dutch sentence.
fn computed(done: Result<Reply, tokio::task::JoinError>) -> Reply {
    done.unwrap_or_else(|_| {
        tracing::error!("het berekenen van een antwoord is mislukt");
        render::notice("Er ging iets mis bij het zoeken; probeer het nog eens.")
    })
}

// ---------------------------------------------------------------------------------------------
// Events: mentions, DMs, buttons
// ---------------------------------------------------------------------------------------------

async fn on_event(
    fw: poise::FrameworkContext<'_, Data, BotError>,
    event: &FullEvent,
) -> Result<(), BotError> {
    let ctx = fw.serenity_context;
    let data = fw.user_data;
    match event {
        FullEvent::Message { new_message } => on_message(ctx, data, fw.bot_id(), new_message).await,
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(press),
        } => on_button(ctx, data, press).await,
        _ => Ok(()),
    }
}

/// A "Toon hele passage" (or similar) button: the passage, only for whoever pressed.
async fn on_button(
    ctx: &serenity::Context,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<(), BotError> {
    let custom_id = press.data.custom_id.clone();
    let fb = data.feedback.clone();
    deliver(ctx, Target::Component(press), data, true, move |engine| {
        commands::feedback_press(&fb, &custom_id, Channel::Discord)
            .unwrap_or_else(|| commands::button(engine, &custom_id, today()))
            .reply
    })
    .await
}

/// The question in a message that mentions the bot: the mentions of the bot removed.
pub fn strip_mention(content: &str, bot: UserId) -> String {
    let id = bot.get();
    content
        .replace(&format!("<@{id}>"), " ")
        .replace(&format!("<@!{id}>"), " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A DM, or a channel message that mentions the bot: answer it.
async fn on_message(
    ctx: &serenity::Context,
    data: &Data,
    bot: UserId,
    msg: &Message,
) -> Result<(), BotError> {
    if msg.author.bot || msg.author.id == bot {
        return Ok(());
    }
    let dm = msg.guild_id.is_none();
    if !dm && !msg.mentions.iter().any(|u| u.id == bot) {
        return Ok(());
    }
    let question = strip_mention(&msg.content, bot);
    let has_question = question_text(&question).chars().any(char::is_alphanumeric);
    let key = data.conversation_key(msg.channel_id, msg.author.id, dm);
    // In a thread the bot answered in, the answer stays there.
    let in_thread = key == format!("discord:{}", msg.channel_id);
    let (reply, subject) = if has_question {
        answer_mention(data, &question, &key).await
    } else {
        (ask_for_question(dm), None)
    };
    // A thread per question keeps the channel tidy; a hint for an empty mention needs none.
    if !dm && !in_thread && data.threads && has_question {
        // The thread's conversation is known before its first message goes out, so that a
        // quick follow-up in it already continues the question.
        let started = |thread: ChannelId| {
            if let Some(subject) = &subject {
                data.conversations
                    .remember(&format!("discord:{thread}"), subject);
            }
        };
        if reply_in_thread(ctx, msg, &question, &reply, started).await? {
            return Ok(());
        }
    }
    if let Some(subject) = &subject {
        data.conversations.remember(&key, subject);
    }
    let mut message = reply.to_create_message();
    if !dm {
        message = message.reference_message(msg);
    }
    msg.channel_id.send_message(ctx, message).await?;
    Ok(())
}

/// The answer to a question in a message of conversation `key`, computed on the blocking
/// pool, with what a follow-up continues.
async fn answer_mention(data: &Data, question: &str, key: &str) -> (Reply, Option<String>) {
    let engine = data.engine();
    // The echo shows what was typed (escaped); the engine gets the cleaned text.
    let q = question.to_string();
    let opts = data.ask_options_in(key);
    let fb = data.feedback.clone();
    let done = tokio::task::spawn_blocking(move || {
        let handled =
            commands::with_feedback(commands::vraag(&engine, &q, &opts), &fb, Channel::Discord);
        (handled.reply, handled.subject)
    })
    .await;
    match done {
        Ok(done) => done,
        Err(e) => (computed(Err(e)), None),
    }
}

/// The hint for a mention or DM without a question.
fn ask_for_question(dm: bool) -> Reply {
    let mut r = render::notice(if dm {
        "Stel je vraag in een bericht, bijvoorbeeld: wanneer moet een OPP?"
    } else {
        "Stel je vraag in hetzelfde bericht, bijvoorbeeld: @normwijzer wanneer moet een OPP?"
    });
    r.embeds
        .iter_mut()
        .for_each(|e| e.color = render::COLOR_INFO);
    r
}

/// Sends `reply` in a new thread on the question, calling `started` with the thread once it
/// exists; false when no thread could be made, so that the caller answers in the channel.
async fn reply_in_thread(
    ctx: &serenity::Context,
    msg: &Message,
    question: &str,
    reply: &Reply,
    started: impl FnOnce(ChannelId),
) -> Result<bool, BotError> {
    let thread = msg
        .channel_id
        .create_thread_from_message(
            ctx,
            msg.id,
            CreateThread::new(render::thread_name(&question_text(question)))
                .auto_archive_duration(serenity::AutoArchiveDuration::OneDay),
        )
        .await;
    match thread {
        Ok(thread) => {
            started(thread.id);
            thread
                .id
                .send_message(ctx, reply.to_create_message())
                .await?;
            Ok(true)
        }
        // Already in a thread, no permission, a forum...: answer in the channel instead.
        Err(e) => {
            tracing::debug!("geen draad gemaakt, antwoord in het kanaal: {e}");
            Ok(false)
        }
    }
}

/// A rendered reply as poise's builder (for replies poise sends, such as error messages).
fn poise_reply(reply: &Reply) -> poise::CreateReply {
    let mut r = poise::CreateReply::default()
        .components(reply.components())
        .ephemeral(reply.ephemeral)
        .allowed_mentions(render::no_mentions());
    for e in &reply.embeds {
        r = r.embed(e.to_builder());
    }
    if !reply.content.is_empty() {
        r = r.content(&reply.content);
    }
    r
}

async fn on_error(error: poise::FrameworkError<'_, Data, BotError>) {
    use poise::FrameworkError as E;
    // Log only what went wrong, never the input: it may be a question.
    match error {
        E::Command { error, ctx, .. } => {
            tracing::warn!("/{} mislukt: {error}", ctx.command().name);
            let reply =
                render::notice("Er ging iets mis bij het antwoorden; probeer het nog eens.");
            let _ = ctx.send(poise_reply(&reply)).await;
        }
        E::ArgumentParse { ctx, .. } => {
            tracing::warn!("/{}: invoer niet te verwerken", ctx.command().name);
            let reply =
                render::notice("Ik begrijp de invoer niet; kijk bij /help hoe de opdracht werkt.");
            let _ = ctx.send(poise_reply(&reply)).await;
        }
        E::EventHandler { error, event, .. } => {
            tracing::warn!("{} afhandelen mislukt: {error}", event.snake_case_name());
        }
        E::UnknownInteraction { .. } => {
            tracing::warn!("onbekende opdracht ontvangen; registreer de opdrachten opnieuw");
        }
        E::Setup { error, .. } => tracing::error!("opstarten mislukt: {error}"),
        _ => tracing::warn!("fout in de opdrachtafhandeling"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_never_shown() {
        let t = Token::new("  Bot abc.def.ghi \n").unwrap();
        assert_eq!(t.expose(), "abc.def.ghi");
        assert_eq!(format!("{t:?}"), "Token(verborgen)");
        assert!(Token::new("  ").is_none());
        let o = BotOptions::new(t);
        assert!(!format!("{o:?}").contains("abc"));
    }

    #[test]
    fn token_sources_in_order() {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::write(home.path().join("tok"), "Bot uit-bestand\n").expect("write");
        let config = DiscordConfig {
            token_file: Some("tok".into()),
            ..Default::default()
        };
        let t = token_from(Some("uit-env".into()), None, home.path(), &config).unwrap();
        assert_eq!(t.expose(), "uit-env");
        let t = token_from(Some(" ".into()), None, home.path(), &config).unwrap();
        assert_eq!(t.expose(), "uit-bestand");
        let e = token_from(None, Some("/bestaat/niet".into()), home.path(), &config).unwrap_err();
        assert!(e.to_string().contains("bestaat niet"), "{e}");
        let e = token_from(None, None, home.path(), &DiscordConfig::default()).unwrap_err();
        assert!(matches!(e, DiscordError::NoToken));
        let broken = home.path().join("config");
        std::fs::create_dir(&broken).expect("mkdir");
        std::fs::write(broken.join("discord.toml"), "tokenfile = 1").expect("write");
        let e = DiscordConfig::load(home.path()).unwrap_err();
        assert!(e.to_string().contains("discord.toml"), "{e}");
    }

    #[test]
    fn mentions_are_stripped() {
        let bot = UserId::new(42);
        assert_eq!(
            strip_mention("<@42> wat is een ZAT?", bot),
            "wat is een ZAT?"
        );
        assert_eq!(strip_mention("hoi <@!42>\n  OPP?", bot), "hoi OPP?");
        assert_eq!(strip_mention("<@43> x", bot), "<@43> x");
    }

    #[test]
    fn commands_have_dutch_descriptions_within_limits() {
        let cmds = commands();
        let names: Vec<&str> = cmds.iter().map(|c| c.name.as_ref()).collect();
        assert_eq!(
            names,
            ["vraag", "termijn", "begrip", "bron", "bronnen", "help"]
        );
        for c in &cmds {
            let d = c.description.as_deref().unwrap_or_default();
            assert!((1..=100).contains(&d.chars().count()), "{d}");
            for p in &c.parameters {
                let d = p.description.as_deref().unwrap_or_default();
                assert!((1..=100).contains(&d.chars().count()), "{d}");
            }
        }
    }
}
