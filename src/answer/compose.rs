//! Composing a reply once: the engine and the checks hand over structured [`Block`]s and the
//! passages they cite ([`Cite`]); [`finish`] orders the citations, numbers them, and renders
//! every block to Dutch text with its final citation numbers. Nothing is rendered before the
//! numbers are known, so nothing is ever renumbered or edited afterwards.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use crate::model::{
    Answer, Check, Citation, Computation, Decision, DocStatus, Suggestion, Verdict,
};
use crate::text::{self, cited, dutch, quoted};

/// A quote from a passage as a block shows it, before its number is known.
#[derive(Debug, Clone)]
pub struct SourceQuote {
    /// Passage id: the number is looked up by it.
    pub passage: String,
    /// Document title.
    pub title: String,
    /// The passage's own section title (`Zorgplicht`), or `begin`.
    pub section: String,
    /// The quote, verbatim.
    pub quote: String,
}

/// A passage to cite, with the warnings its document brings (expired, another region).
#[derive(Debug, Clone)]
pub struct Cite {
    /// The citation; its rank is set by [`finish`].
    pub citation: Citation,
    /// Warnings for the document on the answer's date.
    pub warnings: Vec<String>,
    /// The same, short, for a citation the answer does not rest on ("zie ook").
    pub badge: Option<String>,
}

/// How a ranked passage is introduced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The best passage: `Volgens … › …:`.
    Lead,
    /// The glossary entry that defines what a "wat is X?" question asks: `X — volgens de
    /// begrippenlijst van de …:`.
    Definition {
        /// The glossary heading (`Zorgadviesteam (ZAT)`).
        heading: String,
    },
    /// A further passage: `Zie ook … › …:`.
    SeeAlso,
}

/// One part of a reply.
#[derive(Debug, Clone)]
pub enum Block {
    /// Text without citations (a notice, the headings of a series).
    Text(String),
    /// A passage from the ranking with its quote.
    Passage {
        /// The quote.
        quote: SourceQuote,
        /// A list's lead-in line when the quote starts below it.
        lead_in: Option<String>,
        /// How it is introduced.
        role: Role,
    },
    /// A computed term; its citations are the rule's passages.
    Termijn(Box<Computation>),
    /// A term question that could not be computed: no date given, or the date is wrong.
    TermijnZonderDatum {
        /// Rule name.
        name: String,
        /// The rule in words (`6 weken, met uitloop tot 10 weken, …`).
        summary: String,
        /// What starts the term.
        start: String,
        /// Why it could not be computed; `None` when the question gave no date.
        failure: Option<String>,
        /// The rule's passages.
        quotes: Vec<SourceQuote>,
    },
    /// The validity of one or more documents on a day.
    Geldigheid {
        /// The day.
        today: Date,
        /// Per document its status and the passages that state it.
        rows: Vec<(DocStatus, Vec<SourceQuote>)>,
    },
    /// The OPP decision with the branches it rests on.
    Opp {
        /// The decision.
        decision: Decision,
        /// The branches shown, in the decision's order.
        branches: Vec<OppLine>,
    },
}

/// One branch of an OPP decision as the reply shows it.
#[derive(Debug, Clone)]
pub struct OppLine {
    /// The situation in Dutch.
    pub when: String,
    /// What the documents say.
    pub verdict: Verdict,
    /// False for "zie ook".
    pub primary: bool,
    /// The passages it rests on.
    pub quotes: Vec<SourceQuote>,
    /// Status notes of documents that are limited in time or place.
    pub notes: Vec<String>,
}

/// What the ranked passages give: blocks in reply order and the passages they cite.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The question as asked.
    pub question: String,
    /// Whether the passages do not (reliably) answer it.
    pub abstained: bool,
    /// Whether the passages cited are the closest ones rather than a sure answer.
    pub unsure: bool,
    /// The reply's parts.
    pub blocks: Vec<Block>,
    /// Cited passages, best first.
    pub cites: Vec<Cite>,
    /// Places to look, when abstaining.
    pub suggestions: Vec<Suggestion>,
    /// The earlier question this one continued, said above the reply.
    pub continued: Option<String>,
}

/// What a deterministic check adds to a reply.
#[derive(Debug, Clone)]
pub struct CheckReply {
    /// Its part of the reply, shown on top.
    pub block: Block,
    /// The structured results.
    pub checks: Vec<Check>,
    /// Passages cited before the ranked ones (the rule a term rests on).
    pub first: Vec<Cite>,
    /// Passages cited after the ranked ones.
    pub after: Vec<Cite>,
}

/// The "not in the documents" draft, with the nearest sections as places to look.
pub fn abstain(question: &str, suggestions: Vec<Suggestion>) -> Draft {
    let mut body = String::from("Ik vind hierover niets in de documenten.");
    if !suggestions.is_empty() {
        body.push_str(
            " Deze onderdelen liggen er het dichtst bij, maar beantwoorden de vraag niet zeker: ",
        );
        body.push_str(&places(&suggestions));
    }
    notice(question, body, suggestions)
}

/// The suggested sections as one sentence's end: "Titel › Sectie (id); …".
fn places(suggestions: &[Suggestion]) -> String {
    let places: Vec<String> = suggestions
        .iter()
        .map(|s| format!("{} › {} ({})", s.title, s.section, s.passage))
        .collect();
    format!("{}.", places.join("; "))
}

/// The reply to a question for a value (an amount, a frequency, a time) that the documents treat
/// without stating it: they are not silent on the subject, so it names the sections that are
/// about it.
pub fn no_value(
    question: &str,
    kind: crate::search::plan::AnswerType,
    suggestions: Vec<Suggestion>,
) -> Draft {
    use crate::search::plan::AnswerType;
    let mut body = String::from(match kind {
        AnswerType::Frequency => "In de documenten staat niet hoe vaak dat is.",
        AnswerType::Time => "In de documenten staat hiervoor geen tijd of termijn.",
        AnswerType::Money => "In de documenten staat niet wat dit kost of wie het betaalt.",
        AnswerType::Outcome => "In de documenten staat niet wat daaruit is gekomen.",
        AnswerType::Number | AnswerType::Contrast => {
            "In de documenten staat hiervoor geen aantal of bedrag."
        }
    });
    if !suggestions.is_empty() {
        body.push_str(" Deze onderdelen gaan er het dichtst over, maar noemen het niet: ");
        body.push_str(&places(&suggestions));
    }
    notice(question, body, suggestions)
}

/// The reply to a question about a school matter other laws, the school or its board settle
/// (leave, teaching time, staff): the documents are about passend onderwijs.
pub fn other_rules(question: &str) -> Draft {
    notice(
        question,
        "Ik vind hierover niets in de documenten. Ze gaan over passend onderwijs: de basisondersteuning, extra ondersteuning, het OPP en de toelaatbaarheid. Zaken als verlof, onderwijstijd, personeel, foto's en privacy, gezag of zittenblijven regelen andere wetten en de school of het bestuur zelf; kijk in de schoolgids of vraag het je directeur.".into(),
        Vec::new(),
    )
}

/// The reply to a question about what a thing holds that the documents only name (the
/// meldcode): they name it, with the sections that do, and do not describe it.
pub fn named_only(question: &str, suggestions: Vec<Suggestion>) -> Draft {
    let mut body = String::from(
        "De documenten noemen dit alleen, als protocol dat een school moet hebben; wat erin staat (de stappen, wie wat doet) beschrijven ze niet. Kijk in het protocol van je eigen school of vraag het je directeur.",
    );
    if !suggestions.is_empty() {
        body.push_str(" Hier wordt het genoemd: ");
        body.push_str(&places(&suggestions));
    }
    notice(question, body, suggestions)
}

/// Marks a draft as the closest passages rather than a sure answer; [`finish`] says so before
/// them.
pub fn hedge(draft: &mut Draft) {
    draft.unsure = true;
}

/// What precedes the passages of an unsure draft: alone they are the closest matches; after a
/// check that answered (from its rules) they are further reading, not the answer.
fn hedge_text(checked: bool) -> &'static str {
    if checked {
        "Deze passages liggen er verder het dichtst bij:"
    } else {
        "Ik weet niet zeker of de documenten precies dit beantwoorden. Dit zijn de passages die er het dichtst bij liggen:"
    }
}

/// An abstaining draft that says `text` (an empty question, a request to write something).
pub fn notice(question: &str, text: String, suggestions: Vec<Suggestion>) -> Draft {
    Draft {
        question: question.to_string(),
        abstained: true,
        unsure: false,
        blocks: vec![Block::Text(text)],
        cites: Vec::new(),
        suggestions,
        continued: None,
    }
}

/// The answer: the checks' blocks on top, then the ranked passages (those a check already
/// quotes left out), citations in that order and numbered once.
pub fn finish(draft: Draft, replies: Vec<CheckReply>) -> Answer {
    let checked = !replies.is_empty();
    // A check answers what the passages could not: their "nothing found" goes.
    let (blocks, engine_cites, suggestions) = if checked && draft.abstained {
        (Vec::new(), Vec::new(), Vec::new())
    } else {
        (draft.blocks, draft.cites, draft.suggestions)
    };
    let first: Vec<Cite> = replies.iter().flat_map(|r| r.first.clone()).collect();
    let after: Vec<Cite> = replies.iter().flat_map(|r| r.after.clone()).collect();
    let (warnings, badges) = warnings_and_badges(&blocks, &engine_cites, &first, &after);
    let cites = order(engine_cites, first, after);
    let citations: Vec<Citation> = cites
        .into_iter()
        .enumerate()
        .map(|(i, c)| Citation {
            rank: i + 1,
            ..c.citation
        })
        .collect();
    let rank = |id: &str| {
        citations
            .iter()
            .find(|c| c.passage == id)
            .map_or(0, |c| c.rank)
    };
    let quoted_by_checks: HashSet<String> =
        replies.iter().flat_map(|r| passages(&r.block)).collect();
    let mut parts: Vec<String> = draft
        .continued
        .iter()
        .map(|previous| {
            format!(
                "Vervolg op je vorige vraag {}:",
                crate::text::quoted(previous)
            )
        })
        .collect();
    parts.extend(replies.iter().map(|r| render(&r.block, &rank)));
    let quoted_by_check = |b: &Block| match b {
        Block::Passage { quote, .. } => quoted_by_checks.contains(&quote.passage),
        _ => false,
    };
    let rendered: Vec<String> = blocks
        .iter()
        .filter(|b| !quoted_by_check(b))
        .map(|b| {
            let text = render(b, &rank);
            match b {
                Block::Passage { quote, .. } => match badges.get(&quote.passage) {
                    Some(badge) => format!("{text} ({badge})"),
                    None => text,
                },
                _ => text,
            }
        })
        .collect();
    if draft.unsure && !rendered.is_empty() {
        parts.push(hedge_text(checked).to_string());
    }
    parts.extend(rendered);
    Answer {
        question: draft.question,
        abstained: draft.abstained && !checked,
        unsure: draft.unsure && !checked,
        body: parts.join("\n\n"),
        citations,
        checks: replies.into_iter().flat_map(|r| r.checks).collect(),
        warnings,
        suggestions,
        continued: draft.continued,
    }
}

/// Warnings on top for the sources the answer rests on (the lead passage, the rules of the
/// checks), in reply order; a "zie ook" carries a badge of its own instead (passage id → badge).
fn warnings_and_badges(
    blocks: &[Block],
    engine_cites: &[Cite],
    first: &[Cite],
    after: &[Cite],
) -> (Vec<String>, HashMap<String, String>) {
    let see_also: HashSet<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Passage {
                quote,
                role: Role::SeeAlso,
                ..
            } => Some(quote.passage.as_str()),
            _ => None,
        })
        .collect();
    let badges: HashMap<String, String> = engine_cites
        .iter()
        .filter(|c| see_also.contains(c.citation.passage.as_str()))
        .filter_map(|c| Some((c.citation.passage.clone(), c.badge.clone()?)))
        .collect();
    let mut warnings = Vec::new();
    for c in engine_cites.iter().chain(first).chain(after) {
        let rests_on = !see_also.contains(c.citation.passage.as_str())
            || first
                .iter()
                .chain(after)
                .any(|f| f.citation.passage == c.citation.passage);
        if rests_on {
            crate::corpus::status::add_unique(&mut warnings, c.warnings.iter().cloned());
        }
    }
    (warnings, badges)
}

/// The citation order: the checks' `first` passages in front (moved there when the ranking
/// cites them too), then the ranked ones, then the checks' `after` passages not cited yet. When
/// the ranking's lead is itself one of the checks' passages, it keeps the lead: the ranking
/// found the rule that matches the question best ("OPP bij sociaal-emotioneel leren?").
fn order(engine: Vec<Cite>, first: Vec<Cite>, after: Vec<Cite>) -> Vec<Cite> {
    let mut engine = engine;
    let mut out: Vec<Cite> = Vec::new();
    let cited = |cs: &[Cite], id: &str| cs.iter().any(|c| c.citation.passage == id);
    if let Some(lead) = engine.first()
        && !first.is_empty()
        && (cited(&first, &lead.citation.passage) || cited(&after, &lead.citation.passage))
    {
        out.push(engine.remove(0));
    }
    for c in first {
        if cited(&out, &c.citation.passage) {
            continue;
        }
        match engine
            .iter()
            .position(|e| e.citation.passage == c.citation.passage)
        {
            Some(i) => out.push(engine.remove(i)),
            None => out.push(c),
        }
    }
    out.append(&mut engine);
    for c in after {
        if !cited(&out, &c.citation.passage) {
            out.push(c);
        }
    }
    out
}

/// The passage ids a block quotes.
fn passages(block: &Block) -> Vec<String> {
    let ids = |qs: &[SourceQuote]| qs.iter().map(|q| q.passage.clone()).collect::<Vec<_>>();
    match block {
        Block::Text(_) => Vec::new(),
        Block::Passage { quote, .. } => vec![quote.passage.clone()],
        Block::Termijn(c) => c.citations.iter().map(|c| c.passage.clone()).collect(),
        Block::TermijnZonderDatum { quotes, .. } => ids(quotes),
        Block::Geldigheid { rows, .. } => rows.iter().flat_map(|(_, q)| ids(q)).collect(),
        Block::Opp { branches, .. } => branches.iter().flat_map(|b| ids(&b.quotes)).collect(),
    }
}

/// A block in Dutch, with the citation numbers `rank` gives.
fn render(block: &Block, rank: &dyn Fn(&str) -> usize) -> String {
    match block {
        Block::Text(t) => t.clone(),
        Block::Passage {
            quote,
            lead_in,
            role,
        } => passage(quote, lead_in.as_deref(), role, rank(&quote.passage)),
        Block::Termijn(c) => termijn(c, rank),
        Block::TermijnZonderDatum {
            name,
            summary,
            start,
            failure,
            quotes,
        } => {
            let sources = sources(quotes, rank);
            match failure {
                None => format!(
                    "{name}: {summary}. Noem de datum van de {start} (bijvoorbeeld „op 2 maart 2026”), dan reken ik de uiterste datum uit.\n{sources}"
                ),
                Some(msg) => format!(
                    "{}. Ik kan de termijn daarom niet uitrekenen; noem de datum opnieuw, bijvoorbeeld 2 maart 2026 of 2-3-2026.\n{name}: {summary}.\n{sources}",
                    text::capitalize(msg)
                ),
            }
        }
        Block::Geldigheid { today, rows } => geldigheid(*today, rows, rank),
        Block::Opp { decision, branches } => opp(decision, branches, rank),
    }
}

/// `Volgens ANB › Zorgplicht: „…” [1]`.
fn passage(q: &SourceQuote, lead_in: Option<&str>, role: &Role, n: usize) -> String {
    let shown = match lead_in {
        Some(lead) => format!("„{lead} … {}”", q.quote.replace('\n', " … ")),
        None => quoted(&q.quote),
    };
    match role {
        Role::Definition { heading } => format!(
            "{heading} — volgens de begrippenlijst van de {}: {shown} [{n}]",
            q.title
        ),
        Role::Lead => format!("Volgens {} › {}: {shown} [{n}]", q.title, q.section),
        Role::SeeAlso => format!("Zie ook {} › {}: {shown} [{n}]", q.title, q.section),
    }
}

/// `ANB › Zorgplicht: „…” [1]`, one line per source.
fn sources(quotes: &[SourceQuote], rank: &dyn Fn(&str) -> usize) -> String {
    quotes
        .iter()
        .map(|q| {
            format!(
                "{} › {}: {}",
                q.title,
                q.section,
                cited(&q.quote, rank(&q.passage))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The computed term: heading, assumptions, both ends, every step, the source with its
/// numbers, then the warnings.
fn termijn(c: &Computation, rank: &dyn Fn(&str) -> usize) -> String {
    let refs: Vec<String> = c
        .citations
        .iter()
        .map(|s| format!("[{}]", rank(&s.passage)))
        .collect();
    let sources: Vec<String> = c
        .citations
        .iter()
        .map(|s| {
            format!(
                "{} › {}: „{}”",
                s.title,
                s.section.rsplit(" › ").next().unwrap_or(&s.section),
                s.quote.replace('\n', " ")
            )
        })
        .collect();
    let mut out = text::termijn::lines(c);
    out.push(format!("Bron: {} {}", sources.join("; "), refs.join(" ")));
    out.extend(text::termijn::other_warnings(c).cloned());
    out.join("\n")
}

/// `Geldigheid op …:` and one line per document with the lines that state it.
fn geldigheid(
    today: Date,
    rows: &[(DocStatus, Vec<SourceQuote>)],
    rank: &dyn Fn(&str) -> usize,
) -> String {
    let mut lines = vec![format!("Geldigheid op {}:", dutch::date(today))];
    for (s, quotes) in rows {
        let mut line = format!("- „{}” ({}): {}.", s.title, s.doc, s.summary);
        if !quotes.is_empty() {
            let shown: Vec<String> = quotes
                .iter()
                .map(|q| cited(&q.quote, rank(&q.passage)))
                .collect();
            line.push_str(&format!(" In het document: {}", shown.join(" ")));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The OPP verdict first, then each branch with its quotes.
fn opp(decision: &Decision, branches: &[OppLine], rank: &dyn Fn(&str) -> usize) -> String {
    let mut out = String::from(match (decision.decision, &decision.level) {
        (Some(Verdict::Verplicht), _) => "OPP: verplicht, volgens de documenten.",
        (Some(Verdict::Kan), _) => {
            "OPP: niet verplicht; de school kan ervoor kiezen, volgens de documenten."
        }
        (Some(Verdict::NietGenoemd), _) => {
            "OPP: de documenten noemen het hier niet als verplichting."
        }
        (None, Some(_)) => "OPP: de documenten zeggen hier niet hetzelfde.",
        (None, None) => {
            "OPP: dat hangt af van de ondersteuning die de leerling krijgt. Volgens de documenten:"
        }
    });
    for b in branches {
        let quotes: Vec<String> = b
            .quotes
            .iter()
            .map(|q| cited(&q.quote, rank(&q.passage)))
            .collect();
        let note = if b.notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", b.notes.join("; "))
        };
        let lead = if b.primary { "" } else { "Zie ook: " };
        let said = if b.verdict == Verdict::NietGenoemd {
            "Wel staat er:"
        } else {
            "Er staat:"
        };
        out.push_str(&format!(
            "\n- {lead}{}: {}. {said} {}{note}",
            b.when,
            verdict(b.verdict),
            quotes.join(" ")
        ));
    }
    out
}

/// What a verdict says, as a clause.
fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Verplicht => "een OPP is verplicht",
        Verdict::Kan => "de school kan ervoor kiezen een OPP op te stellen; het is niet verplicht",
        Verdict::NietGenoemd => "de documenten noemen een OPP hier niet als verplichting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatusLabel;

    fn cite(id: &str) -> Cite {
        Cite {
            citation: Citation {
                rank: 0,
                doc: "anb".into(),
                title: "ANB".into(),
                section: "Zorgplicht".into(),
                passage: id.into(),
                text: format!("tekst van {id}"),
                quote: format!("quote {id}"),
                region: "almere".into(),
                status: StatusLabel::Geldig,
                score: 1.0,
                source_range: 0..1,
            },
            warnings: vec![format!("waarschuwing {id}")],
            badge: Some("⚠ verlopen".into()),
        }
    }

    fn quote(id: &str) -> SourceQuote {
        SourceQuote {
            passage: id.into(),
            title: "ANB".into(),
            section: "Zorgplicht".into(),
            quote: format!("quote {id}"),
        }
    }

    fn ranked(ids: &[&str]) -> Draft {
        Draft {
            question: "vraag".into(),
            abstained: false,
            unsure: false,
            blocks: ids
                .iter()
                .enumerate()
                .map(|(i, id)| Block::Passage {
                    quote: quote(id),
                    lead_in: None,
                    role: if i == 0 { Role::Lead } else { Role::SeeAlso },
                })
                .collect(),
            cites: ids.iter().map(|id| cite(id)).collect(),
            suggestions: Vec::new(),
            continued: None,
        }
    }

    #[test]
    fn ranked_passages_are_numbered_in_order() {
        let a = finish(ranked(&["a", "b"]), Vec::new());
        assert_eq!(
            a.body,
            "Volgens ANB › Zorgplicht: „quote a” [1]\n\nZie ook ANB › Zorgplicht: „quote b” [2] (⚠ verlopen)"
        );
        // The answer rests on a: its warning goes on top; b carries its badge.
        assert_eq!(a.warnings, ["waarschuwing a"]);
    }

    #[test]
    fn a_check_cites_first_and_its_quote_is_not_repeated() {
        let reply = CheckReply {
            block: Block::TermijnZonderDatum {
                name: "Zorgplicht".into(),
                summary: "6 weken".into(),
                start: "aanmelding".into(),
                failure: None,
                quotes: vec![quote("b")],
            },
            checks: Vec::new(),
            first: vec![cite("b")],
            after: vec![cite("c")],
        };
        let a = finish(ranked(&["a", "b"]), vec![reply]);
        let ids: Vec<(&str, usize)> = a
            .citations
            .iter()
            .map(|c| (c.passage.as_str(), c.rank))
            .collect();
        assert_eq!(ids, [("b", 1), ("a", 2), ("c", 3)]);
        assert!(a.body.starts_with("Zorgplicht: 6 weken."), "{}", a.body);
        assert!(a.body.contains("„quote b” [1]"), "{}", a.body);
        assert!(
            a.body.ends_with("Volgens ANB › Zorgplicht: „quote a” [2]"),
            "{}",
            a.body
        );
        assert_eq!(a.body.matches("quote b").count(), 1, "{}", a.body);
    }

    #[test]
    fn opp_lines_give_the_verdict_the_quotes_and_the_status_notes() {
        let decision = Decision {
            decision: None,
            level: None,
            branches: Vec::new(),
        };
        let line = |when: &str, verdict, primary, id: &str, notes: Vec<String>| OppLine {
            when: when.into(),
            verdict,
            primary,
            quotes: vec![quote(id)],
            notes,
        };
        let text = opp(
            &decision,
            &[
                line(
                    "Bij SEL",
                    Verdict::Verplicht,
                    false,
                    "sel",
                    vec!["verlopen".into()],
                ),
                line(
                    "Bij basisondersteuning",
                    Verdict::NietGenoemd,
                    true,
                    "b",
                    Vec::new(),
                ),
            ],
            &|id| if id == "sel" { 9 } else { 1 },
        );
        assert!(text.starts_with("OPP: dat hangt af"), "{text}");
        assert!(
            text.contains(
                "- Zie ook: Bij SEL: een OPP is verplicht. Er staat: „quote sel” [9] (verlopen)"
            ),
            "{text}"
        );
        assert!(
            text.contains("- Bij basisondersteuning: de documenten noemen een OPP hier niet als verplichting. Wel staat er: „quote b” [1]"),
            "{text}"
        );
    }

    #[test]
    fn a_check_replaces_an_abstention() {
        let draft = abstain("vraag", Vec::new());
        let reply = CheckReply {
            block: Block::Text("Berekend.".into()),
            checks: Vec::new(),
            first: vec![cite("x")],
            after: Vec::new(),
        };
        let a = finish(draft, vec![reply]);
        assert!(!a.abstained);
        assert_eq!(a.body, "Berekend.");
        assert_eq!(a.citations[0].rank, 1);
    }
}
