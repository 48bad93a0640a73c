//! Which clauses make the query? Builds a request's query from typed clauses, never from
//! spliced strings: the parsed free text ([`super::text_query`]), a phrase per entity filter on
//! its entity text field (or any of its entity's names, [`super::names`]), the same for each
//! exclusion filter as a clause that leaves its matches out, and constant-score ranges on the
//! publication and mentioned dates.
//! The clauses are kept apart ([`Clauses`]) so that variants of the query can be built: the
//! count of undated articles a date range left out, the date-ordered passes of
//! [`super::collect`], and the same filters for `timeline`, `entities` and `export`.

use std::collections::HashSet;

use jiff::Timestamp;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, ExistsQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};

use super::exclude::{Guarded, guard_exclusions};
use super::names::{self, FilterNames};
use super::text_query::{parse_text_query, tokenizers};
use super::union;
use super::{Opened, SearchRequest, UserNames};
use crate::Result;
use crate::extract::{self, EntityKind};
use crate::schema::{self, Fields};

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

pub(super) fn name_tokens(name: &str) -> Vec<String> {
    tokens(&mut schema::name_analyzer(), name)
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
    pub(super) scored: Vec<Box<dyn Query>>,
    /// The exclusion filters: an article that matches any of them is left out.
    excluded: Vec<Box<dyn Query>>,
    /// The publication date range, when there is one.
    published: Option<Box<dyn Query>>,
    /// The same range in seconds, `[from, to)`, for checking a date read from the fast field.
    pub(super) published_secs: Option<(Option<i64>, Option<i64>)>,
    /// The mentioned-date range, when there is one.
    mentioned: Option<Box<dyn Query>>,
    /// Entered the index at or after `--new-since`, when given.
    indexed: Option<Box<dyn Query>>,
    /// The analyzed query-text terms to highlight in the body.
    pub(super) highlight_terms: HashSet<String>,
    /// The entity filters that also match other names of their entity, with those names.
    pub(crate) other_names: Vec<FilterNames>,
    /// The user's aliases and hidden names for this request, read once.
    pub(crate) user: UserNames,
}

impl Clauses {
    pub(crate) fn new(opened: &Opened, request: &SearchRequest) -> Result<Clauses> {
        let fields = &opened.fields;
        let mut scored: Vec<Box<dyn Query>> = Vec::new();
        let mut highlight_terms = HashSet::new();
        if let Some(text) = &request.text {
            let mut query = guard_exclusions(parse_text_query(fields, &tokenizers(), text)?);
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
        let mut other_names = Vec::new();
        let user = opened.user_names(request)?;
        let mut entity = |kind: EntityKind, name: &str, excluded: bool| -> Result<Box<dyn Query>> {
            if request.exact_name {
                return Ok(entity_query(fields, kind, name));
            }
            let mut found = names::other_names(&opened.searcher, fields, &user, kind, name)
                .map_err(|e| opened.err(e))?;
            found.excluded = excluded;
            let query: Box<dyn Query> = if found.other_names.is_empty() {
                entity_query(fields, kind, name)
            } else {
                let mut any = vec![(Occur::Should, entity_query(fields, kind, name))];
                any.extend(
                    found
                        .other_names
                        .iter()
                        .map(|o| (Occur::Should, entity_query(fields, kind, &o.name))),
                );
                Box::new(BooleanQuery::new(any))
            };
            if !found.other_names.is_empty() || !found.ambiguous.is_empty() {
                other_names.push(found);
            }
            Ok(query)
        };
        for (kind, name) in request.entity_filters() {
            scored.push(entity(kind, name, false)?);
        }
        let excluded = request
            .excluded_filters()
            .map(|(kind, name)| entity(kind, name, true))
            .collect::<Result<Vec<_>>>()?;
        Ok(Clauses {
            scored,
            excluded,
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
            indexed: request.new_since.map(|t| {
                let lower = Term::from_field_i64(fields.indexed, t.as_millisecond());
                let q: Box<dyn Query> = Box::new(RangeQuery::new(
                    std::ops::Bound::Included(lower),
                    std::ops::Bound::Unbounded,
                ));
                q
            }),
            highlight_terms,
            other_names,
            user,
        })
    }

    /// All clauses AND-ed: the query of the request.
    pub(crate) fn query(&self) -> Box<dyn Query> {
        self.conjunction(true)
    }

    /// The clauses AND-ed, the publication range left out when `published` is false.
    pub(super) fn conjunction(&self, published: bool) -> Box<dyn Query> {
        let published = self.published.as_ref().filter(|_| published);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .scored
            .iter()
            .map(|q| (Occur::Must, q.box_clone()))
            .collect();
        // Filters alone still rank: then every match scores 1.
        let filter_score = if clauses.is_empty() { 1.0 } else { 0.0 };
        for filter in [published, self.mentioned.as_ref(), self.indexed.as_ref()]
            .into_iter()
            .flatten()
        {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), filter_score)),
            ));
        }
        if clauses.is_empty() {
            if self.excluded.is_empty() {
                return Box::new(AllQuery);
            }
            // a query of exclusions alone matches nothing: they leave out of all articles
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(self.excluded_clauses());
        Box::new(BooleanQuery::new(clauses))
    }

    /// The exclusion filters as clauses that leave their matches out.
    fn excluded_clauses(&self) -> impl Iterator<Item = (Occur, Box<dyn Query>)> + '_ {
        self.excluded.iter().map(|q| {
            let guarded: Box<dyn Query> = Box::new(Guarded(q.box_clone()));
            (Occur::MustNot, guarded)
        })
    }

    /// The articles that match everything but the publication range and have no date: those
    /// the range left out. `None` without a publication range.
    pub(crate) fn undated_query(&self) -> Option<Box<dyn Query>> {
        self.published.as_ref()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
        clauses.extend(self.scored.iter().map(|q| (Occur::Must, q.box_clone())));
        for filter in [&self.mentioned, &self.indexed].into_iter().flatten() {
            clauses.push((Occur::Must, filter.box_clone()));
        }
        clauses.extend(self.excluded_clauses());
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
