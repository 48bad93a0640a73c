//! What every article of one file shares ([`Context`]: the path, its id, the format, the date
//! in the file name), and how a format's parser turns a body and its [`Meta`] into an
//! [`Article`]: the publication date is resolved here (metadata, then dateline, then file name),
//! and a source the metadata does not give is taken from a wire sign-off or credit.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::Offset;

use super::meta::Meta;
use super::problems::{NO_TEXT, skip};
use super::{Article, FileArticles, Format};
use crate::dates::{self, DateSource};

/// What every article of one file shares.
pub(super) struct Context<'a> {
    pub(super) path: &'a Path,
    format: Format,
    /// The path as an id: `path.display()` with `/` separators.
    pub(super) id: String,
    /// The date in the file name, if any.
    file_date: Option<Timestamp>,
}

impl<'a> Context<'a> {
    pub(super) fn new(path: &'a Path, format: Format) -> Self {
        let mut id = path.to_string_lossy().into_owned();
        if std::path::MAIN_SEPARATOR != '/' {
            id = id.replace(std::path::MAIN_SEPARATOR, "/");
        }
        let file_date = path
            .file_name()
            .and_then(|n| dates::filename_date(&n.to_string_lossy()));
        Context {
            path,
            format,
            id,
            file_date,
        }
    }

    /// Builds an article: resolves its publication date (metadata, then dateline, then file
    /// name) and, when the metadata names no source, takes the news agency of the body's
    /// sign-off or dateline credit ("Reuter", `(AP)`) as its source.
    pub(super) fn article(
        &self,
        id: String,
        line: Option<usize>,
        body: String,
        meta: Meta,
    ) -> Article {
        let (published, published_source) = if let Some(ts) = meta.published {
            (Some(ts), Some(DateSource::Metadata))
        } else {
            let year_hint = self.file_date.map(|ts| Offset::UTC.to_datetime(ts).year());
            if let Some(ts) = dates::dateline_date(&body, year_hint) {
                (Some(ts), Some(DateSource::Dateline))
            } else if let Some(ts) = self.file_date {
                (Some(ts), Some(DateSource::Filename))
            } else {
                (None, None)
            }
        };
        // A date the index cannot hold (before 1678, after 2261) is no publication date: it
        // would be stored as another one.
        let (published, published_source) = match published {
            Some(ts) if !dates::indexable(ts) => (None, None),
            _ => (published, published_source),
        };
        let source = meta
            .source
            .or_else(|| crate::extract::wire_source(&body).map(str::to_owned));
        Article {
            id,
            path: self.path.to_path_buf(),
            line,
            format: self.format,
            title: meta.title,
            body,
            published,
            published_source,
            source,
            authors: meta.authors,
            url: meta.url,
            crawled: None,
            given: meta.given,
        }
    }

    /// A one-article result.
    pub(super) fn single(&self, body: String, meta: Meta) -> crate::Result<FileArticles> {
        if body.trim().is_empty() {
            return Err(skip(self.path, NO_TEXT));
        }
        let article = self.article(self.id.clone(), None, body, meta);
        Ok(FileArticles {
            articles: vec![article],
            problems: Vec::new(),
        })
    }
}
