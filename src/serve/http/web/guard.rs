//! What `POST /` checks before it reads a question: that the form was sent from this site
//! (cross-site request forgery), and the form's fields.
//!
//! The same-origin check: a browser says where a request comes from. When it sends
//! `Sec-Fetch-Site` (every current browser does), only `same-origin` (and `none`, a request
//! the user made directly) passes; the browser sets it and a page of another site cannot
//! change it, so this holds behind a proxy too. Without it, an `Origin` header must name the
//! host the request was sent to (`Host`, or with `trust_forwarded_for` the proxy's
//! `X-Forwarded-Host`); `Origin: null` fails. A request with neither header is not from a
//! browser that a page of another site could steer, and passes. The session cookie is
//! `SameSite=Strict` besides, so a forged post would not even carry the session.

use axum::http::{HeaderMap, header};
use jiff::civil::Date;

/// `Ok` when the request comes from this site; else a short reason for the debug log.
pub(super) fn same_origin(headers: &HeaderMap, trust_forwarded: bool) -> Result<(), &'static str> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err("Sec-Fetch-Site is niet same-origin"),
        };
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        return Ok(());
    };
    let forwarded = trust_forwarded
        .then(|| text("x-forwarded-host"))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim);
    let Some(host) = forwarded.or_else(|| text(header::HOST.as_str())) else {
        return Err("geen Host-header");
    };
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .ok_or("Origin is geen http(s)-adres")?;
    if authority.eq_ignore_ascii_case(host) {
        Ok(())
    } else {
        Err("Origin hoort niet bij Host")
    }
}

/// The fields of the question form. Unknown fields are ignored; a repeated field counts
/// the last time.
#[derive(Debug, Default)]
pub(super) struct Form {
    /// The question.
    pub(super) vraag: String,
    /// "Geldt op", as the date control sends it (`JJJJ-MM-DD`), possibly empty.
    pub(super) datum: String,
}

impl Form {
    /// The fields of an `application/x-www-form-urlencoded` body; anything else gives empty
    /// fields (and so the "typ eerst een vraag" reply).
    pub(super) fn parse(body: &[u8]) -> Form {
        let mut form = Form::default();
        for (k, v) in form_urlencoded::parse(body) {
            match k.as_ref() {
                "vraag" => form.vraag = v.into_owned(),
                "datum" => form.datum = v.into_owned(),
                _ => {}
            }
        }
        form
    }

    /// The date asked for: `None` when empty (today), the Dutch reason when not a date.
    pub(super) fn datum(&self) -> Result<Option<Date>, &'static str> {
        let d = self.datum.trim();
        if d.is_empty() {
            return Ok(None);
        }
        d.parse::<Date>().map(Some).map_err(|_| {
            "De datum bij „geldt op” is geen geldige datum: gebruik JJJJ-MM-DD, \
             bijvoorbeeld 2026-03-02."
        })
    }
}

/// `datum=` of a query string, when it is a valid date.
pub(super) fn query_date(query: Option<&str>) -> Option<Date> {
    form_urlencoded::parse(query?.as_bytes())
        .filter(|(k, _)| k == "datum")
        .last()
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// A refusal's line as a sentence on a page: capital first letter, full stop.
pub(super) fn sentence(line: &str) -> String {
    let mut s = crate::text::capitalize(line.trim());
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_site_may_post() {
        let host = ("host", "127.0.0.1:8080");
        assert!(same_origin(&headers(&[host, ("sec-fetch-site", "same-origin")]), false).is_ok());
        assert!(same_origin(&headers(&[host, ("sec-fetch-site", "cross-site")]), false).is_err());
        assert!(same_origin(&headers(&[host, ("sec-fetch-site", "same-site")]), false).is_err());
        assert!(
            same_origin(
                &headers(&[host, ("origin", "http://127.0.0.1:8080")]),
                false
            )
            .is_ok()
        );
        assert!(same_origin(&headers(&[host, ("origin", "http://evil.example")]), false).is_err());
        assert!(same_origin(&headers(&[host, ("origin", "null")]), false).is_err());
        assert!(same_origin(&headers(&[host]), false).is_ok(), "no browser");
        let proxied = [
            ("host", "127.0.0.1:8080"),
            ("origin", "https://normwijzer.school.nl"),
            ("x-forwarded-host", "normwijzer.school.nl"),
        ];
        assert!(same_origin(&headers(&proxied), false).is_err());
        assert!(same_origin(&headers(&proxied), true).is_ok());
    }

    #[test]
    fn form_fields_and_dates() {
        let f = Form::parse(b"vraag=wat+is+een+%3Cscript%3E&datum=2026-03-02&x=1");
        assert_eq!(f.vraag, "wat is een <script>");
        assert_eq!(f.datum().unwrap().unwrap().to_string(), "2026-03-02");
        assert_eq!(Form::parse(b"datum=").datum(), Ok(None));
        assert!(Form::parse(b"datum=2026-02-30").datum().is_err());
        assert_eq!(Form::parse(b"\xff\xfe").vraag, "");
        assert_eq!(
            query_date(Some("datum=2026-03-02")).map(|d| d.to_string()),
            Some("2026-03-02".into())
        );
        assert_eq!(query_date(Some("datum=morgen")), None);
        assert_eq!(
            sentence("de aanvraag is te groot"),
            "De aanvraag is te groot."
        );
    }
}
