//! Front matter checked against known values: a configured region, a kind and sectors from
//! closed sets, and `superseded_by` naming a document of the corpus. A document with a wrong
//! value is skipped with an error that names the file, the line, the value, what is allowed and
//! the nearest allowed value ("bedoel je almere?"); the other documents are served.
//!
//! `superseded_by` holds either the id of the successor in `corpus/` (written like an id:
//! lower case, digits and dashes), which must exist and not be the document itself, or the
//! title of a successor that is not in the corpus (with capitals or spaces, as the bundled
//! `ondersteuningsplan-po-h3` has "Ondersteuningsplan 2023-2027"), which is shown as written.
//! `archive/` holds earlier versions of documents under their own ids; a successor is a
//! current document, so only the ids in `corpus/` count.

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
    // Every document that parsed, also one skipped below: a successor with a bad header of
    // its own is reported for that header, not for each document it replaces.
    let doc_ids: Vec<String> = corpus.docs.iter().map(|d| d.meta.id.clone()).collect();
    let doc_ids: Vec<&str> = doc_ids.iter().map(String::as_str).collect();
    let mut errors = Vec::new();
    let mut docs = Vec::with_capacity(corpus.docs.len());
    for doc in corpus.docs {
        match problem(&doc, &region_ids).or_else(|| successor_problem(&doc, &doc_ids)) {
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

/// Whether a `superseded_by` value is written as a document id (and so must be one).
pub fn is_id_like(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A `superseded_by` written as an id that is no other document of the corpus.
fn successor_problem(doc: &Document, ids: &[&str]) -> Option<CorpusError> {
    let by = doc.meta.superseded_by.as_deref()?.trim();
    if !is_id_like(by) || (ids.contains(&by) && by != doc.meta.id) {
        return None;
    }
    let message = if by == doc.meta.id {
        format!(
            "superseded_by = \"{by}\" verwijst naar het document zelf; noem de id van het document dat dit vervangt"
        )
    } else {
        let others: Vec<&str> = ids.iter().copied().filter(|i| *i != doc.meta.id).collect();
        format!(
            "superseded_by = \"{by}\" is geen document in corpus/ (bekende ids: {}){}",
            others.join(", "),
            nearest(by, &others)
                .map(|n| format!("; bedoel je {n}?"))
                .unwrap_or_default()
        )
    };
    Some(CorpusError::UnknownValue {
        file: doc.path.display().to_string(),
        line: doc.field_line("superseded_by"),
        message,
    })
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
