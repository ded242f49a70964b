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
