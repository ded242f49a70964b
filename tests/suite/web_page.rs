//! The web chat page end to end: the real server on 127.0.0.1, driven by a real Chromium
//! (headless, through chromedriver and fantoccini) and, for headers and refusals, by a plain
//! HTTP client.
//!
//! The browser tests need Debian's `chromium` and `chromium-driver` (`.ci/run` installs
//! them). Without them they print why and pass, unless `CI` is set: in CI a missing browser
//! fails. `NORMWIJZER_SCREENSHOTS=1 cargo test --test suite web_page::screenshots` writes
//! docs/web-desktop.png and docs/web-phone.png.

use crate::support;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use normwijzer::serve::http::{AppState, BODY_LIMIT, Rate, Secrets, ServiceOptions, serve_on};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;

/// Longest wait for an answer or a page in the browser.
const WAIT: Duration = Duration::from_secs(60);

/// A running server; it stops when this is dropped.
struct Server {
    base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Server {
    async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let options = ServiceOptions {
            rate: Rate {
                per_minute: 600,
                burst: 100,
            },
            request_timeout: Duration::from_secs(30),
            ..ServiceOptions::default()
        };
        let state = AppState::new(support::shared_engine(), Secrets::default(), options);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(serve_on(listener, state, async move {
            let _ = stopped.await;
        }));
        Server {
            base: format!("http://{addr}"),
            _stop: stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
    }
}

/// An HTTP client that does not follow redirects, so a 303 can be checked.
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A form body.
fn form(fields: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (k, v) in fields {
        if !s.is_empty() {
            s.push('&');
        }
        s.push_str(k);
        s.push('=');
        for b in v.bytes() {
            if b.is_ascii_alphanumeric() {
                s.push(b as char);
            } else {
                s.push_str(&format!("%{b:02X}"));
            }
        }
    }
    s
}

async fn post_form(
    server: &Server,
    body: String,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut req = http()
        .post(server.url("/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("POST /");
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap_or_default())
}

/// `name=value` of the session cookie in a response.
fn session_cookie(headers: &reqwest::header::HeaderMap) -> String {
    let set = headers
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    set.split(';').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_page_has_a_strict_csp_and_cached_assets_and_no_inline_code() {
    let s = Server::start().await;
    let res = http().get(s.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let csp = h[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        !h.contains_key(SET_COOKIE),
        "a visit alone starts no session"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<html lang="nl">"#));
    assert!(html.contains(r#"name="viewport""#));
    assert!(
        html.contains(r#"<form class="ask" method="post" action="/""#),
        "{html}"
    );
    assert!(html.contains(r#"<label for="vraag">"#) && html.contains(r#"<label for="datum">"#));
    assert!(html.contains(r#"aria-live="polite""#));
    assert!(html.contains(r#"type="date""#));
    assert!(
        html.contains("includeIndicatorStyles&quot;:false"),
        "{html}"
    );
    assert!(!html.contains("style="), "no inline style");
    assert!(!html.contains("<style"), "no style element");
    // Every script has a source: nothing inline.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=\"/assets/").count()
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing external"
    );
    // The assets the page links, each with its type and a year's cache.
    let links: Vec<&str> = html
        .split(['"'])
        .filter(|p| p.starts_with("/assets/"))
        .collect();
    assert_eq!(links.len(), 3, "{links:?}");
    for link in links {
        let link = link.replace("&amp;", "&");
        let res = http().get(s.url(&link)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{link}");
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(cache.contains("max-age=31536000"), "{link}: {cache}");
        let kind = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(
            kind.starts_with("text/css") || kind.starts_with("text/javascript"),
            "{kind}"
        );
        assert!(!res.bytes().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_cross_site_post_is_refused_in_dutch() {
    let s = Server::start().await;
    let body = form(&[("vraag", "wat is een OPP?")]);
    for headers in [
        vec![("origin", "http://aanvaller.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", "null")],
    ] {
        let (status, h, text) = post_form(&s, body.clone(), &headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(text.contains("geweigerd"), "{text}");
        assert!(h.contains_key(CONTENT_SECURITY_POLICY));
    }
    let origin = s.url("");
    let (status, _, _) = post_form(&s, body, &[("origin", origin.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "same origin passes");
}

#[tokio::test]
async fn user_text_comes_back_escaped() {
    let s = Server::start().await;
    let question = "<script>alert('x')</script> wat is een OPP? <img src=x onerror=alert(1)>";
    let (status, _, html) = post_form(
        &s,
        form(&[("vraag", question), ("datum", "2026-03-02")]),
        &[("hx-request", "true"), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.starts_with("<article"), "htmx gets a fragment: {html}");
}

#[tokio::test]
async fn bodies_over_the_limit_and_empty_or_bad_fields_get_dutch_refusals() {
    let s = Server::start().await;
    let big = form(&[("vraag", &"a".repeat(BODY_LIMIT + 10))]);
    let (status, _, text) = post_form(&s, big, &[]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text.contains("te groot"), "{text}");
    let (status, _, text) = post_form(&s, form(&[("vraag", "   ")]), &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("Typ eerst een vraag"), "{text}");
    let (status, _, text) = post_form(
        &s,
        form(&[("vraag", "wat is een OPP?"), ("datum", "31-02-2026")]),
        &[("hx-request", "true")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("geen geldige datum"), "{text}");
    assert!(!text.contains("<html"), "htmx gets a fragment");
    let res = http()
        .get(s.url("/bron/anb%23bestaat-niet-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let text = res.text().await.unwrap();
    assert!(text.contains("Passage niet gevonden"), "{text}");
}

#[tokio::test]
async fn the_form_works_without_javascript() {
    let s = Server::start().await;
    // First post without a session: the page itself, with the answer and a cookie.
    let (status, h, html) = post_form(
        &s,
        form(&[("vraag", "wanneer moet een OPP?"), ("datum", "2026-03-02")]),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<!DOCTYPE html>"), "a whole page");
    assert_cited_answer(&html);
    let set = h[SET_COOKIE].to_str().unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(part), "{set}");
    }
    let cookie = session_cookie(&h);
    // With the session: post, redirect, get, and the transcript holds both turns.
    let (status, h, _) = post_form(
        &s,
        form(&[("vraag", "wat is een ZAT?"), ("datum", "2026-03-02")]),
        &[(COOKIE.as_str(), cookie.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = h[LOCATION].to_str().unwrap().to_string();
    assert!(to.starts_with("/#beurt-"), "{to}");
    let page = http()
        .get(s.url("/"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("wanneer moet een OPP?"), "{page}");
    assert!(page.contains("wat is een ZAT?"), "{page}");
    assert_eq!(
        page.matches(r#"<article class="turn""#).count(),
        2,
        "{page}"
    );
    assert!(page.contains(r#"value="2026-03-02""#), "the date is kept");
}

/// What every cited answer shows.
fn assert_cited_answer(html: &str) {
    for part in [
        r#"class="citations""#,
        r#"class="cite-head""#,
        r#"class="badge status"#,
        r#"class="badge region""#,
        r#"<blockquote class="quote">"#,
        r#"href="/bron/"#,
        "Kopieer citaat",
        "Citaat als tekst",
        r#"action="/api/feedback""#,
        r#"name="channel" value="web""#,
    ] {
        assert!(html.contains(part), "{part} missing in {html}");
    }
}

// ---- The real browser ----

/// Chromium and chromedriver, or `None` (after saying why) when they are absent outside CI.
fn browser_paths() -> Option<(PathBuf, PathBuf)> {
    let chromium = PathBuf::from(
        std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string()),
    );
    let driver = PathBuf::from(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_string()),
    );
    if chromium.exists() && driver.exists() {
        return Some((chromium, driver));
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set but {} or {} is missing: .ci/run installs chromium and chromium-driver",
        chromium.display(),
        driver.display()
    );
    eprintln!(
        "browser test SKIPPED: {} or {} not found (apt-get install chromium chromium-driver)",
        chromium.display(),
        driver.display()
    );
    None
}

/// A chromedriver process and a headless Chromium session.
struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(chromium: &Path, driver: &Path, javascript: bool) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = reqwest::get(format!("{url}/status")).await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = driver.kill();
                panic!("chromedriver did not answer on {url}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("profile directory");
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            "--lang=nl-NL".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let mut options = json!({
            "binary": chromium.display().to_string(),
            "args": args,
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = match ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&url)
            .await
        {
            Ok(c) => c,
            Err(e) => {
                let _ = driver.kill();
                panic!("no Chromium session: {e}");
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Runs `steps`, then closes the browser whatever happened, then passes a panic on.
    async fn run<F, Fut>(mut self, steps: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let outcome = AssertUnwindSafe(steps(self.client.clone()))
            .catch_unwind()
            .await;
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

/// Starts a server and a browser (or returns `None` when the browser is absent outside CI).
async fn server_and_browser(javascript: bool) -> Option<(Server, Browser)> {
    let (chromium, driver) = browser_paths()?;
    let server = Server::start().await;
    let browser = Browser::start(&chromium, &driver, javascript).await;
    Some((server, browser))
}

/// Types `question` and sends it with the button; waits until the transcript has `turns`
/// turns and returns the last one's text.
async fn ask(c: &Client, question: &str, turns: usize) -> String {
    let field = c.find(Locator::Id("vraag")).await.expect("question field");
    field.send_keys(question).await.expect("type");
    c.find(Locator::Css("form.ask button[type=submit]"))
        .await
        .expect("send button")
        .click()
        .await
        .expect("click");
    let started = Instant::now();
    loop {
        let found = c
            .find_all(Locator::Css("#gesprek > article.turn"))
            .await
            .unwrap_or_default();
        if found.len() >= turns {
            return found[turns - 1].text().await.expect("turn text");
        }
        assert!(started.elapsed() < WAIT, "no answer to {question:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Scrolls `el` to the middle of the window and clicks it, as a user would.
async fn click(c: &Client, el: &fantoccini::elements::Element) {
    let arg = serde_json::to_value(el).expect("element as argument");
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .expect("scroll");
    el.click().await.expect("click");
}

/// Starts recording Content-Security-Policy violations in the page.
async fn watch_csp(c: &Client) {
    c.execute(
        "window.__csp = []; window.__same = 'zelfde pagina';\
         document.addEventListener('securitypolicyviolation', \
           function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });",
        vec![],
    )
    .await
    .expect("script runs");
}

async fn csp_violations(c: &Client) -> serde_json::Value {
    c.execute("return window.__csp;", vec![])
        .await
        .expect("script runs")
}

#[tokio::test]
async fn in_the_browser_an_answer_appears_with_citations_and_a_citation_link_opens_its_passage() {
    let Some((s, browser)) = server_and_browser(true).await else {
        return;
    };
    browser
        .run(|c| async move {
            c.goto(&s.url("/")).await.expect("open page");
            assert_eq!(
                c.title().await.unwrap(),
                "normwijzer: vraag het de documenten"
            );
            watch_csp(&c).await;
            // The date control defaults to today in the Netherlands.
            let datum = c.find(Locator::Id("datum")).await.unwrap();
            let today = normwijzer::engine::dutch_date(jiff::Timestamp::now()).to_string();
            assert_eq!(
                datum.prop("value").await.unwrap().as_deref(),
                Some(today.as_str())
            );
            let turn = ask(&c, "wanneer moet een OPP?", 1).await;
            assert!(turn.contains("OPP"), "{turn}");
            assert!(turn.to_lowercase().contains("bronnen"), "{turn}");
            // htmx appended it: same page, no reload.
            let same = c.execute("return window.__same;", vec![]).await.unwrap();
            assert_eq!(same, json!("zelfde pagina"), "the page was not reloaded");
            let field = c.find(Locator::Id("vraag")).await.unwrap();
            assert_eq!(field.prop("value").await.unwrap().as_deref(), Some(""));
            let citations = c.find_all(Locator::Css(".citation")).await.unwrap();
            assert!(!citations.is_empty());
            let first = citations[0].text().await.unwrap();
            assert!(first.contains("›") && first.contains("regio"), "{first}");
            // "Kopieer citaat" is there with JavaScript; the text it copies is complete.
            let copy = c.find(Locator::Css(".citation button.copy")).await.unwrap();
            assert!(copy.is_displayed().await.unwrap());
            let text = c
                .find(Locator::Css(".citation .copy-text textarea"))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default();
            assert!(text.starts_with('„') && text.contains("\nBron: ") && text.contains("\nId: "));
            click(&c, &copy).await;
            let status = c.find(Locator::Css(".citation .copied")).await.unwrap();
            let started = Instant::now();
            while status.text().await.unwrap().is_empty() && started.elapsed() < WAIT {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert!(
                !status.text().await.unwrap().is_empty(),
                "copy says what happened"
            );
            assert_eq!(csp_violations(&c).await, json!([]), "no CSP violations");
            // The citation link opens the passage's own page, with its neighbours.
            let link = c.find(Locator::Css(".citation a.bron-link")).await.unwrap();
            let href = link.attr("href").await.unwrap().unwrap_or_default();
            assert!(href.starts_with("/bron/"), "{href}");
            click(&c, &link).await;
            c.wait()
                .at_most(WAIT)
                .for_element(Locator::Id("passage-kop"))
                .await
                .expect("passage page");
            assert!(c.current_url().await.unwrap().path().starts_with("/bron/"));
            let page = c
                .find(Locator::Css("main"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(page.contains("Status op"), "{page}");
            assert!(page.contains("passage"), "{page}");
            let neighbours = c.find_all(Locator::Css(".neighbour")).await.unwrap();
            assert!(!neighbours.is_empty(), "a neighbour to go to");
        })
        .await;
}

#[tokio::test]
async fn in_the_browser_a_follow_up_continues_the_earlier_question() {
    let Some((s, browser)) = server_and_browser(true).await else {
        return;
    };
    browser
        .run(|c| async move {
            c.goto(&s.url("/")).await.expect("open page");
            ask(&c, "wanneer moet een OPP?", 1).await;
            let turn = ask(&c, "en bij niveau 3?", 2).await;
            assert!(
                turn.contains("Vervolg op je vorige vraag „wanneer moet een OPP?”"),
                "{turn}"
            );
            assert!(turn.contains("niveau 3"), "{turn}");
            let first = c
                .find(Locator::Css("#gesprek > article.turn"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                !first.contains("Vervolg op"),
                "the first question stands alone"
            );
            // A question with its own subject stands alone.
            let turn = ask(&c, "wat is een ZAT?", 3).await;
            assert!(!turn.contains("Vervolg op"), "{turn}");
        })
        .await;
}

#[tokio::test]
async fn in_the_browser_feedback_is_thanked_in_place() {
    let Some((s, browser)) = server_and_browser(true).await else {
        return;
    };
    browser
        .run(|c| async move {
            c.goto(&s.url("/")).await.expect("open page");
            ask(&c, "wat is een ZAT?", 1).await;
            let vote = c.find(Locator::Css(".feedback button.vote")).await.unwrap();
            // Scrolled to the middle first: on a wide screen the question form stays at the
            // bottom of the window and would take the click.
            click(&c, &vote).await;
            let started = Instant::now();
            loop {
                let text = c
                    .find(Locator::Css(".feedback"))
                    .await
                    .unwrap()
                    .text()
                    .await;
                if text.is_ok_and(|t| t.contains("Bedankt voor je reactie")) {
                    break;
                }
                assert!(started.elapsed() < WAIT, "no thanks for the feedback");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await;
}

#[tokio::test]
async fn in_a_browser_without_javascript_the_form_posts_and_the_page_shows_the_answer() {
    let Some((s, browser)) = server_and_browser(false).await else {
        return;
    };
    browser
        .run(|c| async move {
            c.goto(&s.url("/")).await.expect("open page");
            let js = c
                .find(Locator::Css("form.ask .hint .js-only"))
                .await
                .unwrap();
            assert!(!js.is_displayed().await.unwrap(), "JavaScript is off");
            let turn = ask(&c, "wat is een ZAT?", 1).await;
            assert!(turn.contains("ZAT"), "{turn}");
            // The page was loaded again (post, redirect, get) and shows the turn.
            let url = c.current_url().await.unwrap();
            assert_eq!(url.path(), "/");
            let details = c
                .find(Locator::Css(".citation details.copy-text"))
                .await
                .unwrap();
            assert!(
                details.is_displayed().await.unwrap(),
                "quote text without JS"
            );
            let copy = c.find(Locator::Css(".citation button.copy")).await.unwrap();
            assert!(
                !copy.is_displayed().await.unwrap(),
                "no copy button without JS"
            );
            let turn = ask(&c, "wanneer moet een OPP?", 2).await;
            assert!(turn.contains("OPP"), "{turn}");
        })
        .await;
}

/// Writes docs/web-desktop.png and docs/web-phone.png when `NORMWIJZER_SCREENSHOTS` is set.
#[tokio::test]
async fn screenshots() {
    if std::env::var_os("NORMWIJZER_SCREENSHOTS").is_none() {
        return;
    }
    let Some((s, browser)) = server_and_browser(true).await else {
        return;
    };
    let docs = support::home().join("docs");
    browser
        .run(|c| async move {
            c.set_window_size(1280, 1500).await.unwrap();
            c.goto(&s.url("/")).await.expect("open page");
            ask(&c, "wanneer moet een OPP?", 1).await;
            c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
            tokio::time::sleep(Duration::from_millis(800)).await;
            let png = c.screenshot().await.unwrap();
            std::fs::write(docs.join("web-desktop.png"), png).unwrap();
            c.set_window_size(390, 2100).await.unwrap();
            c.goto(&s.url("/")).await.unwrap();
            tokio::time::sleep(Duration::from_millis(800)).await;
            let png = c.screenshot().await.unwrap();
            std::fs::write(docs.join("web-phone.png"), png).unwrap();
            let _ = s.host();
        })
        .await;
}
