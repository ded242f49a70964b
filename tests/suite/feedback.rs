//! Feedback end to end: answers and 👍/👎 land in SQLite from the API, the web form, Teams and
//! Discord; a database that cannot be written never fails or slows an answer; `/beheer`; and
//! the privacy test of issue 13: with question text on, a fake BSN, an e-mail address and
//! "mijn leerling Sara" are found in none of the database, the logs and `/metrics`.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, KeyInit, Mac};
use normwijzer::feedback::{Channel, Feedback, Outcome, Store, Vote};
use normwijzer::serve::http::{AppState, BeheerToken, Secrets, ServiceOptions, router};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

const TEAMS_KEY: [u8; 32] = *b"normwijzer-testsleutel-voor-hmac";
const DISCORD_SEED: [u8; 32] = [42; 32];

fn discord_key() -> SigningKey {
    SigningKey::from_bytes(&DISCORD_SEED)
}

fn secrets() -> Secrets {
    Secrets::new(
        Some(&BASE64.encode(TEAMS_KEY)),
        Some(&hex::encode(discord_key().verifying_key().to_bytes())),
    )
    .expect("valid test secrets")
}

fn teams_authorization(body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&TEAMS_KEY).expect("any key");
    mac.update(body);
    format!("HMAC {}", BASE64.encode(mac.finalize().into_bytes()))
}

fn discord_headers(body: &[u8]) -> Vec<(&'static str, String)> {
    let ts = jiff::Timestamp::now().as_second().to_string();
    let sig = discord_key().sign(&[ts.as_bytes(), body].concat());
    vec![
        ("x-signature-ed25519", hex::encode(sig.to_bytes())),
        ("x-signature-timestamp", ts),
        ("content-type", "application/json".into()),
    ]
}

fn discord_interaction(kind: u64, data: Value) -> Vec<u8> {
    json!({
        "type": kind, "id": "1100000000000000000", "application_id": "1000000000000000000",
        "token": "interactietoken", "version": 1, "guild_id": "900000000000000000",
        "channel_id": "900000000000000001",
        "member": { "user": { "id": "800000000000000000", "username": "juf" } },
        "data": data
    })
    .to_string()
    .into_bytes()
}

struct Server {
    base: String,
    client: reqwest::Client,
    feedback: Feedback,
}

struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
}

impl Server {
    async fn start(feedback: Feedback, options: ServiceOptions) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::with_feedback(
            support::shared_engine(),
            secrets(),
            options,
            feedback.clone(),
        );
        let app = router(state);
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("server runs");
        });
        Server {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            feedback,
        }
    }

    fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    async fn post(&self, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
        let mut req = self.client.post(format!("{}{path}", self.base)).body(body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let res = req.send().await.expect("request sent");
        Reply {
            status: res.status(),
            headers: res.headers().clone(),
            text: res.text().await.unwrap_or_default(),
        }
    }

    async fn get(&self, path: &str, headers: &[(&str, String)]) -> Reply {
        let mut req = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let res = req.send().await.expect("request sent");
        Reply {
            status: res.status(),
            headers: res.headers().clone(),
            text: res.text().await.unwrap_or_default(),
        }
    }

    async fn ask(&self, question: &str) -> Reply {
        self.post(
            "/api/ask",
            &[("content-type", "application/json".into())],
            json!({ "question": question }).to_string().into_bytes(),
        )
        .await
    }

    async fn vote_json(&self, body: Value) -> Reply {
        self.post(
            "/api/feedback",
            &[("content-type", "application/json".into())],
            body.to_string().into_bytes(),
        )
        .await
    }

    async fn flush(&self) {
        let fb = self.feedback.clone();
        let done = tokio::task::spawn_blocking(move || fb.flush(Duration::from_secs(10)))
            .await
            .unwrap();
        assert!(done, "the writer caught up");
    }

    async fn metrics(&self) -> String {
        self.get("/metrics", &[]).await.text
    }
}

fn db(dir: &Path) -> PathBuf {
    dir.join("normwijzer.sqlite")
}

fn rows(
    path: &Path,
) -> (
    Vec<normwijzer::feedback::AnswerRow>,
    Vec<normwijzer::feedback::FeedbackRow>,
) {
    let store = Store::open_read(path).unwrap().expect("database exists");
    (
        store.answers_since(0).unwrap(),
        store.feedback_since(0).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_and_web_form_votes_are_validated_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(
        Feedback::start_at(db(dir.path()), false, 90),
        ServiceOptions::default(),
    )
    .await;
    let answer = s.ask("wanneer moet een OPP?").await;
    assert_eq!(answer.status, StatusCode::OK);
    let reference = answer.headers["x-normwijzer-ref"]
        .to_str()
        .unwrap()
        .to_string();
    let passages: Vec<String> = answer.json()["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["passage"].as_str().unwrap().to_string())
        .collect();
    assert!(!passages.is_empty());

    let ok = s
        .vote_json(json!({"vote":"down","outcome":"answered","passages":passages,"channel":"api","ref":reference}))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.json(), json!({"ok": true}));

    // Refusals: Dutch, with a code, in the error object of the CLI's JSON.
    for (body, code) in [
        (json!({"passages": ["anb#zorgplicht-1"]}), "stem_ontbreekt"),
        (json!({"vote": "ja"}), "ongeldige_stem"),
        (
            json!({"vote": "up", "passages": ["anb#bestaat-niet-9"]}),
            "onbekende_passage",
        ),
        (
            json!({"vote": "up", "passages": (0..21).map(|i| format!("anb#x-{i}")).collect::<Vec<_>>()}),
            "te_veel_passages",
        ),
        (json!({"vote": "up", "channel": "fax"}), "ongeldig_kanaal"),
    ] {
        let r = s.vote_json(body.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        let v = r.json();
        assert_eq!(v["error"]["code"], code, "{body}: {v}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains("veld") || code != "stem_ontbreekt"
        );
    }
    let r = s
        .post(
            "/api/feedback",
            &[("content-type", "application/json".into())],
            b"{".to_vec(),
        )
        .await;
    assert_eq!(r.json()["error"]["code"], "ongeldige_json");

    // The web page's form: same origin only; htmx gets the fragment, a plain post a 303.
    let form = format!(
        "vote=up&outcome=answered&passages={}",
        passages.join("+").replace('#', "%23")
    );
    let origin = format!("http://{}", s.host());
    let htmx = s
        .post(
            "/api/feedback",
            &[
                ("content-type", "application/x-www-form-urlencoded".into()),
                ("origin", origin.clone()),
                ("hx-request", "true".into()),
            ],
            form.clone().into_bytes(),
        )
        .await;
    assert_eq!(htmx.status, StatusCode::OK, "{}", htmx.text);
    assert_eq!(
        htmx.text,
        r#"<p class="feedback-bedankt" role="status">Bedankt voor je reactie.</p>"#
    );
    let plain = s
        .post(
            "/api/feedback",
            &[
                ("content-type", "application/x-www-form-urlencoded".into()),
                ("sec-fetch-site", "same-origin".into()),
            ],
            form.clone().into_bytes(),
        )
        .await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert_eq!(plain.headers["location"], "/");
    let foreign = s
        .post(
            "/api/feedback",
            &[
                ("content-type", "application/x-www-form-urlencoded".into()),
                ("origin", "https://elders.example".into()),
            ],
            form.into_bytes(),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(foreign.json()["error"]["code"], "andere_herkomst");

    s.flush().await;
    let (answers, votes) = rows(&db(dir.path()));
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].channel, Channel::Api);
    assert_eq!(answers[0].passages, passages);
    assert_eq!(answers[0].question, None, "no question text by default");
    assert_eq!(votes.len(), 3, "{votes:?}");
    assert_eq!(
        (votes[0].vote, votes[0].channel),
        (Vote::Down, Channel::Api)
    );
    assert_eq!(votes[0].reference.as_deref(), Some(reference.as_str()));
    assert_eq!((votes[1].vote, votes[1].channel), (Vote::Up, Channel::Web));
    assert_eq!(votes[2].passages, passages);
    let metrics = s.metrics().await;
    assert!(
        metrics.contains(r#"normwijzer_feedback_writes_total{kind="feedback",result="stored"} 3"#),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_cards_carry_submit_actions_and_a_submitted_vote_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(
        Feedback::start_at(db(dir.path()), false, 90),
        ServiceOptions::default(),
    )
    .await;
    let body = json!({"type": "message", "text": "<at>normwijzer</at> wanneer moet een OPP?"})
        .to_string()
        .into_bytes();
    let r = s
        .post(
            "/teams",
            &[("authorization", teams_authorization(&body))],
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let reply = r.json();
    let actions = reply["attachments"][0]["content"]["actions"]
        .as_array()
        .expect("actions");
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0]["type"], "Action.Submit");
    let data = actions[1]["data"].clone();
    assert_eq!(data["vote"], "down");
    let passages = data["passages"].clone();
    assert!(!passages.as_array().unwrap().is_empty());
    // Teams posts the card's data back as the activity's value.
    let press = json!({"type": "message", "value": data})
        .to_string()
        .into_bytes();
    let r = s
        .post(
            "/teams",
            &[("authorization", teams_authorization(&press))],
            press,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["text"], "Bedankt voor je reactie.");
    s.flush().await;
    let (answers, votes) = rows(&db(dir.path()));
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].channel, Channel::Teams);
    assert_eq!(votes.len(), 1);
    assert_eq!(
        (votes[0].channel, votes[0].vote),
        (Channel::Teams, Vote::Down)
    );
    assert_eq!(json!(votes[0].passages), passages);
    assert_eq!(votes[0].reference, answers[0].reference);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_interactions_get_vote_buttons_and_a_press_is_thanked_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(
        Feedback::start_at(db(dir.path()), false, 90),
        ServiceOptions::default(),
    )
    .await;
    let body = discord_interaction(
        2,
        json!({"id": "1", "name": "vraag", "type": 1,
               "options": [{"name": "vraag", "type": 3, "value": "wanneer moet een OPP?"}]}),
    );
    let r = s
        .post("/discord/interactions", &discord_headers(&body), body)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    support::discord::assert_sendable("vraag with feedback", &v);
    let ids = support::discord::custom_ids(&v);
    let up = ids
        .iter()
        .find(|i| i.starts_with("nw:fb:up:"))
        .expect("👍")
        .clone();
    assert!(ids.iter().any(|i| i.starts_with("nw:fb:down:")), "{ids:?}");
    // 👍/👎 are the last row, on their own.
    let rows_json = v["data"]["components"].as_array().unwrap();
    let last = rows_json.last().unwrap()["components"].as_array().unwrap();
    assert_eq!(last.len(), 2);
    let press = discord_interaction(3, json!({"custom_id": up, "component_type": 2}));
    let r = s
        .post("/discord/interactions", &discord_headers(&press), press)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["data"]["flags"], 64, "ephemeral");
    assert!(support::discord::shown_text(&v).contains("Bedankt voor je reactie."));
    s.flush().await;
    let (answers, votes) = rows(&db(dir.path()));
    assert_eq!(answers.len(), 1);
    assert_eq!(votes.len(), 1);
    assert_eq!(
        (votes[0].channel, votes[0].vote),
        (Channel::Discord, Vote::Up)
    );
    assert_eq!(
        votes[0].passages, answers[0].passages,
        "passages found by reference"
    );
    assert_eq!(votes[0].outcome, answers[0].outcome);
}

/// Answers and votes while the database cannot be written: every request succeeds, quickly,
/// and the failures are counted in /metrics.
async fn answers_survive(path: PathBuf) -> Server {
    let s = Server::start(
        Feedback::start_at(path, false, 90),
        ServiceOptions::default(),
    )
    .await;
    for _ in 0..3 {
        let started = Instant::now();
        let r = s.ask("wanneer moet een OPP?").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let v = s.vote_json(json!({"vote": "up"})).await;
        assert_eq!(v.status, StatusCode::OK, "{}", v.text);
    }
    s.flush().await;
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_database_location_never_fails_an_answer() {
    // Tests run as root, for whom a read-only directory is writable; a path under a regular
    // file cannot be created by anyone.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bestand"), "geen map").unwrap();
    let s = answers_survive(dir.path().join("bestand").join("normwijzer.sqlite")).await;
    let metrics = s.metrics().await;
    assert!(
        metrics.contains(r#"normwijzer_feedback_writes_total{kind="answer",result="failed"} 3"#),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_never_fails_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    drop(Store::open(&path).unwrap());
    let locker = rusqlite::Connection::open(&path).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let s = answers_survive(path.clone()).await;
    let metrics = s.metrics().await;
    assert!(
        metrics.contains(r#"normwijzer_feedback_writes_total{kind="answer",result="failed"} 3"#),
        "{metrics}"
    );
    // Once the lock is gone, rows are stored again.
    locker.execute_batch("COMMIT;").unwrap();
    drop(locker);
    assert_eq!(s.ask("wat is een OPP?").await.status, StatusCode::OK);
    s.flush().await;
    assert_eq!(rows(&path).0.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beheer_needs_the_token_and_shows_the_report_without_inline_script() {
    let dir = tempfile::tempdir().unwrap();
    let off = Server::start(Feedback::disabled(), ServiceOptions::default()).await;
    assert_eq!(off.get("/beheer", &[]).await.status, StatusCode::NOT_FOUND);
    let options = ServiceOptions {
        beheer_token: BeheerToken::new("proef-token"),
        ..ServiceOptions::default()
    };
    let s = Server::start(Feedback::start_at(db(dir.path()), false, 90), options).await;
    assert_eq!(s.ask("wanneer moet een OPP?").await.status, StatusCode::OK);
    s.flush().await;
    let denied = s.get("/beheer", &[]).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    assert!(
        denied.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    let wrong = s
        .get("/beheer", &[("authorization", "Bearer fout".into())])
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let page = s
        .get("/beheer", &[("authorization", "Bearer proef-token".into())])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(
        page.text.contains("Per document en onderdeel"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("<td>1</td>"),
        "one citation counted: {}",
        page.text
    );
    assert!(!page.text.contains("<script") && !page.text.contains("style="));
    let basic = BASE64.encode("consulent:proef-token");
    let page = s
        .get(
            "/beheer?sinds=2020-01-01",
            &[("authorization", format!("Basic {basic}"))],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("sinds 2020-01-01"));
}

#[test]
fn rapport_reads_the_database_and_explains_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("normwijzer")
            .unwrap()
            .args(["--home", support::home().to_str().unwrap(), "--in-memory"])
            .args(args)
            .env("NORMWIJZER_DATA", dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["rapport"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("er is nog geen feedback"), "{err}");
    assert!(!err.contains("panicked"));
    let fb = Feedback::start_at(db(dir.path()), true, 90);
    let engine = support::engine();
    let opp = engine
        .ask("wanneer moet een OPP?", &support::on("2026-03-02"))
        .unwrap();
    let r = fb.record_answer(Channel::Web, &opp, &opp.question).unwrap();
    fb.record_vote(normwijzer::feedback::VoteCast {
        channel: Channel::Web,
        vote: Vote::Down,
        outcome: Outcome::of(&opp),
        passages: opp.citations.iter().map(|c| c.passage.clone()).collect(),
        reference: Some(r),
    });
    for q in [
        "wie betaalt de zwemles van leerling Jan?",
        "zwemles onder schooltijd, mag dat?",
    ] {
        let mut a = opp.clone();
        a.abstained = true;
        a.citations.clear();
        let r = fb.record_answer(Channel::Teams, &a, q).unwrap();
        fb.record_vote(normwijzer::feedback::VoteCast {
            channel: Channel::Teams,
            vote: Vote::Down,
            outcome: Outcome::Abstained,
            passages: Vec::new(),
            reference: Some(r),
        });
    }
    assert!(fb.flush(Duration::from_secs(10)));
    let out = run(&["rapport", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"]["answers"], 3);
    assert_eq!(v["total"]["down"], 3);
    let first = &v["sections"][0];
    assert_eq!(first["cited"], 1);
    assert_eq!(first["down"], 1);
    assert_eq!(v["gaps"][0]["count"], 2, "{v}");
    assert_eq!(v["gaps"][0]["down"], 2);
    assert!(v.to_string().contains("leerling [naam]"), "{v}");
    assert!(!v.to_string().contains("Jan"));
    let out = run(&["rapport", "--sinds", "2 maart 2020"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("Per document en onderdeel") && text.contains("sinds 2020-03-02"),
        "{text}"
    );
    assert!(text.contains("zwemles"), "{text}");
    let out = run(&["rapport", "--sinds", "31 februari 2026", "--json"]);
    assert!(!out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "datum_bestaat_niet");
}

/// Reads `file` until `needle` shows up in it, for at most `wait`.
fn wait_for(file: &Path, needle: &str, wait: Duration) -> String {
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text.contains(needle) || started.elapsed() > wait {
            return text;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 13: question text stored, and still none of the personal details anywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_text_storage_on_no_personal_detail_reaches_disk_logs_or_metrics() {
    const BSN: &str = "111222333";
    const EMAIL: &str = "sara.jansen@example.com";
    let question =
        format!("Mijn leerling Sara (BSN {BSN}, moeder {EMAIL}) heeft geen OPP, mag dat?");
    let home = support::project_copy();
    let toml = home.path().join("config").join("normwijzer.toml");
    let settings = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("store_questions = false", "store_questions = true");
    assert!(settings.contains("store_questions = true"));
    std::fs::write(&toml, settings).unwrap();
    let data = home.path().join("gegevens");
    let log = home.path().join("log.txt");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"))
        .args(["--home", home.path().to_str().unwrap(), "--in-memory"])
        .args(["serve", "http", "--addr", "127.0.0.1:0"])
        .env("NORMWIJZER_LOG", "debug")
        .env("NORMWIJZER_DATA", &data)
        .env("NORMWIJZER_BEHEER_TOKEN", "proef-token")
        .env("TEAMS_HMAC_SECRET", BASE64.encode(TEAMS_KEY))
        .env_remove("DISCORD_PUBLIC_KEY")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let guard = Kill(child);
    let text = wait_for(&log, "luistert op http://", Duration::from_secs(120));
    let addr = text
        .split("luistert op http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {text}"))
        .to_string();
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    // The API...
    let r = client
        .post(format!("{base}/api/ask"))
        .json(&json!({ "question": question }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let reference = r.headers()["x-normwijzer-ref"]
        .to_str()
        .unwrap()
        .to_string();
    let r = client
        .post(format!("{base}/api/feedback"))
        .json(&json!({ "vote": "down", "ref": reference }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // ... and Teams.
    let body = json!({"type": "message", "text": format!("<at>normwijzer</at> {question}")})
        .to_string()
        .into_bytes();
    let r = client
        .post(format!("{base}/teams"))
        .header("authorization", teams_authorization(&body))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let database = data.join("normwijzer.sqlite");
    let started = Instant::now();
    loop {
        let stored = Store::open_read(&database).ok().flatten().map(|s| {
            (
                s.answers_since(0).unwrap().len(),
                s.feedback_since(0).unwrap().len(),
            )
        });
        if stored == Some((2, 1)) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "rows: {stored:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let beheer = client
        .get(format!("{base}/beheer"))
        .bearer_auth("proef-token")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    drop(guard);
    let mut bytes = Vec::new();
    for f in std::fs::read_dir(&data).unwrap().flatten() {
        bytes.extend(std::fs::read(f.path()).unwrap());
    }
    let stored = String::from_utf8_lossy(&bytes).into_owned();
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(
        logs.contains("DEBUG") || logs.contains("verzoek"),
        "logs captured: {logs}"
    );
    // The text was stored, scrubbed.
    assert!(stored.contains("[BSN]") && stored.contains("[naam]") && stored.contains("[e-mail]"));
    assert!(beheer.contains("Per document en onderdeel"), "{beheer}");
    for (what, haystack) in [
        ("database", &stored),
        ("logs", &logs),
        ("metrics", &metrics),
        ("beheer", &beheer),
    ] {
        for secret in [BSN, EMAIL, "sara.jansen", "Sara"] {
            assert!(!haystack.contains(secret), "{secret} found in the {what}");
        }
    }
}
