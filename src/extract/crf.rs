//! The trained recogniser: a linear-chain CRF (CRFsuite's model, trained and run with the
//! pure-Rust `crfs` crate) over the features of `features.rs`, in two passes.
//!
//! 1. The first-pass model tags the whole article, one sequence, from its tokens' own features (word, affixes,
//!    shape, context, gazetteers).
//! 2. The second-pass model sees the same features plus, for each word, the label the first pass
//!    gave that word most often elsewhere in the same article (document-level consistency, in
//!    the spirit of Ratinov & Roth 2009). Its training data got their first-pass labels from
//!    models that had not seen them (two-fold cross-validation), see `src/bin/ner-train.rs`.
//!
//! Both models are trained by `ner-train` (see `MODEL.md`), stored zstd-compressed under
//! `data/model/`, compiled into the binary with `include_bytes!` and decompressed once, on first
//! use. Labels are IOB2 over PER, ORG, LOC and MISC; MISC spans are not returned.
//!
//! Then, in this order: the CRF's spans are cut at hard line breaks, sentence ends and ticker
//! brackets (`breaks.rs`); the rule-based recogniser's persons and hand-listed places fill gaps
//! the CRF left (where it found nothing overlapping), see `with_rule_spans`; the article's
//! acronym definitions ("Organization of Petroleum Exporting Countries (OPEC)") type their long
//! and short forms (`acronyms.rs`); and last the wire's marks are applied: no sign-off or
//! credit is an entity, the dateline's place is a location (`wire.rs`).

use std::collections::HashMap;
use std::sync::LazyLock;

use crfs::{Attribute, Model};

use super::features::{doc_feature, token_features};
use super::gazetteer::{GAZETTEER, Known, OrgWord};
use super::rules;
use super::tagger::CompiledCrf;
use super::tokens::tokenize;
use super::{EntityKind, RawSpan, Recognizer};

const STAGE1_ZST: &[u8] = include_bytes!("../../data/model/ner-stage1.crfsuite.zst");
const STAGE2_ZST: &[u8] = include_bytes!("../../data/model/ner-stage2.crfsuite.zst");

/// A fingerprint of the shipped model files: changes whenever a model is retrained.
pub fn model_fingerprint() -> u64 {
    let mut bytes = Vec::with_capacity(STAGE1_ZST.len() + STAGE2_ZST.len());
    bytes.extend_from_slice(STAGE1_ZST);
    bytes.extend_from_slice(STAGE2_ZST);
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// A decompressed model file.
fn decompress(zst: &[u8]) -> Option<Vec<u8>> {
    if zst.is_empty() {
        return None;
    }
    zstd::stream::decode_all(zst).ok()
}

/// The passes' models: the first pass alone when the second-pass file is empty or does not
/// load; `None` when the first does not.
static MODELS: LazyLock<Option<CompiledCrf>> = LazyLock::new(|| {
    let stage1 = decompress(STAGE1_ZST)?;
    let stage2 = decompress(STAGE2_ZST);
    stage2
        .and_then(|stage2| CompiledCrf::from_crfsuite(&[&stage1, &stage2]).ok())
        .or_else(|| CompiledCrf::from_crfsuite(&[&stage1]).ok())
});

/// Whether the shipped models are present and load; loads them when not loaded yet.
pub fn model_loaded() -> bool {
    MODELS.is_some()
}

/// Whether the second (document-consistency) pass's model is shipped and loads.
pub fn second_pass_loaded() -> bool {
    MODELS.as_ref().is_some_and(|m| m.passes() == 2)
}

/// The CRF recogniser. Cheap to create: the models are shared statics, loaded on first use.
///
/// ```
/// use newsidx::extract::{CrfRecognizer, EntityKind, Recognizer};
///
/// let text = "President Donald Trump met NATO leaders in Brussels.";
/// let spans = CrfRecognizer::new().recognize(text);
/// let found: Vec<(EntityKind, &str)> =
///     spans.iter().map(|s| (s.kind, &text[s.start..s.end])).collect();
/// assert!(found.contains(&(EntityKind::Person, "Donald Trump")));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct CrfRecognizer {
    /// Whether to run the second (document-consistency) pass when its model is present.
    first_pass_only: bool,
}

impl CrfRecognizer {
    /// A recogniser with the built-in models.
    pub fn new() -> Self {
        CrfRecognizer {
            first_pass_only: false,
        }
    }

    /// A recogniser that runs only the first pass (for comparison in `ner-eval`).
    pub fn first_pass_only() -> Self {
        CrfRecognizer {
            first_pass_only: true,
        }
    }
}

impl Recognizer for CrfRecognizer {
    fn recognize(&self, text: &str) -> Vec<RawSpan> {
        let Some(models) = &*MODELS else {
            return Vec::new();
        };
        let tokens = tokenize(text);
        let spans: Vec<(usize, usize)> = tokens.toks.iter().map(|t| (t.start, t.end)).collect();
        let resolved = models.resolve_text(text, &tokens);
        let mut ids = models.tag(0, &resolved, |_| None);
        let mut pass = 0;
        if !self.first_pass_only && models.passes() == 2 {
            let first: Vec<&str> = ids.iter().map(|&id| models.label(0, id)).collect();
            let doc = training::doc_labels(text, &spans, &first);
            ids = models.tag(1, &resolved, |i| {
                doc.get(resolved.lower(i)).map(|l| doc_feature(l))
            });
            pass = 1;
        }
        let labels: Vec<&str> = ids.iter().map(|&id| models.label(pass, id)).collect();
        let mut misc = Vec::new();
        let found: Vec<RawSpan> = training::spans_from_labels(&spans, &labels)
            .into_iter()
            .filter_map(|(start, end, kind)| {
                let kind = match kind {
                    "PER" => EntityKind::Person,
                    "ORG" => EntityKind::Organization,
                    "LOC" => EntityKind::Location,
                    _ => {
                        misc.push(start..end);
                        return None;
                    }
                };
                Some(RawSpan { kind, start, end })
            })
            .collect();
        let found = super::breaks::split_spans(text, found);
        let found = super::acronyms::apply(text, with_rule_spans(text, found), &misc);
        super::wire::apply(text, found)
    }
}

/// Adds the rule-based recogniser's high-precision finds: persons (rule precision 0.95 on CoNLL
/// dev; a title or a lower-case cue such as "general Qasem Soleimani" makes them), which replace
/// overlapping CRF organizations and places, and hand-listed places joined to a word by a hyphen
/// where the CRF found nothing overlapping (the "Iran" of "pro-Iran", one token to the CRF).
/// Last, an organization or place whose text the article gives a person at least as often, in
/// full or as the last word of a longer name ("Soleimani" after "Qasem Soleimani"), becomes that
/// person.
fn with_rule_spans(text: &str, crf: Vec<RawSpan>) -> Vec<RawSpan> {
    let mut dropped = vec![false; crf.len()];
    let mut added = Vec::new();
    for r in rules::spans(text) {
        // `crf` is in text order and without overlaps: the spans overlapping `r` are a run
        // starting at the first one that ends after `r` starts
        let first = crf.partition_point(|c| c.end <= r.start);
        let last = first + crf[first..].iter().take_while(|c| c.start < r.end).count();
        let overlapping = &crf[first..last];
        let keep = match r.kind {
            // a rule person wins over the CRF's organizations and places, not its persons
            EntityKind::Person => overlapping.iter().all(|c| c.kind != EntityKind::Person),
            // elsewhere the CRF knows places better than the lists (dev F1 +0.001 without them)
            EntityKind::Location => {
                overlapping.is_empty()
                    && (text[..r.start].ends_with('-') || text[r.end..].starts_with('-'))
                    && GAZETTEER.exact.entry(&text[r.start..r.end])
                        == Some((Known::Location, false))
            }
            _ => false,
        };
        if keep {
            dropped[first..last].fill(true);
            added.push(r);
        }
    }
    let mut out: Vec<RawSpan> = crf
        .into_iter()
        .zip(dropped)
        .filter_map(|(c, d)| (!d).then_some(c))
        .collect();
    out.extend(added);
    out.sort_by_key(|s| (s.start, s.end));
    persons_by_vote(text, &mut out);
    organizations_by_suffix(text, &mut out);
    out
}

/// The name of a company without its legal suffix: `Ruch` for `Ruch SA`, `Ford Motor` for
/// `Ford Motor Co.`, when `name` has several words and its last is a capitalised legal suffix.
fn without_legal_suffix(name: &str) -> Option<&str> {
    let (head, last) = name.rsplit_once(' ')?;
    let key = last.trim_end_matches('.').to_lowercase();
    (last.starts_with(char::is_uppercase)
        && GAZETTEER.org_words.get(&key) == Some(&OrgWord::Suffix))
    .then(|| head.trim_end())
}

/// Makes an organization of every span that ends in a legal suffix (`Ruch SA`, `Acme Inc`),
/// and of every other span of the article whose text is such a name without its suffix (the
/// later `Ruch`s), as `persons_by_vote` does for surnames; not when an article's person ends in
/// that word (`Henry Ford` beside `Ford Motor Co`).
fn organizations_by_suffix(text: &str, spans: &mut [RawSpan]) {
    let mut short: Vec<&str> = Vec::new();
    for s in spans.iter_mut() {
        if let Some(head) = without_legal_suffix(&text[s.start..s.end]) {
            s.kind = EntityKind::Organization;
            short.push(head);
        }
    }
    if short.is_empty() {
        return;
    }
    let person_words: Vec<&str> = spans
        .iter()
        .filter(|s| s.kind == EntityKind::Person)
        .filter_map(|s| text[s.start..s.end].rsplit_once(' ').map(|(_, last)| last))
        .collect();
    short.retain(|h| !person_words.contains(h));
    for s in spans.iter_mut() {
        if s.kind != EntityKind::Organization && short.contains(&&text[s.start..s.end]) {
            s.kind = EntityKind::Organization;
        }
    }
}

/// Makes a person of every organization or place whose text the article gives a person at least
/// as often as another type: a person span votes for its text and, when it has several words,
/// for its last word. A vote rather than any one person span, so that one wrong person
/// ("Lebed Chechnya") does not turn every "Chechnya" into a person.
fn persons_by_vote(text: &str, spans: &mut [RawSpan]) {
    // per text: (person votes, other votes)
    let mut votes: HashMap<&str, (u32, u32)> = HashMap::new();
    for s in spans.iter() {
        let t = &text[s.start..s.end];
        if s.kind == EntityKind::Person {
            votes.entry(t).or_default().0 += 1;
            if let Some((_, last)) = t.rsplit_once(' ') {
                votes.entry(last).or_default().0 += 1;
            }
        } else {
            votes.entry(t).or_default().1 += 1;
        }
    }
    for s in spans.iter_mut() {
        if s.kind != EntityKind::Person
            && votes
                .get(&text[s.start..s.end])
                .is_some_and(|&(person, other)| person > 0 && person >= other)
        {
            s.kind = EntityKind::Person;
        }
    }
}

/// What `ner-train` needs from the library: the very features and label handling the tagger
/// uses. Not a stable API.
#[doc(hidden)]
pub mod training {
    use super::*;

    /// A text made ready for the CRF.
    #[derive(Debug, Clone)]
    pub struct Prepared {
        /// Each token's `[start, end)` byte offsets.
        pub token_spans: Vec<(usize, usize)>,
        /// Each token's features.
        pub features: Vec<Vec<String>>,
    }

    /// Tokens and features of `text`; `first_pass` labels (one a token) add the
    /// document-consistency features of the second pass.
    pub fn prepare(text: &str, first_pass: Option<&[String]>) -> Prepared {
        let tokens = tokenize(text);
        let token_spans: Vec<(usize, usize)> =
            tokens.toks.iter().map(|t| (t.start, t.end)).collect();
        let doc = first_pass.map(|l| doc_labels(text, &token_spans, l));
        Prepared {
            features: token_features(text, &tokens, doc.as_ref()).to_lists(),
            token_spans,
        }
    }

    /// Tags a prepared text, one sequence, with a model file's bytes (uncompressed).
    pub fn tag_with(model: &[u8], prepared: &Prepared) -> std::io::Result<Vec<String>> {
        let model = Model::new(model)?;
        let tagger = model.tagger()?;
        let xseq: Vec<Vec<Attribute>> = prepared
            .features
            .iter()
            .map(|f| f.iter().map(|s| Attribute::new(s.as_str(), 1.0)).collect())
            .collect();
        Ok(tagger.tag(&xseq)?.into_iter().map(str::to_owned).collect())
    }

    /// IOB2 labels of tokens from entity byte spans `(start, end, type)`. A token is `B-` when
    /// it starts an entity, `I-` when it lies inside one, else `O`.
    pub fn bio_labels(
        token_spans: &[(usize, usize)],
        entities: &[(usize, usize, &str)],
    ) -> Vec<String> {
        let mut labels = vec!["O".to_owned(); token_spans.len()];
        for &(s, e, ty) in entities {
            for (i, &(ts, te)) in token_spans.iter().enumerate() {
                if ts >= s && te <= e {
                    labels[i] = if ts == s {
                        format!("B-{ty}")
                    } else {
                        format!("I-{ty}")
                    };
                }
            }
        }
        labels
    }

    /// Entity spans `(start, end, type)` from IOB2 labels: an `I-` that does not continue an
    /// entity of its type starts one.
    pub fn spans_from_labels<'a, S: AsRef<str>>(
        token_spans: &[(usize, usize)],
        labels: &'a [S],
    ) -> Vec<(usize, usize, &'a str)> {
        let mut out: Vec<(usize, usize, &str)> = Vec::new();
        let mut open: Option<(usize, usize, &str)> = None;
        for (&(ts, te), label) in token_spans.iter().zip(labels) {
            let (bio, ty) = match label.as_ref().split_once('-') {
                Some((b, t)) => (b, t),
                None => ("O", ""),
            };
            match (bio, open.as_mut()) {
                ("I", Some(o)) if o.2 == ty => o.1 = te,
                ("B" | "I", _) => {
                    out.extend(open.take());
                    open = Some((ts, te, ty));
                }
                _ => out.extend(open.take()),
            }
        }
        out.extend(open);
        out
    }

    /// For each lower-cased capitalised word, the entity type the labels give it most often in
    /// this text (ties go to PER, then ORG, LOC, MISC); words never labelled an entity are absent.
    pub fn doc_labels<S: AsRef<str>>(
        text: &str,
        token_spans: &[(usize, usize)],
        labels: &[S],
    ) -> HashMap<String, &'static str> {
        let mut votes: HashMap<String, [u32; 5]> = HashMap::new();
        const TYPES: [&str; 5] = ["PER", "ORG", "LOC", "MISC", "O"];
        for (&(s, e), label) in token_spans.iter().zip(labels) {
            let w = &text[s..e];
            if !w.starts_with(char::is_uppercase) {
                continue;
            }
            let ty = label.as_ref().split_once('-').map_or("O", |(_, t)| t);
            let k = TYPES.iter().position(|&t| t == ty).unwrap_or(4);
            votes.entry(w.to_lowercase()).or_default()[k] += 1;
        }
        votes
            .into_iter()
            .filter_map(|(w, v)| {
                let (k, &n) = v[..4]
                    .iter()
                    .enumerate()
                    .max_by_key(|&(k, &n)| (n, 4 - k))?;
                (n > 0).then(|| {
                    let majority = n * 2 > v.iter().sum::<u32>();
                    let t = match (k, majority) {
                        (0, true) => "PER",
                        (1, true) => "ORG",
                        (2, true) => "LOC",
                        (3, true) => "MISC",
                        (0, false) => "per",
                        (1, false) => "org",
                        (2, false) => "loc",
                        _ => "misc",
                    };
                    (w, t)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::training::*;
    use super::{
        MODELS, STAGE1_ZST, STAGE2_ZST, decompress, organizations_by_suffix, persons_by_vote,
        tokenize,
    };
    use crate::extract::features::{doc_feature, token_features};
    use crate::extract::tagger::CompiledCrf;
    use crate::extract::{EntityKind, RawSpan};

    /// Regression: one wrong person ("Lebed Chechnya") made every "Chechnya" of a dev article
    /// a person; the place must win when it is the more frequent reading.
    #[test]
    fn one_wrong_person_does_not_outvote_a_place() {
        let text = "Lebed Chechnya. Chechnya and Chechnya. Qasem Soleimani and Soleimani.";
        let span = |kind, word: &str, nth: usize| {
            let start = text.match_indices(word).nth(nth).unwrap().0;
            RawSpan {
                kind,
                start,
                end: start + word.len(),
            }
        };
        let mut spans = vec![
            span(EntityKind::Person, "Lebed Chechnya", 0),
            span(EntityKind::Location, "Chechnya", 1),
            span(EntityKind::Location, "Chechnya", 2),
            span(EntityKind::Person, "Qasem Soleimani", 0),
            span(EntityKind::Organization, "Soleimani", 1),
        ];
        persons_by_vote(text, &mut spans);
        let kinds: Vec<EntityKind> = spans.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                EntityKind::Person,
                EntityKind::Location,
                EntityKind::Location,
                EntityKind::Person,
                EntityKind::Person,
            ]
        );
    }

    /// Regression: a dev article's "Ruch SA" and its ten later "Ruch"s came out as persons; a
    /// legal suffix makes the name and its short form an organization, unless a person of the
    /// article ends in that word.
    #[test]
    fn a_legal_suffix_makes_the_short_name_an_organization() {
        let text = "Ruch SA said Ruch would bid. Henry Ford met Ford Co. Ford agreed.";
        let span = |kind, word: &str, nth: usize| {
            let start = text.match_indices(word).nth(nth).unwrap().0;
            RawSpan {
                kind,
                start,
                end: start + word.len(),
            }
        };
        let mut spans = vec![
            span(EntityKind::Person, "Ruch SA", 0),
            span(EntityKind::Person, "Ruch", 1),
            span(EntityKind::Person, "Henry Ford", 0),
            span(EntityKind::Organization, "Ford Co.", 0),
            span(EntityKind::Person, "Ford", 2),
        ];
        organizations_by_suffix(text, &mut spans);
        let kinds: Vec<EntityKind> = spans.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                EntityKind::Organization,
                EntityKind::Organization,
                EntityKind::Person,
                EntityKind::Organization,
                EntityKind::Person,
            ]
        );
    }

    /// The fast tagger must give exactly the labels of `crfs`'s own tagger, which reads the
    /// model file as CRFsuite does.
    #[test]
    fn compiled_model_tags_like_crfs() {
        let bytes = decompress(STAGE1_ZST).expect("the shipped first-pass model");
        let b2 = decompress(STAGE2_ZST).expect("the shipped second-pass model");
        let compiled = CompiledCrf::from_crfsuite(&[&bytes, &b2]).expect("the models compile");
        let mut texts = vec![
            include_str!("../../tests/fixtures/us-forces-iraq-letter.txt").to_owned(),
            "President Donald Trump met NATO leaders in Brussels on Monday.".to_owned(),
            String::new(),
            "x".to_owned(),
        ];
        for entry in walkdir::WalkDir::new("tests/fixtures/articles") {
            let entry = entry.expect("fixture dir");
            if entry.file_type().is_file() {
                texts.push(String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into());
            }
        }
        for text in &texts {
            let expected = tag_with(&bytes, &prepare(text, None)).expect("crfs tags");
            let features = token_features(text, &tokenize(text), None);
            let resolved = compiled.resolve(&features);
            assert!(
                compiled
                    .resolve_text(text, &tokenize(text))
                    .close_to(&resolved),
                "the per-word cache resolves {:.60} otherwise",
                text
            );
            let ids = compiled.tag(0, &resolved, |_| None);
            let got: Vec<&str> = ids.iter().map(|&id| compiled.label(0, id)).collect();
            assert_eq!(got, expected, "labels differ on {:.60}", text);
            // the second pass, from the first pass's labels
            let p = prepare(text, None);
            let doc = doc_labels(text, &p.token_spans, &got);
            let expected = tag_with(&b2, &prepare(text, Some(&expected))).expect("crfs tags");
            let ids = compiled.tag(1, &resolved, |i| {
                doc.get(features.lower(i)).map(|l| doc_feature(l))
            });
            let got: Vec<&str> = ids.iter().map(|&id| compiled.label(1, id)).collect();
            assert_eq!(got, expected, "second-pass labels differ on {:.60}", text);
        }
    }

    proptest::proptest! {
        /// The tagger's per-word cache must give what looking every feature string up gives,
        /// whatever the text and whatever the cache already holds.
        #[test]
        fn word_cache_resolves_like_the_feature_strings(
            texts in proptest::collection::vec(
                proptest::prop_oneof![
                    "\\PC{0,40}",
                    "([A-Z][a-z]{0,7}|[a-z]{1,6}|U\\.S\\.|'s|[0-9]{1,4}|[-.,\"()]|\n\n?| )( [A-Z][a-z]{0,7}| [a-z]{1,6}|[-.,])*",
                ],
                1..6,
            ),
        ) {
            let compiled = MODELS.as_ref().expect("the shipped models load");
            for text in &texts {
                let tokens = tokenize(text);
                let expected = compiled.resolve(&token_features(text, &tokens, None));
                proptest::prop_assert!(compiled.resolve_text(text, &tokens).close_to(&expected));
            }
        }
    }

    #[test]
    fn labels_and_spans_round_trip() {
        let text = "Adel Abdel-Mahdi met Reuters in New York.";
        let p = prepare(text, None);
        let gold = [(0, 16, "PER"), (21, 28, "ORG"), (32, 40, "LOC")];
        let labels = bio_labels(&p.token_spans, &gold);
        assert_eq!(labels[..3], ["B-PER", "I-PER", "O"]);
        assert_eq!(spans_from_labels(&p.token_spans, &labels), gold);
    }

    #[test]
    fn stray_inside_label_starts_a_span() {
        let spans = [(0, 1), (2, 3), (4, 5)];
        let labels = ["I-LOC", "I-ORG", "O"].map(str::to_owned);
        assert_eq!(
            spans_from_labels(&spans, &labels),
            [(0, 1, "LOC"), (2, 3, "ORG")]
        );
    }

    #[test]
    fn second_pass_sees_the_majority_label_of_a_word() {
        let text = "Clinton spoke. Clinton left. Clinton";
        let p = prepare(text, None);
        let mut labels = vec!["O".to_owned(); p.token_spans.len()];
        labels[0] = "B-PER".to_owned();
        labels[3] = "B-PER".to_owned();
        let doc = doc_labels(text, &p.token_spans, &labels);
        assert_eq!(doc.get("clinton"), Some(&"PER"));
        let second = prepare(text, Some(&labels));
        assert!(second.features[6].iter().any(|f| f == "doc=PER"));
    }
}
