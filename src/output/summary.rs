//! The summary of an indexing run for people: what `index` says on stderr when it is done (see
//! [`crate::indexer`]): counts of articles, files and entities, and the files and records it
//! skipped, grouped by reason.

use std::io::Write;
use std::path::Path;

use super::count;
use crate::indexer::{IndexSummary, SkipKind, Skipped};

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

/// Writes the summary of an indexing run into `index`: the counts of articles, files and
/// entities, then [`write_skipped`]'s lines (each location with `verbose`), the index folder
/// when it was left out of the walk, and how many files of other types were ignored.
pub fn write_index_summary(
    out: &mut dyn Write,
    summary: &IndexSummary,
    index: &Path,
    verbose: bool,
) -> std::io::Result<()> {
    use crate::extract::EntityKind;
    let get = |k| summary.entities.get(&k).copied().unwrap_or(0);
    writeln!(
        out,
        "indexed {} from {} into {} in {:.2}s ({} in the index)",
        count(summary.articles, "article", "articles"),
        count(summary.files, "file", "files"),
        index.display(),
        summary.elapsed.as_secs_f64(),
        count(summary.total_articles, "article", "articles"),
    )?;
    writeln!(
        out,
        "files: {} added, {} updated, {} removed, {} unchanged",
        summary.added, summary.updated, summary.removed, summary.unchanged
    )?;
    writeln!(
        out,
        "entities: {}, {}, {}",
        count(get(EntityKind::Person), "person", "persons"),
        count(
            get(EntityKind::Organization),
            "organization",
            "organizations"
        ),
        count(get(EntityKind::Location), "location", "locations")
    )?;
    write_skipped(out, &summary.skipped, verbose)?;
    if let Some(inside) = &summary.index_inside {
        writeln!(
            out,
            "left out {}: the index folder itself, inside a folder indexed",
            inside.display()
        )?;
    }
    if summary.ignored > 0 {
        writeln!(
            out,
            "ignored {} of other types",
            count(summary.ignored, "file", "files")
        )?;
    }
    Ok(())
}
