//! When was it published, which dates does it mention? Parses dates from metadata values,
//! datelines and file names, finds the dates an article's text mentions, and turns the periods
//! users type (`2020`, `2020-01`, `2020-01-05`, RFC 3339, `January 5, 2020`, `last week`)
//! into time ranges.
//!
//! Every date without a time zone is taken as UTC, and a date without a time as midnight UTC.
//! All offsets are byte offsets into the text given, the end exclusive.

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime, ISOWeekDate, Weekday};
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
    /// The normalized value: a day `2020-01-05`, a month `2020-01`, a year `2020`, or (for
    /// `last week` and the like) an ISO week `2020-W02`.
    pub value: String,
}

impl DateMention {
    /// The period the mention names, half-open in UTC: a day, a month, a year, or an ISO week
    /// (Monday to Sunday). `None` only when the value lies outside the dates jiff supports.
    pub fn period(&self) -> Option<Period> {
        parse_period(&self.value, "mention").ok()
    }
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

/// `26-FEB-1987 15:01:01.79` (Reuters-21578), fractions of a second dropped. What the wire
/// appended after the time is ignored: letters and spaces (`27-MAR-1987 00:46:26.73RM`,
/// `… 08:38:22.92E F`) or a `#` comment. A time that is no clock time (`605:12:19.12`) leaves
/// the date at midnight.
static REUTERS_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<d>\d{1,2})-(?P<m>[A-Za-z]{3,9})-(?P<y>\d{4})(?:\s+(?:(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,9})?)?|\d+:\d{2}(?::\d{2}(?:\.\d+)?)?))?(?:\s*[A-Za-z][A-Za-z\s]*|\s+#.*)?$",
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
        let (year, month, day) = (num(&c, "y")?, month_number(&c["m"])?.into(), num(&c, "d")?);
        return utc_datetime(
            year,
            month,
            day,
            num(&c, "H").unwrap_or(0),
            num(&c, "M").unwrap_or(0),
            num(&c, "S").unwrap_or(0),
        )
        .or_else(|| utc_date(year, month, day));
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
    let mut found = absolute_mentions(text);
    resolve_overlaps(&mut found)
}

/// The dates `text` mentions, as [`mentioned_dates`] finds them, plus the relative ones when
/// the publication date is known, resolved against its UTC day (as HeidelTime and SUTime do
/// for news):
///
/// | text | value, published Wednesday 2020-01-08 |
/// |---|---|
/// | `today`, `yesterday`, `tomorrow` | `2020-01-08`, `2020-01-07`, `2020-01-09` |
/// | `Monday`, `on Monday`, `earlier Monday`, `this Monday` | `2020-01-06`: the latest Monday on or before the publication day |
/// | `Monday` after `will`, `is due to`, `is expected to`, `plans to`, … in the same sentence | `2020-01-13`: the first Monday on or after it |
/// | `last Wednesday`, `next Wednesday` | `2020-01-01`, `2020-01-15` (never the publication day itself) |
/// | `this week`, `last week`, `next week` | `2020-W02`, `2020-W01`, `2020-W03` (ISO weeks, Monday first) |
/// | `this month`, `last month`, `next month` | `2020-01`, `2019-12`, `2020-02` |
/// | `this year`, `last year`, `next year` | `2020`, `2019`, `2021` |
/// | `two days ago`, `3 weeks ago`, `a month ago`, `ten years ago` | `2020-01-06`, `2019-W51`, `2019-12`, `2010` |
/// | `January 5`, `5 January` (no year) | `2020-01-05`: of the years before, of and after publication, the one closest to it |
/// | `in March`, `since March`, `early March`, … (a month alone after a preposition) | `2020-03`, nearest the same way (on a tie, the earlier) |
///
/// Weekday and month names count when capitalised or upper case; the span of `on Monday` and
/// `in March` leaves the preposition out, while `last`, `next`, `this`, `earlier` and `later`
/// are part of it. Without a publication date no relative expression is reported. Where
/// candidates overlap, the one starting first wins, and of those the longest, so
/// `January 5, 2020` is one full date, not `January 5` plus a year.
pub fn mentioned_dates_at(text: &str, published: Option<Timestamp>) -> Vec<DateMention> {
    let mut found = absolute_mentions(text);
    if let Some(published) = published {
        relative_mentions(text, Offset::UTC.to_datetime(published).date(), &mut found);
    }
    resolve_overlaps(&mut found)
}

/// Sorts candidates `(start, end, value)` and keeps, of overlapping ones, the first starting
/// and of those the longest.
fn resolve_overlaps(found: &mut [(usize, usize, String)]) -> Vec<DateMention> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<DateMention> = Vec::new();
    for (start, end, value) in found.iter_mut() {
        if out.last().is_some_and(|last| *start < last.end) {
            continue;
        }
        out.push(DateMention {
            start: *start,
            end: *end,
            value: std::mem::take(value),
        });
    }
    out
}

/// Candidates for the absolute dates of [`mentioned_dates`], unsorted and maybe overlapping.
fn absolute_mentions(text: &str) -> Vec<(usize, usize, String)> {
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
    found
}

/// Weekday names as written in running text (capitalised or upper case), Monday first.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `today`, `yesterday`, `tomorrow`.
static MENTION_DEICTIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?P<w>(?i:today|yesterday|tomorrow))\b").expect("valid regex"));

/// `Monday`, `last Friday`, `earlier Monday`, `next Sunday`.
static MENTION_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = WEEKDAYS
        .iter()
        .flat_map(|d| [d.to_string(), d.to_ascii_uppercase()])
        .collect();
    Regex::new(&format!(
        r"\b(?:(?P<mod>(?i:last|next|this|earlier|later))\s+)?(?P<wd>{})\b",
        names.join("|")
    ))
    .expect("valid regex")
});

/// `last week`, `this month`, `next year`.
static MENTION_RELATIVE_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<rel>(?i:last|next|this))\s+(?P<unit>(?i:week|month|year))\b")
        .expect("valid regex")
});

/// `two days ago`, `3 weeks ago`, `a year ago`.
static MENTION_AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<n>\d{1,4}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b",
    )
    .expect("valid regex")
});

/// `January 5`, `Jan. 5th`, `5 January`, `5th of January` (a year after it makes it a full
/// date, which wins as the longer candidate).
static MENTION_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_text();
    Regex::new(&format!(
        r"\b(?:(?P<m1>{month})\b\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month}))\b"
    ))
    .expect("valid regex")
});

/// A month alone after a preposition or `early`/`mid`/`late`: `in March`, `since January`,
/// `mid-April`. Only the month name is the mention.
static MENTION_MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_text();
    Regex::new(&format!(
        r"\b(?i:in|since|during|until|till|by|from|before|after|through|of|early|late|mid|end of|last|this|next)[\s-]+(?P<m>{month})\b(?P<next>\.?,?\s*\d)?"
    ))
    .expect("valid regex")
});

/// Words before a weekday, in the same sentence, that make it the coming one.
static FUTURE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:will|shall|won't|is due|are due|is expected to|are expected to|is scheduled|are scheduled|plans? to|planned for|to be held|is set to|are set to)\b|'ll\b",
    )
    .expect("valid regex")
});

/// How many bytes before a weekday [`FUTURE_CUE`] looks.
const FUTURE_WINDOW: usize = 80;

/// A number written as digits or a small number word (`a`, `an`, `one` … `twelve`).
fn small_number(s: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let lower = s.to_ascii_lowercase();
    if lower == "a" || lower == "an" {
        return Some(1);
    }
    if let Some(n) = WORDS.iter().position(|w| *w == lower) {
        return i64::try_from(n).ok();
    }
    lower.parse().ok()
}

/// `day` plus `n` days, `None` out of range.
fn add_days(day: Date, n: i64) -> Option<Date> {
    day.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// The first day of the month `n` months after `day`'s.
fn add_months(day: Date, n: i64) -> Option<Date> {
    day.first_of_month()
        .checked_add(jiff::Span::new().try_months(n).ok()?)
        .ok()
}

/// `2020-01-05`.
fn day_value(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2020-01`.
fn month_value(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// `2020-W02`: the ISO week holding `d`.
fn week_value(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Whether a future cue stands before `start` in the same sentence.
fn future_before(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(FUTURE_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..start];
    // A sentence ends at `.`, `!`, `?` or a blank line (not at a wrapped line's end).
    let end = [window.rfind(['.', '!', '?']), window.rfind("\n\n")]
        .into_iter()
        .flatten()
        .max();
    let sentence = match end {
        Some(i) => &window[i + 1..],
        None => window,
    };
    FUTURE_CUE.is_match(sentence)
}

/// Of `candidates`, the one with the smallest absolute `distance` (`None` ones skipped); on a
/// tie the first.
fn nearest<T>(candidates: [Option<T>; 3], distance: impl Fn(&T) -> i64) -> Option<T> {
    let mut best: Option<(i64, T)> = None;
    for c in candidates.into_iter().flatten() {
        let d = distance(&c).abs();
        if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Adds the relative mentions of `text`, resolved against the publication day `day`, to
/// `found` as `(start, end, value)`.
fn relative_mentions(text: &str, day: Date, found: &mut Vec<(usize, usize, String)>) {
    let mut push = |m: regex::Match<'_>, value: Option<String>| {
        if let Some(value) = value {
            found.push((m.start(), m.end(), value));
        }
    };
    for c in MENTION_DEICTIC.captures_iter(text) {
        let w = c.name("w").expect("word group");
        let offset = match w.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        push(w, add_days(day, offset).map(day_value));
    }
    let today = i64::from(day.weekday().to_monday_zero_offset());
    for c in MENTION_WEEKDAY.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let wd = c.name("wd").expect("weekday group").as_str();
        let Some(target) = WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(wd)) else {
            continue;
        };
        let target = i64::try_from(target).unwrap_or(0);
        let back = (today - target).rem_euclid(7);
        let ahead = (target - today).rem_euclid(7);
        let modifier = c.name("mod").map(|m| m.as_str().to_ascii_lowercase());
        let offset = match modifier.as_deref() {
            Some("last") => -(if back == 0 { 7 } else { back }),
            Some("next") => {
                if ahead == 0 {
                    7
                } else {
                    ahead
                }
            }
            _ if future_before(text, m.start()) => ahead,
            _ => -back,
        };
        push(m, add_days(day, offset).map(day_value));
    }
    for c in MENTION_RELATIVE_UNIT.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let n = match c["rel"].to_ascii_lowercase().as_str() {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let value = match c["unit"].to_ascii_lowercase().as_str() {
            "week" => add_days(day, 7 * n).map(week_value),
            "month" => add_months(day, n).map(month_value),
            _ => i16::try_from(i64::from(day.year()) + n)
                .ok()
                .and_then(|y| Date::new(y, 1, 1).ok())
                .map(|d| format!("{:04}", d.year())),
        };
        push(m, value);
    }
    for c in MENTION_AGO.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let Some(n) = small_number(&c["n"]) else {
            continue;
        };
        let unit = c["unit"].to_ascii_lowercase();
        let value = match unit.trim_end_matches('s') {
            "day" => add_days(day, -n).map(day_value),
            "week" => n
                .checked_mul(7)
                .and_then(|d| add_days(day, -d))
                .map(week_value),
            "month" => add_months(day, -n).map(month_value),
            _ => i16::try_from(i64::from(day.year()) - n)
                .ok()
                .and_then(|y| Date::new(y, 1, 1).ok())
                .map(|d| format!("{:04}", d.year())),
        };
        push(m, value);
    }
    let year = i64::from(day.year());
    for c in MENTION_MONTH_DAY.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let (month, d) = match c.name("m1") {
            Some(mo) => (month_number(mo.as_str()), num(&c, "d1")),
            None => (
                c.name("m2").and_then(|mo| month_number(mo.as_str())),
                num(&c, "d2"),
            ),
        };
        let (Some(month), Some(d)) = (month, d) else {
            continue;
        };
        let candidates = [year - 1, year, year + 1].map(|y| date(y, month.into(), d));
        let value = nearest(candidates, |cand| {
            cand.since(day)
                .map_or(i64::MAX, |s| i64::from(s.get_days()))
        });
        push(m, value.map(day_value));
    }
    for c in MENTION_MONTH_ALONE.captures_iter(text) {
        if c.name("next").is_some() {
            continue;
        }
        let m = c.name("m").expect("month group");
        let Some(month) = month_number(m.as_str()) else {
            continue;
        };
        let here = year * 12 + i64::from(day.month());
        let candidates = [year - 1, year, year + 1].map(|y| date(y, month.into(), 1));
        let value = nearest(candidates, |cand| {
            i64::from(cand.year()) * 12 + i64::from(cand.month()) - here
        });
        push(m, value.map(month_value));
    }
}

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
/// A date written out as [`mentioned_dates`] finds it in text is a day or a month too:
/// `January 5, 2020`, `Jan. 5 2020`, `5 January 2020`, `5th of January, 2020`, `March 2020`
/// (month names in any case). Relative forms (`last week`) need a today: [`parse_period_at`].
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
        8 if digits(0..4) && b[4] == b'-' && b[5] == b'W' && digits(6..8) => {
            let (year, week) = (field(0..4), field(6..8));
            let start = i16::try_from(year)
                .ok()
                .zip(i8::try_from(week).ok())
                .and_then(|(y, w)| ISOWeekDate::new(y, w, Weekday::Monday).ok())
                .ok_or_else(|| invalid(format!("week {week:02} of {year} does not exist")))?
                .date();
            (start, start.checked_add(jiff::Span::new().days(7)).ok())
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

    /// About 300 Reuters stamps carry letters after the time and were left without a date.
    #[test]
    fn metadata_reuters_stamp_with_trailing_junk() {
        for (stamp, want) in [
            ("27-MAR-1987 00:46:26.73RM", "1987-03-27T00:46:26Z"),
            ("27-MAR-1987 00:03:35.68F", "1987-03-27T00:03:35Z"),
            ("27-MAR-1987 08:38:22.92E F", "1987-03-27T08:38:22Z"),
            ("27-MAR-1987 08:45:34.42C G T M", "1987-03-27T08:45:34Z"),
            ("27-MAR-1987 13:41:28.21RM V Y", "1987-03-27T13:41:28Z"),
            ("3-MAR-1987  09:15:05.40", "1987-03-03T09:15:05Z"),
            ("7-APR-1987 16:22:00.0", "1987-04-07T16:22:00Z"),
            (
                "9-APR-1987 00:00:00.00    # date added by S Finch as guesswork",
                "1987-04-09T00:00:00Z",
            ),
            // no clock time: the date alone
            ("31-MAR-1987 605:12:19.12", "1987-03-31T00:00:00Z"),
        ] {
            assert_eq!(meta(stamp).as_deref(), Some(want), "{stamp}");
        }
        // junk never makes a date of what is not one
        assert_eq!(meta("30-FEB-1987 15:01:01.79RM"), None);
        assert_eq!(meta("27-MAR-1987 00:46:26.73 42"), None);
        assert_eq!(
            meta("27-MAR-1987 25:46:26.73RM").as_deref(),
            Some("1987-03-27T00:00:00Z")
        );
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

    /// Wednesday 2020-01-08, 14:30 UTC: the publication date of the relative-date tests.
    fn published() -> Option<Timestamp> {
        Some(ts("2020-01-08T14:30:00Z"))
    }

    fn mentions_at(text: &str, published: Option<Timestamp>) -> Vec<(&str, String)> {
        mentioned_dates_at(text, published)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.value))
            .collect()
    }

    /// The value of the one mention in `text`, published on [`published`].
    fn one(text: &str) -> String {
        let found = mentions_at(text, published());
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        found[0].1.clone()
    }

    #[test]
    fn relative_days() {
        assert_eq!(one("as he said today"), "2020-01-08");
        assert_eq!(one("Yesterday, shares fell"), "2020-01-07");
        assert_eq!(one("the vote is tomorrow."), "2020-01-09");
        assert_eq!(one("attacked two days ago"), "2020-01-06");
        assert_eq!(one("attacked 10 days ago"), "2019-12-29");
        assert_eq!(one("attacked a day ago"), "2020-01-07");
    }

    #[test]
    fn relative_weekdays_look_back() {
        assert_eq!(
            mentions_at("said on Sunday", published()),
            vec![("Sunday", "2020-01-05".to_string())]
        );
        assert_eq!(
            mentions_at("confirmed earlier Monday", published()),
            vec![("earlier Monday", "2020-01-06".to_string())]
        );
        assert_eq!(one("Monday"), "2020-01-06");
        assert_eq!(one("later Wednesday"), "2020-01-08");
        assert_eq!(one("on Wednesday"), "2020-01-08");
        assert_eq!(one("on Thursday"), "2020-01-02");
        assert_eq!(one("this Tuesday"), "2020-01-07");
        assert_eq!(one("on SATURDAY"), "2020-01-04");
    }

    #[test]
    fn relative_last_and_next_weekday_skip_the_day_itself() {
        assert_eq!(one("last Friday"), "2020-01-03");
        assert_eq!(one("last Wednesday"), "2020-01-01");
        assert_eq!(one("last Tuesday"), "2020-01-07");
        assert_eq!(one("next Wednesday"), "2020-01-15");
        assert_eq!(one("next Thursday"), "2020-01-09");
        assert_eq!(one("next Tuesday"), "2020-01-14");
    }

    #[test]
    fn relative_weekday_after_a_future_verb_looks_ahead() {
        assert_eq!(one("Talks will resume on Thursday"), "2020-01-09");
        assert_eq!(one("The minister is due to arrive on Monday"), "2020-01-13");
        assert_eq!(
            one("Results are expected to be released Wednesday"),
            "2020-01-08"
        );
        assert_eq!(one("They'll meet Friday"), "2020-01-10");
        // The cue must be in the same sentence.
        assert_eq!(one("He will go. They met on Friday"), "2020-01-03");
        assert_eq!(one("He will go\n\nThey met on Friday"), "2020-01-03");
        // A wrapped line does not end it.
        assert_eq!(one("Talks will resume on\nThursday"), "2020-01-09");
    }

    #[test]
    fn relative_weeks_months_years() {
        assert_eq!(one("last week"), "2020-W01");
        assert_eq!(one("this week"), "2020-W02");
        assert_eq!(one("next week"), "2020-W03");
        assert_eq!(one("three weeks ago"), "2019-W51");
        assert_eq!(one("last month"), "2019-12");
        assert_eq!(one("this month"), "2020-01");
        assert_eq!(one("next month"), "2020-02");
        assert_eq!(one("a month ago"), "2019-12");
        assert_eq!(one("14 months ago"), "2018-11");
        assert_eq!(one("last year's"), "2019");
        assert_eq!(one("This year"), "2020");
        assert_eq!(one("next year"), "2021");
        assert_eq!(one("ten years ago"), "2010");
    }

    #[test]
    fn relative_month_days_take_the_nearest_year() {
        assert_eq!(one("the vote on January 5"), "2020-01-05");
        assert_eq!(one("talks on 20 December"), "2019-12-20");
        assert_eq!(one("due on Feb. 3rd"), "2020-02-03");
        assert_eq!(one("on the 5th of July"), "2020-07-05");
        assert_eq!(one("since July 9"), "2019-07-09");
        // February 29 exists only in 2020 of 2019..=2021.
        assert_eq!(one("on Feb 29"), "2020-02-29");
        // With a year it is a full date.
        assert_eq!(one("on January 5, 2019"), "2019-01-05");
    }

    #[test]
    fn relative_months_alone_take_the_nearest_year() {
        assert_eq!(
            mentions_at("due in March", published()),
            vec![("March", "2020-03".to_string())]
        );
        assert_eq!(one("held since October"), "2019-10");
        assert_eq!(one("from early June"), "2020-06");
        assert_eq!(one("by mid-April"), "2020-04");
        // July is six months from January both ways: the earlier wins.
        assert_eq!(one("in July"), "2019-07");
        // With a year it is a month of that year.
        assert_eq!(one("in March 1987"), "1987-03");
        // A month name alone without a preposition, or lower case, is no mention.
        assert!(mentions_at("March on, it may be", published()).is_empty());
    }

    #[test]
    fn relative_forms_need_a_publication_date() {
        let text = "On Sunday, two days ago, last week, in March and on January 5 \
                    (not January 6, 2020) it rained yesterday.";
        assert_eq!(
            mentions_at(text, None),
            vec![("January 6, 2020", "2020-01-06".to_string())]
        );
        assert_eq!(mentioned_dates_at(text, None), mentioned_dates(text));
        assert_eq!(mentions_at(text, published()).len(), 7);
    }

    #[test]
    fn relative_weeks_cross_iso_years() {
        // Thursday 2021-01-07 is in 2021-W01; the week before is 2020-W53.
        let published = Some(ts("2021-01-07T00:00:00Z"));
        assert_eq!(mentions_at("last week", published)[0].1, "2020-W53");
        // Monday 2018-12-31 is in 2019-W01.
        let published = Some(ts("2018-12-31T23:59:59Z"));
        assert_eq!(mentions_at("this week", published)[0].1, "2019-W01");
    }

    #[derive(serde::Deserialize)]
    struct Expected {
        published: String,
        mentions: Vec<ExpectedMention>,
    }

    #[derive(serde::Deserialize)]
    struct ExpectedMention {
        text: String,
        value: String,
    }

    /// Every relative form in one article, against a committed expectation.
    #[test]
    fn relative_fixture_article() {
        let text = include_str!("../../tests/fixtures/dates/relative-2020-01-08.txt");
        let expected: Expected = serde_json::from_str(include_str!(
            "../../tests/fixtures/dates/relative-2020-01-08.expected.json"
        ))
        .unwrap();
        let found = mentions_at(text, Some(ts(&expected.published)));
        let expected: Vec<(&str, String)> = expected
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.value.clone()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn mention_periods() {
        let period = |value: &str| {
            DateMention {
                start: 0,
                end: 1,
                value: value.to_string(),
            }
            .period()
            .map(|p| (p.start.to_string(), p.end.to_string()))
        };
        let p = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            period("2020-01-05"),
            p("2020-01-05T00:00:00Z", "2020-01-06T00:00:00Z")
        );
        assert_eq!(
            period("2019-12"),
            p("2019-12-01T00:00:00Z", "2020-01-01T00:00:00Z")
        );
        assert_eq!(
            period("2019"),
            p("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z")
        );
        assert_eq!(
            period("2020-W01"),
            p("2019-12-30T00:00:00Z", "2020-01-06T00:00:00Z")
        );
        assert_eq!(
            period("2020-W53"),
            p("2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z")
        );
        assert_eq!(period("2021-W53"), None);
        for m in mentioned_dates_at(
            include_str!("../../tests/fixtures/dates/relative-2020-01-08.txt"),
            published(),
        ) {
            assert!(m.period().is_some(), "{m:?}");
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
        fn relative_mentions_never_panic_and_stay_ordered(
            s in "\\PC{0,60}|([A-Za-zé ,.\\-]{0,4}(last|next|this|on|in|since|earlier|will|a|two|[0-9]{1,4}|Monday|Sunday|week|month|year|ago|days|today|yesterday|January|Dec\\.|5|of)){0,10}",
            secs in -377_705_116_800i64..=253_402_207_199i64,
        ) {
            let published = Timestamp::from_second(secs).unwrap();
            let found = mentioned_dates_at(&s, Some(published));
            for w in found.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
            for m in &found {
                prop_assert!(m.start < m.end && m.end <= s.len());
                prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
                if let Some(p) = m.period() {
                    prop_assert!(p.start < p.end);
                }
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
