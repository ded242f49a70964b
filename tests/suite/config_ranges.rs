//! Settings outside their range and missing rule files stop start-up with one Dutch sentence
//! naming the file, the key and the value; a check turned off in `[checks]` needs no file.

use crate::support::{edit_config as edit, open_at as open, project_copy as home};

#[test]
fn out_of_range_settings_name_key_value_and_range() {
    for (from, to, key) in [
        (
            "min_coverage = 0.22",
            "min_coverage = 2.0",
            "answer.min_coverage = 2 ligt buiten",
        ),
        (
            "min_coverage = 0.22",
            "min_coverage = nan",
            "answer.min_coverage heeft geen bruikbare waarde",
        ),
        (
            "max_citations = 3",
            "max_citations = 0",
            "answer.max_citations = 0 ligt buiten",
        ),
        (
            "max_citations = 3",
            "max_citations = -1",
            "max_citations: ongeldige waarde: verwacht een geheel getal van 0 of meer, gevonden het getal -1",
        ),
    ] {
        let home = home();
        edit(home.path(), "normwijzer.toml", from, to);
        let e = open(home.path())
            .err()
            .unwrap_or_else(|| panic!("{to} accepted"));
        assert!(e.contains("normwijzer.toml, regel "), "{e}");
        assert!(e.contains(key), "{to}: {e}");
    }
}

#[test]
fn a_missing_rule_file_is_an_error_unless_its_check_is_off() {
    let home = home();
    std::fs::remove_file(home.path().join("config/opp.toml")).unwrap();
    let e = open(home.path())
        .err()
        .expect("a missing opp.toml is refused");
    assert!(e.contains("opp.toml") && e.contains("ontbreekt"), "{e}");
    assert!(e.contains("opp = false onder [checks]"), "{e}");
    edit(home.path(), "normwijzer.toml", "opp = true", "opp = false");
    let engine = open(home.path()).expect("opens with the OPP check off");
    assert!(engine.problems().is_empty(), "{:?}", engine.problems());
}

#[test]
fn a_corpus_that_is_a_file_is_called_a_file() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("corpus"), "geen map").unwrap();
    let e = open(home.path()).err().expect("refused");
    assert!(e.contains("is geen map maar een bestand"), "{e}");
    assert!(!e.contains("bestaat niet"), "{e}");
}
