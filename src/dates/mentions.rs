//! The dates a text mentions: full dates (`January 5, 2020`, `5 Jan. 2020`, `2020-01-05`),
//! months (`January 2020`) and bare years after a preposition (`in 2014`), with byte spans into
//! the text and normalized values. [`mentioned_dates_at`] adds the relative ones of
//! `relative.rs` and keeps one candidate where they overlap. `extract` calls it for each
//! article; the indexer stores the periods the values name.

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::tz::Offset;
use regex::{Captures, Regex};

use super::DateMention;
use super::calendar::{month_alternation_text, month_number, num, utc_date};
use super::relative::relative_mentions;

/// A candidate mention: `(start, end, value)`, byte offsets into the text, the end exclusive.
pub(super) type Candidate = (usize, usize, String);

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
fn resolve_overlaps(found: &mut [Candidate]) -> Vec<DateMention> {
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
fn absolute_mentions(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    full_dates(text, &mut found);
    iso_dates(text, &mut found);
    month_years(text, &mut found);
    bare_years(text, &mut found);
    found
}

/// Adds the full dates written out (`January 5, 2020`, `5 Jan. 2020`) to `found`.
fn full_dates(text: &str, found: &mut Vec<Candidate>) {
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
}

/// Adds the ISO dates (`2020-01-05`) not inside a longer number to `found`.
fn iso_dates(text: &str, found: &mut Vec<Candidate>) {
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
}

/// Adds the months of a year (`January 2020`) to `found`.
fn month_years(text: &str, found: &mut Vec<Candidate>) {
    for c in MENTION_MY.captures_iter(text) {
        let (Some(y), Some(mo)) = (num(&c, "y"), month_number(&c["m"])) else {
            continue;
        };
        if MENTION_YEARS.contains(&y) {
            let m = c.get(0).expect("group 0");
            found.push((m.start(), m.end(), format!("{y:04}-{mo:02}")));
        }
    }
}

/// Adds the bare years after a preposition (`in 2014`, but not `in 2000 tonnes`) to `found`.
fn bare_years(text: &str, found: &mut Vec<Candidate>) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    proptest! {
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
    }
}
