//! The Dutch text pipeline, shared by indexing and questions so both sides meet:
//! split on non-alphanumerics → lowercase → fold diacritics (geëvalueerd = geevalueerd) → drop
//! Dutch stop words → add compound parts (ontwikkelingsperspectiefplan + ontwikkeling +
//! perspectief + plan) → Snowball Dutch stem.
//!
//! tantivy supplies every stage but two. Folding is [`Fold`], which applies [`fold`]: the corpus
//! vocabulary, the compound lexicon and the question planner fold words with that function, and
//! tantivy's `AsciiFoldingFilter` spells some letters differently (so "Straße" would be two
//! words). Its `SplitCompoundWords` replaces a word by its parts and knows no Dutch linking
//! sounds (-s-, -e-, -en-), so [`Decompounder`] is written here. The parts come from a
//! [`Lexicon`] of words seen in the corpus plus `config/words.toml`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use crate::text::lexicon::Dictionary;
use tantivy::tokenizer::{
    RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};

// The folding lives in `text`, shared with corpus ids and the channels; re-exported here
// because it is the first stage of this pipeline.
pub use crate::text::{fold, words};

/// Name under which the analyzer is registered with tantivy.
pub const ANALYZER: &str = "nl";

/// Token filter that applies [`fold`], so index terms are folded exactly like the vocabulary
/// and the question words the planner looks up (tantivy's `AsciiFoldingFilter` spells some
/// letters differently).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fold;

impl TokenFilter for Fold {
    type Tokenizer<T: Tokenizer> = FoldFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldFilter<T> {
        FoldFilter(tokenizer)
    }
}

/// The tokenizer produced by [`Fold`].
#[derive(Clone)]
pub struct FoldFilter<T>(T);

impl<T: Tokenizer> Tokenizer for FoldFilter<T> {
    type TokenStream<'a> = FoldStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStream(self.0.token_stream(text))
    }
}

/// Token stream of [`FoldFilter`].
pub struct FoldStream<S>(S);

impl<S: TokenStream> TokenStream for FoldStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        // Most tokens are ASCII: lowercase in place rather than build a new string.
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            token.text = fold(&token.text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Tokenizer: tantivy's `SimpleTokenizer` (runs of letters and digits), plus the word
/// "procent" for a per cent sign after a number, so "99%" in a document meets "hoeveel
/// procent" in a question and the other way round. The extra token takes the number's
/// position, so later positions do not move.
#[derive(Clone, Default)]
pub struct Words(SimpleTokenizer);

impl Tokenizer for Words {
    type TokenStream<'a> = WordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsStream<'a> {
        WordsStream {
            inner: self.0.token_stream(text),
            text,
            sign: Token::default(),
            pending: false,
            on_sign: false,
        }
    }
}

/// Token stream of [`Words`].
pub struct WordsStream<'a> {
    inner: <SimpleTokenizer as Tokenizer>::TokenStream<'a>,
    text: &'a str,
    /// The "procent" token of a sign, once seen.
    sign: Token,
    /// `sign` is the next token.
    pending: bool,
    /// `sign` is the current token.
    on_sign: bool,
}

impl TokenStream for WordsStream<'_> {
    fn advance(&mut self) -> bool {
        if self.pending {
            self.pending = false;
            self.on_sign = true;
            return true;
        }
        self.on_sign = false;
        if !self.inner.advance() {
            return false;
        }
        let t = self.inner.token();
        if t.text.bytes().all(|b| b.is_ascii_digit()) {
            let rest = self.text.get(t.offset_to..).unwrap_or_default();
            let after = rest.trim_start_matches(' ');
            if after.starts_with('%') {
                let at = t.offset_to + (rest.len() - after.len());
                self.sign = Token {
                    offset_from: at,
                    offset_to: at + 1,
                    position: t.position,
                    text: "procent".to_owned(),
                    position_length: 1,
                };
                self.pending = true;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        if self.on_sign {
            &self.sign
        } else {
            self.inner.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_sign {
            &mut self.sign
        } else {
            self.inner.token_mut()
        }
    }
}

/// The Snowball Dutch stop words plus single letters (left over from `IB'er`, `thema's`).
pub fn stopwords(extra: &[String]) -> HashSet<String> {
    let mut set: HashSet<String> = DUTCH_STOPWORDS.iter().map(|s| s.to_string()).collect();
    set.extend(('a'..='z').map(|c| c.to_string()));
    set.extend(extra.iter().map(|s| fold(s)));
    set
}

/// Snowball's Dutch list (the same one tantivy ships), kept here so query planning can ask
/// "is this a stop word?" without running a token stream.
const DUTCH_STOPWORDS: &[&str] = &[
    "de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn", "is",
    "was", "op", "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan", "zou", "of",
    "wat", "mijn", "men", "dit", "zo", "door", "over", "ze", "zich", "bij", "ook", "tot", "je",
    "mij", "uit", "der", "daar", "haar", "naar", "heb", "hoe", "heeft", "hebben", "deze", "u",
    "want", "nog", "zal", "me", "zij", "nu", "ge", "geen", "omdat", "iets", "worden", "toch", "al",
    "waren", "veel", "meer", "doen", "toen", "moet", "ben", "zonder", "kan", "hun", "dus", "alles",
    "onder", "ja", "eens", "hier", "wie", "werd", "altijd", "doch", "wordt", "wezen", "kunnen",
    "ons", "zelf", "tegen", "na", "reeds", "wil", "kon", "niets", "uw", "iemand", "geweest",
    "andere",
];

/// Known words that compounds may be split into.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    parts: HashSet<String>,
    /// Verb stems (`reken`, `lees`, `ontwikkel`): parts that are not words by themselves. They
    /// are emitted as infinitives (`rekenen`) so that they stem like the verb a user types.
    verb_stems: HashSet<String>,
    never_split: HashSet<String>,
}

/// Shortest word accepted as a compound part.
const MIN_PART: usize = 4;
/// Shortest word that is tried as a compound.
const MIN_COMPOUND: usize = 8;
/// Prefixes that look like words but make wrong splits (`onder|wijs`, `over|leg`).
const NOT_PARTS: &[&str] = &[
    "onder", "over", "voor", "door", "mede", "tegen", "achter", "tussen", "boven", "buiten",
    "omdat", "waar", "daar", "hier", "naar", "zijn", "heeft", "hebben", "worden", "wordt", "deze",
    "ling", "lingen", "ding", "heid", "heden", "baar", "lijk", "lijke", "atie", "isch", "ische",
];

impl Lexicon {
    /// Builds a lexicon from corpus words, extra parts and verb stems, and words that must
    /// stay whole.
    pub fn new<'a>(
        words: impl IntoIterator<Item = &'a str>,
        extra: &[String],
        extra_verb_stems: &[String],
        never_split: &[String],
        stop: &HashSet<String>,
    ) -> Lexicon {
        let mut parts: HashSet<String> = words
            .into_iter()
            .filter(|w| w.chars().count() >= MIN_PART && w.chars().all(char::is_alphabetic))
            .map(str::to_string)
            .collect();
        // Verb stems make compounds too: ontwikkel|traject (ontwikkelen, ontwikkeling).
        let mut verb_stems: HashSet<String> = parts
            .iter()
            .filter_map(|w| {
                w.strip_suffix("ing")
                    .or_else(|| w.strip_suffix("en"))
                    .filter(|s| s.chars().count() > MIN_PART)
                    .map(str::to_string)
            })
            .filter(|s| !parts.contains(s))
            .collect();
        verb_stems.extend(extra_verb_stems.iter().map(|w| fold(w)));
        parts.extend(extra.iter().map(|w| fold(w)));
        for w in NOT_PARTS {
            parts.remove(*w);
            verb_stems.remove(*w);
        }
        parts.retain(|w| !stop.contains(w));
        Lexicon {
            parts,
            verb_stems,
            never_split: never_split.iter().map(|w| fold(w)).collect(),
        }
    }

    /// Does the lexicon know this (folded) word or verb stem?
    pub fn contains(&self, word: &str) -> bool {
        self.parts.contains(word) || self.verb_stems.contains(word)
    }

    /// Splits a folded word into known parts, allowing the linking sounds -s-, -e- and -en-
    /// between parts. Prefers the split with the fewest (so longest) parts. `None` if the word
    /// is short, listed as never split, or cannot be covered.
    pub fn split(&self, word: &str) -> Option<Vec<String>> {
        let n = word.len();
        if word.chars().count() < MIN_COMPOUND
            || n > MAX_WORD_BYTES
            || self.never_split.contains(word)
            || !word.is_ascii()
        {
            return None;
        }
        // best[i]: fewest parts covering word[..i]; prev[i]: (start of last part, its end).
        let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0, 0));
        for i in 0..n {
            let Some((count, _, _)) = best[i] else {
                continue;
            };
            crate::search::work::split_parts((n + 1).saturating_sub(i + MIN_PART) as u64);
            for j in (i + MIN_PART)..=n {
                let part = &word[i..j];
                if !self.contains(part) || (i == 0 && j == n) {
                    continue;
                }
                // The part may be followed by a linking sound.
                for link in ["", "s", "e", "en"] {
                    let k = j + link.len();
                    if k > n || &word[j..k] != link {
                        continue;
                    }
                    let cand = (count + 1, i, j);
                    if best[k].is_none_or(|b| cand.0 < b.0) {
                        best[k] = Some(cand);
                    }
                }
            }
        }
        let (count, _, _) = best[n]?;
        if count < 2 {
            return None;
        }
        let mut parts = Vec::new();
        let mut k = n;
        while k > 0 {
            let (_, start, end) = best[k]?;
            let part = &word[start..end];
            // A verb stem becomes its infinitive, which stems like the verb people type.
            if self.verb_stems.contains(part) && !self.parts.contains(part) {
                parts.push(format!("{part}en"));
            } else {
                parts.push(part.to_string());
            }
            k = start;
        }
        parts.reverse();
        Some(parts)
    }
}

/// Token filter that keeps each compound and adds its parts at the same position.
#[derive(Clone)]
pub struct Decompounder {
    lexicon: Arc<Lexicon>,
}

impl Decompounder {
    /// A filter over the given lexicon.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        Decompounder { lexicon }
    }
}

impl TokenFilter for Decompounder {
    type Tokenizer<T: Tokenizer> = DecompounderFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DecompounderFilter<T> {
        DecompounderFilter {
            lexicon: self.lexicon,
            inner: tokenizer,
        }
    }
}

/// The tokenizer produced by [`Decompounder`].
#[derive(Clone)]
pub struct DecompounderFilter<T> {
    lexicon: Arc<Lexicon>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DecompounderFilter<T> {
    type TokenStream<'a> = DecompounderStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DecompounderStream {
            lexicon: self.lexicon.clone(),
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
            current: Token::default(),
        }
    }
}

/// Token stream of [`DecompounderFilter`].
pub struct DecompounderStream<S> {
    lexicon: Arc<Lexicon>,
    tail: S,
    /// Parts still to emit, in reverse order.
    pending: Vec<Token>,
    current: Token,
}

impl<S: TokenStream> TokenStream for DecompounderStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.pending.pop() {
            self.current = next;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        self.current = token.clone();
        if let Some(parts) = self.lexicon.split(&token.text) {
            for part in parts.into_iter().rev() {
                let mut t = token.clone();
                t.text = part;
                self.pending.push(t);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Evens out Dutch spelling alternations that Snowball leaves: open and closed syllables
/// (`school`/`scholen` → `schol`, `week`/`weken` → `wek`, `leraar`/`leraren` → `lerar`), the
/// `-t` of the present tense (`beschrijft`/`beschrijven` → `beschrijf`), voiced endings
/// (`beschrijv` → `beschrijf`) and double final consonants (`stapp` → `stap`).
pub fn normalize_stem(stem: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = stem.chars().collect();
    if chars.len() < 4 || !stem.is_ascii() {
        return std::borrow::Cow::Borrowed(stem);
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut w = chars;
    // Present tense -t (werkt, beschrijft, biedt) and a -d after a consonant (hoogbegaafd
    // next to hoogbegaafde, aanmeld next to aanmelden): both dropped, so all forms meet.
    let n = w.len();
    if matches!(w[n - 1], 't' | 'd') && !vowel(w[n - 2]) && w[n - 2] != w[n - 1] && n >= 5 {
        w.pop();
    }
    // Double final consonant.
    let n = w.len();
    if n >= 4 && w[n - 1] == w[n - 2] && !vowel(w[n - 1]) {
        w.pop();
    }
    // Voiced final consonant.
    match w.last() {
        Some('v') => *w.last_mut().expect("non-empty") = 'f',
        Some('z') => *w.last_mut().expect("non-empty") = 's',
        _ => {}
    }
    // Double vowel before a single final consonant (school → schol, leraar → lerar).
    let n = w.len();
    if n >= 4 && !vowel(w[n - 1]) && vowel(w[n - 2]) && w[n - 2] == w[n - 3] && w[n - 2] != 'i' {
        w.remove(n - 2);
    }
    std::borrow::Cow::Owned(w.into_iter().collect())
}

/// Snowball Dutch (frostem, the port tantivy uses) with two additions: fixed stems for words
/// Snowball conflates wrongly (`geldig` is not `geld`; config `stem_overrides`), and
/// [`normalize_stem`] after it.
#[derive(Clone)]
pub struct DutchStemmer {
    overrides: Arc<HashMap<String, String>>,
}

impl TokenFilter for DutchStemmer {
    type Tokenizer<T: Tokenizer> = DutchStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DutchStemmerFilter<T> {
        DutchStemmerFilter {
            overrides: self.overrides,
            cache: HashMap::default(),
            inner: tokenizer,
        }
    }
}

/// The tokenizer produced by [`DutchStemmer`].
#[derive(Clone)]
pub struct DutchStemmerFilter<T> {
    overrides: Arc<HashMap<String, String>>,
    /// Stems already computed by this tokenizer: words repeat, and Snowball is the costly step
    /// of indexing.
    cache: HashMap<String, String>,
    inner: T,
}

/// Words a stemmer remembers before it starts over (bounds memory on huge corpora).
const STEM_CACHE: usize = 100_000;

impl<T: Tokenizer> Tokenizer for DutchStemmerFilter<T> {
    type TokenStream<'a> = DutchStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > STEM_CACHE {
            self.cache.clear();
        }
        DutchStemmerStream {
            overrides: &self.overrides,
            cache: &mut self.cache,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Dutch),
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream of [`DutchStemmerFilter`].
pub struct DutchStemmerStream<'a, S> {
    overrides: &'a HashMap<String, String>,
    cache: &'a mut HashMap<String, String>,
    stemmer: frostem::Stemmer,
    tail: S,
}

impl<S: TokenStream> TokenStream for DutchStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(fixed) = self.overrides.get(&token.text) {
            token.text.clone_from(fixed);
            return true;
        }
        if let Some(known) = self.cache.get(&token.text) {
            token.text.clone_from(known);
            return true;
        }
        let word = token.text.clone();
        let mut stem = self.stemmer.stem(&token.text).into_owned();
        // Snowball takes the d of the stem with -den after l or r ("gelden" → "gel",
        // "aanmelden" → "aanmel") but keeps it elsewhere ("geldt" → "geld"): put it back.
        if token.text.ends_with("den")
            && stem.len() + 3 == token.text.len()
            && stem.ends_with(['l', 'r'])
        {
            stem.push('d');
        }
        token.text = normalize_stem(&stem).into_owned();
        self.cache.insert(word, token.text.clone());
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Token filter that adds a word's lemma at the same position (`gepest` → also `pesten`,
/// `besproken` → also `bespreken`), so that inflected forms in the text and in questions meet
/// after stemming. The word itself stays: a wrong lemma adds a term, it never loses one.
#[derive(Clone)]
pub struct Lemmas {
    /// `None`: no lemmas are added (the filter passes tokens through).
    dictionary: Option<Arc<Dictionary>>,
}

impl TokenFilter for Lemmas {
    type Tokenizer<T: Tokenizer> = LemmasFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LemmasFilter<T> {
        LemmasFilter {
            dictionary: self.dictionary,
            inner: tokenizer,
        }
    }
}

/// The tokenizer produced by [`Lemmas`].
#[derive(Clone)]
pub struct LemmasFilter<T> {
    dictionary: Option<Arc<Dictionary>>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for LemmasFilter<T> {
    type TokenStream<'a> = LemmasStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LemmasStream {
            dictionary: self.dictionary.as_deref(),
            tail: self.inner.token_stream(text),
            pending: None,
            current: Token::default(),
        }
    }
}

/// Token stream of [`LemmasFilter`].
pub struct LemmasStream<'a, S> {
    dictionary: Option<&'a Dictionary>,
    tail: S,
    /// The lemma still to emit after the current token.
    pending: Option<Token>,
    current: Token,
}

impl<S: TokenStream> TokenStream for LemmasStream<'_, S> {
    fn advance(&mut self) -> bool {
        if let Some(next) = self.pending.take() {
            self.current = next;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        self.current = token.clone();
        if let Some(lemma) = self.dictionary.and_then(|d| d.lemma(&token.text)) {
            let mut t = token.clone();
            t.text = lemma.to_string();
            self.pending = Some(t);
        }
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Everything the Dutch analyzer needs, from the corpus vocabulary, `config/words.toml` and
/// the Dutch dictionary of `config/lexicon/`. The same value analyzes the documents at index
/// time and the questions at ask time.
#[derive(Debug, Clone, Default)]
pub struct Dutch {
    /// Compound parts.
    pub lexicon: Arc<Lexicon>,
    /// Stop words.
    pub stopwords: Arc<HashSet<String>>,
    /// Fixed stems.
    pub overrides: Arc<HashMap<String, String>>,
    /// Lemmas, frequencies and the Dutch word list.
    pub dictionary: Arc<Dictionary>,
}

impl Dutch {
    /// The analysis set-up for a corpus vocabulary, the configured word lists and a dictionary.
    pub fn new<'a>(
        vocabulary: impl IntoIterator<Item = &'a str>,
        words: &crate::config::Words,
        dictionary: Arc<Dictionary>,
    ) -> Dutch {
        let stop = stopwords(&words.stopwords);
        let lexicon = Lexicon::new(
            vocabulary,
            &words.compound_parts,
            &words.verb_stems,
            &words.never_split,
            &stop,
        );
        Dutch {
            lexicon: Arc::new(lexicon),
            stopwords: Arc::new(stop),
            overrides: Arc::new(
                words
                    .stem_overrides
                    .iter()
                    .map(|(k, v)| (fold(k), fold(v)))
                    .collect(),
            ),
            dictionary,
        }
    }

    /// The index's analyzer: split, fold (lowercase, no diacritics), stop words, compounds,
    /// lemmas, stem.
    pub fn analyzer(&self) -> TextAnalyzer {
        self.build(true)
    }

    /// The analyzer without lemmas, for reading a question word by word: a question's word
    /// and its lemma become separate alternatives there, weighed apart.
    pub fn word_analyzer(&self) -> TextAnalyzer {
        self.build(false)
    }

    /// The one chain of filters, with or without the lemma of each word.
    fn build(&self, lemmas: bool) -> TextAnalyzer {
        TextAnalyzer::builder(Words::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES + 1))
            .filter(Fold)
            .filter(StopWordFilter::remove(self.stopwords.iter().cloned()))
            .filter(Decompounder::new(self.lexicon.clone()))
            .filter(Lemmas {
                dictionary: lemmas.then(|| self.dictionary.clone()),
            })
            .filter(DutchStemmer {
                overrides: self.overrides.clone(),
            })
            .build()
    }
}

/// Longest word, in bytes, that analysis looks at: longer runs of letters (a pasted hash, a
/// base64 block) are no words. It bounds the cost of compound splitting and typo repair, which
/// grow with the square of a word's length.
pub const MAX_WORD_BYTES: usize = 48;

/// Runs an analyzer and collects the terms.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str]) -> Lexicon {
        Lexicon::new(
            words.iter().copied(),
            &[],
            &[],
            &["onderwijs".into()],
            &stopwords(&[]),
        )
    }

    fn analyzer(words: &[&str]) -> TextAnalyzer {
        let cfg = crate::config::Words {
            stem_overrides: [("geldig".to_string(), "geldig".to_string())]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        Dutch::new(words.iter().copied(), &cfg, Default::default()).analyzer()
    }

    #[test]
    fn a_per_cent_sign_after_a_number_is_the_word_procent() {
        let mut a = TextAnalyzer::builder(Words::default()).build();
        let mut tokens = Vec::new();
        a.token_stream("meer dan 99% en 12 % maar niet x% of %")
            .process(&mut |t| tokens.push((t.text.clone(), t.position)));
        let words: Vec<&str> = tokens.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            words,
            [
                "meer", "dan", "99", "procent", "en", "12", "procent", "maar", "niet", "x", "of"
            ]
        );
        // The sign shares the number's position: phrases after it keep theirs.
        assert_eq!(tokens[2].1, tokens[3].1);
        assert_eq!(tokens[4].1, tokens[3].1 + 1);
    }

    #[test]
    fn stopword_list_matches_tantivys() {
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(StopWordFilter::new(tantivy::tokenizer::Language::Dutch).unwrap())
            .build();
        for w in DUTCH_STOPWORDS {
            assert!(
                terms(&mut a, w).is_empty(),
                "{w} is not a tantivy stop word"
            );
        }
    }

    #[test]
    fn spelling_alternations_meet() {
        let mut a = analyzer(&[]);
        for (x, y) in [
            ("beschrijft", "beschrijven"),
            ("school", "scholen"),
            ("week", "weken"),
            ("leraar", "leraren"),
            ("stap", "stappen"),
            ("doorloopt", "doorlopen"),
            ("biedt", "bieden"),
            ("geëvalueerd", "evalueren"),
            ("gelden", "geldt"),
            ("aanmelden", "aanmelding"),
            ("worden", "wordt"),
            ("hoogbegaafd", "hoogbegaafde"),
            ("gecoördineerd", "coördineert"),
        ] {
            assert_eq!(terms(&mut a, x), terms(&mut a, y), "{x} / {y}");
        }
        assert_ne!(terms(&mut a, "plan"), terms(&mut a, "plaats"));
        // A fixed stem keeps "geldig" apart from "geld" and "geldt".
        assert_ne!(terms(&mut a, "geldig"), terms(&mut a, "geldt"));
    }

    /// tantivy's own folding (what the index used before [`Fold`]): an oracle for what a
    /// word folds to, independent of [`fold`].
    fn ascii_folded(text: &str) -> Vec<String> {
        use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser};
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        terms(&mut a, text)
    }

    /// The index's terms for a text before stop words, compounds and stems.
    fn folded_terms(text: &str) -> Vec<String> {
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Fold)
            .build();
        terms(&mut a, text)
    }

    #[test]
    fn fold_agrees_with_the_index_for_every_kind_of_letter() {
        let samples = [
            "plain",
            "MiXeD",
            "Geëvalueerd",
            "coördineert",
            "één",
            "café",
            "ÀÉÎÕÜ",
            "ç",
            "ñ",
            "Straße",
            "STRAẞE",
            "Ærø",
            "Œuvre",
            "Łódź",
            "Đakovo",
            "Þing",
            "ﬁnanciering",
            "ﬂexibel",
            "ﬀ",
            "Ĳsselmeer",
            "onderzoek¹",
            "m²",
            "2024",
        ];
        for w in samples {
            let mut a = Dutch::default().analyzer();
            // What the planner looks up (`fold`) is what the index holds, for a word typed
            // with the letter and for the same word typed without it.
            assert_eq!(folded_terms(w), [fold(w)], "{w}");
            assert_eq!(terms(&mut a, w), terms(&mut a, &fold(w)), "{w}");
            assert_eq!(
                words(w).map(|(_, f)| f).collect::<Vec<_>>(),
                [fold(w)],
                "{w}"
            );
            // And it is the spelling tantivy's folding gives too.
            assert_eq!(ascii_folded(w), [fold(w)], "{w}");
        }
    }

    #[test]
    fn fold_keeps_every_word_of_the_bundled_corpus_as_the_index_had_it() {
        // The index folded with tantivy's LowerCaser + AsciiFoldingFilter before [`Fold`]:
        // no term of the bundled corpus may change, or answers would.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut checked = 0;
        for e in std::fs::read_dir(dir).expect("corpus/") {
            let text = std::fs::read_to_string(e.expect("entry").path()).expect("utf-8");
            assert_eq!(folded_terms(&text), ascii_folded(&text));
            checked += 1;
        }
        assert!(checked > 0);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Geëvalueerd"), "geevalueerd");
        assert_eq!(fold("coördineert"), "coordineert");
        assert_eq!(fold("geévalueerd"), "geevalueerd");
    }

    #[test]
    fn compounds_split_with_linking_sounds() {
        let l = lexicon(&[
            "ontwikkeling",
            "perspectief",
            "plan",
            "basis",
            "ondersteuning",
            "zorg",
            "advies",
            "team",
        ]);
        assert_eq!(
            l.split("ontwikkelingsperspectiefplan").unwrap(),
            ["ontwikkeling", "perspectief", "plan"]
        );
        assert_eq!(
            l.split("basisondersteuning").unwrap(),
            ["basis", "ondersteuning"]
        );
        assert_eq!(
            l.split("zorgadviesteam").unwrap(),
            ["zorg", "advies", "team"]
        );
        assert_eq!(l.split("ondersteuning"), None);
        assert_eq!(l.split("onderwijs"), None);
    }

    #[test]
    fn analyzer_meets_compound_and_separate_words() {
        let mut a = analyzer(&["ontwikkeling", "perspectief", "plan"]);
        let joined = terms(&mut a, "Ontwikkelingsperspectiefplan");
        let apart = terms(&mut a, "ontwikkelings perspectief plan");
        for t in &apart {
            assert!(joined.contains(t), "{t} not in {joined:?}");
        }
        assert_eq!(terms(&mut a, "geëvalueerd"), terms(&mut a, "geevalueerd"));
        assert!(terms(&mut a, "IB'er").contains(&"ib".to_string()));
    }

    #[test]
    fn verb_stem_parts_meet_the_verb() {
        let cfg = crate::config::Words {
            verb_stems: vec!["reken".into()],
            ..Default::default()
        };
        let mut a = Dutch::new(["ontwikkeling"], &cfg, Default::default()).analyzer();
        let compound = terms(&mut a, "rekenontwikkeling");
        for t in terms(&mut a, "rekenen") {
            assert!(compound.contains(&t), "{t} not in {compound:?}");
        }
    }
}
