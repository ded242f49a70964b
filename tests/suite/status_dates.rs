//! A document is not valid before its publication date: `bronnen` and validity answers say
//! "nog niet gepubliceerd" for a day before it (issue 11, finding 9).

use crate::support;

use normwijzer::model::Status;

#[test]
fn before_publication_a_document_is_not_yet_valid() {
    let engine = support::engine();
    let day = "2020-01-01".parse().unwrap();
    let anb = engine
        .documents()
        .iter()
        .find(|d| d.id == "anb")
        .expect("the ANB is bundled");
    assert!(
        matches!(anb.status(day), Status::NogNietGepubliceerd { .. }),
        "{:?}",
        anb.status(day)
    );
    let a = engine
        .ask(
            "is de themakaart SEL nog geldig?",
            &support::on("2020-01-01"),
        )
        .expect("answer");
    let text = a.text();
    assert!(text.contains("nog niet gepubliceerd"), "{text}");
    assert!(!text.contains(": geldig"), "{text}");
    let json = serde_json::to_string(&a).unwrap();
    assert!(json.contains("\"nog_niet_gepubliceerd\""), "{json}");
}
