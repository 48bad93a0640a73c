//! Excluded clauses that a phrase can be: `--not-person "James Baker"` and a text query's
//! `-"james baker"` leave out the documents a phrase matches. tantivy 0.27 runs a `MustNot`
//! clause by asking its scorer, document after document, whether it holds each candidate
//! (`seek_danger`), also for a candidate below the document the scorer already stands on; a
//! phrase scorer asserts (in debug builds) that it is never asked that, and a search with an
//! excluded phrase panics there. [`Guarded`] leaves `seek_danger` to `DocSet`'s default, which
//! answers such a question itself (a scorer standing on a later document does not hold an
//! earlier one) and otherwise seeks. The matches are the same.

use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// The query with every `MustNot` clause of its boolean queries, at any depth, [`Guarded`].
pub(crate) fn guard_exclusions(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    Box::new(BooleanQuery::new(
        boolean
            .clauses()
            .iter()
            .map(|(occur, q)| {
                let inner = guard_exclusions(q.box_clone());
                let q: Box<dyn Query> = if *occur == Occur::MustNot {
                    Box::new(Guarded(inner))
                } else {
                    inner
                };
                (*occur, q)
            })
            .collect(),
    ))
}

/// A query whose scorer answers a `seek_danger` below its document without asking the inner
/// scorer (`DocSet`'s default `seek_danger`, which calls `seek` only for a later document).
#[derive(Debug)]
pub(crate) struct Guarded(pub(crate) Box<dyn Query>);

impl Clone for Guarded {
    fn clone(&self) -> Guarded {
        Guarded(self.0.box_clone())
    }
}

impl Query for Guarded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(GuardedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct GuardedWeight(Box<dyn Weight>);

impl Weight for GuardedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(GuardedScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct GuardedScorer(Box<dyn Scorer>);

impl DocSet for GuardedScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for GuardedScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{AllQuery, PhraseQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, doc};

    /// Every document but the ones with the phrase "b c", with an excluded phrase that the
    /// debug build of tantivy 0.27 asserts on unguarded.
    #[test]
    fn an_excluded_phrase_leaves_out_its_matches() {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer(15_000_000).unwrap();
        let docs = ["a b", "b c", "c b", "a b c d", "d", "b c", "b d c"];
        for d in docs {
            writer.add_document(doc!(text => d)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(text, "b"),
            Term::from_field_text(text, "c"),
        ]);
        let query = guard_exclusions(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, Box::new(phrase)),
        ])));
        let mut got: Vec<u32> = searcher
            .search(query.as_ref(), &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| a.doc_id)
            .collect();
        got.sort_unstable();
        assert_eq!(got, [0, 2, 4, 6]);
    }
}
