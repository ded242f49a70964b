//! The Discord slash commands, button presses and autocomplete as plain functions of the engine:
//! a command name and its options in, a rendered [`Reply`] out. The gateway bot
//! ([`crate::serve::discord`]) and the HTTP interactions endpoint ([`crate::serve::http`]) both
//! call these, so a command gives the same message whichever way Discord delivers it.
//!
//! Nothing here searches or computes by itself: questions go to [`Engine::ask`], terms to
//! [`Checks::termijn_answer`](crate::checks::Checks::termijn_answer) (the same calculator as
//! `normwijzer termijn`), passages to [`Engine::passage`], document status to
//! [`Checks::bronnen`](crate::checks::Checks::bronnen); [`crate::channel::discord`] renders.
//! No function logs what the user typed.

use jiff::civil::Date;

use crate::channel::discord::{self as render, Choice, Reply};
use crate::checks::CheckError;
use crate::engine::{AskError, AskOptions, Engine};
use crate::feedback::{self, Feedback, VoteCast};
use crate::model::{Answer, Check};
use crate::search::analysis::fold;
use crate::serve::metrics::Outcome;
use crate::text::datum::DateError;

/// A reply and how the request ended, for the HTTP service's metrics.
#[derive(Debug, Clone)]
pub struct Handled {
    /// What to send.
    pub reply: Reply,
    /// `Answered`/`Abstained` for questions and terms, `Ok` for look-ups, `Rejected` for input
    /// that cannot be used, `Error` when the index could not be read.
    pub outcome: Outcome,
    /// For an answered question: what a follow-up in the same conversation continues (see
    /// [`crate::conversation::subject`]).
    pub subject: Option<String>,
    /// For an answer: what [`with_feedback`] records and puts on the 👍/👎 buttons.
    pub cited: Option<Cited>,
}

/// What an answer cited, for the feedback database: never shown, never logged.
#[derive(Debug, Clone)]
pub struct Cited {
    /// Answered, unsure or abstained.
    pub outcome: feedback::Outcome,
    /// Cited passage ids.
    pub passages: Vec<String>,
    /// The question as asked (stored only scrubbed, and only with `store_questions`).
    pub question: String,
}

impl Handled {
    fn ok(reply: Reply) -> Handled {
        Handled {
            reply,
            outcome: Outcome::Ok,
            subject: None,
            cited: None,
        }
    }

    fn answered(answer: &Answer, reply: Reply) -> Handled {
        Handled {
            reply,
            outcome: Outcome::of_answer(answer),
            subject: crate::conversation::subject(answer).map(str::to_string),
            cited: Some(Cited {
                outcome: feedback::Outcome::of(answer),
                passages: answer.citations.iter().map(|c| c.passage.clone()).collect(),
                question: answer.question.clone(),
            }),
        }
    }

    /// The question got no answer: the index could not be read (logged for the operator), or
    /// its budget ran out (a timeout or shutdown). Said to the asker either way.
    fn unavailable(e: &AskError) -> Handled {
        match e {
            AskError::Index(e) => {
                tracing::error!("zoekindex niet leesbaar: {e} ({})", e.detail());
                Handled {
                    reply: render::notice(
                        "De zoekindex is nu niet leesbaar; probeer het later opnieuw.",
                    ),
                    outcome: Outcome::Error,
                    subject: None,
                    cited: None,
                }
            }
            AskError::Stopped => Handled {
                reply: render::notice(
                    "Het antwoord duurde te lang en is afgebroken; probeer het zo opnieuw, of stel een kortere vraag.",
                ),
                outcome: Outcome::Error,
                subject: None,
                cited: None,
            },
        }
    }

    /// A Dutch sentence (already escaped) for input that cannot be used; only the asker sees it.
    fn rejected(sentence: &str) -> Handled {
        Handled {
            reply: render::notice(sentence),
            outcome: Outcome::Rejected,
            subject: None,
            cited: None,
        }
    }
}

fn has_text(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// A slash command by name with its options as (name, value) pairs, as an HTTP interaction
/// carries them. Missing options and unknown commands get a Dutch sentence, only for the asker.
///
/// `opts` gives the day and the budget of questions (`vraag`, `begrip`).
pub fn command(
    engine: &Engine,
    name: &str,
    options: &[(String, String)],
    opts: &AskOptions,
) -> Handled {
    let today = opts.today;
    let option = |key: &str| -> &str {
        options
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    };
    match name {
        "vraag" => vraag(engine, option("vraag"), opts),
        "termijn" => termijn(engine, option("regel"), option("datum"), today),
        "begrip" => begrip(engine, option("term"), opts),
        "bron" => bron(engine, option("id"), today),
        "bronnen" => bronnen(engine, today),
        "help" => Handled::ok(render::help()),
        _ => Handled::rejected("Onbekende opdracht. Gebruik /help voor wat normwijzer kan."),
    }
}

/// `/vraag vraag:<tekst>`: the answer, with the question as typed repeated above it.
pub fn vraag(engine: &Engine, vraag: &str, opts: &AskOptions) -> Handled {
    let asked = question_text(vraag);
    if !has_text(&asked) {
        return Handled::rejected("Stel je vraag, bijvoorbeeld: /vraag wanneer moet een OPP?");
    }
    let mut answer = match engine.ask(&asked, opts) {
        Ok(a) => a,
        Err(e) => return Handled::unavailable(&e),
    };
    let subject = crate::conversation::subject(&answer).map(str::to_string);
    answer.question = vraag.to_string();
    let reply = render::answer(&answer);
    Handled {
        subject,
        ..Handled::answered(&answer, reply)
    }
}

/// `/termijn regel:<id> datum:<datum>`: the term computed by the library from the rule in
/// `config/termijnen.toml`, as `normwijzer termijn <regel> <datum>` does: both ends, every
/// shifted day with its reason, the rule's passage as citation, assumptions and warnings. An
/// unknown rule or a date that does not exist is one Dutch sentence.
pub fn termijn(engine: &Engine, regel: &str, datum: &str, today: Date) -> Handled {
    let checks = engine.checks();
    if !has_text(regel) {
        let known: Vec<&str> = checks.termijnen().iter().map(|r| r.id.as_str()).collect();
        return Handled::rejected(&render::escape(&format!(
            "Geef aan om welke termijn het gaat; bekende termijnen: {}.",
            if known.is_empty() {
                "geen".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    if !has_text(datum) {
        // An unknown rule is the first thing to say.
        if let Err(e) = checks.termijnen().get(regel) {
            return Handled::rejected(&render::escape(&sentence(&e.to_string())));
        }
        return Handled::rejected(&render::escape(&format!(
            "Geef de startdatum, bijvoorbeeld: /termijn regel:{} datum:2 maart 2026.",
            render::truncate(regel.trim(), 100)
        )));
    }
    match checks.termijn_answer(regel, datum, today) {
        Ok(answer) => {
            let mut reply = render::answer(&answer);
            let heading = match answer.checks.first() {
                Some(Check::Termijn { rule, start, .. }) => {
                    format!("{rule} · {}", crate::text::dutch::date(*start))
                }
                _ => regel.trim().to_string(),
            };
            reply.content = render::question_line("Termijn", &heading);
            Handled::answered(&answer, reply)
        }
        Err(e) => Handled::rejected(&render::escape(&termijn_error(&e))),
    }
}

/// A term error as one Dutch sentence, starting with a capital and ending with a full stop.
fn termijn_error(e: &CheckError) -> String {
    let text = sentence(&e.to_string());
    match e {
        // These already say how to write a date.
        CheckError::Date(DateError::NotADate(_) | DateError::WeekdayMismatch { .. }) => text,
        CheckError::Date(_) => {
            format!("{text} Geef een bestaande datum, bijvoorbeeld 2 maart 2026 of 2-3-2026.")
        }
        CheckError::Termijn(_) => text,
    }
}

fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut c = text.chars();
    let mut out: String = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// `/begrip term:<...>`: `wat is <term>`, answered from the glossaries.
pub fn begrip(engine: &Engine, term: &str, opts: &AskOptions) -> Handled {
    let asked = question_text(term);
    if !has_text(&asked) {
        return Handled::rejected("Geef een begrip of afkorting, bijvoorbeeld: /begrip ZAT");
    }
    let answer = match engine.ask(&format!("wat is {asked}"), opts) {
        Ok(a) => a,
        Err(e) => return Handled::unavailable(&e),
    };
    let mut reply = render::answer(&answer);
    reply.content = render::question_line("Begrip", term);
    Handled::answered(&answer, reply)
}

/// `/bron id:<passage-id>`: the passage for everyone in the channel; an unknown id gets
/// similar ids as buttons.
pub fn bron(engine: &Engine, id: &str, today: Date) -> Handled {
    if !has_text(id) {
        return Handled::rejected(
            "Geef de id van een passage, bijvoorbeeld: /bron anb#zorgplicht-1",
        );
    }
    match engine.passage(id, today) {
        Ok(Some(view)) => Handled::ok(render::passage(&view)),
        Ok(None) => Handled::ok(render::passage_not_found(id, &engine.similar_ids(id))),
        Err(e) => Handled::unavailable(&AskError::Index(e)),
    }
}

/// `/bronnen`: every document with its status on `today`, as `normwijzer bronnen` gives it.
pub fn bronnen(engine: &Engine, today: Date) -> Handled {
    Handled::ok(render::documents(&engine.checks().bronnen(today), today))
}

/// A button press: "Toon hele passage" (and the previous/next/similar passage buttons) shows
/// the passage to whoever pressed; any other button is stale.
pub fn button(engine: &Engine, custom_id: &str, today: Date) -> Handled {
    match render::passage_from_button(custom_id) {
        Some(id) => {
            let mut h = bron(engine, id, today);
            h.reply = h.reply.ephemeral(true);
            h
        }
        None => Handled::rejected("Deze knop werkt niet meer; stel de vraag opnieuw."),
    }
}

/// An answer recorded in the feedback database, with 👍/👎 buttons under it whose custom ids
/// carry the vote, the outcome and the answer's reference ([`render::feedback_button_id`]).
/// Anything that is not an answer, and every reply when feedback is off, is left as it is.
pub fn with_feedback(mut h: Handled, feedback: &Feedback, channel: feedback::Channel) -> Handled {
    let Some(cited) = &h.cited else {
        return h;
    };
    let record = feedback.record_parts(
        channel,
        cited.outcome,
        cited.passages.clone(),
        &cited.question,
    );
    if let Some(reference) = record {
        h.reply
            .add_feedback_buttons(cited.outcome.letter(), &reference);
    }
    h
}

/// A 👍/👎 press (custom id from [`with_feedback`]): recorded with the passages of the
/// answer it was under, and thanked for, only to whoever pressed. `None` for other buttons.
/// Blocking briefly: an answer no longer in memory is looked up in the database.
pub fn feedback_press(
    feedback: &Feedback,
    custom_id: &str,
    channel: feedback::Channel,
) -> Option<Handled> {
    let (vote, outcome, reference) = render::feedback_from_button(custom_id)?;
    let vote = feedback::Vote::parse(vote)?;
    let mut outcome = feedback::Outcome::from_letter(outcome)?;
    let mut passages = Vec::new();
    if let Some((o, p)) = feedback.lookup(reference) {
        outcome = o;
        passages = p;
    }
    feedback.record_vote(VoteCast {
        channel,
        vote,
        outcome,
        passages,
        reference: Some(reference.to_string()),
    });
    Some(Handled::ok(render::thanks()))
}

/// What the engine is asked: the text without Discord's mention markup (`<@…>`, `<@&…>`,
/// `<#…>`) and without `@everyone`/`@here`, which are about who reads, not about the question.
pub fn question_text(raw: &str) -> String {
    static MARKUP: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let re = MARKUP
        .get_or_init(|| regex::Regex::new(r"(?i)<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b").ok());
    let Some(re) = re else {
        return raw.trim().to_string();
    };
    re.replace_all(raw, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Autocomplete
// ---------------------------------------------------------------------------------------------

/// What autocomplete offers: glossary terms and abbreviations for `/begrip term`, the
/// configured term rules for `/termijn regel`.
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    terms: Terms,
    rules: Terms,
}

impl Suggestions {
    /// Collects the terms and rules from the engine (reads every document's passages once).
    pub fn from_engine(engine: &Engine) -> Suggestions {
        Suggestions {
            terms: Terms::from_engine(engine),
            rules: Terms::new(
                engine
                    .checks()
                    .termijnen()
                    .iter()
                    .map(|r| (format!("{} — {}", r.id, r.name), r.id.clone())),
            ),
        }
    }

    /// Up to 25 choices for option `option` of `command`, given what was typed so far; none
    /// for options without autocomplete.
    pub fn suggest(&self, command: &str, option: &str, typed: &str) -> Vec<Choice> {
        match (command, option) {
            ("begrip", "term") => self.terms.suggest(typed),
            ("termijn", "regel") => self.rules.suggest(typed),
            _ => Vec::new(),
        }
    }
}

/// The [`Suggestions`] of the engine served now, for a service whose engine a reload swaps
/// ([`crate::serve::reload::Served`]): collected on the first autocomplete of each engine, so
/// a term or rule added by a reload is offered and a removed one no longer is.
#[derive(Default)]
pub struct LiveSuggestions {
    /// The engine the cached suggestions came from (weak: an engine swapped out is freed; the
    /// weak pointer keeps its address from being reused by a new one) and those suggestions.
    cached: std::sync::Mutex<Option<(std::sync::Weak<Engine>, std::sync::Arc<Suggestions>)>>,
}

impl LiveSuggestions {
    /// The suggestions of `engine`: the cached ones when they came from it, else collected
    /// now (blocking: reads every document's passages once).
    pub fn of(&self, engine: &std::sync::Arc<Engine>) -> std::sync::Arc<Suggestions> {
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((from, suggestions)) = cached.as_ref()
            && std::ptr::eq(from.as_ptr(), std::sync::Arc::as_ptr(engine))
        {
            return suggestions.clone();
        }
        let fresh = std::sync::Arc::new(Suggestions::from_engine(engine));
        *cached = Some((std::sync::Arc::downgrade(engine), fresh.clone()));
        fresh
    }
}

/// Autocomplete entries: (name shown, value sent), matched on the folded name.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    entries: Vec<TermEntry>,
}

#[derive(Debug, Clone)]
struct TermEntry {
    name: String,
    value: String,
    /// Folded name, for matching what is typed.
    key: String,
}

impl Terms {
    /// The terms `/begrip` suggests: glossary headings of all documents and the abbreviations
    /// of `config/synonyms.toml` (members written in capitals).
    pub fn from_engine(engine: &Engine) -> Terms {
        let mut items: Vec<(String, String)> = Vec::new();
        for doc in engine.documents() {
            let Ok(passages) = engine.document_passages(&doc.id) else {
                continue;
            };
            for g in passages.iter().filter_map(|p| p.glossary.as_ref()) {
                items.push((g.heading.clone(), g.heading.clone()));
            }
        }
        for group in &engine.config().synonyms.groups {
            let meaning = group.terms.iter().find(|t| !is_abbreviation(t));
            for abbr in group.terms.iter().filter(|t| is_abbreviation(t)) {
                let name = match meaning {
                    Some(m) => format!("{abbr} — {m}"),
                    None => abbr.clone(),
                };
                items.push((name, abbr.clone()));
            }
        }
        Terms::new(items)
    }

    /// Terms from (name shown, value sent) pairs; the first of equal values wins.
    pub fn new(items: impl IntoIterator<Item = (String, String)>) -> Terms {
        let mut entries: Vec<TermEntry> = Vec::new();
        for (name, value) in items {
            let key = fold(&name);
            if entries.iter().any(|e| fold(&e.value) == fold(&value)) {
                continue;
            }
            entries.push(TermEntry { name, value, key });
        }
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Terms { entries }
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Up to 25 suggestions for what was typed: names starting with it first, then names with a
    /// word starting with it, then names containing it.
    pub fn suggest(&self, typed: &str) -> Vec<Choice> {
        let typed = fold(typed.trim());
        let mut ranked: Vec<(u8, &TermEntry)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let rank = if e.key.starts_with(&typed) {
                    0
                } else if e
                    .key
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(&typed))
                {
                    1
                } else if e.key.contains(&typed) {
                    2
                } else {
                    return None;
                };
                Some((rank, e))
            })
            .collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.key.cmp(&b.1.key)));
        render::choices(ranked.into_iter().map(|(_, e)| (&e.name, &e.value)))
    }
}

/// `OPP`, `IB`, `ZAT`: at least two letters, all capitals.
fn is_abbreviation(term: &str) -> bool {
    let letters: Vec<char> = term.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && !term.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_lose_mention_markup() {
        assert_eq!(
            question_text("@everyone <@12> <@!3> <@&4> <#5> wat is een ZAT? @Here"),
            "wat is een ZAT?"
        );
        assert_eq!(
            question_text("mail naar x@everyonemail.nl"),
            "mail naar x@everyonemail.nl"
        );
    }

    #[test]
    fn abbreviations_are_capitals() {
        assert!(is_abbreviation("OPP"));
        assert!(is_abbreviation("ZAT"));
        assert!(!is_abbreviation("IB'er"));
        assert!(!is_abbreviation("zoco"));
        assert!(!is_abbreviation("A"));
    }

    #[test]
    fn suggestions_rank_prefixes_first() {
        let terms = Terms::new([
            (
                "Zorgadviesteam (ZAT)".to_string(),
                "Zorgadviesteam (ZAT)".to_string(),
            ),
            ("ZAT — zorgadviesteam".to_string(), "ZAT".to_string()),
            (
                "Basisondersteuning".to_string(),
                "Basisondersteuning".to_string(),
            ),
            (
                "Ondersteuningsplan".to_string(),
                "Ondersteuningsplan".to_string(),
            ),
            (
                "OPP — ontwikkelingsperspectiefplan".to_string(),
                "OPP".to_string(),
            ),
            ("opp".to_string(), "opp".to_string()),
        ]);
        assert_eq!(terms.len(), 5, "equal values are merged");
        let s = terms.suggest("zat");
        assert_eq!(s[0].value, "ZAT");
        assert!(s.iter().any(|c| c.value == "Zorgadviesteam (ZAT)"));
        let s = terms.suggest("ondersteun");
        assert_eq!(s[0].value, "Ondersteuningsplan");
        assert_eq!(s[1].value, "Basisondersteuning");
        assert!(terms.suggest("").len() == 5);
        assert!(terms.suggest("xyz").is_empty());
        let many = Terms::new((0..60).map(|i| (format!("term {i}"), format!("term {i}"))));
        assert_eq!(many.suggest("term").len(), 25);
    }

    #[test]
    fn error_sentences_start_with_a_capital_and_end_with_a_stop() {
        assert_eq!(sentence("onbekende termijn „x”"), "Onbekende termijn „x”.");
        assert_eq!(
            sentence("Welke datum is bedoeld?"),
            "Welke datum is bedoeld?"
        );
        assert_eq!(sentence("„31 februari”"), "„31 februari”.");
        assert_eq!(sentence("  "), "");
        let e = CheckError::Date(DateError::NoSuchDay {
            text: "31 februari 2026".into(),
            month: "februari",
            year: 2026,
            days: 28,
        });
        assert_eq!(
            termijn_error(&e),
            "„31 februari 2026” bestaat niet: februari 2026 heeft 28 dagen. Geef een bestaande datum, bijvoorbeeld 2 maart 2026 of 2-3-2026."
        );
    }
}
