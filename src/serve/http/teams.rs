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
}

/// The message text of a verified Teams body.
fn read_text(body: &[u8]) -> Result<String, RequestError> {
    json_object::<TeamsActivity>(body)?
        .and_then(|activity| activity.text.given())
        .ok_or(RequestError::Invalid(
            "het Teams-bericht heeft geen tekst (veld „text”)",
        ))
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
    let text = read_text(&body)?;
    let answer = state
        .ask(teams::question(&text), AskOptions::today())
        .await?;
    let outcome = Outcome::of_answer(&answer);
    Ok(with_outcome(Json(teams::reply(&answer)), outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_the_only_field_read() {
        let text = read_text(br#"{"type":"message","text":"<at>nw</at> hoi","from":{}}"#);
        assert_eq!(text.unwrap(), "<at>nw</at> hoi");
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
