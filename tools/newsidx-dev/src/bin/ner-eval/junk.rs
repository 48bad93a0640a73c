//! Junk entities on Reuters-21578, the errors of issue #15 a reader sees at once, as counts a
//! change can be judged by: each article's dateline and body (`SALVADOR, Feb 26 - Showers …
//! Reuter`, as `newsidx_dev::reuters::read_records` gives them; titles are not run) goes through
//! [`newsidx::extract::extract`], and the persons, organizations and locations found are
//! counted, by type:
//!
//! - when they are a wire's name ("Reuter" or "Reuters" in any case, "AP", "AFP"): articles
//!   with one, by type, anywhere and as the sign-off (the article's last word);
//! - when they span a line break (`\n` inside the mention), a paragraph start (a blank line or
//!   an indented line inside the mention) or a blank line. Reuters-21578 wraps its lines at
//!   about 70 characters, so most line breaks inside a mention are a name wrapped in the middle
//!   ("George\nShultz"), not junk; an indented line starts a new paragraph there;
//! - when they contain `<` (a ticker, "Occidental Petroleum Corp <OXY");
//! - when they are an all-caps word or words of the dateline ("CHICAGO, March 3 -"), typed
//!   organization or person (location, the right type, counted beside them).
//!
//! `--examples N` prints up to N mentions of each kind on stderr, to see what is counted.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use newsidx::extract::{self, Mention, Recognizer};

use crate::score::{TYPES, type_name};

/// What is counted: per type (PER, ORG, LOC), the articles or mentions of each kind of junk.
#[derive(Debug, Default)]
struct Counts {
    /// Examples to keep of each kind of junk.
    keep: usize,
    /// Up to `keep` examples of each kind: (kind, article id, type, mention text).
    examples: Vec<(&'static str, u64, &'static str, String)>,
    /// Mentions of each type, for scale.
    mentions: [usize; 3],
    /// Articles with a wire's name as an entity, anywhere.
    wire: [usize; 3],
    /// Articles whose sign-off (last word) is a wire's name found as an entity.
    sign_off: [usize; 3],
    /// Mentions with a line break inside.
    line_break: [usize; 3],
    /// Mentions with a paragraph start (blank or indented line) inside.
    paragraph: [usize; 3],
    /// Mentions with a blank line inside.
    blank_line: [usize; 3],
    /// Mentions with a `<` inside.
    ticker: [usize; 3],
    /// All-caps mentions inside the dateline.
    dateline: [usize; 3],
}

/// Whether a mention's text is a wire service's name.
fn is_wire(text: &str) -> bool {
    text.eq_ignore_ascii_case("reuter")
        || text.eq_ignore_ascii_case("reuters")
        || text == "AP"
        || text == "AFP"
}

/// Whether the text has letters and none is lower case.
fn all_caps(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// The lines inside a mention after its first: does one of them start a paragraph (is blank or
/// indented), is one of them blank?
fn breaks(text: &str) -> (bool, bool) {
    let inner: Vec<&str> = text.split('\n').skip(1).collect();
    let blank = inner.len() > 1 && inner[..inner.len() - 1].iter().any(|l| l.trim().is_empty());
    let paragraph = blank || inner.iter().any(|l| l.starts_with([' ', '\t']));
    (paragraph, blank)
}

impl Counts {
    /// Keeps `m` as an example of `kind` unless there are enough.
    fn example(&mut self, kind: &'static str, id: u64, ty: &'static str, m: &Mention) {
        if self.examples.iter().filter(|e| e.0 == kind).count() < self.keep {
            self.examples.push((kind, id, ty, m.text.clone()));
        }
    }

    /// Counts one article's mentions; its dateline is its first `dateline` bytes.
    fn add(&mut self, id: u64, text: &str, dateline: usize, mentions: &[Mention]) {
        let (mut wire, mut sign_off) = ([false; 3], [false; 3]);
        for m in mentions {
            let Some(ty) = type_name(m.kind) else {
                continue;
            };
            let k = TYPES.iter().position(|&x| x == ty).expect("a scored type");
            self.mentions[k] += 1;
            if is_wire(&m.text) {
                wire[k] = true;
                sign_off[k] |= text[m.end..].trim().is_empty();
                self.example("wire", id, ty, m);
            }
            if m.text.contains('\n') {
                self.line_break[k] += 1;
                self.example("line break", id, ty, m);
                let (paragraph, blank) = breaks(&m.text);
                self.paragraph[k] += usize::from(paragraph);
                self.blank_line[k] += usize::from(blank);
                if paragraph {
                    self.example("paragraph", id, ty, m);
                }
            }
            if m.text.contains('<') {
                self.ticker[k] += 1;
                self.example("ticker", id, ty, m);
            }
            if m.end <= dateline && all_caps(&m.text) {
                self.dateline[k] += 1;
                if ty != "LOC" {
                    self.example("dateline", id, ty, m);
                }
            }
        }
        for k in 0..3 {
            self.wire[k] += usize::from(wire[k]);
            self.sign_off[k] += usize::from(sign_off[k]);
        }
    }

    /// Prints the table (`articles` run) and the examples kept.
    fn print(&self, articles: usize) {
        println!("{:<58} {:>7} {:>7} {:>7}", "", "PER", "ORG", "LOC");
        let rows = [
            ("mentions (for scale)", &self.mentions),
            ("articles with Reuter(s)/AP/AFP as an entity", &self.wire),
            ("  of which as the sign-off (last word)", &self.sign_off),
            ("mentions spanning a line break", &self.line_break),
            (
                "  of which a paragraph start (blank or indented line)",
                &self.paragraph,
            ),
            ("  of which a blank line", &self.blank_line),
            ("mentions containing '<' (tickers)", &self.ticker),
            ("all-caps mentions in the dateline", &self.dateline),
        ];
        for (what, [per, org, loc]) in rows {
            println!("{what:<58} {per:>7} {org:>7} {loc:>7}");
        }
        println!("({articles} articles)");
        for (kind, id, ty, text) in &self.examples {
            eprintln!("example of {kind}: article {id}, {ty} {text:?}");
        }
    }
}

/// Runs every `every`th Reuters-21578 article with a body and prints the junk counts, and up
/// to `examples` examples of each kind of junk on stderr.
pub fn print_counts(
    recognizer: &dyn Recognizer,
    path: &Path,
    every: usize,
    examples: usize,
) -> Result<()> {
    let start = Instant::now();
    let records = newsidx_dev::reuters::read_records(path, every.max(1))
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    let mut counts = Counts {
        keep: examples,
        ..Counts::default()
    };
    for r in &records {
        let mentions = extract::extract(recognizer, &r.text);
        counts.add(r.id, &r.text, r.dateline.len(), &mentions);
    }
    println!(
        "junk on Reuters-21578: every {} article with a body, dateline and body through extract ({:.1} s)",
        every.max(1),
        start.elapsed().as_secs_f64()
    );
    counts.print(records.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_inside_a_mention() {
        assert_eq!(breaks("Islamic Relations Alia Salem"), (false, false));
        assert_eq!(breaks("Relations\nAlia Salem"), (false, false));
        assert_eq!(breaks("Relations\n    Alia Salem"), (true, false));
        assert_eq!(breaks("Relations\n\nAlia Salem"), (true, true));
        assert_eq!(breaks("Relations\n  \n  Alia"), (true, true));
    }

    #[test]
    fn wire_names_and_capitals() {
        assert!(is_wire("REUTER") && is_wire("Reuters") && is_wire("AFP"));
        assert!(!is_wire("Ap") && !is_wire("Reuters Holdings"));
        assert!(all_caps("NEW YORK") && !all_caps("New York") && !all_caps("1987"));
    }
}
