//! `POST /api/feedback`: a 👍/👎 on an answer, from the JSON API or the web page's form.
//!
//! JSON: `{"vote": "up"|"down", "outcome": "answered"|"unsure"|"abstained", "passages":
//! ["anb#…", …], "channel": "api"|"web", "ref": "…"?}`, answered `{"ok": true}`. A form
//! (`application/x-www-form-urlencoded`) has the same fields, `passages` space-separated; it must
//! come from this site (its `Origin`, or else `Sec-Fetch-Site: same-origin`, matches `Host`;
//! else 403), and gets a small HTML fragment when htmx sent it (`HX-Request`), else a 303 to
//! `/`. Refusals are `{"error": {"code", "message"}}` with a Dutch message (an HTML fragment
//! for htmx). The body limit and the per-address rate limit are those of `/api/ask`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::input::{Field, json_object};
use super::{AppState, with_outcome};
use crate::feedback::{self, Channel, MAX_PASSAGES, Outcome, Vote, VoteCast};
use crate::serve::metrics::Outcome as Served;

/// The fragment htmx swaps in after a vote.
pub const THANKS_FRAGMENT: &str =
    r#"<p class="feedback-bedankt" role="status">Bedankt voor je reactie.</p>"#;

/// A refusal: status, stable code, one Dutch sentence.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

fn bad(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        code,
        message: message.into(),
    }
}

/// The fields as sent, before they are checked.
#[derive(Debug, Default)]
struct Raw {
    vote: Option<String>,
    outcome: Option<String>,
    passages: Vec<String>,
    channel: Option<String>,
    reference: Option<String>,
    form: bool,
}

#[derive(Debug, Default, Deserialize)]
struct JsonBody {
    #[serde(default)]
    vote: Field<String>,
    #[serde(default)]
    outcome: Field<String>,
    #[serde(default)]
    passages: Field<Vec<Field<String>>>,
    #[serde(default)]
    channel: Field<String>,
    #[serde(default, rename = "ref")]
    reference: Field<String>,
}

fn text_field(f: Field<String>, name: &str) -> Result<Option<String>, Refusal> {
    match f {
        Field::Given(s) => Ok(Some(s)),
        Field::Absent => Ok(None),
        Field::OtherType => Err(bad(
            "ongeldig_veld",
            format!("het veld „{name}” moet tekst zijn"),
        )),
    }
}

fn read_json(body: &[u8]) -> Result<Raw, Refusal> {
    let parsed = json_object::<JsonBody>(body).map_err(|e| bad("ongeldige_json", e.to_string()))?;
    let b = parsed.ok_or_else(|| {
        bad(
            "ongeldige_json",
            "de inhoud moet een JSON-object zijn, zoals {\"vote\": \"up\", \"passages\": [\"anb#zorgplicht-1\"]}",
        )
    })?;
    let passages = match b.passages {
        Field::Absent => Vec::new(),
        Field::OtherType => {
            return Err(bad(
                "ongeldig_veld",
                "het veld „passages” moet een lijst van passage-id's zijn",
            ));
        }
        Field::Given(list) => list
            .into_iter()
            .map(|f| {
                f.given().ok_or_else(|| {
                    bad(
                        "ongeldig_veld",
                        "het veld „passages” mag alleen passage-id's als tekst bevatten",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
    };
    Ok(Raw {
        vote: text_field(b.vote, "vote")?,
        outcome: text_field(b.outcome, "outcome")?,
        passages,
        channel: text_field(b.channel, "channel")?,
        reference: text_field(b.reference, "ref")?,
        form: false,
    })
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_form(body: &[u8]) -> Result<Raw, Refusal> {
    let text = std::str::from_utf8(body)
        .map_err(|_| bad("ongeldig_formulier", "het formulier is geen geldige tekst"))?;
    let mut raw = Raw {
        form: true,
        ..Raw::default()
    };
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = decode_component(v);
        match decode_component(k).as_str() {
            "vote" => raw.vote = Some(v),
            "outcome" => raw.outcome = Some(v),
            "channel" => raw.channel = Some(v),
            "ref" => raw.reference = Some(v),
            "passages" => raw
                .passages
                .extend(v.split_whitespace().map(str::to_string)),
            _ => {}
        }
    }
    Ok(raw)
}

/// Whether a form post comes from this site: its `Origin` names the `Host` it was sent to, or
/// (no `Origin`) the browser says `Sec-Fetch-Site: same-origin`.
fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = get(header::HOST) else {
        return false;
    };
    if let Some(origin) = get(header::ORIGIN) {
        let rest = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        return rest.is_some_and(|r| r.trim_end_matches('/').eq_ignore_ascii_case(host));
    }
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("same-origin"))
}

/// The vote, checked: everything but the passage ids' existence.
fn check(raw: Raw) -> Result<VoteCast, Refusal> {
    let vote = match raw.vote.as_deref().map(str::trim) {
        None | Some("") => {
            return Err(bad(
                "stem_ontbreekt",
                "het veld „vote” ontbreekt: gebruik \"up\" of \"down\"",
            ));
        }
        Some(v) => Vote::parse(v).ok_or_else(|| {
            bad(
                "ongeldige_stem",
                "het veld „vote” moet \"up\" of \"down\" zijn",
            )
        })?,
    };
    let mut passages: Vec<String> = Vec::new();
    for p in raw.passages {
        let p = p.trim().to_string();
        if !p.is_empty() && !passages.contains(&p) {
            passages.push(p);
        }
    }
    if passages.len() > MAX_PASSAGES {
        return Err(bad(
            "te_veel_passages",
            format!("hooguit {MAX_PASSAGES} passage-id's per reactie"),
        ));
    }
    let outcome = match raw.outcome.as_deref().map(str::trim) {
        None | Some("") if passages.is_empty() => Outcome::Abstained,
        None | Some("") => Outcome::Answered,
        Some(o) => Outcome::from_label(o).ok_or_else(|| {
            bad(
                "ongeldige_uitkomst",
                "het veld „outcome” moet \"answered\", \"unsure\" of \"abstained\" zijn",
            )
        })?,
    };
    let channel = match raw.channel.as_deref().map(str::trim) {
        None | Some("") if raw.form => Channel::Web,
        None | Some("") => Channel::Api,
        Some("api") => Channel::Api,
        Some("web") => Channel::Web,
        Some(_) => {
            return Err(bad(
                "ongeldig_kanaal",
                "het veld „channel” moet \"api\" of \"web\" zijn",
            ));
        }
    };
    let reference = match raw.reference.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) if feedback::is_reference(r) => Some(r.to_string()),
        Some(_) => {
            return Err(bad(
                "ongeldige_ref",
                "het veld „ref” is geen verwijzing naar een antwoord (zie de header x-normwijzer-ref van /api/ask)",
            ));
        }
    };
    Ok(VoteCast {
        channel,
        vote,
        outcome,
        passages,
        reference,
    })
}

/// How to answer: JSON, an htmx fragment, or a redirect for a plain form.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reply {
    Json,
    Fragment,
    Redirect,
}

fn refuse(reply: Reply, r: Refusal) -> Response {
    let res = match reply {
        Reply::Fragment => (
            r.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            format!(
                r#"<p class="feedback-fout" role="alert">{}</p>"#,
                escape_html(&r.message)
            ),
        )
            .into_response(),
        _ => (
            r.status,
            Json(json!({ "error": { "code": r.code, "message": r.message } })),
        )
            .into_response(),
    };
    with_outcome(res, Served::Rejected)
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `POST /api/feedback`.
pub(super) async fn feedback(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    let reply = if !form {
        Reply::Json
    } else if headers.contains_key("hx-request") {
        Reply::Fragment
    } else {
        Reply::Redirect
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
            return refuse(
                reply,
                Refusal {
                    status: if too_large {
                        StatusCode::PAYLOAD_TOO_LARGE
                    } else {
                        StatusCode::BAD_REQUEST
                    },
                    code: if too_large { "te_groot" } else { "onleesbaar" },
                    message: if too_large {
                        "de aanvraag is te groot: hooguit 64 KiB".into()
                    } else {
                        "de aanvraag kon niet worden gelezen".into()
                    },
                },
            );
        }
    };
    if form && !same_origin(&headers) {
        return refuse(
            reply,
            Refusal {
                status: StatusCode::FORBIDDEN,
                code: "andere_herkomst",
                message: "dit formulier komt niet van deze site; open de pagina opnieuw en probeer het nog eens".into(),
            },
        );
    }
    let raw = if form {
        read_form(&body)
    } else {
        read_json(&body)
    };
    let cast = match raw.and_then(check) {
        Ok(c) => c,
        Err(r) => return refuse(reply, r),
    };
    // Passage ids are checked against the index on an engine thread.
    let ids = cast.passages.clone();
    let unknown = state
        .blocking(move |s| {
            ids.into_iter()
                .find(|id| !matches!(s.engine().index().by_id(id), Ok(Some(_))))
        })
        .await;
    match unknown {
        Ok(None) => {}
        Ok(Some(id)) => {
            let shown: String = id.chars().take(80).collect();
            return refuse(
                reply,
                bad(
                    "onbekende_passage",
                    format!("passage „{shown}” bestaat niet; stuur de id's uit het antwoord"),
                ),
            );
        }
        Err(e) => return e.into_response(),
    }
    state.feedback().record_vote(cast);
    let res = match reply {
        Reply::Json => Json(json!({ "ok": true })).into_response(),
        Reply::Fragment => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            THANKS_FRAGMENT,
        )
            .into_response(),
        Reply::Redirect => (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response(),
    };
    with_outcome(res, Served::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(body: &str) -> Result<VoteCast, String> {
        read_json(body.as_bytes())
            .and_then(check)
            .map_err(|r| format!("{}: {}", r.code, r.message))
    }

    #[test]
    fn json_votes_are_checked_field_by_field() {
        let v =
            checked(r#"{"vote":"up","outcome":"unsure","passages":["anb#x-1"],"channel":"web"}"#)
                .unwrap();
        assert_eq!(v.vote, Vote::Up);
        assert_eq!(v.outcome, Outcome::Unsure);
        assert_eq!(v.channel, Channel::Web);
        assert_eq!(v.passages, ["anb#x-1"]);
        let v = checked(r#"{"vote":"down"}"#).unwrap();
        assert_eq!((v.outcome, v.channel), (Outcome::Abstained, Channel::Api));
        assert!(checked("{}").unwrap_err().starts_with("stem_ontbreekt"));
        assert!(
            checked(r#"{"vote":"meh"}"#)
                .unwrap_err()
                .starts_with("ongeldige_stem")
        );
        assert!(
            checked(r#"{"vote":1}"#)
                .unwrap_err()
                .starts_with("ongeldig_veld")
        );
        assert!(
            checked(r#"{"vote":"up","passages":"anb#x-1"}"#)
                .unwrap_err()
                .starts_with("ongeldig_veld")
        );
        assert!(
            checked(r#"{"vote":"up","outcome":"great"}"#)
                .unwrap_err()
                .starts_with("ongeldige_uitkomst")
        );
        assert!(
            checked(r#"{"vote":"up","channel":"teams"}"#)
                .unwrap_err()
                .starts_with("ongeldig_kanaal")
        );
        assert!(
            checked(r#"{"vote":"up","ref":"<script>"}"#)
                .unwrap_err()
                .starts_with("ongeldige_ref")
        );
        let many: Vec<String> = (0..21).map(|i| format!("\"anb#x-{i}\"")).collect();
        let body = format!(r#"{{"vote":"up","passages":[{}]}}"#, many.join(","));
        assert!(checked(&body).unwrap_err().starts_with("te_veel_passages"));
        assert!(checked("[1]").unwrap_err().starts_with("ongeldige_json"));
        assert!(checked("{").unwrap_err().starts_with("ongeldige_json"));
    }

    #[test]
    fn forms_decode_and_default_to_web() {
        let raw =
            read_form(b"vote=down&outcome=answered&passages=anb%23opp-1+anb%23opp-2&x=1").unwrap();
        let v = check(raw).unwrap();
        assert_eq!(v.passages, ["anb#opp-1", "anb#opp-2"]);
        assert_eq!((v.vote, v.channel), (Vote::Down, Channel::Web));
        assert_eq!(decode_component("a%2"), "a%2");
        assert_eq!(decode_component("%zz%C3%A9"), "%zzé");
        assert!(read_form(b"\xff").is_err());
    }

    #[test]
    fn same_origin_needs_a_matching_origin_or_fetch_site() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!same_origin(&h), "neither header");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h));
    }
}
