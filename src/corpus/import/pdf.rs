//! PDFs through poppler's `pdftohtml -xml -i -stdout`, which gives every text line with its
//! page, position and font. From those:
//!
//! - the body font is the size most characters are set in; lines in a larger font, or bold
//!   short lines, are headings (the largest size level 1, the next level 2, ...);
//! - lines near the top or bottom of a page that repeat on other pages (digits ignored) are
//!   running headers and footers, lone numbers are page numbers: both are dropped;
//! - pieces on one baseline far apart are table cells, a leading bullet makes a list item;
//! - lines close below each other run on into one paragraph, joining a word hyphenated over
//!   the break ([`crate::corpus::passage::hyphenated_break`]).
//!
//! The program runs with a time limit ([`TIMEOUT_SECS`]) and its output is read up to
//! [`MAX_XML_BYTES`].

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::xml::{attr, entity};
use super::{Block, Extracted, ImportError, squash};
use crate::corpus::passage::{hyphenated_break, is_page_number};
use crate::text::lexicon::Dictionary;

/// Longest time `pdftohtml` may take.
pub const TIMEOUT_SECS: u64 = 60;
/// Most XML read from `pdftohtml`.
pub const MAX_XML_BYTES: usize = 64 * 1024 * 1024;

/// One `<text>` element: a run of text on one line of a page.
#[derive(Debug, Clone)]
struct Piece {
    page: usize,
    top: f32,
    left: f32,
    width: f32,
    height: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// A page's size.
#[derive(Debug, Clone, Copy, Default)]
struct Page {
    height: f32,
}

/// Runs poppler and reads its XML.
///
/// `dict` tells a hyphenated word (`onder-` `steuning` → `ondersteuning`) from a compound
/// broken at its own hyphen (`sociaal-` `emotioneel` → `sociaal-emotioneel`); without it every
/// break the splitter's rule calls hyphenated is joined without the hyphen.
pub fn extract(
    name: &str,
    path: &Path,
    dict: Option<&Dictionary>,
) -> Result<Extracted, ImportError> {
    let xml = run_pdftohtml(name, path)?;
    let (pages, pieces) = parse_xml(&xml);
    if pieces.iter().all(|p| p.text.trim().is_empty()) {
        return Err(ImportError::NoText(name.to_string()));
    }
    Ok(layout(&pages, pieces, dict))
}

/// Joins the next line `t` to `text`: a hyphenated word without its hyphen, a compound
/// broken at its hyphen without a space, anything else with a space.
fn join_line(text: &mut String, t: &str, dict: Option<&Dictionary>) {
    if hyphenated_break(text, t) {
        let before = text[..text.len() - 1]
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let after: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
        let word = crate::text::fold(&format!("{before}{after}"));
        if dict
            .filter(|d| !d.is_empty())
            .is_none_or(|d| d.is_word(&word))
        {
            text.pop();
        }
    } else if !text.ends_with('-') || !t.starts_with(char::is_lowercase) {
        text.push(' ');
    }
    text.push_str(t);
}

/// `pdftohtml -xml -i -stdout FILE` with a time limit and bounded output.
fn run_pdftohtml(name: &str, path: &Path) -> Result<String, ImportError> {
    let mut child = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-q", "-nodrm"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ImportError::NoPdftohtml,
            _ => ImportError::BadPdf(name.to_string(), "pdftohtml kon niet starten".into()),
        })?;
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        return Err(ImportError::BadPdf(
            name.to_string(),
            "geen uitvoer van pdftohtml".into(),
        ));
    };
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let read = stdout
            .take(MAX_XML_BYTES as u64 + 1)
            .read_to_end(&mut buf)
            .is_ok();
        (read, buf)
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > Duration::from_secs(TIMEOUT_SECS) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ImportError::Timeout(name.to_string(), TIMEOUT_SECS));
            }
            Ok(None) if reader.is_finished() => {
                // Output closed or over the limit: give the program a moment, then stop it.
                std::thread::sleep(Duration::from_millis(20));
                if let Ok(Some(status)) = child.try_wait() {
                    break Some(status);
                }
                if started.elapsed() > Duration::from_secs(TIMEOUT_SECS) {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let (read, buf) = reader
        .join()
        .map_err(|_| ImportError::BadPdf(name.to_string(), "uitvoer niet leesbaar".into()))?;
    if buf.len() > MAX_XML_BYTES {
        let _ = child.kill();
        return Err(ImportError::TooLarge(
            name.to_string(),
            (MAX_XML_BYTES / (1024 * 1024)) as u64,
        ));
    }
    match status {
        Some(s) if s.success() && read => Ok(String::from_utf8_lossy(&buf).into_owned()),
        _ => Err(ImportError::BadPdf(
            name.to_string(),
            "pdftohtml kon het bestand niet lezen; is het een geldige PDF?".into(),
        )),
    }
}

/// Pages and text pieces of poppler's XML.
fn parse_xml(xml: &str) -> (Vec<Page>, Vec<Piece>) {
    let mut reader = Reader::from_str(xml);
    let mut pages: Vec<Page> = Vec::new();
    let mut fonts: HashMap<String, f32> = HashMap::new();
    let mut pieces = Vec::new();
    let mut current: Option<Piece> = None;
    let mut bold_depth = 0usize;
    let mut bold_chars = 0usize;
    let num = |e: &quick_xml::events::BytesStart<'_>, k: &str| {
        attr(e, k)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                "page" => pages.push(Page {
                    height: num(&e, "height"),
                }),
                "fontspec" => {
                    if let Some(id) = attr(&e, "id") {
                        fonts.insert(id, num(&e, "size"));
                    }
                }
                "text" => {
                    let size = attr(&e, "font")
                        .and_then(|f| fonts.get(&f).copied())
                        .unwrap_or(0.0);
                    bold_depth = 0;
                    bold_chars = 0;
                    current = Some(Piece {
                        page: pages.len().saturating_sub(1),
                        top: num(&e, "top"),
                        left: num(&e, "left"),
                        width: num(&e, "width"),
                        height: num(&e, "height"),
                        size,
                        bold: false,
                        text: String::new(),
                    });
                }
                "b" => bold_depth += 1,
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "b" => bold_depth = bold_depth.saturating_sub(1),
                "text" => {
                    if let Some(mut p) = current.take() {
                        let letters = p.text.chars().filter(|c| !c.is_whitespace()).count();
                        p.bold = letters > 0 && bold_chars * 10 >= letters * 8;
                        if !p.text.trim().is_empty() {
                            pieces.push(p);
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if let Some(p) = current.as_mut() {
                    let s = t.xml10_content();
                    if bold_depth > 0 {
                        bold_chars += s.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    p.text.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(p) = current.as_mut() {
                    let s = entity(&r).unwrap_or_default();
                    if bold_depth > 0 {
                        bold_chars += s.chars().count();
                    }
                    p.text.push_str(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (pages, pieces)
}

/// A visual line: the pieces on one baseline of one page, left to right.
#[derive(Debug, Clone)]
struct VLine {
    page: usize,
    top: f32,
    left: f32,
    height: f32,
    size: f32,
    bold: bool,
    /// Cells: pieces far apart on the line. One cell is ordinary text.
    cells: Vec<String>,
    /// Left edge of each cell.
    lefts: Vec<f32>,
}

impl VLine {
    fn text(&self) -> String {
        self.cells.join(" ")
    }
}

/// Groups pieces into lines and cells.
fn lines_of(mut pieces: Vec<Piece>) -> Vec<VLine> {
    pieces.sort_by(|a, b| {
        (a.page, a.top, a.left)
            .partial_cmp(&(b.page, b.top, b.left))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut lines: Vec<(Vec<Piece>,)> = Vec::new();
    for p in pieces {
        let same = lines.last().is_some_and(|(l,)| {
            let f = &l[0];
            f.page == p.page && (f.top - p.top).abs() <= (f.height.min(p.height) * 0.4).max(1.0)
        });
        if same {
            if let Some((l,)) = lines.last_mut() {
                l.push(p);
            }
        } else {
            lines.push((vec![p],));
        }
    }
    lines
        .into_iter()
        .map(|(mut ps,)| {
            ps.sort_by(|a, b| {
                a.left
                    .partial_cmp(&b.left)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let mut cells: Vec<String> = Vec::new();
            let mut lefts: Vec<f32> = Vec::new();
            let mut right = f32::MIN;
            for p in &ps {
                let gap = p.left - right;
                let text = squash(&p.text);
                // A space is about a third of the font size; a cell gap is a font size or more.
                if cells.is_empty() || gap > p.size.max(6.0) {
                    cells.push(text);
                    lefts.push(p.left);
                } else if let Some(c) = cells.last_mut() {
                    if gap > p.size * 0.15 || c.ends_with(' ') {
                        c.push(' ');
                    }
                    c.push_str(&text);
                }
                right = right.max(p.left + p.width);
            }
            let chars: usize = ps.iter().map(|p| p.text.chars().count()).sum();
            let bold_chars: usize = ps
                .iter()
                .filter(|p| p.bold)
                .map(|p| p.text.chars().count())
                .sum();
            // The size most of the line's characters are set in.
            let size = ps
                .iter()
                .max_by_key(|p| p.text.chars().count())
                .map_or(0.0, |p| p.size);
            VLine {
                page: ps[0].page,
                top: ps.iter().map(|p| p.top).fold(f32::MAX, f32::min),
                left: ps[0].left,
                height: ps.iter().map(|p| p.height).fold(0.0, f32::max),
                size,
                bold: chars > 0 && bold_chars * 10 >= chars * 8,
                cells,
                lefts,
            }
        })
        .collect()
}

/// The line's text with digits folded, to find running headers and footers.
fn furniture_key(t: &str) -> String {
    t.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// Drops page numbers and lines repeated at the top or bottom of the pages.
fn drop_furniture(pages: &[Page], lines: Vec<VLine>) -> (Vec<VLine>, usize) {
    let page_count = pages.len().max(1);
    let in_margin = |l: &VLine| {
        let h = pages.get(l.page).map_or(0.0, |p| p.height);
        h > 0.0 && (l.top < h * 0.1 || l.top + l.height > h * 0.9)
    };
    let mut seen: HashMap<String, std::collections::HashSet<usize>> = HashMap::new();
    for l in lines.iter().filter(|l| in_margin(l)) {
        seen.entry(furniture_key(&l.text()))
            .or_default()
            .insert(l.page);
    }
    let repeated = |l: &VLine| {
        page_count >= 2
            && seen
                .get(&furniture_key(&l.text()))
                .is_some_and(|p| p.len() >= 2 && p.len() * 3 >= page_count)
    };
    let before = lines.len();
    let kept: Vec<VLine> = lines
        .into_iter()
        .filter(|l| {
            let page_number = l.cells.len() == 1 && is_page_number(&l.cells[0]);
            !(page_number || (in_margin(l) && repeated(l)))
        })
        .collect();
    let dropped = before - kept.len();
    (kept, dropped)
}

/// The table being read: its header row and where its columns start.
struct Table {
    header: Vec<String>,
    lefts: Vec<f32>,
    /// The header was just printed again (a new page): the next line may still continue the
    /// last row.
    repeated: bool,
}

impl Table {
    /// The column of each cell of `l`, when every cell starts at a column of the table.
    fn columns_of(&self, l: &VLine) -> Option<Vec<usize>> {
        l.lefts
            .iter()
            .map(|left| self.lefts.iter().position(|c| (c - left).abs() <= 4.0))
            .collect()
    }
}

/// Adds a wrapped line to a table cell. Narrow cells break words without a hyphen
/// (`Ondersteuningsk` / `aarten`): when the dictionary knows the joined word, or knows
/// neither piece (or only a short tail such as `ng`), the pieces are joined without a space.
fn join_cell(cell: &mut String, t: &str, dict: Option<&Dictionary>) {
    let before = cell.rsplit(char::is_whitespace).next().unwrap_or("");
    let after: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    let broken = !before.is_empty()
        && !after.is_empty()
        && before.chars().all(char::is_alphabetic)
        && dict.filter(|d| !d.is_empty()).is_some_and(|d| {
            let word = |w: &str| d.is_word(&crate::text::fold(w));
            word(&format!("{before}{after}"))
                || (!word(before) && (!word(&after) || after.chars().count() <= 3))
        });
    if broken {
        cell.push_str(t);
    } else {
        join_line(cell, t, dict);
    }
}

/// The marker that opens a list item, if the line has one.
fn bullet(t: &str) -> Option<usize> {
    const MARKS: [&str; 9] = ["•", "●", "▪", "◦", "–", "-", "", "·", "○"];
    let t0 = t.trim_start();
    for m in MARKS {
        if let Some(rest) = t0.strip_prefix(m)
            && (rest.starts_with(char::is_whitespace) || rest.is_empty())
        {
            return Some(t.len() - rest.len());
        }
    }
    None
}

/// Headings, lists, rows and paragraphs from the lines.
fn layout(pages: &[Page], pieces: Vec<Piece>, dict: Option<&Dictionary>) -> Extracted {
    let lines = lines_of(pieces);
    let (lines, furniture) = drop_furniture(pages, lines);
    // Body size: the size most characters are set in (rounded to half points).
    let mut by_size: HashMap<i32, usize> = HashMap::new();
    for l in &lines {
        *by_size.entry((l.size * 2.0).round() as i32).or_default() += l.text().chars().count();
    }
    let body = by_size
        .iter()
        .max_by_key(|(s, n)| (**n, -**s))
        .map_or(0.0, |(s, _)| *s as f32 / 2.0);
    let is_heading = |l: &VLine| {
        let t = l.text();
        let chars = t.chars().count();
        l.cells.len() == 1
            && chars <= 200
            && bullet(&t).is_none()
            && (l.size >= body * 1.15 || (l.bold && chars <= 120 && !t.ends_with(['.', ':'])))
    };
    // Heading sizes, largest first: their rank is the level.
    let mut sizes: Vec<i32> = lines
        .iter()
        .filter(|l| is_heading(l) && l.size >= body * 1.15)
        .map(|l| (l.size * 2.0).round() as i32)
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let level_of = |l: &VLine| -> u8 {
        let s = (l.size * 2.0).round() as i32;
        match sizes.iter().position(|x| *x == s) {
            Some(i) if l.size >= body * 1.15 => (i + 1).min(6) as u8,
            // A bold line in the body size sits below the sized headings.
            _ => (sizes.len() + 1).min(6) as u8,
        }
    };
    let title = lines
        .iter()
        .filter(|l| l.page == 0 && is_heading(l))
        .max_by(|a, b| {
            a.size
                .partial_cmp(&b.size)
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(VLine::text);

    // Line pitch per point of font size, from consecutive body lines: a larger step is the
    // space between paragraphs.
    let mut pitches: Vec<f32> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page && w[0].size > 0.0 && w[0].size == w[1].size)
        .map(|w| (w[1].top - w[0].top) / w[0].size)
        .filter(|r| *r > 0.5 && *r < 3.0)
        .collect();
    pitches.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(1.2);

    let mut blocks: Vec<Block> = Vec::new();
    let mut prev: Option<&VLine> = None;
    let mut table: Option<Table> = None;
    let mut furniture = furniture;
    // Where the text of the current list item starts; its wrapped lines start there too.
    let mut item_indent = f32::MAX;
    for l in &lines {
        let t = l.text();
        let close = prev.is_some_and(|p| {
            if p.page == l.page {
                l.top - p.top <= pitch * p.size.max(l.size) * 1.25
            } else {
                // Across a page break: only a sentence that runs on in lowercase.
                let pt = p.text();
                !pt.trim_end().ends_with(['.', ':', ';', '?', '!'])
                    && t.chars()
                        .find(|c| c.is_alphabetic())
                        .is_some_and(char::is_lowercase)
            }
        });
        if is_heading(l) {
            let level = level_of(l);
            // A title over two lines in the same style is one heading.
            let joined = match (blocks.last_mut(), prev) {
                (Some(Block::Heading { level: pl, text }), Some(p))
                    if *pl == level && close && p.page == l.page && is_heading(p) =>
                {
                    join_line(text, &t, dict);
                    true
                }
                _ => false,
            };
            if !joined {
                blocks.push(Block::Heading { level, text: t });
            }
        } else if let Some(table) = table.as_mut()
            && matches!(blocks.last(), Some(Block::Row(_)))
            && l.cells.len() >= 2
            && l.cells == table.header
        {
            // The header row repeated on a new page.
            furniture += 1;
            table.repeated = true;
        } else if let Some(t) = table.as_ref()
            && matches!(blocks.last(), Some(Block::Row(_)))
            && (close || t.repeated)
            && let Some(cols) = t.columns_of(l)
            && (cols.first() != Some(&0) || l.cells.len() < 2)
        {
            // A cell's text wrapped onto the next line: add it to its cell.
            if let Some(Block::Row(cells)) = blocks.last_mut() {
                for (col, text) in cols.into_iter().zip(&l.cells) {
                    if cells.len() <= col {
                        cells.resize(col + 1, String::new());
                    }
                    if cells[col].is_empty() {
                        cells[col].push_str(text);
                    } else {
                        join_cell(&mut cells[col], text, dict);
                    }
                }
            }
            if let Some(t) = table.as_mut() {
                t.repeated = false;
            }
        } else if l.cells.len() >= 2 {
            if let Some(at) = bullet(&l.cells[0])
                && l.cells[0][at..].trim().is_empty()
            {
                blocks.push(Block::Item(l.cells[1..].join(" ")));
                item_indent = l.lefts.get(1).copied().unwrap_or(l.left + 1.0);
            } else {
                let starts = !matches!(blocks.last(), Some(Block::Row(_)));
                if starts || table.is_none() {
                    table = Some(Table {
                        header: l.cells.clone(),
                        lefts: l.lefts.clone(),
                        repeated: false,
                    });
                }
                blocks.push(Block::Row(l.cells.clone()));
            }
        } else if let Some(at) = bullet(&t) {
            blocks.push(Block::Item(t[at..].trim().to_string()));
            item_indent = l.left + 1.0;
        } else {
            let run_on = close
                && prev.is_some_and(|p| !is_heading(p))
                && match blocks.last() {
                    Some(Block::Para(_)) => true,
                    // An item's wrapped line is indented like the item's text.
                    Some(Block::Item(_)) => l.left >= item_indent - 2.0,
                    _ => false,
                };
            match blocks.last_mut() {
                Some(Block::Para(text) | Block::Item(text)) if run_on => {
                    join_line(text, &t, dict);
                }
                _ => blocks.push(Block::Para(t)),
            }
        }
        prev = Some(l);
    }
    Extracted {
        blocks,
        title,
        furniture,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(pages: &[&[(f32, f32, &str, &str)]]) -> String {
        let mut s = String::from(
            "<pdf2xml><fontspec id=\"0\" size=\"11\"/><fontspec id=\"1\" size=\"18\"/>",
        );
        for (i, lines) in pages.iter().enumerate() {
            s.push_str(&format!(
                "<page number=\"{}\" height=\"800\" width=\"600\">",
                i + 1
            ));
            for (top, left, font, text) in *lines {
                s.push_str(&format!(
                    "<text top=\"{top}\" left=\"{left}\" width=\"300\" height=\"14\" font=\"{font}\">{text}</text>"
                ));
            }
            s.push_str("</page>");
        }
        s.push_str("</pdf2xml>");
        s
    }

    #[test]
    fn headings_paragraphs_and_furniture() {
        let x = xml(&[
            &[
                (20.0, 50.0, "0", "Almeerse Norm"),
                (100.0, 50.0, "1", "Zorgplicht"),
                (140.0, 50.0, "0", "De school onder-"),
                (155.0, 50.0, "0", "zoekt binnen zes weken."),
                (200.0, 50.0, "0", "• een punt"),
                (780.0, 300.0, "0", "1"),
            ],
            &[
                (20.0, 50.0, "0", "Almeerse Norm"),
                (100.0, 50.0, "0", "<b>Vet kopje</b>"),
                (140.0, 50.0, "0", "Tekst &amp; meer."),
                (780.0, 300.0, "0", "2"),
            ],
        ]);
        let (pages, pieces) = parse_xml(&x);
        let out = layout(&pages, pieces, None);
        assert_eq!(out.furniture, 4);
        assert_eq!(
            out.blocks,
            vec![
                Block::Heading {
                    level: 1,
                    text: "Zorgplicht".into()
                },
                Block::Para("De school onderzoekt binnen zes weken.".into()),
                Block::Item("een punt".into()),
                Block::Heading {
                    level: 2,
                    text: "Vet kopje".into()
                },
                Block::Para("Tekst & meer.".into()),
            ]
        );
        assert_eq!(out.title.as_deref(), Some("Zorgplicht"));
    }
}
