//! How is an index opened and a request run against it? [`SearchIndex`] keeps one index open
//! for many requests ([`search`] opens one for a single request); its `search` gathers every
//! hit into [`SearchResults`], its `hits` hands them out one at a time. [`Opened`] is the open
//! index and searcher that `timeline`, `entities`, `stats` and `export` share.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::Query;

use super::SearchRequest;
use super::collect::{Hits, ranked};
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
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// The entity filters that also matched other names of their entity (an acronym and its
    /// expansion); left out of JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<FilterNames>,
}

/// An open index and its searcher.
pub(crate) struct Opened {
    pub(crate) fields: Fields,
    pub(crate) searcher: tantivy::Searcher,
    path: PathBuf,
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
        })
    }

    /// The user's aliases and hidden names for `request` (see [`super::user_names`]).
    pub(crate) fn user_names(&self, request: &SearchRequest) -> Result<super::UserNames> {
        super::UserNames::load(
            &self.path,
            request.aliases.as_deref(),
            request.hide.as_deref(),
        )
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
}

/// Runs a request against the index at `index_path` (opens it, as [`SearchIndex`] does, for
/// this one request).
pub fn search(index_path: &Path, request: &SearchRequest) -> Result<SearchResults> {
    SearchIndex::open(index_path)?.search(request)
}

/// An index opened for searching: many requests run against it without opening the index (and
/// mapping its files) each time, as a long-running program would. It sees the index as it was
/// when opened.
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

    /// Runs a request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut hits = self.hits(request)?;
        let (total_hits, undated_excluded) = (hits.total_hits, hits.undated_excluded);
        let other_names = std::mem::take(&mut hits.other_names);
        Ok(SearchResults {
            query: request.clone(),
            total_hits,
            undated_excluded,
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
        let limit = if request.all {
            // At least 1: TopDocs wants a limit above zero.
            opened.count(clauses.query().as_ref())?.max(1)
        } else {
            request.limit
        };
        let (total_hits, undated_excluded, order) = ranked(opened, &clauses, request, limit)?;
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
            opened,
            order: order.into_iter(),
            rank: 0,
            highlight_terms: clauses.highlight_terms,
            filters,
            analyzer: schema::text_analyzer(),
        })
    }
}
