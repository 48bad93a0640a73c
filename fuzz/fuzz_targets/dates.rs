//! Any string through the public date functions: `parse_metadata_date`, `dateline_date`,
//! `filename_date`, `mentioned_dates_at` (with any publication date, or none) and
//! `parse_period`. None may panic; every mention's span must slice the text on char
//! boundaries and name a period, and a parsed period must not end before it starts.
#![no_main]

use jiff::Timestamp;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use newsidx::dates;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    /// Seconds since the epoch of the publication date, clamped to what jiff supports.
    published: Option<i64>,
    /// The year a dateline without one takes.
    year_hint: Option<i16>,
    text: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let text = input.text;
    let _ = dates::parse_metadata_date(text);
    let _ = dates::dateline_date(text, input.year_hint);
    let _ = dates::filename_date(text);
    let published = input.published.map(|s| {
        let s = s.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
        Timestamp::from_second(s).expect("clamped into range")
    });
    for mention in dates::mentioned_dates_at(text, published) {
        assert!(
            text.get(mention.start..mention.end).is_some(),
            "mention {mention:?} is not a char-boundary span of the text"
        );
        let _ = mention.period();
    }
    if let Ok(period) = dates::parse_period(text, "--from") {
        assert!(period.start <= period.end, "{period:?} ends before it starts");
    }
});
