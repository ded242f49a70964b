//! Invariants of the passages of the bundled corpus: every character traceable to the source,
//! ids unique and stable, passages readable, extraction noise gone.

use std::collections::HashSet;
use std::path::Path;

use normwijzer::corpus::passage::{self, MAX_PASSAGE_CHARS, Passage};
use normwijzer::corpus::{self, Document};

fn corpus() -> Vec<Document> {
    let (c, errors) = corpus::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.docs.len(), 5);
    c.docs
}

#[test]
fn every_piece_of_every_passage_is_verbatim_source() {
    for d in corpus() {
        for p in passage::split(&d) {
            let mut pos = 0;
            for f in &p.clean.fragments {
                let piece = &p.text()[f.at..f.at + f.source.len()];
                assert_eq!(piece, &d.text[f.source.clone()], "{}", p.id);
                let gap = &p.text()[pos..f.at];
                assert!(matches!(gap, "" | " " | "\n"), "{}: gap {gap:?}", p.id);
                pos = f.at + f.source.len();
            }
            assert_eq!(pos, p.text().len(), "{}: text beyond its fragments", p.id);
        }
    }
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for d in corpus() {
        for p in passage::split(&d) {
            assert!(p.id.starts_with(&format!("{}#", d.meta.id)), "{}", p.id);
            assert!(
                p.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "#-".contains(c)),
                "{}",
                p.id
            );
            assert!(seen.insert(p.id.clone()), "duplicate id {}", p.id);
        }
    }
    assert!(seen.len() > 150, "only {} passages", seen.len());
}

#[test]
fn passages_stay_readable() {
    for d in corpus() {
        for p in passage::split(&d) {
            let body = &p.text()[p.lead..];
            assert!(
                body.chars().count() <= MAX_PASSAGE_CHARS + 50,
                "{} has {} characters",
                p.id,
                body.chars().count()
            );
            assert!(!body.trim().is_empty(), "{} is empty", p.id);
        }
    }
}

#[test]
fn extraction_noise_is_gone() {
    for d in corpus() {
        for p in passage::split(&d) {
            let t = p.text();
            assert!(!t.contains("**"), "{}: markdown bold left", p.id);
            assert!(!t.contains("](#)"), "{}: markdown link left", p.id);
            for line in t.lines() {
                for bullet in ["¢ ", "e ", "o ", "- "] {
                    let rest = line.strip_prefix(bullet);
                    let ocr = rest.is_some_and(|r| r.starts_with(char::is_uppercase));
                    assert!(
                        !ocr || bullet == "o ",
                        "{}: bullet {bullet:?} left in {line:?}",
                        p.id
                    );
                }
                assert!(
                    !line.trim().chars().all(|c| c.is_ascii_digit()),
                    "{}: page number {line:?}",
                    p.id
                );
            }
        }
    }
}

fn ids(d: &Document) -> Vec<(String, String)> {
    passage::split(d)
        .into_iter()
        .map(|p: Passage| (p.id.clone(), p.text().to_string()))
        .collect()
}

#[test]
fn ids_survive_edits_elsewhere_in_the_document() {
    let anb = corpus()
        .into_iter()
        .find(|d| d.meta.id == "anb")
        .expect("anb");
    let before = ids(&anb);
    // Rewrite a paragraph in the Voorwoord: only passages of that section may change.
    let mut edited = anb.clone();
    edited.text = edited.text.replace(
        "Almere staat voor forse uitdagingen.",
        "Almere staat voor forse en nieuwe uitdagingen. Dit is een extra zin.",
    );
    assert_ne!(edited.text, anb.text);
    let after = ids(&edited);
    for (id, text) in &before {
        if id.starts_with("anb#voorwoord") {
            continue;
        }
        let found = after.iter().find(|(a, _)| a == id);
        assert_eq!(
            found.map(|(_, t)| t),
            Some(text),
            "{id} changed after an edit in the Voorwoord"
        );
    }
}

#[test]
fn structure_is_recognised() {
    let docs = corpus();
    let all: Vec<Passage> = docs.iter().flat_map(passage::split).collect();
    let find = |id: &str| {
        all.iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("no passage {id}"))
    };
    let zorgplicht = find("anb#zorgplicht-1");
    assert!(
        zorgplicht
            .text()
            .contains("binnen zes weken, met een uitloop tot maximaal tien weken")
    );
    assert_eq!(
        zorgplicht.breadcrumb.last().map(String::as_str),
        Some("Zorgplicht")
    );
    let zat = find("anb#zorgadviesteam-zat-1");
    let g = zat.glossary.as_ref().expect("glossary entry");
    assert_eq!(g.abbreviation.as_deref(), Some("ZAT"));
    // A list keeps its lead-in line.
    assert!(all.iter().any(|p| {
        p.text()
            .contains("De school beschrijft:\nwelke basisondersteuning")
    }));
    // The SEL cards are named by their footers.
    assert!(all.iter().any(|p| p.doc == "themakaart-sel"
        && p.breadcrumb.first().map(String::as_str)
            == Some("ANB ondersteuningskaart extra aanvullende ondersteuning")));
    // Numbered headings of the plan and the OCR'd steps.
    assert!(all.iter().any(|p| {
        p.breadcrumb
            .iter()
            .any(|c| c == "3.2 Handelingsgericht werken")
    }));
    assert!(
        all.iter()
            .any(|p| p.breadcrumb.iter().any(|c| c == "stap 1 - Intake"))
    );
    assert!(
        all.iter()
            .any(|p| p.breadcrumb.iter().any(|c| c.starts_with("Trede 1")))
    );
}

#[test]
fn numbered_series_follow_the_source_headings() {
    let docs = corpus();
    let hgw = docs
        .iter()
        .find(|d| d.meta.id == "hgw-ontwikkelprogramma")
        .expect("hgw");
    // The oracle: the step headings as printed, read straight from the source lines.
    let steps: Vec<&str> = hgw
        .text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("stap ") && l.as_bytes().get(5).is_some_and(u8::is_ascii_digit))
        .filter(|l| l.contains(" - "))
        .collect();
    assert_eq!(steps.len(), 7, "{steps:?}");
    let passages = passage::split(hgw);
    let (outlines, member) = passage::outlines(&passages);
    let k = outlines
        .iter()
        .position(|o| o.keyword == "stap")
        .expect("a stap series");
    let headings: Vec<&str> = outlines[k]
        .items
        .iter()
        .map(|i| i.heading.as_str())
        .collect();
    assert_eq!(headings, steps);
    for item in &outlines[k].items {
        let p = passages
            .iter()
            .find(|p| p.id == item.passage)
            .expect("item passage");
        assert!(p.breadcrumb.contains(&item.heading), "{}", p.id);
    }
    for (p, m) in passages.iter().zip(&member) {
        let in_step = p.breadcrumb.iter().any(|c| steps.contains(&c.as_str()));
        assert_eq!(*m == Some(k), in_step, "{}", p.id);
    }
    // A series needs two steps: every outline has at least two.
    assert!(outlines.iter().all(|o| o.items.len() >= 2));
}
