//! Hostile input never panics: the front-matter parser on arbitrary bytes and on mutated valid
//! headers, and the question planner on arbitrary text, including long words and long runs of
//! repeated words. Run for a bounded number of cases (`PROPTEST_CASES` raises it in CI).

use crate::support;

use std::path::Path;

use normwijzer::corpus::parse_document;
use proptest::prelude::*;

const VALID: &str = "+++\nid = \"x\"\ntitle = \"Titel\"\nissuer = \"SWV\"\nregion = \"almere\"\npublished = 2024-08-01\n+++\nTekst van het document.\n";

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text as a hostile user types it: words, punctuation, TOML and query syntax, emoji.
fn question() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[a-z]{100,300}",
        Just("OPP".to_string()),
        Just("ondersteuning".to_string()),
        Just("\"".to_string()),
        Just("+++".to_string()),
        Just("AND OR NOT".to_string()),
        Just("title:*".to_string()),
        Just("🙂".to_string()),
        "\\PC{1,8}",
        "[ \t\n?!.,:;()\\[\\]{}]{1,4}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_parsing_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_document(Path::new("fuzz.txt"), &bytes);
    }

    #[test]
    fn front_matter_parsing_never_panics_on_mutated_headers(
        at in 0usize..VALID.len(),
        insert in "\\PC{0,40}",
        cut in 0usize..20,
    ) {
        let mut text = VALID.to_string();
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (at + cut).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(at..end, &insert);
        if let Err(e) = parse_document(Path::new("fuzz.txt"), text.as_bytes()) {
            // One Dutch sentence naming the file.
            prop_assert!(e.to_string().contains("fuzz.txt"), "{}", e);
        }
    }

    #[test]
    fn the_planner_never_panics(q in question()) {
        let _ = support::engine().plan(&q);
    }
}
