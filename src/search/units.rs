//! A passage's quote units (sentences, list items) with their analyzed terms, and how much of
//! a question each expresses: used by the ranker (one sentence covering the question ranks
//! higher) and by the quote picker.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::corpus::passage::Passage;
use crate::search::plan::{Concept, Plan};

/// A quote unit with its analyzed terms, sorted.
pub struct UnitTerms<'a> {
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
pub fn units<'a>(
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

/// For each unit, the concept weight it expresses (question words count a fifth).
pub fn unit_scores(units: &[UnitTerms<'_>], plan: &Plan) -> Vec<f32> {
    unit_scores_where(units, plan, |_| true)
}

/// For each unit, the weight it expresses of the concepts `keep` accepts.
pub fn unit_scores_where(
    units: &[UnitTerms<'_>],
    plan: &Plan,
    keep: impl Fn(&Concept) -> bool + Copy,
) -> Vec<f32> {
    // Which units hold each plan term, from one pass over the units' terms (bit `k`: unit
    // `k`); a passage has far fewer than 64 units, more fall back to reading each unit.
    if units.len() > 64 {
        return units
            .iter()
            .map(|u| unit_score(plan, keep, |t| u.has(t)))
            .collect();
    }
    let mut holders: FxHashMap<&str, u64> = plan
        .concepts
        .iter()
        .flat_map(|c| &c.alternatives)
        .flat_map(|a| &a.terms)
        .map(|t| (t.as_str(), 0))
        .collect();
    for (k, u) in units.iter().enumerate() {
        for t in &u.terms {
            if let Some(mask) = holders.get_mut(t.as_ref()) {
                *mask |= 1 << k;
            }
        }
    }
    (0..units.len())
        .map(|k| {
            unit_score(plan, keep, |t| {
                holders.get(t).is_some_and(|m| m & (1 << k) != 0)
            })
        })
        .collect()
}

/// How much of the question a passage's own heading (the last title of its breadcrumb)
/// expresses: "Welke Almeerse thema's zijn er?" is all in the heading "Almeerse thema's",
/// whose list items then answer it without naming it again.
pub fn heading_score(
    p: &Passage,
    plan: &Plan,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
) -> f32 {
    heading_score_where(p, plan, |_| true, analyzer)
}

/// [`heading_score`] over the concepts `keep` accepts.
pub fn heading_score_where(
    p: &Passage,
    plan: &Plan,
    keep: impl Fn(&Concept) -> bool,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
) -> f32 {
    let Some(title) = p.breadcrumb.last() else {
        return 0.0;
    };
    let mut terms = crate::search::analysis::terms(analyzer, title);
    terms.sort_unstable();
    terms.dedup();
    unit_score(plan, keep, |t| {
        terms.binary_search_by(|x| x.as_str().cmp(t)).is_ok()
    })
}

/// How much of the question one unit expresses, given which terms it holds.
fn unit_score(plan: &Plan, keep: impl Fn(&Concept) -> bool, holds: impl Fn(&str) -> bool) -> f32 {
    plan.concepts
        .iter()
        .filter(|c| keep(c))
        .map(|c| {
            let m = c
                .alternatives
                .iter()
                .filter(|a| a.terms.iter().all(|t| holds(t)))
                .map(|a| a.boost.min(1.0))
                .fold(0.0, f32::max);
            if c.filler {
                0.2 * c.weight * m
            } else {
                c.weight * m
            }
        })
        .sum()
}
