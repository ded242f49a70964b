//! Turns a PDF, a Word file or a web page into a corpus text (`normwijzer importeer`).
//!
//! Each format has its extractor, which gives a list of [`Block`]s: headings with their level,
//! paragraphs, list items and table rows, with the words as the file has them. [`render`] writes
//! the blocks in the plain-text form the passage splitter ([`crate::corpus::passage`]) reads:
//!
//! - a heading as `#`s for its level, a space and the title (`## Zorgplicht`), which the
//!   splitter reads as a heading of that level;
//! - a paragraph as one line, blocks separated by a blank line;
//! - list items as `- ` lines, table rows as cells separated by tabs.
//!
//! The extractors never reword: they only drop page furniture (running headers and footers,
//! page numbers), join the lines of a paragraph and join a word hyphenated over two lines
//! (with the splitter's own rule, [`crate::corpus::passage::hyphenated_break`]).
//!
//! - `pdf`: poppler's `pdftohtml -xml`, run with a time limit and bounded output.
//! - `docx`: the zip's `word/document.xml` with its styles and numbering, bounded in size.
//! - `html`: the main content of a web page.

pub mod docx;
pub mod html;
pub mod pdf;
mod xml;

use std::fmt::Write;
use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::DocMeta;

/// Largest input file read, in bytes.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The formats `importeer` reads, told by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF with a text layer.
    Pdf,
    /// Word (OOXML) document.
    Docx,
    /// A web page.
    Html,
}

impl Format {
    /// The Dutch name shown in messages.
    pub fn dutch(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word-bestand (DOCX)",
            Format::Html => "webpagina (HTML)",
        }
    }
}

/// One structural piece of an extracted document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is the outermost.
    Heading {
        /// 1 for a chapter, 2 and deeper for sections.
        level: u8,
        /// The title as printed.
        text: String,
    },
    /// Running text.
    Para(String),
    /// One list item.
    Item(String),
    /// One table row, cell by cell.
    Row(Vec<String>),
}

/// What an extractor found.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// The document's title, when the file names one (metadata, `<title>`, largest heading).
    pub title: Option<String>,
    /// Lines dropped as page furniture (headers, footers, page numbers).
    pub furniture: usize,
}

/// Why a file could not be imported; `Display` is the Dutch sentence a user sees.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a format `importeer` reads.
    #[error(
        "{0}: onbekend bestandsformaat; importeer leest PDF, Word (DOCX) en webpagina's (HTML)"
    )]
    UnknownFormat(String),
    /// The file is larger than [`MAX_INPUT_BYTES`] or unpacks to more than the limit.
    #[error("{0}: het bestand is te groot om te importeren (meer dan {1} MB)")]
    TooLarge(String, u64),
    /// A DOCX that is no readable zip, or misses its document part.
    #[error("{0}: het Word-bestand is beschadigd of onvolledig ({1})")]
    BadDocx(String, String),
    /// A PDF poppler could not read.
    #[error("{0}: de PDF kan niet worden gelezen ({1})")]
    BadPdf(String, String),
    /// `pdftohtml` is not installed.
    #[error(
        "voor PDF's is het programma pdftohtml nodig; installeer poppler-utils (bijvoorbeeld `sudo apt-get install poppler-utils`) en probeer het opnieuw"
    )]
    NoPdftohtml,
    /// `pdftohtml` took longer than allowed.
    #[error("{0}: het lezen van de PDF duurde langer dan {1} seconden en is gestopt")]
    Timeout(String, u64),
    /// A PDF without a text layer (a scan).
    #[error(
        "{0}: de PDF heeft geen tekstlaag (waarschijnlijk een scan); importeer een PDF met tekst, of maak eerst met OCR-software een doorzoekbare PDF (OCR doet normwijzer niet)"
    )]
    NoText(String),
    /// The extractor found no text at all.
    #[error("{0}: er staat geen leesbare tekst in het bestand")]
    Empty(String),
}

/// The format of `bytes`, from their content (magic bytes), not the file name.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Format::Docx);
    }
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    let looks_html = start.starts_with('<')
        && [
            "<!doctype html",
            "<html",
            "<body",
            "<head",
            "<main",
            "<p",
            "<h1",
            "<div",
        ]
        .iter()
        .any(|t| start.contains(t));
    looks_html.then_some(Format::Html)
}

/// Extracts the blocks of a file. `name` is the file name, for messages; `path` is where it
/// is on disk (poppler reads the file itself).
/// `dict`, the Dutch word list, helps the PDF reader join hyphenated words.
pub fn extract(
    name: &str,
    path: &std::path::Path,
    bytes: &[u8],
    dict: Option<&crate::text::lexicon::Dictionary>,
) -> Result<(Format, Extracted), ImportError> {
    let format = detect(bytes).ok_or_else(|| ImportError::UnknownFormat(name.to_string()))?;
    let mut out = match format {
        Format::Pdf => pdf::extract(name, path, dict)?,
        Format::Docx => docx::extract(name, bytes)?,
        Format::Html => html::extract(bytes),
    };
    out.blocks.retain(|b| match b {
        Block::Heading { text, .. } | Block::Para(text) | Block::Item(text) => {
            !text.trim().is_empty()
        }
        Block::Row(cells) => cells.iter().any(|c| !c.trim().is_empty()),
    });
    if out.blocks.is_empty() {
        return Err(match format {
            Format::Pdf => ImportError::NoText(name.to_string()),
            _ => ImportError::Empty(name.to_string()),
        });
    }
    Ok((format, out))
}

/// Collapses runs of whitespace (newlines, tabs, no-break spaces) into single spaces.
pub fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body text in the splitter's form (see the module docs).
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut last: Option<&Block> = None;
    for b in blocks {
        let same_run = matches!(
            (last, b),
            (Some(Block::Item(_)), Block::Item(_)) | (Some(Block::Row(_)), Block::Row(_))
        );
        if last.is_some() && !same_run {
            out.push('\n');
        }
        match b {
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                let _ = writeln!(out, "{hashes} {}", squash(text));
            }
            Block::Para(text) => {
                let _ = writeln!(out, "{}", squash(text));
            }
            Block::Item(text) => {
                let _ = writeln!(out, "- {}", squash(text));
            }
            Block::Row(cells) => {
                let cells: Vec<String> = cells.iter().map(|c| squash(c)).collect();
                let _ = writeln!(out, "{}", cells.join("\t"));
            }
        }
        last = Some(b);
    }
    out
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The front matter in the order and form of the bundled corpus files, between `+++` lines.
pub fn front_matter(m: &DocMeta) -> String {
    let mut out = String::from("+++\n");
    let mut field = |k: &str, v: String| {
        let _ = writeln!(out, "{k} = {v}");
    };
    field("id", quoted(&m.id));
    field("title", quoted(&m.title));
    field("issuer", quoted(&m.issuer));
    field("region", quoted(&m.region));
    if !m.sectors.is_empty() {
        let list: Vec<String> = m.sectors.iter().map(|s| quoted(s)).collect();
        field("sectors", format!("[{}]", list.join(", ")));
    }
    field("kind", quoted(&m.kind));
    if let Some(d) = m.published {
        field("published", quoted(&d.to_string()));
    }
    if let Some(d) = m.valid_until {
        field("valid_until", quoted(&d.to_string()));
    }
    if let Some(s) = &m.superseded_by {
        field("superseded_by", quoted(s));
    }
    if let Some(s) = &m.notes {
        field("notes", quoted(s));
    }
    if let Some(s) = &m.source_file {
        field("source_file", quoted(s));
    }
    if let Some(s) = &m.source_sha256 {
        field("source_sha256", quoted(s));
    }
    out.push_str("+++\n");
    out
}

static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(geldig\s+(?:t/m|tot\s+en\s+met|tot)\s+)?(?:(\d{1,2})\s+)?(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(20\d\d)\b",
    )
    .unwrap()
});

/// Dates the text names, as proposals: the first date without "geldig t/m" for `published`,
/// the first after "geldig t/m" (or "tot") for `valid_until`.
pub fn date_hints(blocks: &[Block]) -> (Option<String>, Option<String>) {
    let mut published = None;
    let mut valid = None;
    for b in blocks {
        let text = match b {
            Block::Heading { text, .. } | Block::Para(text) | Block::Item(text) => text.clone(),
            Block::Row(cells) => cells.join(" "),
        };
        for c in MONTH_DATE.captures_iter(&text) {
            let Some(month) = crate::text::dutch::month_number(&c[3]) else {
                continue;
            };
            let mut date = format!("{}-{month:02}", &c[4]);
            if let Some(day) = c.get(2).and_then(|d| d.as_str().parse::<u8>().ok()) {
                date.push_str(&format!("-{day:02}"));
            }
            if crate::corpus::PartialDate::parse(&date).is_err() {
                continue;
            }
            if c.get(1).is_some() {
                valid.get_or_insert(date);
            } else {
                published.get_or_insert(date);
            }
        }
        if published.is_some() && valid.is_some() {
            break;
        }
    }
    (published, valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(detect(b"%PDF-1.7\n..."), Some(Format::Pdf));
        assert_eq!(detect(b"PK\x03\x04rest"), Some(Format::Docx));
        assert_eq!(
            detect(b"  <!DOCTYPE html><html><body>x</body></html>"),
            Some(Format::Html)
        );
        assert_eq!(detect(b"\x00\x01garbage"), None);
        assert_eq!(detect(b"gewone tekst"), None);
    }

    #[test]
    fn blocks_render_in_the_splitter_form() {
        let text = render(&[
            Block::Heading {
                level: 1,
                text: "Titel".into(),
            },
            Block::Para("Een  alinea\nover twee regels.".into()),
            Block::Heading {
                level: 2,
                text: "Sectie".into(),
            },
            Block::Item("een".into()),
            Block::Item("twee".into()),
            Block::Row(vec!["a".into(), "b c".into()]),
            Block::Row(vec!["d".into(), "e".into()]),
        ]);
        assert_eq!(
            text,
            "# Titel\n\nEen alinea over twee regels.\n\n## Sectie\n\n- een\n- twee\n\na\tb c\nd\te\n"
        );
    }

    #[test]
    fn dates_are_proposed() {
        let blocks = [Block::Para(
            "Pilotversie mei 2025, geldig t/m juli 2026. Vastgesteld 3 juni 2025.".into(),
        )];
        assert_eq!(
            date_hints(&blocks),
            (Some("2025-05".into()), Some("2026-07".into()))
        );
    }
}
