//! Reading a path: [`read_file`] takes a file from disk to its articles, in three steps a caller
//! may also take apart ([`read_bytes`] within the [`ReadOptions`] size limit, then
//! [`parse_bytes`]: the format by extension, `decode.rs` for the text, the format's parser).
//! The entry point of the `article` stage for the indexer.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::container::{self, Container};
use super::context::Context;
use super::problems::skip;
use super::{FileArticles, Format, UNSUPPORTED, decode, xml};
use crate::Error;

/// Limits and switches for reading files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files larger than this many bytes are skipped without being read; for a file read as a
    /// stream ([`streams`]), the limit of one record.
    pub max_file_bytes: u64,
    /// JSON Lines files of this many bytes or more are read a line at a time ([`streams`]).
    pub stream_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_bytes: 64 * 1024 * 1024,
            stream_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Reads and parses one file. A whole-file problem (unreadable, binary, empty, too large,
/// malformed JSON, no text) is an `Err`; a problem with one record of a multi-record file is in
/// [`FileArticles::problems`].
///
/// The size is checked from the file's metadata before anything is read, so a file over
/// [`ReadOptions::max_file_bytes`] costs one `stat`.
pub fn read_file(path: &Path, options: &ReadOptions) -> crate::Result<FileArticles> {
    parse_bytes_with(path, &read_bytes(path, options)?, options)
}

/// Reads a file's bytes within the size limit: a file over `max_file_bytes` is a
/// [`Error::SkipFile`] without being read, an empty one too.
pub fn read_bytes(path: &Path, options: &ReadOptions) -> crate::Result<Vec<u8>> {
    let read_error = |source| Error::ReadFile {
        path: path.to_path_buf(),
        source,
    };
    let limit = options.max_file_bytes;
    let too_large = |len: u64| {
        let size = crate::output::count(len, "byte", "bytes");
        skip(path, format!("file too large ({size}, limit {limit})"))
    };
    let len = std::fs::metadata(path).map_err(read_error)?.len();
    if len > limit {
        return Err(too_large(len));
    }
    if len == 0 {
        return Err(skip(path, "empty file"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    File::open(path)
        .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        // It grew between the stat and the read.
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Parses bytes already read from `path` (the path chooses the format and names the article).
///
/// Article ids: the path as given (with `/` separators) for one-article files; for JSON Lines,
/// `{path}#{id}` when the record has an `id` (string or number), else `{path}:{line}`; for a
/// JSON array, `{path}#{id}`, else `{path}#{index}` (0-based).
///
/// A bundle ([`readable`]: `.zip`, `.tar`, `.tar.gz`, `.tgz`, a gzipped file of a supported
/// format) gives the articles of its members (`archive.zip!inner/path.json`), each member
/// uncompressed within the default size limit.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> crate::Result<FileArticles> {
    parse_bytes_with(path, bytes, &ReadOptions::default())
}

/// Whether the file at `path` is read as a stream, a record at a time, from the file itself
/// ([`stream_file`]): a web archive (`.warc`, `.warc.gz`) always, and a JSON Lines file of
/// `options.stream_bytes` or more whose start is UTF-8 (gzipped, `.jsonl.gz`, from a sixth of
/// that size). Such a file is never held whole,
/// whatever its size: `options.max_file_bytes` limits one record of it, not the file.
pub fn streams(path: &Path, options: &ReadOptions) -> bool {
    container::streams(path)
        || json_lines_gzip(path).is_some_and(|gzip| {
            // compressed, a JSON Lines file is about a sixth of its size
            let min = if gzip {
                options.stream_bytes / 6
            } else {
                options.stream_bytes
            };
            super::json::streams_lines(path, min, gzip)
        })
}

/// `Some(false)` for a JSON Lines file, `Some(true)` for a gzipped one, else `None`.
fn json_lines_gzip(path: &Path) -> Option<bool> {
    if Format::of(path) == Some(Format::JsonLines) {
        return Some(false);
    }
    let name = path.to_string_lossy();
    let inner = name.strip_suffix(".gz")?;
    (Container::of(path) == Some(Container::Gzip)
        && Format::of(Path::new(inner)) == Some(Format::JsonLines))
    .then_some(true)
}

/// The records of a file read as a stream ([`streams`]), from the file a record at a time as
/// they are asked for, each an article or a problem of the file: an indexer can so write a
/// large file in parts, holding one part of its articles and one record of the file at a time.
/// `None` for a file of another kind, whose articles [`read_file`] gives at once.
pub fn stream_file<'a>(
    path: &'a Path,
    options: &ReadOptions,
) -> Option<crate::Result<Box<dyn Iterator<Item = crate::Result<super::Article>> + 'a>>> {
    if !streams(path, options) {
        return None;
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(source) => {
            return Some(Err(Error::ReadFile {
                path: path.to_path_buf(),
                source,
            }));
        }
    };
    let limit = options.max_file_bytes;
    let buffered = |read| std::io::BufReader::with_capacity(256 * 1024, read);
    Some(Ok(if container::streams(path) {
        container::stream(path, file, limit)
    } else if json_lines_gzip(path) == Some(true) {
        let budget = std::fs::metadata(path)
            .map_or(0, |m| m.len())
            .saturating_mul(container::MAX_RATIO)
            .max(limit);
        let gunzip: Box<dyn Read> = Box::new(Budget {
            inner: flate2::read::MultiGzDecoder::new(file),
            left: budget,
        });
        Box::new(super::json::Lines::new(path, buffered(gunzip), limit))
    } else {
        let file: Box<dyn Read> = Box::new(file);
        Box::new(super::json::Lines::new(path, buffered(file), limit))
    }))
}

/// The next part of a file read as a stream ([`stream_file`]): its next records up to and with
/// the `articles`-th article, the bad ones as problems, and whether the stream may go on (it
/// stopped at `articles`).
pub fn next_part(
    items: &mut dyn Iterator<Item = crate::Result<super::Article>>,
    articles: usize,
) -> (FileArticles, bool) {
    let mut part = FileArticles::default();
    for item in items {
        match item {
            Ok(a) => part.articles.push(a),
            Err(e) => part.problems.push(e),
        }
        if part.articles.len() >= articles {
            return (part, true);
        }
    }
    (part, false)
}

/// Why a file read as a stream that gave no record at all is skipped.
pub fn empty_stream_reason(path: &Path) -> &'static str {
    if container::streams(path) {
        super::warc::NO_PAGE
    } else {
        super::problems::NO_TEXT
    }
}

/// Whether newsidx reads the file at `path`: an article format, or a bundle of them.
pub fn readable(path: &Path) -> bool {
    Format::of(path).is_some() || Container::of(path).is_some()
}

/// [`parse_bytes`], with bundle members up to `options.max_file_bytes` uncompressed.
pub fn parse_bytes_with(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> crate::Result<FileArticles> {
    if let Some(kind) = Container::of(path) {
        return container::parse(path, bytes, kind, options.max_file_bytes);
    }
    let Some(format) = Format::of(path) else {
        return Err(skip(path, UNSUPPORTED));
    };
    let text = if format == Format::Xml {
        xml::decode_xml(bytes)
    } else {
        decode::text(bytes)
    }
    .map_err(|reason| skip(path, reason))?;
    format.parse(&Context::new(path, format), text)
}

/// A reader that fails once it has given `left` bytes: a gzipped stream that expands past
/// [`container::MAX_RATIO`] times its file (a zip bomb) stops with that reason.
struct Budget<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            std::io::Error::other(format!(
                "the data expands past {} times the file (a zip bomb?): stopped",
                container::MAX_RATIO
            ))
        })?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::article::testing::{SAMPLE, reason};
    use crate::dates::DateSource;

    /// A gzipped JSON Lines file read as a stream stops, with the reason, once it expands past
    /// `MAX_RATIO` times its size: the records before are kept.
    #[test]
    fn a_streamed_gzip_that_expands_too_far_stops() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(b"{\"body\": \"The first record.\"}\n")
            .unwrap();
        gz.write_all(&vec![b' '; 50 << 20]).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let options = ReadOptions {
            max_file_bytes: 1 << 20,
            stream_bytes: 0,
        };
        assert!(streams(&path, &options));
        let items: Vec<_> = stream_file(&path, &options).unwrap().unwrap().collect();
        // the record, the long line of spaces, then the stop
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap().body, "The first record.");
        let reason = items[2].as_ref().unwrap_err().to_string();
        assert!(
            reason.contains("expands past 100 times the file"),
            "{reason}"
        );
    }

    #[test]
    fn read_file_limits() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "x".repeat(100)).unwrap();
        let err = read_file(
            &big,
            &ReadOptions {
                max_file_bytes: 10,
                ..ReadOptions::default()
            },
        )
        .unwrap_err();
        assert_eq!(reason(&err), "file too large (100 bytes, limit 10)");
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(
            reason(&read_file(&empty, &ReadOptions::default()).unwrap_err()),
            "empty file"
        );
        let missing = dir.path().join("missing.txt");
        assert!(matches!(
            read_file(&missing, &ReadOptions::default()),
            Err(Error::ReadFile { .. })
        ));
        let ok = dir.path().join("2020-01-06-ok.txt");
        std::fs::write(&ok, SAMPLE).unwrap();
        let file = read_file(&ok, &ReadOptions::default()).unwrap();
        assert_eq!(file.articles[0].body, SAMPLE);
        assert_eq!(
            file.articles[0].published_source,
            Some(DateSource::Filename)
        );
    }

    const EXTENSIONS: &[&str] = &[
        "txt", "md", "json", "jsonl", "ndjson", "html", "htm", "text", "markdown", "bin", "zip",
        "tar", "tar.gz", "tgz", "jsonl.gz", "txt.gz", "bin.gz", "xml", "rss", "atom", "warc",
        "warc.gz",
    ];

    fn check(path: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
        if let Ok(file) = parse_bytes(Path::new(path), bytes) {
            for a in &file.articles {
                prop_assert!(!a.body.trim().is_empty());
                prop_assert!(!a.id.is_empty());
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024), ext in proptest::sample::select(EXTENSIONS)) {
            check(&format!("f.{ext}"), &bytes)?;
        }

        #[test]
        fn any_text_never_panics(text in "\\PC{0,300}", ext in proptest::sample::select(EXTENSIONS)) {
            check(&format!("2020-01-06-f.{ext}"), text.as_bytes())?;
        }

        #[test]
        fn structured_text_never_panics(
            text in "(---\n|\\{|\\[|<html>|<p>|Title: |Date: |[A-Z]{2,8}, (Jan|Feb) [0-9]{1,2} - |\"body\": ?|\"id\": ?|\n|\r\n|[a-z é]{0,12}|[0-9]{1,4}|[\\]\\}\",:<>/-]){0,40}",
            ext in proptest::sample::select(EXTENSIONS),
        ) {
            check(&format!("f.{ext}"), text.as_bytes())?;
        }
    }
}
