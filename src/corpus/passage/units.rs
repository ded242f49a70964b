//! Builds units from lines: which lines run on into one paragraph, list item or table row, which
//! bold lines form one run, and which blocks are no running text at all (a logo, an address, a
//! scanned figure). Headings are told apart later, in `headings`.

use std::sync::LazyLock;

use regex::Regex;

use super::Clean;
use super::lines::{Bullet, Layout, Line, Noise};

/// What a unit is; `Heading` and `Colophon` are decided in `headings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum UnitKind {
    Text,
    Item,
    Row,
    Heading {
        level: u8,
        /// Title as shown in breadcrumbs (lines joined with ` – `).
        title: String,
    },
    Colophon,
}

/// A paragraph, list item, table row or heading, made of one or more lines.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) kind: UnitKind,
    pub(super) clean: Clean,
    /// The unit starts a block that follows a page break (or the document start).
    pub(super) page_break: bool,
    /// Block number, to tell units of one block apart.
    pub(super) block: usize,
    /// Source lines joined into the unit: a heading has one (or is bold).
    pub(super) lines: usize,
    /// A bold run: a heading when it has any text.
    pub(super) bold: bool,
    /// Opens with `1.` or `1)`: a list item among numbered neighbours, else maybe a heading.
    pub(super) numbered: bool,
    /// Last line was short (wrapped texts only): the paragraph may have ended.
    pub(super) short_tail: bool,
    /// Index (in the line list) of the unit's first line.
    pub(super) first_line: usize,
    /// A heading marked with its level (`## Titel`).
    pub(super) marked: Option<u8>,
}

/// Lines of a numbered series (`stap 3`, `Bijlage 2`): they start a unit and head a section.
pub(super) static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:stap|fase|trede|niveau|ijkpunt|bijlage|hoofdstuk|deel|paragraaf|module)\s+\d")
        .unwrap()
});
/// A footnote opens with superscript digits.
pub(super) static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s").unwrap());

/// What the block a line stands in makes of it, whatever the line says itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockShape {
    /// Running text, lists, tables.
    Plain,
    /// Part of a logo or a scanned figure: dropped.
    Dropped,
    /// Part of an address-like block: one line per line, kept together.
    Address,
}

/// Joins lines into units. Bold runs (`**De Almeerse Norm\nBasisondersteuning**`) are one unit,
/// and so is a sentence that runs on over lines or a page break.
pub(super) fn build_units(lines: &[Line], layout: Layout) -> Vec<Unit> {
    let shapes = block_shapes(lines, layout);
    // A last line shorter than this may end its paragraph (wrapped texts).
    let short = layout.width * 6 / 10;
    let mut units: Vec<Unit> = Vec::new();
    let mut block = 0usize;
    let mut in_bold = false;
    for (n, line) in lines.iter().enumerate() {
        let new_block = line.gap.starts_block();
        if new_block {
            block += 1;
        }
        if line.noise.is_some() || shapes[n] == BlockShape::Dropped {
            in_bold &= !line.bold_close;
            continue;
        }
        if shapes[n] == BlockShape::Address
            && !new_block
            && let Some(u) = units.last_mut()
        {
            u.add_line(line, '\n');
            continue;
        }
        if in_bold {
            if let Some(u) = units.last_mut() {
                u.add_line(line, ' ');
            }
            in_bold = !line.bold_close;
            continue;
        }
        if line.marked.is_some() {
            units.push(Unit {
                marked: line.marked,
                ..Unit::open(line, n, block)
            });
            continue;
        }
        if line.bold_open {
            in_bold = !line.bold_close || line.clean.text.is_empty();
            units.push(Unit {
                bold: true,
                ..Unit::open(line, n, block)
            });
            continue;
        }
        match units.last_mut() {
            Some(u) if runs_on(u, line, new_block, layout.wrapped) => {
                u.run_on(line, layout.wrapped);
                u.short_tail = line.raw_chars < short;
            }
            _ => units.push(Unit {
                kind: if line.tabbed {
                    UnitKind::Row
                } else if line.bullet == Some(Bullet::Marker) {
                    UnitKind::Item
                } else {
                    UnitKind::Text
                },
                numbered: line.bullet == Some(Bullet::Number),
                short_tail: line.raw_chars < short,
                ..Unit::open(line, n, block)
            }),
        }
    }
    units
}

impl Unit {
    /// A text unit opened by `line`, line `n` of the document, in block `block`.
    fn open(line: &Line, n: usize, block: usize) -> Unit {
        Unit {
            kind: UnitKind::Text,
            clean: line.clean.clone(),
            page_break: line.gap.is_page_break(),
            block,
            lines: 1,
            bold: false,
            numbered: false,
            short_tail: true,
            first_line: n,
            marked: None,
        }
    }

    fn add_line(&mut self, line: &Line, sep: char) {
        self.clean.append(&line.clean, sep);
        self.lines += 1;
    }

    /// Adds the next line of a sentence. In wrapped text a word hyphenated over two lines is
    /// joined without its hyphen.
    fn run_on(&mut self, line: &Line, wrapped: bool) {
        let hyphenated = wrapped && hyphenated_break(&self.clean.text, &line.clean.text);
        if hyphenated {
            self.clean.dehyphenate();
            self.clean.concat(&line.clean);
            self.lines += 1;
        } else {
            self.add_line(line, ' ');
        }
    }
}

/// A word hyphenated over a line break: `before` ends in a lowercase letter and `-`, `after`
/// starts with a lowercase letter ("onder-" + "steuning"). Also used by the importers, which
/// join the lines of a PDF paragraph.
pub fn hyphenated_break(before: &str, after: &str) -> bool {
    before.ends_with('-')
        && after.chars().next().is_some_and(char::is_lowercase)
        && before[..before.len() - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_lowercase)
}

/// Does `line` continue the sentence of unit `u` rather than start a unit of its own?
fn runs_on(u: &Unit, line: &Line, new_block: bool, wrapped: bool) -> bool {
    if u.bold || u.marked.is_some() || matches!(u.kind, UnitKind::Heading { .. } | UnitKind::Row) {
        return false;
    }
    if line.bullet.is_some() || line.tabbed || line.note || line.marked.is_some() {
        return false;
    }
    // Wrapped text: a long previous line means the sentence runs on.
    if !new_block && wrapped && !u.short_tail {
        return true;
    }
    if ENUMERATED.is_match(&line.clean.text) {
        return false;
    }
    // Within a block and across blocks (page breaks) alike: only an unfinished sentence
    // continuing in lowercase.
    !u.clean.ends_terminal() && line.clean.starts_lower()
}

/// Per line: is it part of a logo block (several one-word lines: `passend / ONDERWIJS /
/// almere`) or a scanned figure, or of an address-like block (three or more short,
/// unpunctuated lines)?
fn block_shapes(lines: &[Line], layout: Layout) -> Vec<BlockShape> {
    let mut shapes = vec![BlockShape::Plain; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && !lines[end].gap.starts_block() {
            end += 1;
        }
        let block: Vec<&Line> = lines[start..end]
            .iter()
            .filter(|l| l.noise.is_none())
            .collect();
        let shape = if is_logo(&block) {
            BlockShape::Dropped
        } else if !layout.wrapped && is_address(&block) {
            BlockShape::Address
        } else {
            BlockShape::Plain
        };
        shapes[start..end].iter_mut().for_each(|x| *x = shape);
        start = end;
    }
    if layout.wrapped {
        mark_figures(lines, layout.width, &mut shapes);
    }
    shapes
}

fn is_logo(block: &[&Line]) -> bool {
    block.len() >= 2
        && block
            .iter()
            .all(|l| l.clean.text.split_whitespace().count() == 1 && l.bullet.is_none())
}

fn is_address(block: &[&Line]) -> bool {
    block.len() >= 3
        && block.iter().all(|l| {
            l.clean.text.chars().count() <= 60
                && l.bullet.is_none()
                && !l.tabbed
                && !l.bold_open
                && !l.clean.ends_terminal()
        })
}

/// In wrapped (scanned) text a figure comes out as a run of short, unpunctuated lines with
/// stray slashes and backslashes. A run of such lines spanning two or more blocks, with at
/// least one debris line in it, is dropped whole.
fn mark_figures(lines: &[Line], width: usize, shapes: &mut [BlockShape]) {
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
        let blocks = run.iter().skip(1).filter(|l| l.gap.starts_block()).count() + 1;
        let debris = run
            .iter()
            .filter(|l| l.noise == Some(Noise::Debris))
            .count();
        if blocks >= 2 && debris >= 1 && run.len() >= 4 {
            shapes[i..j]
                .iter_mut()
                .for_each(|x| *x = BlockShape::Dropped);
        }
        i = j;
    }
}

/// Prints the units to stderr, for tuning the splitter (`NW_DEBUG_UNITS=1`).
pub(super) fn debug_print(units: &[Unit]) {
    for u in units {
        let kind = match &u.kind {
            UnitKind::Heading { level, .. } => format!("Heading {{ level: {level} }}"),
            k => format!("{k:?}"),
        };
        eprintln!(
            "{kind} b{} pb{} | {}",
            u.block,
            u.page_break,
            u.clean.text.replace('\n', " / ")
        );
    }
}
