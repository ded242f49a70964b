//! From ranked passages and check results to the [`Answer`](crate::model::Answer) every channel
//! renders: the quote of each passage ([`quote`]), the reply composed once from structured
//! blocks with its final citation numbers ([`compose`]).
//!
//! Architecture invariant: every quote is a verbatim substring of its passage, and the reply
//! says nothing that is not a quote or a check result.

pub mod compose;
pub mod quote;

use std::sync::Arc;

use jiff::civil::Date;

use crate::corpus::DocMeta;
use crate::corpus::passage::Passage;
use crate::model::Citation;
use crate::search::plan::Plan;
use compose::{Block, Cite, Draft, Role, SourceQuote};

/// A passage chosen for citation with its document and score.
pub struct Ranked<'a> {
    /// The passage.
    pub passage: Arc<Passage>,
    /// Its document.
    pub meta: &'a DocMeta,
    /// Final score.
    pub score: f32,
}

/// What quoting needs besides the passages.
pub struct QuoteOptions<'a> {
    /// The day the answer is for (document status).
    pub today: Date,
    /// Region whose documents apply without a warning.
    pub home_region: &'a str,
    /// Longest quote in characters.
    pub max_quote_chars: usize,
}

/// The draft reply from ranked passages (already filtered for evidence): per passage its best
/// sentence(s) as quote, the first one introduced as the answer and the others as "zie ook".
pub fn assemble(
    question: &str,
    ranked: Vec<Ranked<'_>>,
    plan: &Plan,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    opts: &QuoteOptions<'_>,
) -> Draft {
    let definitional = plan.subject.is_some();
    let mut draft = Draft {
        question: question.to_string(),
        ..Draft::default()
    };
    for (i, r) in ranked.iter().enumerate() {
        let range = quote::best_quote(&r.passage, plan, analyzer, opts.max_quote_chars);
        let p = &r.passage;
        let role = match (&p.glossary, i, definitional) {
            (Some(g), 0, true) => Role::Definition {
                heading: g.heading.clone(),
            },
            (_, 0, _) => Role::Lead,
            _ => Role::SeeAlso,
        };
        draft.blocks.push(Block::Passage {
            quote: source_quote(p, &r.meta.title, &p.text()[range.clone()]),
            lead_in: quote::lead_in(p, &range),
            role,
        });
        draft.cites.push(Cite {
            citation: citation(p, r.meta, range, opts.today, r.score),
            warnings: crate::corpus::status::warnings(r.meta, opts.today, opts.home_region),
            badge: crate::corpus::status::badge(r.meta, opts.today, opts.home_region),
        });
    }
    draft
}

/// A passage's quote as blocks show it.
pub fn source_quote(p: &Passage, title: &str, quote: &str) -> SourceQuote {
    SourceQuote {
        passage: p.id.clone(),
        title: title.to_string(),
        section: p
            .breadcrumb
            .last()
            .cloned()
            .unwrap_or_else(|| "begin".to_string()),
        quote: quote.to_string(),
    }
}

/// The citation of `range` of a passage (its rank is set when the reply is composed).
pub fn citation(
    p: &Passage,
    meta: &DocMeta,
    range: std::ops::Range<usize>,
    today: Date,
    score: f32,
) -> Citation {
    Citation {
        rank: 0,
        doc: p.doc.clone(),
        title: meta.title.clone(),
        section: p.section(),
        passage: p.id.clone(),
        text: p.text().to_string(),
        quote: p.text()[range.clone()].to_string(),
        region: meta.region.clone(),
        status: meta.status(today).label(),
        score: (score * 1000.0).round() / 1000.0,
        source_range: quote::source_range(p, &range),
    }
}

/// The headings of a "welke stappen …" series, verbatim, in document order, each with the
/// passage id where it starts: the first block of the reply.
pub fn outline_block(o: &crate::corpus::passage::Outline, title: &str) -> Block {
    let plural = match o.keyword.as_str() {
        "stap" => "stappen",
        "fase" => "fasen",
        "trede" => "treden",
        "niveau" => "niveaus",
        "ijkpunt" => "ijkpunten",
        "module" => "modules",
        "hoofdstuk" => "hoofdstukken",
        _ => "onderdelen",
    };
    let place = if o.chapter.is_empty() {
        title.to_string()
    } else {
        format!("{title} › {}", o.chapter)
    };
    let items: Vec<String> = o
        .items
        .iter()
        .map(|i| format!("{} ({})", i.heading, i.passage))
        .collect();
    Block::Text(format!(
        "{place} noemt {} {plural}:\n{}",
        o.items.len(),
        items.join("\n")
    ))
}
