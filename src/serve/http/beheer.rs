//! `GET /beheer`: the knowledge-gap report of `normwijzer rapport` as an HTML page (maud),
//! for the staff who improve the documents.
//!
//! Only routed when `NORMWIJZER_BEHEER_TOKEN` is set (else 404, like any unknown path). The
//! token goes in the `Authorization` header, never in the URL (where it would end up in
//! history, proxy logs and `Referer`): as `Bearer <token>` for scripts, or as the password of
//! HTTP Basic authentication (any user name), which makes a browser ask for it. Compared in
//! constant time (BLAKE3 digests, whose equality is constant-time); rate limited like
//! `/api/ask`. The page has no script and no inline style; its Content-Security-Policy forbids
//! both, and it is never cached.

use std::fmt;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use maud::{DOCTYPE, Markup, html};

use super::{AppState, with_outcome};
use crate::feedback::report::{Report, report_for};
use crate::serve::metrics::Outcome;

/// Environment variable holding the token of `/beheer`.
pub const TOKEN_ENV: &str = "NORMWIJZER_BEHEER_TOKEN";

/// The token of `/beheer`; never shown by `Debug`.
#[derive(Clone)]
pub struct BeheerToken(blake3::Hash);

impl BeheerToken {
    /// A token from its text; `None` when empty.
    pub fn new(text: &str) -> Option<BeheerToken> {
        let t = text.trim();
        (!t.is_empty()).then(|| BeheerToken(blake3::hash(t.as_bytes())))
    }

    /// The token in `NORMWIJZER_BEHEER_TOKEN`, if set.
    pub fn from_env() -> Option<BeheerToken> {
        std::env::var(TOKEN_ENV)
            .ok()
            .and_then(|t| BeheerToken::new(&t))
    }

    /// Whether `candidate` is the token, in constant time.
    fn matches(&self, candidate: &str) -> bool {
        blake3::hash(candidate.trim().as_bytes()) == self.0
    }
}

impl fmt::Debug for BeheerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BeheerToken(verborgen)")
    }
}

/// The token a request carries: `Bearer <token>`, or the password of `Basic`.
fn presented(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ')?;
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(rest.trim().to_string());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        return text.split_once(':').map(|(_, pw)| pw.to_string());
    }
    None
}

/// Headers of every `/beheer` response: no script, no style, no framing, no caching.
fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · normwijzer" }
            }
            body {
                main { (body) }
            }
        }
    }
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    secure(
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            markup.into_string(),
        )
            .into_response(),
    )
}

/// `?sinds=JJJJ-MM-DD`, if given and valid; `Err` with the Dutch sentence otherwise.
fn since(query: Option<&str>) -> Result<Option<jiff::civil::Date>, String> {
    let Some(q) = query else { return Ok(None) };
    for pair in q.split('&') {
        if let Some(v) = pair.strip_prefix("sinds=") {
            if v.is_empty() {
                return Ok(None);
            }
            return crate::text::datum::iso(v)
                .map(Some)
                .map_err(|e| format!("Ongeldige datum bij „sinds”: {e}."));
        }
    }
    Ok(None)
}

/// `GET /beheer`.
pub(super) async fn beheer(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(token) = state.inner.options.beheer_token.clone() else {
        return super::error::RequestError::NotFound.into_response();
    };
    if !presented(&headers).is_some_and(|p| token.matches(&p)) {
        let mut res = html_response(
            StatusCode::UNAUTHORIZED,
            page(
                "Geen toegang",
                html! {
                    h1 { "Geen toegang" }
                    p { "Deze pagina vraagt het beheertoken (NORMWIJZER_BEHEER_TOKEN) als wachtwoord." }
                },
            ),
        );
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"normwijzer beheer\", charset=\"UTF-8\""),
        );
        return with_outcome(res, Outcome::Rejected);
    }
    let since = match since(query.as_deref()) {
        Ok(s) => s,
        Err(sentence) => {
            let body = html! { h1 { "Rapport" } p role="alert" { (sentence) } (filter(None)) };
            return with_outcome(
                html_response(StatusCode::BAD_REQUEST, page("Rapport", body)),
                Outcome::Rejected,
            );
        }
    };
    let Some(path) = state.feedback().path().map(std::path::Path::to_path_buf) else {
        let body = html! {
            h1 { "Rapport" }
            p { "Feedback staat uit ([feedback] enabled = false in config/normwijzer.toml): er is niets om te tonen." }
        };
        return with_outcome(
            html_response(StatusCode::OK, page("Rapport", body)),
            Outcome::Ok,
        );
    };
    let result = state
        .blocking(move |s| report_for(&s.engine(), &path, since))
        .await;
    let body = match result {
        Ok(Ok(Some(report))) => report_markup(&report),
        Ok(Ok(None)) => html! {
            h1 { "Rapport" }
            p { "Er is nog geen feedback bewaard." }
        },
        Ok(Err(e)) => {
            tracing::warn!("beheer: {e}");
            html! { h1 { "Rapport" } p role="alert" { "De feedbackdatabase is nu niet leesbaar; probeer het later opnieuw." } }
        }
        Err(e) => return e.into_response(),
    };
    with_outcome(
        html_response(StatusCode::OK, page("Rapport", body)),
        Outcome::Ok,
    )
}

fn filter(since: Option<&str>) -> Markup {
    html! {
        form method="get" action="/beheer" {
            label for="sinds" { "Sinds (JJJJ-MM-DD) " }
            input id="sinds" name="sinds" type="date" value=[since];
            " "
            button type="submit" { "Toon" }
        }
    }
}

fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

/// The report as HTML: the same content as `normwijzer rapport`.
fn report_markup(r: &Report) -> Markup {
    let t = &r.total;
    html! {
        h1 { "Rapport" @if let Some(s) = &r.since { " sinds " (s) } }
        (filter(r.since.as_deref()))
        p {
            "Antwoorden: " (t.answers) " (beantwoord " (t.answered) ", onzeker " (t.unsure)
            ", niet gevonden " (t.abstained) "; " (percent(t.abstention_rate)) " niet gevonden) · 👍 "
            (t.up) " · 👎 " (t.down)
        }
        h2 { "Per kanaal" }
        table {
            thead { tr { th scope="col" { "Kanaal" } th scope="col" { "Antwoorden" } th scope="col" { "Niet gevonden" } th scope="col" { "👍" } th scope="col" { "👎" } } }
            tbody {
                @for c in &r.channels {
                    tr {
                        th scope="row" { (crate::feedback::Channel::parse(c.channel).dutch()) }
                        td { (c.counts.answers) }
                        td { (percent(c.counts.abstention_rate)) }
                        td { (c.counts.up) }
                        td { (c.counts.down) }
                    }
                }
            }
        }
        h2 { "Per document en onderdeel" }
        @if r.sections.is_empty() {
            p { "Nog geen citaten." }
        } @else {
            table {
                thead { tr { th scope="col" { "Document" } th scope="col" { "Onderdeel" } th scope="col" { "Geciteerd" } th scope="col" { "👍" } th scope="col" { "👎" } } }
                tbody {
                    @for s in &r.sections {
                        tr { td { (s.title) } td { (s.section) } td { (s.cited) } td { (s.up) } td { (s.down) } }
                    }
                }
            }
        }
        h2 { "Onbeantwoorde vragen per onderwerp" }
        @if !r.questions_stored {
            p { "Vraagteksten worden niet bewaard (store_questions = false in [feedback] van config/normwijzer.toml)." }
        } @else if r.gaps.is_empty() {
            p { "Geen." }
        } @else {
            ol {
                @for g in &r.gaps {
                    li {
                        strong { @if g.words.is_empty() { "(geen gedeelde woorden)" } @else { (g.words.join(", ")) } }
                        " — " (g.count) " vraag/vragen, 👎 " (g.down)
                        ul { @for q in &g.questions { li { "„" (q) "”" } } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_come_from_bearer_or_basic_and_compare_exactly() {
        let token = BeheerToken::new("geheim-123").unwrap();
        assert!(BeheerToken::new("  ").is_none());
        assert_eq!(format!("{token:?}"), "BeheerToken(verborgen)");
        let mut h = HeaderMap::new();
        assert_eq!(presented(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer geheim-123"),
        );
        assert!(token.matches(&presented(&h).unwrap()));
        let basic = base64::engine::general_purpose::STANDARD.encode("wie:geheim-123");
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {basic}")).unwrap(),
        );
        assert!(token.matches(&presented(&h).unwrap()));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer geheim-12"),
        );
        assert!(!token.matches(&presented(&h).unwrap()));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!!"));
        assert_eq!(presented(&h), None);
    }

    #[test]
    fn since_reads_iso_dates_only() {
        assert_eq!(since(None).unwrap(), None);
        assert_eq!(since(Some("sinds=")).unwrap(), None);
        assert_eq!(
            since(Some("x=1&sinds=2026-03-02")).unwrap(),
            Some(jiff::civil::date(2026, 3, 2))
        );
        assert!(
            since(Some("sinds=2026-02-30"))
                .unwrap_err()
                .contains("sinds")
        );
    }

    #[test]
    fn question_text_is_escaped() {
        let r = Report {
            since: None,
            total: Default::default(),
            channels: Vec::new(),
            sections: Vec::new(),
            questions_stored: true,
            gaps: vec![crate::feedback::report::GapGroup {
                words: vec!["taxi".into()],
                questions: vec!["<script>alert(1)</script>".into()],
                count: 1,
                down: 0,
            }],
        };
        let html = report_markup(&r).into_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
