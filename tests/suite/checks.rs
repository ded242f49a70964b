//! Document validity and the OPP decision end to end, `normwijzer bronnen`, and start-up
//! verification of the check config against the corpus.

use crate::support;

use assert_cmd::cargo::cargo_bin_cmd;

use normwijzer::model::DocStatus;
use normwijzer::model::{Answer, Check};
use normwijzer::model::{Decision, Verdict};
use proptest::prelude::*;
use serde_json::Value;

fn ask(q: &str, day: &str) -> Answer {
    support::engine().ask(q, &support::on(day)).expect("answer")
}

fn validity(a: &Answer) -> Vec<&DocStatus> {
    a.checks
        .iter()
        .filter_map(|c| match c {
            Check::Geldigheid(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn opp(a: &Answer) -> &Decision {
    a.checks
        .iter()
        .find_map(|c| match c {
            Check::Opp(d) => Some(d),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no OPP check: {}", a.text()))
}

/// Asserts that the reply (warnings and body) says `part`.
fn assert_says(a: &Answer, part: &str) {
    assert!(a.text().contains(part), "{part:?} not in:\n{}", a.text());
}

/// Asserts that `text` (a reply or its body) begins with `start`.
fn assert_begins(text: &str, start: &str) {
    assert!(text.starts_with(start), "{start:?} does not begin:\n{text}");
}

#[test]
fn is_the_sel_card_still_valid() {
    let a = ask("Is de themakaart SEL nog geldig?", "2026-11-22");
    let s = validity(&a);
    assert_eq!(s.len(), 1, "{:?}", a.checks);
    assert_eq!(s[0].doc, "themakaart-sel");
    assert_eq!(s[0].status, "verlopen");
    assert_eq!(
        s[0].expired_since.map(|d| d.to_string()).as_deref(),
        Some("2026-08-01")
    );
    assert_begins(&a.body, "Geldigheid op 22 november 2026:");
    assert_says(&a, "verlopen sinds 1 augustus 2026");
    let line = a
        .citations
        .iter()
        .find(|c| c.quote.contains("geldig t/m juli 2026"))
        .expect("the validity line is cited");
    assert!(line.passage.starts_with("themakaart-sel#"));
    assert_eq!(line.rank, 1, "the line the reply rests on is cited first");
    assert_says(&a, &format!("„{}” [{}]", line.quote, line.rank));
    support::answers::assert_cited(&a);

    let a = ask("Is de themakaart SEL nog geldig?", "2026-03-01");
    assert_eq!(validity(&a)[0].status, "geldig");
    assert_says(&a, "geldig t/m 31 juli 2026");
}

/// The same question in chat words: "hoe lang geldt … nog?", "wanneer verloopt …?". "Geldt"
/// without a question for a time asks what a document applies to, not its validity.
#[test]
fn how_long_a_card_holds_is_its_validity() {
    for q in [
        "hoe lang geldt de themakaart sel nog?",
        "tot wanneer gelden de themakaarten?",
        "wanneer verloopt de themakaart sel?",
    ] {
        let a = ask(q, "2026-11-22");
        let s = validity(&a);
        assert!(
            s.iter()
                .any(|x| x.doc == "themakaart-sel" && x.status == "verlopen"),
            "{q}: {:?}",
            a.checks
        );
    }
    let a = ask("geldt de themakaart sel ook voor het vo?", "2026-11-22");
    assert!(validity(&a).is_empty(), "{:?}", a.checks);
}

#[test]
fn which_documents_have_expired() {
    let a = ask("Welke documenten zijn verlopen?", "2026-11-22");
    let s = validity(&a);
    assert_eq!(s.len(), support::engine().documents().len());
    let by_doc = |id: &str| s.iter().find(|x| x.doc == id).unwrap();
    assert_eq!(by_doc("themakaart-sel").status, "verlopen");
    assert_eq!(by_doc("ondersteuningsplan-po-h3").status, "vervangen");
    assert!(by_doc("swv-amsterdam-diemen-po").other_region);
    assert_eq!(by_doc("anb").status, "geldig");
    support::answers::assert_cited(&a);
}

#[test]
fn ordinary_questions_get_no_checks() {
    for q in [
        "wat is een OPP?",
        "Wat is een ZAT?",
        "Wanneer moet ik een leerling aanmelden bij het steunpunt?",
        "Welke leerkracht wordt vervangen?",
        "Wat moet er in een OPP staan?",
        "Wie stelt het OPP op?",
        // A question for a length, a frequency or a number asks no decision.
        "hoe lang moet je een opp bewaren?",
        "hoe vaak moeten we het opp met ouders bespreken?",
        "hoeveel opp's maken jullie per jaar?",
    ] {
        let a = ask(q, "2026-11-22");
        assert!(a.checks.is_empty(), "{q}: {:?}", a.checks);
    }
}

#[test]
fn opp_at_level_3_is_a_choice() {
    let a = ask("moet ik een OPP opstellen bij niveau 3?", "2026-11-22");
    let d = opp(&a);
    assert_eq!(d.decision, Some(Verdict::Kan));
    let primary: Vec<&str> = d
        .branches
        .iter()
        .filter(|b| b.primary)
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(primary, ["niveau-3"]);
    assert!(
        d.branches[0]
            .passages
            .contains(&"anb#niveau-3-aanvullende-ondersteuning-voor-1".to_string())
    );
    // The SEL card is shown as "zie ook", with its expiry.
    let sel = d
        .branches
        .iter()
        .find(|b| b.id == "themakaart-sel")
        .unwrap();
    assert!(!sel.primary);
    assert_eq!(sel.status, "verlopen");
    assert_begins(&a.body, "OPP: niet verplicht; de school kan ervoor kiezen");
    assert_says(&a, "„Voor deze leerlingen stelt de school een OPP op.”");
    assert_says(&a, "verlopen sinds 1 augustus 2026");
    support::answers::assert_cited(&a);
}

#[test]
fn opp_at_level_4_and_below_expected_outflow_is_required() {
    let a = ask("Is een OPP verplicht bij niveau 4?", "2026-03-01");
    assert_eq!(opp(&a).decision, Some(Verdict::Verplicht));
    assert_says(
        &a,
        "De school is wettelijk verplicht om de interventies en vorderingen vast te leggen in een OPP.",
    );
    let a = ask(
        "Moet er een OPP komen als een leerling het verwachte uitstroomniveau niet haalt?",
        "2026-03-01",
    );
    assert_eq!(opp(&a).decision, Some(Verdict::Verplicht));
    assert_eq!(opp(&a).branches[0].id, "uitstroomniveau");
    support::answers::assert_cited(&a);
}

#[test]
fn opp_in_basisondersteuning_is_not_named_as_required() {
    let a = ask(
        "Moet ik een OPP maken bij basisondersteuning?",
        "2026-03-01",
    );
    let d = opp(&a);
    assert_eq!(d.decision, Some(Verdict::NietGenoemd));
    assert_says(
        &a,
        "de documenten noemen een OPP hier niet als verplichting",
    );
    support::answers::assert_cited(&a);
}

#[test]
fn opp_for_sel_shows_both_documents() {
    let q = "Stelt de school een OPP op bij extra aanvullende ondersteuning op sociaal-emotioneel gebied?";
    // While the pilot card is valid, the ANB ("kan") and the card ("stelt op") differ.
    let a = ask(q, "2026-03-01");
    assert_eq!(opp(&a).decision, None);
    assert_begins(&a.text(), "OPP: de documenten zeggen hier niet hetzelfde.");
    assert_says(&a, "geldig t/m 31 juli 2026");
    // The engine's own best passage stays first.
    assert!(
        a.citations[0].passage.starts_with("themakaart-sel#"),
        "{:?}",
        a.citations[0].passage
    );
    support::answers::assert_cited(&a);
    // After it expired, the ANB decides.
    let a = ask(q, "2026-11-22");
    assert_eq!(opp(&a).decision, Some(Verdict::Kan));
}

#[test]
fn when_is_an_opp_needed_lists_every_branch() {
    let a = ask("wanneer moet een OPP?", "2026-11-22");
    let d = opp(&a);
    assert_eq!(d.decision, None);
    let ids: Vec<&str> = d.branches.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "niveau-4",
            "uitstroomniveau",
            "niveau-3",
            "themakaart-sel",
            "basisondersteuning"
        ]
    );
    let json: Value = serde_json::to_value(&a).unwrap();
    let check = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "opp")
        .unwrap();
    assert_eq!(check["branches"][0]["decision"], "verplicht");
    assert_eq!(check["branches"][4]["decision"], "niet-genoemd");
    support::answers::assert_cited(&a);
}

#[test]
fn bronnen_lists_every_document_with_its_status() {
    let out = cargo_bin_cmd!("normwijzer")
        .args(["--in-memory", "--home"])
        .arg(support::home())
        .args(["bronnen", "--json", "--today", "2026-11-22"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 5);
    let sel = all.iter().find(|d| d["doc"] == "themakaart-sel").unwrap();
    assert_eq!(sel["status"], "verlopen");
    assert_eq!(sel["expired_since"], "2026-08-01");
    assert_eq!(
        sel["summary"],
        "verlopen sinds 1 augustus 2026 (geldig t/m 31 juli 2026)"
    );
    let plan = all
        .iter()
        .find(|d| d["doc"] == "ondersteuningsplan-po-h3")
        .unwrap();
    assert_eq!(
        plan["summary"],
        "vervangen door Ondersteuningsplan 2023-2027"
    );

    let out = cargo_bin_cmd!("normwijzer")
        .args(["--in-memory", "--home"])
        .arg(support::home())
        .args(["bronnen", "--today", "2026-03-01"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Documenten op zondag 1 maart 2026:"),
        "{text}"
    );
    assert!(text.contains("geldig t/m 31 juli 2026"), "{text}");
    assert!(
        text.contains("ander samenwerkingsverband (Amsterdam-Diemen)"),
        "{text}"
    );
}

use support::{edit_config as edit, open_at as open};

#[test]
fn a_rule_whose_passage_does_not_state_it_stops_start_up() {
    let dir = support::project_copy();
    edit(
        dir.path(),
        "termijnen.toml",
        "passage = \"anb#zorgplicht-1\"",
        "passage = \"anb#zorgplicht-3\"",
    );
    let e = open(dir.path()).err().expect("refused");
    assert!(e.contains("termijnen.toml, regel"), "{e}");
    assert!(e.contains("termijn „zorgplicht”: passage „anb#zorgplicht-3” bevat de tekst „binnen zes weken, met een uitloop tot maximaal tien weken” niet; de tekst staat wel in anb#zorgplicht-1"), "{e}");

    let dir = support::project_copy();
    edit(dir.path(), "termijnen.toml", "weken = 6", "weken = 4");
    let e = open(dir.path()).err().expect("refused");
    assert!(e.contains("noemt de termijn van 4 weken niet"), "{e}");

    let dir = support::project_copy();
    edit(
        dir.path(),
        "opp.toml",
        "anb#niveau-3-aanvullende-ondersteuning-voor-1",
        "anb#niveau-3-bestaat-niet-1",
    );
    let e = open(dir.path()).err().expect("refused");
    assert!(
        e.contains("OPP-tak „niveau-3”: passage „anb#niveau-3-bestaat-niet-1” bestaat niet"),
        "{e}"
    );

    let dir = support::project_copy();
    edit(
        dir.path(),
        "kalender.toml",
        "datum = \"2017-04-28\"",
        "datum = \"2017-02-30\"",
    );
    let e = open(dir.path()).err().expect("refused");
    assert!(
        e.contains("kalender.toml, regel") && e.contains("2017-02-30"),
        "{e}"
    );
}

#[test]
fn a_consulent_can_add_a_rule_and_a_school_holiday_in_config() {
    let dir = support::project_copy();
    support::append_config(
        dir.path(),
        "termijnen.toml",
        "\n[[regel]]\nid = \"proef\"\nnaam = \"Proefregel\"\nstart = \"aanmelding\"\nweken = 6\nwettelijk = false\nherken = [\"proefregel\"]\nbron = [{ passage = \"anb#zorgplicht-2\", tekst = \"termijn van zes weken\" }]\n",
    );
    support::append_config(
        dir.path(),
        "kalender.toml",
        "\n[[vakantie]]\nnaam = \"meivakantie\"\nregio = \"test\"\nvan = \"2026-04-25\"\ntot = \"2026-05-03\"\n",
    );
    let engine = open(dir.path()).expect("opens");
    let today = "2026-02-20".parse().unwrap();
    // Not statutory: 4 April 2026 (a Saturday) stays, with a warning.
    let c = engine
        .checks()
        .termijn("proef", "2026-02-21", today)
        .unwrap();
    assert_eq!(c.deadline.to_string(), "2026-04-04");
    assert!(c.shifts.is_empty());
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("geen wettelijke termijn")),
        "{:?}",
        c.warnings
    );
    // The zorgplicht extension ends on 1 May 2026, inside the configured holiday.
    let c = engine
        .checks()
        .termijn("zorgplicht", "2026-02-20", today)
        .unwrap();
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("valt in de meivakantie (regio test")),
        "{:?}",
        c.warnings
    );
}

/// Asserts that the answer's JSON (the contract of `ask --json` and the HTTP API) parses back
/// and that its fields hold the answer's values, under the names the contract gives them.
fn assert_json_contract(a: &Answer) {
    let json = serde_json::to_string(a).expect("an answer serializes");
    let v: Value = serde_json::from_str(&json).expect("the JSON parses back");
    assert_eq!(v["question"], a.question.as_str());
    assert_eq!(v["abstained"], a.abstained);
    assert_eq!(v["answer"], a.text());
    assert_eq!(v["warnings"], serde_json::json!(a.warnings));
    let citations = v["citations"].as_array().expect("citations");
    assert_eq!(citations.len(), a.citations.len());
    for (j, c) in citations.iter().zip(&a.citations) {
        assert_eq!(j["rank"], c.rank);
        for (key, want) in [
            ("doc", &c.doc),
            ("title", &c.title),
            ("section", &c.section),
            ("passage", &c.passage),
            ("text", &c.text),
            ("quote", &c.quote),
            ("region", &c.region),
        ] {
            assert_eq!(j[key], want.as_str(), "citation {key}");
        }
        assert_eq!(j["status"], c.status.as_str());
        assert_eq!(j["source_range"]["start"], c.source_range.start);
        assert_eq!(j["source_range"]["end"], c.source_range.end);
        assert_eq!(j["score"].as_f64().map(|x| x as f32), Some(c.score));
    }
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), a.checks.len());
    for (j, c) in checks.iter().zip(&a.checks) {
        let kind = match c {
            Check::Termijn { deadline, .. } => {
                assert_eq!(j["deadline"], deadline.to_string());
                "termijn"
            }
            Check::Geldigheid(s) => {
                assert_eq!(j["doc"], s.doc.as_str());
                "geldigheid"
            }
            Check::Opp(d) => {
                assert_eq!(
                    j["branches"].as_array().map(Vec::len),
                    Some(d.branches.len())
                );
                "opp"
            }
            Check::Datum { code, .. } => {
                assert_eq!(j["code"], code.as_str());
                "datum"
            }
        };
        assert_eq!(j["kind"], kind);
    }
    let suggestions = v["suggestions"].as_array().expect("suggestions");
    assert_eq!(suggestions.len(), a.suggestions.len());
    for (j, s) in suggestions.iter().zip(&a.suggestions) {
        assert_eq!(j["passage"], s.passage.as_str());
    }
}

/// Pieces of questions that trigger the checks, and input that tries to break them.
const PIECES: &[&str] = &[
    "aangemeld",
    "schriftelijk",
    "tussentijds",
    "op",
    "2 maart 2026",
    "31 februari 2026",
    "32-13-2026",
    "29 februari",
    "2 maart",
    "gisteren",
    "vandaag",
    "morgen",
    "dinsdag 2 maart 2026",
    "2-3-26",
    "02/03/2026",
    "1-1-1900",
    "9999-12-31",
    "0000-00-00",
    "wanneer",
    "uiterlijk",
    "hoe lang",
    "beslissen",
    "OPP",
    "moet",
    "niveau 3",
    "niveau 4",
    "uitstroomniveau",
    "basisondersteuning",
    "SEL",
    "sociaal-emotioneel",
    "themakaart",
    "geldig",
    "verlopen",
    "documenten",
    "ANB",
    "?",
    ",",
    "„",
    "ééé",
    "[1]",
    "\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_question_gets_a_well_formed_answer(
        parts in prop::collection::vec(prop::sample::select(PIECES), 0..12),
        noise in "\\PC{0,12}",
    ) {
        let q = format!("{} {noise}", parts.join(" "));
        let a = support::engine().ask(&q, &support::on("2026-11-22")).expect("answer");
        prop_assert!(!a.text().trim().is_empty());
        support::answers::assert_cited(&a);
        assert_json_contract(&a);
    }
}
