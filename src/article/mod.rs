//! What is in this file? Reads one file of any supported format (`.txt`, `.md`, `.json`,
//! `.jsonl`/`.ndjson`, `.html`/`.htm`), decodes its bytes and parses it into [`Article`]s with
//! title, body, publication date and the other metadata found. First stage of the pipeline.
//!
//! Decoding: UTF-8 (a BOM is dropped), UTF-16 with a BOM, and anything else by `chardetng`'s
//! guess (Latin-1, Windows-1252, Shift JIS, ...). Line ends are normalised to `\n` before
//! parsing, so [`Article::body`] is the text every offset refers to.
//!
//! The publication date comes from, in order: a metadata field ([`DateSource::Metadata`]), a
//! dateline at the start of the body ([`DateSource::Dateline`], the year from the file name's
//! date when the dateline has none), the file name ([`DateSource::Filename`]). Never the
//! file's modification time.
//!
//! One file a question: `read.rs` (reading a path within the size limit), `format.rs` (which
//! format, by extension, and which parser reads it), `decode.rs` (bytes to text), one file a
//! format (`txt.rs`, `markdown.rs`, `json.rs`, `html.rs`), and what they share: `fields.rs`
//! (which JSON or front-matter field holds what), `meta.rs` (an article's metadata and the
//! helpers that clean it), `context.rs` (building an article, resolving its date),
//! `problems.rs` (refusals), `parsed.rs` (the types a file parses into).
//!
//! [`DateSource::Metadata`]: crate::dates::DateSource::Metadata
//! [`DateSource::Dateline`]: crate::dates::DateSource::Dateline
//! [`DateSource::Filename`]: crate::dates::DateSource::Filename

mod container;
mod context;
mod decode;
mod fields;
mod format;
mod html;
mod json;
mod markdown;
mod meta;
mod parsed;
mod problems;
mod read;
mod txt;
mod warc;
mod xml;

#[cfg(test)]
mod testing;

pub use container::MAX_RATIO;
pub use format::{Format, UNSUPPORTED};
pub use parsed::{Article, FileArticles, GivenEntities};
pub use read::{
    ReadOptions, empty_stream_reason, next_part, parse_bytes, parse_bytes_with, read_bytes,
    read_file, readable, stream_file, streams,
};
pub use warc::NO_PAGE;

/// The revision of what parsing makes an article's body (the text every offset points into):
/// raise it whenever a format's body changes, so that indexes are re-extracted.
/// 2: Markdown bodies lose their heading markup.
pub const BODY_REVISION: u32 = 2;
