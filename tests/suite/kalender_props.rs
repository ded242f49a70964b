//! Properties of the term calculator for the zorgplicht term (6 weeks, extension to 10 weeks,
//! statutory) under the Algemene termijnenwet alone, checked against a table of the Atw
//! holidays of 2020–2030 written out by hand, so the oracle does not share the calendar's code.
//! Over the whole range 1990–2100 the ends are checked for order, and for agreeing with the
//! calendar the calculator is given.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use normwijzer::checks::kalender::{self, Kalender};
use normwijzer::checks::termijn::{self, Dates, Term};
use normwijzer::model::{End, Length};
use proptest::prelude::*;

const ZORGPLICHT: Term = Term {
    length: Length::Weeks(6),
    extended: Some(Length::Weeks(10)),
    statutory: true,
};

/// The days art. 3 of the Algemene termijnenwet names, in the order of each row of
/// [`ATW_DAYS`].
const NAMES: [&str; 11] = [
    "Nieuwjaarsdag",
    "Goede Vrijdag",
    "Eerste Paasdag",
    "Tweede Paasdag",
    "Koningsdag",
    "Bevrijdingsdag",
    "Hemelvaartsdag",
    "Eerste Pinksterdag",
    "Tweede Pinksterdag",
    "Eerste Kerstdag",
    "Tweede Kerstdag",
];

/// The Atw holidays of 2020–2030 as month-day, in the order of [`NAMES`], written out by hand:
/// Easter Sunday from the church calendar (12 April 2020, 4 April 2021, 17 April 2022, 9 April
/// 2023, 31 March 2024, 20 April 2025, 5 April 2026, 28 March 2027, 16 April 2028, 1 April
/// 2029, 21 April 2030), Goede Vrijdag two days before it, Hemelvaartsdag 39 and Pinksteren 49
/// days after it; Koningsdag on 27 April, or on Saturday 26 April when the 27th is a Sunday
/// (2025); Bevrijdingsdag every year on 5 May.
const ATW_DAYS: [(i16, &str); 11] = [
    (
        2020,
        "01-01 04-10 04-12 04-13 04-27 05-05 05-21 05-31 06-01 12-25 12-26",
    ),
    (
        2021,
        "01-01 04-02 04-04 04-05 04-27 05-05 05-13 05-23 05-24 12-25 12-26",
    ),
    (
        2022,
        "01-01 04-15 04-17 04-18 04-27 05-05 05-26 06-05 06-06 12-25 12-26",
    ),
    (
        2023,
        "01-01 04-07 04-09 04-10 04-27 05-05 05-18 05-28 05-29 12-25 12-26",
    ),
    (
        2024,
        "01-01 03-29 03-31 04-01 04-27 05-05 05-09 05-19 05-20 12-25 12-26",
    ),
    (
        2025,
        "01-01 04-18 04-20 04-21 04-26 05-05 05-29 06-08 06-09 12-25 12-26",
    ),
    (
        2026,
        "01-01 04-03 04-05 04-06 04-27 05-05 05-14 05-24 05-25 12-25 12-26",
    ),
    (
        2027,
        "01-01 03-26 03-28 03-29 04-27 05-05 05-06 05-16 05-17 12-25 12-26",
    ),
    (
        2028,
        "01-01 04-14 04-16 04-17 04-27 05-05 05-25 06-04 06-05 12-25 12-26",
    ),
    (
        2029,
        "01-01 03-30 04-01 04-02 04-27 05-05 05-10 05-20 05-21 12-25 12-26",
    ),
    (
        2030,
        "01-01 04-19 04-21 04-22 04-27 05-05 05-30 06-09 06-10 12-25 12-26",
    ),
];

/// [`ATW_DAYS`] by date.
fn table() -> &'static BTreeMap<Date, &'static str> {
    static TABLE: OnceLock<BTreeMap<Date, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut days = BTreeMap::new();
        for (year, row) in ATW_DAYS {
            let dates: Vec<&str> = row.split(' ').collect();
            assert_eq!(dates.len(), NAMES.len(), "{year}");
            for (md, name) in dates.into_iter().zip(NAMES) {
                let date: Date = format!("{year}-{md}").parse().expect("a table date");
                assert!(days.insert(date, name).is_none(), "{date} twice");
            }
        }
        days
    })
}

/// Closed under the Atw per the table: a Saturday, a Sunday or a holiday of the table.
fn closed(d: Date) -> bool {
    assert!(
        (2020..=2030).contains(&d.year()),
        "{d} is outside the table"
    );
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) || table().contains_key(&d)
}

/// Closed per the calendar the calculator is given (for years outside the table).
fn calendar_closed(d: Date) -> bool {
    kalender::is_weekend(d) || kalender::holiday(d).is_some()
}

fn first_day() -> Date {
    Date::new(1990, 1, 1).unwrap()
}

fn last_day() -> Date {
    Date::new(2100, 12, 31).unwrap()
}

fn day(offset: i64) -> Date {
    first_day().checked_add(offset.days()).unwrap()
}

fn offset_of(d: Date) -> i64 {
    i64::from(d.since(first_day()).unwrap().get_days())
}

fn span_days() -> i64 {
    offset_of(last_day())
}

/// Start days whose ends, ten weeks and a few closed days later, stay within the table.
fn table_starts() -> std::ops::RangeInclusive<i64> {
    offset_of(Date::new(2020, 1, 1).unwrap())..=offset_of(Date::new(2030, 10, 1).unwrap())
}

fn compute(start: Date) -> Dates {
    termijn::compute(&ZORGPLICHT, start, &Kalender::default()).unwrap()
}

/// `end` is the first day on or after `earliest` that is no weekend day or Atw holiday.
fn first_open_day(earliest: Date, end: Date) -> Result<(), TestCaseError> {
    prop_assert!(end >= earliest, "{end} before {earliest}");
    prop_assert!(!closed(end), "{end} is a weekend day or holiday");
    let mut d = earliest;
    while d < end {
        prop_assert!(closed(d), "{d} was open, yet the term ran on to {end}");
        d = d.tomorrow().unwrap();
    }
    Ok(())
}

/// The oracle itself: every day of 2020–2030 is a holiday of the calendar exactly when the
/// table names it, with the table's name.
#[test]
fn the_calendar_has_the_atw_holidays_of_the_table() {
    assert_eq!(table().len(), 11 * 11);
    let mut d = Date::new(2020, 1, 1).unwrap();
    while d.year() <= 2030 {
        assert_eq!(
            kalender::holiday(d).map(|h| h.name()),
            table().get(&d).copied(),
            "{d}"
        );
        d = d.tomorrow().unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn deadline_is_the_first_open_day_after_six_weeks(offset in table_starts()) {
        let start = day(offset);
        let r = compute(start);
        first_open_day(start.checked_add(42.days()).unwrap(), r.deadline)?;
    }

    #[test]
    fn extended_is_the_first_open_day_after_ten_weeks(offset in table_starts()) {
        let start = day(offset);
        let r = compute(start);
        let extended = r.extended.unwrap();
        first_open_day(start.checked_add(70.days()).unwrap(), extended)?;
        prop_assert!(extended >= r.deadline);
    }

    #[test]
    fn later_starts_never_give_earlier_ends(offset in 0..=span_days(), later in 0i64..400) {
        let a = day(offset);
        let b = a.checked_add(later.days()).unwrap();
        let (ra, rb) = (compute(a), compute(b));
        prop_assert!(rb.deadline >= ra.deadline, "{a}: {} / {b}: {}", ra.deadline, rb.deadline);
        prop_assert!(rb.extended >= ra.extended);
    }

    #[test]
    fn every_shift_is_one_closed_day_and_ends_at_the_deadline(offset in table_starts()) {
        let r = compute(day(offset));
        for s in &r.shifts {
            prop_assert!(closed(s.from), "{} shifted but open", s.from);
            prop_assert_eq!(s.to, s.from.tomorrow().unwrap());
        }
        let deadline_shifts: Vec<_> = r.shifts.iter().filter(|s| s.term == End::Deadline).collect();
        match deadline_shifts.last() {
            Some(last) => prop_assert_eq!(last.to, r.deadline),
            None => prop_assert_eq!(r.raw_deadline, r.deadline),
        }
    }
}

/// Not sampled but exhaustive: consecutive start days over the whole range give ends in order,
/// on days the calculator's calendar calls open, and within the table on days the table calls
/// open.
#[test]
fn every_start_day_from_1990_to_2100_is_monotonic_and_open() {
    let in_table = table_starts();
    let mut prev: Option<Dates> = None;
    let mut d = first_day();
    while d <= last_day() {
        let r = compute(d);
        assert!(!calendar_closed(r.deadline), "{d}: {}", r.deadline);
        if in_table.contains(&offset_of(d)) {
            assert!(!closed(r.deadline), "{d}: {}", r.deadline);
            assert!(!closed(r.extended.unwrap()), "{d}: {:?}", r.extended);
        }
        assert!(r.extended.unwrap() >= r.deadline, "{d}");
        if let Some(p) = &prev {
            assert!(r.deadline >= p.deadline, "{d}");
            assert!(r.extended >= p.extended, "{d}");
        }
        prev = Some(r);
        d = d.tomorrow().unwrap();
    }
}

/// The longest run of closed days is short: four for Easter (Friday to Monday) or Christmas
/// next to a weekend, five only when Easter Monday (26 April) runs into a Tuesday Koningsdag,
/// as in 2038. A longer run would mean a wrongly placed holiday.
#[test]
fn closed_days_come_in_short_runs() {
    let mut run = 0;
    let mut longest = Vec::new();
    let mut d = first_day();
    while d <= last_day() {
        run = if calendar_closed(d) { run + 1 } else { 0 };
        assert!(run <= 5, "{d}");
        if run == 5 {
            longest.push(d.to_string());
        }
        d = d.tomorrow().unwrap();
    }
    assert_eq!(longest, ["2038-04-27"]);
}
