//! The `newsidx` command: parses arguments, decides tty and colour, calls the library and maps
//! errors to exit codes (0 hits, 1 no hits, 2 error; a broken pipe exits 0).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsidx::indexer::{self, IndexOptions, IndexSummary, Progress, Skipped};
use newsidx::output::{self, Colors};
use newsidx::search::{self, SearchRequest};

/// Entity-aware full-text search over a folder of news articles.
///
/// Index a folder once with `newsidx index DIR`, then ask it questions with `newsidx search`:
/// free text, persons, organizations, locations and date ranges, answered with ranked hits and
/// highlighted snippets, for people (text) or scripts (JSON, JSON Lines, CSV).
#[derive(Debug, Parser)]
#[command(name = "newsidx", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index the articles in folders or files (recursively).
    ///
    /// Reads .txt, .md, .json, .jsonl/.ndjson and .html/.htm files, finds their persons,
    /// organizations and locations, and writes them into the index. Re-running on the same
    /// folder replaces the articles of the files it finds. A file that cannot be read is
    /// reported as `path: reason` and skipped; the run goes on.
    Index {
        /// Folders or files to index.
        #[arg(required = true, value_name = "DIR")]
        paths: Vec<PathBuf>,
        /// Where the index is (created when missing).
        #[arg(
            long,
            value_name = "PATH",
            default_value = "index",
            env = "NEWSIDX_INDEX"
        )]
        index: PathBuf,
        /// Skip files larger than this many megabytes.
        #[arg(long, value_name = "MB", default_value_t = 64)]
        max_file_mb: u64,
        /// No progress bar and no summary (errors are still printed).
        #[arg(long, short)]
        quiet: bool,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Search the index.
    ///
    /// QUERY is tantivy's query syntax over title and body: words (all must match), "exact
    /// phrases", OR, -excluded, field:value (title, body, person, organization, location).
    /// Filters narrow the hits; with filters alone, no QUERY is needed.
    ///
    /// Exit status: 0 when something matched, 1 when nothing did, 2 on error.
    Search {
        /// The free-text query.
        query: Option<String>,
        /// Only articles that mention this person (repeat for several; part of a name works).
        #[arg(long, value_name = "NAME")]
        person: Vec<String>,
        /// Only articles that mention this organization (repeatable).
        #[arg(long, value_name = "NAME")]
        org: Vec<String>,
        /// Only articles that mention this location (repeatable).
        #[arg(long, value_name = "NAME")]
        location: Vec<String>,
        /// Published on or after the start of DATE (2020, 2020-01, 2020-01-05 or RFC 3339).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Published on or before the end of DATE (--to 2020-01 includes all of January).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// How many hits to show.
        #[arg(long, short = 'n', default_value_t = search::DEFAULT_LIMIT)]
        limit: usize,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// When to colour text output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// The index to search.
        #[arg(
            long,
            value_name = "PATH",
            default_value = "index",
            env = "NEWSIDX_INDEX"
        )]
        index: PathBuf,
    },
    /// Print parsed articles and their entities without indexing (JSON Lines).
    ///
    /// One object an article: id, path, title, published, body, and entities with byte
    /// (start, end) and char (char_start, char_end) offsets into the body, end exclusive.
    Extract {
        /// Files or folders to read.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format (JSON Lines only for now).
        #[arg(long, short, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(
                cause.downcast_ref::<newsidx::Error>(),
                Some(newsidx::Error::Output(io)) if io.kind() == std::io::ErrorKind::BrokenPipe
            )
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index {
            paths,
            index,
            max_file_mb,
            quiet,
            json,
        } => {
            let mut options = IndexOptions::new(&index);
            options.read.max_file_bytes = max_file_mb.saturating_mul(1024 * 1024);
            let mut progress = BarProgress::new(quiet);
            let summary = indexer::index_paths(&paths, &options, &mut progress)
                .with_context(|| format!("indexing into {}", index.display()))?;
            if json {
                let mut out = std::io::stdout().lock();
                serde_json::to_writer_pretty(&mut out, &summary)?;
                writeln!(out)?;
            } else if !quiet {
                print_summary(&summary, &index);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            person,
            org,
            location,
            from,
            to,
            limit,
            format,
            color,
            index,
        } => {
            let mut builder = SearchRequest::builder().limit(limit);
            if let Some(q) = query {
                builder = builder.text(q);
            }
            for p in person {
                builder = builder.person(p);
            }
            for o in org {
                builder = builder.organization(o);
            }
            for l in location {
                builder = builder.location(l);
            }
            if let Some(f) = from {
                builder = builder.from(f);
            }
            if let Some(t) = to {
                builder = builder.to(t);
            }
            let request = builder.build()?;
            let results = search::search(&index, &request)?;
            let format = match format {
                OutputFormat::Text => output::Format::Text,
                OutputFormat::Json => output::Format::Json,
                OutputFormat::Jsonl => output::Format::Jsonl,
                OutputFormat::Csv => output::Format::Csv,
            };
            let colors = Colors(
                match color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => {
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                } && format == output::Format::Text,
            );
            let mut out = std::io::stdout().lock();
            output::write_results(&mut out, &results, format, colors)?;
            out.flush()?;
            Ok(if results.hits.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Extract { paths, format: _ } => extract(&paths),
    }
}

fn extract(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    indexer::check_roots(paths)?;
    let (files, problems, _) = indexer::collect_files(paths, Path::new(""));
    let recognizer = newsidx::extract::default_recognizer();
    let read = newsidx::article::ReadOptions::default();
    let mut out = std::io::stdout().lock();
    let mut failed = problems.len();
    for problem in &problems {
        eprintln!("{problem}");
    }
    let mut articles = 0;
    for file in &files {
        match indexer::analyze_file(file, &read, recognizer.as_ref()) {
            Ok((analyzed, problems)) => {
                for problem in problems {
                    failed += 1;
                    eprintln!("{}", Skipped::from(problem));
                }
                for a in &analyzed {
                    output::write_extracted(&mut out, a)?;
                    articles += 1;
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("{}", Skipped::from(err));
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("{articles} articles, {failed} files or records skipped");
    }
    Ok(if articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(summary: &IndexSummary, index: &Path) {
    use newsidx::extract::EntityKind;
    let get = |k| summary.entities.get(&k).copied().unwrap_or(0);
    eprintln!(
        "indexed {} articles from {} files into {} in {:.2}s ({} articles in the index)",
        summary.articles,
        summary.files,
        index.display(),
        summary.elapsed.as_secs_f64(),
        summary.total_articles,
    );
    eprintln!(
        "entities: {} persons, {} organizations, {} locations",
        get(EntityKind::Person),
        get(EntityKind::Organization),
        get(EntityKind::Location)
    );
    if !summary.skipped.is_empty() {
        eprintln!(
            "skipped {} files or records (listed above)",
            summary.skipped.len()
        );
    }
    if summary.ignored > 0 {
        eprintln!("ignored {} files of other types", summary.ignored);
    }
}

/// An indicatif bar on stderr, hidden when stderr is not a terminal or with `--quiet`.
struct BarProgress {
    bar: ProgressBar,
    quiet: bool,
}

impl BarProgress {
    fn new(quiet: bool) -> BarProgress {
        let bar = ProgressBar::hidden();
        if !quiet && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}, eta {eta})",
            )
            .expect("valid template"),
        );
        BarProgress { bar, quiet }
    }
}

impl Progress for BarProgress {
    fn start(&mut self, files: u64) {
        self.bar.set_length(files);
    }
    fn file_done(&mut self, _path: &Path) {
        self.bar.inc(1);
    }
    fn skipped(&mut self, problem: &Skipped) {
        let line = problem.to_string();
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.println(line);
        }
        let _ = self.quiet;
    }
    fn finish(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
