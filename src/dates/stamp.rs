//! Dates as metadata writes them: RFC 3339, RFC 2822, ISO `YYYY-MM-DD` with or without a time,
//! `2020/01/06`, Reuters stamps (`26-FEB-1987 15:01:01.79`, trailing wire junk and all) and
//! `January 5, 2020`. `article` calls [`parse_metadata_date`] on JSON fields, front matter, HTML
//! meta tags and `Date:` lines; it is the first source of a publication date.

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::fmt::rfc2822;
use jiff::tz::Offset;
use regex::{Captures, Regex};

use super::calendar::{month_alternation_any_case, month_number, num, utc_date, utc_datetime};

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
        return reuters_stamp(&c);
    }
    if let Some(c) = SLASH_DATE.captures(s) {
        return utc_date(num(&c, "y")?, num(&c, "m")?, num(&c, "d")?);
    }
    if let Some(c) = TEXT_DATE.captures(s) {
        return text_date(&c);
    }
    None
}

/// The instant of a Reuters stamp's captures; a time that is no clock time leaves the date at
/// midnight.
fn reuters_stamp(c: &Captures<'_>) -> Option<Timestamp> {
    let (year, month, day) = (num(c, "y")?, month_number(&c["m"])?.into(), num(c, "d")?);
    utc_datetime(
        year,
        month,
        day,
        num(c, "H").unwrap_or(0),
        num(c, "M").unwrap_or(0),
        num(c, "S").unwrap_or(0),
    )
    .or_else(|| utc_date(year, month, day))
}

/// The instant of a written date's captures (`January 5, 2020 3:30 pm`), a 12-hour clock
/// turned into a 24-hour one.
fn text_date(c: &Captures<'_>) -> Option<Timestamp> {
    let (month, day, year) = match c.name("m1") {
        Some(m) => (m.as_str(), num(c, "d1")?, num(c, "y1")?),
        None => (c.name("m2")?.as_str(), num(c, "d2")?, num(c, "y2")?),
    };
    let month = month_number(month)?;
    let mut hour = num(c, "H").unwrap_or(0);
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
    utc_datetime(
        year,
        month.into(),
        day,
        hour,
        num(c, "M").unwrap_or(0),
        num(c, "S").unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
