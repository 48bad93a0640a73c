//! Many searches at once: a watch list of names or queries, each row one search with the
//! meaning `newsidx search` gives the same flags, run against one open index on all cores.
//!
//! [`read_batch`] reads the list: a CSV (`.csv`) or TSV (`.tsv`, `.tab`) table with a header
//! naming any of [`COLUMNS`] in any order, or a plain list (any other file), one name or query a
//! line, whose type [`As`] says. Each row becomes a validated [`SearchRequest`]; a row that
//! cannot (an empty row, a bad date, a query that does not parse, more cells than the header) is
//! kept apart as a [`BadRow`] with its line and reason, and the others run. A file that cannot
//! be read, or a table without one known column in its header, is an error.
//!
//! [`run_batch`] runs the rows on all cores and gives one [`RowResult`] a row, in input order.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;

use crate::search::{Hit, SearchIndex, SearchRequest, SearchRequestBuilder, Sort};
use crate::{Error, Result};

/// The columns a table may have, in the order the docs list them.
pub const COLUMNS: [&str; 9] = [
    "label",
    "query",
    "person",
    "org",
    "location",
    "from",
    "to",
    "mentioned_from",
    "mentioned_to",
];

/// Hits kept for each row when no limit is given.
pub const DEFAULT_BATCH_LIMIT: usize = 3;

/// What each line of a plain list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum As {
    /// A person's name (`--person`).
    Person,
    /// An organization's name (`--org`).
    Organization,
    /// A location's name (`--location`).
    Location,
    /// A free-text query.
    Query,
}

/// How the rows of a list are read and run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The type of each line of a plain list; `None` for a table. Given for a table, or not
    /// given for a plain list, is an error.
    pub as_kind: Option<As>,
    /// Hits kept for each row.
    pub limit: usize,
    /// The order of each row's hits.
    pub sort: Sort,
    /// One hit a duplicate group (`--collapse`).
    pub collapse: bool,
    /// Only hits that entered the index at or after this date or stamp (`--new-since`).
    pub new_since: Option<String>,
    /// `--exact-name` for every row.
    pub exact_name: bool,
    /// `--aliases` for every row.
    pub aliases: Option<PathBuf>,
    /// `--hide` for every row.
    pub hide: Option<PathBuf>,
    /// The instant relative dates (`yesterday`) resolve against.
    pub now: Timestamp,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            as_kind: None,
            limit: DEFAULT_BATCH_LIMIT,
            sort: Sort::Relevance,
            collapse: false,
            new_since: None,
            exact_name: false,
            aliases: None,
            hide: None,
            now: Timestamp::now(),
        }
    }
}

/// One row of the list, ready to run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchRow {
    /// The row's 1-based place among the list's rows (header, blank and comment lines aside).
    pub row: usize,
    /// The 1-based line of the file it is on.
    pub line: u64,
    /// The row's `label` cell (a plain list: the line itself), when not empty.
    pub label: Option<String>,
    /// The search the row asks for.
    pub request: SearchRequest,
}

/// A row left out, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// As [`BatchRow::row`].
    pub row: usize,
    /// As [`BatchRow::line`].
    pub line: u64,
    /// What is wrong with it, and what to write instead.
    pub reason: String,
}

/// A list as read: the rows to run and the rows left out.
#[derive(Debug, Clone, Default)]
pub struct BatchInput {
    /// The rows, in input order.
    pub rows: Vec<BatchRow>,
    /// The rows left out, in input order.
    pub bad: Vec<BadRow>,
    /// Header columns that are not among [`COLUMNS`] (their cells are not read).
    pub unknown_columns: Vec<String>,
}

/// The answer to one row.
#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    /// As [`BatchRow::row`].
    pub row: usize,
    /// As [`BatchRow::line`].
    pub line: u64,
    /// As [`BatchRow::label`].
    pub label: Option<String>,
    /// The search the row asked for.
    pub query: SearchRequest,
    /// How many articles match the row.
    pub total_hits: usize,
    /// With `--collapse`: how many stories (duplicate groups) they make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_groups: Option<usize>,
    /// Its first hits, as `search` gives them.
    pub hits: Vec<Hit>,
}

/// Reads the list at `path` ([module docs](self)).
pub fn read_batch(path: &Path, options: &BatchOptions) -> Result<BatchInput> {
    // the lists every row shares, checked once: a bad line is an error of the run, not of
    // each row
    if let Some(p) = &options.aliases {
        crate::search::UserNames::default().read_aliases(p)?;
    }
    if let Some(p) = &options.hide {
        crate::search::UserNames::default().read_hide(p)?;
    }
    let bytes = std::fs::read(path).map_err(|source| Error::ReadFile {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::ParseFile {
        path: path.to_path_buf(),
        line: None,
        reason: format!(
            "not UTF-8 (byte {}): save the list as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Some(b','),
        Some("tsv" | "tab") => Some(b'\t'),
        _ => None,
    };
    match (delimiter, options.as_kind) {
        (Some(delimiter), None) => read_table(path, text, delimiter, options),
        (Some(_), Some(_)) => Err(Error::InvalidRequest {
            flag: "--as".into(),
            reason: format!(
                "{} is a table: its header names each column's type; --as is for a plain list, one name a line",
                path.display()
            ),
        }),
        (None, Some(kind)) => Ok(read_plain(text, kind, options)),
        (None, None) => Err(Error::InvalidRequest {
            flag: "--as".into(),
            reason: format!(
                "{} is read as a plain list, one name or query a line: say what each line is with --as person|org|location|query (or name a .csv or .tsv file with a header)",
                path.display()
            ),
        }),
    }
}

/// A row's request: built (and so checked), then given the aliases file and hide list every
/// row shares, which [`read_batch`] read and checked once rather than once a row.
fn finish(b: SearchRequestBuilder, options: &BatchOptions) -> Result<SearchRequest> {
    let mut request = b.build()?;
    request.aliases = options.aliases.clone();
    request.hide = options.hide.clone();
    Ok(request)
}

/// A builder with the options every row shares (but the user's lists: [`finish`]).
fn builder(options: &BatchOptions) -> SearchRequestBuilder {
    let mut b = SearchRequest::builder()
        .limit(options.limit)
        .sort(options.sort)
        .collapse(options.collapse)
        .exact_name(options.exact_name)
        .now(options.now);
    if let Some(since) = &options.new_since {
        b = b.new_since(since.clone());
    }
    b
}

fn read_plain(text: &str, kind: As, options: &BatchOptions) -> BatchInput {
    let mut input = BatchInput::default();
    for (i, line) in text.lines().enumerate() {
        let value = line.trim();
        if value.is_empty() || value.starts_with('#') {
            continue;
        }
        let row = input.rows.len() + input.bad.len() + 1;
        let b = builder(options);
        let b = match kind {
            As::Person => b.person(value),
            As::Organization => b.organization(value),
            As::Location => b.location(value),
            As::Query => b.text(value),
        };
        let line = i as u64 + 1;
        match finish(b, options) {
            Ok(request) => input.rows.push(BatchRow {
                row,
                line,
                label: Some(value.to_owned()),
                request,
            }),
            Err(e) => input.bad.push(BadRow {
                row,
                line,
                reason: e.to_string(),
            }),
        }
    }
    input
}

fn read_table(
    path: &Path,
    text: &str,
    delimiter: u8,
    options: &BatchOptions,
) -> Result<BatchInput> {
    // TSV has no quoting: a `"` is part of its cell (a phrase query)
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(delimiter != b'\t')
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let unusable = |reason: String| Error::ParseFile {
        path: path.to_path_buf(),
        line: Some(1),
        reason,
    };
    let header = reader
        .headers()
        .map_err(|e| unusable(format!("cannot read the header: {e}")))?
        .clone();
    let mut input = BatchInput::default();
    // the column of each header cell, by its name (case and spaces aside)
    let columns: Vec<Option<&str>> = header
        .iter()
        .map(|h| {
            let name = h.trim().to_ascii_lowercase().replace([' ', '-'], "_");
            let name = if name == "organization" {
                "org".into()
            } else {
                name
            };
            let known = COLUMNS.iter().copied().find(|c| *c == name);
            if known.is_none() && !h.trim().is_empty() {
                input.unknown_columns.push(h.trim().to_owned());
            }
            known
        })
        .collect();
    if columns.iter().all(Option::is_none) {
        return Err(unusable(format!(
            "no known column in the header `{}`: name columns {}",
            header
                .iter()
                .collect::<Vec<_>>()
                .join(char::from(delimiter).to_string().as_str()),
            COLUMNS.join(", ")
        )));
    }
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                input.bad.push(BadRow {
                    row,
                    line,
                    reason: format!("cannot read the row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let bad = |reason: String| BadRow { row, line, reason };
        if record.len() > header.len() {
            input.bad.push(bad(format!(
                "{} cells, the header has {}",
                record.len(),
                header.len()
            )));
            continue;
        }
        let mut b = builder(options);
        let mut label = None;
        let mut asks = false;
        for (cell, column) in record.iter().zip(&columns) {
            let value = cell.trim();
            let Some(column) = column else { continue };
            if value.is_empty() {
                continue;
            }
            match *column {
                "label" => label = Some(value.to_owned()),
                "query" => b = b.text(value),
                "person" => b = b.person(value),
                "org" => b = b.organization(value),
                "location" => b = b.location(value),
                "from" => b = b.from(value),
                "to" => b = b.to(value),
                "mentioned_from" => b = b.mentioned_from(value),
                "mentioned_to" => b = b.mentioned_to(value),
                _ => unreachable!("a column of COLUMNS"),
            }
            asks |= *column != "label";
        }
        if !asks {
            input
                .bad
                .push(bad("empty row: give a query, a name or a date range".into()));
            continue;
        }
        match finish(b, options) {
            Ok(request) => input.rows.push(BatchRow {
                row,
                line,
                label,
                request,
            }),
            Err(e) => input.bad.push(bad(e.to_string())),
        }
    }
    Ok(input)
}

/// Runs every row against `index` on all cores; the results come in the rows' order.
pub fn run_batch(index: &SearchIndex, rows: &[BatchRow]) -> Result<Vec<RowResult>> {
    rows.par_iter()
        .map(|row| {
            let results = index.search(&row.request)?;
            Ok(RowResult {
                row: row.row,
                line: row.line,
                label: row.label.clone(),
                query: results.query,
                total_hits: results.total_hits,
                total_groups: results.total_groups,
                hits: results.hits,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &str, as_kind: Option<As>) -> Result<BatchInput> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        read_batch(
            &path,
            &BatchOptions {
                as_kind,
                ..BatchOptions::default()
            },
        )
    }

    #[test]
    fn a_table_reads_its_columns_in_any_order_and_keeps_bad_rows_apart() {
        let input = read(
            "list.csv",
            "Person,label,From,colour\n\
             james baker,Baker,1987,red\n\
             ,,,\n\
             volcker,,1987-13,\n\
             ,opec only,,\n\
             a,b,c,d,e\n",
            None,
        )
        .unwrap();
        assert_eq!(input.unknown_columns, ["colour"]);
        assert_eq!(input.rows.len(), 1);
        let first = &input.rows[0];
        assert_eq!((first.row, first.line), (1, 2));
        assert_eq!(first.label.as_deref(), Some("Baker"));
        assert_eq!(first.request.persons, ["james baker"]);
        assert!(first.request.published_from.is_some());
        let bad: Vec<(usize, u64, &str)> = input
            .bad
            .iter()
            .map(|b| (b.row, b.line, b.reason.as_str()))
            .collect();
        assert_eq!(bad.len(), 4, "{bad:?}");
        assert_eq!((bad[0].0, bad[0].1), (2, 3));
        assert!(bad[0].2.starts_with("empty row"), "{bad:?}");
        assert!(bad[1].2.contains("--from"), "{bad:?}");
        assert!(bad[2].2.starts_with("empty row"), "a label alone: {bad:?}");
        assert!(bad[3].2.contains("5 cells"), "{bad:?}");
    }

    #[test]
    fn a_plain_list_needs_its_type_and_skips_blanks_and_comments() {
        let input = read(
            "names.txt",
            "# watch list\nJames Baker\n\n  Paul Volcker  \n...\n",
            Some(As::Person),
        )
        .unwrap();
        let names: Vec<&str> = input
            .rows
            .iter()
            .map(|r| r.request.persons[0].as_str())
            .collect();
        assert_eq!(names, ["James Baker", "Paul Volcker"]);
        assert_eq!(input.rows[1].line, 4);
        assert_eq!(input.bad.len(), 1);
        assert_eq!(input.bad[0].line, 5);
        let err = read("names.txt", "x\n", None).unwrap_err();
        assert!(err.to_string().contains("--as"), "{err}");
        let err = read("t.tsv", "who\twhat\nx\ty\n", None).unwrap_err();
        assert!(err.to_string().contains("no known column"), "{err}");
        let err = read("t.csv", "person\nx\n", Some(As::Person)).unwrap_err();
        assert!(err.to_string().contains("is a table"), "{err}");
    }
}
