//! `POST /teams`: the Microsoft Teams outgoing webhook.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::error::RequestError;
use super::input::{Field, json_object};
use super::verify::{Remember, verify_teams};
use super::{AppState, with_outcome};
use crate::channel::teams;
use crate::engine::AskOptions;
use crate::serve::metrics::Outcome;

/// The part of a Teams message activity the service reads; Teams sends much more.
#[derive(Debug, Default, Deserialize)]
struct TeamsActivity {
    /// The message as typed, with `<at>…</at>` mentions and HTML.
    #[serde(default)]
    text: Field<String>,
    /// The conversation: in a channel its id names the reply chain
    /// (`19:…@thread.tacv2;messageid=…`), so follow-ups stay within one thread.
    #[serde(default)]
    conversation: Field<Conversation>,
}

#[derive(Debug, Default, Deserialize)]
struct Conversation {
    #[serde(default)]
    id: Field<String>,
}

/// A Teams message: its text, and the conversation it belongs to (if Teams named one).
#[derive(Debug)]
struct Message {
    text: String,
    conversation: Option<String>,
}

/// The message of a verified Teams body.
fn read_message(body: &[u8]) -> Result<Message, RequestError> {
    let activity = json_object::<TeamsActivity>(body)?.ok_or(RequestError::Invalid(
        "het Teams-bericht heeft geen tekst (veld „text”)",
    ))?;
    let conversation = activity
        .conversation
        .given()
        .and_then(|c| c.id.given())
        .filter(|id| !id.trim().is_empty());
    let text = activity.text.given().ok_or(RequestError::Invalid(
        "het Teams-bericht heeft geen tekst (veld „text”)",
    ))?;
    Ok(Message { text, conversation })
}

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
    let until = std::time::Instant::now() + state.inner.options.teams_replay_memory;
    match state.inner.teams_seen.remember(&tag, until) {
        Remember::First => {}
        Remember::Replayed => return Err(RequestError::Replayed),
        Remember::Full => return Err(RequestError::Busy),
    }
    let message = read_message(&body)?;
    let question = teams::question(&message.text);
    let answer = match &message.conversation {
        Some(id) => {
            // Only the id's bytes are kept, in memory; it names a thread, not a person.
            let key = format!("teams:{id}");
            state.ask_in(&key, question, AskOptions::today()).await?
        }
        None => state.ask(question, AskOptions::today()).await?,
    };
    let outcome = Outcome::of_answer(&answer);
    Ok(with_outcome(Json(teams::reply(&answer)), outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(body: &[u8]) -> Result<String, RequestError> {
        read_message(body).map(|m| m.text)
    }

    #[test]
    fn text_and_conversation_are_the_fields_read() {
        let text = read_text(br#"{"type":"message","text":"<at>nw</at> hoi","from":{}}"#);
        assert_eq!(text.unwrap(), "<at>nw</at> hoi");
        let m = read_message(br#"{"text":"x","conversation":{"id":"19:a;messageid=1"}}"#).unwrap();
        assert_eq!(m.conversation.as_deref(), Some("19:a;messageid=1"));
        for body in [
            r#"{"text":"x","conversation":3}"#,
            r#"{"text":"x","conversation":{"id":" "}}"#,
        ] {
            assert_eq!(
                read_message(body.as_bytes()).unwrap().conversation,
                None,
                "{body}"
            );
        }
        for body in [
            r#"{"type":"message"}"#,
            r#"{"text": null}"#,
            r#"{"text": 3}"#,
            r#"["hoi"]"#,
            "[1,2]",
        ] {
            let e = read_text(body.as_bytes()).unwrap_err();
            assert!(e.to_string().contains("veld „text”"), "{body}: {e}");
        }
        assert!(matches!(
            read_text(b"{\"text\": "),
            Err(RequestError::NotJson)
        ));
    }
}
