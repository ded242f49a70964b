//! Shared set-up for integration tests: one engine over the bundled corpus, index in memory.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use jiff::civil::Date;
use normwijzer::engine::{AskOptions, Engine, OpenOptions};

/// The project directory (with corpus/ and config/).
pub fn home() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One engine for the whole test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::open(&OpenOptions {
            home: Some(home()),
            in_memory: true,
            index_dir: None,
        })
        .expect("engine opens on the bundled corpus")
    })
}

/// Ask options for a fixed day, so tests do not depend on the clock.
pub fn on(day: &str) -> AskOptions {
    AskOptions {
        today: day.parse::<Date>().expect("valid test date"),
        max_citations: None,
    }
}
