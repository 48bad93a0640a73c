//! Which hits, in which order, and how many? Runs a request's [`Clauses`] through tantivy's
//! collectors: one pass for the count, the undated articles a publication range left out and,
//! by relevance, the top hits; by date, the dated matches in `published` fast-field order and
//! then the undated. What it keeps is the order (a score or nothing and a document address a
//! hit); [`Hits`] reads each document only when its hit is asked for, so `search --all` streams.

use std::collections::HashSet;

use tantivy::collector::{Count, FilterCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, Order};

use super::hit::{Hit, hit};
use super::index::Opened;
use super::names::FilterNames;
use super::query::{Clauses, has_published_date};
use super::{SearchRequest, Sort};
use crate::Result;
use crate::extract::EntityKind;
use crate::schema;

/// The hits of a request in order, read one at a time
/// ([`SearchIndex::hits`](super::SearchIndex::hits)).
pub struct Hits<'a> {
    /// How many articles match in all.
    pub total_hits: usize,
    /// As [`SearchResults::undated_excluded`](super::SearchResults::undated_excluded).
    pub undated_excluded: Option<usize>,
    /// The entity filters that also matched other names of their entity.
    pub other_names: Vec<FilterNames>,
    /// With `--collapse`: how many duplicate groups the matching articles make.
    pub total_groups: Option<usize>,
    /// With `--collapse`: for each hit, its group and the other matching articles in it.
    pub(super) groups: std::collections::HashMap<DocAddress, (u64, Vec<DocAddress>)>,
    pub(super) opened: &'a Opened,
    pub(super) order: std::vec::IntoIter<(Option<f32>, DocAddress)>,
    pub(super) rank: usize,
    pub(super) highlight_terms: HashSet<String>,
    pub(super) filters: Vec<(EntityKind, Vec<String>)>,
    pub(super) analyzer: TextAnalyzer,
}

impl Hits<'_> {
    /// The next hit's rank, score and stored document, without reading a snippet from it.
    pub(crate) fn next_document(
        &mut self,
    ) -> Option<Result<(usize, Option<f32>, TantivyDocument)>> {
        let (score, address) = self.order.next()?;
        self.rank += 1;
        let rank = self.rank;
        Some(
            self.opened
                .searcher
                .doc(address)
                .map(|doc| (rank, score, doc))
                .map_err(|e| self.opened.err(e)),
        )
    }

    /// The fields of the index the hits come from.
    pub(crate) fn fields(&self) -> &schema::Fields {
        &self.opened.fields
    }

    /// Whether a mention of `kind` named `canonical` is one of the entities the request's
    /// filters ask for (by any of their names), as a hit's snippet highlights it.
    pub(crate) fn wants(&self, kind: EntityKind, canonical: &str) -> bool {
        super::snippet::wanted(kind, canonical, &self.filters)
    }
}

impl Iterator for Hits<'_> {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        let (score, address) = self.order.next()?;
        self.rank += 1;
        let doc: Result<TantivyDocument> = self
            .opened
            .searcher
            .doc(address)
            .map_err(|e| self.opened.err(e));
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => return Some(Err(e)),
        };
        let mut hit = hit(
            &self.opened.fields,
            &doc,
            self.rank,
            score,
            &self.highlight_terms,
            &self.filters,
            &mut self.analyzer,
        );
        if let Some((group, others)) = self.groups.get(&address) {
            let ids = others
                .iter()
                .map(|a| {
                    let doc: TantivyDocument = self
                        .opened
                        .searcher
                        .doc(*a)
                        .map_err(|e| self.opened.err(e))?;
                    Ok(doc
                        .get_first(self.opened.fields.id)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned())
                })
                .collect::<Result<Vec<String>>>();
            match ids {
                Ok(ids) => {
                    hit.duplicates = Some(super::Duplicates {
                        group: format!("{group:016x}"),
                        similar: ids.len(),
                        ids,
                    })
                }
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(hit))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

/// The hits of `order` one a duplicate group, the first of each (in `order`'s order) with the
/// group and the other hits of its group; at most `limit` groups, and how many there are.
#[allow(clippy::type_complexity)]
pub(super) fn collapsed(
    opened: &Opened,
    order: Vec<(Option<f32>, DocAddress)>,
    limit: usize,
) -> Result<(
    usize,
    Vec<(Option<f32>, DocAddress)>,
    std::collections::HashMap<DocAddress, (u64, Vec<DocAddress>)>,
)> {
    let searcher = &opened.searcher;
    let mut columns = std::collections::HashMap::new();
    let mut firsts: Vec<(Option<f32>, DocAddress, u64)> = Vec::new();
    let mut members: std::collections::HashMap<u64, Vec<DocAddress>> =
        std::collections::HashMap::new();
    for (score, address) in order {
        let column = match columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64(schema::DUP_GROUP)
                    .map_err(|e| opened.err(e))?,
            ),
        };
        // an article without a group is a group of its own
        let group = column
            .first(address.doc_id)
            .unwrap_or_else(|| u64::from(address.segment_ord) << 32 | u64::from(address.doc_id));
        match members.entry(group) {
            std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().push(address),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Vec::new());
                firsts.push((score, address, group));
            }
        }
    }
    let total_groups = firsts.len();
    let mut groups = std::collections::HashMap::new();
    let mut top = Vec::new();
    for (score, address, group) in firsts.into_iter().take(limit) {
        let others = members.remove(&group).unwrap_or_default();
        groups.insert(address, (group, others));
        top.push((score, address));
    }
    Ok((total_groups, top, groups))
}

/// The number of hits, the undated articles a date range left out, and the first `limit`
/// hits in the request's order, as (score, address); the score is `None` in date order.
#[allow(clippy::type_complexity)]
pub(super) fn ranked(
    opened: &Opened,
    clauses: &Clauses,
    request: &SearchRequest,
    limit: usize,
) -> Result<(usize, Option<usize>, Vec<(Option<f32>, DocAddress)>)> {
    let searcher = &opened.searcher;
    let query = clauses.query();
    let (total_hits, undated_excluded, by_score) = counts_and_top(opened, clauses, request, limit)?;
    let top: Vec<(Option<f32>, DocAddress)> = match by_score {
        Some(by_score) => by_score
            .into_iter()
            .map(|(score, addr)| (Some(score), addr))
            .collect(),
        // by date: `counts_and_top` ranks by relevance only
        None => {
            let order = if request.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            // Dated articles in date order, then the undated ones.
            let dated = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, has_published_date()),
            ]);
            let mut top: Vec<(Option<f32>, DocAddress)> = searcher
                .search(
                    &dated,
                    &TopDocs::with_limit(limit)
                        .order_by_fast_field::<DateTime>(schema::PUBLISHED, order),
                )
                .map_err(|e| opened.err(e))?
                .into_iter()
                .map(|(_, addr)| (None, addr))
                .collect();
            if top.len() < limit {
                let undated = BooleanQuery::new(vec![
                    (Occur::Must, query.box_clone()),
                    (Occur::MustNot, has_published_date()),
                ]);
                let rest = searcher
                    .search(
                        &undated,
                        &TopDocs::with_limit(limit - top.len()).order_by_score(),
                    )
                    .map_err(|e| opened.err(e))?;
                top.extend(rest.into_iter().map(|(_, addr)| (None, addr)));
            }
            top
        }
    };
    Ok((total_hits, undated_excluded, top))
}

/// The number of hits, the number of articles the publication range left out for having no
/// date (`None` without a range) and, when ranking by relevance, the top hits. With text or
/// entity clauses this is one pass: the range is checked on the `published` fast field of each
/// article that matches the other clauses, rather than as a clause (a range clause scores
/// nothing, so the ranking is the same), and the three figures no longer take three passes.
#[allow(clippy::type_complexity)]
fn counts_and_top(
    opened: &Opened,
    clauses: &Clauses,
    request: &SearchRequest,
    limit: usize,
) -> Result<(usize, Option<usize>, Option<Vec<(f32, DocAddress)>>)> {
    let searcher = &opened.searcher;
    let by_score = TopDocs::with_limit(limit).order_by_score();
    let relevance = request.sort == Sort::Relevance;
    let err = |e| opened.err(e);
    // Without scoring clauses the range is the only narrowing clause: as a clause it walks the
    // fast field's sorted range, much faster than checking every article.
    let range = clauses
        .published_secs
        .filter(|_| !clauses.scored.is_empty());
    let Some((from, to)) = range else {
        let undated = match clauses.undated_query() {
            Some(q) => Some(opened.count(q.as_ref())?),
            None => None,
        };
        let query = clauses.query();
        return Ok(if relevance {
            let (n, top) = searcher.search(&query, &(Count, by_score)).map_err(err)?;
            (n, undated, Some(top))
        } else {
            (opened.count(query.as_ref())?, undated, None)
        });
    };
    let query = clauses.conjunction(false);
    let in_range = move |d: DateTime| {
        let secs = d.into_timestamp_secs();
        from.is_none_or(|f| secs >= f) && to.is_none_or(|t| secs < t)
    };
    let dated = FilterCollector::new(schema::PUBLISHED.to_string(), |_: DateTime| true, Count);
    let hits = FilterCollector::new(schema::PUBLISHED.to_string(), in_range, Count);
    if relevance {
        let top = FilterCollector::new(schema::PUBLISHED.to_string(), in_range, by_score);
        let (all, dated, n, top) = searcher
            .search(&query, &(Count, dated, hits, top))
            .map_err(err)?;
        Ok((n, Some(all - dated), Some(top)))
    } else {
        let (all, dated, n) = searcher
            .search(&query, &(Count, dated, hits))
            .map_err(err)?;
        Ok((n, Some(all - dated), None))
    }
}
