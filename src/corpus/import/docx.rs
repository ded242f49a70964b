//! Word (DOCX) files: `word/document.xml` read with its styles (`word/styles.xml`) so that a
//! paragraph styled "Kop 1" or "heading 2" (or with an outline level) is a heading, numbered
//! paragraphs (`w:numPr`) are list items and table rows are rows. Parts are read with a size
//! limit, so a zip bomb stops at [`MAX_PART_BYTES`].

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::xml::{attr, entity};
use super::{Block, Extracted, ImportError};

/// Largest unpacked size of one part of the zip.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// What a paragraph style says about its paragraphs.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbered: bool,
}

/// The blocks of a DOCX file.
pub fn extract(name: &str, bytes: &[u8]) -> Result<Extracted, ImportError> {
    let bad = |why: &str| ImportError::BadDocx(name.to_string(), why.to_string());
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| bad("geen geldig zip-archief"))?;
    let document = part(&mut zip, name, "word/document.xml")?
        .ok_or_else(|| bad("word/document.xml ontbreekt; is het wel een Word-bestand?"))?;
    let styles = part(&mut zip, name, "word/styles.xml")?
        .map(|s| read_styles(&s))
        .unwrap_or_default();
    let title = part(&mut zip, name, "docProps/core.xml")?.and_then(|s| core_title(&s));
    let mut out = read_document(&document, &styles).map_err(|_| bad("de tekst-XML is ongeldig"))?;
    out.title = title.or_else(|| {
        out.blocks.iter().find_map(|b| match b {
            Block::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
    });
    Ok(out)
}

/// One part of the zip as text, or `None` when it is not there.
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    path: &str,
) -> Result<Option<String>, ImportError> {
    let bad = |why: &str| ImportError::BadDocx(name.to_string(), why.to_string());
    let file = match zip.by_name(path) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(bad(&format!("{path} kan niet worden uitgepakt"))),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(ImportError::TooLarge(
            name.to_string(),
            MAX_PART_BYTES / (1024 * 1024),
        ));
    }
    let mut buf = Vec::new();
    // The declared size can lie: read at most one byte more than the limit.
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|_| bad(&format!("{path} kan niet worden uitgepakt")))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(ImportError::TooLarge(
            name.to_string(),
            MAX_PART_BYTES / (1024 * 1024),
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| bad(&format!("{path} is geen geldige UTF-8")))
}

/// Paragraph styles by id.
fn read_styles(xml: &str) -> HashMap<String, Style> {
    let mut styles = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, Style)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let tag = e.name().as_ref().to_string();
                match tag.as_str() {
                    "w:style" => {
                        let paragraph = attr(&e, "w:type").is_none_or(|t| t == "paragraph");
                        current = match (paragraph, attr(&e, "w:styleId")) {
                            (true, Some(id)) => Some((id, Style::default())),
                            _ => None,
                        };
                    }
                    "w:name" => with(&mut current, |s| {
                        s.name = attr(&e, "w:val").unwrap_or_default()
                    }),
                    "w:basedOn" => with(&mut current, |s| s.based_on = attr(&e, "w:val")),
                    "w:outlineLvl" => with(&mut current, |s| {
                        s.outline = attr(&e, "w:val").and_then(|v| v.parse().ok())
                    }),
                    "w:numPr" => with(&mut current, |s| s.numbered = true),
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == "w:style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    styles
}

fn with(current: &mut Option<(String, Style)>, f: impl FnOnce(&mut Style)) {
    if let Some((_, s)) = current {
        f(s);
    }
}

/// The heading level of a style name or id: "heading 2", "Kop 2", "Heading2", "Kop2",
/// "Title"/"Titel".
fn level_of_name(name: &str) -> Option<u8> {
    let n = name.to_lowercase().replace(' ', "");
    if n == "title" || n == "titel" {
        return Some(1);
    }
    ["heading", "kop"].iter().find_map(|p| {
        n.strip_prefix(p)
            .and_then(|d| d.parse::<u8>().ok())
            .filter(|l| (1..=9).contains(l))
    })
}

/// Heading level and whether the paragraphs are numbered, following `basedOn`.
fn resolve(styles: &HashMap<String, Style>, id: &str) -> (Option<u8>, bool) {
    let mut level = None;
    let mut numbered = false;
    let mut at = Some(id.to_string());
    for _ in 0..12 {
        let Some(cur) = at.take() else { break };
        let Some(s) = styles.get(&cur) else {
            level = level.or_else(|| level_of_name(&cur));
            break;
        };
        level = level
            .or_else(|| level_of_name(&s.name))
            .or_else(|| level_of_name(&cur))
            .or_else(|| s.outline.filter(|o| *o < 9).map(|o| o + 1));
        numbered |= s.numbered;
        at = s.based_on.clone();
    }
    (level, numbered)
}

/// `dc:title` of `docProps/core.xml`.
fn core_title(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut title = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == "dc:title" => inside = true,
            Ok(Event::End(e)) if e.name().as_ref() == "dc:title" => break,
            Ok(Event::Text(t)) if inside => title.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => title.push_str(&entity(&r).unwrap_or_default()),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let title = super::squash(&title);
    (!title.is_empty()).then_some(title)
}

/// The paragraph being read.
#[derive(Default)]
struct Para {
    style: Option<String>,
    outline: Option<u8>,
    numbered: bool,
    text: String,
}

/// Walks the document body.
fn read_document(
    xml: &str,
    styles: &HashMap<String, Style>,
) -> Result<Extracted, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = Extracted::default();
    let mut para: Option<Para> = None;
    let mut in_text = false;
    // Tables: the depth, the cells of the current row, the text of the current cell.
    let mut table_depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut in_ppr = false;
    loop {
        let event = reader.read_event()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                start(
                    e,
                    empty,
                    &mut para,
                    &mut in_text,
                    &mut in_ppr,
                    &mut table_depth,
                    &mut row,
                    &mut cell,
                );
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:pPr" => in_ppr = false,
                "w:p" => {
                    if let Some(p) = para.take() {
                        if table_depth > 0 {
                            let t = super::squash(&p.text);
                            if !t.is_empty() {
                                if !cell.is_empty() {
                                    cell.push(' ');
                                }
                                cell.push_str(&t);
                            }
                        } else {
                            out.blocks.extend(paragraph(p, styles));
                        }
                    }
                }
                "w:tc" if table_depth == 1 => row.push(std::mem::take(&mut cell)),
                "w:tr" if table_depth == 1 => {
                    let cells = std::mem::take(&mut row);
                    if cells.iter().any(|c| !c.is_empty()) {
                        out.blocks.push(Block::Row(cells));
                    }
                }
                "w:tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&entity(&r).unwrap_or_default());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Handles an opening (or empty) tag of the document body.
#[allow(clippy::too_many_arguments)]
fn start(
    e: &BytesStart<'_>,
    empty: bool,
    para: &mut Option<Para>,
    in_text: &mut bool,
    in_ppr: &mut bool,
    table_depth: &mut usize,
    row: &mut Vec<String>,
    cell: &mut String,
) {
    match e.name().as_ref() {
        "w:p" => {
            *para = Some(Para::default());
            if empty {
                *para = None;
            }
        }
        "w:pPr" if !empty => *in_ppr = true,
        "w:pStyle" if *in_ppr => {
            if let Some(p) = para.as_mut() {
                p.style = attr(e, "w:val");
            }
        }
        "w:outlineLvl" if *in_ppr => {
            if let Some(p) = para.as_mut() {
                p.outline = attr(e, "w:val").and_then(|v| v.parse().ok());
            }
        }
        "w:numPr" if *in_ppr => {
            if let Some(p) = para.as_mut() {
                p.numbered = true;
            }
        }
        "w:t" if !empty => *in_text = true,
        "w:tab" | "w:br" | "w:cr" if !*in_ppr => {
            if let Some(p) = para.as_mut() {
                p.text.push(' ');
            }
        }
        "w:tbl" if !empty => {
            *table_depth += 1;
            if *table_depth == 1 {
                row.clear();
                cell.clear();
            }
        }
        _ => {}
    }
}

/// The block of a finished paragraph outside tables.
fn paragraph(p: Para, styles: &HashMap<String, Style>) -> Option<Block> {
    let text = super::squash(&p.text);
    if text.is_empty() {
        return None;
    }
    let (style_level, style_numbered) = p
        .style
        .as_deref()
        .map(|s| resolve(styles, s))
        .unwrap_or((None, false));
    let level = p.outline.filter(|o| *o < 9).map(|o| o + 1).or(style_level);
    Some(match level {
        Some(level) => Block::Heading { level, text },
        None if p.numbered || style_numbered => Block::Item(text),
        None => Block::Para(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_heading_styles() {
        assert_eq!(level_of_name("heading 1"), Some(1));
        assert_eq!(level_of_name("Kop 2"), Some(2));
        assert_eq!(level_of_name("Kop3"), Some(3));
        assert_eq!(level_of_name("Heading10"), None);
        assert_eq!(level_of_name("Normal"), None);
    }

    #[test]
    fn body_paragraphs_lists_and_tables() {
        let styles = read_styles(
            r#"<w:styles><w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="Eigen"><w:name w:val="Eigen kop"/><w:basedOn w:val="Kop1"/></w:style></w:styles>"#,
        );
        let doc = r#"<w:document><w:body>
          <w:p><w:pPr><w:pStyle w:val="Eigen"/></w:pPr><w:r><w:t>Zorg &amp; plicht</w:t></w:r></w:p>
          <w:p><w:r><w:t xml:space="preserve">Een </w:t></w:r><w:r><w:t>alinea.</w:t></w:r></w:p>
          <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>
          <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
        let out = read_document(doc, &styles).unwrap();
        assert_eq!(
            out.blocks,
            vec![
                Block::Heading {
                    level: 1,
                    text: "Zorg & plicht".into()
                },
                Block::Para("Een alinea.".into()),
                Block::Item("item".into()),
                Block::Row(vec!["a".into(), "b".into()]),
            ]
        );
    }
}
