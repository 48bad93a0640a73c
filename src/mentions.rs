//! Where exactly is an entity mentioned? Every mention of the entities a request filters for,
//! in the matching articles, with the sentence around it: how a reporter reads what was said
//! about someone across an archive, and how they spot the recogniser's errors. The mentions
//! come from the body offsets stored with each article; articles are read one at a time in
//! the request's order, so memory stays flat whatever the number of mentions.

use std::collections::VecDeque;
use std::ops::Range;
use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;
use tantivy::schema::{TantivyDocument, Value};

use crate::extract::{EntityKind, sentence_end};
use crate::indexer::StoredMention;
use crate::search::{Hits, SearchIndex, SearchRequest};
use crate::{Error, Result};

/// The most bytes of context taken on each side of a mention when its sentence is longer.
pub const CONTEXT_BYTES: usize = 240;

/// One mention of a filtered entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// The article's id (`file#record`, `file:line` or the file's path).
    pub article_id: String,
    /// The article's file.
    pub path: PathBuf,
    /// The article's publication date, when it has one.
    pub published: Option<Timestamp>,
    /// The article's title, when it has one.
    pub title: Option<String>,
    /// The entity's type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The entity's name in this article (its canonical name: "James Baker" for a "Baker").
    pub name: String,
    /// The mention as written.
    pub text: String,
    /// Byte offsets of the mention in the body, end exclusive.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Char (Unicode scalar) offsets of the mention in the body, end exclusive.
    pub char_start: usize,
    /// See `char_start`.
    pub char_end: usize,
    /// The sentence around the mention (at most [`CONTEXT_BYTES`] on each side, cut at a word
    /// with `…`), white space collapsed.
    pub context: String,
    /// Byte offsets of the mention in `context`, end exclusive.
    pub highlight: [usize; 2],
}

/// The mentions of a request, read as they are asked for ([`mentions`]).
pub struct Mentions<'a> {
    /// How many articles match the request.
    pub total_articles: usize,
    /// The entity filters that also matched other names of their entity.
    pub other_names: Vec<crate::search::FilterNames>,
    hits: Hits<'a>,
    queue: VecDeque<Mention>,
}

/// The mentions of the entities `request` filters for (`--person`, `--org`, `--location`, by
/// every name the filter matches), in the articles that match it, in the request's order and,
/// within an article, in body order. A request without an entity filter is an error.
pub fn mentions<'a>(index: &'a SearchIndex, request: &SearchRequest) -> Result<Mentions<'a>> {
    if request.entity_filters().next().is_none() {
        return Err(Error::InvalidRequest {
            flag: "--person/--org/--location".into(),
            reason: "mentions of which entity? give at least one of them".into(),
        });
    }
    let mut request = request.clone();
    request.all = true;
    let mut hits = index.hits(&request)?;
    Ok(Mentions {
        total_articles: hits.total_hits,
        other_names: std::mem::take(&mut hits.other_names),
        hits,
        queue: VecDeque::new(),
    })
}

impl Iterator for Mentions<'_> {
    type Item = Result<Mention>;

    fn next(&mut self) -> Option<Result<Mention>> {
        loop {
            if let Some(m) = self.queue.pop_front() {
                return Some(Ok(m));
            }
            match self.hits.next_document()? {
                Ok((_, _, doc)) => self.queue = self.of_article(&doc).into(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Mentions<'_> {
    /// The wanted mentions of one stored article, in body order.
    fn of_article(&self, doc: &TantivyDocument) -> Vec<Mention> {
        let fields = self.hits.fields();
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let body = text(fields.body).unwrap_or_default();
        let mut stored: Vec<StoredMention> = text(fields.mentions)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        stored.retain(|StoredMention(kind, start, end, canonical)| {
            *start < *end
                && *end <= body.len()
                && body.is_char_boundary(*start)
                && body.is_char_boundary(*end)
                && self.hits.wants(*kind, canonical)
        });
        stored.sort_by_key(|m| m.1);
        let id = text(fields.id).unwrap_or_default();
        let path = PathBuf::from(text(fields.path).unwrap_or_default());
        let title = text(fields.title);
        let published = doc
            .get_first(fields.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| Timestamp::from_second(d.into_timestamp_secs()).ok());
        // char offsets, counted on from the last mention
        let (mut byte, mut chars) = (0, 0);
        let mut char_at = |at: usize| {
            chars += body[byte..at].chars().count();
            byte = at;
            chars
        };
        stored
            .into_iter()
            .map(|StoredMention(kind, start, end, name)| {
                let char_start = char_at(start);
                let char_end = char_at(end);
                let (context, highlight) = context(&body, start..end);
                Mention {
                    article_id: if id.is_empty() {
                        path.display().to_string()
                    } else {
                        id.clone()
                    },
                    path: path.clone(),
                    published,
                    title: title.clone(),
                    kind,
                    name,
                    text: body[start..end].to_string(),
                    start,
                    end,
                    char_start,
                    char_end,
                    context,
                    highlight,
                }
            })
            .collect()
    }
}

/// The sentence of `text` around `mention` (at most [`CONTEXT_BYTES`] on each side), white
/// space collapsed, and the mention's offsets in it.
pub fn context(text: &str, mention: Range<usize>) -> (String, [usize; 2]) {
    let (from, cut_before) = sentence_start(text, mention.start);
    let (to, cut_after) = sentence_stop(text, mention.end);
    let mut out = String::new();
    if cut_before {
        out.push('…');
    }
    let mut highlight = [0, 0];
    let mut space = false;
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        if at == mention.start {
            if space && !out.is_empty() && !out.ends_with('…') {
                out.push(' ');
            }
            space = false;
            highlight[0] = out.len();
        }
        if at == mention.end {
            highlight[1] = out.len();
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !out.ends_with('…') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if mention.end == to {
        highlight[1] = out.len();
    }
    if cut_after {
        out.push('…');
    }
    (out, highlight)
}

/// Where the sentence holding byte `at` starts: after the last sentence end or blank line
/// before it, at most [`CONTEXT_BYTES`] back (then at a word start, and `true`: cut).
fn sentence_start(text: &str, at: usize) -> (usize, bool) {
    let floor = floor_boundary(text, at.saturating_sub(CONTEXT_BYTES));
    let before = &text[floor..at];
    let mut best = None;
    for (i, c) in before.char_indices().rev() {
        let pos = floor + i;
        let blank_line = c == '\n'
            && text[..pos]
                .trim_end_matches([' ', '\t', '\r'])
                .ends_with('\n');
        if blank_line {
            best = Some(pos + 1);
            break;
        }
        if let Some(next) = ends_sentence(text, pos).filter(|&n| n <= at) {
            best = Some(next);
            break;
        }
    }
    match best {
        Some(start) => (skip_space(text, start), false),
        None if floor == 0 => (skip_space(text, 0), false),
        None => {
            // at the first word start after the floor
            let word = before.find(char::is_whitespace).map_or(at, |i| floor + i);
            (skip_space(text, word).min(at), true)
        }
    }
}

/// Where the sentence holding the byte before `at` stops: after the next sentence end, or at
/// the next blank line, at most [`CONTEXT_BYTES`] on (then at a word end, and `true`: cut).
fn sentence_stop(text: &str, at: usize) -> (usize, bool) {
    let ceiling = ceil_boundary(text, (at + CONTEXT_BYTES).min(text.len()));
    let after = &text[at..ceiling];
    for (i, c) in after.char_indices() {
        let pos = at + i;
        let next = pos + c.len_utf8();
        if c == '\n'
            && text[next..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            return (pos, false);
        }
        if let Some(end) = ends_sentence(text, pos) {
            return (end, false);
        }
    }
    if ceiling == text.len() {
        return (text.trim_end().len().max(at), false);
    }
    let word = after.rfind(char::is_whitespace).map_or(at, |i| at + i);
    (word.max(at), true)
}

/// Where the sentence ends when the char at `pos` ends one: a `.`, `!` or `?` that is no
/// abbreviation's dot, then any closing quotes, then white space or the end of the text.
fn ends_sentence(text: &str, pos: usize) -> Option<usize> {
    let c = text[pos..].chars().next()?;
    if !matches!(c, '.' | '!' | '?') || !sentence_end(text, pos) {
        return None;
    }
    let rest = &text[pos + 1..];
    let unquoted = rest.trim_start_matches(['"', '\'', '”', '’', ')']);
    let next = text.len() - unquoted.len();
    (unquoted.is_empty() || unquoted.starts_with(char::is_whitespace)).then_some(next)
}

fn skip_space(text: &str, at: usize) -> usize {
    at + (text[at..].len() - text[at..].trim_start().len())
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ctx(text: &str, name: &str) -> (String, String) {
        let start = text.find(name).unwrap();
        let (c, [a, b]) = context(text, start..start + name.len());
        let marked = c[a..b].to_string();
        (c, marked)
    }

    #[test]
    fn the_context_is_the_sentence_around_the_mention() {
        let text = "WASHINGTON, March 2 - Talks went on.\nTreasury Secretary James A. Baker said\n  the U.S. would act. Nobody else spoke.";
        let (c, m) = ctx(text, "James A. Baker");
        assert_eq!(
            c,
            "Treasury Secretary James A. Baker said the U.S. would act."
        );
        assert_eq!(m, "James A. Baker");
        let (c, _) = ctx("Baker", "Baker");
        assert_eq!(c, "Baker");
        let (c, _) = ctx("First para\n\nBaker spoke\n\nthird", "Baker");
        assert_eq!(c, "Baker spoke");
        // a quote that closes a sentence belongs to it
        let (c, _) = ctx(
            "He said, \"OPEC will act.\" Then OPEC met. Later.",
            "OPEC met",
        );
        assert_eq!(c, "Then OPEC met.");
        let (c, _) = ctx("He said, \"OPEC will act.\" Then it met.", "OPEC");
        assert_eq!(c, "He said, \"OPEC will act.\"");
    }

    #[test]
    fn a_long_sentence_is_cut_at_words_with_an_ellipsis() {
        let words = "word ".repeat(100);
        let text = format!("{words}Baker {words}");
        let (c, m) = ctx(&text, "Baker");
        assert!(c.starts_with('…') && c.ends_with('…'), "{c}");
        assert_eq!(m, "Baker");
        assert!(c.len() <= 2 * CONTEXT_BYTES + 16, "{}", c.len());
    }

    proptest! {
        /// Any text, any char-aligned range: the highlight is the range's text, white space
        /// collapsed, and nothing panics.
        #[test]
        fn the_highlight_is_the_mention(text in "[a-zé. \n!?]{0,80}", a in 0usize..80, len in 1usize..10) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = bounds[a.min(bounds.len() - 1)];
            let end = bounds[(a + len).min(bounds.len() - 1)];
            prop_assume!(start < end);
            prop_assume!(!text[start..end].starts_with(char::is_whitespace) && !text[start..end].ends_with(char::is_whitespace));
            let (c, [h0, h1]) = context(&text, start..end);
            let want: Vec<&str> = text[start..end].split_whitespace().collect();
            prop_assert_eq!(c[h0..h1].split_whitespace().collect::<Vec<_>>(), want);
        }
    }
}
