//! Dates as Dutch staff write them in chat: `2 maart 2026`, `ma 2 mrt`, `2-3-2026`,
//! `02/03/2026`, `16.03.2026`, `2026-03-02`, `2026/03/16`, `vandaag`, `gisteren`, `eergisteren`,
//! `morgen`, and weekdays relative to today: `vorige week maandag`, `afgelopen vrijdag`,
//! `volgende week dinsdag`, `aanstaande maandag`.
//!
//! Numeric dates are read day first, as in Dutch. Nothing is guessed silently: a missing year or
//! a two-digit year is filled in with a Dutch note saying so, and an impossible date
//! (`31 februari 2026`, `32-13-2026`) or a weekday that does not match is an error that says
//! what is wrong. Text that looks like a date but is none (`16 maartt 2026`, `123-03-2026`)
//! is reported too, so that a question with a mistyped date is not answered as if it had none.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::Date;
use regex::{Captures, Regex};

use crate::text::dutch;

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The date meant.
    pub date: Date,
    /// The words as written (`2 maart`).
    pub text: String,
    /// Byte range of those words in the text searched.
    pub span: Range<usize>,
    /// What was assumed to read it, in Dutch (missing or two-digit year, a relative day).
    pub note: Option<String>,
}

/// A date mention that cannot be read as one day. Messages are one Dutch sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The day does not exist in that month: `31 februari 2026`.
    #[error("„{text}” bestaat niet: {month} {year} heeft {days} dagen")]
    NoSuchDay {
        /// As written.
        text: String,
        /// Dutch month name.
        month: &'static str,
        /// The year.
        year: i16,
        /// Days in that month.
        days: i8,
    },
    /// Day or month out of range whatever the year: `32-13-2026`, `31 april`.
    #[error("„{text}” is geen geldige datum: {reason}")]
    Invalid {
        /// As written.
        text: String,
        /// What is wrong, in Dutch.
        reason: String,
    },
    /// A weekday was named that the date does not fall on.
    #[error("„{text}” klopt niet: {date} is een {actual}, geen {stated}. Welke datum is bedoeld?")]
    WeekdayMismatch {
        /// As written.
        text: String,
        /// The date without weekday, in Dutch.
        date: String,
        /// The weekday the date falls on.
        actual: &'static str,
        /// The weekday written.
        stated: &'static str,
    },
    /// No year was given and the day exists in none of the nearby years (`29 februari`).
    #[error("„{text}” heeft geen jaar, en die dag bestaat niet in {years}. Noem het jaar erbij")]
    NoYearFits {
        /// As written.
        text: String,
        /// The years tried, in Dutch (`2025, 2026 of 2027`).
        years: String,
    },
    /// The text is not a date in a known form.
    #[error(
        "„{0}” herken ik niet als datum; schrijf bijvoorbeeld 2 maart 2026, 2-3-2026 of 2026-03-02"
    )]
    NotADate(String),
    /// Not in the form `JJJJ-MM-DD` where only that form is accepted (`--today`).
    #[error("„{0}” is geen datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-03-02")]
    NotIso(String),
    /// More than one date where one was expected.
    #[error("„{0}” bevat meer dan één datum; geef er één")]
    Several(String),
}

impl DateError {
    /// A stable machine-readable name of the problem, for JSON (`datum_bestaat_niet`,
    /// `ongeldige_datum`, `weekdag_klopt_niet`, `geen_datum`, `meer_datums`). Codes are part of
    /// the JSON contract: never renamed, only added.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::NoSuchDay { .. } => "datum_bestaat_niet",
            DateError::Invalid { .. } | DateError::NoYearFits { .. } => "ongeldige_datum",
            DateError::WeekdayMismatch { .. } => "weekdag_klopt_niet",
            DateError::NotADate(_) | DateError::NotIso(_) => "geen_datum",
            DateError::Several(_) => "meer_datums",
        }
    }

    /// The date as it was written.
    pub fn text(&self) -> &str {
        match self {
            DateError::NoSuchDay { text, .. }
            | DateError::Invalid { text, .. }
            | DateError::WeekdayMismatch { text, .. }
            | DateError::NoYearFits { text, .. } => text,
            DateError::NotADate(text) | DateError::NotIso(text) | DateError::Several(text) => text,
        }
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let weekdays: Vec<&str> = dutch::WEEKDAYS.iter().map(|(n, _)| *n).collect();
    let mut months: Vec<&str> = dutch::MONTHS.to_vec();
    months.extend(dutch::MONTH_ABBREVIATIONS.iter().map(|(a, _)| *a));
    // Longer names first, so `sept` is not read as `sep`.
    months.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let (weekdays, months) = (weekdays.join("|"), months.join("|"));
    let pattern = format!(
        r"(?ix)
        (?:\b(?P<wd>{weekdays}),?\s+)?
        (?:
            \b(?P<iy>[0-9]{{4}})[-/.](?P<im>[0-9]{{1,2}})[-/.](?P<id>[0-9]{{1,2}})\b
          | \b(?P<nd>[0-9]{{1,2}})[-/.](?P<nm>[0-9]{{1,2}})[-/.](?P<ny>[0-9]{{4}}|[0-9]{{2}})\b
          | \b(?P<td>[0-9]{{1,2}})(?:e|ste|de)?\s+(?P<tm>{months})\b\.?(?:\s+(?P<ty>[0-9]{{4}})\b)?
          | \b(?P<rel>eergisteren|gisteren|vandaag|morgen|overmorgen)\b
          | \b(?P<wk1>vorige|volgende|deze)\s+week\s+(?P<wkd1>{weekdays})\b
          | \b(?P<wkd2>{weekdays})\s+(?P<wk2>vorige|volgende|deze)\s+week\b
          | \b(?P<near>afgelopen|vorige|aanstaande|komende|volgende)\s+(?P<neard>{weekdays})\b
          | \b(?P<oddnum>[0-9]{{1,4}}[-/.][0-9]{{1,4}}[-/.][0-9]{{1,4}})\b
          | \b(?P<oddtext>[0-9]{{1,2}}(?:e|ste|de)?\s+(?P<oddword>\p{{L}}{{3,}})\.?\s+[0-9]{{4}})\b
        )"
    );
    Regex::new(&pattern).expect("date pattern is valid")
});

/// Every date mentioned in `text`, in order; each is read or explains why it cannot be.
/// `today` anchors `vandaag`, `gisteren`, `morgen` and fills in a missing year.
pub fn find(text: &str, today: Date) -> Vec<Result<Found, DateError>> {
    DATE.captures_iter(text)
        .filter_map(|c| read(&c, today))
        .collect()
}

/// A date written `JJJJ-MM-DD` (a command-line option, a config value), with the same Dutch
/// explanation as dates in text when the day does not exist (`2026-02-30`).
pub fn iso(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let num = |p: &str, len: usize| -> Option<i32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) => exact(t, y, Some(m), Some(d)),
            _ => Err(DateError::NotIso(t.to_string())),
        },
        _ => Err(DateError::NotIso(t.to_string())),
    }
}

/// Reads text that should be exactly one date (a command-line argument).
pub fn parse(text: &str, today: Date) -> Result<Found, DateError> {
    let trimmed = text.trim();
    let all = find(trimmed, today);
    match all.as_slice() {
        [] => Err(DateError::NotADate(trimmed.to_string())),
        [one] => {
            let covered = match one {
                Ok(f) => f.span.clone(),
                Err(_) => DATE.find(trimmed).map(|m| m.range()).unwrap_or_default(),
            };
            let rest = format!("{}{}", &trimmed[..covered.start], &trimmed[covered.end..]);
            if rest.chars().any(|c| c.is_alphanumeric()) {
                return Err(DateError::NotADate(trimmed.to_string()));
            }
            one.clone()
        }
        _ => Err(DateError::Several(trimmed.to_string())),
    }
}

/// One match of [`DATE`] read as a date; `None` for a match that only resembled a date and
/// is none after all (`groep 1.2.3`, `6 weken 2026`).
fn read(c: &Captures<'_>, today: Date) -> Option<Result<Found, DateError>> {
    let whole = c.get(0).expect("group 0 always matches");
    let text = whole.as_str().trim().to_string();
    if let Some(odd) = c.name("oddnum") {
        // Three numbers with a year-like one among them, but in no form read above.
        // Amounts such as `1.000.000` have three-digit groups and dots only.
        let parts: Vec<&str> = odd.as_str().split(['-', '/', '.']).collect();
        let dots_only = !odd.as_str().contains(['-', '/']);
        let year_like = parts.iter().any(|p| p.len() == 4)
            || (!dots_only && parts.iter().any(|p| p.len() == 3));
        return year_like.then_some(Err(DateError::NotADate(text)));
    }
    if let Some(word) = c.name("oddword") {
        // `16 maartt 2026`: a month name mistyped, not `6 weken 2026`.
        return looks_like_month(word.as_str()).then_some(Err(DateError::NotADate(text)));
    }
    Some(read_date(c, &text, today).map(|(date, note)| Found {
        date,
        text,
        span: whole.range(),
        note,
    }))
}

/// A word that is close to a month name without being one (`maartt`, `feburari`).
fn looks_like_month(word: &str) -> bool {
    let w = word.to_lowercase();
    dutch::MONTHS
        .iter()
        .any(|m| strsim::damerau_levenshtein(&w, m) <= 2 && w.chars().next() == m.chars().next())
}

/// The weekday `wd` relative to `today`: in the previous, current or next week (weeks start on
/// Monday), or the nearest such day before or after today.
fn relative_weekday(how: &str, wd: jiff::civil::Weekday, today: Date) -> Option<Date> {
    let target = i64::from(wd.to_monday_zero_offset());
    let now = i64::from(today.weekday().to_monday_zero_offset());
    let offset = match how {
        "vorige week" => target - now - 7,
        "deze week" => target - now,
        "volgende week" => target - now + 7,
        "afgelopen" | "vorige" => -((now - target + 7 - 1) % 7 + 1),
        _ => (target - now + 7 - 1) % 7 + 1,
    };
    today.checked_add(offset.days()).ok()
}

/// The day a match means and the note on how it was read.
fn read_date(
    c: &Captures<'_>,
    text: &str,
    today: Date,
) -> Result<(Date, Option<String>), DateError> {
    let text = text.to_string();
    let num = |name: &str| -> Option<i32> { c.name(name).and_then(|m| m.as_str().parse().ok()) };
    let relative = [("wk1", "wkd1"), ("wk2", "wkd2")]
        .into_iter()
        .find_map(|(how, day)| Some((format!("{} week", c.name(how)?.as_str()), c.name(day)?)))
        .or_else(|| Some((c.name("near")?.as_str().to_string(), c.name("neard")?)));
    let (date, note) = if let Some((how, day)) = relative {
        let how = how.to_lowercase();
        let wd = dutch::weekday(&day.as_str().to_lowercase())
            .ok_or_else(|| DateError::NotADate(text.clone()))?;
        let date =
            relative_weekday(&how, wd, today).ok_or_else(|| DateError::NotADate(text.clone()))?;
        let note = format!(
            "„{}” gelezen als {}",
            text.to_lowercase(),
            dutch::date_with_weekday(date)
        );
        (date, Some(note))
    } else if let Some(rel) = c.name("rel") {
        let word = rel.as_str().to_lowercase();
        let offset: i64 = match word.as_str() {
            "eergisteren" => -2,
            "gisteren" => -1,
            "morgen" => 1,
            "overmorgen" => 2,
            _ => 0,
        };
        let date = today
            .checked_add(offset.days())
            .map_err(|_| DateError::NotADate(text.clone()))?;
        let note = format!("„{word}” gelezen als {}", dutch::date_with_weekday(date));
        (date, Some(note))
    } else if let Some(y) = num("iy") {
        (exact(&text, y, num("im"), num("id"))?, None)
    } else if let Some(y) = num("ny") {
        let two_digits = c.name("ny").is_some_and(|m| m.as_str().len() == 2);
        let year = if two_digits { 2000 + y } else { y };
        let date = exact(&text, year, num("nm"), num("nd"))?;
        let note = two_digits.then(|| {
            format!(
                "jaar „{}” gelezen als {year}",
                c.name("ny").map_or("", |m| m.as_str())
            )
        });
        (date, note)
    } else {
        let month = c
            .name("tm")
            .and_then(|m| dutch::month_number(m.as_str()))
            .map(i32::from);
        match num("ty") {
            Some(y) => (exact(&text, y, month, num("td"))?, None),
            None => without_year(&text, month, num("td"), today)?,
        }
    };
    if let Some(wd) = c.name("wd") {
        let stated = dutch::weekday(&wd.as_str().to_lowercase());
        if stated != Some(date.weekday()) {
            let stripped = text[wd.as_str().len()..]
                .trim_start_matches([',', ' '])
                .to_string();
            return Err(DateError::WeekdayMismatch {
                text,
                date: if stripped.is_empty() {
                    dutch::date(date)
                } else {
                    stripped
                },
                actual: dutch::weekday_name(date.weekday()),
                stated: stated.map_or("", dutch::weekday_name),
            });
        }
    }
    Ok((date, note))
}

/// Checks day and month on their own, before any year is involved.
fn check_parts(text: &str, month: i32, day: i32) -> Result<(i8, i8), DateError> {
    let bad_day = !(1..=31).contains(&day);
    let bad_month = !(1..=12).contains(&month);
    let reason = match (bad_day, bad_month) {
        (true, true) => Some(format!("dag {day} en maand {month} bestaan niet")),
        (true, false) => Some(format!(
            "dag {day} bestaat niet (een maand heeft 1 tot hoogstens 31 dagen)"
        )),
        (false, true) => Some(format!("maand {month} bestaat niet (er zijn 12 maanden)")),
        (false, false) => None,
    };
    match reason {
        Some(reason) => Err(DateError::Invalid {
            text: text.to_string(),
            reason,
        }),
        None => Ok((month as i8, day as i8)),
    }
}

/// A date with all three parts given.
fn exact(text: &str, year: i32, month: Option<i32>, day: Option<i32>) -> Result<Date, DateError> {
    let (month, day) = check_parts(text, month.unwrap_or(0), day.unwrap_or(0))?;
    let year = i16::try_from(year).map_err(|_| DateError::NotADate(text.to_string()))?;
    let first = Date::new(year, month, 1).map_err(|_| DateError::Invalid {
        text: text.to_string(),
        reason: format!("het jaar {year} ligt buiten het bereik"),
    })?;
    Date::new(year, month, day).map_err(|_| DateError::NoSuchDay {
        text: text.to_string(),
        month: dutch::month_name(month),
        year,
        days: first.days_in_month(),
    })
}

/// A day and month without year: the latest such date up to a month after `today`, with a
/// note saying which year was taken.
fn without_year(
    text: &str,
    month: Option<i32>,
    day: Option<i32>,
    today: Date,
) -> Result<(Date, Option<String>), DateError> {
    let (month, day) = check_parts(text, month.unwrap_or(0), day.unwrap_or(0))?;
    // A day no month of that name ever has (31 april) is wrong whatever the year.
    let longest = Date::new(2024, month, 1).map_or(31, |d| d.days_in_month());
    if day > longest {
        return Err(DateError::Invalid {
            text: text.to_string(),
            reason: format!(
                "{} heeft hoogstens {longest} dagen",
                dutch::month_name(month)
            ),
        });
    }
    let year = today.year();
    // Questions are about something that happened or is about to: the latest such day up to
    // a month after today.
    let horizon = today.checked_add(31.days()).unwrap_or(today);
    let best = [year + 1, year, year - 1]
        .into_iter()
        .filter_map(|y| Date::new(y, month, day).ok())
        .find(|d| *d <= horizon)
        .ok_or_else(|| DateError::NoYearFits {
            text: text.to_string(),
            years: format!("{}, {} of {}", year - 1, year, year + 1),
        })?;
    let note = format!(
        "bij „{text}” staat geen jaar; ik ga uit van {}",
        dutch::date_with_weekday(best)
    );
    Ok((best, Some(note)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn today() -> Date {
        d("2026-11-22")
    }

    fn one(text: &str) -> Result<Found, DateError> {
        parse(text, today())
    }

    #[test]
    fn all_written_forms_of_one_day() {
        for text in [
            "2 maart 2026",
            "2 Maart 2026",
            "2 mrt 2026",
            "2 mrt. 2026",
            "2e maart 2026",
            "maandag 2 maart 2026",
            "2-3-2026",
            "02-03-2026",
            "02/03/2026",
            "2.3.2026",
            "2026-03-02",
            "2-3-26",
        ] {
            let f = one(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(f.date, d("2026-03-02"), "{text}");
        }
        assert!(one("2-3-26").unwrap().note.unwrap().contains("2026"));
        assert_eq!(one("2 maart 2026").unwrap().note, None);
    }

    #[test]
    fn relative_days_follow_today() {
        assert_eq!(one("vandaag").unwrap().date, d("2026-11-22"));
        assert_eq!(one("gisteren").unwrap().date, d("2026-11-21"));
        assert_eq!(one("eergisteren").unwrap().date, d("2026-11-20"));
        assert_eq!(one("morgen").unwrap().date, d("2026-11-23"));
        assert_eq!(one("Overmorgen").unwrap().date, d("2026-11-24"));
        let note = one("gisteren").unwrap().note.unwrap();
        assert!(note.contains("zaterdag 21 november 2026"), "{note}");
    }

    #[test]
    fn missing_year_is_the_latest_and_said_so() {
        let f = one("2 maart").unwrap();
        assert_eq!(f.date, d("2026-03-02"));
        assert!(f.note.as_deref().unwrap().contains("geen jaar"), "{f:?}");
        // In January, "15 december" is last December; a day just ahead is this year.
        let f = parse("15 december", d("2027-01-10")).unwrap();
        assert_eq!(f.date, d("2026-12-15"));
        assert_eq!(one("25 november").unwrap().date, d("2026-11-25"));
        // 29 February is only found when a leap year is near.
        assert_eq!(
            parse("29 februari", d("2028-03-10")).unwrap().date,
            d("2028-02-29")
        );
        let e = parse("29 februari", d("2026-06-01")).unwrap_err();
        assert!(matches!(e, DateError::NoYearFits { .. }), "{e}");
        assert!(e.to_string().contains("2025, 2026 of 2027"), "{e}");
    }

    #[test]
    fn impossible_dates_say_what_is_wrong() {
        let e = one("31 februari 2026").unwrap_err();
        assert_eq!(
            e.to_string(),
            "„31 februari 2026” bestaat niet: februari 2026 heeft 28 dagen"
        );
        let e = one("32-13-2026").unwrap_err();
        assert_eq!(
            e.to_string(),
            "„32-13-2026” is geen geldige datum: dag 32 en maand 13 bestaan niet"
        );
        let e = one("2026-02-30").unwrap_err();
        assert!(
            e.to_string().contains("februari 2026 heeft 28 dagen"),
            "{e}"
        );
        let e = one("0 maart 2026").unwrap_err();
        assert!(e.to_string().contains("dag 0 bestaat niet"), "{e}");
        let e = one("31 april").unwrap_err();
        assert!(
            e.to_string().contains("april heeft hoogstens 30 dagen"),
            "{e}"
        );
        let e = one("29-02-2027").unwrap_err();
        assert!(
            e.to_string().contains("februari 2027 heeft 28 dagen"),
            "{e}"
        );
    }

    #[test]
    fn wrong_weekday_is_questioned() {
        let e = one("dinsdag 2 maart 2026").unwrap_err();
        assert_eq!(
            e.to_string(),
            "„dinsdag 2 maart 2026” klopt niet: 2 maart 2026 is een maandag, geen dinsdag. Welke datum is bedoeld?"
        );
    }

    #[test]
    fn not_a_date_or_several() {
        assert!(matches!(one("morgenochtend"), Err(DateError::NotADate(_))));
        assert!(matches!(one("2 maart 2026 x"), Err(DateError::NotADate(_))));
        assert!(matches!(one(""), Err(DateError::NotADate(_))));
        assert!(matches!(
            one("2 maart 2026 en 3 maart 2026"),
            Err(DateError::Several(_))
        ));
    }

    #[test]
    fn dates_in_free_text() {
        let q = "Ouders hebben hun kind op 2 maart 2026 schriftelijk aangemeld. Wanneer moet de school uiterlijk beslissen?";
        let all = find(q, today());
        assert_eq!(all.len(), 1);
        let f = all[0].as_ref().unwrap();
        assert_eq!(f.date, d("2026-03-02"));
        assert_eq!(&q[f.span.clone()], "2 maart 2026");
        // Numbers that are not dates stay out: groups, weeks, levels.
        assert!(find("groep 1-2, niveau 3, binnen 6 weken, 's morgens", today()).is_empty());
        // An impossible date in a sentence is reported, not skipped.
        let all = find("aangemeld op 31 februari 2026, wanneer beslissen?", today());
        assert!(matches!(all[0], Err(DateError::NoSuchDay { .. })));
    }

    #[test]
    fn slashes_and_dots_in_either_order() {
        for text in [
            "2026/03/16",
            "2026.03.16",
            "16.03.2026",
            "16/03/2026",
            "16-3-2026",
        ] {
            let f = one(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(f.date, d("2026-03-16"), "{text}");
            assert_eq!(f.note, None, "{text}");
        }
        let e = one("2026/02/30").unwrap_err();
        assert_eq!(
            e.to_string(),
            "„2026/02/30” bestaat niet: februari 2026 heeft 28 dagen"
        );
    }

    #[test]
    fn weekdays_relative_to_today() {
        // Today is Sunday 22 November 2026; its week runs from Monday 16 November.
        let cases = [
            ("vorige week maandag", "2026-11-09"),
            ("maandag vorige week", "2026-11-09"),
            ("vorige week zondag", "2026-11-15"),
            ("deze week woensdag", "2026-11-18"),
            ("volgende week dinsdag", "2026-11-24"),
            ("dinsdag volgende week", "2026-11-24"),
            ("afgelopen vrijdag", "2026-11-20"),
            ("vorige vrijdag", "2026-11-20"),
            ("afgelopen zondag", "2026-11-15"),
            ("aanstaande maandag", "2026-11-23"),
            ("komende zondag", "2026-11-29"),
            ("Volgende Vrijdag", "2026-11-27"),
            ("eergisteren", "2026-11-20"),
        ];
        for (text, want) in cases {
            let f = one(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(f.date, d(want), "{text}");
            let note = f.note.unwrap_or_default();
            assert!(note.contains(&dutch::date_with_weekday(d(want))), "{note}");
        }
        // On a Monday, "vorige week maandag" is seven days back and "aanstaande maandag" seven
        // ahead.
        let monday = d("2026-11-16");
        assert_eq!(
            parse("vorige week maandag", monday).unwrap().date,
            d("2026-11-09")
        );
        assert_eq!(
            parse("aanstaande maandag", monday).unwrap().date,
            d("2026-11-23")
        );
        assert_eq!(
            parse("afgelopen maandag", monday).unwrap().date,
            d("2026-11-09")
        );
        let q = "vorige week maandag aangemeld, wanneer moet de school beslissen?";
        let all = find(q, today());
        assert_eq!(all.len(), 1);
        assert_eq!(
            &q[all[0].as_ref().unwrap().span.clone()],
            "vorige week maandag"
        );
        // "vorige week" alone names no day.
        assert!(find("vorige week aangemeld", today()).is_empty());
    }

    #[test]
    fn almost_dates_are_reported_not_skipped() {
        for text in [
            "16 maartt 2026",
            "3 feburari 2026",
            "123-03-2026",
            "16-3-202",
        ] {
            let all = find(&format!("aangemeld op {text}, wanneer?"), today());
            assert_eq!(all.len(), 1, "{text}");
            let e = all[0].clone().unwrap_err();
            assert_eq!(e, DateError::NotADate(text.to_string()), "{text}");
            assert!(e.to_string().contains("herken ik niet als datum"), "{e}");
        }
        // Not dates: amounts, paragraph numbers, a number of weeks with a year.
        for text in [
            "€ 1.000.000 per jaar",
            "paragraaf 3.1.2",
            "binnen 6 weken 2026",
            "groep 7 leerlingen 2026",
        ] {
            assert!(find(text, today()).is_empty(), "{text}");
        }
    }

    #[test]
    fn iso_dates_explain_a_day_that_does_not_exist() {
        assert_eq!(iso("2026-03-02"), Ok(d("2026-03-02")));
        assert_eq!(
            iso("2026-02-30").unwrap_err().to_string(),
            "„2026-02-30” bestaat niet: februari 2026 heeft 28 dagen"
        );
        assert!(
            iso("2026-13-01")
                .unwrap_err()
                .to_string()
                .contains("maand 13 bestaat niet")
        );
        assert_eq!(
            iso("2-3-2026").unwrap_err().to_string(),
            "„2-3-2026” is geen datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-03-02"
        );
        assert!(iso("").is_err());
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "99999-99-99",
            "0000-00-00",
            "9999-12-31",
            "00/00/00",
            "31 dec 9999",
            "1 jan 0000",
            "ééé 2 maart",
            "٢٠٢٦-03-02",
            "dinſdag 3 maart 2026",
            "\u{0}",
            "2 maart 2026 2 maart",
        ] {
            let _ = parse(text, today());
            let _ = find(text, today());
        }
        let _ = parse("overmorgen", d("9999-12-31"));
    }
}
