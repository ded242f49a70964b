//! Counters of the work whose cost grows with a word's length: typo keys looked up and
//! substrings tried as compound parts. They make the bound on work per question testable
//! without timing anything (tests/suite/work_bounds.rs); counting is one add to a
//! thread-local cell.
//!
//! The counters are per thread: a question is planned and ranked on the thread that asks it,
//! so what one thread reads is the work of its own questions, whatever other threads (tests
//! running side by side, a service's other requests) are doing.

use std::cell::Cell;

thread_local! {
    static TYPO_KEYS: Cell<u64> = const { Cell::new(0) };
    static SPLIT_PARTS: Cell<u64> = const { Cell::new(0) };
}

/// Work done on this thread since its last [`reset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// Keys (a word and its one-letter deletions) looked up in the typo index.
    pub typo_keys: u64,
    /// Substrings tried as compound parts.
    pub split_parts: u64,
}

/// This thread's counters now.
pub fn snapshot() -> Work {
    Work {
        typo_keys: TYPO_KEYS.with(Cell::get),
        split_parts: SPLIT_PARTS.with(Cell::get),
    }
}

/// Sets this thread's counters to zero.
pub fn reset() {
    TYPO_KEYS.with(|c| c.set(0));
    SPLIT_PARTS.with(|c| c.set(0));
}

pub(crate) fn typo_keys(n: u64) {
    TYPO_KEYS.with(|c| c.set(c.get().saturating_add(n)));
}

pub(crate) fn split_parts(n: u64) {
    SPLIT_PARTS.with(|c| c.set(c.get().saturating_add(n)));
}
