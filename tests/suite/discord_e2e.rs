//! The real serenity/poise client against a local Discord stand-in: REST calls go to the
//! stand-in through `HttpBuilder::proxy`, the gateway URL it hands out points at its own
//! websocket. The tests dispatch gateway events and assert on the REST calls the bot makes.
//!
//! Each test starts its own stand-in and bot ([`Session::start`]), so a test shows in its name
//! what it checks and fails alone.

use crate::support;

use std::time::Duration;

use normwijzer::engine::AskOptions;
use normwijzer::serve::discord::{
    self, BotOptions, DiscordError, ReadyInfo, Registration, RunningBot, Token,
};
use serde_json::Value;
use support::discord::{
    assert_answer_embed, assert_sendable, assert_shows_passage, cited_ids, shown_text,
};
use support::discord_limits::limit_violations;
use support::discord_standin::*;

async fn start_bot(standin: &StandIn, configure: impl FnOnce(&mut BotOptions)) -> RunningBot {
    let mut opts = BotOptions::new(Token::new(TOKEN).expect("token"));
    opts.api_base = Some(standin.api_base.clone());
    configure(&mut opts);
    let engine = tokio::task::spawn_blocking(support::shared_engine)
        .await
        .expect("engine");
    discord::start(engine, opts).await.expect("bot starts")
}

fn callback_path(id: &str, token: &str) -> String {
    format!("/api/v10/interactions/{id}/{token}/callback")
}

/// A stand-in with the bot connected to it and its commands registered on the test server.
struct Session {
    standin: StandIn,
    bot: RunningBot,
    info: ReadyInfo,
}

impl Session {
    async fn start() -> Session {
        let standin = StandIn::start().await;
        let mut bot = start_bot(&standin, |o| o.guild = Some(GUILD_ID)).await;
        let info = tokio::time::timeout(PATIENCE, bot.ready())
            .await
            .expect("ready in time")
            .expect("ready");
        Session { standin, bot, info }
    }

    /// Waits until the commands are registered on the test server; returns that call.
    async fn registration(&self) -> Call {
        self.standin
            .wait_for_call("PUT", |p| {
                p == format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
            })
            .await
    }

    /// Dispatches an INTERACTION_CREATE and waits for the bot's callback to it.
    async fn interact(&self, interaction: Value) -> Call {
        let path = callback_path(
            interaction["id"].as_str().unwrap_or_default(),
            interaction["token"].as_str().unwrap_or_default(),
        );
        self.registration().await;
        self.standin.dispatch("INTERACTION_CREATE", interaction);
        self.standin.wait_for_call("POST", |p| p == path).await
    }

    /// Runs slash command `name` with string options; returns the callback.
    async fn command(&self, id: &str, name: &str, opts: &[(&str, &str)]) -> Call {
        self.interact(command(id, &format!("tok-{id}"), name, opts))
            .await
    }

    /// Dispatches a MESSAGE_CREATE and waits for the first POST whose path satisfies `path`.
    async fn message(&self, message: Value, path: impl Fn(&str) -> bool) -> Call {
        self.registration().await;
        self.standin.dispatch("MESSAGE_CREATE", message);
        self.standin.wait_for_call("POST", path).await
    }

    /// Checks that every message and callback the bot sent kept to Discord's limits, then
    /// shuts the bot down and waits until it closed the gateway.
    async fn stop(self) {
        for c in self.standin.calls() {
            if (c.method == "POST" && c.path.ends_with("/messages"))
                || c.path.ends_with("/callback")
            {
                let problems = limit_violations(&c.body);
                assert!(problems.is_empty(), "{}: {problems:?}", c.path);
            }
        }
        self.bot.shutdown().await;
        self.standin
            .wait_until("gateway close", |s| s.gateway_closed().then_some(()))
            .await;
    }
}

/// The choices of an autocomplete callback (type 8).
fn choices(cb: &Call) -> Vec<Value> {
    assert_eq!(cb.body["type"], 8);
    cb.body["data"]["choices"]
        .as_array()
        .cloned()
        .expect("choices")
}

/// Whether a reply is visible to everyone (no ephemeral flag).
fn for_everyone(cb: &Call) -> bool {
    cb.body["data"]["flags"].is_null() || cb.body["data"]["flags"] == 0
}

#[test]
fn stand_in_payloads_are_what_serenity_accepts() {
    use serenity::all::{CurrentUser, GuildChannel, Interaction, Message, Ready};
    let ok = |what: &str, r: Result<(), serde_json::Error>| {
        if let Err(e) = r {
            panic!("{what}: {e}");
        }
    };
    ok(
        "ready",
        serde_json::from_value::<Ready>(ready("ws://x")).map(drop),
    );
    ok(
        "user",
        serde_json::from_value::<CurrentUser>(bot_user()).map(drop),
    );
    ok(
        "guild message",
        serde_json::from_value::<Message>(guild_message("1", CHANNEL_ID, "<@2> x", true)).map(drop),
    );
    ok(
        "dm",
        serde_json::from_value::<Message>(dm_message("1", "x")).map(drop),
    );
    for (what, i) in [
        ("command", command("1", "t", "vraag", &[("vraag", "x")])),
        (
            "autocomplete",
            autocomplete("1", "t", "begrip", &[("term", "z")], "term"),
        ),
        ("button", button("1", "t", "nw:bron:anb#zorgplicht-1")),
    ] {
        ok(what, serde_json::from_value::<Interaction>(i).map(drop));
    }
    let thread = serde_json::json!({
        "id": "5", "type": 11, "guild_id": "3", "parent_id": "4", "owner_id": "2",
        "name": "Vraag", "rate_limit_per_user": 0, "message_count": 0, "member_count": 1,
        "thread_metadata": {"archived": false, "auto_archive_duration": 1440,
            "archive_timestamp": "2026-03-02T10:00:00.000000+00:00", "locked": false},
        "flags": 0
    });
    ok(
        "thread",
        serde_json::from_value::<GuildChannel>(thread).map(drop),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_identifies_without_privileged_intents_and_registers_its_commands() {
    let s = Session::start().await;
    assert_eq!(s.info.registration, Registration::Guild(GUILD_ID));
    assert_eq!(s.info.registration_error, None);
    assert_eq!(s.info.bot_name, "normwijzer");

    // The token was checked and every REST call carried it; the gateway URL came from the API.
    let calls = s.standin.calls();
    assert_eq!(calls[0].path, "/api/v10/users/@me");
    assert!(calls.iter().any(|c| c.path == "/api/v10/gateway"));
    assert!(
        calls
            .iter()
            .all(|c| c.authorization.as_deref() == Some(&format!("Bot {TOKEN}")))
    );
    assert!(
        calls
            .iter()
            .all(|c| c.method == "GET" || c.path.ends_with("/commands")),
        "nothing but set-up before any event: {calls:?}"
    );

    // IDENTIFY asked for guild messages and DMs only: nothing privileged.
    let identify = s.standin.identify().expect("identified");
    let intents = identify["d"]["intents"].as_u64().expect("intents");
    assert_eq!(
        intents,
        (1 << 9) | (1 << 12),
        "GUILD_MESSAGES | DIRECT_MESSAGES"
    );
    for privileged in [1 << 1, 1 << 8, 1 << 15] {
        assert_eq!(intents & privileged, 0);
    }

    // Command registration on the server, with the expected commands and options.
    let reg = s.registration().await;
    let commands = reg.body.as_array().expect("command list");
    let names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(
        names,
        ["vraag", "termijn", "begrip", "bron", "bronnen", "help"]
    );
    let options = |name: &str| -> Vec<Value> {
        commands
            .iter()
            .find(|c| c["name"] == name)
            .and_then(|c| c["options"].as_array().cloned())
            .unwrap_or_default()
    };
    let option_names = |name: &str| -> Vec<String> {
        options(name)
            .iter()
            .map(|o| o["name"].to_string())
            .collect()
    };
    assert_eq!(option_names("vraag"), ["\"vraag\""]);
    assert_eq!(option_names("termijn"), ["\"regel\"", "\"datum\""]);
    assert_eq!(option_names("bron"), ["\"id\""]);
    assert!(option_names("bronnen").is_empty());
    assert_eq!(options("begrip")[0]["autocomplete"], true);
    assert_eq!(
        options("termijn")[0]["autocomplete"],
        true,
        "regel offers the configured rules"
    );
    for c in commands {
        let d = c["description"].as_str().unwrap_or_default();
        assert!(!d.is_empty() && d.chars().count() <= 100, "{d}");
        assert!(
            c["type"].is_null() || c["type"] == 1,
            "a slash command (type 1 is the default)"
        );
    }
    s.stop().await;
}

/// /vraag vraag:"wanneer moet een OPP?" → one interaction callback with the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vraag_answers_with_the_checks_first_then_the_citations_and_their_buttons() {
    let s = Session::start().await;
    let cb = s
        .command(
            "1400000000000000001",
            "vraag",
            &[("vraag", "wanneer moet een OPP?")],
        )
        .await;
    assert_eq!(cb.body["type"], 4, "answered directly, no deferral needed");
    assert_sendable("/vraag callback", &cb.body);
    let embed = &cb.body["data"]["embeds"][0];
    let expected = support::engine()
        .ask("wanneer moet een OPP?", &AskOptions::today())
        .expect("answer");
    assert!(!expected.citations.is_empty());
    // One field per check (the OPP decision here), then one per citation.
    let checks = normwijzer::channel::summary::summaries(&expected.checks).len();
    assert!(checks > 0, "the OPP decision is a check");
    assert_eq!(
        embed["fields"][0]["name"], "✔ OPP",
        "checks come first, readable: {}",
        embed["fields"]
    );
    let cited = assert_answer_embed(embed, &expected);
    for (f, c) in cited.iter().zip(&expected.citations) {
        let value = f["value"].as_str().unwrap_or_default();
        assert!(
            value.contains(&format!("`{}`", c.status)),
            "status badge: {value}"
        );
        assert!(value.ends_with("Almere"), "region badge: {value}");
    }
    assert_eq!(
        cited_ids(&cb.body),
        expected
            .citations
            .iter()
            .map(|c| c.passage.clone())
            .collect::<Vec<_>>(),
        "one 'Toon hele passage' button per citation"
    );
    let description = embed["description"].as_str().unwrap_or_default();
    assert!(description.contains("OPP"), "{description}");
    assert!(
        cb.body["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("wanneer moet een OPP?"))
    );
    assert!(for_everyone(&cb));
    s.stop().await;
}

/// "Toon hele passage" → the full passage, only for whoever pressed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passage_button_shows_the_whole_passage_only_to_whoever_pressed() {
    let s = Session::start().await;
    let expected = support::engine()
        .ask("wanneer moet een OPP?", &AskOptions::today())
        .expect("answer");
    let first = expected.citations[0].passage.clone();
    let cb = s
        .interact(button(
            "1400000000000000002",
            "tok-knop",
            &format!("nw:bron:{first}"),
        ))
        .await;
    assert_eq!(cb.body["type"], 4);
    assert_eq!(cb.body["data"]["flags"], 64, "ephemeral");
    assert_sendable("button callback", &cb.body);
    assert_shows_passage(&cb.body, &expected.citations[0].text);
    assert!(shown_text(&cb.body).contains(&first));
    s.stop().await;
}

/// A question that mentions the bot, with @everyone and markdown in it: answered in a thread
/// on the message, nobody pinged, the echo escaped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_is_answered_in_a_thread_without_pinging_anyone() {
    let s = Session::start().await;
    let asked = "<@1100000000000000002> @everyone wanneer moet een **OPP**? <@&42>";
    let thread = s
        .message(
            guild_message("1400000000000000003", CHANNEL_ID, asked, true),
            |p| p == format!("/api/v10/channels/{CHANNEL_ID}/messages/1400000000000000003/threads"),
        )
        .await;
    let thread_name = thread.body["name"].as_str().unwrap_or_default();
    assert_eq!(thread_name, "Vraag: wanneer moet een **OPP**?");
    let reply = s
        .standin
        .wait_for_call("POST", |p| {
            p.starts_with("/api/v10/channels/")
                && p.ends_with("/messages")
                && !p.contains(&CHANNEL_ID.to_string())
        })
        .await;
    assert_sendable("mention reply", &reply.body);
    let shown = shown_text(&reply.body);
    assert!(!shown.contains("@everyone"), "{shown}");
    assert!(
        !shown.contains("<@&42>") && !shown.contains("**OPP**"),
        "{shown}"
    );
    assert!(
        shown.contains("@\u{200B}everyone"),
        "the echo keeps the text: {shown}"
    );
    assert!(
        !reply.body["embeds"][0]["fields"]
            .as_array()
            .unwrap_or(&Vec::new())
            .is_empty(),
        "the cleaned question found citations"
    );
    assert!(
        !cited_ids(&reply.body).is_empty(),
        "passage buttons on the reply"
    );
    s.stop().await;
}

/// Where no thread can be made, the answer goes to the channel as a reply to the question.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn where_no_thread_can_be_made_the_answer_replies_in_the_channel() {
    let s = Session::start().await;
    let reply = s
        .message(
            guild_message(
                "1400000000000000004",
                NO_THREADS_CHANNEL_ID,
                "<@!1100000000000000002> wat is een ZAT?",
                true,
            ),
            |p| p == format!("/api/v10/channels/{NO_THREADS_CHANNEL_ID}/messages"),
        )
        .await;
    assert_sendable("channel reply", &reply.body);
    assert_eq!(
        reply.body["message_reference"]["message_id"],
        "1400000000000000004"
    );
    assert!(shown_text(&reply.body).contains("Zorgadviesteam"));
    s.stop().await;
}

/// A DM is a question too, answered in the DM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dm_is_answered_in_the_dm() {
    let s = Session::start().await;
    let reply = s
        .message(dm_message("1400000000000000005", "wat is een ZAT?"), |p| {
            p == format!("/api/v10/channels/{DM_CHANNEL_ID}/messages")
        })
        .await;
    assert_sendable("DM reply", &reply.body);
    assert!(shown_text(&reply.body).contains("Zorgadviesteam"));
    s.stop().await;
}

/// A bare mention gets a hint as a reply in the channel, without a thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_mention_gets_a_hint_in_the_channel_without_a_thread() {
    let s = Session::start().await;
    let reply = s
        .message(
            guild_message(
                "1400000000000000012",
                CHANNEL_ID,
                &format!("<@{BOT_ID}>"),
                true,
            ),
            |p| p == format!("/api/v10/channels/{CHANNEL_ID}/messages"),
        )
        .await;
    assert_sendable("hint", &reply.body);
    assert!(shown_text(&reply.body).contains("Stel je vraag in hetzelfde bericht"));
    assert_eq!(
        reply.body["message_reference"]["message_id"],
        "1400000000000000012"
    );
    assert!(
        !s.standin
            .calls()
            .iter()
            .any(|c| c.path.contains("1400000000000000012/threads"))
    );
    s.stop().await;
}

/// A channel message without a mention is none of the bot's business.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_message_without_a_mention_is_left_alone() {
    let s = Session::start().await;
    s.registration().await;
    s.standin.dispatch(
        "MESSAGE_CREATE",
        guild_message("1400000000000000006", CHANNEL_ID, "wat is een ZAT?", false),
    );
    // Events are handled concurrently, so this only shows that nothing had happened for the
    // unmentioned message by the time later events were answered (its handler returns at
    // once, without touching the engine).
    s.message(dm_message("1400000000000000005", "wat is een ZAT?"), |p| {
        p == format!("/api/v10/channels/{DM_CHANNEL_ID}/messages")
    })
    .await;
    s.command("1400000000000000011", "help", &[]).await;
    let calls_for_unmentioned = s
        .standin
        .calls()
        .iter()
        .filter(|c| c.path.contains("1400000000000000006"))
        .count();
    assert_eq!(calls_for_unmentioned, 0);
    let calls_in_the_channel = s
        .standin
        .calls()
        .iter()
        .filter(|c| c.path.contains(&format!("/channels/{CHANNEL_ID}/")))
        .count();
    assert_eq!(calls_in_the_channel, 0, "no reply and no thread");
    s.stop().await;
}

/// /begrip offers glossary terms and abbreviations; regel of /termijn the rules from
/// config/termijnen.toml.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_offers_glossary_terms_and_configured_rules() {
    let s = Session::start().await;
    let cb = s
        .interact(autocomplete(
            "1400000000000000007",
            "tok-ac",
            "begrip",
            &[("term", "za")],
            "term",
        ))
        .await;
    let offered = choices(&cb);
    assert!(!offered.is_empty() && offered.len() <= 25);
    assert!(offered.iter().any(|c| c["value"] == "ZAT"), "{offered:?}");
    for c in &offered {
        assert!(
            c["name"]
                .as_str()
                .is_some_and(|n| (1..=100).contains(&n.chars().count()))
        );
    }

    let cb = s
        .interact(autocomplete(
            "1400000000000000017",
            "tok-ac-regel",
            "termijn",
            &[("regel", "zorg"), ("datum", "")],
            "regel",
        ))
        .await;
    let values: Vec<String> = choices(&cb)
        .iter()
        .filter_map(|c| c["value"].as_str().map(str::to_string))
        .collect();
    assert_eq!(values, ["zorgplicht", "zorgplicht-tussentijds"]);
    s.stop().await;
}

/// /bron with an unknown id: a Dutch sentence with similar ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bron_with_an_unknown_id_offers_similar_ids() {
    let s = Session::start().await;
    let cb = s
        .command(
            "1400000000000000008",
            "bron",
            &[("id", "anb#zorgplicht-99")],
        )
        .await;
    assert_sendable("/bron callback", &cb.body);
    let shown = shown_text(&cb.body);
    assert!(shown.contains("bestaat niet"), "{shown}");
    assert!(!cited_ids(&cb.body).is_empty(), "similar ids as buttons");
    s.stop().await;
}

/// /bronnen lists the documents with status and region; other regions are marked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bronnen_lists_every_document_with_status_and_region() {
    let s = Session::start().await;
    let cb = s.command("1400000000000000009", "bronnen", &[]).await;
    assert_sendable("/bronnen callback", &cb.body);
    let fields = cb.body["data"]["embeds"][0]["fields"]
        .as_array()
        .expect("fields");
    assert_eq!(fields.len(), support::engine().documents().len());
    let shown = shown_text(&cb.body);
    assert!(shown.contains("ander samenwerkingsverband"), "{shown}");
    assert!(shown.contains("Staat in:"), "validity passages: {shown}");
    s.stop().await;
}

/// /termijn regel:zorgplicht datum:2026-04-13: the calculator's deadline, moved past Whit
/// Monday, with the rule's passage cited, for everyone in the channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn termijn_gives_the_moved_deadline_with_the_rule_cited_for_everyone() {
    let s = Session::start().await;
    let cb = s
        .command(
            "1400000000000000013",
            "termijn",
            &[("regel", "zorgplicht"), ("datum", "2026-04-13")],
        )
        .await;
    assert_sendable("/termijn callback", &cb.body);
    assert_eq!(cb.body["type"], 4);
    assert!(for_everyone(&cb));
    let shown = shown_text(&cb.body);
    for want in [
        "dinsdag 26 mei 2026",
        "Tweede Pinksterdag",
        "maandag 22 juni 2026",
        "anb#zorgplicht-1",
        "binnen zes weken, met een uitloop tot maximaal tien weken",
    ] {
        assert!(shown.contains(want), "{want} in {shown}");
    }
    let embed = &cb.body["data"]["embeds"][0];
    let fields = embed["fields"].as_array().expect("fields");
    assert_eq!(fields[0]["name"], "✔ Termijn zorgplicht");
    let term = fields[0]["value"].as_str().unwrap_or_default();
    assert!(
        term.starts_with(
            "Uiterlijk dinsdag 26 mei 2026 · met uitloop uiterlijk maandag 22 juni 2026"
        ),
        "{term}"
    );
    assert!(
        term.contains("Doorgeschoven: 25 mei 2026 is Tweede Pinksterdag → dinsdag 26 mei 2026"),
        "{term}"
    );
    assert!(
        fields[1]["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("[1] Almeerse Norm Basisondersteuning")),
        "the rule's passage as citation: {fields:?}"
    );
    assert!(
        fields[1]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("`geldig`")
    );
    assert_eq!(cited_ids(&cb.body), ["anb#zorgplicht-1"]);
    assert!(
        cb.body["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("zorgplicht · 13 april 2026")),
        "{}",
        cb.body["data"]["content"]
    );
    s.stop().await;
}

/// A date it cannot read, a date that does not exist and a rule that does not: one Dutch
/// sentence each, for the asker only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn termijn_input_it_cannot_use_gets_one_dutch_sentence_for_the_asker() {
    let s = Session::start().await;
    for (id, regel, datum, want) in [
        (
            "1400000000000000010",
            "zorgplicht",
            "@everyone morgen",
            "herken ik niet als datum",
        ),
        (
            "1400000000000000014",
            "zorgplicht",
            "31 februari 2026",
            "„31 februari 2026” bestaat niet: februari 2026 heeft 28 dagen.",
        ),
        (
            "1400000000000000015",
            "zorgplciht",
            "2 maart 2026",
            "Onbekende termijn „zorgplciht”; bekende termijnen: zorgplicht, zorgplicht-tussentijds.",
        ),
    ] {
        let cb = s
            .command(id, "termijn", &[("regel", regel), ("datum", datum)])
            .await;
        assert_sendable("/termijn error", &cb.body);
        assert_eq!(cb.body["data"]["flags"], 64, "{datum}");
        let shown = shown_text(&cb.body);
        assert!(shown.contains(want), "{want} in {shown}");
        assert!(!shown.contains("@everyone"));
        assert!(cited_ids(&cb.body).is_empty());
    }
    s.stop().await;
}

/// "vandaag" is read as today, and the reply says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn termijn_reads_vandaag_as_today_and_says_so() {
    let s = Session::start().await;
    let cb = s
        .command(
            "1400000000000000016",
            "termijn",
            &[("regel", "zorgplicht-tussentijds"), ("datum", "vandaag")],
        )
        .await;
    assert_sendable("/termijn vandaag", &cb.body);
    let shown = shown_text(&cb.body);
    assert!(shown.contains("Aanname: „vandaag” gelezen als"), "{shown}");
    assert_eq!(cited_ids(&cb.body), ["anb#zorgplicht-2"]);
    s.stop().await;
}

/// /help, only for the asker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_is_shown_only_to_the_asker() {
    let s = Session::start().await;
    let cb = s.command("1400000000000000011", "help", &[]).await;
    assert_sendable("/help callback", &cb.body);
    assert_eq!(cb.body["data"]["flags"], 64);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_answers_are_acknowledged_first_and_commands_go_global() {
    let standin = StandIn::start().await;
    // defer_after zero: acknowledge every interaction before answering.
    let mut bot = start_bot(&standin, |o| o.defer_after = Duration::ZERO).await;
    let info = tokio::time::timeout(PATIENCE, bot.ready())
        .await
        .expect("ready in time")
        .expect("ready");
    assert_eq!(info.registration, Registration::Global);
    standin
        .wait_for_call("PUT", |p| {
            p == format!("/api/v10/applications/{APP_ID}/commands")
        })
        .await;

    standin.dispatch(
        "INTERACTION_CREATE",
        command(
            "1500000000000000001",
            "tok-traag",
            "vraag",
            &[("vraag", "wat is een ZAT?")],
        ),
    );
    let ack = standin
        .wait_for_call("POST", |p| {
            p == callback_path("1500000000000000001", "tok-traag")
        })
        .await;
    assert_eq!(ack.body["type"], 5, "deferred");
    let edit = standin
        .wait_for_call("PATCH", |p| {
            p == format!("/api/v10/webhooks/{APP_ID}/tok-traag/messages/@original")
        })
        .await;
    assert_sendable("deferred edit", &edit.body);
    assert!(shown_text(&edit.body).contains("Zorgadviesteam"));
    assert!(!cited_ids(&edit.body).is_empty());
    bot.shutdown().await;
}

#[tokio::test]
async fn a_rejected_token_is_one_dutch_sentence() {
    let standin = StandIn::start().await;
    let mut opts = BotOptions::new(Token::new(BAD_TOKEN).expect("token"));
    opts.api_base = Some(standin.api_base.clone());
    let engine = tokio::task::spawn_blocking(support::shared_engine)
        .await
        .expect("engine");
    let err = match discord::start(engine, opts).await {
        Ok(_) => panic!("a rejected token must stop the start"),
        Err(e) => e,
    };
    assert!(matches!(err, DiscordError::Unauthorized), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("token") && !msg.contains(BAD_TOKEN), "{msg}");
    assert!(
        standin.identify().is_none(),
        "no gateway connection attempted"
    );
}

/// `normwijzer serve discord` as a process: it connects through `--api-base`, answers, stops
/// cleanly on SIGTERM, and even at trace level logs neither the token nor the question nor who
/// asked.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_serves_until_sigterm_and_logs_nothing_personal() {
    let standin = StandIn::start().await;
    let secret_question = "wat is een ZAT geheimvraag?";
    use std::io::Read as _;
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"))
        .args(["--in-memory", "serve", "discord", "--guild"])
        .arg(GUILD_ID.to_string())
        .arg("--api-base")
        .arg(&standin.api_base)
        .env("NORMWIJZER_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("DISCORD_TOKEN", TOKEN)
        .env("NORMWIJZER_LOG", "trace")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("normwijzer starts");
    let pid = child.id();
    // Drain the pipes while it runs: trace output would otherwise fill them and block it.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let mut child = child;
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    standin
        .wait_for_call("PUT", |p| {
            p.ends_with(&format!("/guilds/{GUILD_ID}/commands"))
        })
        .await;

    standin.dispatch(
        "MESSAGE_CREATE",
        guild_message(
            "1600000000000000001",
            CHANNEL_ID,
            &format!("<@{BOT_ID}> {secret_question}"),
            true,
        ),
    );
    let reply = standin
        .wait_for_call("POST", |p| {
            p.starts_with("/api/v10/channels/")
                && p.ends_with("/messages")
                && !p.contains("/messages/")
        })
        .await;
    assert!(shown_text(&reply.body).contains("Zorgadviesteam"));

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let waited =
        tokio::time::timeout(PATIENCE, tokio::task::spawn_blocking(move || child.wait())).await;
    let Ok(status) = waited else {
        // Do not leave it running when the test fails.
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
        panic!("normwijzer did not exit after SIGTERM");
    };
    let status = status.expect("join").expect("status");
    let stderr = stderr.join().expect("stderr");
    let stdout = stdout.join().expect("stdout");
    assert!(status.success(), "exit {status:?}: {stderr}");
    assert!(
        stderr.contains("verbonden met Discord als normwijzer"),
        "{stderr}"
    );
    standin
        .wait_until("gateway close", |s| s.gateway_closed().then_some(()))
        .await;
    let logs = format!("{stderr}{stdout}");
    for secret in [
        TOKEN,
        "geheimvraag",
        "juf.anna",
        "Juf Anna",
        &USER_ID.to_string(),
    ] {
        assert!(!logs.contains(secret), "{secret:?} in the logs");
    }
}

/// Follow-ups in the gateway bot: the bot answers a mention in a thread of its own; a
/// follow-up mentioning it in that thread continues the question and is answered in place.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_in_the_answers_thread_continues_the_question() {
    let s = Session::start().await;
    let first = s
        .message(
            guild_message(
                "1400000000000000021",
                CHANNEL_ID,
                "<@1100000000000000002> wanneer moet een OPP?",
                true,
            ),
            |p| {
                p.starts_with("/api/v10/channels/")
                    && p.ends_with("/messages")
                    && !p.contains(&CHANNEL_ID.to_string())
            },
        )
        .await;
    assert!(!shown_text(&first.body).contains("Vervolg op"));
    let thread_id: u64 = first
        .path
        .trim_start_matches("/api/v10/channels/")
        .trim_end_matches("/messages")
        .parse()
        .expect("thread id");
    s.standin.dispatch(
        "MESSAGE_CREATE",
        guild_message(
            "1400000000000000022",
            thread_id,
            "<@1100000000000000002> en bij niveau 3?",
            true,
        ),
    );
    let in_thread = first.path.clone();
    let follow = s
        .standin
        .wait_until("the follow-up's reply in the thread", |st| {
            st.calls()
                .into_iter()
                .filter(|c| c.method == "POST" && c.path == in_thread)
                .nth(1)
        })
        .await;
    let shown = shown_text(&follow.body);
    assert!(
        shown.contains("Vervolg op je vorige vraag „wanneer moet een OPP?”"),
        "{shown}"
    );
    assert!(
        !s.standin
            .calls()
            .iter()
            .any(|c| c.path.contains("1400000000000000022/threads")),
        "no thread inside the thread"
    );
    s.stop().await;
}

/// 👍/👎 under an answer of the gateway bot: the press is recorded with the answer's passages
/// and thanked only to whoever pressed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vote_buttons_record_feedback_and_thank_only_the_presser() {
    use normwijzer::feedback::{Channel, Feedback, Store, Vote};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("normwijzer.sqlite");
    let fb = Feedback::start_at(path.clone(), false, 90);
    let standin = StandIn::start().await;
    let mut bot = start_bot(&standin, |o| {
        o.guild = Some(GUILD_ID);
        o.feedback = fb.clone();
    })
    .await;
    let info = tokio::time::timeout(PATIENCE, bot.ready())
        .await
        .expect("ready in time")
        .expect("ready");
    let s = Session { standin, bot, info };
    let cb = s
        .command(
            "1400000000000000091",
            "vraag",
            &[("vraag", "wanneer moet een OPP?")],
        )
        .await;
    assert_sendable("/vraag with feedback", &cb.body);
    let ids = support::discord::custom_ids(&cb.body);
    let down = ids
        .iter()
        .find(|i| i.starts_with("nw:fb:down:"))
        .unwrap_or_else(|| panic!("👎 in {ids:?}"))
        .clone();
    assert!(ids.iter().any(|i| i.starts_with("nw:fb:up:")));
    let press = s
        .interact(button("1400000000000000092", "tok-stem", &down))
        .await;
    assert_eq!(press.body["data"]["flags"], 64, "ephemeral");
    assert!(shown_text(&press.body).contains("Bedankt voor je reactie."));
    let flushed = tokio::task::spawn_blocking({
        let fb = fb.clone();
        move || fb.flush(Duration::from_secs(10))
    })
    .await
    .expect("flush");
    assert!(flushed);
    let store = Store::open_read(&path).expect("readable").expect("exists");
    let answers = store.answers_since(0).expect("answers");
    let votes = store.feedback_since(0).expect("votes");
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].channel, Channel::Discord);
    assert_eq!(votes.len(), 1);
    assert_eq!(
        (votes[0].channel, votes[0].vote),
        (Channel::Discord, Vote::Down)
    );
    assert_eq!(votes[0].passages, answers[0].passages);
    s.stop().await;
}

/// The terms `/begrip` offers for `typed`, asked through the stand-in as interaction `n`.
async fn begrip_choices(standin: &StandIn, n: u64, typed: &str) -> Vec<String> {
    let id = format!("{}", 1_450_000_000_000_000_000u64 + n);
    let token = format!("tok-herlaad-{n}");
    standin.dispatch(
        "INTERACTION_CREATE",
        autocomplete(&id, &token, "begrip", &[("term", typed)], "term"),
    );
    let path = callback_path(&id, &token);
    let cb = standin.wait_for_call("POST", |p| p == path).await;
    choices(&cb)
        .iter()
        .filter_map(|c| c["value"].as_str().map(str::to_string))
        .collect()
}

/// `normwijzer serve discord` as a process against the stand-in, file watching off: after an
/// edit of the glossary and SIGHUP, autocomplete offers the new term and no longer the old.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_serve_discord_and_its_autocomplete() {
    let standin = StandIn::start().await;
    let project = support::project_copy();
    let home = project.path();
    let guild = GUILD_ID.to_string();
    let mut service = support::process::Service::start(
        home,
        &[
            "serve",
            "discord",
            "--guild",
            &guild,
            "--api-base",
            &standin.api_base,
        ],
        &[("DISCORD_TOKEN", TOKEN)],
    );
    standin
        .wait_for_call("PUT", |p| {
            p == format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
        })
        .await;
    assert!(service.running(), "{}", service.log());
    assert_eq!(
        begrip_choices(&standin, 1, "basiskwal").await,
        ["Basiskwaliteit"]
    );
    assert!(begrip_choices(&standin, 2, "kangoeroe").await.is_empty());

    let anb = home.join("corpus/anb.txt");
    let text = std::fs::read_to_string(&anb).unwrap();
    std::fs::write(
        &anb,
        text.replacen(
            crate::http_service::GLOSSARY_BEFORE,
            crate::http_service::GLOSSARY_AFTER,
            1,
        ),
    )
    .unwrap();
    service.signal("HUP");
    let until = std::time::Instant::now() + PATIENCE;
    while !service.log().contains("corpus en configuratie herladen") {
        assert!(service.running(), "{}", service.log());
        assert!(
            std::time::Instant::now() < until,
            "no reload:\n{}",
            service.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        begrip_choices(&standin, 3, "kangoeroe").await,
        ["Kangoeroezorg"]
    );
    assert!(
        begrip_choices(&standin, 4, "basiskwal").await.is_empty(),
        "a removed term is gone"
    );
    assert!(service.log().contains("signal"), "{}", service.log());
}
