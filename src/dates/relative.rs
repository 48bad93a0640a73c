//! Relative dates in text (`yesterday`, `on Monday`, `last week`, `two days ago`, `January 5`
//! without a year, `in March`), resolved against the publication day as HeidelTime and SUTime
//! do for news. [`super::mentioned_dates_at`] adds them to the absolute mentions when the
//! publication date is known; `period.rs` resolves typed periods against a `now` through it.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::calendar::{WEEKDAYS, date, month_alternation_text, month_number, num};
use super::mentions::Candidate;

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
/// `found`.
pub(super) fn relative_mentions(text: &str, day: Date, found: &mut Vec<Candidate>) {
    deictic_days(text, day, found);
    weekdays(text, day, found);
    relative_units(text, day, found);
    ago(text, day, found);
    month_days(text, day, found);
    months_alone(text, day, found);
}

/// Adds the mention `m` with `value` to `found`, unless it has no value.
fn push(found: &mut Vec<Candidate>, m: regex::Match<'_>, value: Option<String>) {
    if let Some(value) = value {
        found.push((m.start(), m.end(), value));
    }
}

/// Adds `today`, `yesterday` and `tomorrow`.
fn deictic_days(text: &str, day: Date, found: &mut Vec<Candidate>) {
    for c in MENTION_DEICTIC.captures_iter(text) {
        let w = c.name("w").expect("word group");
        let offset = match w.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        push(found, w, add_days(day, offset).map(day_value));
    }
}

/// Adds the weekdays (`Monday`, `last Friday`, `next Sunday`): the latest on or before `day`,
/// or after a future cue the first on or after it.
fn weekdays(text: &str, day: Date, found: &mut Vec<Candidate>) {
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
        push(found, m, add_days(day, offset).map(day_value));
    }
}

/// Adds `this`, `last` and `next` `week`, `month` or `year`.
fn relative_units(text: &str, day: Date, found: &mut Vec<Candidate>) {
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
        push(found, m, value);
    }
}

/// Adds `two days ago`, `3 weeks ago`, `a year ago`.
fn ago(text: &str, day: Date, found: &mut Vec<Candidate>) {
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
        push(found, m, value);
    }
}

/// Adds a month and day without a year (`January 5`), in the year nearest `day`.
fn month_days(text: &str, day: Date, found: &mut Vec<Candidate>) {
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
        push(found, m, value.map(day_value));
    }
}

/// Adds a month alone after a preposition (`in March`), in the year nearest `day` (on a tie,
/// the earlier).
fn months_alone(text: &str, day: Date, found: &mut Vec<Candidate>) {
    let year = i64::from(day.year());
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
        push(found, m, value.map(month_value));
    }
}

#[cfg(test)]
mod tests {
    use crate::dates::tests::{published, ts};
    use crate::dates::{mentioned_dates, mentioned_dates_at};
    use jiff::Timestamp;
    use proptest::prelude::*;

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

    proptest! {
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
    }
}
