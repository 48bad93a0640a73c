//! What would newsidx read from these files? The `extract` command without an index: walks the
//! paths as [`crate::indexer`] does, reads and analyzes each file the same way
//! ([`article`](crate::article), [`dates`](crate::dates), [`extract`](crate::extract)), and
//! writes each article with its entities as a JSON line ([`crate::output::write_extracted`])
//! instead of adding it to an index.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::indexer::{self, Skipped};
use crate::output::{self, count};

/// What [`extract_files`] read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PreviewSummary {
    /// Articles written.
    pub articles: u64,
    /// Files and records that could not be walked, read or parsed.
    pub skipped: u64,
}

/// Articles of a streamed file analyzed at a time, as the indexer does.
const STREAM_PART: usize = indexer::PART_ARTICLES;

/// Reads the articles of `paths` (files, or folders walked recursively) and writes each, with its
/// entities, as a JSON line into `out`. A file or record that cannot be read or parsed is
/// reported as `path: reason` into `log` when it happens and skipped; the run goes on, and ends,
/// when something was skipped, with a line into `log` counting the articles and the skipped.
/// Fails before reading anything when a path does not exist.
pub fn extract_files(
    paths: &[PathBuf],
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> crate::Result<PreviewSummary> {
    indexer::check_roots(paths)?;
    let indexer::Walk {
        files, problems, ..
    } = indexer::collect_files(paths, Path::new(""));
    let recognizer = crate::extract::default_recognizer();
    let read = crate::article::ReadOptions::default();
    let mut failed = problems.len() as u64;
    for problem in &problems {
        writeln!(log, "{problem}")?;
    }
    let mut articles = 0u64;
    for file in &files {
        // A web archive or a large JSON Lines file: a thousand records at a time.
        if let Some(stream) = crate::article::stream_file(file, &read) {
            let mut items = match stream {
                Ok(items) => items,
                Err(err) => {
                    failed += 1;
                    writeln!(log, "{}", Skipped::from(err))?;
                    continue;
                }
            };
            let mut any = false;
            loop {
                let (part, more) = crate::article::next_part(&mut items, STREAM_PART);
                any |= !part.articles.is_empty() || !part.problems.is_empty();
                let part = indexer::analyze_articles(part, recognizer.as_ref());
                write_analyzed(part, out, log, &mut articles, &mut failed)?;
                if !more {
                    break;
                }
            }
            if !any {
                failed += 1;
                let reason = crate::article::empty_stream_reason(file);
                writeln!(
                    log,
                    "{}",
                    Skipped::from(crate::Error::SkipFile {
                        path: file.clone(),
                        line: None,
                        reason: reason.into(),
                    })
                )?;
            }
            continue;
        }
        match indexer::analyze_file(file, &read, recognizer.as_ref()) {
            Ok(file) => write_analyzed(file, out, log, &mut articles, &mut failed)?,
            Err(err) => {
                failed += 1;
                writeln!(log, "{}", Skipped::from(err))?;
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        writeln!(
            log,
            "{}, {} skipped",
            count(articles, "article", "articles"),
            count(failed, "file or record", "files or records")
        )?;
    }
    Ok(PreviewSummary {
        articles,
        skipped: failed,
    })
}

/// Writes a file's (or a part's) analyzed articles to `out` and its bad records to `log`,
/// counting both.
fn write_analyzed(
    (analyzed, problems): (Vec<indexer::Analyzed>, Vec<crate::Error>),
    out: &mut dyn Write,
    log: &mut dyn Write,
    articles: &mut u64,
    failed: &mut u64,
) -> std::io::Result<()> {
    for problem in problems {
        *failed += 1;
        writeln!(log, "{}", Skipped::from(problem))?;
    }
    for a in &analyzed {
        output::write_extracted(out, a)?;
        *articles += 1;
    }
    Ok(())
}
