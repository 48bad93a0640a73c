//! XML news formats (`.xml`, `.rss`, `.atom`): which one a file is, by its root element, not its
//! extension; and the articles of each. RSS 2.0 (and RSS 1.0's `rdf:RDF`): each `<item>`;
//! Atom: each `<entry>`; NITF 3.x (`<nitf>`): the document; NewsML-G2: a `newsItem`, or each
//! `newsItem` of a `newsMessage`. An XML file of another kind is left out as a file of another
//! type, not an error.
//!
//! The document is read by quick-xml into a small tree of elements (names as written, so
//! `content:encoded` and `dc:creator` keep their prefixes), tolerant of damage: at a syntax
//! error the elements closed before it are kept, so the well-formed items before a broken one
//! become articles, and the error is reported with its line. HTML inside a feed (an item's
//! `description`, an entry's `content type="html"`) becomes text through dom_query, the HTML
//! parser the page reader already uses. The text is decoded by the encoding the XML prolog
//! declares (`<?xml version="1.0" encoding="ISO-8859-1"?>`), else as any text is.

use quick_xml::events::Event;

use super::context::Context;
use super::meta::{Meta, clean_line, push_unique, split_byline};
use super::problems::{NO_TEXT, parse_error, skip};
use super::{FileArticles, decode};
use crate::dates;

/// An element: its name as written, attributes, its own text and its children, in order.
#[derive(Debug, Default)]
pub(super) struct Node {
    pub(super) name: String,
    attrs: Vec<(String, String)>,
    /// The text directly inside, CDATA included, entities resolved.
    text: String,
    children: Vec<Node>,
    /// Whether its end tag was read (an element open at a syntax error is not).
    closed: bool,
}

impl Node {
    /// The name without its prefix.
    fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The first child named `name` (as written, or by local name when `name` has no prefix).
    fn child(&self, name: &str) -> Option<&Node> {
        self.children
            .iter()
            .find(|c| c.name == name || (!name.contains(':') && c.local() == name))
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name == name || (!name.contains(':') && c.local() == name))
    }

    /// The children named `name` whose end tag was read: the items of a damaged feed that
    /// are whole.
    fn whole<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children(name).filter(|c| c.closed)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name || k.rsplit(':').next() == Some(name))
            .map(|(_, v)| v.as_str())
    }

    /// All the text inside, in document order; block elements end with a line break.
    fn all_text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        out.push_str(&self.text);
        for c in &self.children {
            c.collect_text(out);
            if matches!(
                c.local(),
                "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "block"
            ) {
                out.push('\n');
            }
        }
    }

    /// Every element below named `name` (by local name), in document order, that is whole.
    fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for c in &self.children {
            if c.local() == name && c.closed {
                out.push(c);
            } else {
                c.descendants(name, out);
            }
        }
    }

    /// The first element below, at any depth, named `name` (by local name).
    fn find(&self, name: &str) -> Option<&Node> {
        self.children.iter().find_map(|c| {
            if c.local() == name {
                Some(c)
            } else {
                c.find(name)
            }
        })
    }

    /// The child's text, trimmed; `None` when absent or empty.
    fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).and_then(|c| clean_line(&c.all_text()))
    }
}

/// A document read as far as it is well formed: the root element (with what was closed before
/// any damage) and the damage, as (line, message).
pub(super) struct Document {
    pub(super) root: Option<Node>,
    pub(super) damage: Option<(usize, String)>,
}

/// Reads `text` into a [`Document`].
pub(super) fn read(text: &str) -> Document {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    // Counted in bytes: a position quick-xml gives can fall inside a character (a BOM it
    // skipped, a bad byte sequence).
    let line_at = |pos: u64| {
        let end = (pos as usize).min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let damage = loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => break Some((line_at(reader.error_position()), e.to_string())),
        };
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                let _ = e;
                break Some((
                    line_at(reader.buffer_position()),
                    "a second root element".into(),
                ));
            }
            Event::Start(e) => stack.push(start(&e)),
            Event::Empty(e) => {
                let mut node = start(&e);
                node.closed = true;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let Some(mut node) = stack.pop() else {
                    continue;
                };
                node.closed = true;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(e) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&e.xml10_content());
                }
            }
            Event::CData(e) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&e.xml10_content());
                }
            }
            Event::GeneralRef(e) => {
                if let Some(node) = stack.last_mut() {
                    let name = e.xml10_content();
                    match e.resolve_char_ref() {
                        Ok(Some(c)) => node.text.push(c),
                        _ => match quick_xml::escape::resolve_predefined_entity(&name)
                            .or_else(|| quick_xml::escape::resolve_html5_entity(&name))
                        {
                            Some(s) => node.text.push_str(s),
                            None => {
                                node.text.push('&');
                                node.text.push_str(&name);
                                node.text.push(';');
                            }
                        },
                    }
                }
            }
            Event::Eof => {
                break (!stack.is_empty()).then(|| {
                    (
                        line_at(text.len() as u64),
                        format!("the document ends inside <{}>", stack[stack.len() - 1].name),
                    )
                });
            }
            _ => {}
        }
    };
    // Elements open at the damage stay in the tree, marked open, with what they closed.
    while let Some(node) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => root = root.or(Some(node)),
        }
    }
    Document { root, damage }
}

fn start(e: &quick_xml::events::BytesStart<'_>) -> Node {
    let name = e.name().as_ref().to_owned();
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned());
            (key, value)
        })
        .collect();
    Node {
        name,
        attrs,
        ..Node::default()
    }
}

/// The text of the bytes of an XML file: by its BOM, else by the encoding its prolog declares,
/// else as any text file is decoded.
pub(super) fn decode_xml(bytes: &[u8]) -> Result<String, &'static str> {
    let head = &bytes[..bytes.len().min(200)];
    let declared = std::str::from_utf8(head)
        .ok()
        .or_else(|| std::str::from_utf8(&head[..head.len() - 1]).ok())
        .and_then(|h| {
            let decl = h.strip_prefix('\u{feff}').unwrap_or(h);
            let decl = decl.trim_start().strip_prefix("<?xml")?;
            let end = decl.find("?>")?;
            let at = decl[..end].find("encoding")?;
            let rest = decl[at + "encoding".len()..]
                .trim_start()
                .strip_prefix('=')?;
            let rest = rest.trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = &rest[1..];
            Some(value[..value.find(quote)?].to_owned())
        });
    match declared.and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes())) {
        Some(encoding)
            if encoding != encoding_rs::UTF_8 && !bytes.starts_with(&[0xEF, 0xBB, 0xBF]) =>
        {
            let (text, _, _) = encoding.decode(bytes);
            if text.trim().is_empty() {
                return Err("empty file");
            }
            Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
        }
        _ => decode::text(bytes),
    }
}

/// HTML (a fragment) as text, paragraphs on lines of their own.
fn html_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return tidy(html);
    }
    let doc = dom_query::Document::fragment(html);
    tidy(&doc.formatted_text())
}

/// Lines trimmed, runs of blank lines made one, no blank lines at either end.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&line);
    }
    out
}

/// An XML file (`.xml`, `.rss`, `.atom`): the articles of the news format its root element
/// names.
pub(super) fn parse(ctx: &Context<'_>, text: &str) -> crate::Result<FileArticles> {
    let doc = read(text);
    let Some(root) = &doc.root else {
        let (line, message) = doc.damage.unwrap_or((1, "no element".into()));
        return Err(parse_error(
            ctx.path,
            Some(line),
            format!("malformed XML: {message}"),
        ));
    };
    let mut out = match root.local() {
        "rss" | "RDF" => rss(ctx, root),
        "feed" => atom(ctx, root),
        "nitf" => return ctx.single(nitf_body(root), nitf_meta(root)),
        "newsItem" | "newsMessage" => newsml(ctx, root),
        other => {
            return Err(skip(
                ctx.path,
                format!(
                    "XML of another kind (root <{other}>): not an RSS or Atom feed, NITF or NewsML-G2 document newsidx reads"
                ),
            ));
        }
    };
    if let Some((line, message)) = doc.damage {
        let kept = out.articles.len();
        out.problems.push(parse_error(
            ctx.path,
            Some(line),
            format!("malformed XML: {message}; the {kept} items before it were read"),
        ));
    }
    if out.articles.is_empty() && out.problems.is_empty() {
        return Err(skip(ctx.path, "a feed without items"));
    }
    Ok(out)
}

/// A date of NITF's `norm` form, ISO 8601 basic (`20200106T031500Z`, `20200106T031500+0100`,
/// `20200106`), or of any form metadata dates take.
fn norm_date(norm: &str) -> Option<jiff::Timestamp> {
    let norm = norm.trim();
    let digits = |s: &str| s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit);
    if !digits(norm) || norm.contains('-') && norm.find('-') == Some(4) {
        return dates::parse_metadata_date(norm);
    }
    let (date, rest) = norm.split_at(8);
    let mut iso = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..8]);
    if let Some(time) = rest.strip_prefix('T') {
        let (clock, zone) = time.split_at(time.find(['Z', '+', '-']).unwrap_or(time.len()));
        if clock.len() < 4 || !clock.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let seconds = if clock.len() >= 6 { &clock[4..6] } else { "00" };
        iso.push_str(&format!("T{}:{}:{seconds}", &clock[..2], &clock[2..4]));
        // `Z`, or a sign and four digits (`+0100`) or `hh:mm`; anything else is no date.
        let zone = match zone.as_bytes() {
            b"" | b"Z" => "Z".to_owned(),
            [sign @ (b'+' | b'-'), h1, h2, m1, m2]
                if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) =>
            {
                let d = |b: &u8| char::from(*b);
                format!("{}{}{}:{}{}", d(sign), d(h1), d(h2), d(m1), d(m2))
            }
            [b'+' | b'-', a, b, b':', c, d] if [a, b, c, d].iter().all(|b| b.is_ascii_digit()) => {
                zone.to_owned()
            }
            _ => return None,
        };
        iso.push_str(&zone);
    }
    dates::parse_metadata_date(&iso)
}

/// A NITF document's body: the paragraphs of `body.content`.
fn nitf_body(root: &Node) -> String {
    root.find("body.content")
        .map(|c| tidy(&c.all_text()))
        .unwrap_or_default()
}

/// A NITF document's metadata: `hedline/hl1` (else `head/title`), the byline, the date of
/// `date.issue` (else `date.release`), by their `norm`, and the source `pubdata` names.
fn nitf_meta(root: &Node) -> Meta {
    let head = root.child("head");
    let title = root
        .find("hl1")
        .and_then(|h| clean_line(&h.all_text()))
        .or_else(|| head.and_then(|h| h.child_text("title")));
    let published = ["date.issue", "date.release"].iter().find_map(|n| {
        head.and_then(|h| h.find(n))
            .and_then(|d| d.attr("norm"))
            .and_then(norm_date)
    });
    let mut meta = Meta {
        title,
        published,
        source: head
            .and_then(|h| h.child("pubdata"))
            .and_then(|p| p.attr("name"))
            .and_then(clean_line),
        ..Meta::default()
    };
    if let Some(byline) = root.find("byline").and_then(|b| clean_line(&b.all_text())) {
        push_unique(&mut meta.authors, split_byline(&byline));
    }
    meta
}

/// NewsML-G2: a `newsItem`, or the items of a `newsMessage`: the headline, the text of
/// `inlineXML` (XHTML or NITF) or `inlineData`, the creator or `by` line, and the date of
/// `contentCreated`, else `firstCreated`, else `versionCreated`. Packages and items without
/// text give no article.
fn newsml(ctx: &Context<'_>, root: &Node) -> FileArticles {
    let items: Vec<&Node> = if root.local() == "newsItem" {
        vec![root]
    } else {
        let mut items = Vec::new();
        root.descendants("newsItem", &mut items);
        items
    };
    let mut out = FileArticles::default();
    for (index, item) in items.into_iter().enumerate() {
        let content = item.find("contentSet");
        let body = content
            .and_then(|c| {
                c.find("inlineXML")
                    .map(
                        |x| match x.find("body.content").or_else(|| x.find("body")) {
                            Some(body) => tidy(&body.all_text()),
                            None => tidy(&x.all_text()),
                        },
                    )
                    .or_else(|| c.find("inlineData").map(|d| html_text(&d.all_text())))
            })
            .unwrap_or_default();
        let meta_of = |name: &str| item.find(name).and_then(|n| clean_line(&n.all_text()));
        let mut meta = Meta {
            title: meta_of("headline"),
            published: ["contentCreated", "firstCreated", "versionCreated"]
                .iter()
                .find_map(|n| meta_of(n))
                .and_then(|d| dates::parse_metadata_date(&d)),
            source: item.find("provider").and_then(|p| {
                p.child_text("name")
                    .or_else(|| p.attr("literal").map(str::to_owned))
            }),
            ..Meta::default()
        };
        if let Some(by) =
            meta_of("by").or_else(|| item.find("creator").and_then(|c| c.child_text("name")))
        {
            push_unique(&mut meta.authors, split_byline(&by));
        }
        let key = item.attr("guid").map(str::to_owned);
        item_article(ctx, &mut out, index, key, body, meta);
    }
    out
}

/// An item's or entry's article, or why it has none.
fn item_article(
    ctx: &Context<'_>,
    out: &mut FileArticles,
    index: usize,
    key: Option<String>,
    body: String,
    meta: Meta,
) {
    if body.trim().is_empty() {
        out.problems
            .push(skip(ctx.path, format!("item {}: {NO_TEXT}", index + 1)));
        return;
    }
    let id = format!(
        "{}#{}",
        ctx.id,
        key.unwrap_or_else(|| (index + 1).to_string())
    );
    out.articles.push(ctx.article(id, None, body, meta));
}

/// RSS 2.0 (`<rss><channel><item>`) and RSS 1.0 (`<rdf:RDF><item>`).
fn rss(ctx: &Context<'_>, root: &Node) -> FileArticles {
    let channel = root.child("channel");
    let source = channel.and_then(|c| c.child_text("title"));
    let items: Vec<&Node> = channel
        .into_iter()
        .flat_map(|c| c.whole("item"))
        .chain(root.whole("item"))
        .collect();
    let mut out = FileArticles::default();
    for (index, item) in items.into_iter().enumerate() {
        let html = item
            .child("content:encoded")
            .or_else(|| item.child("description"))
            .map(|n| n.all_text())
            .unwrap_or_default();
        let mut meta = Meta {
            title: item
                .child("title")
                .map(|t| html_text(&t.all_text()))
                .and_then(|t| clean_line(&t)),
            published: ["pubDate", "dc:date", "date"]
                .iter()
                .find_map(|n| item.child_text(n))
                .and_then(|d| dates::parse_metadata_date(&d)),
            source: source.clone(),
            url: item.child_text("link"),
            ..Meta::default()
        };
        for name in ["author", "dc:creator"] {
            for a in item.children(name) {
                if let Some(a) = clean_line(&a.all_text()) {
                    push_unique(&mut meta.authors, split_byline(&rss_author(&a)));
                }
            }
        }
        let key = item.child_text("guid").or_else(|| meta.url.clone());
        item_article(ctx, &mut out, index, key, html_text(&html), meta);
    }
    out
}

/// An RSS `author`: an e-mail address and the name in brackets (`desk@example.org (John
/// Smith)`) is the name; anything else as it is.
fn rss_author(author: &str) -> String {
    match author.split_once('(') {
        Some((mail, rest)) if mail.contains('@') && rest.ends_with(')') => {
            rest[..rest.len() - 1].trim().to_owned()
        }
        _ => author.to_owned(),
    }
}

/// The text of an Atom text construct: `type="html"` as HTML, `xhtml` by its elements, else
/// as it is.
fn atom_text(node: &Node) -> String {
    match node.attr("type") {
        Some("html") => html_text(&node.all_text()),
        _ => tidy(&node.all_text()),
    }
}

/// Atom (`<feed><entry>`).
fn atom(ctx: &Context<'_>, root: &Node) -> FileArticles {
    let source = root
        .child("title")
        .map(atom_text)
        .and_then(|t| clean_line(&t));
    let mut out = FileArticles::default();
    for (index, entry) in root.whole("entry").enumerate() {
        let body = entry
            .child("content")
            .or_else(|| entry.child("summary"))
            .map(atom_text)
            .unwrap_or_default();
        let link = entry
            .children("link")
            .find(|l| matches!(l.attr("rel"), None | Some("alternate")))
            .and_then(|l| l.attr("href"))
            .map(str::to_owned);
        let mut meta = Meta {
            title: entry
                .child("title")
                .map(atom_text)
                .and_then(|t| clean_line(&t)),
            published: ["published", "updated"]
                .iter()
                .find_map(|n| entry.child_text(n))
                .and_then(|d| dates::parse_metadata_date(&d)),
            source: source.clone(),
            url: link,
            ..Meta::default()
        };
        for author in entry.children("author") {
            if let Some(name) = author.child_text("name") {
                push_unique(&mut meta.authors, [name]);
            }
        }
        let key = entry.child_text("id");
        item_article(ctx, &mut out, index, key, body, meta);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::article::{Format, parse_bytes};

    fn feed(items: &[(String, String)], cut: usize) -> String {
        let mut xml = String::from("<?xml version=\"1.0\"?><rss><channel><title>T</title>");
        for (title, text) in items {
            xml.push_str(&format!(
                "<item><title>{}</title><description>{}</description></item>",
                quick_xml::escape::escape(title.as_str()),
                quick_xml::escape::escape(text.as_str())
            ));
        }
        xml.push_str("</channel></rss>");
        let cut = (0..=cut.min(xml.len()))
            .rev()
            .find(|&i| xml.is_char_boundary(i))
            .unwrap_or(0);
        xml[..cut].to_owned()
    }

    proptest! {
        /// A feed of any items, cut anywhere: no panic; whole, every item with text is an
        /// article with that text; cut, only whole items are, in order.
        #[test]
        fn any_feed_cut_anywhere(
            items in proptest::collection::vec(("\\PC{0,20}", "[a-zA-Z<>&\"' ]{0,60}"), 0..5),
            cut in 0usize..2000,
        ) {
            let whole = feed(&items, usize::MAX);
            let full = parse_bytes(Path::new("f.rss"), whole.as_bytes());
            let with_text = items.iter().filter(|(_, t)| !html_text(t).trim().is_empty()).count();
            match full {
                Ok(file) => prop_assert_eq!(file.articles.len(), with_text),
                Err(_) => prop_assert_eq!(with_text, 0),
            }
            let cut_text = feed(&items, cut);
            if let Ok(file) = parse_bytes(Path::new("f.rss"), cut_text.as_bytes()) {
                prop_assert!(file.articles.len() <= with_text);
                for a in &file.articles {
                    prop_assert!(!a.body.trim().is_empty());
                }
            }
        }
    }

    /// Found by the `feeds` fuzz target: quick-xml put an error inside the byte-order mark.
    #[test]
    fn an_error_inside_a_character_is_placed_on_its_line() {
        let doc = read("\u{feff}]&\u{fffd}\u{fffd}\u{feff}U&\u{fffd}\u{5207} \u{3f3a}");
        assert!(doc.root.is_none());
        assert_eq!(doc.damage.map(|(line, _)| line), Some(1));
    }

    #[test]
    fn nitf_norm_dates() {
        let day = |s: &str| norm_date(s).map(|t| t.to_string());
        assert_eq!(
            day("20200106T031500Z").as_deref(),
            Some("2020-01-06T03:15:00Z")
        );
        assert_eq!(
            day("20200106T041500+0100").as_deref(),
            Some("2020-01-06T03:15:00Z")
        );
        assert_eq!(day("20200106").as_deref(), Some("2020-01-06T00:00:00Z"));
        // Found by the `feeds` fuzz target: characters of several bytes where digits go.
        assert_eq!(day("2020010—'—"), None);
        assert_eq!(day("20200106T0315+1—"), None);
        assert_eq!(
            day("20200106T0315+01:00").as_deref(),
            Some("2020-01-06T02:15:00Z")
        );
        assert_eq!(day("2020-01-06").as_deref(), Some("2020-01-06T00:00:00Z"));
        assert_eq!(day("2020010"), None);
        assert_eq!(day("20200106Tab"), None);
    }

    #[test]
    fn the_root_element_decides_the_format() {
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>A</title>\
                    <content>Body text here.</content></entry></feed>";
        let file = parse_bytes(Path::new("x.xml"), atom.as_bytes()).unwrap();
        assert_eq!(file.articles[0].title.as_deref(), Some("A"));
        assert_eq!(file.articles[0].format, Format::Xml);
        let other = parse_bytes(Path::new("x.rss"), b"<html><body>x</body></html>").unwrap_err();
        assert!(other.to_string().contains("root <html>"), "{other}");
    }
}
