//! Shared helpers of the integration tests, the one place for them: one engine over the bundled
//! corpus (index in memory) per test binary, answers' invariants, reading Discord payloads,
//! the independent Discord limit check and the local Discord stand-in.
//!
//! Each test file that needs them declares `mod support;`; not every file uses every helper.

#![allow(dead_code)]

pub mod answers;
pub mod discord;
pub mod discord_limits;
pub mod discord_standin;
pub mod process;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use jiff::civil::Date;
use normwijzer::engine::{AskOptions, Engine, OpenOptions};

/// The project directory (with corpus/ and config/).
pub fn home() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An engine over the project at `home` (index in memory), or its start-up error as text.
pub fn open_at(home: &std::path::Path) -> Result<Engine, String> {
    Engine::open(&OpenOptions {
        home: Some(home.to_path_buf()),
        in_memory: true,
        index_dir: None,
    })
    .map_err(|e| e.to_string())
}

/// Replaces the first `from` in `config/<file>` of the project at `home` by `to`.
pub fn edit_config(home: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = home.join("config").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Appends `text` to `config/<file>` of the project at `home`.
pub fn append_config(home: &std::path::Path, file: &str, text: &str) {
    let path = home.join("config").join(file);
    let mut all = std::fs::read_to_string(&path).unwrap();
    all.push_str(text);
    std::fs::write(&path, all).unwrap();
}

/// The `normwijzer` command against the bundled corpus, index in memory (tests run in
/// parallel).
pub fn nw() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("normwijzer").expect("binary is built");
    c.env_remove("NORMWIJZER_HOME")
        .arg("--home")
        .arg(home())
        .arg("--in-memory");
    c
}

/// The one engine of the test binary, opened on first use.
fn opened() -> &'static Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Arc::new(
            Engine::open(&OpenOptions {
                home: Some(home()),
                in_memory: true,
                index_dir: None,
            })
            .expect("engine opens on the bundled corpus"),
        )
    })
}

/// One engine for the whole test binary.
pub fn engine() -> &'static Engine {
    opened()
}

/// The same engine as an `Arc`, for the servers under test.
pub fn shared_engine() -> Arc<Engine> {
    Arc::clone(opened())
}

/// Ask options for a fixed day, so tests do not depend on the clock.
pub fn on(day: &str) -> AskOptions {
    AskOptions {
        today: day.parse::<Date>().expect("valid test date"),
        max_citations: None,
        previous: Vec::new(),
        budget: Default::default(),
    }
}

/// A copy of the project's `corpus/` and `config/` (with `config/lexicon/`) in a temporary
/// directory, to change or break on purpose.
pub fn project_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for sub in ["corpus", "config"] {
        copy(&home().join(sub), &dir.path().join(sub));
    }
    dir
}
