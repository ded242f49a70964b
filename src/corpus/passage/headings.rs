//! Decides which units are headings and at what level (marked `## Titel`, bold, numbered, named
//! in the table of contents, after a page break, `stap 1`, two-line titles), which units are front matter, which
//! card footers name a card, and which "headings" were text after all.

use std::sync::LazyLock;

use regex::Regex;

use super::Clean;
use super::lines::Line;
use super::units::{ENUMERATED, FOOTNOTE, Unit, UnitKind};

static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Ll}\)’'”][.!?]\s+\p{Lu}").unwrap());
static LABEL_VALUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{L}-]+:\s+\S").unwrap());
static SECTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\p{L}").unwrap());
/// A card footer: the card's title, then its version or validity.
static COLOPHON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.{8,140}?)\.\s+(?:pilotversie|conceptversie|versie|geldig)\b").unwrap()
});

/// Marks headings with their level and title, footers as colophons, and numbered lines that
/// are no headings as list items; then joins two-line titles.
pub(super) fn classify_headings(mut units: Vec<Unit>, lines: &[Line]) -> Vec<Unit> {
    let contents = Contents::of(&units, lines);
    let mut levels = Levels {
        strong: None,
        plain: 1,
        open: Vec::new(),
    };
    for i in 0..units.len() {
        let u = &mut units[i];
        if u.kind != UnitKind::Text || !is_heading_like(u) {
            if u.kind == UnitKind::Text {
                levels.lead_in(&u.clean.text);
            }
            if u.kind == UnitKind::Text && COLOPHON.is_match(&u.clean.text) {
                u.kind = UnitKind::Colophon;
            } else if u.kind == UnitKind::Text && u.numbered {
                u.kind = UnitKind::Item;
            }
            continue;
        }
        if units[i].marked.is_none() && in_numbered_list(&units, i) {
            units[i].kind = UnitKind::Item;
            continue;
        }
        let u = &mut units[i];
        let t = u.clean.text.trim().to_string();
        let level = levels.next(u, &t, &contents);
        u.kind = UnitKind::Heading {
            level,
            title: t.split_whitespace().collect::<Vec<_>>().join(" "),
        };
    }
    join_two_line_titles(units)
}

/// Short, unfinished, single-line text: the shape of a heading.
fn is_heading_like(u: &Unit) -> bool {
    let t = u.clean.text.trim();
    let chars = t.chars().count();
    let words = t.split_whitespace().count();
    if u.bold || u.marked.is_some() {
        return chars > 0;
    }
    if u.lines != 1 || !(2..=140).contains(&chars) || words > 20 {
        return false;
    }
    // A short question can be a heading ("Wat is basisondersteuning niet?").
    let question_heading = t.ends_with('?') && words <= 8;
    if t.ends_with(['.', ',', ';', ':', '!', '?', '…']) && !question_heading {
        return false;
    }
    if SENTENCE_BREAK.is_match(t) || LABEL_VALUE.is_match(t) || FOOTNOTE.is_match(t) {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    first.is_uppercase() || first.is_ascii_digit() || ENUMERATED.is_match(t)
}

/// A numbered line among numbered neighbours in the same block is a list item, no heading.
fn in_numbered_list(units: &[Unit], i: usize) -> bool {
    let u = &units[i];
    let numbered_neighbour = |n: Option<&Unit>| n.is_some_and(|p| p.block == u.block && p.numbered);
    u.numbered
        && (numbered_neighbour(i.checked_sub(1).map(|p| &units[p]))
            || numbered_neighbour(units.get(i + 1)))
}

/// The titles a table of contents gives: headings printed among its entries are the chapter
/// titles, the entries themselves give second-level titles.
struct Contents {
    top: Vec<String>,
    sub: Vec<String>,
}

impl Contents {
    fn of(units: &[Unit], lines: &[Line]) -> Contents {
        let sub = lines
            .iter()
            .filter_map(|l| l.toc_title.as_deref().map(norm_title))
            .collect();
        let top = match lines.iter().rposition(|l| l.toc_title.is_some()) {
            Some(last) => units
                .iter()
                .filter(|u| u.first_line <= last + 4 && is_heading_like(u))
                .map(|u| norm_title(&u.clean.text))
                .collect(),
            None => Vec::new(),
        };
        Contents { top, sub }
    }

    fn names_chapter(&self, norm: &str) -> bool {
        self.top.iter().any(|t| t == norm)
    }

    fn names_section(&self, norm: &str) -> bool {
        self.sub.iter().any(|x| norm.starts_with(x.as_str()))
    }
}

/// The levels of the headings so far, which the level of an unmarked heading follows.
struct Levels {
    /// Level of the last heading with a structural signal (bold, number, contents, page break).
    strong: Option<u8>,
    /// Level of the last heading that is no step of a series.
    plain: u8,
    /// The open headings, outermost first: level and folded title.
    open: Vec<(u8, String)>,
}

impl Levels {
    /// Level of heading unit `u` with trimmed text `t`; remembers it for the headings after it.
    fn next(&mut self, u: &Unit, t: &str, contents: &Contents) -> u8 {
        let norm = norm_title(t);
        let enumerated = ENUMERATED.is_match(t);
        let level = if let Some(marked) = u.marked {
            marked
        } else if u.bold {
            1
        } else if let Some(c) = SECTION_NUMBER.captures(t).filter(|_| !enumerated) {
            c[1].split('.').count() as u8
        } else if contents.names_chapter(&norm) {
            1
        } else if contents.names_section(&norm) {
            2
        } else if enumerated {
            self.plain + 1
        } else if u.page_break {
            1
        } else {
            // Every level is at least 1, so this is one below the last strong heading.
            self.strong.unwrap_or(1) + 1
        };
        let strong = u.bold
            || u.marked.is_some()
            || SECTION_NUMBER.is_match(t)
            || contents.names_chapter(&norm)
            || contents.names_section(&norm)
            || u.page_break;
        if !enumerated {
            if strong {
                self.strong = Some(level);
            }
            self.plain = level;
        }
        self.open.retain(|(l, _)| *l < level);
        // Without its number: a paragraph names "de kaarten", not "3.1 kaarten".
        let words =
            t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
        self.open.push((level, crate::text::fold(words)));
        level
    }

    /// A paragraph that announces what follows ("De ondersteuningskaarten hebben per thema
    /// een vaste opbouw:") and names an enclosing heading but not the innermost one: the
    /// headings after it belong to that enclosing heading, not to the last subsection.
    fn lead_in(&mut self, text: &str) {
        let t = text.trim();
        if !t.ends_with(':') || self.open.len() < 2 {
            return;
        }
        let folded = crate::text::fold(t);
        let names = |title: &str| contains_words(&folded, title);
        if self.open.last().is_some_and(|(_, title)| names(title)) {
            return;
        }
        let outer = self.open[..self.open.len() - 1]
            .iter()
            .rev()
            .find(|(_, title)| names(title))
            .map(|(level, _)| *level);
        if let Some(level) = outer {
            self.strong = Some(level);
            self.plain = level;
            self.open.retain(|(l, _)| *l <= level);
        }
    }
}

/// Whether `text` contains the words of `title` in a row (both folded), at word boundaries.
fn contains_words(text: &str, title: &str) -> bool {
    let words = |s: &str| -> Vec<String> { crate::text::words(s).map(|(_, w)| w).collect() };
    let (text, title) = (words(text), words(title));
    !title.is_empty() && text.windows(title.len()).any(|w| w == title.as_slice())
}

/// Two short lines forming one block are one heading: `Trede 1` / `Onderwijs op maat`.
fn join_two_line_titles(units: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        if let Some(prev) = out.last_mut()
            && completes_title(prev, &u)
            && let UnitKind::Heading { title, .. } = &mut prev.kind
        {
            *title = format!("{title} – {}", u.clean.text.trim());
            prev.clean.append(&u.clean, '\n');
            continue;
        }
        out.push(u);
    }
    out
}

/// `u` is the second line of the one-line heading `prev`.
fn completes_title(prev: &Unit, u: &Unit) -> bool {
    matches!(prev.kind, UnitKind::Heading { .. })
        && !prev.bold
        && prev.marked.is_none()
        && u.marked.is_none()
        && prev.block == u.block
        && prev.lines == 1
        && u.lines == 1
        && matches!(u.kind, UnitKind::Text | UnitKind::Heading { .. })
        && !u.numbered
        && !ENUMERATED.is_match(&u.clean.text)
        && u.clean.text.chars().count() <= 60
        && !u.clean.ends_terminal()
}

/// A document that opens with a cover and a table of contents: everything up to the last
/// contents entry, and the run of headings after it, is front matter. Only the last heading
/// before the first real text survives (the first chapter's title).
pub(super) fn drop_front_matter(units: Vec<Unit>, lines: &[Line]) -> Vec<Unit> {
    let Some(last_toc) = lines.iter().rposition(|l| l.toc_title.is_some()) else {
        return units;
    };
    if last_toc * 3 > lines.len() {
        return units;
    }
    let Some(first_text) = units
        .iter()
        .position(|u| u.first_line > last_toc && !matches!(u.kind, UnitKind::Heading { .. }))
    else {
        return units;
    };
    let keep_heading = units[..first_text]
        .iter()
        .rposition(|u| matches!(u.kind, UnitKind::Heading { .. }) && u.first_line > last_toc);
    units
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i >= first_text || Some(*i) == keep_heading)
        .map(|(_, u)| u)
        .collect()
}

/// A "heading" with nothing under it (the next heading is at the same or a higher level, or
/// the document ends) was text that only looked like a heading: `Kijk op ...`, `Augustus 2024`.
pub(super) fn demote_empty_headings(mut units: Vec<Unit>) -> Vec<Unit> {
    for i in 0..units.len() {
        let UnitKind::Heading { level, .. } = units[i].kind else {
            continue;
        };
        let empty = match units.get(i + 1).map(|u| &u.kind) {
            None => true,
            Some(UnitKind::Heading { level: next, .. }) => *next <= level,
            Some(_) => false,
        };
        if empty && !units[i].clean.fragments.is_empty() {
            units[i].kind = UnitKind::Text;
            units[i].numbered = false;
        }
    }
    units
}

/// Title normalised for comparison: no markup, single spaces, lowercase.
pub(super) fn norm_title(s: &str) -> String {
    s.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Cards print their title in the footer (`ANB ondersteuningskaart basisondersteuning.
/// Pilotversie mei 2025, geldig t/m juli 2026`). Each footer names the part before it, which
/// becomes a section of that name; its own headings go one level down.
pub(super) fn name_cards(units: Vec<Unit>) -> Vec<Unit> {
    if !units.iter().any(|u| u.kind == UnitKind::Colophon) {
        return units;
    }
    let mut out = Vec::with_capacity(units.len() + 2);
    let mut card: Vec<Unit> = Vec::new();
    for u in units {
        let is_colophon = u.kind == UnitKind::Colophon;
        card.push(u);
        if !is_colophon {
            continue;
        }
        let footer = card.last().expect("just pushed");
        match card_title(footer).filter(|_| card.len() > 1) {
            Some(title) => {
                // The heading has no text of its own: the title is only printed in the footer.
                let mut heading = card[0].clone();
                heading.kind = UnitKind::Heading { level: 1, title };
                heading.clean = Clean::default();
                out.push(heading);
                for mut c in card.drain(..) {
                    if let UnitKind::Heading { level, .. } = &mut c.kind {
                        *level = (*level).max(2);
                    }
                    out.push(c);
                }
            }
            None => out.append(&mut card),
        }
    }
    out.append(&mut card);
    out
}

/// The card title a footer names, if it names one.
fn card_title(footer: &Unit) -> Option<String> {
    COLOPHON
        .captures(&footer.clean.text)
        .map(|c| c[1].trim().to_string())
        .filter(|t| !t.is_empty())
}
