//! Channels render an [`Answer`](crate::answer::Answer); they never search or compute one.
//! Each submodule turns the same value into one medium's format.

pub mod discord;
pub mod summary;
pub mod teams;
pub mod terminal;
