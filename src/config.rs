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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            home_region: "almere".into(),
            answer: AnswerSettings::default(),
            ranking: RankingSettings::default(),
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
            relative_cutoff: 0.3,
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
    /// Score factor for documents of another region.
    pub other_region: f32,
    /// Score factor for expired documents.
    pub expired: f32,
    /// Score factor for superseded documents.
    pub superseded: f32,
}

impl Default for RankingSettings {
    fn default() -> Self {
        RankingSettings {
            section_boost: 1.5,
            term_boost: 2.0,
            title_boost: 0.5,
            other_region: 0.85,
            expired: 0.9,
            superseded: 0.9,
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
}

fn default_synonym_weight() -> f32 {
    0.9
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
    /// Chat spellings and abbreviations read as the words they stand for (`lln` → `leerlingen`,
    /// `nivo` → `niveau`), before anything else looks at a question.
    #[serde(default)]
    pub spelling: std::collections::BTreeMap<String, String>,
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

    /// Reads the config directory. A missing file means its defaults; a broken one is an error.
    pub fn load(dir: &Path) -> Result<Config, ConfigError> {
        Ok(Config {
            settings: read_optional(&dir.join("normwijzer.toml"))?.unwrap_or_default(),
            synonyms: read_optional(&dir.join("synonyms.toml"))?.unwrap_or_default(),
            words: read_optional(&dir.join("words.toml"))?.unwrap_or_default(),
            dir: Some(dir.to_path_buf()),
        })
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
    toml::from_str(text).map_err(|e| ConfigError {
        file: file.to_string(),
        line: e
            .span()
            .map(|s| first_line + text[..s.start.min(text.len())].matches('\n').count())
            .unwrap_or(first_line),
        message: dutch_message(e.message(), part),
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

/// The toml crate speaks English; users get Dutch with the field names kept.
fn dutch_message(msg: &str, part: TomlPart) -> String {
    let msg = msg.trim();
    let place = match part {
        TomlPart::File => "",
        TomlPart::FrontMatter => " in de kop",
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest).trim();
        let allowed = rest
            .split_once("expected")
            .map(|(_, a)| {
                format!(
                    " (toegestaan: {})",
                    a.trim().trim_start_matches("one of ").replace('`', "")
                )
            })
            .unwrap_or_default();
        return format!("onbekend veld {field}{place}{allowed}");
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("verplicht veld {} ontbreekt{place}", rest.trim());
    }
    match part {
        TomlPart::File if msg.starts_with("invalid type") => {
            format!("verkeerd soort waarde ({msg})")
        }
        TomlPart::File => format!("ongeldige TOML ({msg})"),
        // `PartialDate` explains a bad date in Dutch itself.
        TomlPart::FrontMatter if msg.contains("geen geldige datum") => msg.to_string(),
        TomlPart::FrontMatter => format!("de kop is geen geldige TOML ({msg})"),
    }
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
            "x.txt, regel 2: de kop is geen geldige TOML (invalid type: integer `3`, expected a string)"
        );
        assert_eq!(
            parse("id = 3\ntitle = \"T\"\n", TomlPart::File),
            "x.txt, regel 2: verkeerd soort waarde (invalid type: integer `3`, expected a string)"
        );
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
