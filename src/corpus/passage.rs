//! Splits a document into sections and passages, cleaning extraction noise in code.
//!
//! The texts are extractions from PDFs, web pages and an OCR scan. This module recognises their
//! structure (headings, lists with their lead-in line, tables, glossary entries, card footers) and
//! drops their noise (page numbers, table-of-contents lines, OCR bullets, markdown remnants,
//! figure debris). It never rewrites words: a passage's text is built only from verbatim pieces of
//! the source, joined by a space or a newline, and every piece remembers its byte range
//! ([`Fragment`]). So each quote can be traced back to, and checked against, the source.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::corpus::Document;

/// Passages are kept readable: longer paragraphs and lists are split near this many characters.
pub const MAX_PASSAGE_CHARS: usize = 1000;

/// Paragraphs shorter than this (in bytes) are joined with short neighbours.
const SHORT_PARAGRAPH: usize = 160;

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
                match out.last_mut() {
                    Some(prev)
                        if u.len() < 12
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

/// A numbered series of sections a document walks through: "stap 1 - Intake" … "stap 7 -
/// Uitvoeren", "Niveau 1." … "Niveau 4.", "Trede 1" … "Trede 3". Questions such as "welke
/// stappen …" are answered with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    /// Source id.
    pub doc: String,
    /// Chapter the series stands in (top of the breadcrumb).
    pub chapter: String,
    /// The series word, singular and lowercase: `stap`, `niveau`, `trede`.
    pub keyword: String,
    /// The sections in document order.
    pub items: Vec<OutlineItem>,
}

/// One section of an [`Outline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineItem {
    /// The heading as printed ("stap 1 - Intake").
    pub heading: String,
    /// The first passage of the section.
    pub passage: String,
}

static SERIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(stap|fase|trede|niveau|ijkpunt|module|hoofdstuk|deel)\s+(\d{1,2})\b")
        .unwrap()
});

/// The numbered series in a document's passages (in order), and for each passage the series it
/// belongs to (index into the returned outlines).
pub fn outlines(passages: &[Passage]) -> (Vec<Outline>, Vec<Option<usize>>) {
    let mut out: Vec<Outline> = Vec::new();
    let mut member = vec![None; passages.len()];
    for (i, p) in passages.iter().enumerate() {
        let Some((depth, caps)) = p
            .breadcrumb
            .iter()
            .enumerate()
            .rev()
            .find_map(|(d, t)| SERIES.captures(t).map(|c| (d, c)))
        else {
            continue;
        };
        let keyword = caps[1].to_lowercase();
        let heading = p.breadcrumb[depth].clone();
        let chapter = if depth > 0 {
            p.breadcrumb[0].clone()
        } else {
            String::new()
        };
        let k = match out
            .iter()
            .position(|o| o.doc == p.doc && o.chapter == chapter && o.keyword == keyword)
        {
            Some(k) => k,
            None => {
                out.push(Outline {
                    doc: p.doc.clone(),
                    chapter,
                    keyword,
                    items: Vec::new(),
                });
                out.len() - 1
            }
        };
        if !out[k].items.iter().any(|it| it.heading == heading) {
            out[k].items.push(OutlineItem {
                heading,
                passage: p.id.clone(),
            });
        }
        member[i] = Some(k);
    }
    // A series has at least two steps; renumber memberships after dropping the others.
    let keep: Vec<bool> = out.iter().map(|o| o.items.len() >= 2).collect();
    let mut new_index = Vec::with_capacity(out.len());
    let mut n = 0;
    for k in &keep {
        new_index.push(if *k { Some(n) } else { None });
        n += usize::from(*k);
    }
    let out = out
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(o, _)| o)
        .collect();
    let member = member
        .into_iter()
        .map(|m| m.and_then(|k| new_index[k]))
        .collect();
    (out, member)
}

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

/// Splits a document into passages.
pub fn split(doc: &Document) -> Vec<Passage> {
    let src = doc.text.as_str();
    let lines = read_lines(src);
    let wrapped = is_hard_wrapped(&lines);
    let width = wrap_width(&lines);
    let units = build_units(src, &lines, wrapped, width);
    let units = drop_front_matter(units, &lines);
    let units = name_cards(units);
    let units = demote_empty_headings(units);
    if std::env::var_os("NW_DEBUG_UNITS").is_some() {
        for u in &units {
            eprintln!(
                "{:?} b{} pb{} | {}",
                u.kind,
                u.block,
                u.page_break,
                u.clean.text.replace('\n', " / ")
            );
        }
    }
    assemble(&doc.meta.id, units)
}

// ---------------------------------------------------------------------------------------------
// Lines

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bullet {
    /// `- `, `• `, OCR `e `/`o `/`¢ `: the marker is dropped.
    Marker,
    /// `1. ` or `1) `: the number is kept, it is content.
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Noise {
    PageNumber,
    TocEntry,
    Navigation,
    ImageName,
    Caption,
    Debris,
}

#[derive(Debug, Clone)]
struct Line {
    clean: Clean,
    /// Number of blank lines just before this line (a page break shows as three or more).
    blank_before: usize,
    bullet: Option<Bullet>,
    tabbed: bool,
    bold_open: bool,
    bold_close: bool,
    noise: Option<Noise>,
    /// Title of a table-of-contents entry (`- 04 Vormen van ondersteuning`).
    toc_title: Option<String>,
    /// Length of the raw line in characters, for wrap detection.
    raw_chars: usize,
    /// The line starts with a note marker (`*waar ...`): it starts a new unit.
    note: bool,
}

static TOC_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-\s+\d{1,3}\s+(\S.*)$").unwrap());
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}[.)]\s+\S").unwrap());
static IMAGE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+(?:\.(?:png|jpe?g|svg|gif))?$").unwrap()
});
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:figuur|afbeelding|tabel)\s+\d+\s*[:.]").unwrap());
static GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \u{a0}]*\t[\s\u{a0}]*|[ \u{a0}]{2,}").unwrap());
static URL_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:https?://)?(?:www\.)?[\w.-]+\.(?:nl|com|org|eu|net|info)(?:/\S*)?$").unwrap()
});
static OCR_BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ (?:e|¢|o) \p{Lu}").unwrap());
static PAGE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:pagina\s+)?\d{1,3}$").unwrap());

fn read_lines(src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut blank = 0usize;
    let mut offset = 0usize;
    let mut first = true;
    for raw in src.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let range = start..start + body.len();
        if body.trim().is_empty() {
            blank += 1;
            continue;
        }
        let mut line = clean_line(src, range);
        // The start of the document counts as a page break.
        line.blank_before = if first { usize::MAX } else { blank };
        first = false;
        blank = 0;
        out.push(line);
    }
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}'
}

/// Cleans one line: trims it, drops list markers and markdown, splits at tabs and runs of
/// spaces. Only drops characters; what remains is verbatim.
fn clean_line(src: &str, range: Range<usize>) -> Line {
    let raw = &src[range.clone()];
    let raw_chars = raw.trim().chars().count();
    let tabbed = raw.trim().contains('\t');
    let lead = raw.len() - raw.trim_start_matches(is_space).len();
    let trail = raw.len() - raw.trim_end_matches(is_space).len();
    let (mut s, e) = (range.start + lead, range.end - trail);
    let trimmed = &src[s..e];

    let toc_title = TOC_ENTRY.captures(trimmed).map(|c| c[1].trim().to_string());

    // List markers.
    let mut bullet = None;
    for marker in [
        "- ", "– ", "• ", "· ", "▪ ", "◦ ", "* ", "¢ ", "o ", "e ", "O ",
    ] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            let next = rest.trim_start().chars().next();
            let ok = match marker {
                "e " => next.is_some_and(char::is_uppercase),
                "o " | "O " => next.is_some_and(char::is_alphabetic),
                _ => next.is_some(),
            };
            if ok {
                bullet = Some(Bullet::Marker);
                s += marker.len() + (rest.len() - rest.trim_start().len());
            }
            break;
        }
    }
    if bullet.is_none() && NUMBERED.is_match(trimmed) {
        bullet = Some(Bullet::Number);
    }

    // Markdown remnants: **bold**, [link](target), \( \), stray *emphasis*.
    let text = &src[s..e];
    // A bold heading is bold as a whole: `**Titel**`, or a bold run over several lines.
    let inner_bold = text.get(2..).unwrap_or("").matches("**").count();
    let bold_open = bullet.is_none()
        && text.starts_with("**")
        && (inner_bold == 0 || (inner_bold == 1 && text.len() > 4 && text.ends_with("**")));
    let bold_close =
        text.ends_with("**") && text.matches("**").count() == 1 || (bold_open && inner_bold == 1);
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
    let rest_of_source = &src[s..];
    let link_close_near = |from: usize| -> bool {
        // A `](` later on this line or the next one.
        let tail = &rest_of_source[from..];
        let limit = tail
            .match_indices('\n')
            .nth(1)
            .map_or(tail.len(), |(i, _)| i);
        tail[..limit].contains("](")
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'*' => {
                let mut j = i;
                while j < bytes.len() && bytes[j] == b'*' {
                    j += 1;
                }
                let before = text[..i].chars().next_back();
                let after = text[j..].chars().next();
                let spaced =
                    before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace);
                if !spaced || j - i >= 2 {
                    cuts.push(i..j);
                }
                i = j;
            }
            b'[' if link_close_near(i) => {
                cuts.push(i..i + 1);
                i += 1;
            }
            b']' if text[i..].starts_with("](") => {
                let close = text[i..].find(')').map_or(text.len(), |k| i + k + 1);
                cuts.push(i..close);
                i = close;
            }
            b' ' if i > 0 && OCR_BULLET.is_match(&text[i..]) => {
                let m = OCR_BULLET.find(&text[i..]).expect("matched");
                // Keep one space; drop the marker and the space after it.
                cuts.push(i + 1..i + m.end() - 1);
                i += m.end() - 1;
            }
            b'\\'
                if matches!(
                    bytes.get(i + 1),
                    Some(b'(' | b')' | b'[' | b']' | b'*' | b'_')
                ) =>
            {
                cuts.push(i..i + 1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    // A line that only closes a multi-line link: `van Passend Onderwijs Almere](#)`.
    let mut clean = Clean::default();
    let mut pos = 0;
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for cut in cuts
        .iter()
        .chain(std::iter::once(&(text.len()..text.len())))
    {
        if cut.start > pos {
            pieces.push(pos..cut.start);
        }
        pos = pos.max(cut.end);
    }
    let mut last_end: Option<usize> = None;
    for piece in pieces {
        // Split at tabs and runs of two or more spaces so the text has single spaces.
        let part = &text[piece.clone()];
        let mut from = 0;
        let gaps = GAP.find_iter(part).map(|m| m.range());
        for gap in gaps.chain(std::iter::once(part.len()..part.len())) {
            let seg = &part[from..gap.start];
            let inner = seg.trim_matches(is_space);
            if !inner.is_empty() {
                let a =
                    s + piece.start + from + (seg.len() - seg.trim_start_matches(is_space).len());
                // Pieces that touched in the source (a cut `\(` or `**`) stay joined.
                if let Some(end) = last_end
                    && src[end..a].contains(is_space)
                {
                    clean.sep(' ');
                }
                clean.push(src, a..a + inner.len());
                last_end = Some(a + inner.len());
            }
            from = gap.end;
        }
    }

    let t = clean.text.as_str();
    let alnum = t.chars().filter(|c| c.is_alphanumeric()).count();
    // OCR figure debris: backslashes, bars, tildes, and slashes standing apart from words.
    let chars: Vec<char> = t.chars().collect();
    let symbols: usize = (0..chars.len())
        .map(|i| match chars[i] {
            '\\' => 2,
            '|' | '~' => 1,
            '/' => {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                usize::from(
                    !before.is_some_and(char::is_alphanumeric)
                        || !after.is_some_and(char::is_alphanumeric),
                )
            }
            _ => 0,
        })
        .sum();
    let noise = if toc_title.is_some() {
        Some(Noise::TocEntry)
    } else if t.is_empty() {
        Some(Noise::Debris)
    } else if PAGE_NUMBER.is_match(t) {
        Some(Noise::PageNumber)
    } else if t.eq_ignore_ascii_case("back to top") || t.eq_ignore_ascii_case("terug naar boven") {
        Some(Noise::Navigation)
    } else if IMAGE_NAME.is_match(t) && !t.contains(char::is_whitespace) {
        Some(Noise::ImageName)
    } else if CAPTION.is_match(t) {
        Some(Noise::Caption)
    } else if URL_ONLY.is_match(t) {
        Some(Noise::Navigation)
    } else if (symbols >= 2 && symbols * 25 > t.chars().count() && !t.contains("://"))
        || (t.chars().count() <= 2 && !t.chars().all(|c| c.is_ascii_digit()))
        || alnum * 2 < t.chars().count()
    {
        Some(Noise::Debris)
    } else {
        None
    };

    let note = trimmed.starts_with('*') && trimmed[1..].starts_with(char::is_alphabetic);
    Line {
        note,
        clean,
        blank_before: 0,
        bullet,
        tabbed,
        bold_open,
        bold_close,
        noise,
        toc_title,
        raw_chars,
    }
}

/// Hard-wrapped texts (OCR, e-mail) have most lines near one width and none much longer.
fn is_hard_wrapped(lines: &[Line]) -> bool {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.raw_chars).collect();
    if lens.len() < 20 {
        return false;
    }
    lens.sort_unstable();
    let median = lens[lens.len() / 2];
    let p90 = lens[lens.len() * 9 / 10];
    median >= 40 && p90 <= 110 && lens[lens.len() - 1] <= 130
}

fn wrap_width(lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.raw_chars).collect();
    lens.sort_unstable();
    lens.get(lens.len() * 9 / 10).copied().unwrap_or(80).max(40)
}

// ---------------------------------------------------------------------------------------------
// Units: paragraphs, list items, table rows, headings

#[derive(Debug, Clone, PartialEq, Eq)]
enum UnitKind {
    Text,
    Item,
    Row,
    Heading { level: u8 },
    Colophon,
}

#[derive(Debug, Clone)]
struct Unit {
    kind: UnitKind,
    clean: Clean,
    /// The unit starts a block that follows a page break (or the document start).
    page_break: bool,
    /// Block number, to tell units of one block apart.
    block: usize,
    lines: usize,
    bold: bool,
    numbered: bool,
    /// Last line was short (wrapped texts only): the paragraph may have ended.
    short_tail: bool,
    /// Title of a heading as shown in breadcrumbs (lines joined with ` – `).
    title: String,
    /// Index (in the line list) of the unit's first line.
    first_line: usize,
}

static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Ll}\)’'”][.!?]\s+\p{Lu}").unwrap());
static LABEL_VALUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{L}-]+:\s+\S").unwrap());
static SECTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\p{L}").unwrap());
static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:stap|fase|trede|niveau|ijkpunt|bijlage|hoofdstuk|deel|paragraaf|module)\s+\d")
        .unwrap()
});
static COLOPHON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.{8,140}?)\.\s+(?:pilotversie|conceptversie|versie|geldig)\b").unwrap()
});
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s").unwrap());

fn build_units(src: &str, lines: &[Line], wrapped: bool, width: usize) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut block = 0usize;
    let short = width * 6 / 10;
    let mut in_bold = false;
    let (block_noise, address) = block_shapes(lines, wrapped);
    for (n, line) in lines.iter().enumerate() {
        let new_block = n == 0 || line.blank_before > 0;
        if new_block {
            block += 1;
        }
        if line.noise.is_some() || block_noise[n] {
            if in_bold && line.bold_close {
                in_bold = false;
            }
            continue;
        }
        let page_break = new_block && line.blank_before >= 3;
        // Short unpunctuated lines stacked in one block (an address) stay together, one per line.
        if address[n]
            && !new_block
            && let Some(u) = units.last_mut()
        {
            u.clean.append(&line.clean, '\n');
            u.lines += 1;
            continue;
        }
        let starts_lower = line.clean.starts_lower();
        let last = units.last_mut();

        // Bold runs (`**De Almeerse Norm\nBasisondersteuning**`) are one heading.
        if in_bold {
            if let Some(u) = last {
                u.clean.append(&line.clean, ' ');
                u.lines += 1;
            }
            in_bold = !line.bold_close;
            continue;
        }
        if line.bold_open {
            in_bold = !line.bold_close || line.clean.text.is_empty();
            units.push(Unit {
                kind: UnitKind::Text,
                clean: line.clean.clone(),
                page_break,
                block,
                lines: 1,
                bold: true,
                numbered: false,
                short_tail: true,
                title: String::new(),
                first_line: n,
            });
            continue;
        }

        // Does this line continue the previous unit?
        let continues = match last {
            Some(u) if u.bold || matches!(u.kind, UnitKind::Heading { .. } | UnitKind::Row) => {
                false
            }
            Some(_) if line.bullet.is_some() || line.tabbed || line.note => false,
            // Wrapped text: a long previous line means the sentence runs on.
            Some(u) if !new_block && wrapped && !u.short_tail => true,
            Some(_) if ENUMERATED.is_match(&line.clean.text) => false,
            Some(u) if !new_block => !u.clean.ends_terminal() && starts_lower,
            // Across blocks (page breaks): only an unfinished sentence continuing in lowercase.
            Some(u) => !u.clean.ends_terminal() && starts_lower,
            None => false,
        };
        if continues {
            let u = units.last_mut().expect("checked");
            // Hyphenated word split over two lines: drop the hyphen, join without space.
            let joined_hyphen = wrapped
                && u.clean.text.ends_with('-')
                && starts_lower
                && u.clean.text[..u.clean.text.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_lowercase);
            if joined_hyphen {
                dehyphenate(&mut u.clean);
                let base = u.clean.text.len();
                u.clean.text.push_str(&line.clean.text);
                u.clean
                    .fragments
                    .extend(line.clean.fragments.iter().map(|f| Fragment {
                        source: f.source.clone(),
                        at: f.at + base,
                    }));
            } else {
                u.clean.append(&line.clean, ' ');
            }
            u.lines += 1;
            u.short_tail = line.raw_chars < short;
            continue;
        }

        let kind = if line.tabbed {
            UnitKind::Row
        } else if line.bullet == Some(Bullet::Marker) {
            UnitKind::Item
        } else {
            UnitKind::Text
        };
        units.push(Unit {
            kind,
            clean: line.clean.clone(),
            page_break,
            block,
            lines: 1,
            bold: false,
            numbered: line.bullet == Some(Bullet::Number),
            short_tail: line.raw_chars < short,
            title: String::new(),
            first_line: n,
        });
    }
    let _ = src;
    classify_headings(units, lines)
}

/// Per line: is it part of a logo block (several one-word lines: `passend / ONDERWIJS /
/// almere`), and is it part of an address-like block (three or more short, unpunctuated lines)?
fn block_shapes(lines: &[Line], wrapped: bool) -> (Vec<bool>, Vec<bool>) {
    let mut logo = vec![false; lines.len()];
    let mut address = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && lines[end].blank_before == 0 {
            end += 1;
        }
        let block: Vec<&Line> = lines[start..end]
            .iter()
            .filter(|l| l.noise.is_none())
            .collect();
        if block.len() >= 2
            && block
                .iter()
                .all(|l| l.clean.text.split_whitespace().count() == 1 && l.bullet.is_none())
        {
            logo[start..end].iter_mut().for_each(|x| *x = true);
        } else if !wrapped
            && block.len() >= 3
            && block.iter().all(|l| {
                l.clean.text.chars().count() <= 60
                    && l.bullet.is_none()
                    && !l.tabbed
                    && !l.bold_open
                    && !l.clean.ends_terminal()
            })
        {
            address[start..end].iter_mut().for_each(|x| *x = true);
        }
        start = end;
    }
    if wrapped {
        mark_figures(lines, &mut logo);
    }
    (logo, address)
}

/// In wrapped (scanned) text a figure comes out as a run of short, unpunctuated lines with
/// stray slashes and backslashes. A run of such lines spanning two or more blocks, with at
/// least one debris line in it, is dropped whole.
fn mark_figures(lines: &[Line], noise: &mut [bool]) {
    let width = wrap_width(lines);
    let short = |l: &Line| {
        l.noise.is_some()
            || (l.raw_chars * 2 < width
                && !l.clean.ends_terminal()
                && l.bullet != Some(Bullet::Marker))
    };
    let mut i = 0;
    while i < lines.len() {
        if !short(&lines[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && short(&lines[j]) {
            j += 1;
        }
        let run = &lines[i..j];
        let blocks = run.iter().skip(1).filter(|l| l.blank_before > 0).count() + 1;
        let debris = run
            .iter()
            .filter(|l| l.noise == Some(Noise::Debris))
            .count();
        if blocks >= 2 && debris >= 1 && run.len() >= 4 {
            noise[i..j].iter_mut().for_each(|x| *x = true);
        }
        i = j;
    }
}

/// Removes a trailing hyphen piece from the text (the fragment is shortened by one byte).
fn dehyphenate(clean: &mut Clean) {
    clean.text.pop();
    if let Some(f) = clean.fragments.last_mut() {
        f.source.end -= 1;
        if f.source.is_empty() {
            clean.fragments.pop();
        }
    }
}

/// Short, unfinished, single-line text: the shape of a heading.
fn is_heading_like(u: &Unit) -> bool {
    let t = u.clean.text.trim();
    let chars = t.chars().count();
    let words = t.split_whitespace().count();
    if u.bold {
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

fn classify_headings(mut units: Vec<Unit>, lines: &[Line]) -> Vec<Unit> {
    // Table of contents: top-level titles are the headings printed before the first entry list,
    // entries give second-level titles.
    let toc_sub: Vec<String> = lines
        .iter()
        .filter_map(|l| l.toc_title.as_deref().map(norm_title))
        .collect();
    let last_toc_line = lines.iter().rposition(|l| l.toc_title.is_some());
    // Headings printed among the contents entries are the chapter titles.
    let toc_top: Vec<String> = match last_toc_line {
        Some(last) => units
            .iter()
            .filter(|u| u.first_line <= last + 4 && is_heading_like(u))
            .map(|u| norm_title(&u.clean.text))
            .collect(),
        None => Vec::new(),
    };

    let n = units.len();
    let mut strong_level: u8 = 0; // level of the last heading with a structural signal
    let mut plain_level: u8 = 1; // level of the last non-enumerated heading
    for i in 0..n {
        let (before, rest) = units.split_at_mut(i);
        let u = &mut rest[0];
        if u.kind != UnitKind::Text || !is_heading_like(u) {
            if u.kind == UnitKind::Text && COLOPHON.is_match(&u.clean.text) {
                u.kind = UnitKind::Colophon;
            } else if u.kind == UnitKind::Text && u.numbered {
                u.kind = UnitKind::Item;
            }
            continue;
        }
        let t = u.clean.text.trim().to_string();
        // A numbered line among numbered neighbours in the same block is a list item.
        if u.numbered {
            let prev_numbered = before
                .last()
                .is_some_and(|p| p.block == u.block && p.numbered);
            let next_numbered = units
                .get(i + 1)
                .is_some_and(|p| p.block == units[i].block && p.numbered);
            if prev_numbered || next_numbered {
                units[i].kind = UnitKind::Item;
                continue;
            }
        }
        let u = &mut units[i];
        let nt = norm_title(&t);
        let level = if u.bold {
            1
        } else if let Some(c) = SECTION_NUMBER
            .captures(&t)
            .filter(|_| !ENUMERATED.is_match(&t))
        {
            c[1].split('.').count() as u8
        } else if toc_top.contains(&nt) {
            1
        } else if toc_sub.iter().any(|x| nt.starts_with(x.as_str())) {
            2
        } else if ENUMERATED.is_match(&t) {
            plain_level + 1
        } else if u.page_break {
            1
        } else {
            strong_level.max(1) + 1
        };
        let strong = u.bold
            || SECTION_NUMBER.is_match(&t)
            || toc_top.contains(&nt)
            || toc_sub.iter().any(|x| nt.starts_with(x.as_str()))
            || u.page_break;
        if strong && !ENUMERATED.is_match(&t) {
            strong_level = level;
        }
        if !ENUMERATED.is_match(&t) {
            plain_level = level;
        }
        u.kind = UnitKind::Heading { level };
        u.title = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }

    // Two short lines forming one block are one heading: `Trede 1` / `Onderwijs op maat`.
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        if let Some(prev) = out.last_mut()
            && matches!(prev.kind, UnitKind::Heading { .. })
            && !prev.bold
            && prev.block == u.block
            && prev.lines == 1
            && u.lines == 1
            && matches!(u.kind, UnitKind::Text | UnitKind::Heading { .. })
            && !u.numbered
            && !ENUMERATED.is_match(&u.clean.text)
            && u.clean.text.chars().count() <= 60
            && !u.clean.ends_terminal()
        {
            prev.clean.append(&u.clean, '\n');
            prev.title = format!("{} – {}", prev.title, u.clean.text.trim());
            continue;
        }
        out.push(u);
    }
    out
}

/// A document that opens with a cover and a table of contents: everything up to the last
/// contents entry, and the run of headings after it, is front matter. Only the last heading
/// before the first real text survives (the first chapter's title).
fn drop_front_matter(units: Vec<Unit>, lines: &[Line]) -> Vec<Unit> {
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
fn demote_empty_headings(mut units: Vec<Unit>) -> Vec<Unit> {
    for i in 0..units.len() {
        let UnitKind::Heading { level } = units[i].kind else {
            continue;
        };
        let empty = match units.get(i + 1).map(|u| &u.kind) {
            None => true,
            Some(UnitKind::Heading { level: next }) => *next <= level,
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
fn norm_title(s: &str) -> String {
    s.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Cards print their title in the footer (`ANB ondersteuningskaart basisondersteuning.
/// Pilotversie mei 2025, geldig t/m juli 2026`). Each footer names the part before it.
fn name_cards(units: Vec<Unit>) -> Vec<Unit> {
    if !units.iter().any(|u| u.kind == UnitKind::Colophon) {
        return units;
    }
    let mut out = Vec::with_capacity(units.len() + 2);
    let mut card: Vec<Unit> = Vec::new();
    for u in units {
        let is_colophon = u.kind == UnitKind::Colophon;
        card.push(u);
        if is_colophon {
            let footer = card.last().expect("just pushed");
            let title = COLOPHON
                .captures(&footer.clean.text)
                .map(|c| c[1].trim().to_string())
                .unwrap_or_default();
            if card.len() > 1 && !title.is_empty() {
                let mut heading = card[0].clone();
                heading.kind = UnitKind::Heading { level: 1 };
                heading.clean = Clean::default();
                heading.title = title;
                out.push(heading);
                for mut c in card.drain(..) {
                    if let UnitKind::Heading { level } = c.kind {
                        c.kind = UnitKind::Heading {
                            level: level.max(2),
                        };
                    }
                    out.push(c);
                }
            } else {
                out.append(&mut card);
            }
        }
    }
    out.append(&mut card);
    out
}

// ---------------------------------------------------------------------------------------------
// Passages

struct Builder<'a> {
    doc: &'a str,
    out: Vec<Passage>,
    /// Section path → slug, and slug → path, to keep slugs unique per document.
    slugs: HashMap<Vec<String>, String>,
    taken: HashMap<String, Vec<String>>,
    counters: HashMap<String, usize>,
}

impl Builder<'_> {
    fn slug_for(&mut self, crumbs: &[String]) -> String {
        if let Some(s) = self.slugs.get(crumbs) {
            return s.clone();
        }
        let base = crumbs
            .last()
            .map_or_else(|| "begin".to_string(), |t| slugify(t));
        let mut slug = base.clone();
        if self
            .taken
            .get(&slug)
            .is_some_and(|p| p.as_slice() != crumbs)
        {
            if crumbs.len() >= 2 {
                slug = format!("{}-{}", slugify(&crumbs[crumbs.len() - 2]), base);
            }
            let mut n = 2;
            while self.taken.contains_key(&slug) {
                slug = format!("{base}-{n}");
                n += 1;
            }
        }
        self.taken.insert(slug.clone(), crumbs.to_vec());
        self.slugs.insert(crumbs.to_vec(), slug.clone());
        slug
    }

    fn emit(
        &mut self,
        stack: &mut [Heading],
        kind: PassageKind,
        body: Clean,
        glossary: Option<GlossaryTerm>,
    ) {
        if body.text.trim().is_empty() {
            return;
        }
        let crumbs: Vec<String> = stack.iter().map(|h| h.title.clone()).collect();
        // The first passage under a heading opens with the heading lines not shown yet.
        let mut clean = Clean::default();
        for h in stack.iter_mut().filter(|h| !h.shown) {
            h.shown = true;
            if !h.clean.fragments.is_empty() {
                clean.append(&h.clean, '\n');
            }
        }
        let lead = if clean.text.is_empty() {
            0
        } else {
            clean.text.len() + 1
        };
        clean.append(&body, '\n');
        let slug = self.slug_for(&crumbs);
        let n = self.counters.entry(slug.clone()).or_default();
        *n += 1;
        let ordinal = *n;
        let id = format!("{}#{}-{}", self.doc, slug, n);
        let defines = definitions(&body.text);
        let seq = self.out.len();
        self.out.push(Passage {
            id,
            doc: self.doc.to_string(),
            seq,
            breadcrumb: crumbs,
            kind,
            clean,
            glossary,
            defines,
            lead,
            ordinal,
            list: None,
            units: Vec::new(),
        });
    }
}

/// A heading on the section stack.
struct Heading {
    level: u8,
    title: String,
    clean: Clean,
    /// Already printed at the start of a passage.
    shown: bool,
}

/// `Zorgadviesteam (ZAT)` → term `Zorgadviesteam`, abbreviation `ZAT`.
pub fn parse_glossary_heading(heading: &str) -> GlossaryTerm {
    static ABBR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.*?)\s*\(([^()]{1,12})\)\s*$").unwrap());
    let heading = heading.trim().to_string();
    if let Some(c) = ABBR.captures(&heading) {
        let inner = c[2].trim();
        let is_abbr =
            inner.chars().filter(|c| c.is_uppercase()).count() >= 2 && !inner.contains(' ');
        if is_abbr {
            return GlossaryTerm {
                term: c[1].trim().to_string(),
                abbreviation: Some(inner.to_string()),
                heading,
            };
        }
        return GlossaryTerm {
            term: c[1].trim().to_string(),
            abbreviation: None,
            heading,
        };
    }
    GlossaryTerm {
        term: heading.clone(),
        abbreviation: None,
        heading,
    }
}

fn assemble(doc: &str, units: Vec<Unit>) -> Vec<Passage> {
    let mut b = Builder {
        doc,
        out: Vec::new(),
        slugs: HashMap::new(),
        taken: HashMap::new(),
        counters: HashMap::new(),
    };
    let mut stack: Vec<Heading> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        let glossary = glossary_of(&stack);
        let text_kind = if glossary.is_some() {
            PassageKind::Glossary
        } else if FOOTNOTE.is_match(&u.clean.text) {
            PassageKind::Footnote
        } else {
            PassageKind::Paragraph
        };
        match &u.kind {
            UnitKind::Heading { level } => {
                while stack.last().is_some_and(|h| h.level >= *level) {
                    stack.pop();
                }
                stack.push(Heading {
                    level: *level,
                    title: u.title.clone(),
                    clean: u.clean.clone(),
                    shown: false,
                });
                i += 1;
            }
            UnitKind::Item | UnitKind::Row => {
                let end = list_end(&units, i);
                emit_group(&mut b, &mut stack, None, &units[i..end]);
                i = end;
            }
            UnitKind::Text
                if u.clean.text.trim_end().ends_with(':')
                    && units
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.kind, UnitKind::Item | UnitKind::Row)) =>
            {
                let end = list_end(&units, i + 1);
                emit_group(&mut b, &mut stack, Some(&u.clean), &units[i + 1..end]);
                i = end;
            }
            // A lead-in without list items belongs with the text that follows it.
            UnitKind::Text
                if u.clean.text.trim_end().ends_with(':')
                    && units.get(i + 1).is_some_and(|n| n.kind == UnitKind::Text) =>
            {
                let mut joined = u.clean.clone();
                joined.append(&units[i + 1].clean, '\n');
                for piece in split_long(&joined) {
                    b.emit(&mut stack, text_kind, piece, glossary.clone());
                }
                i += 2;
            }
            UnitKind::Colophon => {
                // A footer belongs to the card as a whole, not to its last subsection.
                stack.retain(|h| h.level <= 1);
                b.emit(&mut stack, PassageKind::Colophon, u.clean.clone(), None);
                i += 1;
            }
            UnitKind::Text => {
                // Short paragraphs in a row (contact lines, one-line remarks) make one passage.
                let mut joined = u.clean.clone();
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
                for piece in split_long(&joined) {
                    b.emit(&mut stack, text_kind, piece, glossary.clone());
                }
                i = j;
            }
        }
    }
    b.out
}

/// The glossary entry of the current section, if it sits directly under a glossary chapter.
fn glossary_of(stack: &[Heading]) -> Option<GlossaryTerm> {
    let n = stack.len();
    if n >= 2 && GLOSSARY_TITLES.contains(&norm_title(&stack[n - 2].title).as_str()) {
        return Some(parse_glossary_heading(&stack[n - 1].title));
    }
    None
}

/// End (exclusive) of the run of list items or table rows starting at `start`.
fn list_end(units: &[Unit], start: usize) -> usize {
    let kind = units[start].kind.clone();
    let mut end = start;
    while end < units.len() && units[end].kind == kind {
        end += 1;
    }
    end
}

fn emit_group(b: &mut Builder<'_>, stack: &mut [Heading], lead: Option<&Clean>, items: &[Unit]) {
    let is_table = items.first().is_some_and(|u| u.kind == UnitKind::Row);
    let (lead, items): (Option<Clean>, &[Unit]) = match (lead, is_table) {
        (Some(l), _) => (Some(l.clone()), items),
        // A table's first row is its header: repeat it in every chunk.
        (None, true) if items.len() > 1 => (Some(items[0].clean.clone()), &items[1..]),
        (None, _) => (None, items),
    };
    let kind = if glossary_of(stack).is_some() {
        PassageKind::Glossary
    } else if is_table {
        PassageKind::Table
    } else {
        PassageKind::List
    };
    let glossary = glossary_of(stack);
    let lead_len = lead.as_ref().map_or(0, |l| l.text.len() + 1);
    let first_seq = b.out.len();
    let mut chunk: Option<Clean> = None;
    let mut chunk_items = 0usize;
    let start_chunk = |lead: &Option<Clean>| lead.clone().unwrap_or_default();
    for item in items {
        for piece in split_long_with_budget(
            &item.clean,
            MAX_PASSAGE_CHARS.saturating_sub(lead_len).max(300),
        ) {
            let fits = chunk
                .as_ref()
                .is_some_and(|c| c.text.len() + 1 + piece.text.len() <= MAX_PASSAGE_CHARS);
            if !fits && chunk_items > 0 {
                let done = chunk.take().expect("has items");
                b.emit(stack, kind, done, glossary.clone());
                chunk_items = 0;
            }
            let c = chunk.get_or_insert_with(|| start_chunk(&lead));
            c.append(&piece, '\n');
            chunk_items += 1;
        }
    }
    if let Some(c) = chunk.filter(|_| chunk_items > 0) {
        b.emit(stack, kind, c, glossary);
    }
    // Chunks of one long list remember where the list starts.
    if b.out.len() > first_seq + 1 {
        for p in &mut b.out[first_seq..] {
            p.list = Some(first_seq);
        }
    }
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
        if end - start >= target && end < len && len - end > budget / 5 {
            out.push(clean.slice(start..end).trimmed());
            start = end;
        }
    }
    out.push(clean.slice(start..len).trimmed());
    out.retain(|c| !c.text.is_empty());
    out
}

impl Clean {
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

/// `3.2 Handelingsgericht werken` → `3-2-handelingsgericht-werken`; at most 48 characters.
pub fn slugify(title: &str) -> String {
    let folded = crate::search::analysis::fold(title);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > 48 {
        let cut = slug[..48].rfind('-').unwrap_or(48);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("sectie");
    }
    slug
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

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("3.2 Handelingsgericht werken"),
            "3-2-handelingsgericht-werken"
        );
        assert_eq!(slugify("Zorgadviesteam (ZAT)"), "zorgadviesteam-zat");
        assert_eq!(slugify("Almeerse thema's"), "almeerse-thema-s");
    }
}
