//! Turns units into passages: keeps the stack of open sections, opens a section's first passage
//! with its heading lines, keeps a list or table with its lead-in line (or header row), joins
//! runs of short paragraphs, splits long text at sentences, and marks glossary entries and the
//! subjects a passage defines.

use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::headings::norm_title;
use super::ids::Ids;
use super::units::{FOOTNOTE, Unit, UnitKind};
use super::{Clean, GlossaryTerm, MAX_PASSAGE_CHARS, Passage, PassageKind};

/// Paragraphs shorter than this (in bytes) are joined with short neighbours.
const SHORT_PARAGRAPH: usize = 160;

/// Titles that mark a glossary chapter, compared case-insensitively.
const GLOSSARY_TITLES: &[&str] = &[
    "begrippenlijst",
    "begrippen",
    "woordenlijst",
    "verklarende woordenlijst",
    "afkortingen",
    "afkortingenlijst",
    "lijst van afkortingen",
];

/// The passages of one document, from its classified units.
pub(super) fn assemble(doc: &str, units: Vec<Unit>) -> Vec<Passage> {
    let mut b = Builder {
        doc,
        out: Vec::new(),
        stack: Vec::new(),
        ids: Ids::default(),
    };
    let mut i = 0;
    while i < units.len() {
        i = b.take(&units, i);
    }
    b.out
}

/// A heading on the section stack.
struct Section {
    level: u8,
    title: String,
    clean: Clean,
    /// Already printed at the start of a passage.
    shown: bool,
}

struct Builder<'a> {
    doc: &'a str,
    out: Vec<Passage>,
    /// The open sections, from the top of the document down.
    stack: Vec<Section>,
    ids: Ids,
}

impl Builder<'_> {
    /// Makes passages of the units from `i` on that belong together; returns where the next
    /// group starts.
    fn take(&mut self, units: &[Unit], i: usize) -> usize {
        let u = &units[i];
        let next = units.get(i + 1).map(|n| &n.kind);
        let lead_in = u.clean.text.trim_end().ends_with(':');
        match &u.kind {
            UnitKind::Heading { level, title } => {
                self.open_section(*level, title, &u.clean);
                i + 1
            }
            UnitKind::Item | UnitKind::Row => {
                let end = list_end(units, i);
                self.emit_group(None, &units[i..end]);
                end
            }
            UnitKind::Text
                if lead_in && next.is_some_and(|n| matches!(n, UnitKind::Item | UnitKind::Row)) =>
            {
                let end = list_end(units, i + 1);
                self.emit_group(Some(&u.clean), &units[i + 1..end]);
                end
            }
            // A lead-in without list items belongs with the text that follows it.
            UnitKind::Text if lead_in && next == Some(&UnitKind::Text) => {
                let mut joined = u.clean.clone();
                joined.append(&units[i + 1].clean, '\n');
                self.emit_text(u, &joined);
                i + 2
            }
            UnitKind::Colophon => {
                // A footer belongs to the card as a whole, not to its last subsection.
                self.stack.retain(|h| h.level <= 1);
                self.emit(PassageKind::Colophon, u.clean.clone(), None);
                i + 1
            }
            UnitKind::Text => self.emit_short_paragraphs(units, i),
        }
    }

    /// A heading closes the sections at its level and below.
    fn open_section(&mut self, level: u8, title: &str, clean: &Clean) {
        while self.stack.last().is_some_and(|h| h.level >= level) {
            self.stack.pop();
        }
        self.stack.push(Section {
            level,
            title: title.to_string(),
            clean: clean.clone(),
            shown: false,
        });
    }

    /// Short paragraphs in a row (contact lines, one-line remarks) make one passage.
    fn emit_short_paragraphs(&mut self, units: &[Unit], i: usize) -> usize {
        let first = &units[i];
        let mut joined = first.clean.clone();
        let mut j = i + 1;
        while let Some(n) = units.get(j) {
            let short_run =
                joined.text.len() < SHORT_PARAGRAPH && n.clean.text.len() < SHORT_PARAGRAPH;
            let fits = joined.text.len() + n.clean.text.len() < 2 * SHORT_PARAGRAPH;
            let is_lead_in = n.clean.text.trim_end().ends_with(':');
            if n.kind != UnitKind::Text
                || !short_run
                || !fits
                || is_lead_in
                || FOOTNOTE.is_match(&n.clean.text)
            {
                break;
            }
            joined.append(&n.clean, '\n');
            j += 1;
        }
        self.emit_text(first, &joined);
        j
    }

    /// Emits running text that starts with unit `first`, split at sentences when long.
    fn emit_text(&mut self, first: &Unit, text: &Clean) {
        let glossary = glossary_of(&self.stack);
        let kind = if glossary.is_some() {
            PassageKind::Glossary
        } else if FOOTNOTE.is_match(&first.clean.text) {
            PassageKind::Footnote
        } else {
            PassageKind::Paragraph
        };
        for piece in split_long(text) {
            self.emit(kind, piece, glossary.clone());
        }
    }

    /// A list or table, in passages of at most [`MAX_PASSAGE_CHARS`] that each repeat its
    /// lead-in line or, for a table without one, its header row.
    fn emit_group(&mut self, lead: Option<&Clean>, items: &[Unit]) {
        let is_table = items.first().is_some_and(|u| u.kind == UnitKind::Row);
        let (lead, items): (Option<Clean>, &[Unit]) = match (lead, is_table) {
            (Some(l), _) => (Some(l.clone()), items),
            // A table's first row is its header: repeat it in every chunk.
            (None, true) if items.len() > 1 => (Some(items[0].clean.clone()), &items[1..]),
            (None, _) => (None, items),
        };
        let glossary = glossary_of(&self.stack);
        let kind = if glossary.is_some() {
            PassageKind::Glossary
        } else if is_table {
            PassageKind::Table
        } else {
            PassageKind::List
        };
        let lead_len = lead.as_ref().map_or(0, |l| l.text.len() + 1);
        let item_budget = MAX_PASSAGE_CHARS.saturating_sub(lead_len).max(300);
        let first_seq = self.out.len();
        let mut chunk: Option<Clean> = None;
        let mut chunk_items = 0usize;
        for item in items {
            for piece in split_long_with_budget(&item.clean, item_budget) {
                let fits = chunk
                    .as_ref()
                    .is_some_and(|c| c.text.len() + 1 + piece.text.len() <= MAX_PASSAGE_CHARS);
                if !fits && chunk_items > 0 {
                    let done = chunk.take().expect("has items");
                    self.emit(kind, done, glossary.clone());
                    chunk_items = 0;
                }
                let c = chunk.get_or_insert_with(|| lead.clone().unwrap_or_default());
                c.append(&piece, '\n');
                chunk_items += 1;
            }
        }
        if let Some(c) = chunk.filter(|_| chunk_items > 0) {
            self.emit(kind, c, glossary);
        }
        // Chunks of one long list remember where the list starts.
        if self.out.len() > first_seq + 1 {
            for p in &mut self.out[first_seq..] {
                p.list = Some(first_seq);
            }
        }
    }

    /// Adds a passage with text `body` in the current section, unless it is blank.
    fn emit(&mut self, kind: PassageKind, body: Clean, glossary: Option<GlossaryTerm>) {
        if body.text.trim().is_empty() {
            return;
        }
        let crumbs: Vec<String> = self.stack.iter().map(|h| h.title.clone()).collect();
        let mut clean = self.unshown_headings();
        let lead = if clean.text.is_empty() {
            0
        } else {
            clean.text.len() + 1
        };
        clean.append(&body, '\n');
        let id = self.ids.next(self.doc, &crumbs);
        let seq = self.out.len();
        self.out.push(Passage {
            id: id.id,
            doc: self.doc.to_string(),
            seq,
            breadcrumb: crumbs,
            kind,
            clean,
            glossary,
            defines: definitions(&body.text),
            lead,
            ordinal: id.ordinal,
            list: None,
            units: Vec::new(),
        });
    }

    /// The first passage under a heading opens with the heading lines not shown yet.
    fn unshown_headings(&mut self) -> Clean {
        let mut clean = Clean::default();
        for h in self.stack.iter_mut().filter(|h| !h.shown) {
            h.shown = true;
            if !h.clean.fragments.is_empty() {
                clean.append(&h.clean, '\n');
            }
        }
        clean
    }
}

/// `Zorgadviesteam (ZAT)` → term `Zorgadviesteam`, abbreviation `ZAT`.
pub fn parse_glossary_heading(heading: &str) -> GlossaryTerm {
    static ABBR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.*?)\s*\(([^()]{1,12})\)\s*$").unwrap());
    let heading = heading.trim().to_string();
    let Some(c) = ABBR.captures(&heading) else {
        return GlossaryTerm {
            term: heading.clone(),
            abbreviation: None,
            heading,
        };
    };
    let inner = c[2].trim();
    // Capitals and no space: `(ZAT)` is an abbreviation, `(po en vo)` is not.
    let is_abbr = inner.chars().filter(|c| c.is_uppercase()).count() >= 2 && !inner.contains(' ');
    GlossaryTerm {
        term: c[1].trim().to_string(),
        abbreviation: is_abbr.then(|| inner.to_string()),
        heading: heading.clone(),
    }
}

/// The glossary entry of the current section, if it sits directly under a glossary chapter.
fn glossary_of(stack: &[Section]) -> Option<GlossaryTerm> {
    let n = stack.len();
    if n >= 2 && GLOSSARY_TITLES.contains(&norm_title(&stack[n - 2].title).as_str()) {
        return Some(parse_glossary_heading(&stack[n - 1].title));
    }
    None
}

/// End (exclusive) of the run of list items or table rows starting at `start`.
fn list_end(units: &[Unit], start: usize) -> usize {
    let kind = &units[start].kind;
    let mut end = start;
    while end < units.len() && units[end].kind == *kind {
        end += 1;
    }
    end
}

fn split_long(clean: &Clean) -> Vec<Clean> {
    split_long_with_budget(clean, MAX_PASSAGE_CHARS)
}

/// Splits text longer than `budget` at sentence boundaries into nearly equal parts.
fn split_long_with_budget(clean: &Clean, budget: usize) -> Vec<Clean> {
    let len = clean.text.len();
    if len <= budget {
        return vec![clean.clone()];
    }
    let parts = len.div_ceil(budget);
    let target = len / parts;
    let bounds: Vec<usize> = clean
        .text
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(len))
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    for w in bounds.windows(2) {
        let end = w[1];
        // No last part shorter than a fifth of the budget.
        if end - start >= target && end < len && len - end > budget / 5 {
            out.push(clean.slice(start..end).trimmed());
            start = end;
        }
    }
    out.push(clean.slice(start..len).trimmed());
    out.retain(|c| !c.text.is_empty());
    out
}

/// Subjects of definitional first sentences: `Basisondersteuning is de ondersteuning ...`.
fn definitions(text: &str) -> Vec<String> {
    static DEF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(?:De|Het|Een)\s+)?['‘’]?([\p{L}][\p{L}\- ()]{2,60}?)['’]?\s+(?:is|zijn|betekent|betekenen|houdt\s+in|omvat|bestaat\s+uit|betreft|gaat\s+(?:\p{L}+\s+)?over|richt\s+zich\s+op)\b").unwrap()
    });
    const PRONOUNS: &[&str] = &[
        "dit", "dat", "het", "er", "hij", "zij", "ze", "deze", "die", "wat", "men", "iedereen",
        "het doel", "doel",
    ];
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(first) = line.unicode_sentences().next() else {
            continue;
        };
        if let Some(c) = DEF.captures(first.trim()) {
            let subject = c[1].trim();
            let words = subject.split_whitespace().count();
            if words <= 5 && !PRONOUNS.contains(&subject.to_lowercase().as_str()) {
                out.push(subject.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_headings() {
        let g = parse_glossary_heading(" Zorgadviesteam (ZAT) ");
        assert_eq!(g.heading, "Zorgadviesteam (ZAT)");
        assert_eq!(
            (g.term.as_str(), g.abbreviation.as_deref()),
            ("Zorgadviesteam", Some("ZAT"))
        );
        let g = parse_glossary_heading("Schoolondersteuningsprofiel (po en vo)");
        assert_eq!(
            (g.term.as_str(), g.abbreviation),
            ("Schoolondersteuningsprofiel", None)
        );
        let g = parse_glossary_heading("Ketenpartners");
        assert_eq!((g.term.as_str(), g.abbreviation), ("Ketenpartners", None));
    }

    #[test]
    fn definitional_sentences_name_their_subject() {
        assert_eq!(
            definitions("Basisondersteuning is de ondersteuning die elke school biedt."),
            vec!["Basisondersteuning"]
        );
        assert!(definitions("Dit is een zin.\nHet doel is helder.").is_empty());
    }
}
