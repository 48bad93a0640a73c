//! The out-of-domain check: the Groningen Meaning Bank NER data (Voice of America news,
//! `gmb_ner.conll.txt`: `TOKEN<TAB>POS<TAB>TAG` with IOB2 tags, `#` comment lines, a blank line
//! ending each sentence, no document boundaries). Its tags map to the scored types as
//! `per` → PER, `org` → ORG, `geo` and `gpe` → LOC, every other tag (`tim`, `art`, `eve`,
//! `nat`) → not scored. The text is rebuilt from the tokens (one space between tokens, a
//! sentence a line, as the CoNLL articles are) and every [`SENTENCES_PER_ARTICLE`] consecutive
//! sentences make a pseudo-article, so the recogniser sees paragraphs; each goes whole through
//! [`newsidx::extract::extract`] and is scored like the CoNLL articles, against two golds:
//!
//! - **as tagged**: GMB's spans, mapped as above;
//! - **CoNLL conventions**: GMB puts a person's title inside the span ("President Bush", "Prime
//!   Minister Ariel Sharon", "Mr. Bush"), CoNLL and newsidx leave it out, so a person span's
//!   leading title words are dropped (those of `data/gazetteers/titles.tsv`, any class, case
//!   and a final period ignored; a span of titles only goes). And GMB's `gpe` is mostly
//!   nationality adjectives and plurals ("British troops", "Iraqis"), which CoNLL types MISC,
//!   so a `gpe` span whose first token's part of speech is `JJ` or `NNS` is not scored.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use newsidx::extract::{self, Recognizer};

use crate::score::{Gold, Score};

/// Consecutive sentences a pseudo-article holds (the last one may hold fewer).
pub const SENTENCES_PER_ARTICLE: usize = 20;

/// A sentence: its tokens, their parts of speech, and its gold spans as token ranges (end
/// exclusive) with their GMB type (`per`, `org`, `geo` or `gpe`; other types are not kept).
#[derive(Debug, Default, PartialEq, Eq)]
struct Sentence {
    tokens: Vec<String>,
    pos: Vec<String>,
    spans: Vec<(usize, usize, &'static str)>,
}

/// A pseudo-article: the rebuilt text and its gold spans in char offsets, as tagged and in
/// CoNLL's conventions (see the module docs).
#[derive(Debug)]
struct Article {
    text: String,
    as_tagged: Vec<Gold>,
    conll: Vec<Gold>,
}

/// The kept GMB type of a tag's type (`geo` for `B-geo`).
fn kept_type(tag_type: &str) -> Option<&'static str> {
    ["per", "org", "geo", "gpe"]
        .into_iter()
        .find(|t| *t == tag_type)
}

/// The scored type of a kept GMB type.
fn scored_type(gmb_type: &str) -> &'static str {
    match gmb_type {
        "per" => "PER",
        "org" => "ORG",
        _ => "LOC",
    }
}

/// Reads the sentences of a GMB file. A span starts at a `B-` tag, or at an `I-` tag whose
/// type differs from the previous token's (as conlleval reads IOB2), so a `geo` span next to a
/// `gpe` span stays two spans.
fn read(data: &str) -> Result<Vec<Sentence>> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    // the type of the span the previous token is in, and where that span started
    let mut open: Option<(&str, usize)> = None;
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            close(&mut current, &mut open);
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        // a token line has tabs (the token itself may be `#`); a comment line has none
        if line.starts_with('#') && !line.contains('\t') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(token), Some(pos), Some(tag)) = (fields.next(), fields.next(), fields.next())
        else {
            anyhow::bail!("line {}: not TOKEN<TAB>POS<TAB>TAG: {line:?}", n + 1);
        };
        let (begin, ty) = match tag.split_once('-') {
            Some(("B", ty)) => (true, Some(ty)),
            Some(("I", ty)) => (false, Some(ty)),
            _ if tag == "O" => (false, None),
            _ => anyhow::bail!("line {}: tag {tag:?} is not IOB2", n + 1),
        };
        let continues = !begin && ty.is_some() && open.map(|(t, _)| t) == ty;
        if !continues {
            close(&mut current, &mut open);
            if let Some(ty) = ty {
                open = Some((ty, current.tokens.len()));
            }
        }
        current.tokens.push(token.to_string());
        current.pos.push(pos.to_string());
    }
    close(&mut current, &mut open);
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Ends the span `open` (its tag type and first token) at the sentence's last token.
fn close(s: &mut Sentence, open: &mut Option<(&str, usize)>) {
    if let Some((ty, start)) = open.take()
        && let Some(ty) = kept_type(ty)
    {
        s.spans.push((start, s.tokens.len(), ty));
    }
}

/// The sentence's spans in CoNLL's conventions (see the module docs), with scored types.
fn conll_spans(s: &Sentence, titles: &HashSet<&str>) -> Vec<(usize, usize, &'static str)> {
    let is_title = |t: &str| titles.contains(t.trim_end_matches('.').to_lowercase().as_str());
    s.spans
        .iter()
        .filter(|&&(a, _, ty)| !(ty == "gpe" && matches!(s.pos[a].as_str(), "JJ" | "NNS")))
        .filter_map(|&(mut a, b, ty)| {
            if ty == "per" {
                while a < b && is_title(&s.tokens[a]) {
                    a += 1;
                }
            }
            (a < b).then_some((a, b, scored_type(ty)))
        })
        .collect()
}

/// Groups consecutive sentences into pseudo-articles of `size` sentences and rebuilds their
/// text, with the gold spans' char offsets (end exclusive).
fn articles(sentences: &[Sentence], size: usize, titles: &HashSet<&str>) -> Vec<Article> {
    sentences
        .chunks(size.max(1))
        .map(|chunk| {
            let mut a = Article {
                text: String::new(),
                as_tagged: Vec::new(),
                conll: Vec::new(),
            };
            let mut chars = 0;
            for (i, s) in chunk.iter().enumerate() {
                if i > 0 {
                    a.text.push('\n');
                    chars += 1;
                }
                // char offsets of each token's start and end
                let mut bounds = Vec::with_capacity(s.tokens.len());
                for (j, token) in s.tokens.iter().enumerate() {
                    if j > 0 {
                        a.text.push(' ');
                        chars += 1;
                    }
                    let start = chars;
                    a.text.push_str(token);
                    chars += token.chars().count();
                    bounds.push((start, chars));
                }
                let span =
                    |(x, y, ty): (usize, usize, &'static str)| (bounds[x].0, bounds[y - 1].1, ty);
                a.as_tagged.extend(
                    s.spans
                        .iter()
                        .map(|&(x, y, ty)| span((x, y, scored_type(ty)))),
                );
                a.conll.extend(conll_spans(s, titles).into_iter().map(span));
            }
            a
        })
        .collect()
}

/// The person titles and title modifiers of newsidx's gazetteer.
const TITLES: &str = include_str!("../../../../../data/gazetteers/titles.tsv");

/// The words of [`TITLES`], lower case.
fn titles() -> HashSet<&'static str> {
    TITLES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Reads the GMB file, scores every pseudo-article and prints the two tables.
pub fn print_score(recognizer: &dyn Recognizer, path: &Path) -> Result<()> {
    let data = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let sentences = read(&data).with_context(|| format!("reading {}", path.display()))?;
    let articles = articles(&sentences, SENTENCES_PER_ARTICLE, &titles());
    let (mut as_tagged, mut conll) = (Score::default(), Score::default());
    for a in &articles {
        let mentions = extract::extract(recognizer, &a.text);
        as_tagged.add(&a.as_tagged, &mentions);
        conll.add(&a.conll, &mentions);
    }
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    println!(
        "GMB: {} sentences ({tokens} tokens) in {} pseudo-articles of {SENTENCES_PER_ARTICLE} sentences (exact span match, char offsets), as tagged",
        sentences.len(),
        articles.len(),
    );
    as_tagged.print();
    println!(
        "GMB in CoNLL's conventions (persons' leading titles dropped, gpe adjectives and plurals not scored)"
    );
    conll.print();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# a header comment\n\
        # sent_id = 1\n\
        Thousands\tNNS\tO\n\
        marched\tVBN\tO\n\
        through\tIN\tO\n\
        New\tNNP\tB-geo\n\
        York\tNNP\tI-geo\n\
        with\tIN\tO\n\
        President\tNNP\tB-per\n\
        Ban\tNNP\tI-per\n\
        Ki-moon\tNNP\tI-per\n\
        on\tIN\tO\n\
        Monday\tNNP\tB-tim\n\
        .\t.\tO\n\
        \n\
        # sent_id = 2\n\
        #\t$\tO\n\
        British\tJJ\tB-gpe\n\
        Airways\tNNP\tI-org\n\
        and\tCC\tO\n\
        Café\tNNP\tB-org\n\
        Noir\tNNP\tI-org\n\
        in\tIN\tO\n\
        Iraq\tNNP\tB-gpe\n\
        and\tCC\tO\n\
        Mr.\tNNP\tB-per\n\
        \n";

    /// Spans come from IOB2 (an `I-` of a new type starts a span), types not scored are
    /// dropped, and `#` is a token when its line has tabs.
    #[test]
    fn reads_sentences_and_spans() {
        let sentences = read(SAMPLE).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].tokens.len(), 12);
        assert_eq!(sentences[0].spans, [(3, 5, "geo"), (6, 9, "per")]);
        assert_eq!(sentences[1].tokens[0], "#");
        assert_eq!(sentences[1].pos[1], "JJ");
        assert_eq!(
            sentences[1].spans,
            [
                (1, 2, "gpe"),
                (2, 3, "org"),
                (4, 6, "org"),
                (7, 8, "gpe"),
                (9, 10, "per")
            ]
        );
    }

    /// The gold spans' char offsets slice the rebuilt text to their tokens, across sentences
    /// and after a non-ASCII token; in CoNLL's conventions a title leaves a person span, a
    /// span of a title only goes, and a nationality adjective is not scored.
    #[test]
    fn gold_offsets_slice_the_rebuilt_text_to_the_tokens() {
        let sentences = read(SAMPLE).unwrap();
        let titles = ["mr", "president"].into_iter().collect();
        let slice = |text: &str, gold: &[Gold]| {
            let chars: Vec<char> = text.chars().collect();
            gold.iter()
                .map(|&(s, e, ty)| (chars[s..e].iter().collect::<String>(), ty))
                .collect::<Vec<_>>()
        };
        let together = articles(&sentences, 20, &titles);
        assert_eq!(together.len(), 1);
        let a = &together[0];
        assert_eq!(
            a.text,
            "Thousands marched through New York with President Ban Ki-moon on Monday .\n\
             # British Airways and Café Noir in Iraq and Mr."
        );
        let own = |s: &str, ty| (s.to_string(), ty);
        let as_tagged = [
            own("New York", "LOC"),
            own("President Ban Ki-moon", "PER"),
            own("British", "LOC"),
            own("Airways", "ORG"),
            own("Café Noir", "ORG"),
            own("Iraq", "LOC"),
            own("Mr.", "PER"),
        ];
        assert_eq!(slice(&a.text, &a.as_tagged), as_tagged);
        let conll = [
            own("New York", "LOC"),
            own("Ban Ki-moon", "PER"),
            own("Airways", "ORG"),
            own("Café Noir", "ORG"),
            own("Iraq", "LOC"),
        ];
        assert_eq!(slice(&a.text, &a.conll), conll);
        let apart = articles(&sentences, 1, &titles);
        assert_eq!(apart.len(), 2);
        assert_eq!(slice(&apart[0].text, &apart[0].as_tagged), as_tagged[..2]);
        assert_eq!(slice(&apart[1].text, &apart[1].as_tagged), as_tagged[2..]);
        assert_eq!(slice(&apart[1].text, &apart[1].conll), conll[2..]);
    }

    #[test]
    fn the_title_list_is_read() {
        let titles = titles();
        assert!(titles.contains("president") && titles.contains("mr"));
        assert!(!titles.iter().any(|t| t.starts_with('#')));
    }

    #[test]
    fn a_bad_tag_is_an_error_with_its_line() {
        let err = read("a\tDT\tX-geo\n").unwrap_err();
        assert!(err.to_string().starts_with("line 1:"), "{err}");
    }
}
