//! Web archives (`.warc`, `.warc.gz`): the pages a crawl saved, one article per `response`
//! record of status 200 with an HTML body, read as the HTML format reads a page (readability),
//! its URL from `WARC-Target-URI`. Request, metadata, `warcinfo` and other records are passed
//! over, as are responses of another status or type.
//!
//! A small reader of the WARC 1.0/1.1 record format (ISO 28500): a `WARC/1.x` line, header
//! lines, a blank line, `Content-Length` bytes of block, a blank line. Records are read one at a
//! time from the stream (a `.warc.gz` is gzip member after gzip member, which flate2's multi-
//! member decoder reads on); the HTTP response inside is split at its blank line, de-chunked and
//! un-gzipped when its headers say so. Articles are named `crawl.warc.gz!<target URI>`.
//!
//! Damage, each reported as a problem of the file while the pages before it are kept: a record
//! whose `Content-Length` runs past the end of the file (truncated); a record that does not
//! start where the previous one ended (a lying length), after which the reader skips to the
//! next `WARC/1.` line; a block over the size limit, skipped. The crawl date is never taken as
//! the publication date: a page without its own date has none.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use super::context::Context;
use super::problems::{parse_error, skip};
use super::{Article, FileArticles, Format, decode, html};

/// The articles of the WARC file `path` read from `stream` (already un-gzipped), blocks over
/// `limit` bytes skipped.
pub(super) fn parse(path: &Path, stream: impl Read, limit: u64) -> crate::Result<FileArticles> {
    let mut out = FileArticles::default();
    for item in Pages::new(path, stream, limit) {
        match item {
            Ok(article) => out.articles.push(article),
            Err(e) => out.problems.push(e),
        }
    }
    if out.articles.is_empty() && out.problems.is_empty() {
        return Err(skip(path, NO_PAGE));
    }
    Ok(out)
}

/// The reason for a web archive without a page.
pub const NO_PAGE: &str = "no HTML page of status 200 in the web archive";

/// The pages of a WARC stream, read a record at a time as they are asked for: each an article,
/// or a problem of the file (damage, a page that does not parse).
pub(super) struct Pages<'p, R: Read> {
    path: &'p Path,
    reader: std::io::BufReader<R>,
    limit: u64,
    records: usize,
    resync: bool,
    done: bool,
}

impl<'p, R: Read> Pages<'p, R> {
    pub(super) fn new(path: &'p Path, stream: R, limit: u64) -> Self {
        Pages {
            path,
            reader: std::io::BufReader::new(stream),
            limit,
            records: 0,
            resync: false,
            done: false,
        }
    }

    fn problem(&mut self, reason: String, stop: bool) -> Option<crate::Result<Article>> {
        self.done |= stop;
        Some(Err(parse_error(self.path, None, reason)))
    }
}

impl<R: Read> Iterator for Pages<'_, R> {
    type Item = crate::Result<Article>;

    fn next(&mut self) -> Option<crate::Result<Article>> {
        let mut line = String::new();
        while !self.done {
            line.clear();
            match read_line(&mut self.reader, &mut line) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    let records = self.records;
                    return self
                        .problem(format!("after record {records}: cannot be read: {e}"), true);
                }
            }
            let first = line.trim_end();
            if first.is_empty() {
                continue;
            }
            if !first.starts_with("WARC/1.") {
                if !self.resync {
                    self.resync = true;
                    let records = self.records;
                    return self.problem(
                        format!(
                            "after record {records}: no WARC record where one should start (a Content-Length that lies?): skipping to the next"
                        ),
                        false,
                    );
                }
                continue;
            }
            self.resync = false;
            self.records += 1;
            let records = self.records;
            let mut headers: Vec<(String, String)> = Vec::new();
            loop {
                line.clear();
                match read_line(&mut self.reader, &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                if let Some((k, v)) = l.split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
            }
            let header = |name: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
            };
            let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
                return self.problem(
                    format!("record {records}: no Content-Length: stopped"),
                    true,
                );
            };
            let wanted = header("warc-type") == Some("response")
                && header("content-type").is_some_and(|t| t.contains("application/http"));
            let limit = self.limit;
            if !wanted || length > limit {
                let skipped =
                    std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink());
                if skipped.map_or(true, |n| n < length) {
                    return self.problem(
                        format!("record {records}: Content-Length {length} runs past the end of the file (truncated)"),
                        true,
                    );
                }
                if wanted {
                    return self.problem(
                        format!("record {records}: {length} bytes, over the limit ({limit} bytes; --max-file-mb): skipped"),
                        false,
                    );
                }
                continue;
            }
            let mut block = Vec::new();
            let read = (&mut self.reader).take(length).read_to_end(&mut block);
            if read.is_err() || (block.len() as u64) < length {
                return self.problem(
                    format!(
                        "record {records}: Content-Length {length} runs past the end of the file (truncated, {} bytes left)",
                        block.len()
                    ),
                    true,
                );
            }
            let uri = header("warc-target-uri")
                .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned())
                .unwrap_or_else(|| format!("record-{records}"));
            // WARC 1.1 §5.4: a W3C date-time in UTC, to the second or finer.
            let crawled = header("warc-date")
                .and_then(|d| d.parse::<jiff::Timestamp>().ok())
                .filter(|&ts| crate::dates::indexable(ts));
            let Some(page) = http_html(&block) else {
                continue;
            };
            let virtual_path = PathBuf::from(format!("{}!{uri}", self.path.display()));
            let parsed = decode::text(&page)
                .map_err(|reason| skip(&virtual_path, reason))
                .and_then(|text| html::parse(&Context::new(&virtual_path, Format::Html), &text));
            return Some(parsed.and_then(|file| {
                let mut article = file
                    .articles
                    .into_iter()
                    .next()
                    .ok_or_else(|| skip(&virtual_path, "no article text in HTML"))?;
                if article.url.is_none() {
                    article.url = Some(uri);
                }
                article.crawled = crawled;
                Ok(article)
            }));
        }
        None
    }
}

/// A line, as bytes made text (a WARC header line is ASCII; anything else is lossy).
fn read_line(reader: &mut impl BufRead, line: &mut String) -> std::io::Result<usize> {
    let mut bytes = Vec::new();
    let n = reader
        .by_ref()
        .take(64 * 1024)
        .read_until(b'\n', &mut bytes)?;
    line.push_str(&String::from_utf8_lossy(&bytes));
    Ok(n)
}

/// The HTML body of an HTTP response block of status 200, de-chunked and un-gzipped; `None`
/// for another status, another content type, or a body that cannot be decoded.
fn http_html(block: &[u8]) -> Option<Vec<u8>> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        })?;
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?;
    if status != "200" {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut body = block[split.1..].to_vec();
    if header("content-type").is_some_and(|t| !t.contains("html")) {
        return None;
    }
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    match header("content-encoding") {
        Some(e) if e.contains("gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .ok()?;
            body = out;
        }
        Some(e) if e.contains("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .ok()?;
            body = out;
        }
        _ => {}
    }
    Some(body)
}

/// A chunked HTTP body joined; `None` when the chunks are malformed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-04T05:06:07Z\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    const PAGE: &str = "<html><head><title>Oil prices steady</title></head><body><article>\
        <h1>Oil prices steady</h1><p>Oil prices were steady in London on Wednesday as OPEC \
        ministers met in Vienna to discuss output, traders said. Brent crude held near its \
        highest level in a month.</p><p>Dealers said the market would wait for the meeting's \
        outcome before moving, and that volumes were thin.</p></article></body></html>";

    #[test]
    fn chunked_bodies_join() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn responses_of_status_200_with_html_are_pages() {
        let ok = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let missing = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>";
        let mut warc = record("request", "https://e.org/a", b"GET /a HTTP/1.1\r\n\r\n");
        warc.extend(record("response", "https://e.org/a", ok.as_bytes()));
        warc.extend(record("response", "https://e.org/b", missing.as_bytes()));
        let file = parse(Path::new("c.warc"), &warc[..], 1 << 20).unwrap();
        assert_eq!(file.articles.len(), 1);
        assert_eq!(file.articles[0].id, "c.warc!https://e.org/a");
        assert_eq!(file.articles[0].url.as_deref(), Some("https://e.org/a"));
        // The crawl date is kept as `crawled`, never taken for the publication date.
        assert_eq!(
            file.articles[0].crawled,
            Some("2026-03-04T05:06:07Z".parse().unwrap())
        );
        assert_eq!(file.articles[0].published, None);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
    }

    proptest! {
        /// Any bytes, and a valid archive cut anywhere or with its length changed: no panic.
        #[test]
        fn any_warc_reads_without_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            cut in 0usize..2000,
            lie in -50i64..50,
        ) {
            let _ = parse(Path::new("a.warc"), &bytes[..], 1 << 20);
            let ok = format!("HTTP/1.1 200 OK\r\n\r\n{PAGE}");
            let mut warc = record("response", "https://e.org/a", ok.as_bytes());
            let text = String::from_utf8_lossy(&warc).into_owned();
            let len = ok.len() as i64;
            let lied = text.replacen(
                &format!("Content-Length: {len}"),
                &format!("Content-Length: {}", (len + lie).max(0)),
                1,
            );
            warc.extend(record("response", "https://e.org/b", ok.as_bytes()));
            let _ = parse(Path::new("a.warc"), &warc[..cut.min(warc.len())], 1 << 20);
            let _ = parse(Path::new("a.warc"), lied.as_bytes(), 1 << 20);
        }
    }
}
