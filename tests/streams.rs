//! Web archives are written in parts (`IndexOptions::part_articles` pages at a time): the
//! index holds the same articles as when written whole, a changed archive replaces all its
//! pages (not only its first part), and its pages keep the time they first entered.

use std::path::Path;

use newsidx::indexer::{IndexOptions, NoProgress, index_paths};
use newsidx::search::{SearchRequest, search};

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn ids(index: &Path, request: SearchRequest) -> Vec<String> {
    let mut ids: Vec<String> = search(index, &request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id.replace('\\', "/"))
        .collect();
    ids.sort();
    ids
}

#[test]
fn an_archive_written_in_parts_is_the_archive_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/warc");
    let warc = dir.path().join("warc");
    copy(&from, &warc);
    let all = || SearchRequest::builder().limit(100).build().unwrap();
    let mut whole = IndexOptions::new(dir.path().join("whole"));
    whole.part_articles = 1_000;
    let mut parts = IndexOptions::new(dir.path().join("parts"));
    parts.part_articles = 1;
    let a = index_paths(std::slice::from_ref(&warc), &whole, &mut NoProgress).unwrap();
    let b = index_paths(std::slice::from_ref(&warc), &parts, &mut NoProgress).unwrap();
    assert_eq!(a.articles, 5);
    assert_eq!(b.articles, 5);
    assert_eq!((b.added, b.files), (3, 3), "each archive counted once");
    assert_eq!(a.skipped.len(), b.skipped.len(), "{:?}", b.skipped);
    assert_eq!(ids(&whole.index_path, all()), ids(&parts.index_path, all()));
    let stamp = newsidx::search::SearchIndex::open(&parts.index_path)
        .unwrap()
        .as_of()
        .unwrap()
        .unwrap();
    // the archive changes: all its pages are replaced, none duplicated, and the pages it had
    // keep their first stamp
    std::thread::sleep(std::time::Duration::from_millis(5));
    let crawl = warc.join("lying.warc");
    let mut bytes = std::fs::read(&crawl).unwrap();
    bytes.extend_from_slice(b"\r\n\r\n");
    std::fs::write(&crawl, bytes).unwrap();
    let c = index_paths(std::slice::from_ref(&warc), &parts, &mut NoProgress).unwrap();
    assert_eq!((c.updated, c.unchanged), (1, 2));
    assert_eq!(ids(&parts.index_path, all()), ids(&whole.index_path, all()));
    let since = SearchRequest::builder()
        .new_since(stamp.to_string())
        .build()
        .unwrap();
    assert_eq!(ids(&parts.index_path, since), Vec::<String>::new());
}

/// A JSON Lines file from `ReadOptions::stream_bytes` on is read a line at a time and written
/// in parts: the index holds what it holds when the file is read whole, the bad lines are
/// reported the same, and a file that did not change is not read again.
#[test]
fn a_json_lines_file_read_a_line_at_a_time_is_the_file_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed");
    std::fs::create_dir_all(&feed).unwrap();
    let mut text = String::new();
    for i in 0..7 {
        text.push_str(&format!(
            "{{\"id\": \"r{i}\", \"title\": \"Cocoa report {i}\", \"date\": \"2020-01-0{}\", \"body\": \"SALVADOR, Jan {} - Cocoa arrivals at Bahia ports rose, Comissaria Smith said on Monday.\"}}\n",
            i + 1,
            i + 1
        ));
    }
    text.push_str("{not json\n{\"title\": \"no body\"}\n\n{\"body\": \"Ghana's cocoa board said output would fall.\"}\n");
    std::fs::write(feed.join("wire.jsonl"), &text).unwrap();
    let all = || SearchRequest::builder().limit(100).build().unwrap();
    let mut whole = IndexOptions::new(dir.path().join("whole"));
    whole.read.stream_bytes = u64::MAX;
    let mut parts = IndexOptions::new(dir.path().join("parts"));
    parts.read.stream_bytes = 0;
    parts.part_articles = 3;
    let a = index_paths(std::slice::from_ref(&feed), &whole, &mut NoProgress).unwrap();
    let b = index_paths(std::slice::from_ref(&feed), &parts, &mut NoProgress).unwrap();
    assert_eq!((a.articles, b.articles), (8, 8));
    assert_eq!((b.added, b.files), (1, 1), "the file counted once");
    let reasons = |s: &newsidx::indexer::IndexSummary| -> Vec<String> {
        s.skipped
            .iter()
            .map(|k| format!("{:?} {}", k.line, k.reason))
            .collect()
    };
    assert_eq!(reasons(&a), reasons(&b));
    assert_eq!(b.skipped.len(), 2, "{:?}", b.skipped);
    assert_eq!(ids(&whole.index_path, all()), ids(&parts.index_path, all()));
    let c = index_paths(std::slice::from_ref(&feed), &parts, &mut NoProgress).unwrap();
    assert_eq!((c.unchanged, c.articles), (1, 0));
}

/// A gzipped JSON Lines file streams too, line for line as it reads whole; cut short, it
/// keeps the lines before the cut and says where it stopped.
#[test]
fn a_gzipped_json_lines_file_streams_as_it_reads_whole() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed");
    std::fs::create_dir_all(&feed).unwrap();
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!(
            "{{\"title\": \"Oil report {i}\", \"body\": \"LONDON, March {} - Brent crude rose as OPEC ministers met in Vienna, traders said.\"}}\n",
            i % 28 + 1
        ));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(feed.join("wire.jsonl.gz"), &gz).unwrap();
    let all = || SearchRequest::builder().limit(100).build().unwrap();
    let mut whole = IndexOptions::new(dir.path().join("whole"));
    whole.read.stream_bytes = u64::MAX;
    let mut parts = IndexOptions::new(dir.path().join("parts"));
    parts.read.stream_bytes = 0;
    parts.part_articles = 7;
    let a = index_paths(std::slice::from_ref(&feed), &whole, &mut NoProgress).unwrap();
    let b = index_paths(std::slice::from_ref(&feed), &parts, &mut NoProgress).unwrap();
    assert_eq!((a.articles, b.articles), (40, 40));
    assert!(b.skipped.is_empty(), "{:?}", b.skipped);
    assert_eq!(ids(&whole.index_path, all()), ids(&parts.index_path, all()));
    assert!(
        ids(&parts.index_path, all())
            .iter()
            .any(|id| id.ends_with("feed/wire.jsonl.gz:40"))
    );
    // Cut in the middle: its start cannot be checked, so it is read whole (a stream cut later
    // is `json::Lines`'s unit test), and the lines before the cut are kept.
    std::fs::write(feed.join("wire.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    let c = index_paths(std::slice::from_ref(&feed), &parts, &mut NoProgress).unwrap();
    assert!(c.articles > 0 && c.articles < 40, "{}", c.articles);
    assert!(
        c.skipped
            .iter()
            .any(|k| k.reason.contains("truncated or corrupt gzip stream")),
        "{:?}",
        c.skipped
    );
}
