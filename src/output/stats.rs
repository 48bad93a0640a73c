//! Index statistics for people: what `stats` prints (see [`crate::stats`]), a line a figure.
//! Scripts get the same figures as JSON, serialized straight from
//! [`IndexStats`](crate::stats::IndexStats).

use std::collections::BTreeMap;
use std::io::Write;

use super::count;
use crate::extract::EntityKind;
use crate::stats::IndexStats;

/// Writes `stats` as text: the index, its articles and their dates, distinct entities and
/// mentions of each type, the size on disk and the schema version.
pub fn write_stats(out: &mut dyn Write, stats: &IndexStats) -> std::io::Result<()> {
    let day = |t: Option<jiff::Timestamp>| {
        t.map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "-".into())
    };
    let get = |m: &BTreeMap<EntityKind, u64>, k| m.get(&k).copied().unwrap_or(0);
    writeln!(out, "index            {}", stats.index.display())?;
    writeln!(out, "articles         {}", stats.articles)?;
    writeln!(
        out,
        "with a date      {} ({} to {})",
        stats.dated_articles,
        day(stats.first_published),
        day(stats.last_published)
    )?;
    for (label, kind) in [
        ("persons", EntityKind::Person),
        ("organizations", EntityKind::Organization),
        ("locations", EntityKind::Location),
    ] {
        writeln!(
            out,
            "{label:<16} {} distinct, {}",
            get(&stats.distinct_entities, kind),
            count(get(&stats.mentions, kind), "mention", "mentions")
        )?;
    }
    writeln!(
        out,
        "size on disk     {:.1} MB",
        stats.size_bytes as f64 / 1_000_000.0
    )?;
    writeln!(out, "schema version   {}", stats.schema_version)
}
