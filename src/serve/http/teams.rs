//! `POST /teams`: the Microsoft Teams outgoing webhook.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use super::error::RequestError;
use super::input::parse_json;
use super::verify::verify_teams;
use super::{AppState, answer_outcome, with_outcome};
use crate::channel::teams;
use crate::engine::AskOptions;

/// `POST /teams`: a Teams outgoing-webhook message, verified, answered with a message activity.
pub(super) async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let key = state
        .inner
        .secrets
        .teams_key()
        .ok_or(RequestError::NotFound)?;
    let body = body?;
    let tag = verify_teams(key, &headers, &body)?;
    if !state.inner.teams_seen.first_time(&tag) {
        return Err(RequestError::Replayed);
    }
    let activity = parse_json(&body)?;
    let text = activity
        .get("text")
        .and_then(Value::as_str)
        .ok_or(RequestError::Invalid(
            "het Teams-bericht heeft geen tekst (veld „text”)",
        ))?;
    let answer = state
        .ask(teams::question(text), AskOptions::today())
        .await?;
    let outcome = answer_outcome(&answer);
    Ok(with_outcome(Json(teams::reply(&answer)), outcome))
}
