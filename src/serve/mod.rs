//! Long-running channels: the Discord gateway bot and the HTTP service (Teams outgoing webhook,
//! Discord interactions endpoint, JSON API). They share one [`Engine`](crate::engine::Engine)
//! behind an `Arc` and render its answers with [`crate::channel`]; both Discord paths run their
//! commands through [`commands`]. Both stop on the same signals (SIGINT, SIGTERM), and both
//! reload corpus and config on a file change or SIGHUP through [`reload`].

pub mod commands;
pub mod discord;
pub mod http;
pub mod metrics;
pub mod reload;
mod signal;
