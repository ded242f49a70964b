//! Connections: the accept loop, the cap on open connections and the per-connection timeouts.
//!
//! axum's own `serve` has no header-read timeout and no connection cap, so one byte per second
//! of headers held a connection forever and a few hundred idle sockets used up the process's
//! file descriptors. Here:
//!
//! - every connection is HTTP/1.1 under hyper with a header-read timeout, counted from the
//!   moment the connection waits for a request head (when it opens, and after each response),
//!   so it is the idle keep-alive timeout too;
//! - at most `max_connections` are open at once, kept below the descriptor limit; at the cap the
//!   oldest connection is asked to close after its current request (an idle one closes at
//!   once), so a flood of idle sockets cannot lock out a health check;
//! - accept errors (`EMFILE` and the like) back off and are logged once per interval with a
//!   count, not once per try.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// File descriptors kept free for the index, logs and the blocking work besides connections.
const SPARE_DESCRIPTORS: usize = 64;

/// How often accept errors are summed up in the log.
const ERROR_LOG_EVERY: Duration = Duration::from_secs(30);

/// Open connections, oldest first, each with the signal that asks it to close.
#[derive(Default)]
pub(super) struct Connections {
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Notify>>>,
}

impl Connections {
    fn add(&self) -> (u64, Arc<Notify>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let notify = Arc::new(Notify::new());
        self.lock().insert(id, notify.clone());
        (id, notify)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Open connections now.
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }

    /// Asks the oldest connection to close after its current request; false if none is open.
    fn evict_oldest(&self) -> bool {
        let oldest = self.lock().pop_first();
        match oldest {
            Some((_, notify)) => {
                notify.notify_one();
                true
            }
            None => false,
        }
    }

    /// Asks every connection to close after its current request.
    fn close_all(&self) {
        for notify in self.lock().values() {
            notify.notify_one();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Notify>>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What the accept loop needs.
pub(super) struct Limits {
    /// Connections open at once at most.
    pub max_connections: usize,
    /// Time for a complete request head, and for the next one on a kept-alive connection.
    pub header_read_timeout: Duration,
}

/// The connection cap actually used: the configured one, but below the soft limit on open
/// files (Linux `/proc/self/limits`), so that accepting never fails for lack of descriptors.
pub(super) fn effective_cap(configured: usize) -> usize {
    match open_file_limit() {
        Some(limit) => configured
            .min(limit.saturating_sub(SPARE_DESCRIPTORS))
            .max(1),
        None => configured.max(1),
    }
}

/// The soft limit on open files, where the system tells it.
fn open_file_limit() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Accept errors seen since the last log line.
struct AcceptErrors {
    count: u64,
    since: Option<Instant>,
    last: Option<std::io::ErrorKind>,
}

impl AcceptErrors {
    fn new() -> AcceptErrors {
        AcceptErrors {
            count: 0,
            since: None,
            last: None,
        }
    }

    /// Counts an error; logs the first one of an interval, then a sum once per interval.
    fn record(&mut self, e: &std::io::Error) {
        self.count += 1;
        self.last = Some(e.kind());
        let now = Instant::now();
        match self.since {
            None => {
                tracing::warn!(
                    "verbinding aannemen mislukt ({}); nieuwe pogingen worden vertraagd",
                    describe(e)
                );
                self.since = Some(now);
                self.count = 0;
            }
            Some(t) if now.duration_since(t) >= ERROR_LOG_EVERY => self.flush(now),
            Some(_) => {}
        }
    }

    /// Logs the sum of the errors not yet logged.
    fn flush(&mut self, now: Instant) {
        if self.count > 0 {
            tracing::warn!(
                count = self.count,
                "verbinding aannemen mislukte {} keer in de afgelopen {} s (laatst: {})",
                self.count,
                ERROR_LOG_EVERY.as_secs(),
                self.last.map_or("onbekend", describe_kind)
            );
        }
        self.count = 0;
        self.since = Some(now);
    }
}

fn describe(e: &std::io::Error) -> &'static str {
    if e.raw_os_error() == Some(24) || e.raw_os_error() == Some(23) {
        return "te veel open bestanden";
    }
    describe_kind(e.kind())
}

fn describe_kind(kind: std::io::ErrorKind) -> &'static str {
    match kind {
        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset => {
            "verbinding afgebroken"
        }
        std::io::ErrorKind::OutOfMemory => "geen geheugen",
        _ => "systeemfout",
    }
}

/// Accepts connections on `listener` and serves `router` on each, until `stop` turns true;
/// then asks every connection to close after its current request and waits for them at most
/// `grace`. Returns whether all closed in time.
pub(super) async fn run(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    connections: Arc<Connections>,
    mut stop: watch::Receiver<bool>,
    grace: Duration,
) -> bool {
    let cap = effective_cap(limits.max_connections);
    let mut errors = AcceptErrors::new();
    let mut backoff = Duration::from_millis(10);
    let (done_tx, mut done_rx) = watch::channel(0usize);
    let done_tx = Arc::new(done_tx);
    loop {
        let accepted = tokio::select! {
            biased;
            _ = stop.wait_for(|s| *s) => break,
            r = listener.accept() => r,
        };
        let (stream, peer) = match accepted {
            Ok(c) => {
                backoff = Duration::from_millis(10);
                c
            }
            Err(e) => {
                errors.record(&e);
                // Out of descriptors: make room by closing the oldest connection.
                if e.raw_os_error() == Some(24) || e.raw_os_error() == Some(23) {
                    connections.evict_oldest();
                }
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => break,
                    () = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        if errors.since.is_some() && errors.count > 0 {
            errors.flush(Instant::now());
        }
        while connections.len() >= cap {
            if !connections.evict_oldest() {
                break;
            }
        }
        let _ = stream.set_nodelay(true);
        let (id, close) = connections.add();
        let svc = router.clone();
        let connections = connections.clone();
        let done_tx = done_tx.clone();
        let timeout = limits.header_read_timeout;
        tokio::spawn(async move {
            serve_one(stream, peer, svc, timeout, close).await;
            connections.remove(id);
            done_tx.send_modify(|n| *n += 1);
        });
    }
    drop(listener);
    connections.close_all();
    let deadline = tokio::time::Instant::now() + grace;
    while connections.len() > 0 {
        if tokio::time::timeout_at(deadline, done_rx.changed())
            .await
            .is_err()
        {
            return false;
        }
        // Connections that opened after `close_all` ran (none should) are asked too.
        connections.close_all();
    }
    true
}

/// Serves one connection until it ends or is asked to close.
async fn serve_one(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    header_read_timeout: Duration,
    close: Arc<Notify>,
) {
    let svc = router.map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        req.map(axum::body::Body::new)
    });
    let svc = hyper_util::service::TowerToHyperService::new(svc);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        () = close.notified() => conn.as_mut().graceful_shutdown(),
    }
    // A connection asked to close finishes its request; the header timeout bounds one that
    // never sends one.
    let _ = conn.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_errors_are_summed_not_logged_one_by_one() {
        let mut errors = AcceptErrors::new();
        let emfile = std::io::Error::from_raw_os_error(24);
        errors.record(&emfile);
        assert_eq!(errors.count, 0, "the first one is logged at once");
        for _ in 0..1000 {
            errors.record(&emfile);
        }
        assert_eq!(errors.count, 1000, "the rest wait for the next summary");
        errors.flush(Instant::now());
        assert_eq!(errors.count, 0);
        assert_eq!(describe(&emfile), "te veel open bestanden");
    }

    #[test]
    fn the_cap_stays_below_the_open_file_limit() {
        let cap = effective_cap(usize::MAX);
        if let Some(limit) = open_file_limit() {
            assert!(
                cap <= limit.saturating_sub(SPARE_DESCRIPTORS).max(1),
                "{cap} vs {limit}"
            );
        }
        assert_eq!(effective_cap(3), 3.min(cap));
        assert!(effective_cap(0) >= 1);
    }

    #[test]
    fn eviction_takes_the_oldest_connection() {
        let c = Connections::default();
        let (first, first_close) = c.add();
        let (_second, _) = c.add();
        assert_eq!(c.len(), 2);
        assert!(c.evict_oldest());
        assert_eq!(c.len(), 1);
        // The oldest was told to close (a permit is stored for it).
        let notified = first_close.notified();
        tokio::pin!(notified);
        assert!(notified.as_mut().enable());
        c.remove(first);
        assert_eq!(c.len(), 1);
    }
}
