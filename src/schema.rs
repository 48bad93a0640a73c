//! Which fields does the index have? The one place that knows field names and how each field is
//! tokenized; every other module asks [`Fields`] for a field.
//!
//! | field | kind | what |
//! |---|---|---|
//! | `id` | raw string, stored | the article's stable id |
//! | `file` | raw string, fast | the canonical path of the file, to replace a file's articles on re-index |
//! | `file_size`, `file_mtime`, `file_hash` | fast | the file as it was indexed, to skip it when unchanged |
//! | `path` | stored | the path as walked |
//! | `title`, `body` | text, stored, positions | English stemming and ASCII folding |
//! | `published` | date, indexed, fast, stored | publication date (seconds, UTC) |
//! | `mentioned` | date, indexed, fast, multi-valued | the start of each date period the body mentions |
//! | `published_source`, `source`, `url`, `authors` | stored | metadata |
//! | `crawled` | date, stored | when a web crawler fetched the page (WARC records only) |
//! | `person`, `organization`, `location` | text, positions | one value per mention (term frequency = salience), the words of the name after `normalize_name` (as a filter has them), not stemmed |
//! | `person_exact`, … | raw string, fast | one normalized name per entity, for filters and counts |
//! | `person_name`, … | fast only | display names, one value per mention, for entity counts |
//! | `short_names` | raw string, indexed | each short name of the article's entities with the fuller name it stands for (an acronym it defines, a surname, a clipped name), two terms a pair ([`short_name_terms`]): what lets `--org EC` and `--org "European Community"` find each other's articles |
//! | `entities`, `mentions` | stored JSON | the article's entities with counts, and the body offsets of each mention |

use std::path::Path;

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexSettings};

use crate::Error;
use crate::extract::EntityKind;

/// The version of the schema below; recorded in the index and checked on open.
/// 2: the `short_names` field.
/// 3: the `minhash_*`, `dup_group` and `indexed` fields (wire duplicates, watch
///    lists re-run with `--new-since`).
/// 4: the `crawled` field (the fetch date of a web archive's page).
pub const SCHEMA_VERSION: u32 = 4;

/// Name of the source-file key field.
pub const FILE: &str = "file";
/// Name of the source-file size field.
pub const FILE_SIZE: &str = "file_size";
/// Name of the source-file modification time field.
pub const FILE_MTIME: &str = "file_mtime";
/// Name of the source-file content hash field.
pub const FILE_HASH: &str = "file_hash";

/// Name of the publication date field (for APIs that take field names, such as fast fields).
pub const PUBLISHED: &str = "published";

/// Fast fields of an article's near-duplicate signature (`indexer::duplicates`), eight of its
/// positions each.
pub const MINHASH: [&str; 4] = ["minhash_0", "minhash_1", "minhash_2", "minhash_3"];
/// Fast field of an article's duplicate group: a hash of the signature of the first article of
/// its group.
pub const DUP_GROUP: &str = "dup_group";
/// Fast field of when an article first entered the index (milliseconds since the epoch, UTC;
/// increasing within an indexing run).
pub const INDEXED_AT: &str = "indexed";

/// Fast field of person display names.
pub const PERSON_NAME: &str = "person_name";
/// Fast field of organization display names.
pub const ORGANIZATION_NAME: &str = "organization_name";
/// Fast field of location display names.
pub const LOCATION_NAME: &str = "location_name";

/// Tokenizer of `title` and `body`: words, lower-cased, ASCII-folded, English-stemmed.
pub const TEXT_TOKENIZER: &str = "newsidx_en";
/// Tokenizer of the entity text fields: the words of the name as
/// [`crate::extract::normalize_name`] gives it (so "U.S. Treasury" is `us treasury`, as a
/// `--org` filter of that name asks), not stemmed.
pub const NAME_TOKENIZER: &str = "newsidx_name";

/// The fields of the index, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The schema itself.
    pub schema: Schema,
    /// Stable article id.
    pub id: Field,
    /// Canonical path of the source file (indexed and fast, not stored).
    pub file: Field,
    /// Size of the source file in bytes when it was indexed.
    pub file_size: Field,
    /// Modification time of the source file (nanoseconds since the epoch) when indexed.
    pub file_mtime: Field,
    /// xxh3 hash of the source file's bytes when indexed.
    pub file_hash: Field,
    /// Path as walked.
    pub path: Field,
    /// Title text.
    pub title: Field,
    /// Body text.
    pub body: Field,
    /// Publication date.
    pub published: Field,
    /// The start of each date the body mentions (multi-valued).
    pub mentioned: Field,
    /// Where the publication date came from.
    pub published_source: Field,
    /// Publisher.
    pub source: Field,
    /// URL.
    pub url: Field,
    /// When a web crawler fetched the page.
    pub crawled: Field,
    /// Authors, one value each.
    pub authors: Field,
    /// Person names, one value per mention.
    pub person: Field,
    /// Organization names, one value per mention.
    pub organization: Field,
    /// Location names, one value per mention.
    pub location: Field,
    /// Normalized person names, one per entity.
    pub person_exact: Field,
    /// Normalized organization names, one per entity.
    pub organization_exact: Field,
    /// Normalized location names, one per entity.
    pub location_exact: Field,
    /// Person display names, one value per mention (fast only), for counts.
    pub person_name: Field,
    /// Organization display names, one value per mention (fast only).
    pub organization_name: Field,
    /// Location display names, one value per mention (fast only).
    pub location_name: Field,
    /// Short names of the article's entities with their fuller names, two terms a pair
    /// ([`short_name_terms`]).
    pub short_names: Field,
    /// The article's entities as JSON (`[{"type","name","count","in_title"}]`).
    pub entities: Field,
    /// The body offsets of entity mentions as JSON (`[["PERSON", start, end, "canonical"]]`).
    pub mentions: Field,
    /// The near-duplicate signature ([`MINHASH`]).
    pub minhash: [Field; 4],
    /// The duplicate group ([`DUP_GROUP`]).
    pub dup_group: Field,
    /// When the article first entered the index ([`INDEXED_AT`]).
    pub indexed: Field,
}

impl Fields {
    /// Builds the schema.
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let names = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NAME_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let exact = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::Basic),
            )
            .set_fast("raw");
        let names_fast = TextOptions::default().set_fast("raw");
        let id = b.add_text_field("id", STRING | STORED);
        let file = b.add_text_field(FILE, STRING.set_fast("raw"));
        let file_size = b.add_u64_field(FILE_SIZE, FAST);
        let file_mtime = b.add_i64_field(FILE_MTIME, FAST);
        let file_hash = b.add_u64_field(FILE_HASH, FAST);
        let path = b.add_text_field("path", STORED);
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let published = b.add_date_field(
            PUBLISHED,
            DateOptions::from(INDEXED)
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let mentioned = b.add_date_field(
            "mentioned",
            DateOptions::from(INDEXED)
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let published_source = b.add_text_field("published_source", STORED);
        let source = b.add_text_field("source", STORED);
        let url = b.add_text_field("url", STORED);
        let crawled = b.add_date_field(
            "crawled",
            DateOptions::default()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        let authors = b.add_text_field("authors", STORED);
        let person = b.add_text_field("person", names.clone());
        let organization = b.add_text_field("organization", names.clone());
        let location = b.add_text_field("location", names);
        let person_exact = b.add_text_field("person_exact", exact.clone());
        let organization_exact = b.add_text_field("organization_exact", exact.clone());
        let location_exact = b.add_text_field("location_exact", exact);
        let person_name = b.add_text_field(PERSON_NAME, names_fast.clone());
        let organization_name = b.add_text_field(ORGANIZATION_NAME, names_fast.clone());
        let location_name = b.add_text_field(LOCATION_NAME, names_fast);
        let short_names = b.add_text_field("short_names", STRING);
        let entities = b.add_text_field("entities", STORED);
        let mentions = b.add_text_field("mentions", STORED);
        let minhash = MINHASH.map(|name| b.add_u64_field(name, FAST));
        let dup_group = b.add_u64_field(DUP_GROUP, FAST);
        let indexed = b.add_i64_field(INDEXED_AT, FAST);
        Fields {
            schema: b.build(),
            id,
            file,
            file_size,
            file_mtime,
            file_hash,
            path,
            title,
            body,
            published,
            mentioned,
            published_source,
            source,
            url,
            crawled,
            authors,
            person,
            organization,
            location,
            person_exact,
            organization_exact,
            location_exact,
            person_name,
            organization_name,
            location_name,
            short_names,
            entities,
            mentions,
            minhash,
            dup_group,
            indexed,
        }
    }

    /// The text field of an entity kind (`None` for dates).
    pub fn entity_text(&self, kind: EntityKind) -> Option<Field> {
        match kind {
            EntityKind::Person => Some(self.person),
            EntityKind::Organization => Some(self.organization),
            EntityKind::Location => Some(self.location),
            EntityKind::Date => None,
        }
    }

    /// The name of the display-name fast field of an entity kind (`None` for dates).
    pub fn entity_name_column(kind: EntityKind) -> Option<&'static str> {
        match kind {
            EntityKind::Person => Some(PERSON_NAME),
            EntityKind::Organization => Some(ORGANIZATION_NAME),
            EntityKind::Location => Some(LOCATION_NAME),
            EntityKind::Date => None,
        }
    }

    /// The display-name fast field of an entity kind (`None` for dates).
    pub fn entity_name(&self, kind: EntityKind) -> Option<Field> {
        match kind {
            EntityKind::Person => Some(self.person_name),
            EntityKind::Organization => Some(self.organization_name),
            EntityKind::Location => Some(self.location_name),
            EntityKind::Date => None,
        }
    }

    /// The exact (normalized, fast) field of an entity kind (`None` for dates).
    pub fn entity_exact(&self, kind: EntityKind) -> Option<Field> {
        match kind {
            EntityKind::Person => Some(self.person_exact),
            EntityKind::Organization => Some(self.organization_exact),
            EntityKind::Location => Some(self.location_exact),
            EntityKind::Date => None,
        }
    }
}

/// Separates the parts of a `short_names` term.
pub const SHORT_NAME_SEP: char = '\u{1f}';

/// The latest [`INDEXED_AT`] stamp of the articles `searcher` sees (milliseconds), `None` when
/// it sees none: where the next run's stamps start, and what `--new-since` stamps part.
pub fn last_indexed(searcher: &tantivy::Searcher) -> tantivy::Result<Option<i64>> {
    let mut last = None;
    for segment in searcher.segment_readers() {
        if segment.num_docs() > 0 {
            let column = segment.fast_fields().i64(INDEXED_AT)?;
            last = last.max(Some(column.max_value()));
        }
    }
    Ok(last)
}

/// The letter of an entity kind in `short_names` terms.
pub fn kind_letter(kind: EntityKind) -> char {
    match kind {
        EntityKind::Person => 'P',
        EntityKind::Organization => 'O',
        EntityKind::Location => 'L',
        EntityKind::Date => 'D',
    }
}

/// The two `short_names` terms of one pair (names as their `extract::name_key`): `s␟O␟ec␟european community`
/// to look the expansions of a short form up, and `l␟O␟european community␟ec` for the short
/// forms of an expansion (`␟` is [`SHORT_NAME_SEP`]).
pub fn short_name_terms(kind: EntityKind, short: &str, long: &str) -> [String; 2] {
    let k = kind_letter(kind);
    let s = SHORT_NAME_SEP;
    [
        format!("s{s}{k}{s}{short}{s}{long}"),
        format!("l{s}{k}{s}{long}{s}{short}"),
    ]
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}

/// The analyzer of `title` and `body`.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analyzer of the entity name fields, used when indexing a name and when querying one:
/// the name goes through [`crate::extract::name_key`] (dots dropped, so "U.S." is one word `us`
/// on both sides; "Organisation" is `organization`) and is split into words at anything but a
/// letter or digit.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(NameTokenizer)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Splits a name into the words of its normalized form. The offsets of a token are byte
/// offsets into the normalized name, not the input: the entity text fields keep no offsets.
#[derive(Debug, Clone, Copy)]
struct NameTokenizer;

/// The tokens of one name, worked out at once (a name is a few words).
struct NameTokens {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

impl Tokenizer for NameTokenizer {
    type TokenStream<'a> = NameTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NameTokens {
        let normalized = crate::extract::name_key(text);
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in normalized.char_indices().chain([(normalized.len(), ' ')]) {
            match (start, c.is_alphanumeric()) {
                (None, true) => start = Some(i),
                (Some(from), false) => {
                    tokens.push(Token {
                        offset_from: from,
                        offset_to: i,
                        position: tokens.len(),
                        text: normalized[from..i].to_string(),
                        position_length: 1,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        NameTokens {
            tokens: tokens.into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for NameTokens {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Registers newsidx's tokenizers on an index (needed after every create and open).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
    index.tokenizers().register(NAME_TOKENIZER, name_analyzer());
}

/// What newsidx writes into every commit of an index, to recognise its own indexes.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct IndexStamp {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// The newsidx version that wrote it.
    pub newsidx_version: String,
    /// [`crate::extract::extractor_version`] of the writer; empty when unknown.
    #[serde(default)]
    pub extractor: String,
}

impl IndexStamp {
    /// The stamp of this build.
    pub fn current() -> IndexStamp {
        IndexStamp {
            schema_version: SCHEMA_VERSION,
            newsidx_version: env!("CARGO_PKG_VERSION").to_string(),
            extractor: crate::extract::extractor_version(),
        }
    }

    /// The stamp of the last commit of `index`, when it has one.
    pub fn of(index: &Index) -> Option<IndexStamp> {
        let payload = index.load_metas().ok()?.payload?;
        serde_json::from_str(&payload).ok()
    }
}

/// Whether `path` holds a tantivy index.
pub fn index_exists(path: &Path) -> bool {
    path.join("meta.json").is_file()
}

/// Opens the index at `path` for reading or writing: registers the tokenizers and checks that
/// it was written with this schema version.
pub fn open_index(path: &Path) -> crate::Result<(Index, Fields)> {
    if !index_exists(path) {
        return Err(Error::IndexMissing {
            path: path.to_path_buf(),
        });
    }
    let index = Index::open_in_dir(path).map_err(|source| Error::Index {
        path: path.to_path_buf(),
        source,
    })?;
    let fields = Fields::new();
    let incompatible = |reason: String| Error::IndexIncompatible {
        path: path.to_path_buf(),
        reason,
    };
    let metas = index.load_metas().map_err(|source| Error::Index {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(payload) = metas.payload.as_deref() {
        match serde_json::from_str::<IndexStamp>(payload) {
            Ok(stamp) if stamp.schema_version == SCHEMA_VERSION => {}
            Ok(stamp) => {
                return Err(incompatible(format!(
                    "index schema version {} was written by newsidx {}, this newsidx reads version {SCHEMA_VERSION}: delete the folder and run `newsidx index` again",
                    stamp.schema_version, stamp.newsidx_version
                )));
            }
            Err(_) => {
                return Err(incompatible(
                    "not a newsidx index (its commit stamp is unknown): choose another --index path".to_string(),
                ));
            }
        }
    }
    if index.schema() != fields.schema {
        return Err(incompatible(
            "the index has other fields than this newsidx writes: delete the folder and run `newsidx index` again"
                .to_string(),
        ));
    }
    register_tokenizers(&index);
    Ok((index, fields))
}

/// Creates an empty index at `path` (the folder may exist but must not hold an index).
pub fn create_index(path: &Path) -> crate::Result<(Index, Fields)> {
    std::fs::create_dir_all(path).map_err(|source| Error::ReadFile {
        path: path.to_path_buf(),
        source,
    })?;
    let fields = Fields::new();
    let index = Index::builder()
        .schema(fields.schema.clone())
        .settings(index_settings())
        .create_in_dir(path)
        .map_err(|source| Error::Index {
            path: path.to_path_buf(),
            source,
        })?;
    register_tokenizers(&index);
    Ok((index, fields))
}

/// The settings of a new index: the document store (bodies, titles, entity JSON) in zstd
/// blocks, about a third smaller than tantivy's default LZ4 on news text. An index keeps the
/// settings it was made with, so older LZ4 indexes still open.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(ZSTD_LEVEL),
        }),
        ..IndexSettings::default()
    }
}

/// The zstd level of the document store.
const ZSTD_LEVEL: i32 = 3;

/// An in-memory index with the newsidx schema, for tests and one-off use.
pub fn create_in_ram() -> (Index, Fields) {
    let fields = Fields::new();
    let index = Index::create_in_ram(fields.schema.clone());
    register_tokenizers(&index);
    (index, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_name_is_distinct_and_resolves() {
        let f = Fields::new();
        let names: Vec<_> = f
            .schema
            .fields()
            .map(|(_, e)| e.name().to_string())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names.len(), sorted.len());
        assert_eq!(f.schema.get_field("person").unwrap(), f.person);
    }

    #[test]
    fn text_analyzer_stems_and_folds() {
        let mut a = text_analyzer();
        let mut stream = a.token_stream("Forces withdrew from Café");
        let mut tokens = Vec::new();
        while let Some(t) = stream.next() {
            tokens.push(t.text.clone());
        }
        assert_eq!(tokens, ["forc", "withdrew", "from", "cafe"]);
    }

    /// Regression: "U.S. Treasury" was indexed as `u s treasury` while `--org "U.S. Treasury"`
    /// asked for `us treasury`, so no name with dots could be found by its own filter.
    #[test]
    fn name_analyzer_tokenizes_the_normalized_name() {
        let words = |text: &str| {
            let mut a = name_analyzer();
            let mut stream = a.token_stream(text);
            let mut out = Vec::new();
            while let Some(t) = stream.next() {
                out.push((t.position, t.text.clone()));
            }
            out
        };
        assert_eq!(
            words("U.S. Treasury"),
            [(0, "us".into()), (1, "treasury".into())]
        );
        assert_eq!(words("us treasury"), words("U.S. Treasury"));
        assert_eq!(words("E.F. Hutton"), words("ef hutton"));
        assert_eq!(
            words("Abu Mahdi al-Muhandis"),
            [
                (0, "abu".to_string()),
                (1, "mahdi".into()),
                (2, "al".into()),
                (3, "muhandis".into())
            ]
        );
        assert_eq!(words("AT&T Inc."), words("at t inc"));
        assert_eq!(words("São Paulo"), words("sao paulo"));
        assert!(words("...").is_empty());
    }
}
