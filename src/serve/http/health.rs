//! `GET /healthz` and `GET /metrics`: what operators and Prometheus look at.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde_json::json;

use super::{AppState, with_outcome};
use crate::serve::metrics::Outcome;

/// `GET /healthz`: the size and fingerprint of the index served, and the problems found while
/// opening (documents skipped and why, an index that was repaired) and the outcome of the
/// reloads (`reload`: `last_ok`, `last_error`, counts), which name files and fields, never
/// document text or questions.
pub(super) async fn healthz(State(state): State<AppState>) -> Response {
    let engine = state.engine();
    let info = &engine.index().info;
    with_outcome(
        Json(json!({
            "status": "ok",
            "documents": info.documents,
            "passages": info.passages,
            "fingerprint": info.fingerprint,
            "problems": engine.problems(),
            "reload": state.inner.served.status(),
        })),
        Outcome::Ok,
    )
}

/// `GET /metrics`: Prometheus text.
pub(super) async fn metrics(State(state): State<AppState>) -> Response {
    with_outcome(
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            )],
            state.inner.metrics.encode(),
        ),
        Outcome::Ok,
    )
}
