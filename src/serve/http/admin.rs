//! `POST /api/admin/herlaad`: reloads corpus and config now, for a deploy script that wants
//! to know the outcome. Routed only when `NORMWIJZER_ADMIN_TOKEN` is set; the request must
//! carry `Authorization: Bearer <token>`, compared in constant time.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use subtle::ConstantTimeEq;

use super::{AppState, with_outcome};
use crate::serve::metrics::Outcome;
use crate::serve::reload::Trigger;

/// The environment variable with the admin token.
pub(super) const TOKEN_VAR: &str = "NORMWIJZER_ADMIN_TOKEN";

/// Shortest token accepted: a guessable token would let anyone start index builds.
const MIN_LEN: usize = 16;

/// The admin bearer token.
pub(super) struct AdminToken(Vec<u8>);

impl AdminToken {
    pub(super) fn new(token: String) -> AdminToken {
        AdminToken(token.into_bytes())
    }

    /// Whether `given` is the token, in time that does not depend on where they differ.
    fn matches(&self, given: &[u8]) -> bool {
        // `ct_eq` on slices of different lengths is false without comparing; the length of
        // the token is not the secret.
        self.0.ct_eq(given).into()
    }
}

/// The token from [`TOKEN_VAR`]: `None` when unset or empty (the endpoint is off), a Dutch
/// error when it is too short or not text.
pub(super) fn token_from_env() -> Result<Option<String>, String> {
    match std::env::var(TOKEN_VAR) {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "{TOKEN_VAR} bevat tekens die geen tekst zijn; gebruik bijvoorbeeld de uitvoer van `openssl rand -hex 32`"
        )),
        Ok(t) if t.trim().is_empty() => Ok(None),
        Ok(t) if t.trim().chars().count() < MIN_LEN => Err(format!(
            "{TOKEN_VAR} is te kort: gebruik minstens {MIN_LEN} tekens, bijvoorbeeld de uitvoer van `openssl rand -hex 32`"
        )),
        Ok(t) => Ok(Some(t.trim().to_string())),
    }
}

/// A refusal of the admin endpoint: 401 with one Dutch line.
fn unauthorized() -> Response {
    let mut res = (
        StatusCode::UNAUTHORIZED,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        "geen geldig beheertoken: stuur Authorization: Bearer <token> met de waarde van NORMWIJZER_ADMIN_TOKEN\n",
    )
        .into_response();
    res.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    res.extensions_mut().insert(Outcome::Rejected);
    res
}

/// `POST /api/admin/herlaad`: reloads now and answers with the outcome: 200 and what is
/// served now, or 422 with the reason when the new files do not open (the old index keeps
/// serving).
pub(super) async fn reload(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.inner.admin.as_ref() else {
        return super::RequestError::NotFound.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
        .map(<[u8]>::trim_ascii);
    if !given.is_some_and(|g| token.matches(g)) {
        return unauthorized();
    }
    let served = state.inner.served.clone();
    let done = tokio::task::spawn_blocking(move || served.reload(Trigger::Admin)).await;
    match done {
        Ok(Ok(r)) => with_outcome(
            Json(json!({
                "status": "herladen",
                "changed": r.changed,
                "documents": r.documents,
                "passages": r.passages,
                "fingerprint": r.fingerprint,
                "problems": r.problems,
                "millis": r.millis,
            })),
            Outcome::Ok,
        ),
        Ok(Err(reason)) => with_outcome(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "status": "mislukt",
                    "error": reason,
                    "served": state.engine().index().info.fingerprint,
                    "message": "de nieuwe bestanden zijn niet in gebruik genomen; de vorige index blijft antwoorden",
                })),
            ),
            Outcome::Error,
        ),
        Err(_) => super::RequestError::Internal.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_compared_whole() {
        let t = AdminToken::new("0123456789abcdef".into());
        assert!(t.matches(b"0123456789abcdef"));
        assert!(!t.matches(b"0123456789abcdeF"));
        assert!(!t.matches(b"0123456789abcde"));
        assert!(!t.matches(b""));
    }
}
