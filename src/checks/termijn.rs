//! Terms (termijnen) computed from rules in `config/termijnen.toml`.
//!
//! A rule says what starts the term, how long it is, how far it may run out, whether it is a
//! statutory term (then the Algemene termijnenwet moves an end on a Saturday, Sunday or
//! holiday to the next working day), and which passage states it. At start-up every rule's
//! passage must exist and contain the rule's words, and those words must name the term's
//! length; otherwise the rule is refused with a Dutch message. Adding a rule is editing config.
//!
//! The computation itself ([`compute`]) is pure, so it can be property-tested.

use std::collections::HashSet;
use std::fmt::Write;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;

use crate::checks::citeer::{DocPassages, Lookup, Source};
use crate::checks::kalender::{Kalender, KalenderError};
use crate::checks::rules::{SourceEntry, Words, entry_error, lower, resolve_all, valid_id};
use crate::config::{self, ConfigError};
use crate::model::{Computation, End, Length, RuleInfo, Shift};
use crate::text::dutch;
use crate::text::termijn::length as label;

/// What a term is: its length, the longest it may run with extension, and whether the
/// Algemene termijnenwet applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The term.
    pub length: Length,
    /// The total length including extension (`uitloop tot maximaal tien weken`), if any.
    pub extended: Option<Length>,
    /// A term set by law: its end moves off weekends and Atw holidays.
    pub statutory: bool,
}

/// The dates of a term from one start, before and after the Atw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dates {
    /// Start + term.
    pub raw_deadline: Date,
    /// The last day of the term.
    pub deadline: Date,
    /// Start + extended term.
    pub raw_extended: Option<Date>,
    /// The last day with extension.
    pub extended: Option<Date>,
    /// Every day skipped, deadline first.
    pub shifts: Vec<Shift>,
}

/// Why a term could not be computed or a rule not found. Messages are Dutch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermijnError {
    /// No rule with that id.
    #[error("onbekende termijn „{id}”; bekende termijnen: {known}")]
    UnknownRule {
        /// As asked.
        id: String,
        /// Ids of the configured rules, comma-separated.
        known: String,
    },
    /// The calendar does not cover the dates.
    #[error(transparent)]
    Calendar(#[from] KalenderError),
}

/// Start + term, then (for a statutory term) Atw art. 1 on each end.
pub fn compute(term: &Term, start: Date, kalender: &Kalender) -> Result<Dates, TermijnError> {
    crate::checks::kalender::check_year(start)?;
    let add = |length: Length| {
        start
            .checked_add(length.days().days())
            .map_err(|_| KalenderError::OutOfRange(dutch::date(start)))
    };
    let mut shifts = Vec::new();
    let mut settle = |raw: Date, end: End| -> Result<Date, TermijnError> {
        if !term.statutory {
            return Ok(raw);
        }
        let (day, skipped) = kalender.roll_forward(raw)?;
        for s in skipped {
            let to = s.date.tomorrow().unwrap_or(day);
            shifts.push(Shift {
                from: s.date,
                to,
                reason: format!("{} is {}", dutch::date(s.date), s.reason),
                term: end,
                what: s.reason,
            });
        }
        Ok(day)
    };
    let raw_deadline = add(term.length)?;
    let deadline = settle(raw_deadline, End::Deadline)?;
    let raw_extended = term.extended.map(add).transpose()?;
    let extended = raw_extended.map(|d| settle(d, End::Extended)).transpose()?;
    Ok(Dates {
        raw_deadline,
        deadline,
        raw_extended,
        extended,
        shifts,
    })
}

/// A rule from `config/termijnen.toml`, with its verified sources.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Id used on the command line: `zorgplicht`.
    pub id: String,
    /// Dutch name: `Zorgplicht na schriftelijke aanmelding`.
    pub name: String,
    /// What starts the term: `schriftelijke aanmelding`.
    pub start: String,
    /// What must happen by the end, as a Dutch verb: `beslissen`.
    pub action: Option<String>,
    /// Length, extension, statutory.
    pub term: Term,
    /// The passages stating the term.
    pub sources: Vec<Source>,
    /// Words that make a question about this rule.
    pub recognise: Vec<String>,
    /// Words that make a question about another rule.
    pub exclude: Vec<String>,
}

/// All configured rules plus the words that mark a question as one about a term.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<Rule>,
    /// Question words (`wanneer`, `uiterlijk`, `hoe lang`).
    pub question_words: Vec<String>,
    /// Question words that ask for a term even without a date (`hoe lang`, `uiterlijk`).
    pub undated_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    vraagwoorden: Vec<String>,
    #[serde(default)]
    zonder_datum: Vec<String>,
    #[serde(default)]
    regel: Vec<RuleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    id: String,
    naam: String,
    start: String,
    #[serde(default)]
    handeling: Option<String>,
    #[serde(default)]
    weken: Option<u32>,
    #[serde(default)]
    dagen: Option<u32>,
    #[serde(default)]
    uitloop_tot_weken: Option<u32>,
    #[serde(default)]
    uitloop_tot_dagen: Option<u32>,
    wettelijk: bool,
    bron: Vec<SourceEntry>,
    #[serde(default)]
    herken: Vec<String>,
    #[serde(default)]
    niet_bij: Vec<String>,
}

impl Rules {
    /// Parses and verifies `config/termijnen.toml`; `lookup` and `passages` find passages.
    pub fn from_toml(
        file: &str,
        text: &str,
        lookup: &Lookup<'_>,
        passages: &DocPassages<'_>,
    ) -> Result<Rules, ConfigError> {
        let raw: RulesFile = config::parse_toml(file, text.as_bytes())?;
        let mut seen = HashSet::new();
        let mut rules = Vec::new();
        for e in raw.regel {
            let fail = entry_error(file, text, "termijn", e.id.clone());
            if !valid_id(&e.id) {
                return Err(fail(
                    "gebruik voor id alleen kleine letters, cijfers en streepjes".into(),
                ));
            }
            if !seen.insert(e.id.clone()) {
                return Err(fail("deze id komt twee keer voor".into()));
            }
            rules.push(rule(e, lookup, passages).map_err(&fail)?);
        }
        Ok(Rules {
            rules,
            question_words: lower(raw.vraagwoorden),
            undated_words: lower(raw.zonder_datum),
        })
    }

    /// The rules in config order.
    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule with this id (case and spaces ignored), or a Dutch error listing the known ids.
    pub fn get(&self, id: &str) -> Result<&Rule, TermijnError> {
        let want = id.trim().to_lowercase();
        self.rules
            .iter()
            .find(|r| r.id == want)
            .ok_or_else(|| TermijnError::UnknownRule {
                id: id.trim().to_string(),
                known: self.known(),
            })
    }

    fn known(&self) -> String {
        if self.rules.is_empty() {
            "geen (er zijn nog geen termijnen ingesteld)".into()
        } else {
            self.rules
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// The rule a question is about, judged by its words: the rule whose recognition words
    /// match most often, without any of its exclusion words; ties go to the first in config.
    pub fn matching(&self, words: &Words) -> Option<&Rule> {
        self.rules
            .iter()
            .filter(|r| !r.exclude.iter().any(|x| words.has(x)))
            .map(|r| (r.recognise.iter().filter(|w| words.has(w)).count(), r))
            .filter(|(n, _)| *n > 0)
            .fold(None, |best: Option<(usize, &Rule)>, (n, r)| match best {
                Some((m, _)) if m >= n => best,
                _ => Some((n, r)),
            })
            .map(|(_, r)| r)
    }

    /// Whether the question asks for a term: with a date, any question word will do; without
    /// one, only words that ask for a duration or a last day ("wanneer moet ik aanmelden?" is
    /// not about the school's term).
    pub fn asks_term(&self, words: &Words, has_date: bool) -> bool {
        (has_date && self.question_words.iter().any(|w| words.has(w)))
            || self.undated_words.iter().any(|w| words.has(w))
    }
}

/// One `[[regel]]` as a verified rule: a term of weeks or days, an extension longer than the
/// term, and passages that state both.
fn rule(e: RuleEntry, lookup: &Lookup<'_>, passages: &DocPassages<'_>) -> Result<Rule, String> {
    let (length, extended) = lengths(&e)?;
    if e.bron.is_empty() {
        return Err(
            "noem de passage die de termijn noemt (bron = [{ passage = \"...\", tekst = \"...\" }])"
                .into(),
        );
    }
    let sources = resolve_all(&e.bron, lookup, passages)?;
    let stated: String = sources
        .iter()
        .map(|s| s.phrase.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for l in std::iter::once(length).chain(extended) {
        if !states_length(&stated, l) {
            return Err(format!(
                "de tekst „{stated}” noemt de termijn van {} niet; controleer weken/dagen en de tekst",
                label(l)
            ));
        }
    }
    Ok(Rule {
        id: e.id,
        name: e.naam,
        start: e.start,
        action: e.handeling.filter(|h| !h.trim().is_empty()),
        term: Term {
            length,
            extended,
            statutory: e.wettelijk,
        },
        sources,
        recognise: lower(e.herken),
        exclude: lower(e.niet_bij),
    })
}

/// The term and its extension as configured: exactly one of weeks or days each, and an
/// extension (the total duration) longer than the term.
fn lengths(e: &RuleEntry) -> Result<(Length, Option<Length>), String> {
    let length = match (e.weken, e.dagen) {
        (Some(w), None) if w > 0 => Length::Weeks(w),
        (None, Some(d)) if d > 0 => Length::Days(d),
        _ => {
            return Err("geef de termijn met precies één van weken of dagen (groter dan 0)".into());
        }
    };
    let extended = match (e.uitloop_tot_weken, e.uitloop_tot_dagen) {
        (None, None) => None,
        (Some(w), None) => Some(Length::Weeks(w)),
        (None, Some(d)) => Some(Length::Days(d)),
        _ => {
            return Err(
                "geef de uitloop met één van uitloop_tot_weken of uitloop_tot_dagen".into(),
            );
        }
    };
    if let Some(x) = extended
        && x.days() <= length.days()
    {
        return Err(format!(
            "de uitloop ({}) moet langer zijn dan de termijn ({}); de uitloop is de totale duur",
            label(x),
            label(length)
        ));
    }
    Ok((length, extended))
}

impl Rule {
    /// Applies the rule to `start`. Warnings cover school holidays, bridge days that a royal
    /// decree may equate, non-statutory ends on a closed day, and ends already past `today`.
    pub fn apply(
        &self,
        start: Date,
        today: Date,
        kalender: &Kalender,
    ) -> Result<Computation, TermijnError> {
        let dates = compute(&self.term, start, kalender)?;
        let mut warnings = Vec::new();
        let ends = std::iter::once(dates.deadline).chain(dates.extended);
        for end in ends.clone() {
            for h in kalender.school_holidays_on(end) {
                warnings.push(format!(
                    "Let op: {} valt in de {}. De termijn verandert daardoor niet.",
                    dutch::date_with_weekday(end),
                    h.describe()
                ));
            }
            if self.term.statutory
                && let Some(note) = kalender.bridge_day_note(end)
            {
                warnings.push(note);
            }
            if !self.term.statutory
                && let Some(why) = kalender.closed(end)
            {
                warnings.push(format!(
                    "Let op: {} is {why}. Dit is geen wettelijke termijn, dus de Algemene termijnenwet schuift het einde niet op.",
                    dutch::date_with_weekday(end)
                ));
            }
        }
        let last = dates.extended.unwrap_or(dates.deadline);
        if last < today {
            let subject = if dates.extended.is_some() {
                "Beide datums liggen"
            } else {
                "Deze datum ligt"
            };
            warnings.push(format!(
                "{subject} al vóór vandaag ({}).",
                dutch::date_with_weekday(today)
            ));
        }
        Ok(Computation {
            rule: self.id.clone(),
            name: self.name.clone(),
            trigger: self.start.clone(),
            start,
            deadline: dates.deadline,
            extended: dates.extended,
            statutory: self.term.statutory,
            shifts: dates.shifts,
            citations: self
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| s.citation(i + 1, today))
                .collect(),
            warnings,
            lengths: (self.term.length, self.term.extended),
            action: self.action.clone(),
            raw: (dates.raw_deadline, dates.raw_extended),
        })
    }

    /// The rule for listings.
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            start: self.start.clone(),
            days: self.term.length.days(),
            extended_days: self.term.extended.map(Length::days),
            statutory: self.term.statutory,
            summary: self.summary(),
            passages: self.sources.iter().map(|s| s.passage.id.clone()).collect(),
        }
    }

    /// `6 weken, met uitloop tot 10 weken, na de schriftelijke aanmelding`.
    pub fn summary(&self) -> String {
        let mut s = label(self.term.length);
        if let Some(x) = self.term.extended {
            let _ = write!(s, ", met uitloop tot {}", label(x));
        }
        let _ = write!(s, ", gerekend vanaf de {}", self.start);
        if self.term.statutory {
            s.push_str(" (wettelijke termijn: de Algemene termijnenwet geldt)");
        }
        s
    }
}

/// Whether `text` names `length`: the number as digits or a Dutch word, then the unit.
fn states_length(text: &str, length: Length) -> bool {
    let n = length.amount();
    let mut names = vec![n.to_string()];
    if let Some(w) = number_word(n) {
        names.push(w.to_string());
    }
    let units: &[&str] = match length {
        Length::Weeks(_) => &["week", "weken"],
        Length::Days(_) => &["dag", "dagen"],
    };
    let words = Words::new(text);
    words
        .tokens()
        .windows(2)
        .any(|w| names.iter().any(|n| *n == w[0]) && units.iter().any(|u| *u == w[1]))
}

fn number_word(n: u32) -> Option<&'static str> {
    const WORDS: [&str; 21] = [
        "nul",
        "een",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
        "twintig",
    ];
    WORDS.get(n as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocMeta;
    use crate::corpus::passage::{Passage, PassageKind};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    const ZORGPLICHT: Term = Term {
        length: Length::Weeks(6),
        extended: Some(Length::Weeks(10)),
        statutory: true,
    };

    #[test]
    fn the_fixture_cases() {
        let k = Kalender::default();
        for (start, deadline, extended) in [
            ("2026-03-02", "2026-04-13", "2026-05-11"),
            ("2026-04-13", "2026-05-26", "2026-06-22"),
            ("2026-11-14", "2026-12-28", "2027-01-25"),
            ("2026-02-20", "2026-04-07", "2026-05-01"),
        ] {
            let r = compute(&ZORGPLICHT, d(start), &k).unwrap();
            assert_eq!(r.deadline, d(deadline), "{start}");
            assert_eq!(r.extended, Some(d(extended)), "{start}");
        }
    }

    #[test]
    fn shifts_name_each_skipped_day() {
        let r = compute(&ZORGPLICHT, d("2026-11-14"), &Kalender::default()).unwrap();
        let got: Vec<(String, String, &str, End)> = r
            .shifts
            .iter()
            .map(|s| {
                (
                    s.from.to_string(),
                    s.to.to_string(),
                    s.reason.as_str(),
                    s.term,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "2026-12-26".into(),
                    "2026-12-27".into(),
                    "26 december 2026 is Tweede Kerstdag (zaterdag)",
                    End::Deadline
                ),
                (
                    "2026-12-27".into(),
                    "2026-12-28".into(),
                    "27 december 2026 is een zondag",
                    End::Deadline
                ),
                (
                    "2027-01-23".into(),
                    "2027-01-24".into(),
                    "23 januari 2027 is een zaterdag",
                    End::Extended
                ),
                (
                    "2027-01-24".into(),
                    "2027-01-25".into(),
                    "24 januari 2027 is een zondag",
                    End::Extended
                ),
            ]
        );
    }

    #[test]
    fn non_statutory_terms_do_not_move() {
        let term = Term {
            statutory: false,
            ..ZORGPLICHT
        };
        let r = compute(&term, d("2026-04-13"), &Kalender::default()).unwrap();
        assert_eq!(r.deadline, d("2026-05-25"));
        assert!(r.shifts.is_empty());
    }

    #[test]
    fn lengths_are_recognised_in_words_and_digits() {
        let t = "binnen zes weken, met een uitloop tot maximaal tien weken";
        assert!(states_length(t, Length::Weeks(6)));
        assert!(states_length(t, Length::Weeks(10)));
        assert!(!states_length(t, Length::Weeks(5)));
        assert!(!states_length(t, Length::Days(6)));
        assert!(states_length("binnen 15 dagen", Length::Days(15)));
    }

    #[test]
    fn words_match_prefixes_and_phrases() {
        let w =
            Words::new("Ouders hebben hun kind op 2 maart 2026 schriftelijk aangemeld. Hoe lang?");
        assert!(w.has("aangemeld"));
        assert!(w.has("schriftelijk"));
        assert!(w.has("hoe lang"));
        assert!(!w.has("tussentijds"));
        assert!(Words::new("niveau 3").has("niveau 3"));
        assert!(!Words::new("niveau 30").has("niveau 3"));
        assert!(!w.has(""));
    }

    fn fixture_lookup() -> (Passage, DocMeta) {
        let text = "Zorgplicht\nNa schriftelijke aanmelding door ouders brengt de school binnen zes weken, met een uitloop tot maximaal tien weken, de onderwijsbehoeften van de leerling in kaart. Als de leerling wordt geplaatst, wordt hij of zij ingeschreven.";
        let mut p = crate::checks::citeer::test_passage(
            "anb#zorgplicht-1",
            text,
            PassageKind::Paragraph,
            "Zorgplicht\n".len(),
        );
        p.breadcrumb = vec!["Zorgplicht".into()];
        let meta: DocMeta = toml::from_str(
            "id = \"anb\"\ntitle = \"Almeerse Norm Basisondersteuning\"\nissuer = \"x\"\nregion = \"almere\"\nkind = \"beleidsdocument\"\npublished = \"2024-08\"\n",
        )
        .unwrap();
        (p, meta)
    }

    fn rules(toml_text: &str) -> Result<Rules, ConfigError> {
        let (p, meta) = fixture_lookup();
        let lookup = move |id: &str| (id == p.id).then(|| (p.clone(), meta.clone()));
        let (p2, _) = fixture_lookup();
        let all = move |_: &str| vec![p2.clone()];
        Rules::from_toml("termijnen.toml", toml_text, &lookup, &all)
    }

    const RULE: &str = r#"
vraagwoorden = ["wanneer", "hoe lang"]
zonder_datum = ["hoe lang"]

[[regel]]
id = "zorgplicht"
naam = "Zorgplicht na schriftelijke aanmelding"
start = "schriftelijke aanmelding"
handeling = "beslissen"
weken = 6
uitloop_tot_weken = 10
wettelijk = true
herken = ["aanmeld", "aangemeld"]
niet_bij = ["tussentijds"]
bron = [{ passage = "anb#zorgplicht-1", tekst = "binnen zes weken, met een uitloop tot maximaal tien weken" }]
"#;

    #[test]
    fn a_rule_from_config_computes_and_cites() {
        let r = rules(RULE).unwrap();
        let rule = r.get("Zorgplicht").unwrap();
        let c = rule
            .apply(d("2026-04-13"), d("2026-04-14"), &Kalender::default())
            .unwrap();
        assert_eq!(
            (c.deadline, c.extended),
            (d("2026-05-26"), Some(d("2026-06-22")))
        );
        assert_eq!(c.citations.len(), 1);
        assert_eq!(c.citations[0].passage, "anb#zorgplicht-1");
        assert!(c.citations[0].text.contains(&c.citations[0].quote));
        assert!(
            c.citations[0]
                .quote
                .starts_with("Na schriftelijke aanmelding")
        );
        let text = crate::text::termijn::lines(&c).join("\n");
        assert!(
            text.contains(
                "Beslissen uiterlijk: dinsdag 26 mei 2026 (6 weken; 25 mei is Tweede Pinksterdag)"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "- 25 mei 2026 is Tweede Pinksterdag, doorgeschoven naar dinsdag 26 mei 2026"
            ),
            "{text}"
        );
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["deadline"], "2026-05-26");
        assert_eq!(json["shifts"][0]["from"], "2026-05-25");
        assert_eq!(json["shifts"][0]["term"], "deadline");
        assert!(json["shifts"][0].get("what").is_none());
    }

    #[test]
    fn unknown_rule_lists_the_known_ones() {
        let r = rules(RULE).unwrap();
        let e = r.get("zorgplciht").unwrap_err();
        assert_eq!(
            e.to_string(),
            "onbekende termijn „zorgplciht”; bekende termijnen: zorgplicht"
        );
    }

    #[test]
    fn recognition_prefers_the_specific_rule() {
        let text = format!(
            "{RULE}\n[[regel]]\nid = \"tussentijds\"\nnaam = \"T\"\nstart = \"tussentijdse aanmelding\"\nweken = 6\nwettelijk = true\nherken = [\"tussentijds\"]\nbron = [{{ passage = \"anb#zorgplicht-1\", tekst = \"zes weken\" }}]\n"
        );
        let r = rules(&text).unwrap();
        let pick = |q: &str| r.matching(&Words::new(q)).map(|x| x.id.as_str());
        assert_eq!(pick("op 2 maart aangemeld, wanneer?"), Some("zorgplicht"));
        assert_eq!(
            pick("tussentijds aangemeld op 2 maart"),
            Some("tussentijds")
        );
        assert_eq!(pick("wat is een OPP?"), None);
        assert!(r.asks_term(&Words::new("Hoe lang duurt het?"), false));
        assert!(!r.asks_term(&Words::new("Wanneer moet ik aanmelden?"), false));
        assert!(r.asks_term(&Words::new("aangemeld op 2 maart, wanneer?"), true));
        assert!(!r.asks_term(&Words::new("aangemeld op 2 maart, wat nu?"), true));
    }

    #[test]
    fn broken_rules_are_refused_with_the_rule_and_the_passage() {
        let e = rules(&RULE.replace("anb#zorgplicht-1", "anb#zorgplicht-9")).unwrap_err();
        assert_eq!(e.line, 6, "{e}");
        assert_eq!(
            e.message,
            "termijn „zorgplicht”: passage „anb#zorgplicht-9” bestaat niet; de tekst staat wel in anb#zorgplicht-1"
        );
        let e = rules(&RULE.replace("binnen zes weken", "binnen vijf weken")).unwrap_err();
        assert!(
            e.message.contains("bevat de tekst „binnen vijf weken"),
            "{e}"
        );
        let e = rules(&RULE.replace("weken = 6", "weken = 5")).unwrap_err();
        assert!(
            e.message.contains("noemt de termijn van 5 weken niet"),
            "{e}"
        );
        let e =
            rules(&RULE.replace("uitloop_tot_weken = 10", "uitloop_tot_weken = 4")).unwrap_err();
        assert!(e.message.contains("moet langer zijn"), "{e}");
        let e = rules(&RULE.replace("weken = 6\n", "")).unwrap_err();
        assert!(e.message.contains("precies één van weken of dagen"), "{e}");
        let e = rules(&RULE.replace("wettelijk = true\n", "")).unwrap_err();
        assert!(e.message.contains("wettelijk"), "{e}");
        let e = rules(&format!(
            "{RULE}{}",
            &RULE[RULE.find("[[regel]]").unwrap()..]
        ))
        .unwrap_err();
        assert!(e.message.contains("twee keer"), "{e}");
    }

    #[test]
    fn warnings_for_past_dates_and_school_holidays() {
        let r = rules(RULE).unwrap();
        let k = Kalender::default().with_school_holiday(crate::checks::kalender::SchoolHoliday {
            name: "meivakantie".into(),
            region: Some("zuid".into()),
            school: None,
            from: d("2026-04-25"),
            to: d("2026-05-03"),
        });
        let c = r
            .get("zorgplicht")
            .unwrap()
            .apply(d("2026-02-20"), d("2026-11-22"), &k)
            .unwrap();
        // The extended end 1 May 2026 falls in the configured holiday; both ends are past.
        assert!(
            c.warnings.iter().any(|w| w.contains("meivakantie")),
            "{:?}",
            c.warnings
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w == "Beide datums liggen al vóór vandaag (zondag 22 november 2026)."),
            "{:?}",
            c.warnings
        );
    }
}
