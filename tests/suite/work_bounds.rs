//! The work per question is bounded whatever its length: the engine's own counters of the work
//! that grows with a word's length (typo keys, compound substrings) stay under a fixed bound
//! for 65 KB of one word and 65 KB of repeated words, and grow no further from 6.5 KB to 65 KB.
//! No timing: the counters are the measure (timings are in BENCHMARKS.md).
//!
//! The counters are per thread, so tests asking questions side by side do not disturb them.

use crate::support;

use normwijzer::search::work::{self, Work};

fn work_of(question: &str) -> Work {
    work::reset();
    let a = support::engine()
        .ask(question, &support::on("2026-11-22"))
        .expect("answered or abstained");
    assert!(a.abstained || !a.citations.is_empty());
    work::snapshot()
}

/// Far above what any real question needs (a long chat message costs a few thousand).
const BOUND: u64 = 100_000;

#[test]
fn work_per_question_is_bounded() {
    support::engine();
    let normal = work_of("mijn leerling Tim (groep 5) loopt vast, wanneer schakel ik het ZAT in?");
    let questions = [
        "a".repeat(65_000),
        "ondersteuningsbehoeftenonderwijs".repeat(2_000),
        "ondersteuning ".repeat(4_700),
        "zorgplichtt leerlingg ondersteunig evaluern ".repeat(1_500),
    ];
    for q in &questions {
        let w = work_of(q);
        eprintln!("{} bytes: {w:?} (normal question: {normal:?})", q.len());
        assert!(
            w.typo_keys <= BOUND && w.split_parts <= BOUND,
            "{} bytes: {w:?}",
            q.len()
        );
        // A tenth of the text costs as much: the work stopped growing with the length.
        let short = work_of(&q[..q.len() / 10]);
        assert!(
            w.typo_keys <= short.typo_keys.max(1) * 2
                && w.split_parts <= short.split_parts.max(1) * 2,
            "{w:?} against {short:?}"
        );
    }
}
