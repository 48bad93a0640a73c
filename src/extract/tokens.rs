//! Splits text into word and punctuation tokens with byte offsets, for the rule-based recogniser.
//!
//! A word is a run of letters and digits, with inner hyphens (`Abdel-Mahdi`, `CJTF-OIR`),
//! inner apostrophes (`O'Brien`, `don't`), `&` between capitals (`AT&T`) and dotted
//! abbreviations (`U.S.`); a possessive `'s` is its own token. A known abbreviation (`Mr.`,
//! `Inc.`) or an initial (`W.`) keeps its dot. Every token also knows whether it starts a
//! sentence and which line it is on, and every line whether it is written in capitals (a
//! headline such as `BAHIA COCOA REVIEW`).

/// One token: `text[start..end]`, end exclusive, both on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte offset of the first byte.
    pub(crate) start: usize,
    /// Byte offset just past the last byte.
    pub(crate) end: usize,
    /// A word (letters or digits), not punctuation.
    pub(crate) word: bool,
    /// The first word of a sentence: after `.`, `!`, `?`, `:`, a paragraph break or a line that
    /// ends in a number (a dateline), quotes and brackets between not counting.
    pub(crate) sent_start: bool,
    /// A blank line, or a line break and indentation, comes before it.
    pub(crate) para_before: bool,
    /// The first token of its line.
    pub(crate) line_start: bool,
    /// Index of its line in [`Tokens::shouting`].
    pub(crate) line: usize,
}

/// The tokens of a text and, for each line, whether it is written in capitals.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub(crate) toks: Vec<Token>,
    pub(crate) shouting: Vec<bool>,
}

/// Abbreviations that keep their dot (`Mr.`); the dot after them does not end a sentence.
pub(crate) const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Maj", "Adm", "Gov", "Sen",
    "Rep", "Rev", "St", "Mt", "Ft", "Cmdr", "Brig", "Pres", "Hon", "Messrs", "Mme", "Mlle", "Fr",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "vs", "Vs",
];
/// Abbreviations that keep their dot and may end a sentence (`Inc.`).
pub(crate) const END_ABBREVIATIONS: &[&str] = &[
    "Inc", "Corp", "Co", "Ltd", "Bros", "Jr", "Sr", "Dept", "Univ", "Assn", "Ave", "Blvd", "etc",
];

/// The char at byte `i`, if any.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// The end of the word that starts at `i` (an alphanumeric char), and whether it took a dot
/// that may also end a sentence.
fn scan_word(text: &str, i: usize) -> (usize, bool) {
    let alnum = |j: usize| char_at(text, j).is_some_and(char::is_alphanumeric);
    let mut j = i;
    let mut segment_start = i;
    loop {
        while let Some(c) = char_at(text, j).filter(|c| c.is_alphanumeric()) {
            j += c.len_utf8();
        }
        let Some(c) = char_at(text, j) else { break };
        let after = j + c.len_utf8();
        if is_hyphen(c) && alnum(after) {
            j = after;
            segment_start = j;
        } else if is_apostrophe(c) && alnum(after) {
            // a possessive 's is a token of its own
            let possessive = matches!(char_at(text, after), Some('s' | 'S')) && !alnum(after + 1);
            if possessive {
                break;
            }
            j = after;
            segment_start = j;
        } else if c == '&'
            && text[..j]
                .chars()
                .next_back()
                .is_some_and(char::is_uppercase)
            && char_at(text, after).is_some_and(char::is_uppercase)
        {
            j = after;
            segment_start = j;
        } else if c == '.'
            && text[segment_start..j].chars().count() == 1
            && char_at(text, after).is_some_and(char::is_alphabetic)
            && char_at(text, after)
                .map(|n| after + n.len_utf8())
                .is_some_and(|k| char_at(text, k) == Some('.'))
        {
            // U.S, e.g: one letter, a dot, one letter, a dot
            j = after;
            segment_start = j;
        } else {
            break;
        }
    }
    if char_at(text, j) == Some('.') {
        let word = &text[i..j];
        let mut chars = word.chars();
        let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
        if word.contains('.') || END_ABBREVIATIONS.contains(&word) {
            return (j + 1, true);
        }
        if initial || TITLE_ABBREVIATIONS.contains(&word) {
            return (j + 1, false);
        }
    }
    (j, false)
}

/// Tokenizes `text`.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut line = 0usize;
    let mut expect_start = true;
    let mut newlines_before = 0usize;
    let mut indent_after_newline = 0usize;
    let mut line_has_token = false;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c.is_whitespace() {
            if c == '\n' {
                newlines_before += 1;
                indent_after_newline = 0;
                line += 1;
                line_has_token = false;
            } else if newlines_before > 0 && c != '\r' {
                indent_after_newline += 1;
            }
            i += c.len_utf8();
            continue;
        }
        let para = newlines_before >= 2 || (newlines_before == 1 && indent_after_newline >= 2);
        if para {
            expect_start = true;
        } else if newlines_before == 1 {
            // a line that ends in a number (a dateline such as `LONDON 1996-08-30`)
            let prev_numeric = toks.last().is_some_and(|t| {
                t.word && text[t.start..].starts_with(|c: char| c.is_ascii_digit())
            });
            if prev_numeric {
                expect_start = true;
            }
        }
        let start = i;
        let (end, word, ends_sentence) = if c.is_alphanumeric() {
            let (end, ends) = scan_word(text, i);
            (end, true, ends)
        } else if is_apostrophe(c) && matches!(char_at(text, i + c.len_utf8()), Some('s' | 'S')) {
            let after = i + c.len_utf8() + 1;
            if char_at(text, after).is_some_and(char::is_alphanumeric) {
                (i + c.len_utf8(), false, false)
            } else {
                (after, false, false)
            }
        } else {
            (i + c.len_utf8(), false, matches!(c, '.' | '!' | '?' | ':'))
        };
        let sent_start = word && expect_start;
        toks.push(Token {
            start,
            end,
            word,
            sent_start,
            para_before: para,
            line_start: !line_has_token,
            line,
        });
        line_has_token = true;
        newlines_before = 0;
        indent_after_newline = 0;
        if word {
            expect_start = ends_sentence;
        } else if ends_sentence {
            expect_start = true;
        } else if matches!(c, ',' | ';') {
            expect_start = false;
        }
        i = end;
    }
    let shouting = shouting_lines(text, &toks, line + 1);
    Tokens { toks, shouting }
}

/// For each line, whether most of its cased words (two or more of them) are in capitals.
fn shouting_lines(text: &str, toks: &[Token], lines: usize) -> Vec<bool> {
    let mut cased = vec![0u32; lines];
    let mut caps = vec![0u32; lines];
    for t in toks.iter().filter(|t| t.word) {
        let w = &text[t.start..t.end];
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || !w.chars().any(|c| c.is_uppercase() || c.is_lowercase()) {
            continue;
        }
        cased[t.line] += 1;
        if !w.chars().any(char::is_lowercase) {
            caps[t.line] += 1;
        }
    }
    cased
        .iter()
        .zip(&caps)
        .map(|(&n, &c)| n >= 2 && c * 10 >= n * 7)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .toks
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn splits_words_and_punctuation() {
        assert_eq!(
            words("Iraq's CJTF-OIR, Abdel-Mahdi O'Brien don't U.S. troops."),
            [
                "Iraq",
                "'s",
                "CJTF-OIR",
                ",",
                "Abdel-Mahdi",
                "O'Brien",
                "don't",
                "U.S.",
                "troops",
                "."
            ]
        );
        assert_eq!(
            words("Mr. Smith, AT&T Inc. and George W. Bush"),
            [
                "Mr.", "Smith", ",", "AT&T", "Inc.", "and", "George", "W.", "Bush"
            ]
        );
        assert_eq!(
            words("Trump’s ‘x’ Reuters' 1,750"),
            [
                "Trump", "’s", "‘", "x", "’", "Reuters", "'", "1", ",", "750"
            ]
        );
    }

    #[test]
    fn marks_sentence_starts() {
        let text = "On Sunday, the vote. \"Sir, we\" said Mr. Smith of the U.S. The end";
        let t = tokenize(text);
        let starts: Vec<&str> = t
            .toks
            .iter()
            .filter(|t| t.sent_start)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(starts, ["On", "Sir", "The"]);
    }

    #[test]
    fn paragraphs_and_datelines_start_sentences() {
        let text = "said the\nBank of England\n    Shares fell\nLONDON 1996-08-30\nWest Indian";
        let t = tokenize(text);
        let starts: Vec<&str> = t
            .toks
            .iter()
            .filter(|t| t.sent_start)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(starts, ["said", "Shares", "West"]);
    }

    #[test]
    fn finds_lines_in_capitals() {
        let t = tokenize("BAHIA COCOA REVIEW\nShowers continued in the US and AFP");
        assert_eq!(t.shouting, [true, false]);
    }
}
