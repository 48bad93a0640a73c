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
use super::{FileArticles, Format, decode, html};

/// The articles of the WARC file `path` read from `stream` (already un-gzipped), blocks over
/// `limit` bytes skipped.
pub(super) fn parse(path: &Path, stream: impl Read, limit: u64) -> crate::Result<FileArticles> {
    let mut reader = std::io::BufReader::new(stream);
    let mut out = FileArticles::default();
    let problem = |out: &mut FileArticles, reason: String| {
        out.problems.push(parse_error(path, None, reason));
    };
    let mut records = 0usize;
    let mut resync = false;
    let mut line = String::new();
    loop {
        line.clear();
        match read_line(&mut reader, &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                problem(
                    &mut out,
                    format!("after record {records}: cannot be read: {e}"),
                );
                break;
            }
        }
        let first = line.trim_end();
        if first.is_empty() {
            continue;
        }
        if !first.starts_with("WARC/1.") {
            if !resync {
                problem(
                    &mut out,
                    format!(
                        "after record {records}: no WARC record where one should start (a Content-Length that lies?): skipping to the next"
                    ),
                );
                resync = true;
            }
            continue;
        }
        resync = false;
        records += 1;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            line.clear();
            match read_line(&mut reader, &mut line) {
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
            problem(
                &mut out,
                format!("record {records}: no Content-Length: stopped"),
            );
            break;
        };
        let wanted = header("warc-type") == Some("response")
            && header("content-type").is_some_and(|t| t.contains("application/http"));
        if !wanted || length > limit {
            if wanted {
                problem(
                    &mut out,
                    format!(
                        "record {records}: {length} bytes, over the limit ({limit} bytes; --max-file-mb): skipped"
                    ),
                );
            }
            let skipped = std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink());
            if skipped.map_or(true, |n| n < length) {
                problem(
                    &mut out,
                    format!(
                        "record {records}: Content-Length {length} runs past the end of the file (truncated)"
                    ),
                );
                break;
            }
            continue;
        }
        let mut block = Vec::new();
        let read = (&mut reader).take(length).read_to_end(&mut block);
        if read.is_err() || (block.len() as u64) < length {
            problem(
                &mut out,
                format!(
                    "record {records}: Content-Length {length} runs past the end of the file (truncated, {} bytes left)",
                    block.len()
                ),
            );
            break;
        }
        let uri = header("warc-target-uri")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned())
            .unwrap_or_else(|| format!("record-{records}"));
        let Some(page) = http_html(&block) else {
            continue;
        };
        let virtual_path = PathBuf::from(format!("{}!{uri}", path.display()));
        let parsed = decode::text(&page)
            .map_err(|reason| skip(&virtual_path, reason))
            .and_then(|text| html::parse(&Context::new(&virtual_path, Format::Html), &text));
        match parsed {
            Ok(file) => {
                for mut article in file.articles {
                    if article.url.is_none() {
                        article.url = Some(uri.clone());
                    }
                    out.articles.push(article);
                }
                out.problems.extend(file.problems);
            }
            Err(e) => out.problems.push(e),
        }
    }
    if out.articles.is_empty() && out.problems.is_empty() {
        return Err(skip(path, "no HTML page of status 200 in the web archive"));
    }
    Ok(out)
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
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
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
