//! Dutch wording shared by every channel: month and weekday names, dates as people write them.

use jiff::civil::{Date, Weekday};

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Abbreviations of month names as people type them (`mrt`, `sept`), with the month number.
pub const MONTH_ABBREVIATIONS: [(&str, i8); 16] = [
    ("jan", 1),
    ("feb", 2),
    ("febr", 2),
    ("mrt", 3),
    ("mar", 3),
    ("apr", 4),
    ("mei", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("okt", 10),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Weekday names, Monday first.
pub const WEEKDAYS: [(&str, Weekday); 7] = [
    ("maandag", Weekday::Monday),
    ("dinsdag", Weekday::Tuesday),
    ("woensdag", Weekday::Wednesday),
    ("donderdag", Weekday::Thursday),
    ("vrijdag", Weekday::Friday),
    ("zaterdag", Weekday::Saturday),
    ("zondag", Weekday::Sunday),
];

/// `7` → `juli`. Out-of-range months give an empty string rather than a panic.
pub fn month_name(month: i8) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("")
}

/// Dutch month number for a (possibly abbreviated) month name: `mrt`, `maart` → 3.
pub fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        return Some(i as i8 + 1);
    }
    MONTH_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == w)
        .map(|(_, n)| *n)
}

/// `maandag`, `dinsdag`, ...
pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("", |(name, _)| name)
}

/// The weekday a (lowercase) Dutch name means: `maandag` → Monday.
pub fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(n, _)| *n == word).map(|(_, d)| *d)
}

/// `26 mei 2026`.
pub fn date(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// `dinsdag 26 mei 2026`.
pub fn date_with_weekday(d: Date) -> String {
    format!("{} {}", weekday_name(d.weekday()), date(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let d: Date = "2026-05-26".parse().unwrap();
        assert_eq!(date_with_weekday(d), "dinsdag 26 mei 2026");
        assert_eq!(month_number("Maart"), Some(3));
        assert_eq!(month_number("mrt."), Some(3));
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_name(13), "");
    }
}
