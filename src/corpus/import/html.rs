//! Web pages: the main content only (`<main>`, else `<article>`, else `<body>` without its
//! navigation, header, footer, asides, scripts and cookie banners), with `h1`–`h6` as headings,
//! `li` as list items and table rows as rows.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use super::{Block, Extracted, squash};

/// Elements never read: navigation, code, forms, media.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "svg", "iframe",
    "select", "dialog", "img", "video", "audio", "canvas", "object",
];

/// Block-level elements: their text ends the paragraph before them.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "blockquote",
    "figure",
    "figcaption",
    "address",
    "dl",
    "dt",
    "dd",
    "pre",
    "hr",
    "details",
    "summary",
];

/// The blocks of an HTML page.
pub fn extract(bytes: &[u8]) -> Extracted {
    let text = String::from_utf8_lossy(bytes);
    let doc = Html::parse_document(&text);
    let pick = |s: &str| {
        Selector::parse(s)
            .ok()
            .and_then(|sel| doc.select(&sel).next())
    };
    let main = pick("main")
        .or_else(|| pick("[role=main]"))
        .or_else(|| pick("article"));
    let (root, in_main) = match main {
        Some(m) => (Some(m), true),
        None => (pick("body"), false),
    };
    let mut w = Walker {
        blocks: Vec::new(),
        inline: String::new(),
        skip_page_parts: !in_main,
    };
    if let Some(root) = root {
        w.children(*root);
        w.flush();
    }
    let title = pick("title")
        .map(|t| squash(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            w.blocks.iter().find_map(|b| match b {
                Block::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
        });
    Extracted {
        blocks: w.blocks,
        title,
        furniture: 0,
    }
}

struct Walker {
    blocks: Vec<Block>,
    inline: String,
    /// Reading `<body>`: its `header` and `footer` are page furniture.
    skip_page_parts: bool,
}

/// Cookie banners and other overlays announce themselves in their id or class.
fn is_banner(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    let marks = format!(
        "{} {}",
        v.attr("id").unwrap_or(""),
        v.attr("class").unwrap_or("")
    )
    .to_lowercase();
    ["cookie", "consent", "banner", "skip-link", "breadcrumb"]
        .iter()
        .any(|m| marks.contains(m))
        || v.attr("hidden").is_some()
        || v.attr("aria-hidden") == Some("true")
        || v.attr("role") == Some("navigation")
}

impl Walker {
    fn flush(&mut self) {
        let t = squash(&self.inline);
        if !t.is_empty() {
            self.blocks.push(Block::Para(t));
        }
        self.inline.clear();
    }

    fn children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            self.node(child);
        }
    }

    fn node(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(t) => self.inline.push_str(t),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(node) {
                    self.element(e);
                }
            }
            _ => {}
        }
    }

    fn element(&mut self, e: ElementRef<'_>) {
        let name = e.value().name();
        if SKIP.contains(&name)
            || is_banner(&e)
            || (self.skip_page_parts && matches!(name, "header" | "footer"))
        {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name[1..].parse().unwrap_or(2);
                let text = squash(&e.text().collect::<String>());
                if !text.is_empty() {
                    self.blocks.push(Block::Heading { level, text });
                }
            }
            "br" => self.inline.push(' '),
            "li" => {
                self.flush();
                // The item's own text; a nested list gives items of its own after it.
                let mut own = Walker {
                    blocks: Vec::new(),
                    inline: String::new(),
                    skip_page_parts: self.skip_page_parts,
                };
                for child in e.children() {
                    match child.value() {
                        Node::Element(c) if matches!(c.name(), "ul" | "ol") => {
                            own.flush();
                            own.node(child);
                        }
                        _ => own.node(child),
                    }
                }
                own.flush();
                for b in own.blocks {
                    match b {
                        Block::Para(t) => self.blocks.push(Block::Item(t)),
                        other => self.blocks.push(other),
                    }
                }
            }
            "table" => {
                self.flush();
                self.table(e);
            }
            "ul" | "ol" => {
                self.flush();
                self.children(*e);
                self.flush();
            }
            _ if BLOCKS.contains(&name) => {
                self.flush();
                self.children(*e);
                self.flush();
            }
            _ => self.children(*e),
        }
    }

    fn table(&mut self, table: ElementRef<'_>) {
        let Ok(rows) = Selector::parse("tr") else {
            return;
        };
        let Ok(cells) = Selector::parse("th, td") else {
            return;
        };
        for tr in table.select(&rows) {
            let row: Vec<String> = tr
                .select(&cells)
                .map(|c| squash(&c.text().collect::<String>()))
                .collect();
            if row.iter().any(|c| !c.is_empty()) {
                self.blocks.push(Block::Row(row));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_content_without_page_parts() {
        let page = br#"<!doctype html><html><head><title>Kaart</title></head><body>
          <div id="cookie-banner">Wij gebruiken cookies. <button>Akkoord</button></div>
          <header><nav><a href="/">Home</a></nav></header>
          <main><h1>Titel</h1><p>Een <b>alinea</b>.</p>
          <ul><li>een</li><li>twee<ul><li>drie</li></ul></li></ul>
          <table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></main>
          <footer>Contact</footer></body></html>"#;
        let out = extract(page);
        assert_eq!(out.title.as_deref(), Some("Kaart"));
        assert_eq!(
            out.blocks,
            vec![
                Block::Heading {
                    level: 1,
                    text: "Titel".into()
                },
                Block::Para("Een alinea.".into()),
                Block::Item("een".into()),
                Block::Item("twee".into()),
                Block::Item("drie".into()),
                Block::Row(vec!["a".into(), "b".into()]),
                Block::Row(vec!["1".into(), "2".into()]),
            ]
        );
    }
}
