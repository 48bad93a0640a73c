//! A union of a few queries that seeks rather than buffers, for the free-text terms of a search:
//! each word of the text matches in `title` or in `body`, and the query parser makes that a
//! should-only `BooleanQuery`. tantivy runs such a union by scoring the next 4,096 documents of
//! every clause into a buffer; when an entity filter drives the conjunction, it
//! asks the union for a few far-apart documents, and each of those asks clears and refills the
//! buffer (at 1,000,000 articles, half the instructions of `search "interest rates" --org
//! "federal reserve"`). This union seeks each clause to the document asked for and scores only
//! the documents that are asked for. The matches and the scores are the same.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches the documents that any of its queries match; the score is the sum of the scores of
/// those that match, as a should-only `BooleanQuery` scores them.
#[derive(Debug)]
pub(crate) struct SeekingUnion {
    queries: Vec<Box<dyn Query>>,
}

impl SeekingUnion {
    pub(crate) fn new(queries: Vec<Box<dyn Query>>) -> SeekingUnion {
        SeekingUnion { queries }
    }
}

impl Clone for SeekingUnion {
    fn clone(&self) -> SeekingUnion {
        SeekingUnion::new(self.queries.iter().map(|q| q.box_clone()).collect())
    }
}

impl Query for SeekingUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .queries
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(UnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.queries {
            query.query_terms(visitor);
        }
    }
}

struct UnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for UnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(UnionScorer::new(scorers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of the matching clauses", scorer.score());
        for weight in &self.weights {
            if let Ok(detail) = weight.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(explanation)
    }
}

/// On the lowest document of its scorers; a scorer is moved only when it is behind. `docs`
/// holds each scorer's document, so that finding the lowest calls none of them.
struct UnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    docs: Vec<DocId>,
    doc: DocId,
}

impl UnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> UnionScorer {
        let docs: Vec<DocId> = scorers.iter().map(|s| s.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        UnionScorer { scorers, docs, doc }
    }
}

impl DocSet for UnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        let mut lowest = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc == current {
                *doc = scorer.advance();
            }
            lowest = lowest.min(*doc);
        }
        self.doc = lowest;
        lowest
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut lowest = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = scorer.seek(target);
            }
            lowest = lowest.min(*doc);
        }
        self.doc = lowest;
        lowest
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for UnionScorer {
    fn score(&mut self) -> Score {
        let current = self.doc;
        let mut score = 0.0;
        for (scorer, doc) in self.scorers.iter_mut().zip(&self.docs) {
            if *doc == current {
                score += scorer.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, doc};

    /// Every document of a small index has a few of the words a to f: the union matches and
    /// scores each document as the should-only `BooleanQuery` of the same terms does, alone
    /// and as the seeked side of a conjunction.
    #[test]
    fn matches_and_scores_as_a_should_only_boolean_query() {
        let mut builder = Schema::builder();
        let word = builder.add_text_field("word", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer(15_000_000).unwrap();
        for i in 0u32..3000 {
            let mut document = doc!();
            for (k, w) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
                if (i + k as u32 * 13).is_multiple_of(k as u32 + 2) {
                    document.add_text(word, w);
                }
            }
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(word, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let terms = || vec![term("b"), term("e"), term("f")];
        let boolean: Box<dyn Query> = Box::new(BooleanQuery::new(
            terms().into_iter().map(|q| (Occur::Should, q)).collect(),
        ));
        let union: Box<dyn Query> = Box::new(SeekingUnion::new(terms()));
        let with_rare = |q: &dyn Query| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, term("f")),
                (Occur::Must, q.box_clone()),
            ]))
        };
        for (expected, actual) in [
            (boolean.box_clone(), union.box_clone()),
            (with_rare(boolean.as_ref()), with_rare(union.as_ref())),
        ] {
            let collector = (Count, TopDocs::with_limit(4000).order_by_score());
            let (n, mut want) = searcher.search(expected.as_ref(), &collector).unwrap();
            let (m, mut got) = searcher.search(actual.as_ref(), &collector).unwrap();
            assert!(n > 0);
            assert_eq!(n, m);
            want.sort_by_key(|(_, address)| *address);
            got.sort_by_key(|(_, address)| *address);
            assert_eq!(want, got);
        }
    }
}
