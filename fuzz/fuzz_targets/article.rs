//! Any bytes through `article::parse_bytes`, as a file of each supported format: the first byte
//! picks the extension (txt, md, json, jsonl, html, the XML feeds, the bundles, WARC) and whether the file name carries a date,
//! the rest is the file. Parsing may fail with an error, never panic, and an article always
//! has text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 13] = [
    "txt", "md", "json", "jsonl", "html", "xml", "rss", "atom", "zip", "tar.gz", "jsonl.gz",
    "warc", "warc.gz",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(pick) % EXTENSIONS.len()];
    // A dated file name gives a dateline without a year its year.
    let stem = if usize::from(pick) / EXTENSIONS.len() % 2 == 0 {
        "story"
    } else {
        "1987-02-26-story"
    };
    let path = format!("fuzz/{stem}.{ext}");
    let Ok(parsed) = newsidx::article::parse_bytes(Path::new(&path), bytes) else {
        return;
    };
    for article in &parsed.articles {
        // A record without text is a problem, never an article.
        assert!(!article.body.trim().is_empty(), "{article:?}");
    }
});
