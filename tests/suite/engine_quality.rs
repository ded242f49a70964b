//! The quality bar of the answer engine, measured the way `normwijzer eval` measures it.
//!
//! `dev.toml` is the shared development set; `extra.toml` and `extra2.toml` hold questions we
//! wrote ourselves before tuning on them, to catch tuning that does not generalise.

use crate::support;

use std::path::Path;

use normwijzer::eval::{self, Report};

fn run(file: &str) -> Report {
    let set = eval::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(file),
    )
    .expect("question file parses");
    eval::run(support::engine(), &set, &support::on("2026-11-22"), 1).expect("index")
}

fn describe(r: &Report) -> String {
    let misses: Vec<String> = r
        .misses
        .iter()
        .map(|m| format!("{}: {} ({})", m.id, m.problem, m.cited.join(", ")))
        .collect();
    format!(
        "R@1 {:.3}, R@3 {:.3}, abstain {}/{}, region {}/{}\n{}",
        r.recall_at_1,
        r.recall_at_3,
        r.abstain_ok,
        r.abstain_total,
        r.region_ok,
        r.region_total,
        misses.join("\n")
    )
}

#[test]
fn dev_set_meets_the_bar() {
    let r = run("dev.toml");
    // 0.962 since a list is measured against its heading too (2026-12-02).
    assert!(r.recall_at_1 >= 0.92, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.95, "{}", describe(&r));
    assert_eq!(r.abstain_ok, r.abstain_total, "{}", describe(&r));
    assert_eq!(r.region_ok, r.region_total, "{}", describe(&r));
    assert_eq!(r.false_abstentions, 0, "{}", describe(&r));
}

#[test]
fn held_out_questions_generalise() {
    for file in ["extra.toml", "extra2.toml"] {
        check_held_out(file);
    }
}

fn check_held_out(file: &str) {
    let r = run(file);
    assert!(r.recall_at_1 >= 0.80, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.90, "{}", describe(&r));
    assert_eq!(r.abstain_ok, r.abstain_total, "{}", describe(&r));
    assert_eq!(r.region_ok, r.region_total, "{}", describe(&r));
}

/// Chat-style questions (stories, chat spelling, fragments): floors a little under what the
/// engine measured when the abstention thresholds were calibrated on `chat-tune.toml`.
#[test]
fn chat_questions_keep_their_level() {
    let r = run("chat-tune.toml");
    assert!(r.recall_at_1 >= 0.64, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.77, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.06, "{}", describe(&r));
    // 19 of 21 since value and money questions that no passage states abstain (2026-12-02).
    assert!(r.abstain_ok >= 18, "{}", describe(&r));
}

/// The frozen held-out half is never tuned on; this only guards against falling back below
/// what it measured when the calibration was fixed (see BENCHMARKS.md).
#[test]
fn chat_held_out_does_not_fall_back() {
    let r = run("chat-holdout.toml");
    assert!(r.recall_at_1 >= 0.49, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.70, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.10, "{}", describe(&r));
    // 14 of 20 on 2026-12-02 (see BENCHMARKS.md).
    assert!(r.abstain_ok >= 12, "{}", describe(&r));
}

/// Questions that name a school, a person or an organisation (`chat-named.toml`, written to
/// check the rule for names both ways): asked about by name they abstain, named in the story
/// they are answered.
#[test]
fn named_schools_and_people_abstain_and_names_in_a_story_do_not() {
    let r = run("chat-named.toml");
    // All 16 since names with "van der" and half-unknown runs count (2026-12-02).
    assert!(r.abstain_ok >= 15, "{}", describe(&r));
    assert_eq!(r.false_abstentions, 0, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.9, "{}", describe(&r));
}

/// Questions with typos and chat spelling (`chat-typos.toml`, written to check the typo repair
/// before it was changed): the answer is still found.
#[test]
fn typos_and_chat_spelling_still_find_the_answer() {
    let r = run("chat-typos.toml");
    assert!(r.recall_at_1 >= 0.70, "{}", describe(&r));
    // 0.967 and no abstention since auxiliaries' forms are stop words and long words may
    // carry two typos (2026-12-02).
    assert!(r.recall_at_3 >= 0.93, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.04, "{}", describe(&r));
}

/// Questions in everyday words, often with the situation first (`chat-everyday.toml`, a second
/// tuning set written on 2026-12-02 before that day's changes): the figures do not slide back.
#[test]
fn everyday_words_keep_their_figures() {
    let r = run("chat-everyday.toml");
    // 0.485 since the home region comes first when no other is named (2026-12-02).
    assert!(r.recall_at_1 >= 0.45, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.66, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.07, "{}", describe(&r));
    assert!(r.abstain_ok >= 4, "{}", describe(&r));
}

/// Questions that sound on topic but that the documents do not answer, with on-topic controls
/// in the same words (`chat-oos.toml`, a tuning set for abstention written before the changes
/// aimed at it): the abstentions do not slide back and no control is lost to them.
#[test]
fn out_of_scope_questions_abstain_and_their_controls_answer() {
    let r = run("chat-oos.toml");
    // 19 of 30 since a question about another place's rules names the regions covered; 26
    // since school matters other rules settle (`other_rules` in config/words.toml) abstain,
    // 27 since what the meldcode holds is known not to be in the documents (`named_only`).
    assert!(r.abstain_ok >= 26, "{}", describe(&r));
    assert_eq!(r.false_abstentions, 0, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.9, "{}", describe(&r));
}

/// A fresh chat set written on 2026-12-02 from the source texts by an author who did not run
/// the engine (`chat-fresh-a.toml`, tuned on; its other half `chat-fresh-b.toml` is frozen
/// and only measured): the figures do not slide back.
#[test]
fn fresh_chat_questions_keep_their_figures() {
    let r = run("chat-fresh-a.toml");
    assert!(r.recall_at_1 >= 0.27, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.53, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.07, "{}", describe(&r));
    assert!(r.abstain_ok >= 6, "{}", describe(&r));
}

/// A second fresh chat set, written on 2026-12-03 the same way (`chat-fresh-c.toml`, tuned on;
/// its other half `chat-fresh-d.toml` is frozen and only measured). Measured before any tuning
/// on it: Recall@1 0.467, Recall@3 0.700, 10 % answered without a citation, 8 of 10 abstaining.
#[test]
fn second_fresh_chat_set_keeps_its_figures() {
    let r = run("chat-fresh-c.toml");
    assert!(r.recall_at_1 >= 0.40, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.63, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.12, "{}", describe(&r));
    // Now 10 of 10 (a number of weeks or a list's item number counts no pupils).
    assert!(r.abstain_ok >= 9, "{}", describe(&r));
}

/// A third fresh set, written on 2026-12-03 the same way (`chat-fresh-e.toml`, tuned on; its
/// other half `chat-fresh-f.toml` is frozen and only measured). Measured before any tuning on
/// it (at 2dbc2c5): Recall@1 0.700, Recall@3 0.833, 6.7 % answered without a citation, 7 of 10
/// abstaining.
#[test]
fn third_fresh_chat_set_keeps_its_figures() {
    let r = run("chat-fresh-e.toml");
    // Now 0.800 / 0.900 / 0 % / 10 of 10 (two typos in a word of 9 letters or more; a number
    // of weeks counts no pupils; a question for an outcome).
    assert!(r.recall_at_1 >= 0.73, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.8, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.07, "{}", describe(&r));
    assert!(r.abstain_ok >= 9, "{}", describe(&r));
}

/// A fourth fresh chat set written on 2026-12-03 from the source texts by an author who did
/// not run the engine (`chat-fresh-g.toml`, tuned on; its other half `chat-fresh-h.toml` is
/// frozen): 0.771 / 0.886 / 5.7 % / 10 of 15 when written.
#[test]
fn fourth_fresh_chat_set_keeps_its_figures() {
    let r = run("chat-fresh-g.toml");
    // Now 0.800 / 0.943 / 0 % / 15 of 15 (a validity date of something else answers no time
    // question).
    assert!(r.recall_at_1 >= 0.74, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.88, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.03, "{}", describe(&r));
    assert!(r.abstain_ok >= 14, "{}", describe(&r));
}

/// A fifth fresh chat set written on 2026-12-04 the same way (`chat-fresh-i.toml`, tuned on;
/// its other half `chat-fresh-j.toml` is frozen): 0.743 / 0.829 / 8.6 % / 9 of 15 when written.
#[test]
fn fifth_fresh_chat_set_keeps_its_figures() {
    let r = run("chat-fresh-i.toml");
    // Now 0.771 / 0.886 / 0 % / 15 of 15.
    assert!(r.recall_at_1 >= 0.74, "{}", describe(&r));
    assert!(r.recall_at_3 >= 0.85, "{}", describe(&r));
    assert!(r.no_citation_rate <= 0.03, "{}", describe(&r));
    assert!(r.abstain_ok >= 12, "{}", describe(&r));
}
