//! The web chat page: `GET /` shows the page, `POST /` asks a question, `GET /bron/<id>` is
//! the permanent page of one passage, `GET /wijzigingen` what changed between versions of the
//! documents ([`wijzigingen`]), `/assets/…` the embedded CSS, script and htmx.
//!
//! Progressive enhancement: the form is a plain `POST /` that works without JavaScript (the
//! answer is added to the session's transcript and the browser is sent back to `/`, a
//! post/redirect/get); with JavaScript, htmx posts the same form with `HX-Request` and gets
//! just the new turn, which it appends to the transcript.
//!
//! Security: every response of these routes carries a Content-Security-Policy without
//! `unsafe-inline` (`default-src 'self'`, `frame-ancestors 'none'`), `nosniff` and no
//! referrer. Cross-site request forgery of `POST /` is refused by a same-origin check (see
//! [`guard`]); the session cookie is also `SameSite=Strict`. Bodies have the API's limit
//! ([`super::BODY_LIMIT`]), questions from one address share the API's rate limit, and the
//! engine reads at most its 8 KiB of a question. Question text lives only in the session's
//! memory ([`session`]) and in the conversation of the session (key `web:<session id>`, for
//! follow-ups), never on disk or in a log.
//!
//! Layout: `page` renders HTML with maud from the engine's values, `session` holds sessions
//! and their turns, `guard` the same-origin check and the form's fields, `assets` the
//! embedded files, `wijzigingen` the changes page.

mod assets;
mod guard;
mod page;
mod session;
mod wijzigingen;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;

use super::AppState;
use super::error::RequestError;
use crate::engine::{AskOptions, dutch_date};
use crate::serve::metrics::Outcome;
use session::Sessions;

/// The Content-Security-Policy of every page: only this site's own files, no inline script
/// or style, no framing, forms only to this site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// What the web page keeps between requests: the sessions.
#[derive(Default)]
pub(super) struct WebState {
    sessions: Sessions,
}

/// The routes of the page, with the security headers on every response.
pub(super) fn routes() -> Router<AppState> {
    let mut r = Router::new()
        .route("/", get(index).post(ask))
        .route("/bron/{id}", get(bron))
        .route("/wijzigingen", get(changes));
    for asset in assets::ALL {
        r = r.route(asset.path, get(move || async move { asset.response() }));
    }
    r.layer(middleware::map_response(security_headers))
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The key of a web session's conversation in [`crate::conversation::Conversations`].
fn conversation_key(session: &str) -> String {
    format!("web:{session}")
}

/// Today in the Netherlands, the default of "geldt op".
fn today() -> Date {
    dutch_date(jiff::Timestamp::now())
}

/// Whether htmx sent the request (it then wants a fragment, not a page).
fn is_htmx(headers: &HeaderMap) -> bool {
    headers
        .get("hx-request")
        .is_some_and(|v| v.as_bytes() == b"true")
}

/// The session of the request, or a new one; the second value is the `Set-Cookie` to send
/// when the session is new.
fn session_of(state: &AppState, headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let sessions = &state.inner.web.sessions;
    if let Some(id) = session::cookie_id(headers)
        && sessions.get(&id).is_some()
    {
        return (Some(id), None);
    }
    match sessions.create() {
        Some(id) => {
            let cookie = session::set_cookie(&id);
            (Some(id), Some(cookie))
        }
        None => (None, None),
    }
}

fn with_cookie(mut res: Response, cookie: Option<String>) -> Response {
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// `GET /`: the page with this session's transcript (an empty one without a session).
async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    // Only a question starts a session: a visit alone (a crawler, a health probe) keeps
    // nothing and cannot push the sessions of people asking out of the capped store.
    let session = session::cookie_id(&headers)
        .and_then(|id| state.inner.web.sessions.get(&id))
        .unwrap_or_default();
    let page = page::chat(&page::ChatPage {
        turns: &session.turns,
        datum: session.datum.unwrap_or_else(today),
        notice: None,
    });
    Html(page.into_string()).into_response()
}

/// A refused question: for htmx a fragment to append, else the page with the message above
/// the form, with the status of the refusal.
fn refusal(state: &AppState, headers: &HeaderMap, status: StatusCode, text: &str) -> Response {
    let body = if is_htmx(headers) {
        page::notice_fragment(text).into_string()
    } else {
        let session = session::cookie_id(headers)
            .and_then(|id| state.inner.web.sessions.get(&id))
            .unwrap_or_default();
        page::chat(&page::ChatPage {
            turns: &session.turns,
            datum: session.datum.unwrap_or_else(today),
            notice: Some(text),
        })
        .into_string()
    };
    let mut res = (status, Html(body)).into_response();
    res.extensions_mut().insert(Outcome::of_status(status));
    res
}

/// A [`RequestError`] (rate limit, busy, too large, timeout …) as a refusal with its status
/// and its Dutch sentence.
fn request_refusal(state: &AppState, headers: &HeaderMap, e: RequestError) -> Response {
    let text = guard::sentence(&e.to_string());
    let plain = e.into_response();
    let status = plain.status();
    let retry = plain.headers().get(header::RETRY_AFTER).cloned();
    let mut res = refusal(state, headers, status, &text);
    if let Some(r) = retry {
        res.headers_mut().insert(header::RETRY_AFTER, r);
    }
    res
}

/// `POST /`: a question from the form. Same-origin requests only; the answer is a turn of
/// the transcript (a fragment for htmx, a redirect back to `/` otherwise).
async fn ask(State(state): State<AppState>, req: Request) -> Response {
    let headers = req.headers().clone();
    if let Err(why) = guard::same_origin(&headers, state.inner.options.trust_forwarded_for) {
        tracing::debug!(why, "webformulier van een andere site geweigerd");
        let mut res = (
            StatusCode::FORBIDDEN,
            Html(
                page::message(
                    "Niet toegestaan",
                    "Deze vraag kwam niet van de pagina van normwijzer zelf en is daarom \
                     geweigerd. Open normwijzer en stel je vraag daar.",
                    &[],
                    today(),
                )
                .into_string(),
            ),
        )
            .into_response();
        res.extensions_mut().insert(Outcome::Rejected);
        return res;
    }
    if let Some(wait) = state
        .client_ip(&req)
        .and_then(|ip| state.inner.rate.check(ip).err())
    {
        return request_refusal(&state, &headers, RequestError::RateLimited(wait));
    }
    let body = match Bytes::from_request(req, &()).await {
        Ok(b) => b,
        Err(e) => return request_refusal(&state, &headers, RequestError::from(e)),
    };
    let form = guard::Form::parse(&body);
    let question = form.vraag.trim();
    if question.is_empty() {
        return refusal(
            &state,
            &headers,
            StatusCode::BAD_REQUEST,
            "Typ eerst een vraag.",
        );
    }
    let datum = match form.datum() {
        Ok(d) => d.unwrap_or_else(today),
        Err(text) => return refusal(&state, &headers, StatusCode::BAD_REQUEST, text),
    };
    let (id, cookie) = session_of(&state, &headers);
    let mut opts = AskOptions::today();
    opts.today = datum;
    // A follow-up ("en bij niveau 3?") is read with the session's earlier question.
    let asked = match id.as_deref() {
        Some(id) => {
            state
                .ask_in(&conversation_key(id), question.to_string(), opts)
                .await
        }
        None => state.ask(question.to_string(), opts).await,
    };
    let answer = match asked {
        Ok(a) => a,
        Err(e) => return request_refusal(&state, &headers, e),
    };
    let outcome = Outcome::of_answer(&answer);
    // The 👍/👎 forms of the turn post to /api/feedback; the answer itself is recorded here.
    let reference = state.record_answer(crate::feedback::Channel::Web, &answer, question);
    let sessions = &state.inner.web.sessions;
    let n = id
        .as_deref()
        .and_then(|id| {
            sessions.update(id, |s| {
                s.counter += 1;
                s.counter
            })
        })
        .unwrap_or(1);
    let turn = page::turn(n, &answer, datum, reference.as_deref()).into_string();
    if let Some(id) = id.as_deref() {
        sessions.update(id, |s| {
            s.push(turn.clone());
            s.datum = Some(datum);
        });
    }
    let res = if is_htmx(&headers) {
        Html(turn).into_response()
    } else if cookie.is_none() && id.is_some() {
        // Post/redirect/get: a reload does not ask again.
        let to = format!("/#beurt-{n}");
        let mut res = StatusCode::SEE_OTHER.into_response();
        if let Ok(v) = HeaderValue::from_str(&to) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        res
    } else {
        // No session came with the request (first visit, or cookies off): the page itself,
        // so the answer is shown even when the cookie does not come back.
        let turns = [turn];
        Html(
            page::chat(&page::ChatPage {
                turns: &turns,
                datum,
                notice: None,
            })
            .into_string(),
        )
        .into_response()
    };
    super::with_outcome(with_cookie(res, cookie), outcome)
}

/// The page for a request the engine could not serve (index unreadable, all slots busy).
fn unavailable(e: RequestError, datum: Date) -> Response {
    let text = guard::sentence(&e.to_string());
    let status = e.into_response().status();
    (
        status,
        Html(page::message("Even niet beschikbaar", &text, &[], datum).into_string()),
    )
        .into_response()
}

/// What `/bron/<id>` found.
enum Found {
    /// A passage of the corpus served now.
    Current(Box<crate::model::PassageView>),
    /// A passage of an archived version, with its successor.
    Earlier(Box<crate::corpus::versions::Earlier>),
}

/// `GET /bron/<id>?datum=JJJJ-MM-DD`: one passage with its neighbours and its document's
/// status on that day (today by default); an id of an archived version shows that passage and
/// what the current version says instead.
async fn bron(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let datum = guard::query_date(query.as_deref()).unwrap_or_else(today);
    let lookup = id.clone();
    let found = state
        .blocking(move |s| {
            let engine = &s.engine();
            match engine.passage(&lookup, datum) {
                Ok(Some(v)) => Ok(Ok(Found::Current(Box::new(v)))),
                Ok(None) => {
                    // An id shared from an older version still resolves, to what the current
                    // version says instead.
                    match engine.earlier_passage(&lookup) {
                        Some(e) => Ok(Ok(Found::Earlier(Box::new(e)))),
                        None => Ok(Err(engine.similar_ids(&lookup))),
                    }
                }
                Err(e) => {
                    tracing::error!("passage lezen mislukt: {e} ({})", e.detail());
                    Err(RequestError::Unavailable)
                }
            }
        })
        .await
        .and_then(|r| r);
    match found {
        Ok(Ok(Found::Current(view))) => {
            Html(page::passage(&view, datum).into_string()).into_response()
        }
        Ok(Ok(Found::Earlier(e))) => Html(page::earlier(&e, datum).into_string()).into_response(),
        Ok(Err(similar)) => (
            StatusCode::NOT_FOUND,
            Html(
                page::message(
                    "Passage niet gevonden",
                    &format!("Er is geen passage met het id „{}”.", id.trim()),
                    &similar,
                    datum,
                )
                .into_string(),
            ),
        )
            .into_response(),
        Err(e) => unavailable(e, datum),
    }
}

/// `GET /wijzigingen[?oud=NAAM&nieuw=NAAM]`: what changed between versions of the documents
/// (every pair known, or the one asked for; an unknown name is a 404 with the nearest names).
async fn changes(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let (mut oud, mut nieuw) = (None, None);
    for (k, v) in form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "oud" => oud = Some(v.into_owned()),
            "nieuw" => nieuw = Some(v.into_owned()),
            _ => {}
        }
    }
    let datum = today();
    let asked = match (oud, nieuw) {
        (None, None) => None,
        (Some(o), Some(n)) => Some((o, n)),
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                Html(
                    page::message(
                        "Geef twee versies op",
                        "Vergelijk twee versies met ?oud=…&nieuw=…, bijvoorbeeld \
                         ?oud=themakaart-sel@2025-05&nieuw=themakaart-sel.",
                        &[],
                        datum,
                    )
                    .into_string(),
                ),
            )
                .into_response();
        }
    };
    let chosen = asked.is_some();
    let found = state
        .blocking(move |s| {
            let engine = s.engine();
            match &asked {
                None => Ok(wijzigingen::all_pairs(&engine)),
                Some((o, n)) => wijzigingen::chosen(&engine, o, n).map(|p| vec![p]),
            }
        })
        .await;
    match found {
        Ok(Ok(pairs)) => {
            Html(wijzigingen::page(&pairs, chosen, datum).into_string()).into_response()
        }
        Ok(Err(unknown)) => (
            StatusCode::NOT_FOUND,
            Html(wijzigingen::not_found(&unknown).into_string()),
        )
            .into_response(),
        Err(e) => unavailable(e, datum),
    }
}
