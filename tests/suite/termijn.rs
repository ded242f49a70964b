//! Terms end to end: every case of `tests/fixtures/deadlines.toml` through the library and the
//! command line (`termijn --json`, and the free-text `ask` case), Easter over centuries, and
//! Dutch replies to impossible or ambiguous input.

use crate::support;

use assert_cmd::cargo::cargo_bin_cmd;
use jiff::civil::Date;
use normwijzer::checks::kalender;
use normwijzer::model::Check;
use serde_json::Value;

fn d(s: &str) -> Date {
    s.parse().expect("test date")
}

/// The fixture file as TOML values; unknown extra keys are tolerated.
fn fixture() -> toml::Table {
    let text = std::fs::read_to_string(support::home().join("tests/fixtures/deadlines.toml"))
        .expect("fixture exists");
    toml::from_str(&text).expect("fixture is TOML")
}

fn entries<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn field(t: &toml::Table, key: &str) -> String {
    t.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("missing {key} in {t:?}"))
        .to_string()
}

/// Runs the CLI with the index in memory (no writes to the project) and returns stdout,
/// stderr and whether it succeeded.
fn cli(args: &[&str]) -> (String, String, bool) {
    let out = cargo_bin_cmd!("normwijzer")
        .arg("--in-memory")
        .arg("--home")
        .arg(support::home())
        .args(args)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, stderr, out.status.success())
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn fixture_cases_through_the_library() {
    let t = fixture();
    let cases = entries(&t, "case");
    assert!(cases.len() >= 4);
    let checks = support::engine().checks();
    for c in cases {
        let start = field(c, "aanmelding");
        let r = checks
            .termijn("zorgplicht", &start, d("2026-11-22"))
            .unwrap_or_else(|e| panic!("{start}: {e}"));
        assert_eq!(r.deadline, d(&field(c, "deadline")), "{start}");
        assert_eq!(r.extended, Some(d(&field(c, "extended"))), "{start}");
        assert!(r.citations.iter().any(|c| c.passage == "anb#zorgplicht-1"));
    }
}

#[test]
fn fixture_cases_through_the_cli_json() {
    let t = fixture();
    for c in entries(&t, "case") {
        let start = field(c, "aanmelding");
        let (out, err, ok) = cli(&[
            "termijn",
            "zorgplicht",
            &start,
            "--json",
            "--today",
            "2026-11-22",
        ]);
        assert!(ok, "{start}: {err}");
        let v = json(&out);
        assert_eq!(v["rule"], "zorgplicht");
        assert_eq!(v["start"], start.as_str());
        assert_eq!(v["deadline"], field(c, "deadline").as_str(), "{start}");
        assert_eq!(v["extended"], field(c, "extended").as_str(), "{start}");
        for s in v["shifts"].as_array().expect("shifts") {
            for k in ["from", "to", "reason"] {
                assert!(s[k].is_string(), "{s}");
            }
        }
        let cites = v["citations"].as_array().expect("citations");
        assert_eq!(cites[0]["passage"], "anb#zorgplicht-1");
        let text = cites[0]["text"].as_str().unwrap();
        let quote = cites[0]["quote"].as_str().unwrap();
        assert!(
            text.contains(quote) && quote.contains("binnen zes weken"),
            "{quote}"
        );
        assert!(v["warnings"].is_array());
    }
}

#[test]
fn shifted_deadlines_show_every_step() {
    let (out, _, ok) = cli(&[
        "termijn",
        "zorgplicht",
        "2026-02-20",
        "--json",
        "--today",
        "2026-01-01",
    ]);
    assert!(ok);
    let v = json(&out);
    let reasons: Vec<&str> = v["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "3 april 2026 is Goede Vrijdag",
            "4 april 2026 is een zaterdag",
            "5 april 2026 is Eerste Paasdag (zondag)",
            "6 april 2026 is Tweede Paasdag"
        ]
    );
    assert_eq!(v["shifts"][0]["from"], "2026-04-03");
    assert_eq!(v["shifts"][3]["to"], "2026-04-07");
}

#[test]
fn human_output_names_weekdays_and_holidays() {
    let (out, _, ok) = cli(&[
        "termijn",
        "zorgplicht",
        "2026-04-13",
        "--today",
        "2026-04-14",
    ]);
    assert!(ok);
    assert!(
        out.contains("Zorgplicht na schriftelijke aanmelding — aanmelding maandag 13 april 2026"),
        "{out}"
    );
    assert!(
        out.contains(
            "Beslissen uiterlijk: dinsdag 26 mei 2026 (6 weken; 25 mei is Tweede Pinksterdag)"
        ),
        "{out}"
    );
    assert!(
        out.contains("Met uitloop uiterlijk: maandag 22 juni 2026 (10 weken)"),
        "{out}"
    );
    assert!(
        out.contains("- 25 mei 2026 is Tweede Pinksterdag, doorgeschoven naar dinsdag 26 mei 2026"),
        "{out}"
    );
    assert!(out.contains("(anb#zorgplicht-1)"), "{out}");
    // Any date form the parser knows works on the command line too.
    let (out, _, ok) = cli(&["termijn", "zorgplicht", "13", "april", "2026"]);
    assert!(ok && out.contains("dinsdag 26 mei 2026"), "{out}");
}

#[test]
fn the_free_text_ask_case() {
    let t = fixture();
    let asks = entries(&t, "ask");
    assert!(!asks.is_empty());
    for a in asks {
        let q = field(a, "ask");
        let (out, err, ok) = cli(&["ask", "--json", "--today", "2026-11-22", &q]);
        assert!(ok, "{err}");
        let v = json(&out);
        assert_eq!(v["abstained"], false);
        let check = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "termijn")
            .unwrap_or_else(|| panic!("no termijn check: {out}"));
        assert_eq!(check["rule"], "zorgplicht");
        assert_eq!(check["deadline"], field(a, "deadline").as_str());
        assert_eq!(check["extended"], field(a, "extended").as_str());
        assert!(check["start"].is_string() && check["shifts"].is_array());
        let cited: Vec<&str> = v["citations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["passage"].as_str().unwrap())
            .collect();
        assert!(cited.contains(&"anb#zorgplicht-1"), "{cited:?}");
        let answer = v["answer"].as_str().unwrap();
        let deadline = normwijzer::text::dutch::date(d(&field(a, "deadline")));
        assert!(
            answer.starts_with("Zorgplicht na schriftelijke aanmelding"),
            "{answer}"
        );
        assert!(answer.contains(&deadline), "{answer}");
        assert!(answer.contains("Berekening:"), "{answer}");

        // The same through the library.
        let ans = support::engine()
            .ask(&q, &support::on("2026-11-22"))
            .expect("answer");
        let found = ans.checks.iter().any(|c| {
            matches!(c, Check::Termijn { deadline, .. } if deadline.to_string() == field(a, "deadline"))
        });
        assert!(found, "{:?}", ans.checks);
    }
}

#[test]
fn the_rule_citation_comes_first_and_markers_follow_the_ranks() {
    let q = "Ouders hebben hun kind op 13 april 2026 schriftelijk aangemeld. Wanneer moet de school uiterlijk beslissen?";
    let a = support::engine()
        .ask(q, &support::on("2026-04-14"))
        .expect("answer");
    assert_eq!(a.citations[0].passage, "anb#zorgplicht-1");
    for (i, c) in a.citations.iter().enumerate() {
        assert_eq!(c.rank, i + 1);
        assert!(c.text.contains(&c.quote), "{}", c.passage);
        assert!(
            a.body.contains(&format!("[{}]", c.rank)),
            "[{}] missing:\n{}",
            c.rank,
            a.body
        );
    }
    assert!(a.body.contains("dinsdag 26 mei 2026"), "{}", a.body);
    assert!(a.text().starts_with("Zorgplicht"), "{}", a.text());
}

#[test]
fn a_term_question_without_date_explains_the_rule_and_asks_for_it() {
    let a = support::engine()
        .ask(
            "Hoe lang heeft de school na aanmelding om de onderwijsbehoeften in kaart te brengen?",
            &support::on("2026-03-01"),
        )
        .expect("answer");
    assert!(a.checks.is_empty());
    assert_eq!(a.citations[0].passage, "anb#zorgplicht-1");
    assert!(
        a.body.contains("6 weken, met uitloop tot 10 weken"),
        "{}",
        a.body
    );
    assert!(a.body.contains("Noem de datum"), "{}", a.body);
}

#[test]
fn impossible_or_ambiguous_dates_get_a_dutch_reply() {
    let e = support::engine();
    let on = support::on("2026-11-22");
    for (q, expect, want_code) in [
        (
            "Aangemeld op 31 februari 2026, wanneer moet de school beslissen?",
            "„31 februari 2026” bestaat niet: februari 2026 heeft 28 dagen",
            "datum_bestaat_niet",
        ),
        (
            "Aangemeld op 32-13-2026, wanneer moet de school beslissen?",
            "dag 32 en maand 13 bestaan niet",
            "ongeldige_datum",
        ),
        (
            "Aangemeld op maandag 3 maart 2026, wanneer uiterlijk beslissen?",
            "3 maart 2026 is een dinsdag, geen maandag",
            "weekdag_klopt_niet",
        ),
    ] {
        let a = e.ask(q, &on).expect("answer");
        assert!(a.text().contains(expect), "{q}:\n{}", a.text());
        // No term, but a structured reason why not.
        assert!(
            matches!(
                a.checks.as_slice(),
                [Check::Datum { code, message, .. }] if code == want_code && message.contains(expect)
            ),
            "{q}: {:?}",
            a.checks
        );
        assert!(!a.abstained);
    }
    let a = e
        .ask(
            "Aangemeld op 2 maart, wanneer moet de school beslissen?",
            &on,
        )
        .expect("answer");
    assert!(
        a.text()
            .contains("bij „2 maart” staat geen jaar; ik ga uit van maandag 2 maart 2026"),
        "{}",
        a.text()
    );
    assert!(matches!(&a.checks[0], Check::Termijn { start, .. } if *start == d("2026-03-02")));
    let a = e
        .ask(
            "Gisteren schriftelijk aangemeld. Wanneer moet de school beslissen?",
            &on,
        )
        .expect("answer");
    assert!(
        matches!(&a.checks[0], Check::Termijn { start, .. } if *start == d("2026-11-21")),
        "{:?}",
        a.checks
    );
    assert!(
        a.text()
            .contains("„gisteren” gelezen als zaterdag 21 november 2026"),
        "{}",
        a.text()
    );
}

#[test]
fn command_line_errors_are_dutch_sentences() {
    let (_, err, ok) = cli(&["termijn", "zorgplciht", "2026-03-02"]);
    assert!(!ok);
    assert!(
        err.contains(
            "onbekende termijn „zorgplciht”; bekende termijnen: zorgplicht, zorgplicht-tussentijds"
        ),
        "{err}"
    );
    let (_, err, ok) = cli(&["termijn", "zorgplicht", "31", "februari", "2026"]);
    assert!(
        !ok && err.contains("bestaat niet: februari 2026 heeft 28 dagen"),
        "{err}"
    );
    let (_, err, ok) = cli(&["termijn", "zorgplicht", "32-13-2026"]);
    assert!(
        !ok && err.contains("dag 32 en maand 13 bestaan niet"),
        "{err}"
    );
    let (_, err, ok) = cli(&["termijn", "zorgplicht"]);
    assert!(!ok && err.contains("geef de startdatum"), "{err}");
    let (_, err, ok) = cli(&["termijn", "zorgplicht", "morgenochtend"]);
    assert!(!ok && err.contains("herken ik niet als datum"), "{err}");
    let (_, err, ok) = cli(&["termijn", "zorgplicht", "1985-03-02"]);
    assert!(!ok && err.contains("alleen bekend van 1990"), "{err}");
}

#[test]
fn listing_the_rules() {
    for args in [&["termijn"][..], &["termijn", "--list"][..]] {
        let (out, _, ok) = cli(args);
        assert!(ok);
        assert!(out.contains("zorgplicht-tussentijds"), "{out}");
        assert!(out.contains("anb#zorgplicht-1"), "{out}");
    }
    let (out, _, ok) = cli(&["termijn", "--list", "--json"]);
    assert!(ok);
    let v = json(&out);
    assert_eq!(v[0]["id"], "zorgplicht");
    assert_eq!(v[0]["days"], 42);
    assert_eq!(v[0]["extended_days"], 70);
}

#[test]
fn easter_over_centuries() {
    for (year, date) in [
        (1583, "1583-04-10"),
        (1818, "1818-03-22"),
        (1900, "1900-04-15"),
        (1943, "1943-04-25"),
        (1961, "1961-04-02"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2038, "2038-04-25"),
        (2100, "2100-03-28"),
        (2285, "2285-03-22"),
    ] {
        assert_eq!(kalender::easter(year), Some(d(date)), "{year}");
    }
}

#[test]
fn royal_decree_days_from_the_shipped_config_move_a_term() {
    // 26 May 2017, the Friday after Ascension Day, was equated by the decree of 24 October
    // 2016 listed in config/kalender.toml: a term ending on it runs on to Monday 29 May.
    let r = support::engine()
        .checks()
        .termijn("zorgplicht", "2017-04-14", d("2017-04-14"))
        .unwrap();
    assert_eq!(r.deadline, d("2017-05-29"));
    assert!(
        r.shifts[0].reason.contains("gelijkgesteld"),
        "{:?}",
        r.shifts
    );
    // A bridge day not in the config gets a warning instead (15 May 2026).
    let r = support::engine()
        .checks()
        .termijn("zorgplicht", "2026-04-03", d("2026-04-03"))
        .unwrap();
    assert_eq!(r.deadline, d("2026-05-15"));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("de dag na Hemelvaartsdag")),
        "{:?}",
        r.warnings
    );
}

/// `Checks::termijn_answer`, what the Discord `/termijn` command renders: the same computation
/// as `normwijzer termijn`, as an answer with the check, the rule's citation and the text.
#[test]
fn a_term_as_an_answer_for_channels() {
    let checks = support::engine().checks();
    let today = d("2026-03-02");
    let a = checks
        .termijn_answer("Zorgplicht", "13 april 2026", today)
        .expect("computes");
    let c = checks
        .termijn("zorgplicht", "2026-04-13", today)
        .expect("computes");
    assert!(!a.abstained);
    // One term check, with the computation's values; `shifts` also compares what the JSON
    // leaves out.
    assert_eq!(a.checks.len(), 1, "one term check expected: {:?}", a.checks);
    let Check::Termijn { shifts, .. } = &a.checks[0] else {
        panic!("one term check expected: {:?}", a.checks)
    };
    assert_eq!(shifts, &c.shifts);
    let got = serde_json::to_value(&a.checks[0]).expect("serializes");
    assert_eq!(got, serde_json::to_value(c.check()).expect("serializes"));
    assert_eq!(got["rule"], "zorgplicht");
    assert_eq!(got["start"], c.start.to_string());
    assert_eq!(got["deadline"], "2026-05-26");
    let ids: Vec<&str> = a.citations.iter().map(|x| x.passage.as_str()).collect();
    assert_eq!(ids, ["anb#zorgplicht-1"]);
    assert_eq!(a.citations[0].rank, 1);
    assert!(a.citations[0].text.contains(&a.citations[0].quote));
    // The same computation as `normwijzer termijn`, with its source cited as [1].
    assert!(
        a.body
            .starts_with(&normwijzer::text::termijn::lines(&c).join("\n")),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("Bron: ") && a.body.contains("[1]"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("25 mei 2026 is Tweede Pinksterdag"),
        "{}",
        a.body
    );
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert_eq!(a.text(), a.body);
    // An assumption about the date is in the text; errors are the library's Dutch ones.
    let a = checks
        .termijn_answer("zorgplicht", "2 maart", today)
        .expect("computes");
    assert!(
        a.body.contains("Aanname: bij „2 maart” staat geen jaar"),
        "{}",
        a.body
    );
    let e = checks
        .termijn_answer("zorgplicht", "31 februari 2026", today)
        .expect_err("no such day");
    assert_eq!(
        e.to_string(),
        "„31 februari 2026” bestaat niet: februari 2026 heeft 28 dagen"
    );
    assert!(
        checks
            .termijn_answer("onbekend", "2 maart 2026", today)
            .is_err()
    );
}
