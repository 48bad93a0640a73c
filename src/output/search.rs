//! Search hits for people and scripts: the results of `search` (a ranked page of hits) as
//! coloured text, JSON, JSON Lines or CSV, and the hit stream of `search --all`, written as it
//! is read. The last step of the pipeline for `search`, after [`crate::search`].

use std::io::Write;

use serde::Serialize;

use super::{
    Colors, DIM, Format, LABEL, MATCH, SCHEMA_VERSION, TITLE, count, csv_error, day, paint,
};
use crate::search::{Hit, Hits, SearchRequest, SearchResults};

/// Writes search results in `format`.
pub fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    format: Format,
    colors: Colors,
) -> std::io::Result<()> {
    match format {
        Format::Text => write_text(out, results, colors),
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                #[serde(flatten)]
                results: &'a SearchResults,
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Doc {
                    schema_version: SCHEMA_VERSION,
                    results,
                },
            )?;
            writeln!(out)
        }
        Format::Jsonl => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, hit)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => write_csv(out, &results.hits, results.query.collapse),
    }
}

/// Writes every hit of `hits` in `format` as it comes, so that memory does not grow with the
/// number of hits (`search --all`). The shapes are those of [`write_results`]; JSON is written
/// more compactly (one hit a line inside `hits`).
pub fn write_hit_stream(
    out: &mut dyn Write,
    query: &SearchRequest,
    hits: &mut Hits<'_>,
    format: Format,
    colors: Colors,
) -> crate::Result<()> {
    let (total_hits, undated_excluded) = (hits.total_hits, hits.undated_excluded);
    let total_groups = hits.total_groups;
    let mut shown = 0;
    match format {
        Format::Text => {
            for hit in hits {
                write_text_hit(out, &hit?, colors)?;
                shown += 1;
            }
            write_text_footer(
                out,
                shown,
                total_hits,
                total_groups,
                undated_excluded,
                colors,
            )?;
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Head<'a> {
                schema_version: u32,
                query: &'a SearchRequest,
                total_hits: usize,
                undated_excluded: Option<usize>,
                #[serde(skip_serializing_if = "Option::is_none")]
                total_groups: Option<usize>,
            }
            let head = serde_json::to_string(&Head {
                schema_version: SCHEMA_VERSION,
                query,
                total_hits,
                undated_excluded,
                total_groups,
            })
            .map_err(std::io::Error::from)?;
            // The head object without its closing brace, then the hits.
            write!(out, "{},\n\"hits\": [", &head[..head.len() - 1])?;
            for hit in hits {
                out.write_all(if shown == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &hit?).map_err(std::io::Error::from)?;
                shown += 1;
            }
            writeln!(out, "\n]}}")?;
        }
        Format::Jsonl => {
            for hit in hits {
                serde_json::to_writer(&mut *out, &hit?).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(csv_header(query.collapse))
                .map_err(csv_error)?;
            for hit in hits {
                w.write_record(csv_row(&hit?, query.collapse))
                    .map_err(csv_error)?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

/// What to tell a script whose machine-format output `--limit` cut short: `10 of 1,312
/// matching articles; --limit N or --all for more`. `None` when every hit was written.
pub fn limit_notice(shown: usize, total: usize) -> Option<String> {
    (shown < total).then(|| {
        format!(
            "{} of {} matching articles; --limit N or --all for more",
            thousands(shown),
            thousands(total)
        )
    })
}

/// `1312` as `1,312`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn write_text(out: &mut dyn Write, results: &SearchResults, colors: Colors) -> std::io::Result<()> {
    for hit in &results.hits {
        write_text_hit(out, hit, colors)?;
    }
    write_text_footer(
        out,
        results.hits.len(),
        results.total_hits,
        results.total_groups,
        results.undated_excluded,
        colors,
    )
}

fn write_text_hit(out: &mut dyn Write, hit: &Hit, colors: Colors) -> std::io::Result<()> {
    let title = hit.title.as_deref().unwrap_or("(untitled)");
    let date = day(hit.published);
    writeln!(
        out,
        "{:>3}. {}  {}",
        hit.rank,
        paint(TITLE, title, colors),
        paint(DIM, &date, colors)
    )?;
    writeln!(out, "     {}", paint(DIM, &hit.locator(), colors))?;
    for (label, names) in [
        ("persons", &hit.persons),
        ("orgs", &hit.organizations),
        ("locations", &hit.locations),
    ] {
        if !names.is_empty() {
            writeln!(
                out,
                "     {} {}",
                paint(LABEL, &format!("{label}:"), colors),
                names.join(", ")
            )?;
        }
    }
    let mut text = String::new();
    let mut at = 0;
    for [a, b] in &hit.snippet.highlights {
        text.push_str(&hit.snippet.text[at..*a]);
        text.push_str(&paint(MATCH, &hit.snippet.text[*a..*b], colors));
        at = *b;
    }
    text.push_str(&hit.snippet.text[at..]);
    writeln!(out, "     {text}")?;
    if let Some(d) = hit.duplicates.as_ref().filter(|d| d.similar > 0) {
        writeln!(
            out,
            "     {}",
            paint(DIM, &format!("+{} similar", d.similar), colors)
        )?;
    }
    writeln!(out)?;
    Ok(())
}

fn write_text_footer(
    out: &mut dyn Write,
    shown: usize,
    total_hits: usize,
    total_groups: Option<usize>,
    undated_excluded: Option<usize>,
    colors: Colors,
) -> std::io::Result<()> {
    let mut footer = match total_groups {
        Some(groups) => format!(
            "{shown} of {} ({})",
            count(groups as u64, "story", "stories"),
            count(total_hits as u64, "matching article", "matching articles")
        ),
        None => format!(
            "{shown} of {}",
            count(total_hits as u64, "matching article", "matching articles")
        ),
    };
    if let Some(undated) = undated_excluded.filter(|&n| n > 0) {
        footer.push_str(&format!(
            "; {undated} more without a publication date left out by the date filter"
        ));
    }
    writeln!(out, "{}", paint(DIM, &footer, colors))
}

const CSV_HEADER: [&str; 10] = [
    "rank",
    "score",
    "id",
    "path",
    "title",
    "published",
    "persons",
    "organizations",
    "locations",
    "snippet",
];

/// The CSV header; with `--collapse`, also `group`, `similar` and `similar_ids`.
fn csv_header(collapse: bool) -> Vec<&'static str> {
    let mut header = CSV_HEADER.to_vec();
    if collapse {
        header.extend(["group", "similar", "similar_ids"]);
    }
    header
}

fn csv_row(hit: &Hit, collapse: bool) -> Vec<String> {
    let mut row = vec![
        hit.rank.to_string(),
        hit.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
        hit.id.clone(),
        hit.path.display().to_string(),
        hit.title.clone().unwrap_or_default(),
        hit.published.map(|t| t.to_string()).unwrap_or_default(),
        hit.persons.join(";"),
        hit.organizations.join(";"),
        hit.locations.join(";"),
        hit.snippet.text.clone(),
    ];
    if collapse {
        let d = hit.duplicates.as_ref();
        row.extend([
            d.map(|d| d.group.clone()).unwrap_or_default(),
            d.map_or(0, |d| d.similar).to_string(),
            d.map(|d| d.ids.join(";")).unwrap_or_default(),
        ]);
    }
    row
}

fn write_csv(out: &mut dyn Write, hits: &[Hit], collapse: bool) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(csv_header(collapse)).map_err(csv_error)?;
    for hit in hits {
        w.write_record(csv_row(hit, collapse)).map_err(csv_error)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_notice_says_how_many_were_left_out() {
        assert_eq!(
            limit_notice(10, 1312).as_deref(),
            Some("10 of 1,312 matching articles; --limit N or --all for more")
        );
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(limit_notice(13, 13), None);
    }
}
