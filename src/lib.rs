//! # normwijzer
//!
//! Answers rule questions about *passend onderwijs* in Almere with verbatim, cited passages from
//! the norm documents, computes terms and validity by code, and says so when the documents do
//! not cover a question.
//!
//! ## Layout
//!
//! The tree is the pipeline, in the order data flows (ARCHITECTURE.md has the long version):
//!
//! - [`model`]: the values that cross module boundaries ([`model::Answer`],
//!   [`model::Citation`], [`model::Check`], [`model::Status`], [`model::PassageView`]). Data
//!   only; uses nothing else of the crate.
//! - [`text`]: Dutch words and dates: the one folding for index and questions, month and
//!   weekday names, dates in free text, a computed term in words, quote and status wording,
//!   the Dutch dictionary ([`text::lexicon`]: lemmas, frequencies, word list, names) and small
//!   talk ([`text::smalltalk`]).
//! - [`config`]: `config/*.toml` as typed data, and the one TOML loader with Dutch errors and
//!   line numbers.
//! - [`corpus`]: documents with their front matter and status on a day; [`corpus::import`]
//!   turns a PDF, DOCX or HTML file into such a document (`normwijzer importeer`);
//!   [`corpus::passage`] splits them into passages with stable ids and source byte ranges;
//!   [`corpus::versions`] compares two versions of a document passage by passage
//!   (`normwijzer wijzigingen`, `/wijzigingen`); [`corpus::validate`] checks front matter
//!   against known values.
//! - [`search`]: the Dutch analysis shared by index and questions, the tantivy index, what a
//!   chat message asks ([`search::focus`]), whether it continues the question before it
//!   ([`search::followup`]), the question plan, typo repair, and the ranking with the BM25 it
//!   computes from the question's posting lists ([`search::postings`]).
//! - [`checks`]: deterministic results from rules in `config/` that cite their passage: terms
//!   ([`checks::termijn`], [`checks::kalender`]), validity ([`checks::geldigheid`]), the OPP
//!   decision ([`checks::opp`]); they read passages through [`checks::PassageSource`] only.
//! - [`answer`]: quotes, and [`answer::compose`], which turns the ranked passages and the check
//!   results into one reply, numbered and rendered once.
//! - [`engine`]: the façade: [`engine::Engine::open`] wires everything,
//!   [`engine::Engine::ask`] is plan → rank → choose → checks → compose.
//! - [`channel`]: renderers of an [`model::Answer`] for the terminal, Discord and Teams; they
//!   depend on [`model`] and [`text`] only.
//! - [`conversation`]: the earlier question of each open conversation (a thread, a web
//!   session), in memory only, for follow-ups; the channels pass it to the stateless engine.
//! - [`serve`]: the long-running services: the Discord bot, the HTTP service (Teams webhook,
//!   Discord interactions, JSON API, health, metrics, and the web chat page
//!   [`serve::http::web`]: maud HTML, htmx, sessions in memory, `/wijzigingen` between
//!   versions of a document) and the slash commands both share; [`serve::reload`] holds the
//!   engine served and swaps in a new one when `corpus/` or `config/` changes (file watch,
//!   SIGHUP, `POST /api/admin/herlaad`); autocomplete follows the swap.
//! - [`cli`]: the `normwijzer` command, one file per subcommand.
//! - [`feedback`]: what the services remember about their answers and the 👍/👎 on them, in
//!   an embedded SQLite database (WAL, migrations, one writer thread off the answer path); the
//!   scrubber for opt-in question text ([`feedback::scrub`]); the knowledge-gap report of
//!   `normwijzer rapport` and `/beheer` ([`feedback::report`]).
//! - [`eval`]: scores the engine on a question file (`normwijzer eval`).
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
pub mod conversation;
pub mod corpus;
pub mod engine;
pub mod eval;
pub mod feedback;
pub mod model;
pub mod search;
pub mod serve;
pub mod text;
