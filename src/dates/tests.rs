//! Tests across the `dates` module: the period of a mention's value, and that no parser panics
//! on any input. Also the helpers the per-file test modules share.

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;

/// An instant from RFC 3339.
pub(super) fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Wednesday 2020-01-08, 14:30 UTC: the publication date of the relative-date tests.
pub(super) fn published() -> Option<Timestamp> {
    Some(ts("2020-01-08T14:30:00Z"))
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
}

#[test]
fn indexable_years_are_1678_to_2261() {
    assert!(!super::indexable(ts("1677-12-31T23:59:59Z")));
    assert!(super::indexable(ts("1678-01-01T00:00:00Z")));
    assert!(super::indexable(ts("2261-12-31T23:59:59Z")));
    assert!(!super::indexable(ts("2262-01-01T00:00:00Z")));
    // The edges round-trip through a tantivy date, which counts nanoseconds in an i64.
    for edge in [super::FIRST_INDEXABLE, super::END_INDEXABLE] {
        let d = tantivy::DateTime::from_timestamp_secs(edge.as_second());
        assert_eq!(d.into_timestamp_secs(), edge.as_second());
    }
}
