//! Deterministic checks in `ask`: a question about a term with a date gets the date computed,
//! "is de themakaart SEL nog geldig?" gets the document's status, "moet ik een OPP opstellen
//! bij niveau 3?" gets the decision from the documents. Each adds a [`Check`] to the answer,
//! its reply on top of the answer text, and its passages to the citations.
//!
//! The rules come from `config/termijnen.toml`, `config/kalender.toml` and `config/opp.toml`
//! and are verified against the corpus when the engine opens ([`Checks::load`]).

pub mod citeer;
pub mod geldigheid;
pub mod kalender;
pub mod opp;
pub mod termijn;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock, OnceLock};

use jiff::civil::Date;
use regex::Regex;

use crate::answer::{self, Answer, Check, Citation};
use crate::checks::citeer::Source;
use crate::checks::geldigheid::DocStatus;
use crate::checks::kalender::Kalender;
use crate::checks::opp::{Branch, Decision, OppRules};
use crate::checks::termijn::{Computation, Rule, Rules, TermijnError, Words};
use crate::config::{Config, ConfigError};
use crate::corpus::passage::Passage;
use crate::corpus::{DocMeta, Status};
use crate::search::index::SearchIndex;
use crate::text::datum::{self, DateError};
use crate::text::dutch;

/// Words that make a question about a document's validity (with a document named).
const VALIDITY_WORDS: &[&str] = &[
    "geldig",
    "verlopen",
    "actueel",
    "vervangen",
    "van kracht",
    "verouderd",
    "houdbaar",
];

/// Words that ask about all documents at once ("welke documenten zijn verlopen?").
const ALL_DOCUMENTS: &[&str] = &[
    "documenten",
    "bronnen",
    "kaarten",
    "themakaarten",
    "stukken",
    "beleidsstukken",
];

/// Why `termijn` on the command line could not compute. Messages are Dutch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The date could not be read.
    #[error(transparent)]
    Date(#[from] DateError),
    /// Unknown rule or a date outside the calendar.
    #[error(transparent)]
    Termijn(#[from] TermijnError),
}

/// The verified rules and calendar, and per document the passages that state its validity.
///
/// A document's validity passages are found the first time a question needs them: a corpus
/// of a thousand documents would otherwise read every passage each time the engine opens.
#[derive(Clone, Default)]
pub struct Checks {
    kalender: Kalender,
    termijnen: Rules,
    opp: OppRules,
    /// Per document (same order as `docs`): the passages stating its validity, once found.
    validity: Vec<OnceLock<Vec<Source>>>,
    /// Per document (same order as `docs`): the names a question may use for it.
    aliases: Vec<Vec<String>>,
    docs: Vec<DocMeta>,
    home_region: String,
    index: Option<Arc<SearchIndex>>,
}

impl std::fmt::Debug for Checks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checks")
            .field("termijnen", &self.termijnen)
            .field("opp", &self.opp)
            .field("docs", &self.docs.len())
            .field("home_region", &self.home_region)
            .finish_non_exhaustive()
    }
}

impl Checks {
    /// Reads the check config next to `config` and verifies every rule against the index: a
    /// rule whose passage is missing or does not say what the rule says is an error.
    pub fn load(
        config: &Config,
        docs: &[DocMeta],
        index: &Arc<SearchIndex>,
    ) -> Result<Checks, ConfigError> {
        let lookup = |id: &str| -> Option<(Passage, DocMeta)> {
            let p = index.by_id(&crate::engine::normalize_id(id)).ok()??;
            let meta = docs.iter().find(|d| d.id == p.doc)?.clone();
            Some((p, meta))
        };
        let passages = |doc: &str| index.document_passages(doc).unwrap_or_default();
        let read = |name: &str| -> Result<Option<(String, String)>, ConfigError> {
            match &config.dir {
                Some(dir) => read_text(&dir.join(name)),
                None => Ok(None),
            }
        };
        let kalender = match read("kalender.toml")? {
            Some((file, text)) => Kalender::from_toml(&file, &text)?,
            None => Kalender::default(),
        };
        let termijnen = match read("termijnen.toml")? {
            Some((file, text)) => Rules::from_toml(&file, &text, &lookup, &passages)?,
            None => Rules::default(),
        };
        let opp = match read("opp.toml")? {
            Some((file, text)) => OppRules::from_toml(&file, &text, &lookup, &passages)?,
            None => OppRules::default(),
        };
        Ok(Checks {
            kalender,
            termijnen,
            opp,
            validity: docs.iter().map(|_| OnceLock::new()).collect(),
            aliases: docs.iter().map(|d| aliases(d, config)).collect(),
            docs: docs.to_vec(),
            home_region: config.settings.home_region.clone(),
            index: Some(index.clone()),
        })
    }

    /// The passages of document number `i` that state its validity (read on first use).
    fn validity(&self, i: usize) -> &[Source] {
        let (Some(cell), Some(meta)) = (self.validity.get(i), self.docs.get(i)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let passages = self
                .index
                .as_ref()
                .and_then(|ix| ix.document_passages(&meta.id).ok())
                .unwrap_or_default();
            geldigheid::validity_sources(meta, &passages)
        })
    }

    /// The validity passages of the document with id `doc`.
    fn validity_of(&self, doc: &str) -> &[Source] {
        match self.docs.iter().position(|d| d.id == doc) {
            Some(i) => self.validity(i),
            None => &[],
        }
    }

    /// The calendar: Atw holidays plus equated days and school holidays from config.
    pub fn kalender(&self) -> &Kalender {
        &self.kalender
    }

    /// The term rules.
    pub fn termijnen(&self) -> &Rules {
        &self.termijnen
    }

    /// The OPP branches.
    pub fn opp(&self) -> &OppRules {
        &self.opp
    }

    /// `normwijzer termijn <rule> <date>`: the date as typed (any form [`datum`] reads), the
    /// computation, and any assumption about the date among the warnings.
    pub fn termijn(&self, rule: &str, date: &str, today: Date) -> Result<Computation, CheckError> {
        let rule = self.termijnen.get(rule)?;
        let found = datum::parse(date, today)?;
        let mut c = rule.apply(found.date, today, &self.kalender)?;
        if let Some(note) = found.note {
            c.warnings.insert(0, format!("Aanname: {note}."));
        }
        Ok(c)
    }

    /// [`Checks::termijn`] as an [`Answer`], for channels that render answers (the Discord
    /// `/termijn` command): the computation as text and as a [`Check::Termijn`], the rule's
    /// passages as citations, and warnings about those documents (expired, another region) on
    /// top, as `ask` gives them for a question about the term.
    pub fn termijn_answer(
        &self,
        rule: &str,
        date: &str,
        today: Date,
    ) -> Result<Answer, CheckError> {
        let c = self.termijn(rule, date, today)?;
        let mut warnings: Vec<String> = Vec::new();
        for s in &self.termijnen.get(rule)?.sources {
            for w in answer::source_warnings(&s.meta, today, &self.home_region) {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
        }
        let ranks: Vec<usize> = c.citations.iter().map(|x| x.rank).collect();
        let body = c.text(&ranks);
        Ok(Answer {
            question: format!("termijn {} {}", rule.trim(), date.trim()),
            abstained: false,
            answer: answer::compose(&warnings, &body),
            checks: vec![c.check()],
            citations: c.citations,
            warnings,
            suggestions: Vec::new(),
            body,
        })
    }

    /// Every document with its status on `today` (for `normwijzer bronnen`).
    pub fn bronnen(&self, today: Date) -> Vec<DocStatus> {
        (0..self.docs.len())
            .map(|i| self.doc_status(i, today))
            .collect()
    }

    fn doc_status(&self, i: usize, today: Date) -> DocStatus {
        let mut s = geldigheid::status(&self.docs[i], today, &self.home_region);
        s.passages = self
            .validity(i)
            .iter()
            .map(|x| x.passage.id.clone())
            .collect();
        s
    }

    /// Adds the checks that apply to `question` to `answer`: the `Check` values, their
    /// passages among the citations (a term's rule first, others after the engine's), and
    /// their reply on top of the text. An abstained answer becomes an answer when a check
    /// applies, since the check's passages do cover the question.
    pub fn apply(&self, question: &str, today: Date, mut answer: Answer) -> Answer {
        let words = Words::new(question);
        let replies: Vec<Reply<'_>> = [
            self.term_reply(question, &words, today),
            self.validity_reply(&words, today),
            self.opp_reply(&words, today),
        ]
        .into_iter()
        .flatten()
        .collect();
        if replies.is_empty() {
            return answer;
        }
        let was_abstained = answer.abstained;
        if was_abstained {
            answer.citations.clear();
            answer.suggestions.clear();
        }
        let mut first: Vec<&Source> = Vec::new();
        let mut after: Vec<&Source> = Vec::new();
        for r in &replies {
            match r {
                Reply::Term { rule, .. } => first.extend(rule.sources.iter()),
                Reply::Validity { sources, .. } => first.extend(sources.iter().copied()),
                Reply::Opp { branches, .. } => {
                    after.extend(branches.iter().flat_map(|b| b.sources.iter()))
                }
            }
        }
        let (added, new_rank) = merge_citations(&mut answer.citations, &first, &after, today);
        for s in added {
            for w in answer::source_warnings(&s.meta, today, &self.home_region) {
                if !answer.warnings.contains(&w) {
                    answer.warnings.push(w);
                }
            }
        }
        let ranks: HashMap<String, usize> = answer
            .citations
            .iter()
            .map(|c| (c.passage.clone(), c.rank))
            .collect();
        let rank = |id: &str| ranks.get(id).copied().unwrap_or(0);
        let mut top = Vec::new();
        for r in replies {
            let (text, check) = self.render(r, &rank, today);
            top.push(text);
            answer.checks.extend(check);
        }
        let top = top.join("\n\n");
        let rest = if was_abstained {
            String::new()
        } else {
            renumber(&answer.body, &new_rank)
        };
        // A quote the check already gives is not repeated below it.
        let rest = without_quoted(&rest, &top);
        answer.abstained = false;
        answer.body = join(&top, &rest);
        answer.answer = answer::compose(&answer.warnings, &answer.body);
        answer
    }

    fn term_reply(&self, question: &str, words: &Words, today: Date) -> Option<Reply<'_>> {
        let rule = self.termijnen.matching(words)?;
        let dates = datum::find(question, today);
        if !self.termijnen.asks_term(words, !dates.is_empty()) {
            return None;
        }
        let outcome = match dates.first() {
            None => TermOutcome::NoDate,
            Some(Err(e)) => TermOutcome::Failed(e.to_string()),
            Some(Ok(found)) => match rule.apply(found.date, today, &self.kalender) {
                Ok(mut c) => {
                    let mut notes: Vec<String> = found.note.iter().cloned().collect();
                    let others = dates
                        .iter()
                        .skip(1)
                        .filter(|d| d.as_ref().map_or(true, |d| d.date != found.date))
                        .count();
                    if others > 0 {
                        notes.push(format!(
                            "er staan meer datums in de vraag; ik reken vanaf de eerste, {}",
                            dutch::date(found.date)
                        ));
                    }
                    for (i, n) in notes.into_iter().enumerate() {
                        c.warnings.insert(i, format!("Aanname: {n}."));
                    }
                    TermOutcome::Computed(Box::new(c))
                }
                Err(e) => TermOutcome::Failed(e.to_string()),
            },
        };
        Some(Reply::Term { rule, outcome })
    }

    fn validity_reply(&self, words: &Words, today: Date) -> Option<Reply<'_>> {
        if !VALIDITY_WORDS.iter().any(|w| words.has(w)) {
            return None;
        }
        let named: Vec<usize> = (0..self.docs.len())
            .filter(|&i| self.aliases[i].iter().any(|a| words.has(a)))
            .collect();
        let docs: Vec<usize> = if !named.is_empty() {
            named
        } else if ALL_DOCUMENTS.iter().any(|w| words.has(w)) {
            (0..self.docs.len()).collect()
        } else {
            return None;
        };
        let statuses: Vec<DocStatus> = docs.iter().map(|&i| self.doc_status(i, today)).collect();
        let sources: Vec<&Source> = docs.iter().flat_map(|&i| self.validity(i)).collect();
        Some(Reply::Validity { statuses, sources })
    }

    fn opp_reply(&self, words: &Words, today: Date) -> Option<Reply<'_>> {
        if !self.opp.is_question(words) {
            return None;
        }
        let (decision, branches) = self.opp.decide(words, today);
        Some(Reply::Opp { decision, branches })
    }

    fn render(
        &self,
        reply: Reply<'_>,
        rank: &dyn Fn(&str) -> usize,
        today: Date,
    ) -> (String, Vec<Check>) {
        match reply {
            Reply::Term { rule, outcome } => {
                let refs: Vec<usize> = rule.sources.iter().map(|s| rank(&s.passage.id)).collect();
                match outcome {
                    TermOutcome::Computed(c) => (c.text(&refs), vec![c.check()]),
                    TermOutcome::NoDate => (
                        format!(
                            "{}: {}. Noem de datum van de {} (bijvoorbeeld „op 2 maart 2026”), dan reken ik de uiterste datum uit.\n{}",
                            rule.name,
                            rule.summary(),
                            rule.start,
                            quotes(&rule.sources, rank)
                        ),
                        Vec::new(),
                    ),
                    TermOutcome::Failed(msg) => (
                        format!(
                            "{}. Ik kan de termijn daarom niet uitrekenen; noem de datum opnieuw, bijvoorbeeld 2 maart 2026 of 2-3-2026.\n{}: {}.\n{}",
                            capitalize(&msg),
                            rule.name,
                            rule.summary(),
                            quotes(&rule.sources, rank)
                        ),
                        Vec::new(),
                    ),
                }
            }
            Reply::Validity { statuses, .. } => {
                let mut lines = vec![format!("Geldigheid op {}:", dutch::date(today))];
                for s in &statuses {
                    let cited: Vec<&Source> = self.validity_of(&s.doc).iter().collect();
                    let mut line = format!("- „{}” ({}): {}.", s.title, s.doc, s.summary);
                    if !cited.is_empty() {
                        let quoted: Vec<String> = cited
                            .iter()
                            .map(|c| {
                                format!(
                                    "„{}” [{}]",
                                    c.quote().replace('\n', " … "),
                                    rank(&c.passage.id)
                                )
                            })
                            .collect();
                        line.push_str(&format!(" In het document: {}", quoted.join(" ")));
                    }
                    lines.push(line);
                }
                let checks = statuses.into_iter().map(Check::Geldigheid).collect();
                (lines.join("\n"), checks)
            }
            Reply::Opp { decision, branches } => {
                let status = |s: &Source| -> Option<String> {
                    let limited = s.meta.valid_until.is_some()
                        || !matches!(s.meta.status(today), Status::Geldig | Status::Onbekend)
                        || s.meta.region != self.home_region;
                    limited.then(|| geldigheid::short(&s.meta, today, &self.home_region))
                };
                let text = decision.text(&branches, rank, &status);
                (text, vec![Check::Opp(decision)])
            }
        }
    }
}

/// What one check found for a question, before citation numbers are known.
enum Reply<'a> {
    Term {
        rule: &'a Rule,
        outcome: TermOutcome,
    },
    Validity {
        statuses: Vec<DocStatus>,
        sources: Vec<&'a Source>,
    },
    Opp {
        decision: Decision,
        branches: Vec<&'a Branch>,
    },
}

enum TermOutcome {
    Computed(Box<Computation>),
    NoDate,
    Failed(String),
}

/// „quote” [n] for each source.
fn quotes(sources: &[Source], rank: &dyn Fn(&str) -> usize) -> String {
    sources
        .iter()
        .map(|s| {
            format!(
                "{} › {}: „{}” [{}]",
                s.meta.title,
                s.short_section(),
                s.quote().replace('\n', " … "),
                rank(&s.passage.id)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Puts `first` before the engine's citations and `after` behind them, skipping passages
/// already cited. Returns the sources newly added and how many went behind.
/// Puts the check's passages among the citations: `first` in front (moved there when the
/// engine already cites them), `after` behind. Returns the sources that were not cited yet,
/// and for each old rank (index `rank - 1`) its new rank.
fn merge_citations<'a>(
    citations: &mut Vec<Citation>,
    first: &[&'a Source],
    after: &[&'a Source],
    today: Date,
) -> (Vec<&'a Source>, Vec<usize>) {
    let old: Vec<String> = citations.iter().map(|c| c.passage.clone()).collect();
    let cited = |cs: &[Citation], id: &str| cs.iter().any(|c| c.passage == id);
    let mut added = Vec::new();
    let mut front: Vec<Citation> = Vec::new();
    for s in first {
        if cited(&front, &s.passage.id) {
            continue;
        }
        match citations.iter().position(|c| c.passage == s.passage.id) {
            Some(i) => front.push(citations.remove(i)),
            None => {
                front.push(s.citation(0, today));
                added.push(*s);
            }
        }
    }
    front.append(citations);
    *citations = front;
    for s in after {
        if !cited(citations, &s.passage.id) {
            citations.push(s.citation(0, today));
            added.push(*s);
        }
    }
    for (i, c) in citations.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    let new_rank = old
        .iter()
        .map(|id| {
            citations
                .iter()
                .find(|c| c.passage == *id)
                .map_or(0, |c| c.rank)
        })
        .collect();
    (added, new_rank)
}

static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m) \[(\d+)\]$").expect("valid pattern"));

/// Rewrites the citation markers at the line ends of the engine's text to the citations' new
/// ranks (`new_rank[old - 1]`).
fn renumber(body: &str, new_rank: &[usize]) -> String {
    MARKER
        .replace_all(body, |c: &regex::Captures<'_>| {
            let n: usize = c[1].parse().unwrap_or(0);
            let to = n
                .checked_sub(1)
                .and_then(|i| new_rank.get(i))
                .copied()
                .unwrap_or(n);
            format!(" [{to}]")
        })
        .into_owned()
}

fn join(top: &str, rest: &str) -> String {
    if rest.trim().is_empty() {
        top.to_string()
    } else {
        format!("{top}\n\n{rest}")
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Names a question may use for a document: its title, the parts of its id ("sel",
/// "themakaart") and the synonyms of those parts in `config/synonyms.toml` ("sociaal-emotioneel
/// leren" for SEL).
fn aliases(meta: &DocMeta, config: &Config) -> Vec<String> {
    let mut out = vec![meta.title.to_lowercase()];
    for part in meta
        .id
        .split('-')
        .filter(|p| p.len() >= 3 && !p.chars().all(|c| c.is_ascii_digit()))
    {
        out.push(part.to_string());
        for g in &config.synonyms.groups {
            if g.terms.iter().any(|t| t.eq_ignore_ascii_case(part)) {
                out.extend(g.terms.iter().map(|t| t.to_lowercase()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Reads a config file as text; `None` when it does not exist.
fn read_text(path: &Path) -> Result<Option<(String, String)>, ConfigError> {
    let file = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Some((file, text))),
            Err(e) => Err(ConfigError {
                line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count(),
                file,
                message: "de tekst is geen geldige UTF-8".into(),
            }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError {
            file,
            line: 1,
            message: format!("kan het bestand niet lezen ({e})"),
        }),
    }
}

/// The paragraphs of `rest` whose citation marker (`[n]` at the end) does not occur in `top`.
fn without_quoted(rest: &str, top: &str) -> String {
    rest.split("\n\n")
        .filter(|p| {
            let marker = p.trim_end().rsplit_once('[').map(|(_, m)| format!("[{m}"));
            marker.is_none_or(|m| !top.contains(&m))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_shift_only_at_line_ends() {
        let body = "Volgens X › Y: „tekst [3] met haakjes” [1]\n\nZie ook Z: „meer” [2]";
        assert_eq!(
            renumber(body, &[2, 3]),
            "Volgens X › Y: „tekst [3] met haakjes” [2]\n\nZie ook Z: „meer” [3]"
        );
        assert_eq!(renumber(body, &[1, 2]), body);
        // A citation moved to the front: the others shift behind it.
        assert_eq!(
            renumber(body, &[2, 1]),
            "Volgens X › Y: „tekst [3] met haakjes” [2]\n\nZie ook Z: „meer” [1]"
        );
    }

    #[test]
    fn capitalize_handles_any_first_letter() {
        assert_eq!(capitalize("„31 februari”"), "„31 februari”");
        assert_eq!(capitalize("één"), "Één");
        assert_eq!(capitalize(""), "");
    }
}
