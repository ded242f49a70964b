//! Reloading a running service: the engine being served sits in a [`Served`] holder that is
//! swapped atomically when the corpus or config changes.
//!
//! Three things start a reload: a change under `corpus/` or `config/` (file watching with a
//! short debounce, [`Reloader::watch`]), SIGHUP, and the HTTP admin endpoint. A reload opens a
//! whole new [`Engine`] with [`Engine::reopen`]: the index for the new fingerprint is built in
//! its own directory next to the one in use, then verified as at start-up (rules in `config/`
//! against their passages, config ranges). Only an engine that opened completely is swapped
//! in; a request takes the engine once ([`Served::engine`]) and finishes on it, so no request
//! fails and none sees a half-built index. A reload that fails (a config file that does not
//! parse, a rule whose passage vanished) leaves the old engine serving; the error is logged
//! (file names and reasons, never document text) and kept in [`Served::status`] for
//! `/healthz`. A document with a bad header is skipped and reported as at start-up, which is
//! not a failed reload.

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;

use crate::engine::Engine;

/// How long the watcher waits after the last change before reloading, so that an editor's
/// save or a copy of several files gives one reload.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// The environment variable that turns file watching off ([`Reloader::watch`]).
pub const WATCH_VAR: &str = "NORMWIJZER_WATCH";

/// Whether a value of [`WATCH_VAR`] turns watching off.
fn watching_off(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_lowercase().as_str(),
            "0" | "off" | "uit" | "nee" | "no" | "false"
        )
    })
}

/// What asked for a reload (logged and counted, never anything of the content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A file under `corpus/` or `config/` changed.
    Watch,
    /// SIGHUP.
    Signal,
    /// `POST /api/admin/herlaad`.
    Admin,
}

impl Trigger {
    /// The word in the log and the metrics label.
    pub fn label(self) -> &'static str {
        match self {
            Trigger::Watch => "watch",
            Trigger::Signal => "signal",
            Trigger::Admin => "admin",
        }
    }
}

/// The outcome of the reloads so far, as `/healthz` shows it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// When the last reload succeeded (RFC 3339, UTC).
    pub last_ok: Option<String>,
    /// Why the last reload failed, if the last attempt failed (Dutch; file names, no text).
    pub last_error: Option<String>,
    /// When the last failure was.
    pub last_error_at: Option<String>,
    /// Reloads that swapped in a new engine or found nothing changed.
    pub succeeded: u64,
    /// Reloads that kept the old engine because the new one would not open.
    pub failed: u64,
    /// How long the last reload took, in milliseconds.
    pub last_millis: Option<u64>,
}

/// What one successful reload did.
#[derive(Debug, Clone, Serialize)]
pub struct Reloaded {
    /// Whether the corpus or config had changed (a new index was swapped in).
    pub changed: bool,
    /// Fingerprint of the index now served.
    pub fingerprint: String,
    /// Documents and passages now served.
    pub documents: usize,
    /// Passages in the index now served.
    pub passages: usize,
    /// Problems found while opening (skipped documents), as at start-up.
    pub problems: Vec<String>,
    /// Time the reload took, in milliseconds.
    pub millis: u64,
}

/// Called after every reload attempt, e.g. by the HTTP metrics: the outcome, and the engine
/// served afterwards.
type Observer = Box<dyn Fn(Result<&Reloaded, &str>, &Engine) + Send + Sync>;

/// The engine being served, swappable while requests run.
pub struct Served {
    current: ArcSwap<Engine>,
    status: Mutex<Status>,
    /// Held while a reload runs: one at a time, later ones wait and then see the newest files.
    reloading: Mutex<()>,
    observers: Mutex<Vec<Observer>>,
}

impl Served {
    /// A holder serving `engine`.
    pub fn new(engine: Arc<Engine>) -> Arc<Served> {
        Arc::new(Served {
            current: ArcSwap::new(engine),
            status: Mutex::new(Status::default()),
            reloading: Mutex::new(()),
            observers: Mutex::new(Vec::new()),
        })
    }

    /// The engine to answer one request with. Take it once per request: a reload during the
    /// request does not change the engine it holds.
    pub fn engine(&self) -> Arc<Engine> {
        self.current.load_full()
    }

    /// The outcome of the reloads so far.
    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Adds a function called after every reload attempt.
    pub fn observe(&self, f: impl Fn(Result<&Reloaded, &str>, &Engine) + Send + Sync + 'static) {
        self.observers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Box::new(f));
    }

    /// Reopens corpus and config and swaps the new engine in when it opened completely
    /// (blocking: building an index takes a while). On an error the old engine stays, and
    /// the Dutch reason is returned, logged and kept for `/healthz`.
    pub fn reload(&self, trigger: Trigger) -> Result<Reloaded, String> {
        let _one = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let old = self.engine();
        let opened = old.reopen();
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let now = jiff::Timestamp::now().to_string();
        let result = match opened {
            Ok(new) => {
                let changed = new.index().info.fingerprint != old.index().info.fingerprint
                    || new.problems() != old.problems();
                let reloaded = Reloaded {
                    changed,
                    fingerprint: new.index().info.fingerprint.clone(),
                    documents: new.index().info.documents,
                    passages: new.index().info.passages,
                    problems: new.problems().to_vec(),
                    millis,
                };
                if changed {
                    self.current.store(Arc::new(new));
                }
                let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
                s.last_ok = Some(now);
                s.last_error = None;
                s.succeeded += 1;
                s.last_millis = Some(millis);
                drop(s);
                tracing::info!(
                    trigger = trigger.label(),
                    changed,
                    documents = reloaded.documents,
                    passages = reloaded.passages,
                    fingerprint = %reloaded.fingerprint,
                    millis,
                    "corpus en configuratie herladen"
                );
                for p in &reloaded.problems {
                    tracing::warn!("na herladen: {p}");
                }
                Ok(reloaded)
            }
            Err(e) => {
                let reason = e.to_string();
                let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
                s.last_error = Some(reason.clone());
                s.last_error_at = Some(now);
                s.failed += 1;
                s.last_millis = Some(millis);
                drop(s);
                tracing::error!(
                    trigger = trigger.label(),
                    millis,
                    "herladen mislukt, de vorige index blijft in gebruik: {reason}"
                );
                Err(reason)
            }
        };
        let served = self.engine();
        for f in self
            .observers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            f(result.as_ref().map_err(String::as_str), &served);
        }
        result
    }
}

/// Runs reloads on a thread of its own, fed by the file watcher and by signals. Dropping it
/// stops watching; the thread ends once every sender is gone.
pub struct Reloader {
    trigger: mpsc::Sender<Trigger>,
    _watcher: Option<RecommendedWatcher>,
}

impl Reloader {
    /// A reload thread for `served`, without file watching (signals and the admin endpoint).
    pub fn start(served: Arc<Served>) -> Reloader {
        let (tx, rx) = mpsc::channel::<Trigger>();
        let spawned = std::thread::Builder::new()
            .name("normwijzer-herlaad".into())
            .spawn(move || {
                while let Ok(mut trigger) = rx.recv() {
                    // A file change waits until the files are quiet for DEBOUNCE, so an
                    // editor's save or a copy of several files is one reload; triggers that
                    // queued up meanwhile are that same reload, not many.
                    let quiet = if trigger == Trigger::Watch {
                        DEBOUNCE
                    } else {
                        Duration::ZERO
                    };
                    loop {
                        match rx.recv_timeout(quiet) {
                            Ok(t) => {
                                if t != Trigger::Watch {
                                    trigger = t;
                                }
                            }
                            Err(mpsc::RecvTimeoutError::Timeout) => break,
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    let _ = served.reload(trigger);
                }
            });
        if let Err(e) = spawned {
            tracing::error!(
                "herlaadthread starten mislukt: {e}; herladen werkt alleen via een herstart"
            );
        }
        Reloader {
            trigger: tx,
            _watcher: None,
        }
    }

    /// A reload thread for `served` that also watches `corpus/` and `config/` of its project
    /// directory. A watch that cannot be set up (no inotify left, say) is logged, and signals
    /// and the admin endpoint still work.
    ///
    /// With `NORMWIJZER_WATCH` set to `0`, `off`, `uit`, `nee`, `no` or `false` nothing is
    /// watched (for a deploy that changes files in several steps and then sends SIGHUP, or a
    /// file system without change events).
    pub fn watch(served: Arc<Served>) -> Reloader {
        let home = served.engine().home().to_path_buf();
        let mut reloader = Reloader::start(served);
        if watching_off(std::env::var(WATCH_VAR).ok().as_deref()) {
            tracing::info!(
                "{WATCH_VAR} staat uit: corpus/ en config/ worden niet gevolgd; herlaad met SIGHUP of het beheer-endpoint"
            );
            return reloader;
        }
        match watch_dirs(&home, reloader.trigger.clone()) {
            Ok(w) => {
                tracing::info!(
                    "wijzigingen in corpus/ en config/ worden gevolgd; de index wordt dan herladen"
                );
                reloader._watcher = Some(w);
            }
            Err(e) => tracing::warn!(
                "corpus/ en config/ volgen lukt niet ({e}); herlaad met SIGHUP of het beheer-endpoint"
            ),
        }
        reloader
    }

    /// Asks for a reload on the reload thread (does not wait for it).
    pub fn request(&self, trigger: Trigger) {
        let _ = self.trigger.send(trigger);
    }

    /// A function that asks for a reload, for a signal task.
    pub fn requester(&self) -> impl Fn(Trigger) + Send + Sync + 'static {
        let tx = Mutex::new(self.trigger.clone());
        move |t| {
            let _ = tx.lock().unwrap_or_else(|e| e.into_inner()).send(t);
        }
    }
}

/// A watcher of `<home>/corpus` and `<home>/config` that sends [`Trigger::Watch`] for every
/// change (reads are not changes: opening the files for a reload must not start another).
fn watch_dirs(
    home: &std::path::Path,
    tx: mpsc::Sender<Trigger>,
) -> Result<RecommendedWatcher, String> {
    let tx = Mutex::new(tx);
    let mut watcher =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
            Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
                let _ = tx
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .send(Trigger::Watch);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("bestanden volgen: {e}"),
        })
        .map_err(|e| e.to_string())?;
    for sub in ["corpus", "config"] {
        let dir: PathBuf = home.join(sub);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watching_is_turned_off_by_a_no() {
        for v in ["0", "off", "Uit", " nee ", "false"] {
            assert!(watching_off(Some(v)), "{v}");
        }
        for v in [None, Some(""), Some("1"), Some("aan")] {
            assert!(!watching_off(v), "{v:?}");
        }
    }

    #[test]
    fn a_failed_reload_keeps_the_engine_and_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["corpus", "config", "config/lexicon"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
            for e in std::fs::read_dir(root.join(sub)).expect("read").flatten() {
                if e.path().is_file() {
                    std::fs::copy(e.path(), dir.path().join(sub).join(e.file_name()))
                        .expect("copy");
                }
            }
        }
        let engine = Engine::open(&crate::engine::OpenOptions {
            home: Some(dir.path().to_path_buf()),
            in_memory: true,
            index_dir: None,
        })
        .expect("engine");
        let served = Served::new(Arc::new(engine));
        let before = served.engine();
        let same = served.reload(Trigger::Admin).expect("unchanged reload");
        assert!(!same.changed);
        assert!(Arc::ptr_eq(&before, &served.engine()));
        std::fs::write(dir.path().join("config/normwijzer.toml"), "[ranking\n").expect("write");
        let err = served.reload(Trigger::Signal).expect_err("broken config");
        assert!(err.contains("normwijzer.toml"), "{err}");
        assert!(Arc::ptr_eq(&before, &served.engine()));
        let s = served.status();
        assert_eq!((s.succeeded, s.failed), (1, 1));
        assert_eq!(s.last_error.as_deref(), Some(err.as_str()));
    }
}
