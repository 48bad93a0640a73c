//! When was it published, which dates does it mention? Parses dates from metadata values,
//! datelines and file names, finds the dates an article's text mentions, and turns the periods
//! users type (`2020`, `2020-01`, `2020-01-05`, RFC 3339, `January 5, 2020`, `last week`)
//! into time ranges.
//!
//! Every date without a time zone is taken as UTC, and a date without a time as midnight UTC.
//! All offsets are byte offsets into the text given, the end exclusive.
//!
//! One file a question:
//!
//! - `stamp.rs`: which instant does this metadata value name? ([`parse_metadata_date`])
//! - `dateline.rs`: which date does the dateline or the file name give, and where do the
//!   dateline's place and credit lie? ([`dateline_date`], [`dateline_spans`],
//!   [`filename_date`])
//! - `mentions.rs`: which dates does this text mention? ([`mentioned_dates`],
//!   [`mentioned_dates_at`])
//! - `relative.rs`: which day is `last Friday`, `two days ago`, `in March` from a given day?
//! - `period.rs`: which time range does a user mean by `2020-W02` or `last week`?
//!   ([`parse_period`], [`parse_period_at`])
//! - `calendar.rs`: month and weekday names and calendar helpers the others share.

use jiff::Timestamp;
use serde::Serialize;

mod calendar;
mod dateline;
mod mentions;
mod period;
mod relative;
mod stamp;
#[cfg(test)]
mod tests;

pub use dateline::{DatelineSpans, dateline_date, dateline_spans, filename_date};
pub use mentions::{mentioned_dates, mentioned_dates_at};
pub use period::{parse_period, parse_period_at};
pub use stamp::parse_metadata_date;

/// The first instant an index date can hold: 1678-01-01T00:00:00Z. A tantivy date (and so a
/// Quickwit `datetime`) is a count of nanoseconds in an `i64`, which reaches from 1677-09-21 to
/// 2262-04-11; an instant outside that range wraps around to another date. newsidx keeps the
/// whole years inside it, 1678 to 2261.
pub const FIRST_INDEXABLE: Timestamp = Timestamp::constant(-9_214_560_000, 0);
/// The first instant after the dates an index can hold: 2262-01-01T00:00:00Z.
pub const END_INDEXABLE: Timestamp = Timestamp::constant(9_214_646_400, 0);

/// Whether an instant lies in the years an index date can hold, 1678 to 2261
/// ([`FIRST_INDEXABLE`], [`END_INDEXABLE`]). A publication date or mentioned date outside is not
/// indexed (it would come back as another date), and a search bound outside is refused.
pub fn indexable(ts: Timestamp) -> bool {
    (FIRST_INDEXABLE..END_INDEXABLE).contains(&ts)
}

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
