//! Turns a question as typed in chat into a [`Plan`]: weighted concepts, each with the
//! alternative term sets that express it, ready to be run against the index.
//!
//! User text never reaches a query-syntax parser: quotes, colons, brackets, `AND`/`OR` and emoji
//! are just characters between words here, so no input can cause a syntax error.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use regex::Regex;
use tantivy::Searcher;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::config::Config;
use crate::search::index::{IndexError, SearchIndex};
use crate::search::typo::{self, TypoIndex};
use crate::search::{analysis, focus};
use crate::text::lexicon::Dictionary;
use crate::text::{fold, words};

/// Questions longer than this many words are cut: nobody types more, and it bounds latency.
const MAX_WORDS: usize = 80;
/// At most this many concepts go into a query (the most informative ones).
const MAX_CONCEPTS: usize = 24;
/// Weight factor of an unknown word with a digit ("9", "2025", "3a").
const UNKNOWN_NUMBER: f32 = 0.15;
/// Weight factor of an unknown word written as a name.
const UNKNOWN_NAME: f32 = 0.1;
/// Weight factor of an unknown word that is everyday Dutch.
const UNKNOWN_EVERYDAY: f32 = 0.4;
/// Zipf frequency from which a Dutch word counts as everyday (once per 100,000 words).
const EVERYDAY_ZIPF: f32 = 4.0;
/// A word this long that is neither in the corpus nor Dutch is read as a typo when one edit
/// away from a corpus word, even if each of its letter triples occurs in some word
/// ("ontwikeling", "ketenparters"): at this length a near miss is rarely another word.
const LONG_TYPO: usize = 8;
/// Particles of separable verbs, as they stand apart at the end of a clause.
const PARTICLES: &[&str] = &[
    "aan", "af", "bij", "door", "in", "mee", "na", "op", "over", "terug", "toe", "uit", "weg",
    "samen", "vast", "tegen", "om", "voor",
];
/// How many words after its verb a particle may stand.
const SEPARABLE_SPAN: usize = 8;
/// Weight of a separable verb read joined, relative to the verb as typed.
const SEPARABLE_BOOST: f32 = 0.95;
/// Weight of a word read as its lemma, relative to the word as typed.
const LEMMA_BOOST: f32 = 0.95;

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
    /// Weight of the clause it stands in: 1 in a question, less in the story around it.
    pub focus: f32,
    /// Unknown to the documents and to everyday Dutch, and no name or number: a word that may
    /// name a subject the documents do not cover ("ritalin", "schorsen").
    pub unfamiliar: bool,
}

/// What a name the documents never use names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A first and last name ("Sanne Jansen", "Jeroen de Vries").
    Person,
    /// A name with an article ("De Zonnewijzer", "Het Kompas"): a school or organisation,
    /// which rules for every school also concern.
    Organisation,
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
    /// The question itself asks about a school matter other rules settle (leave, teaching
    /// time, staff, pictures, custody, repeating a year): the entry of `other_rules`, folded.
    pub other_rules: Option<String>,
    /// The question asks what a thing the documents only name holds ("welke stappen heeft de
    /// meldcode?"), not whether a school must have it: the entry of `named_only`, folded.
    pub named_only: Option<String>,
    /// The question asks how something goes in a place outside the regions of the corpus
    /// ("hoe vraag je in Rotterdam een TLV aan?"): the place, folded.
    pub elsewhere: Option<String>,
    /// The question asks about a school, person or organisation by a name the documents never
    /// use ("heeft De Zonnewijzer nog plek?"): they hold rules, not the particulars of one.
    /// Only what kind of name; the name itself is not kept (it may be a pupil's).
    pub names_unknown: Option<Named>,
    /// What kind of answer the question word asks for.
    pub expects: Option<AnswerType>,
    /// The question's own clause has an everyday word the documents lack that is no verb
    /// ("bezwaar", "opvang"): it may name a subject they do not cover.
    pub everyday_unknown: bool,
    /// The question asks for a value the answer must state: an amount ("hoeveel", "hoeveel
    /// procent") or a frequency ("hoe vaak"), not a moment or condition ("wanneer").
    pub asks_value: bool,
    /// The question offers values to choose from ("een week of twee weken van tevoren?",
    /// "schaal 10 of 11?"): the kind of value. It asks for that value as surely as "hoeveel"
    /// does, but the ranking stays as it is: only a passage that states such a value answers.
    pub offers: Option<Offered>,
    /// What "hoeveel" counts ("hoeveel leerlingen"): a passage states the amount only with a
    /// number next to that word. Prefixes of the counted word and its kin, folded.
    pub counted: Vec<String>,
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
    /// How often: "twee keer per jaar", "jaarlijks", "elke week".
    Frequency,
    /// Money: who pays, what it costs ("de middelen", "bekostiging", "€ 500").
    Money,
    /// A difference between two things ("wat is het verschil tussen …").
    Contrast,
    /// What came out of something done ("wat is er uit de evaluatie gekomen?"): a passage that
    /// plans it ("in 2025 evalueren we") does not say.
    Outcome,
}

/// The kind of values a question offers to choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    /// Numbers: "schaal 10 of 11".
    Number,
    /// Periods: "een week of twee weken", "1 dag of een hele week".
    Period,
    /// Dates: "voor 1 maart of voor 1 april".
    Date,
}

impl Offered {
    /// Whether a piece of text states a value of this kind.
    pub fn found_in(self, text: &str) -> bool {
        match self {
            Offered::Number => !counting_numbers(text).1.is_empty(),
            Offered::Period => PERIOD.is_match(text),
            Offered::Date => DATE.is_match(text),
        }
    }

    /// The answer type a reply that the documents lack the value names.
    pub fn answer_type(self) -> AnswerType {
        match self {
            Offered::Number => AnswerType::Number,
            Offered::Period | Offered::Date => AnswerType::Time,
        }
    }
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:\d+|een|{})\s+(?:school|werk)?(?:dagen|dag|weken|week|maanden|maand|jaren|jaar|uur|uren)\b",
        number_words().collect::<Vec<_>>().join("|")
    ))
    .unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|datum|\d{1,2}-\d{1,2}-\d{2,4})\b").unwrap()
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:1[89]\d\d|20\d\d|\d+\s*(?:weken|week|dagen|dag|maanden|maand|jaren|jaar|uur)|(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\s+(?:weken|dagen|maanden|jaar|jaren)|tweemaal|driemaal|jaarlijks|per jaar|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b").unwrap()
});
static FREQUENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d+\s*(?:keer|maal|x)|(?:een|eenmaal|twee|drie|vier|vijf|zes|tien)\s*(?:keer|maal)|tweemaal|driemaal|jaarlijks|maandelijks|wekelijks|dagelijks|halfjaarlijks|periodiek|regelmatig|cyclisch|per\s+(?:jaar|week|maand|dag|periode|schooljaar|half\s+jaar)|(?:elk|ieder|elke|iedere)\s+(?:jaar|week|maand|dag|periode|schooljaar|half\s+jaar))\b").unwrap()
});
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:geld|middelen|\w*middelen|bekostig\w*|\w*financier\w*|budget\w*|subsidie\w*|euro|kosten|kost|betaal\w*|betalen|vergoed\w*|fonds\w*)\b|€)").unwrap()
});
static CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:verschil|verschillen|anders|terwijl|daarentegen|tegenstelling|onderscheid|ook verschillen)\b").unwrap()
});
/// A reported result: "bleek", "uit de evaluatie is gebleken", "de uitkomsten", "resultaat".
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:bleek|bleken|gebleken|uitkomst\w*|resultaat|resultaten|conclusies?|geconcludeerd|opgeleverd|uitgekomen)\b").unwrap()
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:\d[\d.,]*|{}|procent)\b|%",
        number_words().collect::<Vec<_>>().join("|")
    ))
    .unwrap()
});

/// The numbers from two to twenty in words, by value (one is left out: "een" is the
/// article).
const SPELLED_NUMBERS: [(u8, &str); 19] = [
    (2, "twee"),
    (3, "drie"),
    (4, "vier"),
    (5, "vijf"),
    (6, "zes"),
    (7, "zeven"),
    (8, "acht"),
    (9, "negen"),
    (10, "tien"),
    (11, "elf"),
    (12, "twaalf"),
    (13, "dertien"),
    (14, "veertien"),
    (15, "vijftien"),
    (16, "zestien"),
    (17, "zeventien"),
    (18, "achttien"),
    (19, "negentien"),
    (20, "twintig"),
];

/// Words after which a number is a label, not an amount ("groep 8", "niveau 3").
const NUMBER_LABELS: &[&str] = &[
    "groep",
    "gr",
    "niveau",
    "nivo",
    "trede",
    "stap",
    "fase",
    "hoofdstuk",
    "paragraaf",
    "bijlage",
    "artikel",
    "aanbeveling",
    "klas",
    "leerjaar",
];

/// The other spelling of a number from two to twenty.
enum Spelling {
    /// Typed in digits; this is the word.
    Word(&'static str),
    /// Typed as a word; these are the digits.
    Digits(u8),
}

fn number_spelling(word: &str) -> Option<Spelling> {
    if let Ok(n) = word.parse::<u8>() {
        return SPELLED_NUMBERS
            .iter()
            .find(|(v, _)| *v == n)
            .map(|(_, w)| Spelling::Word(w));
    }
    SPELLED_NUMBERS
        .iter()
        .find(|(_, w)| *w == word)
        .map(|(v, _)| Spelling::Digits(*v))
}

/// Numbers written as words: two to twenty, and the round ones beyond.
fn number_words() -> impl Iterator<Item = &'static str> {
    SPELLED_NUMBERS
        .iter()
        .map(|(_, w)| *w)
        .chain(["honderd", "duizend"])
}

impl AnswerType {
    /// Whether a piece of text contains an answer of this kind.
    pub fn found_in(self, text: &str) -> bool {
        match self {
            AnswerType::Time => TIME.is_match(text),
            AnswerType::Number => NUMBER.is_match(text),
            AnswerType::Frequency => FREQUENCY.is_match(text),
            AnswerType::Money => MONEY.is_match(text),
            AnswerType::Contrast => CONTRAST.is_match(text),
            AnswerType::Outcome => OUTCOME.is_match(text),
        }
    }
}

impl Plan {
    /// Whether a piece of text holds the kind of answer the question words ask for: a time for
    /// "wanneer", a number next to what "hoeveel" counts ("ruim 30.000 leerlingen").
    pub fn states_answer(&self, text: &str) -> bool {
        let Some(t) = self.expects else {
            return false;
        };
        if !t.found_in(text) {
            return false;
        }
        if t != AnswerType::Number || self.counted.is_empty() {
            return true;
        }
        let (words, counting) = counting_numbers(text);
        // "Hoeveel uur per week?" asks a number of hours: a number just before "uur" or
        // "minuten" states it; "binnen zes weken" is a term, not a workload.
        if self.counted.iter().all(|c| HOURS.contains(&c.as_str())) {
            return words
                .windows(2)
                .any(|w| is_number_word(&w[0]) && HOURS.contains(&w[1].as_str()));
        }
        counting.into_iter().any(|i| {
            words[i + 1..]
                .iter()
                .take(COUNT_WINDOW)
                .any(|n| self.counted.iter().any(|p| n.starts_with(p)))
        })
    }

    /// Whether a concept only asks (a question word such as "per jaar", or in a question for a
    /// time the property "geldig", "duurt") rather than naming what the value is of: a value
    /// next to such words alone answers nothing.
    pub fn names_only_the_asked(&self, c: &Concept) -> bool {
        c.filler
            || (self.expects == Some(AnswerType::Time)
                && TIME_PROPERTIES.contains(&c.text.as_str()))
    }

    /// Concepts that count towards coverage.
    pub fn content(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter().filter(|c| !c.filler)
    }

    /// Share of the content weight in unfamiliar words of the question's own clauses.
    pub fn unfamiliar_share(&self) -> f32 {
        let total: f32 = self.content().map(|c| c.weight).sum();
        let unfamiliar: f32 = self
            .content()
            .filter(|c| c.unfamiliar && c.focus >= 1.0)
            .map(|c| c.weight)
            .sum();
        if total > 0.0 { unfamiliar / total } else { 0.0 }
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
    /// Per member: a phrase of which only a verb is left without its stop words ("op aan te
    /// spreken" is "spreken"), with all its words. Its content words alone do not make the
    /// group (the verb alone means something else); the phrase typed as listed, in a row, does.
    /// Such a member is not searched either: the index holds only its verb.
    phrases: Vec<Option<Vec<String>>>,
}

/// Synonym members by a word: `(group, member)` pairs.
type Members = HashMap<String, Vec<(usize, usize)>>;

/// Plans questions against one index and config.
pub struct Planner {
    groups: Vec<Group>,
    /// First content word of a member → (group, member).
    by_first: Members,
    /// First stem of a member → (group, member).
    by_first_stem: Members,
    filler: HashSet<String>,
    /// Everyday words that say little about the subject.
    common: HashSet<String>,
    /// Verbs of requests to make something.
    task_verbs: HashSet<String>,
    /// Stems of the filler words, for typed variants the corpus does not know ("wanner").
    filler_stems: HashSet<String>,
    out_of_scope: Vec<String>,
    /// School matters other rules settle, folded; asked about in the question itself only.
    /// Those the documents' own words contain are left out (see [`Planner::shadowed_topics`]).
    other_rules: Vec<String>,
    /// Things the documents only name, folded.
    named_only: Vec<String>,
    /// Entries of `other_rules` left out because the documents use them: (entry, where).
    shadowed: Vec<(String, String)>,
    /// Places outside the corpus's regions, folded.
    elsewhere: Vec<String>,
    /// The words of the corpus's own regions' names (`regions.toml`), folded: "almere",
    /// "amsterdam", "diemen".
    home_places: Vec<String>,
    stop: rustc_hash::FxHashSet<String>,
    /// Surface words of the corpus, to judge whether a word looks mistyped.
    typos: TypoIndex,
    /// Stems of the corpus, to find what a mistyped word meant (inflection and typo at once).
    stem_typos: TypoIndex,
    /// Reads a question word by word (no lemmas: a word's lemma is an alternative of its own).
    analyzer: TextAnalyzer,
    /// Dutch lemmas and word frequencies.
    dictionary: Arc<Dictionary>,
    /// Chat spelling → the words it stands for, folded.
    spelling: HashMap<String, Vec<String>>,
    passages: f32,
}

static DEFINITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\W*(?:
            (?:wat|wie)\s+(?:is|zijn|was|waren)\s+(?:nou\s+|eigenlijk\s+|precies\s+)?(?:een|de|het|die|dat|deze|dit|zo'?n)?\s*(?P<a>.+?)
          | wat\s+(?:betekent|betekenen|bedoelt\s+men\s+met|bedoelen\s+we\s+met|bedoel\s+je\s+met|verstaan\s+we\s+onder|verstaat\s+men\s+onder|houdt|houden)\s+(?:een|de|het)?\s*(?P<b>.+?)(?:\s+in)?
          | waar\s+staat\s+(?:een|de|het)?\s*(?P<c>.+?)\s+voor
          | (?:definitie|betekenis|uitleg)\s+(?:van\s+)?(?:een|de|het)?\s*(?P<d>.+?)
          | (?:leg\s+uit\s+wat\s+|uitleg\s+over\s+)(?:een|de|het)?\s*(?P<e>.+?)(?:\s+is|\s+zijn)?
          | (?:een|de|het)?\s*(?P<f>[^\s,]+(?:\s+[^\s,]+)?)\s*(?:betekenis|definitie|uitleg)
          | (?:weet\s+(?:iemand|jij|je|u|een\s+van\s+jullie)|wie\s+weet|ik\s+vraag\s+me\s+af
              |(?:kan|kun|wil)\s+(?:iemand|je|jij|u)\s+(?:mij\s+|me\s+)?(?:even\s+)?uitleggen)
            \s+wat\s+(?:een|de|het|die|dat|zo'?n)?\s*(?P<g>.+?)
            \s+(?:(?:eigenlijk|nou|precies|nu)\s+)?(?:is|zijn|betekent|betekenen|inhoudt|inhouden)
        )\W*$",
    )
    .unwrap()
});

impl Planner {
    /// Prepares synonyms, filler words and the typo index for `index`.
    pub fn new(index: &SearchIndex, config: &Config) -> Planner {
        let stop = (*index.dutch.stopwords).clone();
        let (groups, by_first) = synonym_groups(config, &stop, &index.dutch.dictionary);
        let mut analyzer = index.word_analyzer();
        let words = &config.words;
        let filler_stems = words
            .filler
            .iter()
            .flat_map(|w| analysis::terms(&mut analyzer, w))
            .collect();
        let (other_rules, shadowed) = other_rules(index, config);
        let mut planner = Planner {
            typos: TypoIndex::new(typo_words(index, &groups)),
            stem_typos: TypoIndex::new(stem_frequencies(index, &mut analyzer)),
            groups,
            by_first,
            by_first_stem: Members::new(),
            filler: folded(&words.filler).collect(),
            common: folded(&words.common).collect(),
            task_verbs: folded(&words.task_verbs).collect(),
            filler_stems,
            out_of_scope: folded(&words.out_of_scope).collect(),
            other_rules,
            named_only: folded(&words.named_only).collect(),
            shadowed,
            elsewhere: folded(&words.elsewhere).collect(),
            home_places: config
                .regions
                .values()
                .flat_map(|name| {
                    crate::text::fold(name)
                        .split(['-', ' '])
                        .filter(|w| !w.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect(),
            analyzer: index.word_analyzer(),
            dictionary: index.dutch.dictionary.clone(),
            spelling: words
                .spelling
                .iter()
                .map(|(k, v)| (fold(k), words_of(v)))
                .collect(),
            passages: index.len().max(1) as f32,
            stop,
        };
        planner.analyze_groups();
        planner
    }

    /// The entries of `other_rules` in `config/words.toml` that the documents' own words
    /// contain, each with the word that contains it: they are not used, since the documents
    /// then do treat the subject. Named at start-up so that the list is mended.
    pub fn shadowed_topics(&self) -> &[(String, String)] {
        &self.shadowed
    }

    /// Analyzes the synonym members once, not at every question: their alternatives, and their
    /// stems, so that inflected forms find the group too.
    fn analyze_groups(&mut self) {
        let analyzed: Vec<Vec<Vec<Alternative>>> = self
            .groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|m| self.alternatives(&m.join(" "), 1.0))
                    .collect()
            })
            .collect();
        for (g, a) in self.groups.iter_mut().zip(analyzed) {
            g.analyzed = a;
        }
        let stems: Vec<Vec<Vec<String>>> = self
            .groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .map(|m| m.iter().map(|w| self.stem(w)).collect())
                    .collect()
            })
            .collect();
        for (gi, (g, st)) in self.groups.iter_mut().zip(stems).enumerate() {
            for (mi, m) in st.iter().enumerate() {
                if g.phrases[mi].is_some() {
                    continue;
                }
                if let Some(first) = m.first() {
                    self.by_first_stem
                        .entry(first.clone())
                        .or_default()
                        .push((gi, mi));
                }
            }
            g.member_stems = st;
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
        // Compound parts come at the position of their compound.
        let mut last_pos = None;
        while stream.advance() {
            let t = stream.token();
            match out.last_mut() {
                Some((_, parts)) if Some(t.position) == last_pos => parts.push(t.text.clone()),
                _ => {
                    out.push((t.text.clone(), Vec::new()));
                    last_pos = Some(t.position);
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
        if let Some(lemma_terms) = self.lemma_terms(text)
            && lemma_terms != out[0].terms
        {
            out.push(Alternative {
                terms: lemma_terms,
                boost: boost * LEMMA_BOOST,
                scale: 1.0,
            });
        }
        out
    }

    /// The terms of `text` with every word read as its lemma (`gepest` → `pest`, `besproken`
    /// → `bespreek`); `None` when no word has a lemma of its own.
    fn lemma_terms(&self, text: &str) -> Option<Vec<String>> {
        let mut changed = false;
        let lemmatized: Vec<String> = words(text)
            .map(|(_, w)| match self.dictionary.lemma(&w) {
                // An abbreviation of the field is no inflected form ("ZAT" is not "zitten").
                Some(l) if l != w && !self.by_first.contains_key(&w) => {
                    changed = true;
                    l.to_string()
                }
                _ => w,
            })
            .collect();
        if !changed {
            return None;
        }
        let terms: Vec<String> = self
            .analyze(&lemmatized.join(" "))
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        (!terms.is_empty()).then_some(terms)
    }

    /// Plans a question: read its words, recognise what it is not (out of scope, a request to
    /// write something), join compounds typed apart, find synonym groups, then single words
    /// (repairing typos), weigh the concepts, and read the subject, answer type and series.
    pub fn plan(&self, index: &SearchIndex, question: &str) -> Result<Plan, IndexError> {
        let rarity = Rarity {
            index,
            searcher: index.searcher(),
        };
        let typed: Vec<Typed> = self.respelled(
            typed_words(question)
                .filter(|t| t.word.len() <= analysis::MAX_WORD_BYTES)
                .take(MAX_WORDS * 2),
        );
        let raw: Vec<String> = typed.iter().map(|t| t.word.clone()).collect();
        let spaced = format!(" {} ", raw.join(" "));
        let out_of_scope = self.out_of_scope_in(&typed, &spaced);
        let other_rules = self.asked_topic(&self.other_rules, &typed, Scope::Sentence);
        // A pupil's story names medicines often ("hij gebruikt medicatie, moet er een opp
        // komen?"): what only the documents name counts in the question clause alone.
        let named_only = self
            .asked_topic(&self.named_only, &typed, Scope::Clause)
            .filter(|_| !asks_obligation(&raw));
        let elsewhere = self.elsewhere_in(&typed);
        let task_request = self.is_task_request(&raw, &spaced);
        let finite_verb = finite_verbs(&raw);
        let content: Vec<&Typed> = typed
            .iter()
            .filter(|t| !self.is_stop_word(&t.word))
            .take(MAX_WORDS)
            .collect();
        let tokens = self.join_typed_apart(index, &content);
        let (mut concepts, covered) = self.synonym_concepts(&tokens, &raw);
        for (i, token) in tokens.iter().enumerate() {
            if !covered[i]
                && let Some(mut c) = self.word_concept(index, &rarity, token)?
            {
                // "Ik werk in Almere Buiten. …": a district of the place before it, told in
                // the story, says where the school is, not what is asked. Asked about ("wie is
                // de consulent in Almere Haven?") it names one particular the documents lack.
                if token.name && token.focus < 1.0 && i > 0 && self.is_place(&tokens[i - 1].word) {
                    c.filler = true;
                }
                concepts.push((i, c));
            }
        }
        self.join_separable_verbs(&rarity, &raw, &tokens, &mut concepts)?;
        concepts.sort_by_key(|(i, _)| *i);
        self.add_number_spellings(&tokens, &mut concepts);
        // "Tot wanneer geldt die kaart?" asks how long it is valid ("geldig t/m juli 2026").
        let expects = answer_type(&raw);
        if expects == Some(AnswerType::Time) {
            for (i, c) in concepts.iter_mut() {
                if matches!(tokens[*i].word.as_str(), "geldt" | "gelden") {
                    let valid = self.alternatives("geldig", VALID_BOOST);
                    c.alternatives.extend(valid);
                }
            }
        }
        for (_, c) in &mut concepts {
            dedupe_alternatives(c);
            self.weigh(&rarity, c, &finite_verb)?;
        }
        // A question clause of question words alone ("klopt dat?", "mag dat zomaar?") asks
        // about the story before it: then the story is the subject and counts in full.
        // A light verb met through a synonym group ("waar moeten ze dat regelen?") names no
        // subject of its own either.
        let story_is_question = !concepts.iter().any(|(i, c)| {
            tokens[*i].focus >= 1.0
                && !c.filler
                && !self.filler.contains(&c.text)
                && !self.common.contains(&c.text)
        });
        let mut weighed = Vec::with_capacity(concepts.len());
        let mut everyday_unknown = false;
        for (i, mut c) in concepts {
            let focus = if story_is_question {
                1.0
            } else {
                tokens[i].focus
            };
            if !c.known {
                let mut factor = self.unknown_factor(&tokens[i]);
                // A verb tells how the question is put, also one the lemma table lists by
                // its stem ("wie hakt de knoop door?", "bij wie klop ik aan?").
                if self.unlisted_verb(&raw, &finite_verb, &tokens[i].word) {
                    factor = factor.min(UNKNOWN_EVERYDAY);
                }
                // A word of the story the documents lack ("autisme", "voetbal") tells the
                // situation; only in the question itself may it name an uncovered subject.
                if focus < 1.0 {
                    factor = factor.min(UNKNOWN_EVERYDAY);
                }
                c.weight *= factor;
                c.unfamiliar = !c.filler && factor >= 1.0;
                // An everyday noun in the question itself ("bezwaar", "opvang") may name a
                // subject the documents lack, though less surely than an unfamiliar word.
                if focus >= 1.0
                    && !c.filler
                    && factor == UNKNOWN_EVERYDAY
                    && !self.dictionary.is_verb(&tokens[i].word)
                    && !self.common.contains(&c.text)
                {
                    everyday_unknown = true;
                }
            }
            c.focus = focus;
            weighed.push(c);
        }
        let names_unknown = asks_about_unknown_name(&typed, &weighed);
        let concepts = weighed;
        let concepts = keep_most_informative(concepts);
        // "Wat is een X?" after a story ("mijn collega zegt … . wat is een zat eigenlijk?").
        let subject = definitional_subject(question).or_else(|| {
            focus::clauses(question)
                .iter()
                .rev()
                .filter(|c| c.question)
                .find_map(|c| definitional_subject(&question[c.range.clone()]))
        });
        let subject_concepts = subject
            .as_deref()
            .map(|s| subject_concepts(s, &concepts))
            .unwrap_or_default();
        Ok(Plan {
            concepts,
            subject,
            subject_concepts,
            out_of_scope,
            other_rules,
            named_only,
            elsewhere,
            names_unknown,
            expects,
            asks_value: asks_value(&raw),
            offers: offered_values(&raw),
            everyday_unknown,
            counted: counted(&raw),
            enumerates: series_asked(&raw),
            task_request,
        })
    }

    /// A number typed in digits also searches for it in words and back: staff type "6 weken",
    /// the documents write "zes weken" ("dertien ijkpunten" for "13 ijkpunten"). After a
    /// label ("groep 8", "niveau drie") a number names something, and the documents write it
    /// in digits: there only the word finds its digits, so "groep 8" never meets "achten".
    fn add_number_spellings(&self, tokens: &[Token], concepts: &mut [(usize, Concept)]) {
        for (i, c) in concepts.iter_mut() {
            if c.alternatives.len() != 1 {
                continue;
            }
            let after_label = i
                .checked_sub(1)
                .and_then(|j| tokens.get(j))
                .is_some_and(|t| NUMBER_LABELS.contains(&t.word.as_str()));
            let word = &tokens[*i].word;
            let other = match number_spelling(word) {
                Some(Spelling::Word(w)) if !after_label => w.to_string(),
                Some(Spelling::Digits(d)) if after_label => d.to_string(),
                _ => continue,
            };
            let extra = self.alternatives(&other, 1.0);
            c.alternatives.extend(extra);
        }
    }

    /// Separable verbs: "ouders meldden hun zoon aan" is "aanmelden", "wanneer schakel ik het
    /// ZAT in" is "inschakelen". A particle later in the question and a verb before it, whose
    /// joined lemma is a Dutch word the corpus contains, add that verb as an alternative of the
    /// verb's concept.
    fn join_separable_verbs(
        &self,
        rarity: &Rarity<'_>,
        raw: &[String],
        tokens: &[Token],
        concepts: &mut [(usize, Concept)],
    ) -> Result<(), IndexError> {
        let particles: Vec<(usize, &str)> = raw
            .iter()
            .enumerate()
            .filter(|(_, w)| PARTICLES.contains(&w.as_str()))
            .map(|(i, w)| (i, w.as_str()))
            .collect();
        if particles.is_empty() {
            return Ok(());
        }
        for (i, concept) in concepts.iter_mut() {
            let Some(token) = tokens.get(*i) else {
                continue;
            };
            let w = &token.word;
            let Some(at) = raw.iter().position(|r| r == w) else {
                continue;
            };
            let mut bases: Vec<String> = self
                .dictionary
                .lemma(w)
                .map(str::to_string)
                .into_iter()
                .collect();
            bases.push(format!("{w}en"));
            bases.push(w.clone());
            let joined = particles
                .iter()
                .filter(|(p, _)| *p > at && *p <= at + SEPARABLE_SPAN)
                .flat_map(|(_, p)| bases.iter().map(move |b| format!("{p}{b}")))
                .find(|v| v.ends_with("en") && self.dictionary.is_word(v));
            let Some(verb) = joined else {
                continue;
            };
            let alternatives = self.alternatives(&verb, SEPARABLE_BOOST);
            let mut found = false;
            for a in &alternatives {
                found |= rarity.all_found(&a.terms)?;
            }
            if found {
                concept.alternatives.extend(alternatives);
                // "Waar houden we de voortgang bij?": the light verb "houden" is a question
                // word, "bijhouden" is what is asked; "wat houdt dat in?" stays a question.
                if !self.filler.contains(&verb) {
                    concept.filler = false;
                }
            }
        }
        Ok(())
    }

    /// Chat spellings replaced by the words they stand for ([`crate::config::Words::spelling`]).
    fn respelled(&self, typed: impl Iterator<Item = Typed>) -> Vec<Typed> {
        let mut out = Vec::new();
        for t in typed {
            match self.spelling.get(&t.word) {
                Some(words) => out.extend(words.iter().map(|w| Typed {
                    word: w.clone(),
                    ..t
                })),
                None => out.push(t),
            }
        }
        out
    }

    /// A word or phrase of the question naming a topic the documents never cover.
    /// `spaced` is the question's words joined by spaces, with a space on either end. A name
    /// only counts as the listed word itself: "De Regenboog" is a school, not rain.
    fn out_of_scope_in(&self, typed: &[Typed], spaced: &str) -> Option<String> {
        typed
            .iter()
            .find(|t| {
                if t.capital {
                    self.out_of_scope.contains(&t.word)
                } else {
                    self.is_out_of_scope(&t.word)
                }
            })
            .map(|t| t.word.clone())
            .or_else(|| {
                self.out_of_scope
                    .iter()
                    .find(|o| o.contains(' ') && spaced.contains(&format!(" {o} ")))
                    .cloned()
            })
    }

    /// A stop word, or a form of one the lemma table knows ("worde", "wierd" are "worden"):
    /// a typed or old form of an auxiliary names no subject either.
    fn is_stop_word(&self, word: &str) -> bool {
        self.stop.contains(word)
            || self
                .dictionary
                .lemma(word)
                .is_some_and(|lemma| lemma != word && self.stop.contains(lemma))
    }

    /// A place outside the corpus's regions that the question itself (not the story before
    /// it) asks about: "in Rotterdam", "het swv van Lelystad", "regio Utrecht". A pupil who
    /// "komt uit Lelystad" is no question about Lelystad.
    fn elsewhere_in(&self, typed: &[Typed]) -> Option<String> {
        const BEFORE: &[&str] = &["in", "regio", "swv", "samenwerkingsverband", "gemeente"];
        const BODIES: &[&str] = &["regio", "swv", "samenwerkingsverband", "gemeente"];
        (1..typed.len()).find_map(|i| {
            let place = &typed[i];
            if place.focus < 1.0 || !self.elsewhere.contains(&place.word) {
                return None;
            }
            let before = typed[i - 1].word.as_str();
            let two_before = i.checked_sub(2).map(|j| typed[j].word.as_str());
            // "in Den Haag", "in Den Bosch": the article belongs to the name.
            if before == "den" && two_before == Some("in") {
                return Some(format!("den {}", place.word));
            }
            let named = BEFORE.contains(&before)
                || (matches!(before, "van" | "rond")
                    && two_before.is_some_and(|w| BODIES.contains(&w)));
            named.then(|| place.word.clone())
        })
    }

    /// Whether `w` stands where a question's verb does (opening it, or before a subject
    /// pronoun) and is a verb the lemma table gives by its stem only: "klop" in "bij wie klop
    /// ik aan?" (the lemma of "klopt"), "hakt" in "wie hakt de knoop door?" (of "hak").
    fn unlisted_verb(&self, raw: &[String], finite_verb: &HashSet<String>, w: &str) -> bool {
        let placed = finite_verb.contains(w)
            || raw
                .windows(2)
                .any(|p| p[0] == w && SUBJECT_PRONOUNS.contains(&p[1].as_str()));
        let stem_form = w
            .strip_suffix('t')
            .is_some_and(|stem| self.dictionary.lemma(w) == Some(stem))
            || self.dictionary.lemma(&format!("{w}t")) == Some(w);
        placed && stem_form
    }

    /// Whether a (folded) word is the name of a city or region: the corpus's own regions or
    /// one of the places elsewhere.
    fn is_place(&self, word: &str) -> bool {
        self.home_places
            .iter()
            .chain(&self.elsewhere)
            .any(|p| p == word)
    }

    /// "Schrijf een mail …", "kun je een brief voor me maken": a request, not a question.
    fn is_task_request(&self, raw: &[String], spaced: &str) -> bool {
        // "kun je …", "wil jij …", "kunt u …": asked of normwijzer. A "je" elsewhere is
        // anyone ("hoeft je dan nog een plan te schrijven?").
        let asks_me = raw.windows(2).any(|w| {
            matches!(
                w[0].as_str(),
                "kun" | "kan" | "kunt" | "wil" | "wilt" | "zou" | "zoudt"
            ) && matches!(w[1].as_str(), "je" | "jij" | "u")
        }) || spaced.contains(" voor me ")
            || spaced.contains(" voor mij ");
        raw.first().is_some_and(|w| self.task_verbs.contains(w))
            || (asks_me && raw.iter().any(|w| self.task_verbs.contains(w)))
    }

    /// Compounds typed as separate words ("ontwikkelings perspectief plan", "zorg advies
    /// team") are joined first, so they also meet synonym groups.
    fn join_typed_apart(&self, index: &SearchIndex, words: &[&Typed]) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let joined = [3usize, 2].into_iter().find_map(|len| {
                if i + len > words.len() {
                    return None;
                }
                let parts = &words[i..i + len];
                let cand: String = parts.iter().map(|t| t.word.as_str()).collect();
                let known = index.vocabulary.contains(&cand)
                    || index.dutch.lexicon.contains(&cand)
                    || self.by_first.contains_key(&cand);
                let typed = parts.iter().map(|t| t.word.as_str()).collect::<Vec<_>>();
                known.then(|| (cand, typed.join(" "), len))
            });
            let (word, typed_apart, len) = match joined {
                Some((cand, typed, len)) => (cand, Some(typed), len),
                None => (words[i].word.clone(), None, 1),
            };
            let parts = &words[i..i + len];
            tokens.push(Token {
                word,
                typed_apart,
                focus: parts.iter().map(|t| t.focus).fold(0.0, f32::max),
                name: len == 1 && parts[0].name,
                capital: len == 1 && parts[0].capital,
            });
            i += len;
        }
        tokens
    }

    /// Synonym groups, longest member first: the concepts found, each with the position of its
    /// first token, and which tokens they cover.
    fn synonym_concepts(
        &self,
        tokens: &[Token],
        raw: &[String],
    ) -> (Vec<(usize, Concept)>, Vec<bool>) {
        let words: Vec<String> = tokens.iter().map(|t| t.word.clone()).collect();
        let stems: Vec<String> = words.iter().map(|w| self.stem(w)).collect();
        let n = words.len();
        let mut covered = vec![false; n];
        let mut concepts = Vec::new();
        // A phrase whose only content word is a verb ("op aan te spreken"), typed as it is
        // listed: its verb's token is that member, read as the group's first (the verb alone
        // means something else).
        for (g, group) in self.groups.iter().enumerate() {
            for (m, phrase) in group.phrases.iter().enumerate() {
                let Some(phrase) = phrase else { continue };
                if !raw.windows(phrase.len()).any(|w| w == &phrase[..]) {
                    continue;
                }
                let verb = &group.members[m][0];
                if let Some(i) = (0..n).find(|&i| !covered[i] && &words[i] == verb) {
                    let alternatives = self.group_alternatives(g, 0);
                    concepts.push((
                        i,
                        unweighed(phrase.join(" "), alternatives, group.question, None),
                    ));
                    covered[i] = true;
                }
            }
        }
        let mut i = 0;
        while i < n {
            if covered[i] {
                i += 1;
                continue;
            }
            let Some((len, g, m)) = self
                .member_at(&words, &stems, i)
                .filter(|(len, _, _)| !covered[i..i + len].contains(&true))
            else {
                i += 1;
                continue;
            };
            let group = &self.groups[g];
            let mut alternatives = self.group_alternatives(g, m);
            if let Some(typed) = &tokens[i].typed_apart {
                alternatives.extend(self.alternatives(typed, 0.9));
            }
            let text = tokens[i..i + len]
                .iter()
                .map(|t| t.typed_apart.clone().unwrap_or_else(|| t.word.clone()))
                .collect::<Vec<_>>()
                .join(" ");
            concepts.push((i, unweighed(text, alternatives, group.question, None)));
            covered[i..i + len].iter_mut().for_each(|c| *c = true);
            i += len;
        }
        (concepts, covered)
    }

    /// The alternatives of synonym group `g` as met through its member `m`: that member in
    /// full, the others at the group's weight.
    fn group_alternatives(&self, g: usize, m: usize) -> Vec<Alternative> {
        let group = &self.groups[g];
        let mut alternatives = Vec::new();
        for (k, member) in group.analyzed.iter().enumerate() {
            // "op aan te spreken" searches only "spreken", which in the documents is anything
            // but this ("Het spreekt vanzelf"): the phrase makes its group, it is not searched.
            if group.phrases[k].is_some() {
                continue;
            }
            let boost = if k == m { 1.0 } else { group.weight };
            alternatives.extend(member.iter().map(|a| Alternative {
                boost: a.boost * boost,
                ..a.clone()
            }));
        }
        alternatives
    }

    /// The longest synonym member starting at word `i`, matched on words or on stems, as
    /// `(length, group, member)`.
    fn member_at(
        &self,
        words: &[String],
        stems: &[String],
        i: usize,
    ) -> Option<(usize, usize, usize)> {
        let n = words.len();
        let mut best: Option<(usize, usize, usize)> = None;
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
        // A member typed as one word may be listed as several ("zorgadviesteam"); not a phrase
        // of one verb ("op aan te spreken" is not "spreken").
        best.or_else(|| {
            self.groups.iter().enumerate().find_map(|(g, group)| {
                let m = group
                    .members
                    .iter()
                    .zip(&group.phrases)
                    .position(|(m, phrase)| phrase.is_none() && m.concat() == words[i])?;
                Some((1, g, m))
            })
        })
    }

    /// A single word outside the synonym groups, with typo repair when the corpus does not
    /// know it. `None` for a word that analyzes to nothing.
    fn word_concept(
        &self,
        index: &SearchIndex,
        rarity: &Rarity<'_>,
        token: &Token,
    ) -> Result<Option<Concept>, IndexError> {
        let w = &token.word;
        // For words typed apart, the words as typed come first; the joined form is a variant.
        let mut alternatives = match &token.typed_apart {
            Some(typed) => {
                let mut a = self.alternatives(typed, 1.0);
                a.extend(self.alternatives(w, 0.95));
                a
            }
            None => self.alternatives(w, 1.0),
        };
        if alternatives.is_empty() {
            return Ok(None);
        }
        // A variant of a question word the corpus does not know ("wanner") is one too.
        let filler = self.filler.contains(w)
            || (!index.vocabulary.contains(w)
                && alternatives[0].terms.len() == 1
                && self.filler_stems.contains(&alternatives[0].terms[0]));
        let mut known_now = false;
        for a in &alternatives {
            if rarity.all_found(&a.terms)? {
                known_now = true;
                break;
            }
        }
        // Everyday words the corpus lacks are no evidence against it ("helpt", "genoeg").
        let filler = filler || (!known_now && self.common.contains(w));
        let mut corrected = None;
        // A Dutch word the corpus lacks is no typo ("boos" is not "doos").
        let dutch_word = self.dictionary.is_word(w);
        let repairable =
            !known_now && !filler && !token.name && !w.chars().all(|c| c.is_ascii_digit());
        // A letter written as it sounds ("kontakt", "eindverantwoordelik"), in a spelling
        // OpenTaal does not list: the corpus word spelled the other way.
        if repairable
            && !self.dictionary.is_spelled_right(w)
            && let Some(fix) = typo::sound_alike(w)
                .into_iter()
                .find(|v| index.vocabulary.contains(v))
        {
            alternatives = self.repaired(&fix);
            corrected = Some(fix);
        } else if repairable
            && !dutch_word
            && (self.typos.looks_mistyped(w) || w.chars().count() >= LONG_TYPO)
        {
            // Correct the stem, so a typo in an inflected form still finds its word.
            let stem = alternatives[0].terms.first().cloned().unwrap_or_default();
            if let Some(fix) = self
                .stem_typos
                .nearest(&stem)
                .or_else(|| self.typos.nearest(w))
                .or_else(|| self.typos.nearest_within_two(w))
            {
                corrected = Some(fix.to_string());
                alternatives = self.repaired(fix);
            }
        }
        let text = token.typed_apart.clone().unwrap_or_else(|| w.clone());
        Ok(Some(unweighed(text, alternatives, filler, corrected)))
    }

    /// The alternatives of a word read as the known word `fix`: the term itself, its analysis,
    /// and when it is a synonym member the whole group.
    fn repaired(&self, fix: &str) -> Vec<Alternative> {
        let mut alternatives = vec![Alternative {
            terms: vec![fix.to_string()],
            boost: 0.9,
            scale: 1.0,
        }];
        alternatives.extend(self.alternatives(fix, 0.9));
        for &(g, _) in self.by_first.get(fix).into_iter().flatten() {
            let group = &self.groups[g];
            for member in &group.analyzed {
                alternatives.extend(member.iter().map(|a| Alternative {
                    boost: a.boost * group.weight * 0.9,
                    ..a.clone()
                }));
            }
        }
        alternatives
    }

    /// A concept's weight: the informativeness of the word as typed (or of its best
    /// alternative). Every alternative is scaled to that rarity, as if all were the same word.
    fn weigh(
        &self,
        rarity: &Rarity<'_>,
        c: &mut Concept,
        finite_verb: &HashSet<String>,
    ) -> Result<(), IndexError> {
        let unknown_weight = self.idf(0);
        let mut idfs: Vec<Option<(f32, f32)>> = Vec::with_capacity(c.alternatives.len());
        for a in &c.alternatives {
            let dfs = a
                .terms
                .iter()
                .map(|t| rarity.df(t))
                .collect::<Result<Vec<u64>, _>>()?;
            idfs.push(dfs.iter().all(|d| *d > 0).then(|| {
                // Several words together ("niveau 3") say more than the rarest alone.
                let sum: f32 = dfs.iter().map(|d| self.idf(*d)).sum();
                (sum.min(unknown_weight), sum)
            }));
        }
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
        Ok(())
    }

    /// How much a word the corpus lacks counts against a passage: a name or a number from the
    /// pupil's story hardly ("Tim", "9"), an everyday Dutch word a little ("boos", "belt"), an
    /// unfamiliar word in full (it may name a topic the documents do not cover).
    fn unknown_factor(&self, token: &Token) -> f32 {
        let w = &token.word;
        if w.chars().any(|c| c.is_ascii_digit()) {
            return UNKNOWN_NUMBER;
        }
        if token.name && !self.is_out_of_scope(w) {
            return UNKNOWN_NAME;
        }
        // A capital at the start of a sentence makes a name of a word OpenTaal lists with one
        // ("Bram"); a word it lists only so is a name however it is typed ("tim").
        if (token.capital && self.dictionary.is_name(w)) || self.dictionary.is_only_name(w) {
            return UNKNOWN_NAME;
        }
        // A verb the documents do not use ("herschrijven", "doorsturen") says how the question
        // is put rather than what it is about.
        if self.dictionary.is_verb(w) {
            return UNKNOWN_EVERYDAY;
        }
        match self.dictionary.zipf(w) {
            Some(z) if z >= EVERYDAY_ZIPF => UNKNOWN_EVERYDAY,
            // A mistyped everyday word ("mischien", "eigelijk") weighs as the word it meant.
            _ => {
                let (meant, lookups) = self.dictionary.meant(w);
                crate::search::work::typo_keys(lookups);
                match meant {
                    Some((meant, z)) if z >= EVERYDAY_ZIPF || self.dictionary.is_verb(&meant) => {
                        UNKNOWN_EVERYDAY
                    }
                    _ => 1.0,
                }
            }
        }
    }

    /// Whether a (folded) word names a topic the documents never cover: the word itself, or a
    /// compound containing a listed word of five letters or more (`salarisschaal`).
    fn is_out_of_scope(&self, word: &str) -> bool {
        self.out_of_scope.iter().any(|o| topic_in_word(o, word))
    }

    /// An entry of `topics` (`other_rules`, `named_only`) that the question asks about, within
    /// `scope`: the sentence that asks ("ouders willen een week extra vrij voor een bruiloft,
    /// mag dat?", "als we staken, moeten we dan opvang regelen?") or its question clause alone;
    /// the whole story when the question clause is only question words ("ze willen verlof. mag
    /// dat?"). A sentence of the story before it asks nothing ("De juf is ziek. Wat moet er in
    /// het OPP?"), nor does a time told by a holiday ("sinds de zomervakantie …").
    fn asked_topic(&self, topics: &[String], typed: &[Typed], scope: Scope) -> Option<String> {
        let content = |t: &Typed| !self.is_stop_word(&t.word) && !self.filler.contains(&t.word);
        let question_has_subject = typed.iter().any(|t| t.focus >= 1.0 && content(t));
        let asked: Vec<usize> = (0..typed.len())
            .filter(|&i| {
                !question_has_subject
                    || match scope {
                        Scope::Sentence => typed[i].asking_sentence,
                        Scope::Clause => typed[i].focus >= 1.0,
                    }
            })
            .filter(|&i| !tells_a_time(typed, i))
            .collect();
        let spaced = format!(
            " {} ",
            asked
                .iter()
                .map(|&i| typed[i].word.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        topics.iter().find_map(|o| {
            let hit = if o.contains(' ') {
                spaced.contains(&format!(" {o} "))
            } else {
                asked.iter().any(|&i| {
                    let t = &typed[i];
                    !(t.capital && t.name) && topic_in_word(o, &t.word)
                })
            };
            hit.then(|| o.clone())
        })
    }
}

/// Lower-case words inside a person's name ("Jeroen de Vries", "Marloes van der Berg").
const NAME_PARTICLES: &[&str] = &["de", "van", "der", "den", "ten", "ter", "het", "la", "le"];

/// Whether the question clause names a school, person or organisation the documents never
/// mention: two or more capitalised words in a row (one group of particles allowed between
/// them), written so inside a sentence, at least half of which the corpus lacks ("De
/// Zonnewijzer", "Sanne Jansen", "het Helen Parkhurst"). One capitalised word is usually the
/// pupil of the story ("moet Daan een OPP?"), and a run of words the corpus knows is a place or
/// a term ("Almere Buiten", "Passend Onderwijs Almere"); neither counts. After an article
/// ("De Regenboog", "van het Helen Parkhurst") the name is an organisation's.
fn asks_about_unknown_name(typed: &[Typed], concepts: &[Concept]) -> Option<Named> {
    let unknown = |word: &str| {
        concepts
            .iter()
            .find(|c| c.text == word)
            .is_some_and(|c| !c.known && !c.filler)
    };
    let mut i = 0;
    while i < typed.len() {
        // A run starts inside a sentence, or with an article opening it ("Het Kompas
        // heeft …"); any other first word of a sentence is capitalised for being first.
        let first = &typed[i];
        if !(first.capital && first.focus >= 1.0 && (first.name || is_article(&first.word))) {
            i += 1;
            continue;
        }
        // A run of capitalised words from `i`, with one group of particles between them
        // ("Marloes van der Berg"); a second group starts what the person belongs to
        // ("… van Toeleiding").
        let (mut capitals, mut inside, mut unknown_capitals) = (Vec::new(), false, 0usize);
        let (mut j, mut particle_groups) = (i, 0);
        while j < typed.len() && typed[j].focus >= 1.0 {
            let t = &typed[j];
            if t.capital {
                inside |= t.name;
                if !is_article(&t.word) {
                    unknown_capitals += usize::from(unknown(&t.word));
                    capitals.push(j);
                }
                j += 1;
                continue;
            }
            let particles = typed[j..]
                .iter()
                .take_while(|p| !p.capital && NAME_PARTICLES.contains(&p.word.as_str()))
                .count();
            if particles > 0
                && particle_groups == 0
                && !capitals.is_empty()
                && typed.get(j + particles).is_some_and(|n| n.capital)
            {
                particle_groups += 1;
                j += particles;
            } else {
                break;
            }
        }
        let words_in_run = j - i;
        // Most of the capitalised words are unknown to the corpus ("Helen Parkhurst": a
        // "helen" the corpus has by its stem is no reason to take the school for a term).
        let mostly_unknown = !capitals.is_empty() && unknown_capitals * 2 >= capitals.len();
        if inside && words_in_run >= 2 && mostly_unknown {
            let after_article = is_article(&typed[i].word)
                || (i > 0 && !typed[i - 1].capital && is_article(&typed[i - 1].word));
            return Some(if after_article {
                Named::Organisation
            } else {
                Named::Person
            });
        }
        i = j.max(i + 1);
    }
    None
}

fn is_article(word: &str) -> bool {
    matches!(word, "de" | "het" | "een")
}

/// A question word after compounds typed apart are joined.
struct Token {
    /// The word, or the words typed apart joined into one (`zorgadviesteam`).
    word: String,
    /// For joined words, the words as typed (`zorg advies team`).
    typed_apart: Option<String>,
    /// Weight of the clause it stands in ([`focus::weight`]).
    focus: f32,
    /// Written with a capital inside a sentence: a name ("Tim", "De Meerpaal").
    name: bool,
    /// Written with a capital and then lower case, wherever it stands.
    capital: bool,
}

/// A word of the question as typed: folded, with the weight of its clause.
struct Typed {
    word: String,
    focus: f32,
    /// Whether its sentence holds a question clause (the clause itself or one beside it).
    asking_sentence: bool,
    name: bool,
    capital: bool,
}

/// The words of a question, each with the weight of the clause it stands in and whether it is
/// written like a name.
fn typed_words(question: &str) -> impl Iterator<Item = Typed> + '_ {
    let clauses = focus::clauses(question);
    let mut previous_end = 0;
    words(question).map(move |(at, word)| {
        let clause = clauses.iter().find(|c| c.range.contains(&at));
        let focus = clause.map_or(1.0, focus::weight);
        let asking_sentence = clause.is_none_or(|c| {
            clauses
                .iter()
                .any(|other| other.question && other.sentence == c.sentence)
        });
        let before = question[previous_end..at].trim();
        let sentence_start = previous_end == 0 || before.ends_with(['.', '?', '!', ':']);
        let capital = question[at..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let rest_lower = question[at..]
            .chars()
            .skip(1)
            .take_while(|c| c.is_alphanumeric())
            .all(|c| !c.is_uppercase());
        previous_end = at
            + question[at..]
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(question.len() - at, |(i, _)| i);
        Typed {
            word,
            focus,
            asking_sentence,
            // "ZAT" and "IB" are abbreviations, not names: only Capitalised words count.
            name: capital && rest_lower && !sentence_start,
            capital: capital && rest_lower,
        }
    })
}

/// How often terms occur, measured in the text: section titles repeat in every passage of a
/// section, so they count only for terms the text lacks.
struct Rarity<'i> {
    index: &'i SearchIndex,
    searcher: Searcher,
}

impl Rarity<'_> {
    /// Passages containing `term`.
    fn df(&self, term: &str) -> Result<u64, IndexError> {
        let (index, f) = (self.index, self.index.fields);
        let body = index.doc_freq(&self.searcher, f.body, term)?;
        if body > 0 {
            return Ok(body);
        }
        let mut most = 0;
        for field in [f.section, f.term, f.title, f.search_words] {
            most = most.max(index.doc_freq(&self.searcher, field, term)?);
        }
        Ok(most)
    }

    /// Whether every term occurs in the corpus.
    fn all_found(&self, terms: &[String]) -> Result<bool, IndexError> {
        for t in terms {
            if self.df(t)? == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// A concept before [`Planner::weigh`] gives it its weight.
fn unweighed(
    text: String,
    alternatives: Vec<Alternative>,
    filler: bool,
    corrected: Option<String>,
) -> Concept {
    Concept {
        text,
        alternatives,
        filler,
        known: false,
        weight: 0.0,
        corrected,
        focus: 1.0,
        unfamiliar: false,
    }
}

/// The synonym groups of the config with their members' content words, and the index from a
/// member's first word to `(group, member)`.
fn synonym_groups(
    config: &Config,
    stop: &rustc_hash::FxHashSet<String>,
    dictionary: &Dictionary,
) -> (Vec<Group>, Members) {
    let mut groups = Vec::new();
    let mut by_first = Members::new();
    for g in &config.synonyms.groups {
        let (members, phrases): (Vec<Vec<String>>, Vec<Option<Vec<String>>>) = g
            .terms
            .iter()
            .filter_map(|t| {
                let all: Vec<String> = words(t).map(|(_, w)| w).collect();
                let content = all
                    .iter()
                    .filter(|w| !stop.contains(*w))
                    .cloned()
                    .collect::<Vec<_>>();
                if content.is_empty() {
                    return None;
                }
                let verb_only =
                    all.len() > 1 && content.len() == 1 && dictionary.is_verb(&content[0]);
                Some((content, verb_only.then_some(all)))
            })
            .unzip();
        let gi = groups.len();
        for (mi, m) in members.iter().enumerate() {
            if phrases[mi].is_none() {
                by_first.entry(m[0].clone()).or_default().push((gi, mi));
            }
        }
        groups.push(Group {
            members,
            member_stems: Vec::new(),
            analyzed: Vec::new(),
            weight: g.weight,
            question: g.question,
            phrases,
        });
    }
    (groups, by_first)
}

/// The words typos are repaired to: the corpus vocabulary and the synonym members, which are
/// words people type too.
fn typo_words(index: &SearchIndex, groups: &[Group]) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = index.vocabulary.words.clone();
    for w in groups.iter().flat_map(|g| &g.members).flatten() {
        out.push((w.clone(), 1));
    }
    out
}

/// Stems of all corpus words with their total frequency.
fn stem_frequencies(index: &SearchIndex, analyzer: &mut TextAnalyzer) -> HashMap<String, u32> {
    let mut stem_freq: HashMap<String, u32> = HashMap::new();
    for (w, f) in &index.vocabulary.words {
        if let Some(t) = analysis::terms(analyzer, w).into_iter().next() {
            *stem_freq.entry(t).or_default() += f;
        }
    }
    stem_freq
}

/// The folded words of a text.
fn words_of(text: &str) -> Vec<String> {
    words(text).map(|(_, w)| w).collect()
}

/// Where in a message a listed topic counts ([`Planner::asked_topic`]).
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// The sentence that asks, its story clauses included.
    Sentence,
    /// The question clause alone.
    Clause,
}

/// Prepositions that make a time of the noun after them ("sinds de zomervakantie", "na de
/// staking", "tijdens het overblijven").
const TIME_PREPOSITIONS: &[&str] = &[
    "sinds",
    "na",
    "tijdens",
    "vanaf",
    "tot",
    "rond",
    "rondom",
    "vlak",
    "voorafgaand",
];

/// Whether the word at `i` follows a preposition of time, with at most one article or
/// determiner between ("na de vakantie", "sinds afgelopen herfstvakantie").
fn tells_a_time(typed: &[Typed], i: usize) -> bool {
    const BETWEEN: &[&str] = &[
        "de",
        "het",
        "deze",
        "die",
        "afgelopen",
        "vorige",
        "komende",
        "elke",
    ];
    let word = |k: usize| typed[k].word.as_str();
    match i {
        0 => false,
        1 => TIME_PREPOSITIONS.contains(&word(0)),
        _ => {
            TIME_PREPOSITIONS.contains(&word(i - 1))
                || (BETWEEN.contains(&word(i - 1)) && TIME_PREPOSITIONS.contains(&word(i - 2)))
        }
    }
}

/// Whether a listed topic word is a (folded) word of a question or a text: the word itself, or,
/// for an entry of five letters or more, a compound containing it (`salarisschaal`).
fn topic_in_word(entry: &str, word: &str) -> bool {
    word == entry || (entry.chars().count() >= 5 && word.contains(entry))
}

/// The `other_rules` entries of `config/words.toml` the planner uses, folded, and those it
/// leaves out because a word of the corpus, a search word or a synonym contains them
/// ("schooltijd" in "basisschooltijd", "gezag" in "bevoegd gezag"): with the word that does.
fn other_rules(index: &SearchIndex, config: &Config) -> (Vec<String>, Vec<(String, String)>) {
    let mut phrases: Vec<String> = config
        .synonyms
        .groups
        .iter()
        .flat_map(|g| &g.terms)
        .chain(
            config
                .search_words
                .passages
                .values()
                .flat_map(|p| &p.woorden),
        )
        .map(|t| words_of(t).join(" "))
        .collect();
    phrases.sort_unstable();
    phrases.dedup();
    let mut kept = Vec::new();
    let mut shadowed = Vec::new();
    for entry in folded(&config.words.other_rules) {
        let corpus_word = if entry.contains(' ') {
            None
        } else {
            index
                .vocabulary
                .words
                .iter()
                .map(|(w, _)| w)
                .find(|w| topic_in_word(&entry, w))
                .cloned()
        };
        let configured = || {
            phrases
                .iter()
                .find(|p| {
                    if entry.contains(' ') {
                        format!(" {p} ").contains(&format!(" {entry} "))
                    } else {
                        p.split(' ').any(|w| topic_in_word(&entry, w))
                    }
                })
                .cloned()
        };
        match corpus_word.or_else(configured) {
            Some(word) => shadowed.push((entry, word)),
            None => kept.push(entry),
        }
    }
    (kept, shadowed)
}

/// Configured words, folded like question words.
fn folded(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.iter().map(|w| fold(w))
}

/// Pronouns that are the subject after an inverted verb.
const SUBJECT_PRONOUNS: &[&str] = &["ik", "je", "jij", "we", "wij", "ze", "zij", "hij", "u"];

/// The finite verb of a Dutch question stands first (yes/no questions, imperatives) or right
/// after the question word (V2): "Wat hoort ...", "Hoeveel kost ...".
fn finite_verbs(raw: &[String]) -> HashSet<String> {
    let opens_with_question_word = raw
        .first()
        .is_some_and(|w| QUESTION_WORDS.contains(&w.as_str()));
    raw.iter()
        .take(3)
        .enumerate()
        .filter(|(i, w)| match i {
            0 => !opens_with_question_word,
            1 => opens_with_question_word,
            _ => opens_with_question_word && (w.ends_with('t') || w.ends_with("en")),
        })
        .map(|(_, w)| w.clone())
        .collect()
}

/// The same terms reached twice (a member and its compound split) count once, at the higher
/// weight.
fn dedupe_alternatives(c: &mut Concept) {
    let mut unique: Vec<Alternative> = Vec::with_capacity(c.alternatives.len());
    for a in c.alternatives.drain(..) {
        match unique.iter_mut().find(|u| u.terms == a.terms) {
            Some(u) => u.boost = u.boost.max(a.boost),
            None => unique.push(a),
        }
    }
    c.alternatives = unique;
}

/// The [`MAX_CONCEPTS`] most informative concepts of a very long question, in question order.
fn keep_most_informative(concepts: Vec<Concept>) -> Vec<Concept> {
    if concepts.len() <= MAX_CONCEPTS {
        return concepts;
    }
    let mut order: Vec<usize> = (0..concepts.len()).collect();
    order.sort_by(|&a, &b| concepts[b].weight.total_cmp(&concepts[a].weight));
    let keep: HashSet<usize> = order.into_iter().take(MAX_CONCEPTS).collect();
    concepts
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, c)| c)
        .collect()
}

/// The concepts (indices) that make up the subject of "wat is een X".
fn subject_concepts(subject: &str, concepts: &[Concept]) -> Vec<usize> {
    let sw: HashSet<String> = words(subject).map(|(_, w)| w).collect();
    concepts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.text.split(' ').any(|w| sw.contains(w)) && !c.filler)
        .map(|(i, _)| i)
        .collect()
}

/// What kind of answer the question words ask for.
fn answer_type(raw: &[String]) -> Option<AnswerType> {
    let has = |w: &str| raw.iter().any(|r| r == w);
    if asks_outcome(raw) {
        Some(AnswerType::Outcome)
    } else if asks_money(raw) {
        Some(AnswerType::Money)
    } else if has("hoeveel")
        // "Hoe vaak …, is daar een aantal voor?" asks how often: the number is of times.
        || (has("aantal") && !follows(raw, "hoe", "vaak"))
        || has("percentage")
        || has("procent")
        || caps_people(raw)
    {
        Some(AnswerType::Number)
    } else if has("verschil") || has("verschillen") || has("onderscheid") {
        Some(AnswerType::Contrast)
    } else if follows(raw, "hoe", "vaak") {
        Some(AnswerType::Frequency)
    } else if has("wanneer")
        || has("hoelang")
        || has("termijn")
        || has("datum")
        || (has("hoe") && (has("lang") || has("vaak") || has("laat")))
    {
        Some(AnswerType::Time)
    } else {
        None
    }
}

/// Whether the question words ask for an amount, a frequency or a time of day: "hoeveel
/// kinderen", "hoe vaak", "hoe laat". "Hoeveel" before a verb asks how far, not how many
/// ("hoeveel mag een kind zelf zeggen?"), and after "wie" or "wanneer" it is part of what that
/// word asks ("wie beslist over hoeveel hulp we krijgen?" asks who).
fn asks_value(raw: &[String]) -> bool {
    // After a verb of deciding, "hoeveel" is what is decided: "bepalen we zelf hoeveel hulp
    // we nog willen?" asks who decides, not an amount.
    const ASKS_OTHER: &[&str] = &[
        "wie",
        "wanneer",
        "waarom",
        "wiens",
        "bepalen",
        "bepaalt",
        "bepaal",
        "beslissen",
        "beslist",
        "beslis",
        "kiezen",
        "kiest",
        "kies",
    ];
    let has = |w: &str| raw.iter().any(|r| r == w);
    let amount = raw.iter().enumerate().any(|(i, w)| {
        w == "hoeveel"
            && raw
                .get(i + 1)
                .is_none_or(|next| !DEGREE_VERBS.contains(&next.as_str()))
            && !raw[i.saturating_sub(8)..i]
                .iter()
                .any(|b| ASKS_OTHER.contains(&b.as_str()))
    });
    amount
        || has("percentage")
        || has("procent")
        || follows(raw, "hoe", "vaak")
        || follows(raw, "hoe", "laat")
        || follows(raw, "hoe", "lang")
        || has("hoelang")
        || asks_money(raw)
        || caps_people(raw)
        || asks_outcome(raw)
}

/// Whether the question asks what came out of something done, in the past tense: "wat is er
/// uitgekomen?", "wat kwam er uit de evaluatie?", "wat heeft het opgeleverd?", "de uitkomst".
/// "Wat komt er uit de analyse?" (what it is meant to give) is not.
fn asks_outcome(raw: &[String]) -> bool {
    // The question word stands shortly before: "… heeft weinig opgeleverd. Wat is de volgende
    // stap?" tells a result and asks something else.
    let asked = |i: usize| raw[i.saturating_sub(12)..i].iter().any(|w| w == "wat");
    raw.iter().enumerate().any(|(i, w)| match w.as_str() {
        "uitgekomen" | "uitkomst" | "uitkomsten" | "opgeleverd" => asked(i),
        // "wat kwam er uit …", "wat is er uit … gekomen", "wat is eruit gekomen"; not "wat
        // doen we als hij uit Lelystad kwam?"
        "kwam" | "kwamen" | "gekomen" => {
            let near = &raw[i.saturating_sub(8)..(i + 4).min(raw.len())];
            let has = |w: &str| near.iter().any(|b| b == w);
            asked(i) && (has("eruit") || (has("er") && has("uit")))
        }
        _ => false,
    })
}

/// The words of `text` and the positions of the numbers among them that count something: not
/// a number after a label ("Niveau 3. Aanvullende ondersteuning voor leerlingen", "aanbeveling
/// 11"), a list's item number ("2. De onderwijsbehoeften van leerlingen"), a footnote's mark
/// or a number of weeks or days ("binnen zes weken … van de leerling").
fn counting_numbers(text: &str) -> (Vec<String>, Vec<usize>) {
    let (starts, words): (Vec<usize>, Vec<String>) = crate::text::words(text).unzip();
    let counting = (0..words.len())
        .filter(|&i| {
            is_number_word(&words[i])
                // A footnote's mark ("³ Zie website …") is no number either.
                && text[starts[i]..].starts_with(|c: char| c.is_ascii_alphanumeric())
                && !(i > 0 && NUMBER_LABELS.contains(&words[i - 1].as_str()))
                && !is_item_number(text, starts[i], &words[i])
                && !words
                    .get(i + 1)
                    .is_some_and(|n| PERIODS.contains(&n.as_str()))
        })
        .collect();
    (words, counting)
}

/// Whether the number `w` at byte `at` of `text` opens a line as a list's item number ("2. De
/// onderwijsbehoeften …").
fn is_item_number(text: &str, at: usize, w: &str) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    let line_start = before.is_empty() || before.ends_with('\n');
    line_start
        && text
            .get(at + w.len()..)
            .is_some_and(|rest| rest.starts_with(['.', ')']))
}

/// Words that name how long something holds, not the thing: a question for a time asks the
/// time of something else.
const TIME_PROPERTIES: &[&str] = &["geldig", "geldt", "gelden", "duurt", "duren", "duur"];

/// How much "geldig" counts for "geldt" in a question for a time.
const VALID_BOOST: f32 = 0.9;

/// Periods after a number ("twee weken"); a month after one names a date ("1 maart").
const PERIODS: &[&str] = &[
    "dag",
    "dagen",
    "week",
    "weken",
    "maand",
    "maanden",
    "jaar",
    "jaren",
    "uur",
    "uren",
    "schooldag",
    "schooldagen",
    "werkdag",
    "werkdagen",
];

fn is_time_unit(w: &str) -> bool {
    PERIODS.contains(&w) || crate::text::dutch::MONTHS.contains(&w)
}

/// The kind of value the question offers a choice between: "X of Y" where both are numbers
/// ("10 of 11") or both numbers with a unit of time ("een week of twee weken", "voor 1 maart
/// of voor 1 april", "1 dag of een hele week"). "Een week of vijf" is about five weeks, no
/// choice, and a number after a label names a thing ("niveau 3 of 4").
fn offered_values(raw: &[String]) -> Option<Offered> {
    const BEFORE_VALUE: &[&str] = &[
        "voor", "na", "binnen", "over", "tot", "per", "een", "hele", "halve",
    ];
    let number = |w: &str| is_number_word(w);
    raw.iter().enumerate().find_map(|(i, w)| {
        if w != "of" || i == 0 {
            return None;
        }
        // The left value: "10" or "twee weken" / "een week" / "1 maart".
        let left_unit = is_time_unit(&raw[i - 1]);
        let left_number = if left_unit {
            i.checked_sub(2).map(|j| raw[j].as_str())
        } else {
            Some(raw[i - 1].as_str())
        }?;
        let at_left = if left_unit { i - 2 } else { i - 1 };
        let labelled = at_left > 0 && NUMBER_LABELS.contains(&raw[at_left - 1].as_str());
        if labelled || !(number(left_number) || (left_unit && left_number == "een")) {
            return None;
        }
        // The right value, after a preposition or article: "voor 1 april", "een hele week".
        let mut j = i + 1;
        let mut right_number = false;
        while let Some(r) = raw.get(j) {
            if number(r) {
                right_number = true;
            } else if !BEFORE_VALUE.contains(&r.as_str()) {
                break;
            }
            j += 1;
        }
        let right_unit = raw.get(j).filter(|r| is_time_unit(r));
        let right_one = raw[i + 1..j].iter().any(|r| r == "een");
        match right_unit {
            None if !left_unit && right_number => Some(Offered::Number),
            Some(unit) if right_number || right_one => Some(if PERIODS.contains(&unit.as_str()) {
                Offered::Period
            } else {
                Offered::Date
            }),
            _ => None,
        }
    })
}

/// Whether the question asks if something is required, must be had or exists, or what it is
/// called ("is een meldcode verplicht?", "moet een school een protocol medisch handelen
/// hebben?", "is er een thema voor dyslexie?", "hoe heet het protocol voor rekenen?"), not
/// what it holds: the documents that name it answer that.
fn asks_obligation(raw: &[String]) -> bool {
    const OBLIGATION: &[&str] = &[
        "verplicht",
        "verplichte",
        "verplichting",
        "wettelijk",
        "hebben",
        "heeft",
        "hebt",
        "nodig",
        // Whether it exists, what it is called.
        "bestaat",
        "bestaan",
        "heet",
        "heten",
    ];
    raw.iter().any(|w| OBLIGATION.contains(&w.as_str()))
        || follows(raw, "is", "er")
        || follows(raw, "zijn", "er")
}

/// Whether `second` directly follows `first` among the question's words ("hoe vaak").
fn follows(raw: &[String], first: &str, second: &str) -> bool {
    raw.windows(2).any(|w| w[0] == first && w[1] == second)
}

/// Whether the question asks about money: who pays, what it costs, a reimbursement.
fn asks_money(raw: &[String]) -> bool {
    raw.iter().any(|w| MONEY_WORDS.contains(&w.as_str()))
}

/// Question words about money ("wie betaalt …", "wat kost …", "krijgen we er geld voor?").
const MONEY_WORDS: &[&str] = &[
    "betalen",
    "betaalt",
    "betaald",
    "betaal",
    "kost",
    "kosten",
    "kostte",
    "vergoeding",
    "vergoed",
    "vergoedt",
    "euro",
    "bedrag",
    "bedragen",
    "tarief",
    "tarieven",
    "prijs",
    "geld",
    "bekostigd",
    "gefinancierd",
    "budget",
];

/// How many words after a number the counted word may follow ("99% van de Almeerse
/// leerlingen").
const COUNT_WINDOW: usize = 4;

/// Words that count people, each standing for all of them: "hoeveel kinderen" is answered by
/// "30.000 leerlingen".
const PEOPLE: &[&str] = &["kind", "leerling", "scholier", "jongere", "lln", "pupil"];

/// Units of a workload or timetable: "hoeveel uur" asks a number of them, not any term.
const HOURS: &[&str] = &["uur", "uren", "minuten", "minuut"];

/// Units of time and share beside [`PERIODS`]: "hoeveel weken" or "hoeveel procent" asks for
/// any number.
const MEASURES: &[&str] = &["tijd", "minuten", "procent", "percentage", "keer"];

/// What "hoeveel" counts, as prefixes: the word after it without a plural ending, or all
/// words for people.
fn counted(raw: &[String]) -> Vec<String> {
    let noun = raw
        .windows(2)
        .find(|w| w[0] == "hoeveel")
        .map(|w| w[1].as_str());
    if caps_people(raw) || noun.is_some_and(|n| PEOPLE.iter().any(|p| n.starts_with(p))) {
        return PEOPLE.iter().map(|p| p.to_string()).collect();
    }
    let Some(noun) = noun else {
        return Vec::new();
    };
    if HOURS.contains(&noun) {
        return HOURS.iter().map(|h| h.to_string()).collect();
    }
    if PERIODS.contains(&noun) || MEASURES.contains(&noun) || DEGREE_VERBS.contains(&noun) {
        return Vec::new();
    }
    let stem = noun
        .strip_suffix("en")
        .or_else(|| noun.strip_suffix('s'))
        .filter(|s| s.chars().count() >= 4)
        .unwrap_or(noun);
    vec![stem.to_string()]
}

/// "Max lln per klas?", "maximaal aantal kinderen in een groep": a most or least number of
/// pupils asks for a number as "hoeveel leerlingen" does.
fn caps_people(raw: &[String]) -> bool {
    const CAPS: &[&str] = &["max", "maximaal", "maximum", "min", "minimaal", "minimum"];
    raw.iter().enumerate().any(|(i, w)| {
        CAPS.contains(&w.as_str())
            && raw[i + 1..]
                .iter()
                .find(|n| n.as_str() != "aantal")
                .is_some_and(|n| PEOPLE.iter().any(|p| n.starts_with(p)))
    })
}

/// A number as digits or in words.
fn is_number_word(w: &str) -> bool {
    (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit())) || number_words().any(|n| n == w)
}

/// Verbs after which "hoeveel" asks for a degree ("hoeveel mag …", "hoeveel weet …").
const DEGREE_VERBS: &[&str] = &[
    "mag", "mogen", "kan", "kunnen", "moet", "moeten", "wil", "willen", "weet", "weten", "telt",
    "tellen", "zegt", "zeggen", "heeft", "hebben",
];

/// "Welke stappen …", "hoeveel niveaus …", "alle treden": the series word (singular) when the
/// whole series is asked for, not one numbered item of it.
fn series_asked(raw: &[String]) -> Option<String> {
    let has = |w: &str| raw.iter().any(|r| r == w);
    let asks_all = has("welke")
        || has("hoeveel")
        || has("alle")
        || has("overzicht")
        || (has("wat") && has("zijn"));
    SERIES_WORDS
        .iter()
        .find(|(one, many)| {
            many.iter().any(|m| has(m))
                || (asks_all
                    && has(one)
                    && !raw.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())))
        })
        .map(|(one, _)| one.to_string())
}

/// Words that open a Dutch question.
const QUESTION_WORDS: &[&str] = &[
    "wat", "wie", "waar", "wanneer", "hoe", "waarom", "welke", "welk", "hoeveel", "hoelang",
    "waarvoor",
];

/// Words that end a "wat is X" question without belonging to X.
const TRAILING_ADVERBS: &[&str] = &[
    "eigenlijk",
    "precies",
    "nou",
    "nu",
    "dan",
    "ook",
    "toch",
    "even",
    "eens",
    "hier",
    "daar",
    "allemaal",
    "ongeveer",
    "concreet",
];

/// Words that open a relative clause after a noun ("die", "waarmee").
const RELATIVE_OPENERS: &[&str] = &[
    "die", "dat", "waar", "waarmee", "waarin", "waarvan", "waarop", "waarover", "welke", "wat",
];

/// For "wat is een ZAT?", "wat betekent WOP", "waar staat TLV voor", and asked through someone
/// ("weet iemand wat een OPP is?", "kan iemand uitleggen wat HGW betekent?"): the subject,
/// folded.
pub fn definitional_subject(question: &str) -> Option<String> {
    let q = fold(question.trim());
    let q = q.trim_end_matches(['?', '!', '.', ' ']);
    let c = DEFINITIONAL.captures(q)?;
    let s = ["a", "b", "c", "d", "e", "f", "g"]
        .iter()
        .find_map(|n| c.name(n))?
        .as_str()
        .trim();
    // A relative clause after the subject is not part of it ("wat is die zelfscan die onze
    // directeur moet invullen?").
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if let Some(k) = words
        .iter()
        .skip(1)
        .position(|w| RELATIVE_OPENERS.contains(w))
    {
        words.truncate(k + 1);
    }
    // Chat adverbs after the subject are not part of it ("wat is een zat eigenlijk?").
    while words.len() > 1 && words.last().is_some_and(|w| TRAILING_ADVERBS.contains(w)) {
        words.pop();
    }
    // "wat is de termijn voor ..." is not a definition question about a short term.
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(q: &str) -> Option<Offered> {
        let raw: Vec<String> = typed_words(q).map(|t| t.word).collect();
        offered_values(&raw)
    }

    #[test]
    fn values_offered_to_choose_from() {
        let period = Some(Offered::Period);
        assert_eq!(offered("een week of twee weken van tevoren?"), period);
        assert_eq!(offered("schorsen, 1 dag of een hele week?"), period);
        assert_eq!(
            offered("voor 1 maart of voor 1 april?"),
            Some(Offered::Date)
        );
        assert_eq!(offered("welke schaal, 10 of 11"), Some(Offered::Number));
        assert_eq!(offered("5 of 6 weken"), period);
        // About five weeks; a level named by its number; no values at all.
        assert_eq!(offered("al een week of vijf kleine aanpassingen"), None);
        assert_eq!(offered("opp bij niveau 3 of 4?"), None);
        assert_eq!(offered("groep 7 of 8"), None);
        assert_eq!(offered("de ib'er of de leerkracht?"), None);
        assert_eq!(offered("een of twee"), None);
        // A number states one; a footnote's mark, a recommendation's number or weeks do not.
        assert!(Offered::Number.found_in("ruim 30.000 leerlingen"));
        assert!(!Offered::Number.found_in("³ Zie website: Uitwerking aanbeveling 11"));
        assert!(!Offered::Number.found_in("binnen zes weken"));
    }

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
        assert_eq!(
            definitional_subject("zorgplicht definitie?").as_deref(),
            Some("zorgplicht")
        );
        assert_eq!(
            definitional_subject(
                "wat is die zelfscan nou precies die onze directeur moet invullen"
            )
            .as_deref(),
            Some("zelfscan")
        );
        assert_eq!(
            definitional_subject("wat is zo'n ZAT eigenlijk?").as_deref(),
            Some("zat")
        );
        // Asked through someone, the verb at the end.
        assert_eq!(
            definitional_subject("weet iemand wat een opp is?").as_deref(),
            Some("opp")
        );
        assert_eq!(
            definitional_subject("kan iemand mij uitleggen wat basisondersteuning precies is?")
                .as_deref(),
            Some("basisondersteuning")
        );
        assert_eq!(
            definitional_subject("ik vraag me af wat hgw betekent").as_deref(),
            Some("hgw")
        );
        assert_eq!(
            definitional_subject("weet iemand wat de school moet doen als ouders weigeren?"),
            None
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
