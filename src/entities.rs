//! Which entities do the matching articles mention? Ranks the persons, organizations and
//! locations of the articles that answer a search request by the number of those articles (then
//! by mentions), read from the display-name fast fields: no document is loaded. With a
//! `--person X` filter this is the co-occurrence list of X.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::Result;
use crate::extract::{EntityKind, normalize_name};
use crate::schema::Fields;
use crate::search::{Clauses, Opened, SearchRequest};

/// One entity and how often the matching articles mention it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityCount {
    /// 1-based rank.
    pub rank: usize,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Canonical name (the most frequent spelling among the matching articles).
    pub name: String,
    /// Matching articles that mention it.
    pub articles: u64,
    /// Its mentions in those articles.
    pub mentions: u64,
}

/// The entities of the articles that answer a request.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCounts {
    /// The request whose matches are counted.
    pub query: SearchRequest,
    /// Matching articles.
    pub total_articles: u64,
    /// The entities, most articles first, then most mentions, then name.
    pub entities: Vec<EntityCount>,
}

/// Counts the entities of kinds `kinds` in the articles that answer `request`; keeps `top` of
/// them (per kind when several kinds are asked for).
pub fn entities(
    index_path: &std::path::Path,
    request: &SearchRequest,
    kinds: &[EntityKind],
    top: usize,
) -> Result<EntityCounts> {
    let opened = Opened::open(index_path)?;
    let clauses = Clauses::new(&opened.fields, request)?;
    let query = clauses.query();
    let collector = NameCounts {
        kinds: kinds
            .iter()
            .copied()
            .filter(|k| Fields::entity_name_column(*k).is_some())
            .collect(),
    };
    let (total_articles, counts) = opened
        .searcher
        .search(query.as_ref(), &collector)
        .map_err(|e| opened.err(e))?;
    // Merge spellings that normalize alike; show the most mentioned spelling, preferring one
    // in mixed case ("New York" over a dateline's "NEW YORK").
    let preference = |name: &str, mentions: u64| {
        let mixed = name.chars().any(char::is_lowercase);
        (mixed, mentions)
    };
    let mut merged: HashMap<(EntityKind, String), (EntityCount, (bool, u64))> = HashMap::new();
    for ((kind, name), (articles, mentions)) in counts {
        let (entry, best) = merged.entry((kind, normalize_name(&name))).or_insert((
            EntityCount {
                rank: 0,
                kind,
                name: name.clone(),
                articles: 0,
                mentions: 0,
            },
            (false, 0),
        ));
        entry.articles += articles;
        entry.mentions += mentions;
        let p = preference(&name, mentions);
        if p > *best {
            entry.name = name;
            *best = p;
        }
    }
    let mut all: Vec<EntityCount> = merged.into_values().map(|(e, _)| e).collect();
    all.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.kind.cmp(&b.kind))
            .then(a.name.cmp(&b.name))
    });
    let mut kept: HashMap<EntityKind, usize> = HashMap::new();
    let mut entities = Vec::new();
    for mut e in all {
        let n = kept.entry(e.kind).or_default();
        if *n < top {
            *n += 1;
            e.rank = entities.len() + 1;
            entities.push(e);
        }
    }
    Ok(EntityCounts {
        query: request.clone(),
        total_articles,
        entities,
    })
}

type Counts = HashMap<(EntityKind, String), (u64, u64)>;

/// Counts, per entity name, the matching documents and the values (mentions).
struct NameCounts {
    kinds: Vec<EntityKind>,
}

struct SegmentNameCounts {
    columns: Vec<(EntityKind, StrColumn)>,
    /// Per column: term ordinal -> (documents, mentions).
    counts: Vec<HashMap<u64, (u64, u64)>>,
    docs: u64,
    scratch: Vec<u64>,
}

impl Collector for NameCounts {
    type Fruit = (u64, Counts);
    type Child = SegmentNameCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentNameCounts> {
        let mut columns = Vec::new();
        for &kind in &self.kinds {
            let name = Fields::entity_name_column(kind).expect("kinds with names");
            if let Some(column) = reader.fast_fields().str(name)? {
                columns.push((kind, column));
            }
        }
        Ok(SegmentNameCounts {
            counts: vec![HashMap::new(); columns.len()],
            columns,
            docs: 0,
            scratch: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(u64, Counts)>) -> tantivy::Result<(u64, Counts)> {
        let mut docs = 0;
        let mut all = Counts::new();
        for (d, counts) in fruits {
            docs += d;
            for (key, (a, m)) in counts {
                let entry = all.entry(key).or_default();
                entry.0 += a;
                entry.1 += m;
            }
        }
        Ok((docs, all))
    }
}

impl SegmentCollector for SegmentNameCounts {
    type Fruit = (u64, Counts);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs += 1;
        for (i, (_, column)) in self.columns.iter().enumerate() {
            self.scratch.clear();
            self.scratch.extend(column.term_ords(doc));
            self.scratch.sort_unstable();
            let counts = &mut self.counts[i];
            for run in self.scratch.chunk_by(|a, b| a == b) {
                let entry = counts.entry(run[0]).or_default();
                entry.0 += 1;
                entry.1 += run.len() as u64;
            }
        }
    }

    fn harvest(self) -> (u64, Counts) {
        let mut out = Counts::new();
        for ((kind, column), counts) in self.columns.iter().zip(self.counts) {
            // In ordinal order, the dictionary reads (and decompresses) each of its blocks once.
            let mut counts: Vec<(u64, (u64, u64))> = counts.into_iter().collect();
            counts.sort_unstable_by_key(|&(ord, _)| ord);
            let ords: Vec<u64> = counts.iter().map(|&(ord, _)| ord).collect();
            let mut counts = counts.into_iter();
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |name| {
                let Some((_, (docs, mentions))) = counts.next() else {
                    return;
                };
                let name = String::from_utf8_lossy(name).into_owned();
                let entry = out.entry((*kind, name)).or_default();
                entry.0 += docs;
                entry.1 += mentions;
            });
        }
        (self.docs, out)
    }
}
