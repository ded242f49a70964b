//! Discord rendering: an [`Answer`], a passage, the document list, help and errors as a
//! [`Reply`] (message content, one embed, buttons) that always fits Discord's limits.
//!
//! This module does no networking, so the gateway bot ([`crate::serve::discord`]) and an HTTP
//! interactions endpoint render the same way: the bot turns a [`Reply`] into serenity builders
//! ([`Reply::to_interaction_message`], [`Reply::to_create_message`], ...), an HTTP service sends
//! [`Reply::interaction_response_json`]. Both carry an empty `allowed_mentions`, so nothing the
//! bot writes can ping anyone.
//!
//! Lengths are measured in UTF-16 code units, which is never less than the number of characters
//! Discord counts, so a reply that fits here fits there. Long text is cut at a sentence boundary
//! if one is near, else between words, and marked with "…".

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse,
};
use unicode_segmentation::UnicodeSegmentation;

use crate::channel::summary::{Summary, summaries};
use crate::model::{Answer, Citation, DocStatus, PassageView, StatusLabel};
use crate::text::region_name;

/// Discord's limits on what a bot may send, from the developer documentation.
pub mod limits {
    /// Message content.
    pub const CONTENT: usize = 2000;
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields per embed.
    pub const FIELDS: usize = 25;
    /// Field name.
    pub const FIELD_NAME: usize = 256;
    /// Field value.
    pub const FIELD_VALUE: usize = 1024;
    /// Embed footer text.
    pub const FOOTER: usize = 2048;
    /// Embed author name.
    pub const AUTHOR: usize = 256;
    /// Title, description, field names and values, footer and author of all embeds together.
    pub const EMBED_TOTAL: usize = 6000;
    /// Embeds per message.
    pub const EMBEDS: usize = 10;
    /// Action rows per message.
    pub const ROWS: usize = 5;
    /// Buttons per action row.
    pub const BUTTONS_PER_ROW: usize = 5;
    /// A component's custom id.
    pub const CUSTOM_ID: usize = 100;
    /// A button label.
    pub const BUTTON_LABEL: usize = 80;
    /// Autocomplete choices per response.
    pub const CHOICES: usize = 25;
    /// Name and value of an autocomplete choice.
    pub const CHOICE: usize = 100;
    /// A thread name.
    pub const THREAD_NAME: usize = 100;
}

/// Message flag that shows a message only to the user who used the command.
pub const EPHEMERAL_FLAG: u64 = 1 << 6;

/// Prefix of the custom id of a "show passage" button; the passage id follows it.
pub const PASSAGE_BUTTON_PREFIX: &str = "nw:bron:";

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

/// Longest footer we write: passage ids are useful, but not at the expense of the answer.
const FOOTER_BUDGET: usize = 1000;
/// Longest echo of the user's question in the message content.
const QUESTION_ECHO: usize = 300;
/// A zero-width space: breaks `@everyone` and friends without changing what a reader sees.
const ZWSP: char = '\u{200B}';

/// What the bot sends: content, at most one embed, buttons. Every string already fits its limit
/// and is escaped; [`Reply::to_interaction_message`] and friends only copy it into serenity's
/// builders.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reply {
    /// Message content above the embed (may be empty).
    pub content: String,
    /// The embeds (normally one).
    pub embeds: Vec<Embed>,
    /// Buttons, laid out in rows of five.
    pub buttons: Vec<Button>,
    /// Only the user who asked sees it (interaction replies only).
    pub ephemeral: bool,
}

/// One embed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Embed {
    /// Title (plain text).
    pub title: String,
    /// Description (markdown; user and corpus text in it is escaped).
    pub description: String,
    /// Colour of the bar on the left.
    pub color: u32,
    /// Fields, in order.
    pub fields: Vec<Field>,
    /// Footer (plain text).
    pub footer: String,
}

/// One embed field.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Field {
    /// Name (plain text).
    pub name: String,
    /// Value (markdown).
    pub value: String,
    /// Shown side by side with neighbouring inline fields.
    pub inline: bool,
}

/// A button whose press arrives as a component interaction carrying `custom_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Button {
    /// Identifies what the button does; see [`passage_button_id`].
    pub custom_id: String,
    /// Text on the button.
    pub label: String,
}

/// An autocomplete suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// What the user sees.
    pub name: String,
    /// What the command receives.
    pub value: String,
}

// ---------------------------------------------------------------------------------------------
// Text: measuring, escaping, cutting
// ---------------------------------------------------------------------------------------------

/// Length as Discord may count it: UTF-16 code units, an upper bound of the character count.
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Escapes `text` for places that render markdown (content, description, field values), so
/// user and document text shows as typed: markdown characters get a backslash, mention syntax
/// (`<@…>`, `<#…>`, `<@&…>`) loses its meaning, `@everyone` and `@here` are broken by an
/// invisible space. Control characters other than newlines become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut line_start = true;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if line_start && c != '\n' && c.is_whitespace() {
            out.push(c);
            rest = &rest[len..];
            continue;
        }
        match c {
            '\\' | '*' | '_' | '~' | '|' | '`' | '>' | '<' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            // Headings, sub-text, lists and numbered lists only start a line.
            '#' | '-' | '+' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if line_start => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                out.push_str(&rest[..digits]);
                rest = &rest[digits..];
                if rest.starts_with(['.', ')']) {
                    out.push('\\');
                }
                line_start = false;
                continue;
            }
            '@' => {
                out.push('@');
                if starts_with_ci(&rest[1..], "everyone") || starts_with_ci(&rest[1..], "here") {
                    out.push(ZWSP);
                }
            }
            '\n' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        line_start = c == '\n';
        rest = &rest[len..];
    }
    out
}

/// Makes `text` safe for places that show plain text (titles, field names, footers, thread
/// names, button labels): one line, no control characters, `@everyone`/`@here` and mention
/// syntax broken by an invisible space.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c.is_control() {
            if !prev_space && !out.is_empty() {
                out.push(' ');
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        out.push(c);
        let rest = &text[i + c.len_utf8()..];
        let breaks = match c {
            '@' => starts_with_ci(rest, "everyone") || starts_with_ci(rest, "here"),
            '<' => rest.starts_with(['@', '#', ':', '/', 't', 'a']),
            _ => false,
        };
        if breaks {
            out.push(ZWSP);
        }
    }
    out.trim_end().to_string()
}

/// Inline code for ids and labels: backticks cannot be escaped inside a code span, so they go.
pub fn code(text: &str) -> String {
    let inner: String = plain(text).chars().filter(|&c| c != '`').collect();
    if inner.is_empty() {
        "—".to_string()
    } else {
        format!("`{inner}`")
    }
}

fn starts_with_ci(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(word))
}

/// Cuts `text` to at most `max` units. Text that fits is returned unchanged. Otherwise the cut
/// falls after the last sentence that keeps at least half of the room, else between words, and
/// "…" marks it. Only a single word longer than the room is cut inside (at a grapheme boundary).
pub fn truncate(text: &str, max: usize) -> String {
    if units(text) <= max {
        return text.to_string();
    }
    if max < 2 {
        return if max == 1 {
            "…".into()
        } else {
            String::new()
        };
    }
    // Room for the text before " …".
    let budget = max - 2;
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = c.len_utf16();
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let keep = |cut: usize| {
        let kept = text[..cut].trim_end();
        (!kept.is_empty()).then_some(kept)
    };
    // A sentence boundary (or line break) that keeps at least half of the room.
    let sentence = text
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i <= end)
        .chain(text[..end].match_indices('\n').map(|(i, _)| i))
        .filter(|&i| i > 0 && i * 2 >= end)
        .max();
    if let Some(kept) = sentence.and_then(keep) {
        return finish(kept, " …");
    }
    // Between words: at `end` if a space follows, else at the last space before it.
    let word = if text[end..].starts_with(char::is_whitespace) {
        Some(end)
    } else {
        text[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| i)
    };
    if let Some(kept) = word.and_then(keep) {
        return finish(kept, " …");
    }
    // One enormous word: cut at a grapheme boundary.
    // Boundaries of the whole text: the prefix alone would split a cluster at its end.
    let cut = text
        .grapheme_indices(true)
        .map(|(i, g)| i + g.len())
        .take_while(|&i| i <= end)
        .last()
        .unwrap_or(0);
    finish(&text[..cut], "…")
}

/// Appends the ellipsis, dropping a dangling escape backslash it would otherwise escape.
fn finish(kept: &str, ellipsis: &str) -> String {
    let trailing = kept.len() - kept.trim_end_matches('\\').len();
    let kept = if trailing % 2 == 1 {
        &kept[..kept.len() - 1]
    } else {
        kept
    };
    format!("{kept}{ellipsis}")
}

/// `text` quoted line by line (`> `), with `tail` on its own line below, within `max` units.
/// The quote is shortened first; the tail (a badge) is kept whole where possible.
fn quoted_value(quote: &str, tail: &str, max: usize) -> String {
    let quote = quote.trim();
    // A badge under a quote stays short; a value without a quote may use the whole room.
    let tail = truncate(tail, if quote.is_empty() { max } else { max.min(300) });
    let sep = usize::from(!tail.is_empty());
    let room = max.saturating_sub(units(&tail) + sep);
    let mut budget = room;
    let mut block = String::new();
    // Quoting adds two units per line, so shrink until the quoted block fits.
    while budget >= 8 && !quote.is_empty() {
        let cut = truncate(quote, budget);
        let candidate = cut
            .lines()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        let need = units(&candidate);
        if need <= room {
            block = candidate;
            break;
        }
        budget = budget.saturating_sub(need - room);
    }
    let value = match (block.is_empty(), tail.is_empty()) {
        (true, true) => "—".to_string(),
        (true, false) => tail,
        (false, true) => block,
        (false, false) => format!("{block}\n{tail}"),
    };
    truncate(&value, max)
}

// ---------------------------------------------------------------------------------------------
// Fitting an embed into the limits
// ---------------------------------------------------------------------------------------------

/// An embed before fitting: texts at full length, already escaped.
#[derive(Debug, Clone, Default)]
struct Draft {
    title: String,
    description: String,
    color: u32,
    fields: Vec<DraftField>,
    /// Footer pieces; the footer lists as many as fit.
    footer: String,
    /// Appended to the footer when fields had to be left out: gets the number left out.
    dropped_note: Option<fn(usize) -> String>,
}

#[derive(Debug, Clone, Default)]
struct DraftField {
    name: String,
    /// Shown as a block quote, shortened first.
    quote: String,
    /// Shown below the quote (a badge), or as the whole value when there is no quote.
    tail: String,
    inline: bool,
}

/// Limits that shrink until the embed fits 6,000 units in total.
#[derive(Debug, Clone, Copy)]
struct Caps {
    description: usize,
    value: usize,
    fields: usize,
}

impl Draft {
    fn fit(self) -> Embed {
        let mut caps = Caps {
            description: limits::DESCRIPTION,
            value: limits::FIELD_VALUE,
            fields: self.fields.len().min(limits::FIELDS),
        };
        loop {
            let embed = self.render(caps);
            if embed_units(&embed) <= limits::EMBED_TOTAL {
                return embed;
            }
            // Shrink the least important part first: long quotes, then the description down
            // to a still useful length, then the last fields, then everything further.
            caps = if caps.value > 400 {
                Caps {
                    value: (caps.value * 3 / 4).max(400),
                    ..caps
                }
            } else if caps.description > 2000 {
                Caps {
                    description: (caps.description * 3 / 4).max(2000),
                    ..caps
                }
            } else if caps.fields > 3 {
                Caps {
                    fields: caps.fields - 1,
                    ..caps
                }
            } else if caps.value > 150 {
                Caps {
                    value: (caps.value * 3 / 4).max(150),
                    ..caps
                }
            } else if caps.description > 500 {
                Caps {
                    description: (caps.description * 3 / 4).max(500),
                    ..caps
                }
            } else if caps.fields > 0 {
                Caps {
                    fields: caps.fields - 1,
                    ..caps
                }
            } else {
                // Title (256) + footer (1000) + description alone always fit in the end.
                Caps {
                    description: caps.description / 2,
                    ..caps
                }
            };
        }
    }

    fn render(&self, caps: Caps) -> Embed {
        let fields: Vec<Field> = self
            .fields
            .iter()
            .take(caps.fields)
            .map(|f| Field {
                name: truncate(&non_empty(&f.name), limits::FIELD_NAME),
                value: quoted_value(&f.quote, &f.tail, caps.value),
                inline: f.inline,
            })
            .collect();
        let dropped = self.fields.len() - fields.len();
        let mut footer = self.footer.clone();
        if let (Some(note), true) = (self.dropped_note, dropped > 0) {
            let note = note(dropped);
            footer = if footer.is_empty() {
                note
            } else {
                // The note must survive cutting, so the ids give way.
                let room = FOOTER_BUDGET.saturating_sub(units(&note) + 3);
                format!("{} · {note}", truncate(&footer, room))
            };
        }
        Embed {
            title: truncate(&self.title, limits::TITLE),
            description: truncate(&self.description, caps.description),
            color: self.color,
            fields,
            footer: truncate(&footer, FOOTER_BUDGET.min(limits::FOOTER)),
        }
    }
}

fn non_empty(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

/// The units of an embed that count towards the 6,000 total.
pub fn embed_units(e: &Embed) -> usize {
    units(&e.title)
        + units(&e.description)
        + units(&e.footer)
        + e.fields
            .iter()
            .map(|f| units(&f.name) + units(&f.value))
            .sum::<usize>()
}

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

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
    let mut description = String::new();
    for w in &a.warnings {
        let _ = writeln!(description, "⚠ **{}**", escape(w));
    }
    if !a.warnings.is_empty() {
        description.push('\n');
    }
    description.push_str(&escape(&a.body));
    if a.abstained && !a.suggestions.is_empty() {
        description.push_str("\n\nMet de knoppen hieronder bekijk je die onderdelen.");
    }
    let (title, color) = if a.abstained {
        ("Niet gevonden in de documenten", COLOR_ABSTAIN)
    } else if !a.warnings.is_empty() {
        ("Antwoord — let op de waarschuwing", COLOR_WARNING)
    } else {
        ("Antwoord", COLOR_OK)
    };
    let mut fields: Vec<DraftField> = summaries(&a.checks).iter().map(check_field).collect();
    let checks = fields.len();
    fields.extend(a.citations.iter().map(|c| DraftField {
        name: citation_name(c),
        quote: escape(&c.quote),
        tail: status_badge(c.status, &c.region),
        inline: false,
    }));
    let ids: Vec<&str> = if a.citations.is_empty() {
        a.suggestions.iter().map(|s| s.passage.as_str()).collect()
    } else {
        a.citations.iter().map(|c| c.passage.as_str()).collect()
    };
    let footer = if ids.is_empty() {
        String::new()
    } else {
        plain(&format!("Passages: {} — /bron id:<id>", ids.join(" · ")))
    };
    let embed = Draft {
        title: title.into(),
        description,
        color,
        fields,
        footer,
        dropped_note: Some(|n| format!("{n} bron(nen) niet als veld getoond")),
    }
    .fit();
    // A button per citation whose field is shown; when abstaining, per suggested section.
    let shown = embed.fields.len().saturating_sub(checks);
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
    Reply {
        content: question_line("Vraag", &a.question),
        embeds: vec![embed],
        buttons: dedup_buttons(buttons),
        ephemeral: false,
    }
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
    let mut description = String::new();
    for w in &v.warnings {
        let _ = writeln!(description, "⚠ **{}**", escape(w));
    }
    if !description.is_empty() {
        description.push('\n');
    }
    let _ = write!(
        description,
        "**{}**\n\n{}",
        escape(&v.section),
        escape(&v.text)
    );
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
                tail: format!(
                    "{} — {}",
                    code(&o.id),
                    escape(&crate::channel::terminal::preview(&o.text))
                ),
                ..Default::default()
            });
        }
    }
    let footer = plain(&format!("Passage {}", v.id));
    let draft = Draft {
        title: plain(&v.title),
        description,
        color: COLOR_INFO,
        fields,
        footer,
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
    let fields = statuses
        .iter()
        .map(|s| {
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
        })
        .collect();
    let description = format!(
        "normwijzer citeert uit {} document(en). Documenten van een ander samenwerkingsverband \
         worden alleen met een waarschuwing geciteerd.",
        statuses.len()
    );
    let embed = Draft {
        title: "Bronnen".into(),
        description,
        color: COLOR_INFO,
        fields,
        footer: format!("Status op {}", crate::text::dutch::date(today)),
        dropped_note: Some(|n| format!("en nog {n} document(en)")),
    }
    .fit();
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: Vec::new(),
        ephemeral: false,
    }
}

/// What the bot can do (`/help`).
pub fn help() -> Reply {
    let commands: [(&str, &str); 6] = [
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
    let fields = commands
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
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: Vec::new(),
        ephemeral: true,
    }
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
    Reply {
        content: String::new(),
        embeds: vec![embed],
        buttons: Vec::new(),
        ephemeral: true,
    }
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

// ---------------------------------------------------------------------------------------------
// Into serenity builders and Discord JSON
// ---------------------------------------------------------------------------------------------

/// Allowed mentions that allow nothing: no user, role, `@everyone` or reply ping.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

impl Embed {
    /// As serenity's builder.
    pub fn to_builder(&self) -> CreateEmbed {
        let mut e = CreateEmbed::new().colour(self.color);
        if !self.title.is_empty() {
            e = e.title(&self.title);
        }
        if !self.description.is_empty() {
            e = e.description(&self.description);
        }
        for f in &self.fields {
            e = e.field(&f.name, &f.value, f.inline);
        }
        if !self.footer.is_empty() {
            e = e.footer(CreateEmbedFooter::new(&self.footer));
        }
        e
    }
}

impl Reply {
    /// Marks the reply as visible only to the user who asked.
    pub fn ephemeral(mut self, yes: bool) -> Reply {
        self.ephemeral = yes;
        self
    }

    fn embeds(&self) -> Vec<CreateEmbed> {
        self.embeds
            .iter()
            .take(limits::EMBEDS)
            .map(Embed::to_builder)
            .collect()
    }

    /// Buttons in action rows of five (at most five rows).
    pub fn components(&self) -> Vec<CreateActionRow> {
        self.buttons
            .chunks(limits::BUTTONS_PER_ROW)
            .take(limits::ROWS)
            .map(|row| {
                CreateActionRow::Buttons(
                    row.iter()
                        .map(|b| {
                            CreateButton::new(&b.custom_id)
                                .label(&b.label)
                                .style(ButtonStyle::Secondary)
                        })
                        .collect(),
                )
            })
            .collect()
    }

    /// The data of an interaction response of type 4 (reply to a command or button).
    pub fn to_interaction_message(&self) -> CreateInteractionResponseMessage {
        let mut m = CreateInteractionResponseMessage::new()
            .embeds(self.embeds())
            .components(self.components())
            .allowed_mentions(no_mentions())
            .ephemeral(self.ephemeral);
        if !self.content.is_empty() {
            m = m.content(&self.content);
        }
        m
    }

    /// The edit that replaces a deferred response ("is thinking…") with this reply.
    pub fn to_edit_response(&self) -> EditInteractionResponse {
        EditInteractionResponse::new()
            .content(&self.content)
            .embeds(self.embeds())
            .components(self.components())
            .allowed_mentions(no_mentions())
    }

    /// A channel message (mention and DM replies).
    pub fn to_create_message(&self) -> CreateMessage {
        let mut m = CreateMessage::new()
            .embeds(self.embeds())
            .components(self.components())
            .allowed_mentions(no_mentions());
        if !self.content.is_empty() {
            m = m.content(&self.content);
        }
        m
    }

    /// Discord's JSON for an interaction response with this reply (`{"type": 4, "data": …}`),
    /// for an HTTP interactions endpoint.
    pub fn interaction_response_json(&self) -> Value {
        let response = CreateInteractionResponse::Message(self.to_interaction_message());
        serde_json::to_value(&response).unwrap_or(Value::Null)
    }

    /// Discord's JSON for a channel message with this reply.
    pub fn message_json(&self) -> Value {
        serde_json::to_value(self.to_create_message()).unwrap_or(Value::Null)
    }
}

/// Discord's JSON for "received, the answer follows" (interaction response type 5).
pub fn deferred_response_json(ephemeral: bool) -> Value {
    let response = CreateInteractionResponse::Defer(
        CreateInteractionResponseMessage::new()
            .ephemeral(ephemeral)
            .allowed_mentions(no_mentions()),
    );
    serde_json::to_value(&response).unwrap_or(Value::Null)
}

/// An autocomplete response with these choices.
pub fn autocomplete_response(choices: &[Choice]) -> CreateAutocompleteResponse {
    choices
        .iter()
        .fold(CreateAutocompleteResponse::new(), |r, c| {
            r.add_string_choice(&c.name, &c.value)
        })
}

/// Discord's JSON for an autocomplete response (type 8).
pub fn autocomplete_json(choices: &[Choice]) -> Value {
    let response = CreateInteractionResponse::Autocomplete(autocomplete_response(choices));
    serde_json::to_value(&response).unwrap_or(Value::Null)
}

/// Every way a message payload (`content`, `embeds`, `components`, `allowed_mentions`) breaks
/// Discord's limits or lets a mention through, as English descriptions; empty when it is fine.
/// Accepts a message, interaction callback data, or a whole interaction response.
pub fn limit_violations(payload: &Value) -> Vec<String> {
    fn over(out: &mut Vec<String>, what: String, n: usize, max: usize) {
        if n > max {
            out.push(format!("{what}: {n} > {max}"));
        }
    }
    fn list(v: Option<&Value>) -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    }
    let len = |v: Option<&Value>| v.and_then(Value::as_str).map_or(0, units);
    let msg = payload.get("data").unwrap_or(payload);
    let mut out = Vec::new();
    over(
        &mut out,
        "content".into(),
        len(msg.get("content")),
        limits::CONTENT,
    );
    let embeds = list(msg.get("embeds"));
    over(&mut out, "embeds".into(), embeds.len(), limits::EMBEDS);
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let title = len(e.get("title"));
        let description = len(e.get("description"));
        let footer = len(e.get("footer").and_then(|f| f.get("text")));
        let author = len(e.get("author").and_then(|a| a.get("name")));
        over(&mut out, format!("embed {i} title"), title, limits::TITLE);
        over(
            &mut out,
            format!("embed {i} description"),
            description,
            limits::DESCRIPTION,
        );
        over(
            &mut out,
            format!("embed {i} footer"),
            footer,
            limits::FOOTER,
        );
        over(
            &mut out,
            format!("embed {i} author"),
            author,
            limits::AUTHOR,
        );
        total += title + description + footer + author;
        let fields = list(e.get("fields"));
        over(
            &mut out,
            format!("embed {i} fields"),
            fields.len(),
            limits::FIELDS,
        );
        for (j, f) in fields.iter().enumerate() {
            let name = len(f.get("name"));
            let value = len(f.get("value"));
            over(
                &mut out,
                format!("embed {i} field {j} name"),
                name,
                limits::FIELD_NAME,
            );
            over(
                &mut out,
                format!("embed {i} field {j} value"),
                value,
                limits::FIELD_VALUE,
            );
            if name == 0 || value == 0 {
                out.push(format!("embed {i} field {j} is empty"));
            }
            total += name + value;
        }
    }
    over(&mut out, "embeds total".into(), total, limits::EMBED_TOTAL);
    let rows = list(msg.get("components"));
    over(&mut out, "action rows".into(), rows.len(), limits::ROWS);
    for (i, row) in rows.iter().enumerate() {
        let items = list(row.get("components"));
        over(
            &mut out,
            format!("row {i} buttons"),
            items.len(),
            limits::BUTTONS_PER_ROW,
        );
        for b in &items {
            over(
                &mut out,
                format!("row {i} custom_id"),
                len(b.get("custom_id")),
                limits::CUSTOM_ID,
            );
            over(
                &mut out,
                format!("row {i} label"),
                len(b.get("label")),
                limits::BUTTON_LABEL,
            );
        }
    }
    match msg.get("allowed_mentions") {
        None => out.push("allowed_mentions missing".into()),
        Some(am) => {
            let empty = |k: &str| {
                am.get(k)
                    .and_then(Value::as_array)
                    .is_none_or(Vec::is_empty)
            };
            if !empty("parse") || !empty("users") || !empty("roles") {
                out.push(format!("allowed_mentions allows pings: {am}"));
            }
            if am.get("replied_user").and_then(Value::as_bool) == Some(true) {
                out.push("allowed_mentions pings the replied user".into());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocMeta;
    use crate::model::{Check, Neighbour, Status, Suggestion};

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
            body: body.into(),
            citations,
            checks: Vec::new(),
            warnings,
            suggestions: Vec::new(),
        }
    }

    fn assert_fits(reply: &Reply) {
        let v = reply.interaction_response_json();
        let problems = limit_violations(&v);
        assert!(problems.is_empty(), "{problems:?}");
        let problems = limit_violations(&reply.message_json());
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
    fn short_text_is_untouched() {
        assert_eq!(truncate("Een korte zin.", 100), "Een korte zin.");
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn cut_prefers_a_sentence_boundary() {
        let text = "Eerste zin is hier. Tweede zin volgt nu en is veel langer dan de rest";
        let cut = truncate(text, 40);
        assert_eq!(cut, "Eerste zin is hier. …");
        assert!(units(&cut) <= 40);
    }

    #[test]
    fn cut_falls_back_to_a_word_boundary() {
        let text = "eenheel lange zin zonder punt die maar doorgaat en doorgaat";
        let cut = truncate(text, 30);
        assert!(units(&cut) <= 30, "{cut}");
        let kept = cut.strip_suffix(" …").expect("ellipsis");
        assert!(text.starts_with(kept));
        assert!(text[kept.len()..].starts_with(' '), "cut mid-word: {cut}");
    }

    #[test]
    fn one_huge_word_is_cut_at_a_grapheme() {
        let text = "é".repeat(50) + "👍🏽".repeat(50).as_str();
        for max in [1, 2, 10, 51, 52, 53, 60] {
            let cut = truncate(&text, max);
            assert!(units(&cut) <= max, "{max}: {cut}");
            assert!(cut.ends_with('…'));
        }
        // The skin-tone modifier stays with its thumb.
        let cut = truncate(&text, 55);
        let kept = cut.trim_end_matches('…');
        assert!(text.starts_with(kept));
        assert!(!kept.ends_with('👍'));
    }

    #[test]
    fn escape_neutralises_markdown_and_mentions() {
        let raw = "@everyone @here <@123> <@&456> <#789> **vet** _schuin_ ~~weg~~ ||spoiler|| `code` [link](http://x) \\";
        let e = escape(raw);
        assert!(!e.contains("@everyone") && !e.contains("@here"), "{e}");
        assert!(e.contains("@\u{200B}everyone"));
        for bad in [
            "<@123>",
            "<@&456>",
            "<#789>",
            "**vet**",
            "~~weg~~",
            "||spoiler||",
            "`code`",
        ] {
            assert!(!e.contains(bad), "{bad} survived in {e}");
        }
        assert!(e.contains("\\*\\*vet\\*\\*"));
        assert!(e.contains("\\[link\\](http://x)"));
        assert!(e.ends_with("\\\\"));
        // Line starts: quotes, headings, lists.
        let e = escape("> citaat\n# kop\n- punt\n12. twaalf\n-# klein");
        assert_eq!(e, "\\> citaat\n\\# kop\n\\- punt\n12\\. twaalf\n\\-# klein");
        // Hyphens inside a line stay as they are.
        assert_eq!(escape("zorg- en adviesteam"), "zorg- en adviesteam");
    }

    #[test]
    fn plain_is_one_line_without_mentions() {
        let p = plain("  Vraag\nover @everyone\tand <@12>  ");
        assert_eq!(p, "Vraag over @\u{200B}everyone and <\u{200B}@12>");
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

    #[test]
    fn abstaining_offers_the_suggestions_as_buttons() {
        let mut a = crate::answer::compose::finish(
            crate::answer::compose::abstain(
                "iets geks",
                vec![Suggestion {
                    doc: "anb".into(),
                    title: "ANB".into(),
                    section: "Zorgplicht".into(),
                    passage: "anb#zorgplicht-1".into(),
                }],
            ),
            Vec::new(),
        );
        a.question = "iets geks".into();
        let r = answer(&a);
        assert_fits(&r);
        assert_eq!(r.embeds[0].color, COLOR_ABSTAIN);
        assert!(
            r.embeds[0]
                .description
                .starts_with("Ik vind hierover niets")
        );
        assert_eq!(r.buttons[0].custom_id, "nw:bron:anb#zorgplicht-1");
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
    fn help_documents_and_notices_fit() {
        assert_fits(&help());
        assert_fits(&notice("Dat ging mis."));
        assert_fits(&passage_not_found(
            "<@1> **x**",
            &["anb#zorgplicht-1".into()],
        ));
        let docs: Vec<DocMeta> = (0..40)
            .map(|i| DocMeta {
                id: format!("doc-{i}"),
                title: "T".repeat(300),
                issuer: "x".into(),
                region: if i % 2 == 0 {
                    "almere".into()
                } else {
                    "elders".into()
                },
                sectors: Vec::new(),
                kind: "x".into(),
                published: None,
                valid_until: None,
                superseded_by: None,
                notes: None,
            })
            .collect();
        let today: Date = "2026-03-02".parse().unwrap();
        let statuses: Vec<DocStatus> = docs
            .iter()
            .map(|d| {
                let mut s = crate::checks::geldigheid::status(d, today, "almere");
                s.passages = vec![format!("{}#colofon-1", d.id)];
                s
            })
            .collect();
        let r = documents(&statuses, today);
        assert_fits(&r);
        let other = &r.embeds[0].fields[1].value;
        assert!(
            other.contains("`onbekend` ⚠ geldigheid onbekend")
                && other.contains("ander samenwerkingsverband (Elders)"),
            "{other}"
        );
        assert!(other.contains("Staat in: `doc-1#colofon-1`"), "{other}");
        assert!(!r.embeds[0].fields[0].value.contains('⚠'));
    }

    proptest::proptest! {
        /// Whatever the text and room: the cut fits, keeps a prefix of the text, and ends between
        /// words when the kept part contains a space.
        #[test]
        fn cuts_fit_and_keep_a_prefix(text in "[a-zé👍 .\\n*]{0,300}", max in 0usize..120) {
            let cut = truncate(&text, max);
            proptest::prop_assert!(units(&cut) <= max);
            if units(&text) <= max {
                proptest::prop_assert_eq!(&cut, &text);
            } else if !cut.is_empty() {
                let kept = cut.trim_end_matches('…').trim_end_matches(' ');
                proptest::prop_assert!(text.starts_with(kept), "{:?} is no prefix", kept);
                // Where a space leaves a choice, the cut is between words or after a sentence.
                if kept.trim_start().contains(char::is_whitespace) {
                    proptest::prop_assert!(cut.ends_with(" …"), "mid-word: {:?}", cut);
                }
                if cut.ends_with(" …") {
                    let next = text[kept.len()..].chars().next();
                    proptest::prop_assert!(
                        next.is_none_or(char::is_whitespace)
                            || kept.ends_with(['.', '!', '?', '…', ':', ';']),
                        "mid-word: {:?}", cut
                    );
                }
            }
        }

        /// Escaped text never contains a live mention or unescaped markdown character.
        #[test]
        fn escaped_text_is_inert(text in "[a-z@<>&#*_~|`\\\\ \\n0-9]{0,80}") {
            let e = escape(&text);
            proptest::prop_assert!(!e.contains("@everyone") && !e.contains("@here"));
            let mut escaped = false;
            for c in e.chars() {
                if escaped {
                    escaped = false;
                    continue;
                }
                if c == '\\' {
                    escaped = true;
                    continue;
                }
                proptest::prop_assert!(!"*_~|`<>".contains(c), "bare {:?} in {:?}", c, e);
            }
        }
    }

    #[test]
    fn deferred_response_is_type_5() {
        let v = deferred_response_json(true);
        assert_eq!(v["type"], 5);
        assert_eq!(v["data"]["flags"], EPHEMERAL_FLAG);
    }
}
