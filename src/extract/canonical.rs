//! Canonical names for raw spans, shared by every recogniser: trims each span to the name
//! (quotes, a leading "the", a possessive `'s` and, for persons, titles such as "Brigadier
//! General" go), gives char offsets, and names each entity once per text: a surname or other
//! partial mention of a person takes the full name mentioned elsewhere ("Trump" -> "Donald
//! Trump"), a country's other names take its common name ("U.S." -> "United States").

use super::acronyms::definitions;
use super::gazetteer::{GAZETTEER, Known, TitleClass};
use super::normalize::normalize_name;
use super::{EntityKind, Mention, RawSpan};

/// Characters trimmed from both ends of a span.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '*'
                | '_'
                | '|'
                | '/'
                | '\\'
                | '-'
                | '–'
                | '—'
        )
}

/// The words of `s` with their byte offsets in `s`.
fn words_of(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// Whether a word opening a person span is a title, a title modifier, a demonym or a short
/// country name ("US Ambassador"), and so not part of the name.
fn is_title_word(word: &str) -> bool {
    let g = &*GAZETTEER;
    let low: String = word
        .chars()
        .filter(|&c| c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    if matches!(low.as_str(), "the" | "of" | "and" | "for") {
        return true;
    }
    if g.titles
        .get(low.as_str())
        .is_some_and(|c| *c != TitleClass::Modifier || low.len() > 1)
    {
        return true;
    }
    matches!(g.exact.get(word), Some(Known::Demonym))
        || (word.chars().all(|c| c.is_uppercase() || c == '.')
            && g.exact.get(word) == Some(Known::Location))
}

/// `[start, end)` trimmed to the name, or `None` when nothing is left.
fn trim_span(
    text: &str,
    kind: EntityKind,
    mut start: usize,
    mut end: usize,
) -> Option<(usize, usize)> {
    loop {
        let before = (start, end);
        let s = &text[start..end];
        let t = s.trim_start_matches(is_trimmed);
        start += s.len() - t.len();
        let s = &text[start..end];
        // possessive 's and a trailing apostrophe (Reuters')
        let mut t = s;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(x) = t.strip_suffix(suffix) {
                t = x;
                break;
            }
        }
        let t = t.trim_end_matches(is_trimmed);
        end = start + t.len();
        // a leading "the"
        let s = &text[start..end];
        if let Some(rest) = s.strip_prefix("the ").or_else(|| s.strip_prefix("The "))
            && kind != EntityKind::Date
            && !rest.trim().is_empty()
        {
            start = end - rest.len();
        }
        if kind == EntityKind::Person {
            let s = &text[start..end];
            let words = words_of(s);
            let mut skip = 0;
            while skip < words.len() && is_title_word(words[skip].1) {
                skip += 1;
            }
            if skip == words.len() {
                return None; // a title alone ("Sir", "Prime Minister") names no one
            }
            if skip > 0 {
                start += words[skip].0;
            }
        }
        if (start, end) == before || start >= end {
            break;
        }
    }
    (start < end).then_some((start, end))
}

/// The name as one line: white space collapsed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each person name, the fuller name of the same text it is part of, if any: "Trump" ->
/// "Donald Trump", "Abdel-Mahdi" -> "Adel Abdel-Mahdi". A name joins a longer name of which its
/// words are a run, preferring one that ends like it (a surname), then the one mentioned most
/// (`counts[i]` is how often `names[i]` is), then the longest, then the first.
pub(crate) fn join_partial_names(names: &[String], counts: &[u32]) -> Vec<Option<usize>> {
    let words: Vec<Vec<String>> = names
        .iter()
        .map(|n| n.split(' ').map(normalize_name).collect())
        .collect();
    words
        .iter()
        .map(|w| {
            words
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    !w.is_empty()
                        && f.len() > w.len()
                        && f.windows(w.len()).any(|x| x == w.as_slice())
                })
                .max_by_key(|&(j, f)| {
                    (
                        f.last() == w.last(),
                        counts[j],
                        f.len(),
                        std::cmp::Reverse(j),
                    )
                })
                .map(|(j, _)| j)
        })
        .collect()
}

/// Char offsets for the sorted byte offsets `bounds`, all on char boundaries of `text`.
pub(crate) fn char_offsets(text: &str, bounds: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bounds.len());
    let mut byte = 0;
    let mut chars = 0;
    for &b in bounds {
        chars += text[byte..b].chars().count();
        byte = b;
        out.push(chars);
    }
    out
}

/// Mentions for `(kind, start, end, canonical)`, with char offsets, sorted by start; entries
/// off char boundaries or out of range are dropped.
pub(crate) fn mentions(
    text: &str,
    mut raw: Vec<(EntityKind, usize, usize, String)>,
) -> Vec<Mention> {
    raw.retain(|&(_, s, e, _)| {
        s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    });
    raw.sort_by_key(|r| (r.1, r.2, r.0));
    let mut bounds: Vec<usize> = raw.iter().flat_map(|r| [r.1, r.2]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let chars = char_offsets(text, &bounds);
    let char_of = |b: usize| chars[bounds.binary_search(&b).unwrap_or(0)];
    raw.into_iter()
        .map(|(kind, start, end, canonical)| Mention {
            kind,
            text: text[start..end].to_owned(),
            canonical,
            start,
            end,
            char_start: char_of(start),
            char_end: char_of(end),
        })
        .collect()
}

/// See [`super::canonicalize`].
pub(crate) fn canonicalize(text: &str, spans: &[RawSpan]) -> Vec<Mention> {
    let g = &*GAZETTEER;
    let mut raw: Vec<(EntityKind, usize, usize, String)> = Vec::with_capacity(spans.len());
    for span in spans {
        let (s, e) = (span.start, span.end);
        if s >= e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        let Some((s, e)) = trim_span(text, span.kind, s, e) else {
            continue;
        };
        let name = one_line(&text[s..e]);
        let canonical = match span.kind {
            EntityKind::Location => g
                .aliases
                .get(name.as_str())
                .map_or(name, |c| (*c).to_owned()),
            _ => name,
        };
        raw.push((span.kind, s, e, canonical));
    }
    // persons: partial names join the full name
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    for r in raw.iter().filter(|r| r.0 == EntityKind::Person) {
        match names
            .iter()
            .position(|n| normalize_name(n) == normalize_name(&r.3))
        {
            Some(i) => counts[i] += 1,
            None => {
                names.push(r.3.clone());
                counts.push(1);
            }
        }
    }
    let joined = join_partial_names(&names, &counts);
    for r in raw.iter_mut().filter(|r| r.0 == EntityKind::Person) {
        let norm = normalize_name(&r.3);
        if let Some(i) = names.iter().position(|n| normalize_name(n) == norm) {
            if let Some(full) = joined[i] {
                r.3 = names[full].clone();
            } else {
                r.3 = names[i].clone();
            }
        }
    }
    join_partial_organizations(&mut raw);
    join_defined_acronyms(text, &mut raw);
    mentions(text, raw)
}

/// An acronym the text defines ("the European Community (EC)") names the same entity as its
/// long form, wherever it stands in the text: when the long form was found whole as a name,
/// the acronym's mentions of that type take its name.
fn join_defined_acronyms(text: &str, raw: &mut [(EntityKind, usize, usize, String)]) {
    for def in definitions(text) {
        // the long form found whole as one name
        let long = raw
            .iter()
            .find(|r| r.1 == def.long.start && r.2 == def.long.end);
        let Some((kind, _, _, name)) = long.map(|r| (r.0, r.1, r.2, r.3.clone())) else {
            continue;
        };
        let short = &text[def.short.clone()];
        for r in raw
            .iter_mut()
            .filter(|r| r.0 == kind && &text[r.1..r.2] == short)
        {
            r.3 = name.clone();
        }
    }
}

/// Organizations named in part take the one fuller name of the text they are part of: a
/// one-word name that is a longer organization name's rest after a place ("Treasury" ->
/// "U.S. Treasury", "Community" -> "European Community"), a clipping of its first word of at
/// most four letters, not in capitals ("Fed" -> "Federal Reserve", not "Congress" ->
/// "Congressional Budget Office" nor "OPEC" -> "OPEC Secretariat"), or that word without its
/// possessive ("Moody" -> "Moody's Investors Service"). When two or more names fit, none is
/// taken.
fn join_partial_organizations(raw: &mut [(EntityKind, usize, usize, String)]) {
    let g = &*GAZETTEER;
    let mut fuller: Vec<(String, Vec<String>)> = Vec::new();
    for r in raw.iter().filter(|r| r.0 == EntityKind::Organization) {
        let words: Vec<String> = r.3.split(' ').map(normalize_name).collect();
        if words.len() > 1 && !fuller.iter().any(|(_, w)| *w == words) {
            fuller.push((r.3.clone(), words));
        }
    }
    let is_place = |words: &[&str]| {
        let name = words.join(" ");
        matches!(g.exact.get(&name), Some(Known::Location | Known::Demonym))
            || g.aliases.contains_key(name.as_str())
    };
    for r in raw
        .iter_mut()
        .filter(|r| r.0 == EntityKind::Organization && !r.3.contains(' '))
    {
        let w = normalize_name(&r.3);
        let letters = w.chars().count();
        if letters < 3 {
            continue;
        }
        let clipping = letters <= 4 && r.3.chars().any(char::is_lowercase);
        let mut fits = fuller.iter().filter(|(name, words)| {
            let written: Vec<&str> = name.split(' ').collect();
            (clipping && words[0].starts_with(&w) && words[0] != w)
                || words[0].strip_suffix("'s") == Some(w.as_str())
                || (words.last() == Some(&w) && is_place(&written[..written.len() - 1]))
        });
        if let (Some((name, _)), None) = (fits.next(), fits.next()) {
            r.3 = name.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, needle: &str, kind: EntityKind) -> RawSpan {
        let start = text.find(needle).expect("needle in text");
        RawSpan {
            kind,
            start,
            end: start + needle.len(),
        }
    }

    #[test]
    fn partial_organization_names_join_the_one_fuller_name() {
        let text = "The U.S. Treasury and the Federal Reserve met. The Treasury said the Fed \
                    would act. The White House and the House disagreed.";
        // the word `word` where `context` (which holds it) stands
        let at = |context: &str, word: &str| {
            let start = text.find(context).expect("context") + context.find(word).unwrap();
            RawSpan {
                kind: EntityKind::Organization,
                start,
                end: start + word.len(),
            }
        };
        let spans = [
            at("U.S. Treasury", "U.S. Treasury"),
            at("Federal Reserve", "Federal Reserve"),
            at("The Treasury said", "Treasury"),
            at("the Fed would", "Fed"),
            at("White House", "White House"),
            at("the House disagreed", "House"),
        ];
        let m = canonicalize(text, &spans);
        let got: Vec<(&str, &str)> = m
            .iter()
            .map(|m| (m.text.as_str(), m.canonical.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("U.S. Treasury", "U.S. Treasury"),
                ("Federal Reserve", "Federal Reserve"),
                ("Treasury", "U.S. Treasury"),
                ("Fed", "Federal Reserve"),
                ("White House", "White House"),
                // "White" is no place: "House" stays itself
                ("House", "House"),
            ]
        );
    }

    #[test]
    fn strips_titles_possessives_and_the() {
        let text = "Brigadier General William Seely's letter reached the Pentagon; US Ambassador \
                    Matthew Tueller and \"Reuters'\" staff";
        let spans = [
            span(
                text,
                "Brigadier General William Seely's",
                EntityKind::Person,
            ),
            span(text, "the Pentagon", EntityKind::Organization),
            span(text, "US Ambassador Matthew Tueller", EntityKind::Person),
            span(text, "\"Reuters'\"", EntityKind::Organization),
        ];
        let m = canonicalize(text, &spans);
        let got: Vec<(&str, &str)> = m
            .iter()
            .map(|m| (m.text.as_str(), m.canonical.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("William Seely", "William Seely"),
                ("Pentagon", "Pentagon"),
                ("Matthew Tueller", "Matthew Tueller"),
                ("Reuters", "Reuters"),
            ]
        );
        for m in &m {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }

    #[test]
    fn a_title_alone_is_no_person() {
        let text = "Sir, the Prime Minister";
        let spans = [
            span(text, "Sir", EntityKind::Person),
            span(text, "Prime Minister", EntityKind::Person),
        ];
        assert!(canonicalize(text, &spans).is_empty());
    }

    #[test]
    fn partial_names_join_full_names_before_or_after() {
        let text = "Abdel-Mahdi met Adel Abdel-Mahdi and President Donald Trump; Trump's aide";
        let spans = [
            span(text, "Abdel-Mahdi", EntityKind::Person),
            span(text, "Adel Abdel-Mahdi", EntityKind::Person),
            span(text, "President Donald Trump", EntityKind::Person),
            span(text, "Trump's", EntityKind::Person),
        ];
        let m = canonicalize(text, &spans);
        let got: Vec<(&str, &str)> = m
            .iter()
            .map(|m| (m.text.as_str(), m.canonical.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Abdel-Mahdi", "Adel Abdel-Mahdi"),
                ("Adel Abdel-Mahdi", "Adel Abdel-Mahdi"),
                ("Donald Trump", "Donald Trump"),
                ("Trump", "Donald Trump"),
            ]
        );
    }

    #[test]
    fn countries_take_their_common_name() {
        let text = "the U.S. and the Republic of Iraq";
        let spans = [
            span(text, "U.S.", EntityKind::Location),
            span(text, "Republic of Iraq", EntityKind::Location),
        ];
        let m = canonicalize(text, &spans);
        let got: Vec<&str> = m.iter().map(|m| m.canonical.as_str()).collect();
        assert_eq!(got, ["United States", "Iraq"]);
    }

    #[test]
    fn char_offsets_count_chars() {
        let text = "Müller met Łukasz in Kraków";
        let spans = [
            span(text, "Łukasz", EntityKind::Person),
            span(text, "Kraków", EntityKind::Location),
        ];
        let m = canonicalize(text, &spans);
        assert_eq!((m[0].char_start, m[0].char_end), (11, 17));
        assert_eq!((m[1].char_start, m[1].char_end), (21, 27));
    }

    #[test]
    fn bad_spans_are_dropped() {
        let text = "Kraków";
        let spans = [
            RawSpan {
                kind: EntityKind::Location,
                start: 0,
                end: 5,
            },
            RawSpan {
                kind: EntityKind::Location,
                start: 3,
                end: 2,
            },
            RawSpan {
                kind: EntityKind::Location,
                start: 0,
                end: 99,
            },
        ];
        assert!(canonicalize(text, &spans).is_empty());
    }
}
