//! The calendar the date parsers share: month and weekday names (and regex alternations of
//! them), calendar dates and UTC instants from the wide integers a regex captures. Every other
//! file of `dates` builds on these.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use regex::Captures;

/// Month names and abbreviations, longest first so that an alternation prefers `September`
/// over `Sept` over `Sep`.
pub(super) const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The number of a month name or abbreviation (`Jan`, `jan.`, `SEPT`, `September`), any case.
pub(super) fn month_number(name: &str) -> Option<i8> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.iter().find(|(n, _)| *n == name).map(|&(_, m)| m)
}

/// A regex alternation of the month names, any case: `(?i:january|...|dec)`.
pub(super) fn month_alternation_any_case() -> String {
    let names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    format!("(?i:{})", names.join("|"))
}

/// A regex alternation of the month names as written in running text: `January`, `JANUARY`,
/// `Jan`, `JAN` (capitalised or upper case, so the verb "may" and the word "march" are not
/// months).
pub(super) fn month_alternation_text() -> String {
    let mut names = Vec::new();
    for (n, _) in MONTHS {
        let mut cap = n.to_string();
        cap[..1].make_ascii_uppercase();
        names.push(cap);
        names.push(n.to_ascii_uppercase());
    }
    format!("(?:{})", names.join("|"))
}

/// Weekday names as written in running text (capitalised or upper case), Monday first.
pub(super) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Midnight UTC of a calendar date, `None` when the date does not exist.
pub(super) fn utc_date(year: i64, month: i64, day: i64) -> Option<Timestamp> {
    utc_datetime(year, month, day, 0, 0, 0)
}

/// A UTC instant from calendar fields, `None` when they do not name one.
pub(super) fn utc_datetime(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> Option<Timestamp> {
    let dt = DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    Offset::UTC.to_timestamp(dt).ok()
}

/// A calendar date from wide integers, `None` when it does not exist.
pub(super) fn date(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// A captured group parsed as a number (`None` when absent or too long).
pub(super) fn num(caps: &Captures<'_>, name: &str) -> Option<i64> {
    caps.name(name)?.as_str().parse().ok()
}
