//! Front matter checked against known values: a configured region, a kind and sectors from
//! closed sets. A document with a wrong value is skipped with an error that names the file, the
//! line, the value, what is allowed and the nearest allowed value ("bedoel je almere?"); the
//! other documents are served.

use std::collections::BTreeMap;

use crate::corpus::{Corpus, CorpusError, Document};
use crate::text::fold;

/// Kinds of document (`kind`).
pub const KINDS: &[&str] = &[
    "beleidsdocument",
    "ondersteuningsplan",
    "handreiking",
    "themakaart",
    "kenniskaart",
    "ondersteuningskaart",
    "protocol",
    "brochure",
    "webpagina",
];

/// School sectors (`sectors`).
pub const SECTORS: &[&str] = &["po", "so", "sbo", "vo", "vso"];

/// Keeps the documents whose front matter uses known values; the others come back as errors.
/// `regions` are the configured region ids; an empty map accepts every region.
pub fn check(corpus: Corpus, regions: &BTreeMap<String, String>) -> (Corpus, Vec<CorpusError>) {
    let region_ids: Vec<&str> = regions.keys().map(String::as_str).collect();
    let mut errors = Vec::new();
    let mut docs = Vec::with_capacity(corpus.docs.len());
    for doc in corpus.docs {
        match problem(&doc, &region_ids) {
            Some(e) => errors.push(e),
            None => docs.push(doc),
        }
    }
    (Corpus { docs }, errors)
}

/// The first wrong value of a document, if any.
fn problem(doc: &Document, regions: &[&str]) -> Option<CorpusError> {
    let meta = &doc.meta;
    let wrong = |field: &str, value: &str, allowed: &[&str]| {
        (!allowed.contains(&value)).then(|| CorpusError::UnknownValue {
            file: doc.path.display().to_string(),
            line: doc.field_line(field),
            message: format!(
                "{field} = \"{value}\" is geen bekende waarde (toegestaan: {}){}",
                allowed.join(", "),
                nearest(value, allowed)
                    .map(|n| format!("; bedoel je {n}?"))
                    .unwrap_or_default()
            ),
        })
    };
    if !regions.is_empty()
        && let Some(e) = wrong("region", &meta.region, regions)
    {
        return Some(e);
    }
    if let Some(e) = wrong("kind", &meta.kind, KINDS) {
        return Some(e);
    }
    meta.sectors
        .iter()
        .find_map(|s| wrong("sectors", s, SECTORS))
}

/// The allowed value closest to a wrong one, when it is close enough to be a slip: the same
/// after folding and joining words with `-` ("Almere" → almere, "amsterdam diemen" →
/// amsterdam-diemen), or similar by Jaro-Winkler ("Almere Stad" → almere).
pub fn nearest<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let typed = fold(value.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    if let Some(same) = allowed.iter().find(|a| **a == typed) {
        return Some(same);
    }
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(&typed, a), *a))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_values() {
        let regions = ["almere", "amsterdam-diemen"];
        assert_eq!(nearest("Almere Stad", &regions), Some("almere"));
        assert_eq!(nearest("Almere", &regions), Some("almere"));
        assert_eq!(
            nearest("amsterdam diemen", &regions),
            Some("amsterdam-diemen")
        );
        assert_eq!(nearest("rotterdam", &regions), None);
        assert_eq!(nearest("themakaar", KINDS), Some("themakaart"));
        assert_eq!(nearest("PO", SECTORS), Some("po"));
    }
}
