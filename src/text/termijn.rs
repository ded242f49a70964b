//! A computed term in Dutch words: the heading, both ends, and every step of the computation.
//! Shared by the answer composer (`ask`) and the terminal (`normwijzer termijn`), so the two
//! always say the same.

use crate::model::{Computation, End, Length};
use crate::text::{capitalize, dutch};

/// `6 weken`, `1 week`, `10 dagen`.
pub fn length(l: Length) -> String {
    match l {
        Length::Weeks(1) => "1 week".into(),
        Length::Weeks(w) => format!("{w} weken"),
        Length::Days(1) => "1 dag".into(),
        Length::Days(d) => format!("{d} dagen"),
    }
}

/// Heading, assumptions, both ends and the computation step by step.
pub fn lines(c: &Computation) -> Vec<String> {
    let mut out = Vec::new();
    // The name already says which kind of start it is; its last word names the event.
    out.push(format!(
        "{} — {} {}",
        c.name,
        c.trigger.split_whitespace().last().unwrap_or("start"),
        dutch::date_with_weekday(c.start)
    ));
    out.extend(assumptions(c).cloned());
    let label = match c.action.as_deref().map(str::trim) {
        Some(a) => format!("{} uiterlijk", capitalize(a)),
        None => "Uiterlijk".to_string(),
    };
    out.push(format!(
        "{label}: {} ({})",
        dutch::date_with_weekday(c.deadline),
        end_note(c, End::Deadline, c.lengths.0)
    ));
    if let (Some(ext), Some(len)) = (c.extended, c.lengths.1) {
        out.push(format!(
            "Met uitloop uiterlijk: {} ({})",
            dutch::date_with_weekday(ext),
            end_note(c, End::Extended, len)
        ));
    }
    out.extend(steps(c));
    out
}

/// `Berekening:` and its lines: start + term, each day skipped, the rule of the Atw.
fn steps(c: &Computation) -> Vec<String> {
    let mut out = vec!["Berekening:".to_string()];
    let step = |raw, len: Length| {
        format!(
            "- {} + {} ({} dagen) = {}",
            dutch::date(c.start),
            length(len),
            len.days(),
            dutch::date_with_weekday(raw)
        )
    };
    out.push(step(c.raw.0, c.lengths.0));
    out.extend(shift_lines(c, End::Deadline));
    if let (Some(raw), Some(len)) = (c.raw.1, c.lengths.1) {
        out.push(step(raw, len));
        out.extend(shift_lines(c, End::Extended));
    }
    if c.statutory {
        out.push(
            "- Wettelijke termijn: eindigt hij op een zaterdag, zondag of algemeen erkende feestdag, dan loopt hij door tot de eerstvolgende dag die dat niet is (Algemene termijnenwet, art. 1)."
                .to_string(),
        );
    }
    out
}

/// The warnings that state an assumption about the start date; they go right under the
/// heading, the other warnings at the end.
fn assumptions(c: &Computation) -> impl Iterator<Item = &String> {
    c.warnings.iter().filter(|w| w.starts_with("Aanname"))
}

/// The warnings that are not assumptions (school holidays, bridge days, past dates).
pub fn other_warnings(c: &Computation) -> impl Iterator<Item = &String> {
    c.warnings.iter().filter(|w| !w.starts_with("Aanname"))
}

/// `6 weken; 25 mei is Tweede Pinksterdag`.
fn end_note(c: &Computation, end: End, len: Length) -> String {
    let skipped: Vec<String> = c
        .shifts
        .iter()
        .filter(|s| s.term == end)
        .map(|s| {
            format!(
                "{} {} is {}",
                s.from.day(),
                dutch::month_name(s.from.month()),
                s.what
            )
        })
        .collect();
    if skipped.is_empty() {
        length(len)
    } else {
        format!("{}; {}", length(len), skipped.join(", "))
    }
}

fn shift_lines(c: &Computation, end: End) -> Vec<String> {
    c.shifts
        .iter()
        .filter(|s| s.term == end)
        .map(|s| {
            format!(
                "- {}, doorgeschoven naar {}",
                s.reason,
                dutch::date_with_weekday(s.to)
            )
        })
        .collect()
}
