//! Invariants of answers, whatever the question: quotes are verbatim substrings of their
//! passage and traceable to the source bytes, ids round-trip, abstentions cite nothing, and no
//! input makes the engine panic.

use crate::support;

use normwijzer::eval;
use normwijzer::model::Answer;
use proptest::prelude::*;

fn source_text(doc: &str) -> String {
    let path = support::home().join("corpus").join(format!("{doc}.txt"));
    let bytes = std::fs::read(&path).unwrap();
    normwijzer::corpus::parse_document(&path, &bytes)
        .unwrap()
        .text
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The shared invariants of `support::answers`, and more: an abstention cites nothing and says
/// so; otherwise there are citations, their quotes are not blank, each passage comes back by its
/// id, and each quote's words stand, in order, in the source bytes it points to.
fn check(a: &Answer) {
    if a.abstained {
        assert!(
            a.citations.is_empty(),
            "{}: abstained but cites",
            a.question
        );
        // "Ik vind hierover niets in de documenten", or for a value they do not state "In de
        // documenten staat niet hoe vaak …", or the prompt for an empty question.
        assert!(
            a.text().contains("niets in de documenten")
                || a.text().starts_with("In de documenten staat")
                || a.text().contains("Stel een vraag"),
            "{}: {}",
            a.question,
            a.text()
        );
        return;
    }
    assert!(!a.citations.is_empty(), "{}: no citations", a.question);
    support::answers::assert_cited(a);
    for c in &a.citations {
        assert!(!c.quote.trim().is_empty());
        // The passage comes back by its id.
        let view = support::engine()
            .passage(&c.passage, "2026-11-22".parse().unwrap())
            .unwrap()
            .expect("id resolves");
        assert_eq!(view.text, c.text);
        // The quote's words stand, in order, in the source bytes it points to.
        let src = source_text(&c.doc);
        let slice = &src[c.source_range.clone()];
        let src_words = words(slice);
        let mut it = src_words.iter();
        for w in words(&c.quote) {
            assert!(
                it.any(|s| *s == w),
                "{}: quote word {w:?} not in source range",
                c.passage
            );
        }
    }
}

#[test]
fn every_eval_question_gives_a_well_formed_answer() {
    let dir = support::home().join("tests/fixtures");
    for file in ["dev.toml", "extra.toml"] {
        let set = eval::load(&dir.join(file)).unwrap();
        for q in &set.questions {
            check(
                &support::engine()
                    .ask(&q.ask, &support::on("2026-11-22"))
                    .expect("answer"),
            );
        }
    }
}

#[test]
fn glossary_questions_answer_with_the_begrippenlijst() {
    for (q, term) in [
        ("Wat is een ZAT?", "Zorgadviesteam (ZAT)"),
        ("wat betekent WOP", "Wijk ondersteuningsprofiel (WOP)"),
        ("Wat zijn ketenpartners?", "Ketenpartners"),
    ] {
        let a = support::engine()
            .ask(q, &support::on("2026-11-22"))
            .expect("answer");
        let c = &a.citations[0];
        assert!(c.section.ends_with(term), "{q}: {}", c.section);
        assert!(a.text().contains("begrippenlijst"), "{q}: {}", a.text());
    }
}

#[test]
fn series_questions_list_the_series() {
    let a = support::engine()
        .ask(
            "Welke niveaus van ondersteuning zijn er?",
            &support::on("2026-11-22"),
        )
        .expect("answer");
    for n in 1..=4 {
        assert!(a.text().contains(&format!("Niveau {n}.")), "{}", a.text());
    }
}

/// Every citation of an expired, superseded, unpublished or other-region document says so:
/// a warning on top when the answer rests on it, a badge beside it when it is a "zie ook", and
/// no banner for a "zie ook" alone.
#[test]
fn every_flagged_citation_says_so_where_it_stands() {
    let dir = support::home().join("tests/fixtures");
    let mut badges = 0;
    for file in ["dev.toml", "extra.toml", "chat-tune.toml"] {
        for q in &eval::load(&dir.join(file)).unwrap().questions {
            let a = support::engine()
                .ask(&q.ask, &support::on("2026-11-22"))
                .expect("answer");
            for c in &a.citations {
                let flagged = c.region != "almere"
                    || !matches!(
                        c.status,
                        normwijzer::model::StatusLabel::Geldig
                            | normwijzer::model::StatusLabel::Onbekend
                    );
                if !flagged {
                    continue;
                }
                let banner = a.warnings.iter().any(|w| w.contains(&c.title));
                let badge = a.body.contains(&format!("[{}] (⚠", c.rank));
                assert!(
                    banner || badge,
                    "{}: [{}] {}\n{}",
                    q.id,
                    c.rank,
                    c.doc,
                    a.text()
                );
                badges += usize::from(badge && !banner);
            }
        }
    }
    assert!(badges > 0, "some zie-ook citations carry only a badge");
}

#[test]
fn warnings_come_with_every_citation_of_such_a_source() {
    let a = support::engine()
        .ask(
            "Heeft de school zorgplicht totdat de leerling op het speciaal onderwijs geplaatst is?",
            &support::on("2026-11-22"),
        )
        .expect("answer");
    assert_eq!(a.citations[0].doc, "swv-amsterdam-diemen-po");
    assert!(a.warnings.iter().any(|w| w.contains("Amsterdam-Diemen")));
    assert!(
        a.text().starts_with("Let op"),
        "warnings go on top: {}",
        a.text()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn no_input_makes_the_engine_panic(q in "\\PC{0,300}") {
        check(&support::engine().ask(&q, &support::on("2026-11-22")).expect("answer"));
    }

    #[test]
    fn dutch_looking_noise_is_handled(words in proptest::collection::vec("[a-zëïé]{1,14}", 0..40)) {
        check(&support::engine().ask(&words.join(" "), &support::on("2026-11-22")).expect("answer"));
    }
}

/// A damaged index is never an answer that says the documents know nothing: the stored
/// passages (the `.store` file) are overwritten after the index was built. Opening notices
/// (checksums) and rebuilds, so the answer is the real one; were it not noticed, asking must
/// fail.
#[test]
fn a_damaged_passage_store_is_an_error_not_an_empty_answer() {
    use normwijzer::engine::{Engine, OpenOptions};
    let dir = tempfile::tempdir().unwrap();
    let open = || {
        Engine::open(&OpenOptions {
            home: Some(support::home()),
            in_memory: false,
            index_dir: Some(dir.path().to_path_buf()),
        })
    };
    drop(open().expect("builds the index"));
    let mut damaged = 0;
    for e in walk(dir.path()) {
        if e.extension().is_some_and(|x| x == "store") {
            let len = std::fs::metadata(&e).unwrap().len() as usize;
            std::fs::write(&e, vec![0x5a; len]).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0, "the index has a passage store");
    let expected = support::engine()
        .ask("wanneer moet een OPP?", &support::on("2026-11-22"))
        .expect("answer")
        .text();
    match open() {
        Err(_) => {}
        Ok(engine) => match engine.ask("wanneer moet een OPP?", &support::on("2026-11-22")) {
            Err(_) => {}
            Ok(a) => {
                assert!(
                    engine.built_index()
                        && engine.problems().iter().any(|p| p.contains("beschadigd")),
                    "damage went unnoticed: {:?}",
                    engine.problems()
                );
                assert_eq!(a.text(), expected, "answered from a damaged index");
            }
        },
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
