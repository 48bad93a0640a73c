//! Checks publication dates end to end on Reuters-21578: converts every record with a body into
//! each article format newsidx reads, indexes each format's folder on its own, and compares the
//! stored dates and the answers of date-range searches with the records' `date` stamps.
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin check_dates -- ../shared/data/reuters21578/reuters21578.jsonl [WORK_DIR]
//! ```
//!
//! Ground truth: every record whose stamp is well formed (exactly `26-FEB-1987 15:01:01.79`,
//! not `27-MAR-1987 14:02:56.54V RM`) should get
//! that instant, to the second, UTC (`1987-02-26T15:01:01Z`); records with a malformed stamp are
//! converted too but left out of the counts. The files and indexes go to a temporary folder
//! (removed at the end) or to `WORK_DIR` when given (kept).
//!
//! It prints two tables:
//!
//! - per format: articles indexed, articles with exactly the expected instant, with another
//!   time on the same day, with another day, and without a date (`txt/plain` has only a
//!   dateline without a year, so no date is expected there; `txt/dated` has only the day, in
//!   the file name);
//! - per format: how many of the date-range searches (`--from`/`--to` days, months, the year)
//!   returned exactly the expected set of records (records with a malformed stamp are left out
//!   of both sides). A search returns at most [`newsidx::search::MAX_LIMIT`] hits, so each
//!   range is searched `--sort oldest` and `--sort newest` and the two answers joined.
//!
//! It is not run by `cargo test`: it needs `../shared` and takes about a minute in release.

use std::collections::{BTreeSet, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use newsidx::indexer::{IndexOptions, NoProgress, index_paths};
use newsidx::search::{MAX_LIMIT, SearchRequest, Sort, search};
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

use newsidx_dev::reuters::{
    Record, read_records, write_html, write_json, write_jsonl, write_md, write_txt_dated,
    write_txt_headers, write_txt_plain,
};

/// The format folders written under the work folder, each indexed on its own.
const FORMATS: [&str; 7] = [
    "txt/plain",
    "txt/headers",
    "txt/dated",
    "md",
    "json",
    "jsonl",
    "html",
];

/// The date-range searches, as `(--from, --to)`.
const RANGES: [(&str, &str); 20] = [
    ("1987-02-26", "1987-02-26"),
    ("1987-03-01", "1987-03-01"),
    ("1987-03-02", "1987-03-02"),
    ("1987-03-03", "1987-03-03"),
    ("1987-03-16", "1987-03-16"),
    ("1987-03-31", "1987-03-31"),
    ("1987-04-01", "1987-04-01"),
    ("1987-04-07", "1987-04-09"),
    ("1987-06-01", "1987-06-30"),
    ("1987-10-19", "1987-10-20"),
    ("1987-02", "1987-02"),
    ("1987-03", "1987-03"),
    ("1987-04", "1987-04"),
    ("1987-05", "1987-05"),
    ("1987-06", "1987-06"),
    ("1987-07", "1987-08"),
    ("1987-09", "1987-10"),
    ("1987-03-15", "1987-04-15"),
    ("1987-02-26T15:01:01Z", "1987-02-26T15:01:01Z"),
    ("1987", "1987"),
];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, work) = match args.as_slice() {
        [input] => (input, None),
        [input, work] => (input, Some(PathBuf::from(work))),
        _ => return Err("usage: check_dates REUTERS21578.jsonl [WORK_DIR]".into()),
    };
    let records = read_records(Path::new(input), 1)?;
    let temp = tempfile::tempdir()?;
    let work = work.unwrap_or_else(|| temp.path().to_path_buf());
    let corpus = work.join("corpus");
    if corpus.exists() {
        std::fs::remove_dir_all(&corpus)?;
    }
    for (turn, r) in records.iter().enumerate() {
        write_txt_plain(&corpus, r)?;
        write_txt_headers(&corpus, r, turn)?;
        write_txt_dated(&corpus, r)?;
        write_md(&corpus, r, turn)?;
        write_json(&corpus, r, turn)?;
        write_html(&corpus, r, turn)?;
    }
    let all: Vec<&Record> = records.iter().collect();
    write_jsonl(&corpus, &all)?;
    let truth: HashMap<u64, Timestamp> = records
        .iter()
        .filter(|r| well_formed(&r.stamp))
        .filter_map(|r| Some((r.id, r.date?)))
        .collect();
    println!(
        "{} records with a body, {} with a well-formed date, converted into {} formats",
        records.len(),
        truth.len(),
        FORMATS.len()
    );

    let mut date_rows = Vec::new();
    let mut range_rows = Vec::new();
    for format in FORMATS {
        let index = work.join(format!("index-{}", format.replace('/', "-")));
        if index.exists() {
            std::fs::remove_dir_all(&index)?;
        }
        let summary = index_paths(
            &[corpus.join(format)],
            &IndexOptions::new(&index),
            &mut NoProgress,
        )?;
        eprintln!("{format}: indexed, {summary:?}");
        let stored = stored_dates(&index)?;
        date_rows.push((format, date_counts(&stored, &truth)));
        range_rows.push((format, range_matches(&index, &truth)?));
    }

    println!();
    println!(
        "| format | articles | exact date | same day, other time | wrong date | missing date | malformed stamp (not counted) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (format, c) in &date_rows {
        println!(
            "| {format} | {} | {} | {} | {} | {} | {} |",
            c.articles, c.exact, c.same_day, c.wrong, c.missing, c.untested
        );
    }
    println!();
    println!("| format | date-range searches returning exactly the expected articles |");
    println!("|---|---:|");
    for (format, (matched, failures)) in &range_rows {
        println!("| {format} | {matched} / {} |", RANGES.len());
        for failure in failures {
            eprintln!("  {format}: {failure}");
        }
    }
    Ok(())
}

/// Whether a stamp is exactly `D-MON-YYYY HH:MM:SS.CC` (`26-FEB-1987 15:01:01.79`), without
/// the trailing letters or comments some records carry (`14:02:56.54V RM`).
fn well_formed(stamp: &str) -> bool {
    let Some((day, time)) = stamp.split_once(' ') else {
        return false;
    };
    let d: Vec<&str> = day.split('-').collect();
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let shape = |s: &str, n: usize| digits(s, n..=n);
    let t: Vec<&str> = time.split([':', '.']).collect();
    d.len() == 3
        && digits(d[0], 1..=2)
        && d[1].len() == 3
        && d[1].bytes().all(|b| b.is_ascii_uppercase())
        && shape(d[2], 4)
        && t.len() == 4
        && t.iter().all(|p| shape(p, 2))
}

/// Per-format date counts.
#[derive(Debug, Default)]
struct DateCounts {
    /// Articles in the index.
    articles: usize,
    /// With a well-formed stamp and exactly its instant.
    exact: usize,
    /// With a well-formed stamp and another instant on the same UTC day.
    same_day: usize,
    /// With a well-formed stamp and another day.
    wrong: usize,
    /// With a well-formed stamp and no date.
    missing: usize,
    /// Without a well-formed stamp (or whose record was not recognised).
    untested: usize,
}

fn date_counts(
    stored: &[(Option<u64>, Option<Timestamp>)],
    truth: &HashMap<u64, Timestamp>,
) -> DateCounts {
    let mut c = DateCounts {
        articles: stored.len(),
        ..DateCounts::default()
    };
    for (id, published) in stored {
        match (id.and_then(|id| truth.get(&id)), published) {
            (None, _) => c.untested += 1,
            (Some(_), None) => c.missing += 1,
            (Some(want), Some(got)) if want == got => c.exact += 1,
            (Some(want), Some(got)) if same_day(*want, *got) => c.same_day += 1,
            (Some(_), Some(_)) => c.wrong += 1,
        }
    }
    c
}

/// Whether two instants fall on the same UTC day.
fn same_day(a: Timestamp, b: Timestamp) -> bool {
    a.as_second().div_euclid(86_400) == b.as_second().div_euclid(86_400)
}

/// A Reuters id (when the article id carries one) and the stored publication date.
type StoredDate = (Option<u64>, Option<Timestamp>);

/// The Reuters id and the stored publication date of every article in the index at `path`.
fn stored_dates(path: &Path) -> Result<Vec<StoredDate>, Box<dyn Error>> {
    let (index, fields) = newsidx::schema::open_index(path)?;
    let searcher = index.reader()?.searcher();
    let addresses: Vec<DocAddress> = searcher
        .search(&AllQuery, &DocSetCollector)?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let id = doc
            .get_first(fields.id)
            .and_then(|v| v.as_str())
            .and_then(reuters_id);
        let published = doc
            .get_first(fields.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| Timestamp::from_second(d.into_timestamp_secs()).ok());
        out.push((id, published));
    }
    Ok(out)
}

/// The Reuters id in an article id: `…/reuters-part-01.jsonl#123`,
/// `…/reuters-00123-bahia-cocoa-review.md`, `…/1987-02-26-bahia-cocoa-review-123.txt`.
fn reuters_id(article_id: &str) -> Option<u64> {
    if let Some((_, record)) = article_id.rsplit_once('#')
        && let Ok(id) = record.parse()
    {
        return Some(id);
    }
    let name = article_id.rsplit('/').next()?;
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    match stem.strip_prefix("reuters-") {
        Some(rest) => rest.split('-').next()?.parse().ok(),
        None => stem.rsplit('-').next()?.parse().ok(),
    }
}

/// How many of [`RANGES`] return exactly the expected records, and a line for each that does
/// not.
fn range_matches(
    index: &Path,
    truth: &HashMap<u64, Timestamp>,
) -> Result<(usize, Vec<String>), Box<dyn Error>> {
    let mut matched = 0;
    let mut failures = Vec::new();
    for (from, to) in RANGES {
        let (start, end) = (
            newsidx::dates::parse_period(from, "--from")?.start,
            newsidx::dates::parse_period(to, "--to")?.end,
        );
        let expected: BTreeSet<u64> = truth
            .iter()
            .filter(|(_, t)| (start..end).contains(*t))
            .map(|(id, _)| *id)
            .collect();
        // The newest and the oldest MAX_LIMIT hits together are all of them when there are
        // at most twice as many.
        let mut got: BTreeSet<u64> = BTreeSet::new();
        let mut total = 0;
        for sort in [Sort::Oldest, Sort::Newest] {
            let request = SearchRequest::builder()
                .from(from)
                .to(to)
                .sort(sort)
                .limit(MAX_LIMIT)
                .build()?;
            let results = search(index, &request)?;
            total = results.total_hits;
            got.extend(results.hits.iter().filter_map(|h| reuters_id(&h.id)));
        }
        if total > 2 * MAX_LIMIT {
            return Err(
                format!("--from {from} --to {to}: more than {} hits", 2 * MAX_LIMIT).into(),
            );
        }
        // Records with a malformed stamp are neither expected nor unexpected.
        let got: BTreeSet<u64> = got
            .into_iter()
            .filter(|id| truth.contains_key(id))
            .collect();
        if got == expected {
            matched += 1;
        } else {
            failures.push(format!(
                "--from {from} --to {to}: expected {}, got {} ({} missing, {} unexpected)",
                expected.len(),
                got.len(),
                expected.difference(&got).count(),
                got.difference(&expected).count(),
            ));
        }
    }
    Ok((matched, failures))
}
