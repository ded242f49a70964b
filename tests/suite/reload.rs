//! Reloading a running HTTP service: four clients ask `/api/ask` without pause on 127.0.0.1
//! while the corpus of a project copy changes under the file watcher. No request may fail,
//! every answer comes from either the old or the new text (never a mix or nothing), the new
//! text once the swap is done; a broken change (a rule whose passage text vanished) keeps the
//! old answers, and `/healthz` and `/metrics` say so. The admin endpoint answers only to its
//! token.

use crate::support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use normwijzer::engine::{Engine, OpenOptions};
use normwijzer::serve::http::{AppState, Secrets, ServiceOptions, router};
use normwijzer::serve::reload::{Reloader, Served};
use serde_json::{Value, json};

const QUESTION: &str = "Wat moet een school beschrijven in haar ondersteuningsbeleid?";
const OLD: &str = "ondersteuning de school biedt";
const NEW: &str = "ondersteuning de school in elk schooljaar biedt";
const TOKEN: &str = "test-beheertoken-0123456789";

/// Which text an answer quotes: `Some(false)` old, `Some(true)` new, `None` neither or both.
fn variant(answer: &Value) -> Option<bool> {
    let text = answer.to_string();
    match (text.contains(OLD), text.contains(NEW)) {
        (true, false) => Some(false),
        (false, true) => Some(true),
        _ => None,
    }
}

/// Replaces `from` by `to` in a file by writing a new file and renaming it over the old one,
/// as an editor or a deploy does.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from}", path.display());
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text.replacen(from, to, 1)).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

/// One record per answered request: when, and which text.
type Seen = Vec<(Instant, Option<bool>)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reload_under_load_fails_no_request_and_a_broken_change_keeps_the_old_index() {
    let project = support::project_copy();
    let home = project.path().to_path_buf();
    // On disk, as served: the new index is built next to the old one.
    let engine = Engine::open(&OpenOptions {
        home: Some(home.clone()),
        in_memory: false,
        index_dir: None,
    })
    .expect("engine on the copy");
    let old_fingerprint = engine.index().info.fingerprint.clone();
    let served = Served::new(Arc::new(engine));
    let _reloader = Reloader::watch(served.clone());
    let state = AppState::serving(
        served.clone(),
        Secrets::default(),
        ServiceOptions::default(),
        Some(TOKEN.to_string()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let client = reqwest::Client::new();

    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for _ in 0..4 {
        let (client, url, stop) = (client.clone(), format!("{base}/api/ask"), stop.clone());
        clients.push(tokio::spawn(async move {
            let (mut seen, mut failed): (Seen, Vec<String>) = (Vec::new(), Vec::new());
            let deadline = Instant::now() + Duration::from_secs(120);
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                let sent = Instant::now();
                match client
                    .post(&url)
                    .json(&json!({ "question": QUESTION, "today": "2026-03-02" }))
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 200 => {
                        let v: Value = r.json().await.expect("json");
                        seen.push((sent, variant(&v)));
                    }
                    Ok(r) => failed.push(format!("status {}", r.status())),
                    Err(e) => failed.push(e.to_string()),
                }
            }
            (seen, failed)
        }));
    }

    tokio::time::sleep(Duration::from_millis(500)).await;
    // A good change: one sentence of the ANB reworded.
    edit(
        &home.join("corpus/anb.txt"),
        "ondersteuning de school biedt;",
        "ondersteuning de school in elk schooljaar biedt;",
    );
    let changed_at = Instant::now();
    let swapped = wait_for(|| served.engine().index().info.fingerprint != old_fingerprint).await;
    assert!(swapped, "the watcher reloaded within the time allowed");
    let swap_done = Instant::now();
    let new_fingerprint = served.engine().index().info.fingerprint.clone();
    eprintln!(
        "reload after a change: {} ms from the rename to the swap",
        swap_done.duration_since(changed_at).as_millis()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // A broken change: the passage text a rule in config/termijnen.toml cites is gone.
    let failed_before = served.status().failed;
    edit(
        &home.join("corpus/anb.txt"),
        "binnen zes weken, met een uitloop tot maximaal tien weken",
        "binnen enige tijd",
    );
    let broken_at = Instant::now();
    assert!(
        wait_for(|| served.status().failed > failed_before).await,
        "the broken change was tried"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);

    let (mut seen, mut failed) = (Vec::new(), Vec::new());
    for c in clients {
        let (s, f) = c.await.expect("client task");
        seen.extend(s);
        failed.extend(f);
    }
    assert!(failed.is_empty(), "failed requests: {failed:?}");
    assert!(
        seen.iter().all(|(_, v)| v.is_some()),
        "every answer quotes exactly one version"
    );
    let old = seen.iter().filter(|(_, v)| *v == Some(false)).count();
    let new = seen.iter().filter(|(_, v)| *v == Some(true)).count();
    eprintln!(
        "{} requests during the reloads, 0 failed: {old} from the old text, {new} from the new",
        seen.len()
    );
    assert!(
        seen.iter()
            .filter(|(t, _)| *t < changed_at)
            .all(|(_, v)| *v == Some(false)),
        "before the change: the old text"
    );
    assert!(
        seen.iter()
            .filter(|(t, _)| *t > swap_done)
            .all(|(_, v)| *v == Some(true)),
        "after the swap, and after the broken change: the new text"
    );
    assert!(
        seen.iter().any(|(t, _)| *t > broken_at),
        "asked after the broken change"
    );
    assert_eq!(served.engine().index().info.fingerprint, new_fingerprint);

    let health: Value = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz")
        .json()
        .await
        .expect("json");
    let error = health["reload"]["last_error"].as_str().unwrap_or_default();
    assert!(error.contains("termijnen.toml"), "{health}");
    assert!(
        !error.contains("binnen enige tijd"),
        "no document text: {error}"
    );
    assert!(health["reload"]["last_ok"].is_string(), "{health}");
    assert_eq!(health["fingerprint"], new_fingerprint.as_str());
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains(r#"normwijzer_reloads_total{outcome="error"}"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"normwijzer_reloads_total{outcome="ok"}"#),
        "{metrics}"
    );

    // The admin endpoint: refused without or with a wrong token; with it, the outcome of a
    // reload now (still the broken rule: 422, and the new text keeps being served).
    let admin = format!("{base}/api/admin/herlaad");
    let none = client.post(&admin).send().await.expect("admin");
    assert_eq!(none.status(), 401);
    let wrong = client
        .post(&admin)
        .bearer_auth("test-beheertoken-012345678X")
        .send()
        .await
        .expect("admin");
    assert_eq!(wrong.status(), 401);
    let refused = client
        .post(&admin)
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("admin");
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["served"], new_fingerprint.as_str(), "{body}");
    // Repaired: the admin reload takes it in at once.
    edit(
        &home.join("corpus/anb.txt"),
        "binnen enige tijd",
        "binnen zes weken, met een uitloop tot maximaal tien weken",
    );
    let ok = client
        .post(&admin)
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("admin");
    let status = ok.status();
    let text = ok.text().await.expect("body");
    assert_eq!(status, 200, "{text}");
    let body: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(body["status"], "herladen", "{body}");
}

#[tokio::test]
async fn without_a_token_the_admin_endpoint_does_not_exist() {
    let state = AppState::new(
        support::shared_engine(),
        Secrets::default(),
        ServiceOptions::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let res = reqwest::Client::new()
        .post(format!("{base}/api/admin/herlaad"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 404);
}

/// Polls `done` for up to 60 s.
async fn wait_for(done: impl Fn() -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// `normwijzer serve http` as a process with file watching off: an edit alone changes
/// nothing, SIGHUP reloads, the new text is served and `/healthz` counts the reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_a_running_serve_http() {
    let project = support::project_copy();
    let home = project.path();
    let addr = support::process::free_addr();
    let mut service =
        support::process::Service::start(home, &["serve", "http", "--addr", &addr], &[]);
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    let health = || {
        let (client, url) = (client.clone(), format!("{base}/healthz"));
        async move {
            let r = client.get(url).send().await.ok()?;
            r.json::<Value>().await.ok()
        }
    };
    let ask = || {
        let (client, url) = (client.clone(), format!("{base}/api/ask"));
        async move {
            let r = client
                .post(url)
                .json(&json!({ "question": QUESTION, "today": "2026-03-02" }))
                .send()
                .await
                .expect("ask");
            assert_eq!(r.status(), 200);
            variant(&r.json::<Value>().await.expect("json"))
        }
    };
    let until = Instant::now() + Duration::from_secs(120);
    let first = loop {
        if let Some(h) = health().await {
            break h;
        }
        assert!(service.running(), "serve http stopped:\n{}", service.log());
        assert!(Instant::now() < until, "no /healthz:\n{}", service.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(first["reload"]["succeeded"], 0, "{first}");
    assert!(
        service.log().contains("NORMWIJZER_WATCH staat uit"),
        "{}",
        service.log()
    );
    assert_eq!(ask().await, Some(false));

    edit(
        &home.join("corpus/anb.txt"),
        "ondersteuning de school biedt;",
        "ondersteuning de school in elk schooljaar biedt;",
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        ask().await,
        Some(false),
        "not watched: no reload without a signal"
    );

    service.signal("HUP");
    let until = Instant::now() + Duration::from_secs(120);
    let after = loop {
        let h = health().await.expect("healthz during the reload");
        if h["reload"]["succeeded"] == 1 {
            break h;
        }
        assert!(Instant::now() < until, "no reload:\n{}", service.log());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(service.running(), "SIGHUP does not end the service");
    assert_ne!(after["fingerprint"], first["fingerprint"], "{after}");
    assert!(after["reload"]["last_ok"].is_string(), "{after}");
    assert!(after["reload"]["last_error"].is_null(), "{after}");
    assert_eq!(ask().await, Some(true), "the new text after SIGHUP");
    assert!(
        service.log().contains("trigger=\"signal\"") || service.log().contains("trigger=signal"),
        "{}",
        service.log()
    );
}
