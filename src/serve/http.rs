//! The HTTP service (`normwijzer serve http`): a Microsoft Teams outgoing webhook, a Discord
//! interactions endpoint, a JSON API, a health check and Prometheus metrics, on axum.
//!
//! Every request to `/teams` and `/discord/interactions` is verified before anything in it is
//! parsed: Teams signs the raw body with HMAC-SHA256 (key: the base64-decoded security token),
//! Discord signs timestamp + raw body with Ed25519. Signatures seen within the last five
//! minutes are remembered, so a captured request cannot be replayed. An endpoint whose secret is
//! not configured is not routed at all and answers 404.
//!
//! Answers come from [`Engine::ask`] (Discord commands through [`crate::serve::commands`], the
//! same code as the gateway bot), run on the blocking pool so that a slow client or a slow
//! answer never holds the async workers; each connection is its own task. Everything a client
//! sees is Dutch; errors are one line of plain text. Nothing a client sends ends in a panic or a
//! 500: only a failure inside the engine does. Question text is never logged or counted.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::{Signature, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::channel::{discord, teams};
use crate::engine::{AskOptions, Engine};
use crate::model::Answer;
use crate::serve::commands::{self, Suggestions};
use crate::serve::metrics::{Channel, Metrics, Outcome};

/// Largest request body accepted; larger bodies get 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// How far a Discord signature timestamp may lie from the server's clock, and how long
/// signatures are remembered to refuse replays.
pub const SIGNATURE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Signatures remembered at most per endpoint; the oldest are forgotten first.
const REPLAY_MEMORY: usize = 20_000;

/// Base64 as Teams writes it, also accepted without padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A secret from the environment that cannot be used. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// `TEAMS_HMAC_SECRET` is not base64.
    #[error(
        "TEAMS_HMAC_SECRET is geen geldig beveiligingstoken: kopieer het token precies zoals Teams het toont bij het maken van de uitgaande webhook (base64)"
    )]
    TeamsToken,
    /// `DISCORD_PUBLIC_KEY` is not a 32-byte hex Ed25519 key.
    #[error(
        "DISCORD_PUBLIC_KEY is geen geldige openbare sleutel: verwacht 64 hexadecimale tekens, de Public Key op de pagina van de Discord-applicatie"
    )]
    DiscordKey,
}

/// Why the service could not run. Messages are Dutch.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("kan niet luisteren op {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// Why binding failed.
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("de HTTP-service is gestopt: {0}")]
    Serve(#[source] std::io::Error),
}

/// The keys that verify incoming requests. An endpoint without its key is disabled.
#[derive(Clone, Default)]
pub struct Secrets {
    teams: Option<Arc<[u8]>>,
    discord: Option<VerifyingKey>,
}

impl fmt::Debug for Secrets {
    /// Shows which endpoints are enabled, never the keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("teams", &self.teams.as_ref().map(|_| "<geheim>"))
            .field("discord", &self.discord.as_ref().map(|_| "<ingesteld>"))
            .finish()
    }
}

impl Secrets {
    /// Keys from their textual form: the Teams security token (base64, as Teams shows it) and
    /// the Discord application public key (hex). `None` or blank disables the endpoint.
    pub fn new(
        teams_token: Option<&str>,
        discord_public_key: Option<&str>,
    ) -> Result<Secrets, SecretError> {
        let teams = match teams_token.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => {
                let key = BASE64.decode(t).map_err(|_| SecretError::TeamsToken)?;
                if key.is_empty() {
                    return Err(SecretError::TeamsToken);
                }
                Some(Arc::from(key))
            }
        };
        let discord = match discord_public_key.map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => {
                let bytes: [u8; 32] = hex::decode(k)
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or(SecretError::DiscordKey)?;
                Some(VerifyingKey::from_bytes(&bytes).map_err(|_| SecretError::DiscordKey)?)
            }
        };
        Ok(Secrets { teams, discord })
    }

    /// Keys from `TEAMS_HMAC_SECRET` and `DISCORD_PUBLIC_KEY`.
    pub fn from_env() -> Result<Secrets, SecretError> {
        let var = |name: &str, err: SecretError| match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(err),
        };
        let teams = var("TEAMS_HMAC_SECRET", SecretError::TeamsToken)?;
        let discord = var("DISCORD_PUBLIC_KEY", SecretError::DiscordKey)?;
        Secrets::new(teams.as_deref(), discord.as_deref())
    }

    /// Whether `POST /teams` is served.
    pub fn teams_enabled(&self) -> bool {
        self.teams.is_some()
    }

    /// Whether `POST /discord/interactions` is served.
    pub fn discord_enabled(&self) -> bool {
        self.discord.is_some()
    }
}

/// Tunables of the service.
#[derive(Debug, Clone)]
pub struct ServiceOptions {
    /// Longest time from a request's headers to its response, reading the body included. A
    /// client that stalls longer gets 408.
    pub request_timeout: Duration,
}

impl Default for ServiceOptions {
    fn default() -> ServiceOptions {
        ServiceOptions {
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// Everything the handlers share: engine, keys, metrics and the replay memories.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Arc<Engine>,
    secrets: Secrets,
    metrics: Metrics,
    teams_seen: ReplayGuard,
    discord_seen: ReplayGuard,
    options: ServiceOptions,
    /// Autocomplete choices, collected on the first autocomplete request.
    suggestions: OnceLock<Suggestions>,
}

impl AppState {
    /// State for a service answering from `engine`, verifying with `secrets`.
    pub fn new(engine: Arc<Engine>, secrets: Secrets, options: ServiceOptions) -> AppState {
        let info = &engine.index().info;
        let metrics = Metrics::new(info.documents, info.passages);
        AppState {
            inner: Arc::new(Inner {
                engine,
                secrets,
                metrics,
                teams_seen: ReplayGuard::new(SIGNATURE_WINDOW, REPLAY_MEMORY),
                discord_seen: ReplayGuard::new(SIGNATURE_WINDOW, REPLAY_MEMORY),
                options,
                suggestions: OnceLock::new(),
            }),
        }
    }

    /// Answers a question on the blocking pool and records the engine's time.
    async fn ask(&self, question: String, opts: AskOptions) -> Result<Answer, RequestError> {
        self.blocking(move |s| s.ask_blocking(&question, &opts))
            .await
    }

    /// Runs `work` on the blocking pool, so that the engine never holds an async worker.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&AppState) -> T + Send + 'static,
    ) -> Result<T, RequestError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || work(&state))
            .await
            .map_err(|_| RequestError::Internal)
    }

    /// What Discord's autocomplete offers (blocking: the first call reads the glossaries).
    fn suggestions(&self) -> &Suggestions {
        self.inner
            .suggestions
            .get_or_init(|| Suggestions::from_engine(&self.inner.engine))
    }

    fn ask_blocking(&self, question: &str, opts: &AskOptions) -> Answer {
        let started = Instant::now();
        let answer = self.inner.engine.ask(question, opts);
        self.inner.metrics.observe_answer(started.elapsed());
        answer
    }
}

/// The routes, with body limit, timeout, metrics and logging around them. Routes whose secret
/// is missing are left out, so they answer 404 like any unknown path.
pub fn router(state: AppState) -> Router {
    let mut routes = Router::new()
        .route("/api/ask", post(api_ask))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics));
    if state.inner.secrets.teams_enabled() {
        routes = routes.route("/teams", post(teams_webhook));
    }
    if state.inner.secrets.discord_enabled() {
        routes = routes.route("/discord/interactions", post(discord_interactions));
    }
    routes
        .fallback(|| async { RequestError::NotFound })
        .method_not_allowed_fallback(|| async { RequestError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Runs the service on `addr` until SIGINT or SIGTERM, then finishes the requests under way.
pub async fn serve(engine: Arc<Engine>, addr: &str, secrets: Secrets) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: addr.to_string(),
            source,
        })?;
    if !secrets.teams_enabled() {
        tracing::warn!("Teams-endpoint /teams is uitgeschakeld: TEAMS_HMAC_SECRET is niet gezet");
    }
    if !secrets.discord_enabled() {
        tracing::warn!(
            "Discord-endpoint /discord/interactions is uitgeschakeld: DISCORD_PUBLIC_KEY is niet gezet"
        );
    }
    let info = &engine.index().info;
    let local = listener.local_addr().map_err(ServeError::Serve)?;
    tracing::info!(
        documents = info.documents,
        passages = info.passages,
        fingerprint = %info.fingerprint,
        "HTTP-service luistert op http://{local}"
    );
    let options = ServiceOptions::default();
    // Requests under way finish or time out within the request timeout; a connection that
    // never completes its headers would hold graceful shutdown forever, so it gets a deadline.
    let grace = options.request_timeout + Duration::from_secs(5);
    let state = AppState::new(engine, secrets, options);
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stopping.send(());
    });
    tokio::select! {
        result = server.into_future() => result.map_err(ServeError::Serve)?,
        () = async {
            if stopped.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!(
                "niet alle verbindingen sloten binnen {} s; de HTTP-service stopt toch",
                grace.as_secs()
            );
        }
    }
    tracing::info!("HTTP-service gestopt");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("signaal ontvangen: lopende verzoeken worden afgemaakt");
}

/// Why a request was refused. The message is the one Dutch line the client gets.
#[derive(Debug, thiserror::Error)]
enum RequestError {
    #[error("de aanvraag is niet ondertekend")]
    Unsigned,
    #[error("de ondertekening van de aanvraag klopt niet")]
    BadSignature,
    #[error("het tijdstempel van de ondertekening is te oud of ligt in de toekomst")]
    Stale,
    #[error("deze aanvraag is al eens ontvangen en wordt niet nog eens verwerkt")]
    Replayed,
    #[error("de aanvraag is te groot: hooguit 64 KiB")]
    TooLarge,
    #[error("de aanvraag kon niet worden gelezen")]
    Unreadable,
    #[error("de aanvraag is leeg: stuur een JSON-object")]
    Empty,
    #[error("de inhoud is geen geldige JSON")]
    NotJson,
    #[error("{0}")]
    Invalid(&'static str),
    #[error("de aanvraag duurde te lang")]
    Timeout,
    #[error("deze pagina bestaat niet")]
    NotFound,
    #[error("deze methode is hier niet toegestaan")]
    MethodNotAllowed,
    #[error("er ging intern iets mis; probeer het later opnieuw")]
    Internal,
}

impl RequestError {
    fn status(&self) -> StatusCode {
        match self {
            RequestError::Unsigned
            | RequestError::BadSignature
            | RequestError::Stale
            | RequestError::Replayed => StatusCode::UNAUTHORIZED,
            RequestError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            RequestError::Unreadable
            | RequestError::Empty
            | RequestError::NotJson
            | RequestError::Invalid(_) => StatusCode::BAD_REQUEST,
            RequestError::Timeout => StatusCode::REQUEST_TIMEOUT,
            RequestError::NotFound => StatusCode::NOT_FOUND,
            RequestError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            RequestError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for RequestError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = format!("{self}\n");
        let mut res = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            body,
        )
            .into_response();
        res.extensions_mut().insert(Outcome::of_status(status));
        res
    }
}

impl From<BytesRejection> for RequestError {
    fn from(r: BytesRejection) -> RequestError {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            RequestError::TooLarge
        } else {
            RequestError::Unreadable
        }
    }
}

/// Attaches the outcome the metrics count.
fn with_outcome(res: impl IntoResponse, outcome: Outcome) -> Response {
    let mut res = res.into_response();
    res.extensions_mut().insert(outcome);
    res
}

fn answer_outcome(a: &Answer) -> Outcome {
    if a.abstained {
        Outcome::Abstained
    } else {
        Outcome::Answered
    }
}

/// Applies the request timeout, counts the request and logs it without its content.
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let channel = Channel::of_path(req.uri().path());
    let started = Instant::now();
    let res = tokio::time::timeout(state.inner.options.request_timeout, next.run(req))
        .await
        .unwrap_or_else(|_| RequestError::Timeout.into_response());
    let outcome = res
        .extensions()
        .get::<Outcome>()
        .copied()
        .unwrap_or_else(|| Outcome::of_status(res.status()));
    state.inner.metrics.count(channel, outcome);
    tracing::info!(
        channel = channel.label(),
        outcome = outcome.label(),
        status = res.status().as_u16(),
        micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "verzoek"
    );
    res
}

/// A JSON body: empty and malformed bodies are refused in Dutch.
fn parse_json(body: &[u8]) -> Result<Value, RequestError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(RequestError::Empty);
    }
    serde_json::from_slice(body).map_err(|_| RequestError::NotJson)
}

/// `GET /healthz`: the size and fingerprint of the index served.
async fn healthz(State(state): State<AppState>) -> Response {
    let info = &state.inner.engine.index().info;
    with_outcome(
        Json(json!({
            "status": "ok",
            "documents": info.documents,
            "passages": info.passages,
            "fingerprint": info.fingerprint,
        })),
        Outcome::Ok,
    )
}

/// `GET /metrics`: Prometheus text.
async fn metrics(State(state): State<AppState>) -> Response {
    with_outcome(
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            )],
            state.inner.metrics.encode(),
        ),
        Outcome::Ok,
    )
}

/// `POST /api/ask` with `{"question": "...", "today": "JJJJ-MM-DD"?}`: the answer as the same
/// JSON object as `normwijzer ask --json`.
async fn api_ask(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let body = body?;
    let (question, opts) = ask_request(&parse_json(&body)?)?;
    let answer = state.ask(question, opts).await?;
    let outcome = answer_outcome(&answer);
    Ok(with_outcome(Json(answer), outcome))
}

/// The question and options of an `/api/ask` body.
fn ask_request(v: &Value) -> Result<(String, AskOptions), RequestError> {
    let obj = v.as_object().ok_or(RequestError::Invalid(
        "de inhoud moet een JSON-object zijn, zoals {\"question\": \"wanneer moet een OPP?\"}",
    ))?;
    let question = match obj.get("question") {
        None | Some(Value::Null) => {
            return Err(RequestError::Invalid("het veld „question” ontbreekt"));
        }
        Some(Value::String(q)) => q.clone(),
        Some(_) => return Err(RequestError::Invalid("het veld „question” moet tekst zijn")),
    };
    let mut opts = AskOptions::today();
    match obj.get("today") {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) => {
            opts.today = d.trim().parse().map_err(|_| {
                RequestError::Invalid(
                    "het veld „today” is geen geldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02",
                )
            })?;
        }
        Some(_) => {
            return Err(RequestError::Invalid(
                "het veld „today” moet een datum als tekst zijn: JJJJ-MM-DD",
            ));
        }
    }
    Ok((question, opts))
}

/// `POST /teams`: a Teams outgoing-webhook message, verified, answered with a message activity.
async fn teams_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let key = state
        .inner
        .secrets
        .teams
        .clone()
        .ok_or(RequestError::NotFound)?;
    let body = body?;
    let tag = verify_teams(&key, &headers, &body)?;
    if !state.inner.teams_seen.first_time(&tag) {
        return Err(RequestError::Replayed);
    }
    let activity = parse_json(&body)?;
    let text = activity
        .get("text")
        .and_then(Value::as_str)
        .ok_or(RequestError::Invalid(
            "het Teams-bericht heeft geen tekst (veld „text”)",
        ))?;
    let answer = state
        .ask(teams::question(text), AskOptions::today())
        .await?;
    let outcome = answer_outcome(&answer);
    Ok(with_outcome(Json(teams::reply(&answer)), outcome))
}

/// Checks `Authorization: HMAC <base64>` against the HMAC-SHA256 of the raw body in constant
/// time. Returns the verified tag, the key for replay detection.
fn verify_teams(key: &[u8], headers: &HeaderMap, body: &[u8]) -> Result<Vec<u8>, RequestError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(RequestError::Unsigned)?
        .to_str()
        .map_err(|_| RequestError::BadSignature)?;
    let (scheme, tag) = value
        .trim()
        .split_once(' ')
        .ok_or(RequestError::BadSignature)?;
    if !scheme.eq_ignore_ascii_case("HMAC") {
        return Err(RequestError::BadSignature);
    }
    let tag = BASE64
        .decode(tag.trim())
        .map_err(|_| RequestError::BadSignature)?;
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|_| RequestError::Internal)?;
    mac.update(body);
    // verify_slice compares in constant time and refuses tags of the wrong length.
    mac.verify_slice(&tag)
        .map_err(|_| RequestError::BadSignature)?;
    Ok(tag)
}

/// `POST /discord/interactions`: verified; PING answered with PONG; slash commands and button
/// presses with a message rendered by [`crate::channel::discord`] through
/// [`crate::serve::commands`], exactly as the gateway bot answers them; autocomplete with
/// choices.
async fn discord_interactions(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let key = state.inner.secrets.discord.ok_or(RequestError::NotFound)?;
    let body = body?;
    let now = jiff::Timestamp::now().as_second();
    let signature = verify_discord(&key, &headers, &body, now)?;
    if !state.inner.discord_seen.first_time(&signature.to_bytes()) {
        return Err(RequestError::Replayed);
    }
    let interaction = parse_json(&body)?;
    let kind = interaction.get("type").and_then(Value::as_u64);
    match kind {
        // PING, sent when the endpoint is saved in the developer portal.
        Some(1) => return Ok(with_outcome(Json(json!({ "type": 1 })), Outcome::Ok)),
        Some(2..=4) => {}
        Some(_) => {
            return Err(RequestError::Invalid(
                "dit soort Discord-interactie wordt niet ondersteund",
            ));
        }
        None => {
            return Err(RequestError::Invalid(
                "de interactie heeft geen geldig veld „type”",
            ));
        }
    }
    let data = interaction
        .get("data")
        .filter(|d| d.is_object())
        .cloned()
        .ok_or(RequestError::Invalid(
            "de interactie heeft geen gegevens (veld „data”)",
        ))?;
    let (response, outcome) = match kind {
        // APPLICATION_COMMAND: a slash command, answered with a message (type 4).
        Some(2) => {
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .ok_or(RequestError::Invalid("de opdracht heeft geen naam"))?
                .to_string();
            let options = command_options(&data);
            state
                .blocking(move |s| {
                    let started = Instant::now();
                    let today = AskOptions::today().today;
                    let h = commands::command(&s.inner.engine, &name, &options, today);
                    if matches!(h.outcome, Outcome::Answered | Outcome::Abstained) {
                        s.inner.metrics.observe_answer(started.elapsed());
                    }
                    (h.reply.interaction_response_json(), h.outcome)
                })
                .await?
        }
        // MESSAGE_COMPONENT: a button on one of our messages ("Toon hele passage").
        Some(3) => {
            let custom_id = data
                .get("custom_id")
                .and_then(Value::as_str)
                .ok_or(RequestError::Invalid("de knop heeft geen custom_id"))?
                .to_string();
            state
                .blocking(move |s| {
                    let h =
                        commands::button(&s.inner.engine, &custom_id, AskOptions::today().today);
                    (h.reply.interaction_response_json(), h.outcome)
                })
                .await?
        }
        // APPLICATION_COMMAND_AUTOCOMPLETE (4): choices for the option being typed (type 8).
        _ => {
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let (option, typed) = focused_option(&data).unwrap_or_default();
            state
                .blocking(move |s| {
                    let choices = s.suggestions().suggest(&name, &option, &typed);
                    (discord::autocomplete_json(&choices), Outcome::Ok)
                })
                .await?
        }
    };
    if response.is_null() {
        return Err(RequestError::Internal);
    }
    Ok(with_outcome(Json(response), outcome))
}

/// Checks `X-Signature-Ed25519` over `X-Signature-Timestamp` + raw body, and that the timestamp
/// lies within [`SIGNATURE_WINDOW`] of `now` (Unix seconds).
fn verify_discord(
    key: &VerifyingKey,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<Signature, RequestError> {
    let header_str = |name: &str| -> Result<&str, RequestError> {
        headers
            .get(name)
            .ok_or(RequestError::Unsigned)?
            .to_str()
            .map_err(|_| RequestError::BadSignature)
    };
    let signature = header_str("x-signature-ed25519")?;
    let timestamp = header_str("x-signature-timestamp")?;
    let seconds: i64 = timestamp.parse().map_err(|_| RequestError::BadSignature)?;
    if now.abs_diff(seconds) >= SIGNATURE_WINDOW.as_secs() {
        return Err(RequestError::Stale);
    }
    let signature = hex::decode(signature)
        .ok()
        .and_then(|b| Signature::from_slice(&b).ok())
        .ok_or(RequestError::BadSignature)?;
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(body);
    key.verify_strict(&message, &signature)
        .map_err(|_| RequestError::BadSignature)?;
    Ok(signature)
}

/// The options of a slash command as (name, value) pairs; numbers and booleans as text.
fn command_options(data: &Value) -> Vec<(String, String)> {
    data.get("options")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let name = o.get("name")?.as_str()?.to_string();
            let value = match o.get("value")? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((name, value))
        })
        .collect()
}

/// The option being typed in an autocomplete interaction: its name and what was typed so far.
fn focused_option(data: &Value) -> Option<(String, String)> {
    data.get("options")?
        .as_array()?
        .iter()
        .find(|o| o.get("focused").and_then(Value::as_bool) == Some(true))
        .and_then(|o| {
            Some((
                o.get("name")?.as_str()?.to_string(),
                o.get("value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            ))
        })
}

/// Verified signatures of the last [`SIGNATURE_WINDOW`], to refuse a request sent twice.
/// Memory is bounded: beyond `capacity` the oldest are forgotten.
struct ReplayGuard {
    window: Duration,
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    tags: HashSet<Vec<u8>>,
    order: VecDeque<(Instant, Vec<u8>)>,
}

impl ReplayGuard {
    fn new(window: Duration, capacity: usize) -> ReplayGuard {
        ReplayGuard {
            window,
            capacity,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Records `tag`; false if it was already seen within the window.
    fn first_time(&self, tag: &[u8]) -> bool {
        let now = Instant::now();
        // A poisoned lock only means another request panicked; the set is still usable.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((at, _)) = seen.order.front() {
            if now.duration_since(*at) < self.window && seen.order.len() < self.capacity {
                break;
            }
            if let Some((_, old)) = seen.order.pop_front() {
                seen.tags.remove(&old);
            }
        }
        if !seen.tags.insert(tag.to_vec()) {
            return false;
        }
        seen.order.push_back((now, tag.to_vec()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn replay_guard_refuses_repeats_and_stays_bounded() {
        let g = ReplayGuard::new(Duration::from_secs(300), 3);
        assert!(g.first_time(b"a"));
        assert!(!g.first_time(b"a"));
        assert!(g.first_time(b"b"));
        assert!(g.first_time(b"c"));
        assert!(g.first_time(b"d"));
        let seen = g.seen.lock().unwrap();
        assert_eq!(seen.order.len(), 3);
        assert!(!seen.tags.contains(b"a".as_slice()));
    }

    #[test]
    fn replay_guard_forgets_after_window() {
        let g = ReplayGuard::new(Duration::ZERO, 10);
        assert!(g.first_time(b"a"));
        assert!(g.first_time(b"a"));
    }

    #[test]
    fn teams_signature_is_checked() {
        let key = b"sleutel";
        let body = br#"{"text":"hoi"}"#;
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(body);
        let tag = general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            format!("HMAC {tag}").parse().unwrap(),
        );
        assert!(verify_teams(key, &h, body).is_ok());
        assert!(matches!(
            verify_teams(key, &h, br#"{"text":"hoi!"}"#),
            Err(RequestError::BadSignature)
        ));
        assert!(matches!(
            verify_teams(b"ander", &h, body),
            Err(RequestError::BadSignature)
        ));
        h.insert(header::AUTHORIZATION, "HMAC".parse().unwrap());
        assert!(verify_teams(key, &h, body).is_err());
        h.insert(header::AUTHORIZATION, "HMAC AAAA".parse().unwrap());
        assert!(verify_teams(key, &h, body).is_err());
        h.remove(header::AUTHORIZATION);
        assert!(matches!(
            verify_teams(key, &h, body),
            Err(RequestError::Unsigned)
        ));
    }

    #[test]
    fn discord_signature_and_window_are_checked() {
        let sk = SigningKey::from_bytes(&[7; 32]);
        let body = br#"{"type":1}"#;
        let ts = "1700000000";
        let sig = sk.sign(&[ts.as_bytes(), body].concat());
        let mut h = HeaderMap::new();
        h.insert(
            "x-signature-ed25519",
            hex::encode(sig.to_bytes()).parse().unwrap(),
        );
        h.insert("x-signature-timestamp", ts.parse().unwrap());
        let vk = sk.verifying_key();
        assert!(verify_discord(&vk, &h, body, 1_700_000_010).is_ok());
        assert!(matches!(
            verify_discord(&vk, &h, body, 1_700_000_300),
            Err(RequestError::Stale)
        ));
        assert!(matches!(
            verify_discord(&vk, &h, body, 1_699_999_700),
            Err(RequestError::Stale)
        ));
        assert!(matches!(
            verify_discord(&vk, &h, br#"{"type":2}"#, 1_700_000_010),
            Err(RequestError::BadSignature)
        ));
    }

    #[test]
    fn secrets_are_validated_and_never_printed() {
        assert!(Secrets::new(Some("niet base64!"), None).is_err());
        assert!(Secrets::new(None, Some("abcd")).is_err());
        let s = Secrets::new(
            Some("vqF0En+Z0ucuRTM/01o2GuhMH3hKKk/N2bOmlM31zaA="),
            Some(&hex::encode(
                SigningKey::from_bytes(&[7; 32]).verifying_key().to_bytes(),
            )),
        )
        .unwrap();
        assert!(s.teams_enabled() && s.discord_enabled());
        let shown = format!("{s:?}");
        assert!(!shown.contains("vqF0"), "{shown}");
        let none = Secrets::new(Some("  "), Some("")).unwrap();
        assert!(!none.teams_enabled() && !none.discord_enabled());
    }

    #[test]
    fn ask_request_fields() {
        let (q, o) = ask_request(&json!({"question": "x", "today": "2026-03-02"})).unwrap();
        assert_eq!(q, "x");
        assert_eq!(o.today.to_string(), "2026-03-02");
        assert!(ask_request(&json!({})).is_err());
        assert!(ask_request(&json!({"question": 3})).is_err());
        assert!(ask_request(&json!({"question": "x", "today": "2 maart"})).is_err());
        assert!(ask_request(&json!({"question": "x", "today": 20260302})).is_err());
        assert!(ask_request(&json!(["x"])).is_err());
    }
}
