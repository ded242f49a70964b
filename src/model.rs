//! The values that cross module boundaries: what the engine answers ([`Answer`], [`Citation`],
//! [`Check`]), a document's status ([`Status`]) and a passage shown by id ([`PassageView`]).
//!
//! Data only: nothing here searches, computes or renders, and this module uses nothing else of
//! the crate, so every layer may depend on it. The serde names are the JSON contracts of
//! `ask --json`, `bron --json`, `bronnen --json` and the HTTP API.

use std::ops::Range;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Validity of a document on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Published and neither expired nor replaced.
    Geldig,
    /// Past its stated last day.
    Verlopen {
        /// Last day it was valid.
        until: Date,
    },
    /// Replaced by another document.
    Vervangen {
        /// The replacing document, as named in the metadata.
        by: String,
    },
    /// Undated: nothing says whether it still applies.
    Onbekend,
    /// Before its publication date: it did not apply yet.
    NogNietGepubliceerd {
        /// First day of publication.
        from: Date,
    },
}

impl Status {
    /// The one-word label used in JSON and badges.
    pub fn label(&self) -> StatusLabel {
        match self {
            Status::Geldig => StatusLabel::Geldig,
            Status::Verlopen { .. } => StatusLabel::Verlopen,
            Status::Vervangen { .. } => StatusLabel::Vervangen,
            Status::Onbekend => StatusLabel::Onbekend,
            Status::NogNietGepubliceerd { .. } => StatusLabel::NogNietGepubliceerd,
        }
    }
}

/// A document's status in one word: `geldig`, `verlopen`, `vervangen`, `onbekend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusLabel {
    /// Valid.
    Geldig,
    /// Expired.
    Verlopen,
    /// Superseded.
    Vervangen,
    /// Undated.
    Onbekend,
    /// Not yet published on the day asked about.
    #[serde(rename = "nog_niet_gepubliceerd")]
    NogNietGepubliceerd,
}

impl StatusLabel {
    /// The label as written in JSON and badges.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusLabel::Geldig => "geldig",
            StatusLabel::Verlopen => "verlopen",
            StatusLabel::Vervangen => "vervangen",
            StatusLabel::Onbekend => "onbekend",
            // JSON says `nog_niet_gepubliceerd`; a badge reads as words.
            StatusLabel::NogNietGepubliceerd => "nog niet gepubliceerd",
        }
    }

    /// Whether a reader must be warned: the document does not apply as written (any more, or
    /// yet).
    pub fn is_outdated(self) -> bool {
        matches!(
            self,
            StatusLabel::Verlopen | StatusLabel::Vervangen | StatusLabel::NogNietGepubliceerd
        )
    }
}

impl PartialEq<&str> for StatusLabel {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for StatusLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What normwijzer says in reply to a question. Channels render it; they never change it.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// True when the documents do not (reliably) cover the question.
    pub abstained: bool,
    /// True when the documents cover the subject but the passages cited may not answer the
    /// question itself: the reply says so above them.
    pub unsure: bool,
    /// The reply in Dutch without the warnings: check results, then the quotes with their
    /// citation numbers. Composed once, from structured blocks, by `answer::compose`.
    pub body: String,
    /// The sources quoted, best first.
    pub citations: Vec<Citation>,
    /// Results of deterministic checks (computed terms, validity, OPP decision).
    pub checks: Vec<Check>,
    /// Dutch warnings about the sources (expired, superseded, another region).
    pub warnings: Vec<String>,
    /// When abstaining: sections that came closest, offered as places to look, not as answer.
    pub suggestions: Vec<Suggestion>,
    /// The earlier question of the conversation that this one continued ("en bij niveau 3?"
    /// after "wanneer moet een OPP?"); `None` when the question stood alone.
    pub continued: Option<String>,
}

impl Answer {
    /// The whole reply as one text: the warnings on top, then the body (the `answer` field of
    /// the JSON contract).
    pub fn text(&self) -> String {
        if self.warnings.is_empty() {
            self.body.clone()
        } else {
            format!("{}\n\n{}", self.warnings.join("\n"), self.body)
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Answer", 9)?;
        st.serialize_field("question", &self.question)?;
        st.serialize_field("abstained", &self.abstained)?;
        st.serialize_field("unsure", &self.unsure)?;
        st.serialize_field("answer", &self.text())?;
        st.serialize_field("citations", &self.citations)?;
        st.serialize_field("checks", &self.checks)?;
        st.serialize_field("warnings", &self.warnings)?;
        st.serialize_field("suggestions", &self.suggestions)?;
        if let Some(previous) = &self.continued {
            st.serialize_field("continued", previous)?;
        } else {
            st.skip_field("continued")?;
        }
        st.end()
    }
}

/// One cited passage.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// 1-based position.
    pub rank: usize,
    /// Source id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb, joined with ` › `.
    pub section: String,
    /// Passage id; `normwijzer bron <id>` shows it again.
    pub passage: String,
    /// The full passage text (verbatim pieces of the source).
    pub text: String,
    /// The best sentence(s): a verbatim substring of `text`.
    pub quote: String,
    /// Region of the source.
    pub region: String,
    /// Status of the source on the answer's date.
    pub status: StatusLabel,
    /// Ranking score (0 for a passage a rule chose).
    pub score: f32,
    /// Byte range of the quote in the source document.
    pub source_range: Range<usize>,
}

/// A section offered when abstaining.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// Source id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb.
    pub section: String,
    /// A passage id in that section.
    pub passage: String,
}

/// A deterministic result computed by code from rules that cite their passage.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Check {
    /// A term computed from a rule in `config/termijnen.toml`.
    Termijn {
        /// Rule id.
        rule: String,
        /// The day the term started.
        start: Date,
        /// The last day of the term.
        deadline: Date,
        /// The last day with extension, when the rule allows one.
        extended: Option<Date>,
        /// Every day an end moved past under the Algemene termijnenwet.
        shifts: Vec<Shift>,
    },
    /// A document's validity on the answer's date.
    Geldigheid(DocStatus),
    /// Whether an OPP is required, per the documents.
    Opp(Decision),
    /// A term question whose date could not be read or used, so no term was computed:
    /// `{"kind": "datum", "rule": "zorgplicht", "text": "30 februari 2026",
    /// "code": "datum_bestaat_niet", "message": "…"}`.
    Datum {
        /// The rule the question is about.
        rule: String,
        /// The date as written.
        text: String,
        /// A stable name of the problem (`datum_bestaat_niet`, `geen_datum`, `buiten_kalender` …).
        code: String,
        /// What is wrong, one Dutch sentence.
        message: String,
    },
}

/// Which of a term's two ends a shift belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum End {
    /// The term itself.
    Deadline,
    /// The term with extension.
    Extended,
}

/// One day an end of a term moved past, with the reason in Dutch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shift {
    /// The day the term would have ended.
    pub from: Date,
    /// The next day, where it ends unless that day is skipped too.
    pub to: Date,
    /// `25 mei 2026 is Tweede Pinksterdag`.
    pub reason: String,
    /// Which end moved.
    pub term: End,
    /// The reason without the date: `Tweede Pinksterdag`.
    #[serde(skip)]
    pub what: String,
}

/// A document's status on a day: what `bronnen --json` prints and what a validity check holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocStatus {
    /// Source id.
    pub doc: String,
    /// Title.
    pub title: String,
    /// Status in one word.
    pub status: StatusLabel,
    /// Last valid day, when the document states one.
    pub until: Option<Date>,
    /// First day it no longer applies, when expired.
    pub expired_since: Option<Date>,
    /// The replacing document, when superseded.
    pub superseded_by: Option<String>,
    /// Publication as the document gives it (`2024-08`).
    pub published: Option<String>,
    /// Region id.
    pub region: String,
    /// Whether the region differs from the home region.
    pub other_region: bool,
    /// The status in one Dutch phrase.
    pub summary: String,
    /// Passages that state the validity or publication (cited in answers).
    pub passages: Vec<String>,
}

/// What a branch of the OPP decision says about drawing up an OPP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The documents require it.
    Verplicht,
    /// The school may choose to.
    Kan,
    /// The documents describe this level without naming an OPP.
    NietGenoemd,
}

/// A branch as it applies to one question: the `Check::Opp` content per branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchResult {
    /// Branch id.
    pub id: String,
    /// The situation in Dutch.
    pub when: String,
    /// What the documents say.
    pub decision: Verdict,
    /// False for a branch shown as "zie ook" (a theme card when the question names no theme).
    pub primary: bool,
    /// Status on the answer's date of the document it rests on.
    pub status: StatusLabel,
    /// Passage ids cited.
    pub passages: Vec<String>,
}

/// The OPP decision for one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The verdict when the question names a situation and the valid documents agree;
    /// `None` when it depends on the situation or the documents differ.
    pub decision: Option<Verdict>,
    /// The situation(s) the question names, if any.
    pub level: Option<String>,
    /// Branches shown, in config order.
    pub branches: Vec<BranchResult>,
}

/// A passage looked up by id (`bron`), with its document's status and its neighbours.
#[derive(Debug, Clone)]
pub struct PassageView {
    /// Passage id.
    pub id: String,
    /// Source id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section breadcrumb, joined with ` › `.
    pub section: String,
    /// The passage text.
    pub text: String,
    /// Byte range of the passage in the source document.
    pub source_range: Range<usize>,
    /// Region of the document.
    pub region: String,
    /// Status of the document on the day asked.
    pub status: Status,
    /// Dutch warnings about the document (expired, superseded, another region).
    pub warnings: Vec<String>,
    /// The passage before it in the document.
    pub previous: Option<Neighbour>,
    /// The passage after it.
    pub next: Option<Neighbour>,
}

/// A passage next to the one shown.
#[derive(Debug, Clone)]
pub struct Neighbour {
    /// Passage id.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// Length of a term in calendar weeks or days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// Calendar weeks (7 days each).
    Weeks(u32),
    /// Calendar days.
    Days(u32),
}

impl Length {
    /// The length in days.
    pub fn days(self) -> i64 {
        match self {
            Length::Weeks(w) => i64::from(w) * 7,
            Length::Days(d) => i64::from(d),
        }
    }

    /// The number of weeks or days.
    pub fn amount(self) -> u32 {
        match self {
            Length::Weeks(n) | Length::Days(n) => n,
        }
    }
}

/// The result of applying a term rule to a start date: what `termijn --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Computation {
    /// Rule id.
    pub rule: String,
    /// Rule name in Dutch.
    pub name: String,
    /// What started the term.
    pub trigger: String,
    /// The start date.
    pub start: Date,
    /// The last day of the term.
    pub deadline: Date,
    /// The last day with extension, if the rule allows one.
    pub extended: Option<Date>,
    /// Whether the Algemene termijnenwet applied.
    pub statutory: bool,
    /// Every day an end moved past.
    pub shifts: Vec<Shift>,
    /// The passages stating the term, as in `ask`.
    pub citations: Vec<Citation>,
    /// Dutch warnings: assumptions about the start date first (`Aanname: …`), then school
    /// holidays, bridge days, dates already past.
    pub warnings: Vec<String>,
    /// The term lengths.
    #[serde(skip)]
    pub lengths: (Length, Option<Length>),
    /// What must happen by the end, as a Dutch verb (`beslissen`).
    #[serde(skip)]
    pub action: Option<String>,
    /// Start + term before any shift.
    #[serde(skip)]
    pub raw: (Date, Option<Date>),
}

impl Computation {
    /// The result as the [`Check`] an [`Answer`] carries.
    pub fn check(&self) -> Check {
        Check::Termijn {
            rule: self.rule.clone(),
            start: self.start,
            deadline: self.deadline,
            extended: self.extended,
            shifts: self.shifts.clone(),
        }
    }
}

/// A term rule as `normwijzer termijn --list --json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Dutch name.
    pub name: String,
    /// What starts the term.
    pub start: String,
    /// The term in days.
    pub days: i64,
    /// The term with extension in days.
    pub extended_days: Option<i64>,
    /// Whether the Algemene termijnenwet applies.
    pub statutory: bool,
    /// The term in Dutch.
    pub summary: String,
    /// Passage ids stating it.
    pub passages: Vec<String>,
}
