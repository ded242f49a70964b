//! `normwijzer importeer`: the fixtures in `tests/fixtures/import/` (made by its `make.sh` from
//! bundled corpus texts) are imported into a project copy with the real binary, and the
//! imported document is compared with the bundled one: the same sections (breadcrumbs), and
//! the quotes the dev questions expect from that document found verbatim. Bad input of every
//! kind gets a Dutch message and writes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support;
use normwijzer::corpus::passage::Passage;

/// Whether poppler's `pdftohtml` is here. In CI it must be (`.ci/run` installs poppler-utils);
/// elsewhere a PDF test says why it is skipped, so `cargo test` passes on a machine without it.
fn poppler() -> bool {
    let found = std::process::Command::new("pdftohtml")
        .arg("-v")
        .output()
        .is_ok();
    if found {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set but pdftohtml is missing: .ci/run installs poppler-utils"
    );
    eprintln!("PDF import test SKIPPED: pdftohtml not found (apt-get install poppler-utils)");
    false
}

fn fixture(name: &str) -> PathBuf {
    support::home().join("tests/fixtures/import").join(name)
}

/// `normwijzer importeer` against the project at `home`, stdin not a terminal.
fn importeer(home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("normwijzer").expect("binary is built");
    c.env_remove("NORMWIJZER_HOME")
        .arg("--home")
        .arg(home)
        .arg("--in-memory")
        .arg("importeer")
        .write_stdin("");
    c
}

/// Imports `file` as document `id` with all required fields.
fn import_ok(home: &Path, file: &str, id: &str) -> String {
    let out = importeer(home)
        .arg(fixture(file))
        .args(["--id", id, "--title", "Geïmporteerd", "--issuer", "Test"])
        .args([
            "--region",
            "almere",
            "--kind",
            "themakaart",
            "--sectors",
            "po,vo",
        ])
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The snippets dev questions expect from document `doc`.
fn dev_quotes(doc: &str) -> Vec<String> {
    let text = std::fs::read_to_string(support::home().join("tests/fixtures/dev.toml")).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let mut quotes = Vec::new();
    for q in value["q"].as_array().unwrap() {
        for e in q
            .get("expect")
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
        {
            if e["doc"].as_str() == Some(doc) {
                quotes.push(e["text"].as_str().unwrap().to_string());
            }
        }
    }
    quotes
}

fn sections(passages: &[Passage]) -> BTreeSet<String> {
    passages.iter().map(|p| p.breadcrumb.join(" › ")).collect()
}

/// Imports `file` and compares it with bundled document `original`: returns (sections
/// matched, sections in the original, quotes matched, quotes expected).
fn round_trip(file: &str, original: &str) -> (usize, usize, usize, usize) {
    let home = support::project_copy();
    let id = format!("import-{}", original);
    let summary = import_ok(home.path(), file, &id);
    assert!(summary.contains("Geïmporteerd:"), "{summary}");
    let text = std::fs::read_to_string(home.path().join(format!("corpus/{id}.txt"))).unwrap();
    assert!(
        text.contains(&format!("source_file = \"{file}\"")),
        "{text}"
    );
    assert!(text.contains("source_sha256 = \""), "{text}");
    let engine = support::open_at(home.path()).unwrap();
    assert!(engine.problems().is_empty(), "{:?}", engine.problems());
    let before = engine.document_passages(original).unwrap();
    let after = engine.document_passages(&id).unwrap();
    let (want, got) = (sections(&before), sections(&after));
    let sections_matched = want.intersection(&got).count();
    let missing: Vec<&String> = want.difference(&got).collect();
    let quotes = dev_quotes(original);
    let texts: Vec<String> = after.iter().map(|p| fold(p.text())).collect();
    let lost: Vec<&String> = quotes
        .iter()
        .filter(|q| !texts.iter().any(|t| t.contains(&fold(q))))
        .collect();
    println!(
        "importeer {file}: sections matched {sections_matched}/{}, quotes matched {}/{}; \
         {} passages (bundled {}); sections missing: {missing:?}; quotes lost: {lost:?}",
        want.len(),
        quotes.len() - lost.len(),
        quotes.len(),
        after.len(),
        before.len(),
    );
    (
        sections_matched,
        want.len(),
        quotes.len() - lost.len(),
        quotes.len(),
    )
}

#[test]
fn docx_of_the_themakaart_keeps_sections_and_quotes() {
    let (s, sn, q, qn) = round_trip("themakaart-sel.docx", "themakaart-sel");
    assert_eq!(s, sn);
    assert_eq!(q, qn);
}

#[test]
fn pdf_of_the_themakaart_keeps_sections_and_quotes() {
    if !poppler() {
        return;
    }
    let (s, sn, q, qn) = round_trip("themakaart-sel.pdf", "themakaart-sel");
    assert_eq!(s, sn);
    assert_eq!(q, qn);
}

#[test]
fn docx_of_the_anb_keeps_sections_and_quotes() {
    let (s, sn, q, qn) = round_trip("anb.docx", "anb");
    assert_eq!(s, sn);
    assert_eq!(q, qn);
}

#[test]
fn pdf_of_the_anb_keeps_sections_and_quotes() {
    if !poppler() {
        return;
    }
    let (s, sn, q, qn) = round_trip("anb.pdf", "anb");
    assert_eq!(s, sn);
    assert_eq!(q, qn);
}

#[test]
fn html_page_keeps_only_the_main_content() {
    let (s, sn, q, qn) = round_trip("ondersteuningsplan-po-h3.html", "ondersteuningsplan-po-h3");
    assert_eq!(s, sn);
    assert_eq!(q, qn);
    let home = support::project_copy();
    import_ok(home.path(), "ondersteuningsplan-po-h3.html", "pagina");
    let text = std::fs::read_to_string(home.path().join("corpus/pagina.txt")).unwrap();
    for furniture in [
        "cookies",
        "Hoofdmenu",
        "Ouders",
        "Postbus",
        "Downloads",
        "Naar de inhoud",
    ] {
        assert!(!text.contains(furniture), "{furniture} in:\n{text}");
    }
}

#[test]
fn page_furniture_of_the_pdf_is_dropped() {
    if !poppler() {
        return;
    }
    let home = support::project_copy();
    let summary = import_ok(home.path(), "anb.pdf", "anb-pdf");
    assert!(summary.contains("paginaopmaak weggelaten"), "{summary}");
    let text = std::fs::read_to_string(home.path().join("corpus/anb-pdf.txt")).unwrap();
    let body = text.split("+++").nth(2).unwrap();
    // The running header is a line of its own on every page of the PDF; it stays only where
    // the text itself says it (the title).
    let header_lines = body
        .lines()
        .filter(|l| l.trim() == "Almeerse Norm Basisondersteuning")
        .count();
    assert!(header_lines <= 1, "{header_lines} running headers left");
    assert!(
        !body.lines().any(|l| l.trim().parse::<u32>().is_ok()),
        "a page number is left:\n{body}"
    );
}

#[test]
fn scanned_pdf_gets_the_dutch_message_and_writes_nothing() {
    if !poppler() {
        return;
    }
    let home = support::project_copy();
    let out = importeer(home.path())
        .arg(fixture("scan.pdf"))
        .args(["--id", "scan", "--title", "T", "--issuer", "I"])
        .args(["--region", "almere", "--kind", "themakaart"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("geen tekstlaag") && err.contains("OCR"),
        "{err}"
    );
    assert!(!home.path().join("corpus/scan.txt").exists());
}

#[test]
fn missing_fields_without_a_terminal_are_named() {
    let home = support::project_copy();
    let out = importeer(home.path())
        .arg(fixture("themakaart-sel.docx"))
        .args(["--title", "T"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("ontbreken") && err.contains("--id") && err.contains("--issuer"),
        "{err}"
    );
    assert!(!err.contains("--title,"), "{err}");
    let before: Vec<_> = std::fs::read_dir(home.path().join("corpus"))
        .unwrap()
        .collect();
    assert_eq!(before.len(), 5);
}

#[test]
fn an_existing_document_is_not_overwritten() {
    let home = support::project_copy();
    let anb = home.path().join("corpus/anb.txt");
    let original = std::fs::read(&anb).unwrap();
    let out = importeer(home.path())
        .arg(fixture("anb.docx"))
        .args(["--id", "anb", "--title", "T", "--issuer", "I"])
        .args(["--region", "almere", "--kind", "beleidsdocument"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("bestaat al") && err.contains("--overschrijf"),
        "{err}"
    );
    assert_eq!(std::fs::read(&anb).unwrap(), original);
    importeer(home.path())
        .arg(fixture("anb.docx"))
        .args(["--id", "anb", "--title", "T", "--issuer", "I"])
        .args([
            "--region",
            "almere",
            "--kind",
            "beleidsdocument",
            "--overschrijf",
        ])
        .assert()
        .success();
    assert_ne!(std::fs::read(&anb).unwrap(), original);
}

#[test]
fn bad_files_get_a_dutch_error_and_no_panic() {
    let home = support::project_copy();
    let dir = tempfile::tempdir().unwrap();
    let docx = std::fs::read(fixture("anb.docx")).unwrap();
    let pdf = std::fs::read(fixture("anb.pdf")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "rommel.bin",
            vec![0, 159, 146, 150, 1, 2, 3],
            "onbekend bestandsformaat",
        ),
        (
            "notities.txt",
            b"gewone tekst, geen html".to_vec(),
            "onbekend bestandsformaat",
        ),
        ("kapot.docx", docx[..docx.len() / 2].to_vec(), "beschadigd"),
        ("geen-word.docx", b"PK\x03\x04rommel".to_vec(), "beschadigd"),
        ("kapot.pdf", pdf[..2000].to_vec(), "PDF"),
        (
            "leeg.html",
            b"<html><body><nav>menu</nav></body></html>".to_vec(),
            "geen leesbare tekst",
        ),
        // A PDF by name only: the content decides.
        (
            "echt-html.pdf",
            b"<!doctype html><main><h1>Kop</h1><p>Tekst.</p></main>".to_vec(),
            "",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let assert = importeer(home.path())
            .arg(&path)
            .args(["--id", "x", "--title", "T", "--issuer", "I"])
            .args([
                "--region",
                "almere",
                "--kind",
                "themakaart",
                "--overschrijf",
            ])
            .assert();
        let out = assert.get_output();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!err.contains("panicked"), "{name}: {err}");
        if message.is_empty() {
            assert!(out.status.success(), "{name}: {err}");
            continue;
        }
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(!home.path().join("corpus/x.txt").exists(), "{name}");
    }
}

#[test]
fn imported_fields_are_shown_by_bron() {
    let home = support::project_copy();
    import_ok(home.path(), "themakaart-sel.docx", "kaart");
    let engine = support::open_at(home.path()).unwrap();
    let doc = engine
        .documents()
        .iter()
        .find(|d| d.id == "kaart")
        .unwrap()
        .clone();
    assert_eq!(doc.source_file.as_deref(), Some("themakaart-sel.docx"));
    assert_eq!(doc.source_sha256.as_ref().map(String::len), Some(64));
}

#[test]
fn a_pdf_without_pdftohtml_asks_for_poppler_utils() {
    let home = support::project_copy();
    let out = importeer(home.path())
        .env("PATH", "/nonexistent")
        .arg(fixture("themakaart-sel.pdf"))
        .args(["--id", "x", "--title", "T", "--issuer", "I"])
        .args(["--region", "almere", "--kind", "themakaart"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("poppler-utils"), "{err}");
    assert!(!home.path().join("corpus/x.txt").exists());
}

/// At a terminal, the missing fields are asked for, with the title and dates found in the
/// document as proposals (Enter takes them).
#[cfg(unix)]
#[test]
fn at_a_terminal_missing_fields_are_asked_with_proposals() {
    use expectrl::{Expect, Session};

    let home = support::project_copy();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"));
    cmd.env_remove("NORMWIJZER_HOME")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("--home")
        .arg(home.path())
        .args(["--in-memory", "importeer"])
        .arg(fixture("themakaart-sel.docx"));
    let mut p = Session::spawn(cmd).expect("a pseudo-terminal");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    p.expect("id (kleine letters, cijfers, streepjes) [themakaart-sel]: ")
        .unwrap();
    p.send_line("kaart-import").unwrap();
    p.expect("titel").unwrap();
    p.expect("]: ").unwrap();
    p.send_line("Themakaart SEL").unwrap();
    p.expect("uitgever: ").unwrap();
    p.send_line("Passend Onderwijs Almere").unwrap();
    p.expect("[almere]: ").unwrap();
    p.send_line("").unwrap();
    p.expect("soort (").unwrap();
    p.send_line("themakaart").unwrap();
    p.expect("sectoren").unwrap();
    p.expect("): ").unwrap();
    p.send_line("po, vo").unwrap();
    p.expect("publicatiedatum (- voor geen) [2025-05]: ")
        .unwrap();
    p.send_line("").unwrap();
    p.expect("geldig tot en met (- voor geen) [2026-07]: ")
        .unwrap();
    p.send_line("").unwrap();
    p.expect("Geïmporteerd:").unwrap();
    p.expect(expectrl::Eof).unwrap();
    let text = std::fs::read_to_string(home.path().join("corpus/kaart-import.txt")).unwrap();
    for line in [
        "id = \"kaart-import\"",
        "title = \"Themakaart SEL\"",
        "region = \"almere\"",
        "sectors = [\"po\", \"vo\"]",
        "published = \"2025-05\"",
        "valid_until = \"2026-07\"",
    ] {
        assert!(text.contains(line), "{line} not in:\n{text}");
    }
}

#[test]
fn wrong_values_are_named_and_nothing_is_written() {
    let home = support::project_copy();
    for (args, message) in [
        (
            ["--region", "Almere Stad", "--id", "x"],
            "bedoel je almere?",
        ),
        (["--region", "almere", "--id", "X Y"], "kleine letters"),
    ] {
        let out = importeer(home.path())
            .arg(fixture("themakaart-sel.docx"))
            .args(["--title", "T", "--issuer", "I", "--kind", "themakaart"])
            .args(args)
            .assert()
            .failure();
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.contains(message) && err.contains("niets geschreven"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(home.path().join("corpus"))
            .unwrap()
            .count(),
        5
    );
}
