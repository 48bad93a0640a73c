//! Reuters-21578 records and their conversion into every article format newsidx reads; shared
//! by the `make_corpus` example (a sample for the bundled corpus) and the `check_dates` example
//! (all of it, to measure publication dates).
//!
//! Each `write_*` function writes one record under `root/<format>/` and returns the format's
//! folder name (`txt/plain`, `txt/headers`, `txt/dated`, `md`, `json`, `html`); `write_jsonl`
//! writes files of [`JSONL_CHUNK`] records under `root/jsonl/`. `turn` picks a variant of the
//! format (field names, date written as RFC 3339 or as the raw stamp, JSON-LD or not).

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use serde_json::{Value, json};

/// Records a JSON Lines file holds.
pub const JSONL_CHUNK: usize = 32;

/// A Reuters-21578 record.
pub struct Record {
    /// The record's `id`.
    pub id: u64,
    /// The raw stamp, `26-FEB-1987 15:01:01.79`.
    pub stamp: String,
    /// The stamp as an instant, to the second; `None` when the stamp is not well formed.
    pub date: Option<Timestamp>,
    /// The title, white space collapsed.
    pub title: String,
    /// `SALVADOR, Feb 26 -`, or empty.
    pub dateline: String,
    /// The body with the dateline in front of it, trailing whitespace trimmed.
    pub text: String,
    /// The record's topics.
    pub topics: Vec<String>,
}

impl Record {
    /// The date as RFC 3339 (`1987-02-26T15:01:01Z`), or the raw stamp when it is not well
    /// formed.
    fn date_text(&self) -> String {
        match self.date {
            Some(date) => date.to_string(),
            None => self.stamp.clone(),
        }
    }
}

/// Every `every`th record with a body and a title, in file order (`every` = 1: all of them).
/// A record whose stamp is not well formed has no `date`.
pub fn read_records(path: &Path, every: usize) -> Result<Vec<Record>, Box<dyn Error>> {
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
        if !(with_body - 1).is_multiple_of(every) {
            continue;
        }
        let stamp = text_of("date").trim().to_string();
        let date = parse_stamp(&stamp);
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
pub fn parse_stamp(stamp: &str) -> Option<Timestamp> {
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

pub fn write_txt_plain(root: &Path, r: &Record) -> Result<&'static str, Box<dyn Error>> {
    let path = root.join("txt/plain").join(format!("{}.txt", stem(r)));
    write(path, &format!("{}\n\n{}\n", r.title, r.text))?;
    Ok("txt/plain")
}

pub fn write_txt_headers(
    root: &Path,
    r: &Record,
    turn: usize,
) -> Result<&'static str, Box<dyn Error>> {
    let date = if turn.is_multiple_of(2) {
        r.date_text()
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

pub fn write_txt_dated(root: &Path, r: &Record) -> Result<&'static str, Box<dyn Error>> {
    let name = match r.date {
        Some(date) => format!(
            "{}-{}-{}.txt",
            date.strftime("%Y-%m-%d"),
            slug(&r.title),
            r.id
        ),
        None => format!("{}-{}.txt", slug(&r.title), r.id),
    };
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

pub fn write_md(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let mut s = String::from("---\n");
    let body = if turn.is_multiple_of(2) {
        writeln!(s, "title: {}", yaml_str(&r.title))?;
        match r.date {
            Some(date) => writeln!(s, "date: {date}")?,
            None => writeln!(s, "date: {}", yaml_str(&r.stamp))?,
        }
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

pub fn write_json(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let value = match turn % 3 {
        0 => json!({
            "id": r.id,
            "title": r.title,
            "date": r.date_text(),
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
            "datePublished": r.date_text(),
            "publisher": { "name": "Reuters" },
            "keywords": r.topics,
            "articleBody": r.text,
        }),
    };
    let text = serde_json::to_string_pretty(&value)? + "\n";
    write(root.join("json").join(format!("{}.json", stem(r))), &text)?;
    Ok("json")
}

pub fn write_jsonl(root: &Path, records: &[&Record]) -> Result<(), Box<dyn Error>> {
    for (n, chunk) in records.chunks(JSONL_CHUNK).enumerate() {
        let mut s = String::new();
        for r in chunk {
            let value = json!({
                "id": r.id,
                "date": r.date_text(),
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

pub fn write_html(root: &Path, r: &Record, turn: usize) -> Result<&'static str, Box<dyn Error>> {
    let title = esc(&r.title);
    let date = r.date_text();
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
