//! Turns a question as typed in chat into a [`Plan`]: weighted concepts, each with the
//! alternative term sets that express it, ready to be run against the index.
//!
//! User text never reaches a query-syntax parser: quotes, colons, brackets, `AND`/`OR` and emoji
//! are just characters between words here, so no input can cause a syntax error.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::analysis::{self, TypoIndex};
use crate::config::Config;
use crate::index::SearchIndex;

/// Questions longer than this many words are cut: nobody types more, and it bounds latency.
const MAX_WORDS: usize = 80;
/// At most this many concepts go into a query (the most informative ones).
const MAX_CONCEPTS: usize = 24;

/// One set of terms that together express a concept (`["ontwikkel", "perspectief", "plan"]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// Analyzed terms; all must match.
    pub terms: Vec<String>,
    /// Weight relative to the word as typed.
    pub boost: f32,
}

/// Something the question asks about.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// The words as typed (folded).
    pub text: String,
    /// Ways the documents may express it.
    pub alternatives: Vec<Alternative>,
    /// A question word or similar: helps ranking, not required of an answer.
    pub filler: bool,
    /// Whether the corpus contains it at all.
    pub known: bool,
    /// Informativeness (inverse document frequency of its rarest term).
    pub weight: f32,
    /// The known word a typo was read as.
    pub corrected: Option<String>,
}

/// A question ready for the index.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Concepts in question order.
    pub concepts: Vec<Concept>,
    /// For "wat is een X" / "wat betekent X": X, folded.
    pub subject: Option<String>,
    /// Concepts that make up the subject (indices into `concepts`).
    pub subject_concepts: Vec<usize>,
}

impl Plan {
    /// Concepts that count towards coverage.
    pub fn content(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter().filter(|c| !c.filler)
    }
}

struct Group {
    members: Vec<Vec<String>>,
    weight: f32,
}

/// Plans questions against one index and config.
pub struct Planner {
    groups: Vec<Group>,
    /// First content word of a member → (group, member).
    by_first: HashMap<String, Vec<(usize, usize)>>,
    filler: HashSet<String>,
    stop: HashSet<String>,
    typos: TypoIndex,
    analyzer: TextAnalyzer,
    passages: f32,
}

static DEFINITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\W*(?:
            (?:wat|wie)\s+(?:is|zijn|was|waren)\s+(?:nou\s+|eigenlijk\s+|precies\s+)?(?:een|de|het|die)?\s*(?P<a>.+?)
          | wat\s+(?:betekent|betekenen|bedoelt\s+men\s+met|bedoelen\s+we\s+met|bedoel\s+je\s+met|verstaan\s+we\s+onder|verstaat\s+men\s+onder|houdt|houden)\s+(?:een|de|het)?\s*(?P<b>.+?)(?:\s+in)?
          | waar\s+staat\s+(?:een|de|het)?\s*(?P<c>.+?)\s+voor
          | (?:definitie|betekenis|uitleg)\s+(?:van\s+)?(?:een|de|het)?\s*(?P<d>.+?)
          | (?:leg\s+uit\s+wat\s+|uitleg\s+over\s+)(?:een|de|het)?\s*(?P<e>.+?)(?:\s+is|\s+zijn)?
        )\W*$",
    )
    .unwrap()
});

impl Planner {
    /// Prepares synonyms, filler words and the typo index for `index`.
    pub fn new(index: &SearchIndex, config: &Config) -> Planner {
        let stop = (*index.stopwords).clone();
        let content_words = |s: &str| -> Vec<String> {
            analysis::words(s)
                .map(|(_, w)| w)
                .filter(|w| !stop.contains(w))
                .collect()
        };
        let mut groups = Vec::new();
        let mut by_first: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for g in &config.synonyms.groups {
            let members: Vec<Vec<String>> = g
                .terms
                .iter()
                .map(|t| content_words(t))
                .filter(|m| !m.is_empty())
                .collect();
            let gi = groups.len();
            for (mi, m) in members.iter().enumerate() {
                by_first.entry(m[0].clone()).or_default().push((gi, mi));
            }
            groups.push(Group {
                members,
                weight: g.weight,
            });
        }
        let filler = config
            .words
            .filler
            .iter()
            .map(|w| analysis::fold(w))
            .collect();
        let mut typo_words: Vec<(String, u32)> = index.vocabulary.words.clone();
        // Synonym members and filler words are words people type: let typos find them too.
        for g in &groups {
            for m in &g.members {
                for w in m {
                    typo_words.push((w.clone(), 1));
                }
            }
        }
        Planner {
            groups,
            by_first,
            filler,
            typos: TypoIndex::new(typo_words),
            analyzer: index.analyzer(),
            passages: index.len().max(1) as f32,
            stop,
        }
    }

    /// BM25's inverse document frequency for a term found in `df` passages.
    fn idf(&self, df: u64) -> f32 {
        let n = self.passages;
        (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
    }

    /// Analyzes a word or phrase: per word its term and, for a compound, its parts.
    fn analyze(&self, text: &str) -> Vec<(String, Vec<String>)> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let mut last_pos = usize::MAX;
        while stream.advance() {
            let t = stream.token();
            match out.last_mut() {
                Some((_, parts)) if t.position == last_pos => parts.push(t.text.clone()),
                _ => {
                    out.push((t.text.clone(), Vec::new()));
                    last_pos = t.position;
                }
            }
        }
        out
    }

    /// Alternatives for a word or phrase: as written, and with compounds split into parts.
    fn alternatives(&self, text: &str, boost: f32) -> Vec<Alternative> {
        let words = self.analyze(text);
        if words.is_empty() {
            return Vec::new();
        }
        let mut out = vec![Alternative {
            terms: words.iter().map(|(w, _)| w.clone()).collect(),
            boost,
        }];
        if words.iter().any(|(_, parts)| !parts.is_empty()) {
            let terms = words
                .iter()
                .flat_map(|(w, parts)| {
                    if parts.is_empty() {
                        vec![w.clone()]
                    } else {
                        parts.clone()
                    }
                })
                .collect();
            out.push(Alternative {
                terms,
                boost: boost * 0.85,
            });
        }
        out
    }

    /// Plans a question.
    pub fn plan(&self, index: &SearchIndex, question: &str) -> Plan {
        let searcher = index.searcher();
        let f = index.fields;
        let df = |term: &str| -> u64 {
            index.doc_freq(&searcher, f.body, term)
                + index.doc_freq(&searcher, f.section, term)
                + index.doc_freq(&searcher, f.term, term)
        };
        let words: Vec<String> = analysis::words(question)
            .map(|(_, w)| w)
            .filter(|w| !self.stop.contains(w))
            .take(MAX_WORDS)
            .collect();
        let n = words.len();
        let mut covered = vec![false; n];
        let mut concepts: Vec<(usize, Concept)> = Vec::new();

        // 1. Synonym groups, longest member first.
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, usize, usize)> = None; // (len, group, member)
            for &(g, m) in self.by_first.get(&words[i]).into_iter().flatten() {
                let member = &self.groups[g].members[m];
                let len = member.len();
                if i + len <= n && words[i..i + len] == member[..] && best.is_none_or(|b| len > b.0)
                {
                    best = Some((len, g, m));
                }
            }
            if let Some((len, g, m)) = best {
                let group = &self.groups[g];
                let mut alternatives = Vec::new();
                for (k, member) in group.members.iter().enumerate() {
                    let boost = if k == m { 1.0 } else { group.weight };
                    alternatives.extend(self.alternatives(&member.join(" "), boost));
                }
                concepts.push((
                    i,
                    Concept {
                        text: words[i..i + len].join(" "),
                        alternatives,
                        filler: false,
                        known: false,
                        weight: 0.0,
                        corrected: None,
                    },
                ));
                covered[i..i + len].iter_mut().for_each(|c| *c = true);
                i += len;
            } else {
                i += 1;
            }
        }

        // 2. Compounds typed as separate words: "ontwikkelings perspectief", "zorg advies team".
        for len in [3usize, 2] {
            let mut i = 0;
            while i + len <= n {
                if covered[i..i + len].iter().any(|c| *c) {
                    i += 1;
                    continue;
                }
                let joined: String = words[i..i + len].concat();
                let known = index.vocabulary.contains(&joined) || index.lexicon.contains(&joined);
                if known {
                    let mut alternatives = self.alternatives(&joined, 1.0);
                    alternatives.extend(self.alternatives(&words[i..i + len].join(" "), 0.9));
                    concepts.push((
                        i,
                        Concept {
                            text: words[i..i + len].join(" "),
                            alternatives,
                            filler: false,
                            known: false,
                            weight: 0.0,
                            corrected: None,
                        },
                    ));
                    covered[i..i + len].iter_mut().for_each(|c| *c = true);
                    i += len;
                } else {
                    i += 1;
                }
            }
        }

        // 3. Single words, with typo repair for unknown ones.
        for (i, w) in words.iter().enumerate() {
            if covered[i] {
                continue;
            }
            let filler = self.filler.contains(w);
            let mut alternatives = self.alternatives(w, 1.0);
            if alternatives.is_empty() {
                continue;
            }
            let mut corrected = None;
            let known_now = alternatives
                .iter()
                .any(|a| a.terms.iter().all(|t| df(t) > 0));
            if !known_now && !filler && !w.chars().all(|c| c.is_ascii_digit()) {
                if let Some(fix) = self.typos.correct(w) {
                    corrected = Some(fix.to_string());
                    alternatives = self.alternatives(fix, 0.9);
                    // A typo of a synonym member brings in the whole group.
                    if let Some(members) = self.by_first.get(fix) {
                        for &(g, _) in members {
                            let group = &self.groups[g];
                            for member in &group.members {
                                alternatives.extend(
                                    self.alternatives(&member.join(" "), group.weight * 0.9),
                                );
                            }
                        }
                    }
                }
            }
            concepts.push((
                i,
                Concept {
                    text: w.clone(),
                    alternatives,
                    filler,
                    known: false,
                    weight: 0.0,
                    corrected,
                },
            ));
        }
        concepts.sort_by_key(|(i, _)| *i);
        let mut concepts: Vec<Concept> = concepts.into_iter().map(|(_, c)| c).collect();

        // Weights: the informativeness of the best-known alternative.
        let unknown_weight = self.idf(0);
        for c in &mut concepts {
            let mut best: Option<f32> = None;
            for a in &c.alternatives {
                let dfs: Vec<u64> = a.terms.iter().map(|t| df(t)).collect();
                if dfs.iter().all(|d| *d > 0) {
                    let w = dfs.iter().map(|d| self.idf(*d)).fold(0.0, f32::max);
                    best = Some(best.map_or(w, |b: f32| b.max(w)));
                }
            }
            c.known = best.is_some();
            c.weight = best.unwrap_or(unknown_weight);
        }
        // Keep the most informative concepts when a question is very long.
        if concepts.len() > MAX_CONCEPTS {
            let mut order: Vec<usize> = (0..concepts.len()).collect();
            order.sort_by(|&a, &b| concepts[b].weight.total_cmp(&concepts[a].weight));
            let keep: HashSet<usize> = order.into_iter().take(MAX_CONCEPTS).collect();
            concepts = concepts
                .into_iter()
                .enumerate()
                .filter(|(i, _)| keep.contains(i))
                .map(|(_, c)| c)
                .collect();
        }

        let subject = definitional_subject(question);
        let subject_concepts = subject
            .as_ref()
            .map(|s| {
                let sw: HashSet<String> = analysis::words(s).map(|(_, w)| w).collect();
                concepts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.text.split(' ').any(|w| sw.contains(w)) && !c.filler)
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        Plan {
            concepts,
            subject,
            subject_concepts,
        }
    }
}

/// For "wat is een ZAT?", "wat betekent WOP", "waar staat TLV voor": the subject, folded.
pub fn definitional_subject(question: &str) -> Option<String> {
    let q = analysis::fold(question.trim());
    let q = q.trim_end_matches(['?', '!', '.', ' ']);
    let c = DEFINITIONAL.captures(q)?;
    let s = ["a", "b", "c", "d", "e"]
        .iter()
        .find_map(|n| c.name(n))?
        .as_str()
        .trim();
    // "wat is de termijn voor ..." is not a definition question about a short term.
    if s.is_empty() || s.split_whitespace().count() > 5 {
        return None;
    }
    Some(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitional_questions() {
        assert_eq!(
            definitional_subject("Wat is een ZAT?").as_deref(),
            Some("zat")
        );
        assert_eq!(
            definitional_subject("wat betekent WOP").as_deref(),
            Some("wop")
        );
        assert_eq!(
            definitional_subject("Waar staat TLV voor?").as_deref(),
            Some("tlv")
        );
        assert_eq!(
            definitional_subject("wat houdt basisondersteuning in?").as_deref(),
            Some("basisondersteuning")
        );
        assert_eq!(
            definitional_subject("Wat is de streefnorm?").as_deref(),
            Some("streefnorm")
        );
        assert_eq!(definitional_subject("wanneer moet een OPP?"), None);
        assert_eq!(
            definitional_subject(
                "Wat is de termijn voor het in kaart brengen van de onderwijsbehoeften na aanmelding?"
            ),
            None
        );
    }
}
