//! Builds the bundled test corpus (`corpus/reuters/`) from the Reuters-21578 collection as JSON
//! Lines (one record a line with `id`, `date`, `title`, `dateline`, `body`, `topics`).
//!
//! ```text
//! cargo run -p newsidx-dev --release --bin make_corpus -- ../shared/data/reuters21578/reuters21578.jsonl corpus
//! ```
//!
//! It takes every 50th record that has a body (in file order, so the choice is deterministic
//! and spread over the collection's dates and topics) and writes each in one of the formats
//! newsidx reads, in turn:
//!
//! - `reuters/txt/plain/`: a title line, a blank line, then the dateline and body (no date
//!   anywhere but the dateline, which has no year: such articles have no publication date);
//! - `reuters/txt/headers/`: `Title:`/`Date:`/`Source:`/`Topics:` header lines, then the body
//!   (the date as RFC 3339 or as the raw Reuters stamp, in turn);
//! - `reuters/txt/dated/`: the date in the file name (`1987-02-26-bahia-cocoa-review-1.txt`),
//!   a title line and the dateline body;
//! - `reuters/md/`: YAML front matter (`title`, `date`, `source`, `topics`, `locations` from
//!   the dateline's place) or, in turn, a `# heading` title and `published`;
//! - `reuters/json/`: one article a file, with field names in turn `title`/`body`/`date`,
//!   `headline`/`text`/`published`, `headline`/`articleBody`/`datePublished`;
//! - `reuters/jsonl/`: files of 32 records each, with `id`;
//! - `reuters/html/`: a full page with `<meta property="article:published_time">`, JSON-LD in
//!   every other page, a `<nav>`, the `<article>` as `<p>` paragraphs and a `<footer>`.
//!
//! The Reuters stamp `26-FEB-1987 15:01:01.79` becomes `1987-02-26T15:01:01Z`; the dateline
//! (`SALVADOR, Feb 26 -`) stays at the start of the body. The output folder's `reuters/`
//! sub-folder is removed and written again, so a re-run gives identical files.
//!
//! The record reading and the writers live in `newsidx_dev::reuters`, shared with the
//! `check_dates` tool.

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::Path;

use newsidx_dev::reuters::{
    Record, read_records, write_html, write_json, write_jsonl, write_md, write_txt_dated,
    write_txt_headers, write_txt_plain,
};

/// One record with a body in `EVERY` is taken.
const EVERY: usize = 50;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out] = args.as_slice() else {
        return Err("usage: make_corpus REUTERS21578.jsonl OUT_DIR".into());
    };
    let records = read_records(Path::new(input), EVERY)?;
    if let Some(r) = records.iter().find(|r| r.date.is_none()) {
        return Err(format!("record {}: bad date {:?}", r.id, r.stamp).into());
    }
    let root = Path::new(out).join("reuters");
    if root.exists() {
        fs::remove_dir_all(&root)?;
    }
    let mut jsonl: Vec<&Record> = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        let turn = i / 8; // how many times this format has come round
        let kind = match i % 8 {
            0 => write_txt_plain(&root, record)?,
            1 => write_txt_headers(&root, record, turn)?,
            2 => write_txt_dated(&root, record)?,
            3 => write_md(&root, record, turn)?,
            4 => write_json(&root, record, turn)?,
            6 => write_html(&root, record, turn)?,
            _ => {
                jsonl.push(record);
                "jsonl"
            }
        };
        *counts.entry(kind).or_default() += 1;
    }
    write_jsonl(&root, &jsonl)?;
    eprintln!(
        "{} articles written under {}",
        records.len(),
        root.display()
    );
    for (kind, n) in counts {
        eprintln!("  {kind}: {n}");
    }
    Ok(())
}
