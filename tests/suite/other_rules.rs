//! `other_rules` in `config/words.toml`: school matters that other laws, the school or its
//! board settle. Asked about, they get the honest "not in the documents"; told in a story, they
//! change nothing; an entry the documents themselves use is named at start-up and not used.
//! And `named_only`: what a thing holds that the documents only name (the meldcode).

use crate::support::{self, edit_config as edit, open_at as open};

use normwijzer::model::Answer;

fn ask(q: &str) -> Answer {
    support::engine()
        .ask(q, &support::on("2026-11-22"))
        .expect("answer")
}

#[test]
fn a_question_about_a_matter_other_rules_settle_abstains_and_says_who_does() {
    for q in [
        "hoeveel vakantie krijgen leerkrachten in het po?",
        "mogen we foto's van de klas op de website zetten zonder toestemming?",
        "ze willen een week verlof voor een bruiloft. mag dat?",
        "mag een school zelf beslissen dat een kind blijft zitten?",
        // In the sentence that asks, a clause beside the question tells what it is about.
        "ouders willen 2 weken extra vrij voor een bruiloft, mag dat van de leerplicht?",
        "als we volgende week staken, moeten we dan opvang regelen?",
        // Everyday words for a sick note and for home education.
        "bij wie moet ik me ziek melden als ik niet kan komen?",
        "mogen ouders hun zoon ook gewoon thuis les geven?",
        // A telephone brought along is the device, not a way to reach someone.
        "mogen kinderen in groep 8 hun telefoon mee de klas in nemen?",
    ] {
        let a = ask(q);
        assert!(a.abstained, "{q}: {}", a.text());
        assert!(a.citations.is_empty(), "{q}: {:?}", a.citations);
        assert!(a.text().contains("andere wetten"), "{q}: {}", a.text());
    }
}

#[test]
fn a_story_that_mentions_one_still_gets_its_answer() {
    for q in [
        // A holiday that tells a time, in the sentence that asks.
        "sinds de zomervakantie komt hij bijna niet meer naar school, wanneer schakel ik het zat in?",
        // A sentence of the story before the question.
        "De juf is ziek en er is geen invaller. Wanneer moet een school een OPP opstellen?",
    ] {
        let a = ask(q);
        assert!(!a.abstained, "{q}: {}", a.text());
        assert!(
            a.citations.iter().any(|c| c.doc == "anb"),
            "{q}: {:?}",
            a.citations
        );
    }
}

#[test]
fn an_entry_the_documents_use_is_named_at_start_up_and_not_used() {
    let dir = support::project_copy();
    edit(
        dir.path(),
        "words.toml",
        "\"verlof\", \"vakantie\",",
        "\"verlof\", \"ontwikkelingsperspectief\", \"vakantie\",",
    );
    let engine = open(dir.path()).expect("opens");
    let said = engine.problems().join("\n");
    assert!(
        said.contains("„ontwikkelingsperspectief” staat onder other_rules"),
        "{said}"
    );
    let a = engine
        .ask(
            "wanneer moet een ontwikkelingsperspectief worden opgesteld?",
            &support::on("2026-11-22"),
        )
        .unwrap();
    assert!(!a.citations.is_empty(), "{}", a.text());
}

#[test]
fn what_a_protocol_holds_is_not_in_the_documents_but_that_it_is_required_is() {
    // `named_only`: the ANB lists the meldcode among the protocols a school must have.
    let a = ask(
        "Ik zie bij Finn al een paar weken blauwe plekken. Welke stappen van de meldcode moet ik doorlopen?",
    );
    assert!(a.abstained && a.citations.is_empty(), "{}", a.text());
    assert!(a.text().contains("noemen dit alleen"), "{}", a.text());
    assert!(
        a.suggestions
            .iter()
            .any(|s| s.passage == "anb#wettelijk-verplichte-protocollen-1"),
        "{:?}",
        a.suggestions
    );
    // Medicines fall under the protocol medisch handelen; a story that names them is a story.
    let a = ask("mag ik een leerling paracetamol of andere medicijnen geven?");
    assert!(a.text().contains("noemen dit alleen"), "{}", a.text());
    let a = ask("hij gebruikt medicatie voor zijn adhd, wanneer moet er een opp komen?");
    assert!(!a.citations.is_empty(), "{}", a.text());
    let a = ask("is een meldcode verplicht voor een basisschool?");
    assert_eq!(
        a.citations.first().map(|c| c.passage.as_str()),
        Some("anb#wettelijk-verplichte-protocollen-1"),
        "{}",
        a.text()
    );
}

#[test]
fn the_themes_protocols_are_only_named_too() {
    // The ANB names the protocols dyslexie and ERWD among its themes, and says no more.
    for q in [
        "welke stappen staan er in het protocol ERWD?",
        "wie betaalt het dyslexieonderzoek, de school of de ouders?",
    ] {
        let a = ask(q);
        assert!(a.abstained && a.citations.is_empty(), "{q}: {}", a.text());
        assert!(a.text().contains("noemen dit alleen"), "{}", a.text());
    }
    // That there is one, or what it is called, the documents do say.
    for q in [
        "is er een almeers thema voor kinderen met dyslexie?",
        "hoe heet het protocol voor rekenproblemen in de anb?",
    ] {
        assert!(!ask(q).citations.is_empty(), "{q}");
    }
}
