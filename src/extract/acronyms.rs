//! Which names does the article define an acronym for? News writes a name out once and then uses
//! its short form: `the Organization of Petroleum Exporting Countries (OPEC)`, `the "Islamic
//! State" (IS)`. A definition makes the long form a name even when nothing else does, and gives
//! the short form, in brackets and wherever else it stands, the long form's type.
//!
//! A definition is the pattern of Schwartz & Hearst (2003, "A simple algorithm for identifying
//! abbreviation definitions in biomedical text"), kept strict for precision: a short form of 2
//! to 8 capital letters in brackets, right after a run of capitalised words (maybe quoted; `of`,
//! `and`, `the`, `for`, `on`, `in`, `to` may stand between them in lower case) whose initials are the short form's
//! letters, in order and all of them.
//!
//! [`apply`] then, for each definition whose long form the recogniser did not find whole as a
//! name of another kind (a treaty, an event: `MISC`):
//! - gives the long form one span, of the type a recogniser gave what it overlapped (the type
//!   most of its characters had), else the gazetteer's, else organization (what news defines
//!   acronyms for); a long form a span runs out of, one only persons overlap, and a term (a
//!   common word and no organization word last, and three words or only common ones: "Gross
//!   Domestic Product (GDP)") are left alone, whatever the recogniser made of them;
//! - adds the bracketed short form and each other stand-alone use of it with that type, where no
//!   span overlaps it, and retypes a span that is exactly the short form; a use on a line in
//!   capitals (a headline, where `IS` is the verb) does not count.

use std::ops::Range;

use super::gazetteer::{GAZETTEER, Known};
use super::normalize::OF_HEADS;
use super::{EntityKind, RawSpan};

/// Lower-case words that may stand inside a long form without giving a letter.
const JOINERS: &[&str] = &["of", "and", "the", "for", "on", "in", "to", "&"];

/// Quotes that may close or open a long form.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’')
}

/// One acronym definition: byte ranges of the long form and of the short form in brackets.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Definition {
    pub(crate) long: Range<usize>,
    pub(crate) short: Range<usize>,
}

/// The acronym definitions of a text, in text order.
pub(crate) fn definitions(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = text[from..].find('(') {
        let open = from + k;
        from = open + 1;
        let Some(close) = text[open + 1..].find(')').map(|c| open + 1 + c) else {
            break;
        };
        let short = &text[open + 1..close];
        if !(2..=8).contains(&short.len()) || !short.bytes().all(|b| b.is_ascii_uppercase()) {
            continue;
        }
        if let Some(long) = long_form(&text[..open], short) {
            out.push(Definition {
                long,
                short: open + 1..close,
            });
        }
    }
    out
}

/// The long form ending just before a bracket (`before` ends at it), for `short`: the words
/// before it, walked back one space at a time, each capitalised one giving the next letter of
/// `short` from its last, until its first. Dotted initials give a letter each ("U.S." is `US`),
/// and a department or ministry named after what it is for may give its letters in the order of
/// the name's other form ("U.S. Agriculture Department (USDA)", the U.S. Department of
/// Agriculture).
fn long_form(before: &str, short: &str) -> Option<Range<usize>> {
    let letters = short.as_bytes();
    walk_back(before, letters).or_else(|| {
        let last = before
            .trim_end_matches([' ', '\t'])
            .trim_end_matches(is_quote);
        let head = last.rsplit(' ').next()?;
        let n = letters.len();
        if n < 2 || !OF_HEADS.contains(&head.to_lowercase().as_str()) {
            return None;
        }
        let mut swapped = letters.to_vec();
        swapped.swap(n - 1, n - 2);
        walk_back(before, &swapped)
    })
}

/// The letters a word of a long form gives: one per initial of dotted initials ("U.S."), else
/// its first character.
fn initials(word: &str) -> Vec<char> {
    let dotted = word.len() >= 4
        && word.len().is_multiple_of(2)
        && word
            .as_bytes()
            .chunks(2)
            .all(|c| c[0].is_ascii_uppercase() && c[1] == b'.');
    if dotted {
        word.chars().step_by(2).collect()
    } else {
        word.chars().take(1).collect()
    }
}

/// [`long_form`] for one order of the letters.
fn walk_back(before: &str, letters: &[u8]) -> Option<Range<usize>> {
    let end_space = before.trim_end_matches([' ', '\t']);
    let end = end_space.trim_end_matches(is_quote).len();
    let quoted = end < end_space.len();
    let mut need = letters.len();
    let mut cursor = end;
    let mut words = 0;
    loop {
        let head = &before[..cursor];
        let word_start = head
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let raw = &head[word_start..];
        let word = raw.trim_start_matches(is_quote);
        let opened = word.len() < raw.len();
        if word.is_empty() || words > letters.len() + 2 {
            return None;
        }
        words += 1;
        // a joiner gives no letter and never opens the long form
        let joiner = words > 1 && !opened && JOINERS.contains(&word);
        if !joiner {
            let given = initials(word);
            let first = *given.first()?;
            let plain = given.len() == 1 && word.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !first.is_uppercase()
                || !(plain || given.len() > 1)
                || given.len() > need
                || !given
                    .iter()
                    .zip(&letters[need - given.len()..need])
                    .all(|(g, l)| g.eq_ignore_ascii_case(&char::from(*l)))
            {
                return None;
            }
            need -= given.len();
            if need == 0 {
                // a quoted long form opens with its quote, an unquoted one does not
                return (opened == quoted).then_some(word_start + (raw.len() - word.len())..end);
            }
            if opened {
                return None;
            }
        }
        if !head[..word_start].ends_with(' ') {
            return None;
        }
        cursor = word_start - 1;
    }
}

/// Whether a long form is a term rather than a name: its last word is a common lower-case word
/// and no organization word, and either all its words are common or it has three or more
/// ("Gross Domestic Product", "Petroleum Revenue Tax", but not "Gulf Cooperation Council" or
/// "Islamic State").
fn is_term(long: &str) -> bool {
    let g = &*GAZETTEER;
    let words: Vec<String> = long
        .split(' ')
        .filter(|w| !JOINERS.contains(w))
        .map(str::to_lowercase)
        .collect();
    let common = |w: &String| g.common_words.contains(w.as_str());
    words
        .last()
        .is_some_and(|w| common(w) && !g.org_words.contains_key(w))
        && (words.len() >= 3 || words.iter().all(common))
}

/// Whether a line is mostly capitals (a headline, a shouted dateline).
fn shouting_line(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let upper = line.chars().filter(|c| c.is_uppercase()).count();
    let lower = line.chars().filter(|c| c.is_lowercase()).count();
    upper > lower
}

/// Every stand-alone use of `short` in `text` (not inside a longer word).
fn uses<'a>(text: &'a str, short: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    text.match_indices(short).filter_map(move |(i, _)| {
        let end = i + short.len();
        let before = text[..i].chars().next_back();
        let after = text[end..].chars().next();
        let free = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        (free(before) && free(after)).then_some(i..end)
    })
}

/// The type the spans overlapping `range` give it: the type most of its characters have.
fn overlapping_kind(spans: &[RawSpan], range: &Range<usize>) -> Option<EntityKind> {
    let mut best: Option<(usize, EntityKind)> = None;
    for s in spans {
        let overlap = s
            .end
            .min(range.end)
            .saturating_sub(s.start.max(range.start));
        if overlap > 0 && best.is_none_or(|(n, _)| overlap > n) {
            best = Some((overlap, s.kind));
        }
    }
    best.map(|(_, k)| k)
}

/// Applies the article's acronym definitions to a recogniser's spans (in text order, without
/// overlaps); the result is in text order, without overlaps. `misc` are the names the
/// recogniser found that are no person, organization or place (a treaty, an event, a
/// nationality): a long form one of them covers whole is left alone ("International Natural
/// Rubber Agreement (INRA)").
pub(crate) fn apply(text: &str, mut spans: Vec<RawSpan>, misc: &[Range<usize>]) -> Vec<RawSpan> {
    for def in definitions(text) {
        let long = def.long.clone();
        if misc
            .iter()
            .any(|m| m.start <= long.start && long.end <= m.end)
        {
            continue;
        }
        let overlaps = |s: &RawSpan| s.start < long.end && long.start < s.end;
        if spans
            .iter()
            .any(|s| overlaps(s) && (s.start < long.start || s.end > long.end))
        {
            continue;
        }
        if is_term(&text[long.clone()]) {
            continue;
        }
        let kind = match overlapping_kind(&spans, &long) {
            Some(EntityKind::Person) => continue,
            Some(kind) => kind,
            None => match GAZETTEER.exact.get(&text[long.clone()]) {
                Some(Known::Location) => EntityKind::Location,
                Some(Known::Organization) => EntityKind::Organization,
                Some(_) => continue,
                None => EntityKind::Organization,
            },
        };
        spans.retain(|s| !overlaps(s));
        spans.push(RawSpan {
            kind,
            start: long.start,
            end: long.end,
        });
        let short = &text[def.short.clone()];
        for r in uses(text, short) {
            if r != def.short && shouting_line(text, r.start) {
                continue;
            }
            let hit = spans
                .iter_mut()
                .find(|s| s.start < r.end && r.start < s.end);
            match hit {
                Some(s) if s.start == r.start && s.end == r.end => s.kind = kind,
                Some(_) => {}
                None => spans.push(RawSpan {
                    kind,
                    start: r.start,
                    end: r.end,
                }),
            }
        }
        spans.sort_by_key(|s| (s.start, s.end));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longs(text: &str) -> Vec<(&str, &str)> {
        definitions(text)
            .into_iter()
            .map(|d| (&text[d.long], &text[d.short]))
            .collect()
    }

    #[test]
    fn definitions_are_strict_initials() {
        assert_eq!(
            longs("ministers of the Organization of Petroleum Exporting Countries (OPEC) met"),
            [("Organization of Petroleum Exporting Countries", "OPEC")]
        );
        assert_eq!(
            longs("fighting the \"Zorbian Liberation Front\" (ZLF) in the north"),
            [("Zorbian Liberation Front", "ZLF")]
        );
        assert_eq!(
            longs("the Securities and Exchange Commission (SEC) said"),
            [("Securities and Exchange Commission", "SEC")]
        );
        // initials that do not spell it, a wire credit, lower-case words, a broken line
        assert!(longs("the Kurdistan Workers Party (PKK) said").is_empty());
        assert!(longs("WASHINGTON (AP) - The").is_empty());
        assert!(longs("some big company (SBC) said").is_empty());
        assert!(longs("Big\nCompany (BC)").is_empty());
        assert!(longs("a \"Big Company (BC)").is_empty());
        assert!(longs("(AB) (").is_empty());
        // dotted initials give a letter each; a department may spell its other name's order
        assert_eq!(
            longs(
                "the U.S. Agriculture Department (USDA) said; the U.K. Atomic Energy Authority (UKAEA)"
            ),
            [
                ("U.S. Agriculture Department", "USDA"),
                ("U.K. Atomic Energy Authority", "UKAEA")
            ]
        );
        assert_eq!(
            longs("the U.S. Department of Agriculture (USDA)"),
            [("U.S. Department of Agriculture", "USDA")]
        );
        assert!(longs("the Agriculture Ministry (MAB)").is_empty());
    }

    #[test]
    fn a_definition_types_the_long_and_the_short_form() {
        let text = "Troops fought the \"Zorbian Liberation Front\" (ZLF) for years.\n\
                    The ZLF denied it.\n\
                    ZLF IS BEATEN, SAYS ARMY";
        let spans = apply(text, Vec::new(), &[]);
        let got: Vec<(EntityKind, &str)> = spans
            .iter()
            .map(|s| (s.kind, &text[s.start..s.end]))
            .collect();
        let term = "the Gross Domestic Product (GDP) grew; the Gulf Cooperation Council (GCC) met; \
                    the Petroleum Revenue Tax (PRT) fell";
        let found: Vec<&str> = apply(term, Vec::new(), &[])
            .iter()
            .map(|s| &term[s.start..s.end])
            .collect();
        assert_eq!(found, ["Gulf Cooperation Council", "GCC"]);
        assert_eq!(
            got,
            [
                (EntityKind::Organization, "Zorbian Liberation Front"),
                (EntityKind::Organization, "ZLF"),
                (EntityKind::Organization, "ZLF"),
            ]
        );
    }

    #[test]
    fn a_recognised_long_form_keeps_its_type() {
        let text = "the United Arab Emirates (UAE) and the UAE";
        let long = text.find("United").unwrap();
        let spans = vec![RawSpan {
            kind: EntityKind::Location,
            start: long,
            end: long + "United Arab Emirates".len(),
        }];
        let out = apply(text, spans, &[]);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|s| s.kind == EntityKind::Location));
        // a long form found whole as another kind of name is left alone
        let misc: Range<usize> = long..long + "United Arab Emirates".len();
        assert_eq!(apply(text, Vec::new(), std::slice::from_ref(&misc)), []);
    }
}
