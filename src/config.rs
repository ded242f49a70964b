//! Everything in `config/` that is data, not code: settings, synonyms and abbreviations, word
//! lists for the Dutch analysis. A consulent can change these without touching Rust.

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
            min_coverage: 0.5,
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
    parse_toml(&file, &bytes).map(Some)
}

/// Parses TOML text with Dutch, line-numbered errors.
pub fn parse_toml<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, ConfigError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ConfigError {
        file: file.to_string(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        message: "de tekst is geen geldige UTF-8".into(),
    })?;
    toml::from_str(text).map_err(|e| ConfigError {
        file: file.to_string(),
        line: e
            .span()
            .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count())
            .unwrap_or(1),
        message: dutch_message(e.message()),
    })
}

fn dutch_message(msg: &str) -> String {
    let msg = msg.trim();
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
        return format!("onbekend veld {field}{allowed}");
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("verplicht veld {} ontbreekt", rest.trim());
    }
    if msg.starts_with("invalid type") {
        return format!("verkeerd soort waarde ({msg})");
    }
    format!("ongeldige TOML ({msg})")
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
    fn the_shipped_config_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let c = Config::load(&dir).unwrap();
        assert_eq!(c.settings.home_region, "almere");
        assert!(c.synonyms.groups.len() > 10);
    }
}
