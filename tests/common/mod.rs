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

/// All text a Discord message or interaction response shows: content, embed titles,
/// descriptions, fields and footers.
pub fn shown_text(payload: &serde_json::Value) -> String {
    let msg = payload.get("data").unwrap_or(payload);
    let mut out = msg["content"].as_str().unwrap_or_default().to_string();
    for e in msg["embeds"].as_array().into_iter().flatten() {
        for k in ["title", "description"] {
            out.push('\n');
            out.push_str(e[k].as_str().unwrap_or_default());
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push('\n');
            out.push_str(f["name"].as_str().unwrap_or_default());
            out.push('\n');
            out.push_str(f["value"].as_str().unwrap_or_default());
        }
        out.push('\n');
        out.push_str(e["footer"]["text"].as_str().unwrap_or_default());
    }
    out
}
