//! The WARC reader through `article::parse_bytes`. Raw bytes reach its error paths; the
//! structured input writes real records (responses of any status, requests, metadata; chunked
//! and gzip HTTP bodies; record-at-a-time gzip) with Content-Lengths that may lie and the file
//! cut anywhere, so the fuzzer spends its time past the record header. Parsing may fail with an
//! error, never panic; every page has text and is named `archive!uri`; an archive whose records
//! are all honest never yields more pages than it has responses.
#![no_main]

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Kind {
    Response,
    Request,
    Metadata,
    Warcinfo,
}

#[derive(Debug, Arbitrary)]
struct Record<'a> {
    kind: Kind,
    uri: &'a str,
    date: &'a str,
    status: u16,
    html: bool,
    chunked: bool,
    gzip_body: bool,
    body: &'a str,
    /// Added to the true Content-Length.
    lie: i8,
}

#[derive(Debug, Arbitrary)]
enum Input<'a> {
    /// Any bytes as a `.warc` or `.warc.gz` file.
    Raw { gz: bool, bytes: &'a [u8] },
    /// Records written out, gzipped one a member when `gz`, cut after `cut` bytes when set.
    Shaped {
        gz: bool,
        records: Vec<Record<'a>>,
        cut: Option<u16>,
    },
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn http(r: &Record<'_>) -> Vec<u8> {
    let mut body = r.body.as_bytes().to_vec();
    let mut head = format!("HTTP/1.1 {} X\r\n", r.status);
    if r.html {
        head.push_str("Content-Type: text/html; charset=utf-8\r\n");
    }
    if r.gzip_body {
        body = gzip(&body);
        head.push_str("Content-Encoding: gzip\r\n");
    }
    if r.chunked {
        let mut chunked = Vec::new();
        for piece in body.chunks(7) {
            chunked.extend(format!("{:x}\r\n", piece.len()).into_bytes());
            chunked.extend_from_slice(piece);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        body = chunked;
        head.push_str("Transfer-Encoding: chunked\r\n");
    }
    head.push_str("\r\n");
    let mut block = head.into_bytes();
    block.extend(body);
    block
}

fn record(r: &Record<'_>) -> Vec<u8> {
    let (kind, block) = match r.kind {
        Kind::Response => ("response", http(r)),
        Kind::Request => (
            "request",
            format!("GET {} HTTP/1.1\r\n\r\n", r.uri).into_bytes(),
        ),
        Kind::Metadata => ("metadata", r.body.as_bytes().to_vec()),
        Kind::Warcinfo => ("warcinfo", b"software: fuzz\r\n".to_vec()),
    };
    let length = (block.len() as i64 + i64::from(r.lie)).max(0);
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {}\r\nWARC-Date: {}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {length}\r\n\r\n",
        r.uri, r.date
    )
    .into_bytes();
    out.extend(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn check(path: &str, bytes: &[u8], most: Option<usize>) {
    let Ok(parsed) = newsidx::article::parse_bytes(Path::new(path), bytes) else {
        return;
    };
    for article in &parsed.articles {
        assert!(!article.body.trim().is_empty(), "{article:?}");
        assert!(
            article.id.starts_with(&format!("{path}!")),
            "{}",
            article.id
        );
        assert_eq!(
            article.published_source.is_some(),
            article.published.is_some()
        );
    }
    if let Some(most) = most {
        assert!(
            parsed.articles.len() <= most,
            "{} pages from {most} responses",
            parsed.articles.len()
        );
    }
}

fuzz_target!(|input: Input<'_>| {
    match input {
        Input::Raw { gz, bytes } => {
            let path = if gz {
                "fuzz/crawl.warc.gz"
            } else {
                "fuzz/crawl.warc"
            };
            check(path, bytes, None);
        }
        Input::Shaped { gz, records, cut } => {
            let mut file = Vec::new();
            for r in &records {
                let one = record(r);
                file.extend(if gz { gzip(&one) } else { one });
            }
            let file = match cut {
                Some(n) => &file[..usize::from(n).min(file.len())],
                None => &file[..],
            };
            // Honest records whose text cannot pass for a record header: one page a response
            // at most.
            let honest = records.iter().all(|r| {
                r.lie == 0
                    && !r.body.contains("WARC/")
                    && !r.uri.contains(['\r', '\n'])
                    && !r.date.contains(['\r', '\n'])
            });
            let responses = records
                .iter()
                .filter(|r| matches!(r.kind, Kind::Response))
                .count();
            let path = if gz {
                "fuzz/crawl.warc.gz"
            } else {
                "fuzz/crawl.warc"
            };
            check(path, file, honest.then_some(responses));
        }
    }
});
