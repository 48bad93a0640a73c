//! Where must a name stop? A recogniser's span is cut where no name runs on: at a hard line
//! break, at a sentence end and at the angle brackets of a Reuters ticker. Runs after the
//! recognisers, on their spans ([`split_spans`]), so that a caption or a heading does not join
//! the next line's name ("Islamic Relations\nAlia Salem") and a ticker does not stick to its
//! company (`Occidental Petroleum Corp <OXY>`).
//!
//! Line breaks are of two kinds. Reuters-21578 and many wires hard-wrap running text at about
//! 65 characters, so a name may wrap ("Comissaria\nSmith", "Bank of\nEngland"): such a soft
//! break, inside a wrapped paragraph, is a space. A break is hard when
//! - a blank line or an indented line follows (a new paragraph),
//! - the line ends a sentence (`.`, `!`, `?`, `:` not after an abbreviation or initial), or
//! - the line is short: with the next line's first word it would still fill less than 7/8 of
//!   the text's wrap width, the length of its longest line (a wrapper would have taken that
//!   word up). Wire texts start the dateline's line a few characters short, hence the margin;
//!   text that is not wrapped has a very long longest line, so all its breaks are hard.
//!
//! A sentence ends at `!`, `?` or a `.` that is not part of an abbreviation (`Mr.`, `Corp.`,
//! `U.S.`, an initial `J.`), followed by white space inside the span.
//!
//! The pieces of a cut span keep its kind. A piece is dropped when it is a bracketed ticker
//! (`<OXY>`: no space, no lower-case letter) or, after a cut, starts in lower case (`of West
//! Germany` after `Siemens AG>`), a leading `and`, `&` or `or` after a bracket aside
//! (`Tractebel SA> and <Groupe Bruxelles Lambert SA`). A span that is a bracketed ticker alone is left alone: it
//! names the company by its symbol.

use std::cell::OnceCell;

use super::tokens::{END_ABBREVIATIONS, TITLE_ABBREVIATIONS};
use super::{EntityKind, RawSpan};

/// Why a span is cut at some bytes: the cut `[start, end)` and whether it is an angle bracket.
#[derive(Debug, Clone, Copy)]
struct Cut {
    start: usize,
    end: usize,
    bracket: bool,
}

/// `spans` cut at hard line breaks, sentence ends and ticker brackets (see the module docs),
/// still in text order and without overlaps.
pub(crate) fn split_spans(text: &str, spans: Vec<RawSpan>) -> Vec<RawSpan> {
    if !spans.iter().any(|s| needs_look(text, s)) {
        return spans;
    }
    let width = OnceCell::new();
    let mut out = Vec::with_capacity(spans.len() + 4);
    for s in spans {
        if !needs_look(text, &s) {
            out.push(s);
            continue;
        }
        let cuts = cuts(text, s, || *width.get_or_init(|| wrap_width(text)));
        if cuts.is_empty() {
            out.push(s);
            continue;
        }
        let mut from = s.start;
        let mut after_bracket = false;
        for cut in cuts.iter().copied().chain(std::iter::once(Cut {
            start: s.end,
            end: s.end,
            bracket: false,
        })) {
            if let Some(piece) = piece(text, s.kind, from, cut.start, from > s.start, after_bracket)
            {
                out.push(piece);
            }
            from = cut.end;
            after_bracket = cut.bracket;
        }
    }
    out
}

/// Whether the span holds a char that may cut it.
fn needs_look(text: &str, s: &RawSpan) -> bool {
    text.as_bytes()[s.start..s.end]
        .iter()
        .any(|b| matches!(b, b'\n' | b'.' | b'!' | b'?' | b'<' | b'>'))
}

/// The cuts of one span, in order, not overlapping.
fn cuts(text: &str, s: RawSpan, width: impl Fn() -> usize) -> Vec<Cut> {
    let span = &text[s.start..s.end];
    let mut cuts: Vec<Cut> = Vec::new();
    let mut push = |start: usize, end: usize, bracket: bool| match cuts.last_mut() {
        Some(last) if start <= last.end => {
            last.end = last.end.max(end);
            last.bracket |= bracket;
        }
        _ => cuts.push(Cut {
            start,
            end,
            bracket,
        }),
    };
    for (i, c) in span.char_indices() {
        let at = s.start + i;
        match c {
            '<' | '>' => push(at, at + 1, true),
            '\n' if hard_break(text, at, &width) => {
                let start = s.start + span[..i].trim_end().len();
                push(start, white_end(text, at, s.end), false);
            }
            '.' | '!' | '?' => {
                let next = at + 1;
                let follows = white_end(text, next, s.end);
                if follows > next && follows < s.end && sentence_end(text, at) {
                    push(at, follows, false);
                }
            }
            _ => {}
        }
    }
    cuts
}

/// The end of the white space that starts at `at`, at most `limit`.
fn white_end(text: &str, at: usize, limit: usize) -> usize {
    let rest = &text[at..limit];
    limit - rest.trim_start().len()
}

/// The piece `[from, to)` of a cut span, trimmed, or `None` when nothing of a name is left.
fn piece(
    text: &str,
    kind: EntityKind,
    from: usize,
    to: usize,
    after_cut: bool,
    after_bracket: bool,
) -> Option<RawSpan> {
    let raw = &text[from..to];
    let mut start = from + (raw.len() - raw.trim_start().len());
    let end = from + raw.trim_end().len();
    if start >= end {
        return None;
    }
    if ticker_piece(text, start, end) {
        return None;
    }
    if after_bracket {
        let s = &text[start..end];
        for conj in ["and ", "& ", "or "] {
            if let Some(rest) = s.strip_prefix(conj) {
                start = end - rest.trim_start().len();
                break;
            }
        }
    }
    let first = text[start..end].chars().next()?;
    if after_cut && first.is_lowercase() {
        return None;
    }
    Some(RawSpan { kind, start, end })
}

/// Whether `[start, end)` is the inside of `<…>` and reads like a ticker (`OXY`, `NESI.T`).
fn ticker_piece(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with('<')
        && text[end..].starts_with('>')
        && text[start..end]
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
}

/// Whether the punctuation at byte `at` (`.`, `!`, `?` or `:`) ends a sentence: not the dot of
/// an abbreviation (`Mr.`, `Corp.`, `U.S.`) or an initial (`J.`).
pub(crate) fn sentence_end(text: &str, at: usize) -> bool {
    if !text[at..].starts_with('.') {
        return true;
    }
    let before = &text[..at];
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let mut chars = word.chars();
    let initial = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
    !(initial
        || word.contains('.')
        || TITLE_ABBREVIATIONS.contains(&word)
        || END_ABBREVIATIONS.contains(&word))
}

/// Whether white space `text[from..to]` between two words holds a hard line break (see the
/// module docs); `width` caches the text's wrap width, computed on first need.
pub(crate) fn hard_break_between(
    text: &str,
    from: usize,
    to: usize,
    width: &OnceCell<usize>,
) -> bool {
    text[from..to]
        .find('\n')
        .is_some_and(|i| hard_break(text, from + i, &|| *width.get_or_init(|| wrap_width(text))))
}

/// Whether the line break at byte `at` is hard (see the module docs). `width` gives the
/// text's wrap width.
fn hard_break(text: &str, at: usize, width: &impl Fn() -> usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..at].trim_end();
    let rest = &text[at + 1..];
    // a blank line, or an indented line: a new paragraph
    let next = rest.trim_start_matches([' ', '\t', '\r']);
    if next.starts_with('\n') || rest.len() - next.len() >= 2 || rest.starts_with('\t') {
        return true;
    }
    if line.char_indices().next_back().is_some_and(|(i, c)| {
        matches!(c, '.' | '!' | '?' | ':') && sentence_end(text, line_start + i)
    }) {
        return true;
    }
    let next_word = next.split_whitespace().next().unwrap_or("");
    let filled = line.chars().count() + 1 + next_word.chars().count();
    filled * 8 <= width() * 7
}

/// The wrap width of `text`: the length of its longest line, in chars, trailing space aside.
fn wrap_width(text: &str) -> usize {
    text.lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces `split_spans` makes of one span over the whole of `text`'s `needle`.
    fn split(text: &str, needle: &str) -> Vec<String> {
        let start = text.find(needle).expect("needle in text");
        let span = RawSpan {
            kind: EntityKind::Organization,
            start,
            end: start + needle.len(),
        };
        split_spans(text, vec![span])
            .into_iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect()
    }

    /// A text hard-wrapped at about 60 characters, as Reuters-21578 is.
    const WRAPPED: &str = "NEW YORK, March 3 - The shares of the company rose sharply\n\
        on Tuesday after its chairman, a former official of the\n\
        Bank of England, said it would sell a unit to Comissaria\n\
        Smith, a Brazilian trading house with offices in Salvador.\n\
        The sale needs the approval of the shareholders and of the\n\
        Securities and Exchange Commission, the company said.\n";

    /// Regression: spans ran across a caption's line break ("Islamic Relations Alia Salem").
    #[test]
    fn a_short_line_is_a_hard_break() {
        let text = "Members of the Council on American-Islamic Relations gathered outside the \
                    courthouse on Monday to hear the verdict read.\n\
                    Council on American-Islamic Relations\n\
                    Alia Salem said the group would appeal the ruling in the spring.\n";
        assert_eq!(
            split(text, "Islamic Relations\nAlia Salem"),
            ["Islamic Relations", "Alia Salem"]
        );
    }

    /// A name wrapped inside a hard-wrapped paragraph stays one name.
    #[test]
    fn a_wrapped_name_stays_whole() {
        assert_eq!(split(WRAPPED, "Comissaria\nSmith"), ["Comissaria\nSmith"]);
        assert_eq!(
            split(WRAPPED, "the\nBank of England"),
            ["the\nBank of England"]
        );
    }

    /// Regression: a heading over a paragraph, a blank line or an indented line between.
    #[test]
    fn paragraphs_and_sentence_lines_are_hard_breaks() {
        assert_eq!(
            split("BAHIA COCOA REVIEW\n\nSalvador rains", "REVIEW\n\nSalvador"),
            ["REVIEW", "Salvador"]
        );
        assert_eq!(
            split(
                "said the bank.\n    Comissaria Smith said",
                "bank.\n    Comissaria"
            ),
            ["bank", "Comissaria"]
        );
        // one sentence a line (CoNLL-2003): a line that ends a sentence is a hard break
        assert_eq!(
            split("He met the Pope .\nBritain said no .", "Pope .\nBritain"),
            ["Pope", "Britain"]
        );
    }

    /// Regression: spans ran across sentence ends; abbreviations and initials do not end one.
    #[test]
    fn sentence_ends_cut_but_abbreviations_do_not() {
        assert_eq!(
            split("He spoke to Smith. Jones left.", "Smith. Jones"),
            ["Smith", "Jones"]
        );
        assert_eq!(
            split("in Paris . France said", "Paris . France"),
            ["Paris", "France"]
        );
        for name in [
            "U.S. Agriculture Department",
            "J.P. Morgan Co",
            "Merrill Lynch and Co. Inc.",
            "Mr. Smith",
            "George W. Bush",
        ] {
            assert_eq!(split(&format!("said {name} on"), name), [name]);
        }
    }

    /// Regression: "Occidental Petroleum Corp <OXY" was one organization.
    #[test]
    fn tickers_do_not_stick_to_names() {
        let text = "Occidental Petroleum Corp <OXY> said its unit";
        assert_eq!(
            split(text, "Occidental Petroleum Corp <OXY"),
            ["Occidental Petroleum Corp"]
        );
        let text = "a unit of Occidental Petroleum <OXY> United Gas Pipe Line Co said";
        assert_eq!(
            split(text, "OXY> United Gas Pipe Line Co"),
            ["United Gas Pipe Line Co"]
        );
        let text =
            "Tractebel SA> and <Groupe Bruxelles Lambert SA> and Siemens AG> of West Germany";
        assert_eq!(
            split(text, "Tractebel SA> and <Groupe Bruxelles Lambert SA"),
            ["Tractebel SA", "Groupe Bruxelles Lambert SA"]
        );
        assert_eq!(split(text, "Siemens AG> of West Germany"), ["Siemens AG"]);
        // a ticker alone names the company; a company name in brackets stays whole
        let text = "STANDARD OIL <SRD> TO FORM UNIT, with <Sedio N.V.> of Lugano";
        assert_eq!(split(text, "SRD"), ["SRD"]);
        assert_eq!(split(text, "Sedio N.V."), ["Sedio N.V."]);
    }

    #[test]
    fn wrap_width_is_the_longest_line() {
        assert_eq!(wrap_width("ab\nabcd  \nabc"), 4);
        assert_eq!(wrap_width(""), 0);
    }
}
