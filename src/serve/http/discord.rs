//! `POST /discord/interactions`: Discord's interactions endpoint, answered with the same
//! commands as the gateway bot ([`crate::serve::commands`]).

use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::RequestError;
use super::input::{Field, Object, json_object};
use super::verify::{Remember, discord_until, verify_discord};
use super::{AppState, with_outcome};
use crate::channel::discord;
use crate::engine::AskOptions;
use crate::feedback;
use crate::serve::commands;
use crate::serve::metrics::Outcome;

/// The part of an interaction the service reads. Discord sends much more (ids, member, token)
/// and adds fields over time; anything not listed here is ignored.
#[derive(Debug, Default, Deserialize)]
struct Interaction {
    #[serde(rename = "type", default)]
    kind: Field<u64>,
    #[serde(default)]
    data: Field<Object<InteractionData>>,
    /// The channel (a thread, a DM) the command was used in.
    #[serde(default)]
    channel_id: Field<String>,
    /// Who used it: `member.user` in a server, `user` in a DM.
    #[serde(default)]
    member: Field<Object<Member>>,
    #[serde(default)]
    user: Field<Object<User>>,
}

#[derive(Debug, Default, Deserialize)]
struct Member {
    #[serde(default)]
    user: Field<Object<User>>,
}

#[derive(Debug, Default, Deserialize)]
struct User {
    #[serde(default)]
    id: Field<String>,
}

/// `data` of a command, button or autocomplete interaction.
#[derive(Debug, Default, Deserialize)]
struct InteractionData {
    /// The command's name (commands and autocomplete).
    #[serde(default)]
    name: Field<String>,
    /// The button's id (buttons).
    #[serde(default)]
    custom_id: Field<String>,
    /// The command's options.
    #[serde(default)]
    options: Options,
}

/// The options of a command as sent: a list, each entry hopefully an object.
type Options = Field<Vec<Field<Object<CommandOption>>>>;

/// One option of a command as the user filled it in.
#[derive(Debug, Default, Deserialize)]
struct CommandOption {
    #[serde(default)]
    name: Field<String>,
    #[serde(default)]
    value: Field<OptionValue>,
    /// True for the option being typed in an autocomplete interaction.
    #[serde(default)]
    focused: Field<bool>,
}

/// The value of an option: text, a number or a boolean. Subcommands have none.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OptionValue {
    Text(String),
    Number(serde_json::Number),
    Bool(bool),
}

/// What an interaction asks for, once its type and data have been checked.
#[derive(Debug)]
enum Request {
    /// PING (type 1), sent when the endpoint is saved in the developer portal.
    Ping,
    /// APPLICATION_COMMAND (2): a slash command, with its options as (name, value) pairs.
    Command {
        name: String,
        options: Vec<(String, String)>,
        /// `discord:<channel>:<user>`, when both are named: whose earlier question a
        /// follow-up continues.
        conversation: Option<String>,
    },
    /// MESSAGE_COMPONENT (3): a button on one of our messages ("Toon hele passage").
    Button { custom_id: String },
    /// APPLICATION_COMMAND_AUTOCOMPLETE (4): choices for the option being typed.
    Autocomplete {
        command: String,
        option: String,
        typed: String,
    },
}

impl Interaction {
    /// The conversation key of the person in the channel (ids only, in memory only).
    fn conversation(&self) -> Option<String> {
        let channel = self.channel_id.given_ref()?;
        let user = match (&self.member, &self.user) {
            (Field::Given(Object(m)), _) => match &m.user {
                Field::Given(Object(u)) => u.id.given_ref(),
                _ => None,
            },
            (_, Field::Given(Object(u))) => u.id.given_ref(),
            _ => None,
        }?;
        let id = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
        (id(channel) && id(user)).then(|| format!("discord:{channel}:{user}"))
    }

    /// The request, or the Dutch sentence saying what is missing. A PING needs no data.
    fn request(self) -> Result<Request, RequestError> {
        let conversation = self.conversation();
        let kind = match self.kind.given() {
            Some(1) => return Ok(Request::Ping),
            Some(kind @ 2..=4) => kind,
            Some(_) => {
                return Err(RequestError::Invalid(
                    "dit soort Discord-interactie wordt niet ondersteund",
                ));
            }
            None => {
                return Err(RequestError::Invalid(
                    "de interactie heeft geen geldig veld „type”",
                ));
            }
        };
        let Some(Object(data)) = self.data.given() else {
            return Err(RequestError::Invalid(
                "de interactie heeft geen gegevens (veld „data”)",
            ));
        };
        Ok(match kind {
            2 => Request::Command {
                name: data
                    .name
                    .given()
                    .ok_or(RequestError::Invalid("de opdracht heeft geen naam"))?,
                options: command_options(data.options),
                conversation,
            },
            3 => Request::Button {
                custom_id: data
                    .custom_id
                    .given()
                    .ok_or(RequestError::Invalid("de knop heeft geen custom_id"))?,
            },
            _ => {
                let (option, typed) = focused_option(data.options).unwrap_or_default();
                Request::Autocomplete {
                    command: data.name.given().unwrap_or_default(),
                    option,
                    typed,
                }
            }
        })
    }
}

/// The options that are objects; anything else in the list is skipped.
fn entries(options: Options) -> impl Iterator<Item = CommandOption> {
    options
        .given()
        .into_iter()
        .flatten()
        .filter_map(Field::given)
        .map(|Object(option)| option)
}

/// The options of a slash command as (name, value) pairs, numbers and booleans as text, as
/// [`commands::command`] takes them; options without a name or a value are left out.
fn command_options(options: Options) -> Vec<(String, String)> {
    entries(options)
        .filter_map(|o| {
            let value = match o.value.given()? {
                OptionValue::Text(s) => s,
                OptionValue::Number(n) => n.to_string(),
                OptionValue::Bool(b) => b.to_string(),
            };
            Some((o.name.given()?, value))
        })
        .collect()
}

/// The option being typed in an autocomplete interaction: its name and what was typed so far
/// (text only). Only the first focused option counts, even when it has no name.
fn focused_option(options: Options) -> Option<(String, String)> {
    let focused = entries(options).find(|o| matches!(o.focused, Field::Given(true)))?;
    let typed = match focused.value.given() {
        Some(OptionValue::Text(s)) => s,
        _ => String::new(),
    };
    Some((focused.name.given()?, typed))
}

/// The interaction response to PING.
fn pong() -> Value {
    json!({ "type": 1 })
}

/// `POST /discord/interactions`: verified; PING answered with PONG; slash commands and button
/// presses with a message rendered by [`crate::channel::discord`] through
/// [`crate::serve::commands`], exactly as the gateway bot answers them; autocomplete with
/// choices.
pub(super) async fn interactions(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let key = state
        .inner
        .secrets
        .discord_key()
        .ok_or(RequestError::NotFound)?;
    let body = body?;
    let now = jiff::Timestamp::now().as_second();
    let (signature, timestamp) = verify_discord(&key, &headers, &body, now)?;
    let until = discord_until(timestamp, now, Instant::now());
    match state
        .inner
        .discord_seen
        .remember(&signature.to_bytes(), until)
    {
        Remember::First => {}
        Remember::Replayed => return Err(RequestError::Replayed),
        Remember::Full => return Err(RequestError::Busy),
    }
    // Not an object: no "type" either, which is what the client is told.
    let interaction = json_object::<Interaction>(&body)?.unwrap_or_default();
    let (response, outcome) = match interaction.request()? {
        // Answered right here: a PING needs neither the engine nor the blocking pool.
        Request::Ping => (pong(), Outcome::Ok),
        request => {
            let (opts, _guard) = state.command_options();
            state.blocking(move |s| respond(s, request, &opts)).await?
        }
    };
    if response.is_null() {
        return Err(RequestError::Internal);
    }
    Ok(with_outcome(Json(response), outcome))
}

/// The interaction response to `request` and how it ended (blocking: commands ask the engine,
/// and the first autocomplete reads the glossaries).
fn respond(state: &AppState, request: Request, opts: &AskOptions) -> (Value, Outcome) {
    let engine = &state.engine();
    let today = || opts.today;
    match request {
        Request::Ping => (pong(), Outcome::Ok),
        Request::Command {
            name,
            options,
            conversation,
        } => {
            let started = Instant::now();
            let conversations = &state.inner.conversations;
            let opts = AskOptions {
                previous: conversation
                    .as_deref()
                    .map(|key| conversations.previous(key))
                    .unwrap_or_default(),
                ..opts.clone()
            };
            let h = commands::command(engine, &name, &options, &opts);
            if let (Some(key), Some(subject)) = (&conversation, &h.subject) {
                conversations.remember(key, subject);
            }
            let h = commands::with_feedback(h, state.feedback(), feedback::Channel::Discord);
            // Look-ups and refusals are not answers; only the engine's time is observed.
            if matches!(h.outcome, Outcome::Answered | Outcome::Abstained) {
                state.inner.metrics.observe_answer(started.elapsed());
            }
            (h.reply.interaction_response_json(), h.outcome)
        }
        Request::Button { custom_id } => {
            let h =
                commands::feedback_press(state.feedback(), &custom_id, feedback::Channel::Discord)
                    .unwrap_or_else(|| commands::button(engine, &custom_id, today()));
            (h.reply.interaction_response_json(), h.outcome)
        }
        Request::Autocomplete {
            command,
            option,
            typed,
        } => {
            let choices = state
                .inner
                .suggestions
                .of(engine)
                .suggest(&command, &option, &typed);
            (discord::autocomplete_json(&choices), Outcome::Ok)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: Value) -> Result<Request, RequestError> {
        json_object::<Interaction>(body.to_string().as_bytes())
            .unwrap()
            .unwrap_or_default()
            .request()
    }

    fn refusal(body: Value) -> String {
        match request(body) {
            Ok(r) => panic!("accepted as {r:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_type_decides_and_a_ping_needs_no_data() {
        assert!(matches!(request(json!({"type": 1})), Ok(Request::Ping)));
        assert!(matches!(
            request(json!({"type": 1, "data": 5})),
            Ok(Request::Ping)
        ));
        assert!(refusal(json!({"type": 5, "data": {}})).contains("niet ondersteund"));
        assert!(refusal(json!({"type": 0})).contains("niet ondersteund"));
        for kind in [json!(null), json!("2"), json!(2.0), json!(-1)] {
            assert!(
                refusal(json!({"type": kind, "data": {}})).contains("„type”"),
                "{kind}"
            );
        }
        assert!(refusal(json!([2])).contains("„type”"));
        for data in [json!(null), json!("x"), json!(["vraag"])] {
            assert!(
                refusal(json!({"type": 2, "data": data})).contains("„data”"),
                "{data}"
            );
        }
    }

    #[test]
    fn commands_need_a_name_and_keep_options_with_a_value() {
        let body = json!({"type": 2, "data": {"name": "termijn", "options": [
            {"name": "regel", "type": 3, "value": "zorgplicht"},
            {"name": "dagen", "type": 4, "value": 42},
            {"name": "factor", "type": 10, "value": 1.5},
            {"name": "stil", "type": 5, "value": true},
            {"name": "leeg", "type": 3, "value": null},
            {"name": "groep", "type": 1, "options": []},
            {"name": 7, "value": "x"},
            ["naam", "waarde"],
            "los"
        ]}});
        let Ok(Request::Command { name, options, .. }) = request(body) else {
            panic!("a command");
        };
        assert_eq!(name, "termijn");
        let pairs: Vec<(&str, &str)> = options
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("regel", "zorgplicht"),
                ("dagen", "42"),
                ("factor", "1.5"),
                ("stil", "true")
            ]
        );
        let Ok(Request::Command { options, .. }) =
            request(json!({"type": 2, "data": {"name": "help", "options": {"x": 1}}}))
        else {
            panic!("a command");
        };
        assert!(options.is_empty());
        assert_eq!(
            refusal(json!({"type": 2, "data": {"name": 3}})),
            "de opdracht heeft geen naam"
        );
        assert_eq!(
            refusal(json!({"type": 3, "data": {"custom_id": 3}})),
            "de knop heeft geen custom_id"
        );
    }

    #[test]
    fn autocomplete_reads_the_first_focused_option() {
        let body = json!({"type": 4, "data": {"name": "termijn", "options": [
            {"name": "datum", "value": "2026"},
            {"name": "regel", "value": "zorg", "focused": true},
            {"name": "datum", "value": "x", "focused": true}
        ]}});
        let Ok(Request::Autocomplete {
            command,
            option,
            typed,
        }) = request(body)
        else {
            panic!("autocomplete");
        };
        assert_eq!(
            (command.as_str(), option.as_str(), typed.as_str()),
            ("termijn", "regel", "zorg")
        );
        // A focused option without a name gives nothing, not the next focused one.
        let body = json!({"type": 4, "data": {"name": 1, "options": [
            {"value": "zorg", "focused": true},
            {"name": "regel", "value": "x", "focused": true}
        ]}});
        let Ok(Request::Autocomplete {
            command,
            option,
            typed,
        }) = request(body)
        else {
            panic!("autocomplete");
        };
        assert_eq!(
            (command.as_str(), option.as_str(), typed.as_str()),
            ("", "", "")
        );
        // A number being typed is no text.
        let body = json!({"type": 4, "data": {"name": "x", "options": [
            {"name": "n", "value": 12, "focused": true}
        ]}});
        let Ok(Request::Autocomplete { option, typed, .. }) = request(body) else {
            panic!("autocomplete");
        };
        assert_eq!((option.as_str(), typed.as_str()), ("n", ""));
    }
}
