//! Plain-text rendering for the terminal (`ask`, `chat`, `bron`, `bronnen`, `termijn`).

use std::fmt::Write;

use jiff::civil::Date;

use crate::model::{Answer, Computation, DocStatus, PassageView, RuleInfo};
use crate::text::{dutch, region_name};

/// The closing line of [`answer`] on the command line: how to see a whole passage.
pub const BRON_HINT: &str = "Toon een hele passage met: normwijzer bron <id>";

/// The closing line of [`answer`] inside `normwijzer chat`, where `bron` is typed as it is.
pub const CHAT_BRON_HINT: &str = "Toon een hele passage met: bron <id>";

/// An answer with numbered citations below it, and `hint` (how to show a whole passage, which
/// differs between the command line and the chat) after them.
pub fn answer(a: &Answer, hint: &str) -> String {
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
        let _ = writeln!(out, "\n{hint}");
    }
    out
}

/// A passage with its document, status and neighbours.
pub fn passage(v: &PassageView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", v.id);
    let _ = writeln!(out, "{} › {}", v.title, v.section);
    let _ = writeln!(
        out,
        "{} · regio {} · bytes {}–{} van de brontekst",
        crate::text::status(&v.status),
        region_name(&v.region),
        v.source_range.start,
        v.source_range.end
    );
    for w in &v.warnings {
        let _ = writeln!(out, "⚠ {w}");
    }
    let _ = writeln!(out, "\n{}\n", v.text);
    if let Some(prev) = &v.previous {
        let _ = writeln!(out, "Ervoor: {} — {}", prev.id, preview(&prev.text));
    }
    if let Some(next) = &v.next {
        let _ = writeln!(out, "Erna:   {} — {}", next.id, preview(&next.text));
    }
    out
}

/// The output of `normwijzer termijn`: the computation step by step, its warnings, and the
/// sources below it.
pub fn computation(c: &Computation) -> String {
    let mut out = crate::text::termijn::lines(c);
    out.extend(crate::text::termijn::other_warnings(c).cloned());
    out.push(String::new());
    out.push("Bronnen:".to_string());
    for s in &c.citations {
        out.push(format!(
            "[{}] {} › {} ({})",
            s.rank, s.title, s.section, s.passage
        ));
        out.push(format!("    „{}”", s.quote.replace('\n', " ")));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The `normwijzer termijn --list` text.
pub fn rules(rules: &[RuleInfo]) -> String {
    let Some(example) = rules.first() else {
        // Staff read this; setting up the rules is for whoever keeps normwijzer.
        return "Er zijn nog geen termijnen ingesteld; vraag de beheerder van normwijzer ernaar.\n"
            .to_string();
    };
    let width = rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from("Bekende termijnen:\n");
    for r in rules {
        let _ = writeln!(
            out,
            "  {:width$}  {}: {} [{}]",
            r.id,
            r.name,
            r.summary,
            r.passages.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nGebruik: normwijzer termijn <termijn> <datum>, bijvoorbeeld: normwijzer termijn {} 2026-03-02",
        example.id
    );
    out
}

/// The `normwijzer bronnen` text: one line per document with its status on `today`.
pub fn documents(statuses: &[DocStatus], today: Date) -> String {
    let width = statuses
        .iter()
        .map(|s| s.doc.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("Documenten op {}:\n", dutch::date_with_weekday(today));
    for s in statuses {
        out.push_str(&format!("  {:width$}  {}\n", s.doc, s.summary));
        out.push_str(&format!("  {:width$}  „{}”", "", s.title));
        if !s.passages.is_empty() {
            out.push_str(&format!(" — zie {}", s.passages.join(", ")));
        }
        out.push('\n');
    }
    out
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
