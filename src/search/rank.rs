//! Ranking: from a [`Plan`] to passages in order of how well they answer it.
//!
//! The phases of [`Ranker::rank`], each a function below:
//!
//! 1. **collect**: BM25 over text, section titles, glossary terms and document titles (one
//!    tantivy query, `build_query`), with the region preference applied while
//!    collecting, so a large corpus of other regions cannot crowd the home region out;
//! 2. **presence**: one pass over the posting lists tells which candidate contains which
//!    question term in which field (`Evidence`);
//! 3. **score each**: BM25 times coverage squared (the share of the question's informative
//!    weight the passage contains) times factors for validity, "wat is een X" definitions, list
//!    lead-ins and position in the section;
//! 4. **series coverage**: for "welke stappen", how much of the question the sections of each
//!    numbered series cover together;
//! 5. **lists share score**: the chunks of a list split for length rank as one list;
//! 6. **rerank by text**: the best few are read, favouring one sentence that expresses the whole
//!    question and, for "wanneer" or "hoeveel", one that contains a time or a number.
//!
//! Besides ranking, the ranker picks the series a series question is answered with
//! ([`Ranker::outline_for`]), the sections offered when the engine abstains
//! ([`Ranker::suggestions`]), and explains its scores for `ask --uitleg` ([`Ranker::explain`]).
//!
//! Architecture invariant: the ranker decides order, not answers. Whether to answer or abstain,
//! and with how many citations, is the engine's decision.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use jiff::civil::Date;
#[cfg(test)]
use tantivy::Term;
#[cfg(test)]
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
#[cfg(test)]
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher};

use crate::config::{RankingSettings, Settings};
use crate::corpus::passage::{Outline, Passage, PassageKind};
use crate::corpus::{DocMeta, Status};
use crate::model::Suggestion;
use crate::search::index::{IndexError, SearchIndex};
use crate::search::named::NamedThings;
use crate::search::plan::{Concept, Plan};
use crate::search::postings::{Bm25, Postings, Scored};

/// Candidates re-ranked by reading their text: proximity and answer type.
pub const RERANK: usize = 8;

/// Passages taken from BM25 for re-ranking (at most the 64 [`SearchIndex::presence`] tells
/// apart).
pub const CANDIDATES: usize = 40;

/// Scoring of one candidate passage.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where the passage is stored.
    pub addr: DocAddress,
    /// BM25 over the fields, with the region preference.
    pub bm25: f32,
    /// Share (0..1) of the question's informative weight the passage contains.
    pub coverage: f32,
    /// Final score: what candidates are ordered by.
    pub score: f32,
    /// Position of its document in the ranker's documents (`None`: a document not served).
    pub doc: Option<usize>,
    /// The stored passage, once read (the top candidates are read while ranking).
    pub passage: Option<Arc<Passage>>,
    /// The numbered series the passage belongs to (index into the index's outlines).
    pub outline: Option<usize>,
    /// Share of the question found in the series' sections among the hits together.
    pub outline_coverage: f32,
    /// Read while re-ranking: a unit of the passage that meets the question holds the kind of
    /// answer its question word asks for (a number for "hoeveel", a time for "wanneer").
    pub typed: bool,
    /// Where the passage stands in the corpus (document number, then position in it): the
    /// last tie-break, so that equal scores give one order whatever the index's layout.
    pub place: (u64, u64),
    /// The informative concepts of the question (bit `i` for `plan.concepts[i]`, the first
    /// 64) that the passage does not contain at all.
    pub missing: u64,
}

/// How a question was read and scored, for `ask --uitleg`.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The question as planned.
    pub plan: Plan,
    /// The top candidates, best first.
    pub rows: Vec<ExplainRow>,
}

/// The scores of one candidate in an [`Explanation`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainRow {
    /// Passage id.
    pub passage: String,
    /// BM25 with the region preference.
    pub bm25: f32,
    /// Share of the question the passage contains.
    pub coverage: f32,
    /// Final score.
    pub score: f32,
    /// The question's informative concepts the passage lacks (texts, in question order).
    pub missing: Vec<String>,
    /// Whether a sentence of it states the kind of value the question asks for.
    pub typed: bool,
}

/// Ranks passages of one index for planned questions. Borrows what it reads: the engine owns
/// index, documents and settings.
pub struct Ranker<'a> {
    /// The index searched.
    index: &'a SearchIndex,
    /// The documents served, in the engine's order.
    docs: &'a [DocMeta],
    /// For each index docnum, the position in `docs`.
    docnum_to_doc: &'a [Option<usize>],
    /// Per index docnum: 1.0 for the home region, less for others (applied while collecting).
    region_weights: &'a Arc<Vec<f32>>,
    /// Field boosts and score factors from `config/normwijzer.toml`.
    ranking: &'a RankingSettings,
    /// Coverage an answer needs (`answer.min_coverage`); a series needs most of it.
    min_coverage: f32,
    /// The domain's named things, to tell a definition of another thing (`None`: not told).
    named: Option<&'a NamedThings>,
    /// The regions of the corpus, as questions name them (empty: not told).
    regions: &'a [RegionNames],
}

/// A region of config/regions.toml as a question names it.
#[derive(Debug, Clone)]
pub struct RegionNames {
    /// Its id, the `region` of its documents ("amsterdam-diemen").
    pub id: String,
    /// The folded words of four letters or more of its id and name ("amsterdam", "diemen").
    pub words: Vec<String>,
}

/// What the index tells about the candidates without reading them: which question terms each
/// contains, per field (bit `k` of a mask is candidate `k`), and its fast fields.
struct Evidence<'p> {
    /// Every term of every alternative of the plan, once.
    terms: Vec<&'p str>,
    /// Per term: in the body, a section title, a glossary term or the document title.
    anywhere: Vec<u64>,
    /// Per term: in a glossary term or defined subject.
    as_term: Vec<u64>,
    /// Per term: in a list's lead-in or heading.
    in_lead: Vec<u64>,
    /// Per short field (section title, document title, search words, glossary term), per
    /// term: words that occur together in one of them stand together.
    together: Vec<Vec<u64>>,
    /// Alternatives of several words (a compound's parts, a phrase) and the candidates that
    /// hold all their words only apart: far from each other in the text, and not together in
    /// a section title, document title or the search words. Those do not express it.
    apart: Vec<(&'p [String], u64)>,
    /// Per candidate.
    facts: Vec<Facts>,
}

/// Fast fields of one candidate.
struct Facts {
    /// Position of its document in the ranker's documents.
    doc: Option<usize>,
    /// Number of the passage within its section (1 opens the section).
    ordinal: u64,
    /// The split list it is a chunk of.
    list: Option<u64>,
    /// The numbered series it belongs to.
    outline: Option<usize>,
    /// Document number and position in the document.
    place: (u64, u64),
}

/// The question as the scoring phases see it.
struct Question<'p> {
    plan: &'p Plan,
    weights: Weights,
    /// The day document validity is judged on.
    today: Date,
}

/// Sums of concept weights that scores are shares of.
struct Weights {
    /// All content concepts.
    total: f32,
    /// Content concepts the corpus contains.
    known: f32,
    /// The concepts of a "wat is een X" subject.
    subject: f32,
}

impl Weights {
    fn of(plan: &Plan) -> Weights {
        Weights {
            total: plan.content().map(|c| c.weight).sum(),
            known: plan.content().filter(|c| c.known).map(|c| c.weight).sum(),
            subject: plan
                .subject_concepts
                .iter()
                .map(|&i| plan.concepts[i].weight)
                .sum(),
        }
    }
}

impl Evidence<'_> {
    fn has(&self, masks: &[u64], term: &str, k: usize) -> bool {
        self.terms
            .iter()
            .position(|t| *t == term)
            .is_some_and(|i| masks[i] & (1 << k) != 0)
    }

    /// How well candidate `k` expresses a concept: 1 for the word as typed, less through a
    /// synonym or compound parts, 0 when absent.
    fn matches(&self, masks: &[u64], c: &Concept, k: usize) -> f32 {
        self.best_of(masks, c, k, |_| true)
    }

    /// How well candidate `k` expresses a concept anywhere in it, where the words of a
    /// several-word alternative must stand together ("ondersteuning" and "team" in separate
    /// sentences are no ondersteuningsteam).
    fn covers(&self, c: &Concept, k: usize) -> f32 {
        self.best_of(&self.anywhere, c, k, |terms| {
            !self
                .apart
                .iter()
                .any(|(apart, mask)| *apart == terms && mask & (1 << k) != 0)
        })
    }

    /// The best boost among the alternatives of `c` whose terms candidate `k` holds in
    /// `masks` and that `counts` lets count.
    fn best_of(
        &self,
        masks: &[u64],
        c: &Concept,
        k: usize,
        counts: impl Fn(&[String]) -> bool,
    ) -> f32 {
        c.alternatives
            .iter()
            .filter(|a| a.terms.iter().all(|t| self.has(masks, t, k)) && counts(&a.terms))
            .map(|a| a.boost.min(1.0))
            .fold(0.0, f32::max)
    }
}

/// Positions per word within which the words of a several-word alternative count as standing
/// together ("ondersteuning van het team", "ouders en/of verzorgers").
const NEAR: u32 = 2;

/// Whether one position of each list lies within a stretch of `window` positions. Every list
/// is sorted (tantivy gives positions in order); the stretch is found by a sweep over their
/// merge.
fn within(lists: &[&[u32]], window: u32) -> bool {
    if lists.iter().any(|l| l.is_empty()) {
        return false;
    }
    let mut merged: Vec<(u32, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |&p| (p, i)))
        .collect();
    merged.sort_unstable();
    let mut count = vec![0usize; lists.len()];
    let mut present = 0;
    let mut start = 0;
    for end in 0..merged.len() {
        let (p, i) = merged[end];
        if count[i] == 0 {
            present += 1;
        }
        count[i] += 1;
        while merged[start].0 + window < p {
            let j = merged[start].1;
            count[j] -= 1;
            if count[j] == 0 {
                present -= 1;
            }
            start += 1;
        }
        if present == lists.len() {
            return true;
        }
    }
    false
}

/// Best score first; BM25 breaks ties, then the place in the corpus, so equal scores keep one
/// order on every run and after every rebuild of the index.
fn by_score(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.bm25.total_cmp(&a.bm25))
        .then(a.place.cmp(&b.place))
}

impl<'a> Ranker<'a> {
    /// A ranker over `index`, whose docnums map to `docs` by `docnum_to_doc` and weigh
    /// `region_weights`, with the ranking settings and answer threshold of `settings`.
    pub fn new(
        index: &'a SearchIndex,
        docs: &'a [DocMeta],
        docnum_to_doc: &'a [Option<usize>],
        region_weights: &'a Arc<Vec<f32>>,
        settings: &'a Settings,
    ) -> Ranker<'a> {
        Ranker {
            index,
            docs,
            docnum_to_doc,
            region_weights,
            ranking: &settings.ranking,
            min_coverage: settings.answer.min_coverage,
            named: None,
            regions: &[],
        }
    }

    /// The ranker, counting a region the question names ("wie zitten er in het OT in
    /// Amsterdam?") as found in every passage of that region's documents, which seldom repeat
    /// their region's name.
    pub fn regions(mut self, regions: &'a [RegionNames]) -> Ranker<'a> {
        self.regions = regions;
        self
    }

    /// Whether concept `c` names the region of document `doc`.
    fn names_region_of(&self, c: &Concept, doc: Option<usize>) -> bool {
        let Some(meta) = doc.and_then(|d| self.docs.get(d)) else {
            return false;
        };
        self.regions
            .iter()
            .find(|r| r.id == meta.region)
            .is_some_and(|r| c.text.split(' ').all(|w| r.words.iter().any(|x| x == w)))
    }

    /// The ranker, telling glossary entries of another named thing than the question's apart
    /// (see [`Ranker::defines_another_thing`]).
    pub fn naming(mut self, named: &'a NamedThings) -> Ranker<'a> {
        self.named = Some(named);
        self
    }

    /// Whether `p` is the glossary entry of a named thing the question does not name, while
    /// the question names one: "Wijk ondersteuningsprofiel (WOP)" for a question about the
    /// SOP, met only through the "ondersteuningsprofiel" both share.
    fn defines_another_thing(&self, p: &Passage, asked: &BTreeSet<usize>) -> bool {
        let (Some(named), Some(g)) = (self.named, &p.glossary) else {
            return false;
        };
        if asked.is_empty() {
            return false;
        }
        let defined = named.in_text(&g.heading);
        !defined.is_empty() && defined.is_disjoint(asked)
    }

    /// Candidates ranked by final score, best first.
    pub fn rank(&self, plan: &Plan, today: Date) -> Result<Vec<Candidate>, IndexError> {
        let searcher = self.index.searcher();
        let terms = plan_terms(plan);
        let f = self.index.fields;
        let postings = Postings::read(
            &searcher,
            &[f.body, f.section, f.term, f.title, f.lead, f.search_words],
            &terms,
        )?;
        let hits = self.collect(&searcher, plan, &terms, &postings)?;
        if hits.is_empty() {
            return Ok(Vec::new());
        }
        let addrs: Vec<DocAddress> = hits.iter().map(|(_, a)| *a).collect();
        let with_words = self.search_word_boost(plan) > 0.0;
        let mut evidence = self.presence(&searcher, terms, &postings, &addrs, with_words)?;
        evidence.apart = self.apart(&searcher, plan, &evidence, &addrs)?;
        let question = Question {
            plan,
            weights: Weights::of(plan),
            today,
        };
        let mut out: Vec<Candidate> = hits
            .iter()
            .enumerate()
            .map(|(k, &hit)| self.score(&question, &evidence, k, hit))
            .collect();
        let total = question.weights.total;
        if plan.enumerates.is_some() {
            series_coverage(plan, &evidence, total, &mut out);
        }
        share_list_scores(&evidence, &mut out);
        out.sort_by(by_score);
        self.rerank_by_text(&mut out, plan, total)?;
        Ok(out)
    }

    /// Phase 1: the best [`CANDIDATES`] passages by BM25 times the region weight.
    ///
    /// BM25 over the body, section titles, glossary terms (only for "wat is X") and document
    /// titles: per term the best field counts most, an alternative of several terms needs
    /// them all, a concept counts with its best alternative, and the concepts add up.
    fn collect(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        terms: &[&str],
        postings: &Postings,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let r = self.ranking;
        // Glossary terms and defined subjects only count for "wat is X" questions. Indices
        // are those of the fields `rank` reads.
        let term_boost = if plan.subject.is_some() {
            r.term_boost
        } else {
            0.0
        };
        // The list lead-in (field 4) is read for presence only.
        let boosts = [
            1.0,
            r.section_boost,
            term_boost,
            r.title_boost,
            0.0,
            self.search_word_boost(plan),
        ];
        let bm25 = Bm25::new(postings);
        let term_index = |t: &str| terms.iter().position(|x| *x == t);
        let mut clauses: Vec<Scored> = Vec::new();
        for (i, c) in plan.concepts.iter().enumerate() {
            let mut alts: Vec<Scored> = Vec::new();
            'alternatives: for a in c.alternatives.iter().filter(|a| !a.terms.is_empty()) {
                let mut parts: Vec<Scored> = Vec::with_capacity(a.terms.len());
                for term in &a.terms {
                    let Some(t) = term_index(term) else {
                        continue 'alternatives;
                    };
                    let fields: Vec<Scored> = boosts
                        .iter()
                        .enumerate()
                        .filter(|&(fi, &boost)| boost > 0.0 && bm25.holds(fi, t))
                        .map(|(fi, &boost)| bm25.term(fi, t, boost))
                        .collect();
                    // An intersection with an absent term matches nothing.
                    if fields.is_empty() {
                        continue 'alternatives;
                    }
                    parts.push(Bm25::dismax(fields, 0.3));
                }
                let q = match parts.len() {
                    1 => parts.pop().unwrap_or_default(),
                    _ => Bm25::all(parts),
                };
                alts.push(Bm25::boost(q, a.boost * a.scale));
            }
            if alts.is_empty() {
                continue;
            }
            let mut boost = if c.filler { 0.3 } else { 1.0 };
            if plan.subject_concepts.contains(&i) {
                boost *= 1.5;
            }
            clauses.push(Bm25::boost(Bm25::dismax(alts, 0.0), boost));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let scored = Bm25::any(clauses);
        let addrs: Vec<DocAddress> = scored.iter().map(|&(d, _)| postings.address(d)).collect();
        let docnums = self.index.fast_u64(searcher, "docnum", &addrs)?;
        let mut hits: Vec<(f32, DocAddress)> = scored
            .iter()
            .zip(addrs)
            .zip(docnums)
            .map(|((&(_, score), addr), docnum)| {
                let w = docnum
                    .and_then(|n| self.region_weights.get(usize::try_from(n).ok()?))
                    .copied()
                    .unwrap_or(1.0);
                (score * w, addr)
            })
            .collect();
        // Best first; equal scores in index order, as tantivy's top-k collector gives them.
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.truncate(CANDIDATES);
        Ok(hits)
    }

    /// The weight of the passages' search words for this question: none for "wat is X", whose
    /// definition is found by its own words.
    fn search_word_boost(&self, plan: &Plan) -> f32 {
        match plan.subject {
            Some(_) => 0.0,
            None => self.ranking.search_word_boost,
        }
    }

    /// Phase 2b: for each alternative of several words, the candidates that hold its words
    /// only apart: in the body, but no stretch of [`NEAR`] positions per word holds them all,
    /// and no short field holds them all.
    fn apart<'p>(
        &self,
        searcher: &Searcher,
        plan: &'p Plan,
        evidence: &Evidence<'_>,
        addrs: &[DocAddress],
    ) -> Result<Vec<(&'p [String], u64)>, IndexError> {
        let mut out: Vec<(&'p [String], u64)> = Vec::new();
        let n = addrs.len().min(64);
        for a in plan.concepts.iter().flat_map(|c| &c.alternatives) {
            if a.terms.len() < 2 || out.iter().any(|(t, _)| *t == a.terms.as_slice()) {
                continue;
            }
            let all = |masks: &[u64], k: usize| a.terms.iter().all(|t| evidence.has(masks, t, k));
            let suspects: Vec<usize> = (0..n)
                .filter(|&k| {
                    all(&evidence.anywhere, k) && !evidence.together.iter().any(|m| all(m, k))
                })
                .collect();
            if suspects.is_empty() {
                continue;
            }
            let at: Vec<DocAddress> = suspects.iter().map(|&k| addrs[k]).collect();
            let mut lists = Vec::with_capacity(a.terms.len());
            for t in &a.terms {
                lists.push(crate::search::postings::positions(
                    searcher,
                    self.index.fields.body,
                    t,
                    &at,
                )?);
            }
            let window = NEAR * a.terms.len() as u32;
            let mut mask = 0u64;
            for (j, &k) in suspects.iter().enumerate() {
                let per_term: Vec<&[u32]> = lists.iter().map(|l| l[j].as_slice()).collect();
                if !within(&per_term, window) {
                    mask |= 1 << k;
                }
            }
            if mask != 0 {
                out.push((a.terms.as_slice(), mask));
            }
        }
        Ok(out)
    }

    /// Phase 2: which candidates contain which terms, from the postings read for BM25, and
    /// their fast fields.
    fn presence<'p>(
        &self,
        searcher: &Searcher,
        terms: Vec<&'p str>,
        postings: &Postings,
        addrs: &[DocAddress],
        with_words: bool,
    ) -> Result<Evidence<'p>, IndexError> {
        let globals: Vec<u32> = addrs.iter().map(|&a| postings.global(a)).collect();
        let masks = |fi: usize| -> Vec<u64> {
            (0..terms.len())
                .map(|t| {
                    globals
                        .iter()
                        .take(64)
                        .enumerate()
                        .filter(|&(_, &d)| postings.contains(fi, t, d))
                        .fold(0u64, |m, (k, _)| m | (1 << k))
                })
                .collect()
        };
        let [body, section, term, title, lead] = [0, 1, 2, 3, 4].map(masks);
        let words = if with_words {
            masks(5)
        } else {
            vec![0; terms.len()]
        };
        let anywhere = (0..terms.len())
            .map(|t| body[t] | section[t] | term[t] | title[t] | words[t])
            .collect();
        let fast = |name: &str| self.index.fast_u64(searcher, name, addrs);
        let (docnums, ordinals) = (fast("docnum")?, fast("ordinal")?);
        let (lists, outlines) = (fast("list")?, fast("outline")?);
        let seqs = fast("seq")?;
        let facts = (0..addrs.len())
            .map(|k| Facts {
                doc: docnums[k]
                    .and_then(|n| self.docnum_to_doc.get(usize::try_from(n).ok()?).copied())
                    .flatten(),
                // Every passage is stored with its ordinal.
                ordinal: ordinals[k].unwrap_or_default(),
                list: lists[k],
                outline: outlines[k].and_then(|o| usize::try_from(o).ok()),
                place: (docnums[k].unwrap_or(u64::MAX), seqs[k].unwrap_or(u64::MAX)),
            })
            .collect();
        let together = vec![section.clone(), title.clone(), words.clone(), term.clone()];
        Ok(Evidence {
            terms,
            anywhere,
            as_term: term,
            in_lead: lead,
            together,
            apart: Vec::new(),
            facts,
        })
    }

    /// Phase 3: the score of candidate `k`, a BM25 hit, from what it contains.
    fn score(
        &self,
        q: &Question<'_>,
        evidence: &Evidence<'_>,
        k: usize,
        (bm25, addr): (f32, DocAddress),
    ) -> Candidate {
        let total = q.weights.total;
        let facts = &evidence.facts[k];
        let mut covered = 0.0f32;
        let mut missing = 0u64;
        for (i, c) in q
            .plan
            .concepts
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.filler)
        {
            let found = if self.names_region_of(c, facts.doc) {
                1.0
            } else {
                evidence.covers(c, k)
            };
            covered += c.weight * found;
            if found == 0.0 && i < 64 {
                missing |= 1 << i;
            }
        }
        let coverage = if total > 0.0 { covered / total } else { 0.0 };
        // The region preference is in `bm25` already (`collect`).
        let factor = self.factor(q, evidence, k);
        Candidate {
            addr,
            bm25,
            coverage,
            score: bm25 * coverage.powi(2) * factor,
            doc: facts.doc,
            passage: None,
            outline: facts.outline,
            outline_coverage: 0.0,
            typed: false,
            place: facts.place,
            missing,
        }
    }

    /// The re-ranking factors of candidate `k`: validity of its document, definition of the
    /// subject, a list about what is asked, position in its section.
    fn factor(&self, q: &Question<'_>, evidence: &Evidence<'_>, k: usize) -> f32 {
        let (plan, weights, r) = (q.plan, &q.weights, self.ranking);
        let facts = &evidence.facts[k];
        let mut factor = 1.0;
        if let Some(meta) = facts.doc.and_then(|d| self.docs.get(d)) {
            factor *= match meta.status(q.today) {
                Status::Verlopen { .. } => r.expired,
                Status::Vervangen { .. } => r.superseded,
                _ => 1.0,
            };
        }
        // "Wat is een ZAT?": the passage that names ZAT as its term answers it (most of the
        // subject's weight must be named there).
        let subject_named: f32 = plan
            .subject_concepts
            .iter()
            .map(|&i| {
                plan.concepts[i].weight * evidence.matches(&evidence.as_term, &plan.concepts[i], k)
            })
            .sum();
        if weights.subject > 0.0 && subject_named / weights.subject >= 0.6 {
            factor *= 1.6;
        }
        // A list whose lead-in and heading name what is asked is the enumeration the question
        // wants ("Bij een effectieve ondersteuningsstructuur is er sprake van:").
        let lead_cover: f32 = plan
            .content()
            .filter(|c| c.known)
            .map(|c| c.weight * evidence.matches(&evidence.in_lead, c, k))
            .sum();
        if weights.known > 0.0 && lead_cover / weights.known >= 0.6 {
            factor *= 1.3;
        }
        // The passage that opens a section states its main point; later ones elaborate.
        if facts.ordinal > 1 {
            factor *= 0.95;
        }
        factor
    }

    /// Phase 6: reads the best candidates and favours those with one sentence (or list item)
    /// that expresses the whole question, and, when the question asks "wanneer" or "hoeveel",
    /// one that contains a time or a number.
    fn rerank_by_text(
        &self,
        out: &mut [Candidate],
        plan: &Plan,
        total: f32,
    ) -> Result<(), IndexError> {
        if total <= 0.0 {
            return Ok(());
        }
        let searcher = self.index.searcher();
        let mut analyzer = self.index.analyzer();
        let content: f32 = plan
            .content()
            .map(|x| x.weight)
            .sum::<f32>()
            .max(f32::EPSILON);
        let asked: BTreeSet<usize> = match self.named {
            Some(named) => plan
                .concepts
                .iter()
                .flat_map(|c| named.in_text(&c.text))
                .collect(),
            None => BTreeSet::new(),
        };
        let n = out.len().min(RERANK);
        for c in out[..n].iter_mut() {
            let p = self.index.passage(&searcher, c.addr)?;
            if self.defines_another_thing(&p, &asked) {
                c.score *= self.ranking.other_definition;
            }
            let (best, typed) = best_unit(&p, plan, content, &mut analyzer);
            let concentration = if c.coverage > 0.0 {
                (best / c.coverage).min(1.0)
            } else {
                0.0
            };
            c.score *= 0.6 + 0.4 * concentration;
            if typed {
                c.score *= if plan.asks_value { 1.5 } else { 1.2 };
            }
            c.typed = typed;
            c.passage = Some(p);
        }
        out[..n].sort_by(by_score);
        Ok(())
    }

    /// For "welke stappen / niveaus / treden": the numbered series whose sections rank best,
    /// with the score of the candidate that brought it, when the question is well enough
    /// covered (no unknown subject, most words found).
    pub fn outline_for(&self, plan: &Plan, ranked: &[Candidate]) -> Option<(&'a Outline, f32)> {
        let keyword = plan.enumerates.as_deref()?;
        let content: f32 = plan.content().map(|c| c.weight).sum();
        let unknown: f32 = plan.content().filter(|c| !c.known).map(|c| c.weight).sum();
        if content <= 0.0 || unknown / content > 0.3 {
            return None;
        }
        let min = self.min_coverage * 0.8;
        let outlines = &self.index.info.outlines;
        ranked
            .iter()
            .filter(|c| c.outline_coverage >= min)
            .find_map(|c| {
                let o = outlines.get(c.outline?)?;
                (o.keyword == keyword).then_some((o, c.score))
            })
    }

    /// Nearest sections, offered when abstaining: at most three sections among the first ten
    /// candidates that contain anything of the question.
    pub fn suggestions(
        &self,
        searcher: &Searcher,
        ranked: &[Candidate],
    ) -> Result<Vec<Suggestion>, IndexError> {
        let mut out: Vec<Suggestion> = Vec::new();
        for c in ranked.iter().filter(|c| c.coverage > 0.0).take(10) {
            if out.len() >= 3 {
                break;
            }
            let p = self.index.passage(searcher, c.addr)?;
            let section = p.section();
            if out.iter().any(|s| s.doc == p.doc && s.section == section) {
                continue;
            }
            let title = c
                .doc
                .and_then(|d| self.docs.get(d))
                .map(|d| d.title.clone())
                .unwrap_or_default();
            out.push(Suggestion {
                doc: p.doc.clone(),
                title,
                section,
                passage: p.id.clone(),
            });
        }
        Ok(out)
    }

    /// The plan with its `top` best candidates and their scores.
    pub fn explain(&self, plan: Plan, today: Date, top: usize) -> Result<Explanation, IndexError> {
        let searcher = self.index.searcher();
        let rows = self
            .rank(&plan, today)?
            .into_iter()
            .take(top)
            .map(|c| {
                Ok(ExplainRow {
                    passage: self.index.passage(&searcher, c.addr)?.id.clone(),
                    bm25: c.bm25,
                    coverage: c.coverage,
                    score: c.score,
                    typed: c.typed,
                    missing: plan
                        .concepts
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| i < 64 && c.missing & (1 << i) != 0)
                        .map(|(_, k)| k.text.clone())
                        .collect(),
                })
            })
            .collect::<Result<_, IndexError>>()?;
        Ok(Explanation { plan, rows })
    }

    /// The tantivy query: per concept the best of its alternatives, each term searched in text,
    /// section titles and glossary terms with their weights. `None` when no term of the
    /// question is in the index. The query [`Ranker::collect`] scores by hand, kept to hold
    /// the two to the same numbers.
    #[cfg(test)]
    fn build_query(
        &self,
        searcher: &Searcher,
        plan: &Plan,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        let f = self.index.fields;
        let r = self.ranking;
        // Glossary terms and defined subjects only count for "wat is X" questions.
        let term_boost = if plan.subject.is_some() {
            r.term_boost
        } else {
            0.0
        };
        let fields = [
            (f.body, 1.0),
            (f.section, r.section_boost),
            (f.term, term_boost),
            (f.title, r.title_boost),
            (f.search_words, self.search_word_boost(plan)),
        ];
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, c) in plan.concepts.iter().enumerate() {
            let Some(q) = self.concept_query(searcher, &fields, c)? else {
                continue;
            };
            let mut boost = if c.filler { 0.3 } else { 1.0 };
            if plan.subject_concepts.contains(&i) {
                boost *= 1.5;
            }
            clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
        Ok(match clauses.len() {
            0 => None,
            _ => Some(Box::new(BooleanQuery::new(clauses))),
        })
    }

    /// The best of a concept's alternatives; an alternative of several terms needs them all.
    #[cfg(test)]
    fn concept_query(
        &self,
        searcher: &Searcher,
        fields: &[(Field, f32)],
        c: &Concept,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        let mut alts: Vec<Box<dyn Query>> = Vec::new();
        'alternatives: for a in c.alternatives.iter().filter(|a| !a.terms.is_empty()) {
            let mut parts: Vec<Box<dyn Query>> = Vec::with_capacity(a.terms.len());
            for t in &a.terms {
                match self.term_query(searcher, fields, t)? {
                    Some(q) => parts.push(q),
                    // An intersection with an absent term matches nothing.
                    None => continue 'alternatives,
                }
            }
            let q: Box<dyn Query> = match parts.len() {
                1 => parts.pop().expect("one part"),
                _ => Box::new(BooleanQuery::intersection(parts)),
            };
            alts.push(Box::new(BoostQuery::new(q, a.boost * a.scale)));
        }
        Ok(match alts.len() {
            0 => None,
            1 => alts.pop(),
            _ => Some(Box::new(DisjunctionMaxQuery::new(alts))),
        })
    }

    /// One term in each field that holds it, the best field counting most.
    #[cfg(test)]
    fn term_query(
        &self,
        searcher: &Searcher,
        fields: &[(Field, f32)],
        term: &str,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        // Only the fields that hold the term: every disjunction costs a union scorer with
        // buffers of its own, which on a small index is most of the search time.
        let mut per_field: Vec<Box<dyn Query>> = Vec::new();
        for &(field, boost) in fields {
            if boost > 0.0 && self.index.doc_freq(searcher, field, term)? > 0 {
                let q = TermQuery::new(
                    Term::from_field_text(field, term),
                    IndexRecordOption::WithFreqs,
                );
                per_field.push(Box::new(BoostQuery::new(Box::new(q), boost)));
            }
        }
        Ok(match per_field.len() {
            0 => None,
            1 => per_field.pop(),
            _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                per_field, 0.3,
            ))),
        })
    }
}

/// Every term of every alternative of the plan, once, in plan order.
fn plan_terms(plan: &Plan) -> Vec<&str> {
    let mut terms: Vec<&str> = Vec::new();
    for t in plan
        .concepts
        .iter()
        .flat_map(|c| &c.alternatives)
        .flat_map(|a| &a.terms)
    {
        if !terms.contains(&t.as_str()) {
            terms.push(t);
        }
    }
    terms
}

/// How well the best quote unit of a passage expresses the question (share of the content
/// weight, at most 1), and whether a unit that expresses any of it holds the expected kind
/// of answer (a time, a number).
fn best_unit(
    p: &Passage,
    plan: &Plan,
    content: f32,
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
) -> (f32, bool) {
    let units = crate::search::units::units(p, analyzer);
    let scores = crate::search::units::unit_scores(&units, plan);
    let mut best = 0.0f32;
    // The items of a list or the rows of a table do not repeat what they are about: their
    // heading says it ("Almeerse thema's" over its six themes).
    if matches!(p.kind, PassageKind::List | PassageKind::Table) {
        let heading = crate::search::units::heading_score(p, plan, analyzer);
        best = (heading / content).min(1.0);
    }
    // A unit states the value asked only when it names what the question asks it of: "geldig
    // t/m juli 2026" on a card (only the time property "geldig") is not how long a TLV is
    // valid, "minstens tweemaal per jaar" (only the question words "per jaar") is not how often
    // the zorgteam meets. The passage's heading may name it for its sentences ("Zorgplicht"
    // over "Ook hiervoor geldt een termijn van zes weken").
    // Only a question for a value reads it (the work is per re-ranked passage).
    let asked = |c: &Concept| !plan.names_only_the_asked(c);
    let (subject, heading_names) = if plan.expects.is_some() {
        (
            crate::search::units::unit_scores_where(&units, plan, asked),
            crate::search::units::heading_score_where(p, plan, asked, analyzer) > 0.0,
        )
    } else {
        (Vec::new(), false)
    };
    let mut typed = false;
    for (k, (u, score)) in units.iter().map(|u| &u.range).zip(&scores).enumerate() {
        let cov = (score / content).min(1.0);
        best = best.max(cov);
        let names_subject = heading_names || subject.get(k).is_some_and(|s| *s > 0.0);
        if cov > 0.0 && names_subject && plan.states_answer(&p.text()[u.clone()]) {
            typed = true;
        }
    }
    (best, typed)
}

/// Phase 4: a series ("stap 1" … "stap 7") answers a question when its sections together
/// cover it: each candidate gets the coverage of its series among the hits.
fn series_coverage(plan: &Plan, evidence: &Evidence<'_>, total: f32, out: &mut [Candidate]) {
    let mut union: HashMap<usize, Vec<f32>> = HashMap::new();
    for (k, facts) in evidence.facts.iter().enumerate() {
        let Some(o) = facts.outline else {
            continue;
        };
        let found = union
            .entry(o)
            .or_insert_with(|| vec![0.0; plan.concepts.len()]);
        for (i, c) in plan.concepts.iter().enumerate() {
            found[i] = found[i].max(evidence.covers(c, k));
        }
    }
    for c in out {
        if let Some(found) = c.outline.and_then(|o| union.get(&o))
            && total > 0.0
        {
            let covered: f32 = plan
                .concepts
                .iter()
                .zip(found)
                .filter(|(c, _)| !c.filler)
                .map(|(c, f)| c.weight * f)
                .sum();
            c.outline_coverage = covered / total;
        }
    }
}

/// Phase 5: a list split for length is still one list: its chunks share the best chunk's
/// score, and the first chunk is cited first. `out` is in the order of `evidence`.
fn share_list_scores(evidence: &Evidence<'_>, out: &mut [Candidate]) {
    let mut best_of_list: HashMap<u64, f32> = HashMap::new();
    for (facts, c) in evidence.facts.iter().zip(out.iter()) {
        if let Some(list) = facts.list {
            let e = best_of_list.entry(list).or_insert(0.0);
            *e = e.max(c.score);
        }
    }
    for (facts, c) in evidence.facts.iter().zip(out.iter_mut()) {
        if let Some(best) = facts.list.and_then(|l| best_of_list.get(&l)) {
            c.score = best * (1.0 - 0.001 * facts.ordinal.min(100) as f32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::search::index::{BuildInput, Location};
    use crate::search::plan::Planner;

    #[test]
    fn words_stand_together_within_a_stretch() {
        // "ondersteuning van het team": positions 4 and 7, within 2 × 2.
        assert!(within(&[&[4, 30], &[7]], 4));
        // In separate sentences they do not.
        assert!(!within(&[&[4], &[40]], 4));
        // Every word must occur.
        assert!(!within(&[&[4], &[]], 4));
        assert!(within(&[&[1, 9], &[12], &[10]], 6));
        assert!(!within(&[&[1], &[12], &[20]], 6));
    }

    /// An index over small documents, with what the ranker borrows.
    struct Fixture {
        index: SearchIndex,
        docs: Vec<DocMeta>,
        docnum_to_doc: Vec<Option<usize>>,
        region_weights: Arc<Vec<f32>>,
        config: Config,
        planner: Planner,
    }

    impl Fixture {
        /// One document per `(id, text)`, ids in order.
        fn new(texts: &[(&str, &str)]) -> Fixture {
            let documents: Vec<crate::corpus::Document> = texts
                .iter()
                .map(|(id, text)| {
                    let file = format!(
                        "+++\nid = \"{id}\"\ntitle = \"Document {id}\"\nissuer = \"test\"\n\
                         region = \"almere\"\nkind = \"beleidsdocument\"\n+++\n\n{text}\n"
                    );
                    crate::corpus::parse_document(
                        std::path::Path::new(&format!("{id}.txt")),
                        file.as_bytes(),
                    )
                    .expect("valid test document")
                })
                .collect();
            Fixture::of(documents, Config::default())
        }

        /// The bundled corpus with the bundled configuration.
        fn bundled() -> Fixture {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let (corpus, errors) = crate::corpus::load_dir(&root.join("corpus"));
            assert!(errors.is_empty(), "{errors:?}");
            let config = Config::load(&root.join("config")).expect("bundled config");
            Fixture::of(corpus.docs, config)
        }

        fn of(documents: Vec<crate::corpus::Document>, config: Config) -> Fixture {
            let passages: Vec<Passage> = documents
                .iter()
                .flat_map(crate::corpus::passage::split)
                .collect();
            let (index, _) =
                SearchIndex::open_or_build(&Location::Ram, "test", &config.words, || BuildInput {
                    passages: &passages,
                    doc_ids: documents.iter().map(|d| d.meta.id.clone()).collect(),
                    titles: documents
                        .iter()
                        .map(|d| (d.meta.id.clone(), d.meta.title.clone()))
                        .collect(),
                    words: &config.words,
                    search_words: &config.search_words,
                    dictionary: Default::default(),
                    fingerprint: "test".into(),
                })
                .expect("index in memory");
            let planner = Planner::new(&index, &config);
            let n = documents.len();
            Fixture {
                index,
                docs: documents.into_iter().map(|d| d.meta).collect(),
                docnum_to_doc: (0..n).map(Some).collect(),
                // The home region counts fully, the others less, as the engine weighs them.
                region_weights: Arc::new(
                    (0..n).map(|i| if i % 2 == 0 { 1.0 } else { 0.7 }).collect(),
                ),
                config,
                planner,
            }
        }

        fn ranker(&self) -> Ranker<'_> {
            Ranker::new(
                &self.index,
                &self.docs,
                &self.docnum_to_doc,
                &self.region_weights,
                &self.config.settings,
            )
        }

        /// Documents of the ranked passages with their coverage, best first.
        fn ranked(&self, question: &str) -> Vec<(String, f32)> {
            let plan = self.planner.plan(&self.index, question).expect("plan");
            let today = "2026-01-01".parse().expect("date");
            let searcher = self.index.searcher();
            self.ranker()
                .rank(&plan, today)
                .expect("rank")
                .iter()
                .map(|c| {
                    let p = self.index.passage(&searcher, c.addr).expect("stored");
                    (p.doc.clone(), c.coverage)
                })
                .collect()
        }
    }

    #[test]
    fn a_ligature_of_a_pdf_meets_the_letters_typed() {
        // PDF extractions write "ﬁ" as one character. The compound lexicon is made from the
        // corpus words, so "ﬁnanciering" must be the part "financiering" of
        // "financieringsmodel", as the index and the question spell it.
        let f = Fixture::new(&[
            (
                "a",
                "De ﬁnanciering van de ondersteuning volgt een vast model.",
            ),
            ("b", "Het financieringsmodel gaat in op 1 augustus 2026."),
            ("c", "De school beschrijft het schoolondersteuningsprofiel."),
        ]);
        for question in ["financiering model", "ﬁnanciering model"] {
            let ranked = f.ranked(question);
            assert!(
                ranked.iter().any(|(doc, cov)| doc == "b" && *cov > 0.99),
                "{question}: {ranked:?}"
            );
            assert!(ranked.iter().all(|(doc, _)| doc != "c"), "{ranked:?}");
        }
    }

    #[test]
    fn a_sharp_s_meets_ss_in_a_compound_typed_apart() {
        let f = Fixture::new(&[
            ("a", "De Straße is een straat en het haupt is het hoofd."),
            ("b", "Het gebouw staat aan de Hauptstraße."),
        ]);
        for question in ["haupt strasse", "haupt straße", "Hauptstrasse"] {
            let ranked = f.ranked(question);
            assert!(
                ranked.iter().any(|(doc, cov)| doc == "b" && *cov > 0.99),
                "{question}: {ranked:?}"
            );
        }
    }

    #[test]
    fn scores_equal_tantivys_own_query() {
        // The ranker scores BM25 by hand from the posting lists it reads anyway; tantivy's
        // query of the same shape must give the same candidates with the same scores, on the
        // bundled corpus and the chat questions (long, fragments, subjects, fillers).
        let f = Fixture::bundled();
        let ranker = f.ranker();
        let searcher = f.index.searcher();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut asked = 0;
        for set in ["chat-tune.toml", "dev.toml"] {
            let text = std::fs::read_to_string(fixtures.join(set)).expect("fixture");
            for line in text.lines().filter_map(|l| l.strip_prefix("ask = \"")) {
                let question = line.trim_end_matches('"');
                let plan = f.planner.plan(&f.index, question).expect("plan");
                let ours = {
                    let terms = plan_terms(&plan);
                    let fl = f.index.fields;
                    let postings = Postings::read(
                        &searcher,
                        &[
                            fl.body,
                            fl.section,
                            fl.term,
                            fl.title,
                            fl.lead,
                            fl.search_words,
                        ],
                        &terms,
                    )
                    .expect("postings");
                    ranker
                        .collect(&searcher, &plan, &terms, &postings)
                        .expect("collect")
                };
                let theirs = match ranker.build_query(&searcher, &plan).expect("query") {
                    Some(q) => f
                        .index
                        .search_weighted(&searcher, q.as_ref(), CANDIDATES, &f.region_weights)
                        .expect("search"),
                    None => Vec::new(),
                };
                assert_eq!(ours.len(), theirs.len(), "{question}");
                // Equal up to float rounding; a tie at the cut may take either passage.
                for (k, ((a, _), (b, _))) in ours.iter().zip(&theirs).enumerate() {
                    assert!(
                        (a - b).abs() <= 1e-4 * b.abs().max(1.0),
                        "{question} #{k}: {a} {b}"
                    );
                }
                let cut = theirs.last().map_or(0.0, |(s, _)| *s);
                for (score, addr) in &theirs {
                    if (score - cut).abs() > 1e-4 * cut.max(1.0) {
                        assert!(ours.iter().any(|(_, a)| a == addr), "{question}: {addr:?}");
                    }
                }
                asked += 1;
            }
        }
        assert!(asked > 100, "{asked} questions");
    }
}
