//! `POST /discord/interactions`: Discord's interactions endpoint, answered with the same
//! commands as the gateway bot.

use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

use super::error::RequestError;
use super::input::parse_json;
use super::verify::verify_discord;
use super::{AppState, with_outcome};
use crate::channel::discord;
use crate::engine::AskOptions;
use crate::serve::commands;
use crate::serve::metrics::Outcome;

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
    let signature = verify_discord(&key, &headers, &body, now)?;
    if !state.inner.discord_seen.first_time(&signature.to_bytes()) {
        return Err(RequestError::Replayed);
    }
    let interaction = parse_json(&body)?;
    let kind = interaction.get("type").and_then(Value::as_u64);
    match kind {
        // PING, sent when the endpoint is saved in the developer portal.
        Some(1) => return Ok(with_outcome(Json(json!({ "type": 1 })), Outcome::Ok)),
        Some(2..=4) => {}
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
    }
    let data = interaction
        .get("data")
        .filter(|d| d.is_object())
        .cloned()
        .ok_or(RequestError::Invalid(
            "de interactie heeft geen gegevens (veld „data”)",
        ))?;
    let (response, outcome) = match kind {
        // APPLICATION_COMMAND: a slash command, answered with a message (type 4).
        Some(2) => {
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .ok_or(RequestError::Invalid("de opdracht heeft geen naam"))?
                .to_string();
            let options = command_options(&data);
            state
                .blocking(move |s| {
                    let started = Instant::now();
                    let today = AskOptions::today().today;
                    let h = commands::command(&s.inner.engine, &name, &options, today);
                    if matches!(h.outcome, Outcome::Answered | Outcome::Abstained) {
                        s.inner.metrics.observe_answer(started.elapsed());
                    }
                    (h.reply.interaction_response_json(), h.outcome)
                })
                .await?
        }
        // MESSAGE_COMPONENT: a button on one of our messages ("Toon hele passage").
        Some(3) => {
            let custom_id = data
                .get("custom_id")
                .and_then(Value::as_str)
                .ok_or(RequestError::Invalid("de knop heeft geen custom_id"))?
                .to_string();
            state
                .blocking(move |s| {
                    let h =
                        commands::button(&s.inner.engine, &custom_id, AskOptions::today().today);
                    (h.reply.interaction_response_json(), h.outcome)
                })
                .await?
        }
        // APPLICATION_COMMAND_AUTOCOMPLETE (4): choices for the option being typed (type 8).
        _ => {
            let name = data
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let (option, typed) = focused_option(&data).unwrap_or_default();
            state
                .blocking(move |s| {
                    let choices = s.suggestions().suggest(&name, &option, &typed);
                    (discord::autocomplete_json(&choices), Outcome::Ok)
                })
                .await?
        }
    };
    if response.is_null() {
        return Err(RequestError::Internal);
    }
    Ok(with_outcome(Json(response), outcome))
}

/// The options of a slash command as (name, value) pairs; numbers and booleans as text.
fn command_options(data: &Value) -> Vec<(String, String)> {
    data.get("options")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let name = o.get("name")?.as_str()?.to_string();
            let value = match o.get("value")? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((name, value))
        })
        .collect()
}

/// The option being typed in an autocomplete interaction: its name and what was typed so far.
fn focused_option(data: &Value) -> Option<(String, String)> {
    data.get("options")?
        .as_array()?
        .iter()
        .find(|o| o.get("focused").and_then(Value::as_bool) == Some(true))
        .and_then(|o| {
            Some((
                o.get("name")?.as_str()?.to_string(),
                o.get("value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            ))
        })
}
