//! Properties of the term calculator over every start date from 1990 to 2100: the zorgplicht
//! term (6 weeks, extension to 10 weeks, statutory) under the Algemene termijnenwet alone.

use jiff::ToSpan;
use jiff::civil::Date;
use normwijzer::checks::kalender::{self, Kalender};
use normwijzer::checks::termijn::{self, Dates, Term};
use normwijzer::model::Length;
use proptest::prelude::*;

const ZORGPLICHT: Term = Term {
    length: Length::Weeks(6),
    extended: Some(Length::Weeks(10)),
    statutory: true,
};

fn first_day() -> Date {
    Date::new(1990, 1, 1).unwrap()
}

fn last_day() -> Date {
    Date::new(2100, 12, 31).unwrap()
}

fn day(offset: i64) -> Date {
    first_day().checked_add(offset.days()).unwrap()
}

fn span_days() -> i64 {
    i64::from(last_day().since(first_day()).unwrap().get_days())
}

fn closed(d: Date) -> bool {
    kalender::is_weekend(d) || kalender::holiday(d).is_some()
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn deadline_is_the_first_open_day_after_six_weeks(offset in 0..=span_days()) {
        let start = day(offset);
        let r = compute(start);
        first_open_day(start.checked_add(42.days()).unwrap(), r.deadline)?;
    }

    #[test]
    fn extended_is_the_first_open_day_after_ten_weeks(offset in 0..=span_days()) {
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
    fn every_shift_is_one_closed_day_and_ends_at_the_deadline(offset in 0..=span_days()) {
        let r = compute(day(offset));
        for s in &r.shifts {
            prop_assert!(closed(s.from), "{} shifted but open", s.from);
            prop_assert_eq!(s.to, s.from.tomorrow().unwrap());
        }
        let deadline_shifts: Vec<_> = r.shifts.iter().filter(|s| s.term == normwijzer::model::End::Deadline).collect();
        match deadline_shifts.last() {
            Some(last) => prop_assert_eq!(last.to, r.deadline),
            None => prop_assert_eq!(r.raw_deadline, r.deadline),
        }
    }
}

/// Not sampled but exhaustive: consecutive start days over the whole range.
#[test]
fn every_start_day_from_1990_to_2100_is_monotonic_and_open() {
    let mut prev: Option<Dates> = None;
    let mut d = first_day();
    while d <= last_day() {
        let r = compute(d);
        assert!(!closed(r.deadline), "{d}: {}", r.deadline);
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
        run = if closed(d) { run + 1 } else { 0 };
        assert!(run <= 5, "{d}");
        if run == 5 {
            longest.push(d.to_string());
        }
        d = d.tomorrow().unwrap();
    }
    assert_eq!(longest, ["2038-04-27"]);
}
