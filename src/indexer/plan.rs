//! What changed since the last commit? Reads back the files the index holds articles of (with
//! the size, mtime and hash each had), decides for each walked file whether it is unchanged or
//! must be read and analyzed again, and finds the files indexed before that are gone from the
//! walked folders. The first step of the run after the walk; [`super::analyze`] runs
//! [`plan_file`] on every file and [`super::writer`] acts on its [`Work`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::Analyzed;
use super::analyze::analyze_articles;
use crate::article::{self, ReadOptions};
use crate::extract::Recognizer;
use crate::schema;
use crate::{Error, Result};

/// A file as it was when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileState {
    /// Size in bytes.
    pub(super) size: u64,
    /// Modification time, nanoseconds since the epoch (0 when unknown).
    pub(super) mtime: i64,
    /// xxh3 of the bytes (0 when not read).
    pub(super) hash: u64,
}

/// What to do with one walked file.
pub(super) enum Work {
    /// Same size and time, or same bytes, as when it was indexed.
    Unchanged,
    /// New or changed: its articles, to replace those of `key` (a part of them, for a file
    /// written in parts).
    Index {
        key: String,
        state: FileState,
        result: Result<(Vec<Analyzed>, Vec<Error>)>,
        part: Part,
    },
}

/// Which part of a file's articles a [`Work::Index`] holds: a file read as a stream is written in
/// parts, so that one part of its pages is held at a time. The first part replaces the file's
/// articles; the file counts as done (and a commit may follow) after the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Part {
    pub(super) first: bool,
    pub(super) last: bool,
}

impl Part {
    /// The whole file at once.
    pub(super) const WHOLE: Part = Part {
        first: true,
        last: true,
    };
}

/// What [`plan_file`] found: work for the writer, or a file to read as a stream, in parts.
pub(super) enum Planned {
    Work(Work),
    /// A changed file read as a stream ([`article::stream_file`]), from the file.
    Stream {
        key: String,
        state: FileState,
    },
}

/// Decides whether a file changed since it was indexed, and reads it when it did.
pub(super) fn plan_file(
    path: &Path,
    key: String,
    known: &HashMap<String, FileState>,
    reextract: bool,
    read: &ReadOptions,
    recognizer: &dyn Recognizer,
) -> Planned {
    let meta = std::fs::metadata(path).ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let mtime = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    let before = known.get(&key).filter(|_| !reextract);
    if let Some(before) = before
        && before.size == size
        && before.mtime == mtime
        && mtime != 0
    {
        return Planned::Work(Work::Unchanged);
    }
    // A web archive or a large JSON Lines file is hashed as it is read, and read again a
    // record at a time when it changed: it is never held whole, whatever its size.
    if article::streams(path, read) {
        let state = |hash| FileState { size, mtime, hash };
        return match stream_hash(path) {
            Err(err) => Planned::Work(Work::Index {
                key,
                state: state(0),
                result: Err(err),
                part: Part::WHOLE,
            }),
            Ok(hash) if before.is_some_and(|before| before.hash == hash) => {
                Planned::Work(Work::Unchanged)
            }
            Ok(hash) => Planned::Stream {
                key,
                state: state(hash),
            },
        };
    }
    // Touched but maybe not changed: the content hash decides. The bytes read for it are the
    // ones parsed, so a changed file is read once.
    let bytes = match article::read_bytes(path, read) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Planned::Work(Work::Index {
                key,
                state: FileState {
                    size,
                    mtime,
                    hash: 0,
                },
                result: Err(err),
                part: Part::WHOLE,
            });
        }
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if before.is_some_and(|before| before.hash == hash) {
        return Planned::Work(Work::Unchanged);
    }
    let state = FileState { size, mtime, hash };
    let result = article::parse_bytes_with(path, &bytes, read)
        .map(|file| analyze_articles(file, recognizer));
    Planned::Work(Work::Index {
        key,
        state,
        result,
        part: Part::WHOLE,
    })
}

/// The xxh3 of a file's bytes, read a block at a time (the same as of the bytes whole).
fn stream_hash(path: &Path) -> Result<u64> {
    use std::io::Read;
    let read_error = |source| Error::ReadFile {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(read_error)?;
        if n == 0 {
            return Ok(hasher.digest());
        }
        hasher.update(&buf[..n]);
    }
}

/// The files the index holds articles of, as they were when indexed.
pub(super) fn known_files(index: &tantivy::Index) -> tantivy::Result<HashMap<String, FileState>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str(schema::FILE)? else {
            continue;
        };
        let sizes = fast.u64(schema::FILE_SIZE)?;
        let mtimes = fast.i64(schema::FILE_MTIME)?;
        let hashes = fast.u64(schema::FILE_HASH)?;
        // The segment's file names in ordinal order, read in one pass over the dictionary: one
        // look-up an article would decompress a dictionary block each time.
        let mut names = Vec::with_capacity(files.num_terms());
        let mut stream = files.dictionary().stream()?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            let Some(key) = files
                .term_ords(doc)
                .next()
                .and_then(|ord| names.get(ord as usize))
            else {
                continue;
            };
            if !known.contains_key(key) {
                known.insert(
                    key.clone(),
                    FileState {
                        size: sizes.first(doc).unwrap_or(0),
                        mtime: mtimes.first(doc).unwrap_or(0),
                        hash: hashes.first(doc).unwrap_or(0),
                    },
                );
            }
        }
    }
    Ok(known)
}

/// Files indexed before, below the roots, that this walk did not find (`walked` holds the keys
/// it found): gone, unless they are in a folder this walk could not read (they may well be
/// there still).
pub(super) fn gone_files<'a>(
    roots: &[PathBuf],
    known: &'a HashMap<String, FileState>,
    walked: &[String],
    unreadable: &[PathBuf],
) -> Vec<&'a String> {
    let walked: HashSet<&String> = walked.iter().collect();
    let canonical_roots: Vec<PathBuf> =
        roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
    known
        .keys()
        .filter(|key| {
            let below_a_root = canonical_roots
                .iter()
                .any(|r| Path::new(key).starts_with(r));
            let unknown = unreadable.iter().any(|u| Path::new(key).starts_with(u));
            below_a_root && !walked.contains(key) && !unknown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_hash_is_the_hash_of_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            stream_hash(&path).unwrap(),
            xxhash_rust::xxh3::xxh3_64(&bytes)
        );
    }
}
