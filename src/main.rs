//! The `newsidx` command: parses arguments, decides tty and colour, calls the library and maps
//! errors to exit codes (0 hits, 1 no hits, 2 error; a broken pipe exits 0).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsidx::indexer::{self, IndexOptions, IndexSummary, Progress, SkipKind, Skipped};
use newsidx::output::{self, Colors, count};
use newsidx::search::{self, SearchRequest};
use newsidx::timeline::Interval;

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
    /// folder is incremental: unchanged files (same size and modification time, or same
    /// bytes) are skipped, changed ones re-indexed, and the articles of files gone from the
    /// folder removed. A file that cannot be read or parsed is reported as `path: reason` when
    /// it happens and skipped (its earlier articles are kept); the run goes on. Files and
    /// records with nothing to index (empty, no article text, binary, too large) are counted
    /// by reason in the summary, with the first few locations; --verbose lists each.
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
        /// List every file and record left out for having nothing to index (empty, no article
        /// text, binary, too large), not only their count and the first few.
        #[arg(long, short)]
        verbose: bool,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Start over: remove every article from the index, then index the folders.
        #[arg(long)]
        rebuild: bool,
        /// Commit after this many files (an interrupted run keeps what was committed).
        #[arg(long, value_name = "FILES", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(1..))]
        commit_every: u64,
    },
    /// Search the index.
    ///
    /// QUERY is tantivy's query syntax over title and body: words (all must match), "exact
    /// phrases", OR, -excluded or NOT excluded, field:value (title, body, person, organization,
    /// location). Operators are upper case; lower-case and, or, not are words.
    /// Filters narrow the hits; with filters alone, no QUERY is needed.
    ///
    /// Exit status: 0 when something matched, 1 when nothing did, 2 on error.
    Search {
        #[command(flatten)]
        filters: Filters,
        /// How many hits to show (JSON Lines and CSV say on stderr when there were more).
        #[arg(long, short = 'n', default_value_t = search::DEFAULT_LIMIT)]
        limit: usize,
        /// Every hit, written as it is read (memory does not grow with the hits).
        #[arg(long, conflicts_with = "limit")]
        all: bool,
        /// The order of the hits: best match, or by publication date (undated last).
        #[arg(long, value_enum, default_value_t = SortChoice::Relevance)]
        sort: SortChoice,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// When to colour text output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Rank the entities that the matching articles mention.
    ///
    /// Takes the same QUERY and filters as `search`; ranks persons, organizations and locations
    /// by the number of matching articles that mention them, then by mentions. With
    /// `--person X` this is who and what appears together with X.
    Entities {
        #[command(flatten)]
        filters: Filters,
        /// Only this type (repeatable); all three by default.
        #[arg(long = "type", short = 't', value_enum, value_name = "TYPE")]
        kinds: Vec<KindChoice>,
        /// How many entities of each type to show.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// When to colour text output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Write a self-contained HTML or Markdown report on the matching articles.
    ///
    /// One file with the query and filters, the hit count, a timeline chart (inline SVG in
    /// HTML, text in Markdown), the top persons, organizations and locations, and the top hits
    /// with highlighted snippets. No scripts, no external assets.
    Report {
        #[command(flatten)]
        filters: Filters,
        /// The file to write: `.html`/`.htm` or `.md`.
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
        /// The length of a timeline period.
        #[arg(long, value_enum, default_value_t = ByChoice::Month)]
        by: ByChoice,
        /// How many top articles to list.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// How many entities of each type to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Count the matching articles per day, week, month or year of publication.
    ///
    /// Takes the same QUERY and filters as `search`. Text output draws a bar a period; empty
    /// periods inside the range show as zero. Articles without a publication date are counted
    /// apart.
    Timeline {
        #[command(flatten)]
        filters: Filters,
        /// The length of a period.
        #[arg(long, value_enum, default_value_t = ByChoice::Month)]
        by: ByChoice,
        /// Output format (jsonl: one period a line).
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// When to colour text output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Write the articles of the index as JSON, one object a line (NDJSON), for Quickwit.
    ///
    /// Every stored field of each article under the index's field names: id, path, title,
    /// published (RFC 3339), published_source, source, url, authors, body, mentioned dates,
    /// person / organization / location (canonical names), entities and mentions, and
    /// schema_version. The records match the Quickwit index config in `quickwit/newsidx.yaml`.
    /// Takes the same QUERY and filters as `search` to export only the matching articles; with
    /// none, every article. Streams: memory stays flat whatever the size of the index.
    ///
    /// Exit status: 0 when an article was written, 1 when none matched, 2 on error.
    Export {
        #[command(flatten)]
        filters: Filters,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = ExportFormat::Ndjson)]
        format: ExportFormat,
        /// Write to this file instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Summarize the index: articles, dates, distinct entities, size.
    Stats {
        /// The index to describe.
        #[arg(
            long,
            value_name = "PATH",
            default_value = "index",
            env = "NEWSIDX_INDEX"
        )]
        index: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (e.g. `newsidx completions bash > /etc/bash_completion.d/newsidx`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page in roff (e.g. `newsidx man > newsidx.1 && man ./newsidx.1`).
    ///
    /// With `--all DIR`, write instead `newsidx.1` and a page for each subcommand
    /// (`newsidx-search.1`, `newsidx-index.1`, …, the pages the top page refers to) into DIR.
    Man {
        /// Write every page into this folder (created when missing) instead of printing one.
        #[arg(long, value_name = "DIR")]
        all: Option<PathBuf>,
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

/// What a search or timeline matches: free text, entities, dates; and the index to ask.
#[derive(Debug, clap::Args)]
struct Filters {
    /// The free-text query; several words are joined with spaces (`iraq troops` is
    /// `'iraq troops'`).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Only articles that mention this person (repeat for several; part of a name works).
    #[arg(long, value_name = "NAME")]
    person: Vec<String>,
    /// Only articles that mention this organization (repeatable).
    #[arg(long, value_name = "NAME")]
    org: Vec<String>,
    /// Only articles that mention this location (repeatable).
    #[arg(long, value_name = "NAME")]
    location: Vec<String>,
    // Every example these four help texts give after "e.g." is run by the CLI test
    // `every_date_example_in_help_is_accepted`.
    /// Published on or after the start of DATE: a year, month, day, ISO week, RFC 3339 time,
    /// a written date, or a day, week, month or year relative to today (UTC), e.g. 2020,
    /// 2020-01, 2020-01-05, 2020-W02, 2020-01-05T10:00:00Z, "January 5, 2020", "5 Jan 2020",
    /// "March 2020", today, yesterday, Monday, "last week", "this month", "3 days ago".
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Published on or before the end of DATE (same forms as --from; 2020-01 means up to and
    /// with January 31), e.g. 2020-01, "March 2020", yesterday, "last year".
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Mentions a date on or after the start of DATE (same forms as --from, relative ones
    /// resolved against today), e.g. "January 5, 2020", 2020-01, "last week".
    #[arg(long, value_name = "DATE")]
    mentioned_from: Option<String>,
    /// Mentions a date on or before the end of DATE (same forms as --from), e.g. "March
    /// 2020", today, "2 weeks ago".
    #[arg(long, value_name = "DATE")]
    mentioned_to: Option<String>,
    /// The index to search.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "index",
        env = "NEWSIDX_INDEX"
    )]
    index: PathBuf,
}

impl Filters {
    /// The validated request; fails before any index is opened.
    fn request(self, limit: usize, sort: search::Sort) -> anyhow::Result<(SearchRequest, PathBuf)> {
        let mut builder = SearchRequest::builder()
            .limit(limit)
            .sort(sort)
            .now(jiff::Timestamp::now());
        if !self.query.is_empty() {
            builder = builder.text(self.query.join(" "));
        }
        for p in self.person {
            builder = builder.person(p);
        }
        for o in self.org {
            builder = builder.organization(o);
        }
        for l in self.location {
            builder = builder.location(l);
        }
        if let Some(f) = self.from {
            builder = builder.from(f);
        }
        if let Some(t) = self.to {
            builder = builder.to(t);
        }
        if let Some(f) = self.mentioned_from {
            builder = builder.mentioned_from(f);
        }
        if let Some(t) = self.mentioned_to {
            builder = builder.mentioned_to(t);
        }
        Ok((builder.build()?, self.index))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindChoice {
    Person,
    Org,
    Location,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SortChoice {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ByChoice {
    Day,
    Week,
    Month,
    Year,
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
enum ExportFormat {
    /// One JSON object an article, a line each.
    Ndjson,
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

/// Whether `err` comes from writing to a closed pipe: an io::Error, or one inside the library's
/// output error or a serde_json error (`stats --json`, `index --json`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
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
            verbose,
            json,
            rebuild,
            commit_every,
        } => {
            let mut options = IndexOptions::new(&index);
            options.rebuild = rebuild;
            options.commit_every = usize::try_from(commit_every).unwrap_or(usize::MAX);
            options.read.max_file_bytes = max_file_mb.saturating_mul(1024 * 1024);
            let mut progress = BarProgress::new(quiet, verbose);
            let summary = indexer::index_paths(&paths, &options, &mut progress)
                .with_context(|| format!("indexing into {}", index.display()))?;
            if json {
                let mut out = std::io::stdout().lock();
                serde_json::to_writer_pretty(&mut out, &summary)?;
                writeln!(out)?;
                if !quiet {
                    output::write_skipped(
                        &mut std::io::stderr().lock(),
                        &summary.skipped,
                        verbose,
                    )?;
                }
            } else if !quiet {
                print_summary(&summary, &index, verbose)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            filters,
            limit,
            all,
            sort,
            format,
            color,
        } => {
            let sort = match sort {
                SortChoice::Relevance => search::Sort::Relevance,
                SortChoice::Newest => search::Sort::Newest,
                SortChoice::Oldest => search::Sort::Oldest,
            };
            let (mut request, index) = filters.request(limit, sort)?;
            request.all = all;
            let format: output::Format = format.into();
            let colors = colors(color, format);
            if all {
                let searcher = search::SearchIndex::open(&index)?;
                let mut hits = searcher.hits(&request)?;
                let found = hits.total_hits > 0;
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                output::write_hit_stream(&mut out, &request, &mut hits, format, colors)?;
                out.flush()?;
                return Ok(if found {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            let results = search::search(&index, &request)?;
            let code = emit(!results.hits.is_empty(), |out| {
                output::write_results(out, &results, format, colors)
            })?;
            // Text says "N of M" itself; a script reading JSON Lines or CSV learns it here.
            if format != output::Format::Text
                && let Some(notice) = output::limit_notice(results.hits.len(), results.total_hits)
            {
                eprintln!("{notice}");
            }
            Ok(code)
        }
        Command::Entities {
            filters,
            kinds,
            top,
            format,
            color,
        } => {
            use newsidx::extract::EntityKind;
            if top == 0 {
                anyhow::bail!("invalid value for --top: give 1 or more");
            }
            let mut kinds: Vec<EntityKind> = kinds
                .into_iter()
                .map(|k| match k {
                    KindChoice::Person => EntityKind::Person,
                    KindChoice::Org => EntityKind::Organization,
                    KindChoice::Location => EntityKind::Location,
                })
                .collect();
            if kinds.is_empty() {
                kinds = vec![
                    EntityKind::Person,
                    EntityKind::Organization,
                    EntityKind::Location,
                ];
            }
            let (request, index) =
                filters.request(search::DEFAULT_LIMIT, search::Sort::Relevance)?;
            let counts = newsidx::entities::entities(&index, &request, &kinds, top)?;
            let format = format.into();
            emit(!counts.entities.is_empty(), |out| {
                output::write_entities(out, &counts, format, colors(color, format))
            })
        }
        Command::Report {
            filters,
            out,
            by,
            limit,
            top,
        } => {
            let ext = out
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let html = match ext.as_deref() {
                Some("html" | "htm") => true,
                Some("md" | "markdown") => false,
                _ => anyhow::bail!(
                    "invalid value for --out: {}: name a .html or .md file",
                    out.display()
                ),
            };
            if top == 0 {
                anyhow::bail!("invalid value for --top: give 1 or more");
            }
            let (request, index) = filters.request(limit, search::Sort::Relevance)?;
            let report = newsidx::report::build(&index, &request, by.into(), top)?;
            let mut bytes = Vec::new();
            if html {
                newsidx::report::write_html(&mut bytes, &report)?;
            } else {
                newsidx::report::write_markdown(&mut bytes, &report)?;
            }
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!(
                "wrote {} ({})",
                out.display(),
                count(
                    report.results.total_hits as u64,
                    "matching article",
                    "matching articles"
                )
            );
            Ok(if report.results.total_hits == 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Timeline {
            filters,
            by,
            format,
            color,
        } => {
            let by = by.into();
            let (request, index) =
                filters.request(search::DEFAULT_LIMIT, search::Sort::Relevance)?;
            let timeline = newsidx::timeline::timeline(&index, &request, by)?;
            let format = format.into();
            emit(timeline.total > 0, |out| {
                output::write_timeline(out, &timeline, format, colors(color, format))
            })
        }
        Command::Extract { paths, format: _ } => extract(&paths),
        Command::Export {
            filters,
            format,
            out,
        } => {
            let format = match format {
                ExportFormat::Ndjson => newsidx::export::Format::Ndjson,
            };
            let (request, index) =
                filters.request(search::DEFAULT_LIMIT, search::Sort::Relevance)?;
            let summary = match &out {
                Some(path) => {
                    // Into a side file renamed at the end: a failed export never leaves a
                    // truncated FILE, nor replaces a good one.
                    let mut partial = path.clone().into_os_string();
                    partial.push(".partial");
                    let partial = PathBuf::from(partial);
                    let summary = export_to_file(&index, &request, format, &partial)
                        .and_then(|summary| {
                            std::fs::rename(&partial, path)?;
                            Ok(summary)
                        })
                        .inspect_err(|_| {
                            let _ = std::fs::remove_file(&partial);
                        })
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!(
                        "exported {} to {}",
                        count(summary.articles, "article", "articles"),
                        path.display()
                    );
                    summary
                }
                None => {
                    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                    let summary = newsidx::export::export(&index, &request, format, &mut stdout)?;
                    stdout.flush()?;
                    summary
                }
            };
            Ok(if summary.articles == 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Stats { index, json } => {
            let stats = newsidx::stats::stats(&index)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &stats)?;
                writeln!(out)?;
            } else {
                print_stats(&mut out, &stats)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "newsidx", &mut script);
            let mut out = std::io::stdout().lock();
            out.write_all(&script)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { all: Some(dir) } => {
            let pages = write_man_pages(&dir)
                .with_context(|| format!("writing man pages into {}", dir.display()))?;
            eprintln!("wrote {pages} man pages into {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { all: None } => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(man_command()).render(&mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The command the man pages describe: built (so that each subcommand's page is named
/// `newsidx-NAME`), without the `help` subcommand, which has no page of its own.
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Writes `newsidx.1` and a page a subcommand (`newsidx-search.1`, …: the names the top page's
/// SUBCOMMANDS section refers to) into `dir`; returns how many pages were written.
fn write_man_pages(dir: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let cmd = man_command();
    let mut pages = 0;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        clap_mangen::Man::new(sub.clone())
            .source(format!("newsidx {}", env!("CARGO_PKG_VERSION")))
            .generate_to(dir)?;
        pages += 1;
    }
    clap_mangen::Man::new(cmd).generate_to(dir)?;
    Ok(pages + 1)
}

/// Exports into a new file at `path`.
fn export_to_file(
    index: &Path,
    request: &SearchRequest,
    format: newsidx::export::Format,
    path: &Path,
) -> anyhow::Result<newsidx::export::ExportSummary> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let summary = newsidx::export::export(index, request, format, &mut file)?;
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(summary)
}

/// Writes a result to stdout; exit code 0 when something was found, 1 when not.
fn emit(
    found: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    write(&mut out)?;
    out.flush()?;
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

impl From<ByChoice> for Interval {
    fn from(by: ByChoice) -> Interval {
        match by {
            ByChoice::Day => Interval::Day,
            ByChoice::Week => Interval::Week,
            ByChoice::Month => Interval::Month,
            ByChoice::Year => Interval::Year,
        }
    }
}

impl From<OutputFormat> for output::Format {
    fn from(f: OutputFormat) -> output::Format {
        match f {
            OutputFormat::Text => output::Format::Text,
            OutputFormat::Json => output::Format::Json,
            OutputFormat::Jsonl => output::Format::Jsonl,
            OutputFormat::Csv => output::Format::Csv,
        }
    }
}

/// Colour only for text, and with `auto` only on a terminal without `NO_COLOR`.
fn colors(choice: ColorChoice, format: output::Format) -> Colors {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    Colors(on && format == output::Format::Text)
}

fn extract(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    indexer::check_roots(paths)?;
    let indexer::Walk {
        files, problems, ..
    } = indexer::collect_files(paths, Path::new(""));
    let recognizer = newsidx::extract::default_recognizer();
    let read = newsidx::article::ReadOptions::default();
    let mut out = std::io::stdout().lock();
    let mut failed = problems.len() as u64;
    for problem in &problems {
        eprintln!("{problem}");
    }
    let mut articles = 0u64;
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
        eprintln!(
            "{}, {} skipped",
            count(articles, "article", "articles"),
            count(failed, "file or record", "files or records")
        );
    }
    Ok(if articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_stats(out: &mut dyn Write, stats: &newsidx::stats::IndexStats) -> std::io::Result<()> {
    use newsidx::extract::EntityKind;
    let day = |t: Option<jiff::Timestamp>| {
        t.map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "-".into())
    };
    let get = |m: &std::collections::BTreeMap<EntityKind, u64>, k| m.get(&k).copied().unwrap_or(0);
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

fn print_summary(summary: &IndexSummary, index: &Path, verbose: bool) -> std::io::Result<()> {
    use newsidx::extract::EntityKind;
    let get = |k| summary.entities.get(&k).copied().unwrap_or(0);
    eprintln!(
        "indexed {} from {} into {} in {:.2}s ({} in the index)",
        count(summary.articles, "article", "articles"),
        count(summary.files, "file", "files"),
        index.display(),
        summary.elapsed.as_secs_f64(),
        count(summary.total_articles, "article", "articles"),
    );
    eprintln!(
        "files: {} added, {} updated, {} removed, {} unchanged",
        summary.added, summary.updated, summary.removed, summary.unchanged
    );
    eprintln!(
        "entities: {}, {}, {}",
        count(get(EntityKind::Person), "person", "persons"),
        count(
            get(EntityKind::Organization),
            "organization",
            "organizations"
        ),
        count(get(EntityKind::Location), "location", "locations")
    );
    output::write_skipped(&mut std::io::stderr().lock(), &summary.skipped, verbose)?;
    if let Some(inside) = &summary.index_inside {
        eprintln!(
            "left out {}: the index folder itself, inside a folder indexed",
            inside.display()
        );
    }
    if summary.ignored > 0 {
        eprintln!(
            "ignored {} of other types",
            count(summary.ignored, "file", "files")
        );
    }
    Ok(())
}

/// An indicatif bar on stderr, hidden when stderr is not a terminal or with `--quiet`. Errors
/// are printed as they happen; files and records left out for having nothing to index only with
/// `--verbose` (the summary counts them).
struct BarProgress {
    bar: ProgressBar,
    verbose: bool,
}

impl BarProgress {
    fn new(quiet: bool, verbose: bool) -> BarProgress {
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
        BarProgress { bar, verbose }
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
        if problem.kind == SkipKind::LeftOut && !self.verbose {
            return;
        }
        let line = problem.to_string();
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.println(line);
        }
    }
    fn finish(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
