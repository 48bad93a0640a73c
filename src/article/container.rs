//! What is inside this bundle? Archives move news around: `.zip`, `.tar`, `.tar.gz`/`.tgz`,
//! and single files gzipped (`.jsonl.gz`, `.html.gz`). A [`Container`] is read in memory from
//! the bytes the size limit let through, and every member of a supported format is parsed as
//! that format (flate2, zip and tar do the reading); a bundle is one file to the indexer, so a
//! changed bundle re-indexes all its articles and an unchanged one is skipped whole.
//!
//! Articles of an archive member are named `archive.zip!inner/path.json` (their id, and their
//! path, which names the archive first); those of a gzipped file are named by the `.gz` file.
//! Nothing is ever written: a member named `../x.json` is just a name.
//!
//! Limits, each reported as a problem of the bundle: a member larger than the size limit
//! (`--max-file-mb`) uncompressed, by its header or as read, is skipped; reading stops once the
//! members read expand past [`MAX_RATIO`] times the bundle's size and past the size limit (a zip
//! bomb); a truncated or corrupt stream keeps the members (or, for a gzipped file, the text)
//! read before the damage.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::context::Context;
use super::problems::{parse_error, skip};
use super::{FileArticles, Format, UNSUPPORTED, decode};

/// How far the members read may expand, in all, past the bundle's own size (when they also
/// pass the size limit).
pub const MAX_RATIO: u64 = 100;

/// The bundles newsidx opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Container {
    /// One gzipped file of a supported format (`.jsonl.gz`).
    Gzip,
    /// A zip archive.
    Zip,
    /// A tar archive.
    Tar,
    /// A gzipped tar archive (`.tar.gz`, `.tgz`).
    TarGzip,
    /// A web archive (`.warc`).
    Warc,
    /// A web archive gzipped record by record (`.warc.gz`).
    WarcGzip,
}

impl Container {
    /// The bundle kind of a path by its name (case-insensitive); `None` for other files and
    /// for a `.gz` of an unsupported format.
    pub(super) fn of(path: &Path) -> Option<Container> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".warc.gz") {
            Some(Container::WarcGzip)
        } else if name.ends_with(".warc") {
            Some(Container::Warc)
        } else if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
            Some(Container::TarGzip)
        } else if name.ends_with(".tar") {
            Some(Container::Tar)
        } else if name.ends_with(".zip") {
            Some(Container::Zip)
        } else if let Some(inner) = name.strip_suffix(".gz") {
            Format::of(Path::new(inner)).map(|_| Container::Gzip)
        } else {
            None
        }
    }
}

/// Whether the bundle at `path` is read as a stream: a web archive.
pub(super) fn streams(path: &Path) -> bool {
    matches!(
        Container::of(path),
        Some(Container::Warc | Container::WarcGzip)
    )
}

/// The pages of the web archive `path` ([`streams`]) read from `file` one at a time
/// ([`super::read::stream_file`]).
pub(super) fn stream<'a>(
    path: &'a Path,
    file: impl Read + 'a,
    limit: u64,
) -> Box<dyn Iterator<Item = crate::Result<super::Article>> + 'a> {
    if Container::of(path) == Some(Container::WarcGzip) {
        Box::new(super::warc::Pages::new(
            path,
            flate2::read::MultiGzDecoder::new(file),
            limit,
        ))
    } else {
        Box::new(super::warc::Pages::new(path, file, limit))
    }
}

/// The articles of the bundle `path` whose bytes are `bytes`; members over `limit` bytes
/// uncompressed are skipped.
pub(super) fn parse(
    path: &Path,
    bytes: &[u8],
    kind: Container,
    limit: u64,
) -> crate::Result<FileArticles> {
    let mut bundle = Bundle {
        path,
        limit,
        budget: (bytes.len() as u64).saturating_mul(MAX_RATIO).max(limit),
        out: FileArticles {
            articles: Vec::new(),
            problems: Vec::new(),
        },
    };
    match kind {
        Container::Gzip => return gunzip(path, bytes, limit),
        Container::Warc => return super::warc::parse(path, bytes, limit),
        Container::WarcGzip => {
            return super::warc::parse(path, flate2::read::MultiGzDecoder::new(bytes), limit);
        }
        Container::Zip => bundle.zip(bytes),
        Container::Tar => bundle.tar(bytes),
        Container::TarGzip => bundle.tar(flate2::read::MultiGzDecoder::new(bytes)),
    }
    let out = bundle.out;
    if out.articles.is_empty() && out.problems.is_empty() {
        return Err(skip(path, "no member of an article format in the archive"));
    }
    Ok(out)
}

/// A gzipped file: its text, as the format of its name without `.gz`; a truncated stream keeps
/// the text before the damage, with a problem.
fn gunzip(path: &Path, bytes: &[u8], limit: u64) -> crate::Result<FileArticles> {
    let name = path.to_string_lossy();
    let inner = PathBuf::from(&name[..name.len() - 3]);
    let Some(format) = Format::of(&inner) else {
        return Err(skip(path, UNSUPPORTED));
    };
    let mut data = Vec::new();
    let damage = flate2::read::MultiGzDecoder::new(bytes)
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .err();
    if data.len() as u64 > limit {
        return Err(skip(
            path,
            format!("uncompressed data larger than the limit ({limit} bytes; --max-file-mb)"),
        ));
    }
    let text = decode::text(&data).map_err(|reason| match &damage {
        Some(e) => parse_error(path, None, format!("corrupt gzip stream: {e}")),
        None => skip(path, reason),
    })?;
    let mut out = format.parse(&Context::new(path, format), text)?;
    if let Some(e) = damage {
        out.problems.push(parse_error(
            path,
            None,
            format!("truncated or corrupt gzip stream: {e}; the text before it was read"),
        ));
    }
    Ok(out)
}

/// An archive being read.
struct Bundle<'a> {
    path: &'a Path,
    limit: u64,
    /// Bytes the members may still expand to.
    budget: u64,
    out: FileArticles,
}

impl Bundle<'_> {
    fn problem(&mut self, reason: String) {
        self.out.problems.push(parse_error(self.path, None, reason));
    }

    /// Reads one member of `size` bytes (by its header) from `reader`, parses it if its format
    /// is supported; `false` when reading should stop (the expansion budget is spent).
    fn member(&mut self, name: &str, size: u64, reader: &mut dyn Read) -> bool {
        let virtual_path = PathBuf::from(format!("{}!{name}", self.path.display()));
        let Some(format) = Format::of(Path::new(name)) else {
            return true;
        };
        if size > self.limit {
            self.problem(format!(
                "member {name}: {size} bytes uncompressed, over the limit ({} bytes; --max-file-mb): skipped",
                self.limit
            ));
            return true;
        }
        let mut data = Vec::new();
        let read = reader
            .take(self.limit.min(self.budget).saturating_add(1))
            .read_to_end(&mut data);
        if let Err(e) = read {
            self.problem(format!("member {name}: cannot be read: {e}"));
            return true;
        }
        if data.len() as u64 > self.budget {
            self.problem(format!(
                "the members expand past {MAX_RATIO} times the archive's size (a zip bomb?): stopped at {name}"
            ));
            return false;
        }
        if data.len() as u64 > self.limit {
            self.problem(format!(
                "member {name}: over the limit ({} bytes; --max-file-mb) uncompressed: skipped",
                self.limit
            ));
            return true;
        }
        self.budget -= data.len() as u64;
        let parsed = decode::text(&data)
            .map_err(|reason| skip(&virtual_path, reason))
            .and_then(|text| format.parse(&Context::new(&virtual_path, format), text));
        match parsed {
            Ok(file) => {
                self.out.articles.extend(file.articles);
                self.out.problems.extend(file.problems);
            }
            Err(e) => self.out.problems.push(e),
        }
        true
    }

    fn zip(&mut self, bytes: &[u8]) {
        let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            Ok(a) => a,
            Err(e) => return self.problem(format!("not a readable zip archive: {e}")),
        };
        for i in 0..archive.len() {
            let mut entry = match archive.by_index(i) {
                Ok(e) => e,
                Err(e) => {
                    self.problem(format!("zip entry {i}: cannot be read: {e}"));
                    continue;
                }
            };
            if entry.is_dir() {
                continue;
            }
            let name = match entry.name() {
                Ok(n) => n.into_owned(),
                Err(e) => {
                    self.problem(format!("zip entry {i}: unreadable name: {e}"));
                    continue;
                }
            };
            let size = entry.size();
            if !self.member(&name, size, &mut entry) {
                break;
            }
        }
    }

    fn tar(&mut self, reader: impl Read) {
        let mut archive = tar::Archive::new(reader);
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(e) => return self.problem(format!("not a readable tar archive: {e}")),
        };
        for entry in entries {
            let mut entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.problem(format!(
                        "truncated or corrupt archive: {e}; the members before it were read"
                    ));
                    break;
                }
            };
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = match entry.path() {
                Ok(p) => p.to_string_lossy().into_owned(),
                Err(e) => {
                    self.problem(format!("tar entry with an unreadable name: {e}"));
                    continue;
                }
            };
            let size = entry.header().size().unwrap_or(0);
            if !self.member(&name, size, &mut entry) {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use proptest::prelude::*;

    use super::*;

    fn zip_of(members: &[(String, String)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in members {
            out.start_file(name.as_str(), options).unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    proptest! {
        /// Any member names (`../`, unicode, no extension) and texts: no panic, and every
        /// article is named by the archive and one of its members.
        #[test]
        fn any_zip_reads_without_panic(
            members in proptest::collection::vec(("[a-z./é]{0,12}(\\.txt|\\.json|\\.md|)", "\\PC{0,200}"), 0..5)
        ) {
            let mut names = std::collections::HashSet::new();
            let members: Vec<(String, String)> =
                members.into_iter().filter(|(n, _)| names.insert(n.clone())).collect();
            let bytes = zip_of(&members);
            if let Ok(file) = parse(Path::new("a.zip"), &bytes, Container::Zip, 1 << 20) {
                for article in &file.articles {
                    prop_assert!(article.id.starts_with("a.zip!"), "{}", article.id);
                    prop_assert!(!article.body.trim().is_empty());
                }
            }
        }

        /// Any bytes gzipped, cut anywhere: no panic.
        #[test]
        fn any_gzip_cut_anywhere_reads_without_panic(text in "\\PC{0,400}", cut in 0usize..400) {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(text.as_bytes()).unwrap();
            let bytes = gz.finish().unwrap();
            let cut = cut.min(bytes.len());
            let _ = parse(Path::new("a.jsonl.gz"), &bytes[..cut], Container::Gzip, 1 << 20);
            let _ = parse(Path::new("a.tar.gz"), &bytes[..cut], Container::TarGzip, 1 << 20);
        }
    }
}
