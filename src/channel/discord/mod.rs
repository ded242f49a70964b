//! Discord rendering: an [`Answer`], a passage, the document list, help and errors as a
//! [`Reply`] (message content, one embed, buttons) that always fits Discord's limits.
//!
//! This module does no networking, so the gateway bot (`serve::discord`) and an HTTP
//! interactions endpoint render the same way: the bot turns a [`Reply`] into serenity builders
//! ([`Reply::to_interaction_message`], [`Reply::to_create_message`], ...), an HTTP service sends
//! [`Reply::interaction_response_json`]. Both carry an empty `allowed_mentions`, so nothing the
//! bot writes can ping anyone.
//!
//! - this file: the renderers, one per kind of reply;
//! - `escape.rs`: measuring, escaping and cutting text ([`escape()`], [`plain`], [`truncate`],
//!   ...);
//! - `embed.rs`: the [`Reply`] values, the budgeted draft that fits an embed into
//!   Discord's [`limits`], and the conversion to serenity builders and JSON.
//!
//! Lengths are measured in UTF-16 code units, which is never less than the number of characters
//! Discord counts, so a reply that fits here fits there. Long text is cut at a sentence boundary
//! if one is near, else between words, and marked with "…".

mod embed;
mod escape;

#[cfg(test)]
#[allow(dead_code)]
#[path = "../../../tests/suite/support/discord_limits.rs"]
mod limit_check;

use std::fmt::Write as _;

use jiff::civil::Date;

pub use self::embed::{
    Button, Choice, Embed, Field, Reply, autocomplete_json, autocomplete_response,
    deferred_response_json, embed_units, limits, no_mentions,
};
pub use self::escape::{code, escape, plain, truncate, units};

use self::embed::{Draft, DraftField, FOOTER_BUDGET};
use self::escape::non_empty;
use crate::channel::summary::{Summary, summaries};
use crate::channel::terminal::preview;
use crate::model::{Answer, Citation, DocStatus, PassageView, StatusLabel};
use crate::text::{dutch, region_name};

/// Message flag that shows a message only to the user who used the command.
pub const EPHEMERAL_FLAG: u64 = 1 << 6;

/// Prefix of the custom id of a "show passage" button; the passage id follows it.
pub const PASSAGE_BUTTON_PREFIX: &str = "nw:bron:";

/// Prefix of the custom id of a 👍/👎 button: `nw:fb:<up|down>:<outcome letter>:<reference>`.
pub const FEEDBACK_BUTTON_PREFIX: &str = "nw:fb:";

/// Embed colour of an answer from valid sources.
pub const COLOR_OK: u32 = 0x2E7D32;
/// Embed colour when warnings are shown (expired, superseded, other region).
pub const COLOR_WARNING: u32 = 0xE67E22;
/// Embed colour when the documents do not cover the question.
pub const COLOR_ABSTAIN: u32 = 0x607D8B;
/// Embed colour of passages, document lists and help.
pub const COLOR_INFO: u32 = 0x1565C0;
/// Embed colour of error messages.
pub const COLOR_ERROR: u32 = 0xC62828;

/// Longest echo of the user's question in the message content.
const QUESTION_ECHO: usize = 300;

/// The content line that repeats what was asked, so everyone in the channel sees the question
/// next to the answer (slash command options are not shown to others).
pub fn question_line(label: &str, text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = format!("**{label}:** {}", truncate(&escape(&flat), QUESTION_ECHO));
    truncate(&line, limits::CONTENT)
}

/// The custom id of the button that shows passage `id`, if it fits Discord's 100 units.
pub fn passage_button_id(id: &str) -> Option<String> {
    let custom = format!("{PASSAGE_BUTTON_PREFIX}{id}");
    (units(&custom) <= limits::CUSTOM_ID).then_some(custom)
}

/// The passage id a button's custom id points to.
pub fn passage_from_button(custom_id: &str) -> Option<&str> {
    custom_id
        .strip_prefix(PASSAGE_BUTTON_PREFIX)
        .filter(|id| !id.is_empty())
}

/// The custom id of a 👍 (`vote` = `up`) or 👎 (`down`) button under an answer with this
/// outcome letter and reference, if it fits Discord's 100 units.
pub fn feedback_button_id(vote: &str, outcome: char, reference: &str) -> Option<String> {
    let custom = format!("{FEEDBACK_BUTTON_PREFIX}{vote}:{outcome}:{reference}");
    (units(&custom) <= limits::CUSTOM_ID).then_some(custom)
}

/// Vote, outcome letter and reference of a 👍/👎 button's custom id.
pub fn feedback_from_button(custom_id: &str) -> Option<(&str, char, &str)> {
    let rest = custom_id.strip_prefix(FEEDBACK_BUTTON_PREFIX)?;
    let mut parts = rest.splitn(3, ':');
    let vote = parts.next()?;
    let mut outcome = parts.next()?.chars();
    let letter = outcome.next()?;
    let reference = parts.next()?;
    let plausible = !reference.is_empty()
        && reference.len() <= 40
        && reference.bytes().all(|b| b.is_ascii_alphanumeric());
    (outcome.next().is_none() && plausible).then_some((vote, letter, reference))
}

/// The reply to a 👍/👎 press, only for whoever pressed.
pub fn thanks() -> Reply {
    let embed = Draft {
        title: "normwijzer".into(),
        description: "Bedankt voor je reactie.".into(),
        color: COLOR_OK,
        ..Default::default()
    }
    .fit();
    let mut r = info_reply(embed, true);
    r.content = "Bedankt voor je reactie.".into();
    r
}

fn status_badge(status: StatusLabel, region: &str) -> String {
    format!(
        "{} · {}",
        code(status.as_str()),
        escape(&region_name(region))
    )
}

fn citation_name(c: &Citation) -> String {
    plain(&format!("[{}] {} › {}", c.rank, c.title, c.section))
}

/// The warnings in bold, one a line, with a blank line below them; empty without warnings.
fn warning_lines(warnings: &[String]) -> String {
    let mut out = String::new();
    for w in warnings {
        let _ = writeln!(out, "⚠ **{}**", escape(w));
    }
    if !warnings.is_empty() {
        out.push('\n');
    }
    out
}

/// A field for a deterministic check (see [`crate::channel::summary`]): its title as the name,
/// the result on the first line, then one short line per detail (each shifted day, document or
/// OPP branch).
fn check_field(s: &Summary) -> DraftField {
    let mut tail = escape(&s.result);
    for d in &s.details {
        let _ = write!(tail, "\n• {}", escape(d));
    }
    DraftField {
        name: plain(&format!("✔ {}", s.title)),
        quote: String::new(),
        tail,
        inline: false,
    }
}

/// An answer: warnings on top, the Dutch reply, one field per check and per citation (document
/// › section, the quote as a block quote, status and region badge), passage ids in the footer,
/// and a "Toon hele passage" button per citation. The content line repeats the question.
pub fn answer(a: &Answer) -> Reply {
    let (title, color) = answer_heading(a);
    let checks = summaries(&a.checks);
    let mut fields: Vec<DraftField> = checks.iter().map(check_field).collect();
    fields.extend(a.citations.iter().map(|c| DraftField {
        name: citation_name(c),
        quote: escape(&c.quote),
        tail: status_badge(c.status, &c.region),
        inline: false,
    }));
    let embed = Draft {
        title: title.into(),
        description: answer_description(a),
        color,
        fields,
        footer: answer_footer(a),
        dropped_note: Some(|n| format!("{n} bron(nen) niet als veld getoond")),
    }
    .fit();
    let shown = embed.fields.len().saturating_sub(checks.len());
    Reply {
        content: question_line("Vraag", &a.question),
        embeds: vec![embed],
        buttons: answer_buttons(a, shown),
        ephemeral: false,
    }
}

/// Title and colour: abstained, warned, or a plain answer.
fn answer_heading(a: &Answer) -> (&'static str, u32) {
    if a.abstained {
        ("Niet gevonden in de documenten", COLOR_ABSTAIN)
    } else if !a.warnings.is_empty() {
        ("Antwoord — let op de waarschuwing", COLOR_WARNING)
    } else {
        ("Antwoord", COLOR_OK)
    }
}

/// Warnings on top, then the reply; an abstention points at the buttons below.
fn answer_description(a: &Answer) -> String {
    let mut description = warning_lines(&a.warnings);
    description.push_str(&escape(&a.body));
    if a.abstained && !a.suggestions.is_empty() {
        description.push_str("\n\nMet de knoppen hieronder bekijk je die onderdelen.");
    }
    description
}

/// The cited passage ids (or, when abstaining, the suggested ones) and how to show them.
fn answer_footer(a: &Answer) -> String {
    let ids: Vec<&str> = if a.citations.is_empty() {
        a.suggestions.iter().map(|s| s.passage.as_str()).collect()
    } else {
        a.citations.iter().map(|c| c.passage.as_str()).collect()
    };
    if ids.is_empty() {
        String::new()
    } else {
        plain(&format!("Passages: {} — /bron id:<id>", ids.join(" · ")))
    }
}

/// A button per citation whose field is shown (the first `shown`); when abstaining, one per
/// suggested section.
fn answer_buttons(a: &Answer, shown: usize) -> Vec<Button> {
    let buttons = if a.citations.is_empty() {
        a.suggestions
            .iter()
            .enumerate()
            .filter_map(|(i, s)| button(&s.passage, &format!("Bekijk onderdeel {}", i + 1)))
            .collect()
    } else {
        a.citations
            .iter()
            .take(shown)
            .filter_map(|c| button(&c.passage, &format!("Toon hele passage [{}]", c.rank)))
            .collect()
    };
    dedup_buttons(buttons)
}

fn button(passage: &str, label: &str) -> Option<Button> {
    Some(Button {
        custom_id: passage_button_id(passage)?,
        label: truncate(&plain(label), limits::BUTTON_LABEL),
    })
}

fn dedup_buttons(buttons: Vec<Button>) -> Vec<Button> {
    let mut out: Vec<Button> = Vec::new();
    for b in buttons {
        if out.len() < limits::ROWS * limits::BUTTONS_PER_ROW
            && !out.iter().any(|x| x.custom_id == b.custom_id)
        {
            out.push(b);
        }
    }
    out
}

/// A passage with its document, status, region and neighbours (`/bron` and the "Toon hele
/// passage" button). A passage longer than a message allows is cut, and the footer says so.
pub fn passage(v: &PassageView) -> Reply {
    let mut description = warning_lines(&v.warnings);
    let _ = write!(
        description,
        "**{}**\n\n{}",
        escape(&v.section),
        escape(&v.text)
    );
    let draft = Draft {
        title: plain(&v.title),
        description,
        color: COLOR_INFO,
        fields: passage_fields(v),
        footer: plain(&format!("Passage {}", v.id)),
        dropped_note: None,
    };
    let full = units(&draft.description);
    let mut embed = draft.fit();
    if units(&embed.description) < full {
        let note = format!(
            " · ingekort; volledige tekst: normwijzer bron {}",
            plain(&v.id)
        );
        embed.footer = truncate(&format!("{}{note}", embed.footer), FOOTER_BUDGET);
    }
    let mut buttons = Vec::new();
    if let Some(prev) = &v.previous {
        buttons.extend(button(&prev.id, "◀ Vorige passage"));
    }
    if let Some(next) = &v.next {
        buttons.extend(button(&next.id, "Volgende passage ▶"));
    }
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: dedup_buttons(buttons),
        ephemeral: false,
    }
}

/// Status and region side by side, then the passages before and after it with a preview.
fn passage_fields(v: &PassageView) -> Vec<DraftField> {
    let mut fields = vec![
        DraftField {
            name: "Status".into(),
            tail: escape(&crate::text::status(&v.status)),
            inline: true,
            ..Default::default()
        },
        DraftField {
            name: "Regio".into(),
            tail: escape(&region_name(&v.region)),
            inline: true,
            ..Default::default()
        },
    ];
    for (label, other) in [("Ervoor", &v.previous), ("Erna", &v.next)] {
        if let Some(o) = other {
            fields.push(DraftField {
                name: label.into(),
                tail: format!("{} — {}", code(&o.id), escape(&preview(&o.text))),
                ..Default::default()
            });
        }
    }
    fields
}

/// A passage id of an archived version (`/bron` with an id someone shared before the document
/// changed): what the current version says instead, with a button to it, then the old text.
pub fn earlier_passage(e: &crate::corpus::versions::Earlier) -> Reply {
    let mut description = match &e.successor {
        Some(s) => format!(
            "Deze passage komt uit de vorige versie ({}); in de huidige versie staat:\n\n**{}**\n{}",
            escape(&e.version),
            escape(&s.section),
            escape(&s.text)
        ),
        None => format!(
            "Deze passage komt uit de vorige versie ({}); in de huidige versie is ze vervallen.",
            escape(&e.version)
        ),
    };
    let _ = write!(
        description,
        "\n\nIn de vorige versie stond onder **{}**:\n{}",
        escape(&e.passage.section),
        escape(&e.passage.text)
    );
    let embed = Draft {
        title: "Passage uit de vorige versie".into(),
        description,
        color: COLOR_INFO,
        footer: plain(&format!("Passage {} (vorige versie)", e.passage.id)),
        ..Default::default()
    }
    .fit();
    let buttons = e
        .successor
        .iter()
        .filter_map(|s| button(&s.id, "Toon huidige passage"))
        .collect();
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: dedup_buttons(buttons),
        ephemeral: false,
    }
}

/// "This passage does not exist", with similar ids as buttons.
pub fn passage_not_found(id: &str, similar: &[String]) -> Reply {
    let mut description = format!(
        "Passage „{}” bestaat niet.",
        escape(&truncate(id.trim(), 200))
    );
    if !similar.is_empty() {
        let list: Vec<String> = similar.iter().map(|s| code(s)).collect();
        let _ = write!(description, " Bedoel je een van deze? {}", list.join(", "));
    }
    let buttons = similar
        .iter()
        .filter_map(|s| button(s, &format!("Toon {s}")))
        .collect();
    let embed = Draft {
        title: "Passage niet gevonden".into(),
        description,
        color: COLOR_ERROR,
        ..Default::default()
    }
    .fit();
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: dedup_buttons(buttons),
        ephemeral: true,
    }
}

/// The documents served with their status on `today`, as `normwijzer bronnen` gives it: status
/// badge and summary, region and id, the passages that state the validity. Documents that are
/// expired, superseded or of another samenwerkingsverband are marked.
pub fn documents(statuses: &[DocStatus], today: Date) -> Reply {
    let description = format!(
        "normwijzer citeert uit {} document(en). Documenten van een ander samenwerkingsverband \
         worden alleen met een waarschuwing geciteerd.",
        statuses.len()
    );
    let embed = Draft {
        title: "Bronnen".into(),
        description,
        color: COLOR_INFO,
        fields: statuses.iter().map(document_field).collect(),
        footer: format!("Status op {}", dutch::date(today)),
        dropped_note: Some(|n| format!("en nog {n} document(en)")),
    }
    .fit();
    info_reply(embed, false)
}

/// One document: status badge (⚠ when outdated or of another region) and summary, region and
/// id, and the passages that state its validity.
fn document_field(s: &DocStatus) -> DraftField {
    let flagged = s.other_region || s.status.is_outdated();
    let mut tail = format!(
        "{} {}{}\nregio {} · id {}",
        code(s.status.as_str()),
        if flagged { "⚠ " } else { "" },
        escape(&s.summary),
        escape(&region_name(&s.region)),
        code(&s.doc)
    );
    if !s.passages.is_empty() {
        let ids: Vec<String> = s.passages.iter().map(|p| code(p)).collect();
        let _ = write!(tail, "\nStaat in: {}", ids.join(", "));
    }
    DraftField {
        name: plain(&s.title),
        tail,
        ..Default::default()
    }
}

/// A reply that is only this embed: no content, no buttons.
fn info_reply(embed: Embed, ephemeral: bool) -> Reply {
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: Vec::new(),
        ephemeral,
    }
}

/// The slash commands and what each does, as `/help` lists them.
const COMMANDS: [(&str, &str); 6] = [
    (
        "/vraag vraag:<tekst>",
        "Stel een vraag over passend onderwijs in Almere. Je krijgt letterlijke citaten met hun bron.",
    ),
    (
        "/termijn regel:<termijn> datum:<datum>",
        "Bereken een termijn uit de ingestelde regels (met suggesties terwijl je typt), bijvoorbeeld de zorgplicht na een aanmelding op 2 maart 2026: uiterste datum, uitloop, verschoven dagen en de bron.",
    ),
    (
        "/begrip term:<begrip>",
        "Zoek een begrip of afkorting op in de begrippenlijsten (met suggesties terwijl je typt).",
    ),
    (
        "/bron id:<passage-id>",
        "Toon een passage bij haar id, zodat iedereen dezelfde tekst ziet.",
    ),
    (
        "/bronnen",
        "Toon de documenten waaruit normwijzer citeert, met hun status en regio.",
    ),
    ("/help", "Toon deze uitleg."),
];

/// What the bot can do (`/help`).
pub fn help() -> Reply {
    let fields = COMMANDS
        .iter()
        .map(|(name, what)| DraftField {
            name: (*name).into(),
            tail: (*what).into(),
            ..Default::default()
        })
        .collect();
    let embed = Draft {
        title: "Zo werkt normwijzer".into(),
        description: "Je kunt ook een vraag stellen door de bot te vermelden in een kanaal, of \
                      door hem een privébericht te sturen. Het antwoord komt in een draad onder \
                      je bericht. Vragen worden niet bewaard."
            .into(),
        color: COLOR_INFO,
        fields,
        footer:
            "Antwoorden komen letterlijk uit de normdocumenten; controleer bij twijfel de bron."
                .into(),
        dropped_note: None,
    }
    .fit();
    info_reply(embed, true)
}

/// An error or notice for the user: one Dutch sentence (already escaped where it quotes input).
pub fn notice(sentence: &str) -> Reply {
    let embed = Draft {
        title: "normwijzer".into(),
        description: sentence.to_string(),
        color: COLOR_ERROR,
        ..Default::default()
    }
    .fit();
    info_reply(embed, true)
}

/// Autocomplete choices: the first 25, names shortened to 100 units; choices whose value does
/// not fit 100 units are skipped (a shortened value would ask for something else).
pub fn choices<I, N, V>(items: I) -> Vec<Choice>
where
    I: IntoIterator<Item = (N, V)>,
    N: AsRef<str>,
    V: AsRef<str>,
{
    items
        .into_iter()
        .filter(|(_, v)| {
            let v = v.as_ref();
            !v.trim().is_empty() && units(v) <= limits::CHOICE
        })
        .map(|(n, v)| Choice {
            name: truncate(&non_empty(&plain(n.as_ref())), limits::CHOICE),
            value: v.as_ref().to_string(),
        })
        .take(limits::CHOICES)
        .collect()
}

/// A thread name for a question: one line, at most 100 units.
pub fn thread_name(question: &str) -> String {
    let name = truncate(&plain(&format!("Vraag: {question}")), limits::THREAD_NAME);
    if name.is_empty() {
        "Vraag".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::limit_check::violations;
    use super::*;
    use crate::model::{Check, Neighbour, Status};

    fn citation(rank: usize, quote: &str, text: &str) -> Citation {
        Citation {
            rank,
            doc: "anb".into(),
            title: "Almeerse Norm Basisondersteuning".into(),
            section: format!("Aspecten › Onderdeel {rank}"),
            passage: format!("anb#onderdeel-{rank}"),
            text: text.into(),
            quote: quote.into(),
            region: "almere".into(),
            status: StatusLabel::Geldig,
            score: 1.0,
            source_range: 0..text.len(),
        }
    }

    fn answer_with(citations: Vec<Citation>, body: &str, warnings: Vec<String>) -> Answer {
        Answer {
            question: "wanneer moet een OPP?".into(),
            abstained: false,
            unsure: false,
            body: body.into(),
            citations,
            checks: Vec::new(),
            warnings,
            suggestions: Vec::new(),
            continued: None,
        }
    }

    fn assert_fits(reply: &Reply) {
        let problems = violations(&reply.interaction_response_json());
        assert!(problems.is_empty(), "{problems:?}");
        let problems = violations(&reply.message_json());
        assert!(problems.is_empty(), "{problems:?}");
    }

    /// Ten-word sentences, so cuts have sentence and word boundaries to choose from.
    fn long_text(chars: usize) -> String {
        let mut s = String::new();
        let mut i = 0;
        while s.chars().count() < chars {
            let _ = write!(
                s,
                "Zin {i} gaat over de ondersteuning van leerlingen op school. "
            );
            i += 1;
        }
        s.trim_end().to_string()
    }

    #[test]
    fn an_answer_renders_citations_warnings_and_buttons() {
        let a = answer_with(
            vec![citation(
                1,
                "Een OPP wordt opgesteld.",
                "Een OPP wordt opgesteld.",
            )],
            "Volgens ANB: „Een OPP wordt opgesteld.” [1]",
            vec!["Let op: „X” is verlopen.".into()],
        );
        let r = answer(&a);
        assert_fits(&r);
        let e = &r.embeds[0];
        assert!(e.description.starts_with("⚠ **Let op"), "{}", e.description);
        assert!(e.description.contains("Een OPP wordt opgesteld"));
        assert_eq!(e.color, COLOR_WARNING);
        assert_eq!(e.fields.len(), 1);
        assert!(
            e.fields[0]
                .name
                .starts_with("[1] Almeerse Norm Basisondersteuning › ")
        );
        assert!(e.fields[0].value.starts_with("> Een OPP wordt opgesteld."));
        assert!(e.fields[0].value.ends_with("`geldig` · Almere"));
        assert!(e.footer.contains("anb#onderdeel-1"));
        assert_eq!(r.buttons.len(), 1);
        assert_eq!(r.buttons[0].custom_id, "nw:bron:anb#onderdeel-1");
        assert_eq!(
            passage_from_button(&r.buttons[0].custom_id),
            Some("anb#onderdeel-1")
        );
        assert!(r.content.starts_with("**Vraag:** wanneer moet een OPP?"));
        let json = r.interaction_response_json();
        assert_eq!(json["type"], 4);
        assert_eq!(
            json["data"]["allowed_mentions"]["parse"],
            serde_json::json!([])
        );
    }

    #[test]
    fn a_20000_character_passage_is_cut_at_a_sentence() {
        let text = long_text(20_000);
        let a = answer_with(
            vec![citation(1, &text, &text)],
            &format!("Volgens ANB: „{text}” [1]"),
            Vec::new(),
        );
        let r = answer(&a);
        assert_fits(&r);
        let e = &r.embeds[0];
        assert!(
            e.description.ends_with(". …"),
            "{}",
            &e.description[e.description.len() - 40..]
        );
        let value = &e.fields[0].value;
        let quote_line = value.lines().next().unwrap();
        assert!(quote_line.ends_with(". …"), "{quote_line}");
        assert!(value.ends_with("`geldig` · Almere"));

        // The same passage through /bron.
        let view = view_of(&text);
        let r = passage(&view);
        assert_fits(&r);
        let e = &r.embeds[0];
        assert!(e.description.ends_with(". …"));
        assert!(e.footer.contains("ingekort"), "{}", e.footer);
        assert_eq!(r.buttons.len(), 1, "a next-passage button");
    }

    fn view_of(text: &str) -> PassageView {
        PassageView {
            id: "anb#zorgplicht-1".into(),
            doc: "anb".into(),
            title: "Almeerse Norm Basisondersteuning".into(),
            section: "Zorgplicht".into(),
            text: text.into(),
            source_range: 0..text.len(),
            region: "almere".into(),
            status: Status::Onbekend,
            warnings: Vec::new(),
            previous: None,
            next: Some(Neighbour {
                id: "anb#zorgplicht-2".into(),
                text: "De volgende passage.".into(),
            }),
        }
    }

    #[test]
    fn vote_buttons_get_the_last_row_even_under_25_passage_buttons() {
        let citations: Vec<Citation> = (1..=30).map(|i| citation(i, "Kort.", "Kort.")).collect();
        let mut r = answer(&answer_with(citations, "Zie [1].", Vec::new()));
        r.add_feedback_buttons('a', "abc123def456");
        assert_fits(&r);
        let json = r.interaction_response_json();
        let rows = json["data"]["components"].as_array().expect("rows");
        assert!(rows.len() <= 5, "{}", rows.len());
        let last: Vec<&str> = rows[rows.len() - 1]["components"]
            .as_array()
            .expect("buttons")
            .iter()
            .filter_map(|b| b["custom_id"].as_str())
            .collect();
        assert_eq!(
            last,
            ["nw:fb:up:a:abc123def456", "nw:fb:down:a:abc123def456"]
        );
        assert_eq!(
            feedback_from_button(last[1]),
            Some(("down", 'a', "abc123def456"))
        );
        assert_eq!(feedback_from_button("nw:fb:up:a:"), None);
        assert_eq!(feedback_from_button("nw:fb:up:ab:x"), None);
        assert_eq!(feedback_from_button("nw:bron:anb#x-1"), None);
    }

    #[test]
    fn thirty_citations_fit_in_25_fields_and_6000_units() {
        let quote = long_text(900);
        let citations: Vec<Citation> = (1..=30).map(|i| citation(i, &quote, &quote)).collect();
        let body = (1..=30)
            .map(|i| format!("Zie ook ANB › Onderdeel {i}: „{quote}” [{i}]"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let a = answer_with(citations, &body, vec!["Let op: verlopen.".into()]);
        let r = answer(&a);
        assert_fits(&r);
        let e = &r.embeds[0];
        assert!(e.fields.len() <= 25);
        assert!(e.fields.len() >= 3, "keeps at least the best citations");
        assert!(embed_units(e) <= 6000);
        assert!(e.description.starts_with("⚠ **Let op: verlopen.**"));
        assert!(e.footer.contains("niet als veld getoond"), "{}", e.footer);
        assert_eq!(r.buttons.len(), e.fields.len());
        for f in &e.fields {
            assert!(f.value.ends_with("`geldig` · Almere"), "{}", f.value);
        }
        assert!(r.components().len() <= 5);
    }

    #[test]
    fn markdown_heavy_text_is_escaped_and_fits() {
        let nasty = "**@everyone** <@&1> _a_ ~~b~~ ||c|| `d` > e\n# f\n- g ".repeat(300);
        let mut a = answer_with(vec![citation(1, &nasty, &nasty)], &nasty, Vec::new());
        a.question = nasty.clone();
        let r = answer(&a);
        assert_fits(&r);
        let json = r.message_json().to_string();
        assert!(!json.contains("@everyone"), "a raw @everyone left");
        assert!(!json.contains("<@&1>"));
        assert!(units(&r.content) <= QUESTION_ECHO + 20);
        // Every quoted line is still a quote line.
        for line in r.embeds[0].fields[0].value.lines() {
            assert!(line.starts_with("> ") || line.starts_with('`'), "{line}");
        }
    }

    fn date(s: &str) -> Date {
        s.parse().expect("test date")
    }

    fn shift(from: &str, reason: &str, term: crate::model::End) -> crate::model::Shift {
        let from = date(from);
        crate::model::Shift {
            from,
            to: from.tomorrow().expect("tomorrow"),
            reason: reason.into(),
            term,
            what: String::new(),
        }
    }

    fn doc_status(doc: &str, title: &str) -> crate::model::DocStatus {
        crate::model::DocStatus {
            doc: doc.into(),
            title: title.into(),
            status: StatusLabel::Verlopen,
            until: Some(date("2026-07-31")),
            expired_since: Some(date("2026-08-01")),
            superseded_by: None,
            published: Some("2025-05".into()),
            region: "almere".into(),
            other_region: false,
            summary: "verlopen sinds 1 augustus 2026 (geldig t/m 31 juli 2026)".into(),
            passages: vec![format!("{doc}#colofon-1")],
        }
    }

    fn all_checks() -> Vec<Check> {
        use crate::model::End;
        use crate::model::{BranchResult, Decision, Verdict};
        vec![
            Check::Termijn {
                rule: "zorgplicht".into(),
                start: date("2026-02-20"),
                deadline: date("2026-04-07"),
                extended: Some(date("2026-05-01")),
                shifts: vec![
                    shift("2026-04-03", "3 april 2026 is Goede Vrijdag", End::Deadline),
                    shift("2026-04-04", "4 april 2026 is een zaterdag", End::Deadline),
                    shift(
                        "2026-04-05",
                        "5 april 2026 is Eerste Paasdag (zondag)",
                        End::Deadline,
                    ),
                    shift(
                        "2026-04-06",
                        "6 april 2026 is Tweede Paasdag",
                        End::Deadline,
                    ),
                    shift("2026-04-30", "30 april 2026 is een **test**", End::Extended),
                ],
            },
            Check::Opp(Decision {
                decision: Some(Verdict::Kan),
                level: Some("Bij niveau 3".into()),
                branches: vec![
                    BranchResult {
                        id: "niveau-3".into(),
                        when: "Bij extra (aanvullende) ondersteuning (niveau 3)".into(),
                        decision: Verdict::Kan,
                        primary: true,
                        status: StatusLabel::Geldig,
                        passages: vec!["anb#niveau-3-1".into()],
                    },
                    BranchResult {
                        id: "sel".into(),
                        when: "Bij het thema SEL".into(),
                        decision: Verdict::Verplicht,
                        primary: false,
                        status: StatusLabel::Verlopen,
                        passages: vec!["sel#x-7".into()],
                    },
                ],
            }),
            Check::Geldigheid(doc_status("sel", "Themakaart SEL")),
            Check::Geldigheid(doc_status("anb", "Almeerse Norm Basisondersteuning")),
        ]
    }

    #[test]
    fn checks_render_as_readable_dutch_fields() {
        let mut a = answer_with(
            vec![citation(1, "Binnen zes weken.", "Binnen zes weken.")],
            "Zorgplicht … [1]",
            Vec::new(),
        );
        a.checks = all_checks();
        let r = answer(&a);
        assert_fits(&r);
        let f = &r.embeds[0].fields;
        let names: Vec<&str> = f.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "✔ Termijn zorgplicht",
                "✔ OPP",
                "✔ Geldigheid",
                "[1] Almeerse Norm Basisondersteuning › Aspecten › Onderdeel 1"
            ]
        );
        let term: Vec<&str> = f[0].value.lines().collect();
        assert_eq!(
            term[0],
            "Uiterlijk dinsdag 7 april 2026 · met uitloop uiterlijk vrijdag 1 mei 2026"
        );
        assert_eq!(term[1], "• Start: vrijdag 20 februari 2026");
        assert_eq!(
            term[2],
            "• Doorgeschoven: 3 april 2026 is Goede Vrijdag → zaterdag 4 april 2026"
        );
        assert_eq!(term.len(), 7, "start and five shifts: {term:?}");
        // Text from config is escaped like any other text.
        assert!(term[6].starts_with("• Uitloop doorgeschoven: 30 april 2026 is een \\*\\*test"));
        // No raw serialized fields.
        for raw in ["deadline", "2026-04-07", "shifts", "kind"] {
            assert!(!f[0].value.contains(raw), "{raw} in {}", f[0].value);
        }
        let opp: Vec<&str> = f[1].value.lines().collect();
        assert_eq!(
            opp,
            [
                "Niet verplicht; de school kan ervoor kiezen, volgens de documenten",
                "• Bij extra (aanvullende) ondersteuning (niveau 3): OPP niet verplicht; de school kan ervoor kiezen",
                "• Zie ook: Bij het thema SEL: OPP verplicht (document verlopen)",
            ]
        );
        assert!(
            f[2].value
                .starts_with("2 documenten:\n• „Themakaart SEL” (sel): verlopen sinds")
        );
        // One button per citation, none for the checks.
        assert_eq!(r.buttons.len(), 1);
        assert_eq!(r.buttons[0].custom_id, "nw:bron:anb#onderdeel-1");
    }

    #[test]
    fn many_long_checks_and_citations_still_fit() {
        let quote = long_text(900);
        let citations: Vec<Citation> = (1..=25).map(|i| citation(i, &quote, &quote)).collect();
        let mut a = answer_with(citations, &long_text(5000), vec!["Let op.".into()]);
        a.checks = all_checks();
        for i in 0..40 {
            a.checks.push(Check::Geldigheid(doc_status(
                &format!("doc-{i}"),
                &"Een heel lange documenttitel ".repeat(8),
            )));
        }
        let r = answer(&a);
        assert_fits(&r);
        let e = &r.embeds[0];
        assert_eq!(e.fields[0].name, "✔ Termijn zorgplicht");
        assert!(
            e.fields[0]
                .value
                .starts_with("Uiterlijk dinsdag 7 april 2026")
        );
        assert!(
            e.fields
                .iter()
                .all(|f| units(&f.value) <= limits::FIELD_VALUE)
        );
        assert_eq!(r.buttons.len(), e.fields.len() - 3);
    }

    #[test]
    fn button_ids_longer_than_100_are_left_out() {
        assert!(passage_button_id(&"x".repeat(92)).is_some());
        assert!(passage_button_id(&"x".repeat(93)).is_none());
    }

    #[test]
    fn choices_respect_limits() {
        let long = "b".repeat(150);
        let items: Vec<(String, String)> = (0..40)
            .map(|i| (format!("{long}{i}"), format!("term {i}")))
            .chain([("lang".to_string(), long.clone())])
            .collect();
        let c = choices(items);
        assert_eq!(c.len(), 25);
        assert!(
            c.iter()
                .all(|c| units(&c.name) <= 100 && units(&c.value) <= 100)
        );
        let json = autocomplete_json(&c);
        assert_eq!(json["type"], 8);
        assert_eq!(json["data"]["choices"].as_array().map(Vec::len), Some(25));
    }

    #[test]
    fn thread_names_fit() {
        let n = thread_name(&"woord ".repeat(100));
        assert!(units(&n) <= 100);
        assert_eq!(thread_name("  "), "Vraag:");
    }

    #[test]
    fn help_and_notices_fit() {
        assert_fits(&help());
        assert_fits(&notice("Dat ging mis."));
        assert_fits(&passage_not_found(
            "<@1> **x**",
            &["anb#zorgplicht-1".into()],
        ));
    }
}
