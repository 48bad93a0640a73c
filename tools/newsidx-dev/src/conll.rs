//! The CoNLL-2003 articles of `../shared/data/conll2003/docs_train_dev.jsonl`, as `ner-train`
//! and `ner-eval` read them: one JSON object a line, with the article's split, its text and its
//! gold entity spans in char offsets (end exclusive).

/// One article of `docs_train_dev.jsonl`.
#[derive(Debug, serde::Deserialize)]
pub struct Record {
    /// The article's id.
    pub id: String,
    /// `train` or `testa` (dev).
    pub split: String,
    /// The article's text, a sentence a line, tokens separated by one space.
    pub text: String,
    /// The gold spans.
    pub entities: Vec<RecordEntity>,
}

/// A gold entity span of a [`Record`].
#[derive(Debug, serde::Deserialize)]
pub struct RecordEntity {
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset just past the last char (exclusive).
    pub end: usize,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: String,
}
