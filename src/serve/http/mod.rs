//! The HTTP service (`normwijzer serve http`): a Microsoft Teams outgoing webhook, a Discord
//! interactions endpoint, a JSON API, a health check and Prometheus metrics, on axum.
//!
//! Every request to `/teams` and `/discord/interactions` is verified before anything in it is
//! parsed: Teams signs the raw body with HMAC-SHA256 (key: the base64-decoded security token),
//! Discord signs timestamp + raw body with Ed25519. Verified signatures are remembered for as
//! long as they would be accepted (Discord: timestamp + five minutes; Teams, which sends no
//! timestamp: `teams_replay_memory`), so a captured request cannot be replayed. An endpoint
//! whose secret is not configured is not routed at all and answers 404.
//!
//! Answers come from [`Engine::ask`] (Discord commands through [`crate::serve::commands`], the
//! same code as the gateway bot), each on a thread of its own within a cap on engine jobs and
//! with a budget: the request timeout, and a cancel flag raised when the request goes away or
//! the service stops. Each connection is its own task, under the limits of `conn` (header-read
//! timeout, connection cap). Everything a client sees is Dutch; errors are one line of plain
//! text. Nothing a client sends ends in a panic or a 500: only a failure inside the engine
//! does. Question text is never logged or counted.
//!
//! Layout: `conn` accepts connections and applies their limits; `limit` is the per-address rate
//! limit of `/api/ask`; `verify` checks signatures and replays over the raw bytes; `input` then
//! reads the body into the serde structs each endpoint declares; one file per endpoint group
//! (`api`, `teams`, `discord`, `health`, `web`) holds its request types and handler; `error`
//! is the one refusal every handler returns.

mod admin;
mod api;
mod beheer;
mod conn;
mod discord;
mod error;
mod feedback;
mod health;
mod input;
mod limit;
mod teams;
mod verify;
pub mod web;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::{Semaphore, watch};

use crate::config::HttpSettings;
use crate::conversation::Conversations;
use crate::engine::{AskError, AskOptions, Budget, Engine};
use crate::feedback::Feedback;
use crate::model::Answer;
use crate::serve::commands::LiveSuggestions;
use crate::serve::metrics::{Channel, Metrics, Outcome};
use crate::serve::reload::{Reloader, Served, Trigger};
use crate::serve::signal::{on_hangup, shutdown_signal};

pub use beheer::{BeheerToken, TOKEN_ENV as BEHEER_TOKEN_ENV};
use error::RequestError;
pub use limit::Rate;
use limit::RateLimiter;
use verify::ReplayGuard;
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
    /// `NORMWIJZER_ADMIN_TOKEN` is set but unusable.
    #[error("{0}")]
    AdminToken(String),
}

/// Tunables of the service; [`ServiceOptions::from_settings`] reads them from `[http]` in
/// `config/normwijzer.toml` (docs/http.md lists them).
#[derive(Debug, Clone)]
pub struct ServiceOptions {
    /// Longest time from a request's headers to its response, reading the body included. A
    /// client that stalls longer gets 408, and the question stops computing.
    pub request_timeout: Duration,
    /// Time a connection gets to send a complete request head, counted from when it opens or
    /// its previous response was sent: the header-read and the idle keep-alive timeout.
    pub header_read_timeout: Duration,
    /// Connections open at once at most (kept below the open-file limit); at the cap the
    /// oldest is closed after its current request.
    pub max_connections: usize,
    /// Questions computed at once at most. Beyond that a request waits briefly in a bounded
    /// queue, then gets 503 with `Retry-After`.
    pub max_jobs: usize,
    /// Per client address, for `/api/ask` (429 with `Retry-After` beyond it).
    pub rate: Rate,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a proxy).
    pub trust_forwarded_for: bool,
    /// Verified signatures remembered at most per endpoint; when full of signatures still
    /// inside their window, new requests get 503 rather than an old signature forgotten.
    pub replay_capacity: usize,
    /// How long a Teams signature is remembered (Teams sends no timestamp).
    pub teams_replay_memory: Duration,
    /// The token of `/beheer` (`NORMWIJZER_BEHEER_TOKEN`); without one the page is 404.
    pub beheer_token: Option<BeheerToken>,
}

impl Default for ServiceOptions {
    fn default() -> ServiceOptions {
        ServiceOptions::from_settings(&HttpSettings::default())
    }
}

impl ServiceOptions {
    /// The options `[http]` sets; the job cap defaults to twice the processor cores.
    pub fn from_settings(h: &HttpSettings) -> ServiceOptions {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServiceOptions {
            request_timeout: Duration::from_secs(h.request_timeout.max(1)),
            header_read_timeout: Duration::from_secs(h.header_read_timeout.max(1)),
            max_connections: h.max_connections.max(1),
            max_jobs: h.max_jobs.unwrap_or(2 * cores).max(1),
            rate: Rate {
                per_minute: h.rate_per_minute,
                burst: h.rate_burst,
            },
            trust_forwarded_for: h.trust_forwarded_for,
            replay_capacity: h.replay_capacity.max(1),
            teams_replay_memory: Duration::from_secs(h.teams_replay_memory),
            beheer_token: None,
        }
    }

    /// How long after SIGINT/SIGTERM the service is gone at the latest: the request timeout
    /// and five seconds for the answers to be written (15 s by default, as documented).
    pub fn shutdown_grace(&self) -> Duration {
        self.request_timeout + Duration::from_secs(5)
    }
}

/// Requests waiting for an engine slot at most, per slot.
const QUEUE_PER_JOB: usize = 16;

/// Everything the handlers share: engine, keys, metrics and the replay memories.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The engine served, swapped on a reload; read through [`AppState::engine`].
    served: Arc<Served>,
    /// The bearer token of `POST /api/admin/herlaad`; the route is absent without it.
    admin: Option<admin::AdminToken>,
    secrets: Secrets,
    metrics: Metrics,
    teams_seen: ReplayGuard,
    discord_seen: ReplayGuard,
    options: ServiceOptions,
    /// Autocomplete choices of the engine served, collected again after a reload.
    suggestions: LiveSuggestions,
    /// Engine slots: one permit per question computed.
    jobs: Arc<Semaphore>,
    /// Requests waiting for a slot now.
    waiting: AtomicUsize,
    /// The cancel flags of the questions being computed, raised on shutdown.
    running: Mutex<Vec<Weak<AtomicBool>>>,
    /// Set once shutdown began: new questions are refused.
    stopping: AtomicBool,
    /// Turns true when shutdown begins, so requests waiting for a question answer at once.
    stopped: watch::Sender<bool>,
    rate: RateLimiter,
    /// The earlier question of each Teams reply chain (and web session), in memory only.
    conversations: Conversations,
    /// The web page's sessions.
    web: web::WebState,
    /// Where answers and 👍/👎 are recorded (off the answer path).
    feedback: Feedback,
}

/// A question's cancel flag, raised when the request that asked it goes away (answered,
/// timed out, or the client left), so the engine stops computing for nobody.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl AppState {
    /// State for a service answering from `engine`, verifying with `secrets`; records no
    /// feedback.
    pub fn new(engine: Arc<Engine>, secrets: Secrets, options: ServiceOptions) -> AppState {
        AppState::serving(Served::new(engine), secrets, options, None)
    }

    /// [`AppState::new`], recording answers and votes through `feedback`.
    pub fn with_feedback(
        engine: Arc<Engine>,
        secrets: Secrets,
        options: ServiceOptions,
        feedback: Feedback,
    ) -> AppState {
        AppState::build(Served::new(engine), secrets, options, None, feedback)
    }

    /// State for a service answering from the engine `served` holds, which a reload swaps;
    /// with `admin`, `POST /api/admin/herlaad` is routed for that bearer token. Records no
    /// feedback.
    pub fn serving(
        served: Arc<Served>,
        secrets: Secrets,
        options: ServiceOptions,
        admin: Option<String>,
    ) -> AppState {
        AppState::build(served, secrets, options, admin, Feedback::disabled())
    }

    fn build(
        served: Arc<Served>,
        secrets: Secrets,
        options: ServiceOptions,
        admin: Option<String>,
        feedback: Feedback,
    ) -> AppState {
        let engine = served.engine();
        let info = &engine.index().info;
        let mut metrics = Metrics::new(info.documents, info.passages);
        metrics.register_feedback(feedback.counters());
        let corpus = metrics.corpus();
        served.observe(move |result, now| {
            let info = &now.index().info;
            corpus.reloaded(result.is_ok(), info.documents, info.passages);
        });
        AppState {
            inner: Arc::new(Inner {
                served,
                admin: admin.map(admin::AdminToken::new),
                secrets,
                metrics,
                teams_seen: ReplayGuard::new(options.replay_capacity),
                discord_seen: ReplayGuard::new(options.replay_capacity),
                suggestions: LiveSuggestions::default(),
                jobs: Arc::new(Semaphore::new(options.max_jobs)),
                waiting: AtomicUsize::new(0),
                running: Mutex::new(Vec::new()),
                stopping: AtomicBool::new(false),
                stopped: watch::Sender::new(false),
                rate: RateLimiter::new(options.rate),
                conversations: Conversations::new(),
                web: web::WebState::default(),
                feedback,
                options,
            }),
        }
    }

    /// Records an answer given on `channel` (never blocks; see [`crate::feedback`]) and returns
    /// the reference a 👍/👎 for it may carry, `None` when feedback is off.
    pub fn record_answer(
        &self,
        channel: crate::feedback::Channel,
        answer: &Answer,
        question: &str,
    ) -> Option<String> {
        self.inner.feedback.record_answer(channel, answer, question)
    }

    /// The feedback handle.
    pub fn feedback(&self) -> &Feedback {
        &self.inner.feedback
    }

    /// The engine to answer one request with: taken once per request, so a reload while the
    /// request runs does not change the engine it finishes on.
    pub fn engine(&self) -> Arc<Engine> {
        self.inner.served.engine()
    }

    /// Stops the questions being computed and refuses new ones: the first step of shutdown.
    pub fn cancel_all(&self) {
        self.inner.stopping.store(true, Ordering::Relaxed);
        self.inner.stopped.send_replace(true);
        let running = self.inner.running.lock().unwrap_or_else(|e| e.into_inner());
        for flag in running.iter().filter_map(Weak::upgrade) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// A budget for one question: the request timeout as deadline, and a cancel flag that
    /// shutdown raises and that is raised when the returned guard is dropped.
    fn budget(&self) -> (Budget, CancelOnDrop) {
        let flag = Arc::new(AtomicBool::new(self.inner.stopping.load(Ordering::Relaxed)));
        let mut running = self.inner.running.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|w| w.strong_count() > 0);
        running.push(Arc::downgrade(&flag));
        drop(running);
        let budget = Budget {
            deadline: Some(Instant::now() + self.inner.options.request_timeout),
            cancel: Some(flag.clone()),
        };
        (budget, CancelOnDrop(flag))
    }

    /// Answers a question on an engine thread and records the engine's time.
    async fn ask(&self, question: String, mut opts: AskOptions) -> Result<Answer, RequestError> {
        let (budget, _guard) = self.budget();
        opts.budget = budget;
        self.blocking(move |s| s.ask_blocking(&question, &opts))
            .await?
    }

    /// Answers a question of conversation `key` (`teams:<conversation id>`, `web:<session>`):
    /// its earlier question is passed in, so a follow-up is read with it, and the subject of
    /// the answer is kept for the next one (in memory only).
    async fn ask_in(
        &self,
        key: &str,
        question: String,
        mut opts: AskOptions,
    ) -> Result<Answer, RequestError> {
        opts.previous = self.inner.conversations.previous(key);
        let answer = self.ask(question, opts).await?;
        self.inner.conversations.remember_answer(key, &answer);
        Ok(answer)
    }

    /// Runs `work` on a thread of its own, within the cap on engine jobs, so that the engine
    /// never holds an async worker. A plain thread rather than tokio's blocking pool: at
    /// shutdown the runtime waits for its blocking pool, not for these, so a question still
    /// computing cannot keep the process alive past the grace time.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&AppState) -> T + Send + 'static,
    ) -> Result<T, RequestError> {
        if self.inner.stopping.load(Ordering::Relaxed) {
            return Err(RequestError::ShuttingDown);
        }
        let permit = self.job_slot().await?;
        let state = self.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("normwijzer-vraag".into())
            .spawn(move || {
                let _permit = permit;
                let _ = tx.send(work(&state));
            })
            .map_err(|_| RequestError::Busy)?;
        // A panic in `work` drops the sender: an internal error, never a crash. On shutdown
        // the request is answered at once; the question, cancelled, stops on its own.
        let mut stopped = self.inner.stopped.subscribe();
        tokio::select! {
            done = rx => done.map_err(|_| RequestError::Internal),
            _ = stopped.wait_for(|s| *s) => Err(RequestError::ShuttingDown),
        }
    }

    /// A slot for one engine job: at once if one is free, else after a short wait in a
    /// bounded queue; `Busy` (503) when the queue is full or the wait runs out.
    async fn job_slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, RequestError> {
        let jobs = self.inner.jobs.clone();
        if let Ok(p) = jobs.clone().try_acquire_owned() {
            return Ok(p);
        }
        /// Counts a request as waiting until dropped, also when the request goes away.
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::Relaxed);
            }
        }
        let limit = self.inner.options.max_jobs.saturating_mul(QUEUE_PER_JOB);
        let waiting = &self.inner.waiting;
        let already = waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(waiting);
        if already >= limit {
            return Err(RequestError::Busy);
        }
        let wait = self.inner.options.request_timeout / 2;
        let permit = tokio::time::timeout(wait, jobs.acquire_owned()).await;
        match permit {
            Ok(Ok(p)) => Ok(p),
            _ => Err(RequestError::Busy),
        }
    }

    /// A budget for work done through [`crate::serve::commands`], kept alive by the guard.
    fn command_options(&self) -> (AskOptions, CancelOnDrop) {
        let (budget, guard) = self.budget();
        let mut opts = AskOptions::today();
        opts.budget = budget;
        (opts, guard)
    }

    fn ask_blocking(&self, question: &str, opts: &AskOptions) -> Result<Answer, RequestError> {
        let started = Instant::now();
        let answer = self.engine().ask(question, opts).map_err(|e| match e {
            AskError::Stopped if self.inner.stopping.load(Ordering::Relaxed) => {
                RequestError::ShuttingDown
            }
            AskError::Stopped => RequestError::Timeout,
            AskError::Index(e) => {
                tracing::error!("vraag beantwoorden mislukt: {e} ({})", e.detail());
                RequestError::Unavailable
            }
        });
        self.inner.metrics.observe_answer(started.elapsed());
        answer
    }

    /// The client's address: the peer of the connection, or with `trust_forwarded_for` the
    /// last `X-Forwarded-For` entry (the one the proxy added). `None` when the router runs
    /// without [`serve_on`] (no peer known): such requests are not rate limited.
    fn client_ip(&self, req: &Request) -> Option<IpAddr> {
        // Only the last entry: the ones before it are whatever the client wrote.
        if self.inner.options.trust_forwarded_for
            && let Some(ip) = req
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|s| s.trim().parse::<IpAddr>().ok())
        {
            return Some(ip);
        }
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    }
}

/// The routes, with body limit, timeout, metrics and logging around them. Routes whose secret
/// is missing are left out, so they answer 404 like any unknown path.
pub fn router(state: AppState) -> Router {
    let mut routes = Router::new()
        .route("/api/ask", post(api::ask))
        .route("/api/feedback", post(feedback::feedback))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics));
    if state.inner.options.beheer_token.is_some() {
        routes = routes.route("/beheer", get(beheer::beheer));
    }
    if state.inner.admin.is_some() {
        routes = routes.route("/api/admin/herlaad", post(admin::reload));
    }
    if state.inner.secrets.teams_enabled() {
        routes = routes.route("/teams", post(teams::webhook));
    }
    if state.inner.secrets.discord_enabled() {
        routes = routes.route("/discord/interactions", post(discord::interactions));
    }
    routes
        .merge(web::routes())
        .fallback(|| async { RequestError::NotFound })
        .method_not_allowed_fallback(|| async { RequestError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Runs the service on `addr` until SIGINT or SIGTERM, with the limits of `[http]` in the
/// engine's config. On the signal, questions being computed are cancelled, connections are
/// closed after their current request, and the service is gone within
/// [`ServiceOptions::shutdown_grace`]. A change under `corpus/` or `config/`, SIGHUP, or
/// `POST /api/admin/herlaad` (with `NORMWIJZER_ADMIN_TOKEN` set) reloads the engine
/// ([`crate::serve::reload`]).
pub async fn serve(engine: Arc<Engine>, addr: &str, secrets: Secrets) -> Result<(), ServeError> {
    let admin = admin::token_from_env().map_err(ServeError::AdminToken)?;
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
    if admin.is_none() {
        tracing::info!(
            "beheer-endpoint /api/admin/herlaad is uitgeschakeld: {} is niet gezet",
            admin::TOKEN_VAR
        );
    }
    let mut options = ServiceOptions::from_settings(&engine.config().settings.http);
    options.beheer_token = BeheerToken::from_env();
    let feedback = Feedback::start(engine.home(), &engine.config().settings.feedback);
    if let Some(path) = feedback.path() {
        tracing::info!("feedback wordt bewaard in {}", path.display());
    }
    let served = Served::new(engine);
    let reloader = Reloader::watch(served.clone());
    let hangup = reloader.requester();
    tokio::spawn(on_hangup(move || hangup(Trigger::Signal)));
    let state = AppState::build(served, secrets, options, admin, feedback);
    let all_closed = serve_on(listener, state, async {
        shutdown_signal().await;
        tracing::info!(
            "signaal ontvangen: lopende vragen worden afgebroken, verbindingen gesloten"
        );
    })
    .await;
    if !all_closed {
        tracing::warn!("niet alle verbindingen sloten op tijd; de HTTP-service stopt toch");
    }
    drop(reloader);
    tracing::info!("HTTP-service gestopt");
    Ok(())
}

/// Serves `state` on `listener` with the connection limits of its options until `shutdown`
/// resolves; then cancels the questions being computed and waits for the connections at most
/// [`ServiceOptions::shutdown_grace`]. Returns whether all connections closed in time. (Tests
/// start it on 127.0.0.1 port 0.)
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> bool {
    let (stop_tx, stop_rx) = watch::channel(false);
    let limits = conn::Limits {
        max_connections: state.inner.options.max_connections,
        header_read_timeout: state.inner.options.header_read_timeout,
    };
    let grace = state.inner.options.shutdown_grace();
    let connections = Arc::new(conn::Connections::default());
    let app = router(state.clone());
    let stopper = state.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.cancel_all();
        let _ = stop_tx.send(true);
    });
    conn::run(listener, app, limits, connections, stop_rx, grace).await
}

/// Attaches the outcome the metrics count.
fn with_outcome(res: impl IntoResponse, outcome: Outcome) -> Response {
    let mut res = res.into_response();
    res.extensions_mut().insert(outcome);
    res
}

/// Applies the per-address rate limit of `/api/ask` and the request timeout, counts the
/// request and logs it without its content. Refusals are logged at `debug` only: a flood of
/// forged requests must not fill the disk (the metrics count them).
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let channel = Channel::of_path(req.uri().path());
    let started = Instant::now();
    let limited = if matches!(req.uri().path(), "/api/ask" | "/api/feedback" | "/beheer") {
        state
            .client_ip(&req)
            .and_then(|ip| state.inner.rate.check(ip).err())
    } else {
        None
    };
    let res = match limited {
        Some(wait) => RequestError::RateLimited(wait).into_response(),
        None => tokio::time::timeout(state.inner.options.request_timeout, next.run(req))
            .await
            .unwrap_or_else(|_| RequestError::Timeout.into_response()),
    };
    let outcome = res
        .extensions()
        .get::<Outcome>()
        .copied()
        .unwrap_or_else(|| Outcome::of_status(res.status()));
    state.inner.metrics.count(channel, outcome);
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    if outcome == Outcome::Rejected {
        tracing::debug!(
            channel = channel.label(),
            outcome = outcome.label(),
            status = res.status().as_u16(),
            micros,
            "verzoek"
        );
    } else {
        tracing::info!(
            channel = channel.label(),
            outcome = outcome.label(),
            status = res.status().as_u16(),
            micros,
            "verzoek"
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(max_jobs: usize, request_timeout: Duration) -> AppState {
        let engine = Engine::open(&crate::engine::OpenOptions {
            home: Some(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
            in_memory: true,
            index_dir: None,
        })
        .expect("engine");
        AppState::new(
            Arc::new(engine),
            Secrets::default(),
            ServiceOptions {
                max_jobs,
                request_timeout,
                ..ServiceOptions::default()
            },
        )
    }

    #[tokio::test]
    async fn a_full_job_cap_gives_503_with_retry_after_and_the_queue_does_not_leak() {
        let s = state(1, Duration::from_millis(200));
        let (release, held) = std::sync::mpsc::channel::<()>();
        let busy = s.clone();
        let holder = tokio::spawn(async move {
            busy.blocking(move |_| {
                let _ = held.recv();
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let refused = s.blocking(|_| ()).await;
        assert!(matches!(refused, Err(RequestError::Busy)), "{refused:?}");
        let res = RequestError::Busy.into_response();
        assert_eq!(res.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()["retry-after"], "2");
        // A waiting request that goes away leaves the queue as it was.
        let gone = tokio::time::timeout(Duration::from_millis(10), s.blocking(|_| ())).await;
        assert!(gone.is_err());
        assert_eq!(s.inner.waiting.load(Ordering::Relaxed), 0);
        release.send(()).unwrap();
        holder.await.unwrap().unwrap();
        assert!(s.blocking(|_| 7).await.is_ok_and(|v| v == 7));
    }

    #[tokio::test]
    async fn shutdown_raises_the_cancel_flag_of_questions_in_flight() {
        let s = state(2, Duration::from_secs(10));
        let (budget, _guard) = s.budget();
        assert!(!budget.exhausted());
        s.cancel_all();
        assert!(budget.exhausted());
        let (late, _) = s.budget();
        assert!(
            late.exhausted(),
            "a question asked during shutdown starts cancelled"
        );
        assert!(matches!(
            s.blocking(|_| ()).await,
            Err(RequestError::ShuttingDown)
        ));
    }

    #[test]
    fn a_request_that_goes_away_cancels_its_question() {
        let s = state(2, Duration::from_secs(10));
        let (budget, guard) = s.budget();
        assert!(!budget.exhausted());
        drop(guard);
        assert!(budget.exhausted());
    }
}
