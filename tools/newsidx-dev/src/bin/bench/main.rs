//! Whole-run benchmark of newsidx (issue #7): builds corpora of real Reuters-21578 articles of
//! several sizes, indexes each with the release `newsidx` binary, times incremental re-runs and
//! a fixed mix of queries (in-process and as whole CLI calls), runs the peer baselines
//! (tantivy-cli indexing the same articles' plain text, `grep -ril` for ad hoc search), and
//! prints a Markdown table a size on stdout (progress on stderr).
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin bench -- --reuters ../shared/data/reuters21578 \
//!     --sizes reuters,20000,200000,1000000 --work /tmp/newsidx-bench [--out bench.json]
//! ```
//!
//! - Sizes: `reuters` indexes the Reuters-21578 folder as it is (for the "all of Reuters in
//!   under 15 s" target; `--reuters-only` is the same as `--sizes reuters`); a number builds a
//!   corpus of that many articles under `--work`: the Reuters articles with a title and a body,
//!   cycled, each copy with a unique id (`bench-0000042`) and a distinct publication date
//!   spread over 2015-2022 (so a year is about an eighth of the corpus), the text unchanged.
//!   Up to 20,000 articles a corpus is one `.json` file an article in folders of 1,000 (an
//!   archive, and "1 changed file" is one article); above, `.jsonl` files of 1,000 articles.
//!   Generation streams (one file at a time) and is reused by later runs while the size and
//!   the generator version are the same.
//! - Indexing: `newsidx index CORPUS --index WORK/index-SIZE --json` as a child process from a
//!   fresh index; wall time, articles/s, MB/s (of the corpus files), the child's peak RSS
//!   (`wait4`), the index size on disk. Then a re-run with nothing changed and a re-run after
//!   one file was rewritten (its first article's body changed), each against the full build.
//! - Queries, six kinds: text only, person only, person + date range, organization + text +
//!   date range, the entities aggregation and the timeline. "In process" opens the index and
//!   runs the query through the library, as the CLI does (snippets included), after warm-up
//!   runs; "CLI" is the whole `newsidx search|entities|timeline` call. p50 / p99 are nearest
//!   rank percentiles.
//! - Baselines: tantivy-cli (`--tantivy-cli PATH`, else `tantivy` on `PATH`, else skipped)
//!   indexes `{title, body}` JSON of the same articles (en_stem, positions, both stored) with
//!   the same number of threads and memory budget as newsidx; `grep -ril WORD CORPUS` for the
//!   text query.
//!
//! Before it starts, the bench runs `cargo build --release --bin newsidx` (unless given
//! `--newsidx PATH`), so the binary it times is the current one. `--out FILE` writes every
//! figure as JSON, rewritten after each size.

mod baseline;
mod corpus;
mod figures;
mod markdown;
mod process;
mod queries;
mod size;
mod workflows;

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use jiff::Timestamp;
use newsidx::extract::EntityKind;
use newsidx::search::SearchRequest;
use newsidx::timeline::Interval;
use serde::Serialize;
use serde_json::json;

use newsidx_dev::reuters::{self, Record};

use baseline::*;
use corpus::*;
use figures::*;
use markdown::*;
use process::*;
use queries::*;
use size::*;
use workflows::*;

/// Bump when the generated corpora change, so old ones are generated again.
const GENERATOR_VERSION: u32 = 1;
/// Articles a generated file folder (json layout) or `.jsonl` file holds.
const PER_FILE: usize = 1_000;
/// Corpora up to this size are one `.json` file an article.
const MAX_JSON_FILES: usize = 20_000;
/// 2015-01-01T00:00:00Z: the first publication date of a generated corpus.
const DATES_START: i64 = 1_420_070_400;
/// Eight years (2015 to 2022) in seconds: the span of generated publication dates.
const DATES_SPAN: i64 = 2_922 * 86_400;
/// A prime larger than `DATES_SPAN`: article `i` is published `i * DATE_STEP mod DATES_SPAN`
/// seconds after `DATES_START`, distinct for every `i` and spread over the whole span.
const DATE_STEP: i64 = 2_654_435_761;
/// The marker that says a corpus folder is complete (hidden, so newsidx leaves it out).
const MARKER: &str = ".bench-corpus.json";
/// The writer budget newsidx uses, given to tantivy-cli as well.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;
/// A timed loop stops after this long, with at least `MIN_RUNS` runs.
const BUDGET: Duration = Duration::from_secs(60);
const MIN_RUNS: usize = 10;
/// The word of the text query, used for `grep -ril` too.
const GREP_WORD: &str = "cocoa";

/// Benchmark newsidx on corpora of Reuters-21578 articles (see the source's doc for details).
#[derive(Debug, Parser)]
#[command(name = "bench", max_term_width = 100)]
struct Args {
    /// The Reuters-21578 folder (holding reuters21578.jsonl) or that file.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "../shared/data/reuters21578"
    )]
    reuters: PathBuf,
    /// Corpus sizes in articles, comma-separated; `reuters` is the Reuters folder as it is.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "reuters,20000,200000,1000000"
    )]
    sizes: Vec<String>,
    /// Only `reuters` (the same as `--sizes reuters`).
    #[arg(long, conflicts_with = "sizes")]
    reuters_only: bool,
    /// Where corpora, indexes and logs go (corpora are kept and reused).
    #[arg(long, value_name = "DIR", default_value_os_t = std::env::temp_dir().join("newsidx-bench"))]
    work: PathBuf,
    /// The tantivy-cli binary (default: `tantivy` on PATH; without one the baseline is skipped).
    #[arg(long, value_name = "PATH")]
    tantivy_cli: Option<PathBuf>,
    /// The newsidx binary to time (default: the one next to this binary, built first).
    #[arg(long, value_name = "PATH")]
    newsidx: Option<PathBuf>,
    /// Write every figure as JSON to this file too.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// In-process runs of each search query (at most; a query stops after 60 s).
    #[arg(long, value_name = "N", default_value_t = 200)]
    runs: usize,
    /// In-process runs of each aggregation (entities, timeline).
    #[arg(long, value_name = "N", default_value_t = 50)]
    agg_runs: usize,
    /// Whole CLI calls of each query.
    #[arg(long, value_name = "N", default_value_t = 20)]
    cli_runs: usize,
    /// `grep -ril` runs.
    #[arg(long, value_name = "N", default_value_t = 5)]
    grep_runs: usize,
}

/// Which size a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    /// The Reuters-21578 folder as it is.
    Reuters,
    /// A generated corpus of this many articles.
    Articles(usize),
}

impl Size {
    fn parse(s: &str) -> anyhow::Result<Size> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("reuters") {
            return Ok(Size::Reuters);
        }
        let n: usize = s
            .replace('_', "")
            .parse()
            .with_context(|| format!("invalid size {s:?}: give a number of articles or reuters"))?;
        if n == 0 {
            bail!("invalid size 0");
        }
        Ok(Size::Articles(n))
    }

    fn label(self) -> String {
        match self {
            Size::Reuters => "reuters".into(),
            Size::Articles(n) => n.to_string(),
        }
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let sizes: Vec<Size> = if args.reuters_only {
        vec![Size::Reuters]
    } else {
        args.sizes
            .iter()
            .map(|s| Size::parse(s))
            .collect::<anyhow::Result<_>>()?
    };
    let reuters_file = if args.reuters.is_dir() {
        args.reuters.join("reuters21578.jsonl")
    } else {
        args.reuters.clone()
    };
    if !reuters_file.is_file() {
        bail!(
            "{}: no Reuters-21578 JSON Lines file",
            reuters_file.display()
        );
    }
    let newsidx = match &args.newsidx {
        Some(path) => path.clone(),
        None => build_newsidx()?,
    };
    let tantivy = find_tantivy(args.tantivy_cli.as_deref());
    fs::create_dir_all(&args.work).with_context(|| format!("creating {}", args.work.display()))?;
    let work = args.work.canonicalize()?;

    eprintln!("reading {}", reuters_file.display());
    let records = reuters::read_records(&reuters_file, 1)
        .map_err(|e| anyhow::anyhow!("{}: {e}", reuters_file.display()))?;
    if records.is_empty() {
        bail!(
            "{}: no record with a title and a body",
            reuters_file.display()
        );
    }
    eprintln!(
        "{} Reuters records with a title and a body; newsidx: {}; tantivy-cli: {}",
        records.len(),
        newsidx.display(),
        match &tantivy {
            Ok(path) => path.display().to_string(),
            Err(note) => note.clone(),
        }
    );

    let setup = Setup {
        args: &args,
        work,
        newsidx,
        tantivy,
        records,
    };
    let (work, records) = (&setup.work, &setup.records);
    let mut reports = Vec::new();
    for size in sizes {
        let load_before = load_average();
        let corpus = match size {
            Size::Reuters => reuters_corpus(&args.reuters, work, records)?,
            Size::Articles(n) => generated_corpus(work, n, records)?,
        };
        let report = bench_size(&setup, size, corpus, load_before)?;
        print!("{}", markdown(&report));
        std::io::stdout().flush()?;
        reports.push(report);
        if let Some(out) = &args.out {
            let text = serde_json::to_string_pretty(&json!({
                "generator_version": GENERATOR_VERSION,
                "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
                "reports": reports,
            }))?;
            fs::write(out, text + "\n").with_context(|| format!("writing {}", out.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Args::command().debug_assert();
    }

    #[test]
    fn generated_dates_are_distinct_and_in_2015_to_2022() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000 {
            let date = date_of(i);
            assert!(seen.insert(date), "article {i} shares its date");
            let year = date.to_zoned_datetime(jiff::tz::TimeZone::UTC).year();
            assert!((2015..=2022).contains(&year), "article {i}: {date}");
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples = (1..=200).map(Duration::from_millis).collect();
        let l = latency(samples);
        assert_eq!((l.runs, l.p50_ms, l.p99_ms), (200, 100.0, 198.0));
    }

    #[test]
    fn one_file_an_article_up_to_20000() {
        assert_eq!(
            file_of(20_000, 1_234),
            Path::new("001/article-0001234.json")
        );
        assert_eq!(file_of(20_001, 1_234), Path::new("part-00001.jsonl"));
    }
}
