//! Feedback and the knowledge-gap report: what the services remember about the answers they
//! gave, in an embedded SQLite database (`[feedback]` in `config/normwijzer.toml`).
//!
//! Per answer a service gave (HTTP API, web page, Teams, Discord): the time, the channel, the
//! outcome (answered, unsure, abstained), the cited passage ids and a random reference for
//! the feedback buttons. Per 👍/👎: the time, channel, vote, outcome, passage ids and the
//! reference. **Never the question text**, unless `store_questions = true`; then the text is
//! scrubbed first ([`scrub`]: BSN, e-mail, phone, dates, names next to pupil words). Rows older
//! than `keep_days` are deleted at start-up and daily.
//!
//! Writing never holds up or fails an answer: [`Feedback`] hands rows to one writer thread
//! through a bounded queue and returns at once. A full queue, a read-only directory, a full
//! disk or a file locked by another process only cost the row: it is counted
//! (`normwijzer_feedback_writes_total{result="failed"|"dropped"}` in `/metrics`) and logged
//! with the file name and SQLite's reason, never with content.
//!
//! Layout: this file holds the row types and the handle; `store` is the SQLite file
//! (migrations, WAL, reads); `scrub` the scrubber; `report` what `normwijzer rapport` and
//! `/beheer` show.

pub mod report;
pub mod scrub;
pub mod store;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;

use crate::config::FeedbackSettings;
use crate::model::Answer;

pub use store::{Store, StoreError};

/// Environment variable naming the directory of the database (`normwijzer.sqlite` in it); it
/// overrides `[feedback] database`.
pub const DATA_ENV: &str = "NORMWIJZER_DATA";

/// File name of the database inside `NORMWIJZER_DATA`.
pub const DATABASE_FILE: &str = "normwijzer.sqlite";

/// Rows waiting for the writer at most; beyond that a row is dropped (and counted).
pub const QUEUE: usize = 1024;

/// Passage ids one vote may carry at most.
pub const MAX_PASSAGES: usize = 20;

/// Answers whose reference the handle remembers in memory (for Discord buttons); older ones
/// are looked up in the database.
const REMEMBERED: usize = 4096;

/// Where a question was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// `POST /api/ask` and `POST /api/feedback` with JSON.
    Api,
    /// The web chat page.
    Web,
    /// The Teams outgoing webhook.
    Teams,
    /// The Discord bot or interactions endpoint.
    Discord,
    /// A value this version does not know (written by a newer one).
    Other,
}

impl Channel {
    /// Every channel a service records, in report order.
    pub const ALL: [Channel; 4] = [Channel::Api, Channel::Web, Channel::Teams, Channel::Discord];

    /// The stored value.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Api => "api",
            Channel::Web => "web",
            Channel::Teams => "teams",
            Channel::Discord => "discord",
            Channel::Other => "other",
        }
    }

    /// The stored value read back; unknown values are [`Channel::Other`].
    pub fn parse(s: &str) -> Channel {
        match s {
            "api" => Channel::Api,
            "web" => Channel::Web,
            "teams" => Channel::Teams,
            "discord" => Channel::Discord,
            _ => Channel::Other,
        }
    }

    /// The name a report shows.
    pub fn dutch(self) -> &'static str {
        match self {
            Channel::Api => "API",
            Channel::Web => "webpagina",
            Channel::Teams => "Teams",
            Channel::Discord => "Discord",
            Channel::Other => "overig",
        }
    }
}

/// How an answer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Cited passages that answer the question.
    Answered,
    /// Cited passages that may not answer the question itself.
    Unsure,
    /// The documents do not cover the question.
    Abstained,
}

impl Outcome {
    /// The outcome of an answer the engine gave.
    pub fn of(answer: &Answer) -> Outcome {
        if answer.abstained {
            Outcome::Abstained
        } else if answer.unsure {
            Outcome::Unsure
        } else {
            Outcome::Answered
        }
    }

    /// The stored value.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Unsure => "unsure",
            Outcome::Abstained => "abstained",
        }
    }

    /// The stored value read back; unknown values count as answered.
    pub fn parse(s: &str) -> Outcome {
        Outcome::from_label(s).unwrap_or(Outcome::Answered)
    }

    /// A label sent by a client, if it is one.
    pub fn from_label(s: &str) -> Option<Outcome> {
        match s {
            "answered" => Some(Outcome::Answered),
            "unsure" => Some(Outcome::Unsure),
            "abstained" => Some(Outcome::Abstained),
            _ => None,
        }
    }

    /// One letter, for Discord's short custom ids.
    pub fn letter(self) -> char {
        match self {
            Outcome::Answered => 'a',
            Outcome::Unsure => 'u',
            Outcome::Abstained => 'n',
        }
    }

    /// The outcome of [`Outcome::letter`].
    pub fn from_letter(c: char) -> Option<Outcome> {
        match c {
            'a' => Some(Outcome::Answered),
            'u' => Some(Outcome::Unsure),
            'n' => Some(Outcome::Abstained),
            _ => None,
        }
    }
}

/// 👍 or 👎.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vote {
    /// 👍
    Up,
    /// 👎
    Down,
}

impl Vote {
    /// The stored value, also what clients send.
    pub fn label(self) -> &'static str {
        match self {
            Vote::Up => "up",
            Vote::Down => "down",
        }
    }

    /// A vote as stored or sent.
    pub fn parse(s: &str) -> Option<Vote> {
        match s {
            "up" => Some(Vote::Up),
            "down" => Some(Vote::Down),
            _ => None,
        }
    }
}

/// One answer as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    /// Unix seconds.
    pub at: i64,
    /// Where it was asked.
    pub channel: Channel,
    /// How it ended.
    pub outcome: Outcome,
    /// Cited passage ids (for an abstention: none).
    pub passages: Vec<String>,
    /// The random reference feedback buttons carry.
    pub reference: Option<String>,
    /// The scrubbed question, only with `store_questions = true`.
    pub question: Option<String>,
}

/// One vote as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRow {
    /// Unix seconds.
    pub at: i64,
    /// Where the vote was cast.
    pub channel: Channel,
    /// 👍 or 👎.
    pub vote: Vote,
    /// The outcome of the answer voted on.
    pub outcome: Outcome,
    /// The passage ids of that answer.
    pub passages: Vec<String>,
    /// The answer's reference, when the channel carries one.
    pub reference: Option<String>,
}

/// A vote as a channel received it, before it gets its time.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteCast {
    /// Where.
    pub channel: Channel,
    /// 👍 or 👎.
    pub vote: Vote,
    /// The outcome of the answer voted on.
    pub outcome: Outcome,
    /// Its passage ids.
    pub passages: Vec<String>,
    /// Its reference, if known.
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WriteLabels {
    kind: &'static str,
    result: &'static str,
}

/// Counters of the writer, for `/metrics`: rows stored, failed (SQLite refused) and dropped
/// (queue full), by kind (`answer`, `feedback`).
#[derive(Debug, Clone, Default)]
pub struct WriteCounters {
    family: Family<WriteLabels, Counter>,
}

impl WriteCounters {
    fn inc(&self, kind: &'static str, result: &'static str) {
        self.family
            .get_or_create(&WriteLabels { kind, result })
            .inc();
    }

    /// How many rows of `kind` ended with `result` (for tests and the report).
    pub fn get(&self, kind: &'static str, result: &'static str) -> u64 {
        self.family
            .get_or_create(&WriteLabels { kind, result })
            .get()
    }

    /// Registers the counters as `normwijzer_feedback_writes_total`.
    pub fn register(&self, registry: &mut prometheus_client::registry::Registry) {
        registry.register(
            "normwijzer_feedback_writes",
            "Rows for the feedback database by kind and result (stored, failed, dropped)",
            self.family.clone(),
        );
    }
}

enum Write {
    Answer(AnswerRow),
    Feedback(FeedbackRow),
    /// Answered once everything before it is written (tests, `rapport` after a service).
    Flush(std::sync::mpsc::Sender<()>),
}

impl Write {
    fn kind(&self) -> &'static str {
        match self {
            Write::Answer(_) => "answer",
            Write::Feedback(_) | Write::Flush(_) => "feedback",
        }
    }
}

/// The handle services record through. Cheap to clone; a disabled one records nothing.
#[derive(Clone, Default)]
pub struct Feedback {
    inner: Option<Arc<Shared>>,
    counters: WriteCounters,
}

struct Shared {
    tx: SyncSender<Write>,
    store_questions: bool,
    path: PathBuf,
    /// Recent references → outcome and passages.
    refs: Mutex<Refs>,
}

#[derive(Default)]
struct Refs {
    map: HashMap<String, (Outcome, Vec<String>)>,
    order: VecDeque<String>,
}

impl std::fmt::Debug for Feedback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feedback")
            .field("enabled", &self.inner.is_some())
            .finish()
    }
}

/// The database file `[feedback]` names: `$NORMWIJZER_DATA/normwijzer.sqlite` when that is
/// set, else `database` (relative to the project home).
pub fn database_path(home: &Path, settings: &FeedbackSettings) -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join(DATABASE_FILE);
    }
    let p = PathBuf::from(&settings.database);
    if p.is_absolute() { p } else { home.join(p) }
}

/// Unix seconds now.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Feedback {
    /// A handle that records nothing (`enabled = false`, and services built without one).
    pub fn disabled() -> Feedback {
        Feedback::default()
    }

    /// Starts the writer for `[feedback]` with the database under `home`. Never fails: a
    /// database that cannot be opened is logged and retried, and rows are counted as failed.
    pub fn start(home: &Path, settings: &FeedbackSettings) -> Feedback {
        if !settings.enabled {
            return Feedback::disabled();
        }
        let path = database_path(home, settings);
        Feedback::start_at(path, settings.store_questions, settings.keep_days)
    }

    /// Starts the writer for the database at `path`.
    pub fn start_at(path: PathBuf, store_questions: bool, keep_days: u32) -> Feedback {
        let (tx, rx) = std::sync::mpsc::sync_channel(QUEUE);
        let counters = WriteCounters::default();
        let writer = Writer {
            path: path.clone(),
            keep_days,
            counters: counters.clone(),
            store: None,
            last_open: None,
            last_purge: None,
            failing: false,
        };
        let spawned = std::thread::Builder::new()
            .name("normwijzer-feedback".into())
            .spawn(move || writer.run(rx));
        if spawned.is_err() {
            tracing::warn!("feedback: schrijfthread kon niet starten; er wordt niets bewaard");
            return Feedback::disabled();
        }
        Feedback {
            inner: Some(Arc::new(Shared {
                tx,
                store_questions,
                path,
                refs: Mutex::new(Refs::default()),
            })),
            counters,
        }
    }

    /// Whether anything is recorded.
    pub fn enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// The database file, when enabled.
    pub fn path(&self) -> Option<&Path> {
        self.inner.as_ref().map(|s| s.path.as_path())
    }

    /// The writer's counters (for `/metrics`).
    pub fn counters(&self) -> &WriteCounters {
        &self.counters
    }

    fn send(&self, write: Write) {
        let Some(shared) = &self.inner else {
            return;
        };
        let kind = write.kind();
        match shared.tx.try_send(write) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                self.counters.inc(kind, "dropped");
                tracing::warn!(kind, "feedback: wachtrij vol; rij niet bewaard");
            }
            Err(TrySendError::Disconnected(_)) => {
                self.counters.inc(kind, "dropped");
            }
        }
    }

    /// Records an answer a service gave and returns the reference its feedback buttons carry
    /// (`None` when disabled). `question` is what the user typed: only scrubbed, and only with
    /// `store_questions`, does any of it reach the database. Returns at once.
    pub fn record_answer(
        &self,
        channel: Channel,
        answer: &Answer,
        question: &str,
    ) -> Option<String> {
        let passages = answer.citations.iter().map(|c| c.passage.clone()).collect();
        self.record_parts(channel, Outcome::of(answer), passages, question)
    }

    /// [`Feedback::record_answer`] from the parts of an answer.
    pub fn record_parts(
        &self,
        channel: Channel,
        outcome: Outcome,
        mut passages: Vec<String>,
        question: &str,
    ) -> Option<String> {
        let shared = self.inner.as_ref()?;
        let reference = new_reference();
        passages.truncate(MAX_PASSAGES);
        {
            let mut refs = shared.refs.lock().unwrap_or_else(|e| e.into_inner());
            if refs.order.len() >= REMEMBERED
                && let Some(old) = refs.order.pop_front()
            {
                refs.map.remove(&old);
            }
            refs.order.push_back(reference.clone());
            refs.map
                .insert(reference.clone(), (outcome, passages.clone()));
        }
        let question = shared
            .store_questions
            .then(|| scrub::scrub(question, crate::engine::dutch_date(jiff::Timestamp::now())));
        self.send(Write::Answer(AnswerRow {
            at: now(),
            channel,
            outcome,
            passages,
            reference: Some(reference.clone()),
            question,
        }));
        Some(reference)
    }

    /// Records a vote. Returns at once.
    pub fn record_vote(&self, vote: VoteCast) {
        self.send(Write::Feedback(FeedbackRow {
            at: now(),
            channel: vote.channel,
            vote: vote.vote,
            outcome: vote.outcome,
            passages: vote.passages,
            reference: vote.reference,
        }));
    }

    /// The outcome and passages of the answer with this reference: from memory, else from the
    /// database (blocking briefly; call off the async workers). `None` when unknown.
    pub fn lookup(&self, reference: &str) -> Option<(Outcome, Vec<String>)> {
        let shared = self.inner.as_ref()?;
        if let Some(hit) = shared
            .refs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .get(reference)
        {
            return Some(hit.clone());
        }
        let store = Store::open_read(&shared.path).ok()??;
        let row = store.answer_by_ref(reference).ok()??;
        Some((row.outcome, row.passages))
    }

    /// Waits until every row handed over so far is written (or failed), at most `timeout`.
    pub fn flush(&self, timeout: Duration) -> bool {
        let Some(shared) = &self.inner else {
            return true;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        if shared.tx.try_send(Write::Flush(tx)).is_err() {
            return false;
        }
        rx.recv_timeout(timeout).is_ok()
    }
}

/// A fresh random reference: 12 lowercase letters and digits, from the clock, a counter and
/// the process id hashed together (not guessable from outside, unique within a process).
pub fn new_reference() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = blake3::Hasher::new();
    h.update(&jiff::Timestamp::now().as_nanosecond().to_le_bytes());
    h.update(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.update(&std::process::id().to_le_bytes());
    h.update(&(&COUNTER as *const AtomicU64 as usize).to_le_bytes());
    let bytes = h.finalize();
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    bytes.as_bytes()[..12]
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Whether `s` looks like a reference this module made.
pub fn is_reference(s: &str) -> bool {
    s.len() == 12
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The writer thread: owns the one writing connection.
struct Writer {
    path: PathBuf,
    keep_days: u32,
    counters: WriteCounters,
    store: Option<Store>,
    last_open: Option<Instant>,
    last_purge: Option<Instant>,
    /// Whether the last write failed, so a failing disk logs once per change, not per row.
    failing: bool,
}

/// Between two tries to open a database that could not be opened.
const REOPEN: Duration = Duration::from_secs(30);
/// Between two deletions of old rows.
const PURGE_EVERY: Duration = Duration::from_secs(24 * 3600);

impl Writer {
    fn run(mut self, rx: Receiver<Write>) {
        self.ensure_open();
        loop {
            match rx.recv_timeout(Duration::from_secs(3600)) {
                Ok(Write::Flush(done)) => {
                    let _ = done.send(());
                }
                Ok(write) => self.write(write),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if self.last_purge.is_some_and(|t| t.elapsed() >= PURGE_EVERY) {
                self.purge();
            }
        }
    }

    fn ensure_open(&mut self) -> Option<&Store> {
        if self.store.is_none() && self.last_open.is_none_or(|t| t.elapsed() >= REOPEN) {
            self.last_open = Some(Instant::now());
            match Store::open(&self.path) {
                Ok(store) => {
                    self.store = Some(store);
                    self.purge();
                }
                Err(e) => {
                    tracing::warn!("feedback: {e}; antwoorden gaan door, er wordt niets bewaard");
                }
            }
        }
        self.store.as_ref()
    }

    fn purge(&mut self) {
        self.last_purge = Some(Instant::now());
        let Some(store) = &self.store else {
            return;
        };
        let before = now() - i64::from(self.keep_days) * 86_400;
        match store.purge(before) {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "feedback: oude rijen verwijderd"),
            Err(e) => tracing::warn!("feedback: oude rijen verwijderen mislukt: {e}"),
        }
    }

    fn write(&mut self, write: Write) {
        let kind = write.kind();
        let result = self.ensure_open().map(|store| match &write {
            Write::Answer(row) => store.insert_answer(row),
            Write::Feedback(row) => store.insert_feedback(row),
            Write::Flush(_) => Ok(()),
        });
        match result {
            Some(Ok(())) => {
                self.counters.inc(kind, "stored");
                if self.failing {
                    tracing::info!("feedback: schrijven lukt weer");
                    self.failing = false;
                }
            }
            Some(Err(e)) => {
                self.counters.inc(kind, "failed");
                if !self.failing {
                    tracing::warn!("feedback: rij niet bewaard: {e}");
                    self.failing = true;
                }
            }
            None => self.counters.inc(kind, "failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_distinct_and_recognised() {
        let a = new_reference();
        let b = new_reference();
        assert_ne!(a, b);
        assert!(is_reference(&a), "{a}");
        assert!(!is_reference("ABC"));
    }

    #[test]
    fn labels_round_trip() {
        for o in [Outcome::Answered, Outcome::Unsure, Outcome::Abstained] {
            assert_eq!(Outcome::parse(o.label()), o);
            assert_eq!(Outcome::from_letter(o.letter()), Some(o));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.label()), c);
        }
        assert_eq!(Vote::parse("down"), Some(Vote::Down));
        assert_eq!(Vote::parse("x"), None);
    }
}
