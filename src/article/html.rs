//! HTML (`.html`, `.htm`): the page's main text by Readability (`dom_smoothie`), tidied into
//! paragraphs, and its metadata from `<meta>`, `<link rel=canonical>`, `<time>` and JSON-LD.
//! Pages nested too deeply to parse in reasonable time are refused first. Called by
//! [`super::Format::parse`] with the decoded text.

use std::path::Path;

use super::context::Context;
use super::meta::{Meta, clean_line, push_unique, split_byline};
use super::problems::skip;
use super::{FileArticles, GivenEntities};
use crate::Error;
use crate::dates;

/// An `.html` page: Readability's main text, and metadata from `<meta>`, `<link
/// rel=canonical>`, `<time>` and JSON-LD.
pub(super) fn parse(ctx: &Context<'_>, html: &str) -> crate::Result<FileArticles> {
    let no_article = || skip(ctx.path, "no article text in HTML");
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    // Parsing HTML (html5ever) and Readability both take time growing with the square of
    // the nesting depth; no real page nests hundreds of levels deep, so such a file is skipped
    // rather than parsed for minutes. A cheap scan of the tags first, then the real tree.
    if tag_depth_estimate(html) > 4 * MAX_HTML_DEPTH {
        return Err(too_deep(ctx.path));
    }
    let mut readability =
        dom_smoothie::Readability::new(html, None, Some(config)).map_err(|_| no_article())?;
    if tree_too_deep(&readability) {
        return Err(too_deep(ctx.path));
    }

    // Read the head before `parse` rewrites the document.
    let head = Head::read(&readability);

    let parsed = readability.parse().map_err(|_| no_article())?;
    let body = tidy_html_text(&parsed.text_content);
    if body.is_empty() {
        return Err(no_article());
    }
    ctx.single(body, head.meta(&parsed))
}

/// Whether the parsed page nests deeper than [`MAX_HTML_DEPTH`].
fn tree_too_deep(readability: &dom_smoothie::Readability) -> bool {
    // Iterative, so a deep tree cannot overflow the stack. (The node type is `dom_query`'s,
    // which is not named here to avoid a direct dependency.)
    let mut depth = 0;
    let mut stack = vec![(readability.doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        depth = depth.max(d);
        if depth > MAX_HTML_DEPTH {
            return true;
        }
        stack.extend(node.children_it(false).map(|child| (child, d + 1)));
    }
    false
}

/// What a page's head says about the article, read before Readability rewrites the document.
struct Head {
    /// `(key, content)` of each `<meta>` with content, keyed by its `property`, `name` or
    /// `itemprop` (lower case).
    metas: Vec<(String, String)>,
    /// The `href` of `<link rel=canonical>`.
    canonical: Option<String>,
    /// The `datetime` of a `<time pubdate>` or `<time itemprop=datePublished>`.
    time_published: Option<String>,
}

impl Head {
    /// Reads the `<meta>`, `<link>` and `<time>` elements of the page.
    fn read(readability: &dom_smoothie::Readability) -> Head {
        let mut metas: Vec<(String, String)> = Vec::new();
        for node in readability.doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            for attr in ["property", "name", "itemprop"] {
                if let Some(key) = node.attr(attr) {
                    metas.push((key.trim().to_ascii_lowercase(), content.trim().to_string()));
                }
            }
        }
        let canonical = readability
            .doc
            .select("link")
            .nodes()
            .iter()
            .find(|n| {
                n.attr("rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|n| n.attr("href"))
            .map(|href| href.to_string());
        let time_published = readability
            .doc
            .select("time")
            .nodes()
            .iter()
            .find(|n| {
                n.attr("pubdate").is_some()
                    || n.attr("itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
            })
            .and_then(|n| n.attr("datetime"))
            .map(|d| d.to_string());
        Head {
            metas,
            canonical,
            time_published,
        }
    }

    /// The first non-empty `<meta>` content under `key` (lower case).
    fn meta_value(&self, key: &str) -> Option<String> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    }

    /// The article's metadata: Readability's findings first where it has them (title, byline,
    /// site name), the head's tags for the rest; the date from the first candidate that parses.
    fn meta(self, parsed: &dom_smoothie::Article) -> Meta {
        let date_candidates = [
            self.meta_value("article:published_time"),
            parsed.published_time.clone(),
            self.meta_value("datepublished"),
            self.meta_value("date"),
            self.meta_value("pubdate"),
            self.meta_value("publish-date"),
            self.meta_value("dc.date"),
            self.meta_value("dc.date.issued"),
            self.meta_value("dcterms.date"),
            self.time_published.clone(),
        ];
        let published = date_candidates
            .iter()
            .flatten()
            .find_map(|d| dates::parse_metadata_date(d));
        let byline = parsed.byline.clone().or_else(|| self.meta_value("author"));
        let mut authors = Vec::new();
        if let Some(byline) = byline {
            push_unique(&mut authors, split_byline(&byline));
        }
        Meta {
            title: clean_line(&parsed.title).or_else(|| self.meta_value("og:title")),
            published,
            source: parsed
                .site_name
                .as_deref()
                .and_then(clean_line)
                .or_else(|| self.meta_value("og:site_name")),
            authors,
            url: self
                .meta_value("og:url")
                .or(self.canonical)
                .or_else(|| parsed.url.as_deref().and_then(clean_line)),
            given: GivenEntities::default(),
        }
    }
}

/// The deepest element nesting an HTML page may have.
const MAX_HTML_DEPTH: usize = 512;

/// The skip for a page nested deeper than [`MAX_HTML_DEPTH`].
fn too_deep(path: &Path) -> Error {
    skip(
        path,
        format!("HTML nested too deeply (over {MAX_HTML_DEPTH} levels)"),
    )
}

/// Elements that need no end tag, or whose end tag is often left out: not counted by
/// [`tag_depth_estimate`].
const UNCOUNTED_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
];

/// A rough upper bound of the element nesting of `html` from its tags alone (start tags add
/// one, end tags take one away), in one pass over the bytes.
fn tag_depth_estimate(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if len == 0 {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if UNCOUNTED_TAGS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Readability's formatted text, tidied: lines trimmed at the end, at most one blank line
/// between paragraphs, no leading or trailing blank lines.
fn tidy_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::article::Format;
    use crate::article::testing::{one, parse, reason, ts};
    use crate::dates::DateSource;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>BAHIA COCOA REVIEW | Reuters archive</title>
<meta property="og:title" content="BAHIA COCOA REVIEW">
<meta property="og:site_name" content="Reuters">
<meta property="article:published_time" content="1987-02-26T15:01:01Z">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.org/reuters/1">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/markets">Markets</a></nav></header>
<main><article><h1>BAHIA COCOA REVIEW</h1>
<p>SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone,
alleviating the drought since early January.</p>
<p>The dry period means the temporao will be late this year.</p>
</article></main>
<footer><p>Copyright 1987 Reuters.</p></footer>
</body></html>"#;

    #[test]
    fn html_page() {
        let a = one("x.html", PAGE);
        assert_eq!(a.format, Format::Html);
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert!(
            a.body.starts_with("SALVADOR, Feb 26 - Showers continued"),
            "{}",
            a.body
        );
        assert!(
            a.body.contains("early January.\n\nThe dry period"),
            "{}",
            a.body
        );
        assert!(
            !a.body.contains("Markets") && !a.body.contains("Copyright"),
            "{}",
            a.body
        );
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.published_source, Some(DateSource::Metadata));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.url.as_deref(), Some("https://example.org/reuters/1"));
    }

    #[test]
    fn html_meta_date_and_json_ld() {
        let page = r#"<html><head><meta name="DATE" content="2020-01-06">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Letter to Iraq","author":{"@type":"Person","name":"A Writer"}}</script>
</head><body><article><p>The US military has sent a letter to the Iraqi defense ministry.</p></article></body></html>"#;
        let a = one("x.htm", page);
        assert_eq!(a.title.as_deref(), Some("Letter to Iraq"));
        assert_eq!(a.authors, ["A Writer"]);
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
    }

    #[test]
    fn html_without_text_is_skipped() {
        let err = parse(
            "x.html",
            "<html><head><title>x</title></head><body></body></html>",
        )
        .unwrap_err();
        assert_eq!(reason(&err), "no article text in HTML");
    }

    /// Parse time grows with the square of the nesting depth: 20,000 nested `<div>`s took
    /// over a minute and a half.
    #[test]
    fn html_nested_too_deeply_is_skipped() {
        let page = format!(
            "<html><body>{}<p>text</p></body></html>",
            "<div>".repeat(5000)
        );
        let err = parse("x.html", &page).unwrap_err();
        assert!(reason(&err).starts_with("HTML nested too deeply"), "{err}");
        let page = format!(
            "<html><body>{}<p>Some text in a paragraph.</p></body></html>",
            "<div>".repeat(100)
        );
        assert_eq!(parse("x.html", &page).unwrap().articles.len(), 1);
    }
}
