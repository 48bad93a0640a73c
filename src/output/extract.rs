//! Extracted articles for scripts: what `extract` prints for each article it reads (see
//! [`crate::preview`]), the article and its entities with offsets, one JSON line each.

use std::io::Write;

use serde::Serialize;

use crate::extract::Mention;
use crate::indexer::Analyzed;

/// One article as `extract` prints it.
#[derive(Debug, Serialize)]
pub struct ExtractedArticle<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Source file.
    pub path: &'a std::path::Path,
    /// Line of the record, for JSON Lines files.
    pub line: Option<usize>,
    /// Title.
    pub title: Option<&'a str>,
    /// Publication date.
    pub published: Option<jiff::Timestamp>,
    /// Where the date came from.
    pub published_source: Option<crate::dates::DateSource>,
    /// Publisher.
    pub source: Option<&'a str>,
    /// Authors.
    pub authors: &'a [String],
    /// URL.
    pub url: Option<&'a str>,
    /// When a web crawler fetched the page (web archives only).
    pub crawled: Option<jiff::Timestamp>,
    /// The body text the offsets point into.
    pub body: &'a str,
    /// Mentions in the body, in text order.
    pub entities: &'a [Mention],
    /// The article's entities with counts.
    pub summary: &'a [crate::extract::Entity],
}

impl<'a> From<&'a Analyzed> for ExtractedArticle<'a> {
    fn from(a: &'a Analyzed) -> Self {
        let article = &a.article;
        ExtractedArticle {
            id: &article.id,
            path: &article.path,
            line: article.line,
            title: article.title.as_deref(),
            published: article.published,
            published_source: article.published_source,
            source: article.source.as_deref(),
            authors: &article.authors,
            url: article.url.as_deref(),
            crawled: article.crawled,
            body: &article.body,
            entities: &a.mentions,
            summary: &a.entities,
        }
    }
}

/// Writes one extracted article as a JSON line.
pub fn write_extracted(out: &mut dyn Write, analyzed: &Analyzed) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &ExtractedArticle::from(analyzed))?;
    writeln!(out)
}
