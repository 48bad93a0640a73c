//! What a file parses into: [`Article`] (one article with its metadata), [`GivenEntities`] (the
//! entity names a record already carries) and [`FileArticles`] (a file's articles and the
//! problems of its bad records). Every format's parser fills these; `extract` and `indexer`
//! read them.

use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;

use super::Format;
use crate::dates::DateSource;

/// Entity names a record already carries (`persons`, `organizations`, `locations`); they are
/// merged with the extracted ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GivenEntities {
    /// Person names.
    pub persons: Vec<String>,
    /// Organization names.
    pub organizations: Vec<String>,
    /// Location names.
    pub locations: Vec<String>,
}

/// One parsed article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable id: the path as walked, plus `#<record id>` or `:<line>` for records of a JSON
    /// Lines file.
    pub id: String,
    /// The file it came from, as walked.
    pub path: PathBuf,
    /// The 1-based line, for a record of a JSON Lines file.
    pub line: Option<usize>,
    /// The file's format.
    pub format: Format,
    /// The title, when the file has one (a metadata field, or a headline-like first line).
    pub title: Option<String>,
    /// The body text. Entity offsets point into it. For `.txt` files it is the decoded file
    /// text (less a leading block of `Key: value` header lines, when there is one); for JSON
    /// records the value of the `body`/`text`/`content` field; for Markdown the text after the
    /// front matter; for HTML the readable main text.
    pub body: String,
    /// The publication date, when something says it (never the file's mtime).
    pub published: Option<Timestamp>,
    /// Where the publication date came from.
    pub published_source: Option<DateSource>,
    /// The publisher or wire (`source` field or header; else the agency of a sign-off or
    /// dateline credit in the body, see [`crate::extract::wire_source`]).
    pub source: Option<String>,
    /// Authors / byline.
    pub authors: Vec<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// When a web crawler fetched the page (a WARC record's `WARC-Date`); `None` for every
    /// other format. Never used as the publication date.
    pub crawled: Option<Timestamp>,
    /// Entities the record already names.
    pub given: GivenEntities,
}

/// The articles of one file, and the records of it that could not be read.
#[derive(Debug, Default)]
pub struct FileArticles {
    /// The good articles, in file order.
    pub articles: Vec<Article>,
    /// Bad records (a malformed JSON Lines line, a record without text); the file's other
    /// records are kept. Each is an [`crate::Error::ParseFile`] or [`crate::Error::SkipFile`].
    pub problems: Vec<crate::Error>,
}
