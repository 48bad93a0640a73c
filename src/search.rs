//! Which articles answer this request? Turns a validated [`SearchRequest`] into one tantivy
//! query of typed clauses (free text, entity filters, date range), ranks the hits (BM25 on text,
//! entity salience through mention counts) and cuts a highlighted snippet for each.

mod union;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;
use tantivy::collector::{Count, FilterCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, ExistsQuery, Occur, PhraseQuery, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{DateTime, Term};
use tantivy::{DocAddress, Order};

use crate::dates::{self, Period};
use crate::extract::{self, EntityKind};
use crate::indexer::StoredMention;
use crate::schema::{self, Fields};
use crate::{Error, Result};

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;
/// Hits returned when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;
/// Longest snippet, in chars (before the `…` marks).
pub const SNIPPET_CHARS: usize = 240;

/// A search, validated: every value has been checked, so running it can only fail on the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchRequest {
    /// Free-text query in tantivy's query syntax over `title` and `body`.
    pub text: Option<String>,
    /// Person names; an article must mention each.
    pub persons: Vec<String>,
    /// Organization names; an article must mention each.
    pub organizations: Vec<String>,
    /// Location names; an article must mention each.
    pub locations: Vec<String>,
    /// Published at or after this instant (start of the `--from` period).
    #[serde(rename = "from")]
    pub published_from: Option<Timestamp>,
    /// Published before this instant (end of the `--to` period, exclusive).
    #[serde(rename = "to")]
    pub published_to: Option<Timestamp>,
    /// Mentions a date that starts at or after this instant (`--mentioned-from`).
    pub mentioned_from: Option<Timestamp>,
    /// Mentions a date that starts before this instant (`--mentioned-to`, end of its period).
    pub mentioned_to: Option<Timestamp>,
    /// How many hits to return.
    pub limit: usize,
    /// Every hit, whatever `limit` says (`--all`); serialized only when set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all: bool,
    /// The order of the hits.
    pub sort: Sort,
}

/// The order of search hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25 plus entity salience).
    #[default]
    Relevance,
    /// Latest publication date first; articles without a date last.
    Newest,
    /// Earliest publication date first; articles without a date last.
    Oldest,
}

impl SearchRequest {
    /// A builder that takes raw strings, as a command line gives them.
    pub fn builder() -> SearchRequestBuilder {
        SearchRequestBuilder::default()
    }

    /// The entity filters as (kind, name) pairs.
    pub fn entity_filters(&self) -> impl Iterator<Item = (EntityKind, &str)> {
        let persons = self
            .persons
            .iter()
            .map(|n| (EntityKind::Person, n.as_str()));
        let orgs = self
            .organizations
            .iter()
            .map(|n| (EntityKind::Organization, n.as_str()));
        let locs = self
            .locations
            .iter()
            .map(|n| (EntityKind::Location, n.as_str()));
        persons.chain(orgs).chain(locs)
    }
}

/// Collects the raw values of a search; [`SearchRequestBuilder::build`] validates them.
#[derive(Debug, Clone, Default)]
pub struct SearchRequestBuilder {
    text: Option<String>,
    persons: Vec<String>,
    organizations: Vec<String>,
    locations: Vec<String>,
    from: Option<String>,
    to: Option<String>,
    mentioned_from: Option<String>,
    mentioned_to: Option<String>,
    limit: Option<usize>,
    all: bool,
    sort: Sort,
    now: Option<Timestamp>,
}

impl SearchRequestBuilder {
    /// Sets the free-text query.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
    /// Adds a person filter.
    pub fn person(mut self, name: impl Into<String>) -> Self {
        self.persons.push(name.into());
        self
    }
    /// Adds an organization filter.
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.organizations.push(name.into());
        self
    }
    /// Adds a location filter.
    pub fn location(mut self, name: impl Into<String>) -> Self {
        self.locations.push(name.into());
        self
    }
    /// Sets the start of the date range: `2020`, `2020-01`, `2020-01-05`, `2020-W02`, RFC 3339,
    /// `January 5, 2020`, `5 Jan 2020`, `March 2020`, or a form relative to today such as
    /// `yesterday`, `last week`, `3 days ago` (see [`dates::parse_period_at`]).
    pub fn from(mut self, date: impl Into<String>) -> Self {
        self.from = Some(date.into());
        self
    }
    /// Sets the end of the date range; the whole period is included.
    pub fn to(mut self, date: impl Into<String>) -> Self {
        self.to = Some(date.into());
        self
    }
    /// Sets the start of the mentioned-date range (same forms as [`Self::from`], relative ones
    /// resolved against today, not against the articles' publication dates).
    pub fn mentioned_from(mut self, date: impl Into<String>) -> Self {
        self.mentioned_from = Some(date.into());
        self
    }
    /// Sets the end of the mentioned-date range; the whole period is included.
    pub fn mentioned_to(mut self, date: impl Into<String>) -> Self {
        self.mentioned_to = Some(date.into());
        self
    }
    /// Sets the instant that relative dates (`yesterday`, `last week`) are resolved against, by
    /// its UTC day; [`Self::build`] takes the clock's when it is not set.
    pub fn now(mut self, now: Timestamp) -> Self {
        self.now = Some(now);
        self
    }
    /// Sets the order of the hits.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort = sort;
        self
    }
    /// Sets the number of hits.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Asks for every hit, whatever the limit (`--all`); [`SearchIndex::hits`] streams them.
    pub fn all(mut self, all: bool) -> Self {
        self.all = all;
        self
    }

    /// Validates every value: dates, range order, limit, names, query syntax.
    pub fn build(self) -> Result<SearchRequest> {
        let now = self.now.unwrap_or_else(Timestamp::now);
        let (published_from, published_to) = range(
            self.from.as_deref(),
            self.to.as_deref(),
            "--from",
            "--to",
            now,
        )?;
        let (mentioned_from, mentioned_to) = range(
            self.mentioned_from.as_deref(),
            self.mentioned_to.as_deref(),
            "--mentioned-from",
            "--mentioned-to",
            now,
        )?;
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(Error::InvalidRequest {
                flag: "--limit".into(),
                reason: format!("{limit} is out of range: give 1 to {MAX_LIMIT}"),
            });
        }
        let text = self.text.filter(|t| !t.trim().is_empty());
        let request = SearchRequest {
            text,
            persons: self.persons,
            organizations: self.organizations,
            locations: self.locations,
            published_from,
            published_to,
            mentioned_from,
            mentioned_to,
            limit,
            all: self.all,
            sort: self.sort,
        };
        let fields = Fields::new();
        for (kind, name) in request.entity_filters() {
            if name_tokens(&extract::query_name(kind, name)).is_empty() {
                return Err(Error::InvalidRequest {
                    flag: flag_of(kind).into(),
                    reason: format!("'{name}' has no letters or digits to search for"),
                });
            }
        }
        if let Some(text) = &request.text {
            parse_text_query(&fields, &tokenizers(), text)?;
        }
        Ok(request)
    }
}

/// Parses a `--from`/`--to` pair into `[start of from, end of to)`, checking its order;
/// relative dates are resolved against `now`.
fn range(
    from: Option<&str>,
    to: Option<&str>,
    from_flag: &str,
    to_flag: &str,
    now: Timestamp,
) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    let start = from
        .map(|d| dates::parse_period_at(d, from_flag, now))
        .transpose()?;
    let end = to
        .map(|d| dates::parse_period_at(d, to_flag, now))
        .transpose()?;
    if let (Some(f), Some(t)) = (start, end)
        && f.start >= t.end
    {
        return Err(Error::InvertedRange {
            from: format!("{from_flag} {}", from.unwrap_or_default()),
            to: format!("{to_flag} {}", to.unwrap_or_default()),
        });
    }
    Ok((start.map(|p: Period| p.start), end.map(|p: Period| p.end)))
}

fn flag_of(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "--person",
        EntityKind::Organization => "--org",
        EntityKind::Location => "--location",
        EntityKind::Date => "--date",
    }
}

/// One article that answers a search.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Relevance score (BM25 plus entity salience), comparable only within one search; `None`
    /// when the hits are sorted by date.
    pub score: Option<f32>,
    /// Stable article id.
    pub id: String,
    /// Source file.
    pub path: PathBuf,
    /// Title, when the article has one.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<Timestamp>,
    /// Where the publication date was found: `metadata`, `dateline` or `filename`.
    pub published_source: Option<String>,
    /// Person names, most mentioned first.
    pub persons: Vec<String>,
    /// Organization names, most mentioned first.
    pub organizations: Vec<String>,
    /// Location names, most mentioned first.
    pub locations: Vec<String>,
    /// The best fragment of the body with highlights.
    pub snippet: Snippet,
}

impl Hit {
    /// Where a person finds the article: its id (`file#record` or `file:line`) when it is one
    /// record of a file of many, else its file's path.
    pub fn locator(&self) -> String {
        let path = self.path.display().to_string();
        if self.id.is_empty() || self.id == path {
            path
        } else {
            self.id.clone()
        }
    }
}

/// A fragment of an article's body with the ranges to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The fragment, white space collapsed, with `…` where the body goes on.
    pub text: String,
    /// `[start, end)` byte ranges of `text` to highlight: query terms and mentions of the
    /// filtered entities, in order, never overlapping.
    pub highlights: Vec<[usize; 2]>,
}

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
}

fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(schema::TEXT_TOKENIZER, schema::text_analyzer());
    manager.register(schema::NAME_TOKENIZER, schema::name_analyzer());
    manager
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

fn name_tokens(name: &str) -> Vec<String> {
    tokens(&mut schema::name_analyzer(), name)
}

/// Parses the free-text query over `title` (boosted) and `body`, AND between terms.
fn parse_text_query(
    fields: &Fields,
    tokenizers: &TokenizerManager,
    text: &str,
) -> Result<Box<dyn Query>> {
    let syntax_error = |reason: String| Error::QuerySyntax {
        query: text.to_string(),
        reason,
    };
    let (_, errors) = tantivy::query_grammar::parse_query_lenient(text);
    if let Some(first) = errors.first() {
        let at = text[..first.pos.min(text.len())].chars().count() + 1;
        return Err(syntax_error(format!(
            "{} at character {at} (quote phrases with \"...\", balance parentheses)",
            first.message
        )));
    }
    let mut parser = QueryParser::new(
        fields.schema.clone(),
        vec![fields.title, fields.body],
        tokenizers.clone(),
    );
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, 2.0);
    let query = match parser.parse_query(text) {
        // `NOT b` or `-b` alone: every article but those (with the filters, of the filtered
        // ones). The lenient parse gives the same query with an "all" clause added.
        Err(QueryParserError::AllButQueryForbidden) => {
            let (query, errors) = parser.parse_query_lenient(text);
            match errors
                .into_iter()
                .find(|e| !matches!(e, QueryParserError::AllButQueryForbidden))
            {
                Some(err) => Err(err),
                None => Ok(query),
            }
        }
        parsed => parsed,
    };
    query.map(negations).map_err(|err| {
        syntax_error(format!(
            "{err} (searchable fields: title, body, person, organization, location)"
        ))
    })
}

/// The query with its exclusions made to work as Lucene's syntax means them. tantivy's grammar
/// reads `a AND NOT b` as `+a +(-b)`: `a`, and a group that only excludes, which matches
/// nothing, so the whole query found nothing. Here a group of exclusions that must match is
/// merged into the group around it (`+a -b`, as `a -b` and `a NOT b` already were); one that
/// may match or is excluded itself becomes "every article but those" (`a OR NOT b`,
/// `-(NOT b)`); and a group with exclusions but no required clause keeps only the articles
/// that match one of its optional clauses, or every article when it has none (`NOT b` alone).
/// Queries without exclusions come back as they were (their groups rebuilt alike).
fn negations(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (occur, sub) in boolean.clauses() {
        let sub = negations(sub.box_clone());
        let exclusions: Option<Vec<(Occur, Box<dyn Query>)>> = sub
            .downcast_ref::<BooleanQuery>()
            .filter(|b| b.clauses().iter().all(|(o, _)| *o == Occur::MustNot))
            .map(|b| {
                b.clauses()
                    .iter()
                    .map(|(o, q)| (*o, q.box_clone()))
                    .collect()
            });
        match exclusions {
            Some(exclusions) if *occur == Occur::Must => clauses.extend(exclusions),
            Some(exclusions) => clauses.push((*occur, all_but(exclusions))),
            None => clauses.push((*occur, sub)),
        }
    }
    let has = |wanted: Occur| clauses.iter().any(|(o, _)| *o == wanted);
    if has(Occur::MustNot) && !has(Occur::Must) {
        let (optional, exclusions): (Vec<_>, Vec<_>) = clauses
            .into_iter()
            .filter(|(_, q)| q.downcast_ref::<AllQuery>().is_none())
            .partition(|(o, _)| *o == Occur::Should);
        clauses = if optional.is_empty() {
            vec![(Occur::Must, all_but(exclusions))]
        } else {
            let mut required: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(BooleanQuery::new(optional)))];
            required.extend(exclusions);
            required
        };
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Every article but those that match one of `exclusions` (`MustNot` clauses).
fn all_but(exclusions: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
    clauses.extend(exclusions);
    Box::new(BooleanQuery::new(clauses))
}

/// The query with each should-only `BooleanQuery` in it (a word in `title` or `body`) made a
/// [`union::SeekingUnion`] of the same clauses: the same matches and scores, cheaper when a
/// rarer clause (an entity filter) drives the search, dearer when the text does (tantivy's
/// buffered union walks its clauses faster than one seek at a time).
fn seeking_unions(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = boolean.clauses();
    if clauses.len() > 1 && clauses.iter().all(|(occur, _)| *occur == Occur::Should) {
        return Box::new(union::SeekingUnion::new(
            clauses
                .iter()
                .map(|(_, q)| seeking_unions(q.box_clone()))
                .collect(),
        ));
    }
    Box::new(BooleanQuery::new(
        clauses
            .iter()
            .map(|(occur, q)| (*occur, seeking_unions(q.box_clone())))
            .collect(),
    ))
}

/// The query of one entity filter: the name's words as a phrase in the entity text field, so
/// `trump` finds "Donald Trump"; its BM25 grows with the mention count.
fn entity_query(fields: &Fields, kind: EntityKind, name: &str) -> Box<dyn Query> {
    let field = fields
        .entity_text(kind)
        .expect("entity kinds with a text field");
    // The positions the analyzer gives, as the indexed name has them (a word too long to
    // index leaves a gap there too).
    let mut analyzer = schema::name_analyzer();
    let name = extract::query_name(kind, name);
    let mut stream = analyzer.token_stream(&name);
    let mut terms: Vec<(usize, Term)> = Vec::new();
    while let Some(token) = stream.next() {
        terms.push((token.position, Term::from_field_text(field, &token.text)));
    }
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term").1,
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}

/// The clauses of a request's query, kept apart so that variants of it can be built (the
/// articles a date filter left out for having no date).
pub(crate) struct Clauses {
    /// Free text and entity filters: these score.
    scored: Vec<Box<dyn Query>>,
    /// The publication date range, when there is one.
    published: Option<Box<dyn Query>>,
    /// The same range in seconds, `[from, to)`, for checking a date read from the fast field.
    published_secs: Option<(Option<i64>, Option<i64>)>,
    /// The mentioned-date range, when there is one.
    mentioned: Option<Box<dyn Query>>,
    /// The analyzed query-text terms to highlight in the body.
    highlight_terms: HashSet<String>,
}

impl Clauses {
    pub(crate) fn new(fields: &Fields, request: &SearchRequest) -> Result<Clauses> {
        let mut scored: Vec<Box<dyn Query>> = Vec::new();
        let mut highlight_terms = HashSet::new();
        if let Some(text) = &request.text {
            let mut query = parse_text_query(fields, &tokenizers(), text)?;
            if request.entity_filters().next().is_some() {
                query = seeking_unions(query);
            }
            query.query_terms(&mut |term, _| {
                if (term.field() == fields.body || term.field() == fields.title)
                    && let Some(s) = term.value().as_str()
                {
                    highlight_terms.insert(s.to_string());
                }
            });
            scored.push(query);
        }
        for (kind, name) in request.entity_filters() {
            scored.push(entity_query(fields, kind, name));
        }
        Ok(Clauses {
            scored,
            published: date_range(
                fields.published,
                request.published_from,
                request.published_to,
            ),
            published_secs: secs_range(request.published_from, request.published_to),
            mentioned: date_range(
                fields.mentioned,
                request.mentioned_from,
                request.mentioned_to,
            ),
            highlight_terms,
        })
    }

    /// All clauses AND-ed: the query of the request.
    pub(crate) fn query(&self) -> Box<dyn Query> {
        self.conjunction(true)
    }

    /// The clauses AND-ed, the publication range left out when `published` is false.
    fn conjunction(&self, published: bool) -> Box<dyn Query> {
        let published = self.published.as_ref().filter(|_| published);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .scored
            .iter()
            .map(|q| (Occur::Must, q.box_clone()))
            .collect();
        // Filters alone still rank: then every match scores 1.
        let filter_score = if clauses.is_empty() { 1.0 } else { 0.0 };
        for filter in [published, self.mentioned.as_ref()].into_iter().flatten() {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), filter_score)),
            ));
        }
        if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// The articles that match everything but the publication range and have no date: those
    /// the range left out. `None` without a publication range.
    pub(crate) fn undated_query(&self) -> Option<Box<dyn Query>> {
        self.published.as_ref()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
        clauses.extend(self.scored.iter().map(|q| (Occur::Must, q.box_clone())));
        if let Some(m) = &self.mentioned {
            clauses.push((Occur::Must, m.box_clone()));
        }
        clauses.push((Occur::MustNot, has_published_date()));
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// The articles that have a publication date.
pub(crate) fn has_published_date() -> Box<dyn Query> {
    Box::new(ExistsQuery::new(schema::PUBLISHED.to_string(), false))
}

/// The seconds `[from, to)` of a date range, rounded as [`date_range`] rounds them; `None` when
/// both ends are open.
fn secs_range(
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Option<(Option<i64>, Option<i64>)> {
    if from.is_none() && to.is_none() {
        return None;
    }
    Some((
        from.map(|t| t.as_second()),
        to.map(|t| t.as_second() + i64::from(t.subsec_nanosecond() > 0)),
    ))
}

/// A range query `[from, to)` on a date field, `None` when both ends are open.
fn date_range(
    field: tantivy::schema::Field,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Option<Box<dyn Query>> {
    use std::ops::Bound;
    if from.is_none() && to.is_none() {
        return None;
    }
    // Dates are indexed to the second: the start rounds down, the (exclusive) end up, so the
    // one-instant period of an RFC 3339 `--from T --to T` keeps T.
    let term = |secs: i64| Term::from_field_date(field, DateTime::from_timestamp_secs(secs));
    let lower = from.map_or(Bound::Unbounded, |t| Bound::Included(term(t.as_second())));
    let upper = to.map_or(Bound::Unbounded, |t| {
        let secs = t.as_second() + i64::from(t.subsec_nanosecond() > 0);
        Bound::Excluded(term(secs))
    });
    Some(Box::new(RangeQuery::new(lower, upper)))
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
        let hits = self.hits(request)?;
        let (total_hits, undated_excluded) = (hits.total_hits, hits.undated_excluded);
        Ok(SearchResults {
            query: request.clone(),
            total_hits,
            undated_excluded,
            hits: hits.collect::<Result<Vec<Hit>>>()?,
        })
    }

    /// Runs a request and gives its hits one at a time, each document read (and its snippet
    /// cut) when the hit is asked for: with [`SearchRequest::all`], every hit without holding
    /// them all. What is held is the order: a score or nothing and a document address per hit
    /// (16 bytes), worked out in one ranking pass (by score, or by the `published` fast field
    /// for date order) before the first hit is read.
    pub fn hits(&self, request: &SearchRequest) -> Result<Hits<'_>> {
        let opened = &self.opened;
        let clauses = Clauses::new(&opened.fields, request)?;
        let limit = if request.all {
            // At least 1: TopDocs wants a limit above zero.
            opened.count(clauses.query().as_ref())?.max(1)
        } else {
            request.limit
        };
        let (total_hits, undated_excluded, order) = ranked(opened, &clauses, request, limit)?;
        let filters: Vec<(EntityKind, Vec<String>)> = request
            .entity_filters()
            .map(|(k, n)| (k, name_tokens(&extract::query_name(k, n))))
            .collect();
        Ok(Hits {
            total_hits,
            undated_excluded,
            opened,
            order: order.into_iter(),
            rank: 0,
            highlight_terms: clauses.highlight_terms,
            filters,
            analyzer: schema::text_analyzer(),
        })
    }
}

/// The hits of a request in order, read one at a time ([`SearchIndex::hits`]).
pub struct Hits<'a> {
    /// How many articles match in all.
    pub total_hits: usize,
    /// As [`SearchResults::undated_excluded`].
    pub undated_excluded: Option<usize>,
    opened: &'a Opened,
    order: std::vec::IntoIter<(Option<f32>, DocAddress)>,
    rank: usize,
    highlight_terms: HashSet<String>,
    filters: Vec<(EntityKind, Vec<String>)>,
    analyzer: TextAnalyzer,
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
        Some(doc.map(|doc| {
            hit(
                &self.opened.fields,
                &doc,
                self.rank,
                score,
                &self.highlight_terms,
                &self.filters,
                &mut self.analyzer,
            )
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

/// The number of hits, the undated articles a date range left out, and the first `limit`
/// hits in the request's order, as (score, address); the score is `None` in date order.
#[allow(clippy::type_complexity)]
fn ranked(
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

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn hit(
    fields: &Fields,
    doc: &TantivyDocument,
    rank: usize,
    score: Option<f32>,
    highlight_terms: &HashSet<String>,
    filters: &[(EntityKind, Vec<String>)],
    analyzer: &mut TextAnalyzer,
) -> Hit {
    let body = first_str(doc, fields.body).unwrap_or_default();
    let entities: Vec<serde_json::Value> = first_str(doc, fields.entities)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let names = |kind: &str| -> Vec<String> {
        entities
            .iter()
            .filter(|e| e["type"] == kind)
            .filter_map(|e| e["name"].as_str().map(str::to_string))
            .collect()
    };
    let mentions: Vec<StoredMention> = first_str(doc, fields.mentions)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut ranges = term_ranges(&body, highlight_terms, analyzer);
    for StoredMention(kind, start, end, canonical) in &mentions {
        let wanted = filters.iter().any(|(k, name)| {
            k == kind && contains_words(&name_tokens(&extract::query_name(*k, canonical)), name)
        });
        if wanted
            && *end <= body.len()
            && body.is_char_boundary(*start)
            && body.is_char_boundary(*end)
        {
            ranges.push((*start, *end));
        }
    }
    let published = doc
        .get_first(fields.published)
        .and_then(|v| v.as_datetime())
        .and_then(|d| Timestamp::from_second(d.into_timestamp_secs()).ok());
    let title = first_str(doc, fields.title);
    // The snippet is body text: a first line that only repeats the title is left out.
    let skip = title.as_deref().map_or(0, |t| after_title_line(&body, t));
    let ranges = ranges
        .into_iter()
        .filter(|&(start, _)| start >= skip)
        .map(|(start, end)| (start - skip, end - skip))
        .collect();
    Hit {
        rank,
        score,
        id: first_str(doc, fields.id).unwrap_or_default(),
        path: PathBuf::from(first_str(doc, fields.path).unwrap_or_default()),
        title,
        published,
        published_source: first_str(doc, fields.published_source),
        persons: names("PERSON"),
        organizations: names("ORGANIZATION"),
        locations: names("LOCATION"),
        snippet: snippet(&body[skip..], ranges, SNIPPET_CHARS),
    }
}

/// Where the body goes on after its first line when that line is `title` again (the same
/// words, case aside, as a plain-text headline or a Markdown heading is), blank lines after it
/// included; 0 when it is not, or when nothing follows it.
fn after_title_line(body: &str, title: &str) -> usize {
    let words =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_lowercase).collect() };
    let lead = body.len() - body.trim_start().len();
    let line_end = body[lead..].find('\n').map_or(body.len(), |i| lead + i);
    if words(&body[lead..line_end]) != words(title) || words(title).is_empty() {
        return 0;
    }
    let rest = &body[line_end..];
    let next = line_end + (rest.len() - rest.trim_start().len());
    if next >= body.len() { 0 } else { next }
}

/// Whether the words of `needle` appear in a row in `haystack` (both name tokens), as the
/// phrase query on the entity field matches them.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Byte ranges of the body tokens whose analyzed form is one of `terms`.
fn term_ranges(
    body: &str,
    terms: &HashSet<String>,
    analyzer: &mut TextAnalyzer,
) -> Vec<(usize, usize)> {
    if terms.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(body);
    while let Some(token) = stream.next() {
        if terms.contains(&token.text) {
            out.push((token.offset_from, token.offset_to));
        }
    }
    out
}

/// Cuts the window of `body` of at most `max_chars` chars that holds the most distinct
/// highlighted words, falling back to the body's start.
pub fn snippet(body: &str, mut ranges: Vec<(usize, usize)>, max_chars: usize) -> Snippet {
    ranges.retain(|&(s, e)| s < e && e <= body.len());
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    // Byte length of max_chars chars from a position.
    let end_after = |from: usize| -> usize {
        body[from..]
            .char_indices()
            .nth(max_chars)
            .map_or(body.len(), |(i, _)| from + i)
    };
    let lead_in = |at: usize| -> usize {
        // Start up to ~40 chars before the highlight, at a word start.
        let mut start = body[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        if start > 0 {
            if let Some(ws) = body[start..at].find(char::is_whitespace) {
                start += ws;
                start += body[start..].len() - body[start..].trim_start().len();
            } else {
                start = at;
            }
        }
        start
    };
    let mut best: Option<(usize, usize, usize)> = None; // (score, start, end)
    for &(s, _) in &merged {
        let start = lead_in(s);
        let end = end_after(start);
        let distinct: HashSet<String> = merged
            .iter()
            .filter(|&&(a, b)| a >= start && b <= end)
            .map(|&(a, b)| body[a..b].to_lowercase())
            .collect();
        let score = distinct.len() * 1000
            + merged
                .iter()
                .filter(|&&(a, b)| a >= start && b <= end)
                .count();
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, start, end));
        }
    }
    let (start, mut end) = best.map_or((0, end_after(0)), |(_, s, e)| (s, e));
    if end < body.len() {
        // End at a word boundary, keeping every highlight that fits.
        let last_needed = merged
            .iter()
            .filter(|&&(a, b)| a >= start && b <= end)
            .map(|&(_, b)| b)
            .max()
            .unwrap_or(start);
        if let Some(ws) = body[last_needed..end].rfind(char::is_whitespace) {
            end = last_needed + ws;
        }
    }
    let inside: Vec<(usize, usize)> = merged
        .into_iter()
        .filter(|&(a, b)| a >= start && b <= end)
        .collect();
    // Collapse white space, mapping highlight offsets into the new text.
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    let mut highlights = Vec::new();
    let mut open: Option<usize> = None;
    let mut next = inside.iter().peekable();
    let mut last_space = true;
    for (i, c) in body[start..end].char_indices() {
        let at = start + i;
        if let Some(&&(a, b)) = next.peek() {
            if open.is_none() && at == a {
                open = Some(text.len());
            }
            if let Some(o) = open
                && at == b
            {
                highlights.push([o, text.len()]);
                open = None;
                next.next();
            }
        }
        if c.is_whitespace() {
            if !last_space {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(c);
            last_space = false;
        }
    }
    if let Some(o) = open {
        highlights.push([o, text.len()]);
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    for h in &mut highlights {
        h[1] = h[1].min(trimmed);
    }
    if end < body.len() {
        text.push('…');
    }
    highlights.retain(|h| h[0] < h[1]);
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> String {
        let mut out = String::new();
        let mut at = 0;
        for [a, b] in &s.highlights {
            out.push_str(&s.text[at..*a]);
            out.push('[');
            out.push_str(&s.text[*a..*b]);
            out.push(']');
            at = *b;
        }
        out.push_str(&s.text[at..]);
        out
    }

    #[test]
    fn a_first_line_repeating_the_title_is_skipped() {
        let body = "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers.";
        assert_eq!(
            &body[after_title_line(body, "Bahia  cocoa review")..],
            "SALVADOR, Feb 26 - Showers."
        );
        assert_eq!(after_title_line(body, "Bahia cocoa"), 0, "not the title");
        assert_eq!(
            after_title_line("Title\n\n", "Title"),
            0,
            "nothing after it"
        );
        assert_eq!(after_title_line("Body text.", ""), 0);
    }

    #[test]
    fn snippet_without_highlights_is_the_start() {
        let s = snippet("One two  three\nfour.", vec![], 240);
        assert_eq!(s.text, "One two three four.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn snippet_maps_highlights_through_collapsed_space() {
        let body = "Alpha   beta\n\ngamma delta";
        let s = snippet(body, vec![(8, 12), (14, 19)], 240);
        assert_eq!(marked(&s), "Alpha [beta] [gamma] delta");
    }

    #[test]
    fn snippet_prefers_window_with_most_distinct_terms() {
        let filler = "word ".repeat(100);
        let body = format!("soleimani {filler} soleimani pentagon {filler}");
        let ranges: Vec<(usize, usize)> = body
            .match_indices("soleimani")
            .chain(body.match_indices("pentagon"))
            .map(|(i, m)| (i, i + m.len()))
            .collect();
        let s = snippet(&body, ranges, 80);
        assert!(s.text.starts_with('…'));
        assert!(
            marked(&s).contains("[soleimani] [pentagon]"),
            "{}",
            marked(&s)
        );
    }

    #[test]
    fn snippet_is_safe_on_multibyte_text() {
        let body = "Ça va — très bien, merci. ".repeat(30);
        let s = snippet(&body, vec![(0, 3)], 50);
        for [a, b] in &s.highlights {
            assert!(s.text.is_char_boundary(*a) && s.text.is_char_boundary(*b));
        }
    }

    #[test]
    fn inverted_range_is_an_error_naming_both_flags() {
        let err = SearchRequest::builder()
            .from("2020-02")
            .to("2020-01")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvertedRange { .. }), "{err}");
    }

    #[test]
    fn relative_dates_resolve_against_the_given_now() {
        let r = SearchRequest::builder()
            .now("2020-01-08T14:30:00Z".parse().unwrap())
            .from("last week")
            .to("yesterday")
            .mentioned_from("January 5, 2020")
            .mentioned_to("3 days ago")
            .build()
            .unwrap();
        let day = |t: Option<Timestamp>| t.unwrap().to_string();
        assert_eq!(day(r.published_from), "2019-12-30T00:00:00Z");
        assert_eq!(day(r.published_to), "2020-01-08T00:00:00Z");
        assert_eq!(day(r.mentioned_from), "2020-01-05T00:00:00Z");
        assert_eq!(day(r.mentioned_to), "2020-01-06T00:00:00Z");
    }

    #[test]
    fn to_month_includes_the_whole_month() {
        let r = SearchRequest::builder()
            .from("2020-01")
            .to("2020-01")
            .build()
            .unwrap();
        assert_eq!(
            r.published_from.unwrap().to_string(),
            "2020-01-01T00:00:00Z"
        );
        assert_eq!(r.published_to.unwrap().to_string(), "2020-02-01T00:00:00Z");
    }

    #[test]
    fn unbalanced_quote_says_where() {
        let err = SearchRequest::builder()
            .text("iraq \"troops")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("character"), "{err}");
    }

    #[test]
    fn zero_limit_is_rejected() {
        assert!(SearchRequest::builder().limit(0).build().is_err());
    }

    #[test]
    fn contains_words_matches_whole_words_in_a_row() {
        let t = |s: &str| name_tokens(s);
        assert!(contains_words(&t("Donald Trump"), &t("trump")));
        assert!(!contains_words(&t("Donald Trumpet"), &t("trump")));
        assert!(contains_words(&t("Abu Mahdi al-Muhandis"), &t("muhandis")));
    }
}
