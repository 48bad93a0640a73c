//! Mentions for people and scripts: the stream of `newsidx mentions`, written as it is read
//! (memory does not grow with the mentions) as a line a mention of text, one JSON document, JSON
//! Lines or CSV.

use std::io::Write;

use serde::Serialize;

use super::{Colors, DIM, Format, MATCH, SCHEMA_VERSION, count, csv_error, day, kind_label, paint};
use crate::mentions::{Mention, Mentions};
use crate::search::SearchRequest;

/// The CSV columns, in order; the JSON keys of a mention are the same.
pub const MENTION_CSV_HEADER: [&str; 13] = [
    "article_id",
    "path",
    "published",
    "title",
    "type",
    "name",
    "text",
    "start",
    "end",
    "char_start",
    "char_end",
    "context",
    "highlight",
];

/// A mention as JSON Lines write it: with the version of its shape.
#[derive(Serialize)]
struct Line<'a> {
    schema_version: u32,
    #[serde(flatten)]
    mention: &'a Mention,
}

/// Writes every mention of `mentions` in `format` as it comes; returns how many there were.
pub fn write_mentions(
    out: &mut dyn Write,
    query: &SearchRequest,
    mentions: &mut Mentions<'_>,
    format: Format,
    colors: Colors,
) -> crate::Result<u64> {
    let total_articles = mentions.total_articles;
    let mut n = 0u64;
    match format {
        Format::Text => {
            for m in mentions {
                write_text(out, &m?, colors)?;
                n += 1;
            }
            let footer = format!(
                "{} in {}",
                count(n, "mention", "mentions"),
                count(
                    total_articles as u64,
                    "matching article",
                    "matching articles"
                )
            );
            writeln!(out, "{}", paint(DIM, &footer, colors))?;
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Head<'a> {
                schema_version: u32,
                query: &'a SearchRequest,
                total_articles: usize,
            }
            let head = serde_json::to_string(&Head {
                schema_version: SCHEMA_VERSION,
                query,
                total_articles,
            })
            .map_err(std::io::Error::from)?;
            write!(out, "{},\n\"mentions\": [", &head[..head.len() - 1])?;
            for m in mentions {
                out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &m?).map_err(std::io::Error::from)?;
                n += 1;
            }
            writeln!(out, "\n]}}")?;
        }
        Format::Jsonl => {
            for m in mentions {
                let line = Line {
                    schema_version: SCHEMA_VERSION,
                    mention: &m?,
                };
                serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
                writeln!(out)?;
                n += 1;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(MENTION_CSV_HEADER).map_err(csv_error)?;
            for m in mentions {
                w.write_record(csv_row(&m?)).map_err(csv_error)?;
                n += 1;
            }
            w.flush()?;
        }
    }
    Ok(n)
}

fn write_text(out: &mut dyn Write, m: &Mention, colors: Colors) -> std::io::Result<()> {
    let date = day(m.published);
    let [a, b] = m.highlight;
    writeln!(
        out,
        "{}  {}  {}{}{}",
        paint(
            DIM,
            &format!("{date}  {} @{}", m.article_id, m.start),
            colors
        ),
        m.name,
        &m.context[..a],
        paint(MATCH, &m.context[a..b], colors),
        &m.context[b..]
    )
}

fn csv_row(m: &Mention) -> [String; 13] {
    [
        m.article_id.clone(),
        m.path.display().to_string(),
        m.published.map(|t| t.to_string()).unwrap_or_default(),
        m.title.clone().unwrap_or_default(),
        kind_label(m.kind).to_string(),
        m.name.clone(),
        m.text.clone(),
        m.start.to_string(),
        m.end.to_string(),
        m.char_start.to_string(),
        m.char_end.to_string(),
        m.context.clone(),
        format!("{}-{}", m.highlight[0], m.highlight[1]),
    ]
}
