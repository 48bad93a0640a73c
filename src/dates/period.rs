//! The periods users type for `--from`/`--to` and `--mentioned-from`/`--mentioned-to`: `2020`,
//! `2020-01`, `2020-W02`, `2020-01-05`, an RFC 3339 instant, a written date (`January 5, 2020`)
//! and, with a `now`, relative forms (`last week`), each as a half-open UTC [`Period`].
//! `search` validates its request with these before any index is opened; the indexer and
//! [`super::DateMention::period`] turn mention values into periods the same way.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::Period;
use super::calendar::{WEEKDAYS, date, month_number};
use super::mentions::mentioned_dates_at;

/// The reason given for a period that has none of the accepted shapes.
const PERIOD_SHAPES: &str = "expected YYYY, YYYY-MM, YYYY-MM-DD, an ISO week YYYY-Www, an RFC 3339 timestamp, a date such as \"January 5, 2020\", \"5 Jan 2020\" or \"March 2020\", or one relative to today such as \"yesterday\", \"last week\" or \"3 days ago\"";

/// Parses a period as [`parse_period`] does, and also the relative forms that
/// [`mentioned_dates_at`] resolves in text, here against the UTC day of `now`: `today`,
/// `yesterday`, `tomorrow`, `Monday` (the latest on or before today), `last Friday`,
/// `this week`, `last week`, `next month`, `last year`, `3 days ago`, `two weeks ago`, and a
/// month and day without a year (`Jan 5`: the year nearest today). The binary gives the clock
/// as `now`; tests give a fixed instant.
pub fn parse_period_at(input: &str, flag: &str, now: Timestamp) -> crate::Result<Period> {
    period_with(input, flag, Some(now))
}

/// Parses a period as a user types it for `--from`/`--to`: `2020`, `2020-01`, `2020-01-05`, an
/// ISO week `2020-W02` (Monday to Sunday, the form of relative mentions such as `last week`) or
/// an RFC 3339 timestamp (a period of one instant). `flag` names the flag in the error.
///
/// A year, month or day is the whole of it in UTC, e.g. `2020-01` is
/// `[2020-01-01T00:00:00Z, 2020-02-01T00:00:00Z)`. An RFC 3339 timestamp (with its offset,
/// `2020-01-06T10:00:00Z` or `…+01:00`) is the one instant: `end` is `start` plus one
/// nanosecond. Surrounding whitespace is ignored. A well-shaped date that does not exist
/// (`2020-13`, `2021-02-29`) is an error that says so.
///
/// A date written out as [`mentioned_dates`](super::mentioned_dates) finds it in text is a day
/// or a month too: `January 5, 2020`, `Jan. 5 2020`, `5 January 2020`, `5th of January, 2020`,
/// `March 2020` (month names in any case). Relative forms (`last week`) need a today:
/// [`parse_period_at`].
pub fn parse_period(input: &str, flag: &str) -> crate::Result<Period> {
    period_with(input, flag, None)
}

/// A date as people write it, the whole of `s`, as the value of the one mention
/// [`mentioned_dates_at`] finds in it (relative ones only with `now`).
fn written_date(s: &str, now: Option<Timestamp>) -> Option<String> {
    // Mentions in text need month and weekday names capitalised; typed ones may not be.
    let mut text = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let word_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let (word, after) = if word_len == 0 {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            rest.split_at(len)
        } else {
            rest.split_at(word_len)
        };
        let is_name = word_len > 0
            && (month_number(word).is_some()
                || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word)));
        if is_name {
            text.push_str(&word[..1].to_ascii_uppercase());
            text.push_str(&word[1..].to_ascii_lowercase());
        } else {
            text.push_str(word);
        }
        rest = after;
    }
    match mentioned_dates_at(&text, now).as_slice() {
        [m] if m.start == 0 && m.end == text.len() => Some(m.value.clone()),
        _ => None,
    }
}

/// [`parse_period`], with relative forms resolved against `now` when it is given.
fn period_with(input: &str, flag: &str, now: Option<Timestamp>) -> crate::Result<Period> {
    let invalid = |reason: String| crate::Error::InvalidDate {
        flag: flag.to_string(),
        input: input.to_string(),
        reason,
    };
    let s = input.trim();
    let Some((start_date, end_date)) = calendar_days(s).map_err(invalid)? else {
        let Ok(ts) = s.parse::<Timestamp>() else {
            return match written_date(s, now) {
                Some(value) => period_with(&value, flag, None)
                    .map_err(|_| invalid(format!("{value} is out of range"))),
                None => Err(invalid(PERIOD_SHAPES.to_string())),
            };
        };
        let end = ts
            .checked_add(SignedDuration::from_nanos(1))
            .unwrap_or(Timestamp::MAX);
        return Ok(Period { start: ts, end });
    };
    let to_ts = |d: Date| Offset::UTC.to_timestamp(d.to_datetime(jiff::civil::Time::midnight()));
    let start = to_ts(start_date).map_err(|_| invalid(format!("{s} is out of range")))?;
    let end = end_date
        .and_then(|d| to_ts(d).ok())
        .unwrap_or(Timestamp::MAX);
    Ok(Period { start, end })
}

/// The first day of a period the calendar names (`2020`, `2020-01`, `2020-W02`, `2020-01-05`)
/// and the first day after it (`None` past the last date jiff supports). `Ok(None)` for the
/// other shapes; the reason as the error when the shape is right but names no date.
fn calendar_days(s: &str) -> Result<Option<(Date, Option<Date>)>, String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let field = |r: std::ops::Range<usize>| -> i64 { s[r].parse().unwrap_or(-1) };
    let days = match b.len() {
        4 if digits(0..4) => {
            let year = field(0..4);
            let start = date(year, 1, 1).ok_or_else(|| format!("year {year} is out of range"))?;
            (start, start.checked_add(jiff::Span::new().years(1)).ok())
        }
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => {
            let (year, month) = (field(0..4), field(5..7));
            if !(1..=12).contains(&month) {
                return Err(format!("month {month:02} does not exist"));
            }
            let start = date(year, month, 1).ok_or_else(|| format!("{s} is out of range"))?;
            (start, start.checked_add(jiff::Span::new().months(1)).ok())
        }
        8 if digits(0..4) && b[4] == b'-' && b[5] == b'W' && digits(6..8) => {
            let (year, week) = (field(0..4), field(6..8));
            let start = i16::try_from(year)
                .ok()
                .zip(i8::try_from(week).ok())
                .and_then(|(y, w)| ISOWeekDate::new(y, w, Weekday::Monday).ok())
                .ok_or_else(|| format!("week {week:02} of {year} does not exist"))?
                .date();
            (start, start.checked_add(jiff::Span::new().days(7)).ok())
        }
        10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
            let (year, month, day) = (field(0..4), field(5..7), field(8..10));
            if !(1..=12).contains(&month) {
                return Err(format!("month {month:02} does not exist"));
            }
            let start = date(year, month, day).ok_or_else(|| format!("{s} does not exist"))?;
            (start, start.checked_add(jiff::Span::new().days(1)).ok())
        }
        _ => return Ok(None),
    };
    Ok(Some(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::tests::ts;
    use proptest::prelude::*;

    #[test]
    fn period_year_month_day() {
        let p = parse_period("2020", "--from").unwrap();
        assert_eq!(
            (p.start, p.end),
            (ts("2020-01-01T00:00:00Z"), ts("2021-01-01T00:00:00Z"))
        );
        let p = parse_period("2020-02", "--from").unwrap();
        assert_eq!(
            (p.start, p.end),
            (ts("2020-02-01T00:00:00Z"), ts("2020-03-01T00:00:00Z"))
        );
        let p = parse_period("2020-12", "--from").unwrap();
        assert_eq!(p.end, ts("2021-01-01T00:00:00Z"));
        let p = parse_period("2020-02-29", "--to").unwrap();
        assert_eq!(
            (p.start, p.end),
            (ts("2020-02-29T00:00:00Z"), ts("2020-03-01T00:00:00Z"))
        );
    }

    #[test]
    fn period_instant() {
        let p = parse_period("2020-01-06T10:00:00+01:00", "--from").unwrap();
        assert_eq!(p.start, ts("2020-01-06T09:00:00Z"));
        assert_eq!(p.end, ts("2020-01-06T09:00:00.000000001Z"));
    }

    #[test]
    fn period_invalid() {
        for input in [
            "",
            "yesterday",
            "20",
            "2020-1",
            "2020-01-6",
            "2020-01-06T10:00:00",
            "٢٠٢٠",
        ] {
            let err = parse_period(input, "--from").unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid date for --from: '{input}': {PERIOD_SHAPES}")
            );
        }
        for (input, reason) in [
            ("2020-13", "month 13 does not exist"),
            ("2020-00-10", "month 00 does not exist"),
            ("2020-01-32", "2020-01-32 does not exist"),
            ("2021-02-29", "2021-02-29 does not exist"),
        ] {
            let err = parse_period(input, "--to").unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid date for --to: '{input}': {reason}")
            );
        }
    }

    #[test]
    fn period_written_dates() {
        for (input, start, end) in [
            ("January 5, 2020", "2020-01-05", "2020-01-06"),
            ("january 5, 2020", "2020-01-05", "2020-01-06"),
            ("5 Jan 2020", "2020-01-05", "2020-01-06"),
            ("5th of JANUARY, 2020", "2020-01-05", "2020-01-06"),
            ("Jan. 5 2020", "2020-01-05", "2020-01-06"),
            ("March 2020", "2020-03-01", "2020-04-01"),
            ("  may 2020 ", "2020-05-01", "2020-06-01"),
        ] {
            let p = parse_period(input, "--from").unwrap();
            assert_eq!(
                (p.start, p.end),
                (
                    ts(&format!("{start}T00:00:00Z")),
                    ts(&format!("{end}T00:00:00Z"))
                ),
                "{input}"
            );
        }
        // relative forms need a today; text around a date is not a date
        for input in [
            "last week",
            "yesterday",
            "in March 2020",
            "March 2020 or so",
            "Jan 5",
        ] {
            let err = parse_period(input, "--from").unwrap_err();
            assert!(err.to_string().ends_with(PERIOD_SHAPES), "{input}: {err}");
        }
    }

    /// The help of `--from` and `--mentioned-from` offered "last week": resolved against a
    /// today the caller gives.
    #[test]
    fn period_relative_to_now() {
        let now = ts("2020-01-08T14:30:00Z"); // a Wednesday
        for (input, start, end) in [
            ("today", "2020-01-08", "2020-01-09"),
            ("Yesterday", "2020-01-07", "2020-01-08"),
            ("tomorrow", "2020-01-09", "2020-01-10"),
            ("monday", "2020-01-06", "2020-01-07"),
            ("last Friday", "2020-01-03", "2020-01-04"),
            ("last week", "2019-12-30", "2020-01-06"),
            ("this week", "2020-01-06", "2020-01-13"),
            ("this month", "2020-01-01", "2020-02-01"),
            ("last month", "2019-12-01", "2020-01-01"),
            ("last year", "2019-01-01", "2020-01-01"),
            ("3 days ago", "2020-01-05", "2020-01-06"),
            ("two weeks ago", "2019-12-23", "2019-12-30"),
            ("Dec 30", "2019-12-30", "2019-12-31"),
            ("January 5, 2020", "2020-01-05", "2020-01-06"),
            ("2020-W02", "2020-01-06", "2020-01-13"),
        ] {
            let p = parse_period_at(input, "--from", now).unwrap();
            assert_eq!(
                (p.start, p.end),
                (
                    ts(&format!("{start}T00:00:00Z")),
                    ts(&format!("{end}T00:00:00Z"))
                ),
                "{input}"
            );
        }
        for input in ["someday", "last", "on Monday", "yesterday and today"] {
            let err = parse_period_at(input, "--to", now).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid date for --to: '{input}': {PERIOD_SHAPES}")
            );
        }
    }

    #[test]
    fn period_iso_week() {
        let p = parse_period("2020-W02", "--from").unwrap();
        assert_eq!(
            (p.start, p.end),
            (ts("2020-01-06T00:00:00Z"), ts("2020-01-13T00:00:00Z"))
        );
        for (input, reason) in [
            ("2021-W53", "week 53 of 2021 does not exist"),
            ("2020-W00", "week 00 of 2020 does not exist"),
        ] {
            let err = parse_period(input, "--to").unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid date for --to: '{input}': {reason}")
            );
        }
    }

    proptest! {
        #[test]
        fn period_round_trips_days(y in 1900i16..2100, m in 1i8..=12, d in 1i8..=28) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            let p = parse_period(&s, "--from").unwrap();
            prop_assert_eq!(p.end.duration_since(p.start), SignedDuration::from_hours(24));
        }
    }
}
