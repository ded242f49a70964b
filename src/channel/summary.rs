//! The deterministic checks of an answer ([`Check`]: a computed term, document validity, the
//! OPP decision) as short Dutch lines, so that Discord and Teams show them the same way: a
//! title, the result in one line, and detail lines (each shifted day, document or branch).
//!
//! Plain text only; each channel escapes and formats it. Nothing is computed here: every date,
//! status and verdict comes from the check as the library produced it.

use crate::model::{Check, Decision, DocStatus, End, StatusLabel, Verdict};
use crate::text::dutch;

/// One check, or a run of validity checks, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// `Termijn zorgplicht`, `Geldigheid`, `OPP`.
    pub title: String,
    /// The result in one line: the last day, the status, the verdict.
    pub result: String,
    /// Short lines below the result.
    pub details: Vec<String>,
}

/// The checks in order; consecutive validity checks (one per document) become one summary.
pub fn summaries(checks: &[Check]) -> Vec<Summary> {
    let mut out = Vec::new();
    let mut statuses: Vec<&DocStatus> = Vec::new();
    for c in checks {
        if let Check::Geldigheid(s) = c {
            statuses.push(s);
            continue;
        }
        if !statuses.is_empty() {
            out.push(validity(&statuses));
            statuses.clear();
        }
        match c {
            Check::Termijn {
                rule,
                start,
                deadline,
                extended,
                shifts,
                ..
            } => {
                let mut result = format!("Uiterlijk {}", dutch::date_with_weekday(*deadline));
                if let Some(x) = extended {
                    result.push_str(&format!(
                        " · met uitloop uiterlijk {}",
                        dutch::date_with_weekday(*x)
                    ));
                }
                let mut details = vec![format!("Start: {}", dutch::date_with_weekday(*start))];
                details.extend(shifts.iter().map(|s| {
                    let which = match s.term {
                        End::Deadline => "Doorgeschoven",
                        End::Extended => "Uitloop doorgeschoven",
                    };
                    format!("{which}: {} → {}", s.reason, dutch::date_with_weekday(s.to))
                }));
                out.push(Summary {
                    title: format!("Termijn {rule}"),
                    result,
                    details,
                });
            }
            Check::Opp(d) => out.push(opp(d)),
            // The reply's text already says what is wrong with the date.
            Check::Geldigheid(_) | Check::Datum { .. } => {}
        }
    }
    if !statuses.is_empty() {
        out.push(validity(&statuses));
    }
    out
}

fn validity(statuses: &[&DocStatus]) -> Summary {
    let line = |s: &DocStatus| format!("„{}” ({}): {}", s.title, s.doc, s.summary);
    match statuses {
        [one] => Summary {
            title: "Geldigheid".into(),
            result: line(one),
            details: if one.passages.is_empty() {
                Vec::new()
            } else {
                vec![format!("Staat in: {}", one.passages.join(", "))]
            },
        },
        many => Summary {
            title: "Geldigheid".into(),
            result: format!("{} documenten:", many.len()),
            details: many.iter().map(|s| line(s)).collect(),
        },
    }
}

/// What a verdict means, in a few words.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Verplicht => "OPP verplicht",
        Verdict::Kan => "OPP niet verplicht; de school kan ervoor kiezen",
        Verdict::NietGenoemd => "de documenten noemen een OPP hier niet als verplichting",
    }
}

fn opp(d: &Decision) -> Summary {
    let result = match (d.decision, &d.level) {
        (Some(Verdict::Verplicht), _) => "Verplicht, volgens de documenten".to_string(),
        (Some(Verdict::Kan), _) => {
            "Niet verplicht; de school kan ervoor kiezen, volgens de documenten".to_string()
        }
        (Some(Verdict::NietGenoemd), _) => {
            "De documenten noemen een OPP hier niet als verplichting".to_string()
        }
        (None, Some(_)) => "De documenten zeggen hier niet hetzelfde".to_string(),
        (None, None) => "Hangt af van de ondersteuning die de leerling krijgt".to_string(),
    };
    let details = d
        .branches
        .iter()
        .map(|b| {
            let lead = if b.primary { "" } else { "Zie ook: " };
            let status = if b.status == StatusLabel::Geldig {
                String::new()
            } else {
                format!(" (document {})", b.status)
            };
            format!("{lead}{}: {}{status}", b.when, verdict(b.decision))
        })
        .collect();
    Summary {
        title: "OPP".into(),
        result,
        details,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{BranchResult, Shift};

    fn d(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    /// The zorgplicht term from 13 April 2026, moved past Tweede Pinksterdag (shared with the
    /// other renderers' tests).
    pub(crate) fn termijn_check() -> Check {
        Check::Termijn {
            rule: "zorgplicht".into(),
            start: d("2026-04-13"),
            deadline: d("2026-05-26"),
            extended: Some(d("2026-06-22")),
            shifts: vec![Shift {
                from: d("2026-05-25"),
                to: d("2026-05-26"),
                reason: "25 mei 2026 is Tweede Pinksterdag".into(),
                term: End::Deadline,
                what: "Tweede Pinksterdag".into(),
            }],
        }
    }

    fn status(doc: &str, summary: &str) -> DocStatus {
        DocStatus {
            doc: doc.into(),
            title: format!("Titel {doc}"),
            status: StatusLabel::Geldig,
            until: None,
            expired_since: None,
            superseded_by: None,
            published: None,
            region: "almere".into(),
            other_region: false,
            summary: summary.into(),
            passages: vec![format!("{doc}#colofon-1")],
        }
    }

    #[test]
    fn a_term_names_both_ends_the_start_and_each_shift() {
        let s = summaries(&[termijn_check()]);
        assert_eq!(
            s,
            [Summary {
                title: "Termijn zorgplicht".into(),
                result:
                    "Uiterlijk dinsdag 26 mei 2026 · met uitloop uiterlijk maandag 22 juni 2026"
                        .into(),
                details: vec![
                    "Start: maandag 13 april 2026".into(),
                    "Doorgeschoven: 25 mei 2026 is Tweede Pinksterdag → dinsdag 26 mei 2026".into()
                ],
            }]
        );
    }

    #[test]
    fn validity_checks_in_a_row_become_one_summary() {
        let one = summaries(&[Check::Geldigheid(status("sel", "geldig t/m 31 juli 2026"))]);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].result, "„Titel sel” (sel): geldig t/m 31 juli 2026");
        assert_eq!(one[0].details, ["Staat in: sel#colofon-1"]);
        let many = summaries(&[
            Check::Geldigheid(status("a", "geldig")),
            Check::Geldigheid(status("b", "vervangen door X")),
            termijn_check(),
            Check::Geldigheid(status("c", "verlopen sinds 1 augustus 2026")),
        ]);
        let titles: Vec<&str> = many.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Geldigheid", "Termijn zorgplicht", "Geldigheid"]);
        assert_eq!(many[0].result, "2 documenten:");
        assert_eq!(
            many[0].details,
            ["„Titel a” (a): geldig", "„Titel b” (b): vervangen door X"]
        );
    }

    #[test]
    fn opp_gives_the_verdict_and_each_branch() {
        let branch = |id: &str, v: Verdict, primary: bool, status: StatusLabel| BranchResult {
            id: id.into(),
            when: format!("Bij {id}"),
            decision: v,
            primary,
            status,
            passages: vec![format!("anb#{id}-1")],
        };
        let s = summaries(&[Check::Opp(Decision {
            decision: Some(Verdict::Kan),
            level: Some("Bij niveau-3".into()),
            branches: vec![
                branch("niveau-3", Verdict::Kan, true, StatusLabel::Geldig),
                branch("sel", Verdict::Verplicht, false, StatusLabel::Verlopen),
            ],
        })]);
        assert_eq!(s[0].title, "OPP");
        assert_eq!(
            s[0].result,
            "Niet verplicht; de school kan ervoor kiezen, volgens de documenten"
        );
        assert_eq!(
            s[0].details,
            [
                "Bij niveau-3: OPP niet verplicht; de school kan ervoor kiezen",
                "Zie ook: Bij sel: OPP verplicht (document verlopen)"
            ]
        );
        let open = summaries(&[Check::Opp(Decision {
            decision: None,
            level: None,
            branches: Vec::new(),
        })]);
        assert!(open[0].result.starts_with("Hangt af"), "{:?}", open[0]);
    }
}
