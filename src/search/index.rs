//! How is an index opened and a request run against it? [`SearchIndex`] keeps one index open
//! for many requests ([`search`] opens one for a single request); its `search` gathers every
//! hit into [`SearchResults`], its `hits` hands them out one at a time. [`Opened`] is the open
//! index and searcher that `timeline`, `entities`, `stats` and `export` share.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::DocAddress;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::Query;

use super::SearchRequest;
use super::collect::{Hits, collapsed, ranked};
use super::hit::Hit;
use super::names::FilterNames;
use super::query::{Clauses, name_tokens};
use crate::extract::{self, EntityKind};
use crate::schema::{self, Fields};
use crate::{Error, Result};

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The request that was run.
    pub query: SearchRequest,
    /// How many articles match in all (the hits are the first `limit` of them).
    pub total_hits: usize,
    /// With a publication date filter: how many articles matched everything else but were left
    /// out for having no publication date. `None` without such a filter.
    pub undated_excluded: Option<usize>,
    /// With `--collapse`: how many duplicate groups the matching articles make (the hits are
    /// then the first of each group); left out of JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_groups: Option<usize>,
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// The entity filters that also matched other names of their entity (an acronym and its
    /// expansion); left out of JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<FilterNames>,
}

/// The aliases file and hide list paths a request names, and the lists read from them.
type UserNamesCache = Option<((Option<PathBuf>, Option<PathBuf>), super::UserNames)>;

/// An open index and its searcher.
pub(crate) struct Opened {
    pub(crate) fields: Fields,
    pub(crate) searcher: tantivy::Searcher,
    path: PathBuf,
    /// The user's lists as last read, so that many requests (a batch) read them once.
    user_names: std::sync::Mutex<UserNamesCache>,
}

impl Opened {
    pub(crate) fn open(index_path: &Path) -> Result<Opened> {
        let (index, fields) = schema::open_index(index_path)?;
        let reader = index.reader().map_err(|source| Error::Index {
            path: index_path.to_path_buf(),
            source,
        })?;
        Ok(Opened {
            fields,
            searcher: reader.searcher(),
            path: index_path.to_path_buf(),
            user_names: std::sync::Mutex::new(None),
        })
    }

    /// The user's aliases and hidden names for `request` (see [`super::user_names`]), read
    /// once for all the requests to this open index that name the same files.
    pub(crate) fn user_names(&self, request: &SearchRequest) -> Result<super::UserNames> {
        let key = (request.aliases.clone(), request.hide.clone());
        let mut cache = self
            .user_names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((cached, names)) = cache.as_ref()
            && *cached == key
        {
            return Ok(names.clone());
        }
        let names = super::UserNames::load(&self.path, key.0.as_deref(), key.1.as_deref())?;
        *cache = Some((key, names.clone()));
        Ok(names)
    }

    /// The stamp just after the last article this index holds entered it: what
    /// `--new-since` takes to find only what is indexed later. `None` for an empty index.
    pub(crate) fn as_of(&self) -> Result<Option<jiff::Timestamp>> {
        let last = schema::last_indexed(&self.searcher).map_err(|e| self.err(e))?;
        Ok(last.and_then(|ms| jiff::Timestamp::from_millisecond(ms + 1).ok()))
    }

    pub(crate) fn err(&self, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn count(&self, query: &dyn Query) -> Result<usize> {
        self.searcher.search(query, &Count).map_err(|e| self.err(e))
    }

    /// One matching article a duplicate group (`--collapse` for counts): of each group, the
    /// member published first (undated after dated, then the first in the index).
    pub(crate) fn stories(&self, query: &dyn Query) -> Result<HashSet<DocAddress>> {
        let docs = self
            .searcher
            .search(query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        let mut docs: Vec<DocAddress> = docs.into_iter().collect();
        docs.sort_unstable();
        let mut first: HashMap<u64, (i64, DocAddress)> = HashMap::new();
        let mut columns = HashMap::new();
        for address in docs {
            if let std::collections::hash_map::Entry::Vacant(e) = columns.entry(address.segment_ord)
            {
                let fast = self
                    .searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields();
                e.insert((
                    fast.u64(schema::DUP_GROUP).map_err(|e| self.err(e))?,
                    fast.date(schema::PUBLISHED).map_err(|e| self.err(e))?,
                ));
            }
            let (groups, published) = &columns[&address.segment_ord];
            let group = groups.first(address.doc_id).unwrap_or_else(|| {
                u64::from(address.segment_ord) << 32 | u64::from(address.doc_id)
            });
            let date = published
                .first(address.doc_id)
                .map_or(i64::MAX, |d| d.into_timestamp_secs());
            let entry = first.entry(group).or_insert((date, address));
            if date < entry.0 {
                *entry = (date, address);
            }
        }
        Ok(first.into_values().map(|(_, a)| a).collect())
    }
}

/// Runs a request against the index at `index_path` (opens it, as [`SearchIndex`] does, for
/// this one request).
pub fn search(index_path: &Path, request: &SearchRequest) -> Result<SearchResults> {
    SearchIndex::open(index_path)?.search(request)
}

/// An index opened for searching: many requests run against it without opening the index (and
/// mapping its files) each time, as a long-running program would. It sees the index as it was
/// when opened, and the aliases file and hide list as it first read them.
///
/// ```no_run
/// use newsidx::search::{SearchIndex, SearchRequest};
///
/// let index = SearchIndex::open("index".as_ref())?;
/// for name in ["federal reserve", "opec"] {
///     let request = SearchRequest::builder().organization(name).build()?;
///     println!("{name}: {} hits", index.search(&request)?.total_hits);
/// }
/// # Ok::<(), newsidx::Error>(())
/// ```
pub struct SearchIndex {
    opened: Opened,
}

impl SearchIndex {
    /// Opens the index at `index_path`.
    pub fn open(index_path: &Path) -> Result<SearchIndex> {
        Ok(SearchIndex {
            opened: Opened::open(index_path)?,
        })
    }

    /// A stamp for `--new-since` that keeps what enters the index after this one was opened:
    /// just after the last article it holds entered (`None` for an empty index).
    pub fn as_of(&self) -> Result<Option<jiff::Timestamp>> {
        self.opened.as_of()
    }

    /// Runs a request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut hits = self.hits(request)?;
        let (total_hits, undated_excluded) = (hits.total_hits, hits.undated_excluded);
        let other_names = std::mem::take(&mut hits.other_names);
        Ok(SearchResults {
            query: request.clone(),
            total_hits,
            undated_excluded,
            total_groups: hits.total_groups,
            hits: hits.collect::<Result<Vec<Hit>>>()?,
            other_names,
        })
    }

    /// Runs a request and gives its hits one at a time, each document read (and its snippet
    /// cut) when the hit is asked for: with [`SearchRequest::all`], every hit without holding
    /// them all. What is held is the order: a score or nothing and a document address per hit
    /// (16 bytes), worked out in one ranking pass (by score, or by the `published` fast field
    /// for date order) before the first hit is read.
    pub fn hits(&self, request: &SearchRequest) -> Result<Hits<'_>> {
        let opened = &self.opened;
        let clauses = Clauses::new(opened, request)?;
        let limit = if request.all || request.collapse {
            // At least 1: TopDocs wants a limit above zero. Collapsing ranks every hit, so
            // that each group is shown where its best article ranks, with all its members.
            opened.count(clauses.query().as_ref())?.max(1)
        } else {
            request.limit
        };
        let (total_hits, undated_excluded, mut order) = ranked(opened, &clauses, request, limit)?;
        let (mut total_groups, mut groups) = (None, std::collections::HashMap::new());
        if request.collapse {
            let shown = if request.all {
                usize::MAX
            } else {
                request.limit
            };
            let (n, top, by_first) = collapsed(opened, order, shown)?;
            (total_groups, order, groups) = (Some(n), top, by_first);
        }
        let mut filters: Vec<(EntityKind, Vec<String>)> = request
            .entity_filters()
            .map(|(k, n)| (k, name_tokens(&extract::query_name(k, n))))
            .collect();
        for f in clauses.other_names.iter().filter(|f| !f.excluded) {
            filters.extend(f.other_names.iter().map(|o| (f.kind, name_tokens(&o.name))));
        }
        Ok(Hits {
            total_hits,
            undated_excluded,
            other_names: clauses.other_names,
            total_groups,
            groups,
            opened,
            order: order.into_iter(),
            rank: 0,
            highlight_terms: clauses.highlight_terms,
            filters,
            analyzer: schema::text_analyzer(),
        })
    }
}
