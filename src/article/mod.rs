//! What is in this file? Reads one file of any supported format (`.txt`, `.md`, `.json`,
//! `.jsonl`/`.ndjson`, `.html`/`.htm`), decodes its bytes and parses it into [`Article`]s with
//! title, body, publication date and the other metadata found. First stage of the pipeline.
//!
//! Decoding: UTF-8 (a BOM is dropped), UTF-16 with a BOM, and anything else by `chardetng`'s
//! guess (Latin-1, Windows-1252, Shift JIS, ...). Line ends are normalised to `\n` before
//! parsing, so [`Article::body`] is the text every offset refers to.
//!
//! The publication date comes from, in order: a metadata field ([`DateSource::Metadata`]), a
//! dateline at the start of the body ([`DateSource::Dateline`], the year from the file name's
//! date when the dateline has none), the file name ([`DateSource::Filename`]). Never the
//! file's modification time.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::Offset;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::Error;
use crate::dates::{self, DateSource};

/// The revision of what parsing makes an article's body (the text every offset points into):
/// raise it whenever a format's body changes, so that indexes are re-extracted.
/// 2: Markdown bodies lose their heading markup.
pub const BODY_REVISION: u32 = 2;

/// The file formats newsidx reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown with optional YAML front matter (`.md`, `.markdown`).
    Markdown,
    /// One JSON object (`.json`).
    Json,
    /// One JSON object a line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// An HTML page (`.html`, `.htm`).
    Html,
}

impl Format {
    /// The format of a path by its extension (case-insensitive), `None` when unsupported.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Entity names a record already carries (`persons`, `organizations`, `locations`); they are
/// merged with the extracted ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GivenEntities {
    /// Person names.
    pub persons: Vec<String>,
    /// Organization names.
    pub organizations: Vec<String>,
    /// Location names.
    pub locations: Vec<String>,
}

/// One parsed article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable id: the path as walked, plus `#<record id>` or `:<line>` for records of a JSON
    /// Lines file.
    pub id: String,
    /// The file it came from, as walked.
    pub path: PathBuf,
    /// The 1-based line, for a record of a JSON Lines file.
    pub line: Option<usize>,
    /// The file's format.
    pub format: Format,
    /// The title, when the file has one (a metadata field, or a headline-like first line).
    pub title: Option<String>,
    /// The body text. Entity offsets point into it. For `.txt` files it is the decoded file
    /// text (less a leading block of `Key: value` header lines, when there is one); for JSON
    /// records the value of the `body`/`text`/`content` field; for Markdown the text after the
    /// front matter; for HTML the readable main text.
    pub body: String,
    /// The publication date, when something says it (never the file's mtime).
    pub published: Option<Timestamp>,
    /// Where the publication date came from.
    pub published_source: Option<DateSource>,
    /// The publisher or wire (`source` field or header).
    pub source: Option<String>,
    /// Authors / byline.
    pub authors: Vec<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// Entities the record already names.
    pub given: GivenEntities,
}

/// Limits and switches for reading files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files larger than this many bytes are skipped without being read.
    pub max_file_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The articles of one file, and the records of it that could not be read.
#[derive(Debug, Default)]
pub struct FileArticles {
    /// The good articles, in file order.
    pub articles: Vec<Article>,
    /// Bad records (a malformed JSON Lines line, a record without text); the file's other
    /// records are kept. Each is an [`crate::Error::ParseFile`] or [`crate::Error::SkipFile`].
    pub problems: Vec<crate::Error>,
}

/// Reads and parses one file. A whole-file problem (unreadable, binary, empty, too large,
/// malformed JSON, no text) is an `Err`; a problem with one record of a multi-record file is in
/// [`FileArticles::problems`].
///
/// The size is checked from the file's metadata before anything is read, so a file over
/// [`ReadOptions::max_file_bytes`] costs one `stat`.
pub fn read_file(path: &Path, options: &ReadOptions) -> crate::Result<FileArticles> {
    parse_bytes(path, &read_bytes(path, options)?)
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
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> crate::Result<FileArticles> {
    let Some(format) = Format::of(path) else {
        return Err(skip(path, UNSUPPORTED));
    };
    if bytes.is_empty() {
        return Err(skip(path, "empty file"));
    }
    let text = decode(bytes).map_err(|reason| skip(path, reason))?;
    let text = normalize_newlines(text);
    if text.trim().is_empty() {
        return Err(skip(path, NO_TEXT));
    }
    let ctx = Context::new(path, format);
    match format {
        Format::Text => parse_text(&ctx, text),
        Format::Markdown => parse_markdown(&ctx, text),
        Format::Json => parse_json(&ctx, &text),
        Format::JsonLines => parse_json_lines(&ctx, &text),
        Format::Html => parse_html(&ctx, &text),
    }
}

/// The reason for a file or record with nothing to index.
const NO_TEXT: &str = "no article text";

/// The reason for a file whose extension is none of the formats read.
pub const UNSUPPORTED: &str =
    "not an article format newsidx reads (.txt, .md, .json, .jsonl, .html)";

/// A [`Error::SkipFile`] for `path`.
fn skip(path: &Path, reason: impl Into<String>) -> Error {
    Error::SkipFile {
        path: path.to_path_buf(),
        line: None,
        reason: reason.into(),
    }
}

/// A [`Error::ParseFile`] for `path`.
fn parse_error(path: &Path, line: Option<usize>, reason: impl Into<String>) -> Error {
    Error::ParseFile {
        path: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/// How many leading bytes (or chars) are looked at to tell binary from text.
const SNIFF_LEN: usize = 8 * 1024;

/// Decodes a file's bytes to text, or says why it is not text.
fn decode(bytes: &[u8]) -> Result<String, &'static str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if text.chars().take(SNIFF_LEN).any(|c| c == '\0') {
            return Err("binary file (NUL bytes)");
        }
        return check_control(text.into_owned());
    }
    if bytes[..bytes.len().min(SNIFF_LEN)].contains(&0) {
        return Err("binary file (NUL bytes)");
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
    };
    check_control(text)
}

/// Rejects text whose first [`SNIFF_LEN`] chars are more than 10% control characters (other
/// than tab, line feed, carriage return and form feed).
fn check_control(text: String) -> Result<String, &'static str> {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    if control * 10 > total {
        return Err("binary file (control characters)");
    }
    Ok(text)
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

// ---------------------------------------------------------------------------------------------
// What all formats share
// ---------------------------------------------------------------------------------------------

/// What every article of one file shares.
struct Context<'a> {
    path: &'a Path,
    format: Format,
    /// The path as an id: `path.display()` with `/` separators.
    id: String,
    /// The date in the file name, if any.
    file_date: Option<Timestamp>,
}

impl<'a> Context<'a> {
    fn new(path: &'a Path, format: Format) -> Self {
        let mut id = path.to_string_lossy().into_owned();
        if std::path::MAIN_SEPARATOR != '/' {
            id = id.replace(std::path::MAIN_SEPARATOR, "/");
        }
        let file_date = path
            .file_name()
            .and_then(|n| dates::filename_date(&n.to_string_lossy()));
        Context {
            path,
            format,
            id,
            file_date,
        }
    }

    /// Builds an article: resolves its publication date (metadata, then dateline, then file
    /// name).
    fn article(&self, id: String, line: Option<usize>, body: String, meta: Meta) -> Article {
        let (published, published_source) = if let Some(ts) = meta.published {
            (Some(ts), Some(DateSource::Metadata))
        } else {
            let year_hint = self.file_date.map(|ts| Offset::UTC.to_datetime(ts).year());
            if let Some(ts) = dates::dateline_date(&body, year_hint) {
                (Some(ts), Some(DateSource::Dateline))
            } else if let Some(ts) = self.file_date {
                (Some(ts), Some(DateSource::Filename))
            } else {
                (None, None)
            }
        };
        Article {
            id,
            path: self.path.to_path_buf(),
            line,
            format: self.format,
            title: meta.title,
            body,
            published,
            published_source,
            source: meta.source,
            authors: meta.authors,
            url: meta.url,
            given: meta.given,
        }
    }

    /// A one-article result.
    fn single(&self, body: String, meta: Meta) -> crate::Result<FileArticles> {
        if body.trim().is_empty() {
            return Err(skip(self.path, NO_TEXT));
        }
        let article = self.article(self.id.clone(), None, body, meta);
        Ok(FileArticles {
            articles: vec![article],
            problems: Vec::new(),
        })
    }
}

/// The metadata found for one article.
#[derive(Debug, Default)]
struct Meta {
    title: Option<String>,
    published: Option<Timestamp>,
    source: Option<String>,
    authors: Vec<String>,
    url: Option<String>,
    given: GivenEntities,
}

/// Trims and collapses runs of whitespace; `None` when nothing is left.
fn clean_line(s: &str) -> Option<String> {
    let cleaned = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Splits a byline into names: drops a leading `By`, splits on `,`, `;`, `&` and ` and `.
fn split_byline(byline: &str) -> Vec<String> {
    let trimmed = byline.trim();
    let without_by = match trimmed.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => &trimmed[3..],
        _ => trimmed,
    };
    without_by
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .filter_map(clean_line)
        .collect()
}

/// Adds `names` to `list`, skipping empty ones and exact duplicates.
fn push_unique(list: &mut Vec<String>, names: impl IntoIterator<Item = String>) {
    for name in names {
        if let Some(name) = clean_line(&name)
            && !list.contains(&name)
        {
            list.push(name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------------

/// A `.txt` file: an optional header block, then the body.
fn parse_text(ctx: &Context<'_>, text: String) -> crate::Result<FileArticles> {
    let (headers, body_start) = header_block(&text).unwrap_or_default();
    let body = if body_start == 0 {
        text
    } else {
        text[body_start..].to_string()
    };
    let mut meta = Meta::default();
    for (key, value) in headers {
        match key.as_str() {
            "title" | "headline" if meta.title.is_none() => meta.title = clean_line(&value),
            "date" | "published" | "pubdate" | "publication date" if meta.published.is_none() => {
                meta.published = dates::parse_metadata_date(&value);
            }
            "source" | "publisher" if meta.source.is_none() => meta.source = clean_line(&value),
            "url" | "link" if meta.url.is_none() => meta.url = clean_line(&value),
            "author" | "authors" | "by" | "byline" => {
                push_unique(&mut meta.authors, split_byline(&value));
            }
            _ => {}
        }
    }
    if meta.title.is_none() {
        meta.title = headline_line(&body);
    }
    ctx.single(body, meta)
}

/// Header keys a `.txt` file may start with (lower case).
const TEXT_HEADER_KEYS: &[&str] = &[
    "title",
    "headline",
    "date",
    "published",
    "pubdate",
    "publication date",
    "source",
    "publisher",
    "url",
    "link",
    "author",
    "authors",
    "by",
    "byline",
];

/// A leading block of `Key: value` lines ended by a blank line, with at least one known key:
/// the `(lower-case key, value)` pairs and the byte offset where the body starts (the first
/// non-blank line after the block). `None` when the text does not start with such a block.
fn header_block(text: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut headers = Vec::new();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n');
    loop {
        let line = lines.next()?;
        offset += line.len();
        let content = line.trim_end();
        if content.is_empty() {
            break;
        }
        let (key, value) = content.split_once(':')?;
        let key_ok = key.len() <= 30
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '_'));
        if !key_ok {
            return None;
        }
        headers.push((
            key.trim().to_ascii_lowercase().replace(['-', '_'], " "),
            value.trim().to_string(),
        ));
    }
    if !headers
        .iter()
        .any(|(k, _)| TEXT_HEADER_KEYS.contains(&k.as_str()))
    {
        return None;
    }
    // Skip further blank lines before the body.
    for line in lines {
        if !line.trim().is_empty() {
            break;
        }
        offset += line.len();
    }
    Some((headers, offset))
}

/// The first line of a plain-text body when it looks like a headline: at most 150 chars and 20
/// words, with a letter, not starting lower case or with `By `, not ending like a sentence
/// (`!` `?` `,` `;` `:`, also before a closing quote, or `.` unless the line is all upper case
/// or ends with an abbreviation like `U.S.` or `Inc.`), not a dateline, and followed by a blank
/// line and more text.
fn headline_line(body: &str) -> Option<String> {
    let mut lines = body.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim();
    let blank_after = lines.next().is_some_and(|l| l.trim().is_empty());
    let more_text = lines.any(|l| !l.trim().is_empty());
    if !blank_after || !more_text {
        return None;
    }
    if first.chars().count() > 150 || first.split_whitespace().count() > 20 {
        return None;
    }
    let first_letter = first.chars().find(|c| c.is_alphabetic())?;
    if first_letter.is_lowercase() || first.starts_with("By ") {
        return None;
    }
    let end = first.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    if end.ends_with(['!', '?', ',', ';', ':']) {
        return None;
    }
    if end.ends_with('.') && !(is_upper_case(first) || ends_with_abbreviation(end)) {
        return None;
    }
    if dates::dateline_date(first, Some(2000)).is_some() {
        return None;
    }
    clean_line(first)
}

/// Whether every letter of `line` (at least two) is upper case, as in wire headlines.
fn is_upper_case(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Abbreviations a headline may end with.
const ABBREVIATIONS: &[&str] = &[
    "inc.", "corp.", "co.", "ltd.", "plc.", "jr.", "sr.", "bros.", "st.",
];

/// Whether the last word of `line` (which ends in `.`) is an abbreviation: `U.S.`, `Inc.`.
fn ends_with_abbreviation(line: &str) -> bool {
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("");
    let inner = &last[..last.len().saturating_sub(1)];
    inner.contains('.') || ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// A `.md` file: optional YAML front matter, then the body.
fn parse_markdown(ctx: &Context<'_>, text: String) -> crate::Result<FileArticles> {
    let has_front_matter = text
        .split('\n')
        .next()
        .is_some_and(|l| l.trim_end() == "---");
    let (data, body) = if has_front_matter {
        let parsed = gray_matter::Matter::<gray_matter::engine::YAML>::new()
            .parse::<Value>(&text)
            .map_err(|e| parse_error(ctx.path, None, format!("invalid YAML front matter: {e}")))?;
        (parsed.data, parsed.content)
    } else {
        (None, text)
    };
    let mut meta = match data {
        Some(Value::Object(map)) => Fields::new(&map).meta(),
        _ => Meta::default(),
    };
    if meta.title.is_none() {
        meta.title = body
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .and_then(|h| clean_line(h.trim_end_matches('#')));
    }
    ctx.single(strip_headings(&body), meta)
}

/// A Markdown body with its heading markup gone, so that the body is text: `## Heading ##`
/// becomes `Heading`, the `===` or `---` line under a heading goes (its line stays, empty).
/// Lines inside ``` or ~~~ fences are kept as they are. Every other byte stays where it was
/// relative to its line, so the body keeps its lines.
fn strip_headings(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fenced = false;
    let mut previous_text = false;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let newline = &line[content.len()..];
        let indented = content.len() - content.trim_start_matches(' ').len();
        let trimmed = content.trim();
        if indented < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fenced = !fenced;
        }
        if fenced || indented >= 4 {
            out.push_str(line);
            previous_text = !trimmed.is_empty();
            continue;
        }
        if let Some(text) = atx_heading(trimmed) {
            out.push_str(text);
            out.push_str(newline);
            previous_text = false;
            continue;
        }
        let underline = !trimmed.is_empty()
            && (trimmed.chars().all(|c| c == '=') || trimmed.chars().all(|c| c == '-'));
        if previous_text && underline {
            out.push_str(newline);
            previous_text = false;
            continue;
        }
        out.push_str(line);
        previous_text = !trimmed.is_empty();
    }
    out
}

/// The text of an ATX heading line (`# Title`, `### Title ###`): one to six `#` then a space or
/// the end of the line; `None` for any other line.
fn atx_heading(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    // A closing run of `#` counts only after a space (`# C#` keeps its `#`).
    let closed = text.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        text
    })
}

// ---------------------------------------------------------------------------------------------
// JSON records (also used for front matter)
// ---------------------------------------------------------------------------------------------

/// Field names, normalised (lower case, letters and digits only), by what they hold, the
/// preferred name first.
const TITLE_KEYS: &[&str] = &["title", "headline"];
const BODY_KEYS: &[&str] = &[
    "body",
    "text",
    "content",
    "articlebody",
    "bodytext",
    "fulltext",
    "maintext",
    "articletext",
    "story",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "publishedat",
    "pubdate",
    "datepublished",
    "publicationdate",
    "publishdate",
    "publisheddate",
    "publishedtime",
    "publishedon",
];
const URL_KEYS: &[&str] = &["url", "link", "canonicalurl", "permalink"];
const SOURCE_KEYS: &[&str] = &["source", "publisher", "sitename", "site", "outlet"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline", "by", "creator", "writer"];
const PERSON_KEYS: &[&str] = &["persons", "people", "person"];
const ORG_KEYS: &[&str] = &[
    "organizations",
    "organisations",
    "orgs",
    "organization",
    "organisation",
];
const LOCATION_KEYS: &[&str] = &["locations", "places", "location", "place"];

/// An object's fields by normalised name (first spelling wins).
struct Fields<'a> {
    fields: Vec<(String, &'a Value)>,
}

impl<'a> Fields<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        let mut fields: Vec<(String, &Value)> = Vec::new();
        for (key, value) in map {
            let norm: String = key
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            if !fields.iter().any(|(k, _)| *k == norm) {
                fields.push((norm, value));
            }
        }
        Fields { fields }
    }

    /// The values of the first of `keys` present, in `keys` order.
    fn values(&self, keys: &[&str]) -> impl Iterator<Item = &'a Value> {
        let found: Vec<&'a Value> = keys
            .iter()
            .filter_map(|key| self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| *v))
            .collect();
        found.into_iter()
    }

    /// The first of `keys` with a non-empty text value, whitespace collapsed.
    fn line(&self, keys: &[&str]) -> Option<String> {
        self.values(keys)
            .find_map(|v| value_text(v).and_then(|s| clean_line(&s)))
    }

    /// The article text: a string, or a list of strings (paragraphs joined by a blank line).
    fn body(&self) -> Option<String> {
        self.values(BODY_KEYS).find_map(|v| {
            let text = match v {
                Value::String(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
                Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                _ => return None,
            };
            (!text.trim().is_empty()).then_some(text)
        })
    }

    /// The record's `id`, a string or a number.
    fn id(&self) -> Option<String> {
        self.values(&["id"]).find_map(|v| match v {
            Value::String(s) => clean_line(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    /// Names from the first of `keys`: a string, an object with `name`, or a list of those.
    fn names(&self, keys: &[&str], split: bool) -> Vec<String> {
        let mut out = Vec::new();
        for value in self.values(keys) {
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                match name_of(item) {
                    Some(name) if split => push_unique(&mut out, split_byline(&name)),
                    Some(name) => push_unique(&mut out, [name]),
                    None => {}
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// The metadata these fields hold.
    fn meta(&self) -> Meta {
        Meta {
            title: self.line(TITLE_KEYS),
            published: self.values(DATE_KEYS).find_map(value_date),
            source: self
                .values(SOURCE_KEYS)
                .find_map(|v| name_of(v).and_then(|s| clean_line(&s))),
            authors: self.names(AUTHOR_KEYS, true),
            url: self.line(URL_KEYS),
            given: GivenEntities {
                persons: self.names(PERSON_KEYS, false),
                organizations: self.names(ORG_KEYS, false),
                locations: self.names(LOCATION_KEYS, false),
            },
        }
    }
}

/// A string or number as text.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A name: a string, or an object's `name` (or `title`) field.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => {
            let fields = Fields::new(map);
            fields.line(&["name", "title", "text"])
        }
        _ => None,
    }
}

/// A date value: a string [`dates::parse_metadata_date`] understands, or a Unix time as an
/// integer (seconds from 100000000, i.e. 1973, milliseconds from 100000000000).
fn value_date(value: &Value) -> Option<Timestamp> {
    match value {
        Value::String(s) => dates::parse_metadata_date(s),
        Value::Number(n) => {
            let n = n.as_i64()?;
            if n >= 100_000_000_000 {
                Timestamp::from_millisecond(n).ok()
            } else if n >= 100_000_000 {
                Timestamp::from_second(n).ok()
            } else {
                None
            }
        }
        _ => None,
    }
}

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
fn parse_json(ctx: &Context<'_>, text: &str) -> crate::Result<FileArticles> {
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
    Ok(out)
}

/// A `.jsonl`/`.ndjson` file: one record a line. Bad lines are problems, each an
/// [`Error::ParseFile`] with its line (malformed JSON, not an object) or, for a record without
/// article text, an [`Error::SkipFile`] with its line; when
/// no line at all is JSON, the whole file is an error (the first line's).
fn parse_json_lines(ctx: &Context<'_>, text: &str) -> crate::Result<FileArticles> {
    let mut out = FileArticles::default();
    let mut any_json = false;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(e) => {
                out.problems
                    .push(parse_error(ctx.path, Some(number), json_reason(&e)));
                continue;
            }
        };
        any_json = true;
        let Value::Object(map) = value else {
            out.problems.push(parse_error(
                ctx.path,
                Some(number),
                "expected a JSON object",
            ));
            continue;
        };
        let fields = Fields::new(&map);
        let Some(body) = fields.body() else {
            out.problems.push(Error::SkipFile {
                path: ctx.path.to_path_buf(),
                line: Some(number),
                reason: NO_TEXT.into(),
            });
            continue;
        };
        let id = match fields.id() {
            Some(id) => format!("{}#{id}", ctx.id),
            None => format!("{}:{number}", ctx.id),
        };
        out.articles
            .push(ctx.article(id, Some(number), body, fields.meta()));
    }
    if !any_json && !out.problems.is_empty() {
        return Err(out.problems.swap_remove(0));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

/// An `.html` page: Readability's main text, and metadata from `<meta>`, `<link
/// rel=canonical>`, `<time>` and JSON-LD.
fn parse_html(ctx: &Context<'_>, html: &str) -> crate::Result<FileArticles> {
    let no_article = || skip(ctx.path, "no article text in HTML");
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    // Parsing HTML (html5ever) and Readability both take time growing with the square of
    // the nesting depth; no real page nests hundreds of levels deep, so such a file is skipped
    // rather than parsed for minutes. A cheap scan of the tags first, then the real tree.
    if tag_depth_estimate(html) > 4 * MAX_HTML_DEPTH {
        return Err(too_deep(ctx.path));
    }
    let mut readability =
        dom_smoothie::Readability::new(html, None, Some(config)).map_err(|_| no_article())?;

    // Iterative, so a deep tree cannot overflow the stack. (The node type is `dom_query`'s,
    // which is not named here to avoid a direct dependency.)
    let mut depth = 0;
    let mut stack = vec![(readability.doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        depth = depth.max(d);
        if depth > MAX_HTML_DEPTH {
            return Err(too_deep(ctx.path));
        }
        stack.extend(node.children_it(false).map(|child| (child, d + 1)));
    }

    // Read the head before `parse` rewrites the document.
    let mut metas: Vec<(String, String)> = Vec::new();
    for node in readability.doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        for attr in ["property", "name", "itemprop"] {
            if let Some(key) = node.attr(attr) {
                metas.push((key.trim().to_ascii_lowercase(), content.trim().to_string()));
            }
        }
    }
    let meta_value = |key: &str| {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let canonical = readability
        .doc
        .select("link")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("rel").is_some_and(|rel| {
                rel.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|n| n.attr("href"))
        .map(|href| href.to_string());
    let time_published = readability
        .doc
        .select("time")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("pubdate").is_some()
                || n.attr("itemprop")
                    .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
        })
        .and_then(|n| n.attr("datetime"))
        .map(|d| d.to_string());

    let parsed = readability.parse().map_err(|_| no_article())?;
    let body = tidy_html_text(&parsed.text_content);
    if body.is_empty() {
        return Err(no_article());
    }

    let date_candidates = [
        meta_value("article:published_time"),
        parsed.published_time.clone(),
        meta_value("datepublished"),
        meta_value("date"),
        meta_value("pubdate"),
        meta_value("publish-date"),
        meta_value("dc.date"),
        meta_value("dc.date.issued"),
        meta_value("dcterms.date"),
        time_published,
    ];
    let published = date_candidates
        .iter()
        .flatten()
        .find_map(|d| dates::parse_metadata_date(d));
    let byline = parsed.byline.clone().or_else(|| meta_value("author"));
    let mut authors = Vec::new();
    if let Some(byline) = byline {
        push_unique(&mut authors, split_byline(&byline));
    }
    let meta = Meta {
        title: clean_line(&parsed.title).or_else(|| meta_value("og:title")),
        published,
        source: parsed
            .site_name
            .as_deref()
            .and_then(clean_line)
            .or_else(|| meta_value("og:site_name")),
        authors,
        url: meta_value("og:url")
            .or(canonical)
            .or_else(|| parsed.url.as_deref().and_then(clean_line)),
        given: GivenEntities::default(),
    };
    ctx.single(body, meta)
}

/// The deepest element nesting an HTML page may have.
const MAX_HTML_DEPTH: usize = 512;

/// The skip for a page nested deeper than [`MAX_HTML_DEPTH`].
fn too_deep(path: &Path) -> Error {
    skip(
        path,
        format!("HTML nested too deeply (over {MAX_HTML_DEPTH} levels)"),
    )
}

/// Elements that need no end tag, or whose end tag is often left out: not counted by
/// [`tag_depth_estimate`].
const UNCOUNTED_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
];

/// A rough upper bound of the element nesting of `html` from its tags alone (start tags add
/// one, end tags take one away), in one pass over the bytes.
fn tag_depth_estimate(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if len == 0 {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if UNCOUNTED_TAGS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Readability's formatted text, tidied: lines trimmed at the end, at most one blank line
/// between paragraphs, no leading or trailing blank lines.
fn tidy_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(name: &str, text: &str) -> crate::Result<FileArticles> {
        parse_bytes(Path::new(name), text.as_bytes())
    }

    fn one(name: &str, text: &str) -> Article {
        let mut file = parse(name, text).unwrap();
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.articles.len(), 1);
        file.articles.remove(0)
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn reason(err: &Error) -> String {
        match err {
            Error::SkipFile { reason, .. } | Error::ParseFile { reason, .. } => reason.clone(),
            other => panic!("unexpected error {other:?}"),
        }
    }

    const SAMPLE: &str = "The US military has sent a letter to the Iraqi defense ministry, seemingly indicating that it was preparing to pull troops out of the country and reposition forces over the next days and weeks.\n\nThe head of the US military's Task Force Iraq, Brigadier General William Seely, sent a letter.\n";

    #[test]
    fn format_of_extensions() {
        assert_eq!(Format::of(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("b.ndjson")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("b.htm")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("b.pdf")), None);
        assert_eq!(Format::of(Path::new("README")), None);
    }

    #[test]
    fn text_sample_has_no_title_and_no_date() {
        let a = one("corpus/us-forces-iraq-letter.txt", SAMPLE);
        assert_eq!(a.id, "corpus/us-forces-iraq-letter.txt");
        assert_eq!(a.format, Format::Text);
        assert_eq!(a.title, None);
        assert_eq!(a.body, SAMPLE);
        assert_eq!(a.published, None);
        assert_eq!(a.published_source, None);
        assert_eq!(a.line, None);
    }

    #[test]
    fn text_headline_and_dateline() {
        let text = "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers continued throughout the week in\nthe Bahia cocoa zone.\n";
        let a = one("1987-02-26-bahia-cocoa-review.txt", text);
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(a.body, text, "the title line stays in the body");
        assert_eq!(a.published, Some(ts("1987-02-26T00:00:00Z")));
        assert_eq!(a.published_source, Some(DateSource::Dateline));
    }

    #[test]
    fn text_dateline_without_year_hint_has_no_date() {
        let a = one(
            "bahia.txt",
            "BAHIA COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers.\n",
        );
        assert_eq!(a.published, None);
    }

    #[test]
    fn text_date_from_file_name() {
        let a = one("news/2020-01-06-iraq-letter.txt", SAMPLE);
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
        assert_eq!(a.published_source, Some(DateSource::Filename));
    }

    #[test]
    fn text_header_block() {
        let text = "Title: Bahia cocoa review\nDate: 26-FEB-1987 15:01:01.79\nSource: Reuters\nURL: https://example.org/1\nBy: Jane Doe and John Roe\n\n\nSALVADOR, Feb 26 - Showers continued.\n";
        let a = one("2001-01-01-x.txt", text);
        assert_eq!(a.title.as_deref(), Some("Bahia cocoa review"));
        assert_eq!(a.body, "SALVADOR, Feb 26 - Showers continued.\n");
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.published_source, Some(DateSource::Metadata));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
    }

    #[test]
    fn text_header_keys_are_case_insensitive() {
        let a = one(
            "x.txt",
            "HEADLINE: Rates rise\npublished: 2020-01-06\n\nBody text here.\n",
        );
        assert_eq!(a.title.as_deref(), Some("Rates rise"));
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
        assert_eq!(a.body, "Body text here.\n");
    }

    #[test]
    fn text_without_known_header_keys_is_all_body() {
        let text = "Note: this is not a header\n\nBody.\n";
        let a = one("x.txt", text);
        assert_eq!(a.body, text);
        let text = "Title: unfinished header block\nno blank line\n";
        assert_eq!(one("x.txt", text).body, text);
    }

    #[test]
    fn text_headline_rules() {
        let title = |t: &str| one("x.txt", t).title;
        assert_eq!(
            title("Iraq letter: what it says\n\nBody.\n").as_deref(),
            Some("Iraq letter: what it says")
        );
        assert_eq!(title("Only one line\n"), None);
        assert_eq!(title("Ends like a sentence.\n\nBody.\n"), None);
        assert_eq!(
            title("PORT SUBSIDY TO END JULY 1 - MINISTER\n\nBody.\n").as_deref(),
            Some("PORT SUBSIDY TO END JULY 1 - MINISTER")
        );
        assert_eq!(
            title("TAIWAN TO SEEK HIGHER TEXTILE EXPORTS TO U.S.\n\nBody.\n").as_deref(),
            Some("TAIWAN TO SEEK HIGHER TEXTILE EXPORTS TO U.S.")
        );
        assert_eq!(
            title("Taiwan to seek more exports to U.S.\n\nBody.\n").as_deref(),
            Some("Taiwan to seek more exports to U.S.")
        );
        assert_eq!(
            title("Shares of Acme Inc.\n\nBody.\n").as_deref(),
            Some("Shares of Acme Inc.")
        );
        assert_eq!(title("He said \"no.\"\n\nBody.\n"), None);
        assert_eq!(title("no capital here\n\nBody.\n"), None);
        assert_eq!(title("Wrapped paragraph line\nwith more text\n"), None);
        assert_eq!(
            title("BRUSSELS 1996-08-22\n\nThe European Commission said.\n"),
            None
        );
        assert_eq!(title("WASHINGTON, Jan 6 -\n\nThe US said.\n"), None);
        let long = "Word ".repeat(21);
        assert_eq!(title(&format!("{long}\n\nBody.\n")), None);
    }

    #[test]
    fn text_crlf_and_bom() {
        let a = parse_bytes(
            Path::new("x.txt"),
            b"\xEF\xBB\xBFHeadline here\r\n\r\nBody one.\r\nBody two.\r\n",
        )
        .unwrap();
        let a = &a.articles[0];
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.body, "Headline here\n\nBody one.\nBody two.\n");
    }

    #[test]
    fn text_latin1_and_windows_1252() {
        let bytes = b"Caf\xe9 society in S\xe3o Paulo\n\n\x93Quoted,\x94 said Jos\xe9 Mar\xeda Aznar \x96 the former premier \x85 in a long enough sentence for detection.\n";
        let a = &parse_bytes(Path::new("x.txt"), bytes).unwrap().articles[0];
        assert_eq!(a.title.as_deref(), Some("Café society in São Paulo"));
        assert!(
            a.body
                .contains("“Quoted,” said José María Aznar – the former premier …"),
            "{}",
            a.body
        );
    }

    #[test]
    fn text_utf16_with_bom() {
        let text = "Headline\n\nBody with é.\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            parse_bytes(Path::new("x.txt"), &le).unwrap().articles[0].body,
            text
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            parse_bytes(Path::new("x.txt"), &be).unwrap().articles[0].body,
            text
        );
    }

    #[test]
    fn binary_and_empty_files_are_skipped() {
        let err = parse_bytes(Path::new("x.txt"), b"abc\0def").unwrap_err();
        assert_eq!(reason(&err), "binary file (NUL bytes)");
        let err = parse_bytes(Path::new("x.json"), b"\x01\x02\x03\x04abc\x05\x06").unwrap_err();
        assert_eq!(reason(&err), "binary file (control characters)");
        let err = parse_bytes(Path::new("x.txt"), b"").unwrap_err();
        assert_eq!(reason(&err), "empty file");
        let err = parse_bytes(Path::new("x.md"), b"  \n\n ").unwrap_err();
        assert_eq!(reason(&err), "no article text");
        let err = parse_bytes(Path::new("x.pdf"), b"%PDF").unwrap_err();
        assert_eq!(reason(&err), UNSUPPORTED);
    }

    #[test]
    fn markdown_front_matter() {
        let text = "---\ntitle: \"Bahia cocoa review\"\ndate: 1987-02-26T15:01:01Z\nsource: Reuters\nurl: https://example.org/1\nauthors:\n  - Jane Doe\n  - name: John Roe\npersons: [Comissaria Smith]\norganizations:\n  - Comissaria Smith\nlocations: Bahia\n---\n\nSALVADOR, Feb 26 - Showers continued.\n";
        let a = one("x.md", text);
        assert_eq!(a.format, Format::Markdown);
        assert_eq!(a.title.as_deref(), Some("Bahia cocoa review"));
        assert_eq!(a.body, "SALVADOR, Feb 26 - Showers continued.");
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.published_source, Some(DateSource::Metadata));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(a.given.persons, ["Comissaria Smith"]);
        assert_eq!(a.given.organizations, ["Comissaria Smith"]);
        assert_eq!(a.given.locations, ["Bahia"]);
    }

    #[test]
    fn markdown_heading_title_and_no_front_matter() {
        let text = "Intro line\n\n# Cocoa review #\n\nSALVADOR, Feb 26 - Text.\n";
        let a = one("1987-03-01-x.md", text);
        assert_eq!(a.title.as_deref(), Some("Cocoa review"));
        assert_eq!(
            a.body,
            "Intro line\n\nCocoa review\n\nSALVADOR, Feb 26 - Text.\n"
        );
        assert_eq!(a.published, Some(ts("1987-02-26T00:00:00Z")));
        assert_eq!(a.published_source, Some(DateSource::Dateline));
    }

    // Snippets showed `# ` heading markers: a Markdown body is text.
    #[test]
    fn markdown_body_loses_heading_markup_but_keeps_its_lines() {
        let text = "# Title\n\n## Part two ##\nIssue #5 of C#\n###### six\n####### seven\n#nospace\n\nSetext\n======\nSub\n---\n\n```\n# a comment\n```\n    # indented code\n  ### Indented C# ##\n#\n";
        let a = one("x.md", text);
        assert_eq!(
            a.body,
            "Title\n\nPart two\nIssue #5 of C#\nsix\n####### seven\n#nospace\n\nSetext\n\nSub\n\n\n```\n# a comment\n```\n    # indented code\nIndented C#\n\n"
        );
        assert_eq!(a.title.as_deref(), Some("Title"));
    }

    #[test]
    fn markdown_bad_front_matter_is_a_parse_error() {
        let err = parse("x.md", "---\ntitle: [unclosed\n---\nBody\n").unwrap_err();
        assert!(matches!(err, Error::ParseFile { .. }), "{err:?}");
        assert!(
            reason(&err).starts_with("invalid YAML front matter"),
            "{err}"
        );
    }

    #[test]
    fn markdown_front_matter_without_body() {
        let err = parse("x.md", "---\ntitle: Only a title\n---\n").unwrap_err();
        assert_eq!(reason(&err), "no article text");
    }

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

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>BAHIA COCOA REVIEW | Reuters archive</title>
<meta property="og:title" content="BAHIA COCOA REVIEW">
<meta property="og:site_name" content="Reuters">
<meta property="article:published_time" content="1987-02-26T15:01:01Z">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.org/reuters/1">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/markets">Markets</a></nav></header>
<main><article><h1>BAHIA COCOA REVIEW</h1>
<p>SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone,
alleviating the drought since early January.</p>
<p>The dry period means the temporao will be late this year.</p>
</article></main>
<footer><p>Copyright 1987 Reuters.</p></footer>
</body></html>"#;

    #[test]
    fn html_page() {
        let a = one("x.html", PAGE);
        assert_eq!(a.format, Format::Html);
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert!(
            a.body.starts_with("SALVADOR, Feb 26 - Showers continued"),
            "{}",
            a.body
        );
        assert!(
            a.body.contains("early January.\n\nThe dry period"),
            "{}",
            a.body
        );
        assert!(
            !a.body.contains("Markets") && !a.body.contains("Copyright"),
            "{}",
            a.body
        );
        assert_eq!(a.published, Some(ts("1987-02-26T15:01:01Z")));
        assert_eq!(a.published_source, Some(DateSource::Metadata));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.url.as_deref(), Some("https://example.org/reuters/1"));
    }

    #[test]
    fn html_meta_date_and_json_ld() {
        let page = r#"<html><head><meta name="DATE" content="2020-01-06">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Letter to Iraq","author":{"@type":"Person","name":"A Writer"}}</script>
</head><body><article><p>The US military has sent a letter to the Iraqi defense ministry.</p></article></body></html>"#;
        let a = one("x.htm", page);
        assert_eq!(a.title.as_deref(), Some("Letter to Iraq"));
        assert_eq!(a.authors, ["A Writer"]);
        assert_eq!(a.published, Some(ts("2020-01-06T00:00:00Z")));
    }

    #[test]
    fn html_without_text_is_skipped() {
        let err = parse(
            "x.html",
            "<html><head><title>x</title></head><body></body></html>",
        )
        .unwrap_err();
        assert_eq!(reason(&err), "no article text in HTML");
    }

    /// Parse time grows with the square of the nesting depth: 20,000 nested `<div>`s took
    /// over a minute and a half.
    #[test]
    fn html_nested_too_deeply_is_skipped() {
        let page = format!(
            "<html><body>{}<p>text</p></body></html>",
            "<div>".repeat(5000)
        );
        let err = parse("x.html", &page).unwrap_err();
        assert!(reason(&err).starts_with("HTML nested too deeply"), "{err}");
        let page = format!(
            "<html><body>{}<p>Some text in a paragraph.</p></body></html>",
            "<div>".repeat(100)
        );
        assert_eq!(parse("x.html", &page).unwrap().articles.len(), 1);
    }

    #[test]
    fn html_windows_1252() {
        let bytes = b"<html><body><article><p>Jos\xe9 Mar\xeda said \x93no\x94 in S\xe3o Paulo on Tuesday, reporters were told.</p></article></body></html>";
        let a = &parse_bytes(Path::new("x.html"), bytes).unwrap().articles[0];
        assert!(
            a.body.contains("José María said “no” in São Paulo"),
            "{}",
            a.body
        );
    }

    #[test]
    fn read_file_limits() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "x".repeat(100)).unwrap();
        let err = read_file(&big, &ReadOptions { max_file_bytes: 10 }).unwrap_err();
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
        "txt", "md", "json", "jsonl", "ndjson", "html", "htm", "text", "markdown", "bin",
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
