//! What the rule files in `config/` (termijnen, OPP) share: the `{ passage, tekst }` source
//! entry, the words of a question as rules recognise them, and small helpers for ids and
//! messages.

use serde::Deserialize;

use crate::checks::citeer::{DocPassages, Lookup, Source};
use crate::config::ConfigError;

/// A `{ passage = "...", tekst = "..." }` entry, shared with other rule files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// Passage id.
    pub passage: String,
    /// Words the passage must contain.
    pub tekst: String,
}

/// The words of a question, lowercased, for recognising rules and question types.
#[derive(Debug, Clone)]
pub struct Words {
    tokens: Vec<String>,
}

impl Words {
    /// Splits on anything that is not a letter or digit.
    pub fn new(text: &str) -> Words {
        Words {
            tokens: text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .map(str::to_lowercase)
                .collect(),
        }
    }

    /// The words in order.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Whether the question contains `pattern`: one or more words, the last of which may be
    /// the start of a longer word (`aanmeld` matches `aanmelding`); a number matches whole.
    pub fn has(&self, pattern: &str) -> bool {
        let want: Vec<String> = pattern
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
            .collect();
        let Some((last, init)) = want.split_last() else {
            return false;
        };
        self.tokens.windows(want.len()).any(|w| {
            w[..init.len()] == *init && {
                let t = &w[init.len()];
                if last.chars().all(|c| c.is_ascii_digit()) {
                    t == last
                } else {
                    t.starts_with(last.as_str())
                }
            }
        })
    }
}

pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(crate) fn lower(words: Vec<String>) -> Vec<String> {
    words
        .into_iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The error for the entry `id` of a rule file, on the line where the id stands:
/// `termijn „zorgplicht”: <message>`.
pub(crate) fn entry_error<'a>(
    file: &'a str,
    text: &'a str,
    kind: &'a str,
    id: String,
) -> impl Fn(String) -> ConfigError + 'a {
    move |message| ConfigError {
        file: file.to_string(),
        line: crate::config::line_of(text, &format!("\"{id}\"")),
        message: format!("{kind} „{id}”: {message}"),
    }
}

/// Every `{ passage, tekst }` of an entry, verified against the corpus.
pub(crate) fn resolve_all(
    entries: &[SourceEntry],
    lookup: &Lookup<'_>,
    passages: &DocPassages<'_>,
) -> Result<Vec<Source>, String> {
    entries
        .iter()
        .map(|b| Source::resolve(&b.passage, &b.tekst, lookup, passages))
        .collect()
}
