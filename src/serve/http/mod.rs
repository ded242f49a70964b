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
//!
//! Layout: `verify` checks signatures and replays over the raw bytes; `input` then reads the
//! body into the serde structs each endpoint declares; one file per endpoint group (`api`,
//! `teams`, `discord`, `health`) holds its request types and handler; `error` is the one
//! refusal every handler returns.

mod api;
mod discord;
mod error;
mod health;
mod input;
mod teams;
mod verify;

use std::future::IntoFuture;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::engine::{AskOptions, Engine};
use crate::model::Answer;
use crate::serve::commands::Suggestions;
use crate::serve::metrics::{Channel, Metrics, Outcome};
use crate::serve::signal::shutdown_signal;

use error::RequestError;
use verify::{REPLAY_MEMORY, ReplayGuard};
pub use verify::{SIGNATURE_WINDOW, SecretError, Secrets};

/// Largest request body accepted; larger bodies get 413.
pub const BODY_LIMIT: usize = 64 * 1024;

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
            .await?
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

    fn ask_blocking(&self, question: &str, opts: &AskOptions) -> Result<Answer, RequestError> {
        let started = Instant::now();
        let answer = self.inner.engine.ask(question, opts).map_err(|e| match e {
            crate::engine::AskError::Stopped => RequestError::Timeout,
            crate::engine::AskError::Index(e) => {
                tracing::error!("vraag beantwoorden mislukt: {e}");
                RequestError::Unavailable
            }
        });
        self.inner.metrics.observe_answer(started.elapsed());
        answer
    }
}

/// The routes, with body limit, timeout, metrics and logging around them. Routes whose secret
/// is missing are left out, so they answer 404 like any unknown path.
pub fn router(state: AppState) -> Router {
    let mut routes = Router::new()
        .route("/api/ask", post(api::ask))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics));
    if state.inner.secrets.teams_enabled() {
        routes = routes.route("/teams", post(teams::webhook));
    }
    if state.inner.secrets.discord_enabled() {
        routes = routes.route("/discord/interactions", post(discord::interactions));
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
        tracing::info!("signaal ontvangen: lopende verzoeken worden afgemaakt");
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

/// Attaches the outcome the metrics count.
fn with_outcome(res: impl IntoResponse, outcome: Outcome) -> Response {
    let mut res = res.into_response();
    res.extensions_mut().insert(outcome);
    res
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
