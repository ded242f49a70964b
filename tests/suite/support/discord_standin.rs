//! A local stand-in for Discord on 127.0.0.1: the REST API (recording every call the bot makes)
//! and a gateway that speaks enough of the protocol (HELLO, IDENTIFY, READY, heartbeats) for
//! serenity's client to connect, then dispatches events the test hands it.
//!
//! It checks nothing itself: tests read the recorded calls and assert on them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// The application (and its bot user) the stand-in pretends to be.
pub const APP_ID: u64 = 1_100_000_000_000_000_001;
/// The bot's user id.
pub const BOT_ID: u64 = 1_100_000_000_000_000_002;
/// The server everything happens on.
pub const GUILD_ID: u64 = 1_100_000_000_000_000_003;
/// A text channel on it.
pub const CHANNEL_ID: u64 = 1_100_000_000_000_000_004;
/// A channel where thread creation fails (as in a thread or without permission).
pub const NO_THREADS_CHANNEL_ID: u64 = 1_100_000_000_000_000_005;
/// The DM channel between the user and the bot.
pub const DM_CHANNEL_ID: u64 = 1_100_000_000_000_000_006;
/// The user who asks.
pub const USER_ID: u64 = 1_100_000_000_000_000_007;
/// The token tests give the bot.
pub const TOKEN: &str = "stand-in-token";
/// A token the stand-in rejects with 401.
pub const BAD_TOKEN: &str = "wrong-token";

/// One REST call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path without query, e.g. `/api/v10/interactions/1/tok/callback`.
    pub path: String,
    /// JSON body (`Null` when there is none).
    pub body: Value,
    /// The Authorization header.
    pub authorization: Option<String>,
}

#[derive(Default)]
struct Recorded {
    calls: Vec<Call>,
    identify: Option<Value>,
    gateway_closed: bool,
}

#[derive(Clone)]
struct Shared {
    recorded: Arc<Mutex<Recorded>>,
    changed: Arc<watch::Sender<u64>>,
    gateway_url: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
    events: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Value>>>,
}

impl Shared {
    fn record(&self, f: impl FnOnce(&mut Recorded)) {
        if let Ok(mut r) = self.recorded.lock() {
            f(&mut r);
        }
        self.changed.send_modify(|n| *n += 1);
    }

    fn snowflake(&self) -> String {
        self.next_id.fetch_add(1, Ordering::SeqCst).to_string()
    }
}

/// A running stand-in.
pub struct StandIn {
    /// Base URL of the REST API (`http://127.0.0.1:PORT`), for `HttpBuilder::proxy`.
    pub api_base: String,
    /// Gateway URL handed out by `GET /api/v10/gateway`.
    pub gateway_url: String,
    shared: Shared,
    events: mpsc::UnboundedSender<Value>,
    seq: AtomicU64,
    changes: watch::Receiver<u64>,
}

/// How long a test waits for the bot before failing with what it saw (a functional bound:
/// nothing asserts on durations).
pub const PATIENCE: Duration = Duration::from_secs(60);

impl StandIn {
    /// Starts REST and gateway listeners on 127.0.0.1 (port 0).
    pub async fn start() -> StandIn {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("bind REST");
        let gw = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let api_base = format!("http://{}", rest.local_addr().expect("addr"));
        let gateway_url = format!("ws://{}", gw.local_addr().expect("addr"));
        let (changed, changes) = watch::channel(0);
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        let shared = Shared {
            recorded: Arc::default(),
            changed: Arc::new(changed),
            gateway_url: Arc::new(Mutex::new(gateway_url.clone())),
            next_id: Arc::new(AtomicU64::new(1_200_000_000_000_000_000)),
            events: Arc::new(tokio::sync::Mutex::new(events_rx)),
        };
        let app = axum::Router::new()
            .fallback(rest_handler)
            .with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(rest, app).await;
        });
        let gw_shared = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = gw.accept().await {
                tokio::spawn(gateway_connection(stream, gw_shared.clone()));
            }
        });
        StandIn {
            api_base,
            gateway_url,
            shared,
            events: events_tx,
            seq: AtomicU64::new(1),
            changes,
        }
    }

    /// Sends a dispatch event (`op` 0) to the connected bot.
    pub fn dispatch(&self, event: &str, data: Value) {
        let s = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self
            .events
            .send(json!({"op": 0, "t": event, "s": s, "d": data}));
    }

    /// All REST calls so far.
    pub fn calls(&self) -> Vec<Call> {
        self.shared
            .recorded
            .lock()
            .map(|r| r.calls.clone())
            .unwrap_or_default()
    }

    /// The IDENTIFY payload the bot sent, if any.
    pub fn identify(&self) -> Option<Value> {
        self.shared.recorded.lock().ok()?.identify.clone()
    }

    /// Whether the bot closed its gateway connection.
    pub fn gateway_closed(&self) -> bool {
        self.shared
            .recorded
            .lock()
            .map(|r| r.gateway_closed)
            .unwrap_or(false)
    }

    /// Waits until `done` holds for what was recorded; panics with the calls seen after
    /// [`PATIENCE`].
    pub async fn wait_until<T>(
        &self,
        what: &str,
        mut done: impl FnMut(&StandIn) -> Option<T>,
    ) -> T {
        let mut changes = self.changes.clone();
        let waited = tokio::time::timeout(PATIENCE, async {
            loop {
                changes.borrow_and_update();
                if let Some(t) = done(self) {
                    return t;
                }
                if changes.changed().await.is_err() {
                    std::future::pending::<()>().await;
                }
            }
        })
        .await;
        match waited {
            Ok(t) => t,
            Err(_) => {
                let seen: Vec<String> = self
                    .calls()
                    .iter()
                    .map(|c| format!("{} {}", c.method, c.path))
                    .collect();
                panic!("stand-in: no {what}; calls seen: {seen:#?}")
            }
        }
    }

    /// Waits for the first call with this method whose path satisfies `path`.
    pub async fn wait_for_call(&self, method: &str, path: impl Fn(&str) -> bool) -> Call {
        let what = format!("{method} call");
        self.wait_until(&what, |s| {
            s.calls()
                .into_iter()
                .find(|c| c.method == method && path(&c.path))
        })
        .await
    }

    /// A fresh snowflake id.
    pub fn snowflake(&self) -> String {
        self.shared.snowflake()
    }
}

async fn rest_handler(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path = uri.path().to_string();
    let call = Call {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
        authorization: authorization.clone(),
    };
    shared.record(|r| r.calls.push(call));
    if authorization
        .as_deref()
        .is_some_and(|a| a.contains(BAD_TOKEN))
    {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"message": "401: Unauthorized", "code": 0})),
        )
            .into_response();
    }
    let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    let ok = |v: Value| (StatusCode::OK, axum::Json(v)).into_response();
    let gateway_url = shared
        .gateway_url
        .lock()
        .map(|g| g.clone())
        .unwrap_or_default();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["gateway"]) => ok(json!({"url": gateway_url})),
        ("GET", ["gateway", "bot"]) => ok(json!({
            "url": gateway_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        })),
        ("GET", ["users", "@me"]) => ok(bot_user()),
        ("PUT", ["applications", _, "commands"])
        | ("PUT", ["applications", _, "guilds", _, "commands"]) => ok(json!([])),
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("PATCH", ["webhooks", _, _, "messages", _]) | ("POST", ["webhooks", _, _]) => {
            ok(message(&shared.snowflake(), CHANNEL_ID, bot_user(), ""))
        }
        ("POST", ["channels", channel, "messages", _, "threads"]) => {
            if *channel == NO_THREADS_CHANNEL_ID.to_string() {
                return (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"message": "Cannot execute action on this channel type", "code": 50024})),
                )
                    .into_response();
            }
            let name = body.get("name").cloned().unwrap_or(json!("draad"));
            ok(json!({
                "id": shared.snowflake(),
                "type": 11,
                "guild_id": GUILD_ID.to_string(),
                "parent_id": channel,
                "owner_id": BOT_ID.to_string(),
                "name": name,
                "rate_limit_per_user": 0,
                "message_count": 0,
                "member_count": 1,
                "thread_metadata": {
                    "archived": false,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": "2026-03-02T10:00:00.000000+00:00",
                    "locked": false
                },
                "flags": 0
            }))
        }
        ("POST", ["channels", channel, "messages"]) => {
            let channel: u64 = channel.parse().unwrap_or(CHANNEL_ID);
            ok(message(&shared.snowflake(), channel, bot_user(), ""))
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "404: Not Found", "code": 0})),
        )
            .into_response(),
    }
}

async fn gateway_connection(stream: tokio::net::TcpStream, shared: Shared) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}});
    if ws.send(WsMessage::text(hello.to_string())).await.is_err() {
        return;
    }
    // One connection at a time reads the test's events.
    let mut events = shared.events.lock().await;
    loop {
        tokio::select! {
            incoming = ws.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    let v: Value = serde_json::from_str(text.as_str()).unwrap_or(Value::Null);
                    let answer = match v.get("op").and_then(Value::as_u64) {
                        // IDENTIFY: remember it, then READY.
                        Some(2) => {
                            shared.record(|r| r.identify = Some(v.clone()));
                            let url = shared.gateway_url.lock().map(|g| g.clone()).unwrap_or_default();
                            Some(json!({"op": 0, "t": "READY", "s": 1, "d": ready(&url)}))
                        }
                        // Heartbeat: ACK.
                        Some(1) => Some(json!({"op": 11})),
                        _ => None,
                    };
                    if let Some(a) = answer
                        && ws.send(WsMessage::text(a.to_string())).await.is_err()
                    {
                        break;
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => {
                    shared.record(|r| r.gateway_closed = true);
                    break;
                }
                Some(Ok(_)) => {}
            },
            event = events.recv() => match event {
                Some(e) => {
                    if ws.send(WsMessage::text(e.to_string())).await.is_err() {
                        break;
                    }
                }
                None => break,
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Payloads as Discord sends them
// ---------------------------------------------------------------------------------------------

/// The bot's user object.
pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID.to_string(), "username": "normwijzer", "discriminator": "0000",
        "global_name": null, "avatar": null, "bot": true, "verified": true,
        "mfa_enabled": false, "flags": 0
    })
}

/// The asking user.
pub fn user() -> Value {
    json!({
        "id": USER_ID.to_string(), "username": "juf.anna", "discriminator": "0",
        "global_name": "Juf Anna", "avatar": null
    })
}

fn member(with_user: bool) -> Value {
    let mut m = json!({
        "roles": [], "joined_at": "2024-08-01T08:00:00.000000+00:00", "deaf": false,
        "mute": false, "flags": 0, "pending": false, "permissions": "2248473465835073",
        "nick": null, "avatar": null, "premium_since": null
    });
    if with_user {
        m["user"] = user();
    }
    m
}

/// The READY payload.
pub fn ready(gateway_url: &str) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": "stand-in-session",
        "resume_gateway_url": gateway_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0}
    })
}

/// A message object.
pub fn message(id: &str, channel: u64, author: Value, content: &str) -> Value {
    json!({
        "id": id, "channel_id": channel.to_string(), "author": author, "content": content,
        "timestamp": "2026-03-02T10:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "type": 0, "flags": 0,
        "components": []
    })
}

/// MESSAGE_CREATE of the user in a guild channel, mentioning the bot when `mention`.
pub fn guild_message(id: &str, channel: u64, content: &str, mention: bool) -> Value {
    let mut m = message(id, channel, user(), content);
    m["guild_id"] = json!(GUILD_ID.to_string());
    m["member"] = member(false);
    if mention {
        let mut bot = bot_user();
        bot["member"] = member(false);
        m["mentions"] = json!([bot]);
    }
    m
}

/// MESSAGE_CREATE of the user in the DM channel.
pub fn dm_message(id: &str, content: &str) -> Value {
    message(id, DM_CHANNEL_ID, user(), content)
}

fn interaction(id: &str, token: &str, kind: u8, data: Value) -> Value {
    json!({
        "id": id, "application_id": APP_ID.to_string(), "type": kind, "data": data,
        "guild_id": GUILD_ID.to_string(), "channel_id": CHANNEL_ID.to_string(),
        "member": member(true), "token": token, "version": 1,
        "app_permissions": "2248473465835073", "locale": "nl", "guild_locale": "nl",
        "entitlements": [], "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0, "attachment_size_limit": 10485760
    })
}

fn options(options: &[(&str, &str)], focused: Option<&str>) -> Value {
    Value::Array(
        options
            .iter()
            .map(|(name, value)| {
                let mut o = json!({"name": name, "type": 3, "value": value});
                if focused == Some(*name) {
                    o["focused"] = json!(true);
                }
                o
            })
            .collect(),
    )
}

/// INTERACTION_CREATE for a slash command with string options.
pub fn command(id: &str, token: &str, name: &str, opts: &[(&str, &str)]) -> Value {
    let data = json!({
        "id": "1300000000000000000", "name": name, "type": 1, "options": options(opts, None)
    });
    interaction(id, token, 2, data)
}

/// INTERACTION_CREATE for autocomplete of option `focused`.
pub fn autocomplete(
    id: &str,
    token: &str,
    name: &str,
    opts: &[(&str, &str)],
    focused: &str,
) -> Value {
    let data = json!({
        "id": "1300000000000000000", "name": name, "type": 1,
        "options": options(opts, Some(focused))
    });
    interaction(id, token, 4, data)
}

/// INTERACTION_CREATE for a button press on one of the bot's messages.
pub fn button(id: &str, token: &str, custom_id: &str) -> Value {
    let data = json!({"custom_id": custom_id, "component_type": 2});
    let mut i = interaction(id, token, 3, data);
    let mut m = message("1300000000000000001", CHANNEL_ID, bot_user(), "");
    m["guild_id"] = json!(GUILD_ID.to_string());
    i["message"] = m;
    i
}
