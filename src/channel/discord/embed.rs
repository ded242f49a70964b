//! What the bot sends ([`Reply`]: content, embeds, buttons; [`Choice`] for autocomplete), the
//! budgeted [`Draft`] that shrinks an embed until it fits Discord's limits, and the conversion
//! into serenity's builders and Discord's JSON.
//!
//! Every conversion carries an empty `allowed_mentions`, so nothing the bot writes can ping
//! anyone.

use serde::Serialize;
use serde_json::Value;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse,
};

use super::escape::{non_empty, quoted_value, truncate, units};

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

/// Longest footer we write: passage ids are useful, but not at the expense of the answer.
pub(super) const FOOTER_BUDGET: usize = 1000;

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
    /// Identifies what the button does; see [`super::passage_button_id`].
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
// Fitting an embed into the limits
// ---------------------------------------------------------------------------------------------

/// An embed before fitting: texts at full length, already escaped.
#[derive(Debug, Clone, Default)]
pub(super) struct Draft {
    pub(super) title: String,
    pub(super) description: String,
    pub(super) color: u32,
    pub(super) fields: Vec<DraftField>,
    /// Footer pieces; the footer lists as many as fit.
    pub(super) footer: String,
    /// Appended to the footer when fields had to be left out: gets the number left out.
    pub(super) dropped_note: Option<fn(usize) -> String>,
}

/// A field before fitting.
#[derive(Debug, Clone, Default)]
pub(super) struct DraftField {
    pub(super) name: String,
    /// Shown as a block quote, shortened first.
    pub(super) quote: String,
    /// Shown below the quote (a badge), or as the whole value when there is no quote.
    pub(super) tail: String,
    pub(super) inline: bool,
}

/// Limits that shrink until the embed fits 6,000 units in total.
#[derive(Debug, Clone, Copy)]
struct Caps {
    description: usize,
    value: usize,
    fields: usize,
}

/// A part of an embed that [`Caps::shrink`] makes smaller.
#[derive(Debug, Clone, Copy)]
enum Part {
    Value,
    Description,
    Fields,
}

/// The order of shrinking, each step down to its floor: the least important part first (long
/// quotes), then the description down to a still useful length, then the last fields, then
/// everything further.
const SHRINK_STEPS: [(Part, usize); 6] = [
    (Part::Value, 400),
    (Part::Description, 2000),
    (Part::Fields, 3),
    (Part::Value, 150),
    (Part::Description, 500),
    (Part::Fields, 0),
];

impl Caps {
    /// The next smaller caps: the first step whose part is still above its floor shrinks it by
    /// a quarter (or one field).
    fn shrink(mut self) -> Caps {
        for (part, floor) in SHRINK_STEPS {
            let n = match part {
                Part::Value => &mut self.value,
                Part::Description => &mut self.description,
                Part::Fields => &mut self.fields,
            };
            if *n > floor {
                *n = match part {
                    Part::Fields => *n - 1,
                    Part::Value | Part::Description => (*n * 3 / 4).max(floor),
                };
                return self;
            }
        }
        // Title (256) + footer (1000) + description alone always fit in the end.
        self.description /= 2;
        self
    }
}

impl Draft {
    /// The embed at the largest caps whose total fits Discord's 6,000 units.
    pub(super) fn fit(self) -> Embed {
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
            caps = caps.shrink();
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

    /// Adds 👍/👎 buttons for an answer with this outcome letter and reference. They get a row
    /// of their own, the last; the other buttons keep at most four rows.
    pub fn add_feedback_buttons(&mut self, outcome: char, reference: &str) {
        for (vote, label) in [("up", "👍 Nuttig"), ("down", "👎 Niet nuttig")] {
            if let Some(custom_id) = super::feedback_button_id(vote, outcome, reference) {
                self.buttons.push(Button {
                    custom_id,
                    label: label.into(),
                });
            }
        }
    }

    /// Buttons in action rows of five (at most five rows); 👍/👎 in a row of their own, last.
    pub fn components(&self) -> Vec<CreateActionRow> {
        let is_feedback = |b: &&Button| b.custom_id.starts_with(super::FEEDBACK_BUTTON_PREFIX);
        let feedback: Vec<Button> = self.buttons.iter().filter(is_feedback).cloned().collect();
        let others: Vec<Button> = self
            .buttons
            .iter()
            .filter(|b| !is_feedback(b))
            .cloned()
            .collect();
        let other_rows = if feedback.is_empty() {
            limits::ROWS
        } else {
            limits::ROWS - 1
        };
        let mut rows: Vec<&[Button]> = others
            .chunks(limits::BUTTONS_PER_ROW)
            .take(other_rows)
            .collect();
        if !feedback.is_empty() {
            rows.push(&feedback[..feedback.len().min(limits::BUTTONS_PER_ROW)]);
        }
        rows.into_iter()
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

#[cfg(test)]
mod tests {
    use super::super::limit_check::violations;
    use super::*;
    use crate::channel::discord::EPHEMERAL_FLAG;

    fn field(name: &str, quote: &str) -> DraftField {
        DraftField {
            name: name.into(),
            quote: quote.into(),
            tail: "`geldig` · Almere".into(),
            inline: false,
        }
    }

    #[test]
    fn an_oversized_draft_fits_and_says_what_it_left_out() {
        let quote = "Een zin over ondersteuning op school. ".repeat(60);
        let draft = Draft {
            title: "T".repeat(400),
            description: "Beschrijving. ".repeat(600),
            color: 1,
            fields: (0..40)
                .map(|i| field(&format!("Veld {i}"), &quote))
                .collect(),
            footer: "Passages: ".to_string() + &"anb#x-1 · ".repeat(200),
            dropped_note: Some(|n| format!("{n} weggelaten")),
        };
        let embed = draft.fit();
        // Written out from Discord's documentation, not from `limits`.
        assert!(embed_units(&embed) <= 6000, "{}", embed_units(&embed));
        assert!(embed.fields.len() <= 25);
        assert!(units(&embed.title) <= 256);
        assert!(units(&embed.footer) <= 1000, "{}", embed.footer);
        let left_out = 40 - embed.fields.len();
        assert!(
            embed.footer.ends_with(&format!(" · {left_out} weggelaten")),
            "{}",
            embed.footer
        );
        for f in &embed.fields {
            assert!(f.value.ends_with("`geldig` · Almere"), "{}", f.value);
        }
        let reply = Reply {
            embeds: vec![embed],
            ..Default::default()
        };
        let problems = violations(&reply.interaction_response_json());
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_draft_that_fits_is_rendered_unchanged() {
        let draft = Draft {
            title: "Antwoord".into(),
            description: "Kort.".into(),
            color: 7,
            fields: vec![field("[1] ANB", "Een OPP wordt opgesteld.")],
            footer: "Passages: anb#opp-1".into(),
            dropped_note: None,
        };
        let embed = draft.fit();
        assert_eq!(
            embed,
            Embed {
                title: "Antwoord".into(),
                description: "Kort.".into(),
                color: 7,
                fields: vec![Field {
                    name: "[1] ANB".into(),
                    value: "> Een OPP wordt opgesteld.\n`geldig` · Almere".into(),
                    inline: false,
                }],
                footer: "Passages: anb#opp-1".into(),
            }
        );
    }

    #[test]
    fn deferred_response_is_type_5() {
        let v = deferred_response_json(true);
        assert_eq!(v["type"], 5);
        assert_eq!(v["data"]["flags"], EPHEMERAL_FLAG);
    }
}
