//! The word lists the rule-based recogniser and the canonicaliser look names up in: known
//! entities, first names, surnames, common words, titles and organization and location head
//! words. They are built by `tools/build_gazetteers.py` into `data/gazetteers/`, compiled into
//! the binary with `include_str!`, and parsed once, on first use, into hash tables.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

/// What a known name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    /// A person.
    Person,
    /// An organization.
    Organization,
    /// A location.
    Location,
    /// A known name that is none of the three (a day, an event, a non-organization acronym).
    Misc,
    /// A demonym or group word ("Iraqi", "Shiite"): not an entity alone.
    Demonym,
}

/// How a title word may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleClass {
    /// A title ("President", "Dr"): makes the following capitalised run a person.
    Title,
    /// A title that also works in lower case before a name ("general Qasem Soleimani").
    LowerCue,
    /// A word that may join a title ("Interim", "Prime", "Foreign") but is no title alone.
    Modifier,
}

/// What an organization word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrgWord {
    /// A legal suffix: Inc, plc, GmbH.
    Suffix,
    /// A head word: Bank, Ministry, Party.
    Head,
}

/// A known name's kind, and whether the evidence is weak: a city, a capital, a company or a
/// string seen in an annotated corpus, rather than a country or a hand-checked name; a weak
/// place yields to a person of the same name in the same text ("Kenneth Douglas" ... "Douglas").
pub(crate) type Entry = (Known, bool);

/// Names of one or more tokens, looked up token by token (keys are tokens joined by one space).
#[derive(Debug, Default)]
pub(crate) struct PhraseTable {
    names: HashMap<String, Entry>,
    /// Every proper prefix (in whole tokens) of a name of two or more tokens.
    prefixes: HashSet<String>,
}

impl PhraseTable {
    fn insert(&mut self, name: String, kind: Entry) {
        let mut at = 0;
        while let Some(i) = name[at..].find(' ') {
            self.prefixes.insert(name[..at + i].to_owned());
            at += i + 1;
        }
        self.names.insert(name, kind);
    }

    /// The kind of `key` when it is a known name.
    pub(crate) fn get(&self, key: &str) -> Option<Known> {
        self.names.get(key).map(|e| e.0)
    }

    /// The kind of `key` and whether the evidence is weak, when it is a known name.
    pub(crate) fn entry(&self, key: &str) -> Option<Entry> {
        self.names.get(key).copied()
    }

    /// Whether some known name starts with the tokens of `key` and goes on.
    pub(crate) fn is_prefix(&self, key: &str) -> bool {
        self.prefixes.contains(key)
    }
}

/// All the lists, parsed.
#[derive(Debug)]
pub(crate) struct Gazetteer {
    /// Known names, as written.
    pub(crate) exact: PhraseTable,
    /// Known names in upper case, for text in capitals.
    pub(crate) upper: PhraseTable,
    /// Country alternate names to the common name.
    pub(crate) aliases: HashMap<&'static str, &'static str>,
    pub(crate) first_names: HashSet<&'static str>,
    pub(crate) surnames: HashSet<&'static str>,
    /// Lower-case.
    pub(crate) common_words: HashSet<&'static str>,
    /// Lower-case, without dots.
    pub(crate) titles: HashMap<&'static str, TitleClass>,
    /// Lower-case, without dots.
    pub(crate) org_words: HashMap<String, OrgWord>,
    /// Lower-case.
    pub(crate) loc_words: HashSet<String>,
}

const ENTITIES: &str = include_str!("../../data/gazetteers/entities.tsv");
const ALIASES: &str = include_str!("../../data/gazetteers/aliases.tsv");
const FIRST_NAMES: &str = include_str!("../../data/gazetteers/first_names.txt");
const SURNAMES: &str = include_str!("../../data/gazetteers/surnames.txt");
const COMMON_WORDS: &str = include_str!("../../data/gazetteers/common_words.txt");
const TITLES: &str = include_str!("../../data/gazetteers/titles.tsv");
const ORG_WORDS: &str = include_str!("../../data/gazetteers/org_words.tsv");
const LOC_WORDS: &str = include_str!("../../data/gazetteers/loc_words.txt");

/// The data lines of a list: without comments and blank lines.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A line `a<TAB>b` split in two.
fn pair(line: &'static str) -> Option<(&'static str, &'static str)> {
    line.split_once('\t')
}

impl Gazetteer {
    fn load() -> Self {
        let mut exact = PhraseTable::default();
        let mut upper = PhraseTable::default();
        for (name, kind) in data_lines(ENTITIES).filter_map(pair) {
            let weak = kind.starts_with(|c: char| c.is_ascii_lowercase());
            let kind = match kind.to_ascii_uppercase().as_str() {
                "PER" => Known::Person,
                "ORG" => Known::Organization,
                "LOC" => Known::Location,
                "DEM" => Known::Demonym,
                _ => Known::Misc,
            };
            let kind = (kind, weak);
            exact.insert(name.to_owned(), kind);
            let up = name.to_uppercase();
            // An all-capitals name keeps its own kind; others do not override it.
            if up == name || upper.get(&up).is_none() {
                upper.insert(up, kind);
            }
        }
        let titles = data_lines(TITLES)
            .filter_map(pair)
            .map(|(word, class)| {
                let class = match class {
                    "L" => TitleClass::LowerCue,
                    "M" => TitleClass::Modifier,
                    _ => TitleClass::Title,
                };
                (word, class)
            })
            .collect();
        let org_words = data_lines(ORG_WORDS)
            .filter_map(pair)
            .map(|(word, class)| {
                let class = if class == "S" {
                    OrgWord::Suffix
                } else {
                    OrgWord::Head
                };
                (word.to_lowercase(), class)
            })
            .collect();
        Gazetteer {
            exact,
            upper,
            aliases: data_lines(ALIASES).filter_map(pair).collect(),
            first_names: data_lines(FIRST_NAMES).collect(),
            surnames: data_lines(SURNAMES).collect(),
            common_words: data_lines(COMMON_WORDS).collect(),
            titles,
            org_words,
            loc_words: data_lines(LOC_WORDS).map(str::to_lowercase).collect(),
        }
    }
}

/// The lists, parsed on first use.
pub(crate) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

const CLUSTERS: &str = include_str!("../../data/gazetteers/clusters.tsv");

/// Distributional word clusters (built by `tools/build_clusters.py` from unlabelled news text):
/// for a word, its cluster among 64, among 256 and among 1,024, as written in the file.
#[derive(Debug)]
pub(crate) struct Clusters {
    words: HashMap<&'static str, [&'static str; 3]>,
}

impl Clusters {
    fn load() -> Self {
        let words = data_lines(CLUSTERS)
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let word = parts.next()?;
                Some((word, [parts.next()?, parts.next()?, parts.next()?]))
            })
            .collect();
        Clusters { words }
    }

    /// The clusters of `word`, or else of its lower-case form `lower`.
    pub(crate) fn get(&self, word: &str, lower: &str) -> Option<&[&'static str; 3]> {
        self.words.get(word).or_else(|| self.words.get(lower))
    }
}

/// The word clusters, parsed on first use.
pub(crate) static WORD_CLUSTERS: LazyLock<Clusters> = LazyLock::new(Clusters::load);

const BROWN: &str = include_str!("../../data/gazetteers/brown.tsv");

/// Brown clusters learnt from a large web corpus (spacy-lookups-data, see
/// `tools/build_brown.py`): for a word, its bit path from the root of the cluster tree.
#[derive(Debug)]
pub(crate) struct Brown {
    words: HashMap<&'static str, &'static str>,
}

impl Brown {
    fn load() -> Self {
        Brown {
            words: data_lines(BROWN).filter_map(pair).collect(),
        }
    }

    /// The bit path of `word`; for a word in capitals (`PENTAGON`) that has none, of its
    /// capitalised form (`Pentagon`); or else of its lower-case form `lower`.
    pub(crate) fn get(&self, word: &str, lower: &str) -> Option<&'static str> {
        if let Some(&p) = self.words.get(word) {
            return Some(p);
        }
        let mut chars = word.chars();
        if let (Some(first), Some(_)) = (chars.next(), chars.next())
            && !word.chars().any(char::is_lowercase)
        {
            let capitalised: String = first.to_uppercase().chain(lower.chars().skip(1)).collect();
            if let Some(&p) = self.words.get(capitalised.as_str()) {
                return Some(p);
            }
        }
        self.words.get(lower).copied()
    }
}

/// The Brown clusters, parsed on first use.
pub(crate) static BROWN_CLUSTERS: LazyLock<Brown> = LazyLock::new(Brown::load);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded() {
        let g = &*GAZETTEER;
        assert_eq!(g.exact.entry("Iraq"), Some((Known::Location, false)));
        assert_eq!(g.exact.entry("Lugano"), Some((Known::Location, true)));
        assert_eq!(g.exact.get("Reuters"), Some(Known::Organization));
        assert_eq!(g.exact.get("Iraqi"), Some(Known::Demonym));
        assert_eq!(g.exact.get("Sunday"), Some(Known::Misc));
        assert_eq!(g.upper.get("BAHIA"), Some(Known::Location));
        assert!(g.exact.is_prefix("Bank of"));
        assert!(g.first_names.contains("William"));
        assert!(g.surnames.contains("Smith"));
        // in capitals, the capitalised form's cluster (a place word), not the lower-case one's
        assert_eq!(BROWN_CLUSTERS.get("KREMLIN", "kremlin"), Some("100101"));
        assert_eq!(BROWN_CLUSTERS.get("kremlin", "kremlin"), Some("1000111"));
        assert!(g.common_words.contains("earlier"));
        assert_eq!(g.titles.get("president"), Some(&TitleClass::LowerCue));
        assert_eq!(g.org_words.get("inc"), Some(&OrgWord::Suffix));
        assert_eq!(g.aliases.get("US"), Some(&"United States"));
    }
}
