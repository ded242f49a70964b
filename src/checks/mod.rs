//! Deterministic checks in `ask`: a question about a term with a date gets the date computed,
//! "is de themakaart SEL nog geldig?" gets the document's status, "moet ik een OPP opstellen
//! bij niveau 3?" gets the decision from the documents. Each [`Checks::detect`] result is a
//! [`CheckReply`]: the structured [`Check`], its block on top of the reply, and the passages it
//! cites; the composer numbers and renders them.
//!
//! The rules come from `config/termijnen.toml`, `config/kalender.toml` and `config/opp.toml`
//! and are verified against the corpus when the engine opens ([`Checks::load`]).
//!
//! Architecture invariant: checks never search. They read passages by id through
//! [`PassageSource`], and know nothing of the index or the engine.

pub mod citeer;
pub mod geldigheid;
pub mod kalender;
pub mod opp;
pub mod rules;
pub mod termijn;

use std::sync::{Arc, OnceLock};

use jiff::civil::Date;

use crate::answer::compose::{self, Block, CheckReply, Cite, Draft, OppLine};
use crate::checks::citeer::Source;
use crate::checks::kalender::Kalender;
use crate::checks::opp::OppRules;
use crate::checks::rules::Words;
use crate::checks::termijn::{Rule, Rules, TermijnError};
use crate::config::{Config, ConfigError};
use crate::corpus::DocMeta;
use crate::corpus::passage::Passage;
use crate::model::{Answer, Check, Computation, DocStatus};
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
    "verloopt",
    "vervalt",
    "loopt af",
];

/// "Geldt" asks about validity only with a question for a time ("hoe lang geldt de kaart
/// nog?"); "geldt de kaart ook voor het vo?" asks what it applies to.
const VALIDITY_VERBS: &[&str] = &["geldt", "gelden", "gold"];
const VALIDITY_TIME: &[&str] = &["hoe lang", "hoelang", "tot wanneer", "tot hoe"];

/// Words that ask about all documents at once ("welke documenten zijn verlopen?").
const ALL_DOCUMENTS: &[&str] = &[
    "documenten",
    "bronnen",
    "kaarten",
    "themakaarten",
    "stukken",
    "beleidsstukken",
];

/// Passages by id and by document: all that checks may read of the corpus.
pub trait PassageSource: Send + Sync {
    /// The passage with this (normalized) id.
    fn passage(&self, id: &str) -> Option<Passage>;
    /// All passages of a document, in order.
    fn document(&self, doc: &str) -> Vec<Passage>;
}

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
    passages: Option<Arc<dyn PassageSource>>,
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

/// How a term question came out.
enum TermOutcome {
    Computed(Box<Computation>),
    NoDate,
    /// The date could not be read or used: as written, a code for JSON, the Dutch reason.
    Failed {
        text: String,
        code: &'static str,
        message: String,
    },
}

impl Checks {
    /// Reads the check config next to `config` and verifies every rule against the corpus: a
    /// rule whose passage is missing or does not say what the rule says is an error.
    pub fn load(
        config: &Config,
        docs: &[DocMeta],
        passages: Arc<dyn PassageSource>,
    ) -> Result<Checks, ConfigError> {
        let lookup = |id: &str| -> Option<(Passage, DocMeta)> {
            let p = passages.passage(&crate::text::passage_id(id))?;
            let meta = docs.iter().find(|d| d.id == p.doc)?.clone();
            Some((p, meta))
        };
        let in_doc = |doc: &str| passages.document(doc);
        // A check that is on needs its file: a deleted rule file must not silently change
        // answers. `[checks]` in normwijzer.toml turns a check off.
        let on = &config.settings.checks;
        let read = |name: &str, needed: bool| -> Result<Option<(String, String)>, ConfigError> {
            let Some(dir) = config.dir.as_ref().filter(|_| needed) else {
                return Ok(None);
            };
            let path = dir.join(name);
            match crate::config::read_text(&path)? {
                None => Err(ConfigError {
                    file: path.display().to_string(),
                    line: 1,
                    message: format!(
                        "het bestand ontbreekt; zet het terug, of zet {} = false onder [checks] in normwijzer.toml om deze controle uit te zetten",
                        name.trim_end_matches(".toml")
                    ),
                }),
                other => Ok(other),
            }
        };
        let kalender = match read("kalender.toml", on.kalender)? {
            Some((file, text)) => Kalender::from_toml(&file, &text)?,
            None => Kalender::default(),
        };
        let termijnen = match read("termijnen.toml", on.termijnen)? {
            Some((file, text)) => Rules::from_toml(&file, &text, &lookup, &in_doc)?,
            None => Rules::default(),
        };
        let opp = match read("opp.toml", on.opp)? {
            Some((file, text)) => OppRules::from_toml(&file, &text, &lookup, &in_doc)?,
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
            passages: Some(passages),
        })
    }

    /// The passages of document number `i` that state its validity (read on first use).
    fn validity(&self, i: usize) -> &[Source] {
        let (Some(cell), Some(meta)) = (self.validity.get(i), self.docs.get(i)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let passages = self
                .passages
                .as_ref()
                .map(|p| p.document(&meta.id))
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
    /// `/termijn` command): composed as `ask` composes a question about the term.
    pub fn termijn_answer(
        &self,
        rule: &str,
        date: &str,
        today: Date,
    ) -> Result<Answer, CheckError> {
        let c = self.termijn(rule, date, today)?;
        let r = self.termijnen.get(rule)?;
        let reply = CheckReply {
            checks: vec![c.check()],
            first: self.cites(&r.sources, today),
            after: Vec::new(),
            block: Block::Termijn(Box::new(c)),
        };
        let draft = Draft {
            question: format!("termijn {} {}", rule.trim(), date.trim()),
            ..Draft::default()
        };
        Ok(compose::finish(draft, vec![reply]))
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

    /// The checks that apply to `question`: a term, validity, the OPP decision, in that order.
    pub fn detect(&self, question: &str, today: Date) -> Vec<CheckReply> {
        let words = Words::new(question);
        [
            self.term_reply(question, &words, today),
            self.validity_reply(&words, today),
            self.opp_reply(&words, today),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn cites(&self, sources: &[Source], today: Date) -> Vec<Cite> {
        sources
            .iter()
            .map(|s| s.cite(today, &self.home_region))
            .collect()
    }

    /// A question about a term: computed from the first date in it, or the rule in words
    /// when there is no (valid) date.
    fn term_reply(&self, question: &str, words: &Words, today: Date) -> Option<CheckReply> {
        let rule = self.termijnen.matching(words)?;
        let dates = datum::find(question, today);
        if !self.termijnen.asks_term(words, !dates.is_empty()) {
            return None;
        }
        let outcome = match dates.first() {
            None => TermOutcome::NoDate,
            Some(Err(e)) => TermOutcome::Failed {
                text: e.text().to_string(),
                code: e.code(),
                message: e.to_string(),
            },
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
                Err(e) => TermOutcome::Failed {
                    text: found.text.clone(),
                    code: "buiten_kalender",
                    message: e.to_string(),
                },
            },
        };
        Some(self.term_block(rule, outcome, today))
    }

    fn term_block(&self, rule: &Rule, outcome: TermOutcome, today: Date) -> CheckReply {
        let first = self.cites(&rule.sources, today);
        let unknown = |failure: Option<String>| Block::TermijnZonderDatum {
            name: rule.name.clone(),
            summary: rule.summary(),
            start: rule.start.clone(),
            failure,
            quotes: rule.sources.iter().map(Source::source_quote).collect(),
        };
        let (block, checks) = match outcome {
            TermOutcome::Computed(c) => {
                let check = c.check();
                (Block::Termijn(c), vec![check])
            }
            TermOutcome::NoDate => (unknown(None), Vec::new()),
            // Structured too, so that JSON says why `checks` has no term.
            TermOutcome::Failed {
                text,
                code,
                message,
            } => {
                let check = Check::Datum {
                    rule: rule.id.clone(),
                    text,
                    code: code.to_string(),
                    message: message.clone(),
                };
                (unknown(Some(message)), vec![check])
            }
        };
        CheckReply {
            block,
            checks,
            first,
            after: Vec::new(),
        }
    }

    /// "Is de themakaart SEL nog geldig?", "welke documenten zijn verlopen?": the status of
    /// the documents named (or of all), with the lines that state it.
    fn validity_reply(&self, words: &Words, today: Date) -> Option<CheckReply> {
        let about_validity = VALIDITY_WORDS.iter().any(|w| words.has(w))
            || (VALIDITY_VERBS.iter().any(|w| words.has(w))
                && VALIDITY_TIME.iter().any(|w| words.has(w)));
        if !about_validity {
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
        let sources: Vec<Source> = docs
            .iter()
            .flat_map(|&i| self.validity(i).iter().cloned())
            .collect();
        let rows = statuses
            .iter()
            .map(|s| {
                let quotes = self
                    .validity_of(&s.doc)
                    .iter()
                    .map(Source::source_quote)
                    .collect();
                (s.clone(), quotes)
            })
            .collect();
        Some(CheckReply {
            block: Block::Geldigheid { today, rows },
            checks: statuses.into_iter().map(Check::Geldigheid).collect(),
            first: self.cites(&sources, today),
            after: Vec::new(),
        })
    }

    /// "Moet ik een OPP opstellen bij niveau 3?": the branches of `config/opp.toml` that apply.
    fn opp_reply(&self, words: &Words, today: Date) -> Option<CheckReply> {
        if !self.opp.is_question(words) {
            return None;
        }
        let (decision, branches) = self.opp.decide(words, today);
        let home = self.home_region.as_str();
        let lines = branches
            .iter()
            .zip(&decision.branches)
            .map(|(b, r)| {
                let mut notes: Vec<String> = b
                    .sources
                    .iter()
                    .filter(|s| crate::corpus::status::needs_note(&s.meta, today, home))
                    .map(|s| crate::corpus::status::note(&s.meta, today, home))
                    .collect();
                notes.dedup();
                OppLine {
                    when: b.when.clone(),
                    verdict: b.verdict,
                    primary: r.primary,
                    quotes: b.sources.iter().map(Source::source_quote).collect(),
                    notes,
                }
            })
            .collect();
        // A question about one level ("bij niveau 3") is decided by that level's branches:
        // their passages lead. Asked in general, the ranking leads and the rules follow.
        let decided = decision.decision.is_some();
        let (lead, rest): (Vec<_>, Vec<_>) = branches
            .iter()
            .zip(&decision.branches)
            .flat_map(|(b, r)| b.sources.iter().map(move |s| (decided && r.primary, s)))
            .partition(|(leads, _)| *leads);
        let sources = |v: Vec<(bool, &Source)>| -> Vec<Source> {
            v.into_iter().map(|(_, s)| s.clone()).collect()
        };
        let (lead, rest) = (sources(lead), sources(rest));
        Some(CheckReply {
            block: Block::Opp {
                decision: decision.clone(),
                branches: lines,
            },
            checks: vec![Check::Opp(decision)],
            first: self.cites(&lead, today),
            after: self.cites(&rest, today),
        })
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
