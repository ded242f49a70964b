//! Citations for rules in `config/`: a rule names a passage id and the words that passage must
//! state; this module checks that at start-up and turns it into the same [`Citation`] that
//! `ask` uses, quoting the sentence that holds those words verbatim.

use std::ops::Range;

use jiff::civil::Date;
use regex::{Regex, RegexBuilder};
use unicode_segmentation::UnicodeSegmentation;

use crate::answer::compose::{Cite, SourceQuote};
use crate::corpus::DocMeta;
use crate::corpus::passage::Passage;
use crate::model::Citation;

/// Finds a passage by id, with its document. The engine supplies it at start-up.
pub type Lookup<'a> = dyn Fn(&str) -> Option<(Passage, DocMeta)> + 'a;

/// Finds all passages of a document, to suggest where a phrase does occur.
pub type DocPassages<'a> = dyn Fn(&str) -> Vec<Passage> + 'a;

/// A passage a rule rests on, verified to contain the rule's words.
#[derive(Debug, Clone)]
pub struct Source {
    /// The passage.
    pub passage: Passage,
    /// Its document.
    pub meta: DocMeta,
    /// The words from the config that the passage states.
    pub phrase: String,
    /// The sentence(s) holding those words: a byte range of the passage text.
    pub quote: Range<usize>,
}

impl Source {
    /// Resolves `id` and checks that its text contains `phrase` (ignoring case and line
    /// breaks). The error is a Dutch sentence naming the id, and where the words do occur.
    pub fn resolve(
        id: &str,
        phrase: &str,
        lookup: &Lookup<'_>,
        passages: &DocPassages<'_>,
    ) -> Result<Source, String> {
        let phrase = phrase.trim();
        if phrase.is_empty() {
            return Err(format!(
                "bij passage „{id}” ontbreekt de tekst die de passage moet bevatten (tekst = \"...\")"
            ));
        }
        let Some((passage, meta)) = lookup(id.trim()) else {
            let doc = id.trim().split('#').next().unwrap_or(id);
            let in_doc = passages(doc);
            if in_doc.is_empty() {
                return Err(format!(
                    "passage „{id}” bestaat niet: document „{doc}” staat niet in het corpus of kon niet worden geladen"
                ));
            }
            return Err(format!(
                "passage „{id}” bestaat niet{}",
                elsewhere(phrase, &in_doc)
            ));
        };
        let Some(found) = find_phrase(passage.text(), phrase) else {
            return Err(format!(
                "passage „{id}” bevat de tekst „{phrase}” niet{}",
                elsewhere(phrase, &passages(&passage.doc))
            ));
        };
        let quote = sentence_around(&passage, found);
        Ok(Source {
            passage,
            meta,
            phrase: phrase.to_string(),
            quote,
        })
    }

    /// The quoted sentence(s), verbatim from the passage text.
    pub fn quote(&self) -> &str {
        &self.passage.text()[self.quote.clone()]
    }

    /// The last section title: `Zorgplicht`.
    pub fn short_section(&self) -> String {
        self.passage
            .breadcrumb
            .last()
            .cloned()
            .unwrap_or_else(|| "begin".to_string())
    }

    /// The citation as `ask` shows it, with the document's status on `today`.
    pub fn citation(&self, rank: usize, today: Date) -> Citation {
        Citation {
            rank,
            // Not ranked by the search engine: chosen by a rule.
            ..crate::answer::citation(&self.passage, &self.meta, self.quote.clone(), today, 0.0)
        }
    }

    /// The quote as a reply block shows it.
    pub fn source_quote(&self) -> SourceQuote {
        crate::answer::source_quote(&self.passage, &self.meta.title, self.quote())
    }

    /// The passage to cite in a reply, with the warnings its document brings on `today`.
    pub fn cite(&self, today: Date, home_region: &str) -> Cite {
        Cite {
            citation: self.citation(0, today),
            warnings: crate::corpus::status::warnings(&self.meta, today, home_region),
            badge: crate::corpus::status::badge(&self.meta, today, home_region),
        }
    }
}

/// " ; de tekst staat wel in a, b" when other passages of the document contain the phrase.
fn elsewhere(phrase: &str, passages: &[Passage]) -> String {
    let Some(pattern) = phrase_pattern(phrase) else {
        return String::new();
    };
    let hits: Vec<&str> = passages
        .iter()
        .filter(|p| pattern.is_match(p.text()))
        .map(|p| p.id.as_str())
        .take(3)
        .collect();
    if hits.is_empty() {
        String::new()
    } else {
        format!("; de tekst staat wel in {}", hits.join(", "))
    }
}

/// Where `phrase` occurs in `text`, ignoring case and treating any run of whitespace as one
/// space (passages join source lines with a newline).
pub fn find_phrase(text: &str, phrase: &str) -> Option<Range<usize>> {
    phrase_pattern(phrase)?.find(text).map(|m| m.range())
}

/// `phrase` as the pattern [`find_phrase`] looks for; compile it once to search many passages.
pub fn phrase_pattern(phrase: &str) -> Option<Regex> {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    if words.is_empty() {
        return None;
    }
    RegexBuilder::new(&words.join(r"\s+"))
        .case_insensitive(true)
        .build()
        .ok()
}

/// The whole sentence(s) around `range`, skipping the heading lines of the passage.
pub fn sentence_around(p: &Passage, range: Range<usize>) -> Range<usize> {
    let text = p.text();
    let mut start = range.start;
    let mut end = range.end;
    for (i, s) in text.split_sentence_bound_indices() {
        let span = i..i + s.len();
        if span.contains(&range.start) {
            start = i + (s.len() - s.trim_start().len());
        }
        if range.end > 0 && span.contains(&(range.end - 1)) {
            end = i + s.trim_end().len();
        }
    }
    // Heading lines are never quoted, unless the words are in the heading itself.
    start.max(p.lead.min(range.start))..end.max(range.end)
}

/// A passage for unit tests, built through serde so that fields added later with a default
/// do not break the tests.
#[cfg(test)]
pub(crate) fn test_passage(
    id: &str,
    text: &str,
    kind: crate::corpus::passage::PassageKind,
    lead: usize,
) -> Passage {
    let doc = id.split('#').next().unwrap_or(id);
    serde_json::from_value(serde_json::json!({
        "id": id,
        "doc": doc,
        "seq": 0,
        "breadcrumb": [id.split('#').nth(1).unwrap_or("sectie")],
        "kind": kind,
        "clean": { "text": text, "fragments": [{ "source": { "start": 0, "end": text.len() }, "at": 0 }] },
        "glossary": null,
        "defines": [],
        "lead": lead,
    }))
    .expect("test passage")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::passage::PassageKind;

    fn passage(text: &str, lead: usize) -> Passage {
        test_passage("x#y-1", text, PassageKind::Paragraph, lead)
    }

    #[test]
    fn phrase_is_found_across_line_breaks_and_case() {
        let t =
            "Ook hiervoor geldt een termijn van zes weken, met\nuitloop tot maximaal tien weken.";
        let r = find_phrase(t, "Termijn van zes weken, met uitloop").unwrap();
        assert_eq!(&t[r], "termijn van zes weken, met\nuitloop");
        assert!(find_phrase(t, "vijf weken").is_none());
        assert!(find_phrase(t, "  ").is_none());
    }

    #[test]
    fn the_quote_is_the_whole_sentence_without_heading() {
        let t = "Zorgplicht\nDe school houdt zich aan de wet. Na aanmelding brengt de school binnen zes weken de behoeften in kaart. Als de leerling wordt geplaatst, volgt inschrijving.";
        let p = passage(t, "Zorgplicht\n".len());
        let r = sentence_around(&p, find_phrase(t, "binnen zes weken").unwrap());
        assert_eq!(
            &t[r],
            "Na aanmelding brengt de school binnen zes weken de behoeften in kaart."
        );
        let r = sentence_around(&p, find_phrase(t, "De school houdt").unwrap());
        assert_eq!(&t[r], "De school houdt zich aan de wet.");
    }

    #[test]
    fn resolve_explains_what_is_wrong() {
        let p = passage("Binnen zes weken beslist de school.", 0);
        let meta: DocMeta = toml::from_str(
            "id = \"x\"\ntitle = \"X\"\nissuer = \"I\"\nregion = \"almere\"\nkind = \"k\"\n",
        )
        .unwrap();
        let lookup = |id: &str| (id == "x#y-1").then(|| (p.clone(), meta.clone()));
        let all = |_: &str| vec![p.clone()];
        let ok = Source::resolve("x#y-1", "zes weken", &lookup, &all).unwrap();
        assert_eq!(ok.quote(), "Binnen zes weken beslist de school.");
        let e = Source::resolve("x#y-2", "zes weken", &lookup, &all).unwrap_err();
        assert_eq!(
            e,
            "passage „x#y-2” bestaat niet; de tekst staat wel in x#y-1"
        );
        let e = Source::resolve("x#y-1", "vijf weken", &lookup, &all).unwrap_err();
        assert_eq!(e, "passage „x#y-1” bevat de tekst „vijf weken” niet");
        let none = |_: &str| Vec::new();
        let e = Source::resolve("z#y-1", "zes weken", &lookup, &none).unwrap_err();
        assert_eq!(
            e,
            "passage „z#y-1” bestaat niet: document „z” staat niet in het corpus of kon niet worden geladen"
        );
    }
}
