//! The rule-based recogniser: finds person, organization and location names in English news
//! text with gazetteers and a handful of rules, the first [`Recognizer`] of newsidx (a trained
//! model is to replace it behind the same trait).
//!
//! How it reads a text:
//!
//! 1. [`tokenize`] splits it into words with byte offsets, marks sentence starts and lines in
//!    capitals.
//! 2. Runs of capitalised words are chunks (`Brigadier General William Seely`, `Bank of
//!    England`, `Abu Mahdi al-Muhandis`); inner connectors (`of`, `al`, `van der`) are kept when
//!    a capitalised word follows them.
//! 3. Each chunk is read left to right: a sentence-initial common word (`The`, `Earlier`) is
//!    dropped; an organization head or legal suffix (`Bank`, `Inc`) makes the run an
//!    organization; known names (countries, cities, agencies, `Islamic State`) are taken
//!    longest first; a title (`President`, `Interim Prime Minister`, or a lower-case `general`
//!    before the chunk) makes what follows it a person, without the title; demonyms (`Iraqi`),
//!    days and months are never entities; a first name starts a person; an unknown acronym is an
//!    organization.
//! 4. What is left undecided is settled against the whole text: `Trump` is a person when
//!    `Donald Trump` is, `IS` an organization when `"Islamic State" (IS)` defined it.
//!
//! Lines in capitals (headlines) only yield known names, so `BAHIA COCOA REVIEW` gives `BAHIA`
//! and not three entities. Text in `<angle brackets>` (Reuters marks companies so) is an
//! organization.
//!
//! The files, one question each: `words` (which words join, start or end a name?), `props`
//! (what is this token?), `pass` (where does a run of capitalised words start and end?),
//! `chunk` (what kind of name is that run?), `resolve` (what do the undecided runs turn out to
//! be, given the whole text?).

mod chunk;
mod pass;
mod props;
mod resolve;
mod words;

use super::gazetteer::{GAZETTEER, Gazetteer, Known};
use super::tokens::{Token, tokenize};
use super::{EntityKind, RawSpan, Recognizer};

/// The rule-based recogniser. Cheap to create: the gazetteers are shared statics, parsed on
/// first use.
///
/// ```
/// use newsidx::extract::{EntityKind, Recognizer, RuleRecognizer};
///
/// let text = "President Donald Trump met NATO leaders in Brussels.";
/// let spans = RuleRecognizer::new().recognize(text);
/// let found: Vec<(EntityKind, &str)> =
///     spans.iter().map(|s| (s.kind, &text[s.start..s.end])).collect();
/// assert_eq!(found, [
///     (EntityKind::Person, "Donald Trump"),
///     (EntityKind::Organization, "NATO"),
///     (EntityKind::Location, "Brussels"),
/// ]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleRecognizer {
    _private: (),
}

impl RuleRecognizer {
    /// A recogniser with the built-in gazetteers.
    pub fn new() -> Self {
        RuleRecognizer { _private: () }
    }
}

impl Recognizer for RuleRecognizer {
    /// The rules' spans, cut at hard line breaks, sentence ends and tickers
    /// (`breaks.rs`), without the wire's credits and with the dateline's place as a
    /// location (`wire.rs`).
    fn recognize(&self, text: &str) -> Vec<RawSpan> {
        super::wire::apply(text, spans(text))
    }
}

/// The rules' spans, cut at hard line breaks, sentence ends and tickers, before the wire's
/// marks are applied: what the CRF recogniser adds its own spans to.
pub(crate) fn spans(text: &str) -> Vec<RawSpan> {
    super::breaks::split_spans(text, Reader::new(text).run())
}

/// Whether a title came right before a run of capitalised words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// No title.
    None,
    /// A title: "President", "general".
    Strong,
    /// An office with `of` or `for` ("Vice President for Financial"): a person follows only
    /// when it looks like one.
    Weak,
}

/// A decision about a span of tokens.
#[derive(Debug, Clone, Copy)]
enum Item {
    /// An entity: `[start, end)` in bytes; `weak` when only a one-word weak gazetteer entry
    /// says so (a person of the same name in the text wins).
    Entity {
        kind: EntityKind,
        start: usize,
        end: usize,
        weak: bool,
    },
    /// Capitalised tokens `[first, end)` not decided from the chunk alone; `with_initial` is an
    /// earlier first token dropped as a sentence-initial common word, tried first.
    Pending {
        first: usize,
        end: usize,
        with_initial: Option<usize>,
    },
}

/// The state of one call of [`RuleRecognizer::recognize`].
struct Reader<'t> {
    text: &'t str,
    toks: Vec<Token>,
    shouting: Vec<bool>,
    g: &'static Gazetteer,
    items: Vec<Item>,
    scratch: String,
    /// The text's wrap width, for telling hard line breaks from soft ones (`breaks`).
    wrap_width: std::cell::OnceCell<usize>,
}

fn kind_of(known: Known) -> Option<EntityKind> {
    match known {
        Known::Person => Some(EntityKind::Person),
        Known::Organization => Some(EntityKind::Organization),
        Known::Location => Some(EntityKind::Location),
        Known::Misc | Known::Demonym => None,
    }
}

/// Whether `word` is a Roman numeral (II, XIV), not an acronym.
fn is_roman(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        let tokens = tokenize(text);
        Reader {
            text,
            toks: tokens.toks,
            shouting: tokens.shouting,
            g: &GAZETTEER,
            items: Vec::new(),
            scratch: String::new(),
            wrap_width: std::cell::OnceCell::new(),
        }
    }

    fn run(mut self) -> Vec<RawSpan> {
        let mut i = 0;
        while i < self.toks.len() {
            i = self.step(i);
        }
        self.resolve()
    }
}

#[cfg(test)]
mod tests;
