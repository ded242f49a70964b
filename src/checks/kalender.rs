//! The calendar of the Algemene termijnenwet (Atw): which days a statutory term may not end on,
//! and the first day after them that it may.
//!
//! The built-in days are those the law itself names (art. 3 lid 1 and 2): Nieuwjaarsdag, Goede
//! Vrijdag, Eerste en Tweede Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, Eerste en
//! Tweede Pinksterdag, Eerste en Tweede Kerstdag. Days equated by royal decree (art. 3 lid 3)
//! and school holidays are data: they come from `config/kalender.toml` into a [`Kalender`]
//! ([`Kalender::from_toml`]).
//!
//! Everything here is pure (no clock, no files), so property tests can run it over a century of
//! start dates.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;

use crate::config::{self, ConfigError};

/// First year whose Atw holidays this module knows for certain. Before 1990 the law's list and
/// the date of Koninginnedag changed in ways not modelled here, so such years are refused
/// rather than guessed.
pub const FIRST_YEAR: i16 = 1990;

/// Last year a term may end in. The King's birthday rule is today's; far beyond that is a
/// guess about future monarchs, so the calculator stops here rather than pretend.
pub const LAST_YEAR: i16 = 2999;

/// A day off named by the Algemene termijnenwet itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    /// 1 January.
    Nieuwjaarsdag,
    /// Friday before Easter, equated by art. 3 lid 2.
    GoedeVrijdag,
    /// Easter Sunday.
    EerstePaasdag,
    /// Easter Monday.
    TweedePaasdag,
    /// The King's birthday as celebrated: 27 April, or 26 April when the 27th is a Sunday
    /// (from 2014).
    Koningsdag,
    /// The Queen's birthday as celebrated until 2013: 30 April, or 29 April when the 30th is
    /// a Sunday.
    Koninginnedag,
    /// 5 May.
    Bevrijdingsdag,
    /// Ascension Day, 39 days after Easter.
    Hemelvaartsdag,
    /// Whit Sunday, 49 days after Easter.
    EerstePinksterdag,
    /// Whit Monday, 50 days after Easter.
    TweedePinksterdag,
    /// 25 December.
    EersteKerstdag,
    /// 26 December.
    TweedeKerstdag,
}

impl Holiday {
    /// The Dutch name as written in a sentence: `Tweede Pinksterdag`.
    pub fn name(self) -> &'static str {
        match self {
            Holiday::Nieuwjaarsdag => "Nieuwjaarsdag",
            Holiday::GoedeVrijdag => "Goede Vrijdag",
            Holiday::EerstePaasdag => "Eerste Paasdag",
            Holiday::TweedePaasdag => "Tweede Paasdag",
            Holiday::Koningsdag => "Koningsdag",
            Holiday::Koninginnedag => "Koninginnedag",
            Holiday::Bevrijdingsdag => "Bevrijdingsdag",
            Holiday::Hemelvaartsdag => "Hemelvaartsdag",
            Holiday::EerstePinksterdag => "Eerste Pinksterdag",
            Holiday::TweedePinksterdag => "Tweede Pinksterdag",
            Holiday::EersteKerstdag => "Eerste Kerstdag",
            Holiday::TweedeKerstdag => "Tweede Kerstdag",
        }
    }
}

/// Easter Sunday of a Gregorian year (the computus), or `None` before 1583, when the Gregorian
/// calendar did not exist yet.
pub fn easter(year: i16) -> Option<Date> {
    if year < 1583 {
        return None;
    }
    // Meeus/Jones/Butcher: golden number, century corrections, epact, then the Sunday after
    // the paschal full moon. All quantities are non-negative for years >= 1583.
    let y = i32::from(year);
    let golden = y % 19;
    let century = y / 100;
    let year_in_century = y % 100;
    let leap_skips = century / 4;
    let century_rest = century % 4;
    let moon_correction = (century + 8) / 25;
    let solar_correction = (century - moon_correction + 1) / 3;
    let epact = (19 * golden + century - leap_skips - solar_correction + 15) % 30;
    let weekday_offset =
        (32 + 2 * century_rest + 2 * (year_in_century / 4) - epact - year_in_century % 4)
            .rem_euclid(7);
    let late_correction = (golden + 11 * epact + 22 * weekday_offset) / 451;
    let n = epact + weekday_offset - 7 * late_correction + 114;
    let month = (n / 31) as i8;
    let day = (n % 31 + 1) as i8;
    Date::new(year, month, day).ok()
}

/// The day the monarch's birthday is celebrated in `year`, with its name. Only from 1980,
/// since earlier years moved a Sunday celebration to Monday instead.
fn royal_day(year: i16) -> Option<(Date, Holiday)> {
    let (day, name) = match year {
        2014.. => (27, Holiday::Koningsdag),
        1980..=2013 => (30, Holiday::Koninginnedag),
        _ => return None,
    };
    let date = Date::new(year, 4, day).ok()?;
    // A Sunday celebration moves to the Saturday before.
    let date = if date.weekday() == Weekday::Sunday {
        date.yesterday().ok()?
    } else {
        date
    };
    Some((date, name))
}

/// All Atw holidays of a year, in date order. Empty for years the calendar does not know
/// (before 1583 for Easter-based days, before 1980 for the royal day).
pub fn holidays(year: i16) -> Vec<(Date, Holiday)> {
    let mut out = Vec::with_capacity(12);
    let fixed = [
        (1, 1, Holiday::Nieuwjaarsdag),
        (5, 5, Holiday::Bevrijdingsdag),
        (12, 25, Holiday::EersteKerstdag),
        (12, 26, Holiday::TweedeKerstdag),
    ];
    for (m, d, h) in fixed {
        if let Ok(date) = Date::new(year, m, d) {
            out.push((date, h));
        }
    }
    if let Some(e) = easter(year) {
        let moving = [
            (-2, Holiday::GoedeVrijdag),
            (0, Holiday::EerstePaasdag),
            (1, Holiday::TweedePaasdag),
            (39, Holiday::Hemelvaartsdag),
            (49, Holiday::EerstePinksterdag),
            (50, Holiday::TweedePinksterdag),
        ];
        for (offset, h) in moving {
            if let Ok(date) = e.checked_add(offset.days()) {
                out.push((date, h));
            }
        }
    }
    if let Some(r) = royal_day(year) {
        out.push(r);
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// The Atw holiday on `date`, if any. Ascension Day can fall on 5 May; the law's own
/// holiday then wins the name, which does not matter for the term.
pub fn holiday(date: Date) -> Option<Holiday> {
    holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, h)| h)
}

/// Whether `date` is a Saturday or Sunday.
pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Why the calendar could not answer. Messages are one Dutch sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KalenderError {
    /// The date lies outside the years whose holidays are known.
    #[error(
        "de feestdagen van de Algemene termijnenwet zijn alleen bekend van {FIRST_YEAR} tot en met {LAST_YEAR}; {0} valt daarbuiten"
    )]
    OutOfRange(String),
}

/// A day skipped while moving a term's end forward, with the Dutch reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The day the term could not end on.
    pub date: Date,
    /// Why, in Dutch: `Tweede Pinksterdag`, `een zaterdag`, `Eerste Paasdag (zondag)`.
    pub reason: String,
}

/// A school holiday from `config/kalender.toml`. It never changes a term; a deadline inside it
/// only gets a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolHoliday {
    /// Name, e.g. `meivakantie`.
    pub name: String,
    /// Region it applies to (`noord`, `midden`, `zuid` or a local name), if given.
    pub region: Option<String>,
    /// School it applies to, if given.
    pub school: Option<String>,
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
}

impl SchoolHoliday {
    /// `meivakantie (regio zuid, 25 april t/m 3 mei 2026)`.
    pub fn describe(&self) -> String {
        let mut whom = Vec::new();
        if let Some(r) = &self.region {
            whom.push(format!("regio {r}"));
        }
        if let Some(s) = &self.school {
            whom.push(format!("school {s}"));
        }
        whom.push(format!(
            "{} t/m {}",
            crate::text::dutch::date(self.from),
            crate::text::dutch::date(self.to)
        ));
        format!("{} ({})", self.name, whom.join(", "))
    }
}

/// The Atw calendar plus the data from `config/kalender.toml`: days equated with a holiday by
/// royal decree, and school holidays. `Kalender::default()` is the law alone.
#[derive(Debug, Clone, Default)]
pub struct Kalender {
    equated: BTreeMap<Date, String>,
    school_holidays: Vec<SchoolHoliday>,
}

/// `config/kalender.toml` as written by a consulent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KalenderFile {
    #[serde(default)]
    gelijkgesteld: Vec<EquatedEntry>,
    #[serde(default)]
    vakantie: Vec<HolidayEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EquatedEntry {
    #[serde(deserialize_with = "config_date")]
    datum: Date,
    reden: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    naam: String,
    #[serde(default)]
    regio: Option<String>,
    #[serde(default)]
    school: Option<String>,
    #[serde(deserialize_with = "config_date")]
    van: Date,
    #[serde(deserialize_with = "config_date")]
    tot: Date,
}

/// Reads a date written as `"2026-05-15"` or as a bare TOML date `2026-05-15`, with a Dutch
/// message when it is neither or does not exist.
pub(crate) fn config_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let value = toml::Value::deserialize(d)?;
    let text = match &value {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(dt) => dt.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "verwacht een datum als \"JJJJ-MM-DD\", niet {other}"
            )));
        }
    };
    let valid_shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !valid_shape {
        return Err(serde::de::Error::custom(format!(
            "`{text}` is geen datum in de vorm JJJJ-MM-DD"
        )));
    }
    // Names the day that does not exist: `2026-02-30` → februari 2026 heeft 28 dagen.
    crate::text::datum::iso(&text).map_err(serde::de::Error::custom)
}

impl Kalender {
    /// Parses `config/kalender.toml` text; `file` names it in messages.
    pub fn from_toml(file: &str, text: &str) -> Result<Kalender, ConfigError> {
        let raw: KalenderFile = config::parse_toml(file, text.as_bytes())?;
        let mut k = Kalender::default();
        for e in raw.gelijkgesteld {
            let reden = e.reden.trim();
            if reden.is_empty() {
                return Err(entry_error(
                    file,
                    text,
                    &e.datum.to_string(),
                    format!(
                        "geef bij de gelijkgestelde dag {} een reden (het besluit)",
                        e.datum
                    ),
                ));
            }
            k.equated.insert(e.datum, reden.to_string());
        }
        for v in raw.vakantie {
            if v.tot < v.van {
                return Err(entry_error(
                    file,
                    text,
                    &v.naam,
                    format!(
                        "vakantie „{}” eindigt ({}) vóór ze begint ({})",
                        v.naam, v.tot, v.van
                    ),
                ));
            }
            k.school_holidays.push(SchoolHoliday {
                name: v.naam,
                region: v.regio.filter(|s| !s.trim().is_empty()),
                school: v.school.filter(|s| !s.trim().is_empty()),
                from: v.van,
                to: v.tot,
            });
        }
        Ok(k)
    }

    /// Adds a day equated with a holiday (for tests and tools; normally from config).
    pub fn with_equated(mut self, date: Date, reason: &str) -> Kalender {
        self.equated.insert(date, reason.to_string());
        self
    }

    /// Adds a school holiday (for tests and tools; normally from config).
    pub fn with_school_holiday(mut self, holiday: SchoolHoliday) -> Kalender {
        self.school_holidays.push(holiday);
        self
    }

    /// Days equated by royal decree, in date order, with their reason.
    pub fn equated(&self) -> impl Iterator<Item = (Date, &str)> {
        self.equated.iter().map(|(d, r)| (*d, r.as_str()))
    }

    /// The configured school holidays.
    pub fn school_holidays(&self) -> &[SchoolHoliday] {
        &self.school_holidays
    }

    /// Why a statutory term cannot end on `date`, in Dutch, or `None` if it can.
    pub fn closed(&self, date: Date) -> Option<String> {
        let weekday = match date.weekday() {
            Weekday::Saturday => Some("zaterdag"),
            Weekday::Sunday => Some("zondag"),
            _ => None,
        };
        if let Some(h) = holiday(date) {
            return Some(match weekday {
                Some(w) => format!("{} ({w})", h.name()),
                None => h.name().to_string(),
            });
        }
        if let Some(w) = weekday {
            return Some(format!("een {w}"));
        }
        self.equated.get(&date).map(|reason| {
            format!("bij koninklijk besluit gelijkgesteld met een feestdag ({reason})")
        })
    }

    /// Whether a statutory term can end on `date`.
    pub fn is_working_day(&self, date: Date) -> bool {
        self.closed(date).is_none()
    }

    /// Atw art. 1: a term that ends on a Saturday, Sunday or holiday runs on to the next day
    /// that is none of these. Returns that day and every day skipped on the way.
    pub fn roll_forward(&self, date: Date) -> Result<(Date, Vec<Skipped>), KalenderError> {
        check_year(date)?;
        let mut day = date;
        let mut skipped = Vec::new();
        while let Some(reason) = self.closed(day) {
            skipped.push(Skipped { date: day, reason });
            day = day
                .tomorrow()
                .map_err(|_| KalenderError::OutOfRange(crate::text::dutch::date(date)))?;
            check_year(day)?;
        }
        Ok((day, skipped))
    }

    /// School holidays that contain `date`.
    pub fn school_holidays_on(&self, date: Date) -> impl Iterator<Item = &SchoolHoliday> {
        self.school_holidays
            .iter()
            .filter(move |h| h.from <= date && date <= h.to)
    }

    /// A Dutch note when `date` is a bridge day that royal decrees usually equate with a
    /// holiday (the Friday after Ascension Day; a Monday before or Friday after a fixed
    /// holiday on Tuesday or Thursday) but that is not in the configured decree. The term is
    /// not changed: only the published decree can do that.
    pub fn bridge_day_note(&self, date: Date) -> Option<String> {
        if self.equated.contains_key(&date) || !self.is_working_day(date) {
            return None;
        }
        let next = date.tomorrow().ok().and_then(holiday);
        let prev = date.yesterday().ok().and_then(holiday);
        let bridged = match date.weekday() {
            Weekday::Friday => prev.filter(|h| {
                matches!(
                    h,
                    Holiday::Hemelvaartsdag
                        | Holiday::Nieuwjaarsdag
                        | Holiday::Koningsdag
                        | Holiday::Bevrijdingsdag
                        | Holiday::TweedeKerstdag
                )
            }),
            Weekday::Monday => next.filter(|h| {
                matches!(
                    h,
                    Holiday::Nieuwjaarsdag
                        | Holiday::Koningsdag
                        | Holiday::Bevrijdingsdag
                        | Holiday::EersteKerstdag
                )
            }),
            _ => None,
        }?;
        let relation = if date.weekday() == Weekday::Friday {
            "de dag na"
        } else {
            "de dag vóór"
        };
        let later = self
            .roll_forward(date.tomorrow().ok()?)
            .map(|(d, _)| d)
            .ok()?;
        // What to do about it is a task for whoever keeps the calendar, not for the reader
        // of the answer: that hint goes to the log. It names the holiday and year, not the
        // day, which came from someone's question.
        tracing::warn!(
            "mogelijke brugdag ({relation} {} {}) staat niet in config/kalender.toml: \
             controleer het Besluit gelijkstelling in de Staatscourant en zet de dag, als hij \
             erin staat, als [[gelijkgesteld]] in config/kalender.toml",
            bridged.name(),
            date.year()
        );
        Some(format!(
            "Let op: {} is {relation} {}. Zo'n dag wordt vaak bij koninklijk besluit gelijkgesteld met een feestdag (Algemene termijnenwet, art. 3 lid 3); dan schuift de termijn op naar {}. De datum kan dus een dag te vroeg zijn; vraag het na bij de consulent.",
            crate::text::dutch::date_with_weekday(date),
            bridged.name(),
            crate::text::dutch::date_with_weekday(later),
        ))
    }
}

/// Refuses dates whose holidays the calendar does not know.
pub fn check_year(date: Date) -> Result<(), KalenderError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(KalenderError::OutOfRange(crate::text::dutch::date(date)))
    }
}

/// A semantic error in a config entry, placed on the line where `needle` first occurs.
fn entry_error(file: &str, text: &str, needle: &str, message: String) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line: crate::config::line_of(text, needle),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn easter_extremes_and_known_years() {
        for (year, date) in [
            (1583, "1583-04-10"),
            (1818, "1818-03-22"),
            (1900, "1900-04-15"),
            (1943, "1943-04-25"),
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2026, "2026-04-05"),
            (2038, "2038-04-25"),
            (2100, "2100-03-28"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter(year), Some(d(date)), "{year}");
        }
        assert_eq!(easter(1582), None);
    }

    #[test]
    fn easter_is_always_a_sunday_between_22_march_and_25_april() {
        for year in 1583..=4099 {
            let e = easter(year).unwrap();
            assert_eq!(e.weekday(), Weekday::Sunday, "{year}");
            assert!(
                e >= Date::new(year, 3, 22).unwrap() && e <= Date::new(year, 4, 25).unwrap(),
                "{year}: {e}"
            );
        }
    }

    #[test]
    fn holidays_of_2026() {
        let got: Vec<(String, &str)> = holidays(2026)
            .into_iter()
            .map(|(d, h)| (d.to_string(), h.name()))
            .collect();
        let want = [
            ("2026-01-01", "Nieuwjaarsdag"),
            ("2026-04-03", "Goede Vrijdag"),
            ("2026-04-05", "Eerste Paasdag"),
            ("2026-04-06", "Tweede Paasdag"),
            ("2026-04-27", "Koningsdag"),
            ("2026-05-05", "Bevrijdingsdag"),
            ("2026-05-14", "Hemelvaartsdag"),
            ("2026-05-24", "Eerste Pinksterdag"),
            ("2026-05-25", "Tweede Pinksterdag"),
            ("2026-12-25", "Eerste Kerstdag"),
            ("2026-12-26", "Tweede Kerstdag"),
        ];
        let want: Vec<(String, &str)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn royal_day_moves_off_sunday() {
        // 27 April 2014 and 2025 were Sundays: Koningsdag on Saturday the 26th.
        assert_eq!(holiday(d("2014-04-26")), Some(Holiday::Koningsdag));
        assert_eq!(holiday(d("2014-04-27")), None);
        assert_eq!(holiday(d("2025-04-26")), Some(Holiday::Koningsdag));
        assert_eq!(holiday(d("2026-04-27")), Some(Holiday::Koningsdag));
        // Until 2013: Koninginnedag on 30 April, 29 April when that was a Sunday (2006).
        assert_eq!(holiday(d("2006-04-29")), Some(Holiday::Koninginnedag));
        assert_eq!(holiday(d("2013-04-30")), Some(Holiday::Koninginnedag));
        assert_eq!(holiday(d("2013-04-27")), None);
    }

    #[test]
    fn roll_forward_shows_every_step() {
        let k = Kalender::default();
        let (end, skipped) = k.roll_forward(d("2026-04-03")).unwrap();
        assert_eq!(end, d("2026-04-07"));
        let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "Goede Vrijdag",
                "een zaterdag",
                "Eerste Paasdag (zondag)",
                "Tweede Paasdag"
            ]
        );
        let (end, skipped) = k.roll_forward(d("2026-04-13")).unwrap();
        assert_eq!((end, skipped.len()), (d("2026-04-13"), 0));
    }

    #[test]
    fn equated_days_and_school_holidays_come_from_config() {
        let k = Kalender::from_toml(
            "kalender.toml",
            "[[gelijkgesteld]]\ndatum = \"2026-05-15\"\nreden = \"testbesluit\"\n\n\
             [[vakantie]]\nnaam = \"meivakantie\"\nregio = \"zuid\"\nvan = 2026-04-25\ntot = \"2026-05-03\"\n",
        )
        .unwrap();
        let (end, skipped) = k.roll_forward(d("2026-05-15")).unwrap();
        assert_eq!(end, d("2026-05-18"));
        assert!(skipped[0].reason.contains("testbesluit"), "{skipped:?}");
        let on: Vec<String> = k
            .school_holidays_on(d("2026-05-01"))
            .map(SchoolHoliday::describe)
            .collect();
        assert_eq!(
            on,
            ["meivakantie (regio zuid, 25 april 2026 t/m 3 mei 2026)"]
        );
        assert_eq!(k.school_holidays_on(d("2026-05-04")).count(), 0);
    }

    #[test]
    fn config_errors_are_dutch_and_located() {
        let e = Kalender::from_toml(
            "k.toml",
            "[[gelijkgesteld]]\ndatum = \"2026-02-30\"\nreden = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("2026-02-30"), "{e}");
        assert!(e.message.contains("februari 2026 heeft 28 dagen"), "{e}");
        let e = Kalender::from_toml(
            "k.toml",
            "\n[[vakantie]]\nnaam = \"herfst\"\nvan = \"2026-10-24\"\ntot = \"2026-10-17\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("vóór ze begint"), "{e}");
        assert_eq!(e.line, 3, "{e}");
        let e = Kalender::from_toml("k.toml", "[[vakanties]]\nnaam = \"x\"\n").unwrap_err();
        assert!(e.message.contains("onbekend veld"), "{e}");
    }

    #[test]
    fn years_outside_the_known_range_are_refused() {
        let e = Kalender::default()
            .roll_forward(d("1985-06-01"))
            .unwrap_err();
        assert!(e.to_string().contains("1 juni 1985"), "{e}");
    }

    #[test]
    fn bridge_days_get_a_note_unless_configured() {
        let k = Kalender::default();
        let note = k.bridge_day_note(d("2026-05-15")).unwrap();
        assert!(note.contains("de dag na Hemelvaartsdag"), "{note}");
        assert!(note.contains("maandag 18 mei 2026"), "{note}");
        // Staff read this: no config file to edit, someone to ask.
        assert!(note.contains("consulent"), "{note}");
        assert!(
            !note.contains("config") && !note.contains(".toml"),
            "{note}"
        );
        assert!(k.bridge_day_note(d("2026-05-13")).is_none());
        let k = k.with_equated(d("2026-05-15"), "besluit");
        assert!(k.bridge_day_note(d("2026-05-15")).is_none());
        // Monday before a Tuesday Christmas.
        assert!(
            Kalender::default()
                .bridge_day_note(d("2029-12-24"))
                .is_some()
        );
    }
}
