//! Reads source lines: which characters of a line are text (markers, markdown and runs of
//! spaces are dropped, never rewritten), and what the line is: a list item, a table row, the
//! start or end of a bold run, or noise such as a page number or a contents entry.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Clean;

/// How a line opens a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bullet {
    /// `- `, `• `, OCR `e `/`o `/`¢ `: the marker is dropped.
    Marker,
    /// `1. ` or `1) `: the number is kept, it is content.
    Number,
}

/// Why a line is left out of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Noise {
    PageNumber,
    TocEntry,
    Navigation,
    ImageName,
    Caption,
    Debris,
}

/// What separates a line from the line before it; blocks and page breaks are told by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// The first line of the document, which counts as a page break.
    Start,
    /// This many blank lines (0: the line continues its block).
    Blank(usize),
}

impl Gap {
    /// The line opens a new block.
    pub(super) fn starts_block(self) -> bool {
        match self {
            Gap::Start => true,
            Gap::Blank(n) => n > 0,
        }
    }

    /// A page break shows as three or more blank lines.
    pub(super) fn is_page_break(self) -> bool {
        match self {
            Gap::Start => true,
            Gap::Blank(n) => n >= 3,
        }
    }
}

/// One non-blank source line, cleaned.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) clean: Clean,
    pub(super) gap: Gap,
    pub(super) bullet: Option<Bullet>,
    /// The raw line has a tab: extractions write table cells that way.
    pub(super) tabbed: bool,
    /// The line opens a bold heading (`**Titel**`, or the first line of a bold run).
    pub(super) bold_open: bool,
    /// The line ends a bold run.
    pub(super) bold_close: bool,
    pub(super) noise: Option<Noise>,
    /// Title of a table-of-contents entry (`- 04 Vormen van ondersteuning`).
    pub(super) toc_title: Option<String>,
    /// Length of the raw line in characters, for wrap detection.
    pub(super) raw_chars: usize,
    /// The line starts with a note marker (`*waar ...`): it starts a new unit.
    pub(super) note: bool,
    /// A heading marked with its level, `## Titel` (as `normwijzer importeer` writes them):
    /// the `#`s and the space after them are dropped.
    pub(super) marked: Option<u8>,
}

static TOC_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-\s+\d{1,3}\s+(\S.*)$").unwrap());
static MARKED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})[ \t]+\S").unwrap());
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

/// List markers that are dropped, tried in this order; OCR reads bullets as `e`, `o` or `¢`.
const MARKERS: [&str; 11] = [
    "- ", "– ", "• ", "· ", "▪ ", "◦ ", "* ", "¢ ", "o ", "e ", "O ",
];

/// The non-blank lines of the source, cleaned, each with the blank lines before it.
pub(super) fn read_lines(src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut blank = 0usize;
    let mut offset = 0usize;
    for raw in src.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            blank += 1;
            continue;
        }
        let gap = if out.is_empty() {
            Gap::Start
        } else {
            Gap::Blank(blank)
        };
        blank = 0;
        out.push(clean_line(src, start..start + body.len(), gap));
    }
    out
}

/// How the lines of a document are wrapped: by the extractor at a fixed width, or not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    /// Hard-wrapped texts (OCR, e-mail): a long line means the sentence runs on.
    pub(super) wrapped: bool,
    /// Typical length of a full line, in characters.
    pub(super) width: usize,
}

impl Layout {
    /// Hard-wrapped texts have most lines near one width and none much longer.
    pub(super) fn of(lines: &[Line]) -> Layout {
        let mut lens: Vec<usize> = lines.iter().map(|l| l.raw_chars).collect();
        lens.sort_unstable();
        let wrapped = lens.len() >= 20 && {
            let median = lens[lens.len() / 2];
            let p90 = lens[lens.len() * 9 / 10];
            median >= 40 && p90 <= 110 && lens[lens.len() - 1] <= 130
        };
        let width = lens.get(lens.len() * 9 / 10).copied().unwrap_or(80).max(40);
        Layout { wrapped, width }
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}'
}

/// Cleans one line: trims it, drops list markers and markdown, splits at tabs and runs of
/// spaces. Only drops characters; what remains is verbatim.
fn clean_line(src: &str, range: Range<usize>, gap: Gap) -> Line {
    let raw = &src[range.clone()];
    let lead = raw.len() - raw.trim_start_matches(is_space).len();
    let trail = raw.len() - raw.trim_end_matches(is_space).len();
    let (start, end) = (range.start + lead, range.end - trail);
    let trimmed = &src[start..end];

    let marked = MARKED.captures(trimmed).map(|c| c[1].len());
    if let Some(hashes) = marked {
        let rest = &trimmed[hashes..];
        let s = start + hashes + (rest.len() - rest.trim_start_matches(is_space).len());
        let clean = kept_text(src, s..end, &markdown_cuts(&src[s..end], &src[s..]));
        return Line {
            noise: clean.text.is_empty().then_some(Noise::Debris),
            note: false,
            clean,
            gap,
            bullet: None,
            tabbed: false,
            bold_open: false,
            bold_close: false,
            toc_title: None,
            raw_chars: raw.trim().chars().count(),
            marked: Some(hashes as u8),
        };
    }
    let marker = marker_len(trimmed);
    let bullet = if marker.is_some() {
        Some(Bullet::Marker)
    } else if NUMBERED.is_match(trimmed) {
        Some(Bullet::Number)
    } else {
        None
    };
    let s = start + marker.unwrap_or(0);
    let text = &src[s..end];
    // A bold heading is bold as a whole: `**Titel**`, or a bold run over several lines.
    let inner_bold = text.get(2..).unwrap_or("").matches("**").count();
    let bold_open = bullet.is_none()
        && text.starts_with("**")
        && (inner_bold == 0 || (inner_bold == 1 && text.len() > 4 && text.ends_with("**")));
    let bold_close =
        text.ends_with("**") && text.matches("**").count() == 1 || (bold_open && inner_bold == 1);

    let clean = kept_text(src, s..end, &markdown_cuts(text, &src[s..]));
    let toc_title = TOC_ENTRY.captures(trimmed).map(|c| c[1].trim().to_string());
    Line {
        noise: noise(&clean.text, toc_title.is_some()),
        note: trimmed.starts_with('*') && trimmed[1..].starts_with(char::is_alphabetic),
        clean,
        gap,
        bullet,
        tabbed: raw.trim().contains('\t'),
        bold_open,
        bold_close,
        toc_title,
        raw_chars: raw.trim().chars().count(),
        marked: None,
    }
}

/// Length of the list marker that opens the line, with the spaces after it. Only the first
/// marker that matches counts; OCR bullets need a capital (`e`) or a letter (`o`) after them.
fn marker_len(trimmed: &str) -> Option<usize> {
    let marker = MARKERS.iter().find(|m| trimmed.starts_with(**m))?;
    let rest = &trimmed[marker.len()..];
    let next = rest.trim_start().chars().next();
    let ok = match *marker {
        "e " => next.is_some_and(char::is_uppercase),
        "o " | "O " => next.is_some_and(char::is_alphabetic),
        _ => next.is_some(),
    };
    ok.then(|| marker.len() + (rest.len() - rest.trim_start().len()))
}

/// Byte ranges of `text` that are markup, not words: `**bold**`, `[link](target)`, `\(`,
/// stray `*emphasis*`, OCR bullets inside the line. `rest_of_source` starts where `text` does
/// and runs on to the end of the document, because a link may close on the next line.
fn markdown_cuts(text: &str, rest_of_source: &str) -> Vec<Range<usize>> {
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
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
            // Also a line that only closes a multi-line link: `van Passend Onderwijs Almere](#)`.
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
    cuts
}

/// The text of `src[span]` between the `cuts` (relative to the span), split at tabs and runs
/// of two or more spaces so that its pieces are joined by single spaces.
fn kept_text(src: &str, span: Range<usize>, cuts: &[Range<usize>]) -> Clean {
    let s = span.start;
    let text = &src[span];
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for cut in cuts
        .iter()
        .chain(std::iter::once(&(text.len()..text.len())))
    {
        if cut.start > pos {
            pieces.push(pos..cut.start);
        }
        pos = pos.max(cut.end);
    }
    let mut clean = Clean::default();
    let mut last_end: Option<usize> = None;
    for piece in pieces {
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
    clean
}

/// A line that is only a page number (`12`, `pagina 3`): noise in a text, page furniture in a
/// PDF the importer reads.
pub fn is_page_number(t: &str) -> bool {
    PAGE_NUMBER.is_match(t.trim())
}

/// Why a cleaned line is not text, if it is not.
fn noise(t: &str, toc_entry: bool) -> Option<Noise> {
    let chars = t.chars().count();
    if toc_entry {
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
    } else if is_debris(t, chars) {
        Some(Noise::Debris)
    } else {
        None
    }
}

/// OCR figure debris: backslashes, bars, tildes and slashes standing apart from words, a line
/// of one or two characters that is no number, or more symbols than letters and digits.
fn is_debris(t: &str, chars: usize) -> bool {
    let alnum = t.chars().filter(|c| c.is_alphanumeric()).count();
    let symbols = debris_symbols(t);
    (symbols >= 2 && symbols * 25 > chars && !t.contains("://"))
        || (chars <= 2 && !t.chars().all(|c| c.is_ascii_digit()))
        || alnum * 2 < chars
}

/// Weighted count of the symbols figures leave behind in OCR text.
fn debris_symbols(t: &str) -> usize {
    let chars: Vec<char> = t.chars().collect();
    (0..chars.len())
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
        .sum()
}
