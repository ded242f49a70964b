//! `normwijzer wijzigingen` on a fixture pair (an old and an edited version of the SEL
//! themakaart: two sentences edited, one passage added, one removed), and `bron` with a
//! passage id of the old version kept in `archive/`.

use crate::support;

use assert_cmd::Command;
use serde_json::Value;

const OLD: &str = "tests/fixtures/wijzigingen/themakaart-sel-2025.txt";
const NEW: &str = "tests/fixtures/wijzigingen/themakaart-sel-2026.txt";

fn nw(home: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("normwijzer").expect("binary is built");
    c.current_dir(support::home())
        .env("NORMWIJZER_HOME", home)
        .env_remove("NO_COLOR")
        .env("NORMWIJZER_LOG", "off");
    c
}

#[test]
fn the_edits_added_and_removed_passages_are_listed_with_a_word_diff() {
    let out = nw(&support::home()).args(["wijzigingen", OLD, NEW]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Wijzigingen van themakaart-sel (2025-05) naar themakaart-sel (2026-05): 2 gewijzigd, 1 toegevoegd, 1 verwijderd"),
        "{text}"
    );
    assert!(text.contains("[-2025-2026-]{+2026-2027+} {+tweede +}pilot"), "{text}");
    assert!(text.contains("de aanpak {+is altijd +}maatwerk"), "{text}");
    assert!(text.contains("+ toegevoegd: "), "{text}");
    assert!(text.contains("Scholen bespreken de inzet van deze kaart elk jaar"), "{text}");
    assert!(text.contains("- verwijderd: "), "{text}");
    assert!(text.contains("Formeel valt dit thema niet onder"), "{text}");
    assert!(!text.contains('\x1b'), "no colour without a terminal");

    let out = nw(&support::home())
        .args(["wijzigingen", OLD, NEW, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "changed").count(), 2, "{v}");
    assert_eq!(kinds.iter().filter(|k| **k == "added").count(), 1, "{v}");
    assert_eq!(kinds.iter().filter(|k| **k == "removed").count(), 1, "{v}");
    // A document id in corpus/ works as one side: the bundled card is the 2025 version.
    let out = nw(&support::home())
        .args(["wijzigingen", "themakaart-sel", OLD])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Geen passage is veranderd."), "{text}");
}

#[test]
fn an_unknown_version_is_a_dutch_error() {
    let out = nw(&support::home())
        .args(["wijzigingen", "bestaat-niet", NEW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("document „bestaat-niet” bestaat niet"), "{err}");
}

#[test]
fn a_passage_id_of_the_previous_version_still_resolves() {
    let project = support::project_copy();
    let home = project.path();
    std::fs::create_dir_all(home.join("archive")).unwrap();
    std::fs::copy(support::home().join(OLD), home.join("archive/themakaart-sel-2025.txt")).unwrap();
    std::fs::copy(support::home().join(NEW), home.join("corpus/themakaart-sel.txt")).unwrap();
    // The id of the old pilot sentence: in the new version the passage holding it changed.
    let old_passages = nw(home)
        .args(["--in-memory", "passages", "themakaart-sel"])
        .output()
        .unwrap();
    assert!(old_passages.status.success());
    let listing = String::from_utf8(old_passages.stdout).unwrap();
    // The removed passage had an id in the old version that no current passage has.
    let out = nw(home)
        .args(["--in-memory", "wijzigingen", "archive/themakaart-sel-2025.txt", "themakaart-sel", "--json"])
        .current_dir(home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let gone = changes
        .iter()
        .find(|c| c["kind"] == "removed")
        .and_then(|c| c["old"]["id"].as_str())
        .unwrap()
        .to_string();
    let changed = changes
        .iter()
        .filter(|c| c["kind"] == "changed")
        .find(|c| c["old"]["id"] != c["new"]["id"] || !listing.contains(c["old"]["id"].as_str().unwrap()))
        .or_else(|| changes.iter().find(|c| c["kind"] == "changed"))
        .unwrap();
    let moved_or_changed: Vec<String> = v["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[0].as_str().unwrap().to_string())
        .filter(|id| !listing.contains(&format!("{id} ")) && !listing.contains(&format!("{id}\n")))
        .collect();
    let _ = changed;
    // An old id that is no longer in the corpus: shown from the archive with its successor.
    if let Some(old_id) = moved_or_changed.first() {
        let out = nw(home).args(["--in-memory", "bron", old_id]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("Deze passage komt uit de vorige versie (themakaart-sel, 2025-05); in de huidige versie staat:"),
            "{text}"
        );
    }
    let out = nw(home).args(["--in-memory", "bron", &gone]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    if !listing.contains(&gone) {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            text.contains("in de huidige versie is ze vervallen")
                || text.contains("in de huidige versie staat:"),
            "{text}"
        );
        assert!(text.contains("Formeel valt dit thema niet onder"), "{text}");
    }
}
