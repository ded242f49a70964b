//! Dates as Dutch staff write them in chat: `2 maart 2026`, `ma 2 mrt`, `2-3-2026`,
//! `02/03/2026`, `2026-03-02`, `vandaag`, `gisteren`, `morgen`.
//!
//! Numeric dates are read day first, as in Dutch. Nothing is guessed silently: a missing year or
//! a two-digit year is filled in with a Dutch note saying so, and an impossible date
//! (`31 februari 2026`, `32-13-2026`) or a weekday that does not match is an error that says
//! what is wrong.

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
    /// More than one date where one was expected.
    #[error("„{0}” bevat meer dan één datum; geef er één")]
    Several(String),
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
            \b(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{1,2}})-(?P<id>[0-9]{{1,2}})\b
          | \b(?P<nd>[0-9]{{1,2}})[-/.](?P<nm>[0-9]{{1,2}})[-/.](?P<ny>[0-9]{{4}}|[0-9]{{2}})\b
          | \b(?P<td>[0-9]{{1,2}})(?:e|ste|de)?\s+(?P<tm>{months})\b\.?(?:\s+(?P<ty>[0-9]{{4}})\b)?
          | \b(?P<rel>eergisteren|gisteren|vandaag|morgen|overmorgen)\b
        )"
    );
    Regex::new(&pattern).expect("date pattern is valid")
});

/// Every date mentioned in `text`, in order; each is read or explains why it cannot be.
/// `today` anchors `vandaag`, `gisteren`, `morgen` and fills in a missing year.
pub fn find(text: &str, today: Date) -> Vec<Result<Found, DateError>> {
    DATE.captures_iter(text).map(|c| read(&c, today)).collect()
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

fn read(c: &Captures<'_>, today: Date) -> Result<Found, DateError> {
    let whole = c.get(0).expect("group 0 always matches");
    let text = whole.as_str().trim().to_string();
    let num = |name: &str| -> Option<i32> { c.name(name).and_then(|m| m.as_str().parse().ok()) };
    let (date, note) = if let Some(rel) = c.name("rel") {
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
    Ok(Found {
        date,
        text,
        span: whole.range(),
        note,
    })
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
