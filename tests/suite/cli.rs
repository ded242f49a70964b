//! The `normwijzer` command as a user runs it: answers, JSON contract, passage ids that round
//! trip, Dutch messages for every kind of bad input, the index lifecycle.

use crate::support::{self, nw};

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn ask_json(question: &str) -> Value {
    let out = nw()
        .args(["ask", "--json", "--today", "2026-11-22", question])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let mut objects = serde_json::Deserializer::from_str(&stdout).into_iter::<Value>();
    let v = objects.next().expect("one object").expect("valid JSON");
    assert!(
        objects.next().is_none(),
        "more than one JSON value: {stdout}"
    );
    v
}

#[test]
fn ask_prints_a_cited_dutch_answer() {
    nw().args(["ask", "wanneer moet een OPP?"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[1]"))
        .stdout(predicate::str::contains("Bronnen:"))
        .stdout(predicate::str::contains("anb#"));
}

#[test]
fn json_has_the_contract_fields() {
    let v = ask_json("wanneer moet een OPP?");
    for key in [
        "question",
        "abstained",
        "answer",
        "citations",
        "checks",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["abstained"], false);
    let c = &v["citations"][0];
    for key in [
        "rank", "doc", "title", "section", "passage", "text", "quote", "region", "status", "score",
    ] {
        assert!(c.get(key).is_some(), "citation lacks {key}: {c}");
    }
    let text = c["text"].as_str().unwrap();
    let quote = c["quote"].as_str().unwrap();
    assert!(
        text.contains(quote),
        "quote is not a substring of the passage"
    );
    assert_eq!(c["rank"], 1);
}

#[test]
fn a_passage_id_gives_the_same_text_back() {
    let v = ask_json("Wat is een ZAT?");
    let c = &v["citations"][0];
    let id = c["passage"].as_str().unwrap();
    let out = nw().args(["bron", "--json", id]).output().unwrap();
    assert!(out.status.success());
    let b: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(b["text"], c["text"]);
    assert_eq!(b["passage"], id);
    // Pasted with brackets and capitals, as people do.
    nw().args(["bron", &format!("<{}>", id.to_uppercase())])
        .assert()
        .success()
        .stdout(predicate::str::contains(c["quote"].as_str().unwrap()));
}

#[test]
fn unknown_passage_id_is_a_dutch_error() {
    nw().args(["bron", "anb#zorgplicht-99"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("bestaat niet"))
        .stderr(predicate::str::contains("anb#zorgplicht-1"));
}

#[test]
fn out_of_scope_abstains_without_citations() {
    let v = ask_json("Geef me een recept voor appeltaart");
    assert_eq!(v["abstained"], true);
    assert_eq!(v["citations"].as_array().unwrap().len(), 0);
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("Ik vind hierover niets in de documenten")
    );
}

#[test]
fn other_region_and_expired_sources_are_flagged() {
    let v = ask_json("Wat is HGW-trede 4?");
    assert_eq!(v["citations"][0]["region"], "amsterdam-diemen");
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("ander samenwerkingsverband"),
        "{warnings}"
    );
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("ander samenwerkingsverband")
    );

    let v = ask_json("Valt SEL formeel onder extra ondersteuning?");
    assert_eq!(v["citations"][0]["doc"], "themakaart-sel");
    assert_eq!(v["citations"][0]["status"], "verlopen");
    assert!(
        v["warnings"].to_string().contains("verlopen"),
        "{}",
        v["warnings"]
    );
}

#[test]
fn today_changes_document_status() {
    let out = nw()
        .args([
            "ask",
            "--json",
            "--today",
            "2026-03-01",
            "Valt SEL formeel onder extra ondersteuning?",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["citations"][0]["status"], "geldig");
    assert!(!v["warnings"].to_string().contains("verlopen"));
}

#[test]
fn hostile_input_never_breaks_the_command() {
    let noise = "a\"b:c(d)[e]{f} AND OR NOT * ? ~ ^ \\ / 🎉 ".repeat(100);
    let questions = [
        "\"wanneer\" moet: (een) [OPP]?",
        "OPP AND ZAT OR NOT TLV",
        "🎉🎉🎉",
        "?!?!",
        "title:zorgplicht body:*",
        "\u{1}\u{7f}\u{200b}",
        noise.as_str(),
    ];
    for q in questions {
        let v = ask_json(q);
        assert!(v["abstained"].is_boolean(), "{q}: {v}");
        assert!(!v["answer"].as_str().unwrap().is_empty(), "{q}");
    }
}

#[test]
fn bad_arguments_get_dutch_messages() {
    nw().args(["ask", "--today", "2026-02-30", "vraag"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("ongeldige datum"));
    nw().args(["vraag", "iets"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("onbekende opdracht"));
    nw().args(["ask", "--onbekend", "x"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("onbekende optie"));
    nw().args(["eval", "bestaat-niet.toml"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("kan het bestand niet lezen"));
}

#[test]
fn chat_answers_each_line_and_stops() {
    nw().arg("chat")
        .write_stdin("wat is een ZAT?\n\nbron anb#zorgplicht-1\nstop\nwordt niet meer gelezen\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Multidisciplinair overleg"))
        .stdout(predicate::str::contains("binnen zes weken"));
}

#[test]
fn chat_survives_nul_bytes_and_invalid_utf8() {
    let mut input = b"wat is een ZAT?\n\x00\x01\n\xff\xfe kapot\n".to_vec();
    input.extend_from_slice("wat betekent WOP\n".as_bytes());
    nw().arg("chat")
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("Multidisciplinair overleg"))
        .stdout(predicate::str::contains(
            "In dit document staan de afspraken",
        ));
}

#[test]
fn eval_reports_in_json() {
    let out = nw()
        .args(["eval", "--json", "--repeat", "1", "--today", "2026-11-22"])
        .arg(support::home().join("tests/fixtures/dev.toml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "questions",
        "recall_at_1",
        "recall_at_3",
        "mrr_at_3",
        "abstain_ok",
        "abstain_total",
        "region_ok",
        "region_total",
        "latency_us",
        "misses",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["p50", "p99", "max"] {
        assert!(v["latency_us"].get(key).is_some());
    }
    assert_eq!(v["questions"], 28);
}

fn in_home(home: &Path) -> Command {
    let mut c = Command::cargo_bin("normwijzer").unwrap();
    c.env_remove("NORMWIJZER_HOME").arg("--home").arg(home);
    c
}

#[test]
fn index_is_built_once_and_rebuilt_when_the_corpus_changes() {
    let home = support::project_copy();
    in_home(home.path())
        .arg("index")
        .assert()
        .success()
        .stdout(predicate::str::contains("opgebouwd"));
    in_home(home.path())
        .arg("index")
        .assert()
        .success()
        .stdout(predicate::str::contains("al actueel"));
    // A new document: the next question rebuilds the index and can cite it.
    std::fs::write(
        home.path().join("corpus/test-doc.txt"),
        "+++\nid = \"test-doc\"\ntitle = \"Testdocument\"\nissuer = \"Test\"\nregion = \"almere\"\nkind = \"beleidsdocument\"\npublished = \"2026-01\"\n+++\nKangoeroebeleid\n\nElke school heeft een kangoeroebeleid voor springende leerlingen.\n",
    )
    .unwrap();
    in_home(home.path())
        .args(["ask", "wat is het kangoeroebeleid?"])
        .assert()
        .success()
        .stderr(predicate::str::contains("opgebouwd"))
        .stdout(predicate::str::contains("test-doc#kangoeroebeleid-1"));
}

#[test]
fn a_broken_corpus_file_is_reported_and_the_rest_served() {
    let home = support::project_copy();
    std::fs::write(
        home.path().join("corpus/kapot.txt"),
        "+++\nid = \"kapot\"\ntitle = \"Kapot\"\nissuer = \"x\"\nregion = \"almere\"\nkind = \"beleidsdocument\"\nvalid_until = \"2026-13-45\"\n+++\ntekst\n",
    )
    .unwrap();
    std::fs::write(
        home.path().join("corpus/binair.txt"),
        [0xff, 0xfe, 0x00, 0x41],
    )
    .unwrap();
    in_home(home.path())
        .arg("--in-memory")
        .args(["ask", "wat is een ZAT?"])
        .assert()
        .success()
        .stderr(predicate::str::contains("kapot.txt, regel 7"))
        .stderr(predicate::str::contains("2026-13-45"))
        .stderr(predicate::str::contains("binair.txt"))
        .stdout(predicate::str::contains("Multidisciplinair overleg"));
}

#[test]
fn a_broken_config_file_names_file_and_line() {
    let home = support::project_copy();
    std::fs::write(
        home.path().join("config/synonyms.toml"),
        "[[group]]\nterms = \"OPP\"\n",
    )
    .unwrap();
    in_home(home.path())
        .arg("--in-memory")
        .args(["ask", "wat is een ZAT?"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("synonyms.toml, regel 2"));
}

#[test]
fn a_missing_corpus_is_explained() {
    let empty = tempfile::tempdir().unwrap();
    in_home(empty.path())
        .args(["ask", "wat is een ZAT?"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("geen corpus gevonden"));
}

#[test]
fn an_unwritable_index_directory_falls_back_to_memory() {
    let home = support::project_copy();
    // A file where the index directory should be: it cannot be created, not even by root.
    std::fs::write(home.path().join("index"), "geen map").unwrap();
    in_home(home.path())
        .args(["ask", "wat is een ZAT?"])
        .assert()
        .success()
        .stderr(predicate::str::contains("alleen in het geheugen"))
        .stdout(predicate::str::contains("Multidisciplinair overleg"));
}

#[test]
fn bench_corpus_into_a_file_is_a_dutch_sentence() {
    // `--out` names a file, so corpus/ cannot be made under it. The system's reason may follow
    // in parentheses, but the sentence itself is Dutch (it used to be "…: Not a directory").
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bestand");
    std::fs::write(&file, "geen map").unwrap();
    let out = nw()
        .args(["bench", "corpus", "--size", "800KB", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("normwijzer: kan het corpus niet maken: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("kan niet worden gelezen of geschreven ("),
        "{stderr}"
    );
}

/// The program, without `--home` or `NORMWIJZER_HOME`, started in `dir`.
fn without_home(program: &Path, dir: &Path) -> Command {
    let mut c = Command::new(program);
    c.env_remove("NORMWIJZER_HOME").current_dir(dir);
    c
}

/// Runs a command, retrying while the kernel still sees a just-linked program as being written
/// (ETXTBSY, when another test thread forked at that moment).
fn output_retrying(mut c: Command) -> std::process::Output {
    for _ in 0..50 {
        match c.output() {
            Ok(out) => return out,
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(100))
            }
            Err(e) => panic!("cannot run the program: {e}"),
        }
    }
    panic!("the program stays busy");
}

#[test]
fn help_states_where_the_project_is_looked_for() {
    nw().arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("NORMWIJZER_HOME"))
        .stdout(predicate::str::contains(
            "huidige map als die een map corpus/",
        ))
        .stdout(predicate::str::contains("boven het programma"));
}

#[test]
fn a_binary_in_a_checkout_finds_its_checkout_from_another_folder() {
    // The test binary lives in <checkout>/target/debug/, so --help's last rule finds this
    // project although the current directory has no corpus/.
    let elsewhere = tempfile::tempdir().unwrap();
    let program = PathBuf::from(env!("CARGO_BIN_EXE_normwijzer"));
    if !program.starts_with(support::home()) {
        // CARGO_TARGET_DIR outside the checkout: the rule does not apply to this build.
        eprintln!("skipped: {} is not inside the checkout", program.display());
        return;
    }
    without_home(&program, elsewhere.path())
        .args(["--in-memory", "bron", "anb#zorgplicht-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Almeerse Norm Basisondersteuning"));
}

#[test]
fn a_binary_outside_any_project_says_so_instead_of_using_the_build_directory() {
    // A copy of the program outside the checkout, as after `cargo install`, run from a folder
    // without corpus/: it must not answer from the directory it was built in.
    let install = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    for dir in install
        .path()
        .ancestors()
        .chain(elsewhere.path().ancestors())
    {
        assert!(
            !dir.join("corpus").exists(),
            "test needs no corpus/ above the temp dirs: {}",
            dir.display()
        );
    }
    let program = install.path().join("normwijzer");
    let built = PathBuf::from(env!("CARGO_BIN_EXE_normwijzer"));
    if std::fs::hard_link(&built, &program).is_err() {
        std::fs::copy(&built, &program).unwrap();
    }
    let mut c = without_home(&program, elsewhere.path());
    c.args(["--in-memory", "ask", "wat is een ZAT?"]);
    let out = output_retrying(c);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "answered anyway");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let cwd = elsewhere.path().canonicalize().unwrap();
    let expected = format!(
        "normwijzer: geen corpus gevonden: {} bestaat niet.",
        cwd.join("corpus").display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("--home of NORMWIJZER_HOME"), "{stderr}");

    // The same program in a folder that has a corpus answers from that folder.
    let home = support::project_copy();
    let mut c = without_home(&program, home.path());
    c.args(["--in-memory", "ask", "wat is een ZAT?"]);
    let out = output_retrying(c);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Multidisciplinair overleg"));
}

#[test]
fn controleer_checks_corpus_and_config_without_starting_anything() {
    nw().arg("controleer")
        .assert()
        .success()
        .stdout(predicate::str::contains("Alles in orde"));
    let dir = support::project_copy();
    let anb = dir.path().join("corpus/anb.txt");
    let text = std::fs::read_to_string(&anb).unwrap();
    std::fs::write(
        &anb,
        text.replacen("region = \"almere\"", "region = \"Almere Stad\"", 1),
    )
    .unwrap();
    Command::cargo_bin("normwijzer")
        .unwrap()
        .env_remove("NORMWIJZER_HOME")
        .args(["--home", dir.path().to_str().unwrap(), "controleer"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("region = \"Almere Stad\""))
        .stdout(predicate::str::contains("bedoel je almere?"));
    assert!(!dir.path().join("index").join("ready.json").exists());
}
