//! The XML formats (RSS 2.0, RSS 1.0, Atom, NITF, NewsML-G2) through `article::parse_bytes`.
//! Raw bytes reach the XML reader's error paths; the structured input puts arbitrary titles,
//! dates, links and bodies (markup, entities, CDATA, an encoding in the prolog) inside a real
//! document of each kind, so the fuzzer spends its time in each format's item reader rather
//! than on the root element (the strings go in unescaped, so they can open and close elements
//! too). Parsing may fail with an error, never panic, and an item is an article only with text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Kind {
    Rss,
    Rdf,
    Atom,
    Nitf,
    NewsMl,
}

#[derive(Debug, Arbitrary)]
struct Item<'a> {
    title: &'a str,
    date: &'a str,
    link: &'a str,
    body: &'a str,
    /// The body inside CDATA (RSS, Atom) rather than escaped by the fuzzer's own bytes.
    cdata: bool,
}

#[derive(Debug, Arbitrary)]
enum Input<'a> {
    /// Any bytes as a `.xml`, `.rss` or `.atom` file.
    Raw { extension: u8, bytes: &'a [u8] },
    /// A document of one kind with these items, cut after `cut` bytes when set.
    Shaped {
        kind: Kind,
        encoding: Option<&'a str>,
        items: Vec<Item<'a>>,
        cut: Option<u16>,
    },
}

fn body(item: &Item<'_>) -> String {
    if item.cdata {
        format!("<![CDATA[{}]]>", item.body)
    } else {
        item.body.to_owned()
    }
}

fn document(kind: &Kind, encoding: Option<&str>, items: &[Item<'_>]) -> String {
    let mut xml = match encoding {
        Some(e) => format!("<?xml version=\"1.0\" encoding=\"{e}\"?>\n"),
        None => String::from("<?xml version=\"1.0\"?>\n"),
    };
    match kind {
        Kind::Rss => {
            xml.push_str("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Feed</title>");
            for i in items {
                xml.push_str(&format!(
                    "<item><title>{}</title><link>{}</link><pubDate>{}</pubDate><dc:creator>{}</dc:creator><description>{}</description></item>",
                    i.title, i.link, i.date, i.title, body(i)
                ));
            }
            xml.push_str("</channel></rss>");
        }
        Kind::Rdf => {
            xml.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Feed</title></channel>");
            for i in items {
                xml.push_str(&format!(
                    "<item rdf:about=\"{}\"><title>{}</title><dc:date>{}</dc:date><description>{}</description></item>",
                    i.link, i.title, i.date, body(i)
                ));
            }
            xml.push_str("</rdf:RDF>");
        }
        Kind::Atom => {
            xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Feed</title>");
            for i in items {
                xml.push_str(&format!(
                    "<entry><title type=\"html\">{}</title><link href=\"{}\"/><published>{}</published><author><name>{}</name></author><content type=\"html\">{}</content></entry>",
                    i.title, i.link, i.date, i.title, body(i)
                ));
            }
            xml.push_str("</feed>");
        }
        Kind::Nitf => {
            // One article a file: the first item, if any.
            let none = Item {
                title: "",
                date: "",
                link: "",
                body: "",
                cdata: false,
            };
            let i = items.first().unwrap_or(&none);
            xml.push_str(&format!(
                "<nitf><head><title>{}</title><docdata><date.issue norm=\"{}\"/></docdata></head><body><body.head><hedline><hl1>{}</hl1></hedline><byline>{}</byline></body.head><body.content><p>{}</p></body.content></body></nitf>",
                i.title, i.date, i.title, i.link, i.body,
            ));
        }
        Kind::NewsMl => {
            xml.push_str("<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemSet>");
            for i in items {
                xml.push_str(&format!(
                    "<newsItem guid=\"{}\"><itemMeta><versionCreated>{}</versionCreated></itemMeta><contentMeta><headline>{}</headline></contentMeta><contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>{}</p></body></html></inlineXML></contentSet></newsItem>",
                    i.link, i.date, i.title, i.body
                ));
            }
            xml.push_str("</itemSet></newsMessage>");
        }
    }
    xml
}

fn check(path: &str, bytes: &[u8]) {
    let Ok(parsed) = newsidx::article::parse_bytes(Path::new(path), bytes) else {
        return;
    };
    for article in &parsed.articles {
        assert!(!article.body.trim().is_empty(), "{article:?}");
    }
}

fuzz_target!(|input: Input<'_>| {
    match input {
        Input::Raw { extension, bytes } => {
            let ext = ["xml", "rss", "atom"][usize::from(extension) % 3];
            check(&format!("fuzz/feed.{ext}"), bytes);
        }
        Input::Shaped {
            kind,
            encoding,
            items,
            cut,
        } => {
            let xml = document(&kind, encoding, &items);
            let bytes = xml.as_bytes();
            let bytes = match cut {
                Some(n) => &bytes[..usize::from(n).min(bytes.len())],
                None => bytes,
            };
            check("fuzz/feed.xml", bytes);
        }
    }
});
