//! Why was a file not indexed? [`Skipped`] is one file or record left out of a run, with its
//! path, line, reason and [`SkipKind`] (an error to print, or nothing to index); every step of
//! the run (walk, read, parse) reports its problems as these, and the binary groups them by
//! reason ([`group_by_reason`]) in its summary.

use std::path::PathBuf;

use serde::Serialize;

use crate::Error;

/// A file, or a record of one, that was not indexed.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line of the record, where there is one.
    pub line: Option<usize>,
    /// Why.
    pub reason: String,
    /// Whether it is an error to look at, or simply holds nothing to index.
    pub kind: SkipKind,
}

/// Why a file or record was not indexed, broadly: the binary prints errors as they happen and
/// counts the rest by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// It holds nothing to index: an empty file, a record without article text, a binary or
    /// oversized file, a file named on the command line that is not an article format.
    LeftOut,
    /// It could not be read or parsed: an I/O error, bad JSON or YAML, a folder that cannot be
    /// walked.
    Error,
}

/// The skipped items grouped by reason, in the order each reason first occurred: the reason,
/// how many, and the items (errors as well as left-out ones).
pub fn group_by_reason(skipped: &[Skipped]) -> Vec<(&str, Vec<&Skipped>)> {
    let mut groups: Vec<(&str, Vec<&Skipped>)> = Vec::new();
    for s in skipped {
        match groups.iter_mut().find(|(reason, _)| *reason == s.reason) {
            Some((_, items)) => items.push(s),
            None => groups.push((&s.reason, vec![s])),
        }
    }
    groups
}

impl Skipped {
    /// `path`, or `path:line` for a record.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason)
    }
}

impl From<Error> for Skipped {
    fn from(err: Error) -> Skipped {
        match err {
            Error::ParseFile { path, line, reason } => Skipped {
                path,
                line,
                reason,
                kind: SkipKind::Error,
            },
            Error::SkipFile { path, line, reason } => Skipped {
                path,
                line,
                reason,
                kind: SkipKind::LeftOut,
            },
            Error::ReadFile { path, source } => Skipped {
                path,
                line: None,
                reason: source.to_string(),
                kind: SkipKind::Error,
            },
            other => {
                // the whole chain: a variant does not repeat its source in its own message
                let mut reason = other.to_string();
                let mut source = std::error::Error::source(&other);
                while let Some(cause) = source {
                    reason.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                Skipped {
                    path: PathBuf::new(),
                    line: None,
                    reason,
                    kind: SkipKind::Error,
                }
            }
        }
    }
}
