//! `normwijzer wijzigingen` on a fixture pair (an old and an edited version of the SEL
//! themakaart: two sentences edited, one passage added, one removed), and `bron` with a
//! passage id of the old version kept in `archive/`.

use crate::support;

use assert_cmd::Command;
use serde_json::Value;

const OLD: &str = "tests/fixtures/wijzigingen/themakaart-sel-2025.txt";
const NEW: &str = "tests/fixtures/wijzigingen/themakaart-sel-2026.txt";

fn nw(home: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("normwijzer").expect("binary is built");
    c.current_dir(support::home())
        .env("NORMWIJZER_HOME", home)
        .env_remove("NO_COLOR")
        .env("NORMWIJZER_LOG", "off");
    c
}

#[test]
fn the_edits_added_and_removed_passages_are_listed_with_a_word_diff() {
    let out = nw(&support::home())
        .args(["wijzigingen", OLD, NEW])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Wijzigingen van themakaart-sel (2025-05) naar themakaart-sel (2026-05): 2 gewijzigd, 1 toegevoegd, 1 verwijderd"),
        "{text}"
    );
    assert!(
        text.contains("[-2025-2026-]{+2026-2027+} een {+tweede +}pilot"),
        "{text}"
    );
    assert!(text.contains("de aanpak {+is altijd +}maatwerk"), "{text}");
    assert!(text.contains("+ toegevoegd: "), "{text}");
    assert!(
        text.contains("Scholen bespreken de inzet van deze kaart elk jaar"),
        "{text}"
    );
    assert!(text.contains("- verwijderd: "), "{text}");
    assert!(text.contains("Formeel valt dit thema niet onder"), "{text}");
    assert!(!text.contains('\x1b'), "no colour without a terminal");

    let out = nw(&support::home())
        .args(["wijzigingen", OLD, NEW, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "changed").count(), 2, "{v}");
    assert_eq!(kinds.iter().filter(|k| **k == "added").count(), 1, "{v}");
    assert_eq!(kinds.iter().filter(|k| **k == "removed").count(), 1, "{v}");
    // A document id in corpus/ works as one side: the bundled card is the 2025 version.
    let out = nw(&support::home())
        .args(["wijzigingen", "themakaart-sel", OLD])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Geen passage is veranderd."), "{text}");
}

#[test]
fn an_unknown_version_is_a_dutch_error() {
    let out = nw(&support::home())
        .args(["wijzigingen", "bestaat-niet", NEW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("document „bestaat-niet” bestaat niet"),
        "{err}"
    );
}

/// Keeps the card of the project at `home` in `archive/` and removes one sentence from the
/// one in `corpus/`; gives an old passage id that no passage has now, and its successor.
fn archive_card_and_remove_a_sentence(home: &std::path::Path) -> (String, String) {
    // The version in corpus/ lost one passage; the old one is kept in archive/.
    std::fs::create_dir_all(home.join("archive")).unwrap();
    let card = home.join("corpus/themakaart-sel.txt");
    std::fs::copy(&card, home.join("archive/themakaart-sel-2025.txt")).unwrap();
    let text = std::fs::read_to_string(&card).unwrap();
    let removed = "Formeel valt dit thema niet onder ‘extra ondersteuning’ zoals gedefinieerd in de wet Passend Onderwijs.\n";
    assert!(text.contains(removed));
    std::fs::write(&card, text.replacen(removed, "", 1)).unwrap();
    let out = nw(home)
        .current_dir(home)
        .args([
            "wijzigingen",
            "archive/themakaart-sel-2025.txt",
            "themakaart-sel",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let moved: Vec<(String, String)> = serde_json::from_value(v["moved"].clone()).unwrap();
    // The passages after the removed one moved up one place: the old last id is gone.
    let news: Vec<&str> = moved.iter().map(|(_, n)| n.as_str()).collect();
    moved
        .iter()
        .find(|(o, _)| !news.contains(&o.as_str()))
        .cloned()
        .expect("an old id that no passage has now")
}

#[test]
fn a_passage_id_of_the_previous_version_still_resolves() {
    let project = support::project_copy();
    let home = project.path();
    let (gone, successor) = archive_card_and_remove_a_sentence(home);
    let (gone, successor) = (&gone, &successor);
    let out = nw(home)
        .args(["--in-memory", "bron", gone])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.starts_with(
            "Deze passage komt uit de vorige versie (themakaart-sel, 2025-05); in de huidige versie staat:"
        ),
        "{shown}"
    );
    assert!(shown.contains(&format!("({successor})")), "{shown}");
    let out = nw(home)
        .args(["--in-memory", "bron", gone, "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["successor"]["id"], successor.as_str(), "{v}");
    // Without the archive it is an unknown passage, as before.
    std::fs::remove_dir_all(home.join("archive")).unwrap();
    let out = nw(home)
        .args(["--in-memory", "bron", gone])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn controleer_names_a_rule_whose_passage_changed_since_the_archived_version() {
    let project = support::project_copy();
    let home = project.path();
    std::fs::create_dir_all(home.join("archive")).unwrap();
    std::fs::copy(
        support::home().join(OLD),
        home.join("archive/themakaart-sel-2025.txt"),
    )
    .unwrap();
    std::fs::copy(
        support::home().join(NEW),
        home.join("corpus/themakaart-sel.txt"),
    )
    .unwrap();
    let out = nw(home).arg("controleer").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("Let op: config/opp.toml citeert themakaart-sel#anb-ondersteuningskaart-extra-aanvullende-7, en die passage is veranderd ten opzichte van de vorige versie"),
        "{text}"
    );
    assert!(text.contains("Alles in orde"), "{text}");
}

/// `/wijzigingen` on a real server: the archived 2025 card against the 2026 one served, with
/// the word diff as `<del>`/`<ins>`, links to the passages, a chosen pair and unknown names.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_changes_page_lists_the_passages_with_a_word_diff() {
    use normwijzer::serve::http::{AppState, Secrets, ServiceOptions, router};
    use reqwest::header::CONTENT_SECURITY_POLICY;

    let project = support::project_copy();
    let home = project.path().to_path_buf();
    std::fs::create_dir_all(home.join("archive")).unwrap();
    std::fs::copy(
        support::home().join(OLD),
        home.join("archive/themakaart-sel-2025.txt"),
    )
    .unwrap();
    std::fs::copy(
        support::home().join(NEW),
        home.join("corpus/themakaart-sel.txt"),
    )
    .unwrap();
    // A replaced document whose successor is in the corpus is a pair too.
    let hgw = home.join("corpus/hgw-ontwikkelprogramma.txt");
    let text = std::fs::read_to_string(&hgw).unwrap();
    std::fs::write(
        &hgw,
        text.replacen(
            "kind = \"handreiking\"\n",
            "kind = \"handreiking\"\nsuperseded_by = \"anb\"\n",
            1,
        ),
    )
    .unwrap();
    let opened = home.clone();
    let engine = tokio::task::spawn_blocking(move || support::open_at(&opened))
        .await
        .unwrap()
        .expect("engine on the copy");
    assert!(engine.problems().is_empty(), "{:?}", engine.problems());
    let state = AppState::new(
        std::sync::Arc::new(engine),
        Secrets::default(),
        ServiceOptions::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let client = reqwest::Client::new();
    let get = |path: String| {
        let (client, url) = (client.clone(), format!("{base}{path}"));
        async move {
            let r = client.get(url).send().await.expect("request");
            let status = r.status().as_u16();
            let csp = r
                .headers()
                .get(CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            (status, csp, r.text().await.expect("body"))
        }
    };

    let (status, csp, page) = get("/wijzigingen".into()).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(!page.contains("<script>"), "no inline script");
    assert!(
        page.contains("<code>themakaart-sel@2025-05</code>"),
        "{page}"
    );
    assert!(
        page.contains("2 gewijzigd, 1 toegevoegd, 1 verwijderd"),
        "{page}"
    );
    assert!(
        page.contains("<del>2025-2026</del><ins>2026-2027</ins> een <ins>tweede </ins>pilot"),
        "{page}"
    );
    assert!(
        page.contains("de aanpak <ins>is altijd </ins>maatwerk"),
        "{page}"
    );
    assert!(page.contains("Scholen bespreken de inzet van deze kaart elk jaar"));
    assert!(
        page.contains("<del>Formeel valt dit thema niet onder"),
        "{page}"
    );
    assert!(
        page.contains("/wijzigingen?oud=hgw-ontwikkelprogramma&amp;nieuw=anb"),
        "the superseded_by pair: {page}"
    );
    // Each changed or added passage links to its page, which exists.
    let link = page
        .split("href=\"/bron/themakaart-sel")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|rest| format!("/bron/themakaart-sel{}", rest.replace("&amp;", "&")))
        .expect("a link to a passage");
    let (status, _, passage) = get(link.clone()).await;
    assert_eq!(status, 200, "{link}: {passage}");
    // The chat page links to the changes.
    let (_, _, chat) = get("/".into()).await;
    assert!(chat.contains("href=\"/wijzigingen\""), "{chat}");

    let (status, _, one) =
        get("/wijzigingen?oud=themakaart-sel%402025-05&nieuw=themakaart-sel".into()).await;
    assert_eq!(status, 200, "{one}");
    assert!(one.contains("2 gewijzigd, 1 toegevoegd, 1 verwijderd"));
    assert!(
        !one.contains("hgw-ontwikkelprogramma"),
        "only the pair asked for"
    );

    let (status, _, missing) =
        get("/wijzigingen?oud=themakaart-sel@2025&nieuw=themakaart-sl".into()).await;
    assert_eq!(status, 404, "{missing}");
    assert!(
        missing.contains("Er is geen versie „themakaart-sl”"),
        "{missing}"
    );
    assert!(
        missing.contains("Er is geen versie „themakaart-sel@2025”"),
        "{missing}"
    );
    assert!(missing.contains("Bedoelde je:"), "{missing}");
    assert!(missing.contains("<code>themakaart-sel</code>"), "{missing}");
    assert!(
        missing.contains("<code>themakaart-sel@2025-05</code>"),
        "{missing}"
    );

    let (status, _, half) = get("/wijzigingen?oud=anb".into()).await;
    assert_eq!(status, 400, "{half}");
    assert!(half.contains("Geef twee versies op"), "{half}");

    // The CLI takes the same names.
    let out = nw(&home)
        .args(["wijzigingen", "themakaart-sel@2025-05", "themakaart-sel"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 gewijzigd, 1 toegevoegd, 1 verwijderd"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The web page of a passage id shared from the previous version shows it, and links to what
/// the current version says instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_page_of_an_earlier_passage_links_to_its_successor() {
    use normwijzer::serve::http::{AppState, Secrets, ServiceOptions, router};

    let project = support::project_copy();
    let home = project.path().to_path_buf();
    let (gone, successor) = archive_card_and_remove_a_sentence(&home);
    let engine = tokio::task::spawn_blocking(move || support::open_at(&home))
        .await
        .unwrap()
        .expect("engine on the copy");
    let state = AppState::new(
        std::sync::Arc::new(engine),
        Secrets::default(),
        ServiceOptions::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(state)).await });
    let r = reqwest::get(format!("{base}/bron/{}", gone.replace('#', "%23")))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains(
            "Deze passage komt uit de vorige versie (themakaart-sel, 2025-05); in de huidige versie staat:"
        ),
        "{page}"
    );
    assert!(
        page.contains(&format!("href=\"/bron/{}", successor.replace('#', "%23"))),
        "{page}"
    );
    // An id no version ever had is still a 404.
    let r = reqwest::get(format!("{base}/bron/themakaart-sel%23bestaat-niet-1"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}
