//! The integration tests, one test program: every module below was once its own program, and
//! linking one binary instead of twenty saves most of a first `cargo test --release`.
//! Shared helpers live in `support`.

mod support;

mod answers;
mod benchgen;
mod chat_questions;
mod checks;
mod cli;
mod config_ranges;
mod conversations;
mod corpus_validation;
mod discord_e2e;
mod engine_quality;
mod feedback;
mod first_use;
mod http_limits;
mod http_service;
mod importeer;
mod index_heal;
mod kalender_props;
mod other_rules;
mod passages;
mod reload;
mod renderers;
mod robust_props;
mod search_words;
mod status_dates;
mod termijn;
mod web_page;
mod wijzigingen;
mod work_bounds;
