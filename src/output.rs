//! How does a hit look to a person or a script? Writes search results as coloured text for a
//! terminal, or as JSON, JSON Lines or CSV for scripts (never coloured), and extracted articles
//! as JSON Lines. Every writer takes any `io::Write`.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::extract::Mention;
use crate::indexer::{Analyzed, SkipKind, Skipped};
use crate::search::{Hit, Hits, SearchRequest, SearchResults};

/// Version of the JSON shapes below; bumped when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: one block a hit.
    Text,
    /// One JSON document with the request, the total and the hits.
    Json,
    /// One JSON object a hit, a line each.
    Jsonl,
    /// One row a hit, with a header row; lists joined with `;`.
    Csv,
}

/// The noun for `n` things: `one` for 1, else `many` (`0 articles`, `1 article`).
pub fn noun<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// `n` and its noun: `1 article`, `2 articles`. Every count that text output, summaries and
/// messages print goes through it (or [`noun`]).
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// How many locations of a group of skipped items [`write_skipped`] shows.
const SKIPPED_SHOWN: usize = 3;

/// Writes the summary lines of the files and records an indexing run skipped: a line for each
/// reason of [`SkipKind::LeftOut`] items, with their count and the first few locations (all
/// of them with `listed`, when they were printed one by one already), then one line counting
/// the errors (files or records that could not be read or parsed), which were printed as they
/// happened.
///
/// `skipped 3 records: no article text (a.jsonl:3, a.jsonl:17, a.jsonl:29, …; --verbose lists all)`
pub fn write_skipped(
    out: &mut dyn Write,
    skipped: &[Skipped],
    listed: bool,
) -> std::io::Result<()> {
    let left_out: Vec<Skipped> = skipped
        .iter()
        .filter(|s| s.kind == SkipKind::LeftOut)
        .cloned()
        .collect();
    for (reason, items) in crate::indexer::group_by_reason(&left_out) {
        let n = items.len() as u64;
        let what = if items.iter().all(|s| s.line.is_some()) {
            count(n, "record", "records")
        } else if items.iter().all(|s| s.line.is_none()) {
            count(n, "file", "files")
        } else {
            count(n, "file or record", "files or records")
        };
        let shown = if listed { 0 } else { SKIPPED_SHOWN };
        let mut places: Vec<String> = items.iter().take(shown).map(|s| s.location()).collect();
        if listed {
            places.push("listed above".into());
        } else if items.len() > shown {
            places.push("…; --verbose lists all".into());
        }
        writeln!(out, "skipped {what}: {reason} ({})", places.join(", "))?;
    }
    let errors = skipped.len() - left_out.len();
    if errors > 0 {
        writeln!(
            out,
            "{} could not be read (listed above)",
            count(errors as u64, "file or record", "files or records")
        )?;
    }
    Ok(())
}

/// Whether text output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors(pub bool);

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const LABEL: Style = AnsiColor::Cyan.on_default();

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
        Format::Csv => write_csv(out, &results.hits),
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
    let mut shown = 0;
    match format {
        Format::Text => {
            for hit in hits {
                write_text_hit(out, &hit?, colors)?;
                shown += 1;
            }
            write_text_footer(out, shown, total_hits, undated_excluded, colors)?;
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Head<'a> {
                schema_version: u32,
                query: &'a SearchRequest,
                total_hits: usize,
                undated_excluded: Option<usize>,
            }
            let head = serde_json::to_string(&Head {
                schema_version: SCHEMA_VERSION,
                query,
                total_hits,
                undated_excluded,
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
            w.write_record(CSV_HEADER).map_err(csv_error)?;
            for hit in hits {
                w.write_record(csv_row(&hit?)).map_err(csv_error)?;
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

fn paint(style: Style, text: &str, colors: Colors) -> String {
    if colors.0 {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

fn write_text(out: &mut dyn Write, results: &SearchResults, colors: Colors) -> std::io::Result<()> {
    for hit in &results.hits {
        write_text_hit(out, hit, colors)?;
    }
    write_text_footer(
        out,
        results.hits.len(),
        results.total_hits,
        results.undated_excluded,
        colors,
    )
}

fn write_text_hit(out: &mut dyn Write, hit: &Hit, colors: Colors) -> std::io::Result<()> {
    let title = hit.title.as_deref().unwrap_or("(untitled)");
    let date = hit
        .published
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "no date".to_string());
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
    writeln!(out)?;
    Ok(())
}

fn write_text_footer(
    out: &mut dyn Write,
    shown: usize,
    total_hits: usize,
    undated_excluded: Option<usize>,
    colors: Colors,
) -> std::io::Result<()> {
    let mut footer = format!(
        "{shown} of {}",
        count(total_hits as u64, "matching article", "matching articles")
    );
    if let Some(undated) = undated_excluded.filter(|&n| n > 0) {
        footer.push_str(&format!(
            "; {undated} more without a publication date left out by the date filter"
        ));
    }
    writeln!(out, "{}", paint(DIM, &footer, colors))
}

/// A CSV writer's error as an `io::Error` of the same kind as the one it wraps, so that a closed
/// pipe stays recognisable as one (the caller exits quietly on a broken pipe); `InvalidData`
/// for anything else.
fn csv_error(err: csv::Error) -> std::io::Error {
    let kind = match err.kind() {
        csv::ErrorKind::Io(io) => io.kind(),
        _ => std::io::ErrorKind::InvalidData,
    };
    std::io::Error::new(kind, err)
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

fn csv_row(hit: &Hit) -> [String; 10] {
    [
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
    ]
}

fn write_csv(out: &mut dyn Write, hits: &[Hit]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER).map_err(csv_error)?;
    for hit in hits {
        w.write_record(csv_row(hit)).map_err(csv_error)?;
    }
    w.flush()
}

/// One article as `extract` prints it.
#[derive(Debug, Serialize)]
pub struct ExtractedArticle<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Source file.
    pub path: &'a std::path::Path,
    /// Line of the record, for JSON Lines files.
    pub line: Option<usize>,
    /// Title.
    pub title: Option<&'a str>,
    /// Publication date.
    pub published: Option<jiff::Timestamp>,
    /// Where the date came from.
    pub published_source: Option<crate::dates::DateSource>,
    /// Publisher.
    pub source: Option<&'a str>,
    /// Authors.
    pub authors: &'a [String],
    /// URL.
    pub url: Option<&'a str>,
    /// The body text the offsets point into.
    pub body: &'a str,
    /// Mentions in the body, in text order.
    pub entities: &'a [Mention],
    /// The article's entities with counts.
    pub summary: &'a [crate::extract::Entity],
}

impl<'a> From<&'a Analyzed> for ExtractedArticle<'a> {
    fn from(a: &'a Analyzed) -> Self {
        let article = &a.article;
        ExtractedArticle {
            id: &article.id,
            path: &article.path,
            line: article.line,
            title: article.title.as_deref(),
            published: article.published,
            published_source: article.published_source,
            source: article.source.as_deref(),
            authors: &article.authors,
            url: article.url.as_deref(),
            body: &article.body,
            entities: &a.mentions,
            summary: &a.entities,
        }
    }
}

/// Writes one extracted article as a JSON line.
pub fn write_extracted(out: &mut dyn Write, analyzed: &Analyzed) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &ExtractedArticle::from(analyzed))?;
    writeln!(out)
}

/// Writes a timeline: bars for people, or JSON / CSV.
pub fn write_timeline(
    out: &mut dyn Write,
    timeline: &crate::timeline::Timeline,
    format: Format,
    colors: Colors,
) -> std::io::Result<()> {
    match format {
        Format::Text => {
            let width = timeline
                .periods
                .iter()
                .map(|p| p.period.len())
                .max()
                .unwrap_or(0);
            let most = timeline.periods.iter().map(|p| p.count).max().unwrap_or(0);
            let digits = most.to_string().len();
            for p in &timeline.periods {
                // Up to 50 cells; any non-zero count gets at least one.
                let cells = if most == 0 {
                    0
                } else {
                    ((p.count * 50).div_ceil(most)) as usize
                };
                writeln!(
                    out,
                    "{:<width$}  {:>digits$}  {}",
                    p.period,
                    p.count,
                    paint(LABEL, &"█".repeat(cells), colors)
                )?;
            }
            let mut footer = format!(
                "{}, {} without a publication date",
                count(timeline.total, "matching article", "matching articles"),
                timeline.undated
            );
            if let Some(n) = timeline.undated_excluded.filter(|&n| n > 0) {
                footer.push_str(&format!(
                    "; {n} more without a date left out by the date filter"
                ));
            }
            writeln!(out, "{}", paint(DIM, &footer, colors))
        }
        Format::Json | Format::Jsonl => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                #[serde(flatten)]
                timeline: &'a crate::timeline::Timeline,
            }
            let doc = Doc {
                schema_version: SCHEMA_VERSION,
                timeline,
            };
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut *out, &doc)?;
                writeln!(out)
            } else {
                for p in &timeline.periods {
                    serde_json::to_writer(&mut *out, p)?;
                    writeln!(out)?;
                }
                Ok(())
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["period", "start", "end", "count"])
                .map_err(csv_error)?;
            for p in &timeline.periods {
                w.write_record([
                    p.period.clone(),
                    p.start.to_string(),
                    p.end.to_string(),
                    p.count.to_string(),
                ])
                .map_err(csv_error)?;
            }
            w.flush()
        }
    }
}

/// Writes entity counts: a table for people, or JSON / JSON Lines / CSV.
pub fn write_entities(
    out: &mut dyn Write,
    counts: &crate::entities::EntityCounts,
    format: Format,
    colors: Colors,
) -> std::io::Result<()> {
    let kind_label = |k: crate::extract::EntityKind| match k {
        crate::extract::EntityKind::Person => "person",
        crate::extract::EntityKind::Organization => "org",
        crate::extract::EntityKind::Location => "location",
        crate::extract::EntityKind::Date => "date",
    };
    match format {
        Format::Text => {
            let width = counts
                .entities
                .iter()
                .map(|e| e.name.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(
                out,
                "{}",
                paint(
                    DIM,
                    &format!(
                        "{:>4}  {:<8}  {:<width$}  {:>8}  {:>8}",
                        "rank", "type", "name", "articles", "mentions"
                    ),
                    colors
                )
            )?;
            for e in &counts.entities {
                writeln!(
                    out,
                    "{:>4}  {:<8}  {:<width$}  {:>8}  {:>8}",
                    e.rank,
                    kind_label(e.kind),
                    e.name,
                    e.articles,
                    e.mentions
                )?;
            }
            writeln!(
                out,
                "{}",
                paint(
                    DIM,
                    &count(
                        counts.total_articles,
                        "matching article",
                        "matching articles"
                    ),
                    colors
                )
            )
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                #[serde(flatten)]
                counts: &'a crate::entities::EntityCounts,
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Doc {
                    schema_version: SCHEMA_VERSION,
                    counts,
                },
            )?;
            writeln!(out)
        }
        Format::Jsonl => {
            for e in &counts.entities {
                serde_json::to_writer(&mut *out, e)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["rank", "type", "name", "articles", "mentions"])
                .map_err(csv_error)?;
            for e in &counts.entities {
                w.write_record([
                    e.rank.to_string(),
                    kind_label(e.kind).to_string(),
                    e.name.clone(),
                    e.articles.to_string(),
                    e.mentions.to_string(),
                ])
                .map_err(csv_error)?;
            }
            w.flush()
        }
    }
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
