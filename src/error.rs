//! The library's one error type. Messages are lowercase with no trailing period, so that a
//! chain of contexts reads `a: b: c`. A variant with a `source` does not repeat it in its own
//! message: the chain (`{err:#}` in anyhow, or [`std::error::Error::source`]) adds it once.

use std::path::PathBuf;

/// Everything that can go wrong in newsidx.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read (or, for the index, created).
    #[error("{}", path.display())]
    ReadFile {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file, or one record of it, is not indexed, for a reason that is not an error: it
    /// holds nothing to index (empty, binary, too large, no article text, not an article
    /// format).
    #[error("{}{}: {reason}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    SkipFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the record, for line-oriented formats; `None` for the file.
        line: Option<usize>,
        /// Why it was skipped, e.g. `binary file (NUL bytes)`.
        reason: String,
    },
    /// A file (or one record of it) could not be parsed as an article.
    #[error("{}{}: {reason}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    ParseFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the bad record, for line-oriented formats.
        line: Option<usize>,
        /// What is wrong with it.
        reason: String,
    },
    /// A date given on the command line or in a request is not understood.
    #[error("invalid date for {flag}: '{input}': {reason}")]
    InvalidDate {
        /// The flag or parameter that carried it, e.g. `--from`.
        flag: String,
        /// The text given.
        input: String,
        /// What was expected.
        reason: String,
    },
    /// A date range whose start lies after its end.
    #[error("invalid date range: {from} is after {to}")]
    InvertedRange {
        /// The start flag and value as given (`--from 2021`).
        from: String,
        /// The end flag and value as given (`--to 2020`).
        to: String,
    },
    /// Any other invalid request value (limit, empty name).
    #[error("invalid value for {flag}: {reason}")]
    InvalidRequest {
        /// The flag or parameter.
        flag: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The query text could not be parsed.
    #[error("invalid query '{query}': {reason}")]
    QuerySyntax {
        /// The query as given.
        query: String,
        /// What is wrong and where.
        reason: String,
    },
    /// A line of an aliases file or a hide list is not understood.
    #[error("{}:{line}: {reason}", path.display())]
    NameList {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong and what to write instead.
        reason: String,
    },
    /// There is no index at the path.
    #[error("no index at {}: build one with `newsidx index DIR --index {}`", path.display(), path.display())]
    IndexMissing {
        /// Where one was looked for.
        path: PathBuf,
    },
    /// Another process holds the index writer lock.
    #[error("index is being written by another newsidx process: {} (wait for it to finish, or remove {}/.tantivy-writer.lock if no newsidx is running)", path.display(), path.display())]
    IndexLocked {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder holds an index this version cannot use.
    #[error("{}: {reason}", path.display())]
    IndexIncompatible {
        /// The index folder.
        path: PathBuf,
        /// What does not match and what to run.
        reason: String,
    },
    /// An error from the search engine.
    #[error("index {}", path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// Writing results failed.
    #[error("writing output")]
    Output(#[from] std::io::Error),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
