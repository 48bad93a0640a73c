//! How are the matching articles spread over time? Counts the articles that answer a search
//! request per day, week, month or year of publication, read from the `published` fast field
//! (no document is loaded), with empty periods inside the range shown as zero.

use std::collections::HashSet;
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema;
use crate::search::{Clauses, Opened, SearchRequest};
use crate::{Error, Result};

/// Most periods one timeline may have; a longer one asks for a coarser `--by`.
pub const MAX_PERIODS: usize = 100_000;

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar days (UTC).
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

impl Interval {
    /// The start of the period that holds `date`.
    pub fn start_of(self, date: Date) -> Date {
        match self {
            Interval::Day => date,
            Interval::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(back.days()).unwrap_or(date)
            }
            Interval::Month => date.first_of_month(),
            Interval::Year => date.first_of_year(),
        }
    }

    /// The start of the next period after the one starting at `start`.
    pub fn next(self, start: Date) -> Option<Date> {
        let span = match self {
            Interval::Day => 1.day(),
            Interval::Week => 1.week(),
            Interval::Month => 1.month(),
            Interval::Year => 1.year(),
        };
        start.checked_add(span).ok()
    }

    /// How a period is labelled: `2020-01-06`, `2020-W02`, `2020-01`, `2020`.
    pub fn label(self, start: Date) -> String {
        match self {
            Interval::Day => start.to_string(),
            Interval::Week => {
                let week = start.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Interval::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Interval::Year => format!("{:04}", start.year()),
        }
    }
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Label: `2020-01-06` (day), `2020-W02` (week), `2020-01` (month), `2020` (year).
    pub period: String,
    /// First day of the period.
    pub start: Date,
    /// First day after the period.
    pub end: Date,
    /// Matching articles published in it.
    pub count: u64,
}

/// Article counts per period.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The request whose matches are counted.
    pub query: SearchRequest,
    /// The period length.
    pub by: Interval,
    /// Matching articles in all.
    pub total: u64,
    /// Matching articles with no publication date (not in any period).
    pub undated: u64,
    /// With a publication date filter: articles that matched the rest but had no date.
    pub undated_excluded: Option<usize>,
    /// The periods in order, from the first to the last (or the `--from`/`--to` range), empty
    /// ones included.
    pub periods: Vec<Period>,
}

/// Counts the articles that answer `request` per period of publication.
pub fn timeline(
    index_path: &std::path::Path,
    request: &SearchRequest,
    by: Interval,
) -> Result<Timeline> {
    let opened = Opened::open(index_path)?;
    let clauses = Clauses::new(&opened, request)?;
    let query = clauses.query();
    let stories = if request.collapse {
        Some(Arc::new(opened.stories(query.as_ref())?))
    } else {
        None
    };
    let (dates, undated) = opened
        .searcher
        .search(query.as_ref(), &PublishedDates { only: stories })
        .map_err(|e| opened.err(e))?;
    let undated_excluded = match clauses.undated_query() {
        Some(q) => Some(opened.count(q.as_ref())?),
        None => None,
    };
    let total = dates.len() as u64 + undated;
    let day = |secs: i64| {
        jiff::Timestamp::from_second(secs)
            .ok()
            .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
    };
    let mut counts = std::collections::BTreeMap::<Date, u64>::new();
    for secs in dates {
        if let Some(d) = day(secs) {
            *counts.entry(by.start_of(d)).or_default() += 1;
        }
    }
    let first = request
        .published_from
        .and_then(|t| day(t.as_second()))
        .or_else(|| counts.keys().next().copied());
    let last = request
        .published_to
        // `to` is exclusive: its period is the one holding the instant just before.
        .and_then(|t| day(t.as_second() - 1))
        .or_else(|| counts.keys().next_back().copied());
    let mut periods = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let mut start = by.start_of(first);
        let last = by.start_of(last);
        while start <= last {
            let Some(end) = by.next(start) else { break };
            if periods.len() >= MAX_PERIODS {
                return Err(Error::InvalidRequest {
                    flag: "--by".into(),
                    reason: format!(
                        "the timeline would have more than {MAX_PERIODS} periods: choose a longer period or a narrower --from/--to"
                    ),
                });
            }
            periods.push(Period {
                period: by.label(start),
                start,
                end,
                count: counts.get(&start).copied().unwrap_or(0),
            });
            start = end;
        }
    }
    Ok(Timeline {
        query: request.clone(),
        by,
        total,
        undated,
        undated_excluded,
        periods,
    })
}

/// Collects the publication dates (seconds) of matching documents, and counts those without;
/// with `only`, of those documents alone (one a story).
struct PublishedDates {
    only: Option<Arc<HashSet<DocAddress>>>,
}

struct SegmentDates {
    column: Column<DateTime>,
    dates: Vec<i64>,
    undated: u64,
    segment: SegmentOrdinal,
    only: Option<Arc<HashSet<DocAddress>>>,
}

impl Collector for PublishedDates {
    type Fruit = (Vec<i64>, u64);
    type Child = SegmentDates;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDates> {
        Ok(SegmentDates {
            column: reader.fast_fields().date(schema::PUBLISHED)?,
            dates: Vec::new(),
            undated: 0,
            segment,
            only: self.only.clone(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(Vec<i64>, u64)>) -> tantivy::Result<(Vec<i64>, u64)> {
        let mut dates = Vec::new();
        let mut undated = 0;
        for (d, u) in fruits {
            dates.extend(d);
            undated += u;
        }
        Ok((dates, undated))
    }
}

impl SegmentCollector for SegmentDates {
    type Fruit = (Vec<i64>, u64);

    fn collect(&mut self, doc: DocId, _score: Score) {
        if self
            .only
            .as_ref()
            .is_some_and(|only| !only.contains(&DocAddress::new(self.segment, doc)))
        {
            return;
        }
        match self.column.first(doc) {
            Some(date) => self.dates.push(date.into_timestamp_secs()),
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> (Vec<i64>, u64) {
        (self.dates, self.undated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_start_where_the_calendar_says() {
        let d = date(2020, 1, 8); // a Wednesday
        assert_eq!(Interval::Day.start_of(d), d);
        assert_eq!(Interval::Week.start_of(d), date(2020, 1, 6));
        assert_eq!(Interval::Month.start_of(d), date(2020, 1, 1));
        assert_eq!(Interval::Year.start_of(d), date(2020, 1, 1));
    }

    #[test]
    fn labels_name_the_period() {
        assert_eq!(Interval::Week.label(date(2020, 1, 6)), "2020-W02");
        assert_eq!(Interval::Week.label(date(2019, 12, 30)), "2020-W01");
        assert_eq!(Interval::Month.label(date(1987, 3, 1)), "1987-03");
        assert_eq!(Interval::Year.label(date(1987, 1, 1)), "1987");
    }
}
