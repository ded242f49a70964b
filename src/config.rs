//! Everything in `config/` that is data, not code: settings, synonyms and abbreviations, word
//! lists for the Dutch analysis. A consulent can change these without touching Rust.
//!
//! It is also the one TOML loader: every TOML text a person edits (these files, the rule files
//! of `checks`, the front matter of corpus documents) is parsed here, so that an error is one
//! Dutch sentence with file and line ([`parse_toml`], [`parse_toml_text`], [`read_optional`],
//! [`read_text`], [`line_of`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A config file that could not be used. The message is Dutch and names file and line.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{file}, regel {line}: {message}")]
pub struct ConfigError {
    /// File path as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong, in Dutch.
    pub message: String,
}

/// `config/normwijzer.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Region whose documents bind the schools served; other regions get a warning.
    pub home_region: String,
    /// Answer assembly.
    pub answer: AnswerSettings,
    /// Ranking weights.
    pub ranking: RankingSettings,
    /// Which rule files the checks need.
    pub checks: CheckSettings,
    /// Limits of `normwijzer serve http`.
    pub http: HttpSettings,
    /// What the services remember about answers and votes.
    pub feedback: FeedbackSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            home_region: "almere".into(),
            answer: AnswerSettings::default(),
            ranking: RankingSettings::default(),
            checks: CheckSettings::default(),
            http: HttpSettings::default(),
            feedback: FeedbackSettings::default(),
        }
    }
}

/// `[feedback]` in `config/normwijzer.toml`: the database of answers and 👍/👎 the services
/// keep (see [`crate::feedback`]), and whether it holds question text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackSettings {
    /// Record answers and votes at all.
    pub enabled: bool,
    /// The SQLite file, relative to the project home unless absolute; the environment
    /// variable `NORMWIJZER_DATA` (a directory) overrides it.
    pub database: String,
    /// Also store the question text, scrubbed of personal details. Off by default.
    pub store_questions: bool,
    /// Rows older than this many days are deleted (at start-up and daily).
    pub keep_days: u32,
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        FeedbackSettings {
            enabled: true,
            database: "data/normwijzer.sqlite".into(),
            store_questions: false,
            keep_days: 90,
        }
    }
}

/// `[checks]` in `config/normwijzer.toml`: a check that is on needs its rule file, so that a
/// deleted `opp.toml` stops start-up instead of silently changing answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckSettings {
    /// Terms from `config/termijnen.toml`.
    pub termijnen: bool,
    /// The OPP decision from `config/opp.toml`.
    pub opp: bool,
    /// Holidays from `config/kalender.toml`.
    pub kalender: bool,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            termijnen: true,
            opp: true,
            kalender: true,
        }
    }
}

/// `[http]` in `config/normwijzer.toml`: the limits of the HTTP service (docs/http.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// Seconds from a request's headers to its response, body included (else 408).
    pub request_timeout: u64,
    /// Seconds a connection gets to send a complete request head, also between requests on a
    /// kept-alive connection.
    pub header_read_timeout: u64,
    /// Connections open at once at most (kept below the open-file limit).
    pub max_connections: usize,
    /// Questions computed at once at most; more get 503 with `Retry-After`. Default: twice the
    /// number of processor cores.
    pub max_jobs: Option<usize>,
    /// Requests per minute per client address to `/api/ask`, on average (else 429).
    pub rate_per_minute: u32,
    /// Requests a client address may send to `/api/ask` at once.
    pub rate_burst: u32,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a proxy).
    pub trust_forwarded_for: bool,
    /// Verified signatures remembered at most per endpoint (replay protection).
    pub replay_capacity: usize,
    /// Seconds a Teams signature is remembered (Teams sends no timestamp).
    pub teams_replay_memory: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            request_timeout: 10,
            header_read_timeout: 10,
            max_connections: 1024,
            max_jobs: None,
            rate_per_minute: 60,
            rate_burst: 10,
            trust_forwarded_for: false,
            replay_capacity: 50_000,
            teams_replay_memory: 3600,
        }
    }
}

/// `[answer]` in `config/normwijzer.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnswerSettings {
    /// Citations per answer at most.
    pub max_citations: usize,
    /// Share (0..1) of the question's informative words the best passage must contain.
    pub min_coverage: f32,
    /// Below this coverage an answer is given as the closest passages, and says so.
    pub sure_coverage: f32,
    /// Share of a question's weight in unfamiliar words (neither in the documents nor everyday
    /// Dutch, not a name or a number) in its question clause from which ...
    pub unfamiliar_share: f32,
    /// ... the best passage needs this coverage, or the subject counts as not covered.
    pub unfamiliar_min_coverage: f32,
    /// An everyday noun the documents lack in the question clause ("bezwaar", "opvang"):
    /// under this coverage of the best passage the subject counts as not covered.
    pub everyday_min_coverage: f32,
    /// A further citation must reach this fraction of the best score.
    pub relative_cutoff: f32,
    /// ... and at least this coverage of its own.
    pub min_coverage_more: f32,
    /// Longest quote in characters before it is cut at a sentence.
    pub max_quote_chars: usize,
}

impl Default for AnswerSettings {
    fn default() -> Self {
        AnswerSettings {
            max_citations: 3,
            min_coverage: 0.22,
            sure_coverage: 0.5,
            unfamiliar_share: 0.1,
            unfamiliar_min_coverage: 0.6,
            everyday_min_coverage: 0.3,
            relative_cutoff: 0.2,
            min_coverage_more: 0.4,
            max_quote_chars: 400,
        }
    }
}

/// `[ranking]` in `config/normwijzer.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RankingSettings {
    /// Weight of a match in the section title relative to the body.
    pub section_boost: f32,
    /// Weight of a match on a glossary term or defined subject.
    pub term_boost: f32,
    /// Weight of a match in the document title.
    pub title_boost: f32,
    /// Weight of a match on one of the passage's search words (`zoekwoorden.toml`).
    pub search_word_boost: f32,
    /// Score factor for documents of another region, unless the question names that region.
    pub other_region: f32,
    /// Score factor for expired documents.
    pub expired: f32,
    /// Score factor for superseded documents.
    pub superseded: f32,
    /// Score factor for the glossary entry of another named thing than the question names
    /// (the WOP for a question about the SOP).
    pub other_definition: f32,
}

impl Default for RankingSettings {
    fn default() -> Self {
        RankingSettings {
            section_boost: 1.5,
            term_boost: 2.0,
            title_boost: 0.5,
            search_word_boost: 0.7,
            other_region: 0.75,
            expired: 0.9,
            superseded: 0.9,
            other_definition: 0.6,
        }
    }
}

/// `config/synonyms.toml`: groups of words and phrases that mean the same.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// The groups.
    #[serde(default, rename = "group")]
    pub groups: Vec<SynonymGroup>,
}

/// One group of synonyms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymGroup {
    /// Members; abbreviations are written in capitals (`OPP`).
    pub terms: Vec<String>,
    /// Weight of a match through this group relative to the word typed (default 0.9).
    #[serde(default = "default_synonym_weight")]
    pub weight: f32,
    /// The group says what kind of answer is wanted ("hoe lang", "termijn"), not what the
    /// question is about: it helps ranking but a passage need not contain it.
    #[serde(default)]
    pub question: bool,
    /// The members are everyday words for the documents' words ("hulp", "op papier"): they
    /// help ranking but name no thing of the domain (a school named next to one is still
    /// asked about as that school).
    #[serde(default)]
    pub everyday: bool,
}

fn default_synonym_weight() -> f32 {
    0.9
}

/// `config/zoekwoorden.toml`: per passage, the everyday words staff ask for it by that its text
/// lacks ("rondkijken" for a passage about a school visit). They are searched like a section
/// title, never quoted. Keys are passage ids; one that names no passage is reported at start.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct SearchWords {
    /// Passage id → its words.
    pub passages: std::collections::BTreeMap<String, PassageWords>,
}

/// The search words of one passage.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassageWords {
    /// Words and short phrases, as staff type them.
    #[serde(default)]
    pub woorden: Vec<String>,
}

/// `config/words.toml`: word lists for the Dutch analysis.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Extra words compounds may be split into (beyond the corpus vocabulary).
    #[serde(default)]
    pub compound_parts: Vec<String>,
    /// Verb stems compounds may start with (`reken` in `rekenontwikkeling`): they meet the verb
    /// (`rekenen`), not a word of their own.
    #[serde(default)]
    pub verb_stems: Vec<String>,
    /// Words never split although they look like compounds.
    #[serde(default)]
    pub never_split: Vec<String>,
    /// Fixed stems for words the Snowball stemmer conflates wrongly (`geldig` → `geld`).
    #[serde(default)]
    pub stem_overrides: std::collections::BTreeMap<String, String>,
    /// Words that carry no subject in a question (question words, modal verbs, politeness).
    #[serde(default)]
    pub filler: Vec<String>,
    /// Everyday words that say little about a question's subject.
    #[serde(default)]
    pub common: Vec<String>,
    /// Stop words beyond Snowball's Dutch list.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Verbs of requests to make something ("schrijf een mail"), which normwijzer declines.
    #[serde(default)]
    pub task_verbs: Vec<String>,
    /// Topics the norm documents never cover (salaries, weather, recipes, passwords). A question
    /// containing one of these words (or a compound with it) gets the honest "not in the
    /// documents" answer, whatever else it mentions.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// School matters that other laws, the school or its board settle (leave, teaching time,
    /// staff, pictures and privacy, custody, repeating a year, suspension). Unlike
    /// `out_of_scope` they count only in the sentence that asks, not in a story sentence
    /// before it nor as a time ("sinds de zomervakantie"); an entry the documents' own words
    /// contain is left out and named at start-up.
    #[serde(default)]
    pub other_rules: Vec<String>,
    /// Things the documents only name, without saying what they hold (the meldcode, as one of
    /// the protocols a school must have). A question about what one holds ("welke stappen
    /// heeft de meldcode?") gets a reply that says so, with the sections that name it; one
    /// about whether a school must have it is answered as any other.
    #[serde(default)]
    pub named_only: Vec<String>,
    /// Places outside the samenwerkingsverbanden whose documents are in `corpus/` (other
    /// cities and provinces). A question that asks how something goes in one of them ("hoe
    /// vraag je in Rotterdam een TLV aan?") is about another samenwerkingsverband's rules.
    #[serde(default)]
    pub elsewhere: Vec<String>,
    /// Chat spellings and abbreviations read as the words they stand for (`lln` → `leerlingen`,
    /// `nivo` → `niveau`), before anything else looks at a question.
    #[serde(default)]
    pub spelling: std::collections::BTreeMap<String, String>,
    /// How a follow-up question is recognised.
    #[serde(default)]
    pub follow_up: FollowUp,
}

/// `[follow_up]` of `config/words.toml`: the words that make a short question a follow-up of
/// the one before it in a conversation ("en bij niveau 3?").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// First words of a follow-up ("en", "maar", "ook").
    #[serde(default)]
    pub cues: Vec<String>,
    /// Words that refer back to the earlier question ("dat", "daarvoor").
    #[serde(default)]
    pub references: Vec<String>,
    /// Words that narrow a subject without naming one ("niveau", "vo", "ouders"): a follow-up
    /// of only these keeps the earlier subject.
    #[serde(default)]
    pub modifiers: Vec<String>,
}

/// All of `config/`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `normwijzer.toml`.
    pub settings: Settings,
    /// `synonyms.toml`.
    pub synonyms: Synonyms,
    /// `words.toml`.
    pub words: Words,
    /// `zoekwoorden.toml`.
    pub search_words: SearchWords,
    /// `regions.toml`: region id → name shown (empty: any region is accepted).
    pub regions: std::collections::BTreeMap<String, String>,
    /// Directory it was read from (`None`: built-in defaults).
    pub dir: Option<PathBuf>,
}

impl Config {
    /// The Dutch dictionary of `config/lexicon/` (lemmas, frequencies, word list). Shipped data,
    /// not edited by staff: a table that cannot be read is logged and left out, and
    /// normwijzer answers with less help for inflections and typos.
    pub fn dictionary(&self) -> crate::text::lexicon::Dictionary {
        let Some(dir) = &self.dir else {
            return Default::default();
        };
        load_dictionary(&dir.join("lexicon")).unwrap_or_else(|e| {
            tracing::warn!("woordenboek niet geladen: {e}");
            Default::default()
        })
    }

    /// Reads the config directory. A missing file means its defaults; a broken one, or a
    /// setting outside its range, is an error.
    pub fn load(dir: &Path) -> Result<Config, ConfigError> {
        let settings_file = dir.join("normwijzer.toml");
        let settings = match read_text(&settings_file)? {
            Some((file, text)) => {
                let settings: Settings = parse_toml_text(&file, &text, 1, TomlPart::File)?;
                settings.validate(&file, &text)?;
                settings
            }
            None => Settings::default(),
        };
        Ok(Config {
            settings,
            synonyms: read_optional(&dir.join("synonyms.toml"))?.unwrap_or_default(),
            words: read_optional(&dir.join("words.toml"))?.unwrap_or_default(),
            search_words: read_optional(&dir.join("zoekwoorden.toml"))?.unwrap_or_default(),
            regions: read_optional(&dir.join("regions.toml"))?.unwrap_or_default(),
            dir: Some(dir.to_path_buf()),
        })
    }
}

/// A number a setting may take: its range, inclusive.
struct Range {
    key: &'static str,
    value: f64,
    min: f64,
    max: f64,
}

impl Range {
    fn check(&self, file: &str, text: &str) -> Result<(), ConfigError> {
        // Shown as the f32 most settings are, so 0.3 is not 0.30000001192092896.
        let fmt = |x: f64| format!("{}", x as f32).replace('.', ",");
        let name = self.key.rsplit('.').next().unwrap_or(self.key);
        let error = |message: String| ConfigError {
            file: file.to_string(),
            line: line_of_key(text, self.key),
            message,
        };
        if !self.value.is_finite() {
            return Err(error(format!(
                "{} heeft geen bruikbare waarde ({}); gebruik een getal van {} tot en met {}",
                self.key,
                self.value,
                fmt(self.min),
                fmt(self.max)
            )));
        }
        if self.value < self.min || self.value > self.max {
            return Err(error(format!(
                "{} = {} ligt buiten het toegestane bereik: {} tot en met {} (verander {name} of haal de regel weg voor de standaardwaarde)",
                self.key,
                fmt(self.value),
                fmt(self.min),
                fmt(self.max)
            )));
        }
        Ok(())
    }
}

/// The line of `key` (`section.name`) in a TOML text: the line of `name =` after `[section]`.
fn line_of_key(text: &str, key: &str) -> usize {
    let (section, name) = key.rsplit_once('.').unwrap_or(("", key));
    let start = if section.is_empty() {
        0
    } else {
        text.find(&format!("[{section}]")).unwrap_or(0)
    };
    let rest = &text[start..];
    let at = rest
        .match_indices(name)
        .find(|(i, _)| {
            let line_start = rest[..*i].rfind('\n').map_or(0, |n| n + 1);
            rest[line_start..*i].trim().is_empty()
                && rest[*i + name.len()..].trim_start().starts_with('=')
        })
        .map_or(0, |(i, _)| i);
    1 + text[..start + at].matches('\n').count()
}

impl Settings {
    /// Checks that every number lies in its range; the error names key, value and range.
    pub fn validate(&self, file: &str, text: &str) -> Result<(), ConfigError> {
        let a = &self.answer;
        let r = &self.ranking;
        let h = &self.http;
        let n = |x: usize| x as f64;
        let f = |x: f32| f64::from(x);
        // (key, value, lowest, highest allowed)
        let mut ranges: Vec<(&'static str, f64, f64, f64)> = vec![
            ("answer.max_citations", n(a.max_citations), 1.0, 20.0),
            ("answer.min_coverage", f(a.min_coverage), 0.0, 1.0),
            ("answer.sure_coverage", f(a.sure_coverage), 0.0, 1.0),
            ("answer.unfamiliar_share", f(a.unfamiliar_share), 0.0, 1.0),
            (
                "answer.unfamiliar_min_coverage",
                f(a.unfamiliar_min_coverage),
                0.0,
                1.0,
            ),
            (
                "answer.everyday_min_coverage",
                f(a.everyday_min_coverage),
                0.0,
                1.0,
            ),
            ("answer.relative_cutoff", f(a.relative_cutoff), 0.0, 1.0),
            ("answer.min_coverage_more", f(a.min_coverage_more), 0.0, 1.0),
            (
                "answer.max_quote_chars",
                n(a.max_quote_chars),
                40.0,
                10_000.0,
            ),
            ("ranking.section_boost", f(r.section_boost), 0.0, 10.0),
            (
                "ranking.search_word_boost",
                f(r.search_word_boost),
                0.0,
                10.0,
            ),
            ("ranking.term_boost", f(r.term_boost), 0.0, 10.0),
            ("ranking.title_boost", f(r.title_boost), 0.0, 10.0),
            ("ranking.other_region", f(r.other_region), 0.0, 1.0),
            ("ranking.expired", f(r.expired), 0.0, 1.0),
            ("ranking.superseded", f(r.superseded), 0.0, 1.0),
            ("ranking.other_definition", f(r.other_definition), 0.0, 1.0),
            ("http.request_timeout", h.request_timeout as f64, 1.0, 300.0),
            (
                "http.header_read_timeout",
                h.header_read_timeout as f64,
                1.0,
                300.0,
            ),
            (
                "http.max_connections",
                n(h.max_connections),
                1.0,
                1_000_000.0,
            ),
            (
                "http.rate_per_minute",
                f64::from(h.rate_per_minute),
                1.0,
                1_000_000.0,
            ),
            ("http.rate_burst", f64::from(h.rate_burst), 1.0, 100_000.0),
            (
                "http.replay_capacity",
                n(h.replay_capacity),
                100.0,
                10_000_000.0,
            ),
            (
                "http.teams_replay_memory",
                h.teams_replay_memory as f64,
                60.0,
                7.0 * 86_400.0,
            ),
        ];
        ranges.push((
            "feedback.keep_days",
            f64::from(self.feedback.keep_days),
            1.0,
            3650.0,
        ));
        if let Some(jobs) = h.max_jobs {
            ranges.push(("http.max_jobs", n(jobs), 1.0, 4096.0));
        }
        ranges
            .into_iter()
            .map(|(key, value, min, max)| Range {
                key,
                value,
                min,
                max,
            })
            .try_for_each(|r| r.check(file, text))
    }
}

/// Reads and parses a TOML file; `None` if it does not exist.
pub fn read_optional<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, ConfigError> {
    let Some((file, text)) = read_text(path)? else {
        return Ok(None);
    };
    parse_toml_text(&file, &text, 1, TomlPart::File).map(Some)
}

/// Reads a file as text: its name for messages and its contents; `None` when it does not
/// exist. Text that is not UTF-8 is an error naming the line.
pub fn read_text(path: &Path) -> Result<Option<(String, String)>, ConfigError> {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError {
                file,
                line: 1,
                message: format!("kan het bestand niet lezen ({e})"),
            });
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some((file, text))),
        Err(e) => Err(not_utf8(file, e.as_bytes(), e.utf8_error())),
    }
}

/// Parses a whole TOML file's bytes with Dutch, line-numbered errors.
pub fn parse_toml<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, ConfigError> {
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(file.to_string(), bytes, e))?;
    parse_toml_text(file, text, 1, TomlPart::File)
}

/// What a piece of TOML is; it decides how an error about it is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlPart {
    /// A whole file, such as `config/normwijzer.toml`.
    File,
    /// The `+++` front matter of a corpus document: errors speak of "de kop".
    FrontMatter,
}

/// Parses TOML `text` that starts on line `first_line` of `file`, with Dutch, line-numbered
/// errors worded for `part`.
pub fn parse_toml_text<T: DeserializeOwned>(
    file: &str,
    text: &str,
    first_line: usize,
    part: TomlPart,
) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| s.start.min(text.len()));
        ConfigError {
            file: file.to_string(),
            line: at
                .map(|at| first_line + text[..at].matches('\n').count())
                .unwrap_or(first_line),
            message: dutch_message(e.message(), at.and_then(|at| key_at(text, at)), part),
        }
    })
}

/// 1-based line of the first occurrence of `needle` in `text`, 1 if it does not occur (for
/// messages about a config entry).
pub fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|i| 1 + text[..i].matches('\n').count())
        .unwrap_or(1)
}

/// Non-UTF-8 text is reported at the line of its first bad byte.
fn not_utf8(file: String, bytes: &[u8], e: std::str::Utf8Error) -> ConfigError {
    ConfigError {
        file,
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        message: "de tekst is geen geldige UTF-8".into(),
    }
}

/// The key whose value is at byte `at`: the `key =` on that line or, inside a value that
/// spans lines (an array), on the nearest line above that has one.
fn key_at(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let own = &text[line_start..at];
    let lines = std::iter::once(own).chain(text[..line_start].lines().rev());
    for line in lines {
        let line = line.trim();
        if line.starts_with('[') || line.starts_with('#') {
            return None;
        }
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
            let plain = key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
            if !key.is_empty() && plain {
                return Some(key.to_string());
            }
        }
    }
    None
}

/// The toml and serde crates speak English; users get one Dutch sentence that names the field
/// (`key`, when the error is about a value) and what was expected. A message from one of this
/// crate's own readers (a date, `PartialDate`) is Dutch already and is kept.
fn dutch_message(msg: &str, key: Option<String>, part: TomlPart) -> String {
    let msg = msg.trim();
    let place = match part {
        TomlPart::File => "",
        TomlPart::FrontMatter => " in de kop",
    };
    // `sectors in de kop: verwacht een lijst …`: the field (and where it is) first.
    let field = |s: String| match &key {
        Some(k) => format!("{k}{place}: {s}"),
        None => format!("{s}{place}"),
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (name, expected) = split_expected(rest);
        let allowed = expected
            .map(|a| format!(" (toegestaan: {})", names(a).join(", ")))
            .unwrap_or_default();
        return format!("onbekend veld {name}{place}{allowed}");
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("verplicht veld {} ontbreekt{place}", rest.trim());
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        return format!("veld {} staat er twee keer{place}", rest.trim());
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (value, expected) = split_expected(rest);
        let value = value.trim_matches('`');
        let choices = expected.map(|a| names(a).join(", ")).unwrap_or_default();
        return field(if choices.is_empty() {
            format!("onbekende waarde \"{value}\"")
        } else {
            format!("onbekende waarde \"{value}\"; kies uit: {choices}")
        });
    }
    for (prefix, what) in [
        ("invalid type: ", None),
        ("invalid value: ", Some("ongeldige waarde")),
    ] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (found, expected) = split_expected(rest);
            let expected = expected.map_or_else(
                || "een andere waarde".to_string(),
                |e| expected_dutch(e, key.as_deref(), found),
            );
            let sentence = format!("verwacht {expected}, gevonden {}", found_dutch(found));
            let sentence = match what {
                Some(w) => format!("{w}: {sentence}"),
                None => sentence,
            };
            return field(sentence);
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (len, expected) = split_expected(rest);
        return field(format!(
            "verwacht {}, gevonden {len} waarden",
            expected.unwrap_or("een ander aantal waarden")
        ));
    }
    if let Some(syntax) = toml_syntax(msg) {
        return match part {
            TomlPart::File => format!("ongeldige TOML: {syntax}"),
            TomlPart::FrontMatter => format!("de kop is geen geldige TOML: {syntax}"),
        };
    }
    // One of this crate's own readers, which word their messages in Dutch.
    field(msg.to_string())
}

/// `x, expected y` → (`x`, `y`); serde's messages all have that shape.
fn split_expected(rest: &str) -> (&str, Option<&str>) {
    match rest.split_once(", expected ") {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (rest.trim(), None),
    }
}

/// The names in serde's "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn names(expected: &str) -> Vec<&str> {
    expected
        .trim_start_matches("one of ")
        .split(", ")
        .flat_map(|p| p.split(" or "))
        .map(|p| p.trim().trim_matches('`'))
        .filter(|p| !p.is_empty())
        .collect()
}

/// What serde expected, in Dutch, with an example of the right form.
fn expected_dutch(expected: &str, key: Option<&str>, found: &str) -> String {
    let e = expected.trim();
    if e == "a sequence" {
        let example = match (key, found.strip_prefix("string ")) {
            (Some("sectors"), _) => "[\"po\", \"vo\"]".to_string(),
            (_, Some(s)) => format!("[{s}]"),
            _ => "[\"a\", \"b\"]".to_string(),
        };
        return format!("een lijst (zoals {example})");
    }
    if e == "a string" || e == "a borrowed string" || e == "string" {
        return "een tekst tussen aanhalingstekens".into();
    }
    if e == "a boolean" {
        return "true of false".into();
    }
    if e == "a map" || e.starts_with("struct ") || e == "a table" {
        return "een tabel (een [kop] met velden eronder)".into();
    }
    if e.contains("date") {
        return "een datum (JJJJ-MM-DD)".into();
    }
    if let Some(kind) = e.strip_prefix('u').or_else(|| e.strip_prefix('i'))
        && matches!(kind, "8" | "16" | "32" | "64" | "128" | "size")
    {
        return if e.starts_with('u') {
            "een geheel getal van 0 of meer".into()
        } else {
            "een geheel getal".into()
        };
    }
    if e == "f32" || e == "f64" {
        return "een getal (zoals 0.5)".into();
    }
    if e.starts_with("a character") || e == "char" {
        return "één teken tussen aanhalingstekens".into();
    }
    // Our own `expecting` texts are Dutch; anything else is at least not English grammar.
    format!("iets anders ({e})")
}

/// What serde found, in Dutch: `string "po"` → `de tekst "po"`.
fn found_dutch(found: &str) -> String {
    let f = found.trim();
    let ticked = |s: &str| s.trim().trim_matches('`').to_string();
    if let Some(s) = f.strip_prefix("string ") {
        return format!("de tekst {s}");
    }
    if let Some(n) = f
        .strip_prefix("integer ")
        .or_else(|| f.strip_prefix("floating point "))
    {
        return format!("het getal {}", ticked(n));
    }
    if let Some(b) = f.strip_prefix("boolean ") {
        return format!("de waarde {}", ticked(b));
    }
    match f {
        "sequence" => "een lijst".into(),
        "map" => "een tabel".into(),
        "unit value" | "Option value" => "niets".into(),
        _ => "een ander soort waarde".into(),
    }
}

/// A TOML syntax error in Dutch, or `None` when `msg` is not one of the parser's.
fn toml_syntax(msg: &str) -> Option<&'static str> {
    let m = msg.to_lowercase();
    let table: [(&str, &'static str); 14] = [
        ("duplicate key", "deze sleutel staat er twee keer"),
        ("duplicate table", "deze tabel staat er twee keer"),
        (
            "key with no value",
            "na de sleutel ontbreekt = en een waarde",
        ),
        ("missing value", "na = ontbreekt de waarde"),
        ("missing assignment", "tussen sleutel en waarde ontbreekt ="),
        ("extra assignment", "er staat een = te veel"),
        ("extra `=`", "er staat een = te veel"),
        ("missing comma", "tussen de waarden ontbreekt een komma"),
        ("extra comma", "er staat een komma te veel"),
        ("unclosed array", "een lijst is niet gesloten met ]"),
        ("unclosed table", "een tabelkop is niet gesloten met ]"),
        ("unclosed inline table", "een tabel is niet gesloten met }"),
        (
            "string",
            "een tekst is niet goed afgesloten; zet hem tussen \"aanhalingstekens\"",
        ),
        ("invalid key", "de sleutel voor = is ongeldig"),
    ];
    if let Some((_, dutch)) = table.iter().find(|(en, _)| m.contains(en)) {
        return Some(dutch);
    }
    let english = [
        "invalid",
        "unexpected",
        "missing",
        "unclosed",
        "extra",
        "expected",
        "cannot",
        "keys",
    ];
    english
        .iter()
        .any(|w| m.starts_with(w))
        .then_some("controleer aanhalingstekens, = en haken op deze regel")
}

/// Reads the Dutch dictionary tables in `dir` (`config/lexicon/`); a missing table is empty.
pub fn load_dictionary(dir: &Path) -> Result<crate::text::lexicon::Dictionary, ConfigError> {
    use crate::text::lexicon::{self, Tables};
    let read = |name: &str| -> Result<String, ConfigError> {
        Ok(read_text(&dir.join(name))?
            .map(|(_, text)| text)
            .unwrap_or_default())
    };
    let (lemmas, frequencies, wordlist, names) = (
        read(lexicon::LEMMAS)?,
        read(lexicon::FREQUENCIES)?,
        read(lexicon::WORDLIST)?,
        read(lexicon::NAMES)?,
    );
    Ok(lexicon::Dictionary::from_tables(&Tables {
        lemmas: &lemmas,
        frequencies: &frequencies,
        wordlist: &wordlist,
        names: &names,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_toml::<Settings>(
            "config/normwijzer.toml",
            b"home_region = \"almere\"\n\n[answer]\nmax_citatons = 3\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("max_citatons"), "{}", e.message);
        let e = parse_toml::<Synonyms>("s.toml", b"[[group]]\nterms = 3\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("s.toml, regel 2: "));
    }

    #[test]
    fn front_matter_errors_speak_of_the_kop_and_count_from_its_first_line() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Kop {
            id: String,
            title: String,
            #[serde(default)]
            kind: String,
        }
        let parse = |text: &str, part| {
            parse_toml_text::<Kop>("x.txt", text, 2, part)
                .unwrap_err()
                .to_string()
        };
        let unknown = "id = \"x\"\ntitle = \"T\"\ntitel = \"T\"\n";
        assert_eq!(
            parse(unknown, TomlPart::FrontMatter),
            "x.txt, regel 4: onbekend veld `titel` in de kop (toegestaan: id, title, kind)"
        );
        assert_eq!(
            parse(unknown, TomlPart::File),
            "x.txt, regel 4: onbekend veld `titel` (toegestaan: id, title, kind)"
        );
        assert_eq!(
            parse("id = \"x\"\n", TomlPart::FrontMatter),
            "x.txt, regel 2: verplicht veld `title` ontbreekt in de kop"
        );
        assert_eq!(
            parse("id = 3\ntitle = \"T\"\n", TomlPart::FrontMatter),
            "x.txt, regel 2: id in de kop: verwacht een tekst tussen aanhalingstekens, gevonden \
             het getal 3"
        );
        assert_eq!(
            parse("id = 3\ntitle = \"T\"\n", TomlPart::File),
            "x.txt, regel 2: id: verwacht een tekst tussen aanhalingstekens, gevonden het getal 3"
        );
    }

    #[test]
    fn serde_and_toml_errors_become_dutch_sentences_naming_the_field() {
        let msg = |text: &str| parse_toml::<Settings>("n.toml", text.as_bytes()).unwrap_err();
        let e = msg("[answer]\nmax_citations = \"drie\"\n");
        assert_eq!(e.line, 2);
        assert_eq!(
            e.message,
            "max_citations: verwacht een geheel getal van 0 of meer, gevonden de tekst \"drie\""
        );
        let e = msg("[answer]\nmin_coverage = [1]\n");
        assert_eq!(
            e.message,
            "min_coverage: verwacht een getal (zoals 0.5), gevonden een lijst"
        );
        let e = parse_toml::<Synonyms>("s.toml", b"[[group]]\nterms = \"OPP\"\n").unwrap_err();
        assert_eq!(
            e.message,
            "terms: verwacht een lijst (zoals [\"OPP\"]), gevonden de tekst \"OPP\""
        );
        // Syntax errors, and no English left in any of them.
        for broken in [
            "home_region = \"almere\n",
            "home_region = ",
            "[answer\n",
            "x = [1, 2\n",
        ] {
            let e = msg(broken);
            assert!(e.message.starts_with("ongeldige TOML: "), "{broken}: {e}");
            for english in ["invalid", "expected", "unexpected", "key", "string"] {
                assert!(!e.message.contains(english), "{broken}: {e}");
            }
        }
    }

    #[test]
    fn read_text_tells_missing_from_broken() {
        let dir = std::env::temp_dir().join(format!("nw-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(read_text(&dir.join("nergens.toml")), Ok(None));
        let good = dir.join("goed.toml");
        std::fs::write(&good, "a = 1\n").unwrap();
        let (file, text) = read_text(&good).unwrap().unwrap();
        assert_eq!(
            (file, text.as_str()),
            (good.display().to_string(), "a = 1\n")
        );
        let bad = dir.join("kapot.toml");
        std::fs::write(&bad, b"a = 1\nb = 2\nc = \"\xff\"\n").unwrap();
        let e = read_text(&bad).unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (3, "de tekst is geen geldige UTF-8")
        );
        assert_eq!(
            read_optional::<Settings>(&bad).unwrap_err(),
            parse_toml::<Settings>(&bad.display().to_string(), &std::fs::read(&bad).unwrap())
                .unwrap_err()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn settings_out_of_range_are_refused_with_key_value_and_range() {
        let check = |toml: &str| -> Result<(), String> {
            let file = "config/normwijzer.toml";
            let s: Settings =
                parse_toml_text(file, toml, 1, TomlPart::File).map_err(|e| e.to_string())?;
            s.validate(file, toml).map_err(|e| e.to_string())
        };
        assert_eq!(check("[answer]\nmin_coverage = 0.5\n"), Ok(()));
        assert_eq!(
            check("home_region = \"almere\"\n\n[answer]\nmax_citations = 3\nmin_coverage = 2.0\n"),
            Err("config/normwijzer.toml, regel 5: answer.min_coverage = 2 ligt buiten het toegestane bereik: 0 tot en met 1 (verander min_coverage of haal de regel weg voor de standaardwaarde)".into())
        );
        let nan = check("[answer]\nmin_coverage = nan\n").unwrap_err();
        assert!(
            nan.contains("regel 2") && nan.contains("geen bruikbare waarde"),
            "{nan}"
        );
        let zero = check("[answer]\nmax_citations = 0\n").unwrap_err();
        assert!(
            zero.contains("answer.max_citations = 0 ligt buiten"),
            "{zero}"
        );
        let neg = check("[http]\nrequest_timeout = -5\n").unwrap_err();
        assert_eq!(
            neg,
            "config/normwijzer.toml, regel 2: request_timeout: ongeldige waarde: verwacht een geheel getal van 0 of meer, gevonden het getal -5"
        );
        let zero_timeout = check("[http]\nrequest_timeout = 0\n").unwrap_err();
        assert!(
            zero_timeout.contains("http.request_timeout = 0"),
            "{zero_timeout}"
        );
        let jobs = check("[http]\nmax_jobs = 0\n").unwrap_err();
        assert!(jobs.contains("http.max_jobs = 0"), "{jobs}");
        let boost = check("[ranking]\nexpired = 0.9\nterm_boost = inf\n").unwrap_err();
        assert!(
            boost.contains("regel 3") && boost.contains("ranking.term_boost"),
            "{boost}"
        );
    }

    #[test]
    fn line_of_counts_from_one() {
        let text = "[a]\nx = 1\n\n[b]\nx = 2\n";
        assert_eq!(line_of(text, "[b]"), 4);
        assert_eq!(line_of(text, "x = 1"), 2);
        assert_eq!(line_of(text, "[a]"), 1);
        assert_eq!(line_of(text, "[c]"), 1);
    }

    #[test]
    fn the_shipped_config_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let c = Config::load(&dir).unwrap();
        assert_eq!(c.settings.home_region, "almere");
        assert!(c.synonyms.groups.len() > 10);
    }
}
