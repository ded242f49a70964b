//! Web sessions: a random id in a cookie, and per session the turns shown to that browser,
//! in memory only. Sessions expire after [`IDLE`] without a request and the store is capped,
//! so nothing grows without bound and nothing is ever written to disk or logged.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The cookie that carries the session id.
pub(super) const COOKIE_NAME: &str = "normwijzer_sessie";

/// A session unused this long is forgotten (the same 30 minutes as a conversation).
pub(super) const IDLE: Duration = Duration::from_secs(30 * 60);

/// Sessions kept at most; beyond it the least recently used one is dropped.
const MAX_SESSIONS: usize = 2_000;

/// Turns kept per session for the page without JavaScript; older ones drop off the top.
pub(super) const MAX_TURNS: usize = 12;

/// Bytes of randomness in a session id (hex-encoded in the cookie).
const ID_BYTES: usize = 16;

/// One session: the turns rendered so far and the date last asked for.
#[derive(Debug, Clone, Default)]
pub(super) struct Session {
    /// Rendered turns (question and answer, HTML), oldest first.
    pub(super) turns: Vec<String>,
    /// The "geldt op" date of the last question, shown again in the form.
    pub(super) datum: Option<jiff::civil::Date>,
    /// Turns numbered so far (for element ids that stay unique in the page).
    pub(super) counter: usize,
}

struct Entry {
    session: Session,
    seen: Instant,
}

/// All web sessions.
#[derive(Default)]
pub(super) struct Sessions {
    map: Mutex<HashMap<String, Entry>>,
}

impl Sessions {
    /// The session with this id, if it exists and has not expired; refreshes its idle time.
    pub(super) fn get(&self, id: &str) -> Option<Session> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match map.get_mut(id) {
            Some(e) if now.duration_since(e.seen) < IDLE => {
                e.seen = now;
                Some(e.session.clone())
            }
            Some(_) => {
                map.remove(id);
                None
            }
            None => None,
        }
    }

    /// A new, empty session; returns its id, or `None` when no randomness was available.
    pub(super) fn create(&self) -> Option<String> {
        let id = new_id()?;
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, e| now.duration_since(e.seen) < IDLE);
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, e)| e.seen)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(
            id.clone(),
            Entry {
                session: Session::default(),
                seen: now,
            },
        );
        Some(id)
    }

    /// Changes the session `id` (if it still exists) with `f`, returning what `f` returns.
    pub(super) fn update<T>(&self, id: &str, f: impl FnOnce(&mut Session) -> T) -> Option<T> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let e = map.get_mut(id)?;
        e.seen = Instant::now();
        Some(f(&mut e.session))
    }

    /// Sessions held now (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.lock().map(|m| m.len()).unwrap_or(0)
    }
}

impl Session {
    /// Adds a rendered turn, dropping the oldest beyond [`MAX_TURNS`].
    pub(super) fn push(&mut self, turn: String) {
        self.turns.push(turn);
        if self.turns.len() > MAX_TURNS {
            let extra = self.turns.len() - MAX_TURNS;
            self.turns.drain(..extra);
        }
    }
}

/// A fresh random session id: 32 hex digits from the operating system's generator.
fn new_id() -> Option<String> {
    let mut bytes = [0u8; ID_BYTES];
    getrandom::fill(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

/// The session id in the request's cookies, if it has the shape of one.
pub(super) fn cookie_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
        .filter(|v| v.len() == 2 * ID_BYTES && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

/// The `Set-Cookie` value for session `id`: HttpOnly, SameSite=Strict, the whole site, gone
/// when the browser closes (the server forgets it after [`IDLE`] anyway).
pub(super) fn set_cookie(id: &str) -> String {
    format!("{COOKIE_NAME}={id}; Path=/; HttpOnly; SameSite=Strict")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn ids_are_random_hex_and_read_back_from_the_cookie_header() {
        let s = Sessions::default();
        let a = s.create().unwrap();
        let b = s.create().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_str(&format!("x=1; {COOKIE_NAME}={a}; y=2")).unwrap(),
        );
        assert_eq!(cookie_id(&h).as_deref(), Some(a.as_str()));
        for bad in ["", "abc", "<script>", &"g".repeat(32)] {
            let mut h = HeaderMap::new();
            h.insert(
                COOKIE,
                HeaderValue::from_str(&format!("{COOKIE_NAME}={bad}")).unwrap(),
            );
            assert_eq!(cookie_id(&h), None, "{bad}");
        }
        assert!(s.get(&a).is_some());
        assert!(s.get("0".repeat(32).as_str()).is_none());
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn turns_are_capped() {
        let mut session = Session::default();
        for i in 0..(MAX_TURNS + 5) {
            session.push(i.to_string());
        }
        assert_eq!(session.turns.len(), MAX_TURNS);
        assert_eq!(session.turns[0], "5");
    }
}
