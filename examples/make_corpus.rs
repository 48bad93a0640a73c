//! Builds the bundled test corpus (`corpus/reuters/`) from the Reuters-21578 collection as JSON
//! Lines (one record a line with `id`, `date`, `title`, `dateline`, `body`, `topics`).
//!
//! ```text
//! cargo run --example make_corpus -- ../shared/data/reuters21578/reuters21578.jsonl corpus
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

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use serde_json::{Value, json};

/// One record with a body in `EVERY` is taken.
const EVERY: usize = 50;
/// Records a JSON Lines file holds.
const JSONL_CHUNK: usize = 32;

/// A Reuters-21578 record.
struct Record {
    id: u64,
    /// The raw stamp, `26-FEB-1987 15:01:01.79`.
    stamp: String,
    /// The stamp as an instant, to the second.
    date: Timestamp,
    title: String,
    /// `SALVADOR, Feb 26 -`, or empty.
    dateline: String,
    /// The body with the dateline in front of it, trailing whitespace trimmed.
    text: String,
    topics: Vec<String>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out] = args.as_slice() else {
        return Err("usage: make_corpus REUTERS21578.jsonl OUT_DIR".into());
    };
    let records = read_records(Path::new(input))?;
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

/// Every [`EVERY`]th record with a body and a title.
fn read_records(path: &Path) -> Result<Vec<Record>, Box<dyn Error>> {
    let file = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    let mut with_body = 0usize;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let text_of = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let body = text_of("body");
        let title = text_of("title")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if body.trim().is_empty() || title.is_empty() {
            continue;
        }
        with_body += 1;
        if !(with_body - 1).is_multiple_of(EVERY) {
            continue;
        }
        let stamp = text_of("date").trim().to_string();
        let date =
            parse_stamp(&stamp).ok_or_else(|| format!("line {}: bad date {stamp:?}", n + 1))?;
        let dateline = text_of("dateline").trim().to_string();
        let body = body.trim_end();
        let text = if dateline.is_empty() {
            body.to_string()
        } else {
            format!("{dateline} {body}")
        };
        let topics = v
            .get("topics")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let id = v
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("line {}: no id", n + 1))?;
        out.push(Record {
            id,
            stamp,
            date,
            title,
            dateline,
            text,
            topics,
        });
    }
    Ok(out)
}

/// `26-FEB-1987 15:01:01.79` to `1987-02-26T15:01:01Z` (the fraction is dropped).
fn parse_stamp(stamp: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let (day, time) = stamp.split_once(' ')?;
    let mut d = day.split('-');
    let (dd, mon, yyyy) = (d.next()?, d.next()?, d.next()?);
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(mon))? + 1;
    let time = time.trim().split('.').next()?;
    let mut t = time.split(':');
    let (h, mi, s) = (t.next()?, t.next()?, t.next().unwrap_or("0"));
    let dt = DateTime::new(
        yyyy.parse().ok()?,
        i8::try_from(month).ok()?,
        dd.parse().ok()?,
        h.parse().ok()?,
        mi.parse().ok()?,
        s.parse().ok()?,
        0,
    )
    .ok()?;
    Offset::UTC.to_timestamp(dt).ok()
}

/// A file-name slug of a title: lower case, `-` between words, at most 50 bytes.
fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.len() > 50 || s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        "untitled".to_string()
    } else {
        s
    }
}

/// `reuters-00123-bahia-cocoa-review`.
fn stem(r: &Record) -> String {
    format!("reuters-{:05}-{}", r.id, slug(&r.title))
}

/// Writes `contents` to `path`, creating its folder.
fn write(path: PathBuf, contents: &str) -> Result<(), Box<dyn Error>> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn write_txt_plain(root: &Path, r: &Record) -> Result<&'static str, Box<dyn Error>> {
    let path = root.join("txt/plain").join(format!("{}.txt", stem(r)));
    write(path, &format!("{}\n\n{}\n", r.title, r.text))?;
    Ok("txt/plain")
}

fn write_txt_headers(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let date = if turn.is_multiple_of(2) {
        r.date.to_string()
    } else {
        r.stamp.clone()
    };
    let mut s = format!("Title: {}\nDate: {date}\nSource: Reuters\n", r.title);
    if !r.topics.is_empty() {
        writeln!(s, "Topics: {}", r.topics.join(", "))?;
    }
    write!(s, "\n{}\n", r.text)?;
    write(
        root.join("txt/headers").join(format!("{}.txt", stem(r))),
        &s,
    )?;
    Ok("txt/headers")
}

fn write_txt_dated(root: &Path, r: &Record) -> Result<&'static str, Box<dyn Error>> {
    let day = r.date.strftime("%Y-%m-%d");
    let name = format!("{day}-{}-{}.txt", slug(&r.title), r.id);
    write(
        root.join("txt/dated").join(name),
        &format!("{}\n\n{}\n", r.title, r.text),
    )?;
    Ok("txt/dated")
}

/// A YAML double-quoted string.
fn yaml_str(s: &str) -> String {
    // JSON strings are valid YAML double-quoted strings.
    Value::String(s.to_string()).to_string()
}

/// `SALVADOR` / `WESTPORT, Conn.` to `Salvador` / `Westport`: the dateline's place, first
/// part, in title case.
fn dateline_place(dateline: &str) -> Option<String> {
    let place = dateline.split(',').next()?.trim();
    if place.is_empty() || place.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<String> = place
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    Some(words.join(" "))
}

fn write_md(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let mut s = String::from("---\n");
    let body = if turn.is_multiple_of(2) {
        writeln!(s, "title: {}", yaml_str(&r.title))?;
        writeln!(s, "date: {}", r.date)?;
        r.text.clone()
    } else {
        writeln!(s, "published: {}", yaml_str(&r.stamp))?;
        format!("# {}\n\n{}", r.title, r.text)
    };
    writeln!(s, "source: Reuters")?;
    writeln!(s, "reuters_id: {}", r.id)?;
    if !r.topics.is_empty() {
        writeln!(
            s,
            "topics: [{}]",
            r.topics
                .iter()
                .map(|t| yaml_str(t))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    if let Some(place) = dateline_place(&r.dateline) {
        writeln!(s, "locations:\n  - {}", yaml_str(&place))?;
    }
    write!(s, "---\n\n{body}\n")?;
    write(root.join("md").join(format!("{}.md", stem(r))), &s)?;
    Ok("md")
}

fn write_json(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let value = match turn % 3 {
        0 => json!({
            "id": r.id,
            "title": r.title,
            "date": r.date.to_string(),
            "source": "Reuters",
            "topics": r.topics,
            "body": r.text,
        }),
        1 => json!({
            "id": r.id,
            "headline": r.title,
            "published": r.stamp,
            "source": "Reuters",
            "text": r.text,
        }),
        _ => json!({
            "@type": "NewsArticle",
            "identifier": r.id,
            "headline": r.title,
            "datePublished": r.date.to_string(),
            "publisher": { "name": "Reuters" },
            "keywords": r.topics,
            "articleBody": r.text,
        }),
    };
    let text = serde_json::to_string_pretty(&value)? + "\n";
    write(root.join("json").join(format!("{}.json", stem(r))), &text)?;
    Ok("json")
}

fn write_jsonl(root: &Path, records: &[&Record]) -> Result<(), Box<dyn Error>> {
    for (n, chunk) in records.chunks(JSONL_CHUNK).enumerate() {
        let mut s = String::new();
        for r in chunk {
            let value = json!({
                "id": r.id,
                "date": r.date.to_string(),
                "date_raw": r.stamp,
                "title": r.title,
                "source": "Reuters",
                "topics": r.topics,
                "body": r.text,
            });
            writeln!(s, "{}", serde_json::to_string(&value)?)?;
        }
        let name = format!("reuters-part-{:02}.jsonl", n + 1);
        write(root.join("jsonl").join(name), &s)?;
    }
    Ok(())
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The body's paragraphs: Reuters starts a paragraph with an indented line; wrapped lines are
/// joined with a space.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let starts_paragraph = line.starts_with(' ') || line.starts_with('\t');
        let line = line.trim();
        if (starts_paragraph || line.is_empty()) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if line.is_empty() {
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn write_html(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let title = esc(&r.title);
    let date = r.date.to_string();
    let mut s = String::new();
    writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(s, "<title>{title} | Reuters archive</title>")?;
    writeln!(s, "<meta property=\"og:title\" content=\"{title}\">")?;
    writeln!(s, "<meta property=\"og:site_name\" content=\"Reuters\">")?;
    writeln!(
        s,
        "<meta property=\"article:published_time\" content=\"{date}\">"
    )?;
    for topic in &r.topics {
        writeln!(
            s,
            "<meta property=\"article:tag\" content=\"{}\">",
            esc(topic)
        )?;
    }
    if turn.is_multiple_of(2) {
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": r.title,
            "datePublished": date,
            "publisher": { "@type": "Organization", "name": "Reuters" },
        });
        // serde_json leaves `<` as is; `<\/` keeps a `</script>` in a value from ending the
        // element.
        let ld = serde_json::to_string(&ld)?.replace("</", "<\\/");
        writeln!(s, "<script type=\"application/ld+json\">{ld}</script>")?;
    }
    writeln!(s, "</head>\n<body>")?;
    writeln!(
        s,
        "<header>\n<nav><a href=\"/\">Home</a> | <a href=\"/markets\">Markets</a> | <a href=\"/commodities\">Commodities</a> | <a href=\"/world\">World</a></nav>\n</header>"
    )?;
    writeln!(s, "<main>\n<article>\n<h1>{title}</h1>")?;
    for p in paragraphs(&r.text) {
        writeln!(s, "<p>{}</p>", esc(&p))?;
    }
    writeln!(s, "</article>\n</main>")?;
    writeln!(
        s,
        "<footer>\n<p>Reuters-21578 test collection, Distribution 1.0.</p>\n<p><a href=\"/about\">About</a> | <a href=\"/contact\">Contact</a></p>\n</footer>"
    )?;
    writeln!(s, "</body>\n</html>")?;
    write(root.join("html").join(format!("{}.html", stem(r))), &s)?;
    Ok("html")
}
