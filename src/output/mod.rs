//! How does a hit look to a person or a script? Writes search results as coloured text for a
//! terminal, or as JSON, JSON Lines or CSV for scripts (never coloured), and extracted articles
//! as JSON Lines. Every writer takes any `io::Write`.
//!
//! One file a kind of output: `search.rs` (hits and hit streams), `timeline.rs`,
//! `entities.rs`, `mentions.rs`, `extract.rs` (extracted articles), `summary.rs` (an indexing run) and
//! `stats.rs` (an index). This file holds what they share: the formats, colours, styles and the
//! counting words.

use anstyle::{AnsiColor, Style};

mod batch;
mod entities;
mod extract;
mod mentions;
mod search;
mod stats;
mod summary;
mod timeline;

pub use batch::{BATCH_CSV_HEADER, describe_request, write_batch};
pub use entities::write_entities;
pub use extract::{ExtractedArticle, write_extracted};
pub use mentions::{MENTION_CSV_HEADER, write_mentions};
pub use search::{limit_notice, write_hit_stream, write_results};
pub use stats::write_stats;
pub use summary::{write_index_summary, write_skipped};
pub use timeline::write_timeline;

/// Version of the JSON shapes of this module; bumped when a field changes meaning or goes away.
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

/// Whether text output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors(pub bool);

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const LABEL: Style = AnsiColor::Cyan.on_default();

fn paint(style: Style, text: &str, colors: Colors) -> String {
    if colors.0 {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// A publication date as text output and reports show it: `2020-01-06`, or `no date`.
pub(crate) fn day(published: Option<jiff::Timestamp>) -> String {
    published
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "no date".to_string())
}

/// An entity type as text and CSV show it: `person`, `org`, `location`, `date`.
fn kind_label(kind: crate::extract::EntityKind) -> &'static str {
    match kind {
        crate::extract::EntityKind::Person => "person",
        crate::extract::EntityKind::Organization => "org",
        crate::extract::EntityKind::Location => "location",
        crate::extract::EntityKind::Date => "date",
    }
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
