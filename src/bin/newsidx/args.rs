//! The command line as clap reads it: the subcommands and their flags (`Command`), the query
//! and filters most commands share (`Filters`, turned into a validated [`SearchRequest`] before
//! any index is opened), and the choices flags take, with their library types. The first
//! step of every run; `main.rs` hands the parsed command to `commands.rs`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use newsidx::output;
use newsidx::search::{self, SearchRequest};
use newsidx::timeline::Interval;

/// Entity-aware full-text search over a folder of news articles.
///
/// Index a folder once with `newsidx index DIR`, then ask it questions with `newsidx search`:
/// free text, persons, organizations, locations and date ranges, answered with ranked hits and
/// highlighted snippets, for people (text) or scripts (JSON, JSON Lines, CSV).
#[derive(Debug, Parser)]
#[command(name = "newsidx", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Index the articles in folders or files (recursively).
    ///
    /// Reads .txt, .md, .json, .jsonl/.ndjson and .html/.htm files, RSS and Atom feeds, NITF
    /// and NewsML-G2 (.xml/.rss/.atom), web archives (.warc/.warc.gz), and these inside .zip, .tar, .tar.gz/.tgz and .gz bundles (articles
    /// named archive.zip!member); finds their persons,
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
        /// Skip files larger than this many megabytes (and bundle members as large
        /// uncompressed; a web archive or a JSON Lines file of 16 MB or more, read a record at a
        /// time, may be larger: its records are held to this size).
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
        /// Show the names each entity was merged from (an acronym and its expansion, two
        /// spellings) with their mentions: `variants` in JSON, a column in CSV, a line in text.
        #[arg(long)]
        variants: bool,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// When to colour text output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Search a list of names or queries at once: one search a row, on all cores.
    ///
    /// FILE is a table (`.csv`, or `.tsv`/`.tab` with tabs) whose header names any of the
    /// columns label, query, person, org, location, from, to, mentioned_from, mentioned_to, in
    /// any order (each row is one search with the meaning `newsidx search` gives those flags;
    /// label is shown, not searched); or a plain list (any other file), one name or query a
    /// line, with --as saying which (blank lines and lines starting with # are skipped). A bad
    /// row (empty, a bad date, a query that does not parse) is reported on stderr as
    /// FILE:LINE: reason and skipped; the others run. The result has one entry a row, in input
    /// order, with its total hits and top --limit hits.
    ///
    /// Exit status: 0 when any row matched, 1 when none did, 2 when FILE cannot be read or has
    /// no usable header.
    Batch {
        /// The list of names or queries.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// What each line of a plain list is (a table's header says it for each column).
        #[arg(long = "as", value_enum, value_name = "TYPE")]
        as_kind: Option<AsChoice>,
        /// How many hits to keep for each row.
        #[arg(long, short = 'n', default_value_t = newsidx::batch::DEFAULT_BATCH_LIMIT)]
        limit: usize,
        /// The order of each row's hits.
        #[arg(long, value_enum, default_value_t = SortChoice::Relevance)]
        sort: SortChoice,
        /// Output format (csv: one line a row with its top hits' ids and titles).
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Also write a report: a table of the rows by hits, each linking to its top hits and
        /// their snippets (`.html`/`.htm` or `.md`).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Names match as given only (see `search --exact-name`).
        #[arg(long)]
        exact_name: bool,
        /// One hit a story: near duplicates collapse into the first (see `search --collapse`).
        #[arg(long)]
        collapse: bool,
        /// Only hits that entered the index at or after this stamp: give the `as_of` an
        /// earlier run printed to see what is new since (any date search's date filters take).
        #[arg(long, value_name = "STAMP")]
        new_since: Option<String>,
        /// Merge names by this file (see `search --aliases`).
        #[arg(long, value_name = "FILE")]
        aliases: Option<PathBuf>,
        /// The index to search.
        #[arg(
            long,
            value_name = "PATH",
            default_value = "index",
            env = "NEWSIDX_INDEX"
        )]
        index: PathBuf,
        /// When to colour text output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Every mention of an entity in the matching articles, with the sentence around it.
    ///
    /// Give the entity with --person, --org or --location (it matches every name of the entity,
    /// as in `search`); QUERY and the other filters narrow the articles. One line a mention:
    /// publication date, article id, byte offset, the entity's name in that article and the
    /// sentence with the mention highlighted. JSON, JSON Lines and CSV add byte and char
    /// offsets into the body (end exclusive) and the mention's offsets in the context. Streams:
    /// memory stays flat whatever the number of mentions.
    ///
    /// Exit status: 0 when a mention was written, 1 when none, 2 on error.
    Mentions {
        #[command(flatten)]
        filters: Filters,
        /// The order of the articles (within one, mentions come in body order): by
        /// publication date (undated last), or best match first.
        #[arg(long, value_enum, default_value_t = SortChoice::Oldest)]
        sort: SortChoice,
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
        #[arg(long, short, value_name = "FILE", conflicts_with = "split_by_date")]
        out: Option<PathBuf>,
        /// Write two files into DIR for Quickwit's two indexes: `dated.ndjson` (articles with
        /// a publication date, oldest first) and `undated.ndjson` (see quickwit/README.md).
        #[arg(long, value_name = "DIR")]
        split_by_date: Option<PathBuf>,
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
    },
}

/// What a search or timeline matches: free text, entities, dates; and the index to ask.
#[derive(Debug, clap::Args)]
pub(crate) struct Filters {
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
    /// Leave out articles that mention this person, by any name of the entity as --person
    /// matches it (repeatable).
    #[arg(long, value_name = "NAME")]
    not_person: Vec<String>,
    /// Leave out articles that mention this organization (repeatable).
    #[arg(long, value_name = "NAME")]
    not_org: Vec<String>,
    /// Leave out articles that mention this location (repeatable).
    #[arg(long, value_name = "NAME")]
    not_location: Vec<String>,
    /// --person, --org and --location match the name as given only; without it they also
    /// match the other names of its entity: an acronym and the expansion articles define it
    /// by (--org EC also finds "European Community"), a short name and the full name articles
    /// pair it with (--org Fed, "Federal Reserve"), and the names of its aliases.tsv group.
    #[arg(long)]
    exact_name: bool,
    /// Merge names by this file, one `canonical<TAB>variant` a line (default: aliases.tsv in
    /// the index folder, when there is one): filters match every name of the group, and
    /// entities and reports count them as one under the canonical name.
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Leave the names of this file, one a line, out of entity counts and reports (default:
    /// hide.txt in the index folder, when there is one), e.g. "Reuter".
    #[arg(long, value_name = "FILE")]
    hide: Option<PathBuf>,
    /// Treat near-duplicate articles (agency updates, re-sends, the same wire copy) as one
    /// story: search, report and batch show one hit a story with "+N similar"; entities and
    /// timeline count stories instead of articles.
    #[arg(long)]
    pub(crate) collapse: bool,
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
    /// Only articles that entered the index at or after DATE (same forms as --from; the
    /// stamp `batch` prints): what a search re-run finds that it did not before. An article
    /// indexed again keeps the time it first entered.
    #[arg(long, value_name = "DATE")]
    new_since: Option<String>,
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
    pub(crate) fn request(
        self,
        limit: usize,
        sort: search::Sort,
    ) -> anyhow::Result<(SearchRequest, PathBuf)> {
        let mut builder = SearchRequest::builder()
            .limit(limit)
            .sort(sort)
            .collapse(self.collapse)
            .exact_name(self.exact_name)
            .now(jiff::Timestamp::now());
        if let Some(path) = self.aliases {
            builder = builder.aliases(path);
        }
        if let Some(path) = self.hide {
            builder = builder.hide(path);
        }
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
        for p in self.not_person {
            builder = builder.not_person(p);
        }
        for o in self.not_org {
            builder = builder.not_organization(o);
        }
        for l in self.not_location {
            builder = builder.not_location(l);
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
        if let Some(t) = self.new_since {
            builder = builder.new_since(t);
        }
        Ok((builder.build()?, self.index))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KindChoice {
    Person,
    Org,
    Location,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum AsChoice {
    Person,
    Org,
    Location,
    Query,
}

impl From<AsChoice> for newsidx::batch::As {
    fn from(a: AsChoice) -> newsidx::batch::As {
        match a {
            AsChoice::Person => newsidx::batch::As::Person,
            AsChoice::Org => newsidx::batch::As::Organization,
            AsChoice::Location => newsidx::batch::As::Location,
            AsChoice::Query => newsidx::batch::As::Query,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SortChoice {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ByChoice {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    Text,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON object an article, a line each.
    Ndjson,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
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

impl From<SortChoice> for search::Sort {
    fn from(sort: SortChoice) -> search::Sort {
        match sort {
            SortChoice::Relevance => search::Sort::Relevance,
            SortChoice::Newest => search::Sort::Newest,
            SortChoice::Oldest => search::Sort::Oldest,
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
