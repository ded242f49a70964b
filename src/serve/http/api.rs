//! `POST /api/ask`: a question as JSON, the answer as the object of `normwijzer ask --json`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::Response;
use serde::Deserialize;

use super::error::RequestError;
use super::input::{Field, json_object};
use super::{AppState, with_outcome};
use crate::engine::AskOptions;
use crate::serve::metrics::Outcome;

/// The body of `/api/ask`: `{"question": "...", "today": "JJJJ-MM-DD"?, "previous": [...]?}`.
/// `previous` holds the client's earlier questions of the conversation, oldest first: the API
/// keeps no conversation itself.
#[derive(Debug, Default, Deserialize)]
struct AskRequest {
    #[serde(default)]
    question: Field<String>,
    #[serde(default)]
    today: Field<String>,
    #[serde(default)]
    previous: Field<Vec<String>>,
}

/// Earlier questions read from `previous` at most (the last ones).
const MAX_PREVIOUS: usize = crate::conversation::MAX_TURNS;

/// A question ready for the engine.
#[derive(Debug)]
struct Ask {
    question: String,
    options: AskOptions,
}

impl AskRequest {
    /// The question and the day it is asked for, or the sentence that names the wrong field.
    fn into_ask(self) -> Result<Ask, RequestError> {
        let question = match self.question {
            Field::Given(q) => q,
            Field::Absent => return Err(RequestError::Invalid("het veld „question” ontbreekt")),
            Field::OtherType => {
                return Err(RequestError::Invalid("het veld „question” moet tekst zijn"));
            }
        };
        let mut options = AskOptions::today();
        match self.today {
            Field::Absent => {}
            Field::Given(d) => {
                options.today = d.trim().parse().map_err(|_| {
                    RequestError::Invalid(
                        "het veld „today” is geen geldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02",
                    )
                })?;
            }
            Field::OtherType => {
                return Err(RequestError::Invalid(
                    "het veld „today” moet een datum als tekst zijn: JJJJ-MM-DD",
                ));
            }
        }
        match self.previous {
            Field::Absent => {}
            Field::Given(mut previous) => {
                let keep = previous.len().saturating_sub(MAX_PREVIOUS);
                options.previous = previous.split_off(keep);
            }
            Field::OtherType => {
                return Err(RequestError::Invalid(
                    "het veld „previous” moet een lijst met eerdere vragen als tekst zijn",
                ));
            }
        }
        Ok(Ask { question, options })
    }
}

/// The question of an `/api/ask` body.
fn read_ask(body: &[u8]) -> Result<Ask, RequestError> {
    json_object::<AskRequest>(body)?
        .ok_or(RequestError::Invalid(
            "de inhoud moet een JSON-object zijn, zoals {\"question\": \"wanneer moet een OPP?\"}",
        ))?
        .into_ask()
}

/// `POST /api/ask` with `{"question": "...", "today": "JJJJ-MM-DD"?, "previous": [...]?}`: the
/// answer as the same JSON object as `normwijzer ask --json` (with `continued` when the
/// question was read as a follow-up of the last of `previous`).
pub(super) async fn ask(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let Ask { question, options } = read_ask(&body?)?;
    let answer = state.ask(question, options).await?;
    let outcome = Outcome::of_answer(&answer);
    Ok(with_outcome(Json(answer), outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(body: &str) -> String {
        match read_ask(body.as_bytes()) {
            Ok(ask) => panic!("{body} accepted as {ask:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn ask_request_fields() {
        let ask = read_ask(br#"{"question": "x", "today": "2026-03-02"}"#).unwrap();
        assert_eq!(ask.question, "x");
        assert_eq!(ask.options.today.to_string(), "2026-03-02");
        let ask = read_ask(br#"{"question": "x", "today": " 2026-03-02 ", "extra": 1}"#).unwrap();
        assert_eq!(ask.options.today.to_string(), "2026-03-02");
        assert!(read_ask(br#"{"question": "x", "today": null}"#).is_ok());
        let ask = read_ask(br#"{"question": "x", "previous": ["a", "b", "c", "d", "e"]}"#).unwrap();
        assert_eq!(ask.options.previous, ["b", "c", "d", "e"]);
        assert!(read_ask(br#"{"question": "x", "previous": "a"}"#).is_err());
        assert_eq!(refusal("{}"), "het veld „question” ontbreekt");
        assert_eq!(
            refusal(r#"{"question": null}"#),
            "het veld „question” ontbreekt"
        );
        assert_eq!(
            refusal(r#"{"question": 3}"#),
            "het veld „question” moet tekst zijn"
        );
        assert!(refusal(r#"{"question": "x", "today": "2 maart"}"#).contains("geen geldige datum"));
        assert!(refusal(r#"{"question": "x", "today": 20260302}"#).contains("als tekst"));
        assert!(refusal(r#"["x"]"#).starts_with("de inhoud moet een JSON-object zijn"));
        // The question is checked before the day.
        assert_eq!(refusal(r#"{"today": 1}"#), "het veld „question” ontbreekt");
    }
}
