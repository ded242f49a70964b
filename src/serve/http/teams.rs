//! `POST /teams`: the Microsoft Teams outgoing webhook.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::error::RequestError;
use super::input::{Field, Object, json_object};
use super::verify::{Remember, verify_teams};
use super::{AppState, with_outcome};
use crate::channel::teams;
use crate::engine::AskOptions;
use crate::feedback::{self, Vote, VoteCast};
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
    /// The `data` of a submitted card action (our 👍/👎), when that is what was sent.
    #[serde(default)]
    value: Field<Object<CardVote>>,
}

/// The `data` of our `Action.Submit` buttons ([`teams::add_feedback_actions`]).
#[derive(Debug, Default, Deserialize)]
struct CardVote {
    #[serde(rename = "type", default)]
    mark: Field<String>,
    #[serde(default)]
    vote: Field<String>,
    #[serde(default)]
    outcome: Field<String>,
    #[serde(default)]
    passages: Field<Vec<Field<String>>>,
    #[serde(default, rename = "ref")]
    reference: Field<String>,
}

/// A 👍/👎 submitted from our card, checked; `None` when the activity carries none.
fn read_vote(body: &[u8]) -> Result<Option<VoteCast>, RequestError> {
    let Some(activity) = json_object::<TeamsActivity>(body)? else {
        return Ok(None);
    };
    let Some(Object(v)) = activity.value.given() else {
        return Ok(None);
    };
    if v.mark.given().as_deref() != Some(teams::FEEDBACK_MARK) {
        return Ok(None);
    }
    let vote = v
        .vote
        .given()
        .and_then(|s| Vote::parse(&s))
        .ok_or(RequestError::Invalid(
            "de reactie heeft geen geldige stem (veld „vote”)",
        ))?;
    let outcome = v
        .outcome
        .given()
        .and_then(|s| feedback::Outcome::from_label(&s))
        .unwrap_or(feedback::Outcome::Answered);
    let passages: Vec<String> = v
        .passages
        .given()
        .unwrap_or_default()
        .into_iter()
        .filter_map(Field::given)
        .collect();
    if passages.len() > feedback::MAX_PASSAGES {
        return Err(RequestError::Invalid("de reactie noemt te veel passages"));
    }
    let reference = v.reference.given().filter(|r| feedback::is_reference(r));
    Ok(Some(VoteCast {
        channel: feedback::Channel::Teams,
        vote,
        outcome,
        passages,
        reference,
    }))
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
    if let Some(cast) = read_vote(&body)? {
        // Only passage ids the index knows are kept.
        let known = state
            .blocking(move |s| {
                let mut cast = cast;
                let engine = s.engine();
                let index = engine.index();
                cast.passages
                    .retain(|id| matches!(index.by_id(id), Ok(Some(_))));
                cast
            })
            .await?;
        state.feedback().record_vote(known);
        return Ok(with_outcome(
            Json(teams::text_reply("Bedankt voor je reactie.")),
            Outcome::Ok,
        ));
    }
    let message = read_message(&body)?;
    let question = teams::question(&message.text);
    let answer = match &message.conversation {
        Some(id) => {
            // Only the id's bytes are kept, in memory; it names a thread, not a person.
            let key = format!("teams:{id}");
            state
                .ask_in(&key, question.clone(), AskOptions::today())
                .await?
        }
        None => state.ask(question.clone(), AskOptions::today()).await?,
    };
    let outcome = Outcome::of_answer(&answer);
    let mut reply = teams::reply(&answer);
    if let Some(reference) = state.record_answer(feedback::Channel::Teams, &answer, &question) {
        let passages: Vec<String> = answer.citations.iter().map(|c| c.passage.clone()).collect();
        teams::add_feedback_actions(
            &mut reply,
            feedback::Outcome::of(&answer).label(),
            &passages,
            &reference,
        );
    }
    Ok(with_outcome(Json(reply), outcome))
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
