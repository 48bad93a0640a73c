//! Who, what and where does it mention? Finds person, organization, location and date mentions
//! in an article's text, with byte and char offsets, and gives each a canonical name within the
//! article ("President Donald Trump" and a later "Trump" are both "Donald Trump").
//!
//! The recogniser sits behind the [`Recognizer`] trait so that a trained model can replace the
//! rule-based one; canonicalisation ([`canonicalize`]) and the name normaliser
//! ([`normalize_name`]) are shared by every recogniser, by the indexer and by search.

use serde::Serialize;

mod acronyms;
mod breaks;
mod canonical;
pub mod crf;
mod features;
mod gazetteer;
mod normalize;
mod rules;
mod summary;
mod tagger;
mod tokens;
mod wire;

pub(crate) use breaks::sentence_end;
pub use crf::CrfRecognizer;
pub(crate) use normalize::words_hold;
pub use rules::RuleRecognizer;

/// The kinds of entity newsidx knows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organization: company, agency, party, armed group, news outlet.
    Organization,
    /// A location: country, city, region, landmark.
    Location,
    /// A date the text mentions.
    Date,
}

/// A span the recogniser found: `[start, end)` in bytes of the text it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSpan {
    /// What it is.
    pub kind: EntityKind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte (exclusive).
    pub end: usize,
}

/// Finds entity spans in text. Implementations must return spans that lie on char boundaries,
/// in text order, never overlapping, and must never panic on any input.
pub trait Recognizer: Send + Sync {
    /// The person, organization and location spans of `text`.
    fn recognize(&self, text: &str) -> Vec<RawSpan>;
}

/// One entity mention with its canonical name, traceable to the text by offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The text of the mention as written.
    pub text: String,
    /// The canonical name of the entity within the article (for dates, the normalized value).
    pub canonical: String,
    /// Byte offset of the mention's start.
    pub start: usize,
    /// Byte offset just past the mention's end (exclusive).
    pub end: usize,
    /// Char (Unicode scalar) offset of the mention's start.
    pub char_start: usize,
    /// Char offset just past the mention's end (exclusive).
    pub char_end: usize,
}

/// One entity of an article with how often, and where, it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// Mentions in the title and body (at least 1, also for entities given by the record).
    pub count: u32,
    /// Whether the title mentions it.
    pub in_title: bool,
}

/// The recogniser newsidx uses when none is chosen: the best one this build ships, the CRF
/// ([`CrfRecognizer`]; CoNLL-2003 dev micro-F1 0.898 against 0.808 for the rules, see
/// `MODEL.md`).
pub fn default_recognizer() -> Box<dyn Recognizer> {
    Box::new(CrfRecognizer::new())
}

/// The revision of the steps around the model (rules, consistency steps, canonicalisation):
/// raise it whenever they change what comes out, so that indexes are re-extracted.
/// 2: a legal suffix makes a name and its short form organizations.
/// 3: Reuters stamps with letters after the time (`… 00:46:26.73RM`) date their articles.
/// 4: no name across a hard line break, a sentence end or a ticker bracket (`breaks`); wire
///    sign-offs and credits are no entities but the source of an article without one, and the
///    dateline's place is a location (`wire`).
/// 5: the gazetteers (which this revision also versions) keep only hand-listed names a public
///    source backs (issue 15: "Islamic State", "Green Zone", "Soleimani" ... removed).
/// 6: an acronym definition ("Gulf Cooperation Council (GCC)") types its long and short forms
///    (`acronyms`).
/// 7: a long form may hold "on", "in" and "to" ("General Agreement on Tariffs and Trade
///    (GATT)").
/// 8: an organization named in part takes the one fuller name of the text ("Fed" ->
///    "Federal Reserve", "Treasury" -> "U.S. Treasury").
/// 9: a name in the lead counts extra in its entity text field (`indexer::document`), so
///    indexes are written again.
/// 10: an acronym the text defines takes its long form's name ("IS" -> "Islamic State").
/// 11: acronym definitions read dotted initials ("U.S.") a letter each and a department or
///     ministry in either word order ("U.S. Agriculture Department (USDA)").
const RULES_REVISION: u32 = 11;
/// The revision of the entity-name normaliser and of the entity-field tokenizer built on it
/// (`schema::name_analyzer`): an index written under another revision has its articles
/// indexed again, so that its entity fields hold the words a filter asks for.
/// 2: names are tokenized after [`normalize_name`] ("U.S." is `us`, not `u s`).
/// 3: names are tokenized after [`name_key`] ("Organisation" is `organization`).
/// 4: [`name_key`] puts a department or ministry "of" something after it ("Department of
///    Agriculture" is `agriculture department`).
const NAMES_REVISION: u32 = 4;

/// The version of the extraction an index's articles went through: the newsidx version, the
/// revision of the rules, of the bodies parsing gives ([`crate::article::BODY_REVISION`]), of
/// the name normaliser, and a fingerprint of the shipped model. An index written with another
/// one is re-extracted on the next `index` run.
pub fn extractor_version() -> String {
    format!(
        "newsidx-{} rules-{RULES_REVISION} body-{} names-{NAMES_REVISION} crf-{:016x}",
        env!("CARGO_PKG_VERSION"),
        crate::article::BODY_REVISION,
        crf::model_fingerprint()
    )
}

/// Runs `recognizer` on `text`, canonicalises the spans, and adds the dates the text mentions.
/// Mentions come in text order.
pub fn extract(recognizer: &dyn Recognizer, text: &str) -> Vec<Mention> {
    extract_at(recognizer, text, None)
}

/// Like [`extract`], with relative dates ("on Sunday", "last week") resolved against the
/// publication date `published` when it is known.
pub fn extract_at(
    recognizer: &dyn Recognizer,
    text: &str,
    published: Option<jiff::Timestamp>,
) -> Vec<Mention> {
    let mut mentions = canonicalize(text, &recognizer.recognize(text));
    let dates = crate::dates::mentioned_dates_at(text, published)
        .into_iter()
        .map(|d| (EntityKind::Date, d.start, d.end, d.value))
        .collect();
    mentions.extend(canonical::mentions(text, dates));
    mentions.sort_by_key(|m| (m.start, m.end, m.kind));
    mentions
}

/// Turns raw spans into mentions with canonical names: titles and honorifics stripped
/// ("Brigadier General William Seely" -> "William Seely"), possessives stripped, a surname or
/// partial mention joined to the full name mentioned elsewhere in the same text ("Trump" ->
/// "Donald Trump").
///
/// Spans that are empty, out of range or off char boundaries are dropped, and so are person
/// spans that hold only a title ("Sir", "Prime Minister"). Mentions come in text order; each
/// `text` is exactly the text's `[start, end)` bytes. A country's other names take its common
/// name ("U.S." -> "United States"); organizations keep their name as written, but for an
/// acronym the text defines, which takes its long form's name ("IS" after "Islamic State (IS)"
/// is "Islamic State").
pub fn canonicalize(text: &str, spans: &[RawSpan]) -> Vec<Mention> {
    canonical::canonicalize(text, spans)
}

/// The news agency a wire text names as its source in a sign-off or credit ("Reuter" alone
/// on the last line, `LONDON (Reuters) -`, `... said. (AP)`), by the name it goes by; `None`
/// when the text has none. An agency named in running text ("told Reuters") is no source.
///
/// ```
/// use newsidx::extract::wire_source;
///
/// assert_eq!(wire_source("CHICAGO, March 4 - Grain fell.\n Reuter"), Some("Reuters"));
/// assert_eq!(wire_source("He told Reuters on Monday."), None);
/// ```
pub fn wire_source(text: &str) -> Option<&'static str> {
    wire::agency(text)
}

/// The normal form of an entity name used for exact matching, both when indexing and when
/// querying: lower-cased, ASCII-folded (é -> e), punctuation other than inner hyphens and
/// apostrophes dropped, white space collapsed.
///
/// Idempotent: `normalize_name(&normalize_name(x)) == normalize_name(x)`.
///
/// ```
/// use newsidx::extract::normalize_name;
///
/// assert_eq!(normalize_name("  Adel  Abdel-Mahdi’s "), "adel abdel-mahdi's");
/// assert_eq!(normalize_name("U.S."), "us");
/// assert_eq!(normalize_name("São Paulo"), "sao paulo");
/// ```
pub fn normalize_name(name: &str) -> String {
    normalize::normalize_name(name)
}

/// The key of an entity name: [`normalize_name`], then one spelling for words that have two
/// (British "organisation", "centre", "defence" as their American forms; "co-operation" as
/// "cooperation"). The entity text fields are tokenized from it, and acronyms are stored and
/// looked up by it, so each spelling finds the other.
///
/// ```
/// use newsidx::extract::name_key;
///
/// assert_eq!(
///     name_key("Organisation for Economic Co-operation and Development"),
///     name_key("Organization for Economic Cooperation and Development")
/// );
/// ```
pub fn name_key(name: &str) -> String {
    normalize::fold_spelling(&normalize_name(name))
}

/// The index term for an entity name as a user types it in a query: the canonical form the
/// indexer gives the same name (a country's other names give its common name: "US", "U.S.",
/// "USA" -> "united states"), normalized with [`normalize_name`]. Search must use this, not
/// [`normalize_name`] alone, for entity filters to match what [`canonicalize`] indexed.
///
/// ```
/// use newsidx::extract::{query_name, EntityKind};
///
/// assert_eq!(query_name(EntityKind::Location, "U.S."), "united states");
/// assert_eq!(query_name(EntityKind::Person, "Soleimani"), "soleimani");
/// ```
pub fn query_name(kind: EntityKind, name: &str) -> String {
    match kind {
        EntityKind::Location => normalize_name(&summary::canonical_location(name)),
        _ => normalize_name(name),
    }
}

/// The short names of the text's entities with the fuller names they stand for, as the
/// article shows them: its acronym definitions ([`acronym_pairs`]) and every mention whose
/// canonical name is another than its own ("Trump" for "Donald Trump", "Fed" for "Federal
/// Reserve", "U.S." for "United States"; not an organization's head word alone, "the
/// Commission"); names as their [`name_key`], each pair once.
pub fn name_pairs(text: &str, mentions: &[Mention]) -> Vec<(EntityKind, String, String)> {
    let g = &*gazetteer::GAZETTEER;
    let mut out = acronym_pairs(text, mentions);
    for m in mentions.iter().filter(|m| m.kind != EntityKind::Date) {
        let pair = (m.kind, name_key(&m.text), name_key(&m.canonical));
        // a head word alone ("the Commission", "the Bank") names another body in each
        // article: it stands for its fuller name there, not across the index
        let head = m.kind == EntityKind::Organization && g.org_words.contains_key(&pair.1);
        if !pair.1.is_empty() && pair.1 != pair.2 && !head && !out.contains(&pair) {
            out.push(pair);
        }
    }
    out
}

/// The acronyms a text defines, each with its expansion, as one entity: "The European
/// Community (EC) agreed" gives `(Organization, "ec", "european community")`, both names
/// normalized ([`normalize_name`]). A definition counts when its short form was found as a
/// mention (its kind is the pair's); the expansion is the canonical name of the long form's
/// mention of that kind, or else the long form as written ("General Agreement on Tariffs and
/// Trade", which reads as a term and is no mention of its own). `mentions` are those
/// [`extract`] gave for `text`.
///
/// ```
/// use newsidx::extract::{acronym_pairs, extract, CrfRecognizer, EntityKind};
///
/// let text = "The European Community (EC) agreed on Monday to cut farm prices.";
/// let pairs = acronym_pairs(text, &extract(&CrfRecognizer::new(), text));
/// assert_eq!(
///     pairs,
///     vec![(EntityKind::Organization, "ec".to_string(), "european community".to_string())]
/// );
/// ```
pub fn acronym_pairs(text: &str, mentions: &[Mention]) -> Vec<(EntityKind, String, String)> {
    let mut out: Vec<(EntityKind, String, String)> = Vec::new();
    for def in acronyms::definitions(text) {
        let Some(short) = mentions.iter().find(|m| {
            m.start == def.short.start && m.end == def.short.end && m.kind != EntityKind::Date
        }) else {
            continue;
        };
        // the long form's mention may have lost a leading word or a quote
        let long = mentions
            .iter()
            .find(|m| {
                m.kind == short.kind
                    && m.start >= def.long.start
                    && m.end <= def.long.end
                    && 2 * (m.end - m.start) > def.long.end - def.long.start
            })
            .map_or(&text[def.long.clone()], |m| m.canonical.as_str());
        let pair = (
            short.kind,
            name_key(&text[def.short.clone()]),
            name_key(long),
        );
        if pair.1 != pair.2 && !out.contains(&pair) {
            out.push(pair);
        }
    }
    out
}

/// The entities of an article: the mentions of its title and body merged by canonical name (a
/// title mention of "Trump" joins "Donald Trump" of the body), plus the names the record gives,
/// without dates. Ordered by kind, then count (descending), then name.
///
/// Names are compared normalized ([`normalize_name`]); the name shown is the first one seen,
/// body before title before record. A person named in part (a surname) anywhere joins the
/// person whose full name holds it. A name given by the record counts at least 1; given
/// locations take their canonical form like extracted ones.
pub fn summarize(
    title_mentions: &[Mention],
    body_mentions: &[Mention],
    given: &crate::article::GivenEntities,
) -> Vec<Entity> {
    summary::summarize(title_mentions, body_mentions, given)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    const LETTER: &str = include_str!("../../tests/fixtures/us-forces-iraq-letter.txt");

    /// Entity mentions without dates (`dates::mentioned_dates` is someone else's work), by the
    /// recogniser newsidx uses.
    fn entities(text: &str) -> Vec<Mention> {
        canonicalize(text, &default_recognizer().recognize(text))
    }

    /// The recognisers the property tests run: every one newsidx ships.
    fn recognizers() -> [Box<dyn Recognizer>; 2] {
        [
            Box::new(RuleRecognizer::new()),
            Box::new(CrfRecognizer::new()),
        ]
    }

    #[test]
    fn shipped_crf_models_load_both_passes() {
        // Regression: a missing or broken second-pass model used to fall back to the first
        // pass silently, and every test still passed.
        assert!(crf::model_loaded());
        assert!(
            crf::second_pass_loaded(),
            "the second-pass model does not load"
        );
        let text = "Prime Minister Adel Abdel-Mahdi met Reuters reporters in Baghdad.";
        let spans = CrfRecognizer::new().recognize(text);
        assert!(!spans.is_empty());
    }

    /// Both recognisers find the letter's people; the CRF must not lose any to the rules.
    #[test]
    fn crf_letter_persons_are_exactly_these() {
        let m = canonicalize(LETTER, &CrfRecognizer::new().recognize(LETTER));
        let expected: BTreeSet<&str> = [
            "William Seely",
            "Adel Abdel-Mahdi",
            "Qasem Soleimani",
            "Abu Mahdi al-Muhandis",
            "Matthew Tueller",
            "Donald Trump",
        ]
        .into();
        assert_eq!(names(&m, EntityKind::Person), expected);
    }

    fn names(mentions: &[Mention], kind: EntityKind) -> BTreeSet<&str> {
        mentions
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.canonical.as_str())
            .collect()
    }

    #[test]
    fn letter_persons_are_exactly_these() {
        let m = entities(LETTER);
        let expected: BTreeSet<&str> = [
            "William Seely",
            "Adel Abdel-Mahdi",
            "Qasem Soleimani",
            "Abu Mahdi al-Muhandis",
            "Matthew Tueller",
            "Donald Trump",
        ]
        .into();
        assert_eq!(names(&m, EntityKind::Person), expected);
        // the later "Trump" joins Donald Trump
        assert!(
            m.iter()
                .any(|m| m.text == "Trump" && m.canonical == "Donald Trump")
        );
    }

    #[test]
    fn letter_organizations_and_locations() {
        let m = entities(LETTER);
        let orgs = names(&m, EntityKind::Organization);
        // "Islamic State" by its acronym definition `"Islamic State" (IS)`, a general pattern
        // (it used to come from a hand-list entry no public source backs, removed in issue 15)
        for org in ["AFP", "Reuters", "CJTF-OIR", "Pentagon", "Islamic State"] {
            assert!(orgs.contains(org), "{org} not in {orgs:?}");
        }
        // and the short form it defines is that entity (issue 16), not one of its own
        assert!(!orgs.contains("IS"), "{orgs:?}");
        assert!(
            m.iter()
                .any(|m| m.text == "IS" && m.canonical == "Islamic State")
        );
        let locs = names(&m, EntityKind::Location);
        for loc in ["Iraq", "Baghdad", "Washington", "United States", "Iran"] {
            assert!(locs.contains(loc), "{loc} not in {locs:?}");
        }
        for kind in [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Location,
        ] {
            for not in [
                "Sunday",
                "Sir",
                "Prime Minister",
                "Iraqi",
                "Iranian",
                "American",
            ] {
                assert!(!names(&m, kind).contains(not), "{not} is a {kind:?}");
            }
        }
    }

    #[test]
    fn letter_mentions_slice_the_text() {
        for m in entities(LETTER) {
            assert_eq!(&LETTER[m.start..m.end], m.text);
            assert_eq!(LETTER[..m.start].chars().count(), m.char_start);
            assert_eq!(LETTER[..m.end].chars().count(), m.char_end);
        }
    }

    #[test]
    fn letter_summary() {
        let m = entities(LETTER);
        let entities = summarize(&[], &m, &crate::article::GivenEntities::default());
        let trump = entities
            .iter()
            .find(|e| e.name == "Donald Trump")
            .expect("Donald Trump");
        assert_eq!(
            (trump.kind, trump.count, trump.in_title),
            (EntityKind::Person, 2, false)
        );
        assert!(entities.iter().all(|e| e.kind != EntityKind::Date));
    }

    #[test]
    fn extract_adds_dates_in_text_order() {
        let text = "On January 5, 2020, President Donald Trump spoke in Washington.";
        let m = extract(&RuleRecognizer::new(), text);
        let got: Vec<(EntityKind, &str)> =
            m.iter().map(|m| (m.kind, m.canonical.as_str())).collect();
        assert_eq!(
            got,
            [
                (EntityKind::Date, "2020-01-05"),
                (EntityKind::Person, "Donald Trump"),
                (EntityKind::Location, "Washington"),
            ]
        );
        let letter = extract(&RuleRecognizer::new(), LETTER);
        assert!(letter.windows(2).all(|w| w[0].start <= w[1].start));
    }

    fn check_mentions(text: &str, mentions: &[Mention]) -> Result<(), TestCaseError> {
        for m in mentions {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
            prop_assert_eq!(text[..m.start].chars().count(), m.char_start);
            prop_assert_eq!(m.char_start + m.text.chars().count(), m.char_end);
        }
        Ok(())
    }

    /// Text made of pieces that look like news: names, titles, punctuation, odd characters.
    fn newsish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("President ".to_owned()),
            Just("Donald Trump".to_owned()),
            Just("Trump's ".to_owned()),
            Just("the US-led ".to_owned()),
            Just("\"Islamic State\" (IS) ".to_owned()),
            Just("Bank of England".to_owned()),
            Just("BAHIA COCOA ".to_owned()),
            Just("<Sedio N.V.> ".to_owned()),
            Just("al-Muhandis".to_owned()),
            Just("Łódź ".to_owned()),
            Just("U.S. ".to_owned()),
            Just("Mr. ".to_owned()),
            Just("’s".to_owned()),
            Just(". ".to_owned()),
            Just("\n    ".to_owned()),
            Just("-".to_owned()),
            "\\PC{0,6}",
            "[A-Z][a-z]{0,6} ?",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn any_text_gives_well_formed_mentions(text in any::<String>()) {
            for recognizer in recognizers() {
                let spans = recognizer.recognize(&text);
                for w in spans.windows(2) {
                    prop_assert!(w[0].end <= w[1].start);
                }
                for s in &spans {
                    prop_assert!(s.start < s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
                check_mentions(&text, &canonicalize(&text, &spans))?;
            }
        }

        #[test]
        fn any_bytes_give_well_formed_mentions(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let text = String::from_utf8_lossy(&bytes);
            for recognizer in recognizers() {
                let spans = recognizer.recognize(&text);
                for w in spans.windows(2) {
                    prop_assert!(w[0].end <= w[1].start);
                }
                check_mentions(&text, &canonicalize(&text, &spans))?;
            }
        }

        #[test]
        fn newsish_text_gives_well_formed_mentions(text in newsish()) {
            for recognizer in recognizers() {
                let spans = recognizer.recognize(&text);
                for w in spans.windows(2) {
                    prop_assert!(w[0].end <= w[1].start);
                }
                check_mentions(&text, &canonicalize(&text, &spans))?;
            }
        }

        /// No name runs across a paragraph break (a blank or indented line), nor holds a
        /// ticker bracket, whichever recogniser found it.
        #[test]
        fn no_span_crosses_a_paragraph_or_a_bracket(text in newsish()) {
            for recognizer in recognizers() {
                for s in recognizer.recognize(&text) {
                    let span = &text[s.start..s.end];
                    prop_assert!(!span.contains("\n\n") && !span.contains("\n  "), "{span:?}");
                    prop_assert!(!span.contains(['<', '>']), "{span:?}");
                }
            }
        }

        #[test]
        fn extract_never_panics(text in newsish()) {
            for recognizer in recognizers() {
                check_mentions(&text, &extract(recognizer.as_ref(), &text))?;
            }
        }

        #[test]
        fn canonicalize_takes_any_spans(
            text in "\\PC{0,30}",
            raw in prop::collection::vec((0usize..40, 0usize..40, 0u8..4), 0..6),
        ) {
            let kinds = [EntityKind::Person, EntityKind::Organization, EntityKind::Location, EntityKind::Date];
            let spans: Vec<RawSpan> = raw
                .iter()
                .map(|&(start, end, k)| RawSpan { kind: kinds[k as usize], start, end })
                .collect();
            check_mentions(&text, &canonicalize(&text, &spans))?;
        }
    }
}
