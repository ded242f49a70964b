//! The channel renderers fed with values the library builds: an abstention composed by
//! `answer::compose`, document statuses from `checks::geldigheid`. The renderers' own unit tests
//! use hand-made values only, since a channel depends on `model` and `text` alone.

use crate::support;

use jiff::civil::Date;
use normwijzer::answer::compose;
use normwijzer::channel::{discord, teams};
use normwijzer::corpus::DocMeta;
use normwijzer::model::{Answer, DocStatus, Suggestion};
use support::discord_limits::violations;

fn assert_fits(reply: &discord::Reply) {
    let problems = violations(&reply.interaction_response_json());
    assert!(problems.is_empty(), "{problems:?}");
    let problems = violations(&reply.message_json());
    assert!(problems.is_empty(), "{problems:?}");
}

/// What the engine answers when the documents do not cover `question`, offering one section.
fn abstention(question: &str) -> Answer {
    compose::finish(
        compose::abstain(
            question,
            vec![Suggestion {
                doc: "anb".into(),
                title: "ANB".into(),
                section: "Zorgplicht".into(),
                passage: "anb#zorgplicht-1".into(),
            }],
        ),
        Vec::new(),
    )
}

#[test]
fn discord_offers_the_suggestions_of_an_abstention_as_buttons() {
    let mut a = abstention("iets geks");
    a.question = "iets geks".into();
    let r = discord::answer(&a);
    assert_fits(&r);
    assert_eq!(r.embeds[0].color, discord::COLOR_ABSTAIN);
    assert!(
        r.embeds[0]
            .description
            .starts_with("Ik vind hierover niets")
    );
    assert_eq!(r.buttons[0].custom_id, "nw:bron:anb#zorgplicht-1");
}

#[test]
fn teams_lists_the_suggestions_of_an_abstention() {
    let mut a = abstention("x");
    a.warnings.clear();
    let c = teams::card(&a);
    assert!(
        c["body"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Ik vind hierover niets")
    );
    assert_eq!(c["body"][2]["text"], "ANB › Zorgplicht (anb#zorgplicht-1)");
}

#[test]
fn forty_documents_fit_in_discord_and_other_regions_are_marked() {
    let docs: Vec<DocMeta> = (0..40)
        .map(|i| DocMeta {
            id: format!("doc-{i}"),
            title: "T".repeat(300),
            issuer: "x".into(),
            region: if i % 2 == 0 {
                "almere".into()
            } else {
                "elders".into()
            },
            sectors: Vec::new(),
            kind: "x".into(),
            published: None,
            valid_until: None,
            superseded_by: None,
            notes: None,
            source_file: None,
            source_sha256: None,
        })
        .collect();
    let today: Date = "2026-03-02".parse().unwrap();
    let statuses: Vec<DocStatus> = docs
        .iter()
        .map(|d| {
            let mut s = normwijzer::checks::geldigheid::status(d, today, "almere");
            s.passages = vec![format!("{}#colofon-1", d.id)];
            s
        })
        .collect();
    let r = discord::documents(&statuses, today);
    assert_fits(&r);
    let other = &r.embeds[0].fields[1].value;
    assert!(
        other.contains("`onbekend` ⚠ geldigheid onbekend")
            && other.contains("ander samenwerkingsverband (Elders)"),
        "{other}"
    );
    assert!(other.contains("Staat in: `doc-1#colofon-1`"), "{other}");
    assert!(!r.embeds[0].fields[0].value.contains('⚠'));
}
