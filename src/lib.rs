//! # normwijzer
//!
//! Answers rule questions about *passend onderwijs* in Almere with verbatim, cited passages from
//! the norm documents, or says that the documents do not cover the question.
//!
//! The pipeline, in the order data flows:
//!
//! - [`corpus`]: loads `corpus/*.txt` — TOML front matter (id, title, region, validity, ...) and
//!   the source text verbatim; tells a document's status on a date (geldig, verlopen, ...).
//! - [`passage`]: splits a document into sections (headings, glossary entries, card footers,
//!   numbered series) and passages of at most about 1,000 characters, cleaning extraction noise
//!   in code. Every passage has a stable id (`anb#zorgplicht-1`) and keeps the source byte range
//!   of each piece of its text.
//! - [`analysis`]: the Dutch text pipeline shared by index and questions: folding, stop words,
//!   compound splitting with linking sounds, Snowball stemming with corrections, typo repair.
//! - [`index`]: the tantivy index in `index/<fingerprint>/`, rebuilt when corpus, config or
//!   indexing code change; quote units are analyzed once, at build time.
//! - [`query`]: turns a chat question into weighted concepts (synonyms and abbreviations from
//!   `config/synonyms.toml`, compounds, typos, "wat is een X", "welke stappen", answer type).
//! - [`engine`]: ranks passages (BM25 over text, section titles, glossary terms and titles;
//!   coverage of the question; proximity; region and validity) and decides between answering
//!   and abstaining.
//! - [`checks`]: deterministic results added to an answer from rules in `config/` that cite
//!   their passage: [`termijn`] (terms, with [`kalender`] for the Algemene termijnenwet and
//!   [`datum`] for Dutch dates), [`geldigheid`] (document validity), [`opp`] (OPP decision);
//!   [`citeer`] verifies and quotes the rules' passages.
//! - [`answer`]: the [`answer::Answer`] value: quotes, citations, warnings, checks.
//! - [`channel`]: renderers of an `Answer` (terminal, Discord embeds, Teams Adaptive Card).
//!   Channels never search or compute.
//! - [`serve`]: long-running services: the Discord bot (`serve::discord`), the HTTP service
//!   (`serve::http`: Teams webhook, Discord interactions, JSON API, health, metrics), and the
//!   slash-command handling both share (`serve::commands`).
//! - [`cli`]: the `normwijzer` command line, one file per command; `src/main.rs` only calls it.
//! - [`eval`]: scores the engine on a question file (`normwijzer eval`).
//! - [`config`], [`dutch`]: settings and word lists as data; Dutch dates and names.
//! - [`benchgen`]: synthetic national-size corpora for benchmarks (`normwijzer bench corpus`).
//!
//! ```no_run
//! use normwijzer::engine::{AskOptions, Engine, OpenOptions};
//!
//! let engine = Engine::open(&OpenOptions::default()).expect("corpus and index");
//! let answer = engine.ask("wanneer moet een OPP?", &AskOptions::today()).expect("index");
//! for c in &answer.citations {
//!     println!("[{}] {} › {}: „{}”", c.rank, c.title, c.section, c.quote);
//! }
//! ```

pub mod answer;
pub mod benchgen;
pub mod channel;
pub mod checks;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod engine;
pub mod eval;
pub mod model;
pub mod search;
pub mod serve;
pub mod text;
