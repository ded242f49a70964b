//! The quote of a cited passage: the sentence(s) that express the question best, verbatim.

use std::ops::Range;

use crate::corpus::passage::{Passage, PassageKind};
use crate::search::plan::Plan;
use crate::search::units::{unit_scores, units};

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
    // A list quoted from its lead-in or first item is the enumeration asked for: its items
    // follow, as many as the length allows ("zeven uitgangspunten: doelgericht, …").
    if p.kind == PassageKind::List && lo <= first_item(p, &all) {
        while hi + 1 < all.len() && all[hi + 1].end - range.start <= max_chars {
            hi += 1;
            range.end = all[hi].end;
        }
    }
    // A lone short unit reads better with its neighbour.
    if range.len() < 60 && hi + 1 < all.len() && all[hi + 1].end - range.start <= max_chars {
        range.end = all[hi + 1].end;
    }
    range
}

/// The index of the first unit after a list's lead-in line (0 without one).
fn first_item(p: &Passage, units: &[Range<usize>]) -> usize {
    let text = p.text();
    let lead = p.lead.min(text.len());
    let Some(first) = text[lead..].lines().next() else {
        return 0;
    };
    if !first.trim_end().ends_with(':') {
        return 0;
    }
    let end = lead + first.len();
    units.iter().position(|u| u.start >= end).unwrap_or(0)
}

/// The list lead-in ("De school beschrijft:") of a list passage, when the quote does not
/// include it.
pub(crate) fn lead_in(p: &Passage, quote: &Range<usize>) -> Option<String> {
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
