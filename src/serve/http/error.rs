//! The one way a request is refused: a status code and one line of Dutch plain text, with the
//! outcome the metrics count.

use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::serve::metrics::Outcome;

/// Why a request was refused. The message is the one Dutch line the client gets.
#[derive(Debug, thiserror::Error)]
pub(super) enum RequestError {
    /// No signature header at all.
    #[error("de aanvraag is niet ondertekend")]
    Unsigned,
    /// A signature header that is malformed or does not match the body.
    #[error("de ondertekening van de aanvraag klopt niet")]
    BadSignature,
    /// A Discord timestamp outside the signature window.
    #[error("het tijdstempel van de ondertekening is te oud of ligt in de toekomst")]
    Stale,
    /// A verified signature seen before within the window.
    #[error("deze aanvraag is al eens ontvangen en wordt niet nog eens verwerkt")]
    Replayed,
    /// A body over the limit, with or without `Content-Length`.
    #[error("de aanvraag is te groot: hooguit 64 KiB")]
    TooLarge,
    /// The body could not be read (the connection broke, say).
    #[error("de aanvraag kon niet worden gelezen")]
    Unreadable,
    /// An empty or all-whitespace body.
    #[error("de aanvraag is leeg: stuur een JSON-object")]
    Empty,
    /// A body that is not JSON.
    #[error("de inhoud is geen geldige JSON")]
    NotJson,
    /// JSON that lacks what the endpoint needs; the sentence names the field.
    #[error("{0}")]
    Invalid(&'static str),
    /// The request took longer than the request timeout.
    #[error("de aanvraag duurde te lang")]
    Timeout,
    /// An unknown path, or an endpoint whose secret is not set.
    #[error("deze pagina bestaat niet")]
    NotFound,
    /// A known path with the wrong method.
    #[error("deze methode is hier niet toegestaan")]
    MethodNotAllowed,
    /// The engine failed; never caused by what a client sent.
    #[error("er ging intern iets mis; probeer het later opnieuw")]
    Internal,
    /// The search index could not be read.
    #[error("de zoekindex is nu niet leesbaar; probeer het later opnieuw")]
    Unavailable,
    /// Every engine slot is taken and the queue is full, or the replay memory is full.
    #[error("het is nu te druk; probeer het over een paar seconden opnieuw")]
    Busy,
    /// The service is stopping.
    #[error("de service wordt gestopt; probeer het zo opnieuw")]
    ShuttingDown,
    /// Too many requests from this address; the wait until the next one is allowed.
    #[error("je stuurt te veel vragen achter elkaar; wacht even en probeer het dan opnieuw")]
    RateLimited(std::time::Duration),
}

impl RequestError {
    fn status(&self) -> StatusCode {
        match self {
            RequestError::Unsigned
            | RequestError::BadSignature
            | RequestError::Stale
            | RequestError::Replayed => StatusCode::UNAUTHORIZED,
            RequestError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            RequestError::Unreadable
            | RequestError::Empty
            | RequestError::NotJson
            | RequestError::Invalid(_) => StatusCode::BAD_REQUEST,
            RequestError::Timeout => StatusCode::REQUEST_TIMEOUT,
            RequestError::NotFound => StatusCode::NOT_FOUND,
            RequestError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            RequestError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            RequestError::Unavailable | RequestError::Busy | RequestError::ShuttingDown => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            RequestError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// Seconds after which a retry may succeed, for `Retry-After`.
    fn retry_after(&self) -> Option<u64> {
        match self {
            RequestError::Busy => Some(2),
            RequestError::ShuttingDown | RequestError::Unavailable => Some(10),
            RequestError::RateLimited(wait) => Some(wait.as_secs_f64().ceil().max(1.0) as u64),
            _ => None,
        }
    }
}

impl IntoResponse for RequestError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = format!("{self}\n");
        let mut res = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            body,
        )
            .into_response();
        if let Some(secs) = self.retry_after() {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res.extensions_mut().insert(Outcome::of_status(status));
        res
    }
}

impl From<BytesRejection> for RequestError {
    fn from(r: BytesRejection) -> RequestError {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            RequestError::TooLarge
        } else {
            RequestError::Unreadable
        }
    }
}
