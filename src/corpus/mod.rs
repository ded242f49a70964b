//! Loads the norm documents: one file per document in `corpus/`, TOML front matter between `+++`
//! lines, then the source text verbatim.
//!
//! The text after the front matter is never changed: passages point into it by byte range, so a
//! quote can always be checked against the published source. Cleaning happens in
//! [`crate::corpus::passage`], in code. The front matter is read by the one TOML loader of
//! [`crate::config`], so a broken field is reported like a broken config file: file, line and
//! one Dutch sentence.

pub mod import;
pub mod passage;
pub mod status;
pub mod validate;
pub mod versions;

pub use crate::model::Status;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::config::{self, TomlPart};

/// What the front matter of a corpus file holds. Unknown fields are an error, so a typo such as
/// `valid_untill` cannot silently drop a validity date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocMeta {
    /// Stable source id, used in passage ids (`anb#zorgplicht-1`).
    pub id: String,
    /// Title as published.
    pub title: String,
    /// Who issued the document.
    pub issuer: String,
    /// Region (samenwerkingsverband) the document belongs to, e.g. `almere`.
    pub region: String,
    /// School sectors it covers (`po`, `vo`).
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Kind of document (`beleidsdocument`, `themakaart`, ...).
    pub kind: String,
    /// Publication date as found in the text (`2024-08`).
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// Last day of validity, only where the document states one.
    #[serde(default)]
    pub valid_until: Option<PartialDate>,
    /// The document that replaces this one: the id of a document in `corpus/` (checked by
    /// [`validate`]), or the title of one outside the corpus.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// Free notes for maintainers.
    #[serde(default)]
    pub notes: Option<String>,
    /// Name of the file the text was imported from (`normwijzer importeer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_file: Option<String>,
    /// SHA-256 of that file, hex, so a later import can tell whether the source changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_sha256: Option<String>,
}

/// A loaded document: metadata plus the verbatim source text.
#[derive(Debug, Clone)]
pub struct Document {
    /// Front matter.
    pub meta: DocMeta,
    /// File it came from (for messages).
    pub path: PathBuf,
    /// The source text after the front matter, byte for byte.
    pub text: String,
    /// 1-based line number in the file where `text` starts (for messages).
    pub first_line: usize,
    /// Line of each front-matter field (for messages about its value).
    pub field_lines: BTreeMap<String, usize>,
}

impl Document {
    /// The line of a front-matter field, or of the header's start when it is not there.
    pub fn field_line(&self, field: &str) -> usize {
        self.field_lines.get(field).copied().unwrap_or(1)
    }
}

/// All documents that loaded, in id order.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Documents sorted by id.
    pub docs: Vec<Document>,
}

impl Corpus {
    /// Finds a document by source id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.docs.iter().find(|d| d.meta.id == id)
    }
}

/// A problem with one corpus file. The message is the Dutch sentence a user sees.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CorpusError {
    /// The file or directory could not be read.
    #[error("{file}: kan het bestand niet lezen ({reason})")]
    Io {
        /// Path as given.
        file: String,
        /// What the operating system said.
        reason: String,
    },
    /// The file is not valid UTF-8.
    #[error("{file}, regel {line}: de tekst is geen geldige UTF-8")]
    NotUtf8 {
        /// Path as given.
        file: String,
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// No `+++` front matter block.
    #[error(
        "{file}, regel 1: de kop ontbreekt; begin het bestand met een regel `+++`, dan de velden (id, title, ...), dan weer `+++`"
    )]
    MissingFrontMatter {
        /// Path as given.
        file: String,
    },
    /// The front matter block is not closed.
    #[error("{file}, regel {line}: de kop wordt niet afgesloten met een regel `+++`")]
    UnclosedFrontMatter {
        /// Path as given.
        file: String,
        /// Last line of the file.
        line: usize,
    },
    /// The front matter is not valid or has a wrong field.
    #[error("{file}, regel {line}: {message}")]
    FrontMatter {
        /// Path as given.
        file: String,
        /// 1-based line in the file.
        line: usize,
        /// What is wrong, in Dutch.
        message: String,
    },
    /// A front-matter value outside the known ones (region, kind, sectors, superseded_by).
    #[error("{file}, regel {line}: {message}; dit document wordt overgeslagen")]
    UnknownValue {
        /// Path as given.
        file: String,
        /// 1-based line of the field.
        line: usize,
        /// Field, value, the values allowed and the nearest one, in Dutch.
        message: String,
    },
    /// Two files claim the same source id.
    #[error("{file}: de id `{id}` wordt al gebruikt door {other}; dit bestand wordt overgeslagen")]
    DuplicateId {
        /// The file that is skipped.
        file: String,
        /// The id both claim.
        id: String,
        /// The file that keeps the id.
        other: String,
    },
}

/// A date as precise as the document gives it: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the date exists.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is geen geldige datum (gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD)");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<i32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<i32>().map_err(|_| bad())
        };
        let year = num(parts[0], 4)?;
        let month = parts.get(1).map(|p| num(p, 2)).transpose()?;
        let day = parts.get(2).map(|p| num(p, 2)).transpose()?;
        if parts.len() > 3 {
            return Err(bad());
        }
        let date = PartialDate {
            year: year as i16,
            month: month.map(|m| m as i8),
            day: day.map(|d| d as i8),
        };
        // A whole date says which day does not exist (`2027-02-30`: februari 2027 heeft 28
        // dagen); a year or month is validated by constructing its first day.
        if date.day.is_some() {
            crate::text::datum::iso(s).map_err(|e| e.to_string())?;
        }
        Date::new(date.year, date.month.unwrap_or(1), date.day.unwrap_or(1)).map_err(|_| bad())?;
        Ok(date)
    }

    /// First day the date covers.
    pub fn first_day(&self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).expect("validated")
    }

    /// Last day the date covers (`2026-07` → 31 July 2026).
    pub fn last_day(&self) -> Date {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(self.year, m, d).expect("validated"),
            (Some(m), None) => Date::new(self.year, m, 1)
                .expect("validated")
                .last_of_month(),
            _ => Date::new(self.year, 12, 31).expect("validated"),
        }
    }

    /// Dutch wording: `2026`, `juli 2026`, `31 juli 2026`.
    pub fn dutch(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                format!("{d} {} {}", crate::text::dutch::month_name(m), self.year)
            }
            (Some(m), None) => format!("{} {}", crate::text::dutch::month_name(m), self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Reads every `*.txt` and `*.md` file in `dir`. Files that fail are reported and skipped; the
/// rest are served.
pub fn load_dir(dir: &Path) -> (Corpus, Vec<CorpusError>) {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                let is_doc = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e == "txt" || e == "md");
                if is_doc && path.is_file() {
                    files.push(path);
                }
            }
        }
        Err(e) => errors.push(CorpusError::Io {
            file: dir.display().to_string(),
            reason: e.to_string(),
        }),
    }
    files.sort();
    let mut named = Vec::new();
    for path in files {
        match std::fs::read(&path) {
            Ok(bytes) => named.push((path, bytes)),
            Err(e) => errors.push(CorpusError::Io {
                file: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    let (corpus, mut more) = from_files(named);
    errors.append(&mut more);
    (corpus, errors)
}

/// Builds a corpus from (path, bytes) pairs, e.g. the copy embedded in the binary.
pub fn from_files(files: Vec<(PathBuf, Vec<u8>)>) -> (Corpus, Vec<CorpusError>) {
    let mut errors = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    for (path, bytes) in files {
        match parse_document(&path, &bytes) {
            Ok(doc) => {
                if let Some(other) = docs.iter().find(|d| d.meta.id == doc.meta.id) {
                    errors.push(CorpusError::DuplicateId {
                        file: path.display().to_string(),
                        id: doc.meta.id.clone(),
                        other: other.path.display().to_string(),
                    });
                } else {
                    docs.push(doc);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    docs.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    (Corpus { docs }, errors)
}

/// Parses one corpus file: `+++` front matter, then the verbatim text.
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<Document, CorpusError> {
    let file = path.display().to_string();
    let content = std::str::from_utf8(bytes).map_err(|e| CorpusError::NotUtf8 {
        file: file.clone(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut lines = content.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(CorpusError::MissingFrontMatter { file });
    }
    let header_start = first.len();
    let mut offset = header_start;
    let mut line_no = 1;
    let mut header_end = None;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "+++" {
            header_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((header_end, body_start)) = header_end else {
        return Err(CorpusError::UnclosedFrontMatter {
            file,
            line: line_no,
        });
    };
    let header = &content[header_start..header_end];
    // The front matter starts on line 2, after the opening `+++`.
    let meta: DocMeta =
        config::parse_toml_text(&file, header, 2, TomlPart::FrontMatter).map_err(|e| {
            CorpusError::FrontMatter {
                file: e.file,
                line: e.line,
                message: e.message,
            }
        })?;
    if !valid_id(&meta.id) {
        return Err(CorpusError::FrontMatter {
            file,
            line: 2,
            message: format!(
                "de id `{}` mag alleen kleine letters, cijfers en streepjes bevatten",
                meta.id
            ),
        });
    }
    let field_lines = header
        .lines()
        .enumerate()
        .filter_map(|(i, l)| Some((l.split_once('=')?.0.trim().to_string(), i + 2)))
        .collect();
    Ok(Document {
        meta,
        path: path.to_path_buf(),
        text: content[body_start..].to_string(),
        first_line: line_no + 1,
        field_lines,
    })
}

/// Source ids appear in passage ids and URLs: keep them simple.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Document, CorpusError> {
        parse_document(Path::new("corpus/x.txt"), s.as_bytes())
    }

    const OK: &str = "+++\nid = \"x\"\ntitle = \"T\"\nissuer = \"I\"\nregion = \"almere\"\nkind = \"k\"\nvalid_until = \"2026-07-31\"\n+++\nTekst\n";

    #[test]
    fn body_is_verbatim_after_front_matter() {
        let d = parse(OK).unwrap();
        assert_eq!(d.text, "Tekst\n");
        assert_eq!(d.first_line, 9);
        assert_eq!(d.meta.valid_until.unwrap().to_string(), "2026-07-31");
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let e = parse(&OK.replace("kind = \"k\"", "kind = \"k\"\nvalid_untill = \"2026\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("corpus/x.txt, regel 7"), "{e}");
        assert!(e.contains("valid_untill"), "{e}");
    }

    #[test]
    fn front_matter_errors_are_dutch_sentences_about_the_kop() {
        let err = |from: &str, to: &str| parse(&OK.replace(from, to)).unwrap_err().to_string();
        assert_eq!(
            err("kind = \"k\"", "kind = \"k\"\nvalid_untill = \"2026\""),
            "corpus/x.txt, regel 7: onbekend veld `valid_untill` in de kop (toegestaan: id, title, \
             issuer, region, sectors, kind, published, valid_until, superseded_by, notes, source_file, \
             source_sha256)"
        );
        assert_eq!(
            err("id = \"x\"\n", ""),
            "corpus/x.txt, regel 2: verplicht veld `id` ontbreekt in de kop"
        );
        assert_eq!(
            err("kind = \"k\"", "kind = \"k\"\nsectors = \"po\""),
            "corpus/x.txt, regel 7: sectors in de kop: verwacht een lijst (zoals [\"po\", \"vo\"]), \
             gevonden de tekst \"po\""
        );
        assert_eq!(
            err("2026-07-31", "2026-02-30"),
            "corpus/x.txt, regel 7: valid_until in de kop: „2026-02-30” bestaat niet: februari 2026 \
             heeft 28 dagen"
        );
        assert_eq!(
            err("kind = \"k\"", "kind = \"k\"\nkind = \"l\""),
            "corpus/x.txt, regel 7: de kop is geen geldige TOML: deze sleutel staat er twee keer"
        );
    }

    #[test]
    fn invalid_date_is_reported() {
        let e = parse(&OK.replace("2026-07-31", "2026-02-30"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("regel 7") && e.contains("2026-02-30"), "{e}");
    }

    #[test]
    fn not_utf8_is_reported_with_line() {
        let mut bytes = OK.as_bytes().to_vec();
        bytes.extend_from_slice(b"regel\n\xff\n");
        let e = parse_document(Path::new("corpus/x.txt"), &bytes).unwrap_err();
        assert_eq!(
            e,
            CorpusError::NotUtf8 {
                file: "corpus/x.txt".into(),
                line: 11
            }
        );
    }

    #[test]
    fn missing_and_unclosed_front_matter() {
        assert!(matches!(
            parse("Tekst"),
            Err(CorpusError::MissingFrontMatter { .. })
        ));
        assert!(matches!(
            parse("+++\nid = \"x\"\n"),
            Err(CorpusError::UnclosedFrontMatter { .. })
        ));
    }

    #[test]
    fn status_follows_dates() {
        let d = parse(OK).unwrap().meta;
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d.status(day("2026-07-31")), Status::Geldig);
        assert_eq!(
            d.status(day("2026-08-01")),
            Status::Verlopen {
                until: day("2026-07-31")
            }
        );
        // Before its publication a document is not valid yet.
        let p = parse(&OK.replace("kind = \"k\"", "kind = \"k\"\npublished = \"2024-08\""))
            .unwrap()
            .meta;
        assert_eq!(
            p.status(day("2024-07-31")),
            Status::NogNietGepubliceerd {
                from: day("2024-08-01")
            }
        );
        assert_eq!(p.status(day("2024-08-01")), Status::Geldig);
        let month = PartialDate::parse("2026-07").unwrap();
        assert_eq!(month.last_day(), day("2026-07-31"));
        assert!(PartialDate::parse("2026-13").is_err());
        assert!(PartialDate::parse("26-01").is_err());
    }
}
