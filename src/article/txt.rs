//! Plain text (`.txt`, `.text`): an optional leading block of `Key: value` header lines (title,
//! date, source, URL, byline), then the body; without a title header, a headline-like first
//! line is the title (and stays in the body). Called by [`super::Format::parse`] with the
//! decoded text.

use super::FileArticles;
use super::context::Context;
use super::meta::{Meta, clean_line, push_unique, split_byline};
use crate::dates;

/// A `.txt` file: an optional header block, then the body.
pub(super) fn parse(ctx: &Context<'_>, text: String) -> crate::Result<FileArticles> {
    let (headers, body_start) = header_block(&text).unwrap_or_default();
    let body = if body_start == 0 {
        text
    } else {
        text[body_start..].to_string()
    };
    let mut meta = Meta::default();
    for (key, value) in headers {
        match key.as_str() {
            "title" | "headline" if meta.title.is_none() => meta.title = clean_line(&value),
            "date" | "published" | "pubdate" | "publication date" if meta.published.is_none() => {
                meta.published = dates::parse_metadata_date(&value);
            }
            "source" | "publisher" if meta.source.is_none() => meta.source = clean_line(&value),
            "url" | "link" if meta.url.is_none() => meta.url = clean_line(&value),
            "author" | "authors" | "by" | "byline" => {
                push_unique(&mut meta.authors, split_byline(&value));
            }
            _ => {}
        }
    }
    if meta.title.is_none() {
        meta.title = headline_line(&body);
    }
    ctx.single(body, meta)
}

/// Header keys a `.txt` file may start with (lower case).
const TEXT_HEADER_KEYS: &[&str] = &[
    "title",
    "headline",
    "date",
    "published",
    "pubdate",
    "publication date",
    "source",
    "publisher",
    "url",
    "link",
    "author",
    "authors",
    "by",
    "byline",
];

/// A leading block of `Key: value` lines ended by a blank line, with at least one known key:
/// the `(lower-case key, value)` pairs and the byte offset where the body starts (the first
/// non-blank line after the block). `None` when the text does not start with such a block.
fn header_block(text: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut headers = Vec::new();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n');
    loop {
        let line = lines.next()?;
        offset += line.len();
        let content = line.trim_end();
        if content.is_empty() {
            break;
        }
        let (key, value) = content.split_once(':')?;
        let key_ok = key.len() <= 30
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '_'));
        if !key_ok {
            return None;
        }
        headers.push((
            key.trim().to_ascii_lowercase().replace(['-', '_'], " "),
            value.trim().to_string(),
        ));
    }
    if !headers
        .iter()
        .any(|(k, _)| TEXT_HEADER_KEYS.contains(&k.as_str()))
    {
        return None;
    }
    // Skip further blank lines before the body.
    for line in lines {
        if !line.trim().is_empty() {
            break;
        }
        offset += line.len();
    }
    Some((headers, offset))
}

/// The first line of a plain-text body when it looks like a headline: at most 150 chars and 20
/// words, with a letter, not starting lower case or with `By `, not ending like a sentence
/// (`!` `?` `,` `;` `:`, also before a closing quote, or `.` unless the line is all upper case
/// or ends with an abbreviation like `U.S.` or `Inc.`), not a dateline, and followed by a blank
/// line and more text.
fn headline_line(body: &str) -> Option<String> {
    let mut lines = body.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim();
    let blank_after = lines.next().is_some_and(|l| l.trim().is_empty());
    let more_text = lines.any(|l| !l.trim().is_empty());
    if !blank_after || !more_text {
        return None;
    }
    if first.chars().count() > 150 || first.split_whitespace().count() > 20 {
        return None;
    }
    let first_letter = first.chars().find(|c| c.is_alphabetic())?;
    if first_letter.is_lowercase() || first.starts_with("By ") {
        return None;
    }
    let end = first.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    if end.ends_with(['!', '?', ',', ';', ':']) {
        return None;
    }
    if end.ends_with('.') && !(is_upper_case(first) || ends_with_abbreviation(end)) {
        return None;
    }
    if dates::dateline_date(first, Some(2000)).is_some() {
        return None;
    }
    clean_line(first)
}

/// Whether every letter of `line` (at least two) is upper case, as in wire headlines.
fn is_upper_case(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Abbreviations a headline may end with.
const ABBREVIATIONS: &[&str] = &[
    "inc.", "corp.", "co.", "ltd.", "plc.", "jr.", "sr.", "bros.", "st.",
];

/// Whether the last word of `line` (which ends in `.`) is an abbreviation: `U.S.`, `Inc.`.
fn ends_with_abbreviation(line: &str) -> bool {
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("");
    let inner = &last[..last.len().saturating_sub(1)];
    inner.contains('.') || ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use crate::article::Format;
    use crate::article::testing::{SAMPLE, one, ts};
    use crate::dates::DateSource;

    #[test]
    fn text_sample_has_no_title_and_no_date() {
        let a = one("corpus/us-forces-iraq-letter.txt", SAMPLE);
        assert_eq!(a.id, "corpus/us-forces-iraq-letter.txt");
        assert_eq!(a.format, Format::Text);
        assert_eq!(a.title, None);
        assert_eq!(a.body, SAMPLE);
        assert_eq!(a.published, None);
        assert_eq!(a.published_source, None);
        assert_eq!(a.line, None);
    }

    #[test]
    fn text_headline_and_dateline() {
        let text = "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers continued throughout the week in\nthe Bahia cocoa zone.\n";
        let a = one("1987-02-26-bahia-cocoa-review.txt", text);
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(a.body, text, "the title line stays in the body");
        assert_eq!(a.published, Some(ts("1987-02-26T00:00:00Z")));
        assert_eq!(a.published_source, Some(DateSource::Dateline));
    }

    #[test]
    fn text_dateline_without_year_hint_has_no_date() {
        let a = one(
            "bahia.txt",
            "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers.\n",
        );
        assert_eq!(a.published, None);
    }

    #[test]
    fn text_date_from_file_name() {
        let a = one("news/2020-01-06-iraq-letter.txt", SAMPLE);
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
        assert_eq!(a.published_source, Some(DateSource::Filename));
    }

    #[test]
    fn text_header_block() {
        let text = "Title: Bahia cocoa review\nDate: 26-FEB-1987 15:01:01.79\nSource: Reuters\nURL: https://example.org/1\nBy: Jane Doe and John Roe\n\n\nSALVADOR, Feb 26 - Showers continued.\n";
        let a = one("2001-01-01-x.txt", text);
        assert_eq!(a.title.as_deref(), Some("Bahia cocoa review"));
        assert_eq!(a.body, "SALVADOR, Feb 26 - Showers continued.\n");
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.published_source, Some(DateSource::Metadata));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
    }

    #[test]
    fn text_header_keys_are_case_insensitive() {
        let a = one(
            "x.txt",
            "HEADLINE: Rates rise\npublished: 2020-01-06\n\nBody text here.\n",
        );
        assert_eq!(a.title.as_deref(), Some("Rates rise"));
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
        assert_eq!(a.body, "Body text here.\n");
    }

    #[test]
    fn text_without_known_header_keys_is_all_body() {
        let text = "Note: this is not a header\n\nBody.\n";
        let a = one("x.txt", text);
        assert_eq!(a.body, text);
        let text = "Title: unfinished header block\nno blank line\n";
        assert_eq!(one("x.txt", text).body, text);
    }

    #[test]
    fn text_headline_rules() {
        let title = |t: &str| one("x.txt", t).title;
        assert_eq!(
            title("Iraq letter: what it says\n\nBody.\n").as_deref(),
            Some("Iraq letter: what it says")
        );
        assert_eq!(title("Only one line\n"), None);
        assert_eq!(title("Ends like a sentence.\n\nBody.\n"), None);
        assert_eq!(
            title("PORT SUBSIDY TO END JULY 1 - MINISTER\n\nBody.\n").as_deref(),
            Some("PORT SUBSIDY TO END JULY 1 - MINISTER")
        );
        assert_eq!(
            title("TAIWAN TO SEEK HIGHER TEXTILE EXPORTS TO U.S.\n\nBody.\n").as_deref(),
            Some("TAIWAN TO SEEK HIGHER TEXTILE EXPORTS TO U.S.")
        );
        assert_eq!(
            title("Taiwan to seek more exports to U.S.\n\nBody.\n").as_deref(),
            Some("Taiwan to seek more exports to U.S.")
        );
        assert_eq!(
            title("Shares of Acme Inc.\n\nBody.\n").as_deref(),
            Some("Shares of Acme Inc.")
        );
        assert_eq!(title("He said \"no.\"\n\nBody.\n"), None);
        assert_eq!(title("no capital here\n\nBody.\n"), None);
        assert_eq!(title("Wrapped paragraph line\nwith more text\n"), None);
        assert_eq!(
            title("BRUSSELS 1996-08-22\n\nThe European Commission said.\n"),
            None
        );
        assert_eq!(title("WASHINGTON, Jan 6 -\n\nThe US said.\n"), None);
        let long = "Word ".repeat(21);
        assert_eq!(title(&format!("{long}\n\nBody.\n")), None);
    }
}
