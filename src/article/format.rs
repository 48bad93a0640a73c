//! Which format is this file? [`Format`] lists every format newsidx reads, chooses one by file
//! extension ([`Format::of`]) and sends the decoded text to that format's parser
//! ([`Format::parse`]). A new format is one more variant, one more extension arm, one more
//! parser arm here, and a file of its own beside `txt.rs`.

use std::path::Path;

use serde::Serialize;

use super::context::Context;
use super::{FileArticles, html, json, markdown, txt, xml};

/// The file formats newsidx reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown with optional YAML front matter (`.md`, `.markdown`).
    Markdown,
    /// One JSON object (`.json`).
    Json,
    /// One JSON object a line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// An HTML page (`.html`, `.htm`).
    Html,
    /// An XML news format, by its root element: an RSS or Atom feed (`.xml`, `.rss`, `.atom`).
    Xml,
}

impl Format {
    /// The format of a path by its extension (case-insensitive), `None` when unsupported.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" => Some(Format::Html),
            "xml" | "rss" | "atom" => Some(Format::Xml),
            _ => None,
        }
    }

    /// Parses the decoded text of one file of this format (line ends already `\n`) into its
    /// articles: the one place that knows which parser reads which format.
    pub(super) fn parse(self, ctx: &Context<'_>, text: String) -> crate::Result<FileArticles> {
        match self {
            Format::Text => txt::parse(ctx, text),
            Format::Markdown => markdown::parse(ctx, text),
            Format::Json => json::parse(ctx, &text),
            Format::JsonLines => json::parse_lines(ctx, &text),
            Format::Html => html::parse(ctx, &text),
            Format::Xml => xml::parse(ctx, &text),
        }
    }
}

/// The reason for a file whose extension is none of the formats read.
pub const UNSUPPORTED: &str = "not an article format newsidx reads (.txt, .md, .json, .jsonl, .html, .xml feeds, .warc web archives, and .zip, .tar, .tar.gz or .gz bundles of them)";

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn format_of_extensions() {
        assert_eq!(Format::of(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("b.ndjson")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("b.htm")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("b.pdf")), None);
        assert_eq!(Format::of(Path::new("README")), None);
    }
}
