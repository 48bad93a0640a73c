//! How is the free text read? Parses the `--text` query with tantivy's query parser over
//! `title` (boosted) and `body`, AND between terms, and rewrites its exclusions (`NOT b`,
//! `a AND NOT b`) to match as Lucene reads them. Request validation parses it once to check
//! the syntax; [`super::query::Clauses`] parses it again to build the free-text clause.

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, QueryParserError,
};
use tantivy::tokenizer::TokenizerManager;

use crate::schema::{self, Fields};
use crate::{Error, Result};

/// The index's tokenizers, by the names the schema gives them, for the query parser.
pub(super) fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(schema::TEXT_TOKENIZER, schema::text_analyzer());
    manager.register(schema::NAME_TOKENIZER, schema::name_analyzer());
    manager
}

/// Parses the free-text query over `title` (boosted) and `body`, AND between terms.
pub(super) fn parse_text_query(
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
    query.map(negations).map(constant_scores).map_err(|err| {
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
        match exclusions_of(sub.as_ref()) {
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

/// The `MustNot` clauses of a group that only excludes: `(-b -c)`, or `(+* -b)` as the lenient
/// parse writes `NOT b` and as [`all_but`] builds it, alone or as the one clause of a group.
/// `None` for any other query.
fn exclusions_of(query: &dyn Query) -> Option<Vec<(Occur, Box<dyn Query>)>> {
    let boolean = query.downcast_ref::<BooleanQuery>()?;
    if let [(Occur::Must, inner)] = boolean.clauses() {
        // a group of one required group, as `NOT b` alone is rewritten above
        return exclusions_of(inner.as_ref());
    }
    let is_all = |q: &dyn Query| q.downcast_ref::<AllQuery>().is_some();
    let only_excludes = boolean
        .clauses()
        .iter()
        .all(|(o, q)| *o == Occur::MustNot || (*o == Occur::Must && is_all(q.as_ref())));
    let exclusions: Vec<(Occur, Box<dyn Query>)> = boolean
        .clauses()
        .iter()
        .filter(|(o, _)| *o == Occur::MustNot)
        .map(|(o, q)| (*o, q.box_clone()))
        .collect();
    (only_excludes && !exclusions.is_empty()).then_some(exclusions)
}

/// Every article but those that match one of `exclusions` (`MustNot` clauses).
fn all_but(exclusions: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
    clauses.extend(exclusions);
    Box::new(BooleanQuery::new(clauses))
}

/// The query with each "every article but" group (`(+* -b)`) given the constant score 1, after
/// [`negations`]. On purpose: tantivy drops an "all documents" scorer from a required group,
/// with its score, in a segment where the excluded words do not occur, so a bare `(+* -b)`
/// added 1 to the score of some articles and not others, and the order of hits depended on how
/// the index was cut into segments.
fn constant_scores(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    if let Some(exclusions) = exclusions_of(boolean)
        && boolean.clauses().len() > exclusions.len()
    {
        return Box::new(ConstScoreQuery::new(all_but(exclusions), 1.0));
    }
    let clauses = boolean
        .clauses()
        .iter()
        .map(|(o, q)| (*o, constant_scores(q.box_clone())))
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> String {
        let fields = Fields::new();
        format!(
            "{:?}",
            parse_text_query(&fields, &tokenizers(), text).unwrap()
        )
    }

    /// Regression: `oil AND NOT opec` came back as `+oil +(+(+* -opec))`, whose "all documents"
    /// part tantivy scores 1 in some segments and drops in others, so hits changed order
    /// from one build of the same index to the next (a README example flipped).
    #[test]
    fn and_not_is_read_as_minus() {
        let minus = parsed("oil -opec");
        assert_eq!(parsed("oil AND NOT opec"), minus);
        assert_eq!(parsed("oil NOT opec"), minus);
        assert_eq!(parsed("oil AND (NOT opec)"), minus);
        assert!(!minus.contains("AllQuery"), "{minus}");
    }

    /// "Every article but" has one score everywhere, whatever tantivy does with its parts.
    #[test]
    fn every_article_but_scores_as_a_constant() {
        for text in ["NOT opec", "-opec", "oil OR NOT opec"] {
            let query = parsed(text);
            assert!(query.contains("Const(score=1"), "{text}: {query}");
        }
    }
}
