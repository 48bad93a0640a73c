//! Publication dates outside the metadata: a dateline at the start of the text
//! (`BRUSSELS 1996-08-22`, `WASHINGTON, Jan 6 (Reuters) -`) and a date in the file name
//! (`2020-01-06-iraq-letter.txt`). `article` falls back on these, in that order, when the
//! metadata gives no date ([`super::DateSource`] records which one it was).

use std::ops::Range;
use std::sync::LazyLock;

use jiff::Timestamp;
use regex::Regex;

use super::calendar::{month_alternation_any_case, month_number, num, utc_date};

/// A dateline at the start of a line (after any `*`s): an upper-case place name
/// (`WASHINGTON`, `WESTPORT, Conn.`, `DALLAS/FORT WORTH`, `Caracas`), then `YYYY-MM-DD`, or a
/// month and day after a comma (and maybe a year) followed by an optional `(Reuters)` or
/// `, Reuter` and a dash.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternation_any_case();
    Regex::new(&format!(
        r"^[\s*]*(?P<place>\p{{Lu}}[\p{{L}}\p{{M}} .,'’&/-]{{0,60}}?)(?P<sep>[,\s])\s*(?:(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?:\s|$)|(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?i:st|nd|rd|th)?|(?P<d2>\d{{1,2}})\s+(?P<m2>{month})\.?)(?:,?\s+(?P<y>\d{{4}}))?(?:,?\s*(?P<credit>\([^)\n]{{1,40}}\)|(?i:reuters?|ap|afp|upi)\b))?\s*,?\s*(?:--|-|—|–))"
    ))
    .expect("valid regex")
});

/// A dateline without a date: a place and a news agency's credit in brackets before a dash
/// (`LONDON (Reuters) -`, `NEW YORK (AP) —`). It gives no date, only the place and the credit.
static DATELINE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s*]*(?P<place>\p{Lu}[\p{L}\p{M} .,'’&/-]{0,60}?)\s*(?P<credit>\((?i:reuters?|ap|afp|upi|dpa|ansa|efe|xinhua|kyodo|bloomberg)\))\s*(?:--|-|—|–)",
    )
    .expect("valid regex")
});

/// Where a dateline lies in a text, in bytes, ends exclusive: the whole of it, its place
/// (`WASHINGTON`, `WESTPORT, Conn.`, `MANCHESTER , England`) and the agency's credit if it
/// gives one (`(Reuters)`, the `Reuter` of `WASHINGTON, March 12, Reuter -`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatelineSpans {
    /// The whole dateline: from the place to the dash (`WASHINGTON, Jan 6 (Reuters) -`), or to
    /// the white space after an ISO date (`BRUSSELS 1996-08-22`).
    pub whole: Range<usize>,
    /// The place name as written, commas and all.
    pub place: Range<usize>,
    /// The credit, brackets included.
    pub credit: Option<Range<usize>>,
}

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

/// The first three non-empty lines of `body` (the first 200 bytes of each) with their byte
/// offsets: where a dateline may be, under a title line too.
fn head_lines(body: &str) -> impl Iterator<Item = (usize, &str)> {
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .map(move |l| (l.as_ptr() as usize - body.as_ptr() as usize, prefix(l, 200)))
}

/// The date of a dateline at the start of `body` (`BRUSSELS 1996-08-22`,
/// `WASHINGTON, Jan 6 (Reuters) -`); `year_hint` supplies the year when the dateline has none.
///
/// Looks at the first three non-empty lines (the first 200 bytes of each), so a dateline
/// under a title line is found too. The place must start with an upper-case letter.
pub fn dateline_date(body: &str, year_hint: Option<i16>) -> Option<Timestamp> {
    head_lines(body).find_map(|(_, line)| line_dateline(line, year_hint))
}

/// Where the dateline at the start of `body` lies: its place and credit (see
/// [`DatelineSpans`]). Finds the datelines [`dateline_date`] reads, with or without a year to
/// complete them, and datelines with a credit and no date (`LONDON (Reuters) -`).
///
/// ```
/// use newsidx::dates::dateline_spans;
///
/// let body = "WASHINGTON, Jan 6 (Reuters) - The US";
/// let d = dateline_spans(body).unwrap();
/// assert_eq!(&body[d.place], "WASHINGTON");
/// assert_eq!(&body[d.credit.unwrap()], "(Reuters)");
/// ```
pub fn dateline_spans(body: &str) -> Option<DatelineSpans> {
    head_lines(body).find_map(|(offset, line)| {
        let c = dateline_captures(line).or_else(|| {
            if !line.contains('(') {
                return None;
            }
            DATELINE_CREDIT
                .captures(line)
                .filter(|c| looks_like_place(&c["place"]))
        })?;
        let at = |m: regex::Match| offset + m.start()..offset + m.end();
        let place = at(c.name("place")?);
        let end = offset + c.get(0)?.as_str().trim_end().len();
        Some(DatelineSpans {
            whole: place.start..end,
            place,
            credit: c.name("credit").map(at),
        })
    })
}

/// The dateline at the start of one line, when it has a date (maybe without a year).
fn dateline_captures(line: &str) -> Option<regex::Captures<'_>> {
    // every dateline has a digit: most lines are ruled out before the (slower) regex
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let c = DATELINE.captures(line)?;
    let place = &c["place"];
    if !looks_like_place(place) {
        return None;
    }
    // A month and day follow a comma (`WASHINGTON, Jan 6`), an abbreviation (`Okla. March
    // 11`) or a one-word place (`JOHANNESBURG March 13`), so a headline like `PORT SUBSIDY TO
    // END JULY 1 - MINISTER` is no dateline.
    if c.name("iy").is_none()
        && &c["sep"] != ","
        && !place.ends_with('.')
        && place.contains(char::is_whitespace)
    {
        return None;
    }
    Some(c)
}

/// The dateline date at the start of one line.
fn line_dateline(line: &str, year_hint: Option<i16>) -> Option<Timestamp> {
    let c = dateline_captures(line)?;
    if c.name("iy").is_some() {
        return utc_date(num(&c, "iy")?, num(&c, "im")?, num(&c, "id")?);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::tests::ts;

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

    /// Where the place and the credit lie, for `extract` (a dateline's place is a location,
    /// its credit no entity); also without a year or a date.
    #[test]
    fn dateline_spans_find_place_and_credit() {
        fn parts(body: &str) -> Option<(&str, Option<&str>)> {
            dateline_spans(body).map(|d| (&body[d.place], d.credit.map(|c| &body[c])))
        }
        fn whole(body: &str) -> Option<&str> {
            dateline_spans(body).map(|d| &body[d.whole])
        }
        assert_eq!(
            whole("TITLE\n\nNEW YORK, FEB 26 (Reuters) - Shares").unwrap(),
            "NEW YORK, FEB 26 (Reuters) -"
        );
        assert_eq!(
            whole("BRUSSELS 1996-08-22\nThe EU").unwrap(),
            "BRUSSELS 1996-08-22"
        );
        for (body, place, credit) in [
            ("BRUSSELS 1996-08-22\nThe EU", "BRUSSELS", None),
            ("WASHINGTON, Jan 6 - The US", "WASHINGTON", None),
            (
                "WASHINGTON, March 12, Reuter - The",
                "WASHINGTON",
                Some("Reuter"),
            ),
            (
                "LONDON (Reuters) - Shares rose",
                "LONDON",
                Some("(Reuters)"),
            ),
            ("NEW YORK (AP) — Stocks fell", "NEW YORK", Some("(AP)")),
            (
                "OKLAHOMA CITY, Okla. March 11, Reuter - x",
                "OKLAHOMA CITY, Okla.",
                Some("Reuter"),
            ),
            (
                "TITLE\n\nRIO DE JANEIRO, March 3 - x",
                "RIO DE JANEIRO",
                None,
            ),
        ] {
            assert_eq!(parts(body), Some((place, credit)), "{body:?}");
        }
        for body in [
            "washington, Jan 6 - lower-case place",
            "ROTTERDAM PORT SUBSIDY TO END JULY 1 - MINISTER",
            "LONDON (IFR) - not an agency's credit without a date",
            "The Bank (Reuters) said - no",
            "",
        ] {
            assert_eq!(parts(body), None, "{body:?}");
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
}
