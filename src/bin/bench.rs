//! Whole-run benchmark of newsidx (issue #7): builds corpora of real Reuters-21578 articles of
//! several sizes, indexes each with the release `newsidx` binary, times incremental re-runs and
//! a fixed mix of queries (in-process and as whole CLI calls), runs the peer baselines
//! (tantivy-cli indexing the same articles' plain text, `grep -ril` for ad hoc search), and
//! prints a Markdown table a size on stdout (progress on stderr).
//!
//! ```text
//! cargo run --release --bin bench -- --reuters ../shared/data/reuters21578 \
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

#[path = "../../examples/common/mod.rs"]
#[allow(dead_code)]
mod common;

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

use common::Record;

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

/// A corpus ready to index.
#[derive(Debug, Serialize)]
struct Corpus {
    /// What `newsidx index` is given.
    path: PathBuf,
    /// Articles generated (for `reuters`: Reuters records with a title and a body).
    articles: u64,
    /// Files in it.
    files: u64,
    /// Bytes of its files.
    file_bytes: u64,
    /// Bytes of title and body text of its articles.
    text_bytes: u64,
    /// `json`, `jsonl` or `reuters`.
    layout: &'static str,
    /// The file the incremental run rewrites (none for `reuters`: it is not ours to change).
    changed_file: Option<PathBuf>,
    /// `{title, body}` JSON Lines of the same articles, for tantivy-cli (not in `path`).
    #[serde(skip)]
    plain_docs: PathBuf,
}

/// One timed child process.
#[derive(Debug, Clone, Serialize)]
struct Run {
    seconds: f64,
    /// Peak resident set of the child, bytes (`None` where `wait4` is not available).
    peak_rss_bytes: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Indexing {
    run: Run,
    /// Articles in the index after the run (from `newsidx index --json`).
    articles: u64,
    /// Files or records skipped.
    skipped: u64,
    articles_per_second: f64,
    /// Of the corpus files.
    mb_per_second: f64,
    index_bytes: u64,
}

#[derive(Debug, Serialize)]
struct Incremental {
    /// A re-run with nothing changed.
    unchanged: Run,
    unchanged_ratio: f64,
    /// A re-run after one file was rewritten; `None` for `reuters`.
    one_file_changed: Option<Run>,
    one_file_changed_ratio: Option<f64>,
    /// Articles in the changed file.
    changed_articles: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Baseline {
    tool: String,
    run: Run,
    articles_per_second: f64,
    mb_per_second: f64,
    index_bytes: u64,
    /// newsidx's articles/s over tantivy-cli's.
    throughput_ratio: f64,
}

#[derive(Debug, Clone, Serialize)]
struct Latency {
    runs: usize,
    p50_ms: f64,
    p99_ms: f64,
}

#[derive(Debug, Serialize)]
struct QueryFigures {
    name: &'static str,
    /// The CLI arguments after `newsidx`, less `--index`.
    command: Vec<String>,
    /// Matching articles.
    hits: u64,
    /// In process, the index opened once before the runs (`SearchIndex`); searches only.
    index_open: Option<Latency>,
    /// In process, the index opened by each run, as the CLI does.
    in_process: Latency,
    cli: Latency,
}

#[derive(Debug, Serialize)]
struct GrepFigures {
    command: String,
    /// Files listed.
    files: u64,
    latency: Latency,
    /// newsidx CLI p50 of the text query over grep's p50.
    newsidx_ratio: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    size: String,
    load_average_before: String,
    load_average_after: String,
    corpus: Corpus,
    indexing: Indexing,
    incremental: Incremental,
    tantivy_cli: Option<Baseline>,
    /// Why there is no tantivy-cli baseline.
    tantivy_cli_note: Option<String>,
    queries: Vec<QueryFigures>,
    grep: Option<GrepFigures>,
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
    let records = common::read_records(&reuters_file, 1)
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

/// Builds the release `newsidx` next to this binary and returns its path.
fn build_newsidx() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("the bench binary has no folder")?;
    let path = dir.join(format!("newsidx{}", std::env::consts::EXE_SUFFIX));
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build of the bench; newsidx is timed as found");
    } else {
        eprintln!("cargo build --release --bin newsidx");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--bin", "newsidx"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .context("running cargo build")?;
        if !status.success() {
            bail!("cargo build --release --bin newsidx failed");
        }
    }
    if !path.is_file() {
        bail!(
            "{}: no newsidx binary (build it with `cargo build --release`)",
            path.display()
        );
    }
    Ok(path)
}

/// The tantivy-cli binary, or why there is none.
fn find_tantivy(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(format!("{}: not found", path.display()))
        };
    }
    let name = format!("tantivy{}", std::env::consts::EXE_SUFFIX);
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(&name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            "no `tantivy` on PATH (cargo install tantivy-cli); baseline skipped".to_string()
        })
}

/// `/proc/loadavg`'s three averages, or `?`.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

// ---------------------------------------------------------------------------------------------
// Corpora

/// The publication date of generated article `i`.
fn date_of(i: usize) -> Timestamp {
    let offset = (i as i64).wrapping_mul(DATE_STEP).rem_euclid(DATES_SPAN);
    Timestamp::from_second(DATES_START + offset).expect("a date in 2015-2022")
}

/// Generated article `i` as one line of JSON (its body changed when `changed`).
fn article_json(i: usize, records: &[Record], changed: bool) -> String {
    let r = &records[i % records.len()];
    let body = if changed {
        format!(
            "{}\n    This story was corrected on the day it ran.",
            r.text
        )
    } else {
        r.text.clone()
    };
    json!({
        "id": format!("bench-{i:07}"),
        "title": r.title,
        "date": date_of(i).to_string(),
        "source": "Reuters",
        "topics": r.topics,
        "body": body,
    })
    .to_string()
}

/// `{title, body}` of article `i`, for tantivy-cli.
fn plain_json(i: usize, records: &[Record]) -> String {
    let r = &records[i % records.len()];
    json!({ "title": r.title, "body": r.text }).to_string()
}

/// The file that holds generated article `i`, relative to the corpus folder.
fn file_of(size: usize, i: usize) -> PathBuf {
    if size <= MAX_JSON_FILES {
        PathBuf::from(format!("{:03}", i / PER_FILE)).join(format!("article-{i:07}.json"))
    } else {
        PathBuf::from(format!("part-{:05}.jsonl", i / PER_FILE))
    }
}

/// The contents of the generated file that starts with article `first` (the whole folder
/// chunk for `.jsonl`, one article for `.json`).
fn file_contents(size: usize, first: usize, records: &[Record], changed: bool) -> String {
    if size <= MAX_JSON_FILES {
        article_json(first, records, changed) + "\n"
    } else {
        let mut s = String::new();
        for i in first..(first + PER_FILE).min(size) {
            // Only the file's first article changes.
            s.push_str(&article_json(i, records, changed && i == first));
            s.push('\n');
        }
        s
    }
}

/// The marker of a complete corpus: what was generated and how much.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
struct Marker {
    generator: u32,
    size: usize,
    records: usize,
    files: u64,
    file_bytes: u64,
    text_bytes: u64,
}

/// The corpus of `size` articles under `work`, generated unless a complete one is there.
fn generated_corpus(work: &Path, size: usize, records: &[Record]) -> anyhow::Result<Corpus> {
    let dir = work.join(format!("corpus-{size}"));
    let plain_docs = work.join(format!("corpus-{size}.plain.jsonl"));
    let layout = if size <= MAX_JSON_FILES {
        "json"
    } else {
        "jsonl"
    };
    let changed_file = dir.join(file_of(size, 0));
    let existing: Option<Marker> = fs::read_to_string(dir.join(MARKER))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok());
    let marker = match existing {
        Some(m)
            if m.generator == GENERATOR_VERSION
                && m.size == size
                && m.records == records.len()
                && plain_docs.is_file() =>
        {
            eprintln!("[{size}] reusing {}", dir.display());
            // The last run changed this file: put it back.
            fs::write(&changed_file, file_contents(size, 0, records, false))?;
            m
        }
        _ => generate(&dir, &plain_docs, size, records)?,
    };
    Ok(Corpus {
        path: dir,
        articles: size as u64,
        files: marker.files,
        file_bytes: marker.file_bytes,
        text_bytes: marker.text_bytes,
        layout,
        changed_file: Some(changed_file),
        plain_docs,
    })
}

/// Writes the corpus of `size` articles into `dir` (emptied first) and the plain documents for
/// tantivy-cli, one file at a time.
fn generate(
    dir: &Path,
    plain_docs: &Path,
    size: usize,
    records: &[Record],
) -> anyhow::Result<Marker> {
    eprintln!("[{size}] generating {}", dir.display());
    let started = Instant::now();
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    let mut plain = BufWriter::new(fs::File::create(plain_docs)?);
    let mut marker = Marker {
        generator: GENERATOR_VERSION,
        size,
        records: records.len(),
        files: 0,
        file_bytes: 0,
        text_bytes: 0,
    };
    let per_file = if size <= MAX_JSON_FILES { 1 } else { PER_FILE };
    for first in (0..size).step_by(per_file) {
        let path = dir.join(file_of(size, first));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let contents = file_contents(size, first, records, false);
        fs::write(&path, &contents).with_context(|| format!("writing {}", path.display()))?;
        marker.files += 1;
        marker.file_bytes += contents.len() as u64;
        for i in first..(first + per_file).min(size) {
            let r = &records[i % records.len()];
            marker.text_bytes += (r.title.len() + r.text.len()) as u64;
            writeln!(plain, "{}", plain_json(i, records))?;
        }
        if (first + per_file).min(size) * 10 / size > first * 10 / size {
            eprintln!("[{size}] {} files", thousands(marker.files));
        }
    }
    plain.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::write(dir.join(MARKER), serde_json::to_string(&marker)? + "\n")?;
    eprintln!(
        "[{size}] generated {} files ({:.1} MB) in {:.1}s",
        marker.files,
        mb(marker.file_bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(marker)
}

/// The Reuters folder as it is, and plain documents of its records for tantivy-cli.
fn reuters_corpus(reuters: &Path, work: &Path, records: &[Record]) -> anyhow::Result<Corpus> {
    let plain_docs = work.join("reuters.plain.jsonl");
    let mut plain = BufWriter::new(fs::File::create(&plain_docs)?);
    let mut text_bytes = 0;
    for (i, r) in records.iter().enumerate() {
        text_bytes += (r.title.len() + r.text.len()) as u64;
        writeln!(plain, "{}", plain_json(i, records))?;
    }
    plain.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    let (files, file_bytes) = walk_size(reuters)?;
    Ok(Corpus {
        path: reuters.canonicalize()?,
        articles: records.len() as u64,
        files,
        file_bytes,
        text_bytes,
        layout: "reuters",
        changed_file: None,
        plain_docs,
    })
}

/// Files and bytes below `path` (hidden entries left out, as newsidx does).
fn walk_size(path: &Path) -> anyhow::Result<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(path)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry?;
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata()?.len();
        }
    }
    Ok((files, bytes))
}

// ---------------------------------------------------------------------------------------------
// Runs

/// Runs `cmd` to the end, stdout captured, stderr into `log`; the wall time and peak RSS.
fn timed(cmd: &mut Command, log: &Path) -> anyhow::Result<(Run, String)> {
    let log_file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log_file);
    let started = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("running {cmd:?}"))?;
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)?;
    }
    let (success, peak_rss_bytes) = wait_with_rusage(&mut child)?;
    let seconds = started.elapsed().as_secs_f64();
    if !success {
        bail!(
            "{cmd:?} failed; its stderr is in {}:\n{}",
            log.display(),
            tail(log)
        );
    }
    Ok((
        Run {
            seconds,
            peak_rss_bytes,
        },
        stdout,
    ))
}

/// Waits for `child` with `wait4`, for its peak RSS: whether it exited 0, and the RSS.
#[cfg(unix)]
fn wait_with_rusage(child: &mut std::process::Child) -> anyhow::Result<(bool, Option<u64>)> {
    let pid = libc::pid_t::try_from(child.id())?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, all zeros is a valid value, and wait4 writes it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not yet waited for (std only reaps in `wait`); the
        // pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err).context("wait4");
        }
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports ru_maxrss in KiB.
    let rss = u64::try_from(usage.ru_maxrss).ok().map(|kib| kib * 1024);
    Ok((success, rss))
}

#[cfg(not(unix))]
fn wait_with_rusage(child: &mut std::process::Child) -> anyhow::Result<(bool, Option<u64>)> {
    Ok((child.wait()?.success(), None))
}

/// The last lines of a log, for an error message.
fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Bytes of the files below `path`.
fn dir_bytes(path: &Path) -> anyhow::Result<u64> {
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(path) {
        let entry = entry?;
        if entry.file_type().is_file() {
            bytes += entry.metadata()?.len();
        }
    }
    Ok(bytes)
}

/// `newsidx index CORPUS --index INDEX --json`: the run and the summary.
fn newsidx_index(
    newsidx: &Path,
    corpus: &Path,
    index: &Path,
    log: &Path,
) -> anyhow::Result<(Run, serde_json::Value)> {
    let (run, stdout) = timed(
        Command::new(newsidx)
            .arg("index")
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .arg("--json"),
        log,
    )?;
    let summary: serde_json::Value = serde_json::from_str(&stdout)
        .with_context(|| format!("newsidx index --json printed {stdout:?}"))?;
    Ok((run, summary))
}

fn count(summary: &serde_json::Value, key: &str) -> u64 {
    summary.get(key).and_then(|v| v.as_u64()).unwrap_or(0)
}

/// What every size is run with.
struct Setup<'a> {
    args: &'a Args,
    /// The work folder, canonical.
    work: PathBuf,
    newsidx: PathBuf,
    /// tantivy-cli, or why there is none.
    tantivy: Result<PathBuf, String>,
    /// Reuters records with a title and a body.
    records: Vec<Record>,
}

/// Indexes `corpus`, re-indexes it, runs the baselines and the queries.
fn bench_size(
    setup: &Setup,
    size: Size,
    corpus: Corpus,
    load_average_before: String,
) -> anyhow::Result<Report> {
    let Setup {
        args,
        work,
        newsidx,
        tantivy,
        records,
    } = setup;
    let label = size.label();
    let index = work.join(format!("index-{label}"));
    if index.exists() {
        fs::remove_dir_all(&index).with_context(|| format!("removing {}", index.display()))?;
    }

    eprintln!("[{label}] newsidx index {}", corpus.path.display());
    let log = work.join(format!("index-{label}.log"));
    let (run, summary) = newsidx_index(newsidx, &corpus.path, &index, &log)?;
    let articles = count(&summary, "total_articles");
    let skipped = summary
        .get("skipped")
        .and_then(|v| v.as_array())
        .map_or(0, |a| a.len() as u64);
    let indexing = Indexing {
        articles_per_second: articles as f64 / run.seconds,
        mb_per_second: mb(corpus.file_bytes) / run.seconds,
        index_bytes: dir_bytes(&index)?,
        articles,
        skipped,
        run,
    };
    eprintln!(
        "[{label}] {articles} articles in {:.1}s ({:.0}/s), peak RSS {}",
        indexing.run.seconds,
        indexing.articles_per_second,
        rss_text(indexing.run.peak_rss_bytes)
    );

    eprintln!("[{label}] re-index, nothing changed");
    let (unchanged, _) = newsidx_index(newsidx, &corpus.path, &index, &log)?;
    let full = indexing.run.seconds;
    let mut incremental = Incremental {
        unchanged_ratio: unchanged.seconds / full,
        unchanged,
        one_file_changed: None,
        one_file_changed_ratio: None,
        changed_articles: None,
    };
    if let (Size::Articles(n), Some(file)) = (size, &corpus.changed_file) {
        eprintln!("[{label}] re-index, {} changed", file.display());
        fs::write(file, file_contents(n, 0, records, true))?;
        let (run, summary) = newsidx_index(newsidx, &corpus.path, &index, &log)?;
        if count(&summary, "updated") != 1 {
            bail!("the re-run after one changed file did not update one file: {summary}");
        }
        incremental.one_file_changed_ratio = Some(run.seconds / full);
        incremental.one_file_changed = Some(run);
        incremental.changed_articles = Some(count(&summary, "articles"));
    }

    let (tantivy_cli, tantivy_cli_note) = match tantivy {
        Ok(tool) => {
            eprintln!("[{label}] tantivy-cli baseline");
            let baseline = tantivy_baseline(tool, work, &label, &corpus, &indexing)?;
            (Some(baseline), None)
        }
        Err(note) => (None, Some(note.clone())),
    };

    let queries = run_queries(args, size, newsidx, &index, &label)?;
    let grep = run_grep(args, &corpus, &label, &queries)?;

    Ok(Report {
        size: label,
        load_average_before,
        load_average_after: load_average(),
        corpus,
        indexing,
        incremental,
        tantivy_cli,
        tantivy_cli_note,
        queries,
        grep,
    })
}

// ---------------------------------------------------------------------------------------------
// Baselines

/// tantivy-cli's `meta.json` for a plain-text index: title and body, stemmed, with positions,
/// stored (what a search needs to show a hit), lz4 document store.
const TANTIVY_META: &str = r#"{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[{"name":"title","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}},{"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}}],"opstamp":0}"#;

/// Indexing threads newsidx's writer uses, given to tantivy-cli as well.
fn writer_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4)
}

/// `tantivy index` over the corpus' plain documents into a fresh index.
fn tantivy_baseline(
    tool: &Path,
    work: &Path,
    label: &str,
    corpus: &Corpus,
    newsidx: &Indexing,
) -> anyhow::Result<Baseline> {
    let dir = work.join(format!("tantivy-{label}"));
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("meta.json"), TANTIVY_META)?;
    let (run, _) = timed(
        Command::new(tool)
            .arg("index")
            .arg("--index")
            .arg(&dir)
            .arg("--file")
            .arg(&corpus.plain_docs)
            .arg("--num_threads")
            .arg(writer_threads().to_string())
            .arg("--memory_size")
            .arg(WRITER_MEMORY.to_string()),
        &work.join(format!("tantivy-{label}.log")),
    )?;
    let articles_per_second = corpus.articles as f64 / run.seconds;
    Ok(Baseline {
        tool: tool.display().to_string(),
        articles_per_second,
        mb_per_second: mb(corpus.text_bytes) / run.seconds,
        index_bytes: dir_bytes(&dir)?,
        throughput_ratio: newsidx.articles_per_second / articles_per_second,
        run,
    })
}

/// `grep -ril WORD CORPUS`, the ad hoc way to find the text query's articles.
fn run_grep(
    args: &Args,
    corpus: &Corpus,
    label: &str,
    queries: &[QueryFigures],
) -> anyhow::Result<Option<GrepFigures>> {
    eprintln!("[{label}] grep -ril {GREP_WORD}");
    let mut files = 0;
    let mut samples = Vec::new();
    let started = Instant::now();
    while samples.len() < args.grep_runs.max(1) && (samples.len() < 3 || started.elapsed() < BUDGET)
    {
        let t = Instant::now();
        let out = Command::new("grep")
            .arg("-ril")
            .arg(GREP_WORD)
            .arg(&corpus.path)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        let Ok(out) = out else {
            eprintln!("[{label}] no grep: baseline skipped");
            return Ok(None);
        };
        samples.push(t.elapsed());
        if out.status.code().is_none_or(|c| c > 1) {
            bail!("grep -ril {GREP_WORD} {} failed", corpus.path.display());
        }
        files = out.stdout.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    let latency = latency(samples);
    let newsidx_p50 = queries
        .iter()
        .find(|q| q.name == TEXT_QUERY)
        .map_or(f64::NAN, |q| q.cli.p50_ms);
    Ok(Some(GrepFigures {
        command: format!("grep -ril {GREP_WORD} CORPUS"),
        files,
        newsidx_ratio: newsidx_p50 / latency.p50_ms,
        latency,
    }))
}

// ---------------------------------------------------------------------------------------------
// Queries

/// What a query asks of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Search,
    Entities,
    Timeline,
}

/// One query of the fixed mix.
#[derive(Debug, Clone, Copy)]
struct Query {
    name: &'static str,
    kind: Kind,
    text: Option<&'static str>,
    person: Option<&'static str>,
    org: Option<&'static str>,
    from: Option<&'static str>,
    to: Option<&'static str>,
}

const TEXT_QUERY: &str = "text only";

/// The fixed mix; values that occur in Reuters-21578 (James Baker: about 215 articles,
/// Federal Reserve with "interest rates": about 90, cocoa: about 90), date ranges inside the
/// corpus' span.
fn query_mix(size: Size) -> Vec<Query> {
    let ((person_from, person_to), (org_from, org_to)) = match size {
        Size::Reuters => (("1987-04", "1987-04"), ("1987-03", "1987-04")),
        Size::Articles(_) => (("2018", "2019"), ("2020-01", "2020-06")),
    };
    let none = Query {
        name: "",
        kind: Kind::Search,
        text: None,
        person: None,
        org: None,
        from: None,
        to: None,
    };
    vec![
        Query {
            name: TEXT_QUERY,
            text: Some(GREP_WORD),
            ..none
        },
        Query {
            name: "person only",
            person: Some("james baker"),
            ..none
        },
        Query {
            name: "person + date range",
            person: Some("james baker"),
            from: Some(person_from),
            to: Some(person_to),
            ..none
        },
        Query {
            name: "org + text + date range",
            text: Some("interest rates"),
            org: Some("federal reserve"),
            from: Some(org_from),
            to: Some(org_to),
            ..none
        },
        Query {
            name: "entities aggregation",
            kind: Kind::Entities,
            person: Some("james baker"),
            ..none
        },
        Query {
            name: "timeline",
            kind: Kind::Timeline,
            text: Some("oil"),
            ..none
        },
    ]
}

impl Query {
    /// The request, with the CLI's defaults.
    fn request(&self) -> anyhow::Result<SearchRequest> {
        let mut b = SearchRequest::builder().limit(newsidx::search::DEFAULT_LIMIT);
        if let Some(t) = self.text {
            b = b.text(t);
        }
        if let Some(p) = self.person {
            b = b.person(p);
        }
        if let Some(o) = self.org {
            b = b.organization(o);
        }
        if let Some(f) = self.from {
            b = b.from(f);
        }
        if let Some(t) = self.to {
            b = b.to(t);
        }
        Ok(b.build()?)
    }

    /// The arguments of the same query for the `newsidx` CLI (without `--index`).
    fn cli_args(&self) -> Vec<String> {
        let mut args = vec![
            match self.kind {
                Kind::Search => "search",
                Kind::Entities => "entities",
                Kind::Timeline => "timeline",
            }
            .to_string(),
        ];
        if let Some(t) = self.text {
            args.push(t.into());
        }
        for (flag, value) in [
            ("--person", self.person),
            ("--org", self.org),
            ("--from", self.from),
            ("--to", self.to),
        ] {
            if let Some(v) = value {
                args.extend([flag.to_string(), v.to_string()]);
            }
        }
        if self.kind == Kind::Timeline {
            args.extend(["--by".into(), "month".into()]);
        }
        args
    }

    /// Runs the query in process, as the CLI does; the number of matching articles.
    fn run(&self, index: &Path, request: &SearchRequest) -> anyhow::Result<u64> {
        Ok(match self.kind {
            Kind::Search => {
                let results = newsidx::search::search(index, request)?;
                std::hint::black_box(&results.hits);
                results.total_hits as u64
            }
            Kind::Entities => {
                let kinds = [
                    EntityKind::Person,
                    EntityKind::Organization,
                    EntityKind::Location,
                ];
                let counts = newsidx::entities::entities(index, request, &kinds, 20)?;
                std::hint::black_box(&counts.entities);
                counts.total_articles
            }
            Kind::Timeline => {
                let timeline = newsidx::timeline::timeline(index, request, Interval::Month)?;
                std::hint::black_box(&timeline.periods);
                timeline.total
            }
        })
    }
}

/// Nearest-rank p50 and p99 of `samples`.
fn latency(mut samples: Vec<Duration>) -> Latency {
    samples.sort();
    let rank = |q: f64| {
        let n = samples.len();
        let i = ((q * n as f64).ceil() as usize).clamp(1, n.max(1)) - 1;
        samples
            .get(i)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    Latency {
        runs: samples.len(),
        p50_ms: rank(0.50),
        p99_ms: rank(0.99),
    }
}

/// Calls `f` (after three warm-up calls) up to `max_runs` times, or for [`BUDGET`] with at
/// least [`MIN_RUNS`] calls.
fn sample(
    max_runs: usize,
    mut f: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Duration>> {
    for _ in 0..3 {
        f()?;
    }
    let mut samples = Vec::new();
    let started = Instant::now();
    while samples.len() < max_runs.max(1)
        && (samples.len() < MIN_RUNS || started.elapsed() < BUDGET)
    {
        let t = Instant::now();
        f()?;
        samples.push(t.elapsed());
    }
    Ok(samples)
}

fn run_queries(
    args: &Args,
    size: Size,
    newsidx: &Path,
    index: &Path,
    label: &str,
) -> anyhow::Result<Vec<QueryFigures>> {
    let mut out = Vec::new();
    for query in query_mix(size) {
        let request = query.request()?;
        let cli_args = query.cli_args();
        eprintln!("[{label}] newsidx {}", cli_args.join(" "));
        let mut hits = 0;
        let runs = match query.kind {
            Kind::Search => args.runs,
            Kind::Entities | Kind::Timeline => args.agg_runs,
        };
        let index_open = match query.kind {
            Kind::Search => {
                let open = newsidx::search::SearchIndex::open(index)?;
                Some(latency(sample(runs, || {
                    std::hint::black_box(open.search(&request)?.hits);
                    Ok(())
                })?))
            }
            Kind::Entities | Kind::Timeline => None,
        };
        let in_process = latency(sample(runs, || {
            hits = query.run(index, &request)?;
            Ok(())
        })?);
        if hits == 0 {
            eprintln!("[{label}] warning: {} matches nothing", query.name);
        }
        let cli = latency(sample(args.cli_runs, || {
            let status = Command::new(newsidx)
                .args(&cli_args)
                .arg("--index")
                .arg(index)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
            match status.code() {
                Some(0 | 1) => Ok(()),
                _ => bail!("newsidx {} failed: {status}", cli_args.join(" ")),
            }
        })?);
        out.push(QueryFigures {
            name: query.name,
            command: cli_args,
            hits,
            index_open,
            in_process,
            cli,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Report

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn rss_text(rss: Option<u64>) -> String {
    rss.map_or_else(|| "?".into(), |b| format!("{:.0} MB", mb(b)))
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in milliseconds with sensible precision.
fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

fn yes_no(met: bool) -> &'static str {
    if met { "yes" } else { "**no**" }
}

/// The Markdown section of one size: indexing, queries, targets.
fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let c = &r.corpus;
    let ix = &r.indexing;
    let what = match c.layout {
        "json" => format!(
            "{} articles, one `.json` file an article in folders of {}",
            thousands(c.articles),
            thousands(PER_FILE as u64)
        ),
        "jsonl" => format!(
            "{} articles in {} `.jsonl` files of {}",
            thousands(c.articles),
            thousands(c.files),
            thousands(PER_FILE as u64)
        ),
        _ => "Reuters-21578 as it is".to_string(),
    };
    let _ = writeln!(s, "\n### {}\n", what);
    let _ = writeln!(
        s,
        "{} files, {:.1} MB ({:.1} MB of title and body text); {} cores; load average {} before, {} after.\n",
        thousands(c.files),
        mb(c.file_bytes),
        mb(c.text_bytes),
        writer_threads(),
        r.load_average_before,
        r.load_average_after
    );
    let t = r.tantivy_cli.as_ref();
    let tcol = |f: &dyn Fn(&Baseline) -> String| t.map_or_else(|| "-".to_string(), f);
    let _ = writeln!(s, "| indexing | newsidx | tantivy-cli, plain text |");
    let _ = writeln!(s, "|---|---|---|");
    let _ = writeln!(
        s,
        "| wall time | {:.1} s | {} |",
        ix.run.seconds,
        tcol(&|b| format!("{:.1} s", b.run.seconds))
    );
    let _ = writeln!(
        s,
        "| articles/s | {} | {} |",
        thousands(ix.articles_per_second as u64),
        tcol(&|b| thousands(b.articles_per_second as u64))
    );
    let _ = writeln!(
        s,
        "| MB/s of text (of files) | {:.2} ({:.2}) | {} |",
        mb(c.text_bytes) / ix.run.seconds,
        ix.mb_per_second,
        tcol(&|b| format!("{:.2}", b.mb_per_second))
    );
    let _ = writeln!(
        s,
        "| peak RSS | {} | {} |",
        rss_text(ix.run.peak_rss_bytes),
        tcol(&|b| rss_text(b.run.peak_rss_bytes))
    );
    let _ = writeln!(
        s,
        "| index on disk | {:.1} MB ({:.2}× the text, {:.2}× the files) | {} |",
        mb(ix.index_bytes),
        ix.index_bytes as f64 / c.text_bytes as f64,
        ix.index_bytes as f64 / c.file_bytes as f64,
        tcol(&|b| format!(
            "{:.1} MB ({:.2}×)",
            mb(b.index_bytes),
            b.index_bytes as f64 / c.text_bytes as f64
        ))
    );
    if let Some(b) = t {
        let _ = writeln!(
            s,
            "| newsidx / tantivy-cli articles/s | {:.2}× | |",
            b.throughput_ratio
        );
    }
    let inc = &r.incremental;
    let _ = writeln!(
        s,
        "| re-index, nothing changed | {:.2} s ({:.1}% of the build) | |",
        inc.unchanged.seconds,
        inc.unchanged_ratio * 100.0
    );
    if let (Some(run), Some(ratio)) = (&inc.one_file_changed, inc.one_file_changed_ratio) {
        let _ = writeln!(
            s,
            "| re-index, 1 file changed ({}) | {:.2} s ({:.1}% of the build) | |",
            match inc.changed_articles.unwrap_or(0) {
                1 => "1 article in it".to_string(),
                n => format!("{} articles in it", thousands(n)),
            },
            run.seconds,
            ratio * 100.0
        );
    }
    if let Some(note) = &r.tantivy_cli_note {
        let _ = writeln!(s, "\ntantivy-cli: {note}.");
    }

    let _ = writeln!(
        s,
        "\n| query | `newsidx …` | hits | in process, index open: p50 / p99 | in process, opened each time | CLI call |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for q in &r.queries {
        let command: Vec<String> = q
            .command
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a.clone()
                }
            })
            .collect();
        let open = q.index_open.as_ref().map_or_else(
            || "".to_string(),
            |l| format!("{} / {} ms", ms(l.p50_ms), ms(l.p99_ms)),
        );
        let _ = writeln!(
            s,
            "| {} | `{}` | {} | {open} | {} / {} ms | {} / {} ms |",
            q.name,
            command.join(" "),
            thousands(q.hits),
            ms(q.in_process.p50_ms),
            ms(q.in_process.p99_ms),
            ms(q.cli.p50_ms),
            ms(q.cli.p99_ms)
        );
    }
    if let Some(g) = &r.grep {
        let _ = writeln!(
            s,
            "| ad hoc: grep (newsidx CLI {:.2}× its time) | `{}` | {} file{} | | | {} / {} ms |",
            g.newsidx_ratio,
            g.command,
            thousands(g.files),
            if g.files == 1 { "" } else { "s" },
            ms(g.latency.p50_ms),
            ms(g.latency.p99_ms)
        );
    }
    let runs = |k: &str| {
        r.queries
            .iter()
            .find(|q| q.name == k)
            .map_or(0, |q| q.in_process.runs)
    };
    let _ = writeln!(
        s,
        "\nIn process: {} runs of each search, {} of the entities aggregation, after 3 warm-up \
         runs; \"index open\" searches an index opened once before (`SearchIndex`, as a \
         long-running program would), \"opened each time\" opens it for every run, as the CLI \
         does. CLI: {} calls each.",
        runs(TEXT_QUERY),
        runs("entities aggregation"),
        r.queries.first().map_or(0, |q| q.cli.runs)
    );

    let _ = writeln!(s, "\n| target | figure | met |");
    let _ = writeln!(s, "|---|---|---|");
    if r.size == "reuters" {
        let _ = writeln!(
            s,
            "| all of Reuters indexed with extraction in under 15 s | {:.1} s | {} |",
            ix.run.seconds,
            yes_no(ix.run.seconds < 15.0)
        );
    }
    if let Some(b) = t {
        let _ = writeln!(
            s,
            "| indexing at least half as fast as tantivy-cli on plain text | {:.2}× | {} |",
            b.throughput_ratio,
            yes_no(b.throughput_ratio >= 0.5)
        );
    }
    let searches = || r.queries.iter().filter(|q| q.command[0] == "search");
    let max = |f: &dyn Fn(&QueryFigures) -> f64| searches().map(f).fold(f64::NAN, f64::max);
    let p50 = max(&|q| q.index_open.as_ref().map_or(f64::NAN, |l| l.p50_ms));
    let p99 = max(&|q| q.index_open.as_ref().map_or(f64::NAN, |l| l.p99_ms));
    let _ = writeln!(
        s,
        "| warm search p50 under 5 ms, p99 under 50 ms (slowest search kind, index open; target at 1 M) | {} / {} ms | {} |",
        ms(p50),
        ms(p99),
        yes_no(p50 < 5.0 && p99 < 50.0)
    );
    let cli = max(&|q| q.cli.p50_ms);
    let _ = writeln!(
        s,
        "| a whole `newsidx search` call under 100 ms (slowest search kind, p50) | {} ms | {} |",
        ms(cli),
        yes_no(cli < 100.0)
    );
    let ratio = ix.index_bytes as f64 / c.text_bytes as f64;
    let _ = writeln!(
        s,
        "| index no more than 1.5× the raw text | {ratio:.2}× | {} |",
        yes_no(ratio <= 1.5)
    );
    if let Some(ratio) = inc.one_file_changed_ratio {
        let _ = writeln!(
            s,
            "| re-indexing 1 changed file a small fraction (< 10%) of a full build | {:.1}% | {} |",
            ratio * 100.0,
            yes_no(ratio < 0.1)
        );
    }
    if let Some(rss) = ix.run.peak_rss_bytes {
        let _ = writeln!(
            s,
            "| peak RSS when indexing under 1 GB (issue #6: at 100,000 articles) | {} | {} |",
            rss_text(Some(rss)),
            yes_no(rss < 1_000_000_000)
        );
    }
    s
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
