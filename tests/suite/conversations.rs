//! Follow-up questions: a short question without a subject of its own ("en bij niveau 3?")
//! is read with the earlier question of its conversation, and says so; one with its own
//! subject stands alone. The engine is stateless: these tests pass the earlier question in.

use crate::support;
use normwijzer::engine::AskOptions;
use normwijzer::model::Answer;

fn ask_after(previous: &str, question: &str) -> Answer {
    let opts = AskOptions {
        previous: vec![previous.to_string()],
        ..support::on("2026-03-02")
    };
    support::engine().ask(question, &opts).expect("answer")
}

#[test]
fn follow_ups_without_a_subject_continue_the_earlier_question() {
    for (previous, question) in [
        ("wanneer moet een OPP?", "en bij niveau 3?"),
        ("wanneer moet een OPP?", "en voor vo?"),
        ("wanneer moet een OPP?", "geldt dat ook voor sbo?"),
        ("wat is een arrangement?", "en wie betaalt dat?"),
        (
            "hoe lang heeft de school na een aanmelding?",
            "en als dat op 3 maart was?",
        ),
    ] {
        let a = ask_after(previous, question);
        assert_eq!(a.continued.as_deref(), Some(previous), "{question}");
        assert_eq!(a.question, question);
        assert!(
            a.body
                .starts_with(&format!("Vervolg op je vorige vraag „{previous}”:")),
            "{question}: {}",
            a.body
        );
        support::answers::assert_cited(&a);
    }
}

#[test]
fn a_follow_up_is_answered_as_both_questions_together() {
    let a = ask_after("wanneer moet een OPP?", "en bij niveau 3?");
    let together = support::engine()
        .ask(
            "wanneer moet een OPP? en bij niveau 3?",
            &support::on("2026-03-02"),
        )
        .expect("answer");
    let ids = |a: &Answer| {
        a.citations
            .iter()
            .map(|c| c.passage.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&together));
    assert!(
        a.citations[0].section.contains("Niveau 3"),
        "{:?}",
        a.citations[0].section
    );
    // The term is computed from the date in the follow-up, with the earlier subject.
    let t = ask_after(
        "hoe lang heeft de school na een aanmelding?",
        "en als dat op 3 maart was?",
    );
    assert!(t.body.contains("14 april 2026"), "{}", t.body);
}

#[test]
fn questions_with_their_own_subject_stand_alone() {
    for (previous, question) in [
        ("wanneer moet een OPP?", "wat is een ZAT?"),
        ("wanneer moet een OPP?", "en hoe zit het met een TLV?"),
        ("wanneer moet een OPP?", "en wat is een arrangement?"),
        (
            "wanneer moet een OPP?",
            "hoe lang heeft de school na een aanmelding?",
        ),
        ("wanneer moet een OPP?", "bedankt!"),
        ("", "en bij niveau 3?"),
    ] {
        let a = ask_after(previous, question);
        assert_eq!(a.continued, None, "{question}");
        assert!(!a.body.starts_with("Vervolg op"), "{question}: {}", a.body);
    }
    let alone = support::engine()
        .ask("en bij niveau 3?", &support::on("2026-03-02"))
        .expect("answer");
    assert_eq!(alone.continued, None);
}

#[test]
fn ask_json_names_the_question_continued_only_when_there_is_one() {
    let a = ask_after("wanneer moet een OPP?", "en bij niveau 3?");
    let v = serde_json::to_value(&a).expect("json");
    assert_eq!(v["continued"], "wanneer moet een OPP?");
    let alone =
        serde_json::to_value(ask_after("wanneer moet een OPP?", "wat is een ZAT?")).expect("json");
    assert!(alone.get("continued").is_none());
}

/// `normwijzer chat` is one conversation: a follow-up continues the subject, also after a
/// second follow-up, and small talk in between does not break it.
#[test]
fn chat_continues_the_subject_of_the_conversation() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("normwijzer")
        .args(["--in-memory", "--home"])
        .arg(support::home())
        .args(["chat", "--today", "2026-03-02"])
        .write_stdin(
            "wanneer moet een OPP?\nen bij niveau 3?\nbedankt!\nen voor vo?\nwat is een ZAT?\n",
        )
        .output()
        .expect("chat runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("Vervolg op je vorige vraag „wanneer moet een OPP?”")
            .count(),
        2,
        "{text}"
    );
    assert!(text.contains("Zorgadviesteam"), "{text}");
}
