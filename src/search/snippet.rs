//! Where in the body does a hit answer? Finds the ranges to highlight (the query terms, found by
//! running the body through the index's own text analyzer, and the stored mention offsets of
//! the filtered entities) and cuts the window of the body that holds the most distinct of them,
//! a first line that repeats the title left out. [`super::hit`] asks for one per hit.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use super::query::name_tokens;
use crate::extract::{self, EntityKind};
use crate::indexer::StoredMention;

/// Longest snippet, in chars (before the `…` marks).
pub const SNIPPET_CHARS: usize = 240;

/// A fragment of an article's body with the ranges to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The fragment, white space collapsed, with `…` where the body goes on.
    pub text: String,
    /// `[start, end)` byte ranges of `text` to highlight: query terms and mentions of the
    /// filtered entities, in order, never overlapping.
    pub highlights: Vec<[usize; 2]>,
}

/// The snippet of a hit's `body`: cut around the query terms (`highlight_terms`, analyzed) and
/// the mentions of the filtered entities (`filters`, as name tokens), a first line that
/// repeats `title` left out.
pub(super) fn hit_snippet(
    body: &str,
    title: Option<&str>,
    mentions: &[StoredMention],
    highlight_terms: &HashSet<String>,
    filters: &[(EntityKind, Vec<String>)],
    analyzer: &mut TextAnalyzer,
) -> Snippet {
    let mut ranges = term_ranges(body, highlight_terms, analyzer);
    for StoredMention(kind, start, end, canonical) in mentions {
        if wanted(*kind, canonical, filters)
            && *end <= body.len()
            && body.is_char_boundary(*start)
            && body.is_char_boundary(*end)
        {
            ranges.push((*start, *end));
        }
    }
    // The snippet is body text: a first line that only repeats the title is left out.
    let skip = title.map_or(0, |t| after_title_line(body, t));
    let ranges = ranges
        .into_iter()
        .filter(|&(start, _)| start >= skip)
        .map(|(start, end)| (start - skip, end - skip))
        .collect();
    snippet(&body[skip..], ranges, SNIPPET_CHARS)
}

/// Whether a mention of `kind` named `canonical` is of an entity in `filters` (kinds and name
/// tokens): its name holds a filter's words in a row, as the filter's phrase query matches it.
pub(super) fn wanted(
    kind: EntityKind,
    canonical: &str,
    filters: &[(EntityKind, Vec<String>)],
) -> bool {
    filters.iter().any(|(k, name)| {
        *k == kind && contains_words(&name_tokens(&extract::query_name(kind, canonical)), name)
    })
}

/// Where the body goes on after its first line when that line is `title` again (the same
/// words, case aside, as a plain-text headline or a Markdown heading is), blank lines after it
/// included; 0 when it is not, or when nothing follows it.
fn after_title_line(body: &str, title: &str) -> usize {
    let words =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_lowercase).collect() };
    let lead = body.len() - body.trim_start().len();
    let line_end = body[lead..].find('\n').map_or(body.len(), |i| lead + i);
    if words(&body[lead..line_end]) != words(title) || words(title).is_empty() {
        return 0;
    }
    let rest = &body[line_end..];
    let next = line_end + (rest.len() - rest.trim_start().len());
    if next >= body.len() { 0 } else { next }
}

/// Whether the words of `needle` appear in a row in `haystack` (both name tokens), as the
/// phrase query on the entity field matches them.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Byte ranges of the body tokens whose analyzed form is one of `terms`.
fn term_ranges(
    body: &str,
    terms: &HashSet<String>,
    analyzer: &mut TextAnalyzer,
) -> Vec<(usize, usize)> {
    if terms.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(body);
    while let Some(token) = stream.next() {
        if terms.contains(&token.text) {
            out.push((token.offset_from, token.offset_to));
        }
    }
    out
}

/// Cuts the window of `body` of at most `max_chars` chars that holds the most distinct
/// highlighted words, falling back to the body's start.
pub fn snippet(body: &str, mut ranges: Vec<(usize, usize)>, max_chars: usize) -> Snippet {
    ranges.retain(|&(s, e)| s < e && e <= body.len());
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    // Byte length of max_chars chars from a position.
    let end_after = |from: usize| -> usize {
        body[from..]
            .char_indices()
            .nth(max_chars)
            .map_or(body.len(), |(i, _)| from + i)
    };
    let lead_in = |at: usize| -> usize {
        // Start up to ~40 chars before the highlight, at a word start.
        let mut start = body[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        if start > 0 {
            if let Some(ws) = body[start..at].find(char::is_whitespace) {
                start += ws;
                start += body[start..].len() - body[start..].trim_start().len();
            } else {
                start = at;
            }
        }
        start
    };
    let mut best: Option<(usize, usize, usize)> = None; // (score, start, end)
    for &(s, _) in &merged {
        let start = lead_in(s);
        let end = end_after(start);
        let distinct: HashSet<String> = merged
            .iter()
            .filter(|&&(a, b)| a >= start && b <= end)
            .map(|&(a, b)| body[a..b].to_lowercase())
            .collect();
        let score = distinct.len() * 1000
            + merged
                .iter()
                .filter(|&&(a, b)| a >= start && b <= end)
                .count();
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, start, end));
        }
    }
    let (start, mut end) = best.map_or((0, end_after(0)), |(_, s, e)| (s, e));
    if end < body.len() {
        // End at a word boundary, keeping every highlight that fits.
        let last_needed = merged
            .iter()
            .filter(|&&(a, b)| a >= start && b <= end)
            .map(|&(_, b)| b)
            .max()
            .unwrap_or(start);
        if let Some(ws) = body[last_needed..end].rfind(char::is_whitespace) {
            end = last_needed + ws;
        }
    }
    let inside: Vec<(usize, usize)> = merged
        .into_iter()
        .filter(|&(a, b)| a >= start && b <= end)
        .collect();
    // Collapse white space, mapping highlight offsets into the new text.
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut next = inside.iter().peekable();
    let mut last_space = true;
    for (i, c) in body[start..end].char_indices() {
        let at = start + i;
        if let Some(&&(a, b)) = next.peek() {
            if open.is_none() && at == a {
                open = Some(text.len());
            }
            if let Some(o) = open
                && at == b
            {
                highlights.push([o, text.len()]);
                open = None;
                next.next();
            }
        }
        if c.is_whitespace() {
            if !last_space {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(c);
            last_space = false;
        }
    }
    if let Some(o) = open {
        highlights.push([o, text.len()]);
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    for h in &mut highlights {
        h[1] = h[1].min(trimmed);
    }
    if end < body.len() {
        text.push('…');
    }
    highlights.retain(|h| h[0] < h[1]);
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> String {
        let mut out = String::new();
        let mut at = 0;
        for [a, b] in &s.highlights {
            out.push_str(&s.text[at..*a]);
            out.push('[');
            out.push_str(&s.text[*a..*b]);
            out.push(']');
            at = *b;
        }
        out.push_str(&s.text[at..]);
        out
    }

    #[test]
    fn a_first_line_repeating_the_title_is_skipped() {
        let body = "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers.";
        assert_eq!(
            &body[after_title_line(body, "Bahia  cocoa review")..],
            "SALVADOR, Feb 26 - Showers."
        );
        assert_eq!(after_title_line(body, "Bahia cocoa"), 0, "not the title");
        assert_eq!(
            after_title_line("Title\n\n", "Title"),
            0,
            "nothing after it"
        );
        assert_eq!(after_title_line("Body text.", ""), 0);
    }

    #[test]
    fn snippet_without_highlights_is_the_start() {
        let s = snippet("One two  three\nfour.", vec![], 240);
        assert_eq!(s.text, "One two three four.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn snippet_maps_highlights_through_collapsed_space() {
        let body = "Alpha   beta\n\ngamma delta";
        let s = snippet(body, vec![(8, 12), (14, 19)], 240);
        assert_eq!(marked(&s), "Alpha [beta] [gamma] delta");
    }

    #[test]
    fn snippet_prefers_window_with_most_distinct_terms() {
        let filler = "word ".repeat(100);
        let body = format!("soleimani {filler} soleimani pentagon {filler}");
        let ranges: Vec<(usize, usize)> = body
            .match_indices("soleimani")
            .chain(body.match_indices("pentagon"))
            .map(|(i, m)| (i, i + m.len()))
            .collect();
        let s = snippet(&body, ranges, 80);
        assert!(s.text.starts_with('…'));
        assert!(
            marked(&s).contains("[soleimani] [pentagon]"),
            "{}",
            marked(&s)
        );
    }

    #[test]
    fn snippet_is_safe_on_multibyte_text() {
        let body = "Ça va — très bien, merci. ".repeat(30);
        let s = snippet(&body, vec![(0, 3)], 50);
        for [a, b] in &s.highlights {
            assert!(s.text.is_char_boundary(*a) && s.text.is_char_boundary(*b));
        }
    }

    #[test]
    fn contains_words_matches_whole_words_in_a_row() {
        let t = |s: &str| name_tokens(s);
        assert!(contains_words(&t("Donald Trump"), &t("trump")));
        assert!(!contains_words(&t("Donald Trumpet"), &t("trump")));
        assert!(contains_words(&t("Abu Mahdi al-Muhandis"), &t("muhandis")));
    }
}
