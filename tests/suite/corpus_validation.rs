//! Front matter with a value outside the known ones (region, kind, sectors, dates,
//! superseded_by) is an error that names file, line, value, what is allowed and the nearest
//! allowed value; that document is skipped, the others are served, and `controleer` and
//! `/healthz` name it.

use crate::support;

use normwijzer::engine::{Engine, OpenOptions};

fn open_with(name: &str, header: &str) -> (tempfile::TempDir, Engine) {
    let dir = support::project_copy();
    std::fs::write(
        dir.path().join("corpus").join(name),
        format!("+++\n{header}+++\nKangoeroebeleid\n\nElke school heeft een kangoeroebeleid.\n"),
    )
    .unwrap();
    let engine = Engine::open(&OpenOptions {
        home: Some(dir.path().to_path_buf()),
        in_memory: true,
        index_dir: None,
    })
    .expect("engine opens");
    (dir, engine)
}

const GOOD: &str = "id = \"kangoeroe\"\ntitle = \"Kangoeroe\"\nissuer = \"Test\"\n";

#[test]
fn a_region_typo_is_named_with_the_nearest_region_and_skipped() {
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"Almere Stad\"\nkind = \"themakaart\"\n"),
    );
    let problem = e
        .problems()
        .iter()
        .find(|p| p.contains("kangoeroe.txt"))
        .expect("a problem for the file");
    assert!(problem.contains("regel 5"), "{problem}");
    assert!(problem.contains("region = \"Almere Stad\""), "{problem}");
    assert!(
        problem.contains("toegestaan: almere, amsterdam-diemen"),
        "{problem}"
    );
    assert!(problem.contains("bedoel je almere?"), "{problem}");
    assert!(e.documents().iter().all(|d| d.id != "kangoeroe"));
    assert!(
        e.documents().iter().any(|d| d.id == "anb"),
        "the others are served"
    );
}

#[test]
fn kind_and_sectors_come_from_closed_sets() {
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"almere\"\nkind = \"themakaar\"\n"),
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.contains("kind = \"themakaar\"") && p.contains("bedoel je themakaart?")),
        "{:?}",
        e.problems()
    );
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsectors = [\"po\", \"mbo\"]\n"),
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.contains("sectors = \"mbo\"") && p.contains("po, so, sbo, vo, vso")),
        "{:?}",
        e.problems()
    );
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!("{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsectors = [\"po\"]\n"),
    );
    assert!(e.problems().is_empty(), "{:?}", e.problems());
    assert!(e.documents().iter().any(|d| d.id == "kangoeroe"));
}

#[test]
fn superseded_by_must_name_a_document_of_the_corpus() {
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!(
            "{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsuperseded_by = \"themakaart-sel-2027\"\n"
        ),
    );
    let problem = e
        .problems()
        .iter()
        .find(|p| p.contains("kangoeroe.txt"))
        .expect("a problem for the file");
    assert!(problem.contains("regel 7"), "{problem}");
    assert!(
        problem.contains("superseded_by = \"themakaart-sel-2027\" is geen document in corpus/"),
        "{problem}"
    );
    assert!(problem.contains("bekende ids: anb, "), "{problem}");
    assert!(!problem.contains("kangoeroe,"), "not itself: {problem}");
    assert!(problem.contains("bedoel je themakaart-sel?"), "{problem}");
    assert!(
        problem.ends_with("dit document wordt overgeslagen"),
        "{problem}"
    );
    assert!(e.documents().iter().all(|d| d.id != "kangoeroe"));
    assert!(e.documents().iter().any(|d| d.id == "themakaart-sel"));

    // Itself is no successor.
    let (_dir, e) = open_with(
        "kangoeroe.txt",
        &format!(
            "{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsuperseded_by = \"kangoeroe\"\n"
        ),
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.contains("verwijst naar het document zelf")),
        "{:?}",
        e.problems()
    );
    assert!(e.documents().iter().all(|d| d.id != "kangoeroe"));

    // An existing id is served as replaced by that document; a title (capitals, spaces) names
    // a successor outside the corpus, as the bundled ondersteuningsplan does.
    for by in ["themakaart-sel", "Kangoeroeplan 2027"] {
        let (_dir, e) = open_with(
            "kangoeroe.txt",
            &format!(
                "{GOOD}region = \"almere\"\nkind = \"themakaart\"\nsuperseded_by = \"{by}\"\n"
            ),
        );
        assert!(e.problems().is_empty(), "{by}: {:?}", e.problems());
        let doc = e
            .documents()
            .iter()
            .find(|d| d.id == "kangoeroe")
            .expect(by);
        assert_eq!(doc.superseded_by.as_deref(), Some(by));
    }
}

#[test]
fn dates_must_exist() {
    for (field, value, says) in [
        ("published", "2026-13", "geen geldige datum"),
        ("valid_until", "2027-02-30", "februari 2027 heeft 28 dagen"),
    ] {
        let (_dir, e) = open_with(
            "kangoeroe.txt",
            &format!("{GOOD}region = \"almere\"\nkind = \"themakaart\"\n{field} = \"{value}\"\n"),
        );
        let problem = e
            .problems()
            .iter()
            .find(|p| p.contains("kangoeroe.txt"))
            .unwrap_or_else(|| panic!("{field}: {:?}", e.problems()));
        assert!(problem.contains("regel 7"), "{problem}");
        assert!(
            problem.contains(value) && problem.contains(says),
            "{problem}"
        );
        assert!(e.documents().iter().all(|d| d.id != "kangoeroe"));
        assert!(e.documents().iter().any(|d| d.id == "anb"));
    }
}

/// A project copy with one document whose `superseded_by` names no document.
fn broken_successor() -> tempfile::TempDir {
    let dir = support::project_copy();
    // No rule cites this document, so the others still open without it.
    let card = dir.path().join("corpus/hgw-ontwikkelprogramma.txt");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(
        &card,
        text.replacen(
            "kind = \"handreiking\"\n",
            "kind = \"handreiking\"\nsuperseded_by = \"anb-2026\"\n",
            1,
        ),
    )
    .unwrap();
    dir
}

#[test]
fn controleer_reports_an_unknown_successor() {
    let dir = broken_successor();
    let out = assert_cmd::Command::cargo_bin("normwijzer")
        .unwrap()
        .env_remove("NORMWIJZER_HOME")
        .env("NORMWIJZER_LOG", "off")
        .args(["--home", dir.path().to_str().unwrap(), "controleer"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("hgw-ontwikkelprogramma.txt, regel 8: superseded_by = \"anb-2026\" is geen document in corpus/")
            && text.contains("bedoel je anb?"),
        "{text}"
    );
}

#[tokio::test]
async fn healthz_lists_the_skipped_documents_and_why() {
    let dir = broken_successor();
    let home = dir.path().to_path_buf();
    let engine = tokio::task::spawn_blocking(move || support::open_at(&home))
        .await
        .unwrap()
        .expect("engine opens");
    assert!(
        engine
            .documents()
            .iter()
            .all(|d| d.id != "hgw-ontwikkelprogramma")
    );
    let state = normwijzer::serve::http::AppState::new(
        std::sync::Arc::new(engine),
        Default::default(),
        Default::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        async move { axum::serve(listener, normwijzer::serve::http::router(state)).await },
    );
    let v: serde_json::Value = reqwest::get(format!("{base}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let problems = v["problems"].as_array().expect("problems");
    assert!(
        problems.iter().any(|p| p
            .as_str()
            .is_some_and(|p| p.contains("hgw-ontwikkelprogramma.txt")
                && p.contains("superseded_by")
                && p.contains("overgeslagen"))),
        "{v}"
    );
    assert_eq!(v["documents"], 4, "{v}");
}
