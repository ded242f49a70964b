//! Channels render an [`Answer`](crate::model::Answer); they never search or compute one.
//! Each submodule turns the same value into one medium's format.
//!
//! Architecture invariant: a channel uses `crate::model` (the values) and `crate::text` (Dutch
//! wording) and nothing else of the crate, besides the pieces channels share here (`summary`
//! for checks as lines, `terminal::preview`). Its unit tests keep to the same rule; renderers
//! fed with values other modules build are tested in `tests/suite/renderers.rs`.

pub mod discord;
pub mod summary;
pub mod teams;
pub mod terminal;
