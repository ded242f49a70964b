//! Counters of the work whose cost grows with a word's length: typo keys looked up and
//! substrings tried as compound parts. They make the bound on work per question testable
//! without timing anything (tests/suite/work_bounds.rs); counting is one relaxed atomic add.

use std::sync::atomic::{AtomicU64, Ordering};

static TYPO_KEYS: AtomicU64 = AtomicU64::new(0);
static SPLIT_PARTS: AtomicU64 = AtomicU64::new(0);

/// Work done since the last [`reset`] (process-wide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// Keys (a word and its one-letter deletions) looked up in the typo index.
    pub typo_keys: u64,
    /// Substrings tried as compound parts.
    pub split_parts: u64,
}

/// The counters now.
pub fn snapshot() -> Work {
    Work {
        typo_keys: TYPO_KEYS.load(Ordering::Relaxed),
        split_parts: SPLIT_PARTS.load(Ordering::Relaxed),
    }
}

/// Sets the counters to zero.
pub fn reset() {
    TYPO_KEYS.store(0, Ordering::Relaxed);
    SPLIT_PARTS.store(0, Ordering::Relaxed);
}

pub(crate) fn typo_keys(n: u64) {
    TYPO_KEYS.fetch_add(n, Ordering::Relaxed);
}

pub(crate) fn split_parts(n: u64) {
    SPLIT_PARTS.fetch_add(n, Ordering::Relaxed);
}
