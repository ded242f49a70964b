//! Turns a question as typed in chat into a [`Plan`]: weighted concepts, each with the
//! alternative term sets that express it, ready to be run against the index.
//!
//! User text never reaches a query-syntax parser: quotes, colons, brackets, `AND`/`OR` and emoji
//! are just characters between words here, so no input can cause a syntax error.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::config::Config;
use crate::search::analysis;
use crate::search::index::SearchIndex;
use crate::search::typo::TypoIndex;

/// Questions longer than this many words are cut: nobody types more, and it bounds latency.
const MAX_WORDS: usize = 80;
/// At most this many concepts go into a query (the most informative ones).
const MAX_CONCEPTS: usize = 24;

/// One set of terms that together express a concept (`["ontwikkel", "perspectief", "plan"]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// Analyzed terms; all must match.
    pub terms: Vec<String>,
    /// Weight relative to the word as typed (a synonym counts less than the word itself).
    pub boost: f32,
    /// Query-time factor that gives every alternative the rarity of the word as typed, so a
    /// rare synonym does not outscore the word the user actually wrote.
    pub scale: f32,
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
    /// A word naming a topic the documents never cover.
    pub out_of_scope: Option<String>,
    /// What kind of answer the question word asks for.
    pub expects: Option<AnswerType>,
    /// For "welke stappen / niveaus / treden …": the series word, singular (`stap`).
    pub enumerates: Option<String>,
    /// The question asks to make something (write, translate), not to look something up.
    pub task_request: bool,
}

/// Series words with their plurals, for questions that ask for a whole series.
const SERIES_WORDS: &[(&str, &[&str])] = &[
    ("stap", &["stappen"]),
    ("fase", &["fases", "fasen"]),
    ("trede", &["treden"]),
    ("niveau", &["niveaus", "niveaus"]),
    ("ijkpunt", &["ijkpunten"]),
    ("module", &["modules"]),
    ("hoofdstuk", &["hoofdstukken"]),
];

/// The kind of answer a question word asks for: "wanneer", "hoe lang" and "hoe vaak" want a
/// time, "hoeveel" a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerType {
    /// A moment, a period or a frequency.
    Time,
    /// A number or amount.
    Number,
    /// A difference between two things ("wat is het verschil tussen …").
    Contrast,
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:1[89]\d\d|20\d\d|\d+\s*(?:weken|week|dagen|dag|maanden|maand|jaren|jaar|uur)|(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\s+(?:weken|dagen|maanden|jaar|jaren)|tweemaal|driemaal|jaarlijks|per jaar|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b").unwrap()
});
static CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:verschil|verschillen|anders|terwijl|daarentegen|tegenstelling|onderscheid|ook verschillen)\b").unwrap()
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d[\d.,]*|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|twintig|honderd|duizend|procent)\b|%").unwrap()
});

impl AnswerType {
    /// Whether a piece of text contains an answer of this kind.
    pub fn found_in(self, text: &str) -> bool {
        match self {
            AnswerType::Time => TIME.is_match(text),
            AnswerType::Number => NUMBER.is_match(text),
            AnswerType::Contrast => CONTRAST.is_match(text),
        }
    }
}

impl Plan {
    /// Concepts that count towards coverage.
    pub fn content(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter().filter(|c| !c.filler)
    }
}

struct Group {
    members: Vec<Vec<String>>,
    /// The members' words stemmed, so that inflected forms match ("hoogbegaafde").
    member_stems: Vec<Vec<String>>,
    /// Each member analyzed once, at start-up (boost 1.0; scaled per question).
    analyzed: Vec<Vec<Alternative>>,
    weight: f32,
    question: bool,
}

/// Plans questions against one index and config.
pub struct Planner {
    groups: Vec<Group>,
    /// First content word of a member → (group, member).
    by_first: HashMap<String, Vec<(usize, usize)>>,
    /// First stem of a member → (group, member).
    by_first_stem: HashMap<String, Vec<(usize, usize)>>,
    filler: HashSet<String>,
    /// Everyday words that say little about the subject.
    common: HashSet<String>,
    /// Verbs of requests to make something.
    task_verbs: HashSet<String>,
    /// Stems of the filler words, for typed variants the corpus does not know ("wanner").
    filler_stems: HashSet<String>,
    out_of_scope: Vec<String>,
    stop: rustc_hash::FxHashSet<String>,
    /// Surface words of the corpus, to judge whether a word looks mistyped.
    typos: TypoIndex,
    /// Stems of the corpus, to find what a mistyped word meant (inflection and typo at once).
    stem_typos: TypoIndex,
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
        let stop = (*index.dutch.stopwords).clone();
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
                member_stems: Vec::new(),
                analyzed: Vec::new(),
                weight: g.weight,
                question: g.question,
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
        let mut analyzer = index.analyzer();
        let filler_stems = config
            .words
            .filler
            .iter()
            .flat_map(|w| analysis::terms(&mut analyzer, w))
            .collect();
        // Stems of all corpus words with their total frequency.
        let mut stem_freq: HashMap<String, u32> = HashMap::new();
        for (w, f) in &index.vocabulary.words {
            if let Some(t) = analysis::terms(&mut analyzer, w).into_iter().next() {
                *stem_freq.entry(t).or_default() += f;
            }
        }
        let stem_typos = TypoIndex::new(stem_freq);
        let mut planner = Planner {
            groups,
            by_first,
            by_first_stem: HashMap::new(),
            filler,
            common: config
                .words
                .common
                .iter()
                .map(|w| analysis::fold(w))
                .collect(),
            task_verbs: config
                .words
                .task_verbs
                .iter()
                .map(|w| analysis::fold(w))
                .collect(),
            filler_stems,
            stem_typos,
            out_of_scope: config
                .words
                .out_of_scope
                .iter()
                .map(|w| analysis::fold(w))
                .collect(),
            typos: TypoIndex::new(typo_words),
            analyzer: index.analyzer(),
            passages: index.len().max(1) as f32,
            stop,
        };
        // Synonym members are analyzed once, not at every question.
        let analyzed: Vec<Vec<Vec<Alternative>>> = planner
            .groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|m| planner.alternatives(&m.join(" "), 1.0))
                    .collect()
            })
            .collect();
        for (g, a) in planner.groups.iter_mut().zip(analyzed) {
            g.analyzed = a;
        }
        let stems: Vec<Vec<Vec<String>>> = planner
            .groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|m| m.iter().map(|w| planner.stem(w)).collect())
                    .collect()
            })
            .collect();
        for (gi, (g, st)) in planner.groups.iter_mut().zip(stems).enumerate() {
            for (mi, m) in st.iter().enumerate() {
                if let Some(first) = m.first() {
                    planner
                        .by_first_stem
                        .entry(first.clone())
                        .or_default()
                        .push((gi, mi));
                }
            }
            g.member_stems = st;
        }
        planner
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

    /// The stem of one word (the word itself when it is a stop word).
    fn stem(&self, word: &str) -> String {
        self.analyze(word)
            .into_iter()
            .next()
            .map_or_else(|| word.to_string(), |(w, _)| w)
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
            scale: 1.0,
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
                scale: 1.0,
            });
        }
        out
    }

    /// Plans a question.
    pub fn plan(&self, index: &SearchIndex, question: &str) -> Plan {
        let searcher = index.searcher();
        let f = index.fields;
        // Rarity is measured in the text: section titles repeat in every passage of a section.
        let df = |term: &str| -> u64 {
            let body = index.doc_freq(&searcher, f.body, term);
            if body > 0 {
                return body;
            }
            [f.section, f.term, f.title]
                .iter()
                .map(|fl| index.doc_freq(&searcher, *fl, term))
                .max()
                .unwrap_or(0)
        };
        let raw: Vec<String> = analysis::words(question)
            .map(|(_, w)| w)
            .take(MAX_WORDS * 2)
            .collect();
        let joined = format!(" {} ", raw.join(" "));
        let out_of_scope = raw
            .iter()
            .find(|w| self.is_out_of_scope(w))
            .cloned()
            .or_else(|| {
                self.out_of_scope
                    .iter()
                    .find(|o| o.contains(' ') && joined.contains(&format!(" {o} ")))
                    .cloned()
            });
        // "Schrijf een mail …", "kun je een brief voor me maken": a request, not a question.
        let asks_me = raw.iter().any(|w| matches!(w.as_str(), "je" | "jij" | "u"))
            || joined.contains(" voor me ")
            || joined.contains(" voor mij ");
        let task_request = raw.first().is_some_and(|w| self.task_verbs.contains(w))
            || (asks_me && raw.iter().any(|w| self.task_verbs.contains(w)));
        // The finite verb of a Dutch question stands first (yes/no questions, imperatives) or
        // right after the question word (V2): "Wat hoort ...", "Hoeveel kost ...".
        let opens_with_question_word = raw
            .first()
            .is_some_and(|w| QUESTION_WORDS.contains(&w.as_str()));
        let finite_verb: HashSet<String> = raw
            .iter()
            .take(3)
            .enumerate()
            .filter(|(i, w)| match i {
                0 => !opens_with_question_word,
                1 => opens_with_question_word,
                _ => opens_with_question_word && (w.ends_with('t') || w.ends_with("en")),
            })
            .map(|(_, w)| w.clone())
            .collect();
        let words: Vec<String> = raw
            .iter()
            .filter(|w| !self.stop.contains(*w))
            .take(MAX_WORDS)
            .cloned()
            .collect();
        // 1. Compounds typed as separate words ("ontwikkelings perspectief plan", "zorg advies
        //    team") are joined first, so they also meet synonym groups.
        let mut tokens: Vec<(String, Option<String>)> = Vec::new(); // (word, words as typed)
        let mut i = 0;
        while i < words.len() {
            let mut joined = None;
            for len in [3usize, 2] {
                if i + len > words.len() {
                    continue;
                }
                let cand: String = words[i..i + len].concat();
                let known = index.vocabulary.contains(&cand)
                    || index.dutch.lexicon.contains(&cand)
                    || self.by_first.contains_key(&cand);
                if known {
                    joined = Some((cand, words[i..i + len].join(" "), len));
                    break;
                }
            }
            match joined {
                Some((cand, typed, len)) => {
                    tokens.push((cand, Some(typed)));
                    i += len;
                }
                None => {
                    tokens.push((words[i].clone(), None));
                    i += 1;
                }
            }
        }
        let words: Vec<String> = tokens.iter().map(|(w, _)| w.clone()).collect();
        let stems: Vec<String> = words.iter().map(|w| self.stem(w)).collect();
        let n = words.len();
        let mut covered = vec![false; n];
        let mut concepts: Vec<(usize, Concept)> = Vec::new();

        // 2. Synonym groups, longest member first.
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, usize, usize)> = None; // (len, group, member)
            let by_word = self.by_first.get(&words[i]).into_iter().flatten();
            let by_stem = self.by_first_stem.get(&stems[i]).into_iter().flatten();
            for &(g, m) in by_word.chain(by_stem) {
                let member = &self.groups[g].members[m];
                let member_stems = &self.groups[g].member_stems[m];
                let len = member.len();
                let fits = i + len <= n
                    && (words[i..i + len] == member[..] || stems[i..i + len] == member_stems[..]);
                if fits && best.is_none_or(|b| len > b.0) {
                    best = Some((len, g, m));
                }
            }
            // A member typed as one word may be listed as several ("zorgadviesteam").
            if best.is_none() {
                for (g, group) in self.groups.iter().enumerate() {
                    if let Some(m) = group.members.iter().position(|m| m.concat() == words[i]) {
                        best = Some((1, g, m));
                        break;
                    }
                }
            }
            if let Some((len, g, m)) = best {
                let group = &self.groups[g];
                let mut alternatives = Vec::new();
                for (k, member) in group.analyzed.iter().enumerate() {
                    let boost = if k == m { 1.0 } else { group.weight };
                    alternatives.extend(member.iter().map(|a| Alternative {
                        boost: a.boost * boost,
                        ..a.clone()
                    }));
                }
                if let Some(typed) = &tokens[i].1 {
                    alternatives.extend(self.alternatives(typed, 0.9));
                }
                let text = (i..i + len)
                    .map(|k| tokens[k].1.clone().unwrap_or_else(|| words[k].clone()))
                    .collect::<Vec<_>>()
                    .join(" ");
                concepts.push((
                    i,
                    Concept {
                        text,
                        alternatives,
                        filler: group.question,
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

        // 3. Single words, with typo repair for unknown ones.
        for (i, w) in words.iter().enumerate() {
            if covered[i] {
                continue;
            }
            // For words typed apart, the words as typed come first; the joined form is a variant.
            let mut alternatives = match &tokens[i].1 {
                Some(typed) => {
                    let mut a = self.alternatives(typed, 1.0);
                    a.extend(self.alternatives(w, 0.95));
                    a
                }
                None => self.alternatives(w, 1.0),
            };
            if alternatives.is_empty() {
                continue;
            }
            // A variant of a question word the corpus does not know ("wanner") is one too.
            let filler = self.filler.contains(w)
                || (!index.vocabulary.contains(w)
                    && alternatives[0].terms.len() == 1
                    && self.filler_stems.contains(&alternatives[0].terms[0]));
            let mut corrected = None;
            let known_now = alternatives
                .iter()
                .any(|a| a.terms.iter().all(|t| df(t) > 0));
            // Everyday words the corpus lacks are no evidence against it ("helpt", "genoeg").
            let filler = filler || (!known_now && self.common.contains(w));
            if !known_now
                && !filler
                && !w.chars().all(|c| c.is_ascii_digit())
                && self.typos.looks_mistyped(w)
            {
                // Correct the stem, so a typo in an inflected form still finds its word.
                let stem = alternatives[0].terms.first().cloned().unwrap_or_default();
                if let Some(fix) = self
                    .stem_typos
                    .nearest(&stem)
                    .or_else(|| self.typos.nearest(w))
                {
                    corrected = Some(fix.to_string());
                    alternatives = vec![Alternative {
                        terms: vec![fix.to_string()],
                        boost: 0.9,
                        scale: 1.0,
                    }];
                    alternatives.extend(self.alternatives(fix, 0.9));
                    // A typo of a synonym member brings in the whole group.
                    if let Some(members) = self.by_first.get(fix) {
                        for &(g, _) in members {
                            let group = &self.groups[g];
                            for member in &group.analyzed {
                                alternatives.extend(member.iter().map(|a| Alternative {
                                    boost: a.boost * group.weight * 0.9,
                                    ..a.clone()
                                }));
                            }
                        }
                    }
                }
            }
            concepts.push((
                i,
                Concept {
                    text: tokens[i].1.clone().unwrap_or_else(|| w.clone()),
                    alternatives,
                    filler,
                    known: false,
                    weight: 0.0,
                    corrected,
                },
            ));
        }
        concepts.sort_by_key(|(i, _)| *i);
        // The same terms reached twice (a member and its compound split) count once, at the
        // higher weight.
        for (_, c) in &mut concepts {
            let mut unique: Vec<Alternative> = Vec::with_capacity(c.alternatives.len());
            for a in c.alternatives.drain(..) {
                match unique.iter_mut().find(|u| u.terms == a.terms) {
                    Some(u) => u.boost = u.boost.max(a.boost),
                    None => unique.push(a),
                }
            }
            c.alternatives = unique;
        }
        let mut concepts: Vec<Concept> = concepts.into_iter().map(|(_, c)| c).collect();

        // Weights: the informativeness of the word as typed (or of its best alternative).
        // Every alternative is scaled to that rarity, as if all were the same word.
        let unknown_weight = self.idf(0);
        for c in &mut concepts {
            let idfs: Vec<Option<(f32, f32)>> = c
                .alternatives
                .iter()
                .map(|a| {
                    let dfs: Vec<u64> = a.terms.iter().map(|t| df(t)).collect();
                    dfs.iter().all(|d| *d > 0).then(|| {
                        // Several words together ("niveau 3") say more than the rarest alone.
                        let sum: f32 = dfs.iter().map(|d| self.idf(*d)).sum();
                        (sum.min(unknown_weight), sum)
                    })
                })
                .collect();
            let typed = c
                .alternatives
                .iter()
                .zip(&idfs)
                .find(|(a, i)| a.boost >= 1.0 && i.is_some())
                .and_then(|(_, i)| *i);
            let best = typed
                .map(|(m, _)| m)
                .or_else(|| idfs.iter().flatten().map(|(m, _)| *m).reduce(f32::max));
            c.known = best.is_some();
            c.weight = best.unwrap_or(unknown_weight);
            if let Some(reference) = best {
                for (a, i) in c.alternatives.iter_mut().zip(&idfs) {
                    if let Some((_, sum)) = i
                        && *sum > 0.0
                    {
                        a.scale = (reference / sum).clamp(0.2, 5.0);
                    }
                }
            }
            if !c.known && finite_verb.contains(&c.text) {
                // An unknown verb ("hoort", "kost") says less about the topic than a noun.
                c.weight *= 0.5;
            }
            // An everyday word the corpus happens to contain still says little ("duurt").
            if c.known && !c.filler && self.common.contains(&c.text) {
                c.weight *= 0.3;
            }
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
        let has = |w: &str| raw.iter().any(|r| r == w);
        let expects = if has("hoeveel") || has("aantal") || has("percentage") || has("procent") {
            Some(AnswerType::Number)
        } else if has("verschil") || has("verschillen") || has("onderscheid") {
            Some(AnswerType::Contrast)
        } else if has("wanneer")
            || has("hoelang")
            || has("termijn")
            || has("datum")
            || (has("hoe") && (has("lang") || has("vaak")))
        {
            Some(AnswerType::Time)
        } else {
            None
        };
        // "Welke stappen …", "hoeveel niveaus …", "alle treden": the whole series is asked for.
        let asks_all = has("welke")
            || has("hoeveel")
            || has("alle")
            || has("overzicht")
            || (has("wat") && has("zijn"));
        let enumerates = SERIES_WORDS
            .iter()
            .find(|(one, many)| {
                many.iter().any(|m| has(m))
                    || (asks_all
                        && has(one)
                        && !raw.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())))
            })
            .map(|(one, _)| one.to_string());
        Plan {
            concepts,
            subject,
            subject_concepts,
            out_of_scope,
            expects,
            enumerates,
            task_request,
        }
    }

    /// Whether a (folded) word names a topic the documents never cover: the word itself, or a
    /// compound containing a listed word of five letters or more (`salarisschaal`).
    fn is_out_of_scope(&self, word: &str) -> bool {
        self.out_of_scope
            .iter()
            .any(|o| word == o || (o.chars().count() >= 5 && word.contains(o.as_str())))
    }
}

/// Words that open a Dutch question.
const QUESTION_WORDS: &[&str] = &[
    "wat", "wie", "waar", "wanneer", "hoe", "waarom", "welke", "welk", "hoeveel", "hoelang",
    "waarvoor",
];

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
