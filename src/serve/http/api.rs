//! `POST /api/ask`: a question as JSON, the answer as the object of `normwijzer ask --json`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::Response;
use serde_json::Value;

use super::error::RequestError;
use super::input::parse_json;
use super::{AppState, answer_outcome, with_outcome};
use crate::engine::AskOptions;

/// `POST /api/ask` with `{"question": "...", "today": "JJJJ-MM-DD"?}`: the answer as the same
/// JSON object as `normwijzer ask --json`.
pub(super) async fn ask(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, RequestError> {
    let body = body?;
    let (question, opts) = ask_request(&parse_json(&body)?)?;
    let answer = state.ask(question, opts).await?;
    let outcome = answer_outcome(&answer);
    Ok(with_outcome(Json(answer), outcome))
}

/// The question and options of an `/api/ask` body.
fn ask_request(v: &Value) -> Result<(String, AskOptions), RequestError> {
    let obj = v.as_object().ok_or(RequestError::Invalid(
        "de inhoud moet een JSON-object zijn, zoals {\"question\": \"wanneer moet een OPP?\"}",
    ))?;
    let question = match obj.get("question") {
        None | Some(Value::Null) => {
            return Err(RequestError::Invalid("het veld „question” ontbreekt"));
        }
        Some(Value::String(q)) => q.clone(),
        Some(_) => return Err(RequestError::Invalid("het veld „question” moet tekst zijn")),
    };
    let mut opts = AskOptions::today();
    match obj.get("today") {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) => {
            opts.today = d.trim().parse().map_err(|_| {
                RequestError::Invalid(
                    "het veld „today” is geen geldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02",
                )
            })?;
        }
        Some(_) => {
            return Err(RequestError::Invalid(
                "het veld „today” moet een datum als tekst zijn: JJJJ-MM-DD",
            ));
        }
    }
    Ok((question, opts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ask_request_fields() {
        let (q, o) = ask_request(&json!({"question": "x", "today": "2026-03-02"})).unwrap();
        assert_eq!(q, "x");
        assert_eq!(o.today.to_string(), "2026-03-02");
        assert!(ask_request(&json!({})).is_err());
        assert!(ask_request(&json!({"question": 3})).is_err());
        assert!(ask_request(&json!({"question": "x", "today": "2 maart"})).is_err());
        assert!(ask_request(&json!({"question": "x", "today": 20260302})).is_err());
        assert!(ask_request(&json!(["x"])).is_err());
    }
}
