//! Markdown (`.md`, `.markdown`): optional YAML front matter (its fields read as a JSON record's,
//! by `fields.rs`), then the body, which loses its heading markup so that it is text; without a
//! `title` field, the first `# ` heading is the title. Called by [`super::Format::parse`] with
//! the decoded text.

use serde_json::Value;

use super::FileArticles;
use super::context::Context;
use super::fields::Fields;
use super::meta::{Meta, clean_line};
use super::problems::parse_error;

/// A `.md` file: optional YAML front matter, then the body.
pub(super) fn parse(ctx: &Context<'_>, text: String) -> crate::Result<FileArticles> {
    let has_front_matter = text
        .split('\n')
        .next()
        .is_some_and(|l| l.trim_end() == "---");
    let (data, body) = if has_front_matter {
        let parsed = gray_matter::Matter::<gray_matter::engine::YAML>::new()
            .parse::<Value>(&text)
            .map_err(|e| parse_error(ctx.path, None, format!("invalid YAML front matter: {e}")))?;
        (parsed.data, parsed.content)
    } else {
        (None, text)
    };
    let mut meta = match data {
        Some(Value::Object(map)) => Fields::new(&map).meta(),
        _ => Meta::default(),
    };
    if meta.title.is_none() {
        meta.title = body
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .and_then(|h| clean_line(h.trim_end_matches('#')));
    }
    ctx.single(strip_headings(&body), meta)
}

/// A Markdown body with its heading markup gone, so that the body is text: `## Heading ##`
/// becomes `Heading`, the `===` or `---` line under a heading goes (its line stays, empty).
/// Lines inside ``` or ~~~ fences are kept as they are. Every other byte stays where it was
/// relative to its line, so the body keeps its lines.
fn strip_headings(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fenced = false;
    let mut previous_text = false;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let newline = &line[content.len()..];
        let indented = content.len() - content.trim_start_matches(' ').len();
        let trimmed = content.trim();
        if indented < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fenced = !fenced;
        }
        if fenced || indented >= 4 {
            out.push_str(line);
            previous_text = !trimmed.is_empty();
            continue;
        }
        if let Some(text) = atx_heading(trimmed) {
            out.push_str(text);
            out.push_str(newline);
            previous_text = false;
            continue;
        }
        let underline = !trimmed.is_empty()
            && (trimmed.chars().all(|c| c == '=') || trimmed.chars().all(|c| c == '-'));
        if previous_text && underline {
            out.push_str(newline);
            previous_text = false;
            continue;
        }
        out.push_str(line);
        previous_text = !trimmed.is_empty();
    }
    out
}

/// The text of an ATX heading line (`# Title`, `### Title ###`): one to six `#` then a space or
/// the end of the line; `None` for any other line.
fn atx_heading(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    // A closing run of `#` counts only after a space (`# C#` keeps its `#`).
    let closed = text.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use crate::Error;
    use crate::article::Format;
    use crate::article::testing::{one, parse, reason, ts};
    use crate::dates::DateSource;

    #[test]
    fn markdown_front_matter() {
        let text = "---\ntitle: \"Bahia cocoa review\"\ndate: 1987-02-26T15:01:01Z\nsource: Reuters\nurl: https://example.org/1\nauthors:\n  - Jane Doe\n  - name: John Roe\npersons: [Comissaria Smith]\norganizations:\n  - Comissaria Smith\nlocations: Bahia\n---\n\nSALVADOR, Feb 26 - Showers continued.\n";
        let a = one("x.md", text);
        assert_eq!(a.format, Format::Markdown);
        assert_eq!(a.title.as_deref(), Some("Bahia cocoa review"));
        assert_eq!(a.body, "SALVADOR, Feb 26 - Showers continued.");
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.published_source, Some(DateSource::Metadata));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(a.given.persons, ["Comissaria Smith"]);
        assert_eq!(a.given.organizations, ["Comissaria Smith"]);
        assert_eq!(a.given.locations, ["Bahia"]);
    }

    #[test]
    fn markdown_heading_title_and_no_front_matter() {
        let text = "Intro line\n\n# Cocoa review #\n\nSALVADOR, Feb 26 - Text.\n";
        let a = one("1987-03-01-x.md", text);
        assert_eq!(a.title.as_deref(), Some("Cocoa review"));
        assert_eq!(
            a.body,
            "Intro line\n\nCocoa review\n\nSALVADOR, Feb 26 - Text.\n"
        );
        assert_eq!(a.published, Some(ts("1987-02-26T00:00:00Z")));
        assert_eq!(a.published_source, Some(DateSource::Dateline));
    }

    // Snippets showed `# ` heading markers: a Markdown body is text.
    #[test]
    fn markdown_body_loses_heading_markup_but_keeps_its_lines() {
        let text = "# Title\n\n## Part two ##\nIssue #5 of C#\n###### six\n####### seven\n#nospace\n\nSetext\n======\nSub\n---\n\n```\n# a comment\n```\n    # indented code\n  ### Indented C# ##\n#\n";
        let a = one("x.md", text);
        assert_eq!(
            a.body,
            "Title\n\nPart two\nIssue #5 of C#\nsix\n####### seven\n#nospace\n\nSetext\n\nSub\n\n\n```\n# a comment\n```\n    # indented code\nIndented C#\n\n"
        );
        assert_eq!(a.title.as_deref(), Some("Title"));
    }

    #[test]
    fn markdown_bad_front_matter_is_a_parse_error() {
        let err = parse("x.md", "---\ntitle: [unclosed\n---\nBody\n").unwrap_err();
        assert!(matches!(err, Error::ParseFile { .. }), "{err:?}");
        assert!(
            reason(&err).starts_with("invalid YAML front matter"),
            "{err}"
        );
    }

    #[test]
    fn markdown_front_matter_without_body() {
        let err = parse("x.md", "---\ntitle: Only a title\n---\n").unwrap_err();
        assert_eq!(reason(&err), "no article text");
    }
}
