//! `config/zoekwoorden.toml`: the everyday words staff ask for a passage by.

use crate::support::{self, edit_config as edit, open_at as open};

#[test]
fn a_search_word_finds_its_passage_and_is_never_quoted() {
    let question = "wat zegt de anb over de wachtkamerregel?";
    let dir = support::project_copy();
    let before = open(dir.path()).expect("opens");
    let a = before.ask(question, &support::on("2026-11-22")).unwrap();
    assert!(
        a.citations.iter().all(|c| c.passage != "anb#voorwoord-7"),
        "{:?}",
        a.citations
    );
    drop(before);
    support::append_config(
        dir.path(),
        "zoekwoorden.toml",
        "\n[\"anb#voorwoord-7\"]\nwoorden = [\"wachtkamerregel\"]\n",
    );
    let engine = open(dir.path()).expect("opens");
    let a = engine.ask(question, &support::on("2026-11-22")).unwrap();
    let lead = a.citations.first().expect("a citation");
    assert_eq!(lead.passage, "anb#voorwoord-7");
    assert!(!lead.text.contains("wachtkamer"), "{}", lead.text);
    assert!(lead.text.contains(&lead.quote));
}

#[test]
fn search_words_for_a_passage_that_is_gone_are_named_at_start_up() {
    let dir = support::project_copy();
    let text = std::fs::read_to_string(dir.path().join("config/zoekwoorden.toml")).unwrap();
    let key = text
        .lines()
        .find(|l| l.starts_with("[\""))
        .expect("a passage table")
        .to_string();
    edit(
        dir.path(),
        "zoekwoorden.toml",
        &key,
        "[\"anb#bestaat-niet-1\"]",
    );
    // An edited document must not take the service down: the engine opens and says so.
    let engine = open(dir.path()).expect("opens");
    let said = engine.problems().join("\n");
    assert!(
        said.contains(
            "zoekwoorden.toml: passage „anb#bestaat-niet-1” bestaat niet (meer) in het corpus"
        ),
        "{said}"
    );
}

#[test]
fn a_broken_search_words_file_is_named_with_its_line() {
    let dir = support::project_copy();
    support::append_config(
        dir.path(),
        "zoekwoorden.toml",
        "\n[\"anb#voorwoord-7\"]\nwoorden = \"los woord\"\n",
    );
    let e = open(dir.path()).err().expect("refused");
    assert!(e.contains("zoekwoorden.toml, regel"), "{e}");
}
