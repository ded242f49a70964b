//! The HTTP service end to end: each test starts the server on 127.0.0.1, port 0, with test
//! secrets, and drives it with a real HTTP client (or a raw socket where a client must
//! misbehave).

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, KeyInit, Mac};
use normwijzer::serve::http::{AppState, BODY_LIMIT, Secrets, ServiceOptions, router};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;
use support::discord::{
    assert_answer_embed, assert_sendable, assert_shows_passage, custom_ids, shown_text,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The raw Teams security token (what the base64 token Teams shows decodes to).
const TEAMS_KEY: [u8; 32] = *b"normwijzer-testsleutel-voor-hmac";
/// The Discord application's signing key; the server gets its public half.
const DISCORD_SEED: [u8; 32] = [42; 32];

fn discord_key() -> SigningKey {
    SigningKey::from_bytes(&DISCORD_SEED)
}

fn test_secrets() -> Secrets {
    Secrets::new(
        Some(&BASE64.encode(TEAMS_KEY)),
        Some(&hex::encode(discord_key().verifying_key().to_bytes())),
    )
    .expect("valid test secrets")
}

/// Request headers as (name, value).
type Headers = Vec<(&'static str, String)>;

/// A running server and a client for it.
struct Server {
    base: String,
    client: reqwest::Client,
}

impl Server {
    async fn start(secrets: Secrets) -> Server {
        Server::start_with(secrets, ServiceOptions::default()).await
    }

    async fn start_with(secrets: Secrets, options: ServiceOptions) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let app = router(AppState::new(support::shared_engine(), secrets, options));
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("server runs");
        });
        Server {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
        }
    }

    fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn post(&self, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
        let mut req = self.client.post(self.url(path)).body(body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        Reply::of(req.send().await.expect("request sent")).await
    }

    async fn get(&self, path: &str) -> Reply {
        Reply::of(
            self.client
                .get(self.url(path))
                .send()
                .await
                .expect("request sent"),
        )
        .await
    }

    async fn ask(&self, body: Value) -> Reply {
        self.post(
            "/api/ask",
            &[("content-type", "application/json".into())],
            body.to_string().into_bytes(),
        )
        .await
    }

    async fn teams(&self, body: &[u8], authorization: Option<String>) -> Reply {
        let headers: Vec<(&str, String)> = authorization
            .into_iter()
            .map(|a| ("authorization", a))
            .collect();
        self.post("/teams", &headers, body.to_vec()).await
    }

    async fn discord(&self, body: &[u8], headers: Headers) -> Reply {
        self.post("/discord/interactions", &headers, body.to_vec())
            .await
    }

    /// The value of one sample line of `/metrics`, 0 when absent.
    async fn metric(&self, sample: &str) -> u64 {
        let text = self.get("/metrics").await.text;
        text.lines()
            .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' '))
            .map_or(0, |v| {
                v.trim().parse::<f64>().expect("numeric sample") as u64
            })
    }

    async fn requests(&self, channel: &str, outcome: &str) -> u64 {
        self.metric(&format!(
            r#"normwijzer_requests_total{{channel="{channel}",outcome="{outcome}"}}"#
        ))
        .await
    }
}

/// Status and body of a response.
struct Reply {
    status: StatusCode,
    content_type: String,
    text: String,
}

impl Reply {
    async fn of(res: reqwest::Response) -> Reply {
        let status = res.status();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let text = res.text().await.expect("response body");
        Reply {
            status,
            content_type,
            text,
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    /// Asserts an error reply: this status and one line of Dutch plain text.
    fn assert_refused(&self, status: StatusCode) {
        assert_eq!(self.status, status, "{}", self.text);
        assert!(
            self.content_type.starts_with("text/plain"),
            "{}",
            self.content_type
        );
        assert_eq!(self.text.trim_end().lines().count(), 1, "{:?}", self.text);
        assert!(!self.text.trim().is_empty());
    }
}

fn teams_authorization(key: &[u8], body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(body);
    format!("HMAC {}", BASE64.encode(mac.finalize().into_bytes()))
}

/// A Teams outgoing-webhook activity as Teams sends it (shortened).
fn teams_activity(text: &str) -> Vec<u8> {
    json!({
        "type": "message",
        "id": "1700000000000",
        "timestamp": "2026-03-02T09:00:00.000Z",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "channelId": "msteams",
        "from": { "id": "29:1abc", "name": "Juf Sanne" },
        "conversation": { "isGroup": true, "id": "19:abc@thread.skype;messageid=1700000000000" },
        "recipient": null,
        "textFormat": "plain",
        "text": text,
        "attachments": [{ "contentType": "text/html", "content": format!("<div>{text}</div>") }],
        "entities": [{ "type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web" }],
        "channelData": { "teamsChannelId": "19:abc@thread.skype" }
    })
    .to_string()
    .into_bytes()
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Signature headers for a Discord interaction, signed by `key` at `timestamp`.
fn discord_headers(key: &SigningKey, timestamp: i64, body: &[u8]) -> Headers {
    let ts = timestamp.to_string();
    let sig = key.sign(&[ts.as_bytes(), body].concat());
    vec![
        ("x-signature-ed25519", hex::encode(sig.to_bytes())),
        ("x-signature-timestamp", ts),
        ("content-type", "application/json".into()),
    ]
}

fn discord_command(name: &str, option: Option<(&str, &str)>) -> Vec<u8> {
    let options: Vec<(&str, &str)> = option.into_iter().collect();
    discord_command_with(name, &options)
}

/// An interaction of `kind` (2 command, 3 button, 4 autocomplete) with `data`.
fn discord_interaction(kind: u64, data: Value) -> Vec<u8> {
    json!({
        "type": kind,
        "id": "1100000000000000000",
        "application_id": "1000000000000000000",
        "token": "interactietoken",
        "version": 1,
        "guild_id": "900000000000000000",
        "channel_id": "900000000000000001",
        "member": { "user": { "id": "800000000000000000", "username": "juf" } },
        "data": data
    })
    .to_string()
    .into_bytes()
}

fn discord_command_with(name: &str, options: &[(&str, &str)]) -> Vec<u8> {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, v)| json!({ "name": n, "type": 3, "value": v }))
        .collect();
    discord_interaction(
        2,
        json!({ "id": "1200000000000000000", "name": name, "type": 1, "options": options }),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_teams_message_gets_a_cited_answer_with_adaptive_card() {
    let s = Server::start(test_secrets()).await;
    let body = teams_activity("<at>normwijzer</at>&nbsp;wanneer moet een <b>OPP</b>?");
    let reply = s
        .teams(&body, Some(teams_authorization(&TEAMS_KEY, &body)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let v = reply.json();
    assert_eq!(v["type"], "message");
    // The same answer the engine gives for the cleaned question.
    let expected = support::engine()
        .ask("wanneer moet een OPP?", &support::on("2026-03-02"))
        .expect("answer");
    assert!(!expected.abstained && !expected.citations.is_empty());
    let text = v["text"].as_str().expect("text");
    assert!(text.contains("[1]"), "{text}");
    assert!(text.contains(&expected.citations[0].quote), "{text}");
    let attachment = &v["attachments"][0];
    assert_eq!(
        attachment["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let card = &attachment["content"];
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(card["version"], "1.4");
    let card_text = card.to_string();
    for c in &expected.citations {
        assert!(card_text.contains(&c.passage), "{} not in card", c.passage);
        assert!(card_text.contains(&c.title), "{} not in card", c.title);
    }
    assert_eq!(s.requests("teams", "answered").await, 1);
    assert_eq!(s.metric("normwijzer_answer_seconds_count").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_card_shows_a_computed_term_as_a_block() {
    let s = Server::start(test_secrets()).await;
    let body = teams_activity(
        "<at>normwijzer</at> Aangemeld op 13 april 2026, wanneer moet de school uiterlijk beslissen?",
    );
    let reply = s
        .teams(&body, Some(teams_authorization(&TEAMS_KEY, &body)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let v = reply.json();
    let card = &v["attachments"][0]["content"];
    let blocks = card["body"].as_array().expect("body");
    let check = blocks
        .iter()
        .find(|b| b["items"][0]["text"] == "✔ Termijn zorgplicht")
        .unwrap_or_else(|| panic!("no term block in {card}"));
    let texts: Vec<&str> = check["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["text"].as_str())
        .collect();
    assert_eq!(
        texts[1],
        "Uiterlijk dinsdag 26 mei 2026 · met uitloop uiterlijk maandag 22 juni 2026"
    );
    assert!(
        texts.contains(&"• Doorgeschoven: 25 mei 2026 is Tweede Pinksterdag → dinsdag 26 mei 2026"),
        "{texts:?}"
    );
    // The check comes before the sources, and the rule's passage is cited.
    let check_at = blocks.iter().position(|b| b == check).expect("position");
    let sources_at = blocks
        .iter()
        .position(|b| b["text"] == "Bronnen")
        .expect("sources");
    assert!(check_at < sources_at);
    assert!(card.to_string().contains("anb#zorgplicht-1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_refuses_unsigned_forged_and_replayed_requests_without_answering() {
    let s = Server::start(test_secrets()).await;
    let body = teams_activity("<at>normwijzer</at> wat is een ZAT?");
    let good = teams_authorization(&TEAMS_KEY, &body);

    let mut flipped_body = body.clone();
    let i = flipped_body.len() / 2;
    flipped_body[i] ^= 0x01;
    let mut tag = BASE64
        .decode(good.trim_start_matches("HMAC "))
        .expect("own tag decodes");
    tag[0] ^= 0x80;
    let flipped_signature = format!("HMAC {}", BASE64.encode(&tag));
    let wrong_key = teams_authorization(b"een-heel-andere-sleutel-van-32-b", &body);

    let cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
        ("flipped body byte", flipped_body, Some(good.clone())),
        ("flipped signature", body.clone(), Some(flipped_signature)),
        ("wrong key", body.clone(), Some(wrong_key)),
        ("missing header", body.clone(), None),
        (
            "other scheme",
            body.clone(),
            Some(good.replace("HMAC", "Bearer")),
        ),
        ("not base64", body.clone(), Some("HMAC ***".into())),
        ("short tag", body.clone(), Some("HMAC AAAA".into())),
    ];
    for (what, b, auth) in &cases {
        let r = s.teams(b, auth.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}: {}", r.text);
        r.assert_refused(StatusCode::UNAUTHORIZED);
    }
    // The genuine request once, then its replay.
    assert_eq!(
        s.teams(&body, Some(good.clone())).await.status,
        StatusCode::OK
    );
    s.teams(&body, Some(good))
        .await
        .assert_refused(StatusCode::UNAUTHORIZED);

    assert_eq!(
        s.requests("teams", "rejected").await,
        cases.len() as u64 + 1
    );
    assert_eq!(s.requests("teams", "answered").await, 1);
    // Only the genuine request reached the engine.
    assert_eq!(s.metric("normwijzer_answer_seconds_count").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_teams_request_with_broken_json_is_400_after_verification() {
    let s = Server::start(test_secrets()).await;
    for body in [
        &b"{\"text\": "[..],
        b"[1,2]",
        b"{\"type\":\"message\"}",
        b"   ",
    ] {
        let r = s
            .teams(body, Some(teams_authorization(&TEAMS_KEY, body)))
            .await;
        r.assert_refused(StatusCode::BAD_REQUEST);
    }
    // Unsigned garbage is refused as unsigned: nothing is parsed before verification.
    s.teams(b"{\"text\": ", None)
        .await
        .assert_refused(StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_ping_gets_pong() {
    let s = Server::start(test_secrets()).await;
    let body = br#"{"type":1,"id":"1","application_id":"2","token":"t","version":1}"#;
    let r = s
        .discord(body, discord_headers(&discord_key(), now(), body))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json(), json!({ "type": 1 }));
    assert_eq!(s.requests("discord", "ok").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_vraag_gets_a_cited_answer() {
    let s = Server::start(test_secrets()).await;
    let body = discord_command("vraag", Some(("vraag", "wanneer moet een OPP?")));
    let r = s
        .discord(&body, discord_headers(&discord_key(), now(), &body))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["type"], 4);
    assert_sendable("/vraag", &v);
    let data = &v["data"];
    assert_eq!(data["allowed_mentions"]["parse"], json!([]));
    let embed = &data["embeds"][0];
    // The service answers for today (document statuses change the order), so the expected
    // answer is today's too.
    let expected = support::engine()
        .ask(
            "wanneer moet een OPP?",
            &normwijzer::engine::AskOptions::today(),
        )
        .expect("answer");
    // The shared renderer: one field per check (the OPP decision), then one per citation.
    assert_eq!(embed["fields"][0]["name"], "✔ OPP");
    assert_answer_embed(embed, &expected);
    let buttons = custom_ids(&v);
    for c in &expected.citations {
        assert!(buttons.contains(&format!("nw:bron:{}", c.passage)));
    }
    let description = embed["description"].as_str().expect("description");
    assert!(description.contains("\\[1\\]"), "{description}");
    assert!(
        data["content"]
            .as_str()
            .is_some_and(|c| c.contains("wanneer moet een OPP?"))
    );
    assert_eq!(s.requests("discord", "answered").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_other_commands_are_dispatched() {
    let s = Server::start(test_secrets()).await;
    let key = discord_key();
    let send = |name: &'static str, option: Option<(&'static str, &'static str)>| {
        let body = discord_command(name, option);
        let headers = discord_headers(&key, now(), &body);
        let s = &s;
        async move {
            let r = s.discord(&body, headers).await;
            assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.text);
            let v = r.json();
            assert_eq!(v["type"], 4, "{name}");
            assert_sendable(name, &v);
            v
        }
    };
    let help = send("help", None).await;
    assert!(shown_text(&help).contains("/termijn regel:"));
    assert_eq!(help["data"]["flags"], 64);
    let bronnen = send("bronnen", None).await;
    let shown = shown_text(&bronnen);
    for d in support::engine().documents() {
        assert!(
            shown.contains(&format!("`{}`", d.id)),
            "{} missing from bronnen",
            d.id
        );
    }
    assert!(shown.contains("ander samenwerkingsverband"), "{shown}");
    let begrip = send("begrip", Some(("term", "ZAT"))).await;
    assert!(
        begrip["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap()
            .contains("Zorgadviesteam"),
        "{begrip}"
    );
    let bron = send("bron", Some(("id", "anb#zorgplicht-1"))).await;
    let shown = shown_text(&bron);
    assert!(shown.contains("Passage anb#zorgplicht-1"), "{shown}");
    assert!(shown.contains("binnen zes weken"), "{shown}");
    assert!(bron["data"]["flags"].is_null() || bron["data"]["flags"] == 0);
    let missing = send("bron", Some(("id", "anb#zorgplicht-99"))).await;
    assert!(shown_text(&missing).contains("bestaat niet"));
    assert!(!custom_ids(&missing).is_empty(), "similar ids as buttons");
    let unknown = send("dans", None).await;
    assert_eq!(unknown["data"]["flags"], 64);
    let empty = send("vraag", None).await;
    assert_eq!(empty["data"]["flags"], 64);
    assert_eq!(s.requests("discord", "answered").await, 1);
    assert_eq!(s.requests("discord", "rejected").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_termijn_is_computed_like_the_gateway_bot() {
    let s = Server::start(test_secrets()).await;
    let key = discord_key();
    let termijn = |regel: &'static str, datum: &'static str| {
        let body = discord_command_with("termijn", &[("regel", regel), ("datum", datum)]);
        let headers = discord_headers(&key, now(), &body);
        let s = &s;
        async move {
            let r = s.discord(&body, headers).await;
            assert_eq!(r.status, StatusCode::OK, "{datum}: {}", r.text);
            let v = r.json();
            assert_eq!(v["type"], 4);
            assert_sendable(datum, &v);
            v
        }
    };
    let v = termijn("zorgplicht", "2026-04-13").await;
    let shown = shown_text(&v);
    for want in [
        "dinsdag 26 mei 2026",
        "Tweede Pinksterdag",
        "maandag 22 juni 2026",
        "anb#zorgplicht-1",
    ] {
        assert!(shown.contains(want), "{want} in {shown}");
    }
    assert!(v["data"]["flags"].is_null() || v["data"]["flags"] == 0);
    assert_eq!(custom_ids(&v), ["nw:bron:anb#zorgplicht-1"]);
    // The same fields and buttons as the gateway bot renders through the shared commands.
    let opts: Vec<(String, String)> = [("regel", "zorgplicht"), ("datum", "2026-04-13")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let gateway = normwijzer::serve::commands::command(
        support::engine(),
        "termijn",
        &opts,
        &normwijzer::engine::AskOptions {
            today: jiff::Zoned::now().date(),
            ..normwijzer::engine::AskOptions::today()
        },
    )
    .reply
    .interaction_response_json();
    assert_eq!(
        v["data"]["embeds"][0]["fields"],
        gateway["data"]["embeds"][0]["fields"]
    );
    assert_eq!(v["data"]["components"], gateway["data"]["components"]);

    // Dates in words, as the CLI reads them.
    let v = termijn("zorgplicht", "2 maart 2026").await;
    let shown = shown_text(&v);
    assert!(shown.contains("maandag 13 april 2026"), "{shown}");
    assert!(shown.contains("maandag 11 mei 2026"), "{shown}");

    // Impossible dates and unknown rules: one Dutch sentence, only for the asker.
    let v = termijn("zorgplicht", "31 februari 2026").await;
    assert_eq!(v["data"]["flags"], 64);
    let shown = shown_text(&v);
    assert!(
        shown.contains("„31 februari 2026” bestaat niet: februari 2026 heeft 28 dagen."),
        "{shown}"
    );
    let v = termijn("wachttijd", "2 maart 2026").await;
    assert_eq!(v["data"]["flags"], 64);
    assert!(
        shown_text(&v).contains("Onbekende termijn „wachttijd”; bekende termijnen: zorgplicht"),
        "{v}"
    );
    assert_eq!(s.requests("discord", "answered").await, 2);
    assert_eq!(s.requests("discord", "rejected").await, 2);
    assert_eq!(s.metric("normwijzer_answer_seconds_count").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_buttons_show_the_passage_only_to_whoever_pressed() {
    let s = Server::start(test_secrets()).await;
    let key = discord_key();
    let press = |custom_id: &'static str| {
        let body = discord_interaction(3, json!({ "custom_id": custom_id, "component_type": 2 }));
        let headers = discord_headers(&key, now(), &body);
        let s = &s;
        async move {
            let r = s.discord(&body, headers).await;
            assert_eq!(r.status, StatusCode::OK, "{custom_id}: {}", r.text);
            let v = r.json();
            assert_eq!(v["type"], 4, "a new message, not an update of the answer");
            assert_sendable(custom_id, &v);
            v
        }
    };
    let v = press("nw:bron:anb#zorgplicht-1").await;
    assert_eq!(v["data"]["flags"], 64, "ephemeral");
    let shown = shown_text(&v);
    let passage = support::engine()
        .passage("anb#zorgplicht-1", "2026-11-22".parse().unwrap())
        .expect("index")
        .expect("passage");
    assert_shows_passage(&v, &passage.text);
    assert!(shown.contains("Passage anb#zorgplicht-1"), "{shown}");
    // A stale or foreign button: a Dutch sentence, still only for whoever pressed.
    let v = press("iets-anders").await;
    assert_eq!(v["data"]["flags"], 64);
    assert!(shown_text(&v).contains("Deze knop werkt niet meer"));
    assert_eq!(s.requests("discord", "ok").await, 1);
    assert_eq!(s.requests("discord", "rejected").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_autocomplete_offers_terms_and_rules() {
    let s = Server::start(test_secrets()).await;
    let key = discord_key();
    let complete = |command: &'static str, options: Value| {
        let body = discord_interaction(
            4,
            json!({ "id": "1200000000000000000", "name": command, "type": 1, "options": options }),
        );
        let headers = discord_headers(&key, now(), &body);
        let s = &s;
        async move {
            let r = s.discord(&body, headers).await;
            assert_eq!(r.status, StatusCode::OK, "{command}: {}", r.text);
            let v = r.json();
            assert_eq!(v["type"], 8, "{v}");
            let choices = v["data"]["choices"].as_array().cloned().unwrap_or_default();
            assert!(choices.len() <= 25);
            for c in &choices {
                let n = c["name"].as_str().unwrap_or_default().chars().count();
                assert!((1..=100).contains(&n), "{c}");
            }
            choices
                .iter()
                .filter_map(|c| c["value"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        }
    };
    let terms = complete(
        "begrip",
        json!([{ "name": "term", "type": 3, "value": "za", "focused": true }]),
    )
    .await;
    assert!(terms.iter().any(|t| t == "ZAT"), "{terms:?}");
    let rules = complete(
        "termijn",
        json!([
            { "name": "regel", "type": 3, "value": "tussen", "focused": true },
            { "name": "datum", "type": 3, "value": "" }
        ]),
    )
    .await;
    assert_eq!(rules, ["zorgplicht-tussentijds"]);
    let none = complete(
        "vraag",
        json!([{ "name": "vraag", "type": 3, "value": "wat", "focused": true }]),
    )
    .await;
    assert!(none.is_empty());
    assert_eq!(s.requests("discord", "ok").await, 3);
}

/// The glossary heading a reload renames: `Basiskwaliteit` vanishes, `Kangoeroezorg` appears.
pub(crate) const GLOSSARY_BEFORE: &str = "\nBasiskwaliteit\n\nDe kwaliteit waaraan";
pub(crate) const GLOSSARY_AFTER: &str = "\nKangoeroezorg\n\nDe kwaliteit waaraan";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_autocomplete_follows_a_reload() {
    use normwijzer::serve::reload::{Served, Trigger};
    let project = support::project_copy();
    let home = project.path().to_path_buf();
    let opened = home.clone();
    let engine = tokio::task::spawn_blocking(move || support::open_at(&opened))
        .await
        .expect("open")
        .expect("engine on the copy");
    let served = Served::new(Arc::new(engine));
    let state = AppState::serving(
        served.clone(),
        test_secrets(),
        ServiceOptions::default(),
        None,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let client = reqwest::Client::new();
    let key = discord_key();
    // Each request is a new interaction: the same signed body twice within a second is a
    // replay, which the endpoint refuses (a fast reload makes that happen).
    let sent = std::sync::atomic::AtomicU64::new(0);
    let terms = |typed: &'static str| {
        let n = sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let body = discord_interaction(
            4,
            json!({ "id": format!("12000000000000000{n:02}"), "name": "begrip", "type": 1,
                    "options": [{ "name": "term", "type": 3, "value": typed, "focused": true }] }),
        );
        let headers = discord_headers(&key, now(), &body);
        let (client, url) = (client.clone(), format!("{base}/discord/interactions"));
        async move {
            let mut req = client.post(url).body(body);
            for (k, v) in headers {
                req = req.header(k, v);
            }
            let v: Value = req.send().await.expect("sent").json().await.expect("json");
            assert_eq!(v["type"], 8, "{v}");
            v["data"]["choices"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c["value"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(terms("basiskwal").await, ["Basiskwaliteit"]);
    assert!(terms("kangoeroe").await.is_empty());

    let anb = home.join("corpus/anb.txt");
    let text = std::fs::read_to_string(&anb).expect("read");
    assert!(text.contains(GLOSSARY_BEFORE));
    std::fs::write(&anb, text.replacen(GLOSSARY_BEFORE, GLOSSARY_AFTER, 1)).expect("write");
    let reloaded = tokio::task::spawn_blocking(move || served.reload(Trigger::Admin))
        .await
        .expect("reload")
        .expect("the reload succeeds");
    assert!(reloaded.changed);

    assert_eq!(terms("kangoeroe").await, ["Kangoeroezorg"]);
    assert!(
        terms("basiskwal").await.is_empty(),
        "a removed term is gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_refuses_unsigned_forged_stale_and_replayed_requests() {
    let s = Server::start(test_secrets()).await;
    let key = discord_key();
    let body = discord_command("vraag", Some(("vraag", "wat is een ZAT?")));
    let t = now();
    let good = discord_headers(&key, t, &body);

    let mut flipped_body = body.clone();
    let i = flipped_body.len() - 5;
    flipped_body[i] ^= 0x01;
    let mut flipped_sig = good.clone();
    let mut sig = hex::decode(&flipped_sig[0].1).unwrap();
    sig[10] ^= 0x01;
    flipped_sig[0].1 = hex::encode(sig);
    let wrong_key = discord_headers(&SigningKey::from_bytes(&[9; 32]), t, &body);
    let without_signature: Vec<_> = good[1..].to_vec();
    let without_timestamp: Vec<_> = vec![good[0].clone(), good[2].clone()];
    let five_minutes_old = discord_headers(&key, t - 300, &body);
    let in_the_future = discord_headers(&key, t + 600, &body);
    let mut other_timestamp = good.clone();
    other_timestamp[1].1 = (t - 1).to_string();

    let cases: Vec<(&str, &[u8], Headers)> = vec![
        ("flipped body byte", &flipped_body, good.clone()),
        ("flipped signature", &body, flipped_sig),
        ("wrong key", &body, wrong_key),
        ("missing signature", &body, without_signature),
        ("missing timestamp", &body, without_timestamp),
        ("five minutes old", &body, five_minutes_old),
        ("in the future", &body, in_the_future),
        ("timestamp not signed", &body, other_timestamp),
    ];
    for (what, b, h) in &cases {
        let r = s.discord(b, h.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}: {}", r.text);
        r.assert_refused(StatusCode::UNAUTHORIZED);
    }
    assert_eq!(s.discord(&body, good.clone()).await.status, StatusCode::OK);
    s.discord(&body, good)
        .await
        .assert_refused(StatusCode::UNAUTHORIZED);

    assert_eq!(
        s.requests("discord", "rejected").await,
        cases.len() as u64 + 1
    );
    assert_eq!(s.requests("discord", "answered").await, 1);
    assert_eq!(s.metric("normwijzer_answer_seconds_count").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_ask_returns_the_same_object_as_ask_json() {
    let s = Server::start(Secrets::default()).await;
    let r = s
        .ask(json!({ "question": "wanneer moet een OPP?", "today": "2026-03-02" }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.content_type.starts_with("application/json"));
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"))
        .args(["--in-memory", "--home"])
        .arg(support::home())
        .args([
            "ask",
            "--json",
            "--today",
            "2026-03-02",
            "wanneer moet een OPP?",
        ])
        .output()
        .expect("normwijzer runs");
    assert!(cli.status.success());
    let cli: Value = serde_json::from_slice(&cli.stdout).expect("CLI prints JSON");
    assert_eq!(r.json(), cli);
    assert!(!r.json()["citations"].as_array().unwrap().is_empty());

    // A question outside the documents abstains, and is counted as such.
    let r = s
        .ask(json!({ "question": "hoe laat gaat de kantine open?" }))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["abstained"], true);
    assert_eq!(s.requests("api", "answered").await, 1);
    assert_eq!(s.requests("api", "abstained").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_413_or_400_with_one_dutch_line() {
    let s = Server::start(test_secrets()).await;
    let oversize = {
        let mut v = br#"{"question": ""#.to_vec();
        v.resize(BODY_LIMIT + 1024, b'a');
        v.extend_from_slice(br#""}"#);
        v
    };
    for _ in 0..5 {
        s.post("/api/ask", &[], oversize.clone())
            .await
            .assert_refused(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let signed = teams_authorization(&TEAMS_KEY, &oversize);
    s.teams(&oversize, Some(signed))
        .await
        .assert_refused(StatusCode::PAYLOAD_TOO_LARGE);
    let headers = discord_headers(&discord_key(), now(), &oversize);
    s.discord(&oversize, headers)
        .await
        .assert_refused(StatusCode::PAYLOAD_TOO_LARGE);
    // Exactly at the limit is fine (and then malformed: the body is all "a"s).
    s.post("/api/ask", &[], vec![b'a'; BODY_LIMIT])
        .await
        .assert_refused(StatusCode::BAD_REQUEST);

    let bad: [&[u8]; 10] = [
        b"",
        b"   \n",
        b"{\"question\": ",
        b"question=wat",
        b"\xff\xfe\x00",
        b"[\"wat is een ZAT?\"]",
        b"{}",
        b"{\"question\": 42}",
        b"{\"question\": \"wat is een ZAT?\", \"today\": \"2 maart\"}",
        b"{\"question\": \"wat is een ZAT?\", \"today\": \"2026-02-30\"}",
    ];
    for b in bad {
        let r = s.post("/api/ask", &[], b.to_vec()).await;
        r.assert_refused(StatusCode::BAD_REQUEST);
    }
    // Deeply nested JSON is refused, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    s.post("/api/ask", &[], deep.into_bytes())
        .await
        .assert_refused(StatusCode::BAD_REQUEST);
    assert_eq!(s.requests("api", "rejected").await, 5 + 1 + 10 + 1);
    assert_eq!(s.metric("normwijzer_answer_seconds_count").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chunked_oversize_body_is_413() {
    let s = Server::start(Secrets::default()).await;
    let mut stream = TcpStream::connect(s.addr()).await.expect("connect");
    let mut req = format!(
        "POST /api/ask HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        s.addr()
    )
    .into_bytes();
    let chunk = vec![b'a'; 8192];
    for _ in 0..9 {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(&chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    stream.write_all(&req).await.expect("write");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    assert!(
        response.starts_with("HTTP/1.1 413"),
        "{}",
        response.lines().next().unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_methods_and_disabled_endpoints() {
    let s = Server::start(Secrets::default()).await;
    s.get("/nergens")
        .await
        .assert_refused(StatusCode::NOT_FOUND);
    s.post("/api/ask/../../etc/passwd", &[], Vec::new())
        .await
        .assert_refused(StatusCode::NOT_FOUND);
    // Without their secrets, both webhook endpoints do not exist, signed or not.
    let body = teams_activity("<at>normwijzer</at> wat is een ZAT?");
    s.teams(&body, Some(teams_authorization(&TEAMS_KEY, &body)))
        .await
        .assert_refused(StatusCode::NOT_FOUND);
    let ping = br#"{"type":1}"#;
    s.discord(ping, discord_headers(&discord_key(), now(), ping))
        .await
        .assert_refused(StatusCode::NOT_FOUND);
    s.get("/api/ask")
        .await
        .assert_refused(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(s.requests("other", "rejected").await, 2);
    assert_eq!(s.requests("teams", "rejected").await, 1);
    assert_eq!(s.requests("discord", "rejected").await, 1);
    assert_eq!(s.requests("api", "rejected").await, 1);

    // With its secret, the Teams endpoint exists but only for POST.
    let s = Server::start(test_secrets()).await;
    s.get("/teams")
        .await
        .assert_refused(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_reports_the_index() {
    let s = Server::start(Secrets::default()).await;
    let r = s.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    let engine = support::engine();
    let info = &engine.index().info;
    assert_eq!(v["documents"], info.documents);
    assert_eq!(v["passages"], info.passages);
    assert_eq!(v["fingerprint"], info.fingerprint.as_str());
    assert!(info.documents > 0 && info.passages > info.documents);
    // The bundled corpus opens without problems; the list is there for operators.
    assert_eq!(v["problems"], serde_json::json!(engine.problems()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_every_request_by_channel_and_outcome() {
    let s = Server::start(test_secrets()).await;
    // Two answers, one abstention, three refusals over the API.
    for q in ["wat is een ZAT?", "wanneer moet een OPP?"] {
        assert_eq!(s.ask(json!({ "question": q })).await.status, StatusCode::OK);
    }
    s.ask(json!({ "question": "hoe laat gaat de kantine open?" }))
        .await;
    s.post("/api/ask", &[], Vec::new()).await;
    s.post("/api/ask", &[], b"{".to_vec()).await;
    s.post("/api/ask", &[], vec![b' '; BODY_LIMIT + 1]).await;
    // One Teams answer, one forged Teams request.
    let body = teams_activity("<at>normwijzer</at> wat is een ZAT?");
    s.teams(&body, Some(teams_authorization(&TEAMS_KEY, &body)))
        .await;
    s.teams(&body, Some(teams_authorization(b"fout", &body)))
        .await;
    // A Discord PING and a stale one.
    let ping = br#"{"type":1}"#;
    s.discord(ping, discord_headers(&discord_key(), now(), ping))
        .await;
    s.discord(ping, discord_headers(&discord_key(), now() - 3600, ping))
        .await;
    s.get("/healthz").await;
    s.get("/nergens").await;

    let text = s.get("/metrics").await.text;
    assert!(
        text.contains("# TYPE normwijzer_requests counter"),
        "{text}"
    );
    let count = |channel: &str, outcome: &str| -> u64 {
        let sample =
            format!(r#"normwijzer_requests_total{{channel="{channel}",outcome="{outcome}"}} "#);
        text.lines()
            .find_map(|l| l.strip_prefix(&sample))
            .map_or(0, |v| v.trim().parse().expect("count"))
    };
    assert_eq!(count("api", "answered"), 2);
    assert_eq!(count("api", "abstained"), 1);
    assert_eq!(count("api", "rejected"), 3);
    assert_eq!(count("teams", "answered"), 1);
    assert_eq!(count("teams", "rejected"), 1);
    assert_eq!(count("discord", "ok"), 1);
    assert_eq!(count("discord", "rejected"), 1);
    assert_eq!(count("health", "ok"), 1);
    assert_eq!(count("other", "rejected"), 1);
    // This scrape is counted after it is rendered.
    assert_eq!(count("metrics", "ok"), 0);
    assert!(text.contains("normwijzer_answer_seconds_count 4"), "{text}");
    assert!(
        text.contains(&format!(
            "normwijzer_documents {}",
            support::engine().index().info.documents
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "normwijzer_passages {}",
            support::engine().index().info.passages
        )),
        "{text}"
    );
    // No question text in the metrics.
    for word in ["ZAT", "OPP", "kantine"] {
        assert!(!text.contains(word), "{word} leaked into metrics");
    }
    assert_eq!(s.requests("metrics", "ok").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_requests_are_all_answered() {
    let s = Arc::new(Server::start(Secrets::default()).await);
    let questions = [
        "wat is een ZAT?",
        "wanneer moet een OPP?",
        "wat is basisondersteuning?",
        "wie coördineert het zorgadviesteam?",
    ];
    let mut tasks = Vec::new();
    for i in 0..48 {
        let s = s.clone();
        let q = questions[i % questions.len()];
        tasks.push(tokio::spawn(async move {
            let r = s.ask(json!({ "question": q, "today": "2026-03-02" })).await;
            (q, r.status, r.json())
        }));
    }
    for t in tasks {
        let (q, status, v) = t.await.expect("task");
        assert_eq!(status, StatusCode::OK);
        assert_eq!(v["question"], q);
    }
    let served = s.requests("api", "answered").await + s.requests("api", "abstained").await;
    assert_eq!(served, 48);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_does_not_hold_others_and_times_out() {
    let s = Server::start_with(
        Secrets::default(),
        ServiceOptions {
            request_timeout: Duration::from_secs(1),
            ..ServiceOptions::default()
        },
    )
    .await;
    // One client sends headers and part of the body, then stalls.
    let mut stalled_body = TcpStream::connect(s.addr()).await.expect("connect");
    stalled_body
        .write_all(
            format!(
                "POST /api/ask HTTP/1.1\r\nHost: {}\r\nContent-Length: 100\r\n\r\n{{\"question\":",
                s.addr()
            )
            .as_bytes(),
        )
        .await
        .expect("write");
    // Another sends half a request line and stalls.
    let mut stalled_headers = TcpStream::connect(s.addr()).await.expect("connect");
    stalled_headers
        .write_all(b"POST /api/ask HTTP/1.1\r\nHost: loc")
        .await
        .expect("write");
    // Meanwhile others are served.
    for _ in 0..3 {
        let r = s.ask(json!({ "question": "wat is een ZAT?" })).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    assert_eq!(s.get("/healthz").await.status, StatusCode::OK);
    // The stalled body is cut off with 408, and nothing was answered for it.
    let mut response = Vec::new();
    let _ = stalled_body.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    assert!(
        response.starts_with("HTTP/1.1 408"),
        "{}",
        response.lines().next().unwrap_or_default()
    );
    assert!(response.contains("de aanvraag duurde te lang"));
    assert_eq!(s.requests("api", "rejected").await, 1);
    assert_eq!(s.requests("api", "answered").await, 3);
    drop(stalled_headers);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_questions_get_an_answer_never_a_server_error() {
    let s = Server::start(test_secrets()).await;
    let long = "wanneer moet een OPP ".repeat(1_200);
    let odd = [
        "",
        "   ",
        "?!?",
        "\u{0}\u{1}\u{7f}",
        "🙂🙂🙂 OPP 🙂",
        "مرحبا wat is een ZAT?",
        "wat is een ZAT?\u{202e}",
        "<script>alert(1)</script>",
        "\"; DROP TABLE vragen; --",
        "title:OPP AND body:* OR \\",
        long.as_str(),
    ];
    for q in odd {
        let r = s.ask(json!({ "question": q })).await;
        assert_eq!(r.status, StatusCode::OK, "{q:.40}: {}", r.text);
        assert!(r.json()["answer"].as_str().is_some_and(|a| !a.is_empty()));
        let body = teams_activity(&format!("<at>normwijzer</at> {q}"));
        let r = s
            .teams(&body, Some(teams_authorization(&TEAMS_KEY, &body)))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{q:.40}: {}", r.text);
        assert_eq!(r.json()["type"], "message");
    }
    assert_eq!(s.requests("api", "error").await, 0);
    assert_eq!(s.requests("teams", "error").await, 0);
}

/// A Teams activity of reply chain `conversation`.
fn teams_activity_in(text: &str, conversation: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&teams_activity(text)).expect("activity");
    v["conversation"]["id"] = json!(conversation);
    v.to_string().into_bytes()
}

/// Follow-ups in Teams: a question in the same reply chain without a subject of its own
/// continues the earlier one and says so; the same words in another chain stand alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_follow_up_in_a_reply_chain_continues_the_earlier_question() {
    let s = Server::start(test_secrets()).await;
    let chain = "19:abc@thread.skype;messageid=1700000000001";
    let text = |body: Vec<u8>| {
        let s = &s;
        async move {
            let r = s
                .teams(&body, Some(teams_authorization(&TEAMS_KEY, &body)))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.json()["text"].as_str().unwrap_or_default().to_string()
        }
    };
    let first = text(teams_activity_in("wanneer moet een OPP?", chain)).await;
    assert!(!first.contains("Vervolg op"), "{first}");
    let follow = text(teams_activity_in("en bij niveau 3?", chain)).await;
    assert!(
        follow.contains("Vervolg op je vorige vraag „wanneer moet een OPP?”"),
        "{follow}"
    );
    assert!(follow.contains("niveau 3"), "{follow}");
    let elsewhere = text(teams_activity_in(
        "en bij niveau 3?",
        "19:abc@thread.skype;messageid=1700000000002",
    ))
    .await;
    assert!(!elsewhere.contains("Vervolg op"), "{elsewhere}");
}

/// Follow-ups through Discord's interactions endpoint: per person and channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_vraag_follow_up_continues_the_same_persons_question() {
    let s = Server::start(test_secrets()).await;
    let ask = |question: &str, user: &str| {
        let mut v: Value =
            serde_json::from_slice(&discord_command("vraag", Some(("vraag", question))))
                .expect("interaction");
        v["member"]["user"]["id"] = json!(user);
        let body = v.to_string().into_bytes();
        let s = &s;
        async move {
            let r = s
                .discord(&body, discord_headers(&discord_key(), now(), &body))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            shown_text(&r.json())
        }
    };
    ask("wanneer moet een OPP?", "800000000000000000").await;
    let follow = ask("en bij niveau 3?", "800000000000000000").await;
    assert!(follow.contains("Vervolg op je vorige vraag"), "{follow}");
    let other = ask("en bij niveau 3?", "800000000000000009").await;
    assert!(!other.contains("Vervolg op"), "{other}");
}

/// The JSON API keeps no conversation: the client sends its earlier questions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_ask_reads_a_follow_up_with_the_previous_questions_sent() {
    let s = Server::start(Secrets::default()).await;
    let r = s
        .ask(json!({ "question": "en bij niveau 3?", "previous": ["wanneer moet een OPP?"] }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["continued"], "wanneer moet een OPP?");
    assert!(
        v["answer"]
            .as_str()
            .unwrap_or_default()
            .contains("Vervolg op je vorige vraag „wanneer moet een OPP?”")
    );
    let alone = s
        .ask(json!({ "question": "en bij niveau 3?" }))
        .await
        .json();
    assert!(alone.get("continued").is_none(), "{alone}");
    let bad = s
        .ask(json!({ "question": "x", "previous": "wat is een OPP?" }))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text.contains("previous"), "{}", bad.text);
}
