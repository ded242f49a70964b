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
    let out = nw(&support::home())
        .args(["wijzigingen", OLD, NEW])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Wijzigingen van themakaart-sel (2025-05) naar themakaart-sel (2026-05): 2 gewijzigd, 1 toegevoegd, 1 verwijderd"),
        "{text}"
    );
    assert!(
        text.contains("[-2025-2026-]{+2026-2027+} een {+tweede +}pilot"),
        "{text}"
    );
    assert!(text.contains("de aanpak {+is altijd +}maatwerk"), "{text}");
    assert!(text.contains("+ toegevoegd: "), "{text}");
    assert!(
        text.contains("Scholen bespreken de inzet van deze kaart elk jaar"),
        "{text}"
    );
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
    assert!(
        err.contains("document „bestaat-niet” bestaat niet"),
        "{err}"
    );
}

#[test]
fn a_passage_id_of_the_previous_version_still_resolves() {
    let project = support::project_copy();
    let home = project.path();
    // The version in corpus/ lost one passage; the old one is kept in archive/.
    std::fs::create_dir_all(home.join("archive")).unwrap();
    let card = home.join("corpus/themakaart-sel.txt");
    std::fs::copy(&card, home.join("archive/themakaart-sel-2025.txt")).unwrap();
    let text = std::fs::read_to_string(&card).unwrap();
    let removed = "Formeel valt dit thema niet onder ‘extra ondersteuning’ zoals gedefinieerd in de wet Passend Onderwijs.\n";
    assert!(text.contains(removed));
    std::fs::write(&card, text.replacen(removed, "", 1)).unwrap();
    let out = nw(home)
        .current_dir(home)
        .args([
            "wijzigingen",
            "archive/themakaart-sel-2025.txt",
            "themakaart-sel",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let moved: Vec<(String, String)> = serde_json::from_value(v["moved"].clone()).unwrap();
    // The passages after the removed one moved up one place: the old last id is gone.
    let news: Vec<&str> = moved.iter().map(|(_, n)| n.as_str()).collect();
    let (gone, successor) = moved
        .iter()
        .find(|(o, _)| !news.contains(&o.as_str()))
        .expect("an old id that no passage has now");
    let out = nw(home)
        .args(["--in-memory", "bron", gone])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.starts_with(
            "Deze passage komt uit de vorige versie (themakaart-sel, 2025-05); in de huidige versie staat:"
        ),
        "{shown}"
    );
    assert!(shown.contains(&format!("({successor})")), "{shown}");
    let out = nw(home)
        .args(["--in-memory", "bron", gone, "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["successor"]["id"], successor.as_str(), "{v}");
    // Without the archive it is an unknown passage, as before.
    std::fs::remove_dir_all(home.join("archive")).unwrap();
    let out = nw(home)
        .args(["--in-memory", "bron", gone])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn controleer_names_a_rule_whose_passage_changed_since_the_archived_version() {
    let project = support::project_copy();
    let home = project.path();
    std::fs::create_dir_all(home.join("archive")).unwrap();
    std::fs::copy(
        support::home().join(OLD),
        home.join("archive/themakaart-sel-2025.txt"),
    )
    .unwrap();
    std::fs::copy(
        support::home().join(NEW),
        home.join("corpus/themakaart-sel.txt"),
    )
    .unwrap();
    let out = nw(home).arg("controleer").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("Let op: config/opp.toml citeert themakaart-sel#anb-ondersteuningskaart-extra-aanvullende-7, en die passage is veranderd ten opzichte van de vorige versie"),
        "{text}"
    );
    assert!(text.contains("Alles in orde"), "{text}");
}
