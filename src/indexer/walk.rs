//! Which files are there to index? Walks the roots with walkdir (hidden entries, README files
//! and the index folder left out, symbolic link loops reported) and names each file by its
//! canonical path, the key that finds its articles again on the next run. Before anything is
//! written, checks that the roots exist and that the index folder is neither a root nor holds
//! one (an index below a root is fine: the walk leaves it out).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{SkipKind, Skipped};
use crate::article;
use crate::{Error, Result};

/// What a walk of the folders to index found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The supported files, in a stable order.
    pub files: Vec<PathBuf>,
    /// The key of each of `files` (its canonical path), in the same order.
    pub keys: Vec<String>,
    /// The entries that could not be walked, and why.
    pub problems: Vec<Skipped>,
    /// Files left out: not a supported format, or a README.
    pub ignored: u64,
    /// Folders and files that exist but could not be read (permissions, I/O errors), as
    /// canonical paths: what was indexed below them before must stay.
    pub unreadable: Vec<PathBuf>,
}

/// The supported files below `roots`, in a stable order, and the entries that could not be
/// walked. Hidden files and folders (name starting with `.`), README files and the index folder
/// are left out; a root that is a file of another format is a [`SkipKind::LeftOut`] problem
/// (below a root, such files are only counted in `ignored`).
pub fn collect_files(roots: &[PathBuf], exclude: &Path) -> Walk {
    let exclude = exclude.canonicalize().ok();
    let mut files = Vec::new();
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    let mut unreadable = Vec::new();
    let mut ignored = 0;
    let mut seen = HashSet::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let is_index = e.file_type().is_dir()
                    && exclude.is_some()
                    && e.path().canonicalize().ok() == exclude;
                !hidden && !is_index
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if e.depth() == 0 && !article::readable(e.path()) {
                        // named on the command line: say why nothing comes of it
                        problems.push(Skipped {
                            path: e.into_path(),
                            line: None,
                            reason: article::UNSUPPORTED.into(),
                            kind: SkipKind::LeftOut,
                        });
                        continue;
                    }
                    if !article::readable(e.path()) || is_readme(e.path()) {
                        ignored += 1;
                        continue;
                    }
                    let key = file_key(e.path());
                    if seen.insert(key.clone()) {
                        files.push(e.into_path());
                        keys.push(key);
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop, not followed".to_string()
                    } else {
                        unreadable.push(path.canonicalize().unwrap_or_else(|_| path.clone()));
                        match err.io_error() {
                            Some(io) => io.to_string(),
                            None => err.to_string(),
                        }
                    };
                    problems.push(Skipped {
                        path,
                        line: None,
                        reason,
                        kind: SkipKind::Error,
                    });
                }
            }
        }
    }
    Walk {
        files,
        keys,
        problems,
        ignored,
        unreadable,
    }
}

/// Whether a file is a folder's README (`README.md`, `readme.txt`): documentation about the
/// archive, not an article of it.
fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// Checks that every root exists, before any index is touched.
pub fn check_roots(roots: &[PathBuf]) -> Result<()> {
    for root in roots {
        std::fs::metadata(root).map_err(|source| Error::ReadFile {
            path: root.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Checks that the index path is not a file, and that the index folder is not one of `roots`
/// (its articles would be left out with it) nor holds one; an index below a root is fine (the
/// walk leaves it out). Returns whether it is below a root. Nothing is written.
pub fn check_index_path(roots: &[PathBuf], index: &Path) -> Result<bool> {
    if index.exists() && !index.is_dir() {
        return Err(Error::InvalidRequest {
            flag: "--index".into(),
            reason: format!(
                "{} is a file: give a folder (it is created when missing)",
                index.display()
            ),
        });
    }
    let index_abs = absolute(index);
    let mut inside = false;
    for root in roots {
        let root_abs = absolute(root);
        if root_abs.starts_with(&index_abs) {
            let reason = if root_abs == index_abs {
                format!(
                    "{} is also a folder to index: give the index a folder outside it, or a new subfolder such as {}",
                    index.display(),
                    root.join("index").display()
                )
            } else {
                format!(
                    "{} is inside the index folder {}: give the index a folder outside it",
                    root.display(),
                    index.display()
                )
            };
            return Err(Error::InvalidRequest {
                flag: "--index".into(),
                reason,
            });
        }
        inside |= index_abs.starts_with(&root_abs);
    }
    Ok(inside)
}

/// `path` made absolute with symbolic links resolved, as far as it exists (an index folder
/// may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(found) = at.canonicalize() {
            return rest.iter().rev().fold(found, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// The key that names a file across runs: its canonical path.
pub(super) fn file_key(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}
