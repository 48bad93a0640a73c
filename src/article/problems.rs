//! How a file or record is refused: the reasons and the two errors every stage of reading
//! gives, [`Error::SkipFile`] (nothing to index: binary, empty, no text) and
//! [`Error::ParseFile`] (malformed: bad JSON, bad front matter).

use std::path::Path;

use crate::Error;

/// The reason for a file or record with nothing to index.
pub(super) const NO_TEXT: &str = "no article text";

/// A [`Error::SkipFile`] for `path`.
pub(super) fn skip(path: &Path, reason: impl Into<String>) -> Error {
    Error::SkipFile {
        path: path.to_path_buf(),
        line: None,
        reason: reason.into(),
    }
}

/// A [`Error::ParseFile`] for `path`.
pub(super) fn parse_error(path: &Path, line: Option<usize>, reason: impl Into<String>) -> Error {
    Error::ParseFile {
        path: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}
