//! What a new user trips over (issue 14), through the `normwijzer` command: Dutch help and
//! labels, one register, dates in every form staff type, machine-readable errors, a closed
//! pipe, no colour codes off a terminal, and a chat that behaves like a terminal chat (driven
//! through a pseudo-terminal).

use crate::support::{self, nw};

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The day the tests run on: Sunday 22 November 2026.
const TODAY: &str = "2026-11-22";

fn in_home(home: &Path) -> Command {
    let mut c = Command::cargo_bin("normwijzer").unwrap();
    c.env_remove("NORMWIJZER_HOME")
        .arg("--home")
        .arg(home)
        .arg("--in-memory");
    c
}

/// The one JSON value on stdout (fails when there is none, or more than one).
fn one_json(stdout: &[u8]) -> Value {
    let stdout = std::str::from_utf8(stdout).expect("utf-8");
    let mut values = serde_json::Deserializer::from_str(stdout).into_iter::<Value>();
    let v = values.next().expect("one JSON value").expect("valid JSON");
    assert!(
        values.next().is_none(),
        "more than one JSON value: {stdout}"
    );
    v
}

/// Words of the formal register ("u", "uw", "bedoelt u") that staff should not read.
fn formal(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    ["u", "uw", "bedoelt"]
        .into_iter()
        .find(|f| words.iter().any(|w| w == f))
}

#[test]
fn help_is_dutch_for_every_command() {
    let commands: &[&[&str]] = &[
        &[],
        &["ask"],
        &["chat"],
        &["bron"],
        &["passages"],
        &["termijn"],
        &["bronnen"],
        &["index"],
        &["serve"],
        &["serve", "http"],
        &["serve", "discord"],
        &["bench"],
        &["bench", "corpus"],
        &["eval"],
    ];
    for command in commands {
        let out = nw().args(*command).arg("--help").output().unwrap();
        assert!(out.status.success(), "{command:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Gebruik: normwijzer"), "{command:?}: {help}");
        assert!(help.contains("Toon deze hulp"), "{command:?}: {help}");
        for english in [
            "Usage",
            "Options",
            "Commands",
            "Arguments",
            "Print",
            "[OPTIONS]",
            "default",
        ] {
            assert!(
                !help.contains(english),
                "{command:?} says {english}: {help}"
            );
        }
        assert_eq!(formal(&help), None, "{command:?}: {help}");
    }
    let top = nw().arg("--help").output().unwrap();
    let top = String::from_utf8(top.stdout).unwrap();
    assert!(
        top.contains("Opdrachten:") && top.contains("Opties:"),
        "{top}"
    );
    let ask = nw().args(["ask", "-h"]).output().unwrap();
    assert!(
        String::from_utf8(ask.stdout)
            .unwrap()
            .contains("Argumenten:")
    );
}

#[test]
fn passage_kinds_are_dutch() {
    let out = nw().args(["passages", "anb"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let kinds: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("── "))
        .filter_map(|l| l.split_once(" (")?.1.split_once(',').map(|(k, _)| k))
        .collect();
    assert!(!kinds.is_empty(), "{text}");
    for k in &kinds {
        assert!(
            ["alinea", "lijst", "tabel", "begrip", "colofon", "voetnoot"].contains(k),
            "{k}"
        );
    }
    assert!(
        kinds.contains(&"alinea") && kinds.contains(&"lijst"),
        "{kinds:?}"
    );
}

#[test]
fn a_day_that_does_not_exist_is_named() {
    nw().args(["ask", "--today", "2026-02-30", "wat is een ZAT?"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "„2026-02-30” bestaat niet: februari 2026 heeft 28 dagen",
        ));
    nw().args(["bronnen", "--today", "2-3-2026"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("vorm JJJJ-MM-DD"));
    // In a document's front matter.
    let home = support::project_copy();
    std::fs::write(
        home.path().join("corpus/kapot.txt"),
        "+++\nid = \"kapot\"\ntitle = \"Kapot\"\nissuer = \"x\"\nregion = \"almere\"\nkind = \"x\"\npublished = \"2026-01\"\nvalid_until = \"2027-02-30\"\n+++\ntekst\n",
    )
    .unwrap();
    in_home(home.path())
        .args(["bronnen", "--today", TODAY])
        .assert()
        .success()
        .stderr(predicate::str::contains("kapot.txt, regel 8"))
        .stderr(predicate::str::contains("februari 2027 heeft 28 dagen"));
}

#[test]
fn toml_and_serde_errors_are_dutch_sentences() {
    let home = support::project_copy();
    std::fs::write(
        home.path().join("corpus/kapot.txt"),
        "+++\nid = \"kapot\"\ntitle = \"Kapot\"\nissuer = \"x\"\nregion = \"almere\"\nkind = \"x\"\nsectors = \"po\"\n+++\ntekst\n",
    )
    .unwrap();
    let out = in_home(home.path())
        .args(["bronnen", "--today", TODAY])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("kapot.txt, regel 7: sectors in de kop: verwacht een lijst"),
        "{stderr}"
    );
    for english in ["invalid type", "expected", "sequence"] {
        assert!(!stderr.contains(english), "{stderr}");
    }

    let home = support::project_copy();
    std::fs::write(
        home.path().join("config/synonyms.toml"),
        "[[group]]\nterms = \"OPP\"\n",
    )
    .unwrap();
    let out = in_home(home.path())
        .args(["ask", "wat is een ZAT?"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("synonyms.toml, regel 2: terms: verwacht een lijst"),
        "{stderr}"
    );
    assert!(!stderr.contains("invalid"), "{stderr}");
}

#[test]
fn max_zero_is_refused_in_dutch() {
    nw().args(["ask", "--max", "0", "wat is een ZAT?"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--max 0"))
        .stderr(predicate::str::contains("geef 1 of meer"));
    let out = nw()
        .args(["ask", "--json", "--max", "0", "wat is een ZAT?"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(one_json(&out.stdout)["error"]["code"], "max_nul");
}

/// `ask --json` about the zorgplicht term with a date written `date`.
fn deadline_check(date_question: &str) -> Value {
    let q = format!("{date_question}, wanneer moet de school beslissen?");
    let out = nw()
        .args(["ask", "--json", "--today", TODAY, &q])
        .output()
        .unwrap();
    assert!(out.status.success(), "{q}");
    let v = one_json(&out.stdout);
    v["checks"][0].clone()
}

#[test]
fn dates_in_questions_as_staff_write_them() {
    // (as typed, the day it means; worked out by hand for Sunday 22 November 2026)
    let cases = [
        ("aangemeld op 2026/03/16", "2026-03-16"),
        ("aangemeld op 16.03.2026", "2026-03-16"),
        ("vorige week maandag aangemeld", "2026-11-09"),
        ("afgelopen vrijdag aangemeld", "2026-11-20"),
        ("eergisteren aangemeld", "2026-11-20"),
    ];
    for (typed, day) in cases {
        let check = deadline_check(typed);
        assert_eq!(check["kind"], "termijn", "{typed}: {check}");
        assert_eq!(check["start"], day, "{typed}: {check}");
        // `termijn` reads the same words to the same day and the same deadline.
        let words = typed
            .trim_start_matches("aangemeld op ")
            .trim_end_matches(" aangemeld");
        let out = nw()
            .args(["termijn", "zorgplicht", words, "--json", "--today", TODAY])
            .output()
            .unwrap();
        assert!(out.status.success(), "{words}");
        let c = one_json(&out.stdout);
        assert_eq!(c["start"], day, "{words}");
        assert_eq!(c["deadline"], check["deadline"], "{words}");
    }
}

#[test]
fn an_unreadable_date_in_a_deadline_question_is_said() {
    for (typed, says, code) in [
        (
            "aangemeld op 16 maartt 2026",
            "herken ik niet als datum",
            "geen_datum",
        ),
        (
            "aangemeld op 30 februari 2026",
            "februari 2026 heeft 28 dagen",
            "datum_bestaat_niet",
        ),
    ] {
        let q = format!("{typed}, wanneer moet de school beslissen?");
        nw().args(["ask", "--today", TODAY, &q])
            .assert()
            .success()
            .stdout(predicate::str::contains(says))
            .stdout(predicate::str::contains("niet uitrekenen"));
        let out = nw()
            .args(["ask", "--json", "--today", TODAY, &q])
            .output()
            .unwrap();
        let v = one_json(&out.stdout);
        let check = &v["checks"][0];
        assert_eq!(check["kind"], "datum", "{v}");
        assert_eq!(check["code"], code, "{v}");
        assert!(check["message"].as_str().unwrap().contains(says), "{check}");
    }
}

#[test]
fn json_commands_fail_with_one_json_error() {
    let cases: &[(&[&str], &str, i32)] = &[
        (
            &["ask", "--json", "--today", "2026-02-30", "x"],
            "datum_bestaat_niet",
            1,
        ),
        (
            &["bron", "--json", "anb#zorgplict-1"],
            "onbekende_passage",
            1,
        ),
        (
            &["termijn", "onbekend", "2026-03-02", "--json"],
            "onbekende_termijn",
            1,
        ),
        (
            &["termijn", "zorgplicht", "31 februari 2026", "--json"],
            "datum_bestaat_niet",
            1,
        ),
        (&["bronnen", "--json", "--today", "morgen"], "geen_datum", 1),
        (&["ask", "--json"], "gebruik", 2),
        (&["ask", "--json", "--max", "veel", "x"], "gebruik", 2),
    ];
    for (args, code, exit) in cases {
        let out = nw().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(*exit), "{args:?}");
        let v = one_json(&out.stdout);
        assert_eq!(v["error"]["code"], *code, "{args:?}: {v}");
        let message = v["error"]["message"].as_str().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(formal(message), None, "{message}");
    }
}

#[test]
fn unknown_passage_suggests_the_nearest_ids() {
    nw().args(["bron", "anb#zorgplict-1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "passage „anb#zorgplict-1” bestaat niet; bedoel je een van deze: anb#zorgplicht-1",
        ));
    // A mistyped document too.
    nw().args(["bron", "abn#zorgplicht-1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("anb#zorgplicht-1"));
    // And in chat, where the session goes on.
    nw().args(["chat", "--today", TODAY])
        .write_stdin("bron anb#zorgplict-1\nbron anb#zorgplicht-1\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Passage „anb#zorgplict-1” bestaat niet; bedoel je een van deze: anb#zorgplicht-1",
        ))
        .stdout(predicate::str::contains("binnen zes weken"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // `normwijzer passages | head -1`, made certain: the reader is gone before the first line
    // is written (opening the engine takes a while), so every write meets a closed pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"))
        .env_remove("NORMWIJZER_HOME")
        .arg("--home")
        .arg(support::home())
        .args(["--in-memory", "passages"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("uitvoer"), "{stderr}");

    // And a reader that leaves after the first line.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"))
        .env_remove("NORMWIJZER_HOME")
        .arg("--home")
        .arg(support::home())
        .args(["--in-memory", "passages"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("── "), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn no_colour_codes_when_stderr_is_no_terminal() {
    // A bridge day not in the calendar is logged as a warning (tracing, which colours on a
    // terminal).
    for no_color in [None, Some("1")] {
        let mut c = nw();
        c.args(["termijn", "zorgplicht", "2026-04-03", "--today", TODAY]);
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("mogelijke brugdag"), "{stderr}");
        assert!(stderr.contains("WARN"), "{stderr}");
        assert!(!stderr.contains('\x1b'), "{stderr:?}");
    }
}

#[test]
fn bridge_days_send_staff_to_the_consulent_not_to_a_config_file() {
    // Friday 15 May 2026, the day after Hemelvaartsdag, is not in config/kalender.toml.
    let out = nw()
        .args(["termijn", "zorgplicht", "2026-04-03", "--today", TODAY])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("de dag na Hemelvaartsdag"), "{text}");
    assert!(text.contains("een dag te vroeg"), "{text}");
    assert!(text.contains("consulent"), "{text}");
    assert!(
        !text.contains(".toml") && !text.contains("config"),
        "{text}"
    );
    assert_eq!(formal(&text), None, "{text}");
}

/// `normwijzer chat` in a pseudo-terminal, as a person uses it.
#[cfg(unix)]
#[test]
fn chat_in_a_terminal_edits_lines_and_keeps_history_in_memory() {
    use expectrl::{ControlCode, Expect, Session};

    let home_dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_normwijzer"));
    cmd.env_remove("NORMWIJZER_HOME")
        .env("HOME", home_dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("--home")
        .arg(support::home())
        .args(["--in-memory", "chat", "--today", TODAY]);
    let mut p = Session::spawn(cmd).expect("a pseudo-terminal");
    p.set_expect_timeout(Some(Duration::from_secs(120)));
    p.expect("stel je vraag").unwrap();
    p.expect("> ").unwrap();

    p.send_line("wat is een ZAT?").unwrap();
    let first = p.expect("Toon een hele passage met: bron <id>").unwrap();
    let first = String::from_utf8_lossy(first.before()).into_owned();
    assert!(first.contains("Multidisciplinair overleg"), "{first}");
    assert!(!first.contains("normwijzer bron"), "{first}");
    p.expect("> ").unwrap();

    // ↑ and Enter: the previous question again, not `^[[A`.
    p.send("\x1b[A").unwrap();
    p.send("\r").unwrap();
    let again = p.expect("Toon een hele passage met: bron <id>").unwrap();
    let again = String::from_utf8_lossy(again.before()).into_owned();
    assert!(again.contains("Multidisciplinair overleg"), "{again}");
    assert!(!again.contains("^[[A"), "{again}");
    p.expect("> ").unwrap();

    // Ctrl-C empties the line being typed; the session goes on.
    // (Each key waits for the editor's answer: what is typed while the terminal switches
    // modes may be dropped, by the terminal, not by normwijzer.)
    p.send("half getypt").unwrap();
    p.expect("half getypt").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("> ").unwrap();
    p.send_line("bron anb#zorgplict-1").unwrap();
    let unknown = p
        .expect("bedoel je een van deze: anb#zorgplicht-1")
        .unwrap();
    let unknown = String::from_utf8_lossy(unknown.before()).into_owned();
    assert!(!unknown.contains("half getyptbron"), "{unknown}");
    p.expect("> ").unwrap();

    // Ctrl-D ends the session on a fresh line, with success.
    p.send(ControlCode::EndOfTransmission).unwrap();
    let end = p.expect(expectrl::Eof).unwrap();
    let end = String::from_utf8_lossy(end.as_bytes()).into_owned();
    assert!(end.ends_with("\r\n"), "{end:?}");
    assert!(!end.ends_with("\r\n\r\n"), "{end:?}");
    let status = p.get_process().wait().unwrap();
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 0)),
        "{status:?}"
    );
    // Nothing was written to disk: no history file in HOME.
    let written: Vec<_> = std::fs::read_dir(home_dir.path()).unwrap().collect();
    assert!(written.is_empty(), "{written:?}");
}
