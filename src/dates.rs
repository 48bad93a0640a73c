//! When was it published, which dates does it mention? Parses dates from metadata values,
//! datelines and file names, finds the dates an article's text mentions, and turns the periods
//! users type (`2020`, `2020-01`, `2020-01-05`, RFC 3339) into time ranges.
//!
//! Every date without a time zone is taken as UTC, and a date without a time as midnight UTC.
//! All offsets are byte offsets into the text given, the end exclusive.

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime};
use jiff::fmt::rfc2822;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use regex::{Captures, Regex};
use serde::Serialize;

/// Where an article's publication date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A metadata field: JSON, front matter, HTML meta, a `Date:` header line.
    Metadata,
    /// A dateline at the start of the text (`BRUSSELS 1996-08-22`, `WASHINGTON, Jan 6 -`).
    Dateline,
    /// A date in the file name (`2020-01-06-iraq-letter.txt`).
    Filename,
}

/// A half-open time range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First instant in the period.
    pub start: Timestamp,
    /// First instant after the period.
    pub end: Timestamp,
}

/// A date an article's text mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// Byte offset of the mention's start in the text.
    pub start: usize,
    /// Byte offset just past the mention's end (exclusive).
    pub end: usize,
    /// The normalized value: `2020-01-05`, `2020-01` or `2020`.
    pub value: String,
}

/// Month names and abbreviations, longest first so that an alternation prefers `September`
/// over `Sept` over `Sep`.
const MONTHS: &[(&str, i8)] = &[
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
fn month_number(name: &str) -> Option<i8> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.iter().find(|(n, _)| *n == name).map(|&(_, m)| m)
}

/// A regex alternation of the month names, any case: `(?i:january|...|dec)`.
fn month_alternation_any_case() -> String {
    let names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    format!("(?i:{})", names.join("|"))
}

/// A regex alternation of the month names as written in running text: `January`, `JANUARY`,
/// `Jan`, `JAN` (capitalised or upper case, so the verb "may" and the word "march" are not
/// months).
fn month_alternation_text() -> String {
    let mut names = Vec::new();
    for (n, _) in MONTHS {
        let mut cap = n.to_string();
        cap[..1].make_ascii_uppercase();
        names.push(cap);
        names.push(n.to_ascii_uppercase());
    }
    format!("(?:{})", names.join("|"))
}

/// Midnight UTC of a calendar date, `None` when the date does not exist.
fn utc_date(year: i64, month: i64, day: i64) -> Option<Timestamp> {
    utc_datetime(year, month, day, 0, 0, 0)
}

/// A UTC instant from calendar fields, `None` when they do not name one.
fn utc_datetime(
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

/// A captured group parsed as a number (`None` when absent or too long).
fn num(caps: &Captures<'_>, name: &str) -> Option<i64> {
    caps.name(name)?.as_str().parse().ok()
}

/// `26-FEB-1987 15:01:01.79` (Reuters-21578), fractions of a second dropped.
static REUTERS_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<d>\d{1,2})-(?P<m>[A-Za-z]{3,9})-(?P<y>\d{4})(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,9})?)?)?$",
    )
    .expect("valid regex")
});

/// `January 5, 2020`, `Jan. 5 2020`, `5 January 2020`, optionally after a weekday and followed
/// by a time (`10:00`, `10:00:05 pm`) and `UTC`/`GMT`/`Z`.
static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_any_case();
    Regex::new(&format!(
        r"^(?i:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?i:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})(?i:st|nd|rd|th)?\s+(?P<m2>{month})\.?,?\s+(?P<y2>\d{{4}}))(?:(?:,?\s+|T)(?i:at\s+)?(?P<H>\d{{1,2}}):(?P<M>\d{{2}})(?::(?P<S>\d{{2}})(?:\.\d{{1,9}})?)?\s*(?P<ampm>(?i:am|pm|a\.m\.|p\.m\.))?)?\s*(?i:utc|gmt|z)?$"
    ))
    .expect("valid regex")
});

/// `2020/01/06`.
static SLASH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$").expect("valid regex")
});

/// The RFC 2822 parser (`Mon, 06 Jan 2020 10:00:00 GMT`).
static RFC2822: rfc2822::DateTimeParser = rfc2822::DateTimeParser::new();

/// Parses a date as written in metadata: RFC 3339, RFC 2822, ISO `YYYY-MM-DD` (with or without
/// time), Reuters stamps (`26-FEB-1987 15:01:01.79`), `January 5, 2020`, `5 Jan 2020`. Dates
/// without a zone are taken as UTC. `None` when it is not a date.
pub fn parse_metadata_date(input: &str) -> Option<Timestamp> {
    let s = input.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    // RFC 3339 and the other forms with an offset jiff's Temporal parser knows.
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(ts) = RFC2822.parse_timestamp(s) {
        return Some(ts);
    }
    // `2020-01-06`, `2020-01-06 10:00:00`, `2020-01-06T10:00:00`: no zone, so UTC.
    if s.as_bytes()[0].is_ascii_digit()
        && let Ok(dt) = s.parse::<DateTime>()
    {
        return Offset::UTC.to_timestamp(dt).ok();
    }
    if let Some(c) = REUTERS_STAMP.captures(s) {
        let month = month_number(&c["m"])?;
        return utc_datetime(
            num(&c, "y")?,
            month.into(),
            num(&c, "d")?,
            num(&c, "H").unwrap_or(0),
            num(&c, "M").unwrap_or(0),
            num(&c, "S").unwrap_or(0),
        );
    }
    if let Some(c) = SLASH_DATE.captures(s) {
        return utc_date(num(&c, "y")?, num(&c, "m")?, num(&c, "d")?);
    }
    if let Some(c) = TEXT_DATE.captures(s) {
        let (month, day, year) = match c.name("m1") {
            Some(m) => (m.as_str(), num(&c, "d1")?, num(&c, "y1")?),
            None => (c.name("m2")?.as_str(), num(&c, "d2")?, num(&c, "y2")?),
        };
        let month = month_number(month)?;
        let mut hour = num(&c, "H").unwrap_or(0);
        if let Some(ampm) = c.name("ampm") {
            if !(1..=12).contains(&hour) {
                return None;
            }
            let pm = ampm.as_str().to_ascii_lowercase().starts_with('p');
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
        return utc_datetime(
            year,
            month.into(),
            day,
            hour,
            num(&c, "M").unwrap_or(0),
            num(&c, "S").unwrap_or(0),
        );
    }
    None
}

/// A dateline at the start of a line (after any `*`s): an upper-case place name
/// (`WASHINGTON`, `WESTPORT, Conn.`, `DALLAS/FORT WORTH`, `Caracas`), then `YYYY-MM-DD`, or a
/// month and day after a comma (and maybe a year) followed by an optional `(Reuters)` or
/// `, Reuter` and a dash.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_any_case();
    Regex::new(&format!(
        r"^[\s*]*(?P<place>\p{{Lu}}[\p{{L}}\p{{M}} .,'’&/-]{{0,60}}?)(?P<sep>[,\s])\s*(?:(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?:\s|$)|(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?i:st|nd|rd|th)?|(?P<d2>\d{{1,2}})\s+(?P<m2>{month})\.?)(?:,?\s+(?P<y>\d{{4}}))?(?:,?\s*(?:\([^)\n]{{1,40}}\)|(?i:reuters?|ap|afp|upi)\b))?\s*,?\s*(?:--|-|—|–))"
    ))
    .expect("valid regex")
});

/// Lower-case words allowed inside a place name (`RIO de JANEIRO`, `Bay of Plenty`).
const PLACE_PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "della", "la", "le", "les", "el", "of", "am", "an",
    "der", "di", "du", "en", "sur", "on", "upon", "y", "the",
];

/// Whether `place` reads like a dateline's place name: every word capitalised (or a particle
/// such as `de`), at most six words.
fn looks_like_place(place: &str) -> bool {
    let words: Vec<&str> = place
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    words.iter().all(|w| {
        let first = w.chars().find(|c| c.is_alphabetic());
        match first {
            Some(c) if c.is_uppercase() => true,
            Some(_) => PLACE_PARTICLES.contains(&w.to_lowercase().as_str()),
            None => w.chars().all(|c| matches!(c, '.' | '-' | '&' | '\'' | '’')),
        }
    })
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The date of a dateline at the start of `body` (`BRUSSELS 1996-08-22`,
/// `WASHINGTON, Jan 6 (Reuters) -`); `year_hint` supplies the year when the dateline has none.
///
/// Looks at the first three non-empty lines (the first 200 bytes of each), so a dateline
/// under a title line is found too. The place must start with an upper-case letter.
pub fn dateline_date(body: &str, year_hint: Option<i16>) -> Option<Timestamp> {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .find_map(|line| line_dateline(prefix(line, 200), year_hint))
}

/// The dateline date at the start of one line.
fn line_dateline(line: &str, year_hint: Option<i16>) -> Option<Timestamp> {
    let c = DATELINE.captures(line)?;
    if !looks_like_place(&c["place"]) {
        return None;
    }
    if c.name("iy").is_some() {
        return utc_date(num(&c, "iy")?, num(&c, "im")?, num(&c, "id")?);
    }
    // A month and day follow a comma (`WASHINGTON, Jan 6`), an abbreviation (`Okla. March
    // 11`) or a one-word place (`JOHANNESBURG March 13`), so a headline like `PORT SUBSIDY TO
    // END JULY 1 - MINISTER` is no dateline.
    let place = &c["place"];
    if &c["sep"] != "," && !place.ends_with('.') && place.contains(char::is_whitespace) {
        return None;
    }
    let (month, day) = match c.name("m1") {
        Some(m) => (month_number(m.as_str())?, num(&c, "d1")?),
        None => (month_number(c.name("m2")?.as_str())?, num(&c, "d2")?),
    };
    let year = match num(&c, "y") {
        Some(y) => y,
        None => year_hint?.into(),
    };
    utc_date(year, month.into(), day)
}

/// `2020-01-06`, `2020_01_06` or `20200106` not inside a longer number.
static FILENAME_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])(?P<y>\d{4})(?P<s1>[-_.]?)(?P<m>\d{2})(?P<s2>[-_.]?)(?P<d>\d{2})(?:[^0-9]|$)",
    )
    .expect("valid regex")
});

/// A date in a file name (`2020-01-06-iraq-letter.txt`, `20200106_story.md`).
///
/// Takes the last path component when given a path. The date's parts are separated the same
/// way (`-`, `_`, `.` or nothing), the year lies in 1800..=2199 and the date must exist.
pub fn filename_date(file_name: &str) -> Option<Timestamp> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    FILENAME_DATE.captures_iter(name).find_map(|c| {
        if c["s1"] != c["s2"] {
            return None;
        }
        let year = num(&c, "y")?;
        if !(1800..=2199).contains(&year) {
            return None;
        }
        utc_date(year, num(&c, "m")?, num(&c, "d")?)
    })
}

/// Full dates in running text: `January 5, 2020`, `Jan. 5 2020`, `5th January 2020`.
static MENTION_MDY: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_text();
    Regex::new(&format!(
        r"\b(?P<m>{month})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s+(?P<y>\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// `5 January 2020`, `5 Jan. 2020`, `5th of January, 2020`.
static MENTION_DMY: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_text();
    Regex::new(&format!(
        r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{month})\b\.?,?\s+(?P<y>\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// `2020-01-05` (boundaries checked by hand: `2020-01-05T10:00` counts).
static MENTION_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})").expect("valid regex"));

/// `January 2020`, `Jan. 2020`, `March, 1987`.
static MENTION_MY: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_text();
    Regex::new(&format!(r"\b(?P<m>{month})\b\.?,?\s+(?P<y>\d{{4}})\b")).expect("valid regex")
});

/// A bare year after a preposition: `in 2014`, `since 2011`, `by 2017`.
static MENTION_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:in|since|by|until|from|before|after|of|during)\s+(?P<y>\d{4})\b(?P<next>[.,]\d|\s+\p{L}+)?",
    )
    .expect("valid regex")
});

/// Words after which a four-digit number is a quantity, not a year (`in 2000 tonnes`).
const QUANTITY_WORDS: &[&str] = &[
    "dlrs",
    "dollars",
    "dlr",
    "tonnes",
    "tons",
    "tonne",
    "pct",
    "percent",
    "shares",
    "mln",
    "million",
    "billion",
    "barrels",
    "bpd",
    "people",
    "units",
    "acres",
    "bags",
    "kilos",
    "km",
    "miles",
    "feet",
    "metres",
    "meters",
    "yen",
    "marks",
    "francs",
    "pounds",
    "stg",
    "points",
    "cars",
    "jobs",
    "employees",
    "workers",
    "troops",
    "soldiers",
    "hectares",
    "ounces",
    "lbs",
];

/// The years mentions may name: full dates and months.
const MENTION_YEARS: std::ops::RangeInclusive<i64> = 1000..=2999;
/// The years a bare year mention may name.
const BARE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// The dates `text` mentions (`January 5, 2020`, `5 Jan. 2020`, `2020-01-05`, `January 2020`),
/// in text order, never overlapping.
///
/// Values: a full date is `YYYY-MM-DD`, a month and year `YYYY-MM`, a bare year after `in`,
/// `since`, `by`, `until`, `from`, `before`, `after`, `of` or `during` is `YYYY` (its span is
/// the year alone; years 1900..=2100, not followed by a quantity word like `tonnes`). Month
/// names count when capitalised or upper case. Where candidates overlap, the one starting
/// first wins, and of those the longest.
pub fn mentioned_dates(text: &str) -> Vec<DateMention> {
    // (start, end, value)
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let full = |c: &Captures<'_>| -> Option<String> {
        let year = num(c, "y")?;
        if !MENTION_YEARS.contains(&year) {
            return None;
        }
        let month = month_number(c.name("m")?.as_str())?;
        let day = num(c, "d")?;
        utc_date(year, month.into(), day)?;
        Some(format!("{year:04}-{month:02}-{day:02}"))
    };
    for re in [&*MENTION_MDY, &*MENTION_DMY] {
        for c in re.captures_iter(text) {
            if let Some(value) = full(&c) {
                let m = c.get(0).expect("group 0");
                found.push((m.start(), m.end(), value));
            }
        }
    }
    let bytes = text.as_bytes();
    for c in MENTION_ISO.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let before_ok = m.start() == 0 || !bytes[m.start() - 1].is_ascii_digit();
        let after_ok = m.end() == bytes.len() || !bytes[m.end()].is_ascii_digit();
        if !(before_ok && after_ok) {
            continue;
        }
        let (Some(y), Some(mo), Some(d)) = (num(&c, "y"), num(&c, "m"), num(&c, "d")) else {
            continue;
        };
        if MENTION_YEARS.contains(&y) && utc_date(y, mo, d).is_some() {
            found.push((m.start(), m.end(), format!("{y:04}-{mo:02}-{d:02}")));
        }
    }
    for c in MENTION_MY.captures_iter(text) {
        let (Some(y), Some(mo)) = (num(&c, "y"), month_number(&c["m"])) else {
            continue;
        };
        if MENTION_YEARS.contains(&y) {
            let m = c.get(0).expect("group 0");
            found.push((m.start(), m.end(), format!("{y:04}-{mo:02}")));
        }
    }
    for c in MENTION_YEAR.captures_iter(text) {
        let y = c.name("y").expect("year group");
        let Ok(year) = y.as_str().parse::<i64>() else {
            continue;
        };
        if !BARE_YEARS.contains(&year) {
            continue;
        }
        if let Some(next) = c.name("next") {
            let next = next.as_str().trim_start();
            if next.starts_with(['.', ',']) || QUANTITY_WORDS.contains(&next) {
                continue;
            }
        }
        found.push((y.start(), y.end(), format!("{year:04}")));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<DateMention> = Vec::new();
    for (start, end, value) in found {
        if out.last().is_some_and(|last| start < last.end) {
            continue;
        }
        out.push(DateMention { start, end, value });
    }
    out
}

/// The reason given for a period that has none of the accepted shapes.
const PERIOD_SHAPES: &str = "expected YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp";

/// Parses a period as a user types it for `--from`/`--to`: `2020`, `2020-01`, `2020-01-05` or
/// an RFC 3339 timestamp (a period of one instant). `flag` names the flag in the error.
///
/// A year, month or day is the whole of it in UTC, e.g. `2020-01` is
/// `[2020-01-01T00:00:00Z, 2020-02-01T00:00:00Z)`. An RFC 3339 timestamp (with its offset,
/// `2020-01-06T10:00:00Z` or `…+01:00`) is the one instant: `end` is `start` plus one
/// nanosecond. Surrounding whitespace is ignored. A well-shaped date that does not exist
/// (`2020-13`, `2021-02-29`) is an error that says so.
pub fn parse_period(input: &str, flag: &str) -> crate::Result<Period> {
    let invalid = |reason: String| crate::Error::InvalidDate {
        flag: flag.to_string(),
        input: input.to_string(),
        reason,
    };
    let s = input.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let field = |r: std::ops::Range<usize>| -> i64 { s[r].parse().unwrap_or(-1) };
    let (start_date, end_date) = match b.len() {
        4 if digits(0..4) => {
            let year = field(0..4);
            let start =
                date(year, 1, 1).ok_or_else(|| invalid(format!("year {year} is out of range")))?;
            (start, start.checked_add(jiff::Span::new().years(1)).ok())
        }
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => {
            let (year, month) = (field(0..4), field(5..7));
            if !(1..=12).contains(&month) {
                return Err(invalid(format!("month {month:02} does not exist")));
            }
            let start =
                date(year, month, 1).ok_or_else(|| invalid(format!("{s} is out of range")))?;
            (start, start.checked_add(jiff::Span::new().months(1)).ok())
        }
        10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
            let (year, month, day) = (field(0..4), field(5..7), field(8..10));
            if !(1..=12).contains(&month) {
                return Err(invalid(format!("month {month:02} does not exist")));
            }
            let start =
                date(year, month, day).ok_or_else(|| invalid(format!("{s} does not exist")))?;
            (start, start.checked_add(jiff::Span::new().days(1)).ok())
        }
        _ => {
            let ts: Timestamp = s.parse().map_err(|_| invalid(PERIOD_SHAPES.to_string()))?;
            let end = ts
                .checked_add(SignedDuration::from_nanos(1))
                .unwrap_or(Timestamp::MAX);
            return Ok(Period { start: ts, end });
        }
    };
    let to_ts = |d: Date| Offset::UTC.to_timestamp(d.to_datetime(jiff::civil::Time::midnight()));
    let start = to_ts(start_date).map_err(|_| invalid(format!("{s} is out of range")))?;
    let end = end_date
        .and_then(|d| to_ts(d).ok())
        .unwrap_or(Timestamp::MAX);
    Ok(Period { start, end })
}

/// A calendar date from wide integers, `None` when it does not exist.
fn date(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn meta(s: &str) -> Option<String> {
        parse_metadata_date(s).map(|t| t.to_string())
    }

    #[test]
    fn metadata_rfc3339() {
        assert_eq!(
            meta("2020-01-06T10:00:00Z").unwrap(),
            "2020-01-06T10:00:00Z"
        );
        assert_eq!(
            meta("2020-01-06T10:00:00+01:00").unwrap(),
            "2020-01-06T09:00:00Z"
        );
        assert_eq!(
            meta(" 2020-01-06T10:00:00.5Z ").unwrap(),
            "2020-01-06T10:00:00.5Z"
        );
    }

    #[test]
    fn metadata_rfc2822() {
        assert_eq!(
            meta("Mon, 06 Jan 2020 10:00:00 GMT").unwrap(),
            "2020-01-06T10:00:00Z"
        );
        assert_eq!(
            meta("Mon, 06 Jan 2020 10:00:00 -0500").unwrap(),
            "2020-01-06T15:00:00Z"
        );
        assert_eq!(
            meta("6 Jan 2020 10:00:00 +0000").unwrap(),
            "2020-01-06T10:00:00Z"
        );
    }

    #[test]
    fn metadata_iso_without_zone_is_utc() {
        assert_eq!(meta("2020-01-06").unwrap(), "2020-01-06T00:00:00Z");
        assert_eq!(meta("2020-01-06 10:00:00").unwrap(), "2020-01-06T10:00:00Z");
        assert_eq!(meta("2020-01-06T10:00:00").unwrap(), "2020-01-06T10:00:00Z");
        assert_eq!(meta("2020-01-06T10:00").unwrap(), "2020-01-06T10:00:00Z");
        assert_eq!(meta("2020/01/06").unwrap(), "2020-01-06T00:00:00Z");
    }

    #[test]
    fn metadata_reuters_stamp() {
        assert_eq!(
            meta("26-FEB-1987 15:01:01.79").unwrap(),
            "1987-02-26T15:01:01Z"
        );
        assert_eq!(
            meta("5-MAR-1987 09:07:54.17").unwrap(),
            "1987-03-05T09:07:54Z"
        );
        assert_eq!(meta("26-FEB-1987").unwrap(), "1987-02-26T00:00:00Z");
        assert_eq!(meta("30-FEB-1987 15:01:01.79"), None);
    }

    #[test]
    fn metadata_written_dates() {
        assert_eq!(meta("January 5, 2020").unwrap(), "2020-01-05T00:00:00Z");
        assert_eq!(meta("Jan. 5, 2020").unwrap(), "2020-01-05T00:00:00Z");
        assert_eq!(meta("Jan 5 2020").unwrap(), "2020-01-05T00:00:00Z");
        assert_eq!(meta("5 January 2020").unwrap(), "2020-01-05T00:00:00Z");
        assert_eq!(meta("5 Jan. 2020").unwrap(), "2020-01-05T00:00:00Z");
        assert_eq!(
            meta("Sunday, January 5, 2020").unwrap(),
            "2020-01-05T00:00:00Z"
        );
        assert_eq!(meta("SEPT 30, 1987").unwrap(), "1987-09-30T00:00:00Z");
        assert_eq!(
            meta("January 5, 2020 3:30 pm").unwrap(),
            "2020-01-05T15:30:00Z"
        );
        assert_eq!(
            meta("January 5, 2020 12:10 AM UTC").unwrap(),
            "2020-01-05T00:10:00Z"
        );
        assert_eq!(
            meta("January 5, 2020 14:10:05").unwrap(),
            "2020-01-05T14:10:05Z"
        );
    }

    #[test]
    fn metadata_rejects_non_dates() {
        for s in [
            "",
            "   ",
            "yesterday",
            "2020",
            "2020-13-01",
            "2020-02-30",
            "February 30, 2020",
            "Janus 5, 2020",
            "5 January",
            "12:00",
            "Reuters",
        ] {
            assert_eq!(meta(s), None, "{s:?}");
        }
    }

    #[test]
    fn dateline_forms() {
        let d = |body: &str, hint| dateline_date(body, hint).map(|t| t.to_string());
        assert_eq!(
            d("BRUSSELS 1996-08-22\n\nThe European", None).unwrap(),
            "1996-08-22T00:00:00Z"
        );
        assert_eq!(
            d("WASHINGTON, Jan 6 - The US", Some(2020)).unwrap(),
            "2020-01-06T00:00:00Z"
        );
        assert_eq!(
            d("WASHINGTON, Jan 6 (Reuters) - The US", Some(2020)).unwrap(),
            "2020-01-06T00:00:00Z"
        );
        assert_eq!(
            d("SALVADOR, Feb 26 - Showers", Some(1987)).unwrap(),
            "1987-02-26T00:00:00Z"
        );
        assert_eq!(
            d("LONDON, March 3 - Shares", Some(1987)).unwrap(),
            "1987-03-03T00:00:00Z"
        );
        assert_eq!(
            d("WESTPORT, Conn., FEb 26 - Lane", Some(1987)).unwrap(),
            "1987-02-26T00:00:00Z"
        );
        assert_eq!(
            d("Caracas, feb 26 - Venezuela", Some(1987)).unwrap(),
            "1987-02-26T00:00:00Z"
        );
        assert_eq!(
            d("RIO DE JANEIRO, April 1 -- Brazil", Some(1987)).unwrap(),
            "1987-04-01T00:00:00Z"
        );
        assert_eq!(
            d("WASHINGTON, Jan. 6, 2020 — The US", None).unwrap(),
            "2020-01-06T00:00:00Z"
        );
        assert_eq!(
            d("PARIS, 6 January - Le", Some(2020)).unwrap(),
            "2020-01-06T00:00:00Z"
        );
    }

    /// Forms seen in Reuters-21578 datelines.
    #[test]
    fn dateline_reuters_variants() {
        for (line, day) in [
            ("DALLAS/FORT WORTH, Texas, March 3 - AMR", 3),
            ("WASHINGTON, March 12, Reuter - The", 12),
            ("OKLAHOMA CITY, Okla. March 11, Reuter - x", 11),
            ("CHICAGO, March 4, - x", 4),
            ("JOHANNESBURG March 13 - x", 13),
            ("****LONDON, March 5 - x", 5),
            ("GRONINGEN, the Netherlands, March 31 - x", 31),
        ] {
            let expected = utc_date(1987, 3, day);
            assert_eq!(dateline_date(line, Some(1987)), expected, "{line}");
        }
    }

    #[test]
    fn dateline_under_a_title() {
        let body = "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers continued";
        assert_eq!(
            dateline_date(body, Some(1987)),
            Some(ts("1987-02-26T00:00:00Z"))
        );
    }

    #[test]
    fn dateline_needs_a_year() {
        assert_eq!(dateline_date("WASHINGTON, Jan 6 - The US", None), None);
        assert_eq!(dateline_date("WASHINGTON, Feb 29 - x", Some(2019)), None);
        assert_eq!(
            dateline_date("WASHINGTON, Feb 29 - x", Some(2020)),
            Some(ts("2020-02-29T00:00:00Z"))
        );
    }

    #[test]
    fn dateline_rejects_other_lines() {
        for body in [
            "washington, Jan 6 - lower-case place",
            "Sales rose in March 3 - 4 pct",
            "ROTTERDAM PORT SUBSIDY TO END JULY 1 - MINISTER",
            "LONDON (Reuters) - Shares rose",
            "The US military has sent a letter, Jan 6 - no",
            "first\nsecond\nthird\nWASHINGTON, Jan 6 - too late",
            "",
        ] {
            assert_eq!(dateline_date(body, Some(2020)), None, "{body:?}");
        }
    }

    #[test]
    fn filename_forms() {
        let f = |s: &str| filename_date(s).map(|t| t.to_string());
        assert_eq!(
            f("2020-01-06-iraq-letter.txt").unwrap(),
            "2020-01-06T00:00:00Z"
        );
        assert_eq!(f("2020_01_06_x.md").unwrap(), "2020-01-06T00:00:00Z");
        assert_eq!(f("20200106-story.html").unwrap(), "2020-01-06T00:00:00Z");
        assert_eq!(f("story-1987-02-26.json").unwrap(), "1987-02-26T00:00:00Z");
        assert_eq!(
            f("corpus/2019-12-31/20200106-story.html").unwrap(),
            "2020-01-06T00:00:00Z"
        );
    }

    #[test]
    fn filename_rejects_impossible_dates() {
        for s in [
            "2020-13-06-x.txt",
            "2020-02-30.txt",
            "2020-01_06.txt",
            "12345678.txt",
            "120200106.txt",
            "0999-01-01.txt",
            "us-forces-iraq-letter.txt",
        ] {
            assert_eq!(filename_date(s), None, "{s}");
        }
    }

    fn mentions(text: &str) -> Vec<(&str, String)> {
        mentioned_dates(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.value))
            .collect()
    }

    #[test]
    fn mentions_full_dates() {
        let text = "On January 5, 2020 and 5 Jan. 2020, then Jan 5 2020 and 2020-01-05T10:00.";
        assert_eq!(
            mentions(text),
            vec![
                ("January 5, 2020", "2020-01-05".to_string()),
                ("5 Jan. 2020", "2020-01-05".to_string()),
                ("Jan 5 2020", "2020-01-05".to_string()),
                ("2020-01-05", "2020-01-05".to_string()),
            ]
        );
    }

    #[test]
    fn mentions_months_and_years() {
        let text = "In January 2020 sales fell, as they had since 2011 and in 2014; by 2017 done.";
        assert_eq!(
            mentions(text),
            vec![
                ("January 2020", "2020-01".to_string()),
                ("2011", "2011".to_string()),
                ("2014", "2014".to_string()),
                ("2017", "2017".to_string()),
            ]
        );
    }

    #[test]
    fn mentions_skip_quantities_and_lowercase_months() {
        let text = "up 2000 tonnes in 2000 tonnes, from 1,500; it may 2020; in 1850; of 2014.5";
        assert!(mentions(text).is_empty(), "{:?}", mentions(text));
    }

    #[test]
    fn mentions_reject_impossible_dates() {
        assert!(mentions("on February 30, 2020 and 2020-02-30").is_empty());
    }

    #[test]
    fn mentions_offsets_are_bytes() {
        let text = "Über café — in 2014, on 3 März? no: 3 March 2020.";
        let found = mentioned_dates(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].start..found[0].end], "2014");
        assert_eq!(&text[found[1].start..found[1].end], "3 March 2020");
    }

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

    proptest! {
        #[test]
        fn no_function_panics(s in "\\PC{0,80}", hint in proptest::option::of(-9999i16..=9999)) {
            let _ = parse_metadata_date(&s);
            let _ = dateline_date(&s, hint);
            let _ = filename_date(&s);
            let _ = parse_period(&s, "--from");
            for m in mentioned_dates(&s) {
                prop_assert!(m.start < m.end && m.end <= s.len());
                prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
            }
        }

        #[test]
        fn mention_spans_are_ordered_char_boundaries(
            s in "([A-Za-zé ,.\\-]{0,6}(January|Jan\\.|in|since|May|[0-9]{1,4}|2020-01-0[0-9])){0,8}"
        ) {
            let found = mentioned_dates(&s);
            for w in found.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
            for m in &found {
                prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
                prop_assert!(m.value.len() == 4 || m.value.len() == 7 || m.value.len() == 10);
            }
        }

        #[test]
        fn period_round_trips_days(y in 1900i16..2100, m in 1i8..=12, d in 1i8..=28) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            let p = parse_period(&s, "--from").unwrap();
            prop_assert_eq!(p.end.duration_since(p.start), SignedDuration::from_hours(24));
        }
    }
}
