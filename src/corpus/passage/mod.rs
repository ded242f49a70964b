//! Splits a document into sections and passages, cleaning extraction noise in code.
//!
//! The texts are extractions from PDFs, web pages and an OCR scan. This module recognises their
//! structure (headings, lists with their lead-in line, tables, glossary entries, card footers) and
//! drops their noise (page numbers, table-of-contents lines, OCR bullets, markdown remnants,
//! figure debris). It never rewrites words: a passage's text is built only from verbatim pieces of
//! the source, joined by a space or a newline, and every piece remembers its byte range
//! ([`Fragment`]). So each quote can be traced back to, and checked against, the source.
//!
//! [`split`] runs the stages in order, each in its own file:
//!
//! - `lines`: which characters of a source line are text, and what the line is (list item,
//!   table row, bold, a heading marked with its level as `## Titel`, as `normwijzer importeer`
//!   writes them, noise such as a page number or a contents entry).
//! - `units`: which lines run on into one paragraph, list item or table row; which blocks are a
//!   logo, an address or a scanned figure.
//! - `headings`: which units are headings and at what level; what is front matter; which card
//!   footers name a card.
//! - `assemble`: how units become passages: the section stack, lists with their lead-in, short
//!   paragraphs joined, long ones split, glossary entries and definitions.
//! - `ids`: the stable passage ids (`<doc>#<section-slug>-<n>`).
//! - `outline`: numbered series of sections ("stap 1" … "stap 7") across passages.
//!
//! Architecture invariant: only `Clean` builds passage text, and it only copies source slices and
//! adds single separators; no stage edits text it did not copy.

mod assemble;
mod headings;
mod ids;
mod lines;
mod outline;
mod units;

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::corpus::Document;

pub use assemble::parse_glossary_heading;
pub use ids::slugify;
pub use lines::is_page_number;
pub use outline::{Outline, OutlineItem, outlines};
pub use units::hyphenated_break;

/// Passages are kept readable: longer paragraphs and lists are split near this many characters.
pub const MAX_PASSAGE_CHARS: usize = 1000;

/// What a passage is, structurally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    /// Running text.
    Paragraph,
    /// A list, with its lead-in line when there is one.
    List,
    /// Rows of a table, with the header row.
    Table,
    /// The definition of a glossary (Begrippenlijst) entry.
    Glossary,
    /// A footer or colophon line (version, validity).
    Colophon,
    /// A footnote.
    Footnote,
}

impl PassageKind {
    /// The Dutch name shown by `normwijzer passages`.
    pub fn dutch(self) -> &'static str {
        match self {
            PassageKind::Paragraph => "alinea",
            PassageKind::List => "lijst",
            PassageKind::Table => "tabel",
            PassageKind::Glossary => "begrip",
            PassageKind::Colophon => "colofon",
            PassageKind::Footnote => "voetnoot",
        }
    }
}

/// One verbatim piece of a passage: `text[at..at + source.len()] == doc.text[source]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// Byte range in the document's source text.
    pub source: Range<usize>,
    /// Byte offset of the piece in the passage text.
    pub at: usize,
}

/// Text made of verbatim source pieces joined by single spaces or newlines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clean {
    /// The readable text.
    pub text: String,
    /// Where each piece of `text` comes from.
    pub fragments: Vec<Fragment>,
}

impl Clean {
    fn push(&mut self, src: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.fragments.push(Fragment {
            source: range.clone(),
            at: self.text.len(),
        });
        self.text.push_str(&src[range]);
    }

    /// Adds a separator unless the text is empty. A newline wins over a space.
    fn sep(&mut self, sep: char) {
        if self.text.is_empty() {
            return;
        }
        if self.text.ends_with(' ') && sep == '\n' {
            self.text.pop();
            self.text.push('\n');
        } else if !self.text.ends_with(['\n', ' ']) {
            self.text.push(sep);
        }
    }

    fn append(&mut self, other: &Clean, sep: char) {
        self.sep(sep);
        self.concat(other);
    }

    /// Appends without a separator: for a word hyphenated over two lines.
    fn concat(&mut self, other: &Clean) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.fragments
            .extend(other.fragments.iter().map(|f| Fragment {
                source: f.source.clone(),
                at: f.at + base,
            }));
    }

    /// The part of the text in `range` (snapped to fragment-internal char boundaries).
    pub fn slice(&self, range: Range<usize>) -> Clean {
        let mut out = Clean::default();
        let mut last_end: Option<usize> = None;
        for f in &self.fragments {
            let len = f.source.len();
            let (s, e) = (f.at.max(range.start), (f.at + len).min(range.end));
            if s >= e {
                continue;
            }
            if let Some(prev) = last_end
                && s > prev
            {
                out.text.push_str(&self.text[prev..s]);
            }
            let src_start = f.source.start + (s - f.at);
            out.fragments.push(Fragment {
                source: src_start..src_start + (e - s),
                at: out.text.len(),
            });
            out.text.push_str(&self.text[s..e]);
            last_end = Some(e);
        }
        out
    }

    /// Drops leading and trailing whitespace (separators never belong to a fragment).
    fn trimmed(mut self) -> Clean {
        let lead = self.text.len() - self.text.trim_start().len();
        if lead > 0 {
            self.text.drain(..lead);
            for f in &mut self.fragments {
                f.at -= lead.min(f.at);
            }
        }
        let t = self.text.trim_end().len();
        self.text.truncate(t);
        self.fragments.retain(|f| f.at < t || f.source.is_empty());
        if let Some(f) = self.fragments.last_mut() {
            let max = t - f.at;
            if f.source.len() > max {
                f.source.end = f.source.start + max;
            }
        }
        self
    }

    /// Removes a trailing hyphen (the last fragment is shortened by one byte).
    fn dehyphenate(&mut self) {
        self.text.pop();
        if let Some(f) = self.fragments.last_mut() {
            f.source.end -= 1;
            if f.source.is_empty() {
                self.fragments.pop();
            }
        }
    }

    /// Byte range in the source covered from the first to the last piece.
    pub fn source_range(&self) -> Range<usize> {
        let start = self.fragments.first().map_or(0, |f| f.source.start);
        let end = self.fragments.last().map_or(0, |f| f.source.end);
        start..end
    }

    fn starts_lower(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_lowercase())
    }

    fn ends_terminal(&self) -> bool {
        self.text
            .trim_end()
            .ends_with(['.', '!', '?', ';', ':', '…', ','])
    }
}

/// A glossary entry a passage defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryTerm {
    /// The heading as printed: `Zorgadviesteam (ZAT)`.
    pub heading: String,
    /// The term without its abbreviation: `Zorgadviesteam`.
    pub term: String,
    /// The abbreviation, when the heading gives one: `ZAT`.
    pub abbreviation: Option<String>,
}

/// A citable unit of text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Passage {
    /// Stable id: `<doc>#<section-slug>-<n>`.
    pub id: String,
    /// Source id of the document.
    pub doc: String,
    /// Position of the passage in its document.
    pub seq: usize,
    /// Section titles from the top of the document down.
    pub breadcrumb: Vec<String>,
    /// Structural kind.
    pub kind: PassageKind,
    /// The readable text and where it comes from.
    pub clean: Clean,
    /// Glossary entry, for passages of a Begrippenlijst.
    pub glossary: Option<GlossaryTerm>,
    /// Subjects that the passage defines ("Basisondersteuning is ...").
    pub defines: Vec<String>,
    /// Length in bytes of the heading lines that open the text (the first passage of a section
    /// starts with its headings). Quotes are taken from `text[lead..]`.
    #[serde(default)]
    pub lead: usize,
    /// Number of the passage within its section, from 1 (the `n` of the id).
    #[serde(default)]
    pub ordinal: usize,
    /// For a list or table split into several passages: `seq` of its first passage.
    #[serde(default)]
    pub list: Option<usize>,
    /// The quote units with their analyzed terms, filled in at index time so that answering
    /// never re-analyzes passage text.
    #[serde(default)]
    pub units: Vec<QuoteUnit>,
}

/// A sentence or list item of a passage, with its analyzed terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteUnit {
    /// Start byte in the passage text.
    pub start: usize,
    /// End byte in the passage text.
    pub end: usize,
    /// Distinct analyzed terms, separated by spaces.
    pub terms: String,
}

impl Passage {
    /// The readable text.
    pub fn text(&self) -> &str {
        &self.clean.text
    }

    /// The section as shown in citations: titles joined with ` › `.
    pub fn section(&self) -> String {
        self.breadcrumb.join(" › ")
    }

    /// Byte range in the source text that the passage spans.
    pub fn source_range(&self) -> Range<usize> {
        self.clean.source_range()
    }

    /// The units a quote is made of: lines split into sentences, without the heading lines,
    /// with crumbs such as "(v.b.)" merged into the sentence before.
    pub fn quote_units(&self) -> Vec<Range<usize>> {
        let text = self.text();
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            if start < self.lead {
                continue;
            }
            for (i, s) in line.split_sentence_bound_indices() {
                let t = s.trim_end();
                if t.trim().is_empty() {
                    continue;
                }
                let lead = s.len() - s.trim_start().len();
                let u = start + i + lead..start + i + t.len();
                // A short piece joins its neighbour on the same line: a sentence of two
                // words, or a list item's number ("6." before its text).
                match out.last_mut() {
                    Some(prev)
                        if (u.len() < 12 || prev.len() < 12)
                            && text[prev.end..u.start].trim().is_empty()
                            && !text[prev.end..u.start].contains('\n') =>
                    {
                        prev.end = u.end
                    }
                    _ => out.push(u),
                }
            }
        }
        out
    }

    /// The lead-in line of a list or table ("De school beschrijft:"), if it has one.
    pub fn list_lead_in(&self) -> Option<&str> {
        if !matches!(self.kind, PassageKind::List | PassageKind::Table) {
            return None;
        }
        let first = self.text().get(self.lead..)?.lines().next()?;
        (first.trim_end().ends_with(':') || self.kind == PassageKind::Table).then_some(first)
    }
}

/// Splits a document into passages.
pub fn split(doc: &Document) -> Vec<Passage> {
    let src = doc.text.as_str();
    let lines = lines::read_lines(src);
    let layout = lines::Layout::of(&lines);
    let units = units::build_units(&lines, layout);
    let units = headings::classify_headings(units, &lines);
    let units = headings::drop_front_matter(units, &lines);
    let units = headings::name_cards(units);
    let units = headings::demote_empty_headings(units);
    if std::env::var_os("NW_DEBUG_UNITS").is_some() {
        units::debug_print(&units);
    }
    assemble::assemble(&doc.meta.id, units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse_document;
    use std::path::Path;

    fn doc(body: &str) -> Document {
        let text = format!(
            "+++\nid = \"t\"\ntitle = \"T\"\nissuer = \"I\"\nregion = \"almere\"\nkind = \"k\"\n+++\n{body}"
        );
        parse_document(Path::new("t.txt"), text.as_bytes()).unwrap()
    }

    fn assert_verbatim(d: &Document, ps: &[Passage]) {
        for p in ps {
            for f in &p.clean.fragments {
                assert_eq!(
                    &p.clean.text[f.at..f.at + f.source.len()],
                    &d.text[f.source.clone()],
                    "{}",
                    p.id
                );
            }
            // Everything between fragments is a single separator.
            let mut pos = 0;
            for f in &p.clean.fragments {
                let gap = &p.clean.text[pos..f.at];
                assert!(
                    gap.is_empty() || gap == " " || gap == "\n",
                    "gap {gap:?} in {}",
                    p.id
                );
                pos = f.at + f.source.len();
            }
            assert_eq!(pos, p.clean.text.len(), "{}", p.id);
        }
    }

    #[test]
    fn headings_lists_and_page_breaks() {
        let d = doc(
            "Zorgplicht\n\nDe school houdt zich aan de wet. Na aanmelding\n\n\n\nbrengt de school in kaart.\n\nDe school beschrijft:\n\n- welke ondersteuning;\n- **welke** expertise.\n\n12\n",
        );
        let ps = split(&d);
        assert_verbatim(&d, &ps);
        assert_eq!(ps.len(), 2, "{ps:#?}");
        assert_eq!(ps[0].id, "t#zorgplicht-1");
        assert_eq!(
            ps[0].text(),
            "Zorgplicht\nDe school houdt zich aan de wet. Na aanmelding brengt de school in kaart."
        );
        assert_eq!(
            &ps[0].text()[ps[0].lead..],
            "De school houdt zich aan de wet. Na aanmelding brengt de school in kaart."
        );
        assert_eq!(ps[1].kind, PassageKind::List);
        assert_eq!(
            ps[1].text(),
            "De school beschrijft:\nwelke ondersteuning;\nwelke expertise."
        );
    }

    #[test]
    fn a_list_items_number_stays_with_its_text() {
        let d = doc(
            "Thema's\n\n1. Ondersteuning bij lezen en spelling.\n2. Ondersteuning bij rekenen. Ook bij dyscalculie.\n",
        );
        let ps = split(&d);
        let p = &ps[0];
        let units: Vec<&str> = p
            .quote_units()
            .iter()
            .map(|r| &p.text()[r.clone()])
            .collect();
        assert_eq!(
            units,
            [
                "1. Ondersteuning bij lezen en spelling.",
                "2. Ondersteuning bij rekenen.",
                "Ook bij dyscalculie."
            ],
            "{p:#?}"
        );
    }

    /// Headings after a paragraph that announces them and names an enclosing section (not
    /// the last subsection) belong to that section: the structure of the ondersteuningskaarten
    /// is not part of their Kenniskaart.
    #[test]
    fn a_lead_in_naming_the_enclosing_section_closes_the_subsection() {
        let d = doc(
            "3 Kaarten\n\nDe kaarten zijn er voor elk thema.\n\n3.1 Kenniskaart\n\nDe kenniskaart beschrijft de kennis.\n\nDe kaarten hebben een vaste opbouw:\n\nBasis\n\nNiveau 1. Voor alle leerlingen\n\nDe leraar werkt handelingsgericht.\n",
        );
        let ps = split(&d);
        assert_verbatim(&d, &ps);
        let last = ps.last().expect("passages");
        assert_eq!(
            last.breadcrumb,
            ["3 Kaarten", "Basis", "Niveau 1. Voor alle leerlingen"],
            "{ps:#?}"
        );
    }

    #[test]
    fn markdown_links_are_unwrapped() {
        let d = doc(
            "Titel\n\nZie het [protocol po-vo](#) en \\(samen\\)werken. Ook [HGW-trede 4] blijft.\n",
        );
        let ps = split(&d);
        assert_verbatim(&d, &ps);
        assert_eq!(
            &ps[0].text()[ps[0].lead..],
            "Zie het protocol po-vo en (samen)werken. Ook [HGW-trede 4] blijft."
        );
    }

    #[test]
    fn marked_headings_keep_their_level() {
        let d = doc(
            "# Regels\n\nEen alinea over de regels.\n\n## Zorgplicht\n\nDe school onderzoekt het.\n\n\
             ### Termijn\n\nBinnen zes weken.\n\n## Toelating\n\nDe school beslist.\n",
        );
        let ps = split(&d);
        assert_verbatim(&d, &ps);
        let crumbs: Vec<String> = ps.iter().map(|p| p.breadcrumb.join(" › ")).collect();
        assert_eq!(
            crumbs,
            [
                "Regels",
                "Regels › Zorgplicht",
                "Regels › Zorgplicht › Termijn",
                "Regels › Toelating"
            ]
        );
        assert!(ps.iter().all(|p| !p.text().contains('#')));
    }

    #[test]
    fn long_paragraphs_split_at_sentences() {
        let sentence = "Dit is een zin over passend onderwijs in de wijk en de stad. ";
        let d = doc(&format!("Titel\n\n{}\n", sentence.repeat(40)));
        let ps = split(&d);
        assert_verbatim(&d, &ps);
        assert!(ps.len() >= 3);
        for p in &ps {
            assert!(p.text().len() <= MAX_PASSAGE_CHARS, "{}", p.text().len());
            assert!(p.text().ends_with('.'));
        }
    }

    #[test]
    fn glossary_entries() {
        let d = doc(
            "\n\n\n\nBegrippenlijst\n\nZorgadviesteam (ZAT)\n\nMultidisciplinair overleg.\n\nKetenpartners\n\nDe partners in de regio.\n",
        );
        let ps = split(&d);
        assert_eq!(ps.len(), 2, "{ps:#?}");
        let g = ps[0].glossary.as_ref().unwrap();
        assert_eq!(
            (g.term.as_str(), g.abbreviation.as_deref()),
            ("Zorgadviesteam", Some("ZAT"))
        );
        assert_eq!(ps[0].kind, PassageKind::Glossary);
        assert_eq!(
            ps[0].breadcrumb,
            vec!["Begrippenlijst", "Zorgadviesteam (ZAT)"]
        );
    }

    #[test]
    fn card_footer_names_the_card() {
        let d = doc(
            "Elke school voldoet.\nVoor alle leerlingen\nDe leraar signaleert.\nKaart basis. Pilotversie mei 2025, geldig t/m juli 2026\nTweede kaart tekst.\nKaart extra. Pilotversie mei 2025, geldig t/m juli 2026",
        );
        let ps = split(&d);
        assert_verbatim(&d, &ps);
        assert_eq!(ps[0].breadcrumb, vec!["Kaart basis"]);
        assert_eq!(
            ps[1].breadcrumb,
            vec!["Kaart basis", "Voor alle leerlingen"]
        );
        let last = ps.last().unwrap();
        assert_eq!(last.kind, PassageKind::Colophon);
        assert_eq!(last.breadcrumb, vec!["Kaart extra"]);
    }
}
