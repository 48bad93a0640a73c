//! Which other names does an entity filter's name have in this index? An acronym and its
//! expansion are one entity: the articles that define one by the other ("the European Community
//! (EC)") leave both in the `acronyms` field ([`schema::acronym_terms`]), and a filter for
//! either name also matches the other, wherever the article that uses it never defines it.
//!
//! A short form defined in several ways stands for the expansion that more than half of its
//! definitions give, and for no other; an expansion's short forms are those that stand for it.
//! The terms are read from the index's term dictionary at query time: nothing is kept beside
//! the index, so the names follow every commit, incremental or interrupted, as the index does.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::Searcher;

use crate::extract::{self, EntityKind};
use crate::schema::{self, ACRONYM_SEP, Fields};

/// Another name of a filter's entity, as the index has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherName {
    /// The name, normalized (lower case).
    pub name: String,
    /// Whether it is the short form (an acronym) of the filter's name, rather than its
    /// expansion.
    pub acronym: bool,
    /// Articles that define the acronym this way.
    pub defined_in: u64,
}

impl OtherName {
    /// The name as a reader writes it: an acronym in capitals.
    pub fn display(&self) -> String {
        if self.acronym {
            self.name.to_uppercase()
        } else {
            self.name.clone()
        }
    }
}

/// An entity filter that also matched other names of its entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterNames {
    /// The filter's entity kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The name the filter gave.
    pub filter: String,
    /// Its entity's other names that it matched too.
    pub other_names: Vec<OtherName>,
}

/// The terms of `field` that start with `prefix` (which ends with [`ACRONYM_SEP`]), each with
/// the rest of the term and the number of articles that have it, summed over the segments.
fn scan(
    searcher: &Searcher,
    fields: &Fields,
    prefix: &str,
) -> tantivy::Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    let mut end = prefix.as_bytes().to_vec();
    if let Some(last) = end.last_mut() {
        *last += 1;
    }
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.acronyms)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&end)
            .into_stream()?;
        while stream.advance() {
            let rest = String::from_utf8_lossy(&stream.key()[prefix.len()..]).into_owned();
            *out.entry(rest).or_insert(0) += u64::from(stream.value().doc_freq);
        }
    }
    Ok(out)
}

fn prefix(direction: char, kind: EntityKind, name: &str) -> String {
    let s = ACRONYM_SEP;
    format!("{direction}{s}{}{s}{name}{s}", schema::kind_letter(kind))
}

/// The expansion that more than half of the definitions of short form `short` give.
fn expansion(
    searcher: &Searcher,
    fields: &Fields,
    kind: EntityKind,
    short: &str,
) -> tantivy::Result<Option<OtherName>> {
    let longs = scan(searcher, fields, &prefix('s', kind, short))?;
    let total: u64 = longs.values().sum();
    Ok(longs
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| 2 * n > total)
        .map(|(name, defined_in)| OtherName {
            name,
            acronym: false,
            defined_in,
        }))
}

/// The other names of the entity that filter name `name` (as a user typed it) stands for:
/// its expansion when it is a short form, its short forms when it is an expansion.
pub(crate) fn other_names(
    searcher: &Searcher,
    fields: &Fields,
    kind: EntityKind,
    name: &str,
) -> tantivy::Result<Vec<OtherName>> {
    let name = extract::name_key(&extract::query_name(kind, name));
    let mut out: Vec<OtherName> = expansion(searcher, fields, kind, &name)?
        .into_iter()
        .collect();
    for (short, defined_in) in scan(searcher, fields, &prefix('l', kind, &name))? {
        if expansion(searcher, fields, kind, &short)?.is_some_and(|e| e.name == name) {
            out.push(OtherName {
                name: short,
                acronym: true,
                defined_in,
            });
        }
    }
    Ok(out)
}

/// Every short form of kind `kind` the index defines, with the expansion that more than half
/// of its definitions give (short forms without one are left out).
pub(crate) fn expansions(
    searcher: &Searcher,
    fields: &Fields,
    kind: EntityKind,
) -> tantivy::Result<HashMap<String, String>> {
    let s = ACRONYM_SEP;
    let all = scan(
        searcher,
        fields,
        &format!("s{s}{}{s}", schema::kind_letter(kind)),
    )?;
    // keys are `short␟long`, in order: the definitions of one short form are together
    let mut out = HashMap::new();
    let mut current: Option<(String, Vec<(String, u64)>)> = None;
    let mut close = |group: Option<(String, Vec<(String, u64)>)>| {
        if let Some((short, longs)) = group {
            let total: u64 = longs.iter().map(|l| l.1).sum();
            if let Some((long, n)) = longs.into_iter().max_by_key(|l| l.1)
                && 2 * n > total
            {
                out.insert(short, long);
            }
        }
    };
    for (key, n) in all {
        let Some((short, long)) = key.split_once(s) else {
            continue;
        };
        match &mut current {
            Some((c, longs)) if c == short => longs.push((long.to_owned(), n)),
            _ => close(current.replace((short.to_owned(), vec![(long.to_owned(), n)]))),
        }
    }
    close(current);
    Ok(out)
}
