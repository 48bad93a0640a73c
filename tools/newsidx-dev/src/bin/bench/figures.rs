//! What a bench run measures: the figures of one corpus size, written as JSON with `--out`
//! and as Markdown by [`crate::markdown()`].

use super::*;

/// A corpus ready to index.
#[derive(Debug, Serialize)]
pub(crate) struct Corpus {
    /// What `newsidx index` is given.
    pub(crate) path: PathBuf,
    /// Articles generated (for `reuters`: Reuters records with a title and a body).
    pub(crate) articles: u64,
    /// Files in it.
    pub(crate) files: u64,
    /// Bytes of its files.
    pub(crate) file_bytes: u64,
    /// Bytes of title and body text of its articles.
    pub(crate) text_bytes: u64,
    /// `json`, `jsonl` or `reuters`.
    pub(crate) layout: &'static str,
    /// The file the incremental run rewrites (none for `reuters`: it is not ours to change).
    pub(crate) changed_file: Option<PathBuf>,
    /// `{title, body}` JSON Lines of the same articles, for tantivy-cli (not in `path`).
    #[serde(skip)]
    pub(crate) plain_docs: PathBuf,
}

/// One timed child process.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Run {
    pub(crate) seconds: f64,
    /// Peak resident set of the child, bytes (`None` where `wait4` is not available).
    pub(crate) peak_rss_bytes: Option<u64>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Indexing {
    pub(crate) run: Run,
    /// Articles in the index after the run (from `newsidx index --json`).
    pub(crate) articles: u64,
    /// Files or records skipped.
    pub(crate) skipped: u64,
    pub(crate) articles_per_second: f64,
    /// Of the corpus files.
    pub(crate) mb_per_second: f64,
    pub(crate) index_bytes: u64,
}

#[derive(Debug, Serialize)]
pub(crate) struct Incremental {
    /// A re-run with nothing changed.
    pub(crate) unchanged: Run,
    pub(crate) unchanged_ratio: f64,
    /// A re-run after one file was rewritten; `None` for `reuters`.
    pub(crate) one_file_changed: Option<Run>,
    pub(crate) one_file_changed_ratio: Option<f64>,
    /// Articles in the changed file.
    pub(crate) changed_articles: Option<u64>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Baseline {
    pub(crate) tool: String,
    pub(crate) run: Run,
    pub(crate) articles_per_second: f64,
    pub(crate) mb_per_second: f64,
    pub(crate) index_bytes: u64,
    /// newsidx's articles/s over tantivy-cli's.
    pub(crate) throughput_ratio: f64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Latency {
    pub(crate) runs: usize,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct QueryFigures {
    pub(crate) name: &'static str,
    /// The CLI arguments after `newsidx`, less `--index`.
    pub(crate) command: Vec<String>,
    /// Matching articles.
    pub(crate) hits: u64,
    /// In process, the index opened once before the runs (`SearchIndex`); searches only.
    pub(crate) index_open: Option<Latency>,
    /// In process, the index opened by each run, as the CLI does.
    pub(crate) in_process: Latency,
    pub(crate) cli: Latency,
}

#[derive(Debug, Serialize)]
pub(crate) struct GrepFigures {
    pub(crate) command: String,
    /// Files listed.
    pub(crate) files: u64,
    pub(crate) latency: Latency,
    /// newsidx CLI p50 of the text query over grep's p50.
    pub(crate) newsidx_ratio: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub(crate) size: String,
    pub(crate) load_average_before: String,
    pub(crate) load_average_after: String,
    pub(crate) corpus: Corpus,
    pub(crate) indexing: Indexing,
    pub(crate) incremental: Incremental,
    pub(crate) tantivy_cli: Option<Baseline>,
    /// Why there is no tantivy-cli baseline.
    pub(crate) tantivy_cli_note: Option<String>,
    pub(crate) queries: Vec<QueryFigures>,
    pub(crate) grep: Option<GrepFigures>,
    /// Batch and mentions (issue 17).
    pub(crate) workflows: super::Workflows,
}
