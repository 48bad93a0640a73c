//! JSON (`.json`: one record, an array of records, or an object with an `articles`/`items`
//! list) and JSON Lines (`.jsonl`, `.ndjson`: one record a line). Each record's fields are read
//! by `fields.rs`; a bad record is a problem of the file, not an error, while the file's other
//! records are kept. Called by [`super::Format::parse`] with the decoded text.

use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::Value;

use super::FileArticles;
use super::context::Context;
use super::fields::Fields;
use super::problems::{NO_TEXT, parse_error, skip};
use crate::Error;

/// A `serde_json` error as a reason, its line left to [`Error::ParseFile::line`].
fn json_reason(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&suffix) {
        Some(m) => format!("invalid JSON: {m} at column {}", e.column()),
        None => format!("invalid JSON: {message}"),
    }
}

/// A `.json` file: one record, an array of records, or an object with an `articles`/`items`
/// array of them.
pub(super) fn parse(ctx: &Context<'_>, text: &str) -> crate::Result<FileArticles> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        parse_error(
            ctx.path,
            (e.line() > 0).then_some(e.line()),
            json_reason(&e),
        )
    })?;
    let records = match &value {
        Value::Object(map) => {
            let fields = Fields::new(map);
            let list = (fields.body().is_none())
                .then(|| {
                    fields
                        .values(&["articles", "items"])
                        .find_map(Value::as_array)
                })
                .flatten();
            match list {
                Some(list) => list,
                None => {
                    let body = fields.body().ok_or_else(|| skip(ctx.path, NO_TEXT))?;
                    return ctx.single(body, fields.meta());
                }
            }
        }
        Value::Array(list) => list,
        _ => {
            return Err(parse_error(
                ctx.path,
                None,
                "expected a JSON object or an array of objects",
            ));
        }
    };
    if records.is_empty() {
        return Err(skip(ctx.path, NO_TEXT));
    }
    Ok(parse_records(ctx, records))
}

/// The articles of a `.json` file's list of records: `{path}#{id}`, else `{path}#{index}`;
/// a record that is not an object, or has no article text, is a problem.
fn parse_records(ctx: &Context<'_>, records: &[Value]) -> FileArticles {
    let mut out = FileArticles::default();
    for (index, record) in records.iter().enumerate() {
        let Value::Object(map) = record else {
            out.problems.push(parse_error(
                ctx.path,
                None,
                format!("record {index}: not a JSON object"),
            ));
            continue;
        };
        let fields = Fields::new(map);
        let Some(body) = fields.body() else {
            out.problems
                .push(skip(ctx.path, format!("record {index}: {NO_TEXT}")));
            continue;
        };
        let id = format!(
            "{}#{}",
            ctx.id,
            fields.id().unwrap_or_else(|| index.to_string())
        );
        out.articles
            .push(ctx.article(id, None, body, fields.meta()));
    }
    out
}

/// A `.jsonl`/`.ndjson` file: one record a line. Bad lines are problems, each an
/// [`Error::ParseFile`] with its line (malformed JSON, not an object) or, for a record without
/// article text, an [`Error::SkipFile`] with its line; when
/// no line at all is JSON, the whole file is an error (the first line's).
pub(super) fn parse_lines(ctx: &Context<'_>, text: &str) -> crate::Result<FileArticles> {
    let mut out = FileArticles::default();
    let mut any_json = false;
    for (index, line) in text.split('\n').enumerate() {
        let Some((json, item)) = line_item(ctx, index + 1, line) else {
            continue;
        };
        any_json |= json;
        match item {
            Ok(article) => out.articles.push(article),
            Err(problem) => out.problems.push(problem),
        }
    }
    if !any_json && !out.problems.is_empty() {
        return Err(out.problems.swap_remove(0));
    }
    Ok(out)
}

/// The article or the problem of line `number` of a JSON Lines file, and whether the line is
/// JSON at all; `None` for a blank line.
fn line_item(
    ctx: &Context<'_>,
    number: usize,
    line: &str,
) -> Option<(bool, crate::Result<super::Article>)> {
    if line.trim().is_empty() {
        return None;
    }
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => {
            return Some((
                false,
                Err(parse_error(ctx.path, Some(number), json_reason(&e))),
            ));
        }
    };
    let Value::Object(map) = value else {
        return Some((
            true,
            Err(parse_error(
                ctx.path,
                Some(number),
                "expected a JSON object",
            )),
        ));
    };
    let fields = Fields::new(&map);
    let Some(body) = fields.body() else {
        return Some((
            true,
            Err(Error::SkipFile {
                path: ctx.path.to_path_buf(),
                line: Some(number),
                reason: NO_TEXT.into(),
            }),
        ));
    };
    let id = match fields.id() {
        Some(id) => format!("{}#{id}", ctx.id),
        None => format!("{}:{number}", ctx.id),
    };
    Some((true, Ok(ctx.article(id, Some(number), body, fields.meta()))))
}

/// The bytes at the start of a JSON Lines file that [`streams_lines`] checks are UTF-8.
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether the JSON Lines file `path` is read a line at a time ([`Lines`]): from `min_bytes`
/// on, when its start is UTF-8, as JSON Lines must be; `gzip` for a `.jsonl.gz`, whose start is
/// checked uncompressed. A smaller file, or one in another encoding, is read whole and its
/// encoding detected.
pub(super) fn streams_lines(path: &Path, min_bytes: u64, gzip: bool) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if meta.len() < min_bytes.max(1) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut start = Vec::with_capacity(SNIFF_BYTES);
    let read = if gzip {
        flate2::read::MultiGzDecoder::new(file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut start)
    } else {
        file.take(SNIFF_BYTES as u64).read_to_end(&mut start)
    };
    if read.is_err() || start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    // A character cut at the end of the sample is still UTF-8.
    match std::str::from_utf8(&start) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && start.len() == SNIFF_BYTES,
    }
}

/// The records of a JSON Lines file read from `reader` a line at a time, each an article or a
/// problem of the file, as [`parse_lines`] gives them: the same ids and lines. A line over
/// `limit` bytes is a problem, passed over without being held. A line that is not UTF-8 is a
/// problem too (the file's start was; see [`streams_lines`]).
pub(super) struct Lines<'p, R: BufRead> {
    ctx: Context<'p>,
    reader: R,
    limit: u64,
    number: usize,
    line: Vec<u8>,
    done: bool,
    /// A problem to give after the one just given (the read error that ended an over-long
    /// line).
    pending: Option<Error>,
}

impl<'p, R: BufRead> Lines<'p, R> {
    pub(super) fn new(path: &'p Path, reader: R, limit: u64) -> Self {
        Lines {
            ctx: Context::new(path, super::Format::JsonLines),
            reader,
            limit,
            number: 0,
            line: Vec::new(),
            done: false,
            pending: None,
        }
    }

    /// Skips the rest of an over-long line: what is left up to its newline.
    fn skip_rest(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    self.reader.consume(at + 1);
                    return Ok(());
                }
                None => {
                    let n = buf.len();
                    self.reader.consume(n);
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<'_, R> {
    type Item = crate::Result<super::Article>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.pending.take() {
            return Some(Err(problem));
        }
        while !self.done {
            self.line.clear();
            self.number += 1;
            let number = self.number;
            let read = (&mut self.reader)
                .take(self.limit.saturating_add(1))
                .read_until(b'\n', &mut self.line);
            match read {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(parse_error(
                        self.ctx.path,
                        Some(number),
                        format!("cannot be read: {e}"),
                    )));
                }
            }
            if self.line.len() as u64 > self.limit && self.line.last() != Some(&b'\n') {
                if let Err(e) = self.skip_rest() {
                    self.done = true;
                    self.pending = Some(parse_error(
                        self.ctx.path,
                        Some(number),
                        format!("cannot be read: {e}"),
                    ));
                }
                let limit = self.limit;
                return Some(Err(Error::SkipFile {
                    path: self.ctx.path.to_path_buf(),
                    line: Some(number),
                    reason: format!("over the limit ({limit} bytes; --max-file-mb): skipped"),
                }));
            }
            let mut bytes = &self.line[..];
            if number == 1 {
                bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    return Some(Err(parse_error(
                        self.ctx.path,
                        Some(number),
                        format!(
                            "not UTF-8 at byte {} of the line (JSON Lines is UTF-8)",
                            e.valid_up_to()
                        ),
                    )));
                }
            };
            if let Some((_, item)) = line_item(&self.ctx, number, text) {
                return Some(item);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::Error;
    use crate::article::Format;
    use crate::article::testing::{one, parse, reason, ts};

    #[test]
    fn json_one_object() {
        let text = r#"{"headline": "Cocoa", "text": "SALVADOR, Feb 26 - Showers.", "published": "Thu, 26 Feb 1987 15:01:01 GMT",
            "link": "https://example.org/1", "publisher": {"name": "Reuters"}, "byline": "By Jane Doe",
            "people": ["A B"], "orgs": [{"name": "Comissaria Smith"}], "places": ["Bahia", "Bahia"], "id": 7, "extra": {"x": 1}}"#;
        let a = one("dir/x.json", text);
        assert_eq!(a.id, "dir/x.json");
        assert_eq!(a.title.as_deref(), Some("Cocoa"));
        assert_eq!(a.body, "SALVADOR, Feb 26 - Showers.");
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.given.persons, ["A B"]);
        assert_eq!(a.given.organizations, ["Comissaria Smith"]);
        assert_eq!(a.given.locations, ["Bahia"]);
    }

    #[test]
    fn json_field_name_variants() {
        let a = one(
            "x.json",
            r#"{"Title": "T", "articleBody": "B", "datePublished": "2020-01-06", "authors": [{"name": "X"}, "Y"]}"#,
        );
        assert_eq!((a.title.as_deref(), a.body.as_str()), (Some("T"), "B"));
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
        assert_eq!(a.authors, ["X", "Y"]);
        let a = one(
            "x.json",
            r#"{"title": "T", "content": ["P1", "P2"], "publishedAt": 1578304800}"#,
        );
        assert_eq!(a.body, "P1\n\nP2");
        assert_eq!(a.published, Some(ts("2020-01-06T10:00:00Z")));
        let a = one(
            "x.json",
            r#"{"body": "B", "date": "not a date", "pubDate": "2020-01-06"}"#,
        );
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
    }

    #[test]
    fn json_array_and_articles_list() {
        let text = r#"[{"id": "a1", "body": "One."}, {"body": "Two."}, {"title": "no body"}, 5]"#;
        let file = parse("x.json", text).unwrap();
        let ids: Vec<&str> = file.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x.json#a1", "x.json#1"]);
        let reasons: Vec<String> = file.problems.iter().map(reason).collect();
        assert_eq!(
            reasons,
            ["record 2: no article text", "record 3: not a JSON object"]
        );
        let file = parse(
            "x.json",
            r#"{"status": "ok", "articles": [{"body": "One."}]}"#,
        )
        .unwrap();
        assert_eq!(file.articles[0].id, "x.json#0");
    }

    #[test]
    fn json_errors() {
        let err = parse("x.json", "{\n  \"title\": \"T\",\n  \"body\": oops\n}").unwrap_err();
        match &err {
            Error::ParseFile { line, reason, .. } => {
                assert_eq!(*line, Some(3));
                assert!(
                    reason.starts_with("invalid JSON: expected value at column"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.to_string(), format!("x.json:3: {}", reason(&err)));
        assert_eq!(
            reason(&parse("x.json", r#"{"title": "T"}"#).unwrap_err()),
            "no article text"
        );
        assert_eq!(
            reason(&parse("x.json", "[]").unwrap_err()),
            "no article text"
        );
        assert_eq!(
            reason(&parse("x.json", "\"just a string\"").unwrap_err()),
            "expected a JSON object or an array of objects"
        );
    }

    #[test]
    fn json_lines_records() {
        let text = "{\"id\": 17, \"title\": \"A\", \"body\": \"SALVADOR, Feb 26 - x\", \"date\": \"26-FEB-1987 15:01:01.79\"}\n\n{\"body\": \"no id\"}\n{bad json\n{\"id\": \"r4\", \"title\": \"no body\"}\n[1]\n{\"id\": \"r6\", \"text\": \"six\"}";
        let file = parse("c/r.jsonl", text).unwrap();
        let got: Vec<(&str, Option<usize>)> = file
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a.line))
            .collect();
        assert_eq!(
            got,
            [
                ("c/r.jsonl#17", Some(1)),
                ("c/r.jsonl:3", Some(3)),
                ("c/r.jsonl#r6", Some(7))
            ]
        );
        assert_eq!(file.articles[0].published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(file.articles[0].format, Format::JsonLines);
        let problems: Vec<String> = file.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3);
        assert!(
            problems[0].starts_with("c/r.jsonl:4: invalid JSON: key must be a string"),
            "{}",
            problems[0]
        );
        assert_eq!(problems[1], "c/r.jsonl:5: no article text");
        assert_eq!(problems[2], "c/r.jsonl:6: expected a JSON object");
    }

    #[test]
    fn json_lines_all_bad_is_a_file_error() {
        let err = parse("x.ndjson", "not json\nalso not\n").unwrap_err();
        assert!(
            matches!(err, Error::ParseFile { line: Some(1), .. }),
            "{err:?}"
        );
    }

    /// A file read a line at a time gives what it gives read whole: the same articles, ids and
    /// lines, and the same problems; a line over the limit is one problem more and the lines
    /// after it are read.
    #[test]
    fn json_lines_streamed_are_json_lines_read_whole() {
        let text = "\u{feff}{\"id\": 17, \"body\": \"One.\"}\r\n\n{\"body\": \"Three.\"}\n{bad\n{\"title\": \"no body\"}\n[1]\n{\"id\": \"r7\", \"body\": \"Seven.\"}";
        let path = std::path::Path::new("c/r.jsonl");
        let whole = parse("c/r.jsonl", text).unwrap();
        let streamed: Vec<_> = super::Lines::new(path, text.as_bytes(), 1 << 20).collect();
        let ids = |a: &[&crate::article::Article]| -> Vec<(String, Option<usize>)> {
            a.iter().map(|a| (a.id.clone(), a.line)).collect()
        };
        let streamed_articles: Vec<_> = streamed.iter().filter_map(|r| r.as_ref().ok()).collect();
        let whole_articles: Vec<_> = whole.articles.iter().collect();
        assert_eq!(ids(&streamed_articles), ids(&whole_articles));
        assert_eq!(streamed_articles[0].body, "One.");
        let problems: Vec<String> = streamed
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        let whole_problems: Vec<String> = whole.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems, whole_problems);
        // A limit of 20 bytes: line 1 (31 bytes with its BOM) is over it, the rest are read.
        let limited: Vec<_> = super::Lines::new(path, text.as_bytes(), 20).collect();
        let first = limited[0].as_ref().unwrap_err().to_string();
        assert!(
            first.contains("c/r.jsonl:1: over the limit (20 bytes"),
            "{first}"
        );
        let after: Vec<_> = limited.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(after[0].id, "c/r.jsonl:3");
        // Bytes that are not UTF-8 make a problem of their line only.
        let bytes = b"{\"body\": \"caf\xe9\"}\n{\"body\": \"two\"}\n";
        let items: Vec<_> = super::Lines::new(path, &bytes[..], 1 << 20).collect();
        assert!(
            items[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("not UTF-8")
        );
        assert_eq!(items[1].as_ref().unwrap().id, "c/r.jsonl:2");
    }

    /// A gzipped stream cut short: the lines before the cut, then one problem, then nothing.
    #[test]
    fn json_lines_from_a_cut_gzip_stream_keep_the_lines_before() {
        use std::io::Write;
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!(
                "{{\"body\": \"Record {i} of a long wire feed.\"}}\n"
            ));
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let cut = &gz[..gz.len() / 2];
        let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(cut));
        let path = std::path::Path::new("w.jsonl.gz");
        let items: Vec<_> = super::Lines::new(path, reader, 1 << 20).collect();
        let (good, bad): (Vec<_>, Vec<_>) = items.iter().partition(|r| r.is_ok());
        assert!(good.len() > 100 && good.len() < 3000, "{}", good.len());
        assert_eq!(bad.len(), 1);
        let reason = bad[0].as_ref().unwrap_err().to_string();
        assert!(reason.contains("cannot be read"), "{reason}");
    }

    proptest::proptest! {
        /// Any bytes, any line limit: no panic, an article always has text, and the records
        /// come a line at a time (never more items than lines).
        #[test]
        fn any_bytes_as_streamed_json_lines(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            limit in 1u64..80,
        ) {
            let path = std::path::Path::new("p.jsonl");
            let items: Vec<_> = super::Lines::new(path, &bytes[..], limit).collect();
            let lines = bytes.split(|&b| b == b'\n').count();
            proptest::prop_assert!(items.len() <= lines + 1);
            for item in items.iter().flatten() {
                proptest::prop_assert!(!item.body.trim().is_empty());
            }
        }
    }
}
