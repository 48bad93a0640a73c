//! Which entities do the matching articles mention? Ranks the persons, organizations and
//! locations of the articles that answer a search request by the number of those articles (then
//! by mentions), read from the display-name fast fields: no document is loaded. With a
//! `--person X` filter this is the co-occurrence list of X.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, Term};

use crate::Result;
use crate::extract::{EntityKind, name_key, normalize_name};
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
    /// The names it was merged from, when there are several (an acronym and its expansion,
    /// two spellings), most preferred first; left out of JSON when there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// One written name of an entity and its mentions in the matching articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// The name as written.
    pub name: String,
    /// Its mentions.
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
    let clauses = Clauses::new(&opened, request)?;
    let query = clauses.query();
    // with --collapse, one article a story is counted
    let only = if request.collapse {
        Some(Arc::new(opened.stories(query.as_ref())?))
    } else {
        None
    };
    let collector = NameCounts {
        only: only.clone(),
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
    // One entity a key: the name's key (case, accents, dots and spellings aside), or the
    // expansion a short form stands for in this index.
    let mut expansions: HashMap<EntityKind, HashMap<String, String>> = HashMap::new();
    for &kind in &collector.kinds {
        expansions.insert(
            kind,
            crate::search::expansions(&opened.searcher, &opened.fields, kind)
                .map_err(|e| opened.err(e))?,
        );
    }
    // One entity a set of names joined by the index's pairs (a short name and the fuller name
    // it stands for) and the user's aliases (a variant and its canonical name), whichever
    // joins them, as far as the joins reach; a group with a hidden name is dropped.
    let user = &clauses.user;
    let mut joined = Joined::default();
    for (kind, name) in counts.keys() {
        let own = name_key(name);
        for linked in [
            Some(own.clone()),
            expansions.get(kind).and_then(|e| e.get(&own)).cloned(),
        ]
        .into_iter()
        .flatten()
        {
            if let Some((canonical, _)) = user.canonical(&linked) {
                joined.join(*kind, &linked, canonical);
            }
            joined.join(*kind, &own, &linked);
        }
    }
    let mut groups: HashMap<(EntityKind, String), Vec<NameCount>> = HashMap::new();
    let mut hidden: std::collections::HashSet<(EntityKind, String)> = Default::default();
    let mut display: HashMap<(EntityKind, String), String> = HashMap::new();
    for ((kind, name), (articles, mentions)) in counts {
        let own = name_key(&name);
        let root = joined.root(kind, &own);
        let expanded = expansions.get(&kind).and_then(|e| e.get(&own));
        for key in std::iter::once(&own).chain(expanded) {
            if let Some((canonical, shown)) = user.canonical(key) {
                display.insert((kind, root.clone()), shown.clone());
                if user.hidden(canonical) {
                    hidden.insert((kind, root.clone()));
                }
            }
            if user.hidden(key) {
                hidden.insert((kind, root.clone()));
            }
        }
        groups
            .entry((kind, root))
            .or_default()
            .push((name, articles, mentions));
    }
    let mut all: Vec<(EntityCount, bool)> = groups
        .into_iter()
        .filter(|(group, _)| !hidden.contains(group))
        .map(|((kind, key), mut names)| {
            names.sort_by(|a, b| {
                preference(&b.0, b.2)
                    .cmp(&preference(&a.0, a.2))
                    .then(a.0.cmp(&b.0))
            });
            // names that normalize alike never share an article (an article has one name for
            // each), so their sum is exact; other names may share one
            let mut normalized: Vec<String> = names.iter().map(|n| normalize_name(&n.0)).collect();
            normalized.sort_unstable();
            normalized.dedup();
            let exact = normalized.len() == 1;
            let variants = if names.len() == 1 {
                Vec::new()
            } else {
                names
                    .iter()
                    .map(|(name, _, mentions)| Variant {
                        name: name.clone(),
                        mentions: *mentions,
                    })
                    .collect()
            };
            let count = EntityCount {
                rank: 0,
                kind,
                // the aliases file's canonical name, else the name written most
                name: display
                    .get(&(kind, key))
                    .cloned()
                    .unwrap_or_else(|| names[0].0.clone()),
                // an upper bound when several names may share an article; made exact below
                articles: names.iter().map(|n| n.1).sum(),
                mentions: names.iter().map(|n| n.2).sum(),
                variants,
            };
            (count, exact)
        })
        .collect();
    // The article count of an entity of several names, where it decides a place in the
    // ranking: the articles that have any of its names, counted once. A count only falls, so
    // when the first `top` of each kind are exact, no entity below can overtake them.
    all.sort_by(|a, b| order(&a.0, &b.0));
    loop {
        let mut seen: HashMap<EntityKind, usize> = HashMap::new();
        let next = all.iter().position(|(e, exact)| {
            let n = seen.entry(e.kind).or_default();
            *n += 1;
            *n <= top && !exact
        });
        let Some(i) = next else { break };
        let (mut entity, _) = all.remove(i);
        entity.articles = articles_with_any(&opened, query.as_ref(), &entity, only.as_deref())?;
        let at = all.partition_point(|(e, _)| order(e, &entity).is_lt());
        all.insert(at, (entity, true));
    }
    let all: Vec<EntityCount> = all.into_iter().map(|(e, _)| e).collect();
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

/// Name keys joined into entities, by kind: a union-find of keys, each set named by one of them.
#[derive(Default)]
struct Joined {
    parent: HashMap<(EntityKind, String), String>,
}

impl Joined {
    /// The key that names the set of `key`.
    fn root(&self, kind: EntityKind, key: &str) -> String {
        let mut at = key.to_owned();
        while let Some(up) = self.parent.get(&(kind, at.clone())) {
            at = up.clone();
        }
        at
    }

    /// Joins the sets of `a` and `b`; the smaller key names the whole, so the result does not
    /// depend on the order of joins.
    fn join(&mut self, kind: EntityKind, a: &str, b: &str) {
        let (ra, rb) = (self.root(kind, a), self.root(kind, b));
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert((kind, high), low);
        }
    }
}

/// Entities, most articles first, then most mentions, then kind and name.
fn order(a: &EntityCount, b: &EntityCount) -> std::cmp::Ordering {
    b.articles
        .cmp(&a.articles)
        .then(b.mentions.cmp(&a.mentions))
        .then(a.kind.cmp(&b.kind))
        .then(a.name.cmp(&b.name))
}

/// Which written name shows an entity: one as written in running text (mixed case, or an
/// acronym in capitals: "OPEC", never a headline's "Opec" when "OPEC" is there, nor a
/// dateline's "NEW YORK"), then the most mentioned.
fn preference(name: &str, mentions: u64) -> (bool, u64) {
    let mixed = name.chars().any(char::is_lowercase);
    let acronym = !mixed
        && !name.contains(' ')
        && (2..=8).contains(&name.chars().filter(|c| c.is_alphabetic()).count());
    (mixed || acronym, mentions)
}

/// The number of articles answering `query` that have any of `entity`'s names (with `only`,
/// of those articles alone: one a story).
fn articles_with_any(
    opened: &Opened,
    query: &dyn Query,
    entity: &EntityCount,
    only: Option<&HashSet<DocAddress>>,
) -> Result<u64> {
    let Some(field) = opened.fields.entity_exact(entity.kind) else {
        return Ok(entity.articles);
    };
    let any: Vec<(Occur, Box<dyn Query>)> = entity
        .variants
        .iter()
        .map(|v| {
            let term = Term::from_field_text(field, &normalize_name(&v.name));
            let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, q)
        })
        .collect();
    let both = BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (Occur::Must, Box::new(BooleanQuery::new(any))),
    ]);
    match only {
        None => Ok(opened.count(&both)? as u64),
        Some(only) => {
            let docs = opened
                .searcher
                .search(&both, &DocSetCollector)
                .map_err(|e| opened.err(e))?;
            Ok(docs.iter().filter(|d| only.contains(d)).count() as u64)
        }
    }
}

type Counts = HashMap<(EntityKind, String), (u64, u64)>;

/// A written name with its articles and mentions.
type NameCount = (String, u64, u64);

/// Counts, per entity name, the matching documents and the values (mentions).
struct NameCounts {
    kinds: Vec<EntityKind>,
    /// Count these documents alone (one a story), when given.
    only: Option<Arc<HashSet<DocAddress>>>,
}

struct SegmentNameCounts {
    segment: SegmentOrdinal,
    only: Option<Arc<HashSet<DocAddress>>>,
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
        segment: SegmentOrdinal,
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
            segment,
            only: self.only.clone(),
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
        if self
            .only
            .as_ref()
            .is_some_and(|only| !only.contains(&DocAddress::new(self.segment, doc)))
        {
            return;
        }
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
