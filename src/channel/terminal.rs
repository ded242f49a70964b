//! Plain-text rendering for the terminal (`ask`, `chat`, `bron`, `bronnen`).

use std::fmt::Write;

use jiff::civil::Date;

use crate::answer::{Answer, region_name};
use crate::corpus::{DocMeta, Status};
use crate::engine::PassageView;

/// An answer with numbered citations below it.
pub fn answer(a: &Answer) -> String {
    let mut out = String::new();
    for w in &a.warnings {
        let _ = writeln!(out, "⚠ {w}");
    }
    if !a.warnings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", a.body);
    if !a.citations.is_empty() {
        out.push_str("\nBronnen:\n");
        for c in &a.citations {
            let _ = writeln!(out, "[{}] {} › {}", c.rank, c.title, c.section);
            let _ = writeln!(
                out,
                "    {} · {} · {}",
                c.status,
                region_name(&c.region),
                c.passage
            );
        }
        out.push_str("\nToon een hele passage met: normwijzer bron <id>\n");
    }
    out
}

/// A passage with its document, status and neighbours.
pub fn passage(v: &PassageView, today: Date, home_region: &str) -> String {
    let mut out = String::new();
    let p = &v.passage;
    let range = p.source_range();
    let _ = writeln!(out, "{}", p.id);
    let _ = writeln!(out, "{} › {}", v.meta.title, p.section());
    let _ = writeln!(
        out,
        "{} · regio {} · bytes {}–{} van de brontekst",
        status_text(&v.meta, today),
        region_name(&v.meta.region),
        range.start,
        range.end
    );
    for w in crate::answer::source_warnings(&v.meta, today, home_region) {
        let _ = writeln!(out, "⚠ {w}");
    }
    let _ = writeln!(out, "\n{}\n", p.text());
    if let Some(prev) = &v.previous {
        let _ = writeln!(out, "Ervoor: {} — {}", prev.id, preview(prev.text()));
    }
    if let Some(next) = &v.next {
        let _ = writeln!(out, "Erna:   {} — {}", next.id, preview(next.text()));
    }
    out
}

/// `geldig`, `verlopen sinds 1 augustus 2026`, `vervangen door ...`, `onbekend (ongedateerd)`.
pub fn status_text(meta: &DocMeta, today: Date) -> String {
    match meta.status(today) {
        Status::Geldig => "geldig".into(),
        Status::Verlopen { until } => {
            format!("verlopen (geldig t/m {})", crate::text::dutch::date(until))
        }
        Status::Vervangen { by } => format!("vervangen door {by}"),
        Status::Onbekend => "status onbekend (ongedateerd)".into(),
    }
}

/// First words of a text, cut at a word boundary.
pub fn preview(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 100 {
        return flat;
    }
    let cut: String = flat.chars().take(100).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_string();
    format!("{cut} …")
}
