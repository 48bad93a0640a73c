//! The answers of `newsidx batch`: a row a line of text (hits, label or request, top hit), one
//! JSON document, JSON Lines (one row a line) or CSV (one row a line, with the top hits' ids and
//! titles), always in input order.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Colors, DIM, Format, LABEL, SCHEMA_VERSION, TITLE, count, csv_error, day, paint};
use crate::batch::{BadRow, RowResult};
use crate::search::SearchRequest;

/// The CSV columns, in order.
pub const BATCH_CSV_HEADER: [&str; 14] = [
    "row",
    "line",
    "label",
    "query",
    "person",
    "org",
    "location",
    "from",
    "to",
    "mentioned_from",
    "mentioned_to",
    "total_hits",
    "top_ids",
    "top_titles",
];

/// Writes the results of a batch in `format`; `as_of` is the stamp to re-run it with
/// `--new-since` (in JSON).
#[allow(clippy::too_many_arguments)]
pub fn write_batch(
    out: &mut dyn Write,
    file: &Path,
    as_of: Option<jiff::Timestamp>,
    results: &[RowResult],
    bad: &[BadRow],
    format: Format,
    colors: Colors,
) -> std::io::Result<()> {
    match format {
        Format::Text => write_text(out, results, bad, colors),
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                file: &'a Path,
                as_of: Option<jiff::Timestamp>,
                rows: usize,
                matched_rows: usize,
                skipped: &'a [BadRow],
                results: &'a [RowResult],
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Doc {
                    schema_version: SCHEMA_VERSION,
                    file,
                    as_of,
                    rows: results.len() + bad.len(),
                    matched_rows: results.iter().filter(|r| r.total_hits > 0).count(),
                    skipped: bad,
                    results,
                },
            )?;
            writeln!(out)
        }
        Format::Jsonl => {
            #[derive(Serialize)]
            struct Line<'a> {
                schema_version: u32,
                #[serde(flatten)]
                result: &'a RowResult,
            }
            for result in results {
                serde_json::to_writer(
                    &mut *out,
                    &Line {
                        schema_version: SCHEMA_VERSION,
                        result,
                    },
                )?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(BATCH_CSV_HEADER).map_err(csv_error)?;
            for r in results {
                w.write_record(csv_row(r)).map_err(csv_error)?;
            }
            w.flush()
        }
    }
}

/// What a row asked for, in a few words: `person "james baker", from 1987-01-01`.
pub fn describe_request(q: &SearchRequest) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &q.text {
        parts.push(format!("\"{t}\""));
    }
    for (flag, names) in [
        ("person", &q.persons),
        ("org", &q.organizations),
        ("location", &q.locations),
    ] {
        parts.extend(names.iter().map(|n| format!("{flag} \"{n}\"")));
    }
    let day = |t: jiff::Timestamp| t.strftime("%Y-%m-%d").to_string();
    if let Some(t) = q.published_from {
        parts.push(format!("from {}", day(t)));
    }
    if let Some(t) = q.published_to {
        parts.push(format!("before {}", day(t)));
    }
    if let Some(t) = q.mentioned_from {
        parts.push(format!("mentions from {}", day(t)));
    }
    if let Some(t) = q.mentioned_to {
        parts.push(format!("mentions before {}", day(t)));
    }
    parts.join(", ")
}

fn write_text(
    out: &mut dyn Write,
    results: &[RowResult],
    bad: &[BadRow],
    colors: Colors,
) -> std::io::Result<()> {
    let width = results
        .iter()
        .map(|r| r.total_hits.to_string().len())
        .max()
        .unwrap_or(1)
        .max(4);
    writeln!(
        out,
        "{}",
        paint(
            DIM,
            &format!("{:>4}  {:>width$}  name or query", "row", "hits"),
            colors
        )
    )?;
    for r in results {
        let asked = describe_request(&r.query);
        let what = match &r.label {
            Some(label) if *label != strip_quotes(&asked) => format!("{label} ({asked})"),
            _ => asked,
        };
        writeln!(
            out,
            "{:>4}  {:>width$}  {}",
            r.row,
            r.total_hits,
            paint(LABEL, &what, colors)
        )?;
        if let Some(hit) = r.hits.first() {
            let date = day(hit.published);
            writeln!(
                out,
                "{:>4}  {:>width$}  top: {}  {}",
                "",
                "",
                paint(TITLE, hit.title.as_deref().unwrap_or("(untitled)"), colors),
                paint(DIM, &format!("{date} {}", hit.locator()), colors)
            )?;
        }
    }
    let matched = results.iter().filter(|r| r.total_hits > 0).count() as u64;
    let mut footer = format!(
        "{} of {} matched",
        matched,
        count((results.len() + bad.len()) as u64, "row", "rows")
    );
    if !bad.is_empty() {
        footer.push_str(&format!(
            "; {} skipped",
            count(bad.len() as u64, "bad row", "bad rows")
        ));
    }
    writeln!(out, "{}", paint(DIM, &footer, colors))
}

/// `"x"` as `x`, so that a plain list's label (the line) is not repeated beside its request.
fn strip_quotes(asked: &str) -> String {
    let inner =
        asked.split_once(' ').map_or(
            asked,
            |(flag, rest)| if flag.starts_with('"') { asked } else { rest },
        );
    inner.trim_matches('"').to_string()
}

fn csv_row(r: &RowResult) -> [String; 14] {
    let q = &r.query;
    let time = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
    [
        r.row.to_string(),
        r.line.to_string(),
        r.label.clone().unwrap_or_default(),
        q.text.clone().unwrap_or_default(),
        q.persons.join(";"),
        q.organizations.join(";"),
        q.locations.join(";"),
        time(q.published_from),
        time(q.published_to),
        time(q.mentioned_from),
        time(q.mentioned_to),
        r.total_hits.to_string(),
        r.hits
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        r.hits
            .iter()
            .map(|h| h.title.as_deref().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(";"),
    ]
}
