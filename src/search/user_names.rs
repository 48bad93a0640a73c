//! What has the user said about names? An aliases file merges names the index cannot tell are
//! one entity ("USDA" and "U.S. Agriculture Department"); a hide list drops noise ("Reuter",
//! "Image") from entity counts and reports. Both are read when a request runs, so a change
//! takes effect without indexing again.
//!
//! - `aliases.tsv` in the index folder, or `--aliases FILE`: one `canonical<TAB>variant` a
//!   line; the canonical name is what `entities` shows, the variant merges into it.
//! - `hide.txt` in the index folder, or `--hide FILE`: one name a line.
//!
//! Names are compared by their key (`extract::name_key`: case, accents, dots and spellings
//! aside), for every entity type. Blank lines and lines starting with `#` are skipped; any other
//! line that is not understood is an error naming its file and line.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::extract::name_key;
use crate::{Error, Result};

/// The file name of the aliases file in an index folder.
pub const ALIASES_FILE: &str = "aliases.tsv";
/// The file name of the hide list in an index folder.
pub const HIDE_FILE: &str = "hide.txt";

/// The user's aliases and hidden names, by key.
#[derive(Debug, Default, Clone)]
pub(crate) struct UserNames {
    /// Key of a variant or a canonical name → (key, display name) of its canonical name.
    merge: HashMap<String, (String, String)>,
    /// Keys of the hidden names.
    hide: HashSet<String>,
}

/// The data lines of a file with their 1-based line numbers.
fn lines(path: &Path) -> Result<Vec<(usize, String)>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::ReadFile {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r').to_owned()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect())
}

/// The key of a name on line `line` of `path`, or an error when it has nothing to match.
fn key_of(path: &Path, line: usize, name: &str) -> Result<String> {
    let key = name_key(name);
    if key.is_empty() {
        return Err(Error::NameList {
            path: path.to_path_buf(),
            line,
            reason: format!("'{}' has no letters or digits to match a name", name.trim()),
        });
    }
    Ok(key)
}

impl UserNames {
    /// Reads an aliases file.
    pub(crate) fn read_aliases(&mut self, path: &Path) -> Result<()> {
        for (line, text) in lines(path)? {
            let Some((canonical, variant)) = text.split_once('\t') else {
                return Err(Error::NameList {
                    path: path.to_path_buf(),
                    line,
                    reason: "expected `canonical<TAB>variant`: no tab on the line".into(),
                });
            };
            let (canonical, variant) = (canonical.trim(), variant.trim());
            let c = key_of(path, line, canonical)?;
            let v = key_of(path, line, variant)?;
            // a canonical name that is itself a variant of another merges into that one
            let (c, display) = self
                .merge
                .get(&c)
                .cloned()
                .unwrap_or((c, canonical.to_owned()));
            self.merge.insert(v, (c.clone(), display.clone()));
            self.merge.entry(c.clone()).or_insert((c, display));
        }
        Ok(())
    }

    /// Reads a hide list.
    pub(crate) fn read_hide(&mut self, path: &Path) -> Result<()> {
        for (line, text) in lines(path)? {
            let key = key_of(path, line, &text)?;
            self.hide.insert(key);
        }
        Ok(())
    }

    /// The lists for a request on the index at `index`: the files given (`aliases`, `hide`),
    /// else those of the index folder when it has them.
    pub(crate) fn load(index: &Path, aliases: Option<&Path>, hide: Option<&Path>) -> Result<Self> {
        let mut out = UserNames::default();
        let pick = |given: Option<&Path>, name: &str| -> Option<PathBuf> {
            given
                .map(Path::to_path_buf)
                .or_else(|| Some(index.join(name)).filter(|p| p.is_file()))
        };
        if let Some(path) = pick(aliases, ALIASES_FILE) {
            out.read_aliases(&path)?;
        }
        if let Some(path) = pick(hide, HIDE_FILE) {
            out.read_hide(&path)?;
        }
        Ok(out)
    }

    /// The key and display name of the canonical name `key` merges into, if the aliases name it.
    pub(crate) fn canonical(&self, key: &str) -> Option<&(String, String)> {
        self.merge.get(key)
    }

    /// The keys of every name that merges into canonical key `canonical` (itself included).
    pub(crate) fn names_of(&self, canonical: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .merge
            .iter()
            .filter(|(_, (c, _))| c == canonical)
            .map(|(v, _)| v.as_str())
            .collect();
        out.sort_unstable();
        out
    }

    /// Whether the name of key `key` is hidden.
    pub(crate) fn hidden(&self, key: &str) -> bool {
        self.hide.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_merge_by_key_and_bad_lines_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aliases.tsv");
        std::fs::write(
            &path,
            "# mine\nUSDA\tU.S. Agriculture Department\n\nUSDA\tDepartment of Agriculture\n",
        )
        .unwrap();
        let mut names = UserNames::default();
        names.read_aliases(&path).unwrap();
        let usda = names
            .canonical(&name_key("us agriculture department"))
            .unwrap();
        assert_eq!(usda, &("usda".to_owned(), "USDA".to_owned()));
        assert_eq!(
            names.names_of("usda"),
            [
                "agriculture department",
                "us agriculture department",
                "usda"
            ]
        );
        std::fs::write(&path, "USDA\tUSDA Good\nUSDA only\n").unwrap();
        let err = UserNames::default().read_aliases(&path).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("aliases.tsv:2: expected `canonical<TAB>variant`: no tab on the line"),
            "{err}"
        );
        std::fs::write(&path, "Reuter\n...\n").unwrap();
        let err = UserNames::default().read_hide(&path).unwrap_err();
        assert!(
            err.to_string()
                .contains("aliases.tsv:2: '...' has no letters"),
            "{err}"
        );
    }
}
