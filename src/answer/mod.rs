//! The [`Answer`] value that every channel renders, and how it is assembled from ranked passages:
//! quotes (verbatim substrings of passages), a short Dutch reply built only from those quotes,
//! and warnings for expired, superseded or other-region sources.

use std::ops::Range;

use jiff::civil::Date;
use serde::Serialize;

use crate::corpus::passage::{Passage, PassageKind};
use crate::corpus::{DocMeta, Status};
use crate::search::plan::Plan;

/// What normwijzer says in reply to a question. Channels render it; they never change it.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// True when the documents do not (reliably) cover the question.
    pub abstained: bool,
    /// The reply text in Dutch: warnings first, then the quotes with their citation numbers.
    pub answer: String,
    /// The sources quoted, best first.
    pub citations: Vec<Citation>,
    /// Results of deterministic checks (computed terms, validity, OPP decision).
    pub checks: Vec<Check>,
    /// Dutch warnings about the sources (expired, superseded, another region).
    pub warnings: Vec<String>,
    /// When abstaining: sections that came closest, offered as places to look, not as answer.
    pub suggestions: Vec<Suggestion>,
    /// The reply without the warnings, for channels that show warnings separately.
    #[serde(skip)]
    pub body: String,
}

/// One cited passage.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// 1-based position.
    pub rank: usize,
    /// Source id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb, joined with ` › `.
    pub section: String,
    /// Passage id; `normwijzer bron <id>` shows it again.
    pub passage: String,
    /// The full passage text (verbatim pieces of the source).
    pub text: String,
    /// The best sentence(s): a verbatim substring of `text`.
    pub quote: String,
    /// Region of the source.
    pub region: String,
    /// `geldig`, `verlopen`, `vervangen` or `onbekend` on the answer's date.
    pub status: String,
    /// Ranking score.
    pub score: f32,
    /// Byte range of the quote in the source document.
    pub source_range: Range<usize>,
}

/// A section offered when abstaining.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// Source id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb.
    pub section: String,
    /// A passage id in that section.
    pub passage: String,
}

/// A deterministic result computed by code from rules that cite their passage.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Check {
    /// A term computed from a rule in `config/termijnen.toml` (see [`crate::checks::termijn`]).
    Termijn {
        /// Rule id.
        rule: String,
        /// The day the term started.
        start: Date,
        /// The last day of the term.
        deadline: Date,
        /// The last day with extension, when the rule allows one.
        extended: Option<Date>,
        /// Every day an end moved past under the Algemene termijnenwet.
        shifts: Vec<crate::checks::termijn::Shift>,
    },
    /// A document's validity on the answer's date (see [`crate::checks::geldigheid`]).
    Geldigheid(crate::checks::geldigheid::DocStatus),
    /// Whether an OPP is required, per the documents (see [`crate::checks::opp`]).
    Opp(crate::checks::opp::Decision),
}

/// A passage chosen for citation with its document and score.
pub struct Ranked<'a> {
    /// The passage.
    pub passage: std::sync::Arc<Passage>,
    /// Its document.
    pub meta: &'a DocMeta,
    /// Final score.
    pub score: f32,
}

/// Dutch name of a region id: `amsterdam-diemen` → `Amsterdam-Diemen`.
pub fn region_name(id: &str) -> String {
    id.split('-')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The warning for citing `meta` on `today`, if any.
pub fn source_warnings(meta: &DocMeta, today: Date, home_region: &str) -> Vec<String> {
    let mut out = Vec::new();
    match meta.status(today) {
        Status::Verlopen { until } => out.push(format!(
            "Let op: „{}” was geldig tot en met {} en is verlopen. Controleer of er een nieuwere versie is.",
            meta.title,
            crate::text::dutch::date(until)
        )),
        Status::Vervangen { by } => out.push(format!(
            "Let op: „{}” is vervangen door {by}. Wat hier staat, geldt mogelijk niet meer.",
            meta.title
        )),
        Status::Geldig | Status::Onbekend => {}
    }
    if meta.region != home_region {
        out.push(format!(
            "Let op: „{}” komt van een ander samenwerkingsverband ({}, regio {}). Deze afspraken gelden niet voor scholen in {}.",
            meta.title,
            meta.issuer,
            region_name(&meta.region),
            region_name(home_region)
        ));
    }
    out
}

/// A quote unit with its analyzed terms, sorted.
pub(crate) struct UnitTerms<'a> {
    /// Byte range in the passage text.
    pub range: Range<usize>,
    terms: Vec<std::borrow::Cow<'a, str>>,
}

impl UnitTerms<'_> {
    fn has(&self, term: &str) -> bool {
        self.terms
            .binary_search_by(|t| t.as_ref().cmp(term))
            .is_ok()
    }
}

/// Text units a quote is made of (see [`Passage::quote_units`]), with their analyzed terms:
/// stored at index time, recomputed only for passages that lack them.
pub(crate) fn units<'a>(
    p: &'a Passage,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
) -> Vec<UnitTerms<'a>> {
    if !p.units.is_empty() {
        return p
            .units
            .iter()
            .map(|u| UnitTerms {
                range: u.start..u.end,
                // Stored sorted and deduplicated.
                terms: u.terms.split(' ').map(std::borrow::Cow::Borrowed).collect(),
            })
            .collect();
    }
    p.quote_units()
        .into_iter()
        .map(|r| {
            let mut terms = crate::search::analysis::terms(analyzer, &p.text()[r.clone()]);
            terms.sort_unstable();
            terms.dedup();
            UnitTerms {
                range: r,
                terms: terms.into_iter().map(std::borrow::Cow::Owned).collect(),
            }
        })
        .collect()
}

/// Picks the best sentence(s) of a passage for the plan: the unit matching the most concept
/// weight, extended by neighbours that also match while the quote stays short.
pub fn best_quote(
    p: &Passage,
    plan: &Plan,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    max_chars: usize,
) -> Range<usize> {
    let text = p.text();
    let with_terms = units(p, analyzer);
    let all: Vec<Range<usize>> = with_terms.iter().map(|u| u.range.clone()).collect();
    if all.is_empty() {
        return p.lead.min(text.len())..text.len();
    }
    let body = all[0].start..all[all.len() - 1].end;
    // Short passages and glossary definitions are quoted whole.
    if body.len() <= 260 || (p.kind == PassageKind::Glossary && body.len() <= max_chars) {
        return body;
    }
    let scores = unit_scores(&with_terms, plan);
    let best = (0..all.len())
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut range = all[best].clone();
    // Grow to neighbours that add matches, within the length budget.
    let (mut lo, mut hi) = (best, best);
    loop {
        let next = hi + 1 < all.len()
            && scores[hi + 1] > 0.0
            && all[hi + 1].end - range.start <= max_chars;
        let prev = lo > 0 && scores[lo - 1] > 0.0 && range.end - all[lo - 1].start <= max_chars;
        if next {
            hi += 1;
            range.end = all[hi].end;
        } else if prev {
            lo -= 1;
            range.start = all[lo].start;
        } else {
            break;
        }
    }
    // A lone short unit reads better with its neighbour.
    if range.len() < 60 && hi + 1 < all.len() && all[hi + 1].end - range.start <= max_chars {
        range.end = all[hi + 1].end;
    }
    range
}

/// For each unit, the concept weight it expresses (question words count a fifth).
pub(crate) fn unit_scores(units: &[UnitTerms<'_>], plan: &Plan) -> Vec<f32> {
    units
        .iter()
        .map(|u| {
            plan.concepts
                .iter()
                .map(|c| {
                    let m = c
                        .alternatives
                        .iter()
                        .filter(|a| a.terms.iter().all(|t| u.has(t)))
                        .map(|a| a.boost.min(1.0))
                        .fold(0.0, f32::max);
                    if c.filler {
                        0.2 * c.weight * m
                    } else {
                        c.weight * m
                    }
                })
                .sum()
        })
        .collect()
}

/// The list lead-in ("De school beschrijft:") of a list passage, when the quote does not
/// include it.
fn lead_in(p: &Passage, quote: &Range<usize>) -> Option<String> {
    if !matches!(p.kind, PassageKind::List | PassageKind::Table) {
        return None;
    }
    let text = p.text();
    let first = text[p.lead..].lines().next()?;
    let start = p.lead;
    let end = start + first.len();
    (first.trim_end().ends_with(':') && quote.start > end)
        .then(|| text[start..end].trim().to_string())
}

/// Assembles the answer from ranked passages (already filtered for evidence).
pub fn assemble(
    question: &str,
    ranked: Vec<Ranked<'_>>,
    plan: &Plan,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    today: Date,
    home_region: &str,
    max_quote_chars: usize,
) -> Answer {
    let mut citations = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    let definitional = plan.subject.is_some();
    for (i, r) in ranked.iter().enumerate() {
        let rank = i + 1;
        let q = best_quote(&r.passage, plan, analyzer, max_quote_chars);
        let quote = r.passage.text()[q.clone()].to_string();
        let source_range = source_range(&r.passage, &q);
        for w in source_warnings(r.meta, today, home_region) {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        let section = r.passage.section();
        let short_section = r
            .passage
            .breadcrumb
            .last()
            .cloned()
            .unwrap_or_else(|| "begin".to_string());
        let quoted = match lead_in(&r.passage, &q) {
            Some(lead) => format!("„{lead} … {}”", quote.replace('\n', " … ")),
            None => format!("„{}”", quote.replace('\n', " … ")),
        };
        let line = match (&r.passage.glossary, rank, definitional) {
            (Some(g), 1, true) => format!(
                "{} — volgens de begrippenlijst van de {}: {quoted} [{rank}]",
                g.heading, r.meta.title
            ),
            (_, 1, _) => format!(
                "Volgens {} › {short_section}: {quoted} [{rank}]",
                r.meta.title
            ),
            _ => format!(
                "Zie ook {} › {short_section}: {quoted} [{rank}]",
                r.meta.title
            ),
        };
        lines.push(line);
        citations.push(Citation {
            rank,
            doc: r.passage.doc.clone(),
            title: r.meta.title.clone(),
            section,
            passage: r.passage.id.clone(),
            text: r.passage.text().to_string(),
            quote,
            region: r.meta.region.clone(),
            status: r.meta.status(today).label().to_string(),
            score: (r.score * 1000.0).round() / 1000.0,
            source_range,
        });
    }
    let body = lines.join("\n\n");
    let answer = compose(&warnings, &body);
    Answer {
        question: question.to_string(),
        abstained: false,
        answer,
        citations,
        checks: Vec::new(),
        warnings,
        suggestions: Vec::new(),
        body,
    }
}

/// Puts the series of a "welke stappen …" question on top of the reply: its headings, verbatim,
/// in document order, each with the passage id where it starts.
pub fn prepend_outline(a: &mut Answer, o: &crate::corpus::passage::Outline, title: &str) {
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
    let line = format!(
        "{place} noemt {} {plural}:\n{}",
        o.items.len(),
        items.join("\n")
    );
    a.body = format!("{line}\n\n{}", a.body);
    a.answer = compose(&a.warnings, &a.body);
}

/// Reply text: warnings on top, then the body.
pub fn compose(warnings: &[String], body: &str) -> String {
    if warnings.is_empty() {
        body.to_string()
    } else {
        format!("{}\n\n{body}", warnings.join("\n"))
    }
}

/// The "not in the documents" answer, with the nearest sections as places to look.
pub fn abstain(question: &str, suggestions: Vec<Suggestion>) -> Answer {
    let mut body = String::from("Ik vind hierover niets in de documenten.");
    if !suggestions.is_empty() {
        let places: Vec<String> = suggestions
            .iter()
            .map(|s| format!("{} › {} ({})", s.title, s.section, s.passage))
            .collect();
        body.push_str(
            " Deze onderdelen liggen er het dichtst bij, maar beantwoorden de vraag niet zeker: ",
        );
        body.push_str(&places.join("; "));
        body.push('.');
    }
    Answer {
        question: question.to_string(),
        abstained: true,
        answer: body.clone(),
        citations: Vec::new(),
        checks: Vec::new(),
        warnings: Vec::new(),
        suggestions,
        body,
    }
}

/// Byte range in the source document covered by a range of the passage text.
pub fn source_range(p: &Passage, r: &Range<usize>) -> Range<usize> {
    let frags = &p.clean.fragments;
    let start = frags
        .iter()
        .find(|f| f.at + f.source.len() > r.start)
        .map(|f| f.source.start + r.start.saturating_sub(f.at));
    let end = frags
        .iter()
        .rev()
        .find(|f| f.at < r.end)
        .map(|f| f.source.start + (r.end - f.at).min(f.source.len()));
    match (start, end) {
        (Some(s), Some(e)) if s <= e => s..e,
        _ => p.source_range(),
    }
}
